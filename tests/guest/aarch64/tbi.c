/*
 * Top-byte-ignore in AArch64 Linux userspace: the kernel always sets
 * TCR_EL1.TBI0, so loads, stores, exclusives, atomics and branches
 * through pointers with a tag (0x5a) in bits 63:56 reach the untagged
 * address.  Heap, stack and code pointers; glibc's memcpy and strlen on
 * tagged buffers.  No tagged pointer goes to the kernel (that needs the
 * tagged address ABI, prctl PR_SET_TAGGED_ADDR_CTRL).
 */
#include <stdint.h>
#include <string.h>

#include "check.h"

#define TAG 0x5aull

static void *tagged(const void *p)
{
    return (void *)(((uintptr_t)p & ~(0xffull << 56)) | TAG << 56);
}

static uint64_t exclusive_add(volatile uint64_t *p, uint64_t v)
{
    uint64_t old, tmp;
    uint32_t fail;

    __asm__ volatile("1:\tldxr %0, [%3]\n\tadd %1, %0, %4\n\t"
                     "stxr %w2, %1, [%3]\n\tcbnz %w2, 1b"
                     : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                     : "r"(p), "r"(v) : "memory");
    return old;
}

static uint64_t __attribute__((noinline)) twice(uint64_t x)
{
    return 2 * x;
}

int main(void)
{
    static uint64_t heap_like[8];
    uint64_t local = 0x0123456789abcdefull;
    volatile uint64_t *hp = tagged(heap_like), *sp = tagged(&local);
    uint64_t (*fn)(uint64_t) = tagged((void *)twice);
    char src[32] = "top byte ignore", dst[32] = { 0 };

    setvbuf(stdout, NULL, _IOLBF, 0);
    CHECK((uintptr_t)hp >> 56 == TAG, "tag: %#llx",
          (unsigned long long)((uintptr_t)hp >> 56));
    hp[1] = 0x1122334455667788ull;
    CHECK(heap_like[1] == 0x1122334455667788ull, "store: %#llx",
          (unsigned long long)heap_like[1]);
    heap_like[2] = 0xcafe;
    CHECK(hp[2] == 0xcafe, "load: %#llx", (unsigned long long)hp[2]);
    CHECK(*sp == 0x0123456789abcdefull, "stack load: %#llx",
          (unsigned long long)*sp);
    CHECK(exclusive_add(&hp[3], 5) == 0 && heap_like[3] == 5,
          "ldxr/stxr: %llu", (unsigned long long)heap_like[3]);
    __atomic_fetch_add(&hp[3], 10, __ATOMIC_SEQ_CST);
    CHECK(heap_like[3] == 15, "atomic add: %llu",
          (unsigned long long)heap_like[3]);
    CHECK(fn(21) == 42, "call through tagged pointer: %llu",
          (unsigned long long)fn(21));
    memcpy(tagged(dst), tagged(src), sizeof(src));
    CHECK(strcmp(dst, src) == 0, "memcpy: %s", dst);
    CHECK(strlen(tagged(dst)) == 15, "strlen: %zu", strlen(tagged(dst)));
    return check_finish("tbi");
}
