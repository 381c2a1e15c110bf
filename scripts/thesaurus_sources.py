"""Readers for the three thesauri the synonym table is generated from (generation time only).

- WordNet 3.0 (Debian ``wordnet-base``): synsets of ``/usr/share/wordnet/data.*``.
- The LibreOffice English thesaurus (Debian ``mythes-en-us``): ``th_en_US_v2.dat``; each
  meaning line lists synonyms, and ``(generic term)`` marks a broader word.
- Aiksaurus (Debian ``libaiksaurus-1.2-data``, Moby-based): ``words.dat`` and ``meanings.dat``.

Each reader yields groups of words that share a meaning; ``mythes_generic`` yields
(word, broader word) pairs. Words are lowercased; multi-word lemmas use spaces.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
AIKSAURUS = Path("/usr/share/aiksaurus")

_ADJ_MARKER = re.compile(r"\((?:a|p|ip)\)$")


def wordnet_synsets():
    """(pos, [lemmas]) for every synset."""
    for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
        with open(WORDNET / f"data.{name}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                fields = line.split(" ")
                count = int(fields[3], 16)
                lemmas = []
                for i in range(count):
                    lemma = _ADJ_MARKER.sub("", fields[4 + 2 * i]).replace("_", " ").lower()
                    if lemma not in lemmas:
                        lemmas.append(lemma)
                yield pos, lemmas


def wordnet_groups():
    for _, lemmas in wordnet_synsets():
        if len(lemmas) > 1:
            yield lemmas


_TAGGED = re.compile(r"\s*\((generic|related|similar|antonym)[^)]*\)\s*$")


def _mythes_meanings():
    with open(MYTHES, encoding="utf-8") as fh:
        fh.readline()  # encoding line
        while True:
            head = fh.readline()
            if not head:
                return
            word, _, count = head.rstrip("\n").rpartition("|")
            for _ in range(int(count)):
                parts = fh.readline().rstrip("\n").split("|")
                yield word.lower(), parts[1:]


def mythes_groups():
    for word, items in _mythes_meanings():
        group = [word] + [i.lower() for i in items if not _TAGGED.search(i)]
        group = list(dict.fromkeys(g.strip() for g in group if g.strip()))
        if len(group) > 1:
            yield group


def mythes_generic():
    """(word, broader word) pairs from ``(generic term)`` items."""
    for word, items in _mythes_meanings():
        for item in items:
            m = _TAGGED.search(item)
            if m and m.group(1) == "generic":
                yield word, _TAGGED.sub("", item).strip().lower()


def aiksaurus_groups():
    raw = (AIKSAURUS / "words.dat").read_bytes()
    words, pos = [], 0
    while pos < len(raw):
        end = raw.index(b"\0", pos)
        words.append(raw[pos:end].decode("latin-1").replace(":", " ").lower())
        pos = end + 1
        while raw[pos:pos + 2] != b"\xff\xff":
            pos += 2
        pos += 2
    data = (AIKSAURUS / "meanings.dat").read_bytes()
    ids = struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2])
    group: list[str] = []
    for i in ids:
        if i == 0xFFFF:
            if len(group) > 1:
                yield list(dict.fromkeys(group))
            group = []
        elif i < len(words):
            group.append(words[i])
