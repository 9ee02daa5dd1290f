/*
 * TYPE_CPU: the base of every target CPU.  Realize runs the target's part,
 * puts the CPU on the CPU list and starts its vCPU thread.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "hw/core/cpu.h"
#include "system/cpus.h"

GPtrArray *cpu_list;
__thread CPUState *current_cpu;

CPUState *cpu_by_index(int index)
{
    if (!cpu_list || index < 0 || (guint)index >= cpu_list->len) {
        return NULL;
    }
    return g_ptr_array_index(cpu_list, index);
}

static bool cpu_common_realize(DeviceState *dev, Error **errp)
{
    CPUState *cpu = CPU(dev);
    CPUClass *cc = CPU_GET_CLASS(cpu);

    if (!cpu_list) {
        cpu_list = g_ptr_array_new();
    }
    cpu->cpu_index = cpu_list->len;
    cpu->as = cpu->as ? cpu->as : &address_space_memory;
    if (cc->realize && !cc->realize(cpu, errp)) {
        return false;
    }
    g_ptr_array_add(cpu_list, cpu);
    if (!cpu_vcpu_start(cpu, errp)) {
        g_ptr_array_remove(cpu_list, cpu);
        return false;
    }
    return true;
}

void cpu_interrupt(CPUState *cpu, uint32_t mask)
{
    g_atomic_int_or(&cpu->interrupt_request, mask);
    cpu_exit(cpu);
}

void cpu_reset_interrupt(CPUState *cpu, uint32_t mask)
{
    g_atomic_int_and(&cpu->interrupt_request, ~mask);
}

void cpu_dump_state(CPUState *cpu, GString *out)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    cpu_synchronize_state(cpu);
    if (cc->dump_state) {
        cc->dump_state(cpu, out);
    }
}

char *cpu_model_type_name(const char *arch, const char *model)
{
    return g_strdup_printf("%s-%s-cpu", model, arch);
}

bool cpu_print_models(GString *out, const char *arch)
{
    g_autoptr(GSList) list = object_class_get_list(TYPE_CPU, false);
    bool any = false;

    g_string_append(out, "Available CPUs:\n");
    for (GSList *l = list; l; l = l->next) {
        CPUClass *cc = CPU_CLASS(l->data);
        const char *name = object_class_get_name(l->data);
        g_autofree char *suffix = g_strdup_printf("-%s-cpu", cc->arch);

        if ((arch && strcmp(arch, cc->arch)) || !g_str_has_suffix(name, suffix)) {
            continue;
        }
        g_string_append_printf(out, "  %.*s", (int)(strlen(name) - strlen(suffix)),
                               name);
        g_string_append_printf(out, arch ? "\n" : " [%s]\n", cc->arch);
        any = true;
    }
    return any;
}

bool cpu_memory_rw_debug(CPUState *cpu, uint64_t addr, uint8_t *buf,
                         size_t len, bool is_write)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    if (cc->memory_rw_debug) {
        return cc->memory_rw_debug(cpu, addr, buf, len, is_write);
    }
    if (is_write) {
        return address_space_write_rom(cpu->as, addr, buf, len) == MEMTX_OK;
    }
    return address_space_read(cpu->as, addr, buf, len) == MEMTX_OK;
}

static int breakpoint_index(CPUState *cpu, uint64_t addr)
{
    for (guint i = 0; cpu->breakpoints && i < cpu->breakpoints->len; i++) {
        if (g_array_index(cpu->breakpoints, uint64_t, i) == addr) {
            return i;
        }
    }
    return -1;
}

bool cpu_breakpoint_test(CPUState *cpu, uint64_t addr)
{
    return breakpoint_index(cpu, addr) >= 0;
}

bool cpu_breakpoint_insert(CPUState *cpu, uint64_t addr)
{
    if (!cpu->breakpoints) {
        cpu->breakpoints = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    }
    if (breakpoint_index(cpu, addr) < 0) {
        g_array_append_val(cpu->breakpoints, addr);
    }
    return true;
}

bool cpu_breakpoint_remove(CPUState *cpu, uint64_t addr)
{
    int i = breakpoint_index(cpu, addr);

    if (i < 0) {
        return false;
    }
    g_array_remove_index_fast(cpu->breakpoints, i);
    return true;
}

void cpu_breakpoint_remove_all(CPUState *cpu)
{
    if (cpu->breakpoints) {
        g_array_set_size(cpu->breakpoints, 0);
    }
}

static bool cpu_common_has_work(CPUState *cpu)
{
    return false;
}

static void cpu_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = cpu_common_realize;
    dc->category = DEVICE_CATEGORY_CPU;
    CPU_CLASS(klass)->has_work = cpu_common_has_work;
}

static const TypeInfo cpu_type_info = {
    .name = TYPE_CPU,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CPUState),
    .class_size = sizeof(CPUClass),
    .class_init = cpu_class_init,
    .abstract = true,
};

static void cpu_register_types(void)
{
    type_register_static(&cpu_type_info);
}
type_init(cpu_register_types)
