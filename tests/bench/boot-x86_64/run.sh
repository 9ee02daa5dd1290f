#!/bin/sh
# Boot Debian's amd64 kernel with the test busybox initramfs on Debian's
# qemu-system-x86_64 and on Kemu, both -M pc -accel tcg -cpu max, RUNS
# times each, and print the median wall and CPU time of every workload
# with the Kemu/QEMU ratio (tests/bench/guestbench.py lists the workloads
# and the environment it reads: SMP, EMULATORS).
#   tests/bench/boot-x86_64/run.sh [RUNS]       (default 5)
exec python3 "$(dirname "$0")/../guestbench.py" x86_64 "$@"
