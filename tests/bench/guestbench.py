#!/usr/bin/env python3
"""Boot Debian's kernel with the test busybox initramfs on Debian's QEMU and
on Kemu, RUNS times each, and print the median of every workload with the
Kemu/QEMU ratio, in wall time and in CPU time of the emulator process:
  boot   start to the first userspace line (/init's ready marker)
  dd     dd if=/dev/zero bs=1M count=128 | sha256sum in the guest
  awk    a busybox awk loop (interpreter, user mode)
  idle   CPU time of the emulator while the guest idles at the shell for
         10 s, as % of one host core

  guestbench.py ARCH [RUNS]     ARCH: aarch64 x86_64; RUNS default 5
Environment: SMP (vCPUs, default 1), EMULATORS (default "qemu kemu"),
KEMU_BUILD (default build/ of this tree), CPU (-cpu on both sides;
default cortex-a72 on aarch64, max on x86_64).

CPU time (user + system of the whole process, every thread) is the
steadier measure on a loaded host; hardware counters are often missing in
VMs, so instructions are not counted.  tests/bench/boot-*/run.sh call this.
"""
import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import time

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TIMEOUT = 600
HZ = os.sysconf("SC_CLK_TCK")
WORKLOADS = {
    "dd": "dd if=/dev/zero bs=1M count=128 2>/dev/null | sha256sum",
    "awk": "awk 'BEGIN{for(i=0;i<3000000;i++)s+=i;print s}'",
}


def profile(arch, kemu):
    """(emulator argv by name, arguments common to both) for arch."""
    if arch == "aarch64":
        # Kemu's virt has a GICv3; give QEMU the same.
        return ({"qemu": ["qemu-system-aarch64", "-M", "virt,gic-version=3"],
                 "kemu": [kemu, "-M", "virt"]},
                ["-cpu", os.environ.get("CPU", "cortex-a72"),
                 "-append", "console=ttyAMA0"])
    if arch == "x86_64":
        return ({"qemu": ["qemu-system-x86_64", "-M", "pc"],
                 "kemu": [kemu, "-M", "pc"]},
                ["-accel", "tcg", "-cpu", os.environ.get("CPU", "max"),
                 "-append", "console=ttyS0"])
    sys.exit(f"guestbench: unknown ARCH {arch!r} (aarch64, x86_64)")


class Guest:
    def __init__(self, argv):
        self.start = time.monotonic()
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.buf = b""

    def wait_for(self, regex):
        """Wait for regex in the output; return the time it appeared."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = re.search(regex, self.buf)
            if m:
                self.buf = self.buf[m.end():]
                return time.monotonic()
            left = deadline - time.monotonic()
            r, _, _ = select.select([self.proc.stdout], [], [], max(left, 0))
            data = os.read(self.proc.stdout.fileno(), 65536) if r else b""
            if not data:
                self.proc.kill()
                sys.exit(f"guestbench: no {regex!r} from {self.proc.args[0]}; "
                         f"last output:\n"
                         f"{self.buf[-2000:].decode(errors='replace')}")
            self.buf += data

    def run(self, cmd, tag):
        """Run cmd in the guest shell; return (wall, CPU) seconds."""
        self.proc.stdin.write(f"{cmd}; echo BENCH-{tag}-DONE\n".encode())
        self.proc.stdin.flush()
        self.wait_for(rb"\n[^\n]*BENCH-" + tag.encode() + rb"-DONE")  # echo
        t0, c0 = time.monotonic(), self.cpu_seconds()
        t1 = self.wait_for(rb"\nBENCH-" + tag.encode() + rb"-DONE")
        return t1 - t0, self.cpu_seconds() - c0

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / HZ   # utime + stime

    def close(self):
        self.proc.stdin.write(b"poweroff -f\n")
        self.proc.stdin.flush()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def one_run(argv):
    """{workload: (wall, CPU)} of one boot; idle is (%, %)."""
    g = Guest(argv)
    t = g.wait_for(rb"KEMU-INIT: ready")
    res = {"boot": (t - g.start, g.cpu_seconds())}
    g.run("true", "sync")          # the shell is up and reading
    for tag, cmd in WORKLOADS.items():
        res[tag] = g.run(cmd, tag)
    g.run("true", "sync2")
    time.sleep(1)
    c0, t0 = g.cpu_seconds(), time.monotonic()
    time.sleep(10)
    idle = 100 * (g.cpu_seconds() - c0) / (time.monotonic() - t0)
    res["idle"] = (idle, idle)
    g.close()
    return res


def ratio(k, q):
    return f"{k / q:6.2f}" if q and k is not None else f"{'-':>6}"


def report(results, runs, smp):
    names = list(results)
    print(f"-smp {smp}, median of {runs} runs; wall and CPU seconds "
          "of the emulator (idle: % of one host core)")
    head = f"{'workload':<9}"
    for kind in ("wall", "cpu"):
        head += "".join(f" {n + ' ' + kind:>10}" for n in names)
        head += f" {'k/q':>6}" if len(names) == 2 else ""
    print(head)
    for w in ["boot"] + list(WORKLOADS) + ["idle"]:
        unit = "%" if w == "idle" else "s"
        line = f"{w:<9}"
        for i in range(2 if w != "idle" else 1):
            med = {n: statistics.median(r[w][i] for r in results[n])
                   for n in names}
            line += "".join(f" {med[n]:9.2f}{unit}" for n in names)
            if len(names) == 2:
                line += " " + ratio(med.get("kemu"), med.get("qemu"))
        print(line)
    print("(boot: start to /init's first line; dd, awk: the command in the "
          "guest; k/q: Kemu/QEMU, below 1 means Kemu is faster)")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: guestbench.py ARCH [RUNS]")
    arch = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) == 3 else 5
    smp = os.environ.get("SMP", "1")
    build = os.environ.get("KEMU_BUILD", os.path.join(SRC, "build"))
    kemu = os.path.join(build, f"kemu-system-{arch}")
    emulators, extra = profile(arch, kemu)
    wanted = os.environ.get("EMULATORS", "qemu kemu").split()
    emulators = {n: a for n, a in emulators.items() if n in wanted}
    if not emulators:
        sys.exit("guestbench: EMULATORS names neither qemu nor kemu")
    if "qemu" in emulators and not shutil.which(emulators["qemu"][0]):
        sys.exit(f"guestbench: {emulators['qemu'][0]} is not installed")
    if "kemu" in emulators and not os.access(kemu, os.X_OK):
        sys.exit(f"guestbench: build Kemu first ({kemu})")
    res = subprocess.run([os.path.join(SRC, "scripts",
                                       "fetch-guest-assets.sh"),
                          "--print-dir", arch], capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"guestbench: run scripts/fetch-guest-assets.sh {arch} "
                 "first")
    assets = res.stdout.strip()
    common = ["-m", "512", "-smp", smp, "-nographic",
              "-kernel", f"{assets}/vmlinuz", "-initrd", f"{assets}/initrd.gz"]
    results = {name: [] for name in emulators}
    for i in range(runs):
        for name, argv in emulators.items():
            print(f"guestbench: {arch} {name} run {i + 1}/{runs}",
                  file=sys.stderr, flush=True)
            results[name].append(one_run(argv + common + extra))
    report(results, runs, smp)


if __name__ == "__main__":
    main()
