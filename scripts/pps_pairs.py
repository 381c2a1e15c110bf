"""Read the Problematic Paper Screener pairs of ../shared/data/tortured and tidy their targets.

The ``expected`` column mixes the original term with editors' notes: abbreviations in brackets,
optional context words in square brackets, ``a/b`` alternatives, remarks such as "(as in ...)".
:func:`expected_alternatives` turns one cell into the replacement(s) a phrasebook can suggest,
best first. Used by ``build_tortured_science.py`` and by the benchmarks.

>>> expected_alternatives("distributed denial-of-service (ddos) attack")
['distributed denial-of-service attack']
>>> expected_alternatives("(mean) squared error")
['squared error', 'mean squared error']
>>> expected_alternatives("feed-forward [neural] networks")
['feed-forward networks', 'feed-forward neural networks']
>>> expected_alternatives("fault analysis/diagnosis")
['fault analysis', 'fault diagnosis']
>>> expected_alternatives("difficult/laborious procedure")
['difficult procedure', 'laborious procedure']
>>> expected_alternatives("search and replace of cell -> mobile")
[]
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "tortured"

_PAREN = re.compile(r"\s*\(([^()]*)\)")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_NOTE_WORDS = re.compile(r"\.\.\.|\be\.g\b|\bas in\b|\bpossibly\b|\bcaveat\b|\breferring\b|\bsometimes\b"
                         r"|\bin this context\b|\bcalled\b|\"|“|”|\bor\b|:")


@dataclass(frozen=True)
class Pair:
    tortured: str
    expected: str
    papers: int
    context_only: bool  # PPS matches it only together with another term


def read_pairs(split: str = "dev", data_dir: Path = DATA) -> list[Pair]:
    """Rows of ``pairs.<split>.tsv``."""
    path = data_dir / f"pairs.{split}.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Pair(r["tortured"].strip(), r["expected"].strip(), int(r["papers"] or 0),
                 r["source"].startswith("pps-ctx")) for r in rows]


def _initials(words: list[str]) -> str:
    return "".join(w[0] for word in words for w in re.split(r"[-–]", word) if w)


def _drop_parentheticals(text: str) -> tuple[str, list[str]]:
    """Remove notes and abbreviations in (...); return the text and optional middle words."""
    optional = []

    def repl(m: re.Match) -> str:
        content = m.group(1).strip()
        before = text[: m.start()].split()
        after = text[m.end():].strip()
        if not after or _NOTE_WORDS.search(content) or "," in content:
            return ""
        letters = re.sub(r"[^a-z0-9]", "", content)
        if letters and any(_initials(before[-k:]).startswith(letters[:2]) and
                           _initials(before[-k:]) == letters for k in range(1, min(6, len(before)) + 1)):
            return ""
        if len(content.split()) <= 2:
            optional.append(content)
            return " {" + content + "}"
        return ""

    return _PAREN.sub(repl, text), optional


def _expand_optional(text: str) -> list[str]:
    """'a {b} c' -> ['a c', 'a b c'] (first without the optional words)."""
    without = re.sub(r"\s*\{[^}]*\}", "", text)
    with_ = re.sub(r"\{([^}]*)\}", r"\1", text)
    return [without, with_] if without != with_ else [without]


def _split_slash(text: str) -> list[str]:
    if "/" not in text or " " not in text or text.count("/") > 1:
        return [text]
    left, right = text.split("/", 1)
    lw, rw = left.split(), right.split()
    if not lw or not rw:
        return [text]
    if len(lw) > 1 and len(rw) == 1:
        return [left.strip(), " ".join(lw[:-1] + rw)]
    if len(lw) == 1 and len(rw) > 1:
        return [" ".join(lw + rw[1:]), right.strip()]
    return [left.strip(), right.strip()]


def expected_alternatives(expected: str, tortured: str = "") -> list[str]:
    """Replacement candidates for one ``expected`` cell, best first; [] when it is only a note."""
    text = expected.strip()
    if "->" in text or "?" in text or text.endswith("...") or text.endswith(".."):
        return []
    if "[" in text and "[" not in tortured:
        text = _BRACKET.sub(lambda m: "{" + m.group(1) + "}", text)
    text = text.replace("*", "")
    text, _ = _drop_parentheticals(text)
    if "(" in text or ")" in text:
        return []
    out: list[str] = []
    for variant in _expand_optional(text):
        for alt in _split_slash(variant):
            alt = " ".join(alt.replace(" ,", ",").split()).strip(" ,;")
            if alt and alt != tortured and alt not in out and "{" not in alt:
                out.append(alt)
    return out
