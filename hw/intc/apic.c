/*
 * Local APIC: IRR/ISR/TMR with priority classes, the INTA cycle, EOI,
 * local interrupts (LINT0/1), the ICR, and the device itself.  The
 * register decoders are in apic_regs.c, the timer in apic_timer.c, the
 * bus and MSIs in apic_bus.c.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "hw/irq.h"
#include "apic_internal.h"

#define ICR_LOGICAL         (1u << 11)
#define ICR_ASSERT          (1u << 14)
#define ICR_LEVEL           (1u << 15)
#define ICR_SHORTHAND(v)    (((v) >> 18) & 3)
enum { SH_NONE, SH_SELF, SH_ALL, SH_OTHERS };

bool apic_is_x2apic(const APICState *s)
{
    return s->apicbase & MSR_IA32_APICBASE_EXTD;
}

bool apic_hw_enabled(const APICState *s)
{
    return s->apicbase & MSR_IA32_APICBASE_ENABLE;
}

bool apic_sw_enabled(const APICState *s)
{
    return s->svr & SVR_ENABLE;
}

static int highest_bit(const uint32_t *bits)
{
    for (int i = 7; i >= 0; i--) {
        if (bits[i]) {
            return i * 32 + 31 - __builtin_clz(bits[i]);
        }
    }
    return -1;
}

static void set_bit256(uint32_t *bits, int n, bool on)
{
    if (on) {
        bits[n / 32] |= 1u << (n % 32);
    } else {
        bits[n / 32] &= ~(1u << (n % 32));
    }
}

static bool test_bit256(const uint32_t *bits, int n)
{
    return bits[n / 32] & (1u << (n % 32));
}

uint8_t apic_ppr(const APICState *s)
{
    int isrv = highest_bit(s->isr);

    if (isrv < 0 || (s->tpr & 0xf0) >= (isrv & 0xf0)) {
        return s->tpr;
    }
    return isrv & 0xf0;
}

/* The vector an INTA cycle would take, or -1. */
static int deliverable_vector(const APICState *s)
{
    int irrv = highest_bit(s->irr);

    if (!apic_hw_enabled(s) || !apic_sw_enabled(s) || irrv < 0 ||
        (irrv & 0xf0) <= (apic_ppr(s) & 0xf0)) {
        return -1;
    }
    return irrv;
}

/* LINT0 as an ExtINT line: the LVT says so, or the APIC is off (PIC mode). */
static bool extint_ready(const APICState *s)
{
    uint32_t lvt = s->lvt[LVT_LINT0];

    if (s->extint_msg) {
        return true;
    }
    if (!apic_hw_enabled(s)) {
        return s->lint_level[0];
    }
    return s->lint_level[0] && !(lvt & LVT_MASKED) &&
           LVT_DM(lvt) == APIC_DM_EXTINT;
}

void apic_update_intr(APICState *s)
{
    qemu_set_irq(s->out[APIC_OUT_INTR],
                 deliverable_vector(s) >= 0 || extint_ready(s));
}

bool apic_has_interrupt(DeviceState *dev)
{
    APICState *s = APIC(dev);

    return deliverable_vector(s) >= 0 || extint_ready(s);
}

int apic_get_interrupt(DeviceState *dev)
{
    APICState *s = APIC(dev);
    int vector = deliverable_vector(s);

    if (vector >= 0) {
        set_bit256(s->irr, vector, false);
        set_bit256(s->isr, vector, true);
    } else if (extint_ready(s)) {
        s->extint_msg = false;
        if (s->extint_ack) {
            vector = s->extint_ack(s->extint_opaque);
        } else {
            kemu_log_mask(LOG_GUEST_ERROR, "apic %u: ExtINT with no PIC\n",
                          s->id);
        }
    }
    apic_update_intr(s);
    return vector;
}

int apic_intack(void *apic)
{
    return apic_get_interrupt(apic);
}

void apic_record_error(APICState *s, uint32_t bits)
{
    uint32_t lvt = s->lvt[LVT_ERROR];

    s->esr_pending |= bits;
    if (!(lvt & LVT_MASKED)) {
        apic_accept(s, APIC_DM_FIXED, lvt & 0xff, false);
    }
}

static void reset_registers(APICState *s)
{
    s->tpr = 0;
    s->ldr = 0;
    s->dfr = 0xffffffff;
    s->svr = 0xff;
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->tmr, 0, sizeof(s->tmr));
    memset(s->irr, 0, sizeof(s->irr));
    s->esr = s->esr_pending = 0;
    s->icr_low = s->icr_high = 0;
    for (int i = 0; i < LVT_NUM; i++) {
        s->lvt[i] = LVT_MASKED;
    }
    s->extint_msg = false;
    apic_timer_reset(s);
}

/* INIT: everything but the ID and IA32_APIC_BASE, as after reset. */
void apic_init_reset(APICState *s)
{
    reset_registers(s);
    apic_update_intr(s);
}

void apic_accept(APICState *s, uint8_t delivery_mode, uint8_t vector,
                 bool level_triggered)
{
    switch (delivery_mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        if (vector < 16) {
            apic_record_error(s, ESR_RECV_ILLEGAL);
            return;
        }
        set_bit256(s->irr, vector, true);
        set_bit256(s->tmr, vector, level_triggered);
        break;
    case APIC_DM_NMI:
        qemu_irq_pulse(s->out[APIC_OUT_NMI]);
        return;
    case APIC_DM_INIT:
        apic_init_reset(s);
        qemu_irq_pulse(s->out[APIC_OUT_INIT]);
        return;
    case APIC_DM_SIPI:
        s->sipi_vector = vector;
        qemu_irq_pulse(s->out[APIC_OUT_SIPI]);
        return;
    case APIC_DM_EXTINT:
        s->extint_msg = true;
        break;
    default:
        kemu_log_mask(LOG_UNIMP, "apic %u: delivery mode %d\n", s->id,
                      delivery_mode);
        return;
    }
    apic_update_intr(s);
}

void apic_eoi(APICState *s)
{
    int isrv = highest_bit(s->isr);

    if (isrv < 0) {
        return;
    }
    set_bit256(s->isr, isrv, false);
    if (s->bus->eoi) {
        s->bus->eoi(s->bus->eoi_opaque, isrv, test_bit256(s->tmr, isrv));
    }
    apic_update_intr(s);
}

void apic_lint_set(void *opaque, int n, int level)
{
    APICState *s = opaque;
    uint32_t lvt = s->lvt[LVT_LINT0 + n];
    bool rising = level && !s->lint_level[n];

    s->lint_level[n] = level;
    if (!apic_hw_enabled(s)) {
        if (n == 1 && rising) {
            qemu_irq_pulse(s->out[APIC_OUT_NMI]);
        }
    } else if (!(lvt & LVT_MASKED) && LVT_DM(lvt) != APIC_DM_EXTINT &&
               (rising || (level && (lvt & LVT_LEVEL)))) {
        apic_accept(s, LVT_DM(lvt), lvt & 0xff, lvt & LVT_LEVEL);
    }
    apic_update_intr(s);
}

void apic_send_ipi(APICState *s)
{
    uint32_t low = s->icr_low;
    APICMessage msg = {
        .dest = apic_is_x2apic(s) ? s->icr_high : s->icr_high >> 24,
        .dest_logical = low & ICR_LOGICAL,
        .delivery_mode = LVT_DM(low),
        .vector = low & 0xff,
        .level_triggered = low & ICR_LEVEL,
    };

    if (msg.delivery_mode == APIC_DM_INIT && (low & ICR_LEVEL) &&
        !(low & ICR_ASSERT)) {
        return;                 /* INIT level de-assert: nothing to do */
    }
    if (msg.delivery_mode <= APIC_DM_LOWEST && msg.vector < 16) {
        apic_record_error(s, ESR_SEND_ILLEGAL);
        return;
    }
    if (!apic_is_x2apic(s) && msg.dest == 0xff) {
        msg.dest = APIC_BROADCAST;
    }
    switch (ICR_SHORTHAND(low)) {
    case SH_NONE:
        apic_bus_deliver(s->bus, &msg);
        break;
    case SH_SELF:
        apic_accept(s, msg.delivery_mode, msg.vector, msg.level_triggered);
        break;
    default:
        for (guint i = 0; i < s->bus->apics->len; i++) {
            APICState *d = g_ptr_array_index(s->bus->apics, i);

            if ((d != s || ICR_SHORTHAND(low) == SH_ALL) &&
                apic_hw_enabled(d)) {
                apic_accept(d, msg.delivery_mode, msg.vector,
                            msg.level_triggered);
            }
        }
        break;
    }
}

uint8_t apic_get_sipi_vector(DeviceState *dev)
{
    return APIC(dev)->sipi_vector;
}

uint32_t apic_get_id(DeviceState *dev)
{
    return APIC(dev)->id;
}

void apic_set_extint_ack(DeviceState *dev, int (*fn)(void *opaque),
                         void *opaque)
{
    APICState *s = APIC(dev);

    s->extint_ack = fn;
    s->extint_opaque = opaque;
}

void apic_set_tsc_source(DeviceState *dev, APICTSCFn *now, void *opaque,
                         uint64_t hz)
{
    APICState *s = APIC(dev);

    assert(hz);
    s->tsc_now = now;
    s->tsc_opaque = opaque;
    s->tsc_hz = hz;
}

static void cpu_line(void *opaque, int n, int level)
{
    static const uint32_t bits[APIC_NUM_OUTPUTS] = {
        [APIC_OUT_INTR] = CPU_INTERRUPT_HARD,
        [APIC_OUT_NMI] = CPU_INTERRUPT_NMI,
        [APIC_OUT_INIT] = CPU_INTERRUPT_INIT,
        [APIC_OUT_SIPI] = CPU_INTERRUPT_SIPI,
    };
    CPUState *cpu = opaque;

    if (level) {
        cpu_interrupt(cpu, bits[n]);
    } else if (n == APIC_OUT_INTR) {
        cpu_reset_interrupt(cpu, bits[n]);
    }
}

void apic_connect_cpu(DeviceState *dev, CPUState *cpu)
{
    APICState *s = APIC(dev);

    assert(!s->cpu_irqs);
    s->cpu = cpu;
    s->cpu_irqs = qemu_allocate_irqs(cpu_line, cpu, APIC_NUM_OUTPUTS);
    for (int i = 0; i < APIC_NUM_OUTPUTS; i++) {
        qdev_connect_gpio_out(dev, i, s->cpu_irqs[i]);
    }
    apic_update_intr(s);
}

static void apic_reset(DeviceState *dev)
{
    APICState *s = APIC(dev);

    s->id = s->initial_id;
    s->apicbase = APIC_DEFAULT_ADDR | MSR_IA32_APICBASE_ENABLE |
                  (s->bsp ? MSR_IA32_APICBASE_BSP : 0);
    s->sipi_vector = 0;
    reset_registers(s);
    if (s->bsp) {
        /* As firmware leaves it: the PIC reaches the boot CPU (ExtINT). */
        s->lvt[LVT_LINT0] = APIC_DM_EXTINT << 8;
    }
    apic_update_intr(s);
}

static void apic_init(Object *obj)
{
    APICState *s = APIC(obj);

    qdev_init_gpio_out(DEVICE(obj), s->out, APIC_NUM_OUTPUTS);
    qdev_init_gpio_in(DEVICE(obj), apic_lint_set, 2);
    apic_timer_init(s);
}

static void apic_finalize(Object *obj)
{
    APICState *s = APIC(obj);

    if (s->bus) {
        g_ptr_array_remove(s->bus->apics, s);
    }
    timer_free(s->timer);
    if (s->cpu_irqs) {
        qemu_free_irqs(s->cpu_irqs, APIC_NUM_OUTPUTS);
    }
}

static void apic_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->desc = "local APIC (xAPIC/x2APIC)";
    dc->reset = apic_reset;
}

static const TypeInfo apic_info = {
    .name = TYPE_APIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(APICState),
    .instance_init = apic_init,
    .instance_finalize = apic_finalize,
    .class_init = apic_class_init,
};

static void apic_register_types(void)
{
    type_register_static(&apic_info);
}
type_init(apic_register_types)

DeviceState *apic_create(APICBus *bus, uint32_t id, bool bsp)
{
    DeviceState *dev = qdev_new(TYPE_APIC);
    APICState *s = APIC(dev);

    s->bus = bus;
    s->initial_id = id;
    s->bsp = bsp;
    g_ptr_array_add(bus->apics, s);
    sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
    apic_reset(dev);
    return dev;
}
