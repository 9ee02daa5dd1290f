#!/bin/sh
# Boot Debian's arm64 kernel with the test busybox initramfs on Debian's
# qemu-system-aarch64 (-M virt,gic-version=3) and on Kemu (-M virt), both
# -cpu cortex-a72 (or $CPU), RUNS times each, and print the median wall and CPU time
# of every workload with the Kemu/QEMU ratio (tests/bench/guestbench.py
# lists the workloads and the environment it reads: SMP, EMULATORS, CPU).
#   tests/bench/boot-aarch64/run.sh [RUNS]      (default 5)
exec python3 "$(dirname "$0")/../guestbench.py" aarch64 "$@"
