/*
 * Call gates, task switches and virtual-8086 mode (tasks-entry.S runs
 * the checks): this file builds the GDT, the IDTs, the TSSs and the page
 * tables, then prints one line per result, compared with tasks.expected
 * and with qemu-system-x86_64 running the same multiboot ELF.
 */
#include <stdint.h>

void out_str(const char *s);
void tasks_run(void);

extern volatile uint32_t tres[96];
extern uint64_t tgdt[], idt32[], idt64[], ldt_tab[];
extern uint32_t tss0[], tss1[], tss_df[], tss_int[], tss_vm[], tss_small[];
extern uint32_t tss_bad[], tss_ts[], tss64[], pd_a[], pd_b[];
extern uint64_t pml4[], pdpt[], pd64[];
extern char isr32_table[], isr64_table[], isr3[], isr41[];
extern char stack0_top[], stack1_top[];
extern char stack_df_top[], stack_int_top[], stack_ts_top[], ldt_data[];
extern char lg_inner[], lg_same[], cg_inner[], task1_entry[];
extern char df_entry[], int_entry[], bad_entry[], ts_entry[];
/* Offsets in the low copy (tasks-entry.S's blob at LOW). */
extern uint32_t low_g16_tgt, low_vm_iopl3, low_t16, low_g16_inner;
extern uint16_t tss16[];

#define LOW 0x8000u
#define TSS_LIMIT (0x68 + 32 - 1)       /* with an I/O bitmap of 256 ports */

static const char *const names[] = {
    "long: CALLF 64-bit gate, same level: returned",            /* 0 */
    "long: ring 3 CALLF 64-bit gate to ring 0: SS",
    "long: ... RSP0 - RSP",
    "long: ... pushed CS",
    "long: ... pushed SS",
    "long: RETF back to ring 3: CS",                            /* 5 */
    "long: RETF back to ring 3: SS",
    "long: ring 3 CALLF through a DPL 0 gate",
    "long: CALLF not-present 64-bit gate",
    "long: CALLF 64-bit gate to a compat code segment",
    "long: CALLF 16-bit call gate",                             /* 10 */
    "long: JMPF to a TSS",
    "compat: CALLF 64-bit gate: returned",
    "compat: CS after RETF",
    "compat: IRET with NT",
    "prot: CALLF 16-bit gate: result",                          /* 15 */
    "prot: CALLF 16-bit gate: bytes pushed",
    "prot: JMPF through a 32-bit gate",
    "ring 3 CALLF 32-bit gate to ring 0: CS",
    "... SS",
    "... ESP0 - ESP",                                           /* 20 */
    "... pushed CS",
    "... parameter 0",
    "... parameter 1",
    "... pushed SS",
    "RETF 8 to ring 3: ESP back",                               /* 25 */
    "RETF 8 to ring 3: DS (DPL 0) nulled",
    "RETF 8 to ring 3: ES kept",
    "ring 3: CALLF through a DPL 0 gate",
    "ring 3: CALLF not-present gate",
    "ring 3: CALLF gate to a data segment",                     /* 30 */
    "ring 3: JMPF gate to ring 0",
    "ring 3: OUT 0x80 (bitmap allows)",
    "ring 3: OUT 0x81 (bitmap denies)",
    "ring 3: OUT word 0x7f (bitmap denies 0x7f)",
    "JMP task: TR in the new task",                             /* 35 */
    "JMP task: CR3 - pd_a in the new task (pd_b)",
    "JMP task: word at 0x800000 in the new task",
    "JMP task: LDTR | FS:0 via the LDT",
    "JMP task: NT in the new task",
    "JMP back: EBX of the old task",                            /* 40 */
    "JMP back: CR0.TS",
    "JMP back: busy T0 | T1",
    "CALL task: NT | back link",
    "CALL task: T0 type while nested",
    "IRET back: T1 type | NT",                                  /* 45 */
    "CALL task gate (GDT): TR in the task",
    "CALL task gate with RPL 3 > DPL",
    "JMP busy TSS",
    "JMP not-present TSS",
    "JMP TSS below the minimum limit",                          /* 50 */
    "IRET NT to an available TSS",
    "INT 0x50 task gate: NT | back link",
    "#DF task gate: error code",
    "#DF task gate: back link | NT",
    "#DF task: IRET back, the #GP again",                       /* 55 */
    "vm86 (IRET entry): CS | ES:[x] (8086 addressing)",
    "vm86 IOPL 0: CLI",
    "vm86 IOPL 0: STI",
    "vm86 IOPL 0: PUSHF",
    "vm86 IOPL 0: POPF",                                        /* 60 */
    "vm86 IOPL 0: INT 0x40",
    "vm86 IOPL 0: IRET",
    "vm86 INT3 to ring 0: handler CS | DS",
    "vm86 INT3 to ring 0: pushed DS | EFLAGS.VM",
    "vm86: OUT 0x80 (bitmap allows)",                           /* 65 */
    "vm86: OUT 0x81 (bitmap denies)",
    "vm86: LAR",
    "vm86: HLT",
    "vm86 IOPL 3 (task entry): CLI STI PUSHF: FLAGS & 0x7200",
    "vm86 IOPL 3: PUSH 0, POPF keeps IOPL",                     /* 70 */
    "vm86 IOPL 3: IRET inside vm86",
    "vm86 IOPL 3: INT 0x40 to ring 0",
    "vm86 IOPL 3: OUT 0x81 (bitmap still denies)",
    "INT 0x51 from vm86 to T0 (task gate): NT | back link",
    "JMP task with a bad LDT: #TS through the #TS task gate",   /* 75 */
    "... back link in the #TS task",
    "CALL 16-bit TSS: TR | back link",
    "IRET back: 16-bit TSS type",
    "ring 3 CALLF gate, SS0 of DPL 3: #TS through the task gate",
    "vm86 IOPL 3: INT 0x42 to a ring 3 handler",                /* 80 */
    "long: INT through a task gate",
    "ring 3 CALLF 16-bit gate to ring 0, RETF 4: SP back",
    "... ESP0 - ESP",
    "... pushed CS",
    "... parameters (word 1 | word 0)",                         /* 85 */
    "... pushed SS",
};

static void put_hex(uint32_t v)
{
    char buf[9];

    for (int i = 7; i >= 0; i--) {
        buf[i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    }
    buf[8] = 0;
    out_str(buf);
}

/* attr: G D L AVL (bits 15:12), then P DPL S type (7:0). */
static uint64_t seg(uint32_t base, uint32_t limit, uint32_t attr)
{
    return (limit & 0xffff) | (uint64_t)(base & 0xffffff) << 16 |
           (uint64_t)(attr & 0xff) << 40 |
           (uint64_t)((limit >> 16) & 0xf) << 48 |
           (uint64_t)((attr >> 12) & 0xf) << 52 |
           (uint64_t)(base >> 24) << 56;
}

static uint64_t gate(uint16_t sel, uint32_t off, uint32_t attr,
                     unsigned count)
{
    return (off & 0xffff) | (uint64_t)sel << 16 | (uint64_t)count << 32 |
           (uint64_t)attr << 40 | (uint64_t)(off >> 16) << 48;
}

#define A(p) ((uint32_t)(uintptr_t)(p))

/* A 32-bit TSS of a ring 0 flat task starting at eip. */
static void flat_task(uint32_t *t, void *eip, void *esp)
{
    t[1] = A(stack0_top);
    t[2] = 0x10;
    t[7] = A(pd_a);
    t[8] = A(eip);
    t[9] = 2;
    t[14] = A(esp);
    t[18] = 0x10;                       /* ES */
    t[19] = 0x18;                       /* CS */
    t[20] = 0x10;                       /* SS */
    t[21] = 0x10;                       /* DS */
    t[25] = 0x68 << 16;                 /* I/O bitmap at 0x68 */
}

static void setup_tss(void)
{
    uint8_t *bm;

    flat_task(tss0, 0, 0);
    flat_task(tss1, task1_entry, stack1_top);
    tss1[7] = A(pd_b);
    tss1[24] = 0x88;                    /* LDT */
    flat_task(tss_df, df_entry, stack_df_top);
    flat_task(tss_int, int_entry, stack_int_top);
    flat_task(tss_ts, ts_entry, stack_ts_top);
    flat_task(tss_bad, bad_entry, (void *)0x7000);
    tss_bad[24] = 0x10;                 /* not an LDT */
    flat_task(tss_vm, (void *)(uintptr_t)low_vm_iopl3, (void *)0x7800);
    tss_vm[9] = 0x23002;                /* VM, IOPL 3 */
    for (int i = 18; i < 24; i++) {
        tss_vm[i] = (i == 20 || i == 22) ? 0 : LOW >> 4;    /* SS, FS: 0 */
    }
    for (uint32_t *t = tss0; t; t = t == tss0 ? tss_vm : 0) {
        bm = (uint8_t *)t + 0x68;       /* ports 0-255: only 0x80 allowed */
        for (int i = 0; i < 32; i++) {
            bm[i] = 0xff;
        }
        bm[0x10] = 0xfe;
    }
    tss64[1] = A(stack0_top);           /* RSP0 */
    tss16[7] = low_t16;                 /* IP, FLAGS, SP, ES CS SS DS */
    tss16[8] = 2;
    tss16[13] = 0x7c00;
    tss16[17] = 0x10;
    tss16[18] = 0x50;
    tss16[19] = 0x10;
    tss16[20] = 0x10;
}

static void setup_gdt(void)
{
    tgdt[1] = 0x00af9b000000ffffull;    /* 0x08 64-bit code */
    tgdt[2] = 0x00cf93000000ffffull;    /* 0x10 flat data */
    tgdt[3] = 0x00cf9b000000ffffull;    /* 0x18 flat 32-bit code */
    tgdt[4] = 0x00cffb000000ffffull;    /* 0x20 ring 3 code */
    tgdt[5] = 0x00cff3000000ffffull;    /* 0x28 ring 3 data */
    tgdt[6] = seg(A(tss0), TSS_LIMIT, 0x89);
    tgdt[7] = seg(A(tss1), 0x67, 0x89);
    tgdt[8] = gate(0x18, A(cg_inner), 0xec, 2);     /* 0x40 */
    tgdt[9] = gate(0x50, low_g16_tgt, 0x84, 0);      /* 0x48 */
    tgdt[10] = seg(LOW, 0xffff, 0x409b);            /* 0x50 */
    tgdt[11] = 0x00affb000000ffffull;   /* 0x58 ring 3 64-bit code */
    tgdt[12] = seg(A(tss_df), 0x67, 0x89);          /* 0x60 */
    tgdt[13] = seg(A(tss_int), 0x67, 0x89);
    tgdt[14] = seg(A(tss_vm), TSS_LIMIT, 0x89);     /* 0x70 */
    tgdt[15] = seg(A(tss_small), 0x50, 0x89);
    tgdt[16] = seg(A(tss1), 0x67, 0x09);            /* 0x80: absent */
    tgdt[17] = seg(A(ldt_tab), 15, 0x82);
    tgdt[18] = seg(A(tss_bad), 0x67, 0x89);         /* 0x90 */
    tgdt[19] = gate(0x38, 0, 0x85, 0);
    tgdt[20] = seg(A(tss64), 0x67, 0x89);           /* 0xa0 (16 bytes) */
    tgdt[22] = gate(0x08, A(lg_inner), 0xec, 0);    /* 0xb0 */
    tgdt[24] = gate(0x08, A(lg_same), 0x8c, 0);     /* 0xc0 */
    tgdt[26] = gate(0x08, A(lg_same), 0x6c, 0);     /* 0xd0: absent */
    tgdt[28] = gate(0x18, A(lg_same), 0x8c, 0);     /* 0xe0 */
    tgdt[30] = gate(0x18, A(cg_inner), 0x6c, 0);    /* 0xf0: absent */
    tgdt[31] = gate(0x18, A(cg_inner), 0x8c, 0);    /* 0xf8: DPL 0 */
    tgdt[32] = gate(0x10, 0, 0xec, 0);              /* 0x100: data */
    tgdt[33] = seg(A(tss_ts), 0x67, 0x89);          /* 0x108 */
    tgdt[34] = seg(A(tss16), 0x2b, 0x81);           /* 0x110: 16-bit */
    tgdt[35] = seg(LOW, 0xffff, 0x40fb);            /* 0x118: ring 3 */
    tgdt[36] = gate(0x50, low_g16_inner, 0xe4, 2);  /* 0x120 */
    ldt_tab[0] = seg(A(ldt_data), 15, 0x93);
}

static void setup_idt(void)
{
    uint32_t *t32 = (uint32_t *)isr32_table, *t64 = (uint32_t *)isr64_table;

    for (int v = 0; v < 0x52; v++) {
        idt32[v] = gate(0x18, t32[v], 0xee, 0);
    }
    idt32[3] = gate(0x18, A(isr3), 0xee, 0);      /* from vm86 */
    idt32[0x41] = gate(0x18, A(isr41), 0xee, 0);  /* leaves ring 3 */
    idt32[8] = gate(0x60, 0, 0x85, 0);      /* #DF, #TS: task gates */
    idt32[10] = gate(0x108, 0, 0x85, 0);
    idt32[0x42] = gate(0x20, 0, 0xee, 0);         /* ring 3 code */
    idt32[0x50] = gate(0x68, 0, 0xe5, 0);
    idt32[0x51] = gate(0x30, 0, 0xe5, 0);
    for (int v = 0; v < 32; v++) {
        idt64[2 * v] = gate(0x08, t64[v], 0xee, 0);
        idt64[2 * v + 1] = 0;
    }
    idt64[2 * 31] = gate(0x68, 0, 0xe5, 0);       /* no tasks in long mode */
}

/* Identity maps with user access: 1 GiB for long mode, 16 MiB 32-bit. */
static void setup_paging(void)
{
    pml4[0] = A(pdpt) | 7;
    pdpt[0] = A(pd64) | 7;
    for (int i = 0; i < 512; i++) {
        pd64[i] = ((uint64_t)i << 21) | 0x87;
    }
    for (int i = 0; i < 4; i++) {
        pd_a[i] = pd_b[i] = (i << 22) | 0x87;
    }
    pd_b[2] = 0xc00000 | 0x87;
    *(volatile uint32_t *)0x800000 = 0xaaaa0000;
    *(volatile uint32_t *)0xc00000 = 0xbbbb0000;
}

void test_main(void)
{
    setup_tss();
    setup_gdt();
    setup_idt();
    setup_paging();
    tasks_run();
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        out_str(names[i]);
        out_str(": ");
        put_hex(tres[i]);
        out_str("\n");
    }
}
