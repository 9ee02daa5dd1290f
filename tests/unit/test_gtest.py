"""Run every GTest program under build/tests/unit, one pytest item per test
case, so the whole suite ends in one pytest summary line."""
import pathlib
import subprocess

import pytest

from conftest import BUILD

UNIT_DIR = BUILD / "tests" / "unit"


def unit_programs():
    if not UNIT_DIR.is_dir():
        return []
    return sorted(p for p in UNIT_DIR.iterdir()
                  if p.name.startswith("test-") and p.suffix == ""
                  and p.is_file() and p.stat().st_mode & 0o111)


def gtest_cases():
    cases = []
    for prog in unit_programs():
        out = subprocess.run([str(prog), "-l"], capture_output=True,
                             text=True, timeout=30, check=True).stdout
        for path in out.splitlines():
            if not path.startswith("/"):
                continue
            cases.append(pytest.param(prog, path, id=f"{prog.name}:{path}"))
    return cases


def test_unit_programs_built():
    assert unit_programs(), f"no GTest programs in {UNIT_DIR}: run make first"


@pytest.mark.parametrize("prog,path", gtest_cases())
def test_gtest(prog, path):
    res = subprocess.run([str(prog), "-p", path], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "\nok 1 " in "\n" + res.stdout, res.stdout
