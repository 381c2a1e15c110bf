"""A progress bar on standard error for long runs: many files, a large input, a batch.

It draws only on a terminal and never with ``--quiet``, so pipelines, pre-commit hooks and CI
logs see nothing; it redraws at most ten times a second and erases itself when done.

>>> import io
>>> class Terminal(io.StringIO):
...     def isatty(self):
...         return True
>>> out = Terminal()
>>> bar = Progress(4, "files", stream=out, min_interval=0)
>>> bar.advance(); bar.advance(3); bar.close()
>>> "4/4 files" in out.getvalue(), out.getvalue().endswith("\\r")
(True, True)
>>> quiet = io.StringIO()   # not a terminal: nothing is written
>>> bar = Progress(4, "files", stream=quiet); bar.advance(4); bar.close(); quiet.getvalue()
''
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30


class Progress:
    """Counts ``done`` of ``total`` units and draws ``[#####     ] 12/40 files`` while running."""

    def __init__(self, total: float, unit: str, stream: TextIO | None = None,
                 enabled: bool = True, min_interval: float = 0.1) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.total, self.unit, self.done = total, unit, 0.0
        self.enabled = enabled and _is_terminal(self.stream)  # the total may grow later
        self.min_interval = min_interval
        self._drawn_at = 0.0
        self._width = 0

    def advance(self, amount: float = 1) -> None:
        self.done += amount
        if not self.enabled:
            return
        now = time.monotonic()
        if self.total > 0 and (now - self._drawn_at >= self.min_interval or self.done >= self.total):
            self._drawn_at = now
            self._draw()

    def _draw(self) -> None:
        share = min(self.done / self.total, 1.0)
        filled = int(WIDTH * share)
        done = f"{self.done:.0f}" if self.unit != "MB" else f"{self.done:.1f}"
        total = f"{self.total:.0f}" if self.unit != "MB" else f"{self.total:.1f}"
        line = f"[{'#' * filled}{' ' * (WIDTH - filled)}] {done}/{total} {self.unit}"
        self._width = max(self._width, len(line))
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar (the line is left for the output that follows)."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
        self.enabled = False


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
