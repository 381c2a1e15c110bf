"""The rewriter: apply the best suggestion of each finding, and show the result as a diff.

It never applies two overlapping findings (the more confident, then the longer, wins) and
changes nothing outside the spans it applies. A repair can create a new match with its
neighbours ("by using using using" -> "by using using" -> "by using"); :func:`fix_until_stable`
repeats the repair and merges the passes into one set of edits on the original text, so that
``fix(fix(x)) == fix(x)`` and every change still lies inside a reported span.

>>> from cleanup.findings import Finding
>>> f = Finding("-", 1, 4, 3, 18, "one in every of", "phrasebook", "phrasebook/x", "m", ("one of",), 0.9)
>>> apply_findings("It one in every of us.", [f])[0]
'It one of us.'
>>> print(unified_diff("a\\nb\\n", "a\\nc\\n", "f.txt"), end="")
--- a/f.txt
+++ b/f.txt
@@ -1,2 +1,2 @@
 a
-b
+c
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Callable

from .findings import Finding, non_overlapping

#: How many times a fix is repeated at most while replacements keep creating new matches.
MAX_PASSES = 5


@dataclass(frozen=True)
class Edit:
    """Replace ``original[start:end]`` by ``text``."""

    start: int
    end: int
    text: str


def applicable(findings) -> list[Finding]:
    """The findings a fix applies: those with a suggestion, non-overlapping, in text order."""
    return non_overlapping(f for f in findings if f.suggestions)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping, sorted edits applied."""
    parts, pos = [], 0
    for e in edits:
        parts.append(text[pos:e.start])
        parts.append(e.text)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def apply_findings(text: str, findings) -> tuple[str, list[Finding]]:
    """Rewrite ``text`` once with the best suggestion of each applicable finding.

    Returns the new text and the findings that were applied.
    """
    chosen = applicable(findings)
    for f in chosen:
        if text[f.start:f.end] != f.text:
            raise ValueError(f"finding {f.rule} at {f.start} does not match the text it was made for")
    return apply_edits(text, [Edit(f.start, f.end, f.best) for f in chosen]), chosen


class _Mapping:
    """Position mapping between a text and the text its edits produce."""

    def __init__(self, edits: list[Edit]) -> None:
        self.edits = edits
        self.old_ends = [e.end for e in edits]
        self.new_starts, self.new_ends = [], []
        shift = 0
        for e in edits:
            self.new_starts.append(e.start + shift)
            shift += len(e.text) - (e.end - e.start)
            self.new_ends.append(e.end + shift)

    def forward(self, pos: int) -> int:
        """New position of an old position that is not strictly inside an edit."""
        i = bisect.bisect_right(self.old_ends, pos)
        if i == 0:
            return pos
        return pos - self.edits[i - 1].end + self.new_ends[i - 1]

    def back(self, pos: int, is_end: bool) -> int:
        """Old position of a new position; inside an inserted text it snaps to the edit's edge."""
        i = bisect.bisect_right(self.new_starts, pos) - 1
        if i < 0:
            return pos
        e, ns, ne = self.edits[i], self.new_starts[i], self.new_ends[i]
        if pos == ns:
            return e.start
        if pos < ne:
            return e.end if is_end else e.start
        return e.end + (pos - ne)


def compose(first: list[Edit], second: list[Edit], final_text: str) -> list[Edit]:
    """One list of edits on the original text equivalent to ``first`` then ``second``.

    ``second`` is in the coordinates of the text ``first`` produced; ``final_text`` is the
    result of applying both.
    """
    m1, m2 = _Mapping(first), _Mapping(second)
    ranges = [(e.start, e.end) for e in first]
    ranges += [(m1.back(e.start, False), m1.back(e.end, True)) for e in second]
    ranges.sort()
    clusters: list[list[int]] = []
    for a, b in ranges:
        if clusters and a < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], b)
        else:
            clusters.append([a, b])
    return [Edit(a, b, final_text[m2.forward(m1.forward(a)):m2.forward(m1.forward(b))])
            for a, b in clusters]


def fix_until_stable(text: str, find: Callable[[str], list[Finding]]
                     ) -> tuple[str, list[Finding], list[Finding]]:
    """Apply ``find``'s findings until no new ones appear.

    Returns the repaired text, the fixes made and the findings of the repaired text (those left
    standing, which have no suggestion). Each fix covers one changed span of the ORIGINAL text;
    when a later pass extended an earlier repair, it is the merged span with the final wording.
    """
    found = find(text)
    first = applicable(found)
    edits: list[Edit] = []
    current = text
    for _ in range(MAX_PASSES):
        todo = applicable(found)
        if not todo:
            break
        step = [Edit(f.start, f.end, f.best) for f in todo]
        nxt = apply_edits(current, step)
        if nxt == current:
            break
        edits = compose(edits, step, nxt) if edits else step
        current = nxt
        found = find(current)
    else:
        if applicable(found):
            current, edits, found = _without_unsettled(text, edits, found, find)
    return current, _as_findings(text, edits, first), found


def _without_unsettled(text: str, edits: list[Edit], found: list[Finding],
                       find: Callable[[str], list[Finding]]) -> tuple[str, list[Edit], list[Finding]]:
    """The repairs of ``text`` without those that never settled: after MAX_PASSES passes some
    repairs still call for more (two lexicon terms whose variants turn each other back,
    "recognition" <-> "detection"). Where they go round, the original wording stays and the
    finding is left for the reader; fixing the result again then goes round the same way and
    ends the same, so a fix stays idempotent.

    >>> seen = {"a x": [Finding("-", 1, 3, 2, 3, "x", "spin", "r", "", ("y",), 0.9)],
    ...         "a y": [Finding("-", 1, 3, 2, 3, "y", "spin", "r", "", ("x",), 0.9)]}
    >>> new, applied, left = fix_until_stable("a x", lambda t: seen[t])
    >>> new, applied, [f.text for f in left]
    ('a x', [], ['x'])
    """
    mapping = _Mapping(edits)
    spans = [(mapping.back(f.start, False), mapping.back(f.end, True)) for f in applicable(found)]
    kept = [e for e in edits if not any(e.start <= b and a <= e.end for a, b in spans)]
    current = apply_edits(text, kept)
    return current, kept, find(current)


def _as_findings(text: str, edits: list[Edit], first: list[Finding]) -> list[Finding]:
    by_span = {(f.start, f.end): f for f in first}
    out = []
    for e in edits:
        f = by_span.get((e.start, e.end))
        if f is not None and f.best == e.text:
            out.append(f)
            continue
        parts = [p for p in first if p.start < e.end and e.start < p.end] or first[:1]
        base = parts[0]
        line = text.count("\n", 0, e.start) + 1
        column = e.start - (text.rfind("\n", 0, e.start) + 1) + 1
        out.append(replace(base, line=line, column=column, start=e.start, end=e.end,
                           text=text[e.start:e.end], suggestions=(e.text,),
                           confidence=min(p.confidence for p in parts),
                           message=base.message + " (with a neighbouring repair)"))
    return out


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff of two versions of a file, ``a/path`` to ``b/path``."""
    label = path.lstrip("/") if path not in ("-", "") else "stdin"
    import difflib  # only for --diff: it slows every start-up

    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"a/{label}", tofile=f"b/{label}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
