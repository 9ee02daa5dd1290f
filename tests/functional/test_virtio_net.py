"""Networking with Debian 12's kernel and the busybox initramfs on both
boards (boards.py: -M virt with virtio-net-device, -M pc with
virtio-net-pci; virtio_net and its dependencies are in the initramfs):
user networking (DHCP, a download from the host, hostfwd into the guest),
the legacy -net form with model=virtio and macaddr=, two guests over
-netdev socket.  On AArch64 alone, as the board does not change them: a
QEMU guest on the socket link, a tap device when the host allows it, and
the command-line errors."""
import functools
import hashlib
import http.server
import os
import re
import shutil
import socket
import subprocess
import threading
import urllib.request

import pytest

from boards import AARCH64, on_each_board, shell_at_prompt
from kemu_harness import KemuProcess, run_kemu
from test_aarch64_virt import needs_tcg

# udhcpc's script: configure what the lease says (busybox ip).
DHCP_SCRIPT = ('#!/bin/sh\\n[ "$1" = bound ] && ip addr add $ip/$mask dev '
               '$interface && ip route add default via $router\\nexit 0\\n')


def dhcp(sh):
    sh.run(f"printf '{DHCP_SCRIPT}' >/tmp/dh; chmod +x /tmp/dh")
    _, out = sh.run("ip link set eth0 up; udhcpc -i eth0 -n -q -s /tmp/dh "
                    "&& ip -4 addr show eth0", timeout=120)
    assert "lease of 10.0.2.15 obtained from 10.0.2.2" in out, out
    assert "inet 10.0.2.15/24" in out, out


def mac_of_eth0(sh):
    _, out = sh.run("ip link show eth0")
    return re.search(r"link/ether (\S+)", out).group(1)


@pytest.fixture
def http_dir(tmp_path):
    """A Python http.server on the host's loopback serving tmp_path."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=str(tmp_path))
    handler.log_message = lambda *a: None
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield tmp_path, srv.server_address[1]
    srv.shutdown()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@on_each_board
def test_user_dhcp_download_and_hostfwd(board, http_dir):
    """-nic user: DHCP gives 10.0.2.15; the guest fetches a file from the
    host through 10.0.2.2 intact; hostfwd reaches a server in the guest."""
    www, port = http_dir
    blob = os.urandom(1 << 20)
    (www / "blob").write_bytes(blob)
    fwd = free_port()
    with board.guest(["-nic", f"user,mac=52:54:00:aa:bb:cc,"
                      f"hostfwd=tcp:127.0.0.1:{fwd}-:80"]) as sh:
        assert mac_of_eth0(sh) == "52:54:00:aa:bb:cc"
        dhcp(sh)
        _, out = sh.run(f"wget -q -O /tmp/blob http://10.0.2.2:{port}/blob "
                        "&& sha256sum /tmp/blob", timeout=300)
        assert hashlib.sha256(blob).hexdigest() + "  /tmp/blob" in out, out
        if board.transport == "pci":
            # The receive queue's MSI-X vector took the download.
            _, out = sh.run("grep virtio0-input /proc/interrupts")
            assert re.search(r"^ *\d+: +[1-9]\d* +PCI-MSI +\d+-edge +"
                             r"virtio0-input", out, re.M), out
        sh.run("mkdir -p /tmp/www && echo served-by-the-guest "
               ">/tmp/www/index.html && httpd -p 80 -h /tmp/www")
        with urllib.request.urlopen(f"http://127.0.0.1:{fwd}/index.html",
                                    timeout=60) as r:
            assert r.read() == b"served-by-the-guest\n"
        assert sh.poweroff() == 0


@on_each_board
def test_legacy_net_nic_and_user_on_a_hub(board, http_dir):
    """-net nic,model=virtio -net user: the board's virtio NIC and slirp
    meet on hub 0; macaddr= reaches the guest."""
    www, port = http_dir
    (www / "hello.txt").write_text("hello over the hub\n")
    with board.guest(["-net", "nic,model=virtio,macaddr=52:54:00:12:34:99",
                      "-net", "user"]) as sh:
        assert mac_of_eth0(sh) == "52:54:00:12:34:99"
        dhcp(sh)
        _, out = sh.run(f"wget -q -O - http://10.0.2.2:{port}/hello.txt")
        assert "hello over the hub" in out, out
        assert sh.poweroff() == 0


def socket_nic(board, mode, port, mac):
    return ["-netdev", f"socket,id=s0,{mode}=127.0.0.1:{port}",
            "-device", f"{board.virtio('net')},netdev=s0,mac={mac}"]


@on_each_board
def test_two_guests_over_netdev_socket(board):
    """One guest listens, the other connects; static addresses; ping and a
    TCP transfer go across (QEMU's stream framing)."""
    port = free_port()
    with board.guest(socket_nic(board, "listen", port,
                                "52:54:00:00:00:01")) as sa:
        with board.guest(socket_nic(board, "connect", port,
                                    "52:54:00:00:00:02")) as sb:
            sa.run("ip addr add 10.9.0.1/24 dev eth0; ip link set eth0 up")
            sb.run("ip addr add 10.9.0.2/24 dev eth0; ip link set eth0 up")
            _, out = sb.run("ping -c 3 -W 5 10.9.0.1", timeout=120)
            assert "3 packets received" in out, out
            sa.run("mkdir -p /tmp/w && seq 1 20000 >/tmp/w/n && "
                   "httpd -p 8080 -h /tmp/w")
            _, out = sb.run("wget -q -O - http://10.9.0.1:8080/n | md5sum; "
                            "seq 1 20000 | md5sum", timeout=120)
            sums = re.findall(r"[0-9a-f]{32}", out)
            assert len(sums) == 2 and sums[0] == sums[1], out
            assert sb.poweroff() == 0
        assert sa.poweroff() == 0


def test_kemu_and_qemu_guests_share_a_socket_link():
    """Kemu listens, QEMU connects: the same stream framing both ways."""
    b = AARCH64
    qemu = shutil.which("qemu-system-aarch64")
    if not qemu:
        pytest.skip("qemu-system-aarch64 is not installed (the oracle)")
    port = free_port()
    q = b.kemu(socket_nic(b, "connect", port, "52:54:00:00:00:02"))
    q.args[0] = qemu
    with b.guest(socket_nic(b, "listen", port, "52:54:00:00:00:01")) as sk:
        with q:
            sq = shell_at_prompt(q)
            sk.run("ip addr add 10.9.0.1/24 dev eth0; ip link set eth0 up")
            sq.run("ip addr add 10.9.0.2/24 dev eth0; ip link set eth0 up")
            _, out = sq.run("ping -c 3 -W 5 10.9.0.1", timeout=120)
            assert "3 packets received" in out, out
            _, out = sk.run("ping -c 2 -W 5 10.9.0.2", timeout=120)
            assert "2 packets received" in out, out


def tap_unavailable(name):
    """Why a tap device cannot be made here, or None.  Kemu creates the
    backends before the devices, so a bogus -device ends it right after."""
    res = run_kemu(["-M", "none", "-netdev",
                    f"tap,id=t,ifname={name},script=no,downscript=no",
                    "-device", "kemu-probe-only"])
    if "-netdev tap" in res.stderr:
        return res.stderr.strip()
    if subprocess.run(["ip", "-V"], capture_output=True).returncode != 0:
        return "no ip command on the host"
    return None


@needs_tcg
def test_tap_reaches_the_host():
    """-netdev tap: the host configures its side; the guest pings it."""
    name = f"kemut{os.getpid() % 100000}"
    why = tap_unavailable(name)
    if why:
        pytest.skip(f"tap needs CAP_NET_ADMIN or /dev/net/tun: {why}")
    b = AARCH64
    with b.guest(["-netdev", f"tap,id=t0,ifname={name},script=no,"
                  "downscript=no", "-device", f"{b.virtio('net')},netdev=t0"]
                 ) as sh:
        subprocess.run(["ip", "addr", "add", "10.77.0.1/24", "dev", name],
                       check=True)
        subprocess.run(["ip", "link", "set", name, "up"], check=True)
        sh.run("ip addr add 10.77.0.2/24 dev eth0; ip link set eth0 up")
        _, out = sh.run("ping -c 2 -W 5 10.77.0.1", timeout=120)
        assert "2 packets received" in out, out
        assert sh.poweroff() == 0


BAD = [
    (["-netdev", "user,id=n0,hostfwd=tcp:2222:22"],
     "-netdev user: invalid hostfwd 'tcp:2222:22' (want [tcp|udp]:"
     "[hostaddr]:hostport-[guestaddr]:guestport)"),
    (["-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=nosuch"],
     "-device: Property 'virtio-net-device.netdev' can't find value 'nosuch'"),
    (["-netdev", "user"], "-netdev user: an id is required (id=NAME)"),
    (["-netdev", "user,id=a", "-netdev", "socket,id=a,listen=:0"],
     "-netdev: duplicate id 'a'"),
    (["-netdev", "tap,id=t,script=/etc/qemu-ifup"],
     "-netdev tap: script=/etc/qemu-ifup: running scripts is not supported "
     "yet (use script=no and set the interface up yourself)"),
    (["-netdev", "user,id=u", "-device", "virtio-net-device,netdev=u",
      "-device", "virtio-net-device,netdev=u"],
     "-device: Property 'virtio-net-device.netdev': netdev 'u' is already "
     "in use"),
    (["-nic", "user,model=nosuch"],
     "-nic model=nosuch: 'nosuch' is not a valid device model name"),
    (["-device", "virtio-net-device,mac=52:54"],
     "-device: Property 'virtio-net-device.mac': invalid MAC address "
     "'52:54' (want xx:xx:xx:xx:xx:xx)"),
    (["-net", "nic,netdev=nosuch"], "-net nic: netdev 'nosuch' not found"),
]


@needs_tcg
@pytest.mark.parametrize("args,message", BAD)
def test_network_option_errors_are_one_line(args, message):
    res = run_kemu(["-M", "virt", "-S", "-display", "none"] + args,
                   arch="aarch64")
    assert res.returncode == 1, res
    assert res.stderr.splitlines() == [f"kemu-system-aarch64: {message}"]


def test_machine_without_default_nic_model():
    res = run_kemu(["-M", "none", "-nic", "user"])
    assert res.returncode == 1
    assert res.stderr.strip() == ("kemu: -nic: machine 'none' has no default "
                                  "NIC model; give one with model=")


@needs_tcg
def test_half_connected_hub_warns():
    with KemuProcess(["-M", "virt", "-S", "-display", "none", "-monitor",
                      "stdio", "-net", "nic"], arch="aarch64") as vm:
        vm.wait_for("hub 0 is not connected to host network")
        vm.send("info network\r")
        vm.wait_for(" \\ hub0port0: virtio-net-device.0: type=nic,"
                    "model=virtio-net-device,macaddr=52:54:00:12:34:56")
        vm.send("quit\r")
        assert vm.wait_exit() == 0
