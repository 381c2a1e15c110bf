"""The checker: run the selected detectors over a document and resolve what they report.

Resolution is the same for every detector: findings in protected regions, under suppression
comments, on allow-listed words, outside ``--select``/``--ignore`` or below ``--min-confidence``
are dropped; of overlapping findings the more confident (then the longer) is kept. Before that,
the unfiltered findings give the document spin score (:mod:`cleanup.spinscore`), which sets how
confident a ``spin`` finding must be to be reported.

>>> checker = Checker()
>>> [(f.text, f.best) for f in checker.check("It is one in every of the best.")]
[('one in every of', 'one of')]
>>> checker.fix("It is one in every of the best.").text
'It is one of the best.'
>>> checker.check("`one in every of`", filetype="markdown")
[]
>>> checker.analyse(checker.document("It is one of the best.")).spin_score < 0.5
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .allow import AllowList
from .detectors import Detector, create_detectors
from .document import Document
from .findings import Finding, non_overlapping
from .garble import evidence as garble_evidence, garbled, gate_spelling
from .options import Options
from .parallel import (decisions, document_counts, Evidence, ParallelRunner, available_cpus, rest_of_file,
                       with_context)
from .rewriter import fix_until_stable
from .spindata import load_model as load_spin_model
from .spinscore import gate, spin_score


@dataclass
class Analysis:
    """What checking one document gives: its reported findings, its spin score and its word
    count."""

    findings: list[Finding]
    spin_score: float
    words: int = 0


@dataclass
class FixResult:
    """The outcome of a fix: the new text, the findings applied and those left standing."""

    original: str
    text: str
    applied: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    analysis: Analysis | None = None  # what checking the original text gave

    @property
    def changed(self) -> bool:
        return self.text != self.original


class Checker:
    """Detectors built once for a set of options, reusable across many documents."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.detectors: list[Detector] = create_detectors(self.options)
        self.allow = AllowList(self.options.allow)
        self.runner = ParallelRunner(self.detectors, self.options.jobs or available_cpus())

    def notes(self) -> list[str]:
        """One-line notes from detectors that could not do their work (e.g. no LanguageTool)."""
        return [note for det in self.detectors for note in getattr(det, "notes", ())]

    def document(self, text: str, path: str = "-", filetype: str | None = None) -> Document:
        return Document(text, path=path, filetype=filetype or self.options.filetype)

    def evidence(self, doc: Document) -> tuple[list[Finding], int]:
        """Every finding of the selected detectors before any filtering, and the word count.
        A large document is split among worker processes (:mod:`cleanup.parallel`)."""
        if self.runner.wanted(doc):
            raw, words, counts = self.runner.evidence(doc)
            return self.combine(raw, counts), words
        raw = [f for det in self.detectors for f in det.detect(doc)]
        return raw, doc.word_count

    def part_evidence(self, doc: Document) -> tuple[list[Finding], int, dict]:
        """The evidence of one part of a larger document (a chunk of a streamed file): its raw
        findings, its word count and the detectors' document counts
        (:meth:`~cleanup.detectors.Detector.document_evidence`), to be summed over the parts
        and applied with :meth:`combine`."""
        if self.runner.wanted(doc):
            return self.runner.evidence(doc)
        raw = [f for det in self.detectors for f in det.detect(doc)]
        return raw, doc.word_count, document_counts(self.detectors, doc)

    def combine(self, raw: list[Finding], counts: dict) -> list[Finding]:
        """The raw findings of a document's parts as the whole document would give them."""
        for det in self.detectors:
            if counts.get(det.id) is not None:
                mine = det.combine([f for f in raw if f.detector == det.id], counts[det.id])
                raw = [f for f in raw if f.detector != det.id] + mine
        return raw

    def analyse(self, doc: Document) -> Analysis:
        """Resolved findings of every selected detector, in text order, and the spin score
        computed from the evidence of the detectors that ran."""
        return self._analysis(doc, *self.evidence(doc))

    def _analysis(self, doc: Document, raw: list[Finding], words: int,
                  garbled_anyway: bool = False) -> Analysis:
        """The analysis of ``doc`` from its raw findings; ``garbled_anyway``: the garble gate
        takes it for garbled text whatever its own evidence."""
        model = load_spin_model()
        score = spin_score(raw, words, model)
        raw = gate_spelling(gate(raw, score, model), words, garbled_anyway=garbled_anyway)
        return Analysis(self.resolve(doc, raw), score, words)

    def findings(self, doc: Document) -> list[Finding]:
        """Resolved findings of every selected detector, in text order."""
        return self.analyse(doc).findings

    def resolve(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """The findings to report: confident enough, selected, in place (:meth:`placed`),
        without overlaps."""
        opts = self.options
        kept = [f for f in findings
                if f.confidence >= opts.min_confidence and opts.keeps(f.detector, f.rule)]
        return non_overlapping(self.placed(doc, kept))

    def placed(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        """The findings outside protected regions, suppressed ranges and allowed spans."""
        allowed = self.allow.spans(doc.text) if self.allow else []
        return [f for f in findings
                if not doc.is_protected(f.start, f.end)
                and not doc.suppressions.suppresses(f.start, f.end, f.detector, f.rule)
                and not any(s < f.end and f.start < e for s, e in allowed)]

    def check(self, text: str, path: str = "-", filetype: str | None = None) -> list[Finding]:
        """Findings for a text."""
        return self.findings(self.document(text, path, filetype))

    def fix(self, text: str, path: str = "-", filetype: str | None = None,
            file_counts: dict | None = None) -> FixResult:
        """Apply the best suggestion of every finding; report what was applied and what remains.

        Repairs are repeated while they create new matches, so the result is stable:
        fixing it again changes nothing. Each repaired version is read at least as boldly as
        the original text (the spelling detector's decisions and the garble gate): a garbled
        text whose first repairs removed most of its garble is still garbled text. ``file_counts``:
        the unknown words of a whole file this text is part of, counted ({detector id: Counter};
        see :func:`cleanup.stream.fix_file`), so that a rare word the rest of the file writes
        too is taken for a name, as in the whole file.
        """
        evidence: list[Evidence] = []
        first: list[Analysis] = []
        garbled_text: list[bool] = []  # whether the original text is garbled (cleanup.garble)

        def find(current: str) -> list[Finding]:
            doc = self.document(current, path, filetype)
            if evidence:  # after a repair, only the paragraphs it changed are checked again
                evidence[0] = evidence[0].update(self.detectors, doc, self.runner)
            else:
                raw, words, counts = self.part_evidence(doc)
                context = rest_of_file(file_counts, counts)
                counts = with_context(counts, context)
                evidence.append(Evidence(doc, raw, words, counts, combine=self.combine,
                                         floor=decisions(self.detectors, counts), context=context))
            raw = evidence[0].findings
            if not garbled_text:
                garbled_text.append(garbled(*garble_evidence(raw), evidence[0].words))
            analysis = self._analysis(doc, raw, evidence[0].words, garbled_text[0])
            if not first:
                first.append(analysis)
            return analysis.findings

        new, applied, left = fix_until_stable(text, find)
        return FixResult(text, new, applied, left, first[0] if first else None)

