/*
 * The accelerator registry and the choice of accelerator.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "system/accel.h"

static GPtrArray *accels;                   /* const AccelOps * */
static const AccelOps *running_accel;

void accel_register(const AccelOps *ops)
{
    if (!accels) {
        accels = g_ptr_array_new();
    }
    g_ptr_array_add(accels, (gpointer)ops);
}

const AccelOps *accel_find(const char *name)
{
    for (guint i = 0; accels && i < accels->len; i++) {
        const AccelOps *ops = g_ptr_array_index(accels, i);
        if (!strcmp(ops->name, name)) {
            return ops;
        }
    }
    return NULL;
}

const AccelOps *accel_select(const char *requested, const char *arch,
                             Error **errp)
{
    const AccelOps *ops;
    const char *const defaults[] = { "kvm", "tcg" };

    if (requested) {
        ops = accel_find(requested);
        if (!ops) {
            error_setg(errp, "-accel %s: not supported yet", requested);
            return NULL;
        }
        if (!ops->available(arch, errp)) {
            error_prepend(errp, "-accel %s: ", requested);
            return NULL;
        }
        return ops;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(defaults); i++) {
        ops = accel_find(defaults[i]);
        if (ops && (!ops->default_ok || ops->default_ok(arch)) &&
            ops->available(arch, NULL)) {
            return ops;
        }
    }
    error_setg(errp, "no accelerator can run %s guests in this build", arch);
    return NULL;
}

bool accel_init_machine(const AccelOps *ops, MachineState *ms, Keyval *opts,
                        Error **errp)
{
    assert(!running_accel);
    if (ops->init_machine && !ops->init_machine(ms, opts, errp)) {
        return false;
    }
    running_accel = ops;
    return true;
}

const AccelOps *current_accel(void)
{
    return running_accel;
}

void accel_print_list(GString *out)
{
    g_string_append(out, "Accelerators supported in Kemu binary:\n");
    for (guint i = 0; accels && i < accels->len; i++) {
        const AccelOps *ops = g_ptr_array_index(accels, i);
        g_string_append_printf(out, "%s\n", ops->name);
    }
}
