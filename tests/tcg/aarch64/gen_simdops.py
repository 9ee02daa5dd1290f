#!/usr/bin/env python3
"""Writes simdops.h: the Advanced SIMD instruction forms that simd.c and
simdrandom.c run, one X(insn) line each.  Operands: v0, v1, v3 sources,
v2 destination (also a source for accumulating and inserting forms), w9/x9
the general register, x10 a 16-byte aligned memory buffer, x11 = 16;
v31 is scratch.  Several instructions in one form are separated by ';'."""
import sys

ALL = ["8b", "16b", "4h", "8h", "2s", "4s", "2d"]
NO_D = ALL[:-1]
BHS = {"8b": "b", "16b": "b", "4h": "h", "8h": "h", "2s": "s", "4s": "s",
       "2d": "d"}
ESIZE = {"b": 8, "h": 16, "s": 32, "d": 64}


def ops():
    for t in ALL:
        for op in ["add", "sub", "cmeq", "cmgt", "cmge", "cmhi", "cmhs",
                   "cmtst", "addp"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
        for op in ["cmeq", "cmgt", "cmge", "cmle", "cmlt"]:
            yield f"{op} v2.{t}, v0.{t}, #0"
        for op in ["neg", "abs"]:
            yield f"{op} v2.{t}, v0.{t}"
        for op in ["zip1", "zip2", "uzp1", "uzp2", "trn1", "trn2"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
        e = BHS[t]
        n = ESIZE[e]
        for sh in sorted({1, n // 2 - 1, n - 1}):
            yield f"shl v2.{t}, v0.{t}, #{sh}"
        for sh in sorted({1, n // 2, n}):
            for op in ["ushr", "sshr", "usra", "ssra"]:
                yield f"{op} v2.{t}, v0.{t}, #{sh}"
        yield f"dup v2.{t}, v0.{e}[1]"
        yield f"dup v2.{t}, {'x' if e == 'd' else 'w'}9"
        yield f"ld1r {{v2.{t}}}, [x10]"
        yield f"ld1r {{v2.{t}}}, [x10], #{n // 8}"
        yield f"ld1r {{v2.{t}}}, [x10], x11"
        for k in range(1, 5):
            regs = ", ".join(f"v{2 + r}.{t}" for r in range(k))
            regs = "{" + regs + "}"
            size = k * (16 if t in ("16b", "8h", "4s", "2d") else 8)
            yield f"ld1 {regs}, [x10]"
            yield f"ld1 {regs}, [x10], #{size}"
            yield f"st1 {regs}, [x10], x11"
            yield f"st1 {regs}, [x10]"
    for t in NO_D:
        for op in ["mul", "mla", "mls", "umax", "umin", "smax", "smin",
                   "umaxp", "uminp", "smaxp", "sminp"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
    for t, wide in [("8b", "8h"), ("16b", "8h"), ("4h", "4s"), ("8h", "4s"),
                    ("2s", "2d"), ("4s", "2d")]:
        n = ESIZE[BHS[t]]
        suffix = "2" if t in ("16b", "8h", "4s") else ""
        for sh in sorted({1, n // 2, n}):
            for op in ["shrn", "rshrn"]:
                yield f"{op}{suffix} v2.{t}, v0.{wide}, #{sh}"
    for t in ["8b", "16b", "4h", "8h", "4s"]:
        e = BHS[t]
        for op in ["addv", "umaxv", "uminv", "smaxv", "sminv"]:
            yield f"{op} {e}2, v0.{t}"
        wide = {"b": "h", "h": "s", "s": "d"}[e]
        yield f"uaddlv {wide}2, v0.{t}"
        yield f"saddlv {wide}2, v0.{t}"
    for t in ["8b", "16b"]:
        for op in ["and", "orr", "eor", "bic", "orn", "bsl", "bit", "bif"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
        yield f"not v2.{t}, v0.{t}"
        yield f"mvn v2.{t}, v2.{t}"
        yield f"cnt v2.{t}, v0.{t}"
        for k in range(1, 5):
            regs = ", ".join(f"v{r}.16b" for r in range(k))
            yield f"tbl v2.{t}, {{{regs}}}, v3.{t}"
            yield f"tbx v2.{t}, {{{regs}}}, v3.{t}"
        yield f"ext v2.{t}, v0.{t}, v1.{t}, #3"
        yield f"ext v2.{t}, v0.{t}, v2.{t}, #{7 if t == '8b' else 13}"
    yield "tbl v2.16b, {v1.16b, v2.16b}, v2.16b"
    # Register lists wrap from V31 to V0.
    yield "ld1 {v31.16b, v0.16b}, [x10]; mov v2.16b, v31.16b"
    yield "mov v31.16b, v1.16b; st1 {v31.2d, v0.2d, v1.2d}, [x10], #48"
    yield "mov v31.16b, v3.16b; tbl v2.16b, {v31.16b, v0.16b}, v1.16b"
    for k in range(1, 5):
        regs = "{" + ", ".join(f"v{2 + r}.1d" for r in range(k)) + "}"
        yield f"ld1 {regs}, [x10], #{8 * k}"
        yield f"st1 {regs}, [x10]"
    yield "ld1r {v2.1d}, [x10], #8"
    yield "tbx v2.8b, {v3.16b, v4.16b, v5.16b}, v0.8b"
    for r, types in [(64, NO_D), (32, NO_D[:4]), (16, NO_D[:2])]:
        for t in types:
            yield f"rev{r} v2.{t}, v0.{t}"
    for src, dst in [("8h", "8b"), ("4s", "4h"), ("2d", "2s")]:
        yield f"xtn v2.{dst}, v0.{src}"
        d2 = {"8b": "16b", "4h": "8h", "2s": "4s"}[dst]
        yield f"xtn2 v2.{d2}, v0.{src}"
        yield f"xtn2 v2.{d2}, v2.{src}"
    for wide, narrow, n in [("8h", "8b", 8), ("4s", "4h", 16),
                            ("2d", "2s", 32)]:
        n2 = {"8b": "16b", "4h": "8h", "2s": "4s"}[narrow]
        for sh in [0, 1, n - 1]:
            for op in ["ushll", "sshll"]:
                yield f"{op} v2.{wide}, v0.{narrow}, #{sh}"
                yield f"{op}2 v2.{wide}, v0.{n2}, #{sh}"
        yield f"uxtl v2.{wide}, v2.{narrow}"
        yield f"sxtl2 v2.{wide}, v2.{n2}"
    for e, idx in [("b", 15), ("h", 7), ("s", 3), ("d", 1)]:
        g = "x" if e == "d" else "w"
        yield f"ins v2.{e}[{idx}], {g}9"
        yield f"ins v2.{e}[0], v0.{e}[{idx}]"
        yield f"mov v2.{e}[1], v2.{e}[0]"
        yield f"umov {g}9, v0.{e}[{idx}]"
        if e != "d":
            yield f"smov x9, v0.{e}[{idx}]"
        if e in "bh":
            yield f"smov w9, v0.{e}[1]"
    for t in ["8b", "16b"]:
        yield f"movi v2.{t}, #0xa5"
    for t in ["4h", "8h"]:
        yield f"movi v2.{t}, #0x5a, lsl #8"
        yield f"mvni v2.{t}, #0x81"
        yield f"orr v2.{t}, #0x42, lsl #8"
        yield f"bic v2.{t}, #0xff"
    for t in ["2s", "4s"]:
        for sh in [0, 8, 16, 24]:
            yield f"movi v2.{t}, #0xc3, lsl #{sh}"
            yield f"mvni v2.{t}, #0x3c, lsl #{sh}"
            yield f"orr v2.{t}, #0x81, lsl #{sh}"
            yield f"bic v2.{t}, #0x7e, lsl #{sh}"
        yield f"movi v2.{t}, #0x12, msl #8"
        yield f"mvni v2.{t}, #0x34, msl #16"
        yield f"fmov v2.{t}, #-1.25"
    yield "movi d2, #0xff00ff0000ffff00"
    yield "movi v2.2d, #0x00ffff00ff0000ff"
    yield "fmov v2.2d, #3.0"
    for t, wide in [("8b", "8h"), ("16b", "8h"), ("4h", "4s"), ("8h", "4s"),
                    ("2s", "2d"), ("4s", "2d")]:
        suffix = "2" if t in ("16b", "8h", "4s") else ""
        for op in ["addhn", "raddhn", "subhn", "rsubhn"]:
            yield f"{op}{suffix} v2.{t}, v0.{wide}, v1.{wide}"
    yield from ops_3diff()


def ops_3diff():
    """Three registers of different widths: long and wide (the narrowing
    high ones are in ops())."""
    for narrow, wide in [("8b", "8h"), ("4h", "4s"), ("2s", "2d")]:
        n2 = {"8b": "16b", "4h": "8h", "2s": "4s"}[narrow]
        for u in "su":
            for op in ["addl", "subl", "abdl", "abal", "mlal", "mlsl",
                       "mull"]:
                yield f"{u}{op} v2.{wide}, v0.{narrow}, v1.{narrow}"
                yield f"{u}{op}2 v2.{wide}, v0.{n2}, v1.{n2}"
            for op in ["addw", "subw"]:
                yield f"{u}{op} v2.{wide}, v0.{wide}, v1.{narrow}"
                yield f"{u}{op}2 v2.{wide}, v0.{wide}, v1.{n2}"
    # Rd aliasing a source.
    yield "smlal2 v2.2d, v2.4s, v1.4s"
    yield "umull v2.8h, v0.8b, v2.8b"
    yield "addhn2 v2.16b, v2.8h, v0.8h"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "simdops.h"
    with open(out, "w") as f:
        f.write("/* Generated by gen_simdops.py: do not edit. */\n")
        f.write("#define SIMD_OPS(X) \\\n")
        for i, op in enumerate(ops()):
            f.write(f"    X({i}, \"{op}\") \\\n")
        f.write("\n")


main()
