"""The command line, end to end, through the real entry point in a subprocess."""

from __future__ import annotations

import json
import os
import stat

import pytest

SPUN = "It is one in every of the best.\n"
FIXED = "It is one of the best.\n"
CLEAN = "It is one of the best.\n"


def test_filter_fixes_stdin(run_cli):
    r = run_cli(["fix"], SPUN)
    assert r.returncode == 0
    assert r.stdout.decode() == FIXED
    assert r.stderr == b""


def test_filter_passes_clean_text_byte_for_byte(run_cli):
    raw = "caf\u00e9 \u201cquoted\u201d\r\nno trailing newline".encode("utf-8")
    r = run_cli(["fix", "-"], raw)
    assert r.returncode == 0 and r.stdout == raw


def test_check_json_on_spun_file(run_cli, tmp_path):
    (tmp_path / "spun.txt").write_text(SPUN)
    r = run_cli(["check", "--format", "json", "spun.txt"])
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["version"] == 1
    assert out["summary"]["findings"] == 1 and out["summary"]["files"] == 1
    f = out["findings"][0]
    assert set(f) == {"path", "line", "column", "start", "end", "text", "detector", "rule",
                      "message", "suggestions", "confidence", "severity"}
    assert (f["path"], f["line"], f["column"], f["text"], f["suggestions"]) == (
        "spun.txt", 1, 7, "one in every of", ["one of"])


def test_check_clean_file_exits_zero(run_cli, tmp_path):
    (tmp_path / "clean.txt").write_text(CLEAN)
    r = run_cli(["check", "clean.txt"])
    assert r.returncode == 0 and r.stdout == b""


def test_missing_path_is_one_line_and_exit_2(run_cli):
    r = run_cli(["check", "nope.txt"])
    assert r.returncode == 2
    lines = r.stderr.decode().strip().splitlines()
    assert lines == ["cleanup: error: nope.txt: no such file or directory"]


def test_usage_errors_are_one_line(run_cli):
    for args in (["check", "--format", "xml"], ["check", "--min-confidence", "7"],
                 ["check", "--select", "nonsense"], ["fix", "--jobs", "x"], ["frobnicate"]):
        r = run_cli(args, "")
        assert r.returncode == 2, args
        assert len(r.stderr.decode().strip().splitlines()) == 1, (args, r.stderr)
        assert b"Traceback" not in r.stderr


def test_directory_needs_recursive(run_cli, tmp_path):
    (tmp_path / "docs").mkdir()
    r = run_cli(["check", "docs"])
    assert r.returncode == 2 and b"--recursive" in r.stderr


def test_undecodable_input_and_encoding_option(run_cli, tmp_path):
    (tmp_path / "latin.txt").write_bytes("caf\u00e9: one in every of\n".encode("latin-1"))
    r = run_cli(["check", "latin.txt"])
    assert r.returncode == 2
    assert r.stderr.decode().strip() == ("cleanup: error: latin.txt: not valid UTF-8 (byte 0xe9 at "
                                         "offset 3); pass --encoding to read it")
    r = run_cli(["fix", "--encoding", "latin-1", "latin.txt"])
    assert r.returncode == 0
    assert (tmp_path / "latin.txt").read_bytes() == "caf\u00e9: one of\n".encode("latin-1")


def test_binary_files_are_skipped_with_a_note(run_cli, tmp_path):
    (tmp_path / "image.bin").write_bytes(b"\x89PNG\r\n\x00\x00one in every of")
    r = run_cli(["check", "image.bin"])
    assert r.returncode == 0
    assert b"binary file, skipped" in r.stderr


def test_fix_in_place_preserves_crlf_bom_and_mode(run_cli, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(b"\xef\xbb\xbfLine one in every of many.\r\nSecond line\r\n")
    os.chmod(path, 0o640)
    r = run_cli(["fix", "doc.txt"])
    assert r.returncode == 0
    assert path.read_bytes() == b"\xef\xbb\xbfLine one of many.\r\nSecond line\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert b"fixed 1 finding" in r.stderr


def test_fix_preserves_missing_trailing_newline_and_utf16(run_cli, tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(b"one in every of them")
    b = tmp_path / "b.txt"
    b.write_bytes("one in every of them\n".encode("utf-16"))
    assert run_cli(["fix", "a.txt", "b.txt"]).returncode == 0
    assert a.read_bytes() == b"one of them"
    assert b.read_bytes() == "one of them\n".encode("utf-16")


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False,
                    reason="root ignores directory permissions")
def test_failed_write_leaves_file_untouched(run_cli, tmp_path):
    d = tmp_path / "ro"
    d.mkdir()
    path = d / "doc.txt"
    path.write_text(SPUN)
    os.chmod(d, 0o555)
    try:
        r = run_cli(["fix", "ro/doc.txt"])
    finally:
        os.chmod(d, 0o755)
    assert r.returncode == 2
    assert path.read_text() == SPUN
    assert [p.name for p in d.iterdir()] == ["doc.txt"]


def test_failed_write_leaves_file_untouched_even_as_root(tmp_path, monkeypatch):
    from cleanup import files

    path = tmp_path / "doc.txt"
    path.write_text(SPUN)

    def boom(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(files.InputError, match="write failed, file left unchanged"):
        files.write_atomic(str(path), b"changed")
    assert path.read_text() == SPUN
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_diff_prints_and_does_not_write(run_cli, tmp_path):
    (tmp_path / "a.md").write_text(SPUN)
    r = run_cli(["fix", "--diff", "a.md"])
    assert r.returncode == 1
    assert r.stdout.decode().splitlines()[:2] == ["--- a/a.md", "+++ b/a.md"]
    assert "+It is one of the best." in r.stdout.decode()
    assert (tmp_path / "a.md").read_text() == SPUN


@pytest.mark.parametrize("fmt", ["text", "jsonl", "sarif", "github"])
def test_every_format_reports_the_finding(run_cli, fmt):
    r = run_cli(["check", "--format", fmt], SPUN)
    assert r.returncode == 1
    out = r.stdout.decode()
    if fmt == "text":
        assert out == "-:1:7: phrasebook/spinner-en 'one in every of' is a known article-spinner substitution → one of\n"
    elif fmt == "jsonl":
        assert json.loads(out)["rule"] == "phrasebook/spinner-en"
    elif fmt == "sarif":
        sarif = json.loads(out)
        result = sarif["runs"][0]["results"][0]
        assert sarif["version"] == "2.1.0"
        assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 7
    else:
        assert out.startswith("::error file=-,line=1,col=7,endLine=1,endColumn=22,")


def test_color_and_context_on_request(run_cli):
    r = run_cli(["check", "--color", "always"], SPUN)
    out = r.stdout.decode()
    assert "\033[" in out
    assert "It is one in every of the best." in out and "^~~~" in out


def test_select_ignore_and_min_confidence(run_cli):
    text = "One in every of the irregular woodland models.\n"
    r = run_cli(["check", "--format", "jsonl", "--select", "phrasebook/tortured-science"], text)
    rules = [json.loads(line)["rule"] for line in r.stdout.decode().splitlines()]
    assert rules == ["phrasebook/tortured-science"]
    r = run_cli(["check", "--ignore", "phrasebook,spin"], text)
    assert r.returncode == 0 and r.stdout == b""
    r = run_cli(["check", "--min-confidence", "1.0"], text)
    assert r.returncode == 0
    r = run_cli(["check", "--min-confidence", "0.2", "--format", "jsonl"], "we tend to list it\n")
    assert r.returncode == 1


def test_suppression_comments(run_cli):
    text = ("one in every of  <!-- cleanup: ignore -->\n"
            "# cleanup: ignore-next-line\n"
            "one in every of\n"
            "% cleanup: off\n"
            "one in every of\n"
            "// cleanup: on\n"
            "one in every of  # cleanup: ignore[phrasebook/tortured-science]\n")
    r = run_cli(["check", "--format", "jsonl"], text)
    lines = [json.loads(x)["line"] for x in r.stdout.decode().splitlines()]
    assert lines == [7]


def test_allow_list_flag_and_file(run_cli, tmp_path):
    (tmp_path / "allow.txt").write_text("# phrases we mean\none in every of\n")
    assert run_cli(["check", "--allow", "One in Every of"], SPUN).returncode == 0
    assert run_cli(["check", "--allow-file", "allow.txt"], SPUN).returncode == 0


def test_user_dictionary_and_its_errors(run_cli, tmp_path):
    (tmp_path / "mine.tsv").write_text("frobnicated widget\tpolished gadget\n")
    r = run_cli(["fix", "--dictionary", "mine.tsv"], "A frobnicated widget.\n")
    assert r.stdout.decode() == "A polished gadget.\n"
    (tmp_path / "bad.tsv").write_text("ok\tfine\nbroken line\n")
    r = run_cli(["check", "--dictionary", "bad.tsv"], "x")
    assert r.returncode == 2
    assert r.stderr.decode().strip() == ("cleanup: error: bad.tsv:2: expected 'spun<TAB>original', "
                                         "found no TAB")


def test_configuration_file_is_found_upwards(run_cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleanup]\nallow = ["one in every of"]\nexclude = ["skip*"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "doc.txt").write_text(SPUN)
    assert run_cli(["check", "doc.txt"], cwd=sub).returncode == 0
    assert run_cli(["check", "--isolated", "doc.txt"], cwd=sub).returncode == 1
    (sub / ".cleanup.toml").write_text("min-confidence = 0.99\n")
    r = run_cli(["check", "--min-confidence", "0.5", "--isolated", "doc.txt"], cwd=sub)
    assert r.returncode == 1  # flags win over configuration


def test_bad_configuration_is_one_line(run_cli, tmp_path):
    (tmp_path / ".cleanup.toml").write_text("colour = 'red'\n")
    r = run_cli(["check"], SPUN)
    assert r.returncode == 2
    assert r.stderr.decode().strip().endswith("unknown option 'colour' in [tool.cleanup]")
    (tmp_path / ".cleanup.toml").write_text("select = [\n")
    r = run_cli(["check"], SPUN)
    assert r.returncode == 2 and "invalid TOML" in r.stderr.decode()


def test_recursive_with_excludes(run_cli, tmp_path):
    for rel in ("docs/a.md", "docs/build/b.md", "docs/.git/c.md", "docs/d.txt"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(SPUN)
    r = run_cli(["check", "-r", "--exclude", "build", "--format", "jsonl", "docs"])
    paths = sorted(json.loads(x)["path"] for x in r.stdout.decode().splitlines())
    assert paths == ["docs/a.md", "docs/d.txt"]


def test_markup_is_never_rewritten(run_cli, tmp_path):
    text = "Prose one in every of.\n\n```\ncode one in every of\n```\n\n`one in every of` http://x.org/one-in-every-of\n"
    (tmp_path / "a.md").write_text(text)
    run_cli(["fix", "a.md"])
    assert (tmp_path / "a.md").read_text() == text.replace("Prose one in every of", "Prose one of")
    r = run_cli(["fix", "--type", "markdown"], "`one in every of`\n")
    assert r.stdout.decode() == "`one in every of`\n"


def test_version(run_cli):
    from cleanup import __version__

    r = run_cli(["--version"])
    assert r.returncode == 0 and r.stdout.decode().strip() == f"cleanup {__version__}"
    assert run_cli(["-V"]).stdout == r.stdout


def test_help(run_cli):
    r = run_cli(["--help"])
    assert r.returncode == 0
    for command in ("check", "fix", "score", "batch"):
        assert f"  {command} " in r.stdout.decode()
    r = run_cli(["fix", "--help"])
    assert r.returncode == 0 and "--interactive" in r.stdout.decode() and "--select" in r.stdout.decode()
    r = run_cli([])  # no command: the help, on standard error, and a usage error's exit
    assert r.returncode == 2 and b"commands:" in r.stderr and r.stdout == b""


def test_options_mix_with_paths(run_cli, tmp_path):
    (tmp_path / "a.txt").write_text(SPUN)
    (tmp_path / "b.txt").write_text(CLEAN)
    r = run_cli(["check", "a.txt", "--format", "jsonl", "b.txt", "-q"])
    assert r.returncode == 1
    assert {json.loads(x)["path"] for x in r.stdout.decode().splitlines()} == {"a.txt"}
    r = run_cli(["check", "--select", "phrasebook", "--select", "spin", "--", "a.txt"])
    assert r.returncode == 1 and b"phrasebook/" in r.stdout


def test_one_line_check_loads_only_what_it_needs(tmp_path):
    """Start-up: a check of a small plain-text file imports no command-line framework,
    pocketsphinx (the model is read from the cache), TOML parser (no configuration file),
    diff or streaming code. (Time itself is measured in benchmarks/speed.py.)"""
    import subprocess
    import sys

    (tmp_path / "one.txt").write_text("Teh qiuck brown fox is one in every of the best.\n")
    script = ("import sys\nfrom cleanup.cli import main\ncode = main(['check', 'one.txt'])\n"
              "print(sorted(m for m in ('click', 'pocketsphinx', 'tomllib', 'difflib', "
              "'cleanup.stream', 'cleanup.batch', 'cleanup.review', 'hashlib') if m in sys.modules))")
    env = dict(os.environ, CLEANUP_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(2):  # the first run fills the cache
        r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert "spelling/" in r.stdout and "phrasebook/" in r.stdout
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_stdin_cannot_be_mixed_with_paths(run_cli, tmp_path):
    (tmp_path / "a.txt").write_text(SPUN)
    r = run_cli(["fix", "-", "a.txt"], SPUN)
    assert r.returncode == 2 and (tmp_path / "a.txt").read_text() == SPUN


def test_binary_files_found_by_recursion_are_counted_once(run_cli, tmp_path):
    (tmp_path / "d").mkdir()
    for i in range(3):
        (tmp_path / "d" / f"img{i}.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "d" / "a.txt").write_text(SPUN)
    r = run_cli(["check", "-r", "d"])
    assert r.returncode == 1
    assert r.stderr.decode().strip() == "cleanup: skipped 3 binary files found in directories"
