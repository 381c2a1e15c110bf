"""Very large inputs are read, checked and fixed in chunks: the findings and the spin score of
a streamed file are those of the whole file, and a streamed fix never damages the file."""

from __future__ import annotations

import json
import os

import pytest

from cleanup import stream
from cleanup.checker import Checker
from cleanup.options import Options

from .conftest import ROOT, data_path


def _big_markdown(tmp_path):
    """About 400 kB of prose with spun passages, a code fence holding blank lines and spun
    words, a URL, and a suppressed stretch that will cross a chunk boundary."""
    prose = data_path("clean", "wikitext2.valid.txt").read_text(encoding="utf-8")[:300_000]
    prose = prose[: prose.rfind("\n\n") + 2]
    spun = (ROOT / "examples" / "spun-article.md").read_text(encoding="utf-8")
    fence = "```\none in every of\n\nprofound learning\n```\n\n"
    off = "<!-- cleanup: off -->\n\nIt is one in every of them.\n\n"
    on = "It is one in every of those.\n\n<!-- cleanup: on -->\n\nSee https://x.org/one-in-every-of.\n\n"
    half = len(prose) // 2
    cut = prose.find("\n\n", half) + 2
    text = spun + "\n" + prose[:cut] + fence + off + prose[cut:] + on + spun
    path = tmp_path / "big.md"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_streamed_check_equals_whole_file_check(tmp_path):
    path, text = _big_markdown(tmp_path)
    checker = Checker(Options(jobs=1))
    whole = checker.analyse(checker.document(text, path=str(path)))
    for size in (20_000, 150_000):
        streamed, words = stream.analyse_file(checker, str(path), chunk_chars=size)
        assert streamed.findings == whole.findings, size
        assert streamed.spin_score == pytest.approx(whole.spin_score)
        assert words == checker.document(text).word_count
    texts = [f.text for f in whole.findings]
    assert texts.count("One in every of") == 2  # the spun article, twice: not in fence or off
    assert "profound learning" not in texts


def test_streamed_check_through_the_command_line(run_cli, tmp_path):
    path, _ = _big_markdown(tmp_path)
    plain = run_cli(["check", "--format", "json", "-j", "1", str(path)])
    env = {"CLEANUP_STREAM_MIN_BYTES": "100000", "CLEANUP_STREAM_CHUNK_CHARS": "50000"}
    streamed = run_cli(["check", "--format", "json", str(path)], env=env)
    assert plain.returncode == streamed.returncode == 1
    assert json.loads(plain.stdout) == json.loads(streamed.stdout)
    score = run_cli(["score", str(path)], env=env)
    assert score.stdout == run_cli(["score", str(path)]).stdout


def test_streamed_fix_writes_atomically_and_keeps_the_file_on_errors(run_cli, tmp_path):
    spun = (ROOT / "examples" / "spun-article.md").read_text(encoding="utf-8")
    text = "\n".join([spun] * 40)
    env = {"CLEANUP_STREAM_MIN_BYTES": "10000", "CLEANUP_STREAM_CHUNK_CHARS": "5000"}
    path = tmp_path / "big.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))  # with a byte-order mark
    os.chmod(path, 0o640)
    r = run_cli(["fix", str(path)], env=env)
    assert r.returncode == 0, r.stderr
    expected = run_cli(["fix"], text).stdout  # the whole text through standard input
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    assert [p.name for p in tmp_path.iterdir()] == ["big.md"]  # no temporary file left
    # An undecodable byte far into the file: one-line error, the file untouched.
    bad = tmp_path / "bad.md"
    bad.write_bytes(text.encode("utf-8") + b"\n\n\xff\xfe broken\n")
    before = bad.read_bytes()
    r = run_cli(["fix", str(bad)], env=env)
    assert r.returncode == 2 and r.stderr.count(b"\n") == 1 and b"not valid" in r.stderr
    assert bad.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.md", "big.md"]


def test_check_streams_from_a_few_megabytes_and_fix_only_very_large_files(tmp_path, monkeypatch):
    """check and score stream plain text and Markdown from STREAM_MIN_BYTES (as fast from
    there, in about half the memory); fix reads files whole up to FIX_STREAM_MIN_BYTES, since
    a streamed fix repairs each chunk without the rest of the file's evidence."""
    from cleanup import cli
    from cleanup.files import FIX_STREAM_MIN_BYTES, STREAM_MIN_BYTES, streamable

    monkeypatch.delenv("CLEANUP_STREAM_MIN_BYTES", raising=False)
    sizes = {"small.txt": STREAM_MIN_BYTES - 1, "big.txt": STREAM_MIN_BYTES, "big.html": STREAM_MIN_BYTES}
    for name, size in sizes.items():
        with open(tmp_path / name, "wb") as fh:
            fh.truncate(size)  # (a sparse file: only its size is read)
    assert streamable(str(tmp_path / "big.txt")) and not streamable(str(tmp_path / "small.txt"))
    assert not streamable(str(tmp_path / "big.html"))  # markup whose regions may cross blank lines
    assert not streamable(str(tmp_path / "big.txt"), least=FIX_STREAM_MIN_BYTES)
    assert FIX_STREAM_MIN_BYTES > STREAM_MIN_BYTES
    monkeypatch.setenv("CLEANUP_STREAM_MIN_BYTES", "100")  # the override serves both
    assert streamable(str(tmp_path / "small.txt"), least=FIX_STREAM_MIN_BYTES)
    monkeypatch.delenv("CLEANUP_STREAM_MIN_BYTES")
    asked = []
    monkeypatch.setattr(cli, "streamable", lambda path, filetype=None, least=STREAM_MIN_BYTES:
                        asked.append(least) or False)
    text = tmp_path / "one.txt"
    text.write_text("It is one in every of the best.\n", encoding="utf-8")
    assert cli.main(["check", "-q", str(text)]) == 1 and asked == [STREAM_MIN_BYTES]
    assert cli.main(["fix", "-q", str(text)]) == 0 and asked[1:] == [FIX_STREAM_MIN_BYTES]
    assert text.read_text(encoding="utf-8") == "It is one of the best.\n"


def test_a_streamed_fix_takes_the_rest_of_the_file_into_account(tmp_path, monkeypatch):
    """A rare word the file writes in two chunks is a term, not a misspelling, as when the file
    is fixed whole: each chunk is fixed with the other chunks' unknown words as context."""
    prose = data_path("clean", "wikitext2.valid.txt").read_text(encoding="utf-8")[:400_000]
    line = "The ending was a deus ex machina of the plainest kind.\n\n"
    text = line + prose[: prose.rfind("\n\n") + 2] + line
    path = tmp_path / "big.txt"
    checker = Checker(Options(jobs=1))
    whole = checker.fix(text).text
    alone = checker.fix(line).text
    assert "machina" in whole and "machina" not in alone  # (written once, it is corrected)
    path.write_text(text, encoding="utf-8")
    stream.fix_file(checker, str(path), chunk_chars=50_000)
    assert path.read_text(encoding="utf-8") == whole
    monkeypatch.setattr(stream, "file_unknown_words", lambda *args: None)  # no context
    path.write_text(text, encoding="utf-8")
    stream.fix_file(checker, str(path), chunk_chars=50_000)
    assert path.read_text(encoding="utf-8").count("machina") == 0
