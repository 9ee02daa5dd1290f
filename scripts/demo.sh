#!/bin/sh
# make demo: fetch the demo guest (Debian's arm64 kernel and a busybox
# initramfs) and boot it on Kemu's console.  Until Kemu can boot it, say
# so and show what the translator runs today: a bare-metal AArch64 program.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
kemu_aarch64="$src/build/kemu-system-aarch64"

# Flipped when -M virt has the GIC, generic timer and PSCI that Linux needs.
linux_boots=no

"$src/scripts/fetch-guest-assets.sh" aarch64
assets=$("$src/scripts/fetch-guest-assets.sh" --print-dir aarch64)

if [ "$linux_boots" = yes ]; then
    exec "$kemu_aarch64" -M virt -cpu cortex-a72 -m 1G -nographic \
        -kernel "$assets/vmlinuz" -initrd "$assets/initrd.gz" \
        -append "console=ttyAMA0"
fi

echo "demo: guest assets are ready in $assets"
echo "demo: Kemu cannot boot Linux on -M virt yet (the GIC, the generic timer"
echo "demo: and PSCI come with the next issue).  What runs today: a bare-metal"
echo "demo: AArch64 program, translated to x86-64 code by Kemu's TCG:"
echo "demo: \$ kemu-system-aarch64 -M virt -nographic -semihosting -kernel arith.elf"
"$kemu_aarch64" -M virt -cpu cortex-a72 -nographic -semihosting \
    -kernel "$src/build/tests/tcg/aarch64/arith.elf" | head -n 12
echo "demo: (first 12 of its result lines; make check compares all of them"
echo "demo: with Debian's qemu-system-aarch64)"
