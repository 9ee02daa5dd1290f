"""Bare-metal AArch64 programs (tests/tcg/aarch64) on QEMU and on Kemu.

Each program prints its results (register values, NZCV, memory) as hex
lines on the PL011 and exits through semihosting.  QEMU's
qemu-system-aarch64 is the oracle: its run must exit 0 and end with "END";
Kemu's run must print exactly the same text and exit with the same status.
Every program runs on Kemu twice: with the default (x86-64 native) TCG
backend and with the TCI interpreter (-accel tcg,backend=tci).

Both run -M virt,gic-version=3 (Kemu's default GIC; QEMU's default for
cortex-a72 is a GICv2).  A program may name extra options for both in a
comment line "test-args: ..." (e.g. "-smp 2").
"""
import functools
import os
import shutil
import subprocess

import pytest

from conftest import BUILD, SRC

PROGRAMS = ["arith", "logical", "moves", "bitfield", "condsel", "muldiv",
            "bitops", "ldst", "branch", "exclusive", "system", "exceptions",
            "random", "atomics", "fparith", "fpconv", "fpmem", "fpfwd",
            "fprandom", "gicv3", "gicv2", "gtimer", "psci", "smp",
            "simd", "simdrandom", "granule", "crypto", "cryptorandom",
            "fpvrandom", "intrandom", "ldstrandom", "fp16random",
            "extrandom", "cmpbranch", "pauth", "pauthrandom", "pautha72",
            "bf16random", "tbi", "innerloop", "fpfast", "loops",
            "smploop"]
TESTDIR = SRC / "tests" / "tcg" / "aarch64"
OUT = BUILD / "tests" / "tcg" / "aarch64"
QEMU = "qemu-system-aarch64"
KEMU = BUILD / "kemu-system-aarch64"
ARGS = ["-M", "virt,gic-version=3", "-nographic", "-semihosting"]
# Programs that need a later architecture version than the A72's v8.0.
CPU = {"atomics": "max", "granule": "max", "fp16random": "max",
       "extrandom": "max", "pauth": "max", "pauthrandom": "max",
       "bf16random": "max", "tbi": "max", "innerloop": "max"}
BACKENDS = {"native": [], "tci": ["-accel", "tcg,backend=tci"]}
TIMEOUT = int(os.environ.get("KEMU_TCG_TIMEOUT", "120"))


@functools.lru_cache(maxsize=None)
def build_programs():
    """Build every program once; returns None or the reason it cannot be."""
    if not shutil.which("aarch64-linux-gnu-gcc"):
        return "gcc-aarch64-linux-gnu is not installed (scripts/install-deps.sh)"
    res = subprocess.run(["make", "-s", "-C", str(TESTDIR), f"OUT={OUT}"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    return None


def extra_args(prog):
    """The options of the program's "test-args:" comment line."""
    src = TESTDIR / f"{prog}.c"
    if not src.exists():
        return []
    for line in src.read_text().splitlines():
        if "test-args:" in line:
            return line.split("test-args:", 1)[1].strip(" */").split()
    return []


def run(binary, prog, extra=()):
    cpu = ["-cpu", CPU.get(prog, "cortex-a72")]
    res = subprocess.run([str(binary)] + ARGS + cpu + extra_args(prog) +
                         list(extra) +
                         ["-kernel", str(OUT / f"{prog}.elf")],
                         capture_output=True, timeout=TIMEOUT,
                         stdin=subprocess.DEVNULL)
    return res.returncode, res.stdout.decode(errors="replace").replace("\r", "")


@functools.lru_cache(maxsize=None)
def qemu_output(prog):
    reason = build_programs()
    if reason:
        pytest.skip(reason)
    if not shutil.which(QEMU):
        pytest.skip(f"{QEMU} is not installed (package qemu-system-arm)")
    return run(QEMU, prog)


@functools.lru_cache(maxsize=None)
def kemu_missing():
    """Why Kemu cannot run the programs yet, or None."""
    if not KEMU.exists():
        return f"{KEMU} is not built"
    boards = subprocess.run([str(KEMU), "-M", "help"], capture_output=True,
                            text=True).stdout
    if "virt" not in boards.split():
        return "kemu-system-aarch64 has no virt board yet"
    accels = subprocess.run([str(KEMU), "-accel", "help"], capture_output=True,
                            text=True).stdout
    if "tcg" not in accels.split():
        return "Kemu has no TCG accelerator yet (accel/tcg not merged)"
    return None


@pytest.mark.parametrize("prog", PROGRAMS)
def test_qemu(prog):
    status, out = qemu_output(prog)
    assert status == 0, out[-2000:]
    assert out.endswith("END\n"), out[-2000:]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("prog", PROGRAMS)
def test_kemu(prog, backend):
    status, expected = qemu_output(prog)
    reason = kemu_missing()
    if reason:
        pytest.skip(reason)
    kstatus, out = run(KEMU, prog, BACKENDS[backend])
    if out != expected:
        exp, got = expected.splitlines(), out.splitlines()
        for i, (e, g) in enumerate(zip(exp, got)):
            if e != g:
                pytest.fail(f"{prog} ({backend}): line {i + 1} differs:\n  qemu: {e}\n  kemu: {g}")
        pytest.fail(f"{prog} ({backend}): {len(got)} lines from Kemu, {len(exp)} from QEMU; "
                    f"Kemu's last: {got[-3:]}")
    assert kstatus == status
