/*
 * Local APIC registers: one decoder indexed by offset >> 4 serves the
 * xAPIC MMIO page and the x2APIC MSRs (0x800 + index), with each mode's
 * rules for reserved and read-only registers; and IA32_APIC_BASE.
 */
#include "kemu/osdep.h"
#include "kemu/log.h"
#include "apic_internal.h"

#define APIC_VERSION        0x14
#define APIC_MAX_LVT        (LVT_NUM - 1)
#define BASE_ADDR_MASK      UINT64_C(0xffffff000)

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
        *val = apic_ppr(s);
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

    if (!apic_sw_enabled(s)) {
        v |= LVT_MASKED;        /* cannot be unmasked while disabled */
    }
    if (n == LVT_TIMER) {
        apic_timer_lvt_changed(s, old, v);
    }
    s->lvt[n] = v;
    if (n == LVT_LINT0 || n == LVT_LINT1) {
        apic_lint_set(s, n - LVT_LINT0, s->lint_level[n - LVT_LINT0]);
    }
}

static void write_svr(APICState *s, uint32_t val)
{
    s->svr = val & 0x3ff;
    if (!apic_sw_enabled(s)) {
        for (int i = 0; i < LVT_NUM; i++) {
            s->lvt[i] |= LVT_MASKED;
        }
    }
    apic_update_intr(s);
}

/* Registers whose writes are the same in both modes. */
static bool reg_write_common(APICState *s, unsigned idx, uint32_t val)
{
    switch (idx) {
    case R_TPR:
        s->tpr = val;
        apic_update_intr(s);
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
        apic_eoi(s);
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
        apic_send_ipi(s);
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
        apic_eoi(s);
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
        apic_send_ipi(s);
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
            apic_record_error(s, ESR_ILLEGAL_REG);
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
        apic_init_reset(s);
    } else if (new == mode && old != mode) {
        enter_x2apic(s);
    }
    apic_update_intr(s);
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
