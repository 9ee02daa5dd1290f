#!/bin/sh
# Regenerate the qcow2 seed corpus with qemu-img/qemu-io (Debian's
# qemu-utils): tiny images with 512-byte clusters, each under 8 KiB.
set -eu
out=$(cd "$(dirname "$0")" && pwd)/corpus-qcow2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
cd "$tmp"
qemu-img create -q -f qcow2 -o cluster_size=512 empty.qcow2 64K
qemu-img create -q -f qcow2 -o cluster_size=512,compat=0.10 v2.qcow2 64K
qemu-img create -q -f qcow2 -o cluster_size=512 data.qcow2 64K
qemu-io -c "write -P 0x11 0 1k" -c "write -P 0x22 40k 600" data.qcow2 >/dev/null
qemu-io -c "write -z 8k 512" -c "discard 0 512" data.qcow2 >/dev/null
qemu-img create -q -f raw src.raw 8K
qemu-io -f raw -c "write -P 0x33 0 4k" src.raw >/dev/null
qemu-img convert -c -O qcow2 -o cluster_size=512 src.raw compressed.qcow2
qemu-img create -q -f qcow2 -o cluster_size=512 -b base.raw -F raw \
    -u backing.qcow2 64K
for f in empty v2 data compressed backing; do
    cp "$f.qcow2" "$out/$f"
done
ls -l "$out"
