#include "runtime.h"

#define UART_DR ((volatile uint32_t *)0x09000000)
#define UART_FR ((volatile uint32_t *)0x09000018)

void putc_uart(char c)
{
    while (*UART_FR & (1 << 5)) {
        /* transmit FIFO full */
    }
    *UART_DR = (unsigned char)c;
}

void puts_uart(const char *s)
{
    while (*s) {
        putc_uart(*s++);
    }
}

void put_hex(uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        putc_uart("0123456789abcdef"[(v >> (i * 4)) & 0xf]);
    }
}

void print_val(const char *label, uint64_t v)
{
    puts_uart(label);
    putc_uart('=');
    put_hex(v, 16);
    putc_uart('\n');
}

void print_res(const char *label, uint64_t r, uint64_t nzcv)
{
    puts_uart(label);
    puts_uart(" r=");
    put_hex(r, 16);
    puts_uart(" nzcv=");
    put_hex(nzcv >> 28, 1);
    putc_uart('\n');
}

void __attribute__((weak)) exc_handler(ExcFrame *f, int vector)
{
    print_val("unexpected exception vector", vector);
    print_val("esr", f->esr);
    print_val("elr", f->elr);
    print_val("far", f->far);
    semihost_exit(3);
}

void exc_dispatch(ExcFrame *f, int vector)
{
    exc_handler(f, vector);
}
