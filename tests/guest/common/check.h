/*
 * Shared by the guest userspace tests: each program prints its results as
 * "name: value" lines (the same on every correct emulator), counts failed
 * checks against known values, and ends with "PROG: PASS" or "PROG: FAIL".
 */
#ifndef GUEST_CHECK_H
#define GUEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

/* One counter for the whole program, also when it has several files
 * (a common part and an architecture's part, see arch.h). */
int check_failures __attribute__((weak));

/* Print the result line; count a failure when it is not what was expected.
 * cond is evaluated before the arguments of the line are printed. */
#define CHECK(cond, ...) do {                                   \
        int check_ok_ = (cond);                                 \
        printf(__VA_ARGS__);                                    \
        if (check_ok_) {                                        \
            printf("\n");                                       \
        } else {                                                \
            printf("  <-- FAIL (%s:%d)\n", __FILE__, __LINE__); \
            check_failures++;                                   \
        }                                                       \
    } while (0)

static inline int check_finish(const char *prog)
{
    printf("%s: %s\n", prog, check_failures ? "FAIL" : "PASS");
    fflush(stdout);
    return check_failures ? 1 : 0;
}

#endif
