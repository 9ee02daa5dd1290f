#!/bin/sh
# Install the Debian packages Kemu needs to build and test, only those that
# are missing.  Runs apt-get as root (or through sudo when available).
#   install-deps.sh [--fuzz]   --fuzz: also clang and its libFuzzer runtime
#                              (make check-fuzz); make check never needs them
set -eu

# qemu-utils: qemu-img and qemu-io, the oracle of the block interop tests.
# gdb-multiarch: drives the gdbstub test (tests/functional).
# libc6-dev: the host runner of the x86-64 differential tests (tests/tcg),
# and the static glibc (libc.a, libm.a) of the x86-64 guest programs
# (tests/guest/x86_64, built with the host gcc).
# qemu-user: qemu-aarch64, the oracle of the guest userspace tests;
# libc6-dev-arm64-cross (with gcc-aarch64-linux-gnu) links them statically.
# qemu-system-x86: the oracle of the x86 bare-metal programs that no host
# runner can check (SMP start, I/O widths, high memory, topology, virtio).
pkgs="gcc libc6-dev make pkg-config libglib2.0-dev libcapstone-dev libpixman-1-dev
libsdl2-dev zlib1g-dev libfdt-dev libslirp-dev liburing-dev python3 python3-pytest cpio
gzip apt-utils device-tree-compiler binutils-aarch64-linux-gnu qemu-utils
gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm gdb-multiarch
qemu-user qemu-system-x86"
case ${1:-} in
"") ;;
--fuzz) pkgs="$pkgs clang libclang-rt-dev" ;;
*) echo "usage: install-deps.sh [--fuzz]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "install-deps: all build dependencies present"
    exit 0
fi

echo "install-deps: installing$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "install-deps: not root and no sudo: install$missing by hand" >&2
        exit 1
    }
    sudo=sudo
fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
