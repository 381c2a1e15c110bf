"""The README opens with the two commands CI runs, and they are the ones in .ci/run."""

import re

from .conftest import ROOT


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_opens_with_install_and_test_commands():
    install, test = readme_commands()
    assert install.startswith("pip install . && cleanup fix") and "examples/" in install
    assert test == "pip install -e '.[test]' && pytest"


def test_ci_runs_exactly_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in readme_commands():
        assert command in ci, command
