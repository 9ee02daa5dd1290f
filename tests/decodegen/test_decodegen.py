"""scripts/decodegen.py: generated decoders against an independent oracle,
the decision tree's shape, overlap detection and error messages."""
import pathlib
import random
import re
import shutil
import subprocess

import pytest

from harness import Harness, generate

HERE = pathlib.Path(__file__).resolve().parent
FILES = ["features.decode", "groups.decode", "narrow.decode", "a64-slice.decode"]

pytestmark = pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler (cc)")


def random_inputs(model, rng, per_pattern=64, unmatched=1000):
    """Instructions of every pattern (free bits random), random words, and
    for a third of them a random set of trans_ functions that say false."""
    names = sorted({p.name for p in model.patterns})
    words = []
    for pat in model.patterns:
        for _ in range(per_pattern):
            words.append(rng.getrandbits(model.width) & ~pat.mask | pat.bits)
    words += [rng.getrandbits(model.width) for _ in range(unmatched)]
    inputs = []
    for w in words:
        rejects = []
        if rng.random() < 0.33:
            rejects = [n for n in names if rng.random() < 0.5]
        inputs.append((w, rejects))
    return inputs


@pytest.mark.parametrize("name", FILES)
def test_random_instructions_match_oracle(name, tmp_path):
    h = Harness(HERE / name, tmp_path)
    rng = random.Random(f"decodegen-{name}")
    inputs = random_inputs(h.model, rng)
    got = h.run(inputs)
    counts = {"matched": 0, "unmatched": 0, "rejected": 0}
    for (insn, rejects), result in zip(inputs, got):
        expected = h.model.decode(insn, rejects)
        assert result == expected, f"insn 0x{insn:08x} rejects {rejects}"
        calls, ok = expected
        counts["matched" if ok else "rejected" if calls else "unmatched"] += 1
    # Every outcome was exercised, including words no pattern matches.
    assert all(counts.values()), counts
    # Every pattern was reached at least once.
    called = {c.split()[0] for r in got for c in r[0]}
    assert called == {p.name for p in h.model.patterns}


def random_pattern_file(rng, count):
    """Disjoint patterns fixing random subsets of the top 12 bits, so that
    the generator meets every tree shape (shared bits, single-bit splits,
    copies, items decided one after another)."""
    lines, taken = [], []
    for _ in range(100000):
        if len(lines) == count:
            break
        mask = rng.getrandbits(12) | rng.getrandbits(12)
        if rng.random() < 0.2:          # a few broad patterns
            mask &= rng.getrandbits(12)
        bits = rng.getrandbits(12) & mask
        if any((bits ^ b) & mask & m == 0 for m, b in taken):
            continue
        taken.append((mask, bits))
        top = "".join("." if not mask >> i & 1 else str(bits >> i & 1)
                      for i in range(11, -1, -1))
        lines.append(f"P{len(lines)} {top} f:4 g:s8 ........\n")
    assert len(lines) == count
    return "".join(lines)


@pytest.mark.parametrize("seed", range(4))
def test_random_pattern_sets(seed, tmp_path):
    rng = random.Random(seed)
    src = tmp_path / "rand.decode"
    src.write_text(random_pattern_file(rng, 24))
    h = Harness(src, tmp_path)
    inputs = random_inputs(h.model, rng, per_pattern=16, unmatched=500)
    for (insn, rejects), result in zip(inputs, h.run(inputs)):
        assert result == h.model.decode(insn, rejects), f"0x{insn:08x}"


def test_fields_by_hand(tmp_path):
    """A few values worked out by hand, so the oracle is not the only judge."""
    h = Harness(HERE / "features.decode", tmp_path)
    cases = {
        # ADDI: rd=3, rn=4, simm9 = -1 (bits 20..12 all set)
        0x011ff083: "ADDI imm=-1 rd=3 rn=4",
        # SPLIT: bits 8..5=1010, 22..20=011, 26..25=10 -> split 0b1010_011_10;
        # ssplit = 1010_011 signed 7 bits = -45
        0x4430_0141 | (2 << 25) | (0b1010 << 5) | (0b011 << 20):
            "SPLIT split=334 ssplit=-45",
        # SCALE: word4 = 0xff << 2, plus = 0xf + 1
        0x500f_fc00: "SCALE a=1020 b=16",
        # MIX: mixed = -(((s)0b101 << 3 | 0b110) << 3) with bits 2..0=101, 26..24=110
        0x6600_0005: f"MIX mixed={-((((0b101 - 8) << 3) | 0b110) << 3)}",
        0x8000_0001: "WHOLE whole=-2147483647",
        0x9f12_3000: "LONG x=-1 y=1 z=35",
        0xbfff_ffff: "WIDE imm=-1",
        0x0780_0000: "SHARED imm=2 rd=0 rn=0",
        0x70000000: "EMPTY",
        0x0512_0043: "MOVC c1=7 c2=-3 c3=16 c4=3 rd=3 rn=2",
    }
    got = h.run([(insn, []) for insn in cases])
    for (insn, line), (calls, ok) in zip(cases.items(), got):
        assert (calls, ok) == ([line], True), hex(insn)


def test_unmatched_and_false(tmp_path):
    h = Harness(HERE / "features.decode", tmp_path)
    got = h.run([(0x00000000, []), (0xffffffff, []), (0x0c000000, []),
                 (0x01000000, ["ADDI"])])
    assert got[:3] == [([], False)] * 3
    # Outside a '{ }' group a false trans_ ends decoding: nothing else is tried.
    assert got[3] == (["ADDI imm=0 rd=0 rn=0"], False)


def test_groups_try_in_order(tmp_path):
    h = Harness(HERE / "groups.decode", tmp_path)
    got = h.run([
        (0x00000000, []),
        (0x00000000, ["ZERO"]),
        (0x00000000, ["ZERO", "SMALLA"]),
        (0x000000c5, []),
        (0x000000c5, ["NEST1"]),
        (0x000000c5, ["NEST1", "NEST2"]),
        (0x000000c5, ["NEST1", "NEST2", "GENERAL"]),
        (0x00000145, []),
        (0x20000003, ["ODD1"]),
        (0x20000000, []),
    ])
    assert got == [
        (["ZERO"], True),
        (["ZERO", "SMALLA r=0"], True),
        (["ZERO", "SMALLA r=0", "GENERAL r=0"], True),
        (["NEST1 r=69"], True),
        (["NEST1 r=69", "NEST2 r=5"], True),
        (["NEST1 r=69", "NEST2 r=5", "GENERAL r=197"], True),
        (["NEST1 r=69", "NEST2 r=5", "GENERAL r=197"], False),
        (["GENERAL r=325"], True),
        (["ODD1", "ODD2"], True),
        (["CATCH r=0"], True),
    ]


def stats(decode_file, tmp_path):
    r = generate(decode_file, tmp_path / "out.c.inc", "--stats")
    assert r.returncode == 0, r.stderr
    m = re.search(r"(\d+) patterns, (\d+) switches, decision depth (\d+)", r.stderr)
    return [int(x) for x in m.groups()]


def test_decision_tree_not_linear(tmp_path):
    patterns, switches, depth = stats(HERE / "a64-slice.decode", tmp_path)
    assert patterns >= 25
    assert switches >= 5
    assert depth <= 4
    text = (tmp_path / "out.c.inc").read_text()
    # Every pattern's remaining bits are checked at most once, at its leaf.
    assert text.count("if ((insn &") <= patterns


def test_clang_builds_warning_free(tmp_path):
    if shutil.which("clang") is None:
        pytest.skip("clang is not installed")
    for name in FILES:
        Harness(HERE / name, tmp_path, cc="clang")


# -- overlaps and errors -------------------------------------------------------

DISJOINT = """\
&r  r
A   0000 0000 0000 0000 0000 0000 0000 r:4   &r
B   0000 0000 0000 0000 0000 0000 0001 r:4   &r
{
  C 0000 0001 .... .... .... .... .... ....
  D 0000 0001 0000 .... .... .... .... ....
}
[
  E 0000 0010 .... .... .... .... .... ...0
  F 0000 0010 .... .... .... .... .... ...1
]
"""


def errors_of(text, tmp_path):
    src = tmp_path / "t.decode"
    src.write_text(text)
    r = generate(src, tmp_path / "t.c.inc")
    return r.returncode, r.stderr, src


def test_disjoint_file_has_no_overlap(tmp_path):
    code, err, _ = errors_of(DISJOINT, tmp_path)
    assert code == 0 and err == ""


@pytest.mark.parametrize("change,lines,names", [
    # B's first field bit becomes don't-care: it overlaps A.
    (("0001 r:4", "000. r:4"), (2, 3), ("B", "A")),
    # F's last bit becomes don't-care: it overlaps E inside the '[ ]' group.
    (("...1\n]", "....\n]"), (9, 10), ("F", "E")),
    # A pattern overlapping a whole '{ }' group from outside it.
    (("[\n", "G 0000 0001 0000 0000 .... .... .... ....\n[\n"), (5, 8), ("G", "C")),
])
def test_overlap_is_reported(tmp_path, change, lines, names):
    text = DISJOINT.replace(*change)
    assert text != DISJOINT
    code, err, src = errors_of(text, tmp_path)
    assert code == 1
    first, second = lines
    assert f"{src}:{second}: error: pattern {names[0]} overlaps pattern {names[1]} " \
           f"({src}:{first})" in err


def test_all_errors_reported_at_once(tmp_path):
    code, err, src = errors_of("%a 0:5\n%a 0:5\nX 0000\nY %zz\n", tmp_path)
    assert code == 1
    assert err.count("error:") == 3
    assert not (tmp_path / "t.c.inc").exists()


ERRORS = [
    ("A 0000 0000", "8 bits given, the instruction has 32"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000 0", "33 bits given"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000 x:8", "40 bits given"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000 %nope", "unknown field '%nope'"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000 x=%nope", "unknown field '%nope'"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000 @nope", "unknown format '@nope'"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000 &nope", "unknown argument set '&nope'"),
    ("A 0000 0000 0000 0000 0000 0000 0000 00x0", "unexpected '00x0'"),
    ("A 0000 0000 0000 0000 0000 0000 0000 000 x:0", "field 'x:0' has no bits"),
    ("A 0000 0000 0000 0000 0000 0000 0000 x:4 x=1", "field 'x' is given twice"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000 x=zz", "bad constant in 'x=zz'"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000 x=0x80000000", "bad constant"),
    ("%f 0:5\n%f 1:5", "duplicate field 'f' (first defined at line 1)"),
    ("&s a\n&s b", "duplicate argument set 's' (first defined at line 1)"),
    ("@f ........ ........ ........ ........\n@f ........ ........ ........ ........",
     "duplicate format 'f' (first defined at line 1)"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000\nA 0000 0000 0000 0000 0000 0000 0000 0001",
     "duplicate pattern 'A' (first at line 1)"),
    ("&s x\nA 0000 0000 0000 0000 0000 0000 0000 x:4 &s\n&t x\n"
     "A 0000 0000 0000 0000 0000 0000 0001 x:4 &t", "must use the same &set"),
    ("%f s0:5 8:3", "no patterns", 0),
    ("%f 0:5 s8:3", "only the first (most significant) segment can be signed"),
    ("%f 30:3", "segment '30:3' does not fit in a 32-bit instruction"),
    ("%f 0:20 20:12 1:1", "field %f is wider than 32 bits"),
    ("%f !shift=2", "field %f has no bits"),
    ("%f 0:5 !shift=40", "bad shift in '!shift=40'"),
    ("%f 0:5 !function=1x", "bad function name '1x'"),
    ("%f 0:5 junk", "unexpected 'junk' in field %f"),
    ("&s a a", "member 'a' repeated in &s"),
    ("&s int", "bad member name 'int' in &s"),
    ("&s a b\nA 0000 0000 0000 0000 0000 0000 0000 a:4 &s",
     "pattern A gives no value for member 'b' of &s"),
    ("&s a\nA 0000 0000 0000 0000 0000 0000 000 b:1 a:4 &s", "'b' is not a member of &s"),
    ("&A a\nA 0000 0000 0000 0000 0000 0000 0000 0000", "clashes with &A"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000\n&A a", "&A clashes with the struct arg_A"),
    ("A 0000 0000 0000 0000 0000 0000 0000 int:4", "bad member name 'int'"),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000 1x=3", "unexpected '1x=3'"),
    ("@f 1... .... .... .... .... .... .... ....\n"
     "A 0000 0000 0000 0000 0000 0000 0000 0000 @f", "fixed bit 31 differs from format @f"),
    ("@f ........ ........ ........ .... x:4\n"
     "A 0000 0000 0000 0000 0000 0000 0000 x:4 @f", "field 'x' is given twice"),
    ("&s a\n&t a\n@f ........ ........ ........ ... a:5 &s\n"
     "A ........ ........ ........ ........ @f &t", "&t differs from the format's &s"),
    ("@g ........ ........ ........ ........\n@f ........ ........ ........ ........ @g",
     "a format cannot use another format"),
    ("{\nA 0000 0000 0000 0000 0000 0000 0000 0000", "group '{' is never closed", 1),
    ("A 0000 0000 0000 0000 0000 0000 0000 0000\n]", "']' without an open group"),
    ("{\nA 0000 0000 0000 0000 0000 0000 0000 0000\n]", "']' closes the '{' opened at line 1"),
    ("[\n]", "empty group"),
    ("{ A", "'{' must be alone on its line"),
    (".width 8", ".width takes 16 or 32"),
    ("%f 0:4\n.width 16", ".width must come before any definition"),
    (".widht 16", "unknown directive '.widht'"),
    ("1A 0000", "unexpected '1A' (expected a pattern name)"),
    (".width 16\nA 0000 0000 0000 0000 0000 0000 0000 0000",
     "32 bits given, the instruction has 16"),
]


@pytest.mark.parametrize("case", ERRORS, ids=[c[1] for c in ERRORS])
def test_error_message(tmp_path, case):
    """Each error names the file and line at fault (the last line of the
    text unless the case says otherwise; 0: the file as a whole)."""
    text, message = case[:2]
    line = case[2] if len(case) > 2 else len(text.splitlines())
    code, err, src = errors_of(text + "\n", tmp_path)
    assert code == 1, err
    where = f"{src}:{line}: error: " if line else f"{src}: error: "
    assert any(ln.startswith(where) and message in ln for ln in err.splitlines()), err


def test_missing_input_file(tmp_path):
    r = generate(tmp_path / "absent.decode", tmp_path / "out.c.inc")
    assert r.returncode == 1
    assert "absent.decode: error: No such file or directory" in r.stderr


def test_makefile_generates_decoder_before_its_users(tmp_path):
    """decode-files += DIR/NAME.decode: the objects of DIR depend on
    $(BUILD)/DIR/decode-NAME.c.inc and get -I$(BUILD)/DIR."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    build = tmp_path / "build"
    user = build / "tests" / "decodegen" / "user.o"
    r = subprocess.run(["make", "-C", str(HERE.parent.parent), f"BUILD={build}",
                        "decode-files=tests/decodegen/narrow.decode",
                        "kemu-obj=tests/decodegen/user.o",
                        f"--eval={user}: ; @echo 'CFLAGS: $(CFLAGS_ALL)'", str(user)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    inc = build / "tests" / "decodegen" / "decode-narrow.c.inc"
    assert "static bool decode_narrow(DisasContext *ctx, uint32_t insn)" in inc.read_text()
    flags = [ln for ln in r.stdout.splitlines() if ln.startswith("CFLAGS:")]
    assert flags and f"-I{build}/tests/decodegen/" in flags[0].split()
