/*
 * Common includes and small helpers used by every source file.
 * Include this first in every .c file.
 */
#ifndef KEMU_OSDEP_H
#define KEMU_OSDEP_H

#include "config-host.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <glib.h>

#ifndef container_of
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define KEMU_NORETURN __attribute__((noreturn))
#define KEMU_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* True when [start, start+len) fits in a buffer of size total, overflow-safe. */
static inline bool range_fits(uint64_t start, uint64_t len, uint64_t total)
{
    return start <= total && len <= total - start;
}

#endif
