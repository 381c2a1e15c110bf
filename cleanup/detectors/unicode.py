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
  The same break after line ends became spaces ("sub- sequently"), also with a stray scrap of
  one to three characters between the halves, as OCR leaves them ("con- ut victed").

>>> from cleanup.document import Document
>>> det = UnicodeDetector(Options())
>>> [(f.rule, f.text, f.suggestions[0]) for f in det.detect(Document("A cafÃ© with ﬁsh."))]
[('unicode/mojibake', 'Ã©', 'é'), ('unicode/ligature', 'ﬁ', 'fi')]
>>> [f.suggestions[0] for f in det.detect(Document("it was con-\\nsidered a success"))]
['considered\\n']
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..document import Document
from ..findings import Finding
from ..options import Options
from ..wordlist import COMMON_FUNCTION_WORDS as FUNCTION_WORDS, vocabulary
from . import Detector, register

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LIGATURE = re.compile("[" + "".join(LIGATURES) + "]")
# A character that mojibake produces; a finding covers the run of non-blank characters around
# it (no-break space included: "Â\xa0" is mojibake).
_SUSPECT_CHAR = re.compile(r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d"
                           r"\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022"
                           r"\u2026\u2030\u2039\u203a\u20ac\u2122]")
_NON_BLANK = re.compile(r"[^ \t\r\n\f\v]*")
_RUN_START = re.compile(r"[^ \t\r\n\f\v]*\Z")
# Soft hyphen anywhere; zero-width space, joiners and word joiner between Latin letters.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_ASCII_LETTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
_LINE_END_HYPHEN = re.compile(r"-[ \t]*\r?\n")
_HYPHENATED = re.compile(r"\b([^\W\d_]{2,})-[ \t]*(\r?\n)[ \t]*([^\W\d_]{2,})\b( ?)")
# The same break after line ends were turned into spaces ("de- fence", "after- wards").
_LEFT_HALF = re.compile(r"\b[^\W\d_]{2,}\Z")
_RIGHT_HALF = re.compile(r"[^\W\d_]{2,}\b")
#: Words that may follow a suspended hyphen ("pre- and post-war", "two- to three-fold"), also in
#: the languages whose names and titles English text quotes ("Religions- oder Kirchen-"):
#: there the space is meant.
SUSPENDED_BEFORE = frozenset({"and", "or", "nor", "to", "through", "but", "versus", "vs", "than",
                              "und", "oder", "bzw", "et", "ou", "y", "en"})
#: Words that begin compounds ("self- and peer review"): a hyphen after them is meant.
PREFIXES = frozenset("self non anti pre post co ex semi multi well ill half all cross counter over "
                     "under sub super inter intra mid pro re un quasi pseudo".split())
# A scrap of one to three characters, then the lowercase second half of the word.
_STRAY_THEN_HALF = re.compile(r"(\S{1,3}) ([^\W\d_A-Z]{2,})\b")


def _suspect_runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every run of non-blank characters holding a mojibake character."""
    end = 0
    for m in _SUSPECT_CHAR.finditer(text):
        pos = m.start()
        if pos < end:
            continue  # in the run just reported
        start = _RUN_START.search(text, max(end, pos - 256), pos).start()
        end = _NON_BLANK.match(text, pos).end()
        yield start, end


def _invisible(text: str) -> Iterator[int]:
    """Offsets of soft hyphens, and of zero-width characters between Latin letters."""
    for m in _INVISIBLE.finditer(text):
        pos = m.start()
        if text[pos] == "\u00ad" or (0 < pos < len(text) - 1 and text[pos - 1] in _ASCII_LETTER
                                     and text[pos + 1] in _ASCII_LETTER):
            yield pos


def _spaced_hyphens(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, left, right) of every "left- right" whose left half is a letter run of two
    or more; ``right`` is the letter run of two or more after the space, or "" if none."""
    end = 0
    pos = text.find("- ")
    while pos != -1:
        left = _LEFT_HALF.search(text, max(end, pos - 64), pos)
        if left:
            right = _RIGHT_HALF.match(text, pos + 2)
            end = right.end() if right else pos + 2
            yield left.start(), end, left.group(), right.group() if right else ""
        pos = text.find("- ", max(pos + 2, end))


def english_words() -> dict[str, int]:
    """symspellpy's English frequency list (:mod:`cleanup.wordlist`), read on first use."""
    return vocabulary().counts


#: The one-byte code pages in which ftfy's encoding repair looks for UTF-8 read wrongly (its
#: "sloppy" variants differ only in bytes that these leave undefined, read as Latin-1).
CODE_PAGES = ("latin-1", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1257",
              "iso-8859-2", "mac-roman", "cp437")


def _read_as(low: int, high: int, page: str | None = None) -> str:
    """The characters that bytes ``low``..``high`` become when read in ``page`` (or in any of
    :data:`CODE_PAGES`), as a regular-expression character class."""
    chars = set().union(*(bytes(range(low, high + 1)).decode(p, "ignore")
                          for p in ([page] if page else CODE_PAGES)))
    if low <= 0xA0 <= high:
        chars.add(" ")  # a no-break space that became a space
    return "[" + re.escape("".join(sorted(chars))) + "]"


@lru_cache(maxsize=1)
def _repairable() -> re.Pattern:
    """What any repair by ftfy's ``fix_encoding`` needs (these code pages keep ASCII as it is):
    in one code page, the first byte of a UTF-8 character followed by a continuation byte, a
    space (for a no-break space), "?" or SUB (a byte lost in conversion); across code pages,
    the UTF-8 character shapes ftfy repairs piecemeal; or a C1 control character (Latin-1 read
    where Windows-1252 was meant)."""
    lost = "[ ?\x1a]"
    same_page = [f"{_read_as(0xC0, 0xFF, p)}(?:{_read_as(0x80, 0xBF, p)}|{lost})" for p in CODE_PAGES]
    cont = _read_as(0x80, 0xBF)
    mixed = [f"{_read_as(0xC2, 0xDF)}{cont}", f"{_read_as(0xE0, 0xEF)}{cont}{{2}}",
             f"{_read_as(0xF0, 0xF4)}{cont}{{3}}"]
    return re.compile("|".join(same_page + mixed + ["[\x80-\x9f]"]))


def repair_encoding(text: str) -> str:
    """ftfy's encoding repair only (no quote, dash, width or line-break changes).

    Text that ftfy could not change is returned without asking it (ftfy takes a twentieth of
    a second to import, more than checking a page of text): "Dürenstein" or a lone dash are
    never mojibake.

    >>> repair_encoding("cafÃ©"), repair_encoding("Dürenstein – 1805")
    ('café', 'Dürenstein – 1805')
    """
    if not _repairable().search(text):
        return text
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
        invisible = [(pos, "invisible") for pos in _invisible(text)]
        control = [(m.start(), "control") for m in _CONTROL.finditer(text)]
        for pos, what in invisible + control:
            yield doc.finding(pos, pos + 1, detector=self.id, rule="unicode/invisible",
                              message=f"{what} character U+{ord(text[pos]):04X}",
                              suggestions=("",), confidence=0.9)
        yield from self._hyphenation(doc)

    def _mojibake(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if text.isascii():
            return
        for run_start, run_end in _suspect_runs(text):
            run = text[run_start:run_end]
            fixed = repair_encoding(run)
            if fixed == run:
                continue
            a, b, replacement = _trim(run, fixed)
            # widen to whole characters of the run that changed, at least one
            start, end = run_start + a, run_start + max(b, a + 1)
            yield doc.finding(start, end, detector=self.id, rule="unicode/mojibake",
                              message=f"'{text[start:end]}' is mis-decoded text (mojibake)",
                              suggestions=(replacement,), confidence=0.95)

    def _hyphenation(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if "-" not in text:
            return
        for m in _HYPHENATED.finditer(text) if _LINE_END_HYPHEN.search(text) else ():
            left, newline, right, space = m.groups()
            confidence = _join_confidence(left, right)
            if confidence:
                yield doc.finding(m.start(), m.end(), detector=self.id, rule="unicode/hyphenation",
                                  message=f"'{left}-' at a line end and '{right}' are one word",
                                  suggestions=(left + right + (newline if space else ""),),
                                  confidence=confidence)
        vocab = vocabulary()
        for start, end, left, right in _spaced_hyphens(text):
            confidence = _join_confidence(left, right) if right else 0.0
            if confidence:
                yield doc.finding(start, end, detector=self.id, rule="unicode/hyphenation",
                                  message=f"'{left}- {right}' is one word broken at a former line end",
                                  suggestions=(left + right,), confidence=confidence - 0.1)
                continue
            # OCR often puts a stray scrap between the halves: "de- of clared", "con- ut victed".
            m = _STRAY_THEN_HALF.match(text, end - len(right))
            confidence = _join_confidence(left, m.group(2)) if m else 0.0
            if confidence:
                yield doc.finding(start, m.end(), detector=self.id, rule="unicode/hyphenation",
                                  message=f"'{text[start:m.end()]}' is one word broken at a former "
                                          f"line end, with a stray '{m.group(1)}' between its halves",
                                  suggestions=(left + m.group(2),), confidence=confidence - 0.2)
            elif right and right.lower() not in SUSPENDED_BEFORE \
                    and left.lower() not in FUNCTION_WORDS and right.lower() not in FUNCTION_WORDS \
                    and vocab.known(left.lower()) and vocab.known(right.lower()):
                # A hyphenated word broken after its hyphen ("Church- street", "well- known"):
                # the space goes, the hyphen stays.
                yield doc.finding(start, end, detector=self.id, rule="unicode/hyphenation",
                                  message=f"'{left}- {right}' is a hyphenated word broken at a "
                                          f"former line end",
                                  suggestions=(f"{left}-{right}",), confidence=0.6)
            elif right and right.lower() not in SUSPENDED_BEFORE and left.lower() not in PREFIXES \
                    and (left.lower() in FUNCTION_WORDS or right.lower() in FUNCTION_WORDS):
                # Beside a function word ("throat- with", "He- said") the hyphen is a stray mark.
                hyphen = start + len(left)
                yield doc.finding(hyphen, hyphen + 1, detector=self.id, rule="unicode/hyphenation",
                                  message=f"a stray hyphen in '{left}- {right}'",
                                  suggestions=("",), confidence=0.6)


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
