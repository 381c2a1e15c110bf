"""Reporters: one module per output format, all fed the same per-file results.

A reporter receives each file's findings as soon as the file is checked (so text, jsonl and
github output stream), then a summary at the end.

>>> import io
>>> from cleanup.findings import Finding
>>> f = Finding("a.txt", 1, 7, 6, 21, "one in every of", "phrasebook", "phrasebook/spinner-en",
...             "spinner signature", ("one of",), 0.95)
>>> out = io.StringIO()
>>> rep = make_reporter("text", out)
>>> rep.file(FileReport("a.txt", None, [f])); rep.finish(Summary.of([[f]], files=1))
>>> print(out.getvalue(), end="")
a.txt:1:7: phrasebook/spinner-en spinner signature → one of
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar, TextIO

from ..document import Document
from ..findings import Finding


@dataclass
class FileReport:
    """The findings of one input (``document`` is None when only findings are known)."""

    path: str
    document: Document | None
    findings: list[Finding]


@dataclass
class Summary:
    """Counts over a whole run."""

    files: int = 0
    findings: int = 0
    by_detector: dict = field(default_factory=dict)
    by_rule: dict = field(default_factory=dict)
    by_severity: dict = field(default_factory=dict)
    skipped: int = 0
    errors: int = 0
    fixed: int | None = None
    spin_score: dict | None = None  # path -> probability that the document was machine-spun

    @classmethod
    def of(cls, finding_lists, files: int = 0, skipped: int = 0, errors: int = 0) -> "Summary":
        det, rule, sev = Counter(), Counter(), Counter()
        total = 0
        for findings in finding_lists:
            for f in findings:
                total += 1
                det[f.detector] += 1
                rule[f.rule] += 1
                sev[f.severity] += 1
        return cls(files, total, dict(sorted(det.items())), dict(sorted(rule.items())),
                   dict(sorted(sev.items())), skipped, errors)

    def to_dict(self) -> dict:
        out = {
            "files": self.files,
            "findings": self.findings,
            "by_detector": self.by_detector,
            "by_rule": self.by_rule,
            "by_severity": self.by_severity,
            "skipped": self.skipped,
            "errors": self.errors,
        }
        if self.fixed is not None:
            out["fixed"] = self.fixed
        if self.spin_score is not None:
            out["spin_score"] = self.spin_score
        return out


class Reporter(ABC):
    """Writes findings in one format to a text stream."""

    name: ClassVar[str]

    def __init__(self, stream: TextIO, color: bool = False) -> None:
        self.stream = stream
        self.color = color

    @abstractmethod
    def file(self, report: FileReport) -> None:
        """Report one file's findings."""

    def finish(self, summary: Summary) -> None:
        """Called once after the last file."""


def _registry() -> dict[str, type[Reporter]]:
    from .github import GithubReporter
    from .html import HtmlReporter
    from .json import JsonLinesReporter, JsonReporter
    from .sarif import SarifReporter
    from .text import TextReporter

    return {r.name: r for r in (TextReporter, JsonReporter, JsonLinesReporter, SarifReporter,
                                GithubReporter, HtmlReporter)}


FORMATS = ("text", "json", "jsonl", "sarif", "github", "html")
#: Formats that show the documents' text, not only the findings.
TEXT_FORMATS = ("html",)


def make_reporter(fmt: str, stream: TextIO, color: bool = False) -> Reporter:
    """A reporter for one of :data:`FORMATS`."""
    try:
        cls = _registry()[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})") from None
    return cls(stream, color)
