"""The Finding: one damaged span of a document, why it looks damaged, and what it likely said.

Every detector reports Findings and every reporter and the rewriter consume them, so this
module is the contract between the parts of cleanup.

>>> f = Finding(path="a.txt", line=1, column=8, start=7, end=22, text="one in every of",
...             detector="phrasebook", rule="phrasebook/spinner-en",
...             message="spinner signature", suggestions=("one of",), confidence=0.95)
>>> f.severity
'error'
>>> f.to_dict()["suggestions"]
['one of']
"""

from __future__ import annotations

import bisect

from dataclasses import dataclass, field, replace

#: Confidence at or above which a finding is an ``error``; below it but at or above
#: ``WARNING_AT`` it is a ``warning``; lower still it is ``info``.
ERROR_AT = 0.8
WARNING_AT = 0.5


def severity_for(confidence: float) -> str:
    """Map a confidence (0-1) to a severity name.

    >>> severity_for(0.9), severity_for(0.6), severity_for(0.2)
    ('error', 'warning', 'info')
    """
    if confidence >= ERROR_AT:
        return "error"
    if confidence >= WARNING_AT:
        return "warning"
    return "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """A damaged span: ``text == document[start:end]``; ``line``/``column`` are 1-based characters."""

    path: str
    line: int
    column: int
    start: int
    end: int
    text: str
    detector: str
    rule: str
    message: str
    suggestions: tuple[str, ...] = ()
    confidence: float = 1.0
    severity: str = field(default="")

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", severity_for(self.confidence))

    @property
    def best(self) -> str | None:
        """The best suggestion, or None when the detector has none."""
        return self.suggestions[0] if self.suggestions else None

    def overlaps(self, other: "Finding") -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def with_path(self, path: str) -> "Finding":
        return replace(self, path=path)

    @property
    def end_line_column(self) -> tuple[int, int]:
        """1-based (line, column) just past the span's last character."""
        breaks = self.text.count("\n")
        if not breaks:
            return self.line, self.column + len(self.text)
        return self.line + breaks, len(self.text) - self.text.rfind("\n")

    def to_dict(self) -> dict:
        """A JSON-ready dict with every field of SPEC §2."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "detector": self.detector,
            "rule": self.rule,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "confidence": round(self.confidence, 4),
            "severity": self.severity,
        }


def non_overlapping(findings) -> list["Finding"]:
    """A subset of ``findings`` in which no two overlap, in text order.

    Of overlapping findings the more confident wins, then the longer, then the earlier.
    """
    ranked = sorted(findings, key=lambda f: (-f.confidence, -(f.end - f.start), f.start))
    # The chosen spans, by (start, end): they never overlap, so only the last one or two that
    # start before a span ends can overlap it (one search per finding, not a scan).
    spans: list[tuple[int, int]] = []
    chosen: list[Finding] = []
    for f in ranked:
        i = bisect.bisect_left(spans, (f.end,))
        if any(spans[j][0] < f.end and f.start < spans[j][1] for j in (i - 1, i - 2) if j >= 0):
            continue
        bisect.insort(spans, (f.start, f.end))
        chosen.append(f)
    return sorted(chosen, key=lambda f: (f.start, f.end))
