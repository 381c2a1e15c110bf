"""How garbled a document is, and what that means for the ``spelling`` detector's findings.

An unknown word in clean prose is usually a rare word or a name; in OCR output it is usually
garble. So the checker counts the confident spelling findings of the whole document, and the
words made of letters English does not put together (``spelling/garbled-word``) whatever their
reading: below ``GARBLED_AT`` of its words, the document is treated as clean and only the
strongest corrections (``spelling/ocr-confusion``: an OCR confusion with a wide margin, and
``spelling/misspelling``: a plain edit far ahead of every other reading, and
``spelling/real-word``, which in such a document reads only misread function words by a wide
margin, and ``spelling/ll-as-u``, "ll" read as "U") keep their confidence; the others drop to
``QUIET_CONFIDENCE``, below the default threshold, still visible with ``--min-confidence``.
Misspellings, real-word readings and "ll" read as "U" are no evidence of garble: the last is
one engine's habit on every "ll" of a page, and says nothing of the page's other rare words
(counted, it had Early Modern pages read as garbled and their own spellings changed).

>>> from cleanup.findings import Finding
>>> def hit(rule, confidence=0.8):
...     return Finding("-", 1, 1, 0, 1, "x", rule.split("/")[0], rule, "", ("y",), confidence)
>>> [f.confidence for f in gate_spelling([hit("spelling/unknown-word")], words=1000)]
[0.45]
>>> [f.confidence for f in gate_spelling([hit("spelling/unknown-word")] * 10, words=1000)][:1]
[0.8]
>>> [f.confidence for f in gate_spelling([hit("spelling/misspelling", 0.97)], words=1000)]
[0.97]
>>> evidence([hit("spelling/misspelling", 0.97)] * 10)
(0, 0)
>>> evidence([hit("spelling/garbled-word", 0.35), hit("spelling/unknown-word", 0.35)])
(1, 2)
"""

from __future__ import annotations

from dataclasses import replace

from .findings import Finding

#: Share of a document's words with a confident spelling finding from which it counts as garbled.
GARBLED_AT = 0.01
QUIET_CONFIDENCE = 0.45
#: Spelling findings that the gate never quietens: they stand without any garble around them.
STRONG_RULES = frozenset({"spelling/ocr-confusion", "spelling/misspelling", "spelling/real-word",
                          "spelling/ll-as-u"})


#: Spelling findings that show no garble by themselves: a real word that reads better otherwise,
#: a plain misspelling, "ll" read as "U".
NO_EVIDENCE_RULES = frozenset({"spelling/real-word", "spelling/misspelling", "spelling/ll-as-u"})
#: Findings that count towards the share only beside some other sign of garble (another
#: spelling finding, even a quiet one): a lone letter. Prose uses lone letters as variables and
#: names ("the x axis", "plan b"), so they alone never make a document garbled.
SUPPORTING_RULES = frozenset({"spelling/stray-letter"})
#: Findings that are garble evidence even when their correction is unsure: a word made of
#: letters English does not put together ("wvas").
EVIDENT_RULES = frozenset({"spelling/garbled-word"})


def confident_correction(f: Finding) -> bool:
    """Whether a finding is a confident spelling correction that is garble evidence, or a
    garbled word (EVIDENT_RULES) whatever its reading."""
    return f.detector == "spelling" and f.rule not in NO_EVIDENCE_RULES \
        and (f.confidence >= 0.5 or f.rule in EVIDENT_RULES)


def sign_of_garble(f: Finding) -> bool:
    """Whether a finding, at any confidence, shows garble of its own (not a lone letter)."""
    return f.detector == "spelling" and f.rule not in NO_EVIDENCE_RULES \
        and f.rule not in SUPPORTING_RULES


def evidence(findings: list[Finding]) -> tuple[int, int]:
    """(confident corrections, signs of garble) among the findings; additive over the parts
    of a document."""
    return sum(map(confident_correction, findings)), sum(map(sign_of_garble, findings))


def garbled(confident: int, signs: int, words: int) -> bool:
    """Whether a document of ``words`` words with ``confident`` confident corrections and
    ``signs`` findings that show garble of their own counts as garbled.

    >>> garbled(3, 1, 100), garbled(3, 0, 100), garbled(3, 3, 1000)
    (True, False, False)
    """
    return signs > 0 and confident >= GARBLED_AT * max(words, 1)


def gate_spelling(findings: list[Finding], words: int, counts: tuple[int, int] | None = None,
                  garbled_anyway: bool = False) -> list[Finding]:
    """The findings with weaker spelling corrections quietened in a document that is not
    garbled; ``counts`` is the document's :func:`evidence` when ``findings`` are only some of
    its findings (a streamed file); ``garbled_anyway`` leaves them all as they are (a repaired
    version of a garbled text)."""
    if garbled_anyway or garbled(*(counts or evidence(findings)), words):
        return findings
    return [replace(f, confidence=min(f.confidence, QUIET_CONFIDENCE), severity="")
            if f.detector == "spelling" and f.rule not in STRONG_RULES and f.confidence >= 0.5
            else f for f in findings]
