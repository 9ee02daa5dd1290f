/*
 * x86-64 under KVM: the VM's kernel irqchip and PIT, CPUID from the -cpu
 * model cut to what KVM supports, and CPUX86State <-> KVM registers
 * (GPRs, segments and control registers, the MSRs Kemu keeps, x87/SSE).
 */
#include "kemu/osdep.h"
#include "kemu/error.h"
#include "accel/kvm/kvm-int.h"
#include "cpu.h"
#include "fpu-helper.h"
#include "system/kvm.h"
#include "kvm-cpuid.h"
#include <asm/kvm_para.h>
#include <sys/ioctl.h>

/* Where QEMU puts them too: below the BIOS, above the PCI holes' use. */
#define KVM_IDENTITY_MAP_ADDR 0xfeffc000ull
#define KVM_TSS_ADDR (KVM_IDENTITY_MAP_ADDR + 0x1000)
#define KVM_CPUID_MAX 256
#define KVM_CPUID_SIGNATURE 0x40000000
#define KVM_CPUID_FEATURES 0x40000001
#define MSR_APIC_BASE_BSP (1ull << 8)
#define MSR_APIC_BASE_ENABLE (1ull << 11)
#define APIC_DEFAULT_BASE 0xfee00000ull
#define IOAPIC_PINS 24
/* kvmclock (both MSR sets), the NOP I/O delay, the stable-clock bit. */
#define KVM_PV_FEATURES ((1u << KVM_FEATURE_CLOCKSOURCE) | \
                         (1u << KVM_FEATURE_NOP_IO_DELAY) | \
                         (1u << KVM_FEATURE_CLOCKSOURCE2) | \
                         (1u << KVM_FEATURE_CLOCKSOURCE_STABLE_BIT))

const KVMCapInfo kvm_arch_required_caps[] = {
    { "KVM_CAP_USER_MEMORY", KVM_CAP_USER_MEMORY },
    { "KVM_CAP_SET_TSS_ADDR", KVM_CAP_SET_TSS_ADDR },
    { "KVM_CAP_EXT_CPUID", KVM_CAP_EXT_CPUID },
    { "KVM_CAP_IRQCHIP", KVM_CAP_IRQCHIP },
    { "KVM_CAP_IRQ_ROUTING", KVM_CAP_IRQ_ROUTING },
    { "KVM_CAP_PIT2", KVM_CAP_PIT2 },
    { "KVM_CAP_SIGNAL_MSI", KVM_CAP_SIGNAL_MSI },
    { "KVM_CAP_MP_STATE", KVM_CAP_MP_STATE },
    { "KVM_CAP_VCPU_EVENTS", KVM_CAP_VCPU_EVENTS },
    { "KVM_CAP_IMMEDIATE_EXIT", KVM_CAP_IMMEDIATE_EXIT },
    { NULL, 0 },
};

static struct kvm_cpuid2 *kvm_supported_cpuid;

bool kvm_arch_supports(const char *arch, Error **errp)
{
    if (strcmp(arch, "x86_64")) {
        error_setg(errp, "cannot run %s guests on this host", arch);
        return false;
    }
    return true;
}

/* ---- VM ---- */

/*
 * KVM's gsi n < 16 is ISA IRQ n, on its 8259 input and I/O APIC pin, but
 * IRQ0 (the in-kernel PIT raises gsi 0) is on pin 2 as the MADT's override
 * says; gsi 16-23 are the PCI pins 16-23; KVM_X86_GSI_PIC_ONLY + n is 8259
 * input n alone (the PIIX3's routed PIRQs).
 */
static bool kvm_setup_irq_routing(Error **errp)
{
    for (uint32_t gsi = 0; gsi < IOAPIC_PINS; gsi++) {
        if (gsi == 2) {
            continue;                   /* the cascade; IRQ0 has its pin */
        }
        if (gsi < 8) {
            kvm_irqchip_add_route(gsi, KVM_IRQCHIP_PIC_MASTER, gsi);
        } else if (gsi < 16) {
            kvm_irqchip_add_route(gsi, KVM_IRQCHIP_PIC_SLAVE, gsi - 8);
        }
        kvm_irqchip_add_route(gsi, KVM_IRQCHIP_IOAPIC, gsi ? gsi : 2);
    }
    for (uint32_t n = 0; n < 16; n++) {
        uint32_t chip = n < 8 ? KVM_IRQCHIP_PIC_MASTER : KVM_IRQCHIP_PIC_SLAVE;

        if (n != 2) {
            kvm_irqchip_add_route(KVM_X86_GSI_PIC_ONLY + n, chip, n & 7);
        }
    }
    return kvm_irqchip_commit_routes(errp);
}

static bool kvm_get_supported_cpuid(Error **errp)
{
    struct kvm_cpuid2 *c = g_malloc0(sizeof(*c) + KVM_CPUID_MAX *
                                     sizeof(c->entries[0]));

    c->nent = KVM_CPUID_MAX;
    if (ioctl(kvm_dev_fd, KVM_GET_SUPPORTED_CPUID, c) < 0) {
        error_setg(errp, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
        g_free(c);
        return false;
    }
    kvm_supported_cpuid = c;
    return true;
}

bool kvm_arch_init_vm(Error **errp)
{
    uint64_t identity = KVM_IDENTITY_MAP_ADDR;
    struct kvm_pit_config pit = { .flags = 0 };

    if (kvm_check_extension(KVM_CAP_SET_IDENTITY_MAP_ADDR) > 0 &&
        kvm_vm_ioctl(KVM_SET_IDENTITY_MAP_ADDR, &identity) < 0) {
        error_setg(errp, "KVM_SET_IDENTITY_MAP_ADDR: %s", strerror(errno));
        return false;
    }
    if (kvm_vm_ioctl(KVM_SET_TSS_ADDR, (void *)(uintptr_t)KVM_TSS_ADDR) < 0) {
        error_setg(errp, "KVM_SET_TSS_ADDR: %s", strerror(errno));
        return false;
    }
    if (kvm_vm_ioctl(KVM_CREATE_IRQCHIP, NULL) < 0) {
        error_setg(errp, "KVM_CREATE_IRQCHIP: %s", strerror(errno));
        return false;
    }
    kvm_kernel_irqchip = true;
    if (!kvm_setup_irq_routing(errp)) {
        return false;
    }
    if (kvm_vm_ioctl(KVM_CREATE_PIT2, &pit) < 0) {
        error_setg(errp, "KVM_CREATE_PIT2: %s", strerror(errno));
        return false;
    }
    return kvm_get_supported_cpuid(errp);
}

/* ---- CPUID ---- */

static const uint32_t *supported_leaf(uint32_t leaf, uint32_t subleaf)
{
    for (uint32_t i = 0; i < kvm_supported_cpuid->nent; i++) {
        struct kvm_cpuid_entry2 *e = &kvm_supported_cpuid->entries[i];

        if (e->function == leaf &&
            (!(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) ||
             e->index == subleaf)) {
            return &e->eax;
        }
    }
    return NULL;
}

static void add_cpuid(struct kvm_cpuid2 *c, uint32_t leaf, uint32_t subleaf,
                      const uint32_t r[4])
{
    bool indexed = leaf == 4 || leaf == 7 || leaf == 0xb || leaf == 0xd;

    assert(c->nent < KVM_CPUID_MAX);
    c->entries[c->nent++] = (struct kvm_cpuid_entry2) {
        .function = leaf,
        .index = subleaf,
        .flags = indexed ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0,
        .eax = r[0], .ebx = r[1], .ecx = r[2], .edx = r[3],
    };
}

static void add_model_leaf(X86CPU *cpu, struct kvm_cpuid2 *c, uint32_t leaf,
                           uint32_t subleaf)
{
    uint32_t r[4];

    x86_cpuid(cpu, leaf, subleaf, &r[0], &r[1], &r[2], &r[3]);
    if (leaf == 1) {
        /* The model's x2APIC: the kernel's local APIC implements it. */
        r[2] |= cpu->model->cpuid_1_ecx & X86_CPUID_1_ECX_X2APIC;
    }
    x86_kvm_cpuid_merge(leaf, subleaf, r, supported_leaf(leaf, subleaf));
    add_cpuid(c, leaf, subleaf, r);
}

static void add_kvm_leaves(struct kvm_cpuid2 *c)
{
    const uint32_t *sup = supported_leaf(KVM_CPUID_FEATURES, 0);
    uint32_t sig[4] = { KVM_CPUID_FEATURES };
    uint32_t features[4] = { sup ? sup[0] & KVM_PV_FEATURES : 0 };

    memcpy(&sig[1], "KVMKVMKVM\0\0\0", 12);
    add_cpuid(c, KVM_CPUID_SIGNATURE, 0, sig);
    add_cpuid(c, KVM_CPUID_FEATURES, 0, features);
}

/* -cpu host: every leaf KVM supports, as it gives them (but the APIC ID). */
static void add_host_leaves(X86CPU *cpu, struct kvm_cpuid2 *c)
{
    for (uint32_t i = 0; i < kvm_supported_cpuid->nent; i++) {
        const struct kvm_cpuid_entry2 *e = &kvm_supported_cpuid->entries[i];
        uint32_t r[4] = { e->eax, e->ebx, e->ecx, e->edx };

        if (e->function >= KVM_CPUID_SIGNATURE &&
            e->function < KVM_CPUID_SIGNATURE + 0x100) {
            continue;               /* add_kvm_leaves: Kemu's choice */
        }
        x86_kvm_cpuid_host(e->function, r, CPU(cpu)->cpu_index);
        assert(c->nent < KVM_CPUID_MAX);
        c->entries[c->nent] = *e;
        c->entries[c->nent].eax = r[0];
        c->entries[c->nent].ebx = r[1];
        c->entries[c->nent].ecx = r[2];
        c->entries[c->nent++].edx = r[3];
    }
}

/* The -cpu model's leaves, cut to what KVM supports. */
static void add_model_leaves(X86CPU *cpu, struct kvm_cpuid2 *c)
{
    uint32_t max, max_ext, dummy;

    x86_cpuid(cpu, 0, 0, &max, &dummy, &dummy, &dummy);
    x86_cpuid(cpu, 0x80000000, 0, &max_ext, &dummy, &dummy, &dummy);
    for (uint32_t leaf = 0; leaf <= max; leaf++) {
        add_model_leaf(cpu, c, leaf, 0);
        if (leaf == 0xd || leaf == 0xb) {
            add_model_leaf(cpu, c, leaf, 1);
        }
        if (leaf == 0xb) {
            add_model_leaf(cpu, c, leaf, 2);    /* the end of the list */
        }
    }
    for (uint32_t leaf = 0x80000000; leaf <= max_ext; leaf++) {
        add_model_leaf(cpu, c, leaf, 0);
    }
}

static bool kvm_set_cpuid(X86CPU *cpu, Error **errp)
{
    g_autofree struct kvm_cpuid2 *c = g_malloc0(sizeof(*c) + KVM_CPUID_MAX *
                                                sizeof(c->entries[0]));

    if (cpu->model->host) {
        add_host_leaves(cpu, c);
    } else {
        add_model_leaves(cpu, c);
    }
    add_kvm_leaves(c);
    if (kvm_vcpu_ioctl(CPU(cpu), KVM_SET_CPUID2, c) < 0) {
        error_setg(errp, "KVM_SET_CPUID2: %s", strerror(errno));
        return false;
    }
    return true;
}

bool kvm_arch_init_vcpu(CPUState *cs, Error **errp)
{
    return kvm_set_cpuid(X86_CPU(cs), errp);
}

/* ---- registers ---- */

static void seg_to_kvm(const SegmentCache *sc, struct kvm_segment *k)
{
    uint32_t f = sc->flags;

    *k = (struct kvm_segment) {
        .base = sc->base,
        .limit = sc->limit,
        .selector = sc->selector,
        .type = (f >> DESC_TYPE_SHIFT) & 0xf,
        .present = !!(f & DESC_P_MASK),
        .dpl = (f >> DESC_DPL_SHIFT) & 3,
        .db = !!(f & DESC_B_MASK),
        .s = !!(f & DESC_S_MASK),
        .l = !!(f & DESC_L_MASK),
        .g = !!(f & DESC_G_MASK),
        .avl = !!(f & (1u << 20)),
        .unusable = !(f & DESC_P_MASK),
    };
}

static void seg_from_kvm(const struct kvm_segment *k, SegmentCache *sc)
{
    *sc = (SegmentCache) {
        .selector = k->selector,
        .base = k->base,
        .limit = k->limit,
        .flags = (k->type << DESC_TYPE_SHIFT) |
                 (k->present && !k->unusable ? DESC_P_MASK : 0) |
                 (k->dpl << DESC_DPL_SHIFT) |
                 (k->db ? DESC_B_MASK : 0) | (k->s ? DESC_S_MASK : 0) |
                 (k->l ? DESC_L_MASK : 0) | (k->g ? DESC_G_MASK : 0) |
                 (k->avl ? 1u << 20 : 0),
    };
}

/*
 * TR and LDTR: at reset the power-on ones (Kemu's reset leaves them zero,
 * which VM entry refuses for TR); otherwise as they are, unusable or not.
 */
static void system_seg_to_kvm(const SegmentCache *sc, uint32_t type,
                              bool reset, struct kvm_segment *k)
{
    seg_to_kvm(sc, k);
    if (reset && !sc->flags) {
        k->type = type;
        k->present = 1;
        k->unusable = 0;
        k->limit = 0xffff;
    }
}

/* A vCPU ioctl; on failure errp names the request and the errno. */
static bool vcpu_ioctl(CPUState *cs, unsigned long req, void *arg,
                       const char *name, Error **errp)
{
    if (kvm_vcpu_ioctl(cs, req, arg) < 0) {
        error_setg(errp, "%s: %s", name, strerror(errno));
        return false;
    }
    return true;
}
#define VCPU_IOCTL(cs, req, arg, errp) vcpu_ioctl(cs, req, arg, #req, errp)

static bool put_regs(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_regs r = {
        .rax = env->regs[R_EAX], .rbx = env->regs[R_EBX],
        .rcx = env->regs[R_ECX], .rdx = env->regs[R_EDX],
        .rsi = env->regs[R_ESI], .rdi = env->regs[R_EDI],
        .rsp = env->regs[R_ESP], .rbp = env->regs[R_EBP],
        .r8 = env->regs[8], .r9 = env->regs[9], .r10 = env->regs[10],
        .r11 = env->regs[11], .r12 = env->regs[12], .r13 = env->regs[13],
        .r14 = env->regs[14], .r15 = env->regs[15],
        .rip = env->rip,
        .rflags = x86_read_eflags(env),
    };

    if (!VCPU_IOCTL(cs, KVM_SET_REGS, &r, errp)) {
        return false;
    }
    return true;
}

static bool get_regs(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_regs r;

    if (!VCPU_IOCTL(cs, KVM_GET_REGS, &r, errp)) {
        return false;
    }
    env->regs[R_EAX] = r.rax, env->regs[R_EBX] = r.rbx;
    env->regs[R_ECX] = r.rcx, env->regs[R_EDX] = r.rdx;
    env->regs[R_ESI] = r.rsi, env->regs[R_EDI] = r.rdi;
    env->regs[R_ESP] = r.rsp, env->regs[R_EBP] = r.rbp;
    env->regs[8] = r.r8, env->regs[9] = r.r9, env->regs[10] = r.r10;
    env->regs[11] = r.r11, env->regs[12] = r.r12, env->regs[13] = r.r13;
    env->regs[14] = r.r14, env->regs[15] = r.r15;
    env->rip = r.rip;
    x86_write_eflags(env, r.rflags, ~0ull);
    return true;
}

static bool put_sregs(CPUState *cs, CPUX86State *env, bool reset,
                      Error **errp)
{
    struct kvm_sregs s;
    struct kvm_segment *segs[X86_NB_SEGS] = { &s.es, &s.cs, &s.ss, &s.ds,
                                              &s.fs, &s.gs };

    /* Start from KVM's: the APIC base and pending interrupts are its. */
    if (!VCPU_IOCTL(cs, KVM_GET_SREGS, &s, errp)) {
        return false;
    }
    for (int i = 0; i < X86_NB_SEGS; i++) {
        seg_to_kvm(&env->segs[i], segs[i]);
    }
    system_seg_to_kvm(&env->tr, 0xb, reset, &s.tr);  /* busy 32-bit TSS */
    system_seg_to_kvm(&env->ldt, 0x2, reset, &s.ldt);
    s.gdt = (struct kvm_dtable) { .base = env->gdt.base,
                                  .limit = env->gdt.limit };
    s.idt = (struct kvm_dtable) { .base = env->idt.base,
                                  .limit = env->idt.limit };
    s.cr0 = env->cr[0], s.cr2 = env->cr[2], s.cr3 = env->cr[3];
    s.cr4 = env->cr[4], s.cr8 = env->cr8;
    s.efer = env->efer;
    if (reset) {
        s.apic_base = APIC_DEFAULT_BASE | MSR_APIC_BASE_ENABLE |
                      (cs->cpu_index ? 0 : MSR_APIC_BASE_BSP);
        memset(s.interrupt_bitmap, 0, sizeof(s.interrupt_bitmap));
    }
    if (!VCPU_IOCTL(cs, KVM_SET_SREGS, &s, errp)) {
        return false;
    }
    return true;
}

static bool get_sregs(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_sregs s;
    struct kvm_segment *segs[X86_NB_SEGS] = { &s.es, &s.cs, &s.ss, &s.ds,
                                              &s.fs, &s.gs };

    if (!VCPU_IOCTL(cs, KVM_GET_SREGS, &s, errp)) {
        return false;
    }
    for (int i = 0; i < X86_NB_SEGS; i++) {
        seg_from_kvm(segs[i], &env->segs[i]);
    }
    seg_from_kvm(&s.tr, &env->tr);
    seg_from_kvm(&s.ldt, &env->ldt);
    env->gdt = (DescTable) { s.gdt.base, s.gdt.limit };
    env->idt = (DescTable) { s.idt.base, s.idt.limit };
    env->cr[0] = s.cr0, env->cr[2] = s.cr2, env->cr[3] = s.cr3;
    env->cr[4] = s.cr4, env->cr8 = s.cr8;
    env->efer = s.efer;
    return true;
}

/* The MSRs CPUX86State keeps that KVM does not take through sregs. */
typedef struct MsrField {
    uint32_t index;
    size_t offset;
} MsrField;

#define MSR_FIELD(i, f) { i, offsetof(CPUX86State, f) }
static const MsrField msr_fields[] = {
    MSR_FIELD(MSR_SYSENTER_CS, sysenter_cs),
    MSR_FIELD(MSR_SYSENTER_ESP, sysenter_esp),
    MSR_FIELD(MSR_SYSENTER_EIP, sysenter_eip),
    MSR_FIELD(MSR_STAR, star),
    MSR_FIELD(MSR_LSTAR, lstar),
    MSR_FIELD(MSR_CSTAR, cstar),
    MSR_FIELD(MSR_FMASK, fmask),
    MSR_FIELD(MSR_KERNELGSBASE, kernelgsbase),
    MSR_FIELD(MSR_PAT, pat),
};
#define NR_MSR_FIELDS G_N_ELEMENTS(msr_fields)

typedef struct MsrList {
    struct kvm_msrs hdr;
    struct kvm_msr_entry e[NR_MSR_FIELDS + 1];
} MsrList;

static uint64_t *msr_ptr(CPUX86State *env, const MsrField *f)
{
    return (uint64_t *)((uint8_t *)env + f->offset);
}

static bool msrs_ioctl(CPUState *cs, MsrList *l, unsigned long req,
                       const char *name, Error **errp)
{
    int r = kvm_vcpu_ioctl(cs, req, l);

    if (r < 0) {
        error_setg(errp, "%s: %s", name, strerror(errno));
        return false;
    }
    if ((uint32_t)r < l->hdr.nmsrs) {
        error_setg(errp, "%s: MSR 0x%x refused", name, l->e[r].index);
        return false;
    }
    return true;
}

static bool put_msrs(CPUState *cs, CPUX86State *env, bool reset,
                     Error **errp)
{
    MsrList l = { .hdr.nmsrs = NR_MSR_FIELDS };

    for (size_t i = 0; i < NR_MSR_FIELDS; i++) {
        l.e[i] = (struct kvm_msr_entry) { .index = msr_fields[i].index,
                                          .data = *msr_ptr(env,
                                                           &msr_fields[i]) };
    }
    if (reset) {
        /* The TSC starts from zero at power-on, not at every sync. */
        l.e[l.hdr.nmsrs++] = (struct kvm_msr_entry) { .index = MSR_IA32_TSC };
    }
    return msrs_ioctl(cs, &l, KVM_SET_MSRS, "KVM_SET_MSRS", errp);
}

static bool get_msrs(CPUState *cs, CPUX86State *env, Error **errp)
{
    MsrList l = { .hdr.nmsrs = NR_MSR_FIELDS };

    for (size_t i = 0; i < NR_MSR_FIELDS; i++) {
        l.e[i].index = msr_fields[i].index;
    }
    if (!msrs_ioctl(cs, &l, KVM_GET_MSRS, "KVM_GET_MSRS", errp)) {
        return false;
    }
    for (size_t i = 0; i < NR_MSR_FIELDS; i++) {
        *msr_ptr(env, &msr_fields[i]) = l.e[i].data;
    }
    return true;
}

/* x87 registers in FXSAVE order (ST0 first), 16 bytes each. */
static bool put_fpu(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_fpu f = {
        .fcw = env->fpuc,
        .fsw = x87_status_word(env),
        .last_opcode = env->fpop,
        .last_ip = env->fpip,
        .last_dp = env->fpdp,
        .mxcsr = env->mxcsr,
    };

    for (int i = 0; i < 8; i++) {
        floatx80 v = env->fpregs[(env->fpstt + i) & 7].f;

        memcpy(f.fpr[i], &v.low, 8);
        memcpy(f.fpr[i] + 8, &v.high, 2);
        f.ftwx |= !env->fptags[i] << i;
    }
    memcpy(f.xmm, env->xmm, sizeof(f.xmm));
    if (!VCPU_IOCTL(cs, KVM_SET_FPU, &f, errp)) {
        return false;
    }
    return true;
}

static bool get_fpu(CPUState *cs, CPUX86State *env, Error **errp)
{
    struct kvm_fpu f;

    if (!VCPU_IOCTL(cs, KVM_GET_FPU, &f, errp)) {
        return false;
    }
    env->fpuc = f.fcw;
    x87_set_status_word(env, f.fsw);
    env->fpop = f.last_opcode;
    env->fpip = f.last_ip;
    env->fpdp = f.last_dp;
    env->mxcsr = f.mxcsr;
    for (int i = 0; i < 8; i++) {
        floatx80 *v = &env->fpregs[(env->fpstt + i) & 7].f;

        memcpy(&v->low, f.fpr[i], 8);
        memcpy(&v->high, f.fpr[i] + 8, 2);
        env->fptags[i] = !((f.ftwx >> i) & 1);
    }
    memcpy(env->xmm, f.xmm, sizeof(f.xmm));
    return true;
}

/*
 * The local APIC's power-on registers: ID, every LVT masked, SVR 0xff
 * (software-disabled), flat DFR; on the boot CPU LINT0 is ExtINT, the
 * 8259's virtual wire, as KVM sets it at creation.  The version stays.
 */
static void lapic_set(struct kvm_lapic_state *l, unsigned off, uint32_t v)
{
    memcpy(&l->regs[off], &v, 4);
}

static bool put_lapic_reset(CPUState *cs, Error **errp)
{
    static const uint16_t lvts[] = { 0x2f0, 0x320, 0x330, 0x340, 0x350,
                                     0x360, 0x370 };
    struct kvm_lapic_state l;
    uint32_t version;

    if (!VCPU_IOCTL(cs, KVM_GET_LAPIC, &l, errp)) {
        return false;
    }
    memcpy(&version, &l.regs[0x30], 4);
    memset(&l, 0, sizeof(l));
    lapic_set(&l, 0x20, cs->cpu_index << 24);
    lapic_set(&l, 0x30, version);
    lapic_set(&l, 0xe0, 0xffffffff);
    lapic_set(&l, 0xf0, 0xff);
    for (size_t i = 0; i < G_N_ELEMENTS(lvts); i++) {
        lapic_set(&l, lvts[i], 0x10000);
    }
    if (cs->cpu_index == 0) {
        lapic_set(&l, 0x350, 0x700);
    }
    if (!VCPU_IOCTL(cs, KVM_SET_LAPIC, &l, errp)) {
        return false;
    }
    return true;
}

/*
 * What only a reset sets: the local APIC, no pending events, XCR0, and
 * whether an AP waits for INIT/SIPI.
 */
static bool put_reset_state(CPUState *cs, Error **errp)
{
    X86CPU *cpu = X86_CPU(cs);
    struct kvm_mp_state mp = {
        .mp_state = cpu->is_ap ? KVM_MP_STATE_UNINITIALIZED
                               : KVM_MP_STATE_RUNNABLE,
    };
    struct kvm_xcrs xcrs = {
        .nr_xcrs = 1,
        .xcrs[0] = { .xcr = 0, .value = cpu->env.xcr0 },
    };
    struct kvm_vcpu_events events = { 0 };     /* nothing pending */

    if (!put_lapic_reset(cs, errp)) {
        return false;
    }
    if (!VCPU_IOCTL(cs, KVM_SET_VCPU_EVENTS, &events, errp)) {
        return false;
    }
    if (!VCPU_IOCTL(cs, KVM_SET_MP_STATE, &mp, errp)) {
        return false;
    }
    if (kvm_check_extension(KVM_CAP_XCRS) > 0 &&
        kvm_vcpu_ioctl(cs, KVM_SET_XCRS, &xcrs) < 0) {
        error_setg(errp, "KVM_SET_XCRS: %s", strerror(errno));
        return false;
    }
    return true;
}

bool kvm_arch_put_registers(CPUState *cs, bool reset, Error **errp)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    return put_sregs(cs, env, reset, errp) && put_regs(cs, env, errp) &&
           put_msrs(cs, env, reset, errp) && put_fpu(cs, env, errp) &&
           (!reset || put_reset_state(cs, errp));
}

bool kvm_arch_get_registers(CPUState *cs, Error **errp)
{
    CPUX86State *env = &X86_CPU(cs)->env;

    return get_regs(cs, env, errp) && get_sregs(cs, env, errp) &&
           get_msrs(cs, env, errp) && get_fpu(cs, env, errp);
}
