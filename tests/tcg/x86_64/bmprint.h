/*
 * Fixed-width hex output for the bare-metal test programs' expected-file
 * lines (pcboard.c, x87sys.c); out_str() is baremetal.c's console writer.
 */
#ifndef TESTS_TCG_X86_64_BMPRINT_H
#define TESTS_TCG_X86_64_BMPRINT_H

#include <stdint.h>

void out_str(const char *s);

static inline void put_hex(uint64_t v, int digits)
{
    char buf[17];

    for (int i = digits - 1; i >= 0; i--) {
        buf[i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    }
    buf[digits] = 0;
    out_str(buf);
}

/* "k=v\n" with v in the given number of hex digits. */
static inline void put_kv(const char *k, uint64_t v, int digits)
{
    out_str(k);
    out_str("=");
    put_hex(v, digits);
    out_str("\n");
}

#endif
