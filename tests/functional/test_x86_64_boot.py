"""kemu-system-x86_64 -M pc: the board's options, virtio-pci devices on
its PCI bus, and Debian 12's amd64 kernel booting from -kernel (bzImage)
to the busybox shell of the test initramfs."""
import pathlib
import re
import subprocess

import pytest

from conftest import SRC
from kemu_harness import KemuProcess, kemu_binary, run_kemu
from kvm_host import linux_under_kvm_unusable

TCG_TEST_ELF = SRC / "build" / "tests" / "tcg" / "x86_64" / "excp.elf"


def tcg_available():
    res = run_kemu(["-accel", "help"], arch="x86_64")
    return "tcg" in res.stdout.split()


needs_tcg = pytest.mark.skipif(not tcg_available(),
                               reason="no TCG accelerator in this build")


def linux_assets():
    res = subprocess.run([str(SRC / "scripts" / "fetch-guest-assets.sh"),
                          "--print-dir", "x86_64"],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip("no x86_64 guest assets (scripts/fetch-guest-assets.sh "
                    "x86_64)")
    return pathlib.Path(res.stdout.strip())


def test_pc_is_the_default_board():
    res = run_kemu(["-M", "help"], arch="x86_64")
    assert res.returncode == 0
    assert any(line.startswith("pc ") and "(default)" in line
               for line in res.stdout.splitlines())


@needs_tcg
def test_pc_needs_a_kernel():
    res = run_kemu(["-M", "pc", "-display", "none"], arch="x86_64")
    assert res.returncode == 1
    assert "-M pc needs -kernel" in res.stderr


@needs_tcg
def test_pc_initrd_needs_a_bzimage(tmp_path):
    if not TCG_TEST_ELF.exists():
        pytest.skip("no bare-metal ELF built (make tcg-tests)")
    initrd = tmp_path / "initrd"
    initrd.write_bytes(b"x" * 512)
    res = run_kemu(["-M", "pc", "-display", "none", "-kernel",
                    str(TCG_TEST_ELF), "-initrd", str(initrd)], arch="x86_64")
    assert res.returncode == 1
    assert "-initrd: only with a Linux bzImage" in res.stderr


@needs_tcg
def test_pc_smp_limit():
    res = run_kemu(["-M", "pc", "-display", "none", "-smp", "33"],
                   arch="x86_64")
    assert res.returncode == 1
    assert "-smp" in res.stderr


@needs_tcg
def test_pc_smp_topology_powers_of_two():
    res = run_kemu(["-M", "pc", "-display", "none", "-smp", "6,cores=3"],
                   arch="x86_64")
    assert res.returncode == 1
    assert "cores and threads to be powers of two" in res.stderr


@needs_tcg
def test_cpu_host_needs_kvm():
    if not TCG_TEST_ELF.exists():
        pytest.skip("no bare-metal ELF built (make tcg-tests)")
    res = run_kemu(["-M", "pc", "-accel", "tcg", "-cpu", "host", "-display",
                    "none", "-kernel", str(TCG_TEST_ELF)], arch="x86_64")
    assert res.returncode == 1
    assert res.stderr == "kemu-system-x86_64: CPU model 'host' requires " \
        "KVM\n"


@needs_tcg
def test_pc_takes_virtio_pci_devices(tmp_path):
    """-drive if=virtio, -nic and -device virtio-*-pci land on the i440FX
    bus (tests/tcg/x86_64/pcboard.c lists them from inside a guest)."""
    if not TCG_TEST_ELF.exists():
        pytest.skip("no bare-metal ELF built (make tcg-tests)")
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(65536))
    res = subprocess.run([kemu_binary("x86_64"), "-M", "pc", "-display",
                          "none", "-S", "-serial", "none", "-monitor",
                          "stdio", "-device", "virtio-rng-pci", "-drive",
                          f"file={disk},format=raw,if=virtio", "-nic", "user",
                          "-kernel", str(TCG_TEST_ELF)], capture_output=True,
                         text=True, timeout=30, input="info pci\nquit\n")
    assert res.returncode == 0, res.stderr
    for line in ["Host bridge: PCI device 8086:1237",
                 "ISA bridge: PCI device 8086:7000",
                 "SCSI controller: PCI device 1af4:1042",
                 "Ethernet controller: PCI device 1af4:1041",
                 "Unclassified device: PCI device 1af4:1044"]:
        assert line in res.stdout, res.stdout


def require_accel(accel):
    """Skip, saying why, unless accel can boot Linux here."""
    if accel == "kvm":
        reason = linux_under_kvm_unusable()
        if reason:
            pytest.skip(reason)
    elif not tcg_available():
        pytest.skip("no TCG accelerator in this build")


@pytest.mark.parametrize("accel", ["tcg", "kvm"])
@pytest.mark.parametrize("smp", [1, 4])
def test_linux_boots_to_a_shell_and_powers_off(smp, accel):
    """Debian 12's amd64 bzImage and the busybox initramfs on -M pc; with
    -smp 4 the application processors start through INIT/SIPI.  Under
    KVM only where the host has vmx/svm (kvm_host.py)."""
    require_accel(accel)
    d = linux_assets()
    # No no_timer_check: the kernel's 40-jiffy check of the PIT through
    # the I/O APIC passes on a loaded host too, because the PIT catches up
    # on the periods the guest missed (docs/devel/x86-pc-platform.md).
    args = ["-M", "pc", "-accel", accel, "-m", "1G", "-smp", str(smp),
            "-nographic", "-no-reboot", "-kernel", str(d / "vmlinuz"),
            "-initrd", str(d / "initrd.gz"),
            "-append", "console=ttyS0 earlyprintk=serial,ttyS0,115200"]
    with KemuProcess(args, arch="x86_64") as vm:
        # Stop at the first sign of a boot that cannot go on (a triple
        # fault ends Kemu itself: -no-reboot).
        m = vm.wait_for(re.compile(r"Run /init as init process|"
                                   r"Kernel panic|Giving up|invalid opcode"),
                        timeout=300)
        assert m.group(0) == "Run /init as init process", vm.text()[-3000:]
        assert f"Brought up 1 node, {smp} CPU" in vm.text()
        # check_timer saw the PIT's ticks through I/O APIC pin 2.
        assert "8254 timer not connected" not in vm.text(), vm.text()
        vm.wait_for("KEMU-INIT: ready", timeout=120)
        assert "insmod" not in vm.text(), "a module failed to load"
        vm.send("echo $(grep -c ^processor /proc/cpuinfo)-cpus-$((6 * 7))\n")
        vm.wait_for(re.compile(rf"{smp}-cpus-42"), timeout=60)
        vm.send("poweroff -f\n")
        vm.wait_for("reboot: Power down", timeout=60)
        assert vm.wait_exit(timeout=30) == 0


@needs_tcg
def test_linux_uses_ram_above_4g():
    """-m 5G: the E820 map gives 3 GiB below the PCI hole and 2 GiB from
    4 GiB; the kernel counts both in MemTotal."""
    d = linux_assets()
    args = ["-M", "pc", "-accel", "tcg", "-m", "5G", "-nographic",
            "-no-reboot", "-kernel", str(d / "vmlinuz"),
            "-initrd", str(d / "initrd.gz"), "-append", "console=ttyS0"]
    with KemuProcess(args, arch="x86_64") as vm:
        vm.wait_for("KEMU-INIT: ready", timeout=300)
        assert "[mem 0x0000000100000000-0x000000017fffffff] usable" in \
            vm.text(), vm.text()[-3000:]
        # MemTotal excludes the kernel's own reservations: well over 4 GiB.
        vm.send("echo mem-$(($(awk '/MemTotal/ {print $2}' /proc/meminfo)"
                " / 1048576))-gib\n")
        vm.wait_for("mem-4-gib", timeout=60)
        vm.send("poweroff -f\n")
        vm.wait_for("reboot: Power down", timeout=60)
        assert vm.wait_exit(timeout=30) == 0
