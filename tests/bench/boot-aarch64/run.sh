#!/bin/sh
# Boot Debian's arm64 kernel with the test busybox initramfs on Debian's
# qemu-system-aarch64 and on Kemu (-M virt -cpu cortex-a72, or $CPU), RUNS
# times each, and print the median of every workload with the Kemu/QEMU
# ratio:
#   boot   time from start to the first userspace line (/init's marker)
#   dd     dd if=/dev/zero bs=1M count=128 | sha256sum in the guest
#   awk    a busybox awk loop (interpreter, user mode)
#   idle   CPU time of the emulator while the guest idles at the shell
#          for 10 s (WFI), as % of one host core
#   tests/bench/boot-aarch64/run.sh [RUNS]      (default 5; SMP=n vCPUs,
#                                               CPU=max for -cpu max)
set -eu

src=$(cd "$(dirname "$0")/../../.." && pwd)
build=${KEMU_BUILD:-$src/build}
kemu=$build/kemu-system-aarch64
runs=${1:-5}

command -v qemu-system-aarch64 >/dev/null || {
    echo "run.sh: qemu-system-aarch64 is not installed" >&2; exit 1; }
[ -x "$kemu" ] || { echo "run.sh: build Kemu first ($kemu)" >&2; exit 1; }
assets=$("$src/scripts/fetch-guest-assets.sh" --print-dir aarch64) || {
    echo "run.sh: run scripts/fetch-guest-assets.sh aarch64 first" >&2; exit 1; }

exec python3 - "$kemu" "$assets" "$runs" "${SMP:-1}" "${CPU:-cortex-a72}" <<'PY'
import os, re, select, statistics, subprocess, sys, time

kemu, assets, runs, smp, cpu = (sys.argv[1], sys.argv[2], int(sys.argv[3]),
                                 sys.argv[4], sys.argv[5])
common = ["-cpu", cpu, "-m", "512", "-smp", smp, "-nographic",
          "-kernel", f"{assets}/vmlinuz", "-initrd", f"{assets}/initrd.gz",
          "-append", "console=ttyAMA0"]
# Kemu's virt has a GICv3; give QEMU the same.
emulators = {"qemu": ["qemu-system-aarch64", "-M", "virt,gic-version=3"],
             "kemu": [kemu, "-M", "virt"]}
workloads = {
    "dd": "dd if=/dev/zero bs=1M count=128 2>/dev/null | sha256sum",
    "awk": "awk 'BEGIN{for(i=0;i<3000000;i++)s+=i;print s}'",
}
TIMEOUT = 600
HZ = os.sysconf("SC_CLK_TCK")


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
                sys.exit(f"run.sh: no {regex!r} from {self.proc.args[0]}; "
                         f"last output:\n{self.buf[-2000:].decode(errors='replace')}")
            self.buf += data

    def run(self, cmd, tag):
        self.proc.stdin.write(f"{cmd}; echo BENCH-{tag}-DONE\n".encode())
        self.proc.stdin.flush()
        self.wait_for(rb"\n[^\n]*BENCH-" + tag.encode() + rb"-DONE")  # echo
        t0 = time.monotonic()
        return self.wait_for(rb"\nBENCH-" + tag.encode() + rb"-DONE") - t0

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


def one_run(name):
    g = Guest(emulators[name] + common)
    res = {"boot": g.wait_for(rb"KEMU-INIT: ready") - g.start}
    g.run("true", "sync")          # the shell is up and reading
    for tag, cmd in workloads.items():
        res[tag] = g.run(cmd, tag)
    g.run("true", "sync2")
    time.sleep(1)
    c0, t0 = g.cpu_seconds(), time.monotonic()
    time.sleep(10)
    res["idle"] = 100 * (g.cpu_seconds() - c0) / (time.monotonic() - t0)
    g.close()
    return res


results = {name: [] for name in emulators}
for i in range(runs):
    for name in emulators:
        print(f"run.sh: {name} run {i + 1}/{runs}", file=sys.stderr, flush=True)
        results[name].append(one_run(name))

print(f"-smp {smp}, median of {runs} runs")
print(f"{'workload':<10} {'qemu':>10} {'kemu':>10} {'kemu/qemu':>10}")
for w in ["boot"] + list(workloads) + ["idle"]:
    q = statistics.median(r[w] for r in results["qemu"])
    k = statistics.median(r[w] for r in results["kemu"])
    unit = "%" if w == "idle" else "s"
    ratio = f"{k / q:10.2f}" if q > 0 else f"{'-':>10}"
    print(f"{w:<10} {q:9.2f}{unit} {k:9.2f}{unit} {ratio}")
print("(boot: start to /init's first line; dd, awk: wall time of the command "
      "in the guest; idle: emulator CPU time while the guest idles 10 s, "
      "% of one host core)")
PY
