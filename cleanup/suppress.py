"""Suppression comments: ``cleanup: ignore``, ``cleanup: ignore-next-line``, ``cleanup: off``/``on``.

The markers work inside any comment syntax (``#``, ``//``, ``<!-- -->``, ``%``, ``..``) because
only the marker text is looked for. A marker may name the detectors or rules it silences in
brackets, ``cleanup: ignore[phrasebook]``; without brackets it silences everything.

>>> text = "one in every of  # cleanup: ignore\\nkeep\\n"
>>> s = Suppressions.parse(text)
>>> s.suppresses(0, 15, "phrasebook", "phrasebook/spinner-en")
True
>>> s.suppresses(36, 40, "phrasebook", "phrasebook/spinner-en")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(r"cleanup:\s*(ignore-next-line|ignore|off|on)\b(?:\[([^\]\n]*)\])?")


def _rules(spec: str | None) -> frozenset[str] | None:
    if spec is None:
        return None
    return frozenset(r.strip() for r in spec.split(",") if r.strip())


def selector_matches(selector: str, detector: str, rule: str) -> bool:
    """True when a ``--select``/``--ignore`` selector names this detector or rule.

    A selector matches a detector id, a whole rule id, or a rule prefix ending at ``/``.

    >>> selector_matches("phrasebook", "phrasebook", "phrasebook/spinner-en")
    True
    >>> selector_matches("phrasebook/spinner-en", "phrasebook", "phrasebook/spinner-en")
    True
    >>> selector_matches("phrase", "phrasebook", "phrasebook/spinner-en")
    False
    """
    return selector == detector or selector == rule or rule.startswith(selector.rstrip("/") + "/")


@dataclass(frozen=True)
class Suppressions:
    """Character ranges of a document in which findings (of some or all rules) are silenced."""

    ranges: tuple[tuple[int, int, frozenset[str] | None], ...] = ()
    #: ``(rules,)`` when a ``cleanup: off`` is still open at the end of the text, else None
    #: (given to the next chunk of a streamed file, see cleanup.stream).
    open_at_end: tuple | None = None

    @classmethod
    def parse(cls, text: str, carried: tuple | None = None) -> "Suppressions":
        """The suppressions of ``text``; ``carried`` is the previous chunk's ``open_at_end``.

        >>> first = Suppressions.parse("a\\n# cleanup: off\\nb\\n")
        >>> first.open_at_end
        (None,)
        >>> Suppressions.parse("c\\n# cleanup: on\\nd\\n", first.open_at_end).suppresses(0, 1, "x", "x/y")
        True
        """
        if "cleanup:" not in text:
            if carried is not None:
                return cls(((0, len(text), carried[0]),), carried)
            return cls()
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        line_ends = [s - 1 for s in line_starts[1:]] + [len(text)]
        ranges = []
        off_since: int | None = None if carried is None else 0
        off_rules = None if carried is None else carried[0]
        line_no = 0
        for m in _MARKER.finditer(text):
            while line_no + 1 < len(line_starts) and line_starts[line_no + 1] <= m.start():
                line_no += 1
            verb, rules = m.group(1), _rules(m.group(2))
            if verb == "ignore":
                ranges.append((line_starts[line_no], line_ends[line_no], rules))
            elif verb == "ignore-next-line":
                ranges.append((line_starts[line_no], line_ends[line_no], rules))
                if line_no + 1 < len(line_starts):
                    ranges.append((line_starts[line_no + 1], line_ends[line_no + 1], rules))
            elif verb == "off" and off_since is None:
                off_since, off_rules = line_starts[line_no], rules
            elif verb == "on" and off_since is not None:
                ranges.append((off_since, line_ends[line_no], off_rules))
                off_since = None
        if off_since is not None:
            ranges.append((off_since, len(text), off_rules))
            return cls(tuple(ranges), (off_rules,))
        return cls(tuple(ranges))

    def suppresses(self, start: int, end: int, detector: str, rule: str) -> bool:
        """True when a finding on ``[start, end)`` of this detector/rule is silenced."""
        for r_start, r_end, rules in self.ranges:
            if start < r_end and end > r_start:
                if rules is None or any(selector_matches(r, detector, rule) for r in rules):
                    return True
        return False
