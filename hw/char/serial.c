/*
 * 16550A UART core: registers, FIFOs, interrupt identification.
 *
 * Transmission is instantaneous: THR and the transmitter are always empty
 * again right after a write, so THRE/TEMT stay set and the THRE interrupt
 * re-arms at once.  Reception follows the datasheet: a 16-entry FIFO (one
 * holding register with FIFOs off), trigger levels, overrun, line status
 * errors reported as the character reaches the top of the FIFO, and the
 * character timeout after four character times of silence (virtual
 * clock, so it does not fire while the VM is paused).  The chardev is
 * offered only as much input as fits, so nothing is lost to overrun.
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "hw/char/serial.h"

enum { R_RBR_THR, R_IER, R_IIR_FCR, R_LCR, R_MCR, R_LSR, R_MSR, R_SCR };

#define IER_RDI 0x01
#define IER_THRI 0x02
#define IER_RLSI 0x04
#define IER_MSI 0x08

#define IIR_NO_INT 0x01
#define IIR_MSI 0x00
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_CTI 0x0c
#define IIR_FIFO_ON 0xc0

#define FCR_FE 0x01
#define FCR_RFR 0x02
#define FCR_DMA 0x08
#define FCR_TRIGGER 0xc0

#define LCR_PEN 0x08
#define LCR_STOP 0x04
#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_BI 0x10
#define LSR_ERRORS 0x1e        /* OE, PE, FE, BI */
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LSR_FIFO_ERR 0x80

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_DELTAS 0x0f
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

static bool serial_fifo_on(SerialState *s)
{
    return s->fcr & FCR_FE;
}

static unsigned serial_rx_depth(SerialState *s)
{
    return serial_fifo_on(s) ? UART_FIFO_DEPTH : 1;
}

/* The pending interrupt of highest priority, as IIR bits 3:0. */
static uint8_t serial_iir_id(SerialState *s)
{
    bool rx_ready = serial_fifo_on(s) ? s->rx_count >= s->rx_trigger
                                      : s->rx_count > 0;

    if ((s->ier & IER_RLSI) && (s->lsr_errors & LSR_ERRORS)) {
        return IIR_RLSI;
    }
    if ((s->ier & IER_RDI) && rx_ready) {
        return IIR_RDI;
    }
    if ((s->ier & IER_RDI) && s->timeout_ipending) {
        return IIR_CTI;
    }
    if ((s->ier & IER_THRI) && s->thr_ipending) {
        return IIR_THRI;
    }
    if ((s->ier & IER_MSI) && (s->msr & MSR_DELTAS)) {
        return IIR_MSI;
    }
    return IIR_NO_INT;
}

static void serial_update_irq(SerialState *s)
{
    qemu_set_irq(s->irq, serial_iir_id(s) != IIR_NO_INT);
}

/* Nanoseconds one character takes on the line with the current format. */
static int64_t serial_char_ns(SerialState *s)
{
    unsigned data_bits = 5 + (s->lcr & 3);
    unsigned bits = 1 + data_bits + (s->lcr & LCR_PEN ? 1 : 0) +
                    (s->lcr & LCR_STOP ? 2 : 1);
    uint64_t divisor = s->divisor ? s->divisor : 1;

    return bits * divisor * NANOSECONDS_PER_SECOND / MAX(s->baudbase, 1u);
}

/* Four character times of silence (no input, no RBR read) from now. */
static void serial_restart_timeout(SerialState *s)
{
    if (serial_fifo_on(s) && s->rx_count > 0) {
        timer_mod(s->timeout_timer, kemu_clock_get_ns(KEMU_CLOCK_VIRTUAL) +
                  4 * serial_char_ns(s));
    } else {
        timer_del(s->timeout_timer);
    }
}

static void serial_timeout(void *opaque)
{
    SerialState *s = opaque;

    if (serial_fifo_on(s) && s->rx_count > 0) {
        s->timeout_ipending = true;
        serial_update_irq(s);
    }
}

/* Errors of the character at the top of the FIFO show in LSR. */
static void serial_load_top_errors(SerialState *s)
{
    if (s->rx_count > 0) {
        s->lsr_errors |= s->rx_fifo[s->rx_head] >> 8;
    }
}

static void serial_flush_rx(SerialState *s)
{
    s->rx_head = 0;
    s->rx_count = 0;
    s->timeout_ipending = false;
    timer_del(s->timeout_timer);
    chardev_fe_accept_input(&s->fe);
}

static void serial_receive_one(SerialState *s, uint16_t entry)
{
    if (s->rx_count >= serial_rx_depth(s)) {
        s->lsr_errors |= LSR_OE;
        if (serial_fifo_on(s)) {
            return;             /* the shift register is overwritten */
        }
        s->rx_count = 0;        /* the holding register is overwritten */
    }
    s->rx_fifo[(s->rx_head + s->rx_count++) % UART_FIFO_DEPTH] = entry;
    if (s->rx_count == 1) {
        serial_load_top_errors(s);
    }
    serial_restart_timeout(s);
}

static int serial_can_read(void *opaque)
{
    SerialState *s = opaque;

    if (s->mcr & MCR_LOOP) {
        return 0;               /* the receiver listens to the transmitter */
    }
    return serial_rx_depth(s) - MIN(s->rx_count, serial_rx_depth(s));
}

static void serial_read_input(void *opaque, const uint8_t *buf, int len)
{
    SerialState *s = opaque;

    for (int i = 0; i < len; i++) {
        serial_receive_one(s, buf[i]);
    }
    serial_update_irq(s);
}

static void serial_event(void *opaque, ChardevEvent ev)
{
    SerialState *s = opaque;

    if (ev == CHR_EVENT_BREAK && !(s->mcr & MCR_LOOP)) {
        serial_receive_one(s, LSR_BI << 8);
        serial_update_irq(s);
    }
}

static uint8_t serial_read_rbr(SerialState *s)
{
    bool was_full = s->rx_count >= serial_rx_depth(s);
    uint8_t ch;

    s->timeout_ipending = false;
    if (s->rx_count == 0) {
        return 0;
    }
    ch = s->rx_fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % UART_FIFO_DEPTH;
    s->rx_count--;
    serial_load_top_errors(s);
    serial_restart_timeout(s);
    if (was_full) {
        chardev_fe_accept_input(&s->fe);
    }
    return ch;
}

static void serial_write_thr(SerialState *s, uint8_t ch)
{
    if (s->mcr & MCR_LOOP) {
        serial_receive_one(s, ch);
    } else {
        chardev_fe_write_all(&s->fe, &ch, 1);
    }
    /* Sent at once: THR is empty again. */
    s->thr_ipending = true;
}

static uint8_t serial_read_lsr(SerialState *s)
{
    uint8_t lsr = s->lsr_errors | LSR_THRE | LSR_TEMT;

    if (s->rx_count > 0) {
        lsr |= LSR_DR;
    }
    for (unsigned i = 0; serial_fifo_on(s) && i < s->rx_count; i++) {
        if (s->rx_fifo[(s->rx_head + i) % UART_FIFO_DEPTH] >> 8) {
            lsr |= LSR_FIFO_ERR;
        }
    }
    s->lsr_errors = 0;
    return lsr;
}

static uint8_t serial_read_iir(SerialState *s)
{
    uint8_t id = serial_iir_id(s);

    /* Reading IIR acknowledges THRE when that is what it reports. */
    if (id == IIR_THRI) {
        s->thr_ipending = false;
    }
    return id | (serial_fifo_on(s) ? IIR_FIFO_ON : 0);
}

/*
 * The modem inputs: the chardev is a connected null-modem peer (CTS, DSR,
 * DCD asserted); in loopback they are the outputs RTS, DTR, OUT1, OUT2.
 */
static void serial_update_msr(SerialState *s)
{
    uint8_t in = MSR_CTS | MSR_DSR | MSR_DCD;
    uint8_t changed;

    if (s->mcr & MCR_LOOP) {
        in = (s->mcr & MCR_RTS ? MSR_CTS : 0) |
             (s->mcr & MCR_DTR ? MSR_DSR : 0) |
             (s->mcr & MCR_OUT1 ? MSR_RI : 0) |
             (s->mcr & MCR_OUT2 ? MSR_DCD : 0);
    }
    changed = (s->msr ^ in) & 0xf0;
    s->msr = (s->msr & MSR_DELTAS) | in;
    s->msr |= changed & MSR_CTS ? MSR_DCTS : 0;
    s->msr |= changed & MSR_DSR ? MSR_DDSR : 0;
    s->msr |= changed & MSR_DCD ? MSR_DDCD : 0;
    s->msr |= (changed & MSR_RI) && !(in & MSR_RI) ? MSR_TERI : 0;
}

static void serial_write_ier(SerialState *s, uint8_t val)
{
    bool thri_rising = (val & IER_THRI) && !(s->ier & IER_THRI);

    s->ier = val & 0x0f;
    /*
     * Enabling THRE interrupts while THR is empty raises one at once, even
     * if an earlier one was acknowledged: drivers (Linux's start_tx, its
     * UART_BUG_TXEN probe, Windows) rely on this edge.
     */
    if (thri_rising) {
        s->thr_ipending = true;
    }
}

static void serial_write_fcr(SerialState *s, uint8_t val)
{
    static const unsigned triggers[] = { 1, 4, 8, 14 };

    if ((val ^ s->fcr) & FCR_FE) {
        serial_flush_rx(s);     /* switching FIFO mode clears the FIFOs */
    }
    if (!(val & FCR_FE)) {
        s->fcr = 0;             /* the other bits need FCR0 set */
        return;
    }
    if (val & FCR_RFR) {
        serial_flush_rx(s);
    }
    /* TX FIFO reset (bit 2): the transmitter is always empty already. */
    s->fcr = val & (FCR_FE | FCR_DMA | FCR_TRIGGER);
    s->rx_trigger = triggers[val >> 6];
}

static void serial_write_mcr(SerialState *s, uint8_t val)
{
    bool loop_changed = (val ^ s->mcr) & MCR_LOOP;

    s->mcr = val & 0x1f;
    serial_update_msr(s);
    if (loop_changed) {
        chardev_fe_accept_input(&s->fe);
    }
}

uint8_t serial_reg_read(SerialState *s, unsigned reg)
{
    uint8_t val;

    switch (reg) {
    case R_RBR_THR:
        val = s->lcr & LCR_DLAB ? s->divisor & 0xff : serial_read_rbr(s);
        break;
    case R_IER:
        val = s->lcr & LCR_DLAB ? s->divisor >> 8 : s->ier;
        break;
    case R_IIR_FCR:
        val = serial_read_iir(s);
        break;
    case R_LCR:
        val = s->lcr;
        break;
    case R_MCR:
        val = s->mcr;
        break;
    case R_LSR:
        val = serial_read_lsr(s);
        break;
    case R_MSR:
        val = s->msr;
        s->msr &= ~MSR_DELTAS;
        break;
    default:
        val = s->scr;
        break;
    }
    serial_update_irq(s);
    return val;
}

void serial_reg_write(SerialState *s, unsigned reg, uint8_t val)
{
    switch (reg) {
    case R_RBR_THR:
        if (s->lcr & LCR_DLAB) {
            s->divisor = (s->divisor & 0xff00) | val;
        } else {
            serial_write_thr(s, val);
        }
        break;
    case R_IER:
        if (s->lcr & LCR_DLAB) {
            s->divisor = (s->divisor & 0x00ff) | (val << 8);
        } else {
            serial_write_ier(s, val);
        }
        break;
    case R_IIR_FCR:
        serial_write_fcr(s, val);
        break;
    case R_LCR:
        s->lcr = val;
        break;
    case R_MCR:
        serial_write_mcr(s, val);
        break;
    case R_LSR:
    case R_MSR:
        kemu_log_mask(LOG_GUEST_ERROR,
                      "serial: write 0x%02x to read-only register %s ignored\n",
                      val, reg == R_LSR ? "LSR" : "MSR");
        return;
    default:
        s->scr = val;
        return;
    }
    serial_update_irq(s);
}

void serial_reset(SerialState *s)
{
    s->divisor = 12;            /* 9600 baud with the PC's clock */
    s->ier = 0;
    s->lcr = 0;
    s->mcr = 0;
    s->scr = 0;
    s->fcr = 0;
    s->lsr_errors = 0;
    s->rx_trigger = 1;
    s->thr_ipending = false;
    serial_flush_rx(s);
    serial_update_msr(s);
    s->msr &= ~MSR_DELTAS;
    serial_update_irq(s);
}

bool serial_realize_core(SerialState *s, Error **errp)
{
    if (s->chr) {
        if (!chardev_fe_init(&s->fe, s->chr, errp)) {
            return false;
        }
        chardev_fe_set_handlers(&s->fe, serial_can_read, serial_read_input,
                                serial_event, s);
    }
    s->timeout_timer = timer_new_ns(KEMU_CLOCK_VIRTUAL, serial_timeout, s);
    serial_reset(s);
    return true;
}

void serial_unrealize_core(SerialState *s)
{
    chardev_fe_deinit(&s->fe);
    timer_free(s->timeout_timer);
    s->timeout_timer = NULL;
}
