"""Block layer interoperability with QEMU's own tools (qemu-utils is the
oracle): images qemu-img made are read right by Kemu, images Kemu wrote
pass `qemu-img check` and compare equal, both checkers agree, the image
locks exclude each other, and a killed writer leaves a consistent image.
"""
import json
import os
import shutil
import signal
import struct
import subprocess
import time

import pytest

from conftest import BUILD

KEMU_IMG = BUILD / "kemu-img"
WORKLOAD = BUILD / "tests" / "unit" / "block-workload"


def run(*args, check=True):
    res = subprocess.run([str(a) for a in args], capture_output=True,
                         text=True, timeout=120)
    if check and res.returncode != 0:
        raise AssertionError(f"{args} -> {res.returncode}\n{res.stdout}"
                             f"\n{res.stderr}")
    return res


@pytest.fixture(autouse=True)
def need_qemu_img():
    assert shutil.which("qemu-img") and shutil.which("qemu-io"), \
        "qemu-img/qemu-io missing: run scripts/install-deps.sh (qemu-utils)"


def qemu_io(img, fmt, *cmds):
    args = ["qemu-io", "-f", fmt]
    for c in cmds:
        args += ["-c", c]
    run(*args, img)


def write_patterns(img, fmt):
    qemu_io(img, fmt, "write -P 0x11 0 70k", "write -P 0x22 1M 3k",
            "write -P 0x33 3M 64k", "write -z 1M 512")


@pytest.mark.parametrize("kind", ["raw", "qcow2", "qcow2-v2",
                                  "qcow2-compressed", "qcow2-backing"])
def test_kemu_reads_qemu_images(kind, tmp_path):
    img = tmp_path / "img"
    if kind == "raw":
        run("qemu-img", "create", "-q", "-f", "raw", img, "4M")
        write_patterns(img, "raw")
    elif kind == "qcow2-compressed":
        src = tmp_path / "src.raw"
        run("qemu-img", "create", "-q", "-f", "raw", src, "4M")
        write_patterns(src, "raw")
        run("qemu-img", "convert", "-c", "-f", "raw", "-O", "qcow2", src, img)
    elif kind == "qcow2-backing":
        base = tmp_path / "base.qcow2"
        run("qemu-img", "create", "-q", "-f", "qcow2", base, "4M")
        write_patterns(base, "qcow2")
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "base.qcow2",
            "-F", "qcow2", img)
        qemu_io(img, "qcow2", "write -P 0x44 4k 1k", "write -P 0x55 2M 100k")
    else:
        opts = ["-o", "compat=0.10"] if kind == "qcow2-v2" else []
        run("qemu-img", "create", "-q", "-f", "qcow2", *opts, img, "4M")
        write_patterns(img, "qcow2")
    fmt = "raw" if kind == "raw" else "qcow2"
    out = tmp_path / "kemu.raw"
    run(KEMU_IMG, "convert", "-f", fmt, "-O", "raw", img, out)
    res = run("qemu-img", "compare", "-f", fmt, "-F", "raw", img, out)
    assert "Images are identical." in res.stdout


@pytest.mark.parametrize("cluster,backing,cache", [
    (65536, False, "writeback"), (4096, False, "none"),
    (512, False, "unsafe"), (65536, True, "writethrough")])
def test_kemu_writes_pass_qemu_check(cluster, backing, cache, tmp_path):
    img, shadow = tmp_path / "img.qcow2", tmp_path / "shadow.raw"
    if backing:
        base = tmp_path / "base.qcow2"
        run("qemu-img", "create", "-q", "-f", "qcow2", base, "8M")
        write_patterns(base, "qcow2")
        run(KEMU_IMG, "create", "-q", "-f", "qcow2", "-b", "base.qcow2",
            "-F", "qcow2", img)
        run("qemu-img", "convert", "-O", "raw", base, shadow)
    else:
        run(KEMU_IMG, "create", "-q", "-f", "qcow2", "-o",
            f"cluster_size={cluster}", img, "8M")
        shadow.write_bytes(b"")
        os.truncate(shadow, 8 << 20)
    run(WORKLOAD, img, "qcow2", cluster, 400, "--shadow", shadow,
        "--cache", cache)
    assert run("qemu-img", "check", img).returncode == 0
    assert "No errors were found" in run(KEMU_IMG, "check", img).stdout
    res = run("qemu-img", "compare", "-F", "raw", img, shadow)
    assert "Images are identical." in res.stdout


def test_kemu_convert_compressed(tmp_path):
    src, dst = tmp_path / "src.raw", tmp_path / "dst.qcow2"
    run("qemu-img", "create", "-q", "-f", "raw", src, "4M")
    write_patterns(src, "raw")
    run(KEMU_IMG, "convert", "-c", "-f", "raw", "-O", "qcow2", src, dst)
    res = run("qemu-img", "check", "--output=json", dst)
    assert json.loads(res.stdout)["compressed-clusters"] > 0
    assert "identical" in run("qemu-img", "compare", src, dst).stdout
    assert dst.stat().st_size < 1 << 20


def test_info_agrees_with_qemu(tmp_path):
    base, top = tmp_path / "base.raw", tmp_path / "top.qcow2"
    run("qemu-img", "create", "-q", "-f", "raw", base, "3G")
    run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "base.raw", "-F",
        "raw", "-o", "cluster_size=128k", top)
    for img in (base, top):
        q = json.loads(run("qemu-img", "info", "--output=json", img).stdout)
        k = json.loads(run(KEMU_IMG, "info", "--output=json", img).stdout)
        for key in ("virtual-size", "format", "cluster-size",
                    "backing-filename", "backing-filename-format",
                    "format-specific", "dirty-flag"):
            assert k.get(key) == q.get(key), key
    human = run(KEMU_IMG, "info", top).stdout
    assert "virtual size: 3 GiB (3221225472 bytes)" in human
    assert "backing file: base.raw" in human


def qcow2_fields(img):
    with open(img, "rb") as f:
        head = f.read(104)
    cluster = 1 << struct.unpack(">I", head[20:24])[0]
    reftable = struct.unpack(">Q", head[48:56])[0]
    with open(img, "rb") as f:
        f.seek(reftable)
        refblock = struct.unpack(">Q", f.read(8))[0]
    return cluster, refblock


def set_refcount(img, cluster_index, value):
    _, refblock = qcow2_fields(img)
    with open(img, "r+b") as f:
        f.seek(refblock + 2 * cluster_index)
        f.write(struct.pack(">H", value))


def both_checks(img):
    q = run("qemu-img", "check", img, check=False)
    k = run(KEMU_IMG, "check", img, check=False)
    return q, k


def test_checkers_agree_on_leaks_and_corruption(tmp_path):
    img = tmp_path / "img.qcow2"
    run("qemu-img", "create", "-q", "-f", "qcow2", img, "4M")
    qemu_io(img, "qcow2", "write -P 0x11 0 192k")
    cluster, _ = qcow2_fields(img)
    nclusters = img.stat().st_size // cluster
    # Two leaks: clusters past everything that is referenced.
    os.truncate(img, (nclusters + 2) * cluster)
    set_refcount(img, nclusters, 1)
    set_refcount(img, nclusters + 1, 1)
    q, k = both_checks(img)
    assert q.returncode == k.returncode == 3
    assert "2 leaked clusters were found on the image." in q.stdout
    assert "2 leaked clusters were found on the image." in k.stdout
    assert f"Leaked cluster {nclusters} refcount=1 reference=0" in k.stderr
    res = run(KEMU_IMG, "check", "-r", "leaks", img)
    assert "2 leaked clusters" in res.stdout and "repaired" in res.stdout
    assert run("qemu-img", "check", img, check=False).returncode == 0
    # A data cluster whose refcount is 0: corruption for both.
    set_refcount(img, nclusters - 1, 0)
    q, k = both_checks(img)
    assert q.returncode == k.returncode == 2
    # The same findings, in the same words (refcount and OFLAG_COPIED).
    assert "2 errors were found on the image." in q.stdout
    assert k.stdout == q.stdout
    assert k.stderr == q.stderr
    assert f"ERROR cluster {nclusters - 1} refcount=0 reference=1" in k.stderr
    run(KEMU_IMG, "check", "-r", "all", img)
    assert run("qemu-img", "check", img, check=False).returncode == 0


@pytest.fixture
def kemu_writer(tmp_path):
    img = tmp_path / "locked.qcow2"
    run(KEMU_IMG, "create", "-q", "-f", "qcow2", img, "16M")
    proc = subprocess.Popen([str(WORKLOAD), str(img), "qcow2", "7", "0",
                             "--block", "4096", "--log",
                             str(tmp_path / "log")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.3)
    assert proc.poll() is None, proc.stderr.read()
    yield img, proc
    proc.kill()
    proc.wait()


def test_kemu_writer_locks_out_qemu(kemu_writer):
    img, _ = kemu_writer
    for cmd in (["info"], ["check"]):
        res = run("qemu-img", *cmd, img, check=False)
        assert res.returncode != 0
        assert 'Failed to get shared "write" lock' in res.stderr
    res = run("qemu-img", "info", "-U", img)
    assert "file format: qcow2" in res.stdout
    res = run("qemu-io", "-f", "qcow2", "-c", "read 0 512", img, check=False)
    assert 'Failed to get "write" lock' in res.stderr


def test_qemu_writer_locks_out_kemu(tmp_path):
    img = tmp_path / "q.qcow2"
    run("qemu-img", "create", "-q", "-f", "qcow2", img, "1M")
    proc = subprocess.Popen(["qemu-io", "-f", "qcow2", str(img)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        time.sleep(0.5)
        res = run(KEMU_IMG, "info", img, check=False)
        assert res.returncode == 1
        assert 'Failed to get shared "write" lock' in res.stderr
        assert str(img) in res.stderr
        res = run(WORKLOAD, img, "qcow2", 1, 1, check=False)
        assert res.returncode == 1
        assert 'Failed to get "write" lock' in res.stderr
        assert "file format: qcow2" in run(KEMU_IMG, "info", "-U",
                                           img).stdout
    finally:
        proc.communicate(b"quit\n", timeout=10)
    assert run(WORKLOAD, img, "qcow2", 1, 1).returncode == 0


def test_crash_keeps_flushed_writes(tmp_path):
    img, log = tmp_path / "crash.qcow2", tmp_path / "log"
    block = 4096
    run(KEMU_IMG, "create", "-q", "-f", "qcow2", "-o", "cluster_size=4096",
        img, "4M")
    proc = subprocess.Popen([str(WORKLOAD), str(img), "qcow2", "99", "0",
                             "--block", str(block), "--log", str(log)],
                            stderr=subprocess.PIPE)
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    res = run("qemu-img", "check", img, check=False)
    assert res.returncode in (0, 3), res.stdout + res.stderr  # leaks only

    writes, flushed = [], 0
    for line in log.read_text().splitlines():
        parts = line.split()
        if parts[0] == "W" and len(parts) == 3:
            writes.append((int(parts[1]), int(parts[2])))
        elif parts[0] == "F" and len(parts) == 2:
            flushed = int(parts[1])
    assert flushed > 8, "the workload did not get far enough"
    raw = tmp_path / "crash.raw"
    run("qemu-img", "convert", "-O", "raw", img, raw)
    data = raw.read_bytes()
    last_flushed = {}
    later = {}
    for seq, blk in writes:
        if seq <= flushed:
            last_flushed[blk] = seq
        else:
            later.setdefault(blk, set()).add(seq)
    for blk, seq in last_flushed.items():
        chunk = data[blk * block:(blk + 1) * block]
        got = struct.unpack("<Q", chunk[:8])[0]
        assert chunk == chunk[:8] * (block // 8), f"block {blk} torn"
        assert got == seq or got in later.get(blk, ()), \
            f"block {blk}: flushed write {seq} lost (found {got})"


def test_resize_and_errors(tmp_path):
    img = tmp_path / "r.qcow2"
    run(KEMU_IMG, "create", "-q", "-f", "qcow2", img, "1M")
    assert "Image resized." in run(KEMU_IMG, "resize", img, "+1G").stdout
    info = json.loads(run("qemu-img", "info", "--output=json", img).stdout)
    assert info["virtual-size"] == (1 << 30) + (1 << 20)
    assert run("qemu-img", "check", img).returncode == 0
    res = run(KEMU_IMG, "resize", img, "1M", check=False)
    assert res.returncode == 1 and "--shrink" in res.stderr
    res = run(KEMU_IMG, "info", tmp_path / "missing.qcow2", check=False)
    assert res.returncode == 1 and "missing.qcow2" in res.stderr
    res = run(KEMU_IMG, "create", "-f", "qcow2", img, "12Q", check=False)
    assert res.returncode == 1 and "Invalid image size" in res.stderr
    bad = tmp_path / "bad.qcow2"
    bad.write_bytes(b"QFI\xfb" + b"\x00\x00\x00\x07" + bytes(504))
    res = run(KEMU_IMG, "info", "-f", "qcow2", bad, check=False)
    assert "Unsupported qcow2 version 7" in res.stderr
