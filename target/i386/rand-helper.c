/* RDRAND/RDSEED: 64 bits of host randomness (getrandom, else GLib). */
#include "kemu/osdep.h"
#include <sys/random.h>
#include "cpu.h"
#include "tcg/helper-proto.h"
#include "helper.h"

uint64_t helper_rdrand(void *env)
{
    uint64_t v;

    if (getrandom(&v, sizeof(v), GRND_NONBLOCK) != sizeof(v)) {
        v = (uint64_t)g_random_int() << 32 | g_random_int();
    }
    return v;
}
