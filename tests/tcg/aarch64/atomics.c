/*
 * ARMv8.1 atomics (LD<op>, ST<op>, SWP, CAS, CASP: every size and ordering)
 * and CRC32/CRC32C on one CPU.  Runs on -cpu max.
 */
#include "runtime.h"

static uint64_t mem[2] __attribute__((aligned(16)));

#define INIT0 0x8899aabbccddeeffull
#define INIT1 0x0123456789abcdefull

/* One LD<op>/SWP: Rs = operand, Rt = old value. */
#define RMW(insn, r, opnd) do {                                         \
        uint64_t old_ = 0xdead;                                         \
        mem[0] = INIT0;                                                 \
        __asm__ volatile(insn " %" r "1, %" r "0, [%2]"                 \
                         : "=&r"(old_) : "r"((uint64_t)(opnd)), "r"(mem) \
                         : "memory");                                   \
        print_val(insn " " r " old", old_);                             \
        print_val(insn " " r " mem", mem[0]);                           \
    } while (0)

#define ORDERS(base, sfx, r, opnd)                                      \
    RMW(base sfx, r, opnd); RMW(base "a" sfx, r, opnd);                 \
    RMW(base "l" sfx, r, opnd); RMW(base "al" sfx, r, opnd)

#define SIZES(base, opnd)                                               \
    ORDERS(base, "b", "w", opnd); ORDERS(base, "h", "w", opnd);         \
    ORDERS(base, "", "w", opnd); ORDERS(base, "", "x", opnd)

#define ALL_OPERANDS(base)                                              \
    SIZES(base, 0x0123456789abcdefull);                                 \
    SIZES(base, 0xfedcba9876543210ull);                                 \
    SIZES(base, 0x7f7f7f7f7f7f7f7full)

/* ST<op>: the alias with Rt = zr. */
#define STOP(insn, r, opnd) do {                                        \
        mem[0] = INIT0;                                                 \
        __asm__ volatile(insn " %" r "0, [%1]"                          \
                         : : "r"((uint64_t)(opnd)), "r"(mem) : "memory"); \
        print_val(insn " " r " mem", mem[0]);                           \
    } while (0)

/* CAS: Rs = expected (receives the old value), Rt = new value. */
#define CAS(insn, r, expect) do {                                       \
        uint64_t s_ = (expect);                                         \
        mem[0] = INIT0;                                                 \
        __asm__ volatile(insn " %" r "0, %" r "1, [%2]"                 \
                         : "+r"(s_) : "r"(0x1122334455667788ull), "r"(mem) \
                         : "memory");                                   \
        print_val(insn " " r " rs", s_);                                \
        print_val(insn " " r " mem", mem[0]);                           \
    } while (0)

#define CAS_ORDERS(base, sfx, r, expect)                                \
    CAS(base sfx, r, expect); CAS(base "a" sfx, r, expect);             \
    CAS(base "l" sfx, r, expect); CAS(base "al" sfx, r, expect)

#define CAS_ALL(expect_b, expect_h, expect_w, expect_x)                 \
    CAS_ORDERS("cas", "b", "w", expect_b);                              \
    CAS_ORDERS("cas", "h", "w", expect_h);                              \
    CAS_ORDERS("cas", "", "w", expect_w);                               \
    CAS_ORDERS("cas", "", "x", expect_x)

/* CASP: x4:x5 (or w4:w5) expected, x6:x7 new. */
#define CASP(insn, r, e0, e1) do {                                      \
        register uint64_t s0_ __asm__("x4") = (e0);                     \
        register uint64_t s1_ __asm__("x5") = (e1);                     \
        register uint64_t n0_ __asm__("x6") = 0xa0a1a2a3a4a5a6a7ull;    \
        register uint64_t n1_ __asm__("x7") = 0xb0b1b2b3b4b5b6b7ull;    \
        mem[0] = INIT0;                                                 \
        mem[1] = INIT1;                                                 \
        __asm__ volatile(insn " %" r "0, %" r "1, %" r "2, %" r "3, [%4]" \
                         : "+r"(s0_), "+r"(s1_)                         \
                         : "r"(n0_), "r"(n1_), "r"(mem) : "memory");    \
        print_val(insn " " r " rs", s0_);                               \
        print_val(insn " " r " rs+1", s1_);                             \
        print_val(insn " " r " mem0", mem[0]);                          \
        print_val(insn " " r " mem1", mem[1]);                          \
    } while (0)

#define CASP_ORDERS(r, e0, e1)                                          \
    CASP("casp", r, e0, e1); CASP("caspa", r, e0, e1);                  \
    CASP("caspl", r, e0, e1); CASP("caspal", r, e0, e1)

static void test_ldop(void)
{
    ALL_OPERANDS("ldadd");
    ALL_OPERANDS("ldclr");
    ALL_OPERANDS("ldeor");
    ALL_OPERANDS("ldset");
    ALL_OPERANDS("ldsmax");
    ALL_OPERANDS("ldsmin");
    ALL_OPERANDS("ldumax");
    ALL_OPERANDS("ldumin");
    ALL_OPERANDS("swp");
    STOP("stadd", "x", 5);
    STOP("staddlb", "w", 0x80);
    STOP("stclrh", "w", 0xffff);
    STOP("steorl", "w", 0xffffffff);
    STOP("stsetl", "x", 0x1000000000000000ull);
    STOP("stsmaxb", "w", 0x7f);
    STOP("stsminlh", "w", 0x8000);
    STOP("stumax", "x", ~0ull);
    STOP("stuminl", "w", 0);
}

static void test_cas(void)
{
    CAS_ALL(0xff, 0xeeff, 0xccddeeff, INIT0);               /* match */
    CAS_ALL(0x1ff, 0xeefe, 0xccddeefe, INIT0 + 1);          /* differ */
    CAS_ALL(0xffffffffffffffffull, 0x1eeff, 0xffffffffccddeeffull, 0);
    CASP_ORDERS("w", 0xccddeeff, 0x8899aabb);               /* match */
    CASP_ORDERS("w", 0xccddeeff, 0x8899aabc);               /* differ */
    CASP_ORDERS("x", INIT0, INIT1);                         /* match */
    CASP_ORDERS("x", INIT0, INIT1 ^ 1);                     /* differ */
}

#define CRC(insn, r, acc, val) do {                                     \
        uint64_t d_;                                                    \
        __asm__ volatile(insn " %w0, %w1, %" r "2"                      \
                         : "=r"(d_) : "r"((uint64_t)(acc)),             \
                           "r"((uint64_t)(val)));                       \
        print_val(insn, d_);                                            \
    } while (0)

#define CRC_ALL(acc, val)                                               \
    CRC("crc32b", "w", acc, val); CRC("crc32h", "w", acc, val);         \
    CRC("crc32w", "w", acc, val); CRC("crc32x", "x", acc, val);         \
    CRC("crc32cb", "w", acc, val); CRC("crc32ch", "w", acc, val);       \
    CRC("crc32cw", "w", acc, val); CRC("crc32cx", "x", acc, val)

static void test_crc(void)
{
    static const char text[] = "123456789";
    uint32_t c = 0xffffffff, cc = 0xffffffff;

    CRC_ALL(0, 0);
    CRC_ALL(0xffffffff, 0x0123456789abcdefull);
    CRC_ALL(0xffffffff12345678ull, 0xfedcba9876543210ull);
    /* The check values: CRC-32 cbf43926, CRC-32C e3069283. */
    for (int i = 0; text[i]; i++) {
        __asm__("crc32b %w0, %w0, %w1" : "+r"(c) : "r"(text[i]));
        __asm__("crc32cb %w0, %w0, %w1" : "+r"(cc) : "r"(text[i]));
    }
    print_val("crc32 check", ~c);
    print_val("crc32c check", ~cc);
}

int main(void)
{
    test_ldop();
    test_cas();
    test_crc();
    puts_uart("END\n");
    return 0;
}
