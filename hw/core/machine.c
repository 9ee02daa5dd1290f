/*
 * The board registry and the creation of the machine.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/boards.h"
#include "system/accel.h"

static GPtrArray *machines;         /* const MachineClass *, registration order */
static MachineState *the_machine;

void machine_register(const MachineClass *mc)
{
    if (!machines) {
        machines = g_ptr_array_new();
    }
    g_ptr_array_add(machines, (gpointer)mc);
}

static bool machine_fits_arch(const MachineClass *mc, const char *arch)
{
    return !arch || !mc->arch || !strcmp(mc->arch, arch);
}

static bool arch_configured(const char *arch)
{
    const char *const *arches = kemu_configured_arches();

    for (int i = 0; arches[i]; i++) {
        if (!strcmp(arches[i], arch)) {
            return true;
        }
    }
    return false;
}

static bool machine_usable(const MachineClass *mc, const char *arch)
{
    return machine_fits_arch(mc, arch) && (!mc->arch || arch_configured(mc->arch));
}

const MachineClass *machine_find(const char *name, const char *arch)
{
    for (guint i = 0; machines && i < machines->len; i++) {
        const MachineClass *mc = g_ptr_array_index(machines, i);
        if (!strcmp(mc->name, name) && machine_usable(mc, arch)) {
            return mc;
        }
    }
    return NULL;
}

const MachineClass *machine_default_for(const char *arch)
{
    for (guint i = 0; arch && machines && i < machines->len; i++) {
        const MachineClass *mc = g_ptr_array_index(machines, i);
        if (mc->is_default && mc->arch && !strcmp(mc->arch, arch)) {
            return mc;
        }
    }
    return NULL;
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    const MachineClass *ma = *(const MachineClass *const *)a;
    const MachineClass *mb = *(const MachineClass *const *)b;

    return strcmp(ma->name, mb->name);
}

void machine_print_list(GString *out, const char *arch)
{
    g_autoptr(GPtrArray) sorted = g_ptr_array_new();

    for (guint i = 0; machines && i < machines->len; i++) {
        const MachineClass *mc = g_ptr_array_index(machines, i);
        if (machine_usable(mc, arch)) {
            g_ptr_array_add(sorted, (gpointer)mc);
        }
    }
    g_ptr_array_sort(sorted, compare_names);
    g_string_append(out, "Supported machines are:\n");
    for (guint i = 0; i < sorted->len; i++) {
        const MachineClass *mc = g_ptr_array_index(sorted, i);
        g_autofree char *arch_note =
            !arch && mc->arch ? g_strdup_printf(" [%s]", mc->arch) : g_strdup("");
        g_string_append_printf(out, "%-20s %s%s%s\n", mc->name, mc->desc,
                               mc->is_default && arch ? " (default)" : "",
                               arch_note);
    }
}

/* -machine properties of every board. */
static const char *const common_props[] = { "mem-merge", NULL };

static bool machine_has_prop(const MachineClass *mc, const char *name)
{
    for (int i = 0; common_props[i]; i++) {
        if (!strcmp(common_props[i], name)) {
            return true;
        }
    }
    for (int i = 0; mc->props && mc->props[i]; i++) {
        if (!strcmp(mc->props[i], name)) {
            return true;
        }
    }
    return false;
}

static bool machine_check_config(const MachineClass *mc, const KemuConfig *cfg,
                                 Error **errp)
{
    for (size_t i = 0; i < keyval_count(cfg->machine_opts); i++) {
        const char *key = keyval_key(cfg->machine_opts, i);
        if (!machine_has_prop(mc, key)) {
            error_setg(errp, "-machine: machine '%s' has no property '%s'",
                       mc->name, key);
            return false;
        }
    }
    if (mc->max_cpus == 0 && cfg->smp.cpus > 1) {
        error_setg(errp, "-smp: machine '%s' has no CPUs", mc->name);
        return false;
    }
    if (mc->max_cpus == 0 && cfg->cpu_model) {
        error_setg(errp, "-cpu: machine '%s' has no CPUs", mc->name);
        return false;
    }
    if (mc->max_cpus && cfg->smp.maxcpus > mc->max_cpus) {
        error_setg(errp, "-smp: maxcpus (%u) exceeds the maximum of machine "
                   "'%s' (%u)", cfg->smp.maxcpus, mc->name, mc->max_cpus);
        return false;
    }
    return true;
}

/* The board's RAM with -mem-path, -mem-prealloc and mem-merge (default on). */
static bool machine_init_ram(MachineState *ms, Error **errp)
{
    const KemuConfig *cfg = ms->cfg;
    RAMBackendOptions opts = {
        .mem_path = cfg->mem_path,
        .prealloc = cfg->mem_prealloc,
        .merge = true,
    };

    if (!keyval_get_bool(cfg->machine_opts, "mem-merge", &opts.merge, errp)) {
        return false;
    }
    if (!memory_region_init_ram_backed(&ms->ram, "machine", "ram",
                                       ms->ram_size, &opts, errp)) {
        if (!cfg->mem_path && !cfg->mem_prealloc) {
            error_prepend(errp, "-m: ");
        }
        return false;
    }
    return true;
}

MachineState *machine_create(const MachineClass *mc, const KemuConfig *cfg,
                             Error **errp)
{
    MachineState *ms;
    bool ok;

    assert(!the_machine);
    if (!machine_check_config(mc, cfg, errp)) {
        return NULL;
    }
    ms = g_new0(MachineState, 1);
    ms->mc = mc;
    ms->cfg = cfg;
    ms->ram_size = cfg->ram_size ? cfg->ram_size : mc->default_ram_size;
    if (ms->ram_size && !machine_init_ram(ms, errp)) {
        g_free(ms);
        return NULL;
    }
    /* The accelerator comes first: the board's CPUs start on it. */
    if (mc->max_cpus || cfg->accel) {
        const AccelOps *accel = accel_select(cfg->accel, mc->arch, errp);
        if (!accel || !accel_init_machine(accel, ms, cfg->accel_opts, errp)) {
            return NULL;
        }
    }
    ok = mc->init(ms, errp);
    if (!ok) {
        return NULL;        /* the process exits: nothing to unwind */
    }
    the_machine = ms;
    return ms;
}

MachineState *current_machine(void)
{
    return the_machine;
}
