"""Large documents split among worker processes give the same findings as one process; the
disk cache of compiled dictionaries is an optimisation that can never break a run."""

from __future__ import annotations

import pickle
from array import array
from collections import Counter
from operator import attrgetter

import pytest

from cleanup import cache
from cleanup.checker import Checker
from cleanup.options import Options
from cleanup.parallel import PARALLEL_MIN_CHARS, can_fork, split_points

PARAGRAPHS = [
    "It is one in every of the best tools we have used.",
    "We trained a profound learning model on the images.",
    "The weather was fine and the river ran high after the rain.",
    "```\none in every of\n\nprofound learning\n```",
    "Users can get right of entry to the records at any time.",
]


def _large_markdown() -> str:
    parts, size, i = [], 0, 0
    while size < PARALLEL_MIN_CHARS * 1.3:
        para = PARAGRAPHS[i % len(PARAGRAPHS)]
        parts.append(para)
        size += len(para) + 2
        i += 1
    return "\n\n".join(parts) + "\n"


@pytest.mark.skipif(not can_fork(), reason="worker processes need fork")
def test_workers_find_exactly_what_one_process_finds():
    text = _large_markdown()
    one = Checker(Options(jobs=1, filetype="markdown"))
    two = Checker(Options(jobs=2, filetype="markdown"))
    assert two.runner.wanted(two.document(text)) and not one.runner.wanted(one.document(text))
    a, b = one.analyse(one.document(text)), two.analyse(two.document(text))
    assert a.findings == b.findings and len(a.findings) > 100
    assert a.spin_score == pytest.approx(b.spin_score)
    assert all(text[f.start:f.end] == f.text for f in b.findings)
    doc = two.document(text)
    assert not any(doc.is_protected(f.start, f.end) for f in b.findings)
    assert any(f.text == "profound learning" for f in b.findings)


@pytest.mark.skipif(not can_fork(), reason="worker processes need fork")
def test_the_parent_checks_its_share_of_the_parts(monkeypatch):
    """With -j N the parent checks every N-th part itself beside N - 1 workers, and the
    findings are those of one process whatever the number of parts."""
    import cleanup.parallel as parallel

    monkeypatch.setattr(parallel, "PART_CHARS", PARALLEL_MIN_CHARS // 4)  # about six parts
    text = _large_markdown()
    one = Checker(Options(jobs=1, filetype="markdown"))
    three = Checker(Options(jobs=3, filetype="markdown"))
    checked_here = []  # parts checked in this process (a forked worker appends to its own copy)
    detect_part = parallel.detect_part
    monkeypatch.setattr(parallel, "detect_part",
                        lambda detectors, text, *rest: checked_here.append(text) or detect_part(detectors, text, *rest))
    a, b = one.analyse(one.document(text)), three.analyse(three.document(text))
    assert a.findings == b.findings and a.spin_score == pytest.approx(b.spin_score)
    assert three.runner._pool._max_workers == 2
    cuts = split_points(text, three.document(text).protected, max(3, -(-len(text) // parallel.PART_CHARS)))
    parts = [text[a:b] for a, b in zip(cuts, cuts[1:])]
    assert len(parts) >= 5 and checked_here == parts[::3]


@pytest.mark.skipif(not can_fork(), reason="worker processes need fork")
def test_a_large_repaired_document_is_checked_again_in_the_workers(monkeypatch):
    """When most paragraphs of a large document were repaired, the repaired text is checked
    whole again by the worker processes, reading at least as boldly as the original (the
    floor), and the repair is the one a single process makes."""
    from cleanup.parallel import ParallelRunner

    text = _large_markdown()
    calls = []
    evidence = ParallelRunner.evidence
    monkeypatch.setattr(ParallelRunner, "evidence",
                        lambda self, doc, floor=None: calls.append(floor) or evidence(self, doc, floor))
    two = Checker(Options(jobs=2, filetype="markdown")).fix(text)
    one = Checker(Options(jobs=1, filetype="markdown")).fix(text)
    assert two.changed and two.text == one.text and two.applied == one.applied
    assert len(calls) >= 2 and calls[0] is None and all(calls[1:])  # the repairs, with a floor


@pytest.mark.skipif(not can_fork(), reason="worker processes need fork")
def test_workers_read_a_repaired_text_as_boldly_as_its_floor():
    """A large, mostly clean text with a garbled word every twentieth paragraph is not read as
    garbled by itself (those words get no reading); under a floor that reads it as garbled,
    the workers find the readings that one process finds under that floor."""
    from cleanup.detectors.spelling import Decisions
    from cleanup.parallel import detect_all
    from cleanup.wordlist import vocabulary

    counts = vocabulary().counts
    words = [w for w in sorted(counts, key=counts.__getitem__, reverse=True)[:20_000]
             if len(w) >= 8 and w.isalpha()]
    plain = ["It is one of the best tools we have used.",
             "The weather was fine and the river ran high after the rain.",
             "She said that he had not been at home when they came."]
    parts, size, i = [], 0, 0
    while size < PARALLEL_MIN_CHARS * 1.3:
        # two letters misread in a distinct word ("publisher" -> "piiblisbr"): no cheap reading
        word = words[i // 20]
        para = f"The {word[0]}ii{word[3:-2]}b{word[-1]} was there." if i % 20 == 0 else plain[i % 3]
        parts.append(para)
        size += len(para) + 2
        i += 1
    checker = Checker(Options(jobs=2))
    doc = checker.document("\n\n".join(parts) + "\n")
    floor = {"spelling": Decisions(archaic=False, spaced=False, costly=True, garbled=True)}
    key = attrgetter("start", "end", "rule", "suggestions", "confidence")
    bold, words_bold, _ = checker.runner.evidence(doc, floor)
    alone, _, _ = checker.runner.evidence(doc)
    assert sorted(map(key, bold)) == sorted(map(key, detect_all(checker.detectors, doc, None, floor)))
    read = [f for f in bold if f.rule == "spelling/garbled-word"]
    assert len(read) > 200 and words_bold == doc.word_count
    assert read[-1].start > len(doc.text) // 2  # (in the worker's half too)
    assert not any(f.rule == "spelling/garbled-word" for f in alone)


def test_split_points_avoid_protected_regions():
    text = "a\n\n```\nx\n\ny\n```\n\nb\n\nc\n"
    fence = (3, 15, "code")
    cuts = split_points(text, [fence], parts=3)
    assert cuts[0] == 0 and cuts[-1] == len(text) and cuts == sorted(cuts)
    assert not any(fence[0] < c < fence[1] for c in cuts)


def test_cache_rebuilds_a_corrupt_entry_and_survives_an_unwritable_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path))
    source = tmp_path / "source.txt"
    source.write_text("v1")
    assert cache.cached("thing", [str(source)], lambda: [1]) == [1]
    (entry,) = list(tmp_path.glob("thing-*.pickle"))
    entry.write_bytes(b"not a pickle")
    assert cache.cached("thing", [str(source)], lambda: [2]) == [2]
    assert pickle.loads(entry.read_bytes()) == [2]
    source.write_text("version two")  # a changed source is a new key
    assert cache.cached("thing", [str(source)], lambda: [3]) == [3]
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(blocked / "sub"))
    assert cache.cached("thing", [], lambda: [4]) == [4]
    monkeypatch.setenv("CLEANUP_NO_CACHE", "1")
    assert cache.cache_dir() is None


def test_cache_keeps_only_the_newest_entries_of_each_kind(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path))
    source = tmp_path / "source.txt"
    for version in range(cache.KEEP + 3):
        source.write_text("v" * (version + 1))  # each edit is a new key
        assert cache.cached("thing", [str(source)], lambda: [version]) == [version]
    assert cache.cached("other", [], lambda: 0) == 0
    assert len(list(tmp_path.glob("thing-*.pickle"))) == cache.KEEP
    assert len(list(tmp_path.glob("other-*.pickle"))) == 1
    assert cache.cached("thing", [str(source)], lambda: "rebuilt") == [cache.KEEP + 2]
    for version in range(3):  # a large entry (the language model) keeps one
        source.write_text("w" * (version + 1))
        cache.cached("big", [str(source)], lambda: {"a": array("I", [version])}, codec="arrays", keep=1)
    assert len(list(tmp_path.glob("big-*.arrays"))) == 1
    assert list(cache.cached("big", [str(source)], lambda: None, codec="arrays")["a"]) == [2]


def test_jobs_option_and_configuration(run_cli, tmp_path):
    r = run_cli(["check", "-j", "1"], "It is one in every of the best.\n")
    assert r.returncode == 1
    r = run_cli(["check", "--jobs", "-3"], "x\n")
    assert r.returncode == 2 and r.stderr.decode().count("\n") == 1
    (tmp_path / ".cleanup.toml").write_text("jobs = 'many'\n")
    r = run_cli(["check"], "x\n", cwd=tmp_path)
    assert r.returncode == 2 and "jobs" in r.stderr.decode()


def _corpus(tmp_path, n=12):
    """Spun, clean, binary and unreadable inputs in one directory tree."""
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(n):
        text = PARAGRAPHS[i % len(PARAGRAPHS)] if i % 3 else "A plain sentence about rivers.\n"
        (root / f"doc{i:02d}.md").write_text(text + "\n", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    return root


@pytest.mark.skipif(not can_fork(), reason="worker processes need fork")
def test_many_files_in_parallel_report_exactly_what_one_process_reports(run_cli, tmp_path):
    root = _corpus(tmp_path)
    one = run_cli(["check", "-r", "-j", "1", "--format", "json", str(root)])
    two = run_cli(["check", "-r", "-j", "2", "--format", "json", str(root)])
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and b"profound learning" in one.stdout
    assert one.stderr == two.stderr
    s1 = run_cli(["score", "-r", "-j", "1", str(root)])
    s2 = run_cli(["score", "-r", "-j", "2", str(root)])
    assert s1.stdout == s2.stdout and s1.stdout.count(b"\n") == 12


@pytest.mark.skipif(not can_fork(), reason="worker processes need fork")
def test_many_files_are_fixed_in_parallel_like_in_one_process(run_cli, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    _corpus(a), _corpus(b)
    diff1 = run_cli(["fix", "--diff", "-r", "-j", "1", str(a / "corpus")])
    r1 = run_cli(["fix", "-r", "-j", "1", str(a / "corpus")])
    r2 = run_cli(["fix", "-r", "-j", "2", str(b / "corpus")])
    assert r1.returncode == r2.returncode
    assert r1.stderr.replace(str(a).encode(), b"") == r2.stderr.replace(str(b).encode(), b"")
    for f in sorted((a / "corpus").iterdir()):
        assert f.read_bytes() == (b / "corpus" / f.name).read_bytes()
    assert b"-It is one in every of" in diff1.stdout
    assert "deep learning" in (a / "corpus" / "doc01.md").read_text(encoding="utf-8")


def test_progress_bar_only_on_a_terminal(run_cli, tmp_path):
    """No bar in a pipe (or with --quiet); on a pseudo-terminal one is drawn and erased."""
    import os
    import pty
    import subprocess
    import sys

    root = _corpus(tmp_path)
    piped = run_cli(["check", "-r", "--format", "json", str(root)])
    assert b"files" not in piped.stderr and b"\r" not in piped.stderr
    for quiet in (False, True):
        master, slave = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "cleanup", "check", "-r", "--format", "json",
                                 *(["--quiet"] if quiet else []), str(root)],
                                stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
        os.close(slave)
        out, _ = proc.communicate(timeout=120)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        assert out.startswith(b"{")  # the report itself is untouched
        assert (b"13/13 files" in seen) is (not quiet), seen


@pytest.mark.skipif(not can_fork(), reason="worker processes need fork")
def test_a_word_written_in_two_parts_is_a_name_in_parallel_too():
    """Spelling treats an unknown word written twice in a document as a name or term; split
    among workers, the two occurrences fall into different parts and are combined."""
    body = _large_markdown()
    text = "The warder met the Lattimore prisoeer.\n\n" + body + \
        "\n\nThe prisoeer left.\n\nHe met the tbe man.\n"
    one = Checker(Options(jobs=1, filetype="markdown"))
    two = Checker(Options(jobs=2, filetype="markdown"))
    a, b = one.analyse(one.document(text)), two.analyse(two.document(text))
    assert a.findings == b.findings
    assert "prisoeer" not in [f.text for f in b.findings] and "tbe" in [f.text for f in b.findings]


# A garbled paragraph and a clean-looking one: alone, the second is read as clean prose, where
# "drawets" is likelier a rare word than garble; in the whole document it is read as garble.
GARBLED = "Tbe prisoncr wns cbarged at the police-eourt witb baving stolcn a wateh from bis mastcr's sbop."
QUIET = "It was taken from the drawets in her dressing room, and the police were told at once."


@pytest.mark.skipif(not can_fork(), reason="worker processes need fork")
def test_parts_are_read_as_the_whole_document_reads_them(monkeypatch):
    """A part that alone would be read as clean prose is checked again under the whole
    document's decisions: the findings do not depend on how many processes share the work."""
    import cleanup.parallel as parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_CHARS", 100)
    text = f"{GARBLED}\n\n{QUIET}\n"
    one, two = Checker(Options(jobs=1)), Checker(Options(jobs=2))
    assert len(split_points(text, [], 2)) == 3 and two.runner.wanted(two.document(text))
    whole, parts = one.analyse(one.document(text)), two.analyse(two.document(text))
    assert whole.findings == parts.findings
    assert "drawets" in [f.text for f in parts.findings]
    assert "drawets" not in [f.text for f in one.analyse(one.document(QUIET)).findings]


def test_a_repaired_paragraph_is_checked_under_the_whole_documents_decisions(monkeypatch):
    """After an edit, fix checks only the changed paragraphs of a large document, and reads
    them as the whole document would: what a fresh check of the edited document gives."""
    import cleanup.parallel as parallel

    monkeypatch.setattr(parallel, "WHOLE_RECHECK_CHARS", 10)
    checker = Checker(Options(jobs=1))
    text = f"{GARBLED}\n\n{QUIET}\n"
    doc = checker.document(text)
    evidence = parallel.Evidence(doc, *checker.part_evidence(doc), combine=checker.combine)
    edited = checker.document(text.replace("at once", "at one o'clock"))
    updated = evidence.update(checker.detectors, edited)
    fresh = parallel.Evidence(edited, *checker.part_evidence(edited), combine=checker.combine)
    assert updated.rechecked == 1
    key = attrgetter("start", "rule", "suggestions", "confidence")
    assert sorted(map(key, updated.findings)) == sorted(map(key, fresh.findings))
    assert "drawets" in [f.text for f in updated.findings if f.confidence >= 0.5]


def test_short_words_and_lone_letters_are_combined_as_the_whole_document_has_them():
    """Parts drop the corrections of words the whole document writes twice, as the whole
    document does: words of three letters or more, and lone letters; short words read as
    specks ("bo" for "be") are read whatever their repetition."""
    from cleanup.detectors.spelling import SpellingDetector, repeat_key
    from cleanup.findings import Finding

    def finding(text, rule):
        return Finding("-", 1, 1, 0, len(text), text, "spelling", rule, "", ("x",), 0.8)

    evidence = Counter({"bo": 2, "tbe": 2, ("letter", "t"): 2})
    kept = SpellingDetector(Options()).combine(
        [finding("bo", "spelling/unknown-word"), finding("tbe", "spelling/unknown-word"),
         finding(" t", "spelling/stray-letter"), finding("wns", "spelling/unknown-word")], evidence)
    assert [f.text for f in kept] == ["bo", "wns"]
    assert repeat_key(finding(" t", "spelling/stray-letter")) == ("letter", "t")


def test_a_repaired_text_is_read_at_least_as_boldly_as_the_original():
    """fix reads each repaired version of a garbled text as garbled text, even once its first
    repairs took away the garble that showed it: the original's decisions are a floor."""
    from cleanup.detectors.spelling import SpellingDetector
    from cleanup.document import Document
    from cleanup.garble import gate_spelling

    spelling = SpellingDetector(Options())
    garbled = spelling.decide(spelling.document_evidence(Document(GARBLED)))
    assert garbled.garbled and not spelling.decide(spelling.document_evidence(Document(QUIET))).garbled
    quiet = {f.text: f.confidence for f in spelling.detect(Document(QUIET))}
    bold = {f.text: f.confidence for f in spelling.detect_with(Document(QUIET), None, garbled)}
    assert quiet["drawets"] < 0.5 <= bold["drawets"]
    unsure = [f for f in spelling.detect_with(Document(QUIET), None, garbled) if f.text == "drawets"]
    assert gate_spelling(unsure, words=1000)[0].confidence < 0.5  # one word in a clean text
    assert gate_spelling(unsure, words=1000, garbled_anyway=True) == unsure
    checker = Checker(Options(jobs=1))
    once = checker.fix(f"{GARBLED}\n\n{QUIET}\n").text
    assert "drawers" in once and checker.fix(once).text == once


def test_counts_are_summed_in_place_as_counter_arithmetic_would():
    """add_counts changes a document's counters where a part has counts; the result must be
    what Counter's + and - make (only positive counts, the same order of keys)."""
    import random

    from cleanup.parallel import add_counts

    rng = random.Random(7)
    words = [f"w{i}" for i in range(40)] + [("sign", "w1"), ("words",)]
    for _ in range(200):
        total = {"spelling": Counter({w: rng.randint(1, 3) for w in rng.sample(words, 15)})}
        expected = total["spelling"].copy()
        for _ in range(6):
            part = Counter({w: rng.randint(1, 3) for w in rng.sample(words, 8)})
            sign = rng.choice((1, -1))
            expected = expected + part if sign > 0 else expected - part
            add_counts(total, {"spelling": part}, sign)
            assert list(total["spelling"].items()) == list(expected.items())
    fresh: dict = {}
    part = Counter(a=1)
    add_counts(fresh, {"spelling": part})
    add_counts(fresh, {"spelling": part})
    assert part == Counter(a=1) and fresh["spelling"] == Counter(a=2)  # the part is not changed
    assert add_counts({}, {"spelling": part}, -1) == {}
