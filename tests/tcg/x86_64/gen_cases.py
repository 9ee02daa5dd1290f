#!/usr/bin/env python3
"""Generate the differential test cases of one instruction class.

    gen_cases.py CLASS COUNT -o cases-CLASS.S [--seed N]

Each case is a few instruction bytes (our own encoder, so prefixes, REX,
ModRM/SIB/displacement and RIP-relative forms vary) followed by a jump to
case_exit, plus a descriptor (harness.h): the seed from which the harness
draws register, flag and memory inputs, which registers point into the
memory arena (memory operands, string registers), which are kept small
(index registers, counts), the fixups (no #DE for DIV) and the RFLAGS
bits compared.  Undefined flags are masked by these rules:

  AND/OR/XOR/TEST       AF
  shifts by 1           AF;  by more than 1: OF too;  by 0: nothing changes
  SHL/SHR 8/16-bit      CF also when the count is the width or more
  rotates               OF when the count is not 1
  SHLD/SHRD             AF;  OF when the count is not 1
  MUL/IMUL              SF ZF AF PF
  DIV/IDIV              all six
  BT/BTS/BTR/BTC        OF SF AF PF
  BSF/BSR               all but ZF
  TZCNT/LZCNT           OF SF AF PF
  BMI1/BMI2             see gen_bmi.py
(counts in CL are known only at run time: the harness applies the same
rules to them, FIX_SHIFT_CL).
"""
import argparse
import random

CLASSES = ["alu", "shift", "muldiv", "bitops", "cond", "string", "misc",
           "compat", "x87", "sse_fp", "sse_int", "sse_mov", "sse3", "ssse3",
           "mmx", "sse41", "sse42", "adx", "bmi"]
FULL = 0x0cd5
AF, OF, CF, SF, ZF, PF = 0x10, 0x800, 0x1, 0x80, 0x40, 0x4
DF_RANDOM = 0x8000
FIX_NONE, FIX_DIV, FIX_SHIFT_CL, FIX_X87 = 0, 1, 2, 3

# Memory base registers: not rax-rbx, whose second bytes (AH-BH) are
# 8-bit operands.
BASES = [5, 9, 12, 13, 14]
INDEXES = [8, 10, 11, 15]            # index registers (kept small)


class Case:
    def __init__(self):
        self.code = []               # ints (bytes) and str (asm directives)
        self.ptr = 0
        self.small = 0
        self.smallbits = 0xff
        self.flags = FULL
        self.fix = FIX_NONE
        self.fixarg = 0
        self.fpmode = 0


class Enc:
    """Encode one instruction into a Case, choosing operands at random."""

    def __init__(self, r, case):
        self.r = r
        self.c = case
        self.used = set()

    def data_reg(self, avoid=()):
        while True:
            n = self.r.choice([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13,
                               14, 15])
            if n not in self.used and n not in avoid:
                self.used.add(n)
                return n

    def mem(self, size_bytes=8, aligned=False, allow_rip=True):
        """A random memory operand ('m', base, index, scale, disp)."""
        r = self.r
        no_index = size_bytes > 8
        if allow_rip and r.random() < 0.15:
            off = r.randrange(0, 320 - size_bytes)
            if aligned:
                off -= off % size_bytes
            return ("rip", off)
        base = r.choice([b for b in BASES if b not in self.used])
        self.used.add(base)
        self.c.ptr |= 1 << base
        index, scale = None, 0
        if r.random() < 0.4 and not no_index:
            index = r.choice([i for i in INDEXES if i not in self.used])
            self.used.add(index)
            self.c.small |= 1 << index
            self.c.smallbits = 7
            scale = 0 if aligned else r.randrange(4)
            if aligned:
                scale = {1: 0, 2: 1, 4: 2, 8: 3}[size_bytes]
        disp = r.choice([0, r.randrange(-64, 64), r.randrange(-64, 64)])
        if aligned:
            disp -= disp % size_bytes
        return ("m", base, index, scale, disp)

    def emit(self, opcode, size, reg, rm, imm=b"", prefixes=(),
             force_rex=False, wide=True):
        """opcode: bytes; size 0-3 (66/REX.W when wide); reg 0-15;
        rm ('r', n) or a mem(); imm: bytes."""
        code = list(prefixes)
        if wide and size == 1:
            code.append(0x66)
        rex = 0x40 if force_rex else 0
        if wide and size == 3:
            rex |= 0x48
        if reg >= 8:
            rex |= 0x44
        modrm_tail = []
        if rm[0] == "r":
            if rm[1] >= 8:
                rex |= 0x41
            modrm = 0xc0 | ((reg & 7) << 3) | (rm[1] & 7)
        elif rm[0] == "rip":
            modrm = ((reg & 7) << 3) | 5
            modrm_tail.append(f".long arena+{rm[1]}-(.+4+{len(imm)})")
        elif rm[0] == "abs":            # 32-bit mode: [disp32]
            modrm = ((reg & 7) << 3) | 5
            modrm_tail.append(f".long arena+{rm[1]}")
        else:
            _, base, index, scale, disp = rm
            if base >= 8:
                rex |= 0x41
            if index is not None and index >= 8:
                rex |= 0x42
            if disp == 0 and (base & 7) != 5:
                mod, dbytes = 0, b""
            elif -128 <= disp < 128:
                mod, dbytes = 1, (disp & 0xff).to_bytes(1, "little")
            else:
                mod, dbytes = 2, (disp & 0xffffffff).to_bytes(4, "little")
            if index is not None or (base & 7) == 4:
                idx = index & 7 if index is not None else 4
                modrm = (mod << 6) | ((reg & 7) << 3) | 4
                modrm_tail.append((scale << 6) | (idx << 3) | (base & 7))
            else:
                modrm = (mod << 6) | ((reg & 7) << 3) | (base & 7)
            modrm_tail.extend(dbytes)
        if rex:
            code.append(rex)
        code.extend(opcode)
        code.append(modrm)
        code.extend(modrm_tail)
        code.extend(imm)
        self.c.code.extend(code)

    def emit_plain(self, *bs):
        self.c.code.extend(bs)


def imm_bytes(r, n):
    v = r.choice([r.getrandbits(8 * n), 0, 1, (1 << (8 * n)) - 1,
                  1 << (8 * n - 1), r.getrandbits(4)])
    return v.to_bytes(n, "little")


def rm_operand(e, size, mem_prob=0.4, aligned=False):
    if e.r.random() < mem_prob:
        return e.mem(1 << size, aligned)
    n = e.data_reg()
    e.used.add(n)
    return ("r", n)


def force_rex(e, size):
    return size == 0 and e.r.random() < 0.5


# ---- alu: ADD..CMP, TEST, INC/DEC, NEG/NOT, MOV forms, LOCK ----

def gen_alu(r, c):
    e = Enc(r, c)
    size = r.randrange(4)
    fr = force_rex(e, size)
    kind = r.randrange(10)
    op = r.randrange(8)
    if op in (1, 4, 6):
        c.flags &= ~AF
    immn = min(1 << size, 4)
    if kind <= 1:           # op E,G / op G,E
        rm = rm_operand(e, size)
        reg = e.data_reg()
        opc = (op << 3) | (kind << 1) | (size != 0)
        e.emit([opc], size, reg, rm, force_rex=fr)
    elif kind == 2:         # op AL/eAX, imm
        e.emit_plain(*([0x66] if size == 1 else []),
                     *([0x48] if size == 3 else []),
                     (op << 3) | 4 | (size != 0), *imm_bytes(r, immn))
    elif kind == 3:         # 80/81/83 group
        rm = rm_operand(e, size)
        if size and r.random() < 0.5:
            e.emit([0x83], size, op, rm, imm_bytes(r, 1), force_rex=fr)
        else:
            e.emit([0x81 if size else 0x80], size, op, rm, imm_bytes(r, immn),
                   force_rex=fr)
    elif kind == 4:         # LOCK op mem, reg/imm
        op = r.choice([0, 1, 2, 3, 4, 5, 6])
        c.flags = FULL & ~(AF if op in (1, 4, 6) else 0)
        rm = e.mem(1 << size, aligned=True)
        if r.random() < 0.5:
            e.emit([(op << 3) | (size != 0)], size, e.data_reg(), rm,
                   prefixes=[0xf0], force_rex=fr)
        else:
            e.emit([0x81 if size else 0x80], size, op, rm, imm_bytes(r, immn),
                   prefixes=[0xf0], force_rex=fr)
    elif kind == 5:         # TEST
        c.flags = FULL & ~AF
        rm = rm_operand(e, size)
        if r.random() < 0.5:
            e.emit([0x84 | (size != 0)], size, e.data_reg(), rm, force_rex=fr)
        else:
            e.emit([0xf6 | (size != 0)], size, 0, rm, imm_bytes(r, immn),
                   force_rex=fr)
    elif kind == 6:         # INC/DEC (LOCK sometimes)
        c.flags = FULL
        lock = r.random() < 0.3
        rm = e.mem(1 << size, True) if lock else rm_operand(e, size)
        e.emit([0xfe | (size != 0)], size, r.randrange(2), rm,
               prefixes=[0xf0] if lock else [], force_rex=fr)
    elif kind == 7:         # NEG/NOT
        c.flags = FULL
        lock = r.random() < 0.3
        rm = e.mem(1 << size, True) if lock else rm_operand(e, size)
        e.emit([0xf6 | (size != 0)], size, r.choice([2, 3]), rm,
               prefixes=[0xf0] if lock else [], force_rex=fr)
    else:                   # MOV forms
        c.flags = FULL
        form = r.randrange(4)
        if form == 0:
            e.emit([0x88 | (r.randrange(2) << 1) | (size != 0)], size,
                   e.data_reg(), rm_operand(e, size), force_rex=fr)
        elif form == 1:
            e.emit([0xc6 | (size != 0)], size, 0, rm_operand(e, size),
                   imm_bytes(r, immn), force_rex=fr)
        elif form == 2:
            n = e.data_reg()
            pre = [0x66] if size == 1 else []
            rex = (0x48 if size == 3 else 0) | (0x41 if n >= 8 else 0)
            if size == 0 and n >= 4:
                rex |= 0x40
            immb = imm_bytes(r, 1 << size)
            opc = (0xb0 if size == 0 else 0xb8) | (n & 7)
            e.emit_plain(*pre, *([rex] if rex else []), opc, *immb)
        else:
            # 8B/89 with 32-bit address size (67): pointer in low 4 GiB.
            rm = e.mem(1 << size, allow_rip=False)
            e.emit([0x8a | (size != 0)], size, e.data_reg(), rm,
                   prefixes=[0x67], force_rex=fr)


# ---- shift: group 2, SHLD/SHRD ----

def gen_shift(r, c):
    e = Enc(r, c)
    size = r.randrange(4)
    fr = force_rex(e, size)
    op = r.choice([0, 1, 2, 3, 4, 5, 6, 7])
    w = 8 << size
    form = r.randrange(4)
    if form == 3:                            # SHLD/SHRD
        size = r.choice([1, 2, 3])
        w = 8 << size
        left = r.randrange(2)
        rm = rm_operand(e, size)
        reg = e.data_reg(avoid=(1,))
        if r.random() < 0.5:
            n = r.randrange(w if size == 1 else 2 * w)
            n = n & (w - 1) if size == 1 else n
            c.flags = FULL & ~AF & ~(OF if (n & (63 if size == 3 else 31)) != 1 else 0)
            e.emit([0x0f, 0xa4 if left else 0xac], size, reg, rm, bytes([n]))
        else:
            c.fix, c.fixarg = FIX_SHIFT_CL, size | (3 << 2)
            c.small |= 1 << 1
            c.smallbits = (w - 1) if size == 1 else 0xff
            if rm == ("r", 1):
                rm = ("r", e.data_reg(avoid=(1,)))
            e.emit([0x0f, 0xa5 if left else 0xad], size, reg, rm)
        return
    rm = rm_operand(e, size)
    if rm == ("r", 1) and form == 2:
        rm = ("r", e.data_reg(avoid=(1,)))
    kind = 0 if op >= 4 else (1 if op < 2 else 2)
    if form == 2:                            # by CL
        c.fix, c.fixarg = FIX_SHIFT_CL, size | (kind << 2)
        e.emit([0xd2 | (size != 0)], size, op, rm, force_rex=fr)
        return
    if form == 0:
        n = 1
        e.emit([0xd0 | (size != 0)], size, op, rm, force_rex=fr)
    else:
        n = r.choice([0, 1, 2, r.randrange(256), r.randrange(w), w - 1, w])
        e.emit([0xc0 | (size != 0)], size, op, rm, bytes([n & 0xff]),
               force_rex=fr)
    n &= 63 if size == 3 else 31
    if n == 0:
        c.flags = FULL
    elif kind == 0:
        c.flags = FULL & ~AF & ~(OF if n > 1 else 0) & ~(CF if n >= w and op != 7 else 0)
    else:
        c.flags = FULL & ~(OF if n != 1 else 0)


# ---- muldiv ----

def gen_muldiv(r, c):
    e = Enc(r, c)
    size = r.randrange(4)
    fr = force_rex(e, size)
    form = r.randrange(5)
    e.used.update((0, 2))
    if form <= 1:                            # MUL/IMUL r/m
        c.flags = FULL & ~(SF | ZF | AF | PF)
        e.emit([0xf6 | (size != 0)], size, 4 + form, rm_operand(e, size),
               force_rex=fr)
    elif form == 2:                          # DIV/IDIV
        c.flags = 0
        sign = r.randrange(2)
        if r.random() < 0.3:
            rm = ("m", 3, None, 0, 0)
            c.ptr |= 1 << 3
            dreg = 16
        else:
            dreg = r.choice([1, 3, 6, 7, 8, 9, 12, 15]) if (fr or size) \
                else r.choice([1, 3])
            rm = ("r", dreg)
        c.fix, c.fixarg = FIX_DIV, size | (sign << 2) | (dreg << 3)
        e.emit([0xf6 | (size != 0)], size, 6 + sign, rm, force_rex=fr)
    else:                                    # IMUL r, r/m (, imm)
        size = r.choice([1, 2, 3])
        e.used.discard(0)
        e.used.discard(2)
        c.flags = FULL & ~(SF | ZF | AF | PF)
        reg = e.data_reg()
        rm = rm_operand(e, size)
        if form == 3:
            e.emit([0x0f, 0xaf], size, reg, rm)
        elif r.random() < 0.5:
            e.emit([0x6b], size, reg, rm, imm_bytes(r, 1))
        else:
            e.emit([0x69], size, reg, rm, imm_bytes(r, min(1 << size, 4)))


# ---- bitops ----

def gen_bitops(r, c):
    e = Enc(r, c)
    size = r.choice([1, 2, 3])
    form = r.randrange(8)
    if form <= 1:                            # BT* r/m, reg
        op = r.randrange(4)
        c.flags = CF | ZF | 0x400
        reg = e.data_reg()
        lock = op and form == 1
        if r.random() < 0.4 or lock:
            rm = e.mem(8, aligned=True)
            c.small |= 1 << reg
            c.smallbits = 0xff
        else:
            rm = ("r", e.data_reg())
        e.emit([0x0f, 0xa3 | (op << 3)], size, reg, rm,
               prefixes=[0xf0] if lock and rm[0] != "r" else [])
    elif form == 2:                          # BT* r/m, imm8
        c.flags = CF | ZF | 0x400
        e.emit([0x0f, 0xba], size, 4 + r.randrange(4), rm_operand(e, size),
               bytes([r.randrange(256)]))
    elif form == 3:                          # BSF/BSR
        c.flags = ZF | 0x400
        e.emit([0x0f, 0xbc | r.randrange(2)], size, e.data_reg(),
               rm_operand(e, size))
    elif form == 4:                          # TZCNT/LZCNT/POPCNT
        which = r.randrange(3)
        c.flags = FULL if which == 2 else CF | ZF | 0x400
        opc = [0x0f, [0xbc, 0xbd, 0xb8][which]]
        e.emit(opc, size, e.data_reg(), rm_operand(e, size), prefixes=[0xf3])
        if which == 1:
            c.lzcnt = True
    elif form == 5:                          # BSWAP
        size = r.choice([2, 3])
        n = e.data_reg()
        rex = (0x48 if size == 3 else 0) | (0x41 if n >= 8 else 0)
        e.emit_plain(*([rex] if rex else []), 0x0f, 0xc8 | (n & 7))
    elif form == 6:                          # CMPXCHG / XADD (LOCK)
        size = r.randrange(4)
        fr = force_rex(e, size)
        e.used.add(0)
        lock = r.random() < 0.5
        opc = r.choice([0xb0, 0xc0])
        # CMPXCHG r32 that fails: Intel zero-extends the destination,
        # AMD leaves it alone; only memory forms at 32 bits.
        mem = lock or (opc == 0xb0 and size == 2)
        rm = e.mem(1 << size, True) if mem else rm_operand(e, size)
        e.emit([0x0f, opc | (size != 0)], size, e.data_reg(), rm,
               prefixes=[0xf0] if lock else [], force_rex=fr)
    else:                                    # CMPXCHG8B/16B
        c.flags = ZF | 0x400
        e.used.update((0, 1, 2, 3))
        size = r.choice([2, 3])
        rm = e.mem(4 << size, True, allow_rip=True)
        e.emit([0x0f, 0xc7], size, 1, rm, prefixes=[0xf0] if r.random() < 0.5
               else [])


# ---- cond: flag setter then Jcc/SETcc/CMOVcc ----

def gen_cond(r, c):
    e = Enc(r, c)
    setter = r.randrange(8)
    size = r.randrange(4)
    cc = r.randrange(16)
    if setter < 4 or setter == 5:           # CMP SUB TEST ADD; ADC SBB
        a = e.data_reg()
        b = e.data_reg()
        if setter == 5:
            opc = r.choice([0x10, 0x18]) | (size != 0)
        else:
            opc = [0x38, 0x28, 0x84, 0x00][setter] | (size != 0)
        e.emit([opc], size, a, ("r", b), force_rex=force_rex(e, size))
        if setter == 2:
            c.flags = FULL & ~AF
    elif setter == 6:                       # INC/DEC
        e.emit([0xfe | (size != 0)], size, r.randrange(2),
               ("r", e.data_reg()), force_rex=force_rex(e, size))
    elif setter == 7:                       # SHL/SHR/SAR by 1..width-1
        w = 8 << size
        n = r.choice([1, r.randrange(1, w)])
        c.flags = FULL & ~AF & ~(OF if n > 1 else 0)
        if n > 1:
            cc = r.randrange(2, 12)         # no condition reads OF
        e.emit([0xc0 | (size != 0)], size, r.choice([4, 5, 7]),
               ("r", e.data_reg()), bytes([n]), force_rex=force_rex(e, size))
    use = r.randrange(5)
    if use == 4:                              # LOOPcc/LOOP/JRCXZ +2
        c.small |= 1 << 1
        c.smallbits = 3
        pre = [0x67] if r.random() < 0.2 else []
        e.emit_plain(*pre, 0xe0 | r.randrange(4), 0x02, 0xb0, 0x01)
    elif use == 0:
        e.emit_plain(0x70 | cc, 0x02, 0xb0, 0x01)          # jcc +2; mov al,1
    elif use == 1:
        e.emit_plain(0x0f, 0x80 | cc, 2, 0, 0, 0, 0xb0, 0x01)
    elif use == 2:
        n = e.data_reg()
        e.emit([0x0f, 0x90 | cc], 0, 0, ("r", n) if r.random() < 0.7
               else e.mem(1), force_rex=r.random() < 0.5, wide=False)
    else:
        sz = r.choice([1, 2, 3])
        e.emit([0x0f, 0x40 | cc], sz, e.data_reg(), rm_operand(e, sz))


# ---- string ----

def gen_string(r, c):
    op = r.choice([0xa4, 0xa6, 0xaa, 0xac, 0xae])
    size = r.randrange(4)
    rep = r.choice([None, 0xf3, 0xf2]) if op in (0xa6, 0xae) else \
        r.choice([None, 0xf3])
    c.ptr |= (1 << 6) | (1 << 7)
    c.small |= 1 << 1
    c.smallbits = 15
    c.flags = FULL | DF_RANDOM
    code = []
    if rep:
        code.append(rep)
    if size == 1:
        code.append(0x66)
    if size == 3:
        code.append(0x48)
    code.append(op | (size != 0))
    c.code.extend(code)


# ---- misc ----

def gen_misc(r, c):
    e = Enc(r, c)
    form = r.randrange(15)
    if form == 0:                            # LEA (16-bit: a cut address)
        size = r.choice([2, 3])
        rm = e.mem(1, allow_rip=False)
        e.emit([0x8d], size, e.data_reg(), rm,
               prefixes=[0x67] if r.random() < 0.2 else [])
    elif form == 1:                          # MOVZX/MOVSX
        size = r.choice([1, 2, 3])
        src = r.randrange(2)
        rm = e.mem(1 << src) if r.random() < 0.4 else ("r", e.data_reg())
        e.emit([0x0f, r.choice([0xb6, 0xbe]) | src], size, e.data_reg(), rm,
               force_rex=src == 0 and r.random() < 0.5)
    elif form == 2:                          # MOVSXD
        rm = e.mem(4) if r.random() < 0.4 else ("r", e.data_reg())
        e.emit([0x63], r.choice([2, 3]), e.data_reg(), rm)
    elif form == 3:                          # CBW..CQO
        size = r.choice([1, 2, 3])
        e.emit_plain(*([0x66] if size == 1 else []),
                     *([0x48] if size == 3 else []), r.choice([0x98, 0x99]))
    elif form == 4:                          # LAHF/SAHF/CLC/STC/CMC
        e.emit_plain(r.choice([0x9e, 0x9f, 0xf8, 0xf9, 0xf5]))
    elif form == 5:                          # XCHG
        size = r.randrange(4)
        if r.random() < 0.3 and size:
            n = e.data_reg(avoid=(0,))
            rex = (0x48 if size == 3 else 0) | (0x41 if n >= 8 else 0)
            e.emit_plain(*([0x66] if size == 1 else []),
                         *([rex] if rex else []), 0x90 | (n & 7))
        else:
            rm = e.mem(1 << size, True) if r.random() < 0.4 else \
                ("r", e.data_reg())
            e.emit([0x86 | (size != 0)], size, e.data_reg(), rm,
                   force_rex=force_rex(e, size))
    elif form == 6:                          # PUSH/POP reg
        n = e.data_reg()
        pre = [0x66] if r.random() < 0.2 else []
        e.emit_plain(*pre, *([0x41] if n >= 8 else []),
                     r.choice([0x50, 0x58]) | (n & 7))
    elif form == 7:                          # PUSH imm, PUSH/POP mem
        which = r.randrange(3)
        if which == 0:
            e.emit_plain(0x6a, r.randrange(256))
        elif which == 1:
            e.emit_plain(0x68, *imm_bytes(r, 4))
        else:
            rm = e.mem(8)
            if r.random() < 0.5:
                e.emit([0xff], 2, 6, rm, wide=False)        # PUSH m64
            else:
                e.emit([0x8f], 2, 0, rm, wide=False)        # POP m64
    elif form == 8:                          # NOP forms, PREFETCH(W)
        if r.random() < 0.5:
            e.emit([0x0f, 0x1f], r.choice([1, 2]), 0, e.mem(1))
        else:
            e.emit([0x0f, 0x0d], 0, r.choice([0, 1]), e.mem(1), wide=False)
    elif form == 12:                         # JMP/CALL through a register
        if r.random() < 0.5:
            e.emit_plain("lea 1f(%rip), %rdx", "jmp *%rdx", 0xb0, 0x01,
                         "1: mov $0, %edx")
        else:
            c.flags = FULL & ~AF        # as form 9: AF depends on the address
            e.emit_plain("lea 1f(%rip), %rdx", "call *%rdx", 0xb0, 0x01,
                         "1: pop %rcx", "sub %rdx, %rcx", "mov $0, %edx",
                         "movq $0, -8(%rsp)")
    elif form == 14:                         # ENTER imm16, level
        c.ptr |= 1 << 5
        e.emit_plain(0xc8, r.choice([0, 8, 24, 40]), 0, r.randrange(4))
    elif form == 13:                         # RET and RET imm16
        n = r.choice([0, 8, 16])
        e.emit_plain("call 1f", 0xb0, 0x01, "jmp 2f",
                     f"1: ret ${n}" if n else "1: ret", "2:",
                     f"movq $0, {-8 - n}(%rsp)")
    elif form == 9:                          # CALL/RET through the arena
        # call over "mov al,1"; the return address is popped into rcx and
        # made code-relative; the stack slot it used is cleared.  AF of
        # the SUB depends on where the code is (host and Kemu differ).
        c.flags = FULL & ~AF
        e.emit_plain("call 1f", 0xb0, 0x01, "1: pop %rcx",
                     "lea 1b(%rip), %rdx", "sub %rdx, %rcx",
                     "mov $0, %edx", "movq $0, -8(%rsp)")
    elif form == 10:                         # LEAVE
        c.ptr |= 1 << 5
        e.emit_plain(0xc9)
    else:                                    # XLAT [rbx + al]
        c.ptr |= 1 << 3
        e.emit_plain(0xd7)


# ---- compat: 32-bit code in a compatibility-mode code segment ----
#
# No REX, so registers 0-7 only (byte registers 4-7 are AH-BH); memory
# bases EBP/ESI/EDI, index EBX, or an absolute [disp32] (no RIP-relative
# addressing outside 64-bit mode).  The legacy-only opcodes the host can
# run in compatibility mode are here too.  Extra undefined-flag rules:
#   DAA/DAS               OF;  AAA/AAS: OF SF ZF PF;  AAM/AAD: OF AF CF

class Enc32(Enc):
    def data_reg(self, avoid=()):
        while True:
            n = self.r.choice([0, 1, 2, 3, 5, 6, 7])
            if n not in self.used and n not in avoid:
                self.used.add(n)
                return n

    def mem(self, size_bytes=8, aligned=False, allow_rip=True):
        r = self.r
        if r.random() < 0.15:
            off = r.randrange(0, 320 - size_bytes)
            return ("abs", off - (off % size_bytes if aligned else 0))
        base = r.choice([b for b in (5, 6, 7) if b not in self.used])
        self.used.add(base)
        self.c.ptr |= 1 << base
        index, scale = None, 0
        if r.random() < 0.4 and 3 not in self.used:
            index = 3
            self.used.add(3)
            self.c.small |= 1 << 3
            self.c.smallbits = 7
            scale = {1: 0, 2: 1, 4: 2, 8: 3}[size_bytes] if aligned \
                else r.randrange(4)
        disp = r.choice([0, r.randrange(-64, 64), r.randrange(-64, 64)])
        if aligned:
            disp -= disp % size_bytes
        return ("m", base, index, scale, disp)


def gen_compat(r, c):
    form = r.randrange(12)
    if form == 0:
        gen_compat_legacy(r, c)
        return
    e = Enc32(r, c)
    size = r.randrange(3)
    if form <= 3:               # ALU forms, INC/DEC 40-4F
        op = r.randrange(8)
        if op in (1, 4, 6):
            c.flags &= ~AF
        rm = rm_operand(e, size)
        kind = r.randrange(4)
        if kind == 0:
            e.emit([(op << 3) | (r.randrange(2) << 1) | (size != 0)], size,
                   e.data_reg(), rm)
        elif kind == 1:
            opc = r.choice([0x80, 0x82]) if size == 0 else \
                r.choice([0x81, 0x83])
            n = 1 if opc in (0x80, 0x82, 0x83) else min(1 << size, 4)
            e.emit([opc], size, op, rm, imm_bytes(r, n))
        elif kind == 2:
            c.flags = FULL
            e.emit([0xfe | (size != 0)], size, r.randrange(2), rm)
        else:
            c.flags = FULL
            size = r.randrange(1, 3)
            e.emit_plain(*([0x66] if size == 1 else []),
                         0x40 | (r.randrange(2) << 3) | e.data_reg())
    elif form <= 5:             # shifts, SHLD/SHRD
        op = r.randrange(8)
        w = 8 << size
        rm = rm_operand(e, size)
        n = r.choice([0, 1, 2, r.randrange(w), w - 1, w])
        e.emit([0xc0 | (size != 0)], size, op, rm, bytes([n & 0xff]))
        n &= 31
        kind = 0 if op >= 4 else 1
        if n == 0:
            c.flags = FULL
        elif kind == 0:
            c.flags = FULL & ~AF & ~(OF if n > 1 else 0) & \
                ~(CF if n >= w and op != 7 else 0)
        else:
            c.flags = FULL & ~(OF if n != 1 else 0)
    elif form == 6:             # MUL/IMUL/DIV
        e.used.update((0, 2))
        sub = r.randrange(3)
        if sub < 2:
            c.flags = FULL & ~(SF | ZF | AF | PF)
            e.emit([0xf6 | (size != 0)], size, 4 + sub, rm_operand(e, size))
        else:
            c.flags = 0
            sign = r.randrange(2)
            dreg = r.choice([1, 3])
            c.fix, c.fixarg = FIX_DIV, size | (sign << 2) | (dreg << 3)
            e.emit([0xf6 | (size != 0)], size, 6 + sign, ("r", dreg))
    elif form == 7:             # strings
        gen_string(r, c)
        c.code[:] = [b for b in c.code if b != 0x48]
    elif form == 8:             # PUSH/POP, PUSHA/POPA, ENTER/LEAVE
        sub = r.randrange(5)
        pre = [0x66] if r.random() < 0.3 else []
        if sub == 0:
            e.emit_plain(*pre, r.choice([0x50, 0x58]) | e.data_reg())
        elif sub == 1:
            e.emit_plain(*pre, r.choice([0x60, 0x61]))
        elif sub == 2:
            e.emit_plain(*pre, 0x6a, r.randrange(256))
        elif sub == 3:
            c.ptr |= 1 << 5
            e.emit_plain(*pre, 0xc8, r.choice([0, 8, 24]), 0, r.randrange(3))
        else:
            c.ptr |= 1 << 5
            e.emit_plain(*pre, 0xc9)
    elif form == 9 and r.random() < 0.5:    # LEA, 32-bit addressing
        e.emit([0x8d], r.randrange(1, 3), e.data_reg(), e.mem(1))
    elif form == 9:             # LEA, 16-bit addressing (BX+SI, ...)
        mod, rm = r.randrange(3), r.randrange(8)
        disp = 2 if mod == 2 or (mod == 0 and rm == 6) else mod
        e.emit_plain(0x67, *([0x66] if r.random() < 0.5 else []), 0x8d,
                     (mod << 6) | (e.data_reg() << 3) | rm,
                     *[r.randrange(256) for _ in range(disp)])
    elif form == 10:            # Jcc/SETcc/CMOVcc after CMP, LOOP with CX
        a, b = e.data_reg(), e.data_reg()
        e.emit([0x38 | (size != 0)], size, a, ("r", b))
        cc = r.randrange(16)
        if r.random() < 0.5:
            e.emit_plain(0x70 | cc, 0x02, 0xb0, 0x01)
        else:
            c.small |= 1 << 1
            c.smallbits = 3
            e.emit_plain(*([0x67] if r.random() < 0.5 else []),
                         0xe0 | r.randrange(4), 0x02, 0xb0, 0x01)
    else:                       # MOVZX/MOVSX, XCHG, CBW/CWD
        sub = r.randrange(3)
        if sub == 0:
            src = r.randrange(2)
            rm = e.mem(1 << src) if r.random() < 0.4 else ("r", e.data_reg())
            e.emit([0x0f, r.choice([0xb6, 0xbe]) | src], r.randrange(1, 3),
                   e.data_reg(), rm)
        elif sub == 1:
            rm = e.mem(1 << size, True) if r.random() < 0.4 else \
                ("r", e.data_reg())
            e.emit([0x86 | (size != 0)], size, e.data_reg(), rm)
        else:
            e.emit_plain(*([0x66] if r.random() < 0.5 else []),
                         r.choice([0x98, 0x99]))


def gen_compat_legacy(r, c):
    """DAA DAS AAA AAS AAM AAD, ARPL: valid only outside 64-bit mode."""
    op = r.choice([0x27, 0x2f, 0x37, 0x3f, 0xd4, 0xd5, 0x63])
    if op in (0x27, 0x2f):
        c.flags = FULL & ~OF
        e = [op]
    elif op in (0x37, 0x3f):
        c.flags = FULL & ~(OF | SF | ZF | PF)
        e = [op]
    elif op == 0x63:
        c.flags = ZF
        e = Enc32(r, c)
        e.emit([0x63], 0, e.data_reg(), ("r", e.data_reg()), wide=False)
        return
    else:
        c.flags = FULL & ~(OF | AF | CF)
        e = [op, r.choice([10, 16, 7, r.randrange(1, 256)])]
    c.code.extend(e)
# ---- x87: every form but the transcendentals and FNSTENV/FNSAVE ----
#
# The case loads a random x87 state (x87-state.c: control word with every
# rounding and precision control, status, tags, ST0-7) with FRSTOR, runs
# one instruction and stores the state with FNSAVE; the harness compares
# the control, status and tag words and the registers.  One case in 8 may
# unmask any exception: then only the control and status words are
# compared (not for FSCALE, whose unmasked overflow/underflow sets C1
# differently from Kemu's wrapped result on the AMD hosts tried).
# FSIN..FYL2XP1 are not bit-exact across implementations (tested against
# libm elsewhere); FNSTENV/FNSAVE store code addresses that differ between
# the host and Kemu runs.

X87_MEM = [
    # (opcode, reg, operand bytes)
    *[(op, reg, n) for op, n in ((0xd8, 4), (0xda, 4), (0xdc, 8), (0xde, 2))
      for reg in range(8)],
    (0xd9, 0, 4), (0xd9, 2, 4), (0xd9, 3, 4), (0xd9, 5, 2), (0xd9, 7, 2),
    (0xdb, 0, 4), (0xdb, 1, 4), (0xdb, 2, 4), (0xdb, 3, 4), (0xdb, 5, 10),
    (0xdb, 7, 10),
    (0xdd, 0, 8), (0xdd, 1, 8), (0xdd, 2, 8), (0xdd, 3, 8), (0xdd, 7, 2),
    (0xdf, 0, 2), (0xdf, 1, 2), (0xdf, 2, 2), (0xdf, 3, 2), (0xdf, 4, 10),
    (0xdf, 5, 8), (0xdf, 6, 10), (0xdf, 7, 8),
]

X87_REG = [
    # (opcode, ModRM base; i is added unless the form is fixed)
    (0xd8, 0xc0), (0xd8, 0xc8), (0xd8, 0xd0), (0xd8, 0xd8), (0xd8, 0xe0),
    (0xd8, 0xe8), (0xd8, 0xf0), (0xd8, 0xf8),
    (0xd9, 0xc0), (0xd9, 0xc8),
    (0xda, 0xc0), (0xda, 0xc8), (0xda, 0xd0), (0xda, 0xd8),
    (0xdb, 0xc0), (0xdb, 0xc8), (0xdb, 0xd0), (0xdb, 0xd8), (0xdb, 0xe8),
    (0xdb, 0xf0),
    (0xdc, 0xc0), (0xdc, 0xc8), (0xdc, 0xe0), (0xdc, 0xe8), (0xdc, 0xf0),
    (0xdc, 0xf8),
    (0xdd, 0xc0), (0xdd, 0xd0), (0xdd, 0xd8), (0xdd, 0xe0), (0xdd, 0xe8),
    (0xde, 0xc0), (0xde, 0xc8), (0xde, 0xe0), (0xde, 0xe8), (0xde, 0xf0),
    (0xde, 0xf8),
    (0xdf, 0xe8), (0xdf, 0xf0),
]

X87_FIXED = [
    (0xd9, 0xe0), (0xd9, 0xe1), (0xd9, 0xe4), (0xd9, 0xe5), (0xd9, 0xe8),
    (0xd9, 0xe9), (0xd9, 0xea), (0xd9, 0xeb), (0xd9, 0xec), (0xd9, 0xed),
    (0xd9, 0xee), (0xd9, 0xf4), (0xd9, 0xf5), (0xd9, 0xf6), (0xd9, 0xf7),
    (0xd9, 0xf8), (0xd9, 0xfa), (0xd9, 0xfc), (0xd9, 0xfd), (0xda, 0xe9),
    (0xdb, 0xe2), (0xdb, 0xe3), (0xde, 0xd9), (0xdf, 0xe0), (0xd9, 0xd0),
]


def gen_x87(r, c):
    e = Enc(r, c)
    c.fix = FIX_X87
    c.fixarg = 1 if r.random() < 0.125 else 0
    e.emit_plain("frstor x87_in(%rip)")
    kind = r.randrange(10)
    if kind < 4:
        op, reg, n = r.choice(X87_MEM)
        e.emit([op], 2, reg, e.mem(n), wide=False)
    elif kind < 8:
        op, base = r.choice(X87_REG)
        e.emit_plain(op, base + r.randrange(8))
    else:
        op = r.choice(X87_FIXED)
        if op == (0xd9, 0xfd):
            c.fixarg = 0        # FSCALE: only masked (see above)
        e.emit_plain(*op)
    e.emit_plain("fnsave x87_out(%rip)")


from gen_sse import SSE_GENS
from gen_bmi import BMI_GENS

GENS = {"alu": gen_alu, "shift": gen_shift, "muldiv": gen_muldiv,
        "bitops": gen_bitops, "cond": gen_cond, "string": gen_string,
        "misc": gen_misc, "compat": gen_compat, "x87": gen_x87}
GENS.update({k: (lambda f: lambda r, c: f(Enc(r, c), r, c))(f)
             for k, f in list(SSE_GENS.items()) + list(BMI_GENS.items())})


def emit_case(out, i, c, bits):
    out.append(f"c{i}:")
    line = []
    for t in c.code:
        if isinstance(t, int):
            line.append(str(t))
            continue
        if line:
            out.append("    .byte " + ",".join(line))
            line = []
        out.append("    " + t)
    if line:
        out.append("    .byte " + ",".join(line))
    out.append("    jmp case_exit32" if bits == 32 else "    jmp case_exit")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("klass", choices=CLASSES)
    ap.add_argument("count", type=int)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=20260527)
    ap.add_argument("--no-lzcnt", action="store_true",
                    help="leave LZCNT out (hosts without it run BSR)")
    args = ap.parse_args()
    r = random.Random(f"{args.seed}-{args.klass}")
    cases = []
    while len(cases) < args.count:
        c = Case()
        GENS[args.klass](r, c)
        if args.no_lzcnt and getattr(c, "lzcnt", False):
            continue
        c.seed = r.getrandbits(32)
        cases.append(c)
    bits = 32 if args.klass == "compat" else 64
    out = ["/* Generated by gen_cases.py: do not edit. */",
           "    .section .rodata",
           "    .globl case_class, ncases, cases, case_bits",
           f'case_class: .asciz "{args.klass}"',
           "    .balign 4",
           f"case_bits: .long {bits}",
           "    .balign 8",
           f"ncases: .long {len(cases)}",
           "    .balign 8",
           "cases:"]
    for i, c in enumerate(cases):
        out.append(f"    .quad c{i}")
        out.append(f"    .long {c.seed}")
        out.append(f"    .short {c.ptr}, {c.small}, {c.flags}")
        out.append(f"    .byte {c.fix}, {c.fixarg}, {c.smallbits}, {c.fpmode}, 0, 0")
    out.append("    .text")
    if bits == 32:
        out.append("    .code32")
    for i, c in enumerate(cases):
        emit_case(out, i, c, bits)
    out.append('    .section .note.GNU-stack,"",@progbits')
    with open(args.output, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
