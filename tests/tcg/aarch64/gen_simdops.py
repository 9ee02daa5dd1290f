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


def crypto_ops():
    """The cryptographic extension and polynomial multiplies."""
    for op in ["aese", "aesd", "aesmc", "aesimc"]:
        yield f"{op} v2.16b, v0.16b"
        yield f"{op} v2.16b, v2.16b"
    for op in ["sha1c", "sha1p", "sha1m", "sha256h", "sha256h2"]:
        q = "s" if op.startswith("sha1") else "q"
        yield f"{op} q2, {q}0, v1.4s"
        yield f"{op} q2, {q}2, v2.4s"
    yield "sha1h s2, s0"
    yield "sha1h s2, s2"
    for op in ["sha1su0", "sha256su1"]:
        yield f"{op} v2.4s, v0.4s, v1.4s"
        yield f"{op} v2.4s, v2.4s, v0.4s"
    for op in ["sha1su1", "sha256su0"]:
        yield f"{op} v2.4s, v0.4s"
        yield f"{op} v2.4s, v2.4s"
    for wide, src in [("8h", "b"), ("1q", "d")]:
        n = {"b": 8, "d": 1}[src]
        yield f"pmull v2.{wide}, v0.{n}{src}, v1.{n}{src}"
        yield f"pmull2 v2.{wide}, v0.{2 * n}{src}, v1.{2 * n}{src}"
        yield f"pmull2 v2.{wide}, v2.{2 * n}{src}, v2.{2 * n}{src}"
    for t in ["8b", "16b"]:
        yield f"pmul v2.{t}, v0.{t}, v1.{t}"
        yield f"pmul v2.{t}, v2.{t}, v2.{t}"


def fpvec_ops():
    """Advanced SIMD floating point: vector, scalar, by element, pairwise,
    across lanes, conversions."""
    vec = ["2s", "4s", "2d"]
    for t in vec:
        for op in ["fadd", "fsub", "fmul", "fdiv", "fmax", "fmin", "fmaxnm",
                   "fminnm", "fmulx", "fabd", "fcmeq", "fcmge", "fcmgt",
                   "facge", "facgt", "frecps", "frsqrts", "fmla", "fmls",
                   "faddp", "fmaxp", "fminp", "fmaxnmp", "fminnmp"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
        yield f"fadd v2.{t}, v2.{t}, v2.{t}"
        yield f"faddp v2.{t}, v0.{t}, v2.{t}"
        for op in ["fabs", "fneg", "fsqrt", "frintn", "frintm", "frintp",
                   "frintz", "frinta", "frintx", "frinti", "fcvtns",
                   "fcvtms", "fcvtas", "fcvtps", "fcvtzs", "fcvtnu", "fcvtmu",
                   "fcvtau", "fcvtpu", "fcvtzu", "scvtf", "ucvtf", "frecpe",
                   "frsqrte"]:
            yield f"{op} v2.{t}, v0.{t}"
        if t != "2d":
            yield f"urecpe v2.{t}, v0.{t}"
            yield f"ursqrte v2.{t}, v0.{t}"
        for op in ["fcmgt", "fcmge", "fcmeq", "fcmle", "fcmlt"]:
            yield f"{op} v2.{t}, v0.{t}, #0.0"
        e = t[-1]
        n = 64 if e == "d" else 32
        for op in ["scvtf", "ucvtf", "fcvtzs", "fcvtzu"]:
            for fb in sorted({1, n // 2 + 1, n}):
                yield f"{op} v2.{t}, v0.{t}, #{fb}"
        for op in ["fmul", "fmla", "fmls", "fmulx"]:
            for idx in ([0, 1] if e == "d" else [0, 3]):
                yield f"{op} v2.{t}, v0.{t}, v1.{e}[{idx}]"
            yield (f"mov v31.16b, v1.16b; "
                   f"{op} v2.{t}, v0.{t}, v31.{e}[1]")
    for r in ["s", "d"]:
        for op in ["fmulx", "fabd", "fcmeq", "fcmge", "fcmgt", "facge",
                   "facgt", "frecps", "frsqrts"]:
            yield f"{op} {r}2, {r}0, {r}1"
        for op in ["fcvtns", "fcvtms", "fcvtas", "fcvtps", "fcvtzs",
                   "fcvtnu", "fcvtmu", "fcvtau", "fcvtpu", "fcvtzu", "scvtf",
                   "ucvtf", "frecpe", "frsqrte", "frecpx"]:
            yield f"{op} {r}2, {r}0"
        for op in ["fcmgt", "fcmge", "fcmeq", "fcmle", "fcmlt"]:
            yield f"{op} {r}2, {r}0, #0.0"
        n = 64 if r == "d" else 32
        for op in ["scvtf", "ucvtf", "fcvtzs", "fcvtzu"]:
            yield f"{op} {r}2, {r}0, #{n // 2 - 3}"
        v = "2d" if r == "d" else "2s"
        for op in ["faddp", "fmaxp", "fminp", "fmaxnmp", "fminnmp"]:
            yield f"{op} {r}2, v0.{v}"
        for op in ["fmul", "fmla", "fmls", "fmulx"]:
            yield f"{op} {r}2, {r}0, v1.{r}[1]"
    for op in ["fmaxv", "fminv", "fmaxnmv", "fminnmv"]:
        yield f"{op} s2, v0.4s"
    yield "fcvtl v2.4s, v0.4h"
    yield "fcvtl2 v2.4s, v0.8h"
    yield "fcvtl v2.2d, v0.2s"
    yield "fcvtl2 v2.2d, v0.4s"
    yield "fcvtn v2.4h, v0.4s"
    yield "fcvtn2 v2.8h, v0.4s"
    yield "fcvtn v2.2s, v0.2d"
    yield "fcvtn2 v2.4s, v0.2d"
    yield "fcvtxn v2.2s, v0.2d"
    yield "fcvtxn2 v2.4s, v0.2d"
    yield "fcvtxn s2, d0"


def int_ops():
    """Saturating, rounding, halving, widening, narrowing, insert and
    by-element integer forms, and the scalar ones."""
    for t in ALL:
        for op in ["sqadd", "uqadd", "sqsub", "uqsub", "sshl", "ushl",
                   "srshl", "urshl", "sqshl", "uqshl", "sqrshl", "uqrshl"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
        yield f"sqadd v2.{t}, v2.{t}, v2.{t}"
        for op in ["suqadd", "usqadd", "sqabs", "sqneg"]:
            yield f"{op} v2.{t}, v0.{t}"
        e = BHS[t]
        n = ESIZE[e]
        for sh in sorted({1, n // 2, n}):
            for op in ["srshr", "urshr", "srsra", "ursra", "sri"]:
                yield f"{op} v2.{t}, v0.{t}, #{sh}"
        for sh in sorted({0, 1, n // 2, n - 1}):
            for op in ["sli", "sqshl", "uqshl", "sqshlu"]:
                yield f"{op} v2.{t}, v0.{t}, #{sh}"
    for t in NO_D:
        for op in ["shadd", "uhadd", "srhadd", "urhadd", "shsub", "uhsub",
                   "sabd", "uabd", "saba", "uaba"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
        for op in ["cls", "clz"]:
            yield f"{op} v2.{t}, v0.{t}"
        wide = {"8b": "4h", "16b": "8h", "4h": "2s", "8h": "4s", "2s": "1d",
                "4s": "2d"}[t]
        for op in ["saddlp", "uaddlp", "sadalp", "uadalp"]:
            yield f"{op} v2.{wide}, v0.{t}"
    for t in ["4h", "8h", "2s", "4s"]:
        e = BHS[t]
        for op in ["sqdmulh", "sqrdmulh"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
            yield f"{op} v2.{t}, v0.{t}, v1.{e}[1]"
        for op in ["mul", "mla", "mls"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{e}[{3 if e == 's' else 7}]"
        vm = 15 if e == "h" else 31     # H elements: V0-V15 only
        yield f"mov v31.16b, v1.16b; mul v2.{t}, v0.{t}, v{vm}.{e}[2]"
    for t in ["8b", "16b"]:
        yield f"rbit v2.{t}, v0.{t}"
    for narrow, wide, half in [("8b", "8h", "16b"), ("4h", "4s", "8h"),
                               ("2s", "2d", "4s")]:
        n = ESIZE[BHS[narrow]]
        for hi, nt in [("", narrow), ("2", half)]:
            for op in ["saddl", "uaddl", "ssubl", "usubl", "sabal", "uabal",
                       "sabdl", "uabdl", "smlal", "umlal", "smlsl", "umlsl",
                       "smull", "umull"]:
                yield f"{op}{hi} v2.{wide}, v0.{nt}, v1.{nt}"
            for op in ["saddw", "uaddw", "ssubw", "usubw"]:
                yield f"{op}{hi} v2.{wide}, v0.{wide}, v1.{nt}"
            for op in ["addhn", "raddhn", "subhn", "rsubhn"]:
                yield f"{op}{hi} v2.{nt}, v0.{wide}, v1.{wide}"
            for op in ["sqxtn", "uqxtn", "sqxtun"]:
                yield f"{op}{hi} v2.{nt}, v0.{wide}"
            yield f"shll{hi} v2.{wide}, v0.{nt}, #{n}"
            for sh in sorted({1, n // 2, n}):
                for op in ["sqshrn", "uqshrn", "sqrshrn", "uqrshrn",
                           "sqshrun", "sqrshrun"]:
                    yield f"{op}{hi} v2.{nt}, v0.{wide}, #{sh}"
            if narrow != "8b":
                e = BHS[narrow]
                for op in ["sqdmull", "sqdmlal", "sqdmlsl"]:
                    yield f"{op}{hi} v2.{wide}, v0.{nt}, v1.{nt}"
                    yield f"{op}{hi} v2.{wide}, v0.{nt}, v1.{e}[1]"
                for op in ["smull", "umull", "smlal", "umlsl"]:
                    yield f"{op}{hi} v2.{wide}, v0.{nt}, v1.{e}[2]"
    for r, n in [("b", 8), ("h", 16), ("s", 32), ("d", 64)]:
        for op in ["sqadd", "uqadd", "sqsub", "uqsub", "sqshl", "uqshl",
                   "sqrshl", "uqrshl"]:
            yield f"{op} {r}2, {r}0, {r}1"
        for op in ["suqadd", "usqadd", "sqabs", "sqneg"]:
            yield f"{op} {r}2, {r}0"
        for op in ["sqshl", "uqshl", "sqshlu"]:
            yield f"{op} {r}2, {r}0, #{n // 2 + 1}"
        if r != "d":
            w = {"b": "h", "h": "s", "s": "d"}[r]
            for op in ["sqxtn", "uqxtn", "sqxtun"]:
                yield f"{op} {r}2, {w}0"
            for op in ["sqshrn", "uqrshrn", "sqshrun", "sqrshrun"]:
                yield f"{op} {r}2, {w}0, #{n // 2 + 1}"
        if r in "hs":
            w = {"h": "s", "s": "d"}[r]
            for op in ["sqdmulh", "sqrdmulh"]:
                yield f"{op} {r}2, {r}0, {r}1"
                yield f"{op} {r}2, {r}0, v1.{r}[1]"
            for op in ["sqdmull", "sqdmlal", "sqdmlsl"]:
                yield f"{op} {w}2, {r}0, {r}1"
                yield f"{op} {w}2, {r}0, v1.{r}[1]"
    for op in ["add", "sub", "cmgt", "cmge", "cmhi", "cmhs", "cmeq", "cmtst",
               "sshl", "ushl", "srshl", "urshl"]:
        yield f"{op} d2, d0, d1"
    for op in ["cmgt", "cmge", "cmeq", "cmle", "cmlt"]:
        yield f"{op} d2, d0, #0"
    yield "abs d2, d0"
    yield "neg d2, d0"
    for sh in [1, 32, 64]:
        for op in ["sshr", "ushr", "ssra", "usra", "srshr", "urshr", "srsra",
                   "ursra", "sri"]:
            yield f"{op} d2, d0, #{sh}"
    for sh in [0, 1, 63]:
        yield f"shl d2, d0, #{sh}"
        yield f"sli d2, d0, #{sh}"
    yield "addp d2, v0.2d"
    yield "addp d2, v2.2d"
    for e, idx in [("b", 15), ("h", 5), ("s", 3), ("d", 1)]:
        yield f"mov {e}2, v0.{e}[{idx}]"
        yield f"dup {e}2, v2.{e}[1]"


def ldst_ops():
    """LD2-LD4/ST2-ST4, single-lane LD1-LD4/ST1-ST4 and LD2R-LD4R."""
    for t in ALL:
        for k in range(2, 5):
            regs = "{" + ", ".join(f"v{2 + r}.{t}" for r in range(k)) + "}"
            size = k * (16 if t in ("16b", "8h", "4s", "2d") else 8)
            yield f"ld{k} {regs}, [x10]"
            yield f"ld{k} {regs}, [x10], #{size}"
            yield f"st{k} {regs}, [x10], x11"
            yield f"st{k} {regs}, [x10]"
            yield f"ld{k}r {regs}, [x10], #{k * ESIZE[BHS[t]] // 8}"
    for e, last in [("b", 15), ("h", 7), ("s", 3), ("d", 1)]:
        for k in range(1, 5):
            regs = "{" + ", ".join(f"v{2 + r}.{e}" for r in range(k)) + "}"
            for idx in [0, last]:
                yield f"ld{k} {regs}[{idx}], [x10]"
                yield f"st{k} {regs}[{idx}], [x10], x11"
            yield f"ld{k} {regs}[1], [x10], #{k * ESIZE[e] // 8}"
            yield f"st{k} {regs}[1], [x10], #{k * ESIZE[e] // 8}"
    yield "ld4 {v31.4s, v0.4s, v1.4s, v2.4s}, [x10]; mov v3.16b, v31.16b"
    yield "mov v31.16b, v1.16b; st3 {v31.s, v0.s, v1.s}[2], [x10]"


def fp16_ops():
    """FEAT_FP16: half-precision scalar FP and Advanced SIMD forms."""
    for t in ["4h", "8h"]:
        for op in ["fadd", "fsub", "fmul", "fdiv", "fmax", "fmin", "fmaxnm",
                   "fminnm", "fmulx", "fabd", "fcmeq", "fcmge", "fcmgt",
                   "facge", "facgt", "frecps", "frsqrts", "fmla", "fmls",
                   "faddp", "fmaxp", "fminp", "fmaxnmp", "fminnmp"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
        yield f"faddp v2.{t}, v0.{t}, v2.{t}"
        for op in ["fabs", "fneg", "fsqrt", "frintn", "frintm", "frintp",
                   "frintz", "frinta", "frintx", "frinti", "fcvtns",
                   "fcvtms", "fcvtas", "fcvtps", "fcvtzs", "fcvtnu", "fcvtmu",
                   "fcvtau", "fcvtpu", "fcvtzu", "scvtf", "ucvtf", "frecpe",
                   "frsqrte"]:
            yield f"{op} v2.{t}, v0.{t}"
        for op in ["fcmgt", "fcmge", "fcmeq", "fcmle", "fcmlt"]:
            yield f"{op} v2.{t}, v0.{t}, #0.0"
        for op in ["scvtf", "ucvtf", "fcvtzs", "fcvtzu"]:
            for fb in [1, 9, 16]:
                yield f"{op} v2.{t}, v0.{t}, #{fb}"
        for op in ["fmul", "fmla", "fmls", "fmulx"]:
            for idx in [0, 5, 7]:
                yield f"{op} v2.{t}, v0.{t}, v1.h[{idx}]"
            yield f"{op} v2.{t}, v0.{t}, v3.h[2]"
        for op in ["fmaxv", "fminv", "fmaxnmv", "fminnmv"]:
            yield f"{op} h2, v0.{t}"
    yield "fmov v2.4h, #-1.25"
    yield "fmov v2.8h, #3.0"
    for op in ["fmulx", "fabd", "fcmeq", "fcmge", "fcmgt", "facge", "facgt",
               "frecps", "frsqrts"]:
        yield f"{op} h2, h0, h1"
    for op in ["fcvtns", "fcvtms", "fcvtas", "fcvtps", "fcvtzs", "fcvtnu",
               "fcvtmu", "fcvtau", "fcvtpu", "fcvtzu", "scvtf", "ucvtf",
               "frecpe", "frsqrte", "frecpx"]:
        yield f"{op} h2, h0"
    for op in ["fcmgt", "fcmge", "fcmeq", "fcmle", "fcmlt"]:
        yield f"{op} h2, h0, #0.0"
    # Not FCVTZS Hd, Hn, #fbits: QEMU 7.2 writes its result sign-extended
    # to 32 bits in Vd (Kemu zero-extends the 16-bit result, as Arm does).
    for op in ["scvtf", "ucvtf", "fcvtzu"]:
        yield f"{op} h2, h0, #5"
    for op in ["faddp", "fmaxp", "fminp", "fmaxnmp", "fminnmp"]:
        yield f"{op} h2, v0.2h"
    for op in ["fmul", "fmla", "fmls", "fmulx"]:
        yield f"{op} h2, h0, v1.h[6]"
    # Scalar floating point on H registers.
    for op in ["fadd", "fsub", "fmul", "fdiv", "fmax", "fmin", "fmaxnm",
               "fminnm", "fnmul"]:
        yield f"{op} h2, h0, h1"
    for op in ["fmadd", "fmsub", "fnmadd", "fnmsub"]:
        yield f"{op} h2, h0, h1, h3"
    for op in ["fabs", "fneg", "fsqrt", "frintn", "frintm", "frintp",
               "frintz", "frinta", "frintx", "frinti"]:
        yield f"{op} h2, h0"
    yield "fmov h2, h0"
    yield "fmov h2, #0.5"
    yield "fmov h2, #-31.0"
    for op in ["fcmp", "fcmpe"]:
        yield f"{op} h0, h1; mrs x9, nzcv"
        yield f"{op} h0, #0.0; mrs x9, nzcv"
    yield "cmp x9, #0; fccmp h0, h1, #3, ne; mrs x9, nzcv"
    yield "cmp x9, #0; fccmpe h0, h1, #12, eq; mrs x9, nzcv"
    yield "cmp x9, #0; fcsel h2, h0, h1, gt"
    for r in "wx":
        for op in ["fcvtns", "fcvtms", "fcvtas", "fcvtps", "fcvtzs",
                   "fcvtnu", "fcvtmu", "fcvtau", "fcvtpu", "fcvtzu"]:
            yield f"{op} {r}9, h0"
        for op in ["fcvtzs", "fcvtzu"]:
            yield f"{op} {r}9, h0, #{3 if r == 'w' else 40}"
        for op in ["scvtf", "ucvtf"]:
            yield f"{op} h2, {r}9"
            yield f"{op} h2, {r}9, #{7 if r == 'w' else 50}"
        yield f"fmov {r}9, h0"
        yield f"fmov h2, {r}9"
    for r in "sd":
        yield f"fcvt {r}2, h0"
        yield f"fcvt h2, {r}0"


def ext_ops():
    """Armv8.1-8.6 extensions: FEAT_RDM, FEAT_DotProd, FEAT_FCMA,
    FEAT_FHM, FEAT_FRINTTS, FEAT_JSCVT, FEAT_I8MM."""
    for t in ["4h", "8h", "2s", "4s"]:
        e = t[-1]
        for op in ["sqrdmlah", "sqrdmlsh"]:
            yield f"{op} v2.{t}, v0.{t}, v1.{t}"
            for idx in ([0, 7] if e == "h" else [0, 3]):
                yield f"{op} v2.{t}, v0.{t}, v1.{e}[{idx}]"
            if e == "s":
                yield f"mov v31.16b, v1.16b; {op} v2.{t}, v0.{t}, v31.s[2]"
    for r in "hs":
        for op in ["sqrdmlah", "sqrdmlsh"]:
            yield f"{op} {r}2, {r}0, {r}1"
            yield f"{op} {r}2, {r}0, v1.{r}[1]"
    yield "sqrdmlah v2.8h, v2.8h, v2.h[3]"
    for t, b in [("2s", "8b"), ("4s", "16b")]:
        for op in ["sdot", "udot"]:
            yield f"{op} v2.{t}, v0.{b}, v1.{b}"
            for idx in [0, 3]:
                yield f"{op} v2.{t}, v0.{b}, v1.4b[{idx}]"
            yield f"mov v31.16b, v1.16b; {op} v2.{t}, v0.{b}, v31.4b[1]"
    yield "sdot v2.4s, v2.16b, v2.16b"
    for t, b in [("2s", "8b"), ("4s", "16b")]:
        yield f"usdot v2.{t}, v0.{b}, v1.{b}"
        for op in ["usdot", "sudot"]:
            for idx in [0, 3]:
                yield f"{op} v2.{t}, v0.{b}, v1.4b[{idx}]"
    for op in ["smmla", "ummla", "usmmla"]:
        yield f"{op} v2.4s, v0.16b, v1.16b"
        yield f"{op} v2.4s, v2.16b, v0.16b"
    for t in ["4h", "8h", "2s", "4s", "2d"]:
        for rot in [0, 90, 180, 270]:
            yield f"fcmla v2.{t}, v0.{t}, v1.{t}, #{rot}"
        for rot in [90, 270]:
            yield f"fcadd v2.{t}, v0.{t}, v1.{t}, #{rot}"
    for t, idxs in [("4h", [0, 1]), ("8h", [0, 3]), ("4s", [0, 1])]:
        e = t[-1]
        for rot in [0, 90, 180, 270]:
            for idx in idxs:
                yield f"fcmla v2.{t}, v0.{t}, v1.{e}[{idx}], #{rot}"
    yield "fcmla v2.4s, v2.4s, v2.4s, #90"
    for d, h in [("2s", "2h"), ("4s", "4h")]:
        for op in ["fmlal", "fmlsl", "fmlal2", "fmlsl2"]:
            yield f"{op} v2.{d}, v0.{h}, v1.{h}"
            for idx in [0, 5, 7]:
                yield f"{op} v2.{d}, v0.{h}, v1.h[{idx}]"
    for op in ["frint32z", "frint32x", "frint64z", "frint64x"]:
        for r in "sd":
            yield f"{op} {r}2, {r}0"
        for t in ["2s", "4s", "2d"]:
            yield f"{op} v2.{t}, v0.{t}"
    # FJCVTZS with FZ clear: QEMU 7.2 sets Z for a positive subnormal that
    # FZ flushed (Arm, and Kemu, clear it: the value was not exact).
    for r in ["d0", "d1"]:
        yield ("mrs x11, fpcr; fmov d31, x11; bic x11, x11, #0x1000000; "
               f"msr fpcr, x11; fjcvtzs w9, {r}; mrs x11, nzcv; "
               "add x9, x9, x11, lsl #4; fmov x11, d31; msr fpcr, x11")


GENERATORS = {"--crypto": crypto_ops, "--fpvec": fpvec_ops,
              "--ext": ext_ops,
              "--fp16": fp16_ops,
              "--ldst": ldst_ops,
              "--int": int_ops}


def main():
    """gen_simdops.py [--crypto | --fpvec | --fp16 | --ext | --int | --ldst]
    [OUT]: simdops.h, cryptoops.h, fpvops.h, fp16ops.h, extops.h, intops.h
    or ldstops.h."""
    args = sys.argv[1:]
    gen = ops
    if args and args[0] in GENERATORS:
        gen = GENERATORS[args[0]]
        args = args[1:]
    out = args[0] if args else "simdops.h"
    with open(out, "w") as f:
        f.write("/* Generated by gen_simdops.py: do not edit. */\n")
        f.write("#define SIMD_OPS(X) \\\n")
        for i, op in enumerate(gen()):
            f.write(f"    X({i}, \"{op}\") \\\n")
        f.write("\n")


main()
