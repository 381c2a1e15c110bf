"""The wheel carries the dictionaries, and an installed (not editable) copy finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{r.stdout}\n{r.stderr}")
    return next(out.glob("cleanup_text-*.whl"))


def test_wheel_contains_package_and_dictionaries(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("cleanup/__init__.py", "cleanup/cli.py", "cleanup/dictionaries/spinner-en.tsv",
                     "cleanup/dictionaries/tortured-science.tsv", "cleanup/dictionaries/README.md",
                     "cleanup/dictionaries/english-irregular-verbs.tsv"):
        assert required in names, required


def test_installed_wheel_finds_its_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True, timeout=300)
    code = ("import cleanup, sys; assert cleanup.__file__.startswith(sys.argv[1]), cleanup.__file__; "
            "print(cleanup.fix('It is one in every of the best.'))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    r = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "It is one of the best."
