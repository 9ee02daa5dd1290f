"""Drive the busybox shell of the Debian arm64 test initramfs on -M virt.

    with linux_guest(["-drive", "..."]) as sh:
        rc, out = sh.run("mount -t ext4 /dev/vda /mnt")

The shell runs on the PL011 console with echo and prompts off, and every
command ends with a numbered marker carrying its exit status, so run()
returns exactly what the command printed.  Kernel messages are kept off
the console (quiet).

No background jobs (cmd &): with echo off, busybox's shell reads its input
with plain fgets, and the SIGCHLD of a finished job ends that read as if
the console closed - the shell exits and /init powers the guest off.
"""
import contextlib
import pathlib
import re
import subprocess

import pytest

from conftest import SRC
from kemu_harness import KemuProcess, run_kemu


def tcg_available():
    res = run_kemu(["-accel", "help"], arch="aarch64")
    return "tcg" in res.stdout.split()


def linux_assets():
    res = subprocess.run([str(SRC / "scripts" / "fetch-guest-assets.sh"),
                          "--print-dir", "aarch64"],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip("no aarch64 guest assets (scripts/fetch-guest-assets.sh)")
    return pathlib.Path(res.stdout.strip())


def require_assets(*manifest_lines):
    """Skip unless the assets' manifest has these lines (assets built by an
    older fetch-guest-assets.sh lack them until it runs again)."""
    manifest = (linux_assets() / "manifest.txt").read_text().splitlines()
    missing = [line for line in manifest_lines if line not in manifest]
    if missing:
        pytest.skip(f"guest assets lack {missing}: run "
                    "scripts/fetch-guest-assets.sh aarch64")


def linux_args(extra, append="console=ttyAMA0 quiet"):
    d = linux_assets()
    return ["-M", "virt", "-cpu", "cortex-a72", "-m", "512", "-nographic",
            "-kernel", str(d / "vmlinuz"), "-initrd", str(d / "initrd.gz"),
            "-append", append] + list(extra)


class GuestCommandError(AssertionError):
    pass


class Shell:
    def __init__(self, vm):
        self.vm = vm
        self.count = 0

    def run(self, cmd, timeout=60, check=True):
        """Run cmd in the guest shell; (exit status, output)."""
        self.count += 1
        tag = f"@@{self.count}@@"
        start = self.vm.consumed
        self.vm.send(f"{cmd}\necho \"{tag}$?@@\"\n")
        m = self.vm.wait_for(re.compile(re.escape(tag) + r"(\d+)@@"),
                             timeout=timeout)
        text = self.vm.output[start:self.vm.consumed].decode(errors="replace")
        out = text[:text.rfind(tag)].replace("\r\n", "\n")
        rc = int(m.group(1))
        if check and rc != 0:
            raise GuestCommandError(f"guest: {cmd!r} -> {rc}\n{out}")
        return rc, out

    def poweroff(self, timeout=60):
        """poweroff -f; Kemu's exit status."""
        self.vm.send("poweroff -f\n")
        return self.vm.wait_exit(timeout=timeout)


@contextlib.contextmanager
def linux_guest(extra, append="console=ttyAMA0 quiet"):
    """Boot the guest with extra options; yields a Shell at the prompt."""
    with KemuProcess(linux_args(extra, append), arch="aarch64") as vm:
        vm.wait_for("KEMU-INIT: ready", timeout=120)
        vm.send("stty -echo; PS1=''; PS2=''\n")
        sh = Shell(vm)
        sh.run("true")
        yield sh
