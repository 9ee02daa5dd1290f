"""The userspace test programs of tests/guest (built with make guest-tests)
in a Linux guest: an initramfs with them appended under /guest, and the
parsing of run-all.sh's output."""
import gzip
import os
import re
import shutil
import subprocess

import pytest

from conftest import BUILD, SRC

RUN_ALL = SRC / "tests" / "guest" / "common" / "run-all.sh"


def programs_dir(arch, progs):
    """build/tests/guest/ARCH, or skip when a program is not built."""
    d = BUILD / "tests" / "guest" / arch
    missing = [p for p in progs if not (d / p).exists()]
    if missing:
        pytest.skip(f"guest programs not built ({' '.join(missing)}): "
                    "make guest-tests")
    return d


def initrd_with_programs(base, progs_dir, progs, tmp):
    """base (a gzipped initramfs) with /guest (progs and run-all.sh)
    appended as a second archive; returns its path."""
    stage = tmp / "stage"
    (stage / "guest").mkdir(parents=True)
    for p in progs:
        shutil.copy2(progs_dir / p, stage / "guest" / p)
    shutil.copy2(RUN_ALL, stage / "guest" / "run-all.sh")
    names = "\n".join(["guest"] + [f"guest/{f}" for f in
                                   sorted(os.listdir(stage / "guest"))])
    cpio = subprocess.run(["cpio", "-o", "-H", "newc", "--owner=0:0",
                           "--quiet"], input=names.encode(), cwd=stage,
                          capture_output=True, check=True).stdout
    data = base.read_bytes()
    # Linux unpacks concatenated archives; the next one starts 4-aligned
    # (zero padding between them is skipped).
    out = tmp / "initrd-guest.gz"
    out.write_bytes(data + bytes(-len(data) % 512) + gzip.compress(cpio, 1))
    return out


KERNEL_LINE = re.compile(r"^\[\s*\d+\.\d+\] ")


def sections(text):
    """{prog: (output lines, exit code)} from run-all.sh's markers; kernel
    messages on the console (e.g. a soft-lockup warning on a loaded host)
    are printed and left out."""
    text = text.replace("\r", "")
    found = {}
    for m in re.finditer(r"^=== BEGIN (\S+)\n(.*?)"
                         r"^=== END \1 rc=(\d+) secs=(\S+)$",
                         text, re.S | re.M):
        print(f"{m.group(1)}: {m.group(4)} s")
        lines = m.group(2).splitlines()
        for line in filter(KERNEL_LINE.match, lines):
            print(f"kernel, during {m.group(1)}: {line}")
        lines = [line for line in lines if not KERNEL_LINE.match(line)]
        found[m.group(1)] = (lines, int(m.group(3)))
    return found
