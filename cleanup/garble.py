"""How garbled a document is, and what that means for the ``spelling`` detector's findings.

An unknown word in clean prose is usually a rare word or a name; in OCR output it is usually
garble. So the checker counts the confident spelling findings of the whole document: below
``GARBLED_AT`` of its words, the document is treated as clean and only the strongest corrections
(``spelling/ocr-confusion``: an OCR confusion with a wide margin) keep their confidence; the
others drop to ``QUIET_CONFIDENCE``, below the default threshold, still visible with
``--min-confidence``.

>>> from cleanup.findings import Finding
>>> def hit(rule, confidence=0.8):
...     return Finding("-", 1, 1, 0, 1, "x", rule.split("/")[0], rule, "", ("y",), confidence)
>>> [f.confidence for f in gate_spelling([hit("spelling/unknown-word")], words=1000)]
[0.45]
>>> [f.confidence for f in gate_spelling([hit("spelling/unknown-word")] * 10, words=1000)][:1]
[0.8]
"""

from __future__ import annotations

from dataclasses import replace

from .findings import Finding

#: Share of a document's words with a confident spelling finding from which it counts as garbled.
GARBLED_AT = 0.01
QUIET_CONFIDENCE = 0.45
STRONG_RULES = frozenset({"spelling/ocr-confusion"})


#: Spelling findings that show no garble by themselves: a real word that reads better otherwise,
#: a lone letter (prose uses them as variables and names: "the constant k").
NO_EVIDENCE_RULES = frozenset({"spelling/real-word", "spelling/stray-letter"})


def confident_correction(f: Finding) -> bool:
    """Whether a finding is a confident non-word spelling correction (garble evidence)."""
    return f.detector == "spelling" and f.confidence >= 0.5 and f.rule not in NO_EVIDENCE_RULES


def confident_corrections(findings: list[Finding]) -> int:
    """How many of the findings are confident non-word spelling corrections (additive over
    the parts of a document)."""
    return sum(map(confident_correction, findings))


def garble_density(findings: list[Finding], words: int) -> float:
    return confident_corrections(findings) / max(words, 1)


def gate_spelling(findings: list[Finding], words: int, confident: int | None = None) -> list[Finding]:
    """The findings with weaker spelling corrections quietened in a document that is not
    garbled; ``confident`` is the document's count of confident corrections when
    ``findings`` are only some of them (a streamed file)."""
    if confident is None:
        confident = confident_corrections(findings)
    if confident / max(words, 1) >= GARBLED_AT:
        return findings
    return [replace(f, confidence=min(f.confidence, QUIET_CONFIDENCE), severity="")
            if f.detector == "spelling" and f.rule not in STRONG_RULES and f.confidence >= 0.5
            else f for f in findings]
