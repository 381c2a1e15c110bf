"""Check a large document on several cores: split it at paragraph breaks, run the detectors on
each part in a forked worker, and put the findings back into the whole document's coordinates.

Detectors look no further than a paragraph (a phrase never spans a blank line, and the spin
detector's context stops at one), so a document cut at blank lines outside protected regions
gives the same raw findings as the whole. Resolution (protected regions, suppressions,
allow-lists, overlaps) and the document spin score are then computed by the checker on the
whole document, as for a small one.

Workers are forked from the process that built the detectors, so they share its loaded
dictionaries and models without reloading them. Where ``fork`` is not available (Windows,
macOS' default), or the document is small, everything runs in one process.

>>> split_points("a\\n\\nb\\n\\nc\\n", [], parts=2)
[0, 6, 8]
"""

from __future__ import annotations

import bisect
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from .document import Document
from .findings import Finding
from .tokens import WORD

#: Documents smaller than this (characters) are checked in one process.
PARALLEL_MIN_CHARS = 200_000
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

# The detectors a forked worker uses: set in the parent just before the pool forks.
_DETECTORS: list = []


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
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


def _detect_part(args: tuple[str, str, str | None]) -> tuple[list[Finding], int]:
    text, path, filetype = args
    doc = Document(text, path=path, filetype=filetype)
    found = [f for det in _DETECTORS for f in det.detect(doc)]
    return found, sum(1 for t in doc.tokens if t.kind == WORD)


class ParallelRunner:
    """A pool of forked workers for one set of detectors, made on first use."""

    def __init__(self, detectors: list, jobs: int) -> None:
        self.detectors = detectors
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def wanted(self, doc: Document) -> bool:
        return self.jobs > 1 and len(doc.text) >= PARALLEL_MIN_CHARS and can_fork()

    def evidence(self, doc: Document) -> tuple[list[Finding], int]:
        """Every raw finding of the detectors in ``doc``, and its word count."""
        cuts = split_points(doc.text, doc.protected, self.jobs * 2)
        parts = [(doc.text[a:b], doc.path, doc.filetype) for a, b in zip(cuts, cuts[1:])]
        if self._pool is None:
            global _DETECTORS
            _DETECTORS = self.detectors
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"))
        raw: list[Finding] = []
        words = 0
        for offset, (found, count) in zip(cuts, self._pool.map(_detect_part, parts)):
            words += count
            for f in found:
                start, end = f.start + offset, f.end + offset
                line, column = doc.line_col(start)
                raw.append(replace(f, path=doc.path, start=start, end=end, line=line, column=column))
        return raw, words

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
