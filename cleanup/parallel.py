"""Check a large document on several cores: split it at paragraph breaks, run the detectors on
each part in a forked worker, and put the findings back into the whole document's coordinates.

Detectors look no further than a paragraph (a phrase never spans a blank line, and the spin
detector's context stops at one), so a document cut at blank lines outside protected regions
gives the same raw findings as the whole. Resolution (protected regions, suppressions,
allow-lists, overlaps) and the document spin score are then computed by the checker on the
whole document, as for a small one.

Workers are forked from the process that built the detectors, so they share its loaded
dictionaries and models without reloading them. With ``jobs`` N, a large document's parts go
to N - 1 workers and the parent checks every N-th part itself (one process fewer holding its
own copy of the data it touches). Where ``fork`` is not available (Windows,
macOS' default), or the document is small, everything runs in one process.

>>> split_points("a\\n\\nb\\n\\nc\\n", [], parts=2)
[0, 6, 8]
"""

from __future__ import annotations

import atexit
import bisect
import gc
import os
import re
from dataclasses import replace
from typing import Iterator

from .document import Document
from .findings import Finding

#: Documents smaller than this (characters) are checked in one process.
PARALLEL_MIN_CHARS = 200_000
#: Documents smaller than this (characters) are checked whole again after a repair, not just the
#: paragraphs it changed: a detector may read a paragraph differently in the whole document
#: (``spelling`` reads boldly where any paragraph shows garble), and ``fix`` must give what a
#: fresh check of its result would, or fixing twice would change more.
WHOLE_RECHECK_CHARS = PARALLEL_MIN_CHARS
#: Largest part (characters) a worker is given.
PART_CHARS = 1_000_000
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

# The detectors a forked worker uses: set in the parent just before the pool forks.
_DETECTORS: list = []


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    import multiprocessing  # imported on demand: most runs never need it

    return "fork" in multiprocessing.get_all_start_methods()


def split_points(text: str, protected: list[tuple[int, int, str]], parts: int) -> list[int]:
    """Offsets that cut ``text`` into about ``parts`` pieces, each cut just after a blank line
    that is outside every protected region; always starts with 0 and ends with ``len(text)``."""
    n = len(text)
    starts = [s for s, _, _ in protected]
    cuts = [0]
    for k in range(1, parts):
        target = n * k // parts
        for m in _BLANK_LINE.finditer(text, max(target, cuts[-1])):
            pos = m.end()
            i = bisect.bisect_right(starts, pos) - 1
            if i >= 0 and protected[i][1] > pos:
                continue  # inside a code block or the like
            if pos < n:
                cuts.append(pos)
            break
    cuts.append(n)
    return cuts


def paragraph_cuts(doc: Document) -> list[int]:
    """Every offset just after a blank line outside protected regions, with 0 and the end:
    the places where a document may be cut without changing what detectors find."""
    starts = doc._protected_starts
    regions = doc.protected
    cuts = [0]
    n = len(doc.text)
    for m in _BLANK_LINE.finditer(doc.text):
        pos = m.end()
        i = bisect.bisect_right(starts, pos) - 1
        if (i < 0 or regions[i][1] <= pos) and cuts[-1] < pos < n:
            cuts.append(pos)
    cuts.append(n)
    return cuts


def detect_part(detectors: list, text: str, path: str, filetype: str | None
                ) -> tuple[list[Finding], int, dict]:
    """Raw findings (offsets relative to ``text``), the word count and the detectors'
    document counts of one part."""
    doc = Document(text, path=path, filetype=filetype)
    found = [f for det in detectors for f in det.detect(doc)]
    return found, doc.word_count, document_counts(detectors, doc)


def document_counts(detectors: list, doc: Document) -> dict:
    """{detector id: its :meth:`~cleanup.detectors.Detector.document_evidence`} for the
    detectors whose findings depend on the whole document."""
    return {det.id: c for det in detectors if (c := det.document_evidence(doc)) is not None}


def add_counts(total: dict, part: dict, sign: int = 1) -> dict:
    """``total`` plus (or minus) one part's document counts, in place.

    >>> from collections import Counter
    >>> add_counts({"spelling": Counter(a=1)}, {"spelling": Counter(a=1, b=1)})
    {'spelling': Counter({'a': 2, 'b': 1})}
    """
    for key, counts in part.items():
        if sign > 0:
            total[key] = total[key] + counts if key in total else counts.copy()
        elif key in total:
            total[key] = total[key] - counts
    return total


def shifted(f: Finding, doc: Document, offset: int) -> Finding:
    """A finding of a part moved into the whole document's coordinates."""
    start, end = f.start + offset, f.end + offset
    line, column = doc.line_col(start)
    return replace(f, path=doc.path, start=start, end=end, line=line, column=column)


def prepare_for_long_texts(detectors: list) -> None:
    """Load now everything the detectors need for long texts (see
    :meth:`cleanup.detectors.Detector.prepare_for_long_text`), then move it out of the garbage
    collector's sight (gc.freeze): a collection in a forked worker would otherwise write to
    every one of those objects and so copy the pages it shares with its parent."""
    for det in detectors:
        det.prepare_for_long_text()
    gc.freeze()


def _detect_part(args: tuple[str, str, str | None]) -> tuple[list[Finding], int, dict]:
    return detect_part(_DETECTORS, *args)


def _forget_inherited_pools() -> None:
    """Worker initialiser: a forked worker inherits the exit hooks of any pool its parent
    already runs; without this it would try to wake that pool's threads when it exits."""
    try:
        import concurrent.futures.process as cfp

        cfp._threads_wakeups.clear()
    except (ImportError, AttributeError):  # pragma: no cover - other Python versions
        pass


class Evidence:
    """The raw findings of a document, grouped by part, so that after a fix only the parts
    whose text changed are checked again (:meth:`update`; in a large document). The detectors' document counts are
    kept up to date too, and :attr:`findings` applies them (``combine``), so a part checked
    alone still sees, say, a word the rest of the document writes again.

    >>> from cleanup.checker import Checker
    >>> checker = Checker()
    >>> doc = checker.document("A b.\\n\\nIt is one in every of them.\\n")
    >>> ev = Evidence(doc, *checker.part_evidence(doc), combine=checker.combine)
    >>> [f.text for f in ev.findings]
    ['one in every of']
    >>> ev2 = ev.update(checker.detectors, checker.document("A b.\\n\\nIt is one of them.\\n"))
    >>> ev2.findings, ev2.words, ev2.rechecked  # a small document is checked whole again
    ([], 7, 2)
    """

    def __init__(self, doc: Document, findings: list[Finding], words: int, counts: dict,
                 cuts: list[int] | None = None, rechecked: int = 0, combine=None) -> None:
        self.doc, self.words, self.counts, self.rechecked = doc, words, counts, rechecked
        self.combine = combine
        self.cuts = cuts if cuts is not None else paragraph_cuts(doc)
        self.parts: list[list[Finding]] = [[] for _ in self.cuts[1:]]
        for f in findings:
            self.parts[max(0, bisect.bisect_right(self.cuts, f.start) - 1)].append(f)

    @property
    def findings(self) -> list[Finding]:
        raw = [f for part in self.parts for f in part]
        return self.combine(raw, self.counts) if self.combine is not None else raw

    def update(self, detectors: list, doc: Document) -> "Evidence":
        """The evidence of ``doc``, an edited version of this document, checking again only the
        parts whose text changed (everything, if the edit changed the paragraph layout)."""
        cuts = paragraph_cuts(doc)
        if len(cuts) != len(self.cuts) or len(doc.text) < WHOLE_RECHECK_CHARS:
            found = [f for det in detectors for f in det.detect(doc)]
            return Evidence(doc, found, doc.word_count, document_counts(detectors, doc), cuts,
                            len(cuts) - 1, combine=self.combine)
        old = self.doc.text
        found: list[Finding] = []
        words, rechecked = self.words, 0
        counts = {key: c.copy() for key, c in self.counts.items()}
        spans = zip(zip(self.cuts, self.cuts[1:]), zip(cuts, cuts[1:]), self.parts)
        for (a, b), (c, d), part in spans:
            if old[a:b] == doc.text[c:d]:
                found += [shifted(f, doc, c - a) for f in part]
                continue
            rechecked += 1
            new, count, new_counts = detect_part(detectors, doc.text[c:d], doc.path, doc.filetype)
            found += [shifted(f, doc, c) for f in new]
            old_part = Document(old[a:b], path=doc.path, filetype=doc.filetype)
            words += count - old_part.word_count
            add_counts(add_counts(counts, document_counts(detectors, old_part), -1), new_counts)
        return Evidence(doc, found, words, counts, cuts, rechecked, self.combine)


class ParallelRunner:
    """A pool of forked workers for one set of detectors, made on first use."""

    def __init__(self, detectors: list, jobs: int) -> None:
        self.detectors = detectors
        self.jobs = jobs
        self._pool = None  # a concurrent.futures.ProcessPoolExecutor, made on first use
        self.progress = None  # a cleanup.progress.Progress in MB, advanced as parts finish

    def wanted(self, doc: Document) -> bool:
        return self.jobs > 1 and len(doc.text) >= PARALLEL_MIN_CHARS and can_fork()

    def evidence(self, doc: Document) -> tuple[list[Finding], int, dict]:
        """Every raw finding of the detectors in ``doc`` (not yet combined, see
        :meth:`cleanup.checker.Checker.combine`), its word count and document counts."""
        # One part per worker, and parts of at most about a megabyte (a worker's memory follows
        # the size of its part). More, smaller parts cost more than they balance: each part
        # allocates its tokens afresh, and fresh memory is what a forked worker pays most for.
        cuts = split_points(doc.text, doc.protected, max(self.jobs, -(-len(doc.text) // PART_CHARS)))
        parts = [(doc.text[a:b], doc.path, doc.filetype) for a, b in zip(cuts, cuts[1:])]
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            global _DETECTORS
            _DETECTORS = self.detectors
            prepare_for_long_texts(self.detectors)
            self._pool = ProcessPoolExecutor(self.jobs - 1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_forget_inherited_pools)
            atexit.register(self.close)  # before interpreter teardown, not during it
        raw: list[Finding] = []
        words = 0
        counts: dict = {}
        if self.progress is not None:
            self.progress.total += len(doc.text) / 1_000_000
        for (start, end), (found, count, part_counts) in zip(zip(cuts, cuts[1:]), self._shared(parts)):
            words += count
            raw += [shifted(f, doc, start) for f in found]
            add_counts(counts, part_counts)
            if self.progress is not None:
                self.progress.advance((end - start) / 1_000_000)
        return raw, words, counts

    def _shared(self, parts: list) -> Iterator[tuple[list[Finding], int, dict]]:
        """The results of ``parts`` in order: every ``jobs``-th part (the first, and so on) is
        checked here while the ``jobs - 1`` workers check the others. The parent would
        otherwise wait idle, and each process that checks text holds its own copy of the data
        it touches, so one process fewer is about a worker's memory less (issue 5: a gigabyte
        in under 500 MB with ``-j 2``)."""
        futures = {k: self._pool.submit(_detect_part, part) for k, part in enumerate(parts)
                   if k % self.jobs}
        for k, part in enumerate(parts):
            yield futures[k].result() if k in futures else _detect_part(part)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# --- many files ------------------------------------------------------------------------------

# The function a forked worker applies to each item: set in the parent just before forking.
_ITEM_FUNCTION = None


def _apply(item):
    return _ITEM_FUNCTION(item)


def map_in_order(function, items: list, jobs: int, on_result=None):
    """``function(item)`` for every item, in order, using up to ``jobs`` forked processes
    when there are several items (one process otherwise, or where ``fork`` is missing).
    ``on_result`` is called as each result arrives (progress reporting).

    The function runs in the workers with everything the parent had loaded; its results come
    back pickled, so they should be small (findings, counts), not documents.

    >>> list(map_in_order(len, ["a", "bb", "ccc"], jobs=2))
    [1, 2, 3]
    """
    if jobs <= 1 or len(items) < 2 or not can_fork():
        for item in items:
            result = function(item)
            if on_result is not None:
                on_result(result)
            yield result
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _ITEM_FUNCTION
    _ITEM_FUNCTION = function
    with ProcessPoolExecutor(min(jobs, len(items)), mp_context=multiprocessing.get_context("fork"),
                             initializer=_forget_inherited_pools) as pool:
        for result in pool.map(_apply, items):
            if on_result is not None:
                on_result(result)
            yield result
