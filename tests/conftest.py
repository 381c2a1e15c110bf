"""Shared fixtures: paths to the benchmark data beside the checkout, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def data_path(*parts: str) -> Path:
    """A file of ../shared/data; the test is skipped (visibly) when the data is absent."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"benchmark data not found: {path}")
    return path


@pytest.fixture
def run_cli(tmp_path):
    """Run the real console entry point in a subprocess: (args, stdin bytes, cwd) -> result."""

    def run(args, stdin: bytes | str = b"", cwd=None, env=None):
        if isinstance(stdin, str):
            stdin = stdin.encode("utf-8")
        full_env = dict(os.environ, NO_COLOR="1")
        full_env.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "cleanup", *args],
            input=stdin, capture_output=True, cwd=cwd or tmp_path, env=full_env, timeout=120,
        )

    return run
