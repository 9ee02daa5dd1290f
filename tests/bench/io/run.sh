#!/bin/sh
# Block I/O side by side: boot Debian's arm64 kernel and the test initramfs
# (plus iobench.cpio, see iobench-init) on -M virt -cpu cortex-a72 under
# Debian's qemu-system-aarch64 and under Kemu, with a virtio-blk disk on a
# fresh copy of the same image file, and print the median of RUNS runs per
# metric with the ratio Kemu / QEMU (higher is better for all of them).
#   tests/bench/io/run.sh [RUNS]
# Environment (defaults in brackets):
#   RUNS        runs per emulator and metric, when not given as the
#               argument [3]
#   IO_CACHE    the -drive cache mode on both sides [none]
#   IO_FORMATS  image formats to measure; empty skips the disks [raw qcow2]
#   IO_MB       MiB written then read sequentially; also the disk size [256]
#   IO_SECS     seconds of 4 KiB random reads [10]
#   IO_NET_MB   MiB sent guest-to-host over TCP; 0 skips the network [64]
# Both emulators use virtio-mmio (QEMU's if=virtio would be virtio-pci on
# virt), one vCPU, 1 GiB, aio=threads.  Images are made with Debian's
# qemu-img; a qcow2 image starts empty, so its write run allocates.
# Network: user networking (-netdev user) and virtio-net-device on both;
# the guest's netsend writes zeros to 10.0.2.2 over TCP, and a listener
# on the host's loopback times the bytes from the first to the last.
# Each side's NIC has its defaults: QEMU offers no offloads with user
# networking, Kemu offers checksum and TCP segmentation offload (add
# csum=off to Kemu's -device to compare like with like).
set -eu

src=$(cd "$(dirname "$0")/../../.." && pwd)
build=${KEMU_BUILD:-$src/build}
out=$build/tests/bench/io
runs=${1:-${RUNS:-3}}
cache=${IO_CACHE:-none}
formats=${IO_FORMATS-raw qcow2}
mb=${IO_MB:-256}
secs=${IO_SECS:-10}
net_mb=${IO_NET_MB:-64}
kemu=$build/kemu-system-aarch64

command -v qemu-system-aarch64 >/dev/null || {
    echo "run.sh: qemu-system-aarch64 is not installed" >&2; exit 1; }
command -v qemu-img >/dev/null || {
    echo "run.sh: qemu-img is not installed" >&2; exit 1; }
[ -x "$kemu" ] || { echo "run.sh: build Kemu first ($kemu)" >&2; exit 1; }
make -s -C "$src/tests/bench/io" OUT="$out"
"$src/scripts/fetch-guest-assets.sh" aarch64 >&2
assets=$("$src/scripts/fetch-guest-assets.sh" --print-dir aarch64)
# Uncompressed: Kemu inflates a gzip initrd and would keep only its first
# member, so the two archives go in as one plain cpio stream on both sides.
{ gzip -dc "$assets/initrd.gz"; cat "$out/iobench.cpio"; } >"$out/initrd-bench.cpio"

# The images live next to the build (a real file system: O_DIRECT works
# there, and not on every tmpfs).
results=$(mktemp -d "$out/results.XXXXXX")
trap 'rm -rf "$results"' EXIT

common="-M virt -cpu cortex-a72 -m 1024 -smp 1 -nographic -no-reboot
-kernel $assets/vmlinuz -initrd $out/initrd-bench.cpio"
append="console=ttyAMA0 rdinit=/iobench-init iobench.mb=$mb iobench.secs=$secs"

# run NAME FORMAT I: boot one emulator on a fresh image copy; the console
# goes to $results/NAME-FORMAT.I and must end with "IOBENCH done".
run() {
    name=$1 fmt=$2 i=$3
    img=$results/disk.$fmt
    log=$results/$name-$fmt.$i
    cp "$results/base.$fmt" "$img"
    drive="file=$img,format=$fmt,cache=$cache,aio=threads"
    echo "run.sh: $name $fmt run $i/$runs" >&2
    case $name in
    qemu)
        # shellcheck disable=SC2086
        timeout 900 qemu-system-aarch64 $common -append "$append" -nic none \
            -drive "if=none,id=hd0,$drive" -device virtio-blk-device,drive=hd0 ;;
    kemu)
        # shellcheck disable=SC2086
        timeout 900 "$kemu" $common -append "$append" -drive "if=virtio,$drive" ;;
    esac </dev/null 2>&1 | tr -d '\r' >"$log" || true
    if grep -q '^IOBENCH error' "$log" || ! grep -q '^IOBENCH done' "$log"; then
        echo "run.sh: $name $fmt run $i failed:" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
    rm -f "$img"
}

# Alternate the emulators so a change in host load hits both alike.
for fmt in $formats; do
    qemu-img create -q -f "$fmt" "$results/base.$fmt" "${mb}M"
    i=1
    while [ "$i" -le "$runs" ]; do
        run qemu "$fmt" "$i"
        run kemu "$fmt" "$i"
        i=$((i + 1))
    done
done

[ -z "$formats" ] || python3 - "$results" "$runs" "$formats" "$cache" <<'PY'
import re, statistics, sys

dirname, runs, formats, cache = sys.argv[1], int(sys.argv[2]), \
    sys.argv[3].split(), sys.argv[4]
MIB = 1 << 20


def metrics(path):
    m = {}
    for line in open(path):
        r = re.match(r"IOBENCH (write|read) bytes=(\d+) seconds=([\d.]+)", line)
        if r:
            m[f"seq {r[1]} MiB/s"] = int(r[2]) / MIB / max(float(r[3]), 0.01)
        r = re.match(r"IOBENCH randread .* iops=([\d.]+)", line)
        if r:
            m["4k randread IOPS"] = float(r[1])
    return m


print(f"{'format':<7} {'metric':<17} {'kemu':>9} {'qemu':>9} {'ratio':>6}")
for fmt in formats:
    runs_of = {e: [metrics(f"{dirname}/{e}-{fmt}.{i}")
                   for i in range(1, runs + 1)] for e in ("kemu", "qemu")}
    for key in ("seq write MiB/s", "seq read MiB/s", "4k randread IOPS"):
        k, q = (statistics.median(r[key] for r in runs_of[e])
                for e in ("kemu", "qemu"))
        print(f"{fmt:<7} {key:<17} {k:9.1f} {q:9.1f} {k / q:6.2f}")
print(f"(median of {runs} runs, cache={cache}; ratio = Kemu / QEMU, "
      "higher is better)")
PY

# ---- network ----------------------------------------------------------------
[ "$net_mb" -gt 0 ] || exit 0

# listen PORTFILE OUTFILE: accept one connection on 127.0.0.1, take
# net_mb MiB, write "bytes seconds" to OUTFILE.  Exits after 900 s idle.
listen() {
    python3 - "$1" "$2" "$((net_mb * 1048576))" <<'PY' &
import socket, sys, time
portfile, outfile, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
srv.settimeout(900)
open(portfile, "w").write(str(srv.getsockname()[1]))
conn, _ = srv.accept()
conn.settimeout(900)
got, t0 = 0, None
while got < want:
    b = conn.recv(1 << 20)
    if not b:
        break
    t0 = t0 or time.monotonic()
    got += len(b)
open(outfile, "w").write(f"{got} {time.monotonic() - t0 if t0 else 0}\n")
PY
}

# net NAME I: one guest-to-host TCP run; the result lands in
# $results/NAME-net.I as "bytes seconds".
net() {
    name=$1 i=$2
    log=$results/$name-net.$i.log
    rm -f "$results/port"
    listen "$results/port" "$results/$name-net.$i"
    lpid=$!
    while [ ! -s "$results/port" ]; do sleep 0.1; done
    port=$(cat "$results/port")
    echo "run.sh: $name net run $i/$runs" >&2
    nic="-netdev user,id=n0 -device virtio-net-device,netdev=n0"
    app="console=ttyAMA0 rdinit=/iobench-init iobench.mb=$net_mb iobench.net=$port"
    case $name in
    qemu) emu=qemu-system-aarch64 ;;
    kemu) emu=$kemu ;;
    esac
    # shellcheck disable=SC2086
    timeout 900 "$emu" $common -append "$app" $nic </dev/null 2>&1 |
        tr -d '\r' >"$log" || true
    n=0
    while [ ! -s "$results/$name-net.$i" ] && [ "$n" -lt 50 ]; do
        sleep 0.2
        n=$((n + 1))
    done
    kill "$lpid" 2>/dev/null || true
    wait "$lpid" 2>/dev/null || true
    if grep -q '^IOBENCH error' "$log" || [ ! -s "$results/$name-net.$i" ]; then
        echo "run.sh: $name net run $i failed:" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
}

i=1
while [ "$i" -le "$runs" ]; do
    net qemu "$i"
    net kemu "$i"
    i=$((i + 1))
done
python3 - "$results" "$runs" <<'PY'
import statistics, sys

dirname, runs = sys.argv[1], int(sys.argv[2])


def mibs(e, i):
    b, s = open(f"{dirname}/{e}-net.{i}").read().split()
    return int(b) / (1 << 20) / max(float(s), 0.001)


k, q = (statistics.median(mibs(e, i) for i in range(1, runs + 1))
        for e in ("kemu", "qemu"))
print(f"{'net':<7} {'tcp g->h MiB/s':<17} {k:9.1f} {q:9.1f} {k / q:6.2f}")
print(f"(median of {runs} runs, -netdev user, virtio-net-device)")
PY
