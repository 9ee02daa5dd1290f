#!/bin/sh
# Run the bare-metal AArch64 benchmark image on Debian's qemu-system-aarch64
# and on Kemu (native and TCI backends), median of RUNS runs per kernel, and
# print each compute kernel's time with its ratio to QEMU and the geometric
# mean; then translation speed: the jit kernel's guest instructions per
# second (it runs freshly written code once, so translation dominates) on
# each emulator, and Kemu's own count of guest instructions translated per
# second of translation time over the whole run (-d jit).
#   tests/bench/tcg-aarch64/run.sh [RUNS]
set -eu

src=$(cd "$(dirname "$0")/../../.." && pwd)
build=${KEMU_BUILD:-$src/build}
out=$build/tests/bench/tcg-aarch64
runs=${1:-3}
kemu=$build/kemu-system-aarch64
args="-M virt -cpu cortex-a72 -nographic -semihosting -kernel $out/bench.elf"

make -s -C "$src/tests/bench/tcg-aarch64" OUT="$out"
command -v qemu-system-aarch64 >/dev/null || {
    echo "run.sh: qemu-system-aarch64 is not installed" >&2; exit 1; }
[ -x "$kemu" ] || { echo "run.sh: build Kemu first ($kemu)" >&2; exit 1; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# run I NAME COMMAND...: run I of NAME, its output in $results/NAME.I and,
# for Kemu, its -d jit report in $results/NAME.jit.I
run() {
    i=$1
    name=$2
    shift 2
    echo "run.sh: $name run $i/$runs" >&2
    "$@" </dev/null | tr -d '\r' >"$results/$name.$i"
    [ ! -f "$results/jit.log" ] || mv "$results/jit.log" "$results/$name.jit.$i"
    grep -q '^END$' "$results/$name.$i" || {
        echo "run.sh: $name did not finish:" >&2
        cat "$results/$name.$i" >&2
        exit 1
    }
}

# Rounds of one run each, so a host that slows down mid-way (a noisy
# neighbour) weighs on every emulator alike.
jit="-d jit -D $results/jit.log"
i=1
while [ "$i" -le "$runs" ]; do
    run "$i" qemu qemu-system-aarch64 $args
    run "$i" kemu-native "$kemu" $args $jit
    run "$i" kemu-tci "$kemu" -accel tcg,backend=tci $args $jit
    i=$((i + 1))
done

python3 - "$results" "$runs" <<'PY'
import math, re, statistics, sys

dirname, runs = sys.argv[1], int(sys.argv[2])
configs = ["qemu", "kemu-native", "kemu-tci"]
TRANSLATION = "jit"         # reported as a speed, not in the geomean
times, checks, insns, order = {}, {}, {}, []
for c in configs:
    for i in range(1, runs + 1):
        for line in open(f"{dirname}/{c}.{i}"):
            m = re.match(r"(\w+) us=(\d+) check=(\w+)(?: insns=(\d+))?", line)
            if not m:
                continue
            k = m.group(1)
            if k not in order:
                order.append(k)
            times.setdefault((c, k), []).append(int(m.group(2)))
            checks.setdefault(k, set()).add(m.group(3))
            if m.group(4):
                insns[k] = int(m.group(4))
bad = [k for k in order if len(checks[k]) != 1]
if bad:
    sys.exit(f"run.sh: results differ between emulators: {bad}")
med = {key: statistics.median(v) / 1000 for key, v in times.items()}
print(f"{'kernel':<8} {'qemu ms':>9} {'native ms':>10} {'ratio':>6} "
      f"{'tci ms':>9} {'ratio':>6}")
ratios = {c: [] for c in configs[1:]}
for k in order:
    q = med[("qemu", k)]
    row = f"{k:<8} {q:9.1f}"
    for c, w in zip(configs[1:], (10, 9)):
        t = med[(c, k)]
        if k != TRANSLATION:
            ratios[c].append(t / q)
        row += f" {t:{w}.1f} {t / q:6.2f}"
    print(row + ("   (translation, not in geomean)" if k == TRANSLATION
                 else ""))
geo = {c: math.exp(sum(map(math.log, r)) / len(r)) for c, r in ratios.items()}
print(f"{'geomean':<8} {'':9} {'':10} {geo['kemu-native']:6.2f} "
      f"{'':9} {geo['kemu-tci']:6.2f}")
print("(ratio = Kemu time / QEMU time, median of %d runs; lower is "
      "better)" % runs)

print("\ntranslation speed, million guest instructions per second:")
if TRANSLATION in insns:
    row = "  jit kernel (written, translated, run once):"
    for c in configs:
        row += f"  {c} {insns[TRANSLATION] / med[(c, TRANSLATION)] / 1e3:.2f}"
    print(row)
for c in configs[1:]:
    speeds = []
    for i in range(1, runs + 1):
        text = open(f"{dirname}/{c}.jit.{i}").read()
        m = re.search(r"translated: (\d+) TBs, (\d+) guest insns in "
                      r"([\d.]+) s", text)
        if m and float(m.group(3)) > 0:
            speeds.append((int(m.group(2)), float(m.group(3))))
    if speeds:
        n, t = sorted(speeds, key=lambda v: v[0] / v[1])[len(speeds) // 2]
        print(f"  {c} translator (-d jit, whole run): {n} insns in "
              f"{t * 1e3:.1f} ms = {n / t / 1e6:.2f}")
PY
