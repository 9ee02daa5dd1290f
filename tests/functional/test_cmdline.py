"""The command line as users type it: help output, errors and exit codes."""
import pytest

from kemu_harness import run_kemu


def test_version():
    res = run_kemu(["-version"])
    assert res.returncode == 0
    assert res.stdout.startswith("Kemu emulator version ")


def test_help_lists_options_with_one_or_two_dashes():
    for flag in ("-h", "--help"):
        res = run_kemu([flag])
        assert res.returncode == 0
        for opt in ("-machine", "-smp", "-nographic", "-no-reboot"):
            assert f"\n{opt} " in res.stdout


def test_machine_help_per_arch():
    res = run_kemu(["-M", "help"])
    assert res.returncode == 0
    assert "none                 empty machine" in res.stdout
    res = run_kemu(["--machine", "help"], arch="aarch64")
    assert res.returncode == 0 and "none" in res.stdout


@pytest.mark.parametrize("args,message", [
    (["-bogus"], "kemu: -bogus: invalid option"),
    (["-m"], "kemu: -m: requires an argument"),
    (["-M", "none", "-m", "12X"], "kemu: -m: invalid RAM size '12X'"),
    (["-M", "nonexistent"], "kemu: -machine: unsupported machine type 'nonexistent'"),
    (["-M", "none,foo=bar"], "kemu: -machine: machine 'none' has no property 'foo'"),
    (["-M", "none", "-smp", "2"], "kemu: -smp: machine 'none' has no CPUs"),
    (["-accel", "xen"], "kemu: -accel: invalid accelerator 'xen'"),
    (["-nographic", "-display", "sdl"], "kemu: -nographic cannot be used with -display"),
    (["-d", "bogus"], "kemu: -d: unknown log item 'bogus'"),
    ([], "kemu: No machine specified"),
])
def test_bad_options_give_one_line_and_status_1(args, message):
    res = run_kemu(args)
    assert res.returncode == 1, res
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith(message), res.stderr


def test_program_name_prefixes_errors():
    res = run_kemu(["-bogus"], arch="x86_64")
    assert res.stderr.startswith("kemu-system-x86_64: -bogus: invalid option")


def test_unimplemented_options_are_refused_clearly():
    res = run_kemu(["-M", "none", "-display", "sdl"])
    assert res.returncode == 1
    assert res.stderr.strip() == "kemu: -display: not supported yet"


def test_drive_opens_and_locks_images(tmp_path):
    """-drive opens the image at start-up and holds QEMU's write lock."""
    import subprocess
    from conftest import BUILD
    from kemu_harness import KemuProcess

    img = tmp_path / "disk.qcow2"
    subprocess.run([str(BUILD / "kemu-img"), "create",
                    "-f", "qcow2", str(img), "16M"], check=True,
                   capture_output=True)
    with KemuProcess(["-M", "none", "-nographic",
                      "-drive", f"file={img},if=none,id=d0"]) as vm:
        vm.wait_for("(kemu) ")
        vm.send("info block\r")
        vm.wait_for(f"d0: {img} (qcow2)")
        second = run_kemu(["-M", "none", "-drive", f"file={img},if=none"])
        assert second.returncode == 1
        assert 'Failed to get "write" lock' in second.stderr
        vm.send("quit\r")
        assert vm.wait_exit() == 0
    res = run_kemu(["-M", "none", "-drive", f"file={tmp_path}/missing.img"])
    assert res.returncode == 1
    assert res.stderr.startswith(f"kemu: -drive file={tmp_path}/missing.img: "
                                 "Could not open")
