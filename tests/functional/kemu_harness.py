"""Start Kemu, wait for console output with a timeout, send input, check replies.

    with KemuProcess(["-M", "none", "-nographic"]) as vm:
        vm.wait_for("(kemu) ")
        vm.send("info status\\r")
        vm.wait_for("VM status: running")

Output is read on a thread into a buffer; wait_for() searches what arrived
since the previous match, so a test reads the console as a person would.
"""
import os
import re
import subprocess
import threading
import time

from conftest import BUILD


def kemu_binary(arch=None):
    name = f"kemu-system-{arch}" if arch else "kemu"
    return str(BUILD / name)


def run_kemu(args, arch=None, timeout=30, **kw):
    """Run Kemu to completion; returns CompletedProcess with text output."""
    return subprocess.run([kemu_binary(arch)] + list(args), capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          **kw)


class ConsoleTimeout(AssertionError):
    pass


class KemuProcess:
    def __init__(self, args, arch=None, env=None):
        self.args = [kemu_binary(arch)] + list(args)
        self.env = env
        self.proc = None
        self.output = bytearray()
        self.consumed = 0
        self.lock = threading.Condition()
        self.reader = None

    def __enter__(self):
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, env=self.env)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self.reader.join(timeout=5)

    def _read(self):
        while True:
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            with self.lock:
                if not chunk:
                    self.lock.notify_all()
                    return
                self.output += chunk
                self.lock.notify_all()

    def text(self):
        with self.lock:
            return self.output.decode(errors="replace")

    def wait_for(self, pattern, timeout=30):
        """Wait until pattern (str or compiled regex) appears in new output."""
        regex = pattern if isinstance(pattern, re.Pattern) else \
            re.compile(re.escape(pattern))
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                text = self.output[self.consumed:].decode(errors="replace")
                m = regex.search(text)
                if m:
                    self.consumed += len(text[:m.end()].encode())
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and
                                 not self.reader.is_alive()):
                    raise ConsoleTimeout(
                        f"waited {timeout}s for {regex.pattern!r}; "
                        f"exit={self.proc.poll()}; output so far:\n{text[-3000:]}")
                self.lock.wait(min(left, 0.2))

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def wait_exit(self, timeout=30):
        return self.proc.wait(timeout=timeout)
