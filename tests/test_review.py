"""``cleanup fix --interactive``: the review loop alone, and the real command driven through a
pseudo-terminal, as a person at a keyboard would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace

import pytest

from cleanup.checker import Checker
from cleanup.review import review

TEXT = ("It is one in every of the best tools.\n"
        "We trained a profound learning model.\n"
        "Users can get right of entry to the records.\n"
        "One in every of them is here.\n"
        "They chill out rules on weekends.\n")


def _review(answers):
    checker = Checker()
    doc = checker.document(TEXT, path="t.txt")
    replies = iter(answers)
    said = []
    result = review(doc, checker.findings(doc), lambda prompt: next(replies, None), said.append)
    return result, result.apply(TEXT), "\n".join(said)


def test_every_answer_does_what_it_says():
    result, text, said = _review(["?", "a", "e", "deep-learning", "s", "r"])
    assert "skip every finding of this rule" in said  # the help
    assert text == TEXT.replace("one in every of the best", "one of the best").replace(
        "profound learning", "deep-learning")
    assert result.skipped == 3 and not result.quit  # skipped, and the rule's two later ones
    assert "[5/5]" not in said  # "chill out" was skipped with its rule


def test_numbers_quit_and_end_of_input():
    result, text, said = _review(["7", "1", "q"])
    assert "there are 1 suggestions" in said
    assert text == TEXT.replace("one in every of the best", "one of the best")
    assert result.quit and result.skipped == 4
    result, text, _ = _review([])  # end of input at once: nothing changes
    assert text == TEXT and result.quit


def test_a_finding_without_suggestion_needs_an_edit():
    checker = Checker()
    doc = checker.document("Caf\u00c3\u00a9 au lait.\n", path="m.txt")
    findings = [replace(f, suggestions=()) for f in checker.findings(doc)]
    replies = iter(["a", "e", "é"])  # the finding is the mis-decoded "Ã©"
    said = []
    result = review(doc, findings, lambda p: next(replies, None), said.append)
    assert "has no suggestion" in said[-1] and result.apply(doc.text) == "Café au lait.\n"


def _drive(tmp_path, keys: str) -> tuple[str, str, int]:
    """Run ``cleanup fix --interactive`` on a copy of TEXT in a pseudo-terminal, typing
    ``keys``; return the file afterwards, everything the terminal showed and the exit code."""
    import pty

    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cleanup", "fix", "--interactive", str(path)],
                            stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                            env=dict(os.environ, NO_COLOR="1"))
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + 120
    for line in keys.splitlines(keepends=True):
        while b"> " not in shown.rsplit(b"\n", 1)[-1] and b"with: " not in shown[-40:]:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"no prompt; the terminal showed {shown[-2000:]!r}")
            shown += os.read(master, 4096)
        os.write(master, line.encode())
        shown += os.read(master, 4096)  # the echo of what was typed, at least
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    code = proc.wait(timeout=120)
    os.close(master)
    return path.read_text(encoding="utf-8"), shown.decode("utf-8", "replace"), code


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminals as on Linux")
def test_interactive_fix_through_a_pseudo_terminal(tmp_path):
    text, shown, code = _drive(tmp_path, "a\ne\ndeep-learning\ns\nr\n")
    assert code == 0, shown
    assert text == TEXT.replace("one in every of the best", "one of the best").replace(
        "profound learning", "deep-learning")
    assert "[1/5]" in shown and "»one in every of«" in shown and "1) one of" in shown
    assert "applied 2 of 5 findings" in shown

    text, shown, code = _drive(tmp_path, "s\n1\nq\n")
    assert code == 0 and "applied 1 of 5 findings (quit)" in shown
    assert text == TEXT.replace("profound learning", "deep learning")


def test_interactive_needs_one_file_and_a_terminal(run_cli, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    for args in (["fix", "-i"], ["fix", "-i", "a.txt", "a.txt"], ["fix", "-i", "--diff", "a.txt"],
                 ["fix", "-i", "a.txt"]):  # the last: a file, but no terminal (pipes)
        r = run_cli(args, TEXT, cwd=tmp_path)
        assert r.returncode == 2 and r.stderr.count(b"\n") == 1, (args, r.stderr)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == TEXT
