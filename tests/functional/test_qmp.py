"""QMP on a socket, as management tools use it."""
import json
import socket
import time

from kemu_harness import KemuProcess


class QmpClient:
    def __init__(self, path):
        deadline = time.monotonic() + 10
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(str(path))
                break
            except (FileNotFoundError, ConnectionRefusedError):
                assert time.monotonic() < deadline
                time.sleep(0.05)
        self.buf = b""
        self.events = []

    def recv(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(4096)
            assert chunk, "QMP connection closed"
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def cmd(self, name, **args):
        msg = {"execute": name, "id": name}
        if args:
            msg["arguments"] = args
        self.sock.sendall(json.dumps(msg).encode())
        while True:
            reply = self.recv()
            if "event" in reply:
                self.events.append(reply)
                continue
            assert reply["id"] == name
            return reply

    def raw(self, text):
        self.sock.sendall(text)
        return self.recv()


def test_qmp_session(tmp_path):
    path = tmp_path / "qmp.sock"
    with KemuProcess(["-M", "none", "-display", "none", "-name", "g1",
                      "-qmp", f"unix:{path},server=on,wait=off"]) as vm:
        qmp = QmpClient(path)
        greeting = qmp.recv()
        assert greeting["QMP"]["version"]["package"] == "Kemu"
        assert "CommandNotFound" in str(qmp.cmd("query-status"))
        assert qmp.cmd("qmp_capabilities")["return"] == {}

        status = qmp.cmd("query-status")["return"]
        assert status["status"] == "running" and status["running"] is True
        assert qmp.cmd("query-name")["return"] == {"name": "g1"}
        names = {c["name"] for c in qmp.cmd("query-commands")["return"]}
        assert {"stop", "cont", "quit", "query-status"} <= names

        assert qmp.cmd("stop")["return"] == {}
        assert qmp.cmd("query-status")["return"]["status"] == "paused"
        assert qmp.cmd("cont")["return"] == {}
        assert [e["event"] for e in qmp.events] == ["STOP", "RESUME"]

        out = qmp.cmd("human-monitor-command", **{"command-line": "info status"})
        assert out["return"] == "VM status: running\n"

        # Errors are replies, never a dropped connection.
        assert qmp.cmd("nope")["error"]["class"] == "CommandNotFound"
        assert "JSON parse error" in qmp.raw(b'{"execute": }')["error"]["desc"]
        assert "JSON object" in qmp.raw(b"[1, 2]")["error"]["desc"]
        assert qmp.cmd("stop", bogus=1)["error"]["class"] == "GenericError"

        qmp.cmd("system_reset")
        assert qmp.cmd("quit")["return"] == {}
        event = qmp.recv()
        while event.get("event") != "SHUTDOWN":
            event = qmp.recv()
        assert event["data"] == {"guest": False, "reason": "host-qmp-quit"}
        assert vm.wait_exit() == 0
