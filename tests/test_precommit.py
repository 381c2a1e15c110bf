"""Integration: the real pre-commit tool runs this repository's hooks in a scratch git repository.

This installs cleanup into pre-commit's own environment (from PyPI and this checkout), so it
takes a minute; it needs git and the network access CI has.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

SPUN = "# Notes\n\nThis is one in every of the best tools.\n"
CLEAN = "# Notes\n\nThis is one of the best tools.\n"


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout, so pre-commit cannot use it as a hook repository")
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(work, home, hook, *files):
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--files", *files],
        cwd=work, capture_output=True, text=True, env=env, timeout=900,
    )


@pytest.fixture
def scratch_repo(tmp_path):
    _git(tmp_path, "init", "-q")
    return tmp_path


def test_check_hook_fails_on_spun_and_passes_on_clean(scratch_repo, precommit_home):
    (scratch_repo / "spun.md").write_text(SPUN)
    (scratch_repo / "clean.md").write_text(CLEAN)
    _git(scratch_repo, "add", ".")
    spun = _try_repo(scratch_repo, precommit_home, "cleanup", "spun.md")
    assert spun.returncode == 1, spun.stdout + spun.stderr
    assert "phrasebook/spinner-en" in spun.stdout
    clean = _try_repo(scratch_repo, precommit_home, "cleanup", "clean.md")
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_fix_hook_repairs_the_file(scratch_repo, precommit_home):
    (scratch_repo / "spun.md").write_text(SPUN)
    _git(scratch_repo, "add", ".")
    result = _try_repo(scratch_repo, precommit_home, "cleanup-fix", "spun.md")
    assert result.returncode == 1, result.stdout + result.stderr  # pre-commit fails when files change
    assert (scratch_repo / "spun.md").read_text() == CLEAN
    again = _try_repo(scratch_repo, precommit_home, "cleanup-fix", "spun.md")
    assert again.returncode == 0, again.stdout + again.stderr
