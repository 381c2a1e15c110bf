"""Dictionary files are data with tests, in the style of codespell's dictionary tests."""

from __future__ import annotations

import glob
import re
from functools import lru_cache

import pytest

from cleanup.dictionary import parse_phrasebook
from cleanup.document import Document
from cleanup.matcher import PhraseMatcher
from cleanup.options import DEFAULT_MIN_CONFIDENCE
from cleanup.resources import builtin_dictionary_names, data_dir, read_text
from cleanup.tokens import phrase_tokens

from .conftest import DATA, ROOT, data_path

NAMES = builtin_dictionary_names()


@lru_cache(maxsize=None)
def book(name):
    return parse_phrasebook(read_text(f"{name}.tsv"), source=f"{name}.tsv", name=name)


def test_expected_dictionaries_are_shipped():
    assert {"spinner-en", "tortured-science"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_line_parses_without_duplicates(name):
    assert book(name).entries  # parse_phrasebook raises on malformed lines and duplicates


def test_spinner_dictionary_is_large_enough():
    assert len(book("spinner-en").entries) >= 400


@pytest.mark.parametrize("name", NAMES)
def test_entries_sorted_within_sections(name):
    section, previous = None, None
    for number, line in enumerate(read_text(f"{name}.tsv").splitlines(), 1):
        if line.startswith("# =="):
            section, previous = line, None
            continue
        if not line or line.startswith("#"):
            continue
        key = line.split("\t")[0].lower()
        if previous is not None:
            assert previous <= key, f"{name}.tsv:{number}: {key!r} out of order in {section}"
        previous = key


@pytest.mark.parametrize("name", NAMES)
def test_no_replacement_is_itself_flagged(name):
    matcher = PhraseMatcher([book(n) for n in NAMES])
    bad = []
    for e in book(name).entries:
        for r in e.replacements:
            doc = Document(r)
            hits = [m for m in matcher.find(doc) if m.variant.confidence >= DEFAULT_MIN_CONFIDENCE]
            if hits:
                bad.append(f"{e.source}:{e.line}: {e.spun!r} -> {r!r} is flagged as {hits[0].text(doc)!r}")
    assert not bad, "\n".join(bad[:20])


def test_no_tortured_test_phrase_is_in_any_dictionary():
    import csv

    with open(data_path("tortured", "pairs.test.tsv"), encoding="utf-8", newline="") as fh:
        test_phrases = {tuple(t for t, _ in phrase_tokens(row["tortured"]))
                        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    leaked = [f"{e.source}:{e.line}: {e.spun}" for name in NAMES for e in book(name).entries
              if tuple(t for t, _ in phrase_tokens(e.spun)) in test_phrases]
    assert not leaked, leaked


def _clean_texts():
    paths = [data_path("clean", "wikitext2.valid.txt"), data_path("clean", "wikitext2.test.txt")]
    paths += sorted(glob.glob(str(DATA / "spun-wild-dev" / "clean_*.txt")))
    return [(str(p), open(p, encoding="utf-8").read()) for p in paths]


def test_no_entry_fires_on_clean_text_at_default_confidence():
    matcher = PhraseMatcher([book(n) for n in NAMES])
    fired = []
    for path, text in _clean_texts():
        doc = Document(text)
        for m in matcher.find(doc):
            if m.variant.confidence >= DEFAULT_MIN_CONFIDENCE:
                e = m.variant.entry
                fired.append(f"{e.source}:{e.line}: {m.text(doc)!r} in {path}")
    assert not fired, "\n".join(fired)


def test_weak_entries_are_rare_on_clean_text():
    """Entries below the default threshold are evidence for the spin score, not findings;
    each still has to be rare in clean prose (under 1 per 2,000 words)."""
    matcher = PhraseMatcher([book(n) for n in NAMES])
    counts, words = {}, 0
    for _, text in _clean_texts():
        words += len(text.split())
        for m in matcher.find(Document(text)):
            key = (m.variant.entry.source, m.variant.entry.line, m.variant.entry.spun)
            counts[key] = counts.get(key, 0) + 1
    frequent = {k: v for k, v in counts.items() if v > words / 2000}
    assert not frequent, frequent


def test_tortured_dictionary_is_generated_from_dev_pairs_only():
    script = (ROOT / "scripts" / "build_tortured_science.py").read_text()
    assert "pairs.dev.tsv" in script and 'read_pairs("dev"' in script
    assert "pairs.test" not in script


@pytest.mark.parametrize("table, columns", [("english-irregular-verbs.tsv", (3, 4)),
                                            ("english-irregular-nouns.tsv", (2,))])
def test_inflection_tables(table, columns):
    rows = [line.split("\t") for line in read_text(table).splitlines()
            if line and not line.startswith("#")]
    keys = [r[0] for r in rows]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    assert all(len(r) in columns and all(re.fullmatch(r"[a-z]+", c) for c in r) for r in rows)


def test_readme_documents_every_data_file():
    readme = (data_dir() / "README.md").read_text(encoding="utf-8")
    for f in data_dir().iterdir():
        if f.name.endswith((".tsv", ".tsv.gz", ".json")):
            assert f.name in readme, f"{f.name} has no source/licence entry in dictionaries/README.md"
