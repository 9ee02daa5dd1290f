/*
 * The pc board's interrupt wiring (docs/devel/x86-pc-platform.md, steps
 * 1-5): a local APIC per CPU on one APIC bus, the bus's 1 MiB window at
 * 0xfee00000 (CPU register accesses and MSIs), the I/O APIC at
 * 0xfec00000, the i8259 pair on LINT0 of the boot CPU (virtual wire), and
 * ISA IRQ n on 8259 input n and I/O APIC pin n (IRQ0 on pin 2).
 */
#include "kemu/osdep.h"
#include "hw/irq.h"
#include "hw/intc/i8259.h"
#include "hw/intc/ioapic.h"
#include "exec/memory.h"
#include "target/i386/x86-boot.h"
#include "system/kvm.h"
#include "pc-internal.h"

/* The MADT's interrupt source override: IRQ0 is GSI 2. */
static int pc_isa_gsi(int isa_irq)
{
    return isa_irq == 0 ? 2 : isa_irq;
}

static void pc_isa_irq(void *opaque, int n, int level)
{
    PCMachine *pc = opaque;

    qemu_set_irq(qdev_get_gpio_in(pc->pic, n), level);
    qemu_set_irq(qdev_get_gpio_in(pc->ioapic, pc_isa_gsi(n)), level);
}

void pc_isa_irq_connect_ack(PCMachine *pc, int n, qemu_irq ack,
                            qemu_irq unmask)
{
    qdev_connect_gpio_out_named(pc->pic, "ack", n, ack);
    qdev_connect_gpio_out_named(pc->ioapic, "ack", pc_isa_gsi(n), ack);
    qdev_connect_gpio_out_named(pc->pic, "unmask", n, unmask);
    qdev_connect_gpio_out_named(pc->ioapic, "unmask", pc_isa_gsi(n), unmask);
}

static int pc_pic_ack(void *opaque)
{
    return pic_read_irq(I8259(opaque));
}

static bool pc_apic_msr_read(void *opaque, uint32_t msr, uint64_t *val)
{
    return apic_msr_read(opaque, msr, val);
}

static bool pc_apic_msr_write(void *opaque, uint32_t msr, uint64_t val)
{
    return apic_msr_write(opaque, msr, val);
}

static uint64_t pc_apic_tsc(void *opaque)
{
    return x86_cpu_get_tsc(opaque);
}

static uint8_t pc_sipi_vector(void *opaque)
{
    return apic_get_sipi_vector(opaque);
}

void pc_irq_init(PCMachine *pc)
{
    pc->apic_bus = apic_bus_new();
    for (unsigned i = 0; i < pc->ncpus; i++) {
        DeviceState *apic = apic_create(pc->apic_bus, i, i == 0);
        CPUState *cpu = pc->cpu[i];

        apic_connect_cpu(apic, cpu);
        x86_cpu_set_intack(cpu, apic_intack, apic);
        x86_cpu_set_msr_hook(cpu, pc_apic_msr_read, pc_apic_msr_write,
                             apic);
        apic_set_tsc_source(apic, pc_apic_tsc, cpu, 1000000000);
        if (i) {
            x86_cpu_set_ap(cpu, pc_sipi_vector, apic);
        }
        pc->apic[i] = apic;
    }
    apic_bus_window_init(pc->apic_bus, &pc->apic_window, "pc");
    memory_region_add_subregion_overlap(get_system_memory(),
                                        APIC_DEFAULT_ADDR, &pc->apic_window,
                                        1);

    pc->ioapic = ioapic_create(IOAPIC_DEFAULT_ADDR);
    apic_bus_connect_ioapic(pc->apic_bus, pc->ioapic);

    pc->pic = i8259_create(get_system_io(),
                           qdev_get_gpio_in(pc->apic[0], APIC_LINT0));
    apic_set_extint_ack(pc->apic[0], pc_pic_ack, pc->pic);
    for (int i = 0; i < PC_NUM_ISA_IRQS; i++) {
        pc->isa_irq[i] = qemu_allocate_irq(pc_isa_irq, pc, i);
    }
}

/* ---- the kernel's irqchip (KVM) ---- */

static void pc_kvm_irq(void *opaque, int gsi, int level)
{
    kvm_set_irq(gsi, level);
}

qemu_irq pc_kernel_irq(int gsi)
{
    return qemu_allocate_irq(pc_kvm_irq, NULL, gsi);
}

/* Device writes to the APIC window are MSIs; CPU accesses stay in-kernel. */
static uint64_t pc_msi_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void pc_msi_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    kvm_signal_msi(APIC_DEFAULT_ADDR + addr, val);
}

static const MemoryRegionOps pc_msi_ops = {
    .read = pc_msi_read,
    .write = pc_msi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

void pc_irq_init_kernel(PCMachine *pc)
{
    pc->kernel_irqchip = true;
    /* The kernel's local APICs deliver INIT and SIPI. */
    for (unsigned i = 1; i < pc->ncpus; i++) {
        x86_cpu_set_ap(pc->cpu[i], NULL, NULL);
    }
    memory_region_init_io(&pc->apic_window, "pc", &pc_msi_ops, NULL,
                          "msi", 1 << 20);
    memory_region_add_subregion_overlap(get_system_memory(),
                                        APIC_DEFAULT_ADDR, &pc->apic_window,
                                        1);
    for (int i = 0; i < PC_NUM_ISA_IRQS; i++) {
        pc->isa_irq[i] = pc_kernel_irq(i);
    }
}
