/*
 * x86-64 CPU models ("qemu64", "max"): QOM types, reset, CPUID, the
 * monitor's view and the hooks TCG runs the CPU through.
 *
 * CPUID advertises only what the translator implements: the x87 and
 * FXSAVE (max: XSAVE/XSAVEOPT, leaf 0xD), MMX, SSE to SSE3 (max: SSSE3,
 * SSE4.1, SSE4.2, MOVBE, RDRAND, BMI1 and BMI2 too); the APIC bit (max:
 * x2APIC too) where the board wires a local APIC.  ADX and RDSEED are
 * implemented but not advertised yet.  Both models decode TZCNT (F3 0F
 * BC), LZCNT and the VEX-encoded BMI1/BMI2 instructions; AVX is not
 * implemented (VEX forms other than BMI raise #UD).
 */
#include "kemu/osdep.h"
#include "disas/disas.h"
#include "kemu/error.h"
#include "kemu/log.h"
#include "kemu/timer.h"
#include "hw/qdev-properties.h"
#include "exec/exec-all.h"
#include "system/cpus.h"
#include "system/kvm.h"
#include "cpu.h"
#include "fpu-helper.h"

#define CPUID_1_EDX_FPU   (1u << 0)
#define CPUID_1_EDX_PSE   (1u << 3)
#define CPUID_1_EDX_TSC   (1u << 4)
#define CPUID_1_EDX_MSR   (1u << 5)
#define CPUID_1_EDX_PAE   (1u << 6)
#define CPUID_1_EDX_CX8   (1u << 8)
#define CPUID_1_EDX_APIC  (1u << 9)
#define CPUID_1_EDX_SEP   (1u << 11)
#define CPUID_1_EDX_MTRR  (1u << 12)
#define CPUID_1_EDX_PGE   (1u << 13)
#define CPUID_1_EDX_CMOV  (1u << 15)
#define CPUID_1_EDX_PAT   (1u << 16)
#define CPUID_1_EDX_MMX   (1u << 23)
#define CPUID_1_EDX_FXSR  (1u << 24)
#define CPUID_1_EDX_SSE   (1u << 25)
#define CPUID_1_EDX_SSE2  (1u << 26)
#define CPUID_1_EDX_HTT   (1u << 28)
#define CPUID_1_ECX_SSE3  (1u << 0)
#define CPUID_1_ECX_SSSE3 (1u << 9)
#define CPUID_1_ECX_CX16  (1u << 13)
#define CPUID_1_ECX_PCID  (1u << 17)
#define CPUID_1_ECX_SSE41 (1u << 19)
#define CPUID_1_ECX_SSE42 (1u << 20)
#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_ECX_MOVBE (1u << 22)
#define CPUID_1_ECX_XSAVE (1u << 26)
#define CPUID_1_ECX_OSXSAVE (1u << 27)
#define CPUID_1_ECX_RDRAND (1u << 30)
#define CPUID_1_ECX_POPCNT (1u << 23)
#define CPUID_7_EBX_FSGSBASE (1u << 0)
#define CPUID_7_EBX_BMI1  (1u << 3)
#define CPUID_7_EBX_BMI2  (1u << 8)
#define CPUID_7_EBX_SMEP  (1u << 7)
#define CPUID_7_EBX_INVPCID (1u << 10)
#define CPUID_7_EBX_SMAP  (1u << 20)
#define CPUID_7_ECX_RDPID (1u << 22)
#define CPUID_EXT1_EDX_SYSCALL (1u << 11)
#define CPUID_EXT1_EDX_NX (1u << 20)
#define CPUID_EXT1_EDX_RDTSCP (1u << 27)
#define CPUID_EXT1_EDX_LM (1u << 29)
#define CPUID_EXT1_ECX_LAHF (1u << 0)
#define CPUID_EXT1_ECX_ABM (1u << 5)

#define IMPLEMENTED_1_EDX (CPUID_1_EDX_FPU | CPUID_1_EDX_PSE | \
                           CPUID_1_EDX_TSC | CPUID_1_EDX_MSR | \
                           CPUID_1_EDX_PAE | CPUID_1_EDX_CX8 | \
                           CPUID_1_EDX_SEP | CPUID_1_EDX_MTRR | \
                           CPUID_1_EDX_PGE | CPUID_1_EDX_CMOV | \
                           CPUID_1_EDX_PAT | CPUID_1_EDX_MMX | \
                           CPUID_1_EDX_FXSR | CPUID_1_EDX_SSE | \
                           CPUID_1_EDX_SSE2)

/* QEMU's qemu64 identity, less the features Kemu lacks. */
static const X86CPUModel qemu64_model = {
    .vendor = "AuthenticAMD",
    .family = 15, .model = 107, .stepping = 1,
    .cpuid_1_edx = IMPLEMENTED_1_EDX,
    .cpuid_1_ecx = CPUID_1_ECX_SSE3 | CPUID_1_ECX_CX16,
    .cpuid_ext1_edx = CPUID_EXT1_EDX_LM | CPUID_EXT1_EDX_NX |
                      CPUID_EXT1_EDX_SYSCALL,
    .cpuid_ext1_ecx = CPUID_EXT1_ECX_LAHF,
    .max_leaf = 1,
    .max_ext_leaf = 0x80000008,
    .brand = "QEMU Virtual CPU version 2.5+",
};

/* Everything Kemu implements: max, and host's view of itself. */
#define MAX_MODEL_FEATURES                                                    \
    .vendor = "AuthenticAMD",                                                 \
    .family = 15, .model = 107, .stepping = 1,                                \
    .cpuid_1_edx = IMPLEMENTED_1_EDX,                                         \
    .cpuid_1_ecx = CPUID_1_ECX_SSE3 | CPUID_1_ECX_SSSE3 | CPUID_1_ECX_CX16 |  \
                   CPUID_1_ECX_PCID | CPUID_1_ECX_SSE41 | CPUID_1_ECX_SSE42 | \
                   CPUID_1_ECX_MOVBE | CPUID_1_ECX_POPCNT |                   \
                   CPUID_1_ECX_XSAVE | CPUID_1_ECX_RDRAND |                   \
                   CPUID_1_ECX_X2APIC,                                        \
    .cpuid_ext1_edx = CPUID_EXT1_EDX_LM | CPUID_EXT1_EDX_NX |                 \
                      CPUID_EXT1_EDX_SYSCALL | CPUID_EXT1_EDX_RDTSCP,         \
    .cpuid_ext1_ecx = CPUID_EXT1_ECX_LAHF | CPUID_EXT1_ECX_ABM,               \
    .max_leaf = 0xd,                                                          \
    .cpuid_7_ebx = CPUID_7_EBX_FSGSBASE | CPUID_7_EBX_BMI1 |                  \
                   CPUID_7_EBX_SMEP | CPUID_7_EBX_BMI2 |                      \
                   CPUID_7_EBX_INVPCID | CPUID_7_EBX_SMAP,                    \
    .cpuid_7_ecx = CPUID_7_ECX_RDPID,                                         \
    .max_ext_leaf = 0x80000008,

static const X86CPUModel max_model = {
    MAX_MODEL_FEATURES
    .brand = "Kemu TCG CPU (max)",
};

/*
 * -cpu host: under KVM the guest sees KVM_GET_SUPPORTED_CPUID (kvm.c);
 * Kemu's own code (reset, XSAVE layout) works with max's features.
 */
static const X86CPUModel host_model = {
    MAX_MODEL_FEATURES
    .brand = "Kemu host CPU",
    .host = true,
};

static uint32_t str4(const char *s)
{
    uint32_t v = 0;

    for (int i = 0; i < 4 && s[i]; i++) {
        v |= (uint32_t)(uint8_t)s[i] << (8 * i);
    }
    return v;
}

/* Characters 4*i.. of the 48-byte, NUL-padded brand string. */
static uint32_t brand_word(const char *brand, int i)
{
    char buf[49] = { 0 };

    g_strlcpy(buf, brand, sizeof(buf));
    return str4(buf + 4 * i);
}

/* Bits of the APIC ID that number n things (cores or threads). */
static uint32_t topo_bits(uint32_t n)
{
    return n > 1 ? 32 - __builtin_clz(n - 1) : 0;
}

/* Leaf 0xB: level 0 the threads of a core, 1 the cores of a socket. */
static void cpuid_x2apic_topology(X86CPU *cpu, uint32_t subleaf, uint32_t r[4])
{
    uint32_t tbits = topo_bits(cpu->nr_threads);

    r[2] = subleaf & 0xff;
    r[3] = CPU(cpu)->cpu_index;
    if (subleaf == 0) {
        r[0] = tbits;
        r[1] = cpu->nr_threads;
        r[2] |= 1 << 8;                 /* SMT */
    } else if (subleaf == 1) {
        r[0] = tbits + topo_bits(cpu->nr_cores);
        r[1] = cpu->nr_cores * cpu->nr_threads;
        r[2] |= 2 << 8;                 /* core */
    }
}

void x86_cpuid(X86CPU *cpu, uint32_t leaf, uint32_t subleaf, uint32_t *eax,
               uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
{
    const X86CPUModel *m = cpu->model;
    uint32_t logical = cpu->nr_cores * cpu->nr_threads;
    uint32_t r[4] = { 0 };

    switch (leaf) {
    case 0:
        r[0] = m->max_leaf;
        r[1] = str4(m->vendor);
        r[3] = str4(m->vendor + 4);
        r[2] = str4(m->vendor + 8);
        break;
    case 1:
        r[0] = (m->stepping & 0xf) | ((m->model & 0xf) << 4) |
               ((MIN(m->family, 15u)) << 8) | ((m->model >> 4) << 16) |
               ((m->family > 15 ? m->family - 15 : 0) << 20);
        r[1] = CPU(cpu)->cpu_index << 24;
        if (logical > 1) {
            r[1] |= logical << 16;
        }
        r[2] = m->cpuid_1_ecx;
        if (!cpu->msr_read) {
            r[2] &= ~CPUID_1_ECX_X2APIC;    /* the board has no local APIC */
        }
        if ((m->cpuid_1_ecx & CPUID_1_ECX_XSAVE) &&
            (cpu->env.cr[4] & CR4_OSXSAVE)) {
            r[2] |= CPUID_1_ECX_OSXSAVE;
        }
        r[3] = m->cpuid_1_edx | (cpu->msr_read ? CPUID_1_EDX_APIC : 0) |
               (logical > 1 ? CPUID_1_EDX_HTT : 0);
        break;
    case 7:
        if (subleaf == 0 && m->max_leaf >= 7) {
            r[1] = m->cpuid_7_ebx;
            r[2] = m->cpuid_7_ecx;
        }
        break;
    case 0xb:
        if (m->max_leaf >= 0xb) {
            cpuid_x2apic_topology(cpu, subleaf, r);
        }
        break;
    case 0xd:
        if (m->cpuid_1_ecx & CPUID_1_ECX_XSAVE) {
            x86_cpuid_xsave(&cpu->env, subleaf, r);
        }
        break;
    case 0x80000000:
        r[0] = m->max_ext_leaf;
        r[1] = str4(m->vendor);
        r[3] = str4(m->vendor + 4);
        r[2] = str4(m->vendor + 8);
        break;
    case 0x80000001:
        r[0] = 0;
        r[2] = m->cpuid_ext1_ecx;
        r[3] = m->cpuid_ext1_edx;
        break;
    case 0x80000002 ... 0x80000004:
        for (int i = 0; i < 4; i++) {
            r[i] = brand_word(m->brand, (leaf - 0x80000002) * 4 + i);
        }
        break;
    case 0x80000008:
        /* The page walk's MAXPHYADDR (mmu.c) and 48-bit linear addresses. */
        r[0] = X86_PHYS_ADDR_BITS | (48 << 8);
        /* AMD: threads per package - 1, the APIC ID bits numbering them. */
        r[2] = (logical - 1) |
               (topo_bits(cpu->nr_cores) + topo_bits(cpu->nr_threads)) << 12;
        break;
    default:
        break;          /* unknown leaves read as zeros */
    }
    *eax = r[0], *ebx = r[1], *ecx = r[2], *edx = r[3];
}

void x86_load_seg_cache(CPUX86State *env, int seg, uint16_t sel,
                        uint64_t base, uint32_t limit, uint32_t flags)
{
    env->segs[seg] = (SegmentCache) { sel, base, limit, flags };
    x86_update_hflags(env);
}

/* The state a board's boot code asked for (x86-boot.h). */
static void x86_enter_long_mode(CPUX86State *env, const X86LongModeEntry *e)
{
    uint32_t code = DESC_P_MASK | DESC_S_MASK | (0xbu << DESC_TYPE_SHIFT) |
                    DESC_L_MASK | DESC_G_MASK;
    uint32_t data = DESC_P_MASK | DESC_S_MASK | (3u << DESC_TYPE_SHIFT) |
                    DESC_B_MASK | DESC_G_MASK;

    env->cr[0] = CR0_PE | CR0_ET | CR0_PG;
    env->cr[3] = e->cr3;
    env->cr[4] = CR4_PAE;
    env->efer = EFER_LME | EFER_LMA;
    env->gdt.base = e->gdt_base;
    env->gdt.limit = e->gdt_limit;
    env->idt.base = 0;
    env->idt.limit = 0;
    for (int i = 0; i < X86_NB_SEGS; i++) {
        x86_load_seg_cache(env, i, e->data_sel, 0, 0xffffffff, data);
    }
    x86_load_seg_cache(env, R_CS, e->code_sel, 0, 0xffffffff, code);
    env->rip = e->rip;
    env->regs[R_ESP] = e->rsp;
    env->regs[R_ESI] = e->rsi;
    env->regs[R_EDX] = 0;
}

/* The multiboot state: flat 32-bit protected mode, paging off. */
static void x86_enter_protected_mode(CPUX86State *env,
                                     const X86ProtectedModeEntry *e)
{
    uint32_t code = DESC_P_MASK | DESC_S_MASK | (0xbu << DESC_TYPE_SHIFT) |
                    DESC_B_MASK | DESC_G_MASK;
    uint32_t data = DESC_P_MASK | DESC_S_MASK | (3u << DESC_TYPE_SHIFT) |
                    DESC_B_MASK | DESC_G_MASK;

    env->cr[0] = CR0_PE | CR0_ET;
    for (int i = 0; i < X86_NB_SEGS; i++) {
        x86_load_seg_cache(env, i, 0x10, 0, 0xffffffff, data);
    }
    x86_load_seg_cache(env, R_CS, 0x08, 0, 0xffffffff, code);
    env->gdt.limit = env->idt.limit = 0;
    env->rip = e->eip;
    env->regs[R_EAX] = e->eax;
    env->regs[R_EBX] = e->ebx;
}

/* FNINIT's x87 state and the power-on MXCSR. */
static void x86_fpu_reset(CPUX86State *env)
{
    env->fpuc = 0x37f;
    memset(env->fptags, 1, sizeof(env->fptags));
    env->mxcsr = 0x1f80;
    env->xcr0 = 1;
}

/* Power-on state: real mode at F000:FFF0, as the hardware. */
static void x86_cpu_reset(DeviceState *dev)
{
    X86CPU *cpu = X86_CPU(dev);
    CPUX86State *env = &cpu->env;
    uint32_t data = DESC_P_MASK | DESC_S_MASK | (2u << DESC_TYPE_SHIFT);

    memset(env, 0, sizeof(*env));
    env->cc_op = CC_OP_EFLAGS;
    env->eflags = EFLAGS_FIXED;
    env->cr[0] = 0x60000010;
    env->rip = 0xfff0;
    env->regs[R_EDX] = 0x600 | (cpu->model->family << 8);
    for (int i = 0; i < X86_NB_SEGS; i++) {
        x86_load_seg_cache(env, i, 0, 0, 0xffff, data);
    }
    x86_load_seg_cache(env, R_CS, 0xf000, 0xffff0000, 0xffff,
                       DESC_P_MASK | DESC_S_MASK | (0xbu << DESC_TYPE_SHIFT));
    env->gdt.limit = env->idt.limit = 0xffff;
    x86_fpu_reset(env);
    env->pat = 0x0007040600070406ull;
    env->dr[6] = 0xffff0ff0;
    env->dr[7] = 0x400;
    env->misc_enable = 1;               /* fast strings */
    if (cpu->boot_long_mode) {
        x86_enter_long_mode(env, &cpu->boot);
    } else if (cpu->boot_protected_mode) {
        x86_enter_protected_mode(env, &cpu->boot32);
    }
    x86_update_hflags(env);
    cpu->wait_sipi = cpu->is_ap;
    CPU(cpu)->halted = cpu->is_ap;
    CPU(cpu)->exception_index = -1;
    cpu_synchronize_post_reset(CPU(cpu));      /* KVM: load it before running */
}

/* INIT: the power-on state, then halted until a SIPI. */
void x86_cpu_take_init(X86CPU *cpu)
{
    bool ap = cpu->is_ap, lm = cpu->boot_long_mode;

    cpu->is_ap = true;
    cpu->boot_long_mode = false;
    x86_cpu_reset(DEVICE(cpu));
    cpu->is_ap = ap;
    cpu->boot_long_mode = lm;
}

/* SIPI: real mode at vector << 12 (CS = vector << 8, IP = 0). */
void x86_cpu_take_sipi(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    uint8_t vector = cpu->sipi_vector ? cpu->sipi_vector(cpu->sipi_opaque)
                                      : 0;

    x86_load_seg_cache(env, R_CS, vector << 8, vector << 12, 0xffff,
                       env->segs[R_CS].flags);
    env->rip = 0;
    cpu->wait_sipi = false;
    CPU(cpu)->halted = false;
}

void x86_cpu_set_ap(CPUState *cs, uint8_t (*sipi_vector)(void *opaque),
                    void *opaque)
{
    X86CPU *cpu = X86_CPU(cs);

    cpu->is_ap = true;
    cpu->sipi_vector = sipi_vector;
    cpu->sipi_opaque = opaque;
    x86_cpu_reset(DEVICE(cpu));
}

uint64_t x86_cpu_get_tsc(CPUState *cs)
{
    return x86_read_tsc(&X86_CPU(cs)->env);
}

void x86_cpu_set_long_mode_entry(CPUState *cs, const X86LongModeEntry *e)
{
    X86CPU *cpu = X86_CPU(cs);

    cpu->boot = *e;
    cpu->boot_long_mode = true;
    x86_cpu_reset(DEVICE(cpu));
}

void x86_cpu_set_protected_mode_entry(CPUState *cs,
                                      const X86ProtectedModeEntry *e)
{
    X86CPU *cpu = X86_CPU(cs);

    cpu->boot32 = *e;
    cpu->boot_protected_mode = true;
    x86_cpu_reset(DEVICE(cpu));
}

void x86_cpu_set_intack(CPUState *cs, int (*intack)(void *opaque),
                        void *opaque)
{
    X86_CPU(cs)->intack = intack;
    X86_CPU(cs)->intack_opaque = opaque;
}

void x86_cpu_set_msr_hook(CPUState *cs, X86MSRReadFn *read,
                          X86MSRWriteFn *write, void *opaque)
{
    X86_CPU(cs)->msr_read = read;
    X86_CPU(cs)->msr_write = write;
    X86_CPU(cs)->msr_opaque = opaque;
}

static void x86_cpu_set_irq(void *opaque, int line, int level)
{
    CPUState *cs = opaque;

    if (level) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    } else {
        cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    }
}

static void x86_cpu_instance_init(Object *obj)
{
    X86CPU *cpu = X86_CPU(obj);
    X86CPUClass *xcc = X86_CPU_GET_CLASS(obj);
    CPUState *cs = CPU(obj);

    cs->env_ptr = &cpu->env;
    cs->neg = &cpu->neg;
    cpu->neg.cpu = cs;
    cpu->model = xcc->model ? xcc->model : &qemu64_model;
    qdev_init_gpio_in(DEVICE(obj), x86_cpu_set_irq, 1);
}

static bool x86_cpu_realize(CPUState *cs, Error **errp)
{
    if (X86_CPU(cs)->model->host && !kvm_enabled()) {
        error_setg(errp, "CPU model 'host' requires KVM");
        return false;
    }
    x86_cpu_reset(DEVICE(cs));
    return true;
}

static void dump_seg(GString *out, const char *name, const SegmentCache *sc)
{
    g_string_append_printf(out, "%-3s=%04x %016" PRIx64 " %08x %08x\n", name,
                           sc->selector, sc->base, sc->limit, sc->flags);
}

static void x86_cpu_dump_state(CPUState *cs, GString *out)
{
    static const char names[16][4] = {
        "RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15",
    };
    static const char seg_names[X86_NB_SEGS][3] = {
        "ES", "CS", "SS", "DS", "FS", "GS",
    };
    CPUX86State *env = &X86_CPU(cs)->env;
    uint64_t fl = x86_read_eflags(env);

    for (int i = 0; i < 16; i++) {
        g_string_append_printf(out, "%-3s=%016" PRIx64 "%s", names[i],
                               env->regs[i], (i & 3) == 3 ? "\n" : " ");
    }
    g_string_append_printf(out, "RIP=%016" PRIx64 " RFL=%08" PRIx64
                           " [%c%c%c%c%c%c%c] CPL=%u\n", env->rip, fl,
                           fl & DF_MASK ? 'D' : '-', fl & CC_O ? 'O' : '-',
                           fl & CC_S ? 'S' : '-', fl & CC_Z ? 'Z' : '-',
                           fl & CC_A ? 'A' : '-', fl & CC_P ? 'P' : '-',
                           fl & CC_C ? 'C' : '-', x86_cpl(env));
    for (int i = 0; i < X86_NB_SEGS; i++) {
        dump_seg(out, seg_names[i], &env->segs[i]);
    }
    dump_seg(out, "LDT", &env->ldt);
    dump_seg(out, "TR", &env->tr);
    g_string_append_printf(out, "GDT=     %016" PRIx64 " %08x\n"
                           "IDT=     %016" PRIx64 " %08x\n",
                           env->gdt.base, env->gdt.limit, env->idt.base,
                           env->idt.limit);
    g_string_append_printf(out, "CR0=%08" PRIx64 " CR2=%016" PRIx64
                           " CR3=%016" PRIx64 " CR4=%08" PRIx64 "\n",
                           env->cr[0], env->cr[2], env->cr[3], env->cr[4]);
    g_string_append_printf(out, "EFER=%016" PRIx64 "\n", env->efer);
}

static bool x86_cpu_has_work(CPUState *cs)
{
    X86CPU *cpu = X86_CPU(cs);
    CPUX86State *env = &cpu->env;

    if (cs->interrupt_request & CPU_INTERRUPT_INIT) {
        return true;
    }
    if (cpu->wait_sipi) {
        return cs->interrupt_request & CPU_INTERRUPT_SIPI;
    }
    return ((cs->interrupt_request & CPU_INTERRUPT_HARD) &&
            (env->eflags & IF_MASK)) ||
           ((cs->interrupt_request & CPU_INTERRUPT_NMI) && !env->nmi_blocked);
}

static uint64_t x86_cpu_get_pc(CPUState *cs)
{
    return X86_CPU(cs)->env.rip;
}

static void x86_cpu_set_pc(CPUState *cs, uint64_t pc)
{
    X86_CPU(cs)->env.rip = pc;
}

/* A present, not expand-down segment of base 0 and limit 4 GiB. */
static bool seg_is_flat(const SegmentCache *sc)
{
    return sc->base == 0 && sc->limit == 0xffffffff &&
           (sc->flags & DESC_P_MASK) &&
           (sc->flags & (DESC_CS_MASK | DESC_C_MASK)) != DESC_C_MASK;
}

/*
 * CPL here is CS.RPL in protected mode (virtual-8086 mode, an EFLAGS
 * bit, makes it 3 at lookup).
 */
void x86_update_hflags(CPUX86State *env)
{
    bool pe = env->cr[0] & CR0_PE;
    uint32_t f = pe ? env->segs[R_CS].selector & 3 : 0;

    if ((env->efer & EFER_LMA) && (env->segs[R_CS].flags & DESC_L_MASK)) {
        f |= TB_FLAG_CS64;
    } else {
        f |= (env->segs[R_CS].flags & DESC_B_MASK) ? TB_FLAG_CS32 : 0;
        f |= (env->segs[R_SS].flags & DESC_B_MASK) ? TB_FLAG_SS32 : 0;
        if (seg_is_flat(&env->segs[R_DS]) && seg_is_flat(&env->segs[R_ES]) &&
            seg_is_flat(&env->segs[R_SS])) {
            f |= TB_FLAG_FLAT;
        }
    }
    f |= pe ? TB_FLAG_PE : 0;
    f |= (env->efer & EFER_LMA) ? TB_FLAG_LMA : 0;
    f |= (env->cr[0] & CR0_PG) ? TB_FLAG_PG : 0;
    f |= (env->cr[0] & CR0_MP) ? TB_FLAG_MP : 0;
    f |= (env->cr[0] & CR0_EM) ? TB_FLAG_EM : 0;
    f |= (env->cr[0] & CR0_TS) ? TB_FLAG_TS : 0;
    f |= (env->cr[4] & CR4_OSFXSR) ? TB_FLAG_OSFXSR : 0;
    env->hflags = f;
}

/* The flags of EFLAGS.VM (CPL 3) and EFLAGS.AC (SMAP's KERNEL_AC index). */
static uint32_t tb_flags_vm_ac(const CPUX86State *env, uint32_t f)
{
    if (x86_vm86(env)) {
        f |= TB_FLAG_VM86 | TB_FLAG_CPL_MASK;
    }
    if (x86_data_mmu_idx(env, f & TB_FLAG_CPL_MASK) ==
        X86_MMU_IDX_KERNEL_AC) {
        f |= TB_FLAG_SMAP_AC;
    }
    return f;
}

static void x86_get_tb_cpu_state(CPUState *cs, uint64_t *pc,
                                 uint64_t *cs_base, uint32_t *flags)
{
    /* Unchecked: every TB lookup comes here, a checked cast costs ~1%. */
    CPUX86State *env = &container_of(cs, X86CPU, parent_obj)->env;
    uint64_t fl = env->eflags;
    uint32_t f = env->hflags;

    f |= ((fl & IOPL_MASK) >> 12) << TB_FLAG_IOPL_SHIFT;
    if (fl & (VM_MASK | AC_MASK)) {
        f = tb_flags_vm_ac(env, f);
    }
    f |= env->inhibit_irq ? TB_FLAG_INHIBIT_IRQ : 0;
    /* The TB's pc is linear: CS.base + EIP (0 + RIP in 64-bit mode). */
    if (f & TB_FLAG_CS64) {
        *cs_base = 0;
        *pc = env->rip;
    } else {
        *cs_base = env->segs[R_CS].base;
        *pc = (uint32_t)(*cs_base + env->rip);
    }
    *flags = f;
}

/* EIP of linear pc in tb's code segment. */
static uint64_t tb_eip(const TranslationBlock *tb, uint64_t pc)
{
    if (tb->flags & TB_FLAG_CS64) {
        return pc;
    }
    pc -= tb->cs_base;
    return (tb->flags & TB_FLAG_CS32) ? (uint32_t)pc : (uint16_t)pc;
}

static void x86_synchronize_from_tb(CPUState *cs, const TranslationBlock *tb)
{
    X86_CPU(cs)->env.rip = tb_eip(tb, tb->pc);
}

static void x86_restore_state_to_opc(CPUState *cs, const TranslationBlock *tb,
                                     const uint64_t *data)
{
    X86_CPU(cs)->env.rip = tb_eip(tb, data[0]);
}

static int x86_mmu_index(CPUState *cs, bool ifetch)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    if (ifetch) {
        return x86_cpl(env) == 3 ? X86_MMU_IDX_USER : X86_MMU_IDX_KERNEL;
    }
    return x86_data_mmu_idx(env, x86_cpl(env));
}

static void x86_disas_log(CPUState *cs, GString *out, const void *code,
                          size_t len, uint64_t pc)
{
    disas_append(out, DISAS_X86_64, code, len, pc);
}

/* x86 allows misaligned accesses; only a split-locked one lands here. */
static void x86_do_unaligned_access(CPUState *cs, uint64_t addr,
                                    MMUAccessType access_type, int mmu_idx,
                                    uintptr_t retaddr)
{
    kemu_log_mask(LOG_UNIMP, "x86: misaligned locked access at 0x%" PRIx64
                  " (split locks are not implemented): #AC\n", addr);
    x86_raise_exception(&X86_CPU(cs)->env, 17, 0, retaddr);
}

/*
 * MTTCG: LOCK'd read-modify-writes and XCHG are host atomics; x86 keeps
 * its own TLBs coherent with IPIs, so local flushes are enough.
 */
static const TCGCPUOps x86_tcg_ops = {
    .mttcg_supported = true,
    .initialize = x86_translate_init,
    .mmu_index = x86_mmu_index,
    .disas_log = x86_disas_log,
    .translate_code = x86_translate_code,
    .get_tb_cpu_state = x86_get_tb_cpu_state,
    .synchronize_from_tb = x86_synchronize_from_tb,
    .restore_state_to_opc = x86_restore_state_to_opc,
    .cpu_exec_interrupt = x86_cpu_exec_interrupt,
    .do_interrupt = x86_cpu_do_interrupt,
    .tlb_fill = x86_cpu_tlb_fill,
    .do_unaligned_access = x86_do_unaligned_access,
};

static const Property x86_cpu_props[] = {
    DEFINE_PROP_UINT32("cores", X86CPU, nr_cores, 1),
    DEFINE_PROP_UINT32("threads", X86CPU, nr_threads, 1),
    DEFINE_PROP_END_OF_LIST(),
};

static void x86_cpu_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    CPUClass *cc = CPU_CLASS(klass);

    dc->reset = x86_cpu_reset;
    device_class_set_props(dc, x86_cpu_props);
    cc->arch = "x86_64";
    cc->realize = x86_cpu_realize;
    cc->dump_state = x86_cpu_dump_state;
    cc->has_work = x86_cpu_has_work;
    cc->get_pc = x86_cpu_get_pc;
    cc->set_pc = x86_cpu_set_pc;
    cc->memory_rw_debug = x86_cpu_memory_rw_debug;
    cc->tcg_ops = &x86_tcg_ops;
}

static const TypeInfo x86_cpu_type_info = {
    .name = TYPE_X86_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(X86CPU),
    .instance_init = x86_cpu_instance_init,
    .class_size = sizeof(X86CPUClass),
    .class_init = x86_cpu_class_init,
    .abstract = true,
};

static void x86_cpu_model_class_init(ObjectClass *klass, const void *data)
{
    X86_CPU_CLASS(klass)->model = data;
}

/* Model types are named as cpu_model_type_name("x86_64", model) says. */
static const TypeInfo x86_cpu_models[] = {
    {
        .name = "qemu64-x86_64-cpu",
        .parent = TYPE_X86_CPU,
        .class_init = x86_cpu_model_class_init,
        .class_data = &qemu64_model,
    }, {
        .name = "max-x86_64-cpu",
        .parent = TYPE_X86_CPU,
        .class_init = x86_cpu_model_class_init,
        .class_data = &max_model,
    }, {
        .name = "host-x86_64-cpu",
        .parent = TYPE_X86_CPU,
        .class_init = x86_cpu_model_class_init,
        .class_data = &host_model,
    },
};

static void x86_cpu_register_types(void)
{
    type_register_static(&x86_cpu_type_info);
    for (size_t i = 0; i < G_N_ELEMENTS(x86_cpu_models); i++) {
        type_register_static(&x86_cpu_models[i]);
    }
}
type_init(x86_cpu_register_types)
