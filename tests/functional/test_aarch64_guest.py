"""Linux userspace tests in an AArch64 guest: the programs of
tests/guest/aarch64 (signals, threads, C11 atomics LL/SC and LSE, scalar
FP, vectorised loops, string functions, system calls, execve, tagged
pointers) are packed
into a second cpio appended to the test initramfs, run from the shell of
Debian's arm64 kernel on -M virt -smp 4, and each must print PASS.  Their
output must also equal that of Debian's qemu-aarch64 user emulator (the
oracle) running the same binaries, except exec (qemu-user cannot execve a
guest binary without binfmt_misc; it checks itself)."""
import re
import shutil
import subprocess
import time

import pytest

from conftest import BUILD
from guest_programs import initrd_with_programs, programs_dir, sections
from kemu_harness import KemuProcess
from test_aarch64_virt import linux_assets, needs_tcg

PROGS_DIR = BUILD / "tests" / "guest" / "aarch64"
ALL = ["signals", "threads", "atomics-llsc", "atomics-lse", "fpsimd",
       "vector", "strings", "syscalls", "exec", "tbi"]
NOT_COMPARED = {"exec"}
# Programs that stop at an instruction Kemu lacks (SIGILL, exit 132): the
# test xfails for them, and checks them fully once they pass.  Remove an
# entry when the instructions are merged.
KNOWN_GAPS = {}
SIGILL_EXIT = 128 + 4


@pytest.fixture(scope="module")
def initrd(tmp_path_factory):
    """The test initramfs with /guest (programs and run-all.sh) appended."""
    d = linux_assets()
    progs = programs_dir("aarch64", ALL)
    tmp = tmp_path_factory.mktemp("guest-initrd")
    return d / "vmlinuz", initrd_with_programs(d / "initrd.gz", progs, ALL,
                                               tmp)


def oracle_output(prog, cpu):
    """The program's output on qemu-aarch64, or None when not installed."""
    qemu = shutil.which("qemu-aarch64")
    if not qemu:
        return None
    res = subprocess.run([qemu, "-cpu", cpu, str(PROGS_DIR / prog)],
                         capture_output=True, text=True, timeout=120)
    return res.stdout


def run_guest(kernel, initrd, accel, progs, cpu="cortex-a72", timeout=600):
    args = ["-M", "virt", "-cpu", cpu, "-m", "512", "-smp", "4",
            "-nographic", "-kernel", str(kernel), "-initrd", str(initrd),
            "-append", "console=ttyAMA0 loglevel=3"] + accel
    with KemuProcess(args, arch="aarch64") as vm:
        vm.wait_for("KEMU-INIT: ready", timeout=timeout)
        vm.send("grep -c ^processor /proc/cpuinfo\n")
        vm.wait_for(re.compile(r"\n4\r?\n"), timeout=60)
        start = time.monotonic()
        vm.send(f"/guest/run-all.sh {' '.join(progs)}\n")
        vm.wait_for(re.compile(r"\n=== DONE"), timeout=timeout)
        took = time.monotonic() - start
        out = vm.text()
        vm.send("poweroff -f\n")
        assert vm.wait_exit(timeout=60) == 0
    print(f"{' '.join(accel) or 'native'}: {len(progs)} programs in "
          f"{took:.1f} s")
    return sections(out)


def check_results(found, progs, cpu):
    assert sorted(found) == sorted(progs), f"programs that ran: {sorted(found)}"
    failed = {p: lines for p, (lines, rc) in found.items()
              if rc != 0 or not lines or lines[-1] != f"{p}: PASS"}
    gaps = {p for p in failed if p in KNOWN_GAPS and
            found[p][1] == SIGILL_EXIT and not any("FAIL" in line for line in
                                                   found[p][0])}
    bad = {p: lines for p, lines in failed.items() if p not in gaps}
    assert not bad, "failed in the guest:\n" + "\n".join(
        f"--- {p}\n" + "\n".join(lines) for p, lines in bad.items())
    for p in progs:
        if p in NOT_COMPARED:
            continue
        want = oracle_output(p, cpu)
        if want is None:
            continue
        want = want.splitlines()
        if p in gaps:       # what ran before the SIGILL must still agree
            want = want[:len(found[p][0]) - 1]
            got = found[p][0][:-1]
        else:
            got = found[p][0]
        assert got == want, \
            f"{p}: the guest's output differs from qemu-aarch64's"
    if gaps:
        pytest.xfail("; ".join(f"{p}: {KNOWN_GAPS[p]}" for p in sorted(gaps)))


CONFIGS = {
    # -accel tcg: the native backend, one thread per vCPU (MTTCG).
    "native": ([], ALL),
    "thread-single": (["-accel", "tcg,thread=single"], ALL),
    # TCI interprets every op: all but threads (about 5 minutes there on a
    # 2-core host, spinning on locks whose holder vCPU is descheduled).
    "tci": (["-accel", "tcg,backend=tci"], [p for p in ALL if p != "threads"]),
}


@needs_tcg
@pytest.mark.parametrize("config", [
    "native",
    "thread-single",
    "tci"])
def test_guest_userspace(initrd, config):
    accel, progs = CONFIGS[config]
    found = run_guest(*initrd, accel, progs,
                      timeout=1200 if config == "tci" else 600)
    check_results(found, progs, "cortex-a72")


@needs_tcg
def test_guest_lse_atomics_on_cpu_max(initrd):
    """cortex-a72 has no LSE: the LSE build runs (not skips) on -cpu max."""
    found = run_guest(*initrd, [], ["atomics-lse", "atomics-llsc"], cpu="max")
    assert "skipped" not in "\n".join(found["atomics-lse"][0])
    check_results(found, ["atomics-lse", "atomics-llsc"], "max")


@needs_tcg
def test_guest_userspace_on_cpu_max(initrd):
    """-cpu max advertises FP16, RDM, DotProd, FCMA, FHM, JSCVT and FRINTTS
    to the kernel (hwcaps) and glibc: the whole set runs there too."""
    found = run_guest(*initrd, [], ALL, cpu="max")
    check_results(found, ALL, "max")
