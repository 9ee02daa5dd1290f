#!/bin/sh
# Fetch a Debian kernel and busybox for one guest architecture and build a
# small initramfs around them, for Kemu's functional tests.
#
#   fetch-guest-assets.sh [--refresh] ARCH     ARCH: x86_64 aarch64 mipsel all
#   fetch-guest-assets.sh --print-dir ARCH     print the asset dir of ARCH
#
# Packages come from the machine's own Debian mirrors through a private apt
# state per architecture, so the dpkg architecture list is never changed.
# Results live in ${KEMU_CACHE:-~/.cache/kemu}/ARCH/<kver>_<kernel pkg
# version>_busybox-<version>/ with ARCH/current pointing at the newest.
# A warm cache is used as is, without network; --refresh asks the mirrors
# for newer packages.
#
# Word lists (arches, module names) are split on purpose:
# shellcheck disable=SC2086,SC1091
set -eu

ARCHES="x86_64 aarch64 mipsel"
# The modules the tests need; their dependencies come from each module's
# .modinfo in the kernel package.
# crc32c_generic comes before ext4: ext4 asks the crypto API for crc32c.
MODULES="virtio virtio_ring virtio_pci virtio_mmio virtio_blk virtio_net
crc32c_generic ext4"
# virtio_console (/dev/hvc0, /dev/vportNpM) and virtio_rng (/dev/hwrng; its
# rng_core is built in on amd64 and arm64) are modules in Debian's kernels.
MODULES="$MODULES virtio_console virtio_rng"
# Programs busybox lacks, from Debian's packages, copied with the shared
# libraries they need and the dynamic loader: busybox's mke2fs makes ext2
# only, the block tests want a real ext4 (journal, extents, checksums).
TOOL_PACKAGES="e2fsprogs libext2fs2 libcom-err2 libblkid1 libuuid1 libc6"
TOOLS="sbin/mke2fs etc/mke2fs.conf"

here=$(cd "$(dirname "$0")" && pwd)
self=$here/$(basename "$0")
init_script=$here/guest-init.sh
cache_root=${KEMU_CACHE:-$HOME/.cache/kemu}
tmp=""

die() {
    echo "fetch-guest-assets: error: $*" >&2
    exit 1
}

log() {
    echo "fetch-guest-assets: $*" >&2
}

cleanup() {
    if [ -n "$tmp" ]; then
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

debian_arch() {
    case $1 in
    x86_64) echo amd64 ;;
    aarch64) echo arm64 ;;
    mipsel) echo mipsel ;;
    *) return 1 ;;
    esac
}

kernel_metapackage() {
    case $1 in
    amd64) echo linux-image-amd64 ;;
    arm64) echo linux-image-arm64 ;;
    mipsel) echo linux-image-4kc-malta ;;
    esac
}

# Identifies how the assets are built: a change to this script or to /init
# rebuilds them even when the packages are the same.
recipe_id() {
    cat "$self" "$init_script" | cksum | cut -d' ' -f1
}

# ---- private apt state ------------------------------------------------------

# Print the machine's configured Debian sources for its own release (the
# codename and its -updates/-security suites) as one-line "deb" entries.
# Third-party repositories are left out: they are not needed and may not
# carry foreign architectures.
machine_sources() {
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
    [ -n "$codename" ] || die "cannot tell the Debian release from /etc/os-release"
    eval "$(apt-config shell SL Dir::Etc::sourcelist/f SP Dir::Etc::sourceparts/d)"
    {
        for f in "$SL" "$SP"*.list; do
            if [ -f "$f" ]; then awk '$1 == "deb"' "$f"; fi
        done
        for f in "$SP"*.sources; do
            if [ -f "$f" ]; then deb822_to_lines "$f"; fi
        done
    } | awk -v codename="$codename" '{
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) ~ "^" codename "(-|$)") print
    }'
}

deb822_to_lines() {
    awk 'BEGIN { RS = ""; FS = "\n" }
    {
        types = uris = suites = comps = signed = ""; enabled = "yes"
        for (i = 1; i <= NF; i++) {
            if ($i ~ /^#/ || $i ~ /^[ \t]/ || index($i, ":") == 0) continue
            key = tolower(substr($i, 1, index($i, ":") - 1))
            val = substr($i, index($i, ":") + 1)
            gsub(/^[ \t]+|[ \t]+$/, "", val)
            if (key == "types") types = val
            else if (key == "uris") uris = val
            else if (key == "suites") suites = val
            else if (key == "components") comps = val
            else if (key == "signed-by") signed = val
            else if (key == "enabled") enabled = tolower(val)
        }
        if (enabled == "no" || types !~ /(^| )deb( |$)/) next
        opt = signed ~ /^\// ? "[signed-by=" signed "] " : ""
        nu = split(uris, u, " "); ns = split(suites, s, " ")
        for (a = 1; a <= nu; a++)
            for (b = 1; b <= ns; b++)
                print "deb " opt u[a] " " s[b] " " comps
    }' "$1"
}

# Run apt-get or apt-cache (first argument) on the private state in $apt_dir
# for Debian architecture $darch.
apt_private() {
    tool=$1
    shift
    "$tool" -q \
        -o APT::Architecture="$darch" -o APT::Architectures::="$darch" \
        -o Dir::State="$apt_dir/state" \
        -o Dir::State::status="$apt_dir/state/status" \
        -o Dir::Cache="$apt_dir/cache" \
        -o Dir::Etc::sourcelist="$apt_dir/sources.list" \
        -o Dir::Etc::sourceparts="$apt_dir/sources.list.d" \
        -o APT::Sandbox::User="$(id -un)" \
        "$@"
}

apt_update() {
    mkdir -p "$apt_dir/state/lists/partial" "$apt_dir/cache/archives/partial" \
        "$apt_dir/sources.list.d"
    : >"$apt_dir/state/status"
    machine_sources >"$apt_dir/sources.list"
    [ -s "$apt_dir/sources.list" ] ||
        die "no Debian sources for this release in the apt configuration"
    log "$arch: updating package lists for $darch"
    if ! apt_private apt-get update >"$apt_dir/update.log" 2>&1 ||
        grep -q '^[EW]: Failed to fetch' "$apt_dir/update.log"; then
        cat "$apt_dir/update.log" >&2
        die "cannot update the $darch package lists (needed for" \
            "$(kernel_metapackage "$darch") and busybox-static, arch $arch)"
    fi
}

# Print field $2 of the candidate version of package $1.
package_field() {
    apt_private apt-cache show --no-all-versions "$1:$darch" 2>/dev/null |
        awk -v f="$2:" '$1 == f { sub(/^[^:]*: */, ""); print; exit }'
}

# Print the real kernel package a metapackage depends on.
resolve_kernel_package() {
    deps=$(package_field "$1" Depends)
    [ -n "$deps" ] || die "package $1 not found for arch $arch ($darch)"
    echo "$deps" | tr ',' '\n' | awk '$1 ~ /^linux-image-[0-9]/ { print $1; exit }'
}

# Download package $1 into $debs, kept between runs so that a rebuild with
# the same packages needs no download (apt-get skips files it already has).
# Print the .deb path.
download() {
    (cd "$debs" && apt_private apt-get download "$1:$darch") \
        >"$tmp/download.log" 2>&1 || {
        cat "$tmp/download.log" >&2
        die "cannot download package $1 for arch $arch ($darch)"
    }
    ls "$debs/$1"_*_"$darch".deb
}

# ---- kernel, modules and initramfs -----------------------------------------

# Print the bootable kernel image inside unpacked root $1 (kernel $2).
find_kernel_image() {
    for f in "$1/boot/vmlinuz-$2" "$1/boot/vmlinux-$2"; do
        if [ -f "$f" ]; then echo "$f"; return 0; fi
    done
    return 1
}

# Check the image's format for the arch and print a description of it.
kernel_format() {
    case $arch in
    x86_64)
        [ "$(od -An -c -j 514 -N 4 "$1" | tr -d ' ')" = HdrS ] ||
            die "$1 is not an x86 bzImage"
        echo "x86 bzImage" ;;
    aarch64)
        if [ "$(od -An -tx1 -N 2 "$1" | tr -d ' ')" = 1f8b ]; then
            echo "gzip-compressed arm64 Image"
        elif [ "$(od -An -c -j 56 -N 4 "$1" | tr -d ' ')" = ARMd ]; then
            echo "arm64 Image (uncompressed, EFI stub)"
        else
            die "$1 is neither an arm64 Image nor a gzip-compressed one"
        fi ;;
    mipsel)
        # ELF magic, 32-bit, little-endian ... e_machine EM_MIPS (8).
        case $(od -An -tx1 -N 20 "$1" | tr -d ' \n') in
        7f454c460101*0800) echo "ELF 32-bit little-endian MIPS" ;;
        *) die "$1 is not a 32-bit little-endian MIPS ELF kernel" ;;
        esac ;;
    esac
}

# Print module file $1 uncompressed (Debian 12 ships plain .ko files, later
# releases .ko.xz; busybox insmod reads plain ELF objects only).
module_data() {
    case $1 in
    *.ko.xz) xz -dc "$1" ;;
    *) cat "$1" ;;
    esac
}

# Print the direct dependencies of module file $1, from its .modinfo.
module_depends() {
    module_data "$1" | tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '
}

# Walk $MODULES and their dependencies in module dir $1 (the Debian package
# ships no modules.dep: depmod runs at install time).  Prints one line per
# module "name path dep...", "builtin name" for names built into the kernel
# and "missing name" for names it lacks.
module_graph() {
    moddir=$1
    find "$moddir/kernel" -name '*.ko*' | sed "s|^$moddir/||" |
        awk '{ n = $0; sub(/.*\//, "", n); sub(/\.ko.*/, "", n)
               gsub(/-/, "_", n); print n, $0 }' >"$tmp/modindex"
    set -- $MODULES
    seen=" "
    while [ $# -gt 0 ]; do
        name=$1
        shift
        case $seen in *" $name "*) continue ;; esac
        seen="$seen$name "
        path=$(awk -v n="$name" '$1 == n { print $2; exit }' "$tmp/modindex")
        if [ -n "$path" ]; then
            deps=$(module_depends "$moddir/$path" | tr - _)
            echo "$name $path" $deps
            set -- "$@" $deps
        elif sed 's|.*/||; s|\.ko.*||; s|-|_|g' "$moddir/modules.builtin" |
            grep -qx "$name"; then
            echo "builtin $name"
        else
            echo "missing $name"
        fi
    done
}

# From module_graph output $1, write the load order (paths, each after its
# dependencies) to $2 and a modules.dep for those modules to $3.
order_modules() {
    awk -v order="$2" -v dep="$3" '
    function visit(n,  i, d, k) {
        if (n in done) return
        done[n] = 1
        k = split(deps[n], d, " ")
        for (i = 1; i <= k; i++) visit(d[i])
        print path[n] > order
        seq[++count] = n
    }
    # All dependencies of n, the ones loaded last first (as modprobe reads).
    function closure(n,  i, d, k) {
        k = split(deps[n], d, " ")
        for (i = 1; i <= k; i++) if (!(d[i] in in_closure)) {
            in_closure[d[i]] = 1
            closure(d[i])
        }
    }
    $1 == "builtin" || $1 == "missing" { next }
    {
        names[++nnames] = $1; path[$1] = $2
        deps[$1] = ""
        for (i = 3; i <= NF; i++) deps[$1] = deps[$1] " " $i
    }
    END {
        for (i = 1; i <= nnames; i++) visit(names[i])
        for (i = 1; i <= count; i++) {
            n = seq[i]
            split("", in_closure)
            closure(n)
            line = path[n] ":"
            for (j = count; j >= 1; j--)
                if (seq[j] in in_closure) line = line " " path[seq[j]]
            print line > dep
        }
    }' "$1"
}

# Print path $2 (absolute, inside root $1) with its symlinks followed
# inside $1: Debian's packages hold absolute links such as
# /lib/ld-linux-aarch64.so.1 -> /lib/aarch64-linux-gnu/ld-linux-aarch64.so.1.
# (sh has no local variables: the helpers below use their own prefixes.)
resolve_in_root() {
    rr_p=$2
    rr_n=0
    while [ -L "$1$rr_p" ]; do
        rr_n=$((rr_n + 1))
        [ "$rr_n" -le 16 ] || die "symlink loop at $rr_p in the $arch packages"
        rr_t=$(readlink "$1$rr_p")
        case $rr_t in
        /*) rr_p=$rr_t ;;
        *) rr_p=$(dirname "$rr_p")/$rr_t ;;
        esac
    done
    [ -e "$1$rr_p" ] || die "$2 is missing from the $arch packages"
    echo "$rr_p"
}

# Copy /$2 from root $1 into the initramfs stage $3 under the same path
# (links followed); print the path for the manifest.
stage_file() {
    sf_src=$(resolve_in_root "$1" "/$2")
    mkdir -p "$3/$(dirname "$2")"
    cp "$1$sf_src" "$3/$2"
    echo "tool: $2"
}

# Stage $TOOLS from root $1 into $2 with the dynamic loader and every
# shared library they need (the closure of their DT_NEEDED entries, looked
# up in the loader's default directories).  Prints the staged paths.
stage_tools() {
    st_root=$1
    st_stage=$2
    st_dirs="$(cd "$st_root" && find lib usr/lib -maxdepth 1 -type d \
        -name '*-linux-gnu*' 2>/dev/null) lib usr/lib"
    st_todo=""
    for st_t in $TOOLS; do
        stage_file "$st_root" "$st_t" "$st_stage"
        if readelf -h "$st_root/$st_t" >/dev/null 2>&1; then
            st_todo="$st_todo $st_t"
        fi
    done
    set -- $st_todo
    st_interp=$(readelf -l "$st_root/$1" |
        sed -n 's/.*program interpreter: \(.*\)]/\1/p')
    [ -n "$st_interp" ] || die "no program interpreter in $1 ($arch)"
    stage_file "$st_root" "${st_interp#/}" "$st_stage"
    st_seen=" "
    while [ -n "$st_todo" ]; do
        set -- $st_todo
        st_f=$1
        shift
        st_todo="$*"
        for st_lib in $(readelf -d "$st_root/$st_f" |
            sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
            case $st_seen in *" $st_lib "*) continue ;; esac
            st_seen="$st_seen$st_lib "
            st_found=""
            for st_d in $st_dirs; do
                if [ -e "$st_root/$st_d/$st_lib" ]; then
                    st_found=$st_d/$st_lib
                    break
                fi
            done
            [ -n "$st_found" ] || die "library $st_lib (needed by $st_f)" \
                "is not in $TOOL_PACKAGES ($arch)"
            stage_file "$st_root" "$st_found" "$st_stage"
            st_todo="$st_todo $st_found"
        done
    done
}

# Print a newc cpio archive holding only the character device dev/console
# (5,1): the kernel opens it for init's stdio before /init runs, and making a
# real device node would need root.  The kernel unpacks concatenated archives.
console_cpio() {
    newc_header() { # name mode rdevmajor rdevminor
        printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
            1 "$2" 0 0 1 0 0 0 0 "$3" "$4" $((${#1} + 1)) 0
        printf '%s\0' "$1"
        pad=$(((4 - (110 + ${#1} + 1) % 4) % 4))
        head -c "$pad" /dev/zero
    }
    newc_header dev/console $((0020600)) 5 1
    newc_header TRAILER!!! 0 0 0
}

# Build initrd.gz in $3 from unpacked root $1 with kernel version $2; print
# the loaded modules and builtins for the manifest.
build_initramfs() {
    moddir=$1/lib/modules/$2
    stage=$tmp/initramfs
    rm -rf "$stage"
    mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys" \
        "$stage/tmp" "$stage/lib/modules/$2"
    cp "$1/bin/busybox" "$stage/bin/busybox"
    cp "$init_script" "$stage/init"
    chmod 755 "$stage/init" "$stage/bin/busybox"
    stage_tools "$1" "$stage" >"$tmp/tools"

    module_graph "$moddir" >"$tmp/modules"
    if grep -q '^missing ' "$tmp/modules"; then
        die "kernel $2 ($arch) has no module or builtin named" \
            "$(awk '$1 == "missing" { printf " %s", $2 }' "$tmp/modules")"
    fi
    # Copy the modules uncompressed, under their plain .ko names.
    awk '$1 != "builtin" { print $2 }' "$tmp/modules" | while read -r mod; do
        dst=$stage/lib/modules/$2/${mod%.ko*}.ko
        mkdir -p "$(dirname "$dst")"
        module_data "$moddir/$mod" >"$dst"
    done
    sed 's/\.ko[^ ]*/.ko/g' "$tmp/modules" >"$tmp/modules.plain"
    order_modules "$tmp/modules.plain" "$stage/lib/modules/$2/kemu-load-order" \
        "$stage/lib/modules/$2/modules.dep"

    (cd "$stage" && find . | LC_ALL=C sort |
        cpio -o -H newc --owner=0:0 --reproducible --quiet) >"$tmp/initrd.cpio"
    console_cpio >>"$tmp/initrd.cpio"
    gzip -9n <"$tmp/initrd.cpio" >"$3/initrd.gz"

    sed 's/^/module: /' "$stage/lib/modules/$2/kemu-load-order"
    awk '$1 == "builtin" { print "builtin: " $2 }' "$tmp/modules"
    cat "$tmp/tools"
}

# ---- one architecture ----------------------------------------------------

asset_dir_ok() {
    [ -f "$1/vmlinuz" ] && [ -f "$1/initrd.gz" ] && [ -f "$1/manifest.txt" ] &&
        grep -qx "recipe: $(recipe_id)" "$1/manifest.txt"
}

fetch_arch() {
    arch=$1
    darch=$(debian_arch "$arch") || die "unknown arch '$arch' (want: $ARCHES all)"
    arch_dir=$cache_root/$arch
    apt_dir=$arch_dir/apt
    mkdir -p "$arch_dir"
    if [ "$refresh" = no ] && asset_dir_ok "$arch_dir/current"; then
        log "$arch: cached, no download"
        echo "$arch: $arch_dir/current -> $(readlink "$arch_dir/current")"
        return 0
    fi

    apt_update
    meta=$(kernel_metapackage "$darch")
    kpkg=$(resolve_kernel_package "$meta")
    [ -n "$kpkg" ] || die "$meta ($arch) depends on no linux-image package"
    kpkg_ver=$(package_field "$kpkg" Version)
    bb_ver=$(package_field busybox-static Version)
    [ -n "$kpkg_ver" ] || die "package $kpkg not found for arch $arch ($darch)"
    [ -n "$bb_ver" ] || die "package busybox-static not found for arch $arch ($darch)"
    kver=${kpkg#linux-image-}
    key=${kver}_${kpkg_ver#*:}_busybox-${bb_ver#*:}
    if [ "$refresh" = yes ] && asset_dir_ok "$arch_dir/$key"; then
        ln -sfn "$key" "$arch_dir/current"
        log "$arch: already up to date"
        echo "$arch: $arch_dir/current -> $key"
        return 0
    fi

    tmp=$(mktemp -d "$arch_dir.tmp.XXXXXX")
    debs=$arch_dir/debs
    mkdir -p "$debs"
    cd "$tmp"
    log "$arch: fetching $kpkg $kpkg_ver and busybox-static $bb_ver"
    kdeb=$(download "$kpkg")
    mkdir root
    dpkg-deb -x "$kdeb" root
    used=$kdeb
    if ! find_kernel_image root "$kver" >/dev/null; then
        log "$arch: $kpkg holds no kernel image, trying $kpkg-unsigned"
        kpkg=$kpkg-unsigned
        kpkg_ver=$(package_field "$kpkg" Version)
        kdeb=$(download "$kpkg")
        dpkg-deb -x "$kdeb" root
        used="$used $kdeb"
    fi
    bdeb=$(download busybox-static)
    dpkg-deb -x "$bdeb" root
    used="$used $bdeb"
    tools_pkgs=""
    for p in $TOOL_PACKAGES; do
        tdeb=$(download "$p")
        dpkg-deb -x "$tdeb" root
        used="$used $tdeb"
        tools_pkgs="$tools_pkgs $p $(package_field "$p" Version)"
    done
    image=$(find_kernel_image root "$kver") || die "$kpkg ($arch) holds no /boot/vmlinu[xz]-$kver"
    bytes=$(cat "$kdeb" "$bdeb" | wc -c)

    out=$tmp/out
    mkdir "$out"
    cp "$image" "$out/vmlinuz"
    format=$(kernel_format "$out/vmlinuz")
    {
        echo "arch: $arch"
        echo "debian-arch: $darch"
        echo "kernel-metapackage: $meta"
        echo "kernel-package: $kpkg $kpkg_ver"
        echo "busybox-package: busybox-static $bb_ver"
        echo "tool-packages:$tools_pkgs"
        echo "kernel-version: $kver"
        echo "kernel-file: ${image#root/}"
        echo "kernel-format: $format"
        echo "package-bytes: $bytes"
        echo "recipe: $(recipe_id)"
        build_initramfs root "$kver" "$out"
    } >"$out/manifest.txt.new"
    mv "$out/manifest.txt.new" "$out/manifest.txt"

    cd /
    rm -rf "${arch_dir:?}/$key"
    mv "$out" "$arch_dir/$key"
    ln -sfn "$key" "$arch_dir/current"
    for old in "$arch_dir"/*_busybox-*; do
        if [ "$old" != "$arch_dir/$key" ]; then rm -rf "$old"; fi
    done
    for old in "$debs"/*.deb; do
        case " $used " in *" $old "*) ;; *) rm -f "$old" ;; esac
    done
    rm -rf "$tmp"
    tmp=""
    log "$arch: kernel $kver, packages $((bytes / 1024)) KiB"
    echo "$arch: $arch_dir/current -> $key"
}

# ---- main -------------------------------------------------------------------

usage() {
    echo "usage: $0 [--refresh] {$(echo "$ARCHES" | tr ' ' '|')|all}" >&2
    echo "       $0 --print-dir ARCH" >&2
    exit 2
}

refresh=no
case ${1:-} in
--print-dir)
    [ $# -eq 2 ] || usage
    debian_arch "$2" >/dev/null || die "unknown arch '$2' (want: $ARCHES)"
    [ -d "$cache_root/$2/current" ] ||
        die "no assets for $2 yet: run $0 $2"
    echo "$cache_root/$2/current"
    exit 0 ;;
--refresh) refresh=yes; shift ;;
esac
[ $# -eq 1 ] || usage

if [ "$1" = all ]; then
    set -- $ARCHES
fi
for a in "$@"; do
    fetch_arch "$a"
done
