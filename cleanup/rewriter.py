"""The rewriter: apply the best suggestion of each finding, and show the result as a diff.

It never applies two overlapping findings (the earlier, then more confident, wins) and changes
nothing outside the spans it applies.

>>> from cleanup.findings import Finding
>>> f = Finding("-", 1, 4, 3, 18, "one in every of", "phrasebook", "phrasebook/x", "m", ("one of",), 0.9)
>>> apply_findings("It one in every of us.", [f])
('It one of us.', [Finding(path='-', line=1, column=4, start=3, end=18, text='one in every of', detector='phrasebook', rule='phrasebook/x', message='m', suggestions=('one of',), confidence=0.9, severity='error')])
>>> print(unified_diff("a\\nb\\n", "a\\nc\\n", "f.txt"), end="")
--- a/f.txt
+++ b/f.txt
@@ -1,2 +1,2 @@
 a
-b
+c
"""

from __future__ import annotations

import difflib

from .findings import Finding, non_overlapping


def applicable(findings) -> list[Finding]:
    """The findings a fix applies: those with a suggestion, non-overlapping, in text order.

    Among overlapping findings the more confident wins, then the longer one.
    """
    return non_overlapping(f for f in findings if f.suggestions)


def apply_findings(text: str, findings) -> tuple[str, list[Finding]]:
    """Rewrite ``text`` with the best suggestion of each applicable finding.

    Returns the new text and the findings that were applied.
    """
    chosen = applicable(findings)
    parts = []
    pos = 0
    for f in chosen:
        if text[f.start:f.end] != f.text:
            raise ValueError(f"finding {f.rule} at {f.start} does not match the text it was made for")
        parts.append(text[pos:f.start])
        parts.append(f.best)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts), chosen


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff of two versions of a file, ``a/path`` to ``b/path``."""
    label = path.lstrip("/") if path not in ("-", "") else "stdin"
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"a/{label}", tofile=f"b/{label}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
