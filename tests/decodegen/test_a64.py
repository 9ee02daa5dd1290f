"""The A64 slice (a64-slice.decode) against real instructions: each line is
assembled by binutils, decoded by the generated decoder, and must give the
pattern and field values worked out by hand from the Arm ARM."""
import pathlib
import shutil
import struct
import subprocess

import pytest

from harness import Harness

HERE = pathlib.Path(__file__).resolve().parent
TOOLS = {t: shutil.which(f"aarch64-linux-gnu-{t}") for t in ("as", "ld", "objcopy")}

pytestmark = [
    pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler (cc)"),
    pytest.mark.skipif(not all(TOOLS.values()),
                       reason="aarch64-linux-gnu binutils not installed "
                       "(apt-get install binutils-aarch64-linux-gnu)"),
]

# (assembly, expected trans_ line or None for "no pattern").
CASES = [
    # PC-rel. addressing; ADRP's offset is in bytes, page-aligned.
    ("adr x3, .+256", "ADR imm=256 rd=3"),
    ("adr x30, .-4", "ADR imm=-4 rd=30"),
    ("adr x0, .+0xfffff", "ADR imm=1048575 rd=0"),
    ("adr x1, .-0x100000", "ADR imm=-1048576 rd=1"),
    ("adrp x5, .+0x12345000", "ADRP imm=305418240 rd=5"),
    ("adrp x6, .-0x3000", "ADRP imm=-12288 rd=6"),
    # Add/subtract (immediate), aliases included.
    ("add x1, x2, #0x123", "ADD_i imm=291 rd=1 rn=2 sf=1 sh=0"),
    ("add w1, w2, #0x123, lsl #12", "ADD_i imm=291 rd=1 rn=2 sf=0 sh=1"),
    ("mov sp, x3", "ADD_i imm=0 rd=31 rn=3 sf=1 sh=0"),
    ("adds x7, x8, #4095", "ADDS_i imm=4095 rd=7 rn=8 sf=1 sh=0"),
    ("sub x9, sp, #16", "SUB_i imm=16 rd=9 rn=31 sf=1 sh=0"),
    ("subs w0, w1, #1, lsl #12", "SUBS_i imm=1 rd=0 rn=1 sf=0 sh=1"),
    ("cmp x3, #5", "SUBS_i imm=5 rd=31 rn=3 sf=1 sh=0"),
    # Logical (immediate): dbm = N:immr:imms.
    ("and x0, x1, #0xff", f"AND_i dbm={1 << 12 | 0 << 6 | 7} rd=0 rn=1 sf=1"),
    ("orr w2, w3, #0x1", "ORR_i dbm=0 rd=2 rn=3 sf=0"),
    ("eor x4, x5, #0x5555555555555555", "EOR_i dbm=60 rd=4 rn=5 sf=1"),
    ("ands w6, w7, #0xf0", f"ANDS_i dbm={28 << 6 | 3} rd=6 rn=7 sf=0"),
    ("tst w6, #0xf0", f"ANDS_i dbm={28 << 6 | 3} rd=31 rn=6 sf=0"),
    # Move wide (immediate).
    ("movn x0, #0x1234, lsl #16", "MOVN hw=1 imm=4660 rd=0 sf=1"),
    ("movz w1, #0xffff", "MOVZ hw=0 imm=65535 rd=1 sf=0"),
    ("movk x2, #0xbeef, lsl #48", "MOVK hw=3 imm=48879 rd=2 sf=1"),
    # Bitfield and its aliases.
    ("sbfm x0, x1, #3, #7", "SBFM immr=3 imms=7 n=1 rd=0 rn=1 sf=1"),
    ("asr x0, x1, #3", "SBFM immr=3 imms=63 n=1 rd=0 rn=1 sf=1"),
    ("bfm w2, w3, #4, #5", "BFM immr=4 imms=5 n=0 rd=2 rn=3 sf=0"),
    ("ubfm x4, x5, #1, #2", "UBFM immr=1 imms=2 n=1 rd=4 rn=5 sf=1"),
    ("lsl w0, w1, #4", "UBFM immr=28 imms=27 n=0 rd=0 rn=1 sf=0"),
    # Extract.
    ("extr x0, x1, x2, #9", "EXTR imms=9 n=1 rd=0 rm=2 rn=1 sf=1"),
    ("ror w3, w4, #5", "EXTR imms=5 n=0 rd=3 rm=4 rn=4 sf=0"),
    # Load/store register (unsigned immediate), general registers.
    ("strb w0, [x1, #4095]", "STR_i ext=0 imm=4095 rn=1 rt=0 sign=0 sz=0"),
    ("ldrb w2, [sp]", "LDR_i ext=0 imm=0 rn=31 rt=2 sign=0 sz=0"),
    ("ldrsb x3, [x4, #1]", "LDR_i ext=1 imm=1 rn=4 rt=3 sign=1 sz=0"),
    ("ldrsb w3, [x4, #2]", "LDR_i ext=0 imm=2 rn=4 rt=3 sign=1 sz=0"),
    ("strh w5, [x6, #2]", "STR_i ext=0 imm=1 rn=6 rt=5 sign=0 sz=1"),
    ("ldrh w5, [x6, #8190]", "LDR_i ext=0 imm=4095 rn=6 rt=5 sign=0 sz=1"),
    ("ldrsh x7, [x8, #4]", "LDR_i ext=1 imm=2 rn=8 rt=7 sign=1 sz=1"),
    ("ldrsh w7, [x8]", "LDR_i ext=0 imm=0 rn=8 rt=7 sign=1 sz=1"),
    ("str w9, [x10, #16]", "STR_i ext=0 imm=4 rn=10 rt=9 sign=0 sz=2"),
    ("ldr w9, [x10, #16380]", "LDR_i ext=0 imm=4095 rn=10 rt=9 sign=0 sz=2"),
    ("ldrsw x11, [x12, #8]", "LDR_i ext=1 imm=2 rn=12 rt=11 sign=1 sz=2"),
    ("str x13, [x14, #32760]", "STR_i ext=0 imm=4095 rn=14 rt=13 sign=0 sz=3"),
    ("ldr x15, [sp, #8]", "LDR_i ext=0 imm=1 rn=31 rt=15 sign=0 sz=3"),
    ("prfm pldl1keep, [x0, #64]", "PRFM_i imm=8 prfop=0 rn=0"),
    ("prfm pstl2strm, [x3]", "PRFM_i imm=0 prfop=19 rn=3"),
    # SIMD&FP registers.
    ("str b0, [x1, #1]", "STR_v_i ext=0 imm=1 rn=1 rt=0 sign=0 sz=0"),
    ("ldr h1, [x2, #2]", "LDR_v_i ext=0 imm=1 rn=2 rt=1 sign=0 sz=1"),
    ("str s2, [x3, #4]", "STR_v_i ext=0 imm=1 rn=3 rt=2 sign=0 sz=2"),
    ("ldr d3, [x4, #8]", "LDR_v_i ext=0 imm=1 rn=4 rt=3 sign=0 sz=3"),
    ("str q4, [x5, #16]", "STR_v_i ext=0 imm=1 rn=5 rt=4 sign=0 sz=4"),
    ("ldr q31, [sp, #65520]", "LDR_v_i ext=0 imm=4095 rn=31 rt=31 sign=0 sz=4"),
    # Outside the slice, or unallocated inside it: no pattern.
    ("ret", None),
    ("nop", None),
    ("add x0, x1, x2", None),
    ("ldr x0, [x1], #8", None),
    ("ldur x0, [x1, #-8]", None),
    ("b .+8", None),
    (".inst 0x32800000", None),     # move wide with opc=01
    (".inst 0x73000000", None),     # bitfield with opc=11
    (".inst 0x13a00000", None),     # extract with o0=1
    (".inst 0xb9c00000", None),     # size=10 opc=11
    (".inst 0xf9c00000", None),     # size=11 opc=11
    (".inst 0x7d800000", None),     # SIMD&FP size=01 opc=10
]


def assemble(lines, tmp_path):
    """Instruction words of lines, linked at 0x400000 so ADRP is resolved."""
    src = tmp_path / "slice.s"
    src.write_text("".join(f"\t{line}\n" for line in lines))
    obj, elf, binary = (tmp_path / n for n in ("slice.o", "slice.elf", "slice.bin"))
    for cmd in ([TOOLS["as"], "-o", obj, src],
                [TOOLS["ld"], "-Ttext=0x400000", "-e", "0x400000", "-o", elf, obj],
                [TOOLS["objcopy"], "-O", "binary", "-j", ".text", elf, binary]):
        r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                           check=False)
        assert r.returncode == 0, r.stderr
    data = binary.read_bytes()
    assert len(data) == 4 * len(lines)
    return list(struct.unpack(f"<{len(lines)}I", data))


def test_a64_slice_decodes_real_instructions(tmp_path):
    words = assemble([asm for asm, _ in CASES], tmp_path)
    h = Harness(HERE / "a64-slice.decode", tmp_path)
    got = h.run([(w, []) for w in words])
    for (asm, expected), word, result in zip(CASES, words, got):
        want = ([expected], True) if expected else ([], False)
        assert result == want, f"{asm} (0x{word:08x})"
        # The oracle reading of the file agrees with the hand-written value.
        assert h.model.decode(word) == want, asm
