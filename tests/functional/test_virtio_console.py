"""virtio-serial and virtio-rng under Linux on both boards (boards.py: -M
virt over virtio-mmio, -M pc over virtio-pci; TCG): Debian's
virtio_console module finds a virtconsole (hvc0) and a named
virtserialport over the MULTIPORT control queue; data flows both ways
between the guest and the chardevs; console=hvc0 gives the shell on the
virtio console (AArch64); virtio_rng feeds /dev/hwrng from the host."""
import hashlib
import re
import socket
import time

from boards import AARCH64, on_each_board
from kemu_harness import ConsoleTimeout

VIRTIO_CONSOLE = "module: kernel/drivers/char/virtio_console.ko"
VIRTIO_RNG = "module: kernel/drivers/char/hw_random/virtio-rng.ko"


class SocketReader:
    """The host end of a unix-socket chardev (Kemu is the server)."""

    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(str(path))
                break
            except (FileNotFoundError, ConnectionRefusedError):
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.sock.settimeout(0.2)
        self.data = b""

    def wait_for(self, pattern, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(pattern, self.data)
            if m:
                self.data = self.data[m.end():]
                return m
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                break
            self.data += chunk
        raise ConsoleTimeout(f"socket: no {pattern!r} in {self.data[-500:]!r}")

    def send(self, data):
        self.sock.sendall(data)

    def close(self):
        self.sock.close()


def console_opts(board, sock, port_file):
    return ["-device", f"{board.virtio('serial')},id=vser0",
            "-chardev", f"socket,id=c0,path={sock},server=on,wait=off",
            "-device", "virtconsole,chardev=c0",
            "-chardev", f"file,id=c1,path={port_file}",
            "-device", "virtserialport,chardev=c1,name=org.kemu.test.0"]


@on_each_board
def test_ports_carry_data_both_ways(board, tmp_path):
    board.require_assets(VIRTIO_CONSOLE)
    sock, port_file = tmp_path / "hvc.sock", tmp_path / "port.out"
    with board.guest(console_opts(board, sock, port_file)) as sh:
        host = SocketReader(sock)
        _, out = sh.run("cat /sys/class/virtio-ports/*/name; "
                        "ls /dev/hvc0 /dev/vport*")
        assert "org.kemu.test.0" in out
        vport = re.search(r"/dev/vport\d+p1", out).group(0)
        # Guest -> host, on both ports.
        sh.run("echo from-guest-$((6 * 7)) >/dev/hvc0")
        host.wait_for(rb"from-guest-42")
        sh.run(f"echo named-port-data >{vport}")
        # Host -> guest.  The shell holds hvc0 open (fd 3) so that input
        # waits in the guest's tty, however early it comes.
        sh.run("exec 3</dev/hvc0")
        host.send(b"from-host\n")
        _, out = sh.run("read -r line <&3; echo \"got:$line\"")
        assert "got:from-host" in out
        # 100 lines (21 KB) at once arrive whole and in order.
        lines = [f"line-{i:03d}-" + "x" * 200 for i in range(100)]
        payload = "".join(line + "\n" for line in lines).encode()
        host.send(payload)
        _, out = sh.run("grep -m 100 ^line- <&3 | sha256sum; exec 3<&-")
        assert hashlib.sha256(payload).hexdigest() in out
        host.close()
        assert sh.poweroff() == 0
    assert port_file.read_text() == "named-port-data\n"


def test_console_hvc0_gives_the_shell(tmp_path):
    """AArch64 only: choosing hvc0 is the kernel's and /init's business,
    the same on pc (whose hvc0 the ports test writes to), and a pc boot
    costs make check four times as much."""
    board = AARCH64
    board.require_assets(VIRTIO_CONSOLE)
    sock = tmp_path / "hvc.sock"
    with board.kemu(["-device", board.virtio("serial"),
                     "-chardev", f"socket,id=c0,path={sock},server=on,"
                     "wait=off", "-device", "virtconsole,chardev=c0"],
                    append=f"console={board.console} console=hvc0") as vm:
        host = SocketReader(sock)
        host.wait_for(rb"KEMU-INIT: ready", timeout=120)
        host.send(b"echo $((6 * 7))-on-hvc\n")
        host.wait_for(rb"42-on-hvc")
        host.send(b"poweroff -f\n")
        assert vm.wait_exit(timeout=60) == 0
        host.close()


@on_each_board
def test_rng_feeds_hwrng(board):
    """virtio_rng registers with the hw_random core, which makes it the
    current source of /dev/hwrng; what it reads is not constant.  On pc
    the kernel is told pci=nomsi: the device interrupts through INTx and
    the I/O APIC instead of MSI-X (which the other tests use)."""
    board.require_assets(VIRTIO_RNG)
    pci = board.transport == "pci"
    append = f"console={board.console} quiet" + (" pci=nomsi" if pci else "")
    with board.guest(["-device", board.virtio("rng")], append=append) as sh:
        _, out = sh.run("cat /sys/class/misc/hw_random/rng_available "
                        "/sys/class/misc/hw_random/rng_current")
        assert out.split()[-1].startswith("virtio_rng"), out
        _, out = sh.run("for i in 1 2; do head -c 16384 /dev/hwrng | "
                        "tee /tmp/r$i | sha256sum; done; wc -c </tmp/r2")
        a, b = re.findall(r"[0-9a-f]{64}", out)
        assert a != b, out
        assert out.split()[-1] == "16384", out
        if pci:
            _, out = sh.run("grep virtio /proc/interrupts")
            assert re.search(r"^ *\d+: +[1-9]\d* +IO-APIC +\d+-fasteoi +"
                             r"virtio0$", out, re.M), out
        assert sh.poweroff() == 0
