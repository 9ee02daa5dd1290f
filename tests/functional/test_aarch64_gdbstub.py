"""gdb-multiarch against kemu-system-aarch64 -S -gdb: breakpoints by symbol,
registers, memory, single step, register writes, the exit report, and a
breakpoint at the head of a loop that the translator kept within one TB."""
import re
import shutil
import socket
import subprocess
import time

import pytest

from conftest import BUILD, SRC
from kemu_harness import KemuProcess

GDB = "gdb-multiarch"
TESTDIR = SRC / "tests" / "tcg" / "aarch64"
OUT = BUILD / "tests" / "tcg" / "aarch64"
ELF = OUT / "gdbtarget.elf"

COMMANDS = """set pagination off
set confirm off
target remote localhost:{port}
break gdb_target
continue
info registers pc
p/x $x0
x/4xw &gdb_words
stepi
info registers pc
p/x $x0
set $x0 = 100
p/x $x0
continue
"""

# gdb_loop ran once (its TB loops within itself) before the breakpoint at
# its head is set: each pass must still stop there.
LOOP_COMMANDS = """set pagination off
set confirm off
target remote localhost:{port}
break gdb_between
continue
break *gdb_loop_head
continue
p/x $x9
continue
p/x $x9
continue
p/x $x9
delete
continue
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_target():
    if not shutil.which(GDB):
        pytest.skip(f"{GDB} is not installed (scripts/install-deps.sh)")
    if not shutil.which("aarch64-linux-gnu-gcc"):
        pytest.skip("gcc-aarch64-linux-gnu is not installed")
    res = subprocess.run(["make", "-s", "-C", str(TESTDIR), f"OUT={OUT}",
                          str(ELF)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def run_gdb(script, port):
    """gdb in batch mode; retried while the stub is not listening yet."""
    for _ in range(50):
        res = subprocess.run([GDB, "-batch", "-nx", "-x", str(script),
                              str(ELF)], capture_output=True, text=True,
                             timeout=60, stdin=subprocess.DEVNULL)
        out = res.stdout + res.stderr
        if "Connection refused" not in out:
            return out
        time.sleep(0.1)
    pytest.fail("the gdbstub never listened on port %d" % port)


@pytest.mark.parametrize("accel", ["tcg", "tcg,backend=tci"])
def test_gdb_session(tmp_path, accel):
    build_target()
    port = free_port()
    script = tmp_path / "cmds.gdb"
    script.write_text(COMMANDS.format(port=port))
    args = ["-M", "virt", "-cpu", "cortex-a72", "-nographic", "-semihosting",
            "-accel", accel, "-S", "-gdb", f"tcp::{port}", "-kernel", str(ELF)]
    with KemuProcess(args, arch="aarch64") as vm:
        out = run_gdb(script, port)
        vm.wait_for("result=0000000022222286")   # x0 = 100 took effect
        vm.wait_for("END")
        assert vm.proc.wait(timeout=10) == 0
    assert "Breakpoint 1, gdb_target (x=x@entry=5)" in out, out
    assert re.search(r"^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <gdb_target>$", out,
                     re.M), out
    assert "$1 = 0x5" in out, out
    assert re.search(r"<gdb_words>:\s+0x11111111\s+0x22222222\s+0x33333333"
                     r"\s+0x44444444", out), out
    assert re.search(r"^pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <gdb_target\+4>$",
                     out, re.M), out
    assert "$2 = 0xf" in out, out            # x0 * 3 after one step
    assert "$3 = 0x64" in out, out
    assert re.search(r"\[Inferior 1 \(.*\) exited normally\]", out), out


@pytest.mark.parametrize("accel", ["tcg", "tcg,backend=tci"])
def test_gdb_loop_breakpoint(tmp_path, accel):
    build_target()
    port = free_port()
    script = tmp_path / "cmds.gdb"
    script.write_text(LOOP_COMMANDS.format(port=port))
    args = ["-M", "virt", "-cpu", "cortex-a72", "-nographic", "-semihosting",
            "-accel", accel, "-S", "-gdb", f"tcp::{port}", "-kernel", str(ELF)]
    with KemuProcess(args, arch="aarch64") as vm:
        out = run_gdb(script, port)
        vm.wait_for("loop again=000000000000000a")
        vm.wait_for("END")
        assert vm.proc.wait(timeout=10) == 0
    assert "Breakpoint 1, gdb_between" in out, out
    assert out.count("Breakpoint 2, ") == 3, out
    assert "$1 = 0x4" in out, out
    assert "$2 = 0x3" in out, out
    assert "$3 = 0x2" in out, out
    assert re.search(r"\[Inferior 1 \(.*\) exited normally\]", out), out
