"""kemu-system-aarch64 -M virt: the board listing, -cpu help, dumpdtb."""
import shutil
import subprocess

import pytest

from conftest import BUILD
from kemu_harness import run_kemu


def tcg_available():
    res = run_kemu(["-accel", "help"], arch="aarch64")
    return "tcg" in res.stdout.split()


needs_tcg = pytest.mark.skipif(not tcg_available(),
                               reason="no TCG accelerator yet (accel/tcg not merged)")


def test_virt_is_the_default_board():
    res = run_kemu(["-M", "help"], arch="aarch64")
    assert res.returncode == 0
    assert any(line.startswith("virt ") and "(default)" in line
               for line in res.stdout.splitlines())


@needs_tcg
def test_cpu_help_lists_models():
    res = run_kemu(["-cpu", "help"], arch="aarch64")
    assert res.returncode == 0
    assert "cortex-a72" in res.stdout.split() and "max" in res.stdout.split()


@needs_tcg
def test_dumpdtb_is_parsed_by_dtc(tmp_path):
    if not shutil.which("dtc"):
        pytest.skip("dtc is not installed (device-tree-compiler)")
    dtb = tmp_path / "x.dtb"
    kernel = BUILD / "tests" / "tcg" / "aarch64" / "arith.elf"
    if not kernel.exists():
        pytest.skip("no bare-metal kernel built (make tcg-tests)")
    res = run_kemu(["-M", f"virt,dumpdtb={dtb}", "-kernel", str(kernel),
                    "-append", "console=ttyAMA0"], arch="aarch64")
    assert res.returncode == 0, res.stderr
    dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", str(dtb)],
                         capture_output=True, text=True, check=True).stdout
    assert "pl011@9000000" in dts
    # dtc prints string lists either way, depending on its version.
    assert ('compatible = "arm,pl011", "arm,primecell";' in dts or
            'compatible = "arm,pl011\\0arm,primecell";' in dts)
    assert 'bootargs = "console=ttyAMA0";' in dts


@needs_tcg
def test_unknown_cpu_model():
    res = run_kemu(["-M", "virt", "-cpu", "nosuch"], arch="aarch64")
    assert res.returncode == 1
    assert "-cpu: unknown CPU model 'nosuch'" in res.stderr
