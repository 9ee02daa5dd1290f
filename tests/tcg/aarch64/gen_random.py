#!/usr/bin/env python3
"""Generate random.S: random integer data-processing instructions.

The program runs BLOCKS blocks of random instructions on x0-x28 and NZCV;
after each block `bl checkpoint` hands all registers and NZCV to C, which
prints a checksum line, so the first diverging block is easy to find.
The seed is fixed: QEMU and Kemu run the same program.
"""
import argparse
import random

NREGS = 29          # x0-x28; x29 and x30 are left to the checkpoint calls
CONDS = "eq ne cs cc mi pl vs vc hi ls ge lt gt le al nv".split()
SHIFTS = ["lsl", "lsr", "asr"]
EXTENDS = ["uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"]


def reg(r, w, n, zr_ok=True):
    if zr_ok and r.random() < 0.05:
        return "wzr" if w else "xzr"
    return f"{'w' if w else 'x'}{r.randrange(n)}"


def bitmask(r, width):
    esize = r.choice([e for e in (2, 4, 8, 16, 32, 64) if e <= width])
    ones = r.randrange(1, esize)
    rot = r.randrange(esize)
    elem = (1 << ones) - 1
    elem = ((elem >> rot) | (elem << (esize - rot))) & ((1 << esize) - 1)
    value = 0
    for i in range(0, width, esize):
        value |= elem << i
    return value


def gen_insn(r):
    w = r.random() < 0.4
    width = 32 if w else 64
    d = lambda: reg(r, w, NREGS, zr_ok=False)
    s = lambda: reg(r, w, NREGS)
    kind = r.randrange(16)
    if kind == 0:
        op = r.choice(["add", "adds", "sub", "subs"])
        rd = d() if op in ("add", "sub") else reg(r, w, NREGS)
        sh = r.choice(["", ", lsl #12"])
        return f"{op} {rd}, {d()}, #{r.randrange(4096)}{sh}"
    if kind == 1:
        op = r.choice(["add", "adds", "sub", "subs"])
        return (f"{op} {s()}, {s()}, {s()}, {r.choice(SHIFTS)} "
                f"#{r.randrange(width)}")
    if kind == 2:
        op = r.choice(["add", "adds", "sub", "subs"])
        ext = r.choice(EXTENDS if not w else EXTENDS[:3] + EXTENDS[4:7])
        rm = reg(r, not ext.endswith("x"), NREGS)
        rd = d() if op in ("add", "sub") else reg(r, w, NREGS)
        return f"{op} {rd}, {d()}, {rm}, {ext} #{r.randrange(5)}"
    if kind == 3:
        op = r.choice(["adc", "adcs", "sbc", "sbcs"])
        return f"{op} {s()}, {s()}, {s()}"
    if kind == 4:
        op = r.choice(["and", "orr", "eor", "ands"])
        rd = d() if op != "ands" else s()
        return f"{op} {rd}, {s()}, #{bitmask(r, width):#x}"
    if kind == 5:
        op = r.choice(["and", "bic", "orr", "orn", "eor", "eon", "ands", "bics"])
        return (f"{op} {s()}, {s()}, {s()}, {r.choice(SHIFTS + ['ror'])} "
                f"#{r.randrange(width)}")
    if kind == 6:
        op = r.choice(["movz", "movn", "movk"])
        imm = r.choice([0, 1, 0x8000, 0xffff, r.randrange(0x10000)])
        return f"{op} {d()}, #{imm:#x}, lsl #{16 * r.randrange(width // 16)}"
    if kind == 7:
        op = r.choice(["ubfm", "sbfm", "bfm"])
        return f"{op} {d()}, {s()}, #{r.randrange(width)}, #{r.randrange(width)}"
    if kind == 8:
        return f"extr {d()}, {s()}, {s()}, #{r.randrange(width)}"
    if kind == 9:
        op = r.choice(["csel", "csinc", "csinv", "csneg"])
        return f"{op} {d()}, {s()}, {s()}, {r.choice(CONDS)}"
    if kind == 10:
        op = r.choice(["ccmp", "ccmn"])
        rm = s() if r.random() < 0.5 else f"#{r.randrange(32)}"
        return f"{op} {s()}, {rm}, #{r.randrange(16)}, {r.choice(CONDS)}"
    if kind == 11:
        if r.random() < 0.5:
            op = r.choice(["madd", "msub"])
            return f"{op} {d()}, {s()}, {s()}, {s()}"
        op = r.choice(["smaddl", "smsubl", "umaddl", "umsubl"])
        return (f"{op} {reg(r, False, NREGS, False)}, {reg(r, True, NREGS)}, "
                f"{reg(r, True, NREGS)}, {reg(r, False, NREGS)}")
    if kind == 12:
        op = r.choice(["smulh", "umulh"])
        return (f"{op} {reg(r, False, NREGS, False)}, {reg(r, False, NREGS)}, "
                f"{reg(r, False, NREGS)}")
    if kind == 13:
        return f"{r.choice(['udiv', 'sdiv'])} {d()}, {s()}, {s()}"
    if kind == 14:
        ops = ["clz", "cls", "rbit", "rev", "rev16"] + ([] if w else ["rev32"])
        return f"{r.choice(ops)} {d()}, {s()}"
    op = r.choice(["lslv", "lsrv", "asrv", "rorv"])
    return f"{op} {d()}, {s()}, {s()}"


CHECKPOINT = """
    .balign 4
checkpoint:
    sub     sp, sp, #256
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    mrs     x9, nzcv
    stp     x28, x9, [sp, #224]
    str     x30, [sp, #240]
    mov     x0, sp
    bl      checkpoint_c
    ldp     x28, x9, [sp, #224]
    msr     nzcv, x9
    ldr     x30, [sp, #240]
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    add     sp, sp, #256
    ret
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--blocks", type=int, default=1000)
    ap.add_argument("--block-size", type=int, default=100)
    args = ap.parse_args()
    r = random.Random(args.seed)
    out = ["/* Generated by gen_random.py; do not edit. */", "    .text",
           "    .global random_test", "random_test:",
           "    stp     x29, x30, [sp, #-96]!",
           "    stp     x19, x20, [sp, #16]", "    stp     x21, x22, [sp, #32]",
           "    stp     x23, x24, [sp, #48]", "    stp     x25, x26, [sp, #64]",
           "    stp     x27, x28, [sp, #80]"]
    for i in range(NREGS):
        v = r.getrandbits(64)
        for hw in range(4):
            op = "movz" if hw == 0 else "movk"
            out.append(f"    {op}    x{i}, #{(v >> (16 * hw)) & 0xffff:#x}, "
                       f"lsl #{16 * hw}")
    out.append("    msr     nzcv, xzr")
    for b in range(args.blocks):
        for _ in range(args.block_size):
            out.append("    " + gen_insn(r))
        out.append("    bl      checkpoint")
    out += ["    ldp     x19, x20, [sp, #16]", "    ldp     x21, x22, [sp, #32]",
            "    ldp     x23, x24, [sp, #48]", "    ldp     x25, x26, [sp, #64]",
            "    ldp     x27, x28, [sp, #80]", "    ldp     x29, x30, [sp], #96",
            "    ret", CHECKPOINT]
    with open(args.output, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
