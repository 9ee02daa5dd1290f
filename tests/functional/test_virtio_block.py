"""The block layer under a real guest: Debian 12's kernel makes and uses
ext4 file systems on virtio-blk disks backed by images Kemu opens, on both
boards (boards.py: arm64 on -M virt over virtio-mmio, amd64 on -M pc over
virtio-pci; TCG).

- ext4 on qcow2 (both boards) (mke2fs -t ext4 from Debian's e2fsprogs, in the test
  initramfs): files written, synced and powered off under cache=writeback
  read back intact under cache=none; QEMU's tools and the host's e2fsprogs
  agree with the guest about the image (qemu-img check/compare, e2fsck,
  debugfs dumps of the guest's files).
- Crash safety (both boards, the disk given as -drive if=virtio): Kemu killed with SIGKILL while the guest writes; the image
  has no corruption (leaks allowed) and every file the guest reported
  synced is intact on the next boot.
- aio=io_uring (when the build has it; AArch64 only, as below): the same ext4 round trip on a
  raw image, O_DIRECT and buffered, checked by the host's e2fsck.
- readonly=on refuses guest writes (EPERM from Linux's block layer for
  the raw disk, EROFS from its read-only ext4), snapshot=on drops them at
  exit (AArch64 only: the board does not change them); both images stay byte for byte the same.  (The device's own
  refusal, VIRTIO_BLK_S_IOERR, is in tests/unit/test-virtio.c: Linux never
  sends a write to a disk that says it is read-only.)
"""
import hashlib
import re
import shutil
import signal
import subprocess

import pytest

from boards import AARCH64, on_each_board
from conftest import BUILD

KEMU_IMG = BUILD / "kemu-img"
# Debian's mke2fs in the initramfs; busybox's shell would run its own
# ext2-only mke2fs applet for a bare "mke2fs".
MKE2FS = "/sbin/mke2fs"

# Files of the first test: name -> size (odd sizes on purpose).
FILES = {"f1": 1 << 20, "f2": 3 << 19, "f3": 65536 + 512, "f4": 2 << 20,
         "dir/small": 4097}
SUM_RE = re.compile(r"^([0-9a-f]{64})  (\S+)$", re.M)


def require_ext4(board):
    board.require_assets("tool: sbin/mke2fs",
                         "module: kernel/fs/ext4/ext4.ko")


def run(*args, check=True):
    res = subprocess.run([str(a) for a in args], capture_output=True,
                         text=True, timeout=120)
    if check and res.returncode != 0:
        raise AssertionError(f"{args} -> {res.returncode}\n{res.stdout}"
                             f"\n{res.stderr}")
    return res


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def disk(board, img, fmt, serial, **opts):
    """-drive/-device options for one virtio-blk disk named serial."""
    extra = "".join(f",{k}={v}" for k, v in opts.items())
    return ["-drive", f"file={img},format={fmt},if=none,id={serial}{extra}",
            "-device", f"{board.virtio('blk')},drive={serial},"
            f"serial={serial}"]


def find_disks(sh):
    """Guest block device of each serial: {"data": "/dev/vda", ...}."""
    _, out = sh.run("for d in /sys/block/vd*; do "
                    "echo \"${d##*/} $(cat $d/serial)\"; done")
    return {serial: f"/dev/{dev}"
            for dev, serial in (line.split() for line in out.splitlines()
                                if line.strip())}


def guest_sums(out):
    return {name: digest for digest, name in SUM_RE.findall(out)}


def qemu_img_check(img, allow_leaks=False):
    """qemu-img check: 0 clean, 3 leaked clusters only; 2 is corruption."""
    res = run("qemu-img", "check", img, check=False)
    allowed = (0, 3) if allow_leaks else (0,)
    assert res.returncode in allowed, res.stdout + res.stderr
    assert "corruptions" not in res.stdout or \
        "0 errors" in res.stdout, res.stdout
    return res


def host_fs_checks(img, tmp_path, sums):
    """The final image as the host's tools see it: kemu-img and qemu-img
    agree on its contents, e2fsck finds the file system clean and debugfs
    reads every file with the guest's checksum."""
    raw = tmp_path / "final.raw"
    qemu_img_check(img)
    assert "No errors were found" in run(KEMU_IMG, "check", img).stdout
    run(KEMU_IMG, "convert", "-f", "qcow2", "-O", "raw", img, raw)
    assert "Images are identical." in run(
        "qemu-img", "compare", "-f", "qcow2", "-F", "raw", img, raw).stdout
    if not all(shutil.which(t) for t in ("e2fsck", "debugfs", "dumpe2fs")):
        pytest.skip("host e2fsprogs missing (e2fsck, debugfs, dumpe2fs)")
    res = run("e2fsck", "-fn", raw, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    features = run("dumpe2fs", "-h", raw).stdout
    for f in ("has_journal", "extent", "metadata_csum"):
        assert f in features, features
    out = tmp_path / "dumped"
    for name, digest in sums.items():
        run("debugfs", "-R", f"dump /{name} {out}", raw)
        assert sha256(out) == digest, name


@on_each_board
def test_ext4_on_qcow2_survives_poweroff(board, tmp_path):
    b = board
    require_ext4(b)
    img = tmp_path / "ext4.qcow2"
    run(KEMU_IMG, "create", "-q", "-f", "qcow2", img, "64M")

    with b.guest(disk(b, img, "qcow2", "data", cache="writeback")) as sh:
        dev = find_disks(sh)["data"]
        sh.run(f"{MKE2FS} -t ext4 -q {dev}", timeout=120)
        _, out = sh.run(f"mkdir -p /mnt && mount -t ext4 {dev} /mnt && "
                        "grep /mnt /proc/mounts")
        assert " ext4 rw" in out
        sh.run("mkdir /mnt/dir")
        for name, size in FILES.items():
            sh.run(f"head -c {size} /dev/urandom >/mnt/{name}")
        _, out = sh.run("(cd /mnt && sha256sum " + " ".join(FILES) +
                        " | tee SUMS) && sync")
        sums = guest_sums(out)
        assert sorted(sums) == sorted(FILES)
        assert sh.poweroff() == 0
    qemu_img_check(img)

    with b.guest(disk(b, img, "qcow2", "data", cache="none")) as sh:
        dev = find_disks(sh)["data"]
        sh.run(f"mkdir -p /mnt && mount -t ext4 {dev} /mnt")
        _, out = sh.run("(cd /mnt && sha256sum -c SUMS)")
        assert out.count(": OK") == len(FILES)
        _, out = sh.run("(cd /mnt && sha256sum " + " ".join(FILES) + ")")
        assert guest_sums(out) == sums
        _, out = sh.run("ls -l /mnt/f4")
        assert str(FILES["f4"]) in out
        sh.run("umount /mnt")
        assert sh.poweroff() == 0
    host_fs_checks(img, tmp_path, sums)


def io_uring_built():
    return "CONFIG_LINUX_IO_URING" in (BUILD / "config-host.h").read_text()


@pytest.mark.skipif(not io_uring_built(), reason="built without liburing")
def test_ext4_on_raw_with_io_uring(tmp_path):
    b = AARCH64
    require_ext4(b)
    img = tmp_path / "uring.raw"
    run(KEMU_IMG, "create", "-q", "-f", "raw", img, "64M")

    with b.guest(disk(b, img, "raw", "data", cache="none",
                      aio="io_uring")) as sh:
        dev = find_disks(sh)["data"]
        sh.run(f"{MKE2FS} -t ext4 -q {dev}", timeout=120)
        sh.run(f"mkdir -p /mnt && mount -t ext4 {dev} /mnt && mkdir /mnt/dir")
        for name, size in FILES.items():
            sh.run(f"head -c {size} /dev/urandom >/mnt/{name}")
        _, out = sh.run("(cd /mnt && sha256sum " + " ".join(FILES) +
                        " | tee SUMS) && sync")
        sums = guest_sums(out)
        assert sorted(sums) == sorted(FILES)
        assert sh.poweroff() == 0

    with b.guest(disk(b, img, "raw", "data", cache="writeback",
                      aio="io_uring")) as sh:
        dev = find_disks(sh)["data"]
        sh.run(f"mkdir -p /mnt && mount -t ext4 {dev} /mnt")
        _, out = sh.run("(cd /mnt && sha256sum -c SUMS)")
        assert out.count(": OK") == len(FILES)
        sh.run("umount /mnt")
        assert sh.poweroff() == 0
    if not all(shutil.which(t) for t in ("e2fsck", "debugfs")):
        pytest.skip("host e2fsprogs missing (e2fsck, debugfs)")
    res = run("e2fsck", "-fn", img, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    out = tmp_path / "dumped"
    for name, digest in sums.items():
        run("debugfs", "-R", f"dump /{name} {out}", img)
        assert sha256(out) == digest, name


@on_each_board
def test_sigkill_mid_write_keeps_synced_files(board, tmp_path):
    b = board
    require_ext4(b)
    img = tmp_path / "crash.qcow2"
    run(KEMU_IMG, "create", "-q", "-f", "qcow2", img, "64M")
    # The board's own virtio-blk (-drive if=virtio), its only disk.
    drive = ["-drive", f"file={img},format=qcow2,if=virtio"]
    dev = "/dev/vda"
    synced = {}
    with b.guest(drive) as sh:
        sh.run(f"{MKE2FS} -t ext4 -q {dev} && mkdir -p /mnt && "
               f"mount -t ext4 {dev} /mnt", timeout=120)
        # Each file is written, synced, then announced with its checksum.
        sh.vm.send("i=0; while :; do i=$((i + 1)); "
                   "head -c $((256 * 1024 + i * 4096)) /dev/urandom "
                   ">/mnt/w$i; sync; "
                   "echo \"SYNCED w$i $(sha256sum </mnt/w$i)\"; done\n")
        for _ in range(6):
            m = sh.vm.wait_for(re.compile(r"SYNCED (w\d+) ([0-9a-f]{64})"),
                               timeout=60)
            synced[m.group(1)] = m.group(2)
        # Kill it in the middle of the next file.
        sh.vm.proc.send_signal(signal.SIGKILL)
        assert sh.vm.wait_exit(timeout=30) == -signal.SIGKILL
    res = qemu_img_check(img, allow_leaks=True)
    assert run(KEMU_IMG, "check", img, check=False).returncode in (0, 3), \
        res.stdout

    with b.guest(drive) as sh:
        # Mounting replays the journal.
        sh.run(f"mkdir -p /mnt && mount -t ext4 {dev} /mnt")
        _, out = sh.run("(cd /mnt && for f in " + " ".join(synced) +
                        "; do echo \"$(sha256sum <$f) $f\"; done)")
        found = {name: digest for digest, name in
                 re.findall(r"^([0-9a-f]{64})\s+-? ?(w\d+)$", out, re.M)}
        assert found == synced
        sh.run("umount /mnt")
        assert sh.poweroff() == 0
    qemu_img_check(img, allow_leaks=True)


def test_readonly_and_snapshot_leave_images_unchanged(tmp_path):
    """readonly=on: the disk shows up read-only (VIRTIO_BLK_F_RO), so
    Linux refuses raw writes itself (EPERM) and mounts its ext4 read-only
    (writes fail with EROFS).  snapshot=on: the guest reads back what it
    wrote, the image never sees it."""
    if not shutil.which("mke2fs"):
        pytest.skip("host e2fsprogs missing (mke2fs)")
    ro, snap = tmp_path / "ro.raw", tmp_path / "snap.qcow2"
    content = tmp_path / "content"
    content.mkdir()
    (content / "hello.txt").write_text("read-only hello\n")
    run("mke2fs", "-q", "-t", "ext4", "-d", content, ro, "8M")
    run(KEMU_IMG, "create", "-q", "-f", "qcow2", snap, "1M")
    run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 0 1M", snap)
    before = {p: sha256(p) for p in (ro, snap)}

    b = AARCH64
    require_ext4(b)
    with b.guest(disk(b, ro, "raw", "ro", readonly="on") +
                 disk(b, snap, "qcow2", "snap", snapshot="on")) as sh:
        disks = find_disks(sh)
        _, out = sh.run(f"cat /sys/block/{disks['ro'][5:]}/ro")
        assert out.strip() == "1"
        rc, out = sh.run(f"dd if=/dev/zero of={disks['ro']} bs=4096 count=1 "
                         "conv=fsync", check=False)
        assert rc != 0 and "Operation not permitted" in out, out
        sh.run(f"mkdir -p /mnt && mount -t ext4 {disks['ro']} /mnt")
        _, out = sh.run("grep /mnt /proc/mounts; cat /mnt/hello.txt")
        assert " ext4 ro" in out and "read-only hello" in out, out
        rc, out = sh.run("echo x >/mnt/new", check=False)
        assert rc != 0 and "Read-only file system" in out, out
        sh.run("umount /mnt")
        # The guest sees its own writes to the snapshot disk.
        sh.run(f"head -c 65536 /dev/urandom >/tmp/r && "
               f"dd if=/tmp/r of={disks['snap']} bs=65536 seek=3 "
               "conv=fsync 2>/dev/null && echo 3 >/proc/sys/vm/drop_caches")
        _, out = sh.run(f"dd if={disks['snap']} bs=65536 skip=3 count=1 "
                        "2>/dev/null | sha256sum; sha256sum </tmp/r")
        a, b = re.findall(r"[0-9a-f]{64}", out)
        assert a == b
        assert sh.poweroff() == 0
    assert {p: sha256(p) for p in (ro, snap)} == before
    qemu_img_check(snap)
