"""Linux userspace tests in an x86-64 guest: the programs of
tests/guest/x86_64 (the common set of tests/guest/common: signals, threads,
C11 atomics, FP, vectorised loops, strings, system calls, execve; and the
x86 ones: x87, SSE intrinsics, locked instructions, FS/GS bases) are
packed into a second cpio appended to the test initramfs and run from the
shell of Debian's amd64 kernel on -M pc -smp 4; each must print PASS.
They check themselves against computed references (natively they pass
too).  -cpu qemu64 is the default model (SSE3 at most: glibc's SSE2 string
functions); -cpu max advertises SSSE3 to SSE4.2, POPCNT, XSAVE and
FSGSBASE, so glibc and the programs take other paths.

make check boots once (-cpu max, the whole set); the -cpu qemu64 run and
the TCI backend's are in make check-slow (KEMU_CHECK_SLOW=1).  Times
measured on the 2-core build host under parallel builds are in the
tests' docstrings."""
import os
import re
import time

import pytest

from guest_programs import initrd_with_programs, programs_dir, sections
from kemu_harness import KemuProcess
from test_x86_64_boot import linux_assets, needs_tcg

ALL = ["signals", "threads", "atomics", "atomics-x86", "fpsimd", "x87",
       "sse", "vector", "strings", "syscalls", "exec", "fsbase"]

slow = pytest.mark.skipif(not os.environ.get("KEMU_CHECK_SLOW"),
                          reason="slow (minutes): make check-slow")


@pytest.fixture(scope="module")
def guest(tmp_path_factory):
    """(vmlinuz, the test initramfs with /guest appended)."""
    d = linux_assets()
    progs = programs_dir("x86_64", ALL)
    tmp = tmp_path_factory.mktemp("guest-initrd")
    return d / "vmlinuz", initrd_with_programs(d / "initrd.gz", progs, ALL,
                                               tmp)


def run_guest(guest, progs, cpu="qemu64", accel="tcg", timeout=600):
    """Boot, run progs with run-all.sh, power off; {prog: (lines, rc)}."""
    kernel, initrd = guest
    args = ["-M", "pc", "-accel", accel, "-cpu", cpu, "-m", "1G", "-smp",
            "4", "-nographic", "-no-reboot", "-kernel", str(kernel),
            "-initrd", str(initrd), "-append", "console=ttyS0 loglevel=3"]
    start = time.monotonic()
    with KemuProcess(args, arch="x86_64") as vm:
        vm.wait_for("KEMU-INIT: ready", timeout=timeout)
        booted = time.monotonic()
        vm.send("echo $(grep -c ^processor /proc/cpuinfo)-cpus\n")
        vm.wait_for(re.compile(r"\n4-cpus"), timeout=60)
        if progs:
            vm.send(f"/guest/run-all.sh {' '.join(progs)}\n")
            vm.wait_for(re.compile(r"\n=== DONE"), timeout=timeout)
        ran = time.monotonic()
        out = vm.text()
        vm.send("poweroff -f\n")
        assert vm.wait_exit(timeout=60) == 0
    print(f"{accel} -cpu {cpu}: boot {booted - start:.1f} s, "
          f"{len(progs)} programs {ran - booted:.1f} s")
    return sections(out)


def check_results(found, progs):
    assert sorted(found) == sorted(progs), f"programs that ran: {sorted(found)}"
    bad = {p: lines for p, (lines, rc) in found.items()
           if rc != 0 or not lines or lines[-1] != f"{p}: PASS"}
    assert not bad, "failed in the guest:\n" + "\n".join(
        f"--- {p} (exit {found[p][1]})\n" + "\n".join(lines)
        for p, lines in bad.items())


@needs_tcg
def test_userspace_cpu_max(guest):
    """The whole set on -cpu max: SSSE3..SSE4.2 and POPCNT in sse, glibc's
    SSE4.2/SSSE3 string functions, XSAVE signal frames (written under
    SMAP's STAC), RDFSBASE/WRGSBASE.  91 s for this file in make check
    on the 2-core host under parallel builds (load 15): 74 s to boot,
    13 s for the programs."""
    found = run_guest(guest, ALL, cpu="max")
    check_results(found, ALL)
    assert not any("not advertised" in line for line in found["sse"][0])
    assert "fsgsbase: enabled" in found["fsbase"][0]


@needs_tcg
@slow
def test_userspace_qemu64(guest):
    """The whole set on the default model: SSE3 at most, so glibc's SSE2
    string functions and sse's baseline groups only.  About as long as on
    -cpu max (one more boot: make check-slow)."""
    found = run_guest(guest, ALL)
    check_results(found, ALL)
    assert "sse4.2: not advertised, skipped" in found["sse"][0]


@needs_tcg
@slow
def test_tci_boot_and_userspace(guest):
    """The TCI backend boots the same kernel to the shell and runs the
    single-threaded programs: 533 s to boot (7x native) and 15 s for the
    programs on the 2-core host under parallel builds; 1064 s to boot when
    the load was heavier.  Threads and the atomics are left out (4 vCPUs
    spinning on locks whose holder is descheduled, as on AArch64)."""
    progs = [p for p in ALL if p not in ("threads", "atomics", "atomics-x86")]
    found = run_guest(guest, progs, accel="tcg,backend=tci", timeout=2400)
    check_results(found, progs)
