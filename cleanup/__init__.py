"""cleanup: find and repair spun and garbled text.

The Python API mirrors the command line::

    >>> import cleanup
    >>> [(f.text, f.suggestions[0]) for f in cleanup.check("It is one in every of the best.")]
    [('one in every of', 'one of')]
    >>> cleanup.fix("It is one in every of the best.")
    'It is one of the best.'

Keyword arguments are those of :class:`cleanup.options.Options` (``select``, ``ignore``,
``min_confidence``, ``dictionaries``, ``allow``, ``filetype``...). For many documents build one
:class:`cleanup.checker.Checker` and reuse it.
"""

from __future__ import annotations

from functools import lru_cache

from .checker import Checker, FixResult
from .findings import Finding
from .options import Options

__version__ = "0.1.0"
__all__ = ["check", "fix", "Checker", "Finding", "FixResult", "Options", "__version__"]


def _tuples(kwargs: dict) -> dict:
    return {k: tuple(v) if isinstance(v, (list, set, frozenset)) else v for k, v in kwargs.items()}


@lru_cache(maxsize=16)
def _checker(options: Options) -> Checker:
    return Checker(options)


def check(text: str, *, path: str = "-", **options) -> list[Finding]:
    """Findings for ``text`` (see :class:`~cleanup.options.Options` for the keywords)."""
    return _checker(Options(**_tuples(options))).check(text, path=path)


def fix(text: str, *, path: str = "-", **options) -> str:
    """``text`` with the best suggestion of every finding applied."""
    return _checker(Options(**_tuples(options))).fix(text, path=path).text
