"""Check a large document on several cores: split it at paragraph breaks, run the detectors on
each part in a forked worker, and put the findings back into the whole document's coordinates.

Detectors look no further than a paragraph (a phrase never spans a blank line, and the spin
detector's context stops at one), so a document cut at blank lines outside protected regions
gives the same raw findings as the whole, but for what a detector decides for the document as a
whole. Those decisions are taken from counts summed over the parts: the spelling detector drops
the corrections of words the whole document writes twice (``combine``), and a part that alone
would be read otherwise than the whole document is read (as clean prose in a garbled
document, say) is checked again under the document's decisions (:func:`settle`). Resolution
(protected regions, suppressions, allow-lists, overlaps) and the document spin score are then
computed by the checker on the whole document, as for a small one.

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
from collections import Counter
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


def detect_part(detectors: list, text: str, path: str, filetype: str | None,
                decided: dict | None = None, floor: dict | None = None
                ) -> tuple[list[Finding], int, dict, dict]:
    """Raw findings (offsets relative to ``text``), the word count, the detectors' document
    counts and the decisions they took (:meth:`~cleanup.detectors.Detector.decision`) in one
    part; under the whole document's ``decided`` ({detector id: decisions}) and at least as
    boldly as ``floor`` where given (see :func:`detect_all`)."""
    doc = Document(text, path=path, filetype=filetype)
    found = detect_all(detectors, doc, decided, floor)
    taken = {det.id: d for det in detectors if (d := det.decision()) is not None}
    return found, doc.word_count, document_counts(detectors, doc), taken


def detect_all(detectors: list, doc: Document, decided: dict | None = None,
               floor: dict | None = None) -> list[Finding]:
    """Every raw finding of the detectors in ``doc``: under the ``decided`` decisions
    ({detector id: decisions}) where given, and reading at least as boldly as the ``floor``
    decisions do (those of a text before its repairs, see :meth:`cleanup.checker.Checker.fix`)."""
    found: list[Finding] = []
    for det in detectors:
        mine = decided.get(det.id) if decided else None
        least = floor.get(det.id) if floor else None
        found += det.detect(doc) if mine is None and least is None else det.detect_with(doc, mine, least)
    return found


def read_under(detectors: list, decided: dict, floor: dict | None) -> dict:
    """The decisions a text is read under: ``decided`` ({detector id: decisions}), each made at
    least as bold as the ``floor`` where given (see :meth:`~cleanup.detectors.Detector.at_least`)."""
    floor = floor or {}
    return {det.id: det.at_least(decided[det.id], floor.get(det.id)) for det in detectors
            if det.id in decided}


def decisions(detectors: list, counts: dict) -> dict:
    """{detector id: what it decides for the whole document} from the document's counts.

    >>> from cleanup.checker import Checker
    >>> checker = Checker()
    >>> *_, counts, taken = detect_part(checker.detectors, "A tbe mnan.", "-", None)
    >>> decisions(checker.detectors, counts) == taken
    True
    """
    return {det.id: d for det in detectors
            if det.id in counts and (d := det.decide(counts[det.id])) is not None}


def document_counts(detectors: list, doc: Document) -> dict:
    """{detector id: its :meth:`~cleanup.detectors.Detector.document_evidence`} for the
    detectors whose findings depend on the whole document."""
    return {det.id: c for det in detectors if (c := det.document_evidence(doc)) is not None}


def add_counts(total: dict, part: dict, sign: int = 1) -> dict:
    """``total`` plus (or minus) one part's document counts, in place: each of ``total``'s
    counters becomes what ``Counter``'s ``+`` (or ``-``) would make of it (only positive
    counts kept), changed where ``part`` has counts rather than made afresh. ``total`` owns
    its counters (a part's are copied in); a document's counter has an entry for every
    word it does not know, and fixing a megabyte changes a few paragraphs at a time.

    >>> from collections import Counter
    >>> add_counts({"spelling": Counter(a=1)}, {"spelling": Counter(a=1, b=1)})
    {'spelling': Counter({'a': 2, 'b': 1})}
    >>> add_counts({"spelling": Counter(a=2, b=1)}, {"spelling": Counter(a=1, b=1, c=1)}, -1)
    {'spelling': Counter({'a': 1})}
    """
    for key, counts in part.items():
        mine = total.get(key)
        if mine is None:
            if sign > 0:
                total[key] = counts.copy()
            continue
        for item, n in counts.items():
            left = mine[item] + n if sign > 0 else mine[item] - n
            if left > 0:
                mine[item] = left
            elif item in mine:
                del mine[item]
    return total


def rest_of_file(file_counts: dict | None, counts: dict) -> dict | None:
    """What the rest of a file counts of the words a text of it writes: ``file_counts`` (the
    whole file's counts of its unknown words) less the text's own ``counts``, for the words
    the text writes (no other can change its findings); None without ``file_counts``.

    >>> from collections import Counter
    >>> rest_of_file({"spelling": Counter(tbe=3, mnan=1, wonian=2)},
    ...              {"spelling": Counter({"tbe": 1, "mnan": 1, ("words",): 9})})
    {'spelling': Counter({'tbe': 2})}
    """
    if file_counts is None:
        return None
    rest = {}
    for key, everywhere in file_counts.items():
        own = counts.get(key) or {}
        rest[key] = Counter({w: left for w, n in own.items()
                             if type(w) is str and (left := everywhere[w] - n) > 0})
    return rest


def with_context(counts: dict, context: dict | None) -> dict:
    """A text's document counts together with those of the text around it (``context``): new
    counters, so that neither the detectors' own nor ``context`` change.

    >>> from collections import Counter
    >>> with_context({"spelling": Counter(tbe=1)}, {"spelling": Counter(tbe=1, mnan=2)})
    {'spelling': Counter({'tbe': 2, 'mnan': 2})}
    """
    if not context:
        return counts
    return add_counts({key: c.copy() for key, c in counts.items()}, context)


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


def _detect_part(args: tuple) -> tuple[list[Finding], int, dict, dict]:
    """:func:`detect_part` in a worker: ``args`` is (text, path, filetype), optionally followed
    by the ids of the detectors to run (None: all), the decisions to run them under and the
    decisions to read at least as boldly as (see :func:`detect_all`)."""
    text, path, filetype, *again = args
    if not again:
        return detect_part(_DETECTORS, text, path, filetype)
    ids, decided, *floor = again
    detectors = _DETECTORS if ids is None else [det for det in _DETECTORS if det.id in ids]
    return detect_part(detectors, text, path, filetype, decided, floor[0] if floor else None)


#: Rounds of checking parts again under the whole document's decisions: each round settles one
#: more of a detector's decisions that depend on the one before (spelling: whether the text is
#: Early Modern English, then whether rare words get costly readings, then whether it is garbled).
SETTLE_ROUNDS = 4


def settle(detectors: list, results: list, run, floor: dict | None = None) -> list:
    """The parts' ``results`` (from :func:`detect_part`) as the whole document gives them: the
    parts whose detectors decided otherwise than the whole document's summed counts do
    (:func:`decisions`) are checked again under the document's decisions, until no part
    differs. ``run(k, ids, decided)`` checks part ``k`` again with the detectors ``ids``;
    ``run`` may return a future (anything with ``result()``) or the result itself. With a
    ``floor`` (the parts were checked reading at least as boldly as it, and ``run`` checks
    them so again), a part differs when it read otherwise than the document's decisions
    raised to the floor."""
    for _ in range(SETTLE_ROUNDS):
        counts: dict = {}
        for result in results:
            add_counts(counts, result[2])
        wanted = decisions(detectors, counts)
        read = read_under(detectors, wanted, floor)
        redo = {k: ids for k, result in enumerate(results)
                if (ids := tuple(i for i, d in read.items() if result[3].get(i) != d))}
        if not redo:
            break
        pending = {k: run(k, ids, wanted) for k, ids in redo.items()}
        for k, ids in redo.items():
            again = pending[k]
            found, _, part_counts, taken = again.result() if hasattr(again, "result") else again
            old, words, old_counts, old_taken = results[k]
            results[k] = ([f for f in old if f.detector not in ids] + found, words,
                          {**old_counts, **part_counts}, {**old_taken, **taken})
    return results


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
                 cuts: list[int] | None = None, rechecked: int = 0, combine=None,
                 floor: dict | None = None, context: dict | None = None) -> None:
        self.doc, self.words, self.counts, self.rechecked = doc, words, counts, rechecked
        self.combine = combine
        # The decisions of the text before its repairs: later checks read at least as boldly.
        self.floor = floor
        # Document counts of the text around this one (the rest of a streamed file), which
        # ``counts`` includes: a check of the whole text again adds them back.
        self.context = context
        self.cuts = cuts if cuts is not None else paragraph_cuts(doc)
        self.parts: list[list[Finding]] = [[] for _ in self.cuts[1:]]
        for f in findings:
            self.parts[max(0, bisect.bisect_right(self.cuts, f.start) - 1)].append(f)
        # (words, document counts) of each paragraph checked alone, where known: what it
        # takes away from the totals when it changes again
        self.paragraph_counts: list[tuple | None] = [None] * len(self.parts)

    @property
    def findings(self) -> list[Finding]:
        raw = [f for part in self.parts for f in part]
        return self.combine(raw, self.counts) if self.combine is not None else raw

    def update(self, detectors: list, doc: Document, runner: "ParallelRunner | None" = None
               ) -> "Evidence":
        """The evidence of ``doc``, an edited version of this document, checking again only the
        parts whose text changed (everything, if the edit changed the paragraph layout; with
        the ``runner``'s processes, if it wants a document that large)."""
        cuts = paragraph_cuts(doc)
        old = self.doc.text
        if len(cuts) != len(self.cuts) or len(doc.text) < WHOLE_RECHECK_CHARS or 2 * sum(
                old[a:b] != doc.text[c:d] for a, b, c, d in zip(self.cuts, self.cuts[1:], cuts, cuts[1:])
                ) > len(cuts) - 1:
            return self._whole(detectors, doc, cuts, runner)  # (most paragraphs changed: cheaper whole)
        # The changed paragraphs are checked under the document's decisions, and what the old
        # ones counted is taken from the counts under the same decisions.
        decided = decisions(detectors, self.counts)
        counted = [det for det in detectors if det.id in self.counts]
        found: list[Finding] = []
        words, rechecked = self.words, 0
        counts = {key: c.copy() for key, c in self.counts.items()}
        known: list[tuple | None] = []
        spans = zip(zip(self.cuts, self.cuts[1:]), zip(cuts, cuts[1:]), self.parts, self.paragraph_counts)
        for (a, b), (c, d), part, before in spans:
            if old[a:b] == doc.text[c:d]:
                found += [shifted(f, doc, c - a) for f in part]
                known.append(before)
                continue
            rechecked += 1
            new, count, new_counts, _ = detect_part(detectors, doc.text[c:d], doc.path, doc.filetype,
                                                    decided, self.floor)
            found += [shifted(f, doc, c) for f in new]
            if before is None:
                before = detect_part(counted, old[a:b], doc.path, doc.filetype, decided, self.floor)[1:3]
            words += count - before[0]
            add_counts(add_counts(counts, before[1], -1), new_counts)
            known.append((count, new_counts))
        now = decisions(detectors, counts)
        if read_under(detectors, now, self.floor) != read_under(detectors, decided, self.floor):
            return self._whole(detectors, doc, cuts, runner)  # the repair changed how the text is read
        updated = Evidence(doc, found, words, counts, cuts, rechecked, self.combine, self.floor,
                           self.context)
        updated.paragraph_counts = known
        return updated

    def _whole(self, detectors: list, doc: Document, cuts: list[int],
               runner: "ParallelRunner | None" = None) -> "Evidence":
        """The evidence of ``doc`` checked whole again: in the ``runner``'s processes when it
        wants a document that large (as the first check of it was), else here."""
        if runner is not None and runner.detectors is detectors and runner.wanted(doc):
            found, words, counts = runner.evidence(doc, self.floor)
        else:
            found = detect_all(detectors, doc, None, self.floor)
            words, counts = doc.word_count, document_counts(detectors, doc)
        return Evidence(doc, found, words, with_context(counts, self.context), cuts, len(cuts) - 1,
                        self.combine, self.floor, self.context)


class ParallelRunner:
    """A pool of forked workers for one set of detectors, made on first use."""

    def __init__(self, detectors: list, jobs: int) -> None:
        self.detectors = detectors
        self.jobs = jobs
        self._pool = None  # a concurrent.futures.ProcessPoolExecutor, made on first use
        self.progress = None  # a cleanup.progress.Progress in MB, advanced as parts finish

    def wanted(self, doc: Document) -> bool:
        return self.jobs > 1 and len(doc.text) >= PARALLEL_MIN_CHARS and can_fork()

    def evidence(self, doc: Document, floor: dict | None = None) -> tuple[list[Finding], int, dict]:
        """Every raw finding of the detectors in ``doc`` (not yet combined, see
        :meth:`cleanup.checker.Checker.combine`), its word count and document counts; read at
        least as boldly as the ``floor`` decisions where given (a repaired text, see
        :func:`detect_all`)."""
        # One part per worker, and parts of at most about a megabyte (a worker's memory follows
        # the size of its part). More, smaller parts cost more than they balance: each part
        # allocates its tokens afresh, and fresh memory is what a forked worker pays most for.
        cuts = split_points(doc.text, doc.protected, max(self.jobs, -(-len(doc.text) // PART_CHARS)))
        parts = [(doc.text[a:b], doc.path, doc.filetype) for a, b in zip(cuts, cuts[1:])]
        if floor:
            parts = [(*part, None, None, floor) for part in parts]
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            global _DETECTORS
            _DETECTORS = self.detectors
            prepare_for_long_texts(self.detectors)
            self._pool = ProcessPoolExecutor(self.jobs - 1, mp_context=multiprocessing.get_context("fork"),
                                             initializer=_forget_inherited_pools)
            atexit.register(self.close)  # before interpreter teardown, not during it
        if self.progress is not None:
            self.progress.total += len(doc.text) / 1_000_000
        results = []
        for (start, end), result in zip(zip(cuts, cuts[1:]), self._shared(parts)):
            results.append(result)
            if self.progress is not None:
                self.progress.advance((end - start) / 1_000_000)
        # A part may read differently alone than in the whole document (the spelling detector
        # reads a garbled document boldly): such parts are checked again under its decisions.
        settle(self.detectors, results,
               lambda k, ids, decided: self._pool.submit(_detect_part, (*parts[k][:3], ids, decided, floor)),
               floor)
        raw: list[Finding] = []
        words = 0
        counts: dict = {}
        for start, (found, count, part_counts, _) in zip(cuts, results):
            words += count
            raw += [shifted(f, doc, start) for f in found]
            add_counts(counts, part_counts)
        return raw, words, counts

    def _shared(self, parts: list) -> Iterator[tuple[list[Finding], int, dict, dict]]:
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
