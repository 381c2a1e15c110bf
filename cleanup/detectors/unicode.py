"""The ``unicode`` detector: damage from bad conversions that leaves the words themselves intact.

Rules:

- ``unicode/mojibake``: text decoded with the wrong encoding ("cafÃ©", "donâ€™t"), repaired by
  ftfy's encoding repair alone; typography (curly quotes, dashes) is left as it is.
- ``unicode/ligature``: presentation ligatures from PDF extraction ("ﬁnd" → "find").
- ``unicode/invisible``: soft hyphens, zero-width spaces and joiners inside Latin words, and
  control characters other than tab, line feed and carriage return, removed.
- ``unicode/hyphenation``: a word broken at the end of a line ("con-" / "sidered") joined when
  the joined word is in the English word list and the hyphenated form is not ("well-" / "known"
  stays). Names are not in the list, so "Colling-" / "wood" is left for the spelling detector.

>>> from cleanup.document import Document
>>> det = UnicodeDetector(Options())
>>> [(f.rule, f.text, f.suggestions[0]) for f in det.detect(Document("A cafÃ© with ﬁsh."))]
[('unicode/mojibake', 'Ã©', 'é'), ('unicode/ligature', 'ﬁ', 'fi')]
>>> [f.suggestions[0] for f in det.detect(Document("it was con-\\nsidered a success"))]
['considered\\n']
"""

from __future__ import annotations

import re
from typing import Iterator

from ..document import Document
from ..findings import Finding
from ..options import Options
from ..wordlist import vocabulary
from . import Detector, register

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LIGATURE = re.compile("[" + "".join(LIGATURES) + "]")
# A run of non-blank characters (no-break space included: "Â\xa0" is mojibake) holding a
# character that mojibake produces.
_SUSPECT_RUN = re.compile(r"[^ \t\r\n\f\v]*[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d"
                          r"\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022"
                          r"\u2026\u2030\u2039\u203a\u20ac\u2122][^ \t\r\n\f\v]*")
# Soft hyphen anywhere; zero-width space, joiners and word joiner between Latin letters.
_INVISIBLE = re.compile(r"\u00ad|(?<=[A-Za-z])[\u200b\u200c\u200d\u2060\ufeff](?=[A-Za-z])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
_HYPHENATED = re.compile(r"\b([^\W\d_]{2,})-[ \t]*(\r?\n)[ \t]*([^\W\d_]{2,})\b( ?)")
# The same break after line ends were turned into spaces ("de- fence", "after- wards").
_HYPHEN_SPACE = re.compile(r"\b([^\W\d_]{2,})- ([^\W\d_]{2,})\b")


def english_words() -> dict[str, int]:
    """symspellpy's English frequency list (:mod:`cleanup.wordlist`), read on first use."""
    return vocabulary().counts


def repair_encoding(text: str) -> str:
    """ftfy's encoding repair only (no quote, dash, width or line-break changes)."""
    import ftfy

    return ftfy.fix_encoding(text)


def _trim(old: str, new: str) -> tuple[int, int, str]:
    """The smallest changed region: (start, end) in ``old`` and its replacement."""
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[-1 - s] == new[-1 - s]:
        s += 1
    return p, len(old) - s, new[p:len(new) - s]


@register
class UnicodeDetector(Detector):
    id = "unicode"
    description = "mojibake, ligatures, invisible characters and line-end hyphenation"

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        yield from self._mojibake(doc)
        for m in _LIGATURE.finditer(text):
            yield doc.finding(m.start(), m.end(), detector=self.id, rule="unicode/ligature",
                              message=f"ligature '{m.group()}' from PDF extraction",
                              suggestions=(LIGATURES[m.group()],), confidence=0.95)
        for pattern, what in ((_INVISIBLE, "invisible"), (_CONTROL, "control")):
            for m in pattern.finditer(text):
                yield doc.finding(m.start(), m.end(), detector=self.id, rule="unicode/invisible",
                                  message=f"{what} character U+{ord(m.group()):04X}",
                                  suggestions=("",), confidence=0.9)
        yield from self._hyphenation(doc)

    def _mojibake(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if text.isascii():
            return
        for m in _SUSPECT_RUN.finditer(text):
            run = m.group()
            fixed = repair_encoding(run)
            if fixed == run:
                continue
            a, b, replacement = _trim(run, fixed)
            # widen to whole characters of the run that changed, at least one
            start, end = m.start() + a, m.start() + max(b, a + 1)
            yield doc.finding(start, end, detector=self.id, rule="unicode/mojibake",
                              message=f"'{text[start:end]}' is mis-decoded text (mojibake)",
                              suggestions=(replacement,), confidence=0.95)

    def _hyphenation(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if "-" not in text:
            return
        for m in _HYPHENATED.finditer(text):
            left, newline, right, space = m.groups()
            confidence = _join_confidence(left, right)
            if confidence:
                yield doc.finding(m.start(), m.end(), detector=self.id, rule="unicode/hyphenation",
                                  message=f"'{left}-' at a line end and '{right}' are one word",
                                  suggestions=(left + right + (newline if space else ""),),
                                  confidence=confidence)
        for m in _HYPHEN_SPACE.finditer(text):
            left, right = m.groups()
            confidence = _join_confidence(left, right)
            if confidence:
                yield doc.finding(m.start(), m.end(), detector=self.id, rule="unicode/hyphenation",
                                  message=f"'{left}- {right}' is one word broken at a former line end",
                                  suggestions=(left + right,), confidence=confidence - 0.1)


def _join_confidence(left: str, right: str) -> float:
    """How sure it is that ``left-`` + ``right`` is one word broken at a line end (0: it is not):
    the joined word must be English and the hyphenated form not; when both halves are words
    themselves the joined word must also be common ("sugar-" / "cane" joins, "self-" / "esteem"
    does not)."""
    words = english_words()
    key = (left + right).lower()
    if key not in words or f"{left}-{right}".lower() in words:
        return 0.0
    a, b = words.get(left.lower()), words.get(right.lower())
    if a and b:
        if words[key] < 10 * min(a, b) ** 0.5:
            return 0.0
        return 0.7
    return 0.85
