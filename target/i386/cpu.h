/*
 * x86-64 CPU state for TCG.
 *
 * The arithmetic flags (OF SF ZF AF PF CF) are lazy: the last flag-setting
 * instruction leaves its kind and size in cc_op and its result and operands
 * in cc_dst/cc_src/cc_src2; cc-helper.c computes the flags from them when
 * something reads them.  eflags holds every other RFLAGS bit (DF, IF, ...).
 * CC_OP_EFLAGS means cc_src already holds the six flags.
 *
 * Segment registers keep the cached descriptor (base, limit, attributes)
 * loaded with the selector, as the hardware does.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include "hw/core/cpu.h"
#include "fpu/softfloat.h"
#include "exec/cpu-defs.h"
#include "exec/exec-all.h"
#include "accel/tcg/tcg-cpu-ops.h"
#include "target/i386/x86-boot.h"

#define TYPE_X86_CPU "x86_64-cpu"

/* General-purpose register numbers (ModRM order). */
enum {
    R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI,
};

/* Segment register numbers (ModRM.reg order of MOV Sreg). */
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS, X86_NB_SEGS };

/* RFLAGS bits. */
#define CC_C    0x0001
#define CC_P    0x0004
#define CC_A    0x0010
#define CC_Z    0x0040
#define CC_S    0x0080
#define CC_O    0x0800
#define CC_ALL  (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)
#define TF_MASK 0x0100
#define IF_MASK 0x0200
#define DF_MASK 0x0400
#define IOPL_MASK 0x3000
#define NT_MASK 0x4000
#define RF_MASK 0x10000
#define VM_MASK 0x20000             /* virtual-8086 mode */
#define AC_MASK 0x40000
#define ID_MASK 0x200000
#define EFLAGS_FIXED 0x0002         /* bit 1 reads as one */

/* Control register and EFER bits we act on. */
#define CR0_PE  (1u << 0)
#define CR0_ET  (1u << 4)
#define CR0_WP  (1u << 16)
#define CR0_MP  (1u << 1)
#define CR0_EM  (1u << 2)
#define CR0_TS  (1u << 3)
#define CR0_NE  (1u << 5)
#define CR0_PG  (1u << 31)
#define CR4_DE  (1u << 3)
#define CR4_PSE (1u << 4)
#define CR4_PAE (1u << 5)
#define CR4_PGE (1u << 7)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)
#define CR4_FSGSBASE (1u << 16)
#define CR4_PCIDE (1u << 17)
#define CR4_OSXSAVE (1u << 18)
#define CR4_SMEP (1u << 20)
#define CR4_SMAP (1u << 21)
#define CR3_NOFLUSH (1ull << 63)     /* MOV to CR3 with CR4.PCIDE */
#define EFER_SCE (1u << 0)
#define EFER_LME (1u << 8)
#define EFER_LMA (1u << 10)
#define EFER_NXE (1u << 11)

/* Descriptor attribute bits as kept in SegmentCache.flags (desc word 2). */
#define DESC_TYPE_SHIFT 8
#define DESC_A_MASK   (1u << 8)      /* code/data: accessed */
#define DESC_W_MASK   (1u << 9)      /* data: writable */
#define DESC_R_MASK   (1u << 9)      /* code: readable */
#define DESC_C_MASK   (1u << 10)     /* code: conforming; data: expand-down */
#define DESC_CS_MASK  (1u << 11)     /* code (with S) */
#define DESC_TSS_BUSY_MASK (1u << 9) /* TSS type 9 -> 0xb */
#define DESC_S_MASK   (1u << 12)
#define DESC_DPL_SHIFT 13
#define DESC_P_MASK   (1u << 15)
#define DESC_L_MASK   (1u << 21)     /* 64-bit code segment */
#define DESC_B_MASK   (1u << 22)     /* default operand size 32 */
#define DESC_G_MASK   (1u << 23)

/* MSRs. */
#define MSR_IA32_TSC        0x10
#define MSR_MTRRCAP         0xfe
#define MSR_SYSENTER_CS     0x174
#define MSR_SYSENTER_ESP    0x175
#define MSR_SYSENTER_EIP    0x176
#define MSR_APIC_BASE       0x1b    /* the board's local APIC owns it */
#define MSR_APIC_BASE_EXTD  (1ull << 10)
#define MSR_MISC_ENABLE     0x1a0
#define MSR_MTRR_VAR0       0x200   /* 8 base/mask pairs: 0x200-0x20f */
#define MSR_MTRR_FIX64K     0x250
#define MSR_MTRR_FIX16K     0x258   /* and 0x259 */
#define MSR_MTRR_FIX4K      0x268   /* 0x268-0x26f */
#define MSR_PAT             0x277
#define MSR_MTRR_DEFTYPE    0x2ff
#define MSR_EFER            0xc0000080
#define MSR_STAR            0xc0000081
#define MSR_LSTAR           0xc0000082
#define MSR_CSTAR           0xc0000083
#define MSR_FMASK           0xc0000084
#define MSR_FSBASE          0xc0000100
#define MSR_GSBASE          0xc0000101
#define MSR_KERNELGSBASE    0xc0000102
#define MSR_TSC_AUX         0xc0000103
#define MSR_AMD64_SYSCFG    0xc0010010  /* K8 and later (the models' family) */
#define MSR_K7_HWCR         0xc0010015
#define MSR_K8_INT_PENDING_MSG 0xc0010055  /* C1E control: read by Linux */

/* MAXPHYADDR (CPUID 0x80000008): higher PTE address bits are reserved. */
#define X86_PHYS_ADDR_BITS  40

#define X86_MTRR_VAR_COUNT  8
#define X86_MTRR_FIX_COUNT  11

/* Exception vectors. */
enum {
    EXCP00_DIVZ = 0, EXCP01_DB, EXCP02_NMI, EXCP03_INT3, EXCP04_INTO,
    EXCP05_BOUND, EXCP06_ILLOP, EXCP07_PREX, EXCP08_DBLE, EXCP09_XERR,
    EXCP0A_TSS, EXCP0B_NOSEG, EXCP0C_STACK, EXCP0D_GPF, EXCP0E_PAGE,
    EXCP13_XMM = 19,
};

/* MXCSR bits. */
#define MXCSR_IE    (1u << 0)           /* flags IE DE ZE OE UE PE: 5:0 */
#define MXCSR_DE    (1u << 1)
#define MXCSR_ZE    (1u << 2)
#define MXCSR_OE    (1u << 3)
#define MXCSR_UE    (1u << 4)
#define MXCSR_PE    (1u << 5)
#define MXCSR_DAZ   (1u << 6)
#define MXCSR_MASK_SHIFT 7              /* masks IM..PM: 12:7 */
#define MXCSR_RC_SHIFT 13
#define MXCSR_FZ    (1u << 15)
#define MXCSR_WRITABLE 0xffffu          /* MXCSR_MASK: the others #GP */
/* exception_index above 0xff: an external interrupt (vector in low byte). */
#define EXCP_X86_IRQ 0x100
/*
 * INT n, INT3 (vector in the low byte): gate DPL checked; rip is the insn
 * and error_code its length.
 */
#define EXCP_X86_SWINT 0x200
/* The NMI (vector 2), blocked until the next IRET. */
#define EXCP_X86_NMI 0x400

/* Lazy flag computation: cc_op = kind * 4 + size (MO_8..MO_64). */
enum {
    CC_KIND_EFLAGS,     /* cc_src = the flags */
    CC_KIND_ADD,        /* dst = src1 + src;  cc_src = src */
    CC_KIND_ADC,        /* dst = src1 + src + cc_src2 */
    CC_KIND_SUB,        /* dst = src1 - src;  cc_src = src */
    CC_KIND_SBB,        /* dst = src1 - src - cc_src2 */
    CC_KIND_LOGIC,      /* CF = OF = 0 */
    CC_KIND_INC,        /* dst = src1 + 1; cc_src2 = CF kept */
    CC_KIND_DEC,        /* dst = src1 - 1; cc_src2 = CF kept */
    CC_KIND_SHL,        /* cc_src = value << (count - 1) */
    CC_KIND_SAR,        /* cc_src = value >> (count - 1) (SHR and SAR) */
    CC_KIND_MUL,        /* cc_src != 0: the product overflowed */
    CC_KIND_NB,
};
#define CC_OP(kind, size) ((kind) * 4 + (size))
#define CC_OP_EFLAGS CC_OP(CC_KIND_EFLAGS, 0)
#define CC_OP_DYNAMIC (-1)          /* translator only: cc_op not known */

typedef struct SegmentCache {
    uint16_t selector;
    uint64_t base;
    uint32_t limit;
    uint32_t flags;                 /* descriptor bits 8..23 of word 2 */
} SegmentCache;

typedef struct DescTable {
    uint64_t base;
    uint32_t limit;
} DescTable;

/* An SSE register, viewed as lanes of each width (host-endian lanes). */
typedef union X86XMMReg {
    uint8_t b[16];
    uint16_t w[8];
    uint32_t l[4];
    uint64_t q[2];
} X86XMMReg;

/* An x87 register; MMX register n is the low 64 bits of physical register n. */
typedef union X86FPReg {
    floatx80 f;
    uint64_t mmx;
} X86FPReg;

typedef struct CPUX86State {
    uint64_t regs[16];
    uint64_t rip;
    uint64_t eflags;                /* without OSZAPC (see above) */
    uint64_t cc_dst, cc_src, cc_src2;
    uint32_t cc_op;
    /*
     * The TB flags that CR0, CR4, EFER and the CS/SS/DS/ES caches decide
     * (x86_update_hflags, called wherever they change): a TB lookup only
     * adds the EFLAGS ones and the interrupt shadow.
     */
    uint32_t hflags;

    SegmentCache segs[X86_NB_SEGS];
    SegmentCache ldt, tr;
    DescTable gdt, idt;

    uint64_t cr[5];                 /* CR0, (CR1), CR2, CR3, CR4 */
    uint64_t cr8;
    uint64_t dr[8];                 /* debug registers (kept, no traps) */
    uint64_t efer;
    uint64_t star, lstar, cstar, fmask, kernelgsbase;
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
    uint64_t tsc_offset;            /* guest TSC = host clock + offset */
    uint64_t tsc_aux;
    uint64_t pat, misc_enable;
    uint64_t amd_syscfg, amd_hwcr;      /* kept as written */
    uint64_t amd_int_pending_msg;       /* kept as written; no C1E */
    uint64_t mtrr_deftype;
    uint64_t mtrr_var[2 * X86_MTRR_VAR_COUNT];  /* base, mask, base, ... */
    uint64_t mtrr_fixed[X86_MTRR_FIX_COUNT];

    /* x87: ST(i) is fpregs[(fpstt + i) & 7]; fptags[n] = 1: n is empty. */
    X86FPReg fpregs[8];
    uint16_t fpuc;                  /* control word */
    uint16_t fpus;                  /* status word, TOP (bits 13:11) clear */
    unsigned fpstt;                 /* TOP */
    uint8_t fptags[8];
    uint16_t fpop;                  /* last non-control opcode (11 bits) */
    uint64_t fpip, fpdp;            /* its instruction and operand pointers */
    uint16_t fpcs, fpds;

    /* SSE. */
    X86XMMReg xmm[16];
    uint32_t mxcsr;
    X86XMMReg xmm_t0;               /* a memory operand loaded for a helper */
    uint64_t xcr0;                  /* XSETBV; bit 0 (x87) always set */

    int error_code;                 /* of the exception being raised */
    bool exception_has_error;
    /*
     * exception_index + 1 of the event whose delivery is under way, 0 when
     * none: a fault during delivery becomes #DF or a triple fault.
     */
    int delivering;
    bool inhibit_irq;               /* STI / MOV SS shadow: one insn */
    bool nmi_blocked;               /* from NMI delivery to the next IRET */
    bool exception_is_soft;         /* INT n / INT3 / INTO: gate DPL checked */
} CPUX86State;

/* Feature words of a model, as CPUID reports them. */
typedef struct X86CPUModel {
    const char *vendor;             /* 12 characters */
    uint32_t family, model, stepping;
    uint32_t cpuid_1_edx, cpuid_1_ecx;
    uint32_t cpuid_ext1_edx, cpuid_ext1_ecx;
    uint32_t max_leaf;
    uint32_t cpuid_7_ebx, cpuid_7_ecx;
    uint32_t max_ext_leaf;
    const char *brand;              /* leaves 0x80000002-4, 48 characters */
    bool host;                      /* KVM only: its supported CPUID */
} X86CPUModel;

typedef struct X86CPU {
    CPUState parent_obj;
    CPUNegativeOffsetState neg;
    CPUX86State env;

    const X86CPUModel *model;
    /* -smp topology (properties "cores", "threads"); APIC ID = cpu_index. */
    uint32_t nr_cores, nr_threads;      /* per socket, per core */
    /* Reset state that a board's boot code asked for (x86-boot.h). */
    bool boot_long_mode;
    X86LongModeEntry boot;
    bool boot_protected_mode;
    X86ProtectedModeEntry boot32;
    /*
     * The INTA cycle of whoever drives gpio input 0 (INTR): returns the
     * vector of the interrupt being taken.  Set by the board.
     */
    int (*intack)(void *opaque);
    void *intack_opaque;
    /* MSRs the CPU does not implement itself (x86-boot.h). */
    X86MSRReadFn *msr_read;
    X86MSRWriteFn *msr_write;
    void *msr_opaque;
    bool is_ap;                     /* waits for INIT/SIPI after reset */
    uint8_t (*sipi_vector)(void *opaque);
    void *sipi_opaque;
    bool wait_sipi;                 /* INIT taken, no SIPI yet */
} X86CPU;
CPU_NEG_CHECK(X86CPU);

typedef struct X86CPUClass {
    CPUClass parent_class;
    const X86CPUModel *model;       /* NULL for the abstract base */
} X86CPUClass;

#define X86_CPU(obj) OBJECT_CHECK(X86CPU, (obj), TYPE_X86_CPU)
#define X86_CPU_CLASS(k) OBJECT_CLASS_CHECK(X86CPUClass, (k), TYPE_X86_CPU)
#define X86_CPU_GET_CLASS(o) OBJECT_GET_CLASS(X86CPUClass, (o), TYPE_X86_CPU)

static inline X86CPU *env_archcpu(CPUX86State *env)
{
    return container_of(env, X86CPU, env);
}

/*
 * MMU indexes.  KERNEL enforces SMAP (when CR4.SMAP is set): CPL 0-2 with
 * EFLAGS.AC clear, and the implicit supervisor accesses (descriptor
 * tables, IDT, TSS) at any CPL.  KERNEL_AC is CPL 0-2 with CR4.SMAP and
 * EFLAGS.AC set (user pages readable and writable).
 */
enum {
    X86_MMU_IDX_KERNEL = 0,
    X86_MMU_IDX_USER = 1,           /* CPL 3 */
    X86_MMU_IDX_KERNEL_AC = 2,
};

/* TB flags: what translated code depends on. */
#define TB_FLAG_CPL_MASK    3u          /* bits 1:0 CPL */
#define TB_FLAG_CS64        (1u << 2)   /* CS.L with EFER.LMA: 64-bit code */
#define TB_FLAG_CS32        (1u << 3)   /* CS.D: 32-bit default size */
#define TB_FLAG_LMA         (1u << 4)
#define TB_FLAG_PG          (1u << 5)
#define TB_FLAG_IOPL_SHIFT  6           /* bits 7:6 IOPL */
#define TB_FLAG_SS          (1u << 8)   /* gdb single step */
#define TB_FLAG_MP          (1u << 9)   /* CR0.MP: WAIT checks TS */
#define TB_FLAG_EM          (1u << 10)  /* CR0.EM: x87 and MMX raise #NM, SSE #UD */
#define TB_FLAG_TS          (1u << 11)  /* CR0.TS: x87/SSE raise #NM */
#define TB_FLAG_OSFXSR      (1u << 12)  /* CR4.OSFXSR: SSE allowed */
#define TB_FLAG_SMAP_AC     (1u << 24)  /* data accesses use KERNEL_AC */
#define TB_FLAG_INHIBIT_IRQ (1u << 25)  /* in an STI / MOV SS shadow */
#define TB_FLAG_SS32        (1u << 13)  /* SS.B: 32-bit stack (not CS64) */
#define TB_FLAG_PE          (1u << 14)  /* CR0.PE: protected mode */
#define TB_FLAG_FLAT        (1u << 15)  /* DS/ES/SS: base 0, 4 GiB, usable */
#define TB_FLAG_VM86        (1u << 27)  /* EFLAGS.VM outside long mode */

/* The argument of helper_rep_bulk (string-helper.c). */
#define REP_BULK_SIZE_MASK  3u          /* log2 element size */
#define REP_BULK_ADDR64     (1u << 2)   /* 64-bit address size, else 32 */
#define REP_BULK_STOS       (1u << 3)   /* STOS, else MOVS */
#define REP_BULK_SEG_SHIFT  4           /* source segment with a base */
#define REP_BULK_SEG_NONE   7u          /* ... none: base 0 */
#define REP_BULK_IDX_SHIFT  8           /* MMU index */

/* Virtual-8086 mode: EFLAGS.VM in protected mode (ignored in long mode). */
static inline bool x86_vm86(const CPUX86State *env)
{
    return (env->eflags & VM_MASK) && (env->cr[0] & CR0_PE) &&
           !(env->efer & EFER_LMA);
}

/* Real mode runs at CPL 0 whatever CS holds, virtual-8086 mode at 3. */
static inline unsigned x86_cpl(const CPUX86State *env)
{
    if (!(env->cr[0] & CR0_PE)) {
        return 0;
    }
    if (x86_vm86(env)) {
        return 3;
    }
    return env->segs[R_CS].selector & 3;
}

/* The MMU index of explicit data accesses at cpl. */
static inline int x86_data_mmu_idx(const CPUX86State *env, unsigned cpl)
{
    if (cpl == 3) {
        return X86_MMU_IDX_USER;
    }
    return (env->cr[4] & CR4_SMAP) && (env->eflags & AC_MASK)
           ? X86_MMU_IDX_KERNEL_AC : X86_MMU_IDX_KERNEL;
}

/* Bits 63:47 all equal (48-bit linear addresses). */
static inline bool x86_canonical(uint64_t addr)
{
    return (uint64_t)(((int64_t)addr << 16) >> 16) == addr;
}

/* Full RFLAGS (lazy flags computed) and its write (only mask bits). */
uint64_t x86_read_eflags(CPUX86State *env);
void x86_write_eflags(CPUX86State *env, uint64_t val, uint64_t mask);
/* OSZAPC from the lazy state (cc-helper.c). */
uint32_t x86_cc_compute_all(uint32_t cc_op, uint64_t dst, uint64_t src,
                            uint64_t src2);

/* Load a segment register's cache directly (reset, boot code, tests). */
void x86_load_seg_cache(CPUX86State *env, int seg, uint16_t sel,
                        uint64_t base, uint32_t limit, uint32_t flags);
/* Recompute env->hflags after a write to CR0, CR4, EFER or a segment. */
void x86_update_hflags(CPUX86State *env);

/* Hooks (translate.c, excp.c, mmu.c). */
void x86_translate_init(void);
void x86_translate_code(CPUState *cs, TranslationBlock *tb, int *max_insns,
                        uint64_t pc, void *host_pc);
void x86_cpu_do_interrupt(CPUState *cs);
bool x86_cpu_exec_interrupt(CPUState *cs, int interrupt_request);
/* Delivery outside long mode: IVT or 32-bit IDT (excp-legacy.c). */
void x86_do_interrupt_legacy(X86CPU *cpu, int vector, bool is_int);
/* Log why, request a guest reset (-no-reboot: exit) and stop the CPU. */
KEMU_NORETURN void x86_triple_fault(CPUX86State *env, const char *why);
bool x86_cpu_tlb_fill(CPUState *cs, uint64_t addr, int size,
                      MMUAccessType access_type, int mmu_idx, bool probe,
                      uintptr_t retaddr);
bool x86_cpu_memory_rw_debug(CPUState *cs, uint64_t addr, uint8_t *buf,
                             size_t len, bool is_write);
/*
 * One address translation (mmu.c) for an access of type by mmu_idx: the
 * physical address, page size and PAGE_* rights, or the #PF error code.
 */
typedef struct X86Walk {
    uint64_t pa;
    uint64_t page_size;
    int prot;
    int error;              /* #PF error code on failure */
} X86Walk;
bool x86_translate(CPUX86State *env, AddressSpace *as, uint64_t va,
                   MMUAccessType type, int mmu_idx, X86Walk *w);
/* Raise exception vector (with an error code, or -1): no return. */
KEMU_NORETURN void x86_raise_exception(CPUX86State *env, int vector,
                                       int error_code, uintptr_t ra);
/* INIT and SIPI as the APIC delivers them (cpu.c). */
void x86_cpu_take_init(X86CPU *cpu);
void x86_cpu_take_sipi(X86CPU *cpu);
/* The guest TSC (misc-helper.c). */
uint64_t x86_read_tsc(CPUX86State *env);
/* CPUID leaf/subleaf as the model answers it (cpu.c). */
void x86_cpuid(X86CPU *cpu, uint32_t leaf, uint32_t subleaf, uint32_t *eax,
               uint32_t *ebx, uint32_t *ecx, uint32_t *edx);

#endif
