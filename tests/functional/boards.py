"""The boards the virtio guest tests run on, each with Debian 12's kernel
and the busybox initramfs of scripts/fetch-guest-assets.sh:

- aarch64: kemu-system-aarch64 -M virt, virtio-mmio transports
  (-device virtio-blk-device, ...), console on the PL011 (ttyAMA0);
- x86_64: kemu-system-x86_64 -M pc under TCG, virtio-pci transports
  (-device virtio-blk-pci, ...), console on the 16550 (ttyS0);
- x86_64-kvm: the same under -accel kvm, where the host has hardware
  virtualization (kvm_host.py says why it skips elsewhere).

A test marked @on_each_board takes `board` and runs once per board (or
uses AARCH64 alone), and writes board.virtio("blk"), board.args(...),
board.guest(...) where it would have written a board's own names.
"""
import contextlib
import functools
import pathlib
import subprocess

import pytest

from conftest import SRC
from guest_shell import Shell
from kemu_harness import KemuProcess, run_kemu
from kvm_host import linux_under_kvm_unusable


class Board:
    def __init__(self, name, arch, machine, console, transport,
                 unusable=None):
        self.name = name
        self.arch = arch
        self.machine = machine
        self.console = console
        self.transport = transport
        # unusable(): why the board's accelerator cannot boot Linux, or None
        self.unusable = unusable

    def __repr__(self):
        return self.name

    def virtio(self, kind):
        """The -device name of virtio device kind ("blk", "net", ...)."""
        return f"virtio-{kind}-{self.transport}"

    @functools.cached_property
    def has_tcg(self):
        res = run_kemu(["-accel", "help"], arch=self.arch)
        return "tcg" in res.stdout.split()

    def assets(self):
        """The asset directory; skips the test without them or without a
        usable accelerator."""
        if self.unusable:
            reason = self.unusable()
            if reason:
                pytest.skip(reason)
        elif not self.has_tcg:
            pytest.skip(f"no TCG accelerator in kemu-system-{self.arch}")
        res = subprocess.run([str(SRC / "scripts" / "fetch-guest-assets.sh"),
                              "--print-dir", self.arch],
                             capture_output=True, text=True)
        if res.returncode != 0:
            pytest.skip(f"no {self.arch} guest assets "
                        f"(scripts/fetch-guest-assets.sh {self.arch})")
        return pathlib.Path(res.stdout.strip())

    def require_assets(self, *manifest_lines):
        """Skip unless the assets' manifest has these lines (assets built
        by an older fetch-guest-assets.sh lack them until it runs again)."""
        manifest = (self.assets() / "manifest.txt").read_text().splitlines()
        missing = [line for line in manifest_lines if line not in manifest]
        if missing:
            pytest.skip(f"{self.arch} guest assets lack {missing}: run "
                        f"scripts/fetch-guest-assets.sh {self.arch}")

    def args(self, extra=(), append=None):
        """Kemu's arguments to boot the guest; append defaults to the
        board's serial console, kernel messages kept quiet."""
        d = self.assets()
        if append is None:
            append = f"console={self.console} quiet"
        return self.machine + ["-m", "512", "-nographic",
                               "-kernel", str(d / "vmlinuz"),
                               "-initrd", str(d / "initrd.gz"),
                               "-append", append] + list(extra)

    def kemu(self, extra=(), append=None):
        """A KemuProcess (not started) booting the guest."""
        return KemuProcess(self.args(extra, append), arch=self.arch)

    @contextlib.contextmanager
    def guest(self, extra=(), append=None):
        """Boot the guest with extra options; yields a Shell at the prompt
        (echo and prompts off, see guest_shell.py)."""
        with self.kemu(extra, append) as vm:
            try:
                yield shell_at_prompt(vm)
            except subprocess.TimeoutExpired as e:
                # Kemu did not exit (poweroff): say what the guest said.
                raise AssertionError(f"{e}\nconsole:\n{vm.text()[-3000:]}"
                                     ) from e


def shell_at_prompt(vm):
    """Wait for the initramfs's shell on vm's console; a Shell on it."""
    vm.wait_for("KEMU-INIT: ready", timeout=300)
    vm.send("stty -echo; PS1=''; PS2=''\n")
    sh = Shell(vm)
    sh.run("true")
    return sh


BOARDS = {
    "aarch64": Board("aarch64", "aarch64",
                     ["-M", "virt", "-cpu", "cortex-a72"], "ttyAMA0",
                     "device"),
    "x86_64": Board("x86_64", "x86_64", ["-M", "pc", "-accel", "tcg"],
                    "ttyS0", "pci"),
    "x86_64-kvm": Board("x86_64-kvm", "x86_64",
                        ["-M", "pc", "-accel", "kvm", "-cpu", "host"],
                        "ttyS0", "pci", unusable=linux_under_kvm_unusable),
}


AARCH64 = BOARDS["aarch64"]
X86_64 = BOARDS["x86_64"]

# @on_each_board: the test takes `board` and runs once per board.
on_each_board = pytest.mark.parametrize("board", list(BOARDS.values()),
                                        ids=list(BOARDS))
