"""Where guest RAM comes from on the host, as QEMU spells it: -mem-path
DIR (a file created in DIR and unlinked at once, still mapped), the
-mem-prealloc allocation of every page at start, and -machine mem-merge
(MADV_MERGEABLE on guest RAM, on by default).  -M none with -m is enough:
its RAM is the board RAM of every machine."""
import os
import re

import pytest

from kemu_harness import KemuProcess, run_kemu

RAM_MB = 72                             # a mapping size nothing else has


def board(*extra, ram_mb=RAM_MB):
    return ["-M", "none", "-m", str(ram_mb), "-nographic"] + list(extra)


def big_mappings(pid, ram_mb=RAM_MB):
    """The smaps blocks of mappings that can hold the guest RAM (an
    anonymous one may have merged with its neighbours)."""
    with open(f"/proc/{pid}/smaps") as f:
        blocks = re.split(r"\n(?=[0-9a-f]+-[0-9a-f]+ )", f.read())
    return [b for b in blocks
            if int(re.search(r"^Size:\s+(\d+) kB$", b, re.M).group(1)) >=
            ram_mb * 1024]


def vm_flags(smaps):
    return re.search(r"^VmFlags:(.*)$", smaps, re.M).group(1).split()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M).group(1))


def test_mem_path_dir_holds_the_unlinked_ram_file(tmp_path):
    with KemuProcess(board("-mem-path", str(tmp_path))) as vm:
        vm.wait_for("(kemu) ")
        lines = [b.splitlines()[0] for b in big_mappings(vm.proc.pid)]
        assert any(re.search(rf"{re.escape(str(tmp_path))}/kemu_back_mem"
                             r"\.\w+ \(deleted\)$", line)
                   for line in lines), lines
        assert os.listdir(tmp_path) == []
        vm.send("quit\r")
        assert vm.wait_exit() == 0


def test_mem_path_bad_dir_is_one_error():
    res = run_kemu(board("-mem-path", "/nonexistent/kemu"))
    assert res.returncode == 1
    assert res.stderr.count("\n") == 1, res.stderr
    assert "-mem-path '/nonexistent/kemu'" in res.stderr


def test_mem_prealloc_makes_rss_the_ram_size():
    ram_mb = 256
    with KemuProcess(board("-mem-prealloc", ram_mb=ram_mb)) as vm:
        vm.wait_for("(kemu) ")
        assert rss_kb(vm.proc.pid) >= ram_mb * 1024
    with KemuProcess(board(ram_mb=ram_mb)) as vm:
        vm.wait_for("(kemu) ")
        assert rss_kb(vm.proc.pid) < ram_mb * 1024 // 2


def test_mem_prealloc_too_much_is_an_error():
    """An impossible size fails cleanly, not through the OOM killer (the
    kernel's heuristic overcommit check refuses it)."""
    res = run_kemu(board("-mem-prealloc", ram_mb=1 << 30))
    assert res.returncode == 1
    assert "cannot allocate" in res.stderr


@pytest.mark.skipif(not os.path.isdir("/sys/kernel/mm/ksm"),
                    reason="the host kernel has no KSM")
@pytest.mark.parametrize("opt,merged", [(None, True), ("on", True),
                                        ("off", False)])
def test_mem_merge(opt, merged):
    args = board()
    if opt:
        args[1] += f",mem-merge={opt}"
    with KemuProcess(args) as vm:
        vm.wait_for("(kemu) ")
        blocks = big_mappings(vm.proc.pid)
        assert blocks
        assert any("mg" in vm_flags(b) for b in blocks) == merged, blocks


def test_mem_merge_takes_a_boolean():
    res = run_kemu(["-M", "none,mem-merge=maybe", "-m", "64"])
    assert res.returncode == 1
    assert "mem-merge: 'maybe' is not a boolean" in res.stderr
