"""SSE classes of gen_cases.py: each generator gets the case's encoder.

The harness loads XMM0-15 with single, double and integer patterns
(zeros, infinities, QNaNs, SNaNs, denormals, limits of the integer
conversions) and prints the XMM registers and MXCSR that changed.  FP
classes run with a random MXCSR rounding mode, DAZ and FTZ (exceptions
masked, PE already set in half the cases) and FP patterns in memory.
RCPPS/RCPSS/RSQRTPS/RSQRTSS are left out: their results are
approximations that differ between CPU models (the SDM only bounds the
relative error by 1.5 * 2^-12).
"""

FP_MXCSR_RANDOM, FP_MEMORY = 1, 2
FIX_DP_NAN = 4                      # harness.h
PFX = [[], [0x66], [0xf3], [0xf2]]


def xreg(e):
    return e.r.randrange(16)


def xmm_rm(e, size, aligned, mem_prob=0.35):
    """An XMM register, or memory of size bytes (16: aligned or not)."""
    if e.r.random() < mem_prob:
        return e.mem(size, aligned and size == 16)
    return ("r", xreg(e))


def gpr_rm(e, size, mem_prob=0.3):
    if e.r.random() < mem_prob:
        return e.mem(size)
    return ("r", e.data_reg())


def sse(e, pfx, opc, reg, rm, imm=b"", wide=False):
    """Emit a 0F-map instruction with a mandatory prefix index pfx."""
    e.emit([0x0f] + list(opc), 3 if wide else 2, reg, rm, imm,
           prefixes=PFX[pfx], wide=wide)


# ---- sse_fp: arithmetic, compares, conversions ----

FP_ARITH = [0x58, 0x59, 0x5c, 0x5d, 0x5e, 0x5f, 0x51]
SCALAR_SIZE = [16, 16, 4, 8]


def gen_sse_fp(e, r, c):
    c.fpmode = FP_MXCSR_RANDOM | FP_MEMORY
    form = r.randrange(10)
    if form <= 3:
        pfx = r.randrange(4)
        sse(e, pfx, [r.choice(FP_ARITH)], xreg(e),
            xmm_rm(e, SCALAR_SIZE[pfx], True))
    elif form == 4:                         # CMPPS/PD/SS/SD
        pfx = r.randrange(4)
        sse(e, pfx, [0xc2], xreg(e), xmm_rm(e, SCALAR_SIZE[pfx], True),
            bytes([r.randrange(8)]))
    elif form == 5:                         # (U)COMISS/SD
        pfx = r.randrange(2)
        sse(e, pfx, [r.choice([0x2e, 0x2f])], xreg(e),
            xmm_rm(e, 4 if pfx == 0 else 8, False))
    elif form == 6:                         # CVT between formats
        opc, pfx = r.choice([(0x5a, 0), (0x5a, 1), (0x5a, 2), (0x5a, 3),
                             (0x5b, 0), (0x5b, 1), (0x5b, 2), (0xe6, 1),
                             (0xe6, 2), (0xe6, 3)])
        size = {(0x5a, 0): 8, (0x5a, 2): 4, (0x5a, 3): 8,
                (0xe6, 2): 8}.get((opc, pfx), 16)
        sse(e, pfx, [opc], xreg(e), xmm_rm(e, size, True))
    elif form == 7:                         # CVTSI2SS/SD
        pfx = r.choice([2, 3])
        wide = r.random() < 0.5
        sse(e, pfx, [0x2a], xreg(e), gpr_rm(e, 8 if wide else 4), wide=wide)
    elif form == 8:                         # CVT(T)SS2SI/SD2SI
        pfx = r.choice([2, 3])
        wide = r.random() < 0.5
        sse(e, pfx, [r.choice([0x2c, 0x2d])], e.data_reg(),
            xmm_rm(e, 4 if pfx == 2 else 8, False), wide=wide)
    else:                                   # logic
        sse(e, r.randrange(2), [r.choice([0x54, 0x55, 0x56, 0x57])],
            xreg(e), xmm_rm(e, 16, True))


# ---- sse_int: SSE2 integer SIMD ----

INT_OPS = (list(range(0x60, 0x6e)) + [0x74, 0x75, 0x76] +
           list(range(0xd1, 0xd6)) + list(range(0xd8, 0xe6)) +
           list(range(0xe8, 0xf0)) + list(range(0xf1, 0xf7)) +
           list(range(0xf8, 0xff)))


def gen_sse_int(e, r, c):
    form = r.randrange(10)
    if form <= 5:
        sse(e, 1, [r.choice(INT_OPS)], xreg(e), xmm_rm(e, 16, True))
    elif form == 6:                         # PSHUFD/HW/LW
        sse(e, r.choice([1, 2, 3]), [0x70], xreg(e), xmm_rm(e, 16, True),
            bytes([r.randrange(256)]))
    elif form == 7:                         # shifts by imm8
        opc = r.choice([0x71, 0x72, 0x73])
        sub = r.choice([2, 3, 6, 7] if opc == 0x73 else [2, 4, 6])
        n = r.choice([0, 1, 7, 8, 15, 16, 31, 32, 63, 64, r.randrange(256)])
        sse(e, 1, [opc], sub, ("r", xreg(e)), bytes([n]))
    elif form == 8:                         # PINSRW/PEXTRW/PMOVMSKB
        which = r.randrange(3)
        if which == 0:
            sse(e, 1, [0xc4], xreg(e), gpr_rm(e, 2), bytes([r.randrange(256)]))
        elif which == 1:
            sse(e, 1, [0xc5], e.data_reg(), ("r", xreg(e)),
                bytes([r.randrange(256)]), wide=r.random() < 0.3)
        else:
            sse(e, 1, [0xd7], e.data_reg(), ("r", xreg(e)))
    else:                                   # MASKMOVDQU [rdi]
        c.ptr |= 1 << 7
        e.used.add(7)
        sse(e, 1, [0xf7], xreg(e), ("r", xreg(e)))


# ---- sse_mov: moves, unpacks, shuffles, MOVMSK, MXCSR ----

def gen_sse_mov(e, r, c):
    c.fpmode = FP_MEMORY
    form = r.randrange(12)
    if form == 0:                           # MOVUPS/UPD/SS/SD
        pfx = r.randrange(4)
        size = [16, 16, 4, 8][pfx]
        sse(e, pfx, [r.choice([0x10, 0x11])], xreg(e), xmm_rm(e, size, False))
    elif form == 1:                         # MOVAPS/APD, MOVNTPS/PD
        opc = r.choice([0x28, 0x29, 0x2b])
        rm = e.mem(16, True) if opc == 0x2b else xmm_rm(e, 16, True)
        sse(e, r.randrange(2), [opc], xreg(e), rm)
    elif form == 2:                         # MOVLPS/HPS/LPD/HPD/HLPS/LHPS
        opc = r.choice([0x12, 0x13, 0x16, 0x17])
        pfx = r.randrange(2)
        if opc in (0x12, 0x16) and pfx == 0 and r.random() < 0.5:
            rm = ("r", xreg(e))
        else:
            rm = e.mem(8)
        sse(e, pfx, [opc], xreg(e), rm)
    elif form == 3:                         # MOVD/MOVQ with GPRs
        wide = r.random() < 0.5
        sse(e, 1, [r.choice([0x6e, 0x7e])], xreg(e),
            gpr_rm(e, 8 if wide else 4), wide=wide)
    elif form == 4:                         # MOVQ xmm forms
        if r.random() < 0.5:
            sse(e, 2, [0x7e], xreg(e), xmm_rm(e, 8, False))
        else:
            sse(e, 1, [0xd6], xreg(e), xmm_rm(e, 8, False))
    elif form == 5:                         # MOVDQA/DQU, MOVNTDQ
        pfx = r.choice([1, 2])
        opc = r.choice([0x6f, 0x7f, 0xe7]) if pfx == 1 else \
            r.choice([0x6f, 0x7f])
        rm = e.mem(16, True) if opc == 0xe7 else xmm_rm(e, 16, pfx == 1)
        sse(e, pfx, [opc], xreg(e), rm)
    elif form == 6:                         # UNPCKL/HPS/PD
        sse(e, r.randrange(2), [r.choice([0x14, 0x15])], xreg(e),
            xmm_rm(e, 16, True))
    elif form == 7:                         # SHUFPS/PD
        sse(e, r.randrange(2), [0xc6], xreg(e), xmm_rm(e, 16, True),
            bytes([r.randrange(256)]))
    elif form == 8:                         # MOVMSKPS/PD
        sse(e, r.randrange(2), [0x50], e.data_reg(), ("r", xreg(e)))
    elif form == 9:                         # MOVNTI
        wide = r.random() < 0.5
        sse(e, 0, [0xc3], e.data_reg(), e.mem(8 if wide else 4), wide=wide)
    elif form == 10:                        # STMXCSR
        sse(e, 0, [0xae], 3, e.mem(4))
    else:                                   # LDMXCSR (valid values)
        v = 0x1f80 | r.choice([0, 0x2000, 0x4000, 0x6000]) | \
            r.choice([0, 0x40, 0x8000, 0x8040]) | r.randrange(64)
        e.emit_plain(f"movl ${v}, -8(%rsp)", "ldmxcsr -8(%rsp)",
                     "movq $0, -8(%rsp)")


# ---- sse3, ssse3 ----

def gen_sse3(e, r, c):
    c.fpmode = FP_MXCSR_RANDOM | FP_MEMORY
    form = r.randrange(4)
    if form <= 1:                           # ADDSUB, HADD, HSUB
        sse(e, r.choice([1, 3]), [r.choice([0xd0, 0x7c, 0x7d])], xreg(e),
            xmm_rm(e, 16, True))
    elif form == 2:                         # MOVSLDUP/SHDUP/DDUP
        pfx, opc = r.choice([(2, 0x12), (2, 0x16), (3, 0x12)])
        sse(e, pfx, [opc], xreg(e), xmm_rm(e, 8 if pfx == 3 else 16, True))
    else:                                   # LDDQU
        sse(e, 3, [0xf0], xreg(e), e.mem(16, False))


SSSE3_OPS = list(range(0x00, 0x0c)) + [0x1c, 0x1d, 0x1e]


def gen_ssse3(e, r, c):
    if r.random() < 0.15:
        sse(e, 1, [0x3a, 0x0f], xreg(e), xmm_rm(e, 16, True),
            bytes([r.choice([0, 1, 8, 15, 16, 17, 31, 32, r.randrange(256)])]))
    else:
        sse(e, 1, [0x38, r.choice(SSSE3_OPS)], xreg(e), xmm_rm(e, 16, True))


# The host CPU flag (/proc/cpuinfo) each class needs.
SSE_CPU_FLAGS = {"sse_fp": "sse2", "sse_int": "sse2", "sse_mov": "sse2",
                 "sse3": "pni", "ssse3": "ssse3"}
SSE_GENS = {"sse_fp": gen_sse_fp, "sse_int": gen_sse_int,
            "sse_mov": gen_sse_mov, "sse3": gen_sse3, "ssse3": gen_ssse3}


# ---- mmx: the 64-bit forms, through XMM registers ----
# mm_a and mm_b are loaded from the low halves of two XMM registers
# (MOVDQ2Q), the instruction runs, mm_a goes back to the XMM register
# (MOVQ2DQ) and EMMS empties the x87 tags again.

MMX_OPS = ([op for op in INT_OPS if op not in (0x6c, 0x6d)] +
           [0xd4, 0xf4, 0xfb])


def gen_mmx(e, r, c):
    a, b = r.sample(range(8), 2)
    xa, xb = r.sample(range(16), 2)
    sse(e, 3, [0xd6], a, ("r", xa))              # MOVDQ2Q mm_a, xmm_a
    sse(e, 3, [0xd6], b, ("r", xb))
    form = r.randrange(8)
    mem = e.mem(8) if r.random() < 0.3 else ("r", b)
    if form <= 3:
        sse(e, 0, [r.choice(MMX_OPS)], a, mem)
    elif form == 4:                              # SSSE3 64-bit forms
        sse(e, 0, [0x38, r.choice(SSSE3_OPS)], a, mem)
    elif form == 5:                              # PSHUFW, PALIGNR
        if r.random() < 0.5:
            sse(e, 0, [0x70], a, mem, bytes([r.randrange(256)]))
        else:
            sse(e, 0, [0x3a, 0x0f], a, mem, bytes([r.randrange(20)]))
    elif form == 6:                              # shifts by imm8
        opc = r.choice([0x71, 0x72, 0x73])
        sub = r.choice([2, 6] if opc == 0x73 else [2, 4, 6])
        sse(e, 0, [opc], sub, ("r", a), bytes([r.randrange(70)]))
    else:                                        # MOVD/MOVQ, PINSRW
        which = r.randrange(3)
        if which == 0:
            wide = r.random() < 0.5
            sse(e, 0, [0x6e], a, gpr_rm(e, 8 if wide else 4), wide=wide)
        elif which == 1:
            wide = r.random() < 0.5
            sse(e, 0, [0x7e], a, gpr_rm(e, 8 if wide else 4), wide=wide)
        else:
            sse(e, 0, [0xc4], a, gpr_rm(e, 2), bytes([r.randrange(256)]))
    sse(e, 2, [0xd6], xa, ("r", a))              # MOVQ2DQ xmm_a, mm_a
    e.emit_plain(0x0f, 0x77)                     # EMMS


SSE_CPU_FLAGS["mmx"] = "ssse3"
SSE_GENS["mmx"] = gen_mmx


# ---- sse41, sse42 (with MOVBE and CRC32) ----

PMOVX_SIZE = {0: 8, 1: 4, 2: 2, 3: 8, 4: 4, 5: 8}
SSE41_OPS = [0x10, 0x14, 0x15, 0x28, 0x29, 0x2b, 0x38, 0x39, 0x3a, 0x3b,
             0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41]


def gen_sse41(e, r, c):
    c.fpmode = FP_MXCSR_RANDOM | FP_MEMORY
    form = r.randrange(10)
    if form <= 2:
        sse(e, 1, [0x38, r.choice(SSE41_OPS)], xreg(e), xmm_rm(e, 16, True))
    elif form == 3:                         # PMOVSX/ZX
        k = r.randrange(6)
        sse(e, 1, [0x38, r.choice([0x20, 0x30]) + k], xreg(e),
            xmm_rm(e, PMOVX_SIZE[k], False))
    elif form == 4:                         # PTEST, MOVNTDQA
        if r.random() < 0.7:
            sse(e, 1, [0x38, 0x17], xreg(e), xmm_rm(e, 16, True))
        else:
            sse(e, 1, [0x38, 0x2a], xreg(e), e.mem(16, True))
    elif form == 5:                         # ROUND
        k = r.randrange(4)
        sse(e, 1, [0x3a, 0x08 + k], xreg(e),
            xmm_rm(e, [16, 16, 4, 8][k], True), bytes([r.randrange(16)]))
    elif form == 6:                         # BLEND, DPPS/DPPD, MPSADBW
        opc, reg = r.choice([0x0c, 0x0d, 0x0e, 0x40, 0x41, 0x42]), xreg(e)
        if opc in (0x40, 0x41):
            # NaN lanes compare as any NaN (harness.c, fix_dp_nan).
            c.fix, c.fixarg = FIX_DP_NAN, reg | (opc & 1) << 4
        sse(e, 1, [0x3a, opc], reg, xmm_rm(e, 16, True),
            bytes([r.randrange(256)]))
    elif form == 7:                         # PEXTRB/W/D/Q, EXTRACTPS
        opc = r.choice([0x14, 0x15, 0x16, 0x17])
        wide = opc == 0x16 and r.random() < 0.5
        size = {0x14: 1, 0x15: 2, 0x16: 8 if wide else 4, 0x17: 4}[opc]
        sse(e, 1, [0x3a, opc], xreg(e), gpr_rm(e, size),
            bytes([r.randrange(256)]), wide=wide)
    elif form == 8:                         # PINSRB/D/Q
        opc = r.choice([0x20, 0x22])
        wide = opc == 0x22 and r.random() < 0.5
        size = 1 if opc == 0x20 else 8 if wide else 4
        sse(e, 1, [0x3a, opc], xreg(e), gpr_rm(e, size),
            bytes([r.randrange(256)]), wide=wide)
    else:                                   # INSERTPS
        sse(e, 1, [0x3a, 0x21], xreg(e), xmm_rm(e, 4, False),
            bytes([r.randrange(256)]))


def gen_sse42(e, r, c):
    form = r.randrange(6)
    if form <= 2:                           # PCMPESTRI/M, PCMPISTRI/M
        c.small |= (1 << 0) | (1 << 2)
        c.smallbits = 0x1f
        e.used.update((0, 1, 2))
        sse(e, 1, [0x3a, 0x60 + r.randrange(4)], xreg(e),
            xmm_rm(e, 16, False), bytes([r.randrange(128)]),
            wide=r.random() < 0.3)
    elif form == 3:                         # PCMPGTQ
        sse(e, 1, [0x38, 0x37], xreg(e), xmm_rm(e, 16, True))
    elif form == 4:                         # CRC32
        size = r.randrange(4)
        opc = 0xf0 if size == 0 else 0xf1
        rm = gpr_rm(e, 1 << size)
        pre = [0xf2] if size != 1 else [0x66, 0xf2]
        e.emit([0x0f, 0x38, opc], 3 if size == 3 or r.random() < 0.2
               else 2, e.data_reg(), rm, prefixes=pre, wide=True,
               force_rex=size == 0 and r.random() < 0.5)
    else:                                   # MOVBE
        size = r.choice([1, 2, 3])
        e.emit([0x0f, 0x38, r.choice([0xf0, 0xf1])], size, e.data_reg(),
               e.mem(1 << size))


SSE_CPU_FLAGS["sse41"] = "sse4_1"
SSE_CPU_FLAGS["sse42"] = "sse4_2"
SSE_GENS["sse41"] = gen_sse41
SSE_GENS["sse42"] = gen_sse42


# ---- adx: ADCX/ADOX, and RDRAND (flags only: the value is cleared) ----

def gen_adx(e, r, c):
    if r.random() < 0.15:
        n = e.data_reg()
        size = r.choice([1, 2, 3])
        e.emit([0x0f, 0xc7], size, 6, ("r", n))       # RDRAND
        e.emit_plain(f"movq $0, %{REG64[n]}")
        return
    wide = r.random() < 0.5
    e.emit([0x0f, 0x38, 0xf6], 3 if wide else 2, e.data_reg(),
           gpr_rm(e, 8 if wide else 4), prefixes=[r.choice([0x66, 0xf3])],
           wide=True)


REG64 = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
         "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
SSE_CPU_FLAGS["adx"] = "adx rdrand"
SSE_GENS["adx"] = gen_adx
