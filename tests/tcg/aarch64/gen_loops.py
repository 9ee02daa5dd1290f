#!/usr/bin/env python3
"""Generate loops.S: random nested loops that stay within one TB.

Each block is a function that loads x0-x15 and d0-d7 from a state
record, runs an outer loop around an inner loop (both short trip counts)
whose bodies mix integer, flag-setting and flag-reading instructions,
MRS NZCV, CRC32, loads and stores, exclusive pairs, scalar FP chains
(forwarded values) with FCMP/FCCMP/FCSEL, forward conditional branches
inside the bodies (side exits), early exits out of both loops and back
edges to arbitrary earlier instructions, then stores the registers
back.  loops_main.c prints a checksum of the record after each block.
The seed is fixed.
"""
import argparse
import random

BLOCKS = 120
CONDS = "eq ne cs cc mi pl vs vc hi ls ge lt gt le".split()


def xr(r):
    return f"x{r.randrange(16)}"


def wr(r):
    return f"w{r.randrange(16)}"


def dr(r):
    return f"d{r.randrange(8)}"


def gen_insn(r):
    k = r.randrange(19)
    if k == 0:
        return [f"add {xr(r)}, {xr(r)}, {xr(r)}"]
    if k == 1:
        return [f"{r.choice(['adds', 'subs'])} {xr(r)}, {xr(r)}, "
                f"#{r.randrange(4096)}"]
    if k == 2:
        return [f"{r.choice(['adds', 'subs', 'ands'])} {wr(r)}, {wr(r)}, "
                f"{wr(r)}"]
    if k == 3:
        return [f"{r.choice(['csel', 'csinc', 'csneg'])} {xr(r)}, {xr(r)}, "
                f"{xr(r)}, {r.choice(CONDS)}"]
    if k == 4:
        return [f"mrs {xr(r)}, nzcv"]
    if k == 5:
        return [f"crc32cx {wr(r)}, {wr(r)}, {xr(r)}"]
    if k == 6:
        return [f"and x22, {xr(r)}, #0x78",
                f"ldr {xr(r)}, [x23, x22]"]
    if k == 7:
        return [f"and x22, {xr(r)}, #0x78",
                f"str {xr(r)}, [x23, x22]"]
    if k == 8:
        return [f"{r.choice(['eor', 'orr', 'bic'])} {xr(r)}, {xr(r)}, "
                f"{xr(r)}, ror #{r.randrange(64)}"]
    if k == 9:
        return [f"madd {xr(r)}, {xr(r)}, {xr(r)}, {xr(r)}"]
    if k == 10:
        return [f"ccmp {xr(r)}, #{r.randrange(32)}, #{r.randrange(16)}, "
                f"{r.choice(CONDS)}"]
    if k == 11:
        a, b = xr(r), xr(r)
        return ["add x24, x23, #0x80",
                f"ldxr {a}, [x24]", f"add {a}, {a}, {b}",
                f"stxr w25, {a}, [x24]", f"add {b}, {b}, x25"]
    if k in (12, 13, 14):
        # a run of scalar FP instructions: values forwarded between them
        out = []
        for _ in range(r.randrange(1, 4)):
            op = r.choice(["fadd", "fsub", "fmul", "fmadd", "fmov", "fabs",
                           "fmaxnm"])
            if op == "fmadd":
                out.append(f"fmadd {dr(r)}, {dr(r)}, {dr(r)}, {dr(r)}")
            elif op in ("fmov", "fabs"):
                out.append(f"{op} {dr(r)}, {dr(r)}")
            else:
                out.append(f"{op} {dr(r)}, {dr(r)}, {dr(r)}")
        return out
    if k == 15:
        return [f"fmov {dr(r)}, {xr(r)}"] if r.random() < 0.5 else \
               [f"scvtf {dr(r)}, {xr(r)}"]
    if k == 16:
        return [f"fcvtzs {xr(r)}, {dr(r)}"] if r.random() < 0.5 else \
               [f"fmov {xr(r)}, {dr(r)}"]
    if k == 17:
        return [r.choice([f"fcmp {dr(r)}, {dr(r)}",
                          f"fccmp {dr(r)}, {dr(r)}, #{r.randrange(16)}, "
                          f"{r.choice(CONDS)}",
                          f"fcsel {dr(r)}, {dr(r)}, {dr(r)}, "
                          f"{r.choice(CONDS)}"])]
    return [f"sub {xr(r)}, {xr(r)}, #{r.randrange(4096)}"]


def body(r, n, labels):
    """n random insns, some after a label the caller may branch back to,
    some skipped by a forward conditional branch."""
    out = []
    for i in range(n):
        if r.random() < 0.25:
            lab = labels.new()
            out.append(f"{lab}:")
            labels.back.append(lab)
        if r.random() < 0.15:
            lab = labels.new()
            br = r.choice(["b.cond", "cbz", "tbnz"])
            if br == "b.cond":
                out.append(f"b.{r.choice(CONDS)} {lab}")
            elif br == "cbz":
                out.append(f"{r.choice(['cbz', 'cbnz'])} {xr(r)}, {lab}")
            else:
                out.append(f"tbnz {xr(r)}, #{r.randrange(64)}, {lab}")
            out += gen_insn(r)
            out.append(f"{lab}:")
        out += gen_insn(r)
    return out


class Labels:
    def __init__(self, blk):
        self.blk, self.n, self.back = blk, 0, []

    def new(self):
        self.n += 1
        return f".Lb{self.blk}_{self.n}"


def block(r, blk):
    lab = Labels(blk)
    out = [f".global loop_block{blk}", ".balign 16", f"loop_block{blk}:",
           "stp x19, x30, [sp, #-64]!", "stp x20, x21, [sp, #16]",
           "stp x22, x23, [sp, #32]", "stp x24, x25, [sp, #48]",
           "mov x19, x0",
           "ldp d0, d1, [x19, #128]", "ldp d2, d3, [x19, #144]",
           "ldp d4, d5, [x19, #160]", "ldp d6, d7, [x19, #176]",
           "add x23, x19, #256"]
    for i in range(0, 16, 2):
        out.append(f"ldp x{i}, x{i + 1}, [x19, #{8 * i}]")
    # a new TB starts here, so the loop heads are not its first insn
    out += [f"b .Lb{blk}_start", f".Lb{blk}_start:"]
    out.append(f"mov x20, #{r.randrange(2, 5)}")
    outer = lab.new()
    out.append(f"{outer}:")
    out += body(r, r.randrange(1, 5), lab)
    out.append(f"mov x21, #{r.randrange(2, 6)}")
    inner = lab.new()
    out.append(f"{inner}:")
    lab.back = []
    out += body(r, r.randrange(2, 8), lab)
    exit_lab = f".Lb{blk}_exit"
    if r.random() < 0.3:
        out.append(f"cbz {xr(r)}, {exit_lab}")
    # back edge of the inner loop: to its head or a later label in it
    tgt = r.choice([inner] + lab.back)
    if r.random() < 0.5:
        out += ["subs x21, x21, #1", f"b.ne {tgt}"]
    else:
        out += ["sub x21, x21, #1", f"cbnz x21, {tgt}"]
    out += body(r, r.randrange(0, 4), lab)
    out += ["sub x20, x20, #1", f"cbnz x20, {outer}"]
    out.append(f"{exit_lab}:")
    for i in range(0, 16, 2):
        out.append(f"stp x{i}, x{i + 1}, [x19, #{8 * i}]")
    out += ["stp d0, d1, [x19, #128]", "stp d2, d3, [x19, #144]",
            "stp d4, d5, [x19, #160]", "stp d6, d7, [x19, #176]",
            "mrs x1, nzcv", "str x1, [x19, #192]",
            "ldp x20, x21, [sp, #16]", "ldp x22, x23, [sp, #32]",
            "ldp x24, x25, [sp, #48]", "ldp x19, x30, [sp], #64", "ret"]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    r = random.Random(args.seed)
    lines = ["/* Generated by gen_loops.py: do not edit. */",
             ".arch armv8-a+crc+fp+simd", ".text"]
    for blk in range(BLOCKS):
        for line in block(r, blk):
            lines.append(line if line.endswith(":") or line.startswith(".")
                         else "\t" + line)
    lines.append(".balign 8")
    lines.append(".global loop_blocks")
    lines.append("loop_blocks:")
    for blk in range(BLOCKS):
        lines.append(f"\t.quad loop_block{blk}")
    lines.append(f".global loop_nblocks\nloop_nblocks:\t.quad {BLOCKS}")
    with open(args.output, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
