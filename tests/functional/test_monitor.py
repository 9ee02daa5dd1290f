"""The human monitor on real chardevs, driven as a person would."""
import os
import pty
import re
import socket
import subprocess
import termios
import time

import pytest

from kemu_harness import KemuProcess, kemu_binary


def test_nographic_monitor_on_stdio():
    with KemuProcess(["-M", "none", "-m", "16", "-nographic", "-S"]) as vm:
        vm.wait_for("monitor - type 'help' for more information")
        vm.wait_for("(kemu) ")
        vm.send("info status\r")
        vm.wait_for("VM status: paused (prelaunch)")
        vm.send("cont\r")
        vm.send("info status\r")
        vm.wait_for("VM status: running")
        vm.send("stop\rinfo status\r")
        vm.wait_for(re.compile(r"VM status: paused\r?\n"))
        vm.send("info mtree\r")
        vm.wait_for("0000000000000000-0000000000ffffff (prio 0, ram): ram")
        vm.send("info qtree\r")
        vm.wait_for("bus: main-system-bus")
        vm.send("info jit\r")
        vm.wait_for("Error: info jit: the accelerator (none) does not "
                    "translate code")
        vm.send("system_reset\r")
        vm.wait_for("(kemu) ")
        vm.send("quit\r")
        assert vm.wait_exit() == 0


def test_mux_escapes():
    with KemuProcess(["-M", "none", "-nographic"]) as vm:
        vm.wait_for("(kemu) ")
        vm.send(b"\x01h")
        vm.wait_for("C-a x    exit emulator")
        vm.send(b"\x01c")           # to the serial port (nothing behind it)
        vm.send(b"\x01c")           # back to the monitor
        vm.wait_for("(kemu) ")
        vm.send(b"\x01x")
        vm.wait_for("kemu: terminated")
        assert vm.wait_exit() == 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_monitor_on_tcp_socket():
    port = free_port()
    with KemuProcess(["-M", "none", "-display", "none",
                      "-monitor", f"tcp:127.0.0.1:{port},server,nowait"]) as vm:
        deadline = time.monotonic() + 10
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline, vm.text()
                time.sleep(0.05)
        with conn:
            buf = b""
            while b"(kemu) " not in buf:
                buf += conn.recv(4096)
            conn.sendall(b"info status\n")
            while b"VM status: running" not in buf:
                buf += conn.recv(4096)
            conn.sendall(b"quit\n")
            # Keep the connection open until Kemu has read the command.
            assert vm.wait_exit() == 0


def test_monitor_on_chardev_by_id(tmp_path):
    path = tmp_path / "mon.sock"
    with KemuProcess(["-M", "none", "-nodefaults",
                      "-chardev", f"socket,id=m0,path={path},server=on,wait=off",
                      "-monitor", "chardev:m0"]) as vm:
        deadline = time.monotonic() + 10
        while not path.exists():
            assert time.monotonic() < deadline, vm.text()
            time.sleep(0.05)
        with socket.socket(socket.AF_UNIX) as conn:
            conn.connect(str(path))
            buf = b""
            while b"(kemu) " not in buf:
                buf += conn.recv(4096)
            conn.sendall(b"info chardev\r")
            while b"m0: filename=" not in buf:
                buf += conn.recv(4096)
            assert b"m0: filename=unix:" in buf
            conn.sendall(b"quit\r")
            assert vm.wait_exit() == 0


def test_sigterm_exits_cleanly():
    with KemuProcess(["-M", "none", "-display", "none"]) as vm:
        time.sleep(0.3)
        vm.proc.terminate()
        assert vm.wait_exit() == 0
        vm.wait_for("terminating on signal 15")


def test_stdio_terminal_restored_after_exit():
    """A real terminal: raw while Kemu runs, restored after C-a x."""
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    proc = subprocess.Popen([kemu_binary(), "-M", "none", "-nographic"],
                            stdin=slave, stdout=slave, stderr=slave)
    try:
        out = b""
        deadline = time.monotonic() + 10
        while b"(kemu) " not in out:
            assert time.monotonic() < deadline, out
            out += os.read(master, 4096)
        raw = termios.tcgetattr(slave)
        assert not raw[3] & termios.ICANON and not raw[3] & termios.ECHO
        os.write(master, b"\x01x")
        assert proc.wait(timeout=10) == 0
        assert termios.tcgetattr(slave) == before
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
        os.close(slave)
