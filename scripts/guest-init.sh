#!/bin/busybox sh
# /init of the Kemu test initramfs (built by fetch-guest-assets.sh).
# Mounts the pseudo file systems, loads the listed modules in dependency
# order, prints the ready marker and runs a shell on the console.  With
# kemu.poweroff=1 on the kernel command line it powers off after the marker.

/bin/busybox mkdir -p /proc /sys /dev /tmp /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1

# One module path per line, relative to /lib/modules/<kver>, deps first.
list=/lib/modules/$(uname -r)/kemu-load-order
if [ -f "$list" ]; then
    while read -r mod; do
        insmod "/lib/modules/$(uname -r)/$mod" || echo "KEMU-INIT: insmod $mod failed"
    done <"$list"
fi

# The preferred console (the last console= argument) may belong to a
# module loaded just now (virtio_console's hvc0, which registers once the
# device announced the port): wait for it, then make it init's stdio.
want=""
for arg in $(cat /proc/cmdline); do
    case $arg in console=*) want=${arg#console=} want=${want%%,*} ;; esac
done
n=0
while [ -n "$want" ] && [ "$n" -lt 50 ] &&
    ! grep -qw "$want" /sys/class/tty/console/active; do
    sleep 0.1
    n=$((n + 1))
done
exec </dev/console >/dev/console 2>&1

echo "KEMU-INIT: ready"

for arg in $(cat /proc/cmdline); do
    if [ "$arg" = kemu.poweroff=1 ]; then
        sync
        poweroff -f
    fi
done

# A shell with a controlling tty; leaving it powers the guest off.
setsid cttyhack sh
poweroff -f
