/*
 * IRQ lines: a handler and an opaque, raised and lowered by the device
 * that drives the line.  A NULL line is not connected: setting it does
 * nothing, so devices need not check.
 */
#ifndef HW_IRQ_H
#define HW_IRQ_H

typedef struct IRQState *qemu_irq;
typedef void (*qemu_irq_handler)(void *opaque, int n, int level);

qemu_irq qemu_allocate_irq(qemu_irq_handler handler, void *opaque, int n);
/* n lines numbered 0..n-1, freed with qemu_free_irqs(irqs, n). */
qemu_irq *qemu_allocate_irqs(qemu_irq_handler handler, void *opaque, int n);
void qemu_free_irq(qemu_irq irq);
void qemu_free_irqs(qemu_irq *irqs, int n);

void qemu_set_irq(qemu_irq irq, int level);

static inline void qemu_irq_raise(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
}

static inline void qemu_irq_lower(qemu_irq irq)
{
    qemu_set_irq(irq, 0);
}

/* An edge: raise then lower. */
static inline void qemu_irq_pulse(qemu_irq irq)
{
    qemu_set_irq(irq, 1);
    qemu_set_irq(irq, 0);
}

#endif
