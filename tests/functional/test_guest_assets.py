"""Guest assets from scripts/fetch-guest-assets.sh: the Debian kernel, the
busybox initramfs and the modules in it, checked by parsing the files
themselves (newc cpio, ELF, boot headers), plus the cache and error paths.

The first run downloads (about 45-70 MB per arch); later runs are cached.
"""
import gzip
import os
import pathlib
import struct
import subprocess
import time

import pytest

from conftest import SRC

SCRIPT = SRC / "scripts" / "fetch-guest-assets.sh"
ARCHES = ["x86_64", "aarch64", "mipsel"]
# The modules the tests need; each must be in the initramfs or built in.
TOP_MODULES = ["virtio", "virtio_ring", "virtio_pci", "virtio_mmio",
               "virtio_blk", "virtio_net", "ext4", "crc32c_generic",
               "virtio_console", "virtio_rng"]
# ELF class, data encoding and e_machine of each guest.
ELF_TARGET = {
    "x86_64": (2, 1, 62),     # ELFCLASS64, little-endian, EM_X86_64
    "aarch64": (2, 1, 183),   # ELFCLASS64, little-endian, EM_AARCH64
    "mipsel": (1, 1, 8),      # ELFCLASS32, little-endian, EM_MIPS
}
S_IFMT, S_IFREG, S_IFCHR = 0o170000, 0o100000, 0o020000
PT_INTERP = 3
ET_EXEC, ET_REL = 2, 1


def run_script(*args, env=None):
    return subprocess.run([str(SCRIPT), *args], capture_output=True,
                          text=True, env=env, timeout=900)


# ---- file format parsers ----------------------------------------------------

def parse_newc(data):
    """Return {name: (mode, uid, gid, rdev, body)} from one or more
    concatenated newc archives (the kernel accepts NUL padding between)."""
    entries = {}
    off = 0
    while off < len(data):
        if data[off] == 0:
            off += 1
            continue
        assert data[off:off + 6] == b"070701", f"bad newc magic at {off}"
        f = [int(data[off + 6 + 8 * i:off + 14 + 8 * i], 16) for i in range(13)]
        mode, uid, gid, size = f[1], f[2], f[3], f[6]
        rdev, namesize = (f[9], f[10]), f[11]
        name = data[off + 110:off + 110 + namesize - 1].decode()
        off = (off + 110 + namesize + 3) & ~3
        body = data[off:off + size]
        assert len(body) == size, f"{name}: truncated"
        off = (off + size + 3) & ~3
        if name != "TRAILER!!!":
            name = name[2:] if name.startswith("./") else name
            entries[name] = (mode, uid, gid, rdev, body)
    return entries


def elf_info(data):
    """Return (class, data encoding, e_type, e_machine, program header types)."""
    assert data[:4] == b"\x7fELF", "not an ELF file"
    cls, enc = data[4], data[5]
    end = "<" if enc == 1 else ">"
    e_type, e_machine = struct.unpack_from(end + "HH", data, 16)
    if cls == 2:
        phoff, = struct.unpack_from(end + "Q", data, 32)
        phentsize, phnum = struct.unpack_from(end + "HH", data, 54)
    else:
        phoff, = struct.unpack_from(end + "I", data, 28)
        phentsize, phnum = struct.unpack_from(end + "HH", data, 42)
    ptypes = [struct.unpack_from(end + "I", data, phoff + i * phentsize)[0]
              for i in range(phnum)]
    return cls, enc, e_type, e_machine, ptypes


def read_manifest(text):
    """Single keys map to a string; module/builtin lines collect in lists."""
    out = {"module": [], "builtin": []}
    for line in text.splitlines():
        key, _, value = line.partition(": ")
        if key in ("module", "builtin"):
            out[key].append(value)
        else:
            out[key] = value
    return out


def module_name(path):
    return os.path.basename(path).split(".ko")[0].replace("-", "_")


# ---- fixtures ---------------------------------------------------------------

class Assets:
    def __init__(self, arch, directory):
        self.arch = arch
        self.dir = directory
        self.manifest = read_manifest((directory / "manifest.txt").read_text())
        self.kernel = (directory / "vmlinuz").read_bytes()
        with gzip.open(directory / "initrd.gz") as f:
            self.files = parse_newc(f.read())
        self.moddir = "lib/modules/" + self.manifest["kernel-version"]


@pytest.fixture(scope="module", params=ARCHES)
def assets(request):
    arch = request.param
    fetch = run_script(arch)
    assert fetch.returncode == 0, fetch.stderr
    where = run_script("--print-dir", arch)
    assert where.returncode == 0, where.stderr
    return Assets(arch, pathlib.Path(where.stdout.strip()))


def fake_tools(tmp_path, scripts):
    """A PATH whose first folder holds the given shell scripts by name."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for name, body in scripts.items():
        tool = bindir / name
        tool.write_text("#!/bin/sh\n" + body)
        tool.chmod(0o755)
    env = dict(os.environ, PATH=f"{bindir}:{os.environ['PATH']}")
    return env


# ---- the kernel ---------------------------------------------------------------

def test_kernel_image_format(assets):
    k = assets.kernel
    if assets.arch == "x86_64":
        assert k[0x202:0x206] == b"HdrS"
        assert assets.manifest["kernel-format"] == "x86 bzImage"
    elif assets.arch == "aarch64":
        image = gzip.decompress(k) if k[:2] == b"\x1f\x8b" else k
        assert image[0x38:0x3c] == b"ARM\x64"
    else:
        cls, enc, e_type, machine, _ = elf_info(k)
        assert (cls, enc, machine) == ELF_TARGET["mipsel"]
        assert e_type == ET_EXEC


def test_manifest_names_packages_and_kernel(assets):
    m = assets.manifest
    kver = m["kernel-version"]
    assert m["arch"] == assets.arch
    assert m["kernel-package"].split()[0] in (f"linux-image-{kver}",
                                              f"linux-image-{kver}-unsigned")
    assert m["busybox-package"].startswith("busybox-static ")
    assert int(m["package-bytes"]) > 1_000_000
    assert assets.dir.resolve().name.startswith(kver + "_")


# ---- the initramfs --------------------------------------------------------------

def test_init_script(assets):
    mode, uid, gid, _, body = assets.files["init"]
    assert mode & S_IFMT == S_IFREG and mode & 0o111
    assert (uid, gid) == (0, 0)
    text = body.decode()
    assert text.startswith("#!/bin/busybox sh\n")
    for needed in ("mount -t proc", "mount -t sysfs", "mount -t devtmpfs",
                   "insmod", 'echo "KEMU-INIT: ready"', "kemu.poweroff=1",
                   "poweroff -f"):
        assert needed in text, needed


def test_console_device_node(assets):
    mode, _, _, rdev, _ = assets.files["dev/console"]
    assert mode & S_IFMT == S_IFCHR
    assert rdev == (5, 1)


def test_busybox_is_static_for_guest(assets):
    mode, _, _, _, body = assets.files["bin/busybox"]
    assert mode & 0o111
    cls, enc, e_type, machine, ptypes = elf_info(body)
    assert (cls, enc, machine) == ELF_TARGET[assets.arch]
    assert e_type == ET_EXEC
    assert PT_INTERP not in ptypes, "busybox is dynamically linked"


def test_needed_modules_present_or_builtin(assets):
    shipped = {module_name(p): p for p in assets.files
               if p.startswith(assets.moddir + "/") and p.endswith(".ko")}
    for name in TOP_MODULES:
        if name in assets.manifest["builtin"]:
            assert name not in shipped
        else:
            assert name in shipped, f"{name} neither shipped nor builtin"


def test_modules_are_guest_objects(assets):
    for path in assets.manifest["module"]:
        body = assets.files[f"{assets.moddir}/{path}"][4]
        cls, enc, e_type, machine, _ = elf_info(body)
        assert (cls, enc, machine) == ELF_TARGET[assets.arch], path
        assert e_type == ET_REL, path


def test_modules_dep_and_load_order(assets):
    order = assets.files[f"{assets.moddir}/kemu-load-order"][4].decode().split()
    assert order == assets.manifest["module"]
    deps_text = assets.files[f"{assets.moddir}/modules.dep"][4].decode()
    deps = {}
    for line in deps_text.splitlines():
        mod, _, rest = line.partition(":")
        deps[mod] = rest.split()
    assert sorted(deps) == sorted(order)
    for i, mod in enumerate(order):
        for dep in deps[mod]:
            assert dep in order[:i], f"{mod} loads before its dependency {dep}"
    # The dependencies the kernel's own metadata gives for these modules.
    by_name = {module_name(p): p for p in order}
    if "virtio_net" in by_name:
        assert by_name["net_failover"] in deps[by_name["virtio_net"]]
    assert {by_name[n] for n in ("jbd2", "mbcache")} <= set(deps[by_name["ext4"]])


# ---- the cache and the errors ---------------------------------------------------

def test_warm_run_does_not_download(assets, tmp_path):
    marker = tmp_path / "called"
    trap = f'echo "$0 $*" >>{marker}\nexit 1\n'
    env = fake_tools(tmp_path, {t: trap for t in
                                ("apt-get", "apt-cache", "dpkg-deb", "cpio")})
    start = time.monotonic()
    r = run_script(assets.arch, env=env)
    elapsed = time.monotonic() - start
    assert r.returncode == 0, r.stderr
    assert not marker.exists(), marker.read_text()
    assert elapsed < 2.0
    assert "cached, no download" in r.stderr
    assert str(assets.dir.parent) in r.stdout


def test_print_dir_without_assets_fails(tmp_path):
    env = dict(os.environ, KEMU_CACHE=str(tmp_path))
    r = run_script("--print-dir", "aarch64", env=env)
    assert r.returncode != 0
    assert "no assets for aarch64" in r.stderr


def test_unknown_arch_is_refused(tmp_path):
    env = dict(os.environ, KEMU_CACHE=str(tmp_path))
    r = run_script("sparc", env=env)
    assert r.returncode != 0
    assert "unknown arch 'sparc'" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_network_failure_names_packages_and_arch(tmp_path):
    env = fake_tools(tmp_path, {
        "apt-get": 'echo "E: Failed to fetch http://mirror/InRelease" >&2\n'
                   "exit 100\n"})
    env["KEMU_CACHE"] = str(tmp_path / "cache")
    r = run_script("aarch64", env=env)
    assert r.returncode != 0
    assert "arm64 package lists" in r.stderr
    assert "linux-image-arm64" in r.stderr and "aarch64" in r.stderr


def test_missing_package_is_named(tmp_path):
    # The lists update, but the mirror has no kernel metapackage.
    env = fake_tools(tmp_path, {"apt-get": "exit 0\n", "apt-cache": "exit 100\n"})
    env["KEMU_CACHE"] = str(tmp_path / "cache")
    r = run_script("mipsel", env=env)
    assert r.returncode != 0
    assert "package linux-image-4kc-malta not found for arch mipsel" in r.stderr


def test_download_failure_is_named(tmp_path):
    stanza = {"linux-image-amd64": "Depends: linux-image-6.1.0-9-amd64 (= 6.1.1-1)",
              "linux-image-6.1.0-9-amd64": "Version: 6.1.1-1",
              "busybox-static": "Version: 1:1.35.0-4"}
    cases = "".join(f'*" {p}:amd64"*) echo "{s}" ;;\n' for p, s in stanza.items())
    env = fake_tools(tmp_path, {
        "apt-get": 'case "$*" in *" download "*) '
                   'echo "E: Unable to locate package" >&2; exit 100 ;; esac\n',
        "apt-cache": f'case " $*" in\n{cases}esac\n'})
    env["KEMU_CACHE"] = str(tmp_path / "cache")
    r = run_script("x86_64", env=env)
    assert r.returncode != 0
    assert ("cannot download package linux-image-6.1.0-9-amd64 for arch x86_64"
            in r.stderr)
    assert list((tmp_path / "cache" / "x86_64").glob("6.1.0-9*")) == []
