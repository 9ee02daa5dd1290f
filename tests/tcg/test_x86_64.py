"""Differential tests of the x86-64 frontend against the host CPU.

tests/tcg/x86_64/gen_cases.py makes, per instruction class, a table of
cases (instruction bytes and input seeds, fixed seed); the same table is
linked into a host runner, which executes each case natively (the
oracle), and into a bare-metal ELF64 program that Kemu runs on -M pc,
printing over the serial port and exiting through isa-debug-exit.  Both
print one line per case (flags with the undefined ones masked, changed
registers and memory words); the lines must be identical, on both TCG
backends.  KEMU_X86_CASES sets the cases per class (default 2000; make
check-slow: 100000).

The compat class runs 32-bit code in a compatibility-mode code segment:
the host runner far-calls into a 32-bit LDT code segment.  Kernels with
IA32 emulation off refuse that (#GP); then the oracle is Debian's
qemu-system-x86_64 running the same bare-metal ELF (multiboot.S).
"""
import functools
import os
import platform
import re
import shutil
import subprocess

import pytest

from conftest import BUILD, SRC

CLASSES = ["alu", "shift", "muldiv", "bitops", "cond", "string", "misc",
           "compat", "x87", "sse_fp", "sse_int", "sse_mov", "sse3", "ssse3",
           "mmx", "sse41", "sse42", "adx", "bmi"]
# The host CPU flag each SSE class needs (the oracle runs natively).
CPU_FLAGS = {"sse_fp": "sse2", "sse_int": "sse2", "sse_mov": "sse2",
             "sse3": "pni", "ssse3": "ssse3", "mmx": "ssse3",
             "sse41": "sse4_1", "sse42": "sse4_2",
             "adx": "adx rdrand", "bmi": "bmi1 bmi2"}
COUNT = int(os.environ.get("KEMU_X86_CASES", "2000"))
TESTDIR = SRC / "tests" / "tcg" / "x86_64"
OUT = BUILD / "tests" / "tcg" / ("x86_64" if COUNT == 2000 else f"x86_64-{COUNT}")
KEMU = BUILD / "kemu-system-x86_64"
ARGS = ["-M", "pc", "-cpu", "max", "-display", "none", "-serial", "stdio",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04", "-no-reboot"]
# -accel tcg even for the default backend: kvm is the default accelerator
# where the host virtualizes, and these tests are about the translator.
BACKENDS = {"native": ["-accel", "tcg"], "tci": ["-accel", "tcg,backend=tci"]}
# Seconds per program run: at 100,000 cases x87 took 1111 s on TCI (2-core
# host, load 20), so make check-slow's runs get COUNT / 30 s.
TIMEOUT = int(os.environ.get("KEMU_TCG_TIMEOUT", max(600, COUNT // 30)))


@functools.lru_cache(maxsize=None)
def build():
    if platform.machine() != "x86_64":
        return "the oracle runs natively: needs an x86-64 host"
    # -j2: at 100,000 cases per class the generated sources are large.
    res = subprocess.run(["make", "-s", "-j2", "-C", str(TESTDIR),
                          f"OUT={OUT}", f"COUNT={COUNT}"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    return None


def run_machine(binary, elf, extra=()):
    return subprocess.run([str(binary)] + ARGS + list(extra) +
                          ["-kernel", str(elf)], capture_output=True,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL)


@functools.lru_cache(maxsize=None)
def qemu_output(klass):
    """The same bare-metal program on qemu-system-x86_64 (multiboot)."""
    qemu = shutil.which("qemu-system-x86_64")
    if not qemu:
        pytest.skip("no host compatibility mode and no qemu-system-x86_64")
    res = run_machine(qemu, OUT / f"bare-{klass}.elf")
    assert res.returncode == 1, res.stderr.decode(errors="replace")
    return res.stdout.decode(errors="replace").replace("\r", "")


@functools.lru_cache(maxsize=None)
def host_cpu_flags():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return set()


@functools.lru_cache(maxsize=None)
def host_output(klass):
    reason = build()
    if reason:
        pytest.skip(reason)
    lacking = set(CPU_FLAGS.get(klass, "").split()) - host_cpu_flags()
    if lacking:
        pytest.skip(f"the host CPU lacks {' '.join(sorted(lacking))} "
                    f"(/proc/cpuinfo): no oracle for {klass}")
    res = subprocess.run([str(OUT / f"host-{klass}")], capture_output=True,
                         text=True, timeout=TIMEOUT)
    if klass == "compat" and res.returncode != 0:
        return qemu_output(klass)
    assert res.returncode == 0, res.stderr
    return res.stdout


def case_code(klass, idx):
    """The assembly of case idx, for failure messages."""
    lines = (OUT / f"cases-{klass}.S").read_text().splitlines()
    start = lines.index(f"c{idx}:")
    end = next(i for i in range(start, len(lines))
               if lines[i].startswith("    jmp case_exit"))
    return " | ".join(s.strip() for s in lines[start + 1:end])


@pytest.mark.parametrize("klass", CLASSES)
def test_host(klass):
    out = host_output(klass).splitlines()
    assert out[0] == f"class {klass}" and out[-1] == "END"
    assert len(out) == COUNT + 2


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("klass", CLASSES)
def test_kemu(klass, backend):
    expected = host_output(klass)
    if not KEMU.exists():
        pytest.skip(f"{KEMU} is not built")
    res = run_machine(KEMU, OUT / f"bare-{klass}.elf", BACKENDS[backend])
    out = res.stdout.decode(errors="replace").replace("\r", "")
    exp, got = expected.splitlines(), out.splitlines()
    for e, g in zip(exp, got):
        if e != g:
            idx = int(e.split()[0], 16)
            pytest.fail(f"{klass} ({backend}) case {idx}: "
                        f"{case_code(klass, idx)}\n  host: {e}\n  kemu: {g}")
    assert len(got) == len(exp), \
        f"{len(got)} lines from Kemu, {len(exp)} from the host; " \
        f"stderr: {res.stderr.decode(errors='replace')[-2000:]}"
    assert res.returncode == 1, "isa-debug-exit status 0 expected"


@pytest.mark.parametrize("backend", BACKENDS)
def test_exceptions(backend):
    """#DE, #UD, #BP, #PF, #GP through the IDT; CPUID and RDTSC."""
    reason = build()
    if reason:
        pytest.skip(reason)
    if not KEMU.exists():
        pytest.skip(f"{KEMU} is not built")
    res = subprocess.run([str(KEMU)] + ARGS + BACKENDS[backend] +
                         ["-kernel", str(OUT / "excp.elf")],
                         capture_output=True, timeout=TIMEOUT,
                         stdin=subprocess.DEVNULL)
    out = res.stdout.decode(errors="replace").replace("\r", "")
    assert out == (TESTDIR / "excp.expected").read_text()
    assert res.returncode == 1


def run_program(image, backend, extra=()):
    reason = build()
    if reason:
        pytest.skip(reason)
    if not KEMU.exists():
        pytest.skip(f"{KEMU} is not built")
    res = run_machine(KEMU, OUT / image, BACKENDS[backend] + list(extra))
    return res, res.stdout.decode(errors="replace").replace("\r", "")


@pytest.mark.parametrize("backend", BACKENDS)
def test_system(backend):
    """TSS, IST, CPL 3 via IRETQ, SYSCALL/SYSRET, SYSENTER/SYSEXIT, #PF
    error codes, gate DPL, #DF, SMEP/SMAP, MSRs, FSGSBASE, PCID, STI."""
    res, out = run_program("sys.elf", backend)
    exp = (TESTDIR / "sys.expected").read_text()
    assert out == exp, res.stderr.decode(errors="replace")[-2000:]
    assert res.returncode == 1


# triple.c: the APIC timer's LVT as reset left it, then the fault.
TRIPLE_OUTPUT = "apic lvt timer=00010000\ntriple fault next\n"


@pytest.mark.parametrize("backend", BACKENDS)
def test_triple_fault(backend):
    """A triple fault resets the machine: with -no-reboot Kemu exits."""
    res, out = run_program("triple.elf", backend)
    assert out == TRIPLE_OUTPUT
    assert res.returncode == 0


@pytest.mark.parametrize("image", ["modes.elf", "modes.bin"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_modes(backend, image):
    """Long -> compat -> protected -> real mode and back (modes.c).

    modes.bin is the same program as a flat multiboot image: it starts in
    32-bit protected mode and enters long mode itself (multiboot.S).
    qemu-system-x86_64 prints the same lines but the read past a data
    segment's limit: QEMU does not check data segment limits (#GP(0)).
    """
    res, out = run_program(image, backend)
    assert out == (TESTDIR / "modes.expected").read_text()
    assert res.returncode == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_tasks(backend):
    """Call gates (16/32/64-bit, inner level, parameters), task switches
    (JMP/CALL/IRET, task gates, #DF and #TS task gates, CR3, LDT, busy
    bits) and virtual-8086 mode (IOPL, I/O bitmap, INT3 to ring 0)."""
    res, out = run_program("tasks.elf", backend)
    assert out == (TESTDIR / "tasks.expected").read_text()
    assert res.returncode == 1


# Where QEMU 7.2 departs from the SDM: a long-mode IDT error code is
# vector * 8 + 2 (the index field is the vector), QEMU gives vector * 16 + 2.
QEMU_TASKS_DIFFER = {
    "long: INT through a task gate: 000d01f2":
    "long: INT through a task gate: 000d00fa",
}


def test_tasks_qemu():
    """qemu-system-x86_64 prints the same lines (the oracle), but the
    ones of QEMU_TASKS_DIFFER."""
    reason = build()
    if reason:
        pytest.skip(reason)
    qemu = shutil.which("qemu-system-x86_64")
    if not qemu:
        pytest.skip("no qemu-system-x86_64")
    res = run_machine(qemu, OUT / "tasks.elf")
    out = res.stdout.decode(errors="replace").replace("\r", "")
    lines = [QEMU_TASKS_DIFFER.get(line, line) for line in out.split("\n")]
    assert "\n".join(lines) == (TESTDIR / "tasks.expected").read_text()
    assert res.returncode == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_x87_system(backend):
    """FXSAVE/XSAVE layouts, XGETBV/XSETBV, CPUID 0xD, #NM and #MF."""
    res, out = run_program("x87sys.elf", backend)
    assert out == (TESTDIR / "x87sys.expected").read_text()
    assert res.returncode == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_smp_start(backend):
    """-smp 4: INIT/SIPI from the boot CPU start the APs in real mode at
    the SIPI vector's page; each reports its CPUID APIC ID (smp.c)."""
    res, out = run_program("smp.elf", backend, ["-smp", "4"])
    assert out == (TESTDIR / "smp.expected").read_text(), \
        res.stderr.decode(errors="replace")[-2000:]
    assert res.returncode == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_io_widths(backend):
    """Port I/O of 1, 2 and 4 bytes (PCI config, unassigned ports), MMIO of
    1 to 8 bytes (unassigned), REP OUTSB and REP INSW (ioexits.c)."""
    res, out = run_program("ioexits.elf", backend)
    assert out == (TESTDIR / "ioexits.expected").read_text(), \
        res.stderr.decode(errors="replace")[-2000:]
    assert res.returncode == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_high_memory(backend):
    """-m 5G: 3 GiB below the PCI hole, 2 GiB from 4 GiB, written and read
    back from the guest, no aliasing with low RAM (highmem.c)."""
    res, out = run_program("highmem.elf", backend, ["-m", "5G"])
    assert out == (TESTDIR / "highmem.expected").read_text(), \
        res.stderr.decode(errors="replace")[-2000:]
    assert res.returncode == 1


TOPO_SMP = ["-smp", "4,sockets=2,cores=2"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_topology(backend):
    """-smp 4,sockets=2,cores=2 in CPUID leaves 1, 0xB and 0x80000008
    (topo.c)."""
    res, out = run_program("topo.elf", backend, TOPO_SMP)
    assert out == (TESTDIR / "topo.expected").read_text(), \
        res.stderr.decode(errors="replace")[-2000:]
    assert res.returncode == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_virtio_rng_pci(backend):
    """A bare-metal virtio-rng-pci driver: BARs, capabilities, one queue,
    kicks and MSI-X interrupts (virtio.c).  Under TCG a kick runs the queue
    at once; test_kvm.py covers kicks through an ioeventfd."""
    res, out = run_program("virtio.elf", backend,
                           ["-device", "virtio-rng-pci,addr=3"])
    assert out == (TESTDIR / "virtio.expected").read_text(), \
        res.stderr.decode(errors="replace")[-2000:]
    assert res.returncode == 1


@pytest.mark.parametrize("image,extra", [("smp.elf", ["-smp", "4"]),
                                         ("ioexits.elf", []),
                                         ("highmem.elf", ["-m", "5G"]),
                                         ("topo.elf", TOPO_SMP)])
def test_qemu_agrees(image, extra):
    """qemu-system-x86_64 (multiboot) prints the same lines: the oracle of
    smp.expected, ioexits.expected, highmem.expected and topo.expected."""
    reason = build()
    if reason:
        pytest.skip(reason)
    qemu = shutil.which("qemu-system-x86_64")
    if not qemu:
        pytest.skip("no qemu-system-x86_64")
    res = run_machine(qemu, OUT / image, extra)
    out = res.stdout.decode(errors="replace").replace("\r", "")
    assert out == (TESTDIR / image.replace(".elf", ".expected")).read_text()
    assert res.returncode == 1


def test_virtio_qemu_agrees():
    """qemu-system-x86_64's modern-only virtio-rng-pci answers virtio.c as
    Kemu's does: the oracle of virtio.expected."""
    reason = build()
    if reason:
        pytest.skip(reason)
    qemu = shutil.which("qemu-system-x86_64")
    if not qemu:
        pytest.skip("no qemu-system-x86_64")
    res = run_machine(qemu, OUT / "virtio.elf",
                      ["-net", "none", "-device",
                       "virtio-rng-pci,addr=3,disable-legacy=on"])
    out = res.stdout.decode(errors="replace").replace("\r", "")
    assert out == (TESTDIR / "virtio.expected").read_text()
    assert res.returncode == 1


PC_BACKENDS = dict(BACKENDS, mttcg=["-accel", "tcg,thread=multi"])


def run_pc_board(cpu, backend):
    reason = build()
    if reason:
        pytest.skip(reason)
    if not KEMU.exists():
        pytest.skip(f"{KEMU} is not built")
    args = ["-M", "pc", "-cpu", cpu, "-display", "none", "-serial", "stdio",
            "-smp", "2",
            "-device", "virtio-rng-pci,addr=3",
            "-device", "virtio-net-pci,addr=4",
            "-kernel", str(OUT / "pcboard.elf")]
    res = subprocess.run([str(KEMU)] + args + PC_BACKENDS[backend],
                         capture_output=True, timeout=TIMEOUT,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr.decode(errors="replace")
    return res.stdout.decode(errors="replace").replace("\r", "")


@pytest.mark.parametrize("backend", PC_BACKENDS)
def test_pc_board(backend):
    """-M pc wiring on -cpu max: local APIC and its timer, x2APIC mode, the
    I/O APIC routing the i8254 and the 16550, an MSI, PCI functions on bus 0
    (two virtio-pci devices), the ACPI tables and S5 power-off (exit 0)."""
    out = run_pc_board("max", backend)
    assert out == (TESTDIR / "pcboard.expected").read_text()


def test_pc_board_qemu64_has_no_x2apic():
    """qemu64 does not advertise x2APIC, so the program leaves it alone."""
    out = run_pc_board("qemu64", "native")
    exp = re.sub(r"x2apic: in cpuid\n(x2apic .*\n)*",
                 "x2apic: not in cpuid\n",
                 (TESTDIR / "pcboard.expected").read_text())
    assert out == exp
