#!/usr/bin/env python3
"""A synthetic article spinner for development measurements, independent of the detector's
thesaurus: it replaces wording with the substitutions real spinners made in the passages of
``../shared/data/spun-wild-dev`` (each gold line read backwards: original -> spun wording).

It spins documents cut from ``clean/wikitext2.valid.txt`` (development data) so that the spin
score and the rewriter can be measured on hundreds of spun/original document pairs. Disclosure:
the ``spinner-en`` phrasebook was also researched from spun-wild-dev, so some of these
substitutions are in it; the ``spin`` detector's synonym table and lexicon are not built from
spun-wild-dev.

>>> table = {"because of": ["due to the fact of"], "access": ["get right of entry to"]}
>>> spin("Access was denied because of rain.", table, rate=1.0, seed=1)
('Get right of entry to was denied due to the fact of rain.', 2)
"""

from __future__ import annotations

import random
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def substitution_table(directory: Path = DATA / "spun-wild-dev") -> dict[str, list[str]]:
    """original wording (lowercase) -> spun wordings observed for it."""
    table: dict[str, list[str]] = {}
    for gold in sorted(directory.glob("spun_*.gold.tsv")):
        for line in gold.read_text(encoding="utf-8").splitlines():
            spun, _, originals = line.partition("\t")
            spun = spun.strip().lower()
            for original in originals.split("|"):
                original = original.strip().lower()
                if original and spun and original != spun and re.search(r"[a-z]", original):
                    table.setdefault(original, [])
                    if spun not in table[original]:
                        table[original].append(spun)
    return table


def _pattern(table: dict[str, list[str]]) -> re.Pattern:
    keys = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w'-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w'-])",
                      re.IGNORECASE)


def spin(text: str, table: dict[str, list[str]], rate: float = 0.7, seed: int = 0,
         pattern: re.Pattern | None = None) -> tuple[str, int]:
    """``text`` with each occurrence of a table wording replaced, with probability ``rate``, by
    one of its spun wordings (capitalised like the original); returns the text and the number
    of edits."""
    rng = random.Random(seed)
    pattern = pattern or _pattern(table)
    edits = 0

    def replace(m: re.Match) -> str:
        nonlocal edits
        if rng.random() >= rate:
            return m.group(0)
        spun = rng.choice(table[m.group(0).lower()])
        edits += 1
        return spun[:1].upper() + spun[1:] if m.group(0)[:1].isupper() else spun

    return pattern.sub(replace, text), edits


def documents(path: Path = DATA / "clean" / "wikitext2.valid.txt", min_words: int = 250) -> list[str]:
    """Consecutive paragraphs joined into documents of at least ``min_words`` words."""
    docs, current, words = [], [], 0
    for para in path.read_text(encoding="utf-8").split("\n"):
        if not para.strip():
            continue
        current.append(para.strip())
        words += len(para.split())
        if words >= min_words:
            docs.append("\n\n".join(current) + "\n")
            current, words = [], 0
    return docs


def spun_corpus(rate: float = 0.7) -> list[tuple[str, str, int]]:
    """(original, spun, edits) for every development document."""
    table = substitution_table()
    pattern = _pattern(table)
    out = []
    for i, doc in enumerate(documents()):
        spun, edits = spin(doc, table, rate, seed=i, pattern=pattern)
        out.append((doc, spun, edits))
    return out
