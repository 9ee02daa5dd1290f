/*
 * Local APIC: the register file (xAPIC MMIO and x2APIC MSRs share one
 * decoder indexed by offset >> 4), IRR/ISR/TMR with priority classes,
 * EOI, local interrupts (LINT0/1) and the ICR.  The timer is in
 * apic_timer.c, the bus and MSIs in apic_bus.c.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "hw/irq.h"
#include "apic_internal.h"

#define APIC_VERSION        0x14
#define APIC_MAX_LVT        (LVT_NUM - 1)
#define BASE_ADDR_MASK      UINT64_C(0xffffff000)

#define LVT_MASKED          (1u << 16)
#define LVT_LEVEL           (1u << 15)
#define LVT_DM(v)           (((v) >> 8) & 7)
#define SVR_ENABLE          (1u << 8)
#define ESR_SEND_ILLEGAL    (1u << 5)
#define ESR_RECV_ILLEGAL    (1u << 6)
#define ESR_ILLEGAL_REG     (1u << 7)

#define ICR_LOGICAL         (1u << 11)
#define ICR_ASSERT          (1u << 14)
#define ICR_LEVEL           (1u << 15)
#define ICR_SHORTHAND(v)    (((v) >> 18) & 3)
enum { SH_NONE, SH_SELF, SH_ALL, SH_OTHERS };

/* Register indexes (offset >> 4; x2APIC MSR - 0x800). */
enum {
    R_ID = 0x02, R_VERSION = 0x03, R_TPR = 0x08, R_APR = 0x09, R_PPR = 0x0a,
    R_EOI = 0x0b, R_RRD = 0x0c, R_LDR = 0x0d, R_DFR = 0x0e, R_SVR = 0x0f,
    R_ISR = 0x10, R_TMR = 0x18, R_IRR = 0x20, R_ESR = 0x28,
    R_ICR_LOW = 0x30, R_ICR_HIGH = 0x31, R_LVT = 0x32,
    R_INITIAL_COUNT = 0x38, R_CURRENT_COUNT = 0x39, R_DIVIDE = 0x3e,
    R_SELF_IPI = 0x3f,
};

/* Writable bits of each LVT entry (vector, mode, polarity, trigger, mask). */
static const uint32_t lvt_writable[LVT_NUM] = {
    [LVT_TIMER] = 0x700ff,
    [LVT_THERMAL] = 0x107ff,
    [LVT_PERF] = 0x107ff,
    [LVT_LINT0] = 0x1a7ff,
    [LVT_LINT1] = 0x1a7ff,
    [LVT_ERROR] = 0x100ff,
};

bool apic_is_x2apic(const APICState *s)
{
    return s->apicbase & MSR_IA32_APICBASE_EXTD;
}

bool apic_hw_enabled(const APICState *s)
{
    return s->apicbase & MSR_IA32_APICBASE_ENABLE;
}

static bool sw_enabled(const APICState *s)
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

static uint8_t ppr(const APICState *s)
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

    if (!apic_hw_enabled(s) || !sw_enabled(s) || irrv < 0 ||
        (irrv & 0xf0) <= (ppr(s) & 0xf0)) {
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

static void update_intr(APICState *s)
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
    update_intr(s);
    return vector;
}

int apic_intack(void *apic)
{
    return apic_get_interrupt(apic);
}

static void record_error(APICState *s, uint32_t bits)
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
static void init_reset(APICState *s)
{
    reset_registers(s);
    update_intr(s);
}

void apic_accept(APICState *s, uint8_t delivery_mode, uint8_t vector,
                 bool level_triggered)
{
    switch (delivery_mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        if (vector < 16) {
            record_error(s, ESR_RECV_ILLEGAL);
            return;
        }
        set_bit256(s->irr, vector, true);
        set_bit256(s->tmr, vector, level_triggered);
        break;
    case APIC_DM_NMI:
        qemu_irq_pulse(s->out[APIC_OUT_NMI]);
        return;
    case APIC_DM_INIT:
        init_reset(s);
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
    update_intr(s);
}

static void eoi(APICState *s)
{
    int isrv = highest_bit(s->isr);

    if (isrv < 0) {
        return;
    }
    set_bit256(s->isr, isrv, false);
    if (test_bit256(s->tmr, isrv) && s->bus->eoi) {
        s->bus->eoi(s->bus->eoi_opaque, isrv);
    }
    update_intr(s);
}

static void lint_set(void *opaque, int n, int level)
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
    update_intr(s);
}

static void send_ipi(APICState *s)
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
        record_error(s, ESR_SEND_ILLEGAL);
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

/* A register read; false when there is no such register in this mode. */
static bool reg_read(APICState *s, unsigned idx, uint64_t *val)
{
    bool x2 = apic_is_x2apic(s);

    switch (idx) {
    case R_ID:
        *val = x2 ? s->id : s->id << 24;
        return true;
    case R_VERSION:
        *val = APIC_VERSION | APIC_MAX_LVT << 16;
        return true;
    case R_TPR:
        *val = s->tpr;
        return true;
    case R_APR:
        *val = 0;
        return !x2;
    case R_PPR:
        *val = ppr(s);
        return true;
    case R_LDR:
        *val = s->ldr;
        return true;
    case R_DFR:
        *val = s->dfr;
        return !x2;
    case R_SVR:
        *val = s->svr;
        return true;
    case R_ISR ... R_ISR + 7:
        *val = s->isr[idx - R_ISR];
        return true;
    case R_TMR ... R_TMR + 7:
        *val = s->tmr[idx - R_TMR];
        return true;
    case R_IRR ... R_IRR + 7:
        *val = s->irr[idx - R_IRR];
        return true;
    case R_ESR:
        *val = s->esr;
        return true;
    case R_ICR_LOW:
        *val = x2 ? (uint64_t)s->icr_high << 32 | s->icr_low : s->icr_low;
        return true;
    case R_ICR_HIGH:
        *val = s->icr_high;
        return !x2;
    case R_LVT ... R_LVT + LVT_NUM - 1:
        *val = s->lvt[idx - R_LVT];
        return true;
    case R_INITIAL_COUNT:
        *val = s->initial_count;
        return true;
    case R_CURRENT_COUNT:
        *val = apic_timer_current(s);
        return true;
    case R_DIVIDE:
        *val = s->divide_conf;
        return true;
    }
    *val = 0;
    return false;
}

static void write_lvt(APICState *s, int n, uint32_t val)
{
    uint32_t old = s->lvt[n];
    uint32_t v = (old & ~lvt_writable[n]) | (val & lvt_writable[n]);

    if (!sw_enabled(s)) {
        v |= LVT_MASKED;        /* cannot be unmasked while disabled */
    }
    if (n == LVT_TIMER) {
        apic_timer_lvt_changed(s, old, v);
    }
    s->lvt[n] = v;
    if (n == LVT_LINT0 || n == LVT_LINT1) {
        lint_set(s, n - LVT_LINT0, s->lint_level[n - LVT_LINT0]);
    }
}

static void write_svr(APICState *s, uint32_t val)
{
    s->svr = val & 0x3ff;
    if (!sw_enabled(s)) {
        for (int i = 0; i < LVT_NUM; i++) {
            s->lvt[i] |= LVT_MASKED;
        }
    }
    update_intr(s);
}

/* Registers whose writes are the same in both modes. */
static bool reg_write_common(APICState *s, unsigned idx, uint32_t val)
{
    switch (idx) {
    case R_TPR:
        s->tpr = val;
        update_intr(s);
        return true;
    case R_SVR:
        write_svr(s, val);
        return true;
    case R_LVT ... R_LVT + LVT_NUM - 1:
        write_lvt(s, idx - R_LVT, val);
        return true;
    case R_INITIAL_COUNT:
        apic_timer_set_initial(s, val);
        return true;
    case R_DIVIDE:
        apic_timer_set_divide(s, val);
        return true;
    }
    return false;
}

static bool reg_write_xapic(APICState *s, unsigned idx, uint32_t val)
{
    switch (idx) {
    case R_ID:
        s->id = val >> 24;
        return true;
    case R_EOI:
        eoi(s);
        return true;
    case R_LDR:
        s->ldr = val & 0xff000000;
        return true;
    case R_DFR:
        s->dfr = val | 0x0fffffff;
        return true;
    case R_ESR:
        s->esr = s->esr_pending;
        s->esr_pending = 0;
        return true;
    case R_ICR_LOW:
        s->icr_low = val & ~(1u << 12);     /* delivery status: idle */
        send_ipi(s);
        return true;
    case R_ICR_HIGH:
        s->icr_high = val & 0xff000000;
        return true;
    case R_VERSION:
    case R_APR:
    case R_PPR:
    case R_RRD:
    case R_ISR ... R_IRR + 7:
    case R_CURRENT_COUNT:
        return true;            /* read-only: writes are ignored */
    }
    return reg_write_common(s, idx, val);
}

/* x2APIC: reserved bits and read-only registers fault. */
static bool reg_write_x2apic(APICState *s, unsigned idx, uint64_t val)
{
    switch (idx) {
    case R_EOI:
        if (val) {
            return false;
        }
        eoi(s);
        return true;
    case R_ESR:
        if (val) {
            return false;
        }
        s->esr = s->esr_pending;
        s->esr_pending = 0;
        return true;
    case R_ICR_LOW:
        s->icr_low = val & ~(1u << 12);
        s->icr_high = val >> 32;
        send_ipi(s);
        return true;
    case R_SELF_IPI:
        if (val & ~0xffull) {
            return false;
        }
        apic_accept(s, APIC_DM_FIXED, val, false);
        return true;
    }
    return !(val >> 32) && reg_write_common(s, idx, val);
}

uint32_t apic_mmio_read(DeviceState *dev, hwaddr offset)
{
    APICState *s = APIC(dev);
    uint64_t val = 0;

    if (apic_is_x2apic(s) || !apic_hw_enabled(s) || (offset & 0xf) ||
        offset >= APIC_MMIO_SIZE || !reg_read(s, offset >> 4, &val)) {
        kemu_log_mask(LOG_GUEST_ERROR, "apic %u: read of bad register 0x%"
                      HWADDR_PRIx "\n", s->id, offset);
        return 0;
    }
    return val;
}

void apic_mmio_write(DeviceState *dev, hwaddr offset, uint32_t val)
{
    APICState *s = APIC(dev);

    if (apic_is_x2apic(s) || !apic_hw_enabled(s) || (offset & 0xf) ||
        offset >= APIC_MMIO_SIZE || !reg_write_xapic(s, offset >> 4, val)) {
        kemu_log_mask(LOG_GUEST_ERROR, "apic %u: write 0x%x to bad register "
                      "0x%" HWADDR_PRIx "\n", s->id, val,
                      offset);
        if (apic_hw_enabled(s) && !apic_is_x2apic(s)) {
            record_error(s, ESR_ILLEGAL_REG);
        }
    }
}

static void enter_x2apic(APICState *s)
{
    s->ldr = (s->id >> 4) << 16 | 1u << (s->id & 0xf);
}

/* IA32_APIC_BASE: the legal transitions of the SDM's state diagram. */
static bool set_base(APICState *s, uint64_t val)
{
    const uint64_t mode = MSR_IA32_APICBASE_EXTD | MSR_IA32_APICBASE_ENABLE;
    uint64_t old = s->apicbase & mode, new = val & mode;

    if (val & ~(BASE_ADDR_MASK | mode | MSR_IA32_APICBASE_BSP) ||
        new == MSR_IA32_APICBASE_EXTD ||
        (old == mode && new == MSR_IA32_APICBASE_ENABLE) ||
        (old == 0 && new == mode)) {
        return false;
    }
    if ((val & BASE_ADDR_MASK) != APIC_DEFAULT_ADDR) {
        kemu_log_mask(LOG_UNIMP, "apic %u: relocation to 0x%" PRIx64 "\n",
                      s->id, val & BASE_ADDR_MASK);
    }
    s->apicbase = (val & ~MSR_IA32_APICBASE_BSP) |
                  (s->apicbase & MSR_IA32_APICBASE_BSP);
    if (!new) {
        init_reset(s);
    } else if (new == mode && old != mode) {
        enter_x2apic(s);
    }
    update_intr(s);
    return true;
}

bool apic_msr_read(DeviceState *dev, uint32_t msr, uint64_t *val)
{
    APICState *s = APIC(dev);

    *val = 0;
    if (msr == MSR_IA32_APICBASE) {
        *val = s->apicbase;
        return true;
    }
    if (msr == MSR_IA32_TSC_DEADLINE) {
        *val = apic_timer_get_deadline(s);
        return true;
    }
    if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST ||
        !apic_is_x2apic(s)) {
        return false;
    }
    return reg_read(s, msr - MSR_X2APIC_FIRST, val);
}

bool apic_msr_write(DeviceState *dev, uint32_t msr, uint64_t val)
{
    APICState *s = APIC(dev);

    if (msr == MSR_IA32_APICBASE) {
        return set_base(s, val);
    }
    if (msr == MSR_IA32_TSC_DEADLINE) {
        apic_timer_set_deadline(s, val);
        return true;
    }
    if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST ||
        !apic_is_x2apic(s)) {
        return false;
    }
    return reg_write_x2apic(s, msr - MSR_X2APIC_FIRST, val);
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
    s->cpu_irqs = qemu_allocate_irqs(cpu_line, cpu, APIC_NUM_OUTPUTS);
    for (int i = 0; i < APIC_NUM_OUTPUTS; i++) {
        qdev_connect_gpio_out(dev, i, s->cpu_irqs[i]);
    }
    update_intr(s);
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
    update_intr(s);
}

static void apic_init(Object *obj)
{
    APICState *s = APIC(obj);

    qdev_init_gpio_out(DEVICE(obj), s->out, APIC_NUM_OUTPUTS);
    qdev_init_gpio_in(DEVICE(obj), lint_set, 2);
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
