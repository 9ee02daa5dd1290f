#!/bin/sh
# make demo: fetch the demo guest (Debian's arm64 kernel and a busybox
# initramfs) and boot it on Kemu's console.  Until a board can boot a
# guest, say so and show what runs today.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
kemu="$src/build/kemu"

"$src/scripts/fetch-guest-assets.sh" aarch64
assets=$("$src/scripts/fetch-guest-assets.sh" --print-dir aarch64)

if "$kemu" -M help | grep -q '^virt '; then
    exec "$src/build/kemu-system-aarch64" -M virt -m 512 -nographic \
        -kernel "$assets/vmlinuz" -initrd "$assets/initrd.gz" \
        -append "console=ttyAMA0"
fi

echo "demo: guest assets are ready in $assets"
echo "demo: no board can boot a guest yet (the boards arrive with later issues);"
echo "demo: this build runs the empty machine and its monitor:"
"$kemu" -M help
