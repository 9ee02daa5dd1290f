"""kemu-system-x86_64 -accel kvm: the bare-metal images of tests/tcg/x86_64
(make tcg-tests) on -M pc with the kernel's irqchip and PIT: reset and
-no-reboot, SMP start, port I/O and MMIO widths, an internal error; the
monitor's -S/cont/stop/quit/system_reset and info registers; the default
accelerator, and the errors for an unusable /dev/kvm or another guest arch.

Tests that run guests skip, saying why, where /dev/kvm is missing or
unusable (CI machines may lack it).  Under KVM's PVM flavour (no vmx/svm)
the kernel emulates guest kernel-mode code, and its emulator lacks INT3,
IRET, far calls through gates, x87 and SYSCALL there: excp, modes, tasks,
x87sys and sys.elf stop with an emulation failure (docs/devel/kvm.md).
"""
import os
import re
import shutil
import struct
import subprocess
import time

import pytest

from conftest import BUILD, SRC
from kemu_harness import KemuProcess, kemu_binary, run_kemu
from kvm_host import KVM_DEVICE, has_hw_virt, kvm_unusable

OUT = BUILD / "tests" / "tcg" / "x86_64"
TESTDIR = SRC / "tests" / "tcg" / "x86_64"
PC = ["-M", "pc", "-display", "none", "-accel", "kvm"]
DEBUG_EXIT = ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
# triple.c: the APIC timer's LVT as reset left it, then the fault.
TRIPLE_OUTPUT = "apic lvt timer=00010000\ntriple fault next\n"
PC_BOARD = ["-smp", "2", "-device", "virtio-rng-pci,addr=3",
            "-device", "virtio-net-pci,addr=4"]


def image(name):
    reason = kvm_unusable()
    if reason:
        pytest.skip(f"KVM unusable: {reason}")
    path = OUT / name
    if not path.exists():
        pytest.skip(f"{path} is not built (make tcg-tests)")
    return path


def run_pc(args, timeout=60):
    res = subprocess.run([kemu_binary("x86_64")] + PC + args,
                         capture_output=True, timeout=timeout,
                         stdin=subprocess.DEVNULL)
    return res, res.stdout.decode(errors="replace").replace("\r", "")


def pc_board_expected():
    """pcboard.expected as real hardware (KVM's irqchip) answers: its I/O
    APIC is version 0x11, and a CPU write at the APIC window's offset 0
    stays in the local APIC instead of becoming an MSI."""
    exp = (TESTDIR / "pcboard.expected").read_text()
    exp = exp.replace("ioapic version=00170020", "ioapic version=00170011")
    return exp.replace("msi: interrupt", "msi: no interrupt")


def test_triple_fault_no_reboot():
    """A triple fault (KVM_EXIT_SHUTDOWN) with -no-reboot ends Kemu, 0."""
    res, out = run_pc(["-serial", "stdio", "-no-reboot", "-kernel",
                       str(image("triple.elf"))])
    assert out == TRIPLE_OUTPUT, res.stderr.decode(errors="replace")
    assert res.returncode == 0


def test_triple_fault_resets():
    """Without -no-reboot the machine resets: the CPU state and the local
    APIC's power-on registers go back to KVM (the timer LVT that
    triple.c armed reads masked again) and the program starts over."""
    elf = image("triple.elf")
    with KemuProcess(PC + ["-serial", "stdio", "-kernel", str(elf)],
                     arch="x86_64") as vm:
        for _ in range(3):
            vm.wait_for(TRIPLE_OUTPUT, timeout=30)
    assert vm.text().replace("\r", "").startswith(TRIPLE_OUTPUT * 3)


@pytest.mark.parametrize("cpu", ["max", "qemu64"])
def test_pc_board(cpu):
    """The kernel's local APICs (timer, x2APIC with -cpu max), I/O APIC
    routing the in-kernel PIT (IRQ0 on pin 2) and the 16550 (pin 4), PCI
    config space, the ACPI tables and S5 power-off (exit 0); the AP waits
    for INIT/SIPI in the kernel's LAPIC."""
    res, out = run_pc(["-cpu", cpu, "-serial", "stdio"] + PC_BOARD +
                      ["-kernel", str(image("pcboard.elf"))])
    assert res.returncode == 0, res.stderr.decode(errors="replace")
    exp = pc_board_expected()
    if cpu == "qemu64":
        exp = re.sub(r"x2apic: in cpuid\n(x2apic .*\n)*",
                     "x2apic: not in cpuid\n", exp)
    assert out == exp


def test_smp_start():
    """-smp 4: INIT and SIPI from the boot CPU start the three APs in real
    mode through the kernel's local APICs; each sees its own APIC ID in
    CPUID leaf 1."""
    res, out = run_pc(["-cpu", "max", "-smp", "4", "-serial", "stdio"] +
                      DEBUG_EXIT + ["-kernel", str(image("smp.elf"))])
    assert out == (TESTDIR / "smp.expected").read_text(), \
        res.stderr.decode(errors="replace")
    assert res.returncode == 1


def test_high_memory():
    """-m 5G: the RAM above 4 GiB is a memory slot of its own, written and
    read back from the guest (highmem.c)."""
    res, out = run_pc(["-cpu", "max", "-m", "5G", "-serial", "stdio"] +
                      DEBUG_EXIT + ["-kernel", str(image("highmem.elf"))])
    assert out == (TESTDIR / "highmem.expected").read_text(), \
        res.stderr.decode(errors="replace")
    assert res.returncode == 1


def test_cpu_host():
    """-cpu host: KVM_GET_SUPPORTED_CPUID as the model; the APs start and
    report their APIC IDs through CPUID leaf 1 as with -cpu max."""
    res, out = run_pc(["-cpu", "host", "-smp", "4", "-serial", "stdio"] +
                      DEBUG_EXIT + ["-kernel", str(image("smp.elf"))])
    assert out == (TESTDIR / "smp.expected").read_text(), \
        res.stderr.decode(errors="replace")
    assert res.returncode == 1


def test_topology():
    """-smp 4,sockets=2,cores=2 in the CPUID given to KVM (topo.c)."""
    res, out = run_pc(["-cpu", "max", "-smp", "4,sockets=2,cores=2",
                       "-serial", "stdio"] + DEBUG_EXIT +
                      ["-kernel", str(image("topo.elf"))])
    assert out == (TESTDIR / "topo.expected").read_text(), \
        res.stderr.decode(errors="replace")
    assert res.returncode == 1


def test_io_widths():
    """KVM_EXIT_IO of 1, 2 and 4 bytes and string I/O (a count per exit),
    KVM_EXIT_MMIO of 1 to 8 bytes, through the memory API (ioexits.c)."""
    res, out = run_pc(["-cpu", "max", "-serial", "stdio"] + DEBUG_EXIT +
                      ["-kernel", str(image("ioexits.elf"))])
    assert out == (TESTDIR / "ioexits.expected").read_text(), \
        res.stderr.decode(errors="replace")
    assert res.returncode == 1


def run_virtio(ioeventfd):
    res, out = run_pc(["-cpu", "max", "-serial", "stdio", "-d",
                       "kvm_exit,kvm_irq", "-device",
                       "virtio-rng-pci,addr=3,ioeventfd=" + ioeventfd] +
                      DEBUG_EXIT + ["-kernel", str(image("virtio.elf"))])
    err = res.stderr.decode(errors="replace")
    assert out == (TESTDIR / "virtio.expected").read_text(), err[-2000:]
    assert res.returncode == 1
    return out, err


@pytest.mark.parametrize("ioeventfd,userspace", [("on", 0), ("off", 12)])
def test_virtio_kicks_and_interrupts_in_kernel(ioeventfd, userspace):
    """virtio.c's 12 queue kicks and 12 MSI-X interrupts: with ioeventfd=on
    (the default) the kernel takes the kicks (KVM_IOEVENTFD) and injects
    the interrupts (an irqfd on an MSI route), so the vCPU never exits for a
    kick and Kemu never sends an MSI itself; with ioeventfd=off each kick is
    a KVM_EXIT_MMIO (-d kvm_exit) and each interrupt a KVM_SIGNAL_MSI from
    userspace (-d kvm_irq)."""
    out, err = run_virtio(ioeventfd)
    notify = re.search(r"virtio-rng notify=([0-9a-f]+)", out).group(1)
    assert err.count(f"kvm: mmio write 0x{notify}/2\n") == userspace
    assert err.count("kvm: signal msi ") == userspace


def test_virtio_irqfd_follows_the_vector():
    """The MSI route and irqfd of virtio.c's queue vector: made when the
    queue is enabled, deassigned while the vector or the function is
    masked (the pending bit is set in userspace), reassigned on unmask,
    the route rewritten with the table entry's data, released by the
    device reset at the end."""
    out, err = run_virtio("on")
    lines = [l for l in err.splitlines()
             if l.startswith(("kvm: msi route", "kvm: irqfd"))]
    gsi = re.match(r"kvm: msi route gsi (\d+) ", lines[0]).group(1)
    route = f"kvm: msi route gsi {gsi}"
    irqfd = f"kvm: irqfd gsi {gsi}"
    assert lines == [
        f"{route} 0xfee00000 0x43", f"{irqfd} assigned",
        f"{irqfd} deassigned", f"{irqfd} assigned",         # vector mask
        f"{irqfd} deassigned", f"{irqfd} assigned",         # function mask
        f"{route} 0xfee00000 0x44",                         # data 44
        f"{irqfd} deassigned", f"{route} 0xfee00000 0x43",  # mask, data 43
        f"{irqfd} assigned",                                # unmask
        f"{irqfd} deassigned", f"{route} released",         # reset
    ], err[-2000:]
    assert int(gsi) >= 40           # above the irqchip's 0-39


def test_internal_error_exits():
    """A jump into unassigned memory: KVM cannot fetch from MMIO and stops
    with an internal error; Kemu names it, dumps the registers (RIP at the
    target) and exits 1 instead of hanging."""
    res, out = run_pc(["-serial", "stdio", "-kernel",
                       str(image("badfetch.elf"))], timeout=30)
    err = res.stderr.decode(errors="replace")
    assert out == "jumping to unassigned memory\n"
    assert res.returncode == 1
    assert "kemu-system-x86_64: kvm: vCPU 0: internal error, suberror 1" \
        in err
    assert "RIP=00000000c0000000" in err


def elf_entry(path):
    with open(path, "rb") as f:
        return struct.unpack("<Q", f.read(32)[24:32])[0]


def test_stopped_start_info_registers_and_cont(tmp_path):
    """-S: the vCPUs wait; info registers reads KVM's state (the boot
    entry); cont runs the program to its S5 power-off."""
    elf = image("pcboard.elf")
    serial = tmp_path / "serial.txt"
    args = PC + PC_BOARD + ["-cpu", "max", "-S", "-monitor", "stdio",
                            "-serial", f"file:{serial}", "-kernel", str(elf)]
    with KemuProcess(args, arch="x86_64") as vm:
        vm.wait_for("(kemu) ")
        vm.send("info registers\n")
        m = vm.wait_for(re.compile(r"RIP=([0-9a-f]{16})"))
        assert int(m.group(1), 16) == elf_entry(elf)
        vm.wait_for(re.compile(r"EFER=0*d00|EFER=0*500"))   # long mode
        vm.send("cont\n")
        assert vm.wait_exit(timeout=60) == 0
    assert serial.read_text().replace("\r", "") == pc_board_expected()


def test_default_accelerator():
    """Without -accel, kvm only with hardware virtualization (vmx/svm);
    under PVM TCG stays the default.  TCG's APIC bus takes the CPU's
    write at 0xfee00000 as an MSI, KVM's local APIC does not."""
    elf = image("pcboard.elf")
    hw = has_hw_virt()
    res = subprocess.run([kemu_binary("x86_64"), "-M", "pc", "-display",
                          "none", "-serial", "stdio", "-cpu", "max"] +
                         PC_BOARD + ["-kernel", str(elf)],
                         capture_output=True, text=True, timeout=120,
                         stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    msi = "msi: no interrupt" if hw else "msi: interrupt"
    assert msi + "\n" in res.stdout.replace("\r", "")


def test_other_arch_refused():
    res = run_kemu(["-M", "virt", "-accel", "kvm", "-display", "none"],
                   arch="aarch64")
    assert res.returncode == 1
    assert res.stderr.strip().endswith(
        "-accel kvm: cannot run aarch64 guests on this host")


def test_unknown_option():
    res = run_kemu(["-M", "pc", "-display", "none", "-accel", "kvm,foo=1",
                    "-kernel", "x"], arch="x86_64")
    assert res.returncode == 1
    assert "-accel: unknown parameter 'foo'" in res.stderr


def unusable_device(setup):
    """Run -accel kvm with /dev/kvm replaced in a private mount namespace."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("needs root and unshare to replace /dev/kvm")
    cmd = " ".join([kemu_binary("x86_64"), "-M", "pc", "-display", "none",
                    "-accel", "kvm", "-kernel", "/nonexistent"])
    res = subprocess.run(["unshare", "-m", "sh", "-c",
                          f"{{ {setup}; }} 2>/dev/null || exit 99; "
                          f"exec {cmd}"],
                         capture_output=True, text=True, timeout=30)
    if res.returncode == 99 or "unshare" in res.stderr:
        pytest.skip(f"cannot replace {KVM_DEVICE} in a mount namespace")
    return res


@pytest.mark.parametrize("setup,message", [
    ("mount -t tmpfs none /dev",
     "-accel kvm: cannot open /dev/kvm: No such file or directory"),
    ("mount --bind /dev/null /dev/kvm",
     "-accel kvm: /dev/kvm: not a KVM device (KVM_GET_API_VERSION: "
     "Inappropriate ioctl for device)"),
], ids=["missing", "not-kvm"])
def test_unusable_device(setup, message):
    """A missing /dev/kvm or one that is no KVM device: one line, exit 1."""
    res = unusable_device(setup)
    assert res.returncode == 1
    assert res.stderr.strip() == f"kemu-system-x86_64: {message}"


def test_permission_denied():
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to drop privileges")
    if not os.path.exists(KVM_DEVICE) or os.stat(KVM_DEVICE).st_mode & 0o006:
        pytest.skip(f"{KVM_DEVICE} is missing or open to everyone")
    res = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                          "--clear-groups", kemu_binary("x86_64"), "-M", "pc",
                          "-display", "none", "-accel", "kvm", "-kernel",
                          "/nonexistent"], capture_output=True, text=True,
                         timeout=30)
    assert res.returncode == 1
    assert res.stderr.strip() == \
        "kemu-system-x86_64: -accel kvm: cannot open /dev/kvm: " \
        "Permission denied"


def test_stop_cont_quit(tmp_path):
    """stop kicks the running vCPU out of KVM_RUN and holds it, cont lets
    it go on, quit ends Kemu: triple.elf resets and prints forever."""
    elf = image("triple.elf")
    serial = tmp_path / "serial.txt"
    args = PC + ["-monitor", "stdio", "-serial", f"file:{serial}",
                 "-kernel", str(elf)]
    with KemuProcess(args, arch="x86_64") as vm:
        vm.wait_for("(kemu) ")
        wait_until(lambda: serial.stat().st_size > 0)
        vm.send("stop\n")
        vm.wait_for("(kemu) ")
        vm.send("info status\n")
        vm.wait_for("VM status: paused")
        size = serial.stat().st_size
        time.sleep(0.5)
        assert serial.stat().st_size == size
        vm.send("cont\n")
        wait_until(lambda: serial.stat().st_size > size)
        vm.send("quit\n")
        assert vm.wait_exit(timeout=30) == 0


def wait_until(cond, timeout=30):
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_system_reset_restarts_aps(tmp_path):
    """system_reset with -smp 4: the APs, halted in their trampoline, go
    back to waiting for INIT/SIPI in the kernel's LAPIC, and smp.elf
    starts all three again."""
    elf = image("smp.elf")
    serial = tmp_path / "serial.txt"
    exp = (TESTDIR / "smp.expected").read_text()
    args = PC + ["-cpu", "max", "-smp", "4", "-monitor", "stdio",
                 "-serial", f"file:{serial}", "-kernel", str(elf)]
    with KemuProcess(args, arch="x86_64") as vm:
        vm.wait_for("(kemu) ")
        wait_until(lambda: serial.read_text().endswith("END\n"))
        vm.send("system_reset\n")
        wait_until(lambda: serial.read_text().count("END\n") == 2)
        vm.send("quit\n")
        assert vm.wait_exit(timeout=30) == 0
    assert serial.read_text().replace("\r", "") == exp * 2
