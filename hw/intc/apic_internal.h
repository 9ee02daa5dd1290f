/* State shared by the local APIC (apic.c) and its bus (apic_bus.c). */
#ifndef HW_INTC_APIC_INTERNAL_H
#define HW_INTC_APIC_INTERNAL_H

#include "kemu/timer.h"
#include "hw/intc/apic.h"

OBJECT_DECLARE_SIMPLE_TYPE(APICState, APIC)

#define LVT_MASKED          (1u << 16)
#define LVT_LEVEL           (1u << 15)
#define LVT_DM(v)           (((v) >> 8) & 7)
#define SVR_ENABLE          (1u << 8)
#define ESR_SEND_ILLEGAL    (1u << 5)
#define ESR_RECV_ILLEGAL    (1u << 6)
#define ESR_ILLEGAL_REG     (1u << 7)

/* LVT entries in register order from 0x320. */
enum {
    LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR,
    LVT_NUM
};

struct APICBus {
    GPtrArray *apics;           /* APICState *, creation order */
    APICEOIFn *eoi;
    void *eoi_opaque;
};

struct APICState {
    SysBusDevice parent_obj;
    APICBus *bus;
    uint32_t initial_id;
    bool bsp;

    uint64_t apicbase;
    uint32_t id;
    uint8_t tpr;
    uint32_t ldr, dfr, svr;
    uint32_t isr[8], tmr[8], irr[8];
    uint32_t esr, esr_pending;
    uint32_t icr_low, icr_high;
    uint32_t lvt[LVT_NUM];
    uint32_t initial_count, divide_conf;
    int64_t count_start_ns;
    uint64_t tsc_deadline, tsc_hz;
    APICTSCFn *tsc_now;
    void *tsc_opaque;
    KemuTimer *timer;
    int64_t next_ns;
    uint8_t sipi_vector;
    bool lint_level[2];
    bool extint_msg;            /* an ExtINT message awaits the INTA cycle */

    qemu_irq out[APIC_NUM_OUTPUTS];
    qemu_irq *cpu_irqs;         /* apic_connect_cpu's */
    CPUState *cpu;              /* the CPU it serves, or NULL */
    int (*extint_ack)(void *opaque);
    void *extint_opaque;
};

/* Take one message (already matched to this APIC). */
void apic_accept(APICState *s, uint8_t delivery_mode, uint8_t vector,
                 bool level_triggered);
bool apic_is_x2apic(const APICState *s);
bool apic_hw_enabled(const APICState *s);
bool apic_sw_enabled(const APICState *s);
uint8_t apic_ppr(const APICState *s);
/* Drive INTR from what is pending. */
void apic_update_intr(APICState *s);
void apic_eoi(APICState *s);
/* Send the IPI the ICR describes. */
void apic_send_ipi(APICState *s);
/* LINT0/1 input n (also re-evaluated after an LVT write). */
void apic_lint_set(void *opaque, int n, int level);
/* Set ESR bits (latched by the next ESR write) and signal LVT error. */
void apic_record_error(APICState *s, uint32_t bits);
/* INIT: everything but the ID and IA32_APIC_BASE, as after reset. */
void apic_init_reset(APICState *s);
/* 0xffffffff in every message means broadcast. */
#define APIC_BROADCAST 0xffffffffu

/* The timer (apic_timer.c). */
#define LVT_TIMER_MODE_SHIFT 17
enum { TIMER_ONESHOT, TIMER_PERIODIC, TIMER_TSC_DEADLINE };
void apic_timer_init(APICState *s);
void apic_timer_reset(APICState *s);
/* A write to the LVT timer entry, before it is stored. */
void apic_timer_lvt_changed(APICState *s, uint32_t old, uint32_t new);
void apic_timer_set_initial(APICState *s, uint32_t count);
void apic_timer_set_divide(APICState *s, uint32_t val);
uint32_t apic_timer_current(APICState *s);
uint64_t apic_timer_get_deadline(APICState *s);
void apic_timer_set_deadline(APICState *s, uint64_t tsc);

#endif
