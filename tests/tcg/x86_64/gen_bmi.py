"""The bmi class of gen_cases.py: BMI1 and BMI2 in VEX encodings.

ANDN, BEXTR, BLSI, BLSMSK, BLSR (and TZCNT, the legacy-encoded BMI1
member), BZHI, MULX, PDEP, PEXT, RORX, SARX, SHLX, SHRX at 32 bits
(VEX.W0) and 64 bits (VEX.W1), with register and memory (base, index,
RIP-relative, 67) r/m operands, always through the 3-byte C4 prefix
(the 2-byte C5 form only reaches map 0F).  Half of the BEXTR controls,
BZHI indexes and SHLX/SHRX/SARX counts are set by a MOV before the
instruction from edge values (start/length/index 0, 1, the width - 1,
the width, past it, 255; counts of the width and more, upper bits set);
the others, like every source, come from the harness's random values
(0, all ones, sign bits, ...).  Flags the SDM leaves undefined are
masked:

  ANDN BLSI BLSMSK BLSR BZHI    AF PF
  BEXTR                         AF PF SF
  TZCNT                         OF SF AF PF
MULX, PDEP, PEXT, RORX and the shifts leave the flags alone (all compared).
"""

FULL = 0x0cd5
AF, OF, CF, SF, ZF, PF = 0x10, 0x800, 0x1, 0x80, 0x40, 0x4
REG64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
         "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]

# (name, map, opcode, pp, ModRM.reg fixed or None, operand roles, flags)
# roles: "gvb" = reg is the destination, vvvv and r/m the sources (in the
# instruction's own order, which the harness does not care about);
# "v" = vvvv is the destination (group 17); "i" = an imm8 follows.
BMI_OPS = [
    ("andn", 2, 0xf2, 0, None, "gvb", FULL & ~(AF | PF)),
    ("blsr", 2, 0xf3, 0, 1, "v", FULL & ~(AF | PF)),
    ("blsmsk", 2, 0xf3, 0, 2, "v", FULL & ~(AF | PF)),
    ("blsi", 2, 0xf3, 0, 3, "v", FULL & ~(AF | PF)),
    ("bzhi", 2, 0xf5, 0, None, "idx", FULL & ~(AF | PF)),
    ("pext", 2, 0xf5, 2, None, "gvb", FULL),
    ("pdep", 2, 0xf5, 3, None, "gvb", FULL),
    ("mulx", 2, 0xf6, 3, None, "mulx", FULL),
    ("bextr", 2, 0xf7, 0, None, "ctl", FULL & ~(AF | PF | SF)),
    ("shlx", 2, 0xf7, 1, None, "cnt", FULL),
    ("sarx", 2, 0xf7, 2, None, "cnt", FULL),
    ("shrx", 2, 0xf7, 3, None, "cnt", FULL),
    ("rorx", 3, 0xf0, 3, None, "i", FULL),
]


def vex3(rex, vmap, w, vvvv, pp, l=0):
    """C4 and its two bytes; rex: the R/X/B bits as in a REX byte."""
    b1 = ((~rex & 7) << 5) | vmap
    b2 = (w << 7) | ((~vvvv & 15) << 3) | (l << 2) | pp
    return [0xc4, b1, b2]


def rex_bits(reg, rm):
    """The REX.R/X/B bits a ModRM operand pair needs."""
    rex = 4 if reg >= 8 else 0
    if rm[0] == "r":
        rex |= 1 if rm[1] >= 8 else 0
    elif rm[0] == "m":
        _, base, index, _, _ = rm
        rex |= (1 if base >= 8 else 0) | (2 if index is not None and
                                          index >= 8 else 0)
    return rex


def emit_vex(e, vmap, opcode, pp, w, reg, vvvv, rm, imm=b"", addr32=False):
    """A VEX instruction: Enc.emit lays out ModRM and what follows (it
    adds a REX byte for registers 8-15: dropped, VEX carries the bits)."""
    rex = rex_bits(reg, rm)
    saved, e.c.code = e.c.code, []
    e.emit([opcode], 2, reg, rm, imm, wide=False)
    body = e.c.code[1:] if rex else e.c.code
    e.c.code = saved
    pre = [0x67] if addr32 else []
    e.c.code.extend(pre + vex3(rex, vmap, w, vvvv, pp) + body)


def edge(r, bits, kind):
    """A control value for BEXTR ("ctl"), BZHI ("idx") or a count."""
    near = [0, 1, 2, bits // 2, bits - 1, bits, bits + 1, 2 * bits - 1,
            127, 128, 255, r.randrange(bits), r.randrange(256)]
    v = r.choice(near)
    if kind == "ctl":
        v |= r.choice(near) << 8
    high = r.choice([0, 0, r.getrandbits(64 - 16) << 16])
    return (v | high) & ((1 << bits) - 1)


def set_reg(e, n, v):
    e.emit_plain(f"movabs ${v:#x}, %{REG64[n]}")


def gen_tzcnt(e, r, c):
    size = r.choice([1, 2, 3])
    c.flags = CF | ZF | 0x400
    rm = ("r", e.data_reg()) if r.random() < 0.6 else e.mem(1 << size)
    e.emit([0x0f, 0xbc], size, e.data_reg(), rm, prefixes=[0xf3])


def gen_bmi(e, r, c):
    if r.random() < 0.04:
        gen_tzcnt(e, r, c)
        return
    name, vmap, opc, pp, fixed, roles, flags = r.choice(BMI_OPS)
    w = r.randrange(2)
    bits = 64 if w else 32
    c.flags = flags
    addr32 = False
    if r.random() < 0.35:
        addr32 = r.random() < 0.15
        rm = e.mem(bits // 8, allow_rip=not addr32)
    else:
        rm = ("r", e.data_reg())
    if roles == "v":                    # group 17: vvvv = f(r/m)
        reg, v = fixed, e.data_reg()
    else:
        reg = e.data_reg()
        v = reg if roles == "mulx" and r.random() < 0.1 else e.data_reg()
    imm = b""
    if roles == "i":
        v = 0
        imm = bytes([r.choice([0, 1, bits - 1, bits, r.randrange(256)])])
    elif roles in ("ctl", "idx", "cnt") and r.random() < 0.5:
        set_reg(e, v, edge(r, bits, roles))
    emit_vex(e, vmap, opc, pp, w, reg, v, rm, imm, addr32)


BMI_GENS = {"bmi": gen_bmi}
