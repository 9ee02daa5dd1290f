"""kemu-system-aarch64 -M virt: the board listing, -cpu help, dumpdtb,
the GIC options, and the fetched Debian kernel's early boot (GICv3, timer,
PSCI, secondary CPU)."""
import pathlib
import re
import shutil
import subprocess

import pytest

from conftest import BUILD, SRC
from kemu_harness import KemuProcess, run_kemu


def tcg_available():
    res = run_kemu(["-accel", "help"], arch="aarch64")
    return "tcg" in res.stdout.split()


needs_tcg = pytest.mark.skipif(not tcg_available(),
                               reason="no TCG accelerator yet (accel/tcg not merged)")


def test_virt_is_the_default_board():
    res = run_kemu(["-M", "help"], arch="aarch64")
    assert res.returncode == 0
    assert any(line.startswith("virt ") and "(default)" in line
               for line in res.stdout.splitlines())


@needs_tcg
def test_cpu_help_lists_models():
    res = run_kemu(["-cpu", "help"], arch="aarch64")
    assert res.returncode == 0
    assert "cortex-a72" in res.stdout.split() and "max" in res.stdout.split()


@needs_tcg
def test_dumpdtb_is_parsed_by_dtc(tmp_path):
    if not shutil.which("dtc"):
        pytest.skip("dtc is not installed (device-tree-compiler)")
    dtb = tmp_path / "x.dtb"
    kernel = BUILD / "tests" / "tcg" / "aarch64" / "arith.elf"
    if not kernel.exists():
        pytest.skip("no bare-metal kernel built (make tcg-tests)")
    res = run_kemu(["-M", f"virt,dumpdtb={dtb}", "-kernel", str(kernel),
                    "-append", "console=ttyAMA0"], arch="aarch64")
    assert res.returncode == 0, res.stderr
    dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", str(dtb)],
                         capture_output=True, text=True, check=True).stdout
    assert "pl011@9000000" in dts
    # dtc prints string lists either way, depending on its version.
    assert ('compatible = "arm,pl011", "arm,primecell";' in dts or
            'compatible = "arm,pl011\\0arm,primecell";' in dts)
    assert 'bootargs = "console=ttyAMA0";' in dts


@needs_tcg
@pytest.mark.parametrize("accel", ["tcg", "tcg,backend=tci"])
def test_jit_statistics(tmp_path, accel):
    """-d jit reports at exit what was translated; info jit shows the same
    counters while the machine runs."""
    kernel = BUILD / "tests" / "tcg" / "aarch64" / "arith.elf"
    if not kernel.exists():
        pytest.skip("no bare-metal kernel built (make tcg-tests)")
    log = tmp_path / "jit.log"
    res = run_kemu(["-M", "virt", "-nographic", "-semihosting", "-accel",
                    accel, "-d", "jit", "-D", str(log), "-kernel",
                    str(kernel)], arch="aarch64")
    assert res.returncode == 0, res.stderr
    text = log.read_text()
    m = re.search(r"^translated: (\d+) TBs, (\d+) guest insns in "
                  r"([\d.]+) s$", text, re.M)
    assert m, text
    tbs, insns, secs = int(m.group(1)), int(m.group(2)), float(m.group(3))
    assert 10 < tbs <= insns and 0 < secs < 10, text
    assert re.search(r"^translation speed: [1-9]\d* guest insns/s", text,
                     re.M), text
    with KemuProcess(["-M", "virt", "-S", "-display", "none", "-monitor",
                      "stdio", "-accel", accel, "-kernel", str(kernel)],
                     arch="aarch64") as vm:
        vm.wait_for("(kemu) ")
        vm.send("info jit\r")
        vm.wait_for("translated: 0 TBs, 0 guest insns")
        vm.send("quit\r")
        assert vm.wait_exit() == 0


@needs_tcg
def test_unknown_cpu_model():
    res = run_kemu(["-M", "virt", "-cpu", "nosuch"], arch="aarch64")
    assert res.returncode == 1
    assert "-cpu: unknown CPU model 'nosuch'" in res.stderr


@needs_tcg
def test_gic_version_option(tmp_path):
    res = run_kemu(["-M", "virt,gic-version=4"], arch="aarch64")
    assert res.returncode == 1
    assert "gic-version: '4' is not 2, 3 or max" in res.stderr
    res = run_kemu(["-M", "virt,gic-version=host"], arch="aarch64")
    assert res.returncode == 1
    assert "gic-version=host: needs KVM" in res.stderr
    res = run_kemu(["-M", "virt,gic-version=2", "-smp", "9"], arch="aarch64")
    assert res.returncode == 1
    assert "-smp" in res.stderr
    if not shutil.which("dtc"):
        return
    for version, compat in (("2", "arm,cortex-a15-gic"), ("max", "arm,gic-v3")):
        dtb = tmp_path / f"v{version}.dtb"
        res = run_kemu(["-M", f"virt,gic-version={version},dumpdtb={dtb}",
                        "-smp", "2"], arch="aarch64")
        assert res.returncode == 0, res.stderr
        dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", str(dtb)],
                             capture_output=True, text=True,
                             check=True).stdout
        assert f'compatible = "{compat}";' in dts


def linux_assets():
    res = subprocess.run([str(SRC / "scripts" / "fetch-guest-assets.sh"),
                          "--print-dir", "aarch64"],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip("no aarch64 guest assets (scripts/fetch-guest-assets.sh)")
    return pathlib.Path(res.stdout.strip())


@needs_tcg
def test_linux_boots_to_a_shell_and_powers_off():
    """Debian 12's arm64 kernel and the busybox initramfs, -smp 2."""
    d = linux_assets()
    args = ["-M", "virt", "-cpu", "cortex-a72", "-m", "512", "-smp", "2",
            "-nographic", "-kernel", str(d / "vmlinuz"),
            "-initrd", str(d / "initrd.gz"), "-append", "console=ttyAMA0"]
    with KemuProcess(args, arch="aarch64") as vm:
        vm.wait_for("psci: PSCIv1.1 detected in firmware", timeout=60)
        vm.wait_for("GICv3: 224 SPIs implemented", timeout=60)
        vm.wait_for("arch_timer: cp15 timer(s) running at 62.50MHz (virt)",
                    timeout=60)
        vm.wait_for("smp: Brought up 1 node, 2 CPUs", timeout=60)
        vm.wait_for("rtc-pl031 9010000.pl031: registered as rtc0",
                    timeout=120)
        vm.wait_for("Run /init as init process", timeout=120)
        vm.wait_for("KEMU-INIT: ready", timeout=120)
        assert "insmod" not in vm.text(), "a module failed to load"
        vm.send("grep -c ^processor /proc/cpuinfo\n")
        vm.wait_for(re.compile(r"\n2\r?\n"), timeout=60)
        vm.send("echo $((6 * 7))-from-guest\n")
        vm.wait_for("42-from-guest", timeout=60)
        vm.send("poweroff -f\n")
        vm.wait_for("reboot: Power down", timeout=60)
        assert vm.wait_exit(timeout=30) == 0


@needs_tcg
def test_linux_boots_with_gicv2():
    """gic-version=2: Linux's GICv2 driver, SGIs for the second CPU, the
    timer PPI and the UART's SPI through the memory-mapped CPU interface."""
    d = linux_assets()
    args = ["-M", "virt,gic-version=2", "-cpu", "cortex-a72", "-m", "512",
            "-smp", "2", "-nographic", "-kernel", str(d / "vmlinuz"),
            "-initrd", str(d / "initrd.gz"), "-append", "console=ttyAMA0"]
    with KemuProcess(args, arch="aarch64") as vm:
        vm.wait_for("smp: Brought up 1 node, 2 CPUs", timeout=120)
        vm.wait_for("KEMU-INIT: ready", timeout=180)
        vm.send("grep -c ^processor /proc/cpuinfo\n")
        vm.wait_for(re.compile(r"\n2\r?\n"), timeout=60)
        # Both CPUs take timer PPIs and function-call SGIs.
        vm.send("cat /proc/interrupts\n")
        vm.wait_for(re.compile(r"CPU0\s+CPU1\s*\r?\n"), timeout=60)
        vm.wait_for(re.compile(r"\d+:\s+[1-9]\d*\s+[1-9]\d*\s+GIC-0\s+27 "
                               r"Level\s+arch_timer"), timeout=60)
        vm.wait_for(re.compile(r"GIC-0\s+33 Level\s+uart-pl011"), timeout=60)
        vm.wait_for(re.compile(r"IPI1:\s+[1-9]\d*\s+[1-9]\d*\s+Function call"),
                    timeout=60)
        vm.send("poweroff -f\n")
        vm.wait_for("reboot: Power down", timeout=60)
        assert vm.wait_exit(timeout=30) == 0


@needs_tcg
def test_drive_if_virtio_plugs_virtio_blk(tmp_path):
    from kemu_harness import KemuProcess

    kernel = BUILD / "tests" / "tcg" / "aarch64" / "arith.elf"
    if not kernel.exists():
        pytest.skip("no bare-metal kernel built (make tcg-tests)")
    img = tmp_path / "d.qcow2"
    subprocess.run([str(BUILD / "kemu-img"), "create", "-f", "qcow2", str(img),
                    "8M"], check=True, capture_output=True)
    with KemuProcess(["-M", "virt", "-S", "-display", "none", "-monitor", "stdio",
                      "-drive", f"file={img},if=virtio", "-kernel", str(kernel)],
                     arch="aarch64") as vm:
        vm.wait_for("(kemu) ")
        vm.send("info qtree\r")
        vm.wait_for("dev: virtio-blk-device")
        vm.wait_for('drive = "virtio0"')
        vm.send("quit\r")
        assert vm.wait_exit() == 0


@needs_tcg
def test_linux_reboot_restarts_then_no_reboot_exits():
    """reboot -f resets the machine (PSCI SYSTEM_RESET) and Linux boots again
    from the pristine images; with -no-reboot the same request ends Kemu."""
    d = linux_assets()
    base = ["-M", "virt", "-cpu", "cortex-a72", "-m", "512", "-smp", "2",
            "-nographic", "-kernel", str(d / "vmlinuz"),
            "-initrd", str(d / "initrd.gz"), "-append", "console=ttyAMA0"]
    with KemuProcess(base, arch="aarch64") as vm:
        vm.wait_for("KEMU-INIT: ready", timeout=120)
        vm.send("reboot -f\n")
        vm.wait_for("reboot: Restarting system", timeout=60)
        vm.wait_for("Booting Linux on physical CPU", timeout=60)
        vm.wait_for("smp: Brought up 1 node, 2 CPUs", timeout=120)
        vm.wait_for("KEMU-INIT: ready", timeout=120)
        vm.send("poweroff -f\n")
        assert vm.wait_exit(timeout=60) == 0
    with KemuProcess(base + ["-no-reboot"], arch="aarch64") as vm:
        vm.wait_for("KEMU-INIT: ready", timeout=120)
        vm.send("reboot -f\n")
        assert vm.wait_exit(timeout=60) == 0
        assert vm.text().count("Booting Linux") == 1
