/*
 * "apic": the local APIC of one x86 CPU (xAPIC version 0x14, six LVT
 * entries), with the x2APIC MSR view, and the "APIC bus" that connects the
 * local APICs of a machine to each other, to the I/O APIC and to MSIs.
 *
 * CPU side: the APIC has no link to target/.  Its GPIO outputs are
 * APIC_OUT_INTR (a level: a maskable interrupt is ready for
 * apic_get_interrupt()), and pulses for NMI, INIT and SIPI (the SIPI
 * vector is apic_get_sipi_vector()).  apic_connect_cpu() wires them to the
 * CPU's interrupt_request bits (HARD, NMI, INIT, SIPI).  The two GPIO
 * inputs are LINT0 and LINT1; on a PC the i8259's INT goes to LINT0 of the
 * boot CPU, whose LVT starts in ExtINT mode ("virtual wire"); an ExtINT
 * acknowledge then asks the hook of apic_set_extint_ack() (pic_read_irq).
 *
 * Register accesses take the APIC explicitly; a machine's 1 MiB window at
 * 0xfee00000 (apic_bus_window_init) sends CPU accesses to the APIC the
 * bus's current-APIC hook names and turns device writes into MSIs.
 *
 * The APIC timer counts the virtual clock at 1 GHz before its divider.
 * The TSC-deadline MSR compares with the CPU's TSC as
 * apic_set_tsc_source() gives it (default: virtual ns, 1 GHz).
 *
 * Everything here runs under the big lock.
 */
#ifndef HW_INTC_APIC_H
#define HW_INTC_APIC_H

#include "hw/sysbus.h"
#include "hw/core/cpu.h"
#include "hw/intc/ioapic.h"

#define TYPE_APIC "apic"
#define APIC_DEFAULT_ADDR 0xfee00000ULL
#define APIC_MMIO_SIZE 0x1000
#define APIC_MSI_WINDOW_SIZE 0x100000

/* GPIO outputs. */
enum {
    APIC_OUT_INTR,
    APIC_OUT_NMI,
    APIC_OUT_INIT,
    APIC_OUT_SIPI,
    APIC_NUM_OUTPUTS
};

/* GPIO inputs. */
enum { APIC_LINT0, APIC_LINT1 };

/* IA32_APIC_BASE bits. */
#define MSR_IA32_APICBASE           0x1b
#define MSR_IA32_APICBASE_BSP       (1ULL << 8)
#define MSR_IA32_APICBASE_EXTD      (1ULL << 10)   /* x2APIC mode */
#define MSR_IA32_APICBASE_ENABLE    (1ULL << 11)
#define MSR_IA32_TSC_DEADLINE       0x6e0
#define MSR_X2APIC_FIRST            0x800
#define MSR_X2APIC_LAST             0x8ff

/* Delivery modes of ICR, LVT entries and MSI data. */
enum {
    APIC_DM_FIXED = 0,
    APIC_DM_LOWEST = 1,
    APIC_DM_SMI = 2,
    APIC_DM_NMI = 4,
    APIC_DM_INIT = 5,
    APIC_DM_SIPI = 6,
    APIC_DM_EXTINT = 7,
};

typedef struct APICBus APICBus;
/* An EOI of vector; level: it was level-triggered (its TMR bit set). */
typedef void APICEOIFn(void *opaque, uint8_t vector, bool level);

APICBus *apic_bus_new(void);
/* The APICs must be gone first. */
void apic_bus_free(APICBus *bus);
/*
 * Where EOIs go (the I/O APIC): the level-triggered ones, which real APICs
 * broadcast, and the edge-triggered ones, which the I/O APIC turns into
 * acknowledgments for devices that reinject missed interrupts.
 */
void apic_bus_set_eoi_handler(APICBus *bus, APICEOIFn *fn, void *opaque);
/*
 * Both directions with an I/O APIC: its messages reach the bus, the
 * APICs' level-triggered EOIs reach ioapic_eoi_broadcast() and their
 * edge-triggered ones ioapic_eoi_edge().
 */
void apic_bus_connect_ioapic(APICBus *bus, DeviceState *ioapic);
/* The IOAPICDeliverFn half of that, with the APICBus as opaque. */
void apic_bus_ioapic_deliver(void *bus, const IOAPICMessage *msg);

/*
 * One interrupt message on the bus.  dest is an APIC ID (physical) or a
 * logical destination; 0xff (xAPIC) and 0xffffffff (x2APIC) broadcast.
 */
typedef struct APICMessage {
    uint32_t dest;
    bool dest_logical;
    uint8_t delivery_mode;      /* APIC_DM_* */
    uint8_t vector;
    bool level_triggered;
} APICMessage;
void apic_bus_deliver(APICBus *bus, const APICMessage *msg);

/*
 * An Intel-format MSI: address 0xfeeDDxxx (bits 19:12 destination ID,
 * bit 2 logical destination mode), data bits 7:0 vector, 10:8 delivery
 * mode, 15 level trigger.  A bad address is logged and dropped.
 */
void apic_deliver_msi(APICBus *bus, uint64_t addr, uint32_t data);

/*
 * The 1 MiB window at 0xfee00000: reads and writes at offsets 0x10-0xfff
 * by a CPU with an APIC (the current hook) reach its registers; any other
 * write is an MSI (dest 0, physical, is offset 0, a reserved register).
 */
void apic_bus_window_init(APICBus *bus, MemoryRegion *mr, const char *owner);

/* A realized APIC with ID id on bus; bsp: the boot CPU's. */
DeviceState *apic_create(APICBus *bus, uint32_t id, bool bsp);
/* Wire the outputs to cpu's interrupt_request bits. */
void apic_connect_cpu(DeviceState *dev, CPUState *cpu);
/* The ExtINT acknowledge (the PIC's INTA cycle); returns the vector. */
void apic_set_extint_ack(DeviceState *dev, int (*fn)(void *opaque),
                         void *opaque);
/* The TSC now (e.g. virtual ns + the CPU's TSC offset), ticking at hz. */
typedef uint64_t APICTSCFn(void *opaque);
void apic_set_tsc_source(DeviceState *dev, APICTSCFn *now, void *opaque,
                         uint64_t hz);
uint32_t apic_get_id(DeviceState *dev);

/* An interrupt is ready: a vector above the PPR's class, or an ExtINT. */
bool apic_has_interrupt(DeviceState *dev);
/*
 * The INTA cycle: the highest deliverable vector moves from IRR to ISR,
 * else an ExtINT asks the PIC; returns the vector, -1 if none.
 */
int apic_get_interrupt(DeviceState *dev);
/* The same as an INTA callback taking the APIC as opaque. */
int apic_intack(void *apic);
/* The vector of the last SIPI (the CPU starts at vector << 12). */
uint8_t apic_get_sipi_vector(DeviceState *dev);

/* xAPIC registers, offset in the 4 KiB page; 32-bit accesses only. */
uint32_t apic_mmio_read(DeviceState *dev, hwaddr offset);
void apic_mmio_write(DeviceState *dev, hwaddr offset, uint32_t val);

/*
 * MSRs IA32_APIC_BASE, IA32_TSC_DEADLINE and x2APIC 0x800-0x8ff.
 * false: the access faults (#GP) — no such register, wrong mode,
 * reserved bits.
 */
bool apic_msr_read(DeviceState *dev, uint32_t msr, uint64_t *val);
bool apic_msr_write(DeviceState *dev, uint32_t msr, uint64_t val);

#endif
