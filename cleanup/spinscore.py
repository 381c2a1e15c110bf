"""The document spin score: the probability that a document was machine-spun.

A spinner changes a large share of the words it can change, so a spun document carries many
signatures at once, most of them too weak to report alone: a below-threshold phrasebook entry
here, a doubtful thesaurus variant there. The score is a logistic model over the density of that
evidence (per 100 words, smoothed so that a short text needs more than one hit), with weights
calibrated on a synthetic spun corpus (``scripts/calibrate_spin_score.py``).

The score sets the prior of the ``spin`` detector: in a document that is evidently spun its
weaker candidates are reported (and applied by ``fix``); in a clean one only strong ones are.

>>> from cleanup.findings import Finding
>>> def hit(detector, confidence):
...     return Finding("-", 1, 1, 0, 1, "x", detector, detector, "", (), confidence)
>>> model = SpinModel(document_weights={"phrasebook_strong": 1.0}, document_bias=-2.0)
>>> round(spin_score([], 100, model), 3)
0.119
>>> round(spin_score([hit("phrasebook", 0.9)] * 10, 100, model), 3)
0.953
"""

from __future__ import annotations

from .findings import Finding
from .spindata import SpinModel, logistic

#: Words added to every document's length when computing densities: one hit in a ten-word
#: sentence is weak evidence that the document is spun, ten hits in a hundred words are not.
SMOOTHING_WORDS = 100
#: Phrasebook findings at or above this confidence count as strong evidence.
STRONG = 0.5


def evidence_counts(findings: list[Finding], model: SpinModel,
                    into: dict[str, float] | None = None) -> dict[str, float]:
    """The evidence of some unfiltered findings, added to ``into`` if given: counts add up over
    the parts of a document (a streamed file)."""
    counts = into if into is not None else {"phrasebook_strong": 0.0, "phrasebook_weak": 0.0,
                                            "spin_strong": 0.0, "spin_weak": 0.0}
    for f in findings:
        if f.detector == "phrasebook":
            counts["phrasebook_strong" if f.confidence >= STRONG else "phrasebook_weak"] += 1
        elif f.detector == "spin":
            counts["spin_strong" if f.confidence >= model.report_at else "spin_weak"] += f.confidence
    return counts


def document_features(findings: list[Finding], words: int, model: SpinModel) -> dict[str, float]:
    """Evidence densities (per 100 words) of one document's unfiltered findings."""
    return densities(evidence_counts(findings, model), words)


def densities(counts: dict[str, float], words: int) -> dict[str, float]:
    scale = 100.0 / (words + SMOOTHING_WORDS)
    return {k: v * scale for k, v in counts.items()}


def spin_score(findings: list[Finding], words: int, model: SpinModel) -> float:
    """Probability that the document was machine-spun, from its unfiltered findings."""
    return score_of(evidence_counts(findings, model), words, model)


def score_of(counts: dict[str, float], words: int, model: SpinModel) -> float:
    """The spin score of a document with these evidence counts and this many words."""
    return logistic(densities(counts, words), model.document_weights, model.document_bias)


def spin_floor(score: float, model: SpinModel) -> float:
    """The confidence a ``spin`` finding needs to be reported in a document with this score.

    >>> m = SpinModel(report_at=0.8, spun_report_at=0.5, spun_document_at=0.9)
    >>> spin_floor(0.2, m), spin_floor(0.95, m)
    (0.8, 0.5)
    """
    return model.spun_report_at if score >= model.spun_document_at else model.report_at


def gate(findings: list[Finding], score: float, model: SpinModel) -> list[Finding]:
    """Drop the ``spin`` findings that are only evidence at this document's prior."""
    floor = spin_floor(score, model)
    return [f for f in findings if f.detector != "spin" or f.confidence >= floor]
