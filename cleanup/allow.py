"""User allow-lists: words and phrases that are never flagged, whatever a detector thinks.

Matching is case-insensitive, on whole words, and tolerant of line breaks inside a phrase.

>>> allow = AllowList(["software program", "Bharat"])
>>> allow.spans("A software\\nprogram from bharat.")
[(2, 18), (24, 30)]
>>> AllowList([]).spans("anything")
[]
"""

from __future__ import annotations

import re


class AllowList:
    def __init__(self, phrases) -> None:
        self.phrases = tuple(sorted({" ".join(p.split()) for p in phrases if p.strip()},
                                    key=len, reverse=True))
        if self.phrases:
            body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in self.phrases)
            self._re = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
        else:
            self._re = None

    def __bool__(self) -> bool:
        return self._re is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every allowed occurrence in ``text``."""
        if self._re is None:
            return []
        return [m.span() for m in self._re.finditer(text)]
