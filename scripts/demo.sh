#!/bin/sh
# make demo: fetch the demo guest (Debian 12's arm64 kernel and a busybox
# initramfs) and boot it on Kemu's console, translated by TCG.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)

"$src/scripts/fetch-guest-assets.sh" aarch64
assets=$("$src/scripts/fetch-guest-assets.sh" --print-dir aarch64)

echo "demo: booting Debian's arm64 kernel on kemu-system-aarch64 -M virt"
echo "demo: (a busybox shell comes up; 'poweroff -f' or C-a x ends it)"
exec "$src/build/kemu-system-aarch64" -M virt -cpu cortex-a72 -m 1G -smp 2 \
    -nographic -kernel "$assets/vmlinuz" -initrd "$assets/initrd.gz" \
    -append "console=ttyAMA0"
