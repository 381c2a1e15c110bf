"""Split text into tokens with character offsets.

Tokens are words (letters and digits, with inner apostrophes and hyphens: ``don't``,
``month-to-month``), numbers (``5,000``, ``0.33``), single punctuation characters, and runs
of whitespace. Matching works on the non-space tokens; ``spaces=True`` also returns the
whitespace runs, so that the tokens tile the text exactly.

>>> [(t.text, t.kind) for t in tokenize("It's 5,000 km-long.")]
[("It's", 'word'), ('5,000', 'number'), ('km-long', 'word'), ('.', 'punct')]
>>> "".join(t.text for t in tokenize("a  b\\n", spaces=True))
'a  b\\n'
>>> normalize("Customer’s")
"customer's"
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

WORD = "word"
NUMBER = "number"
PUNCT = "punct"
SPACE = "space"

_SPACE_RE = re.compile(r"\s+")
_TOKEN_RE = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)*(?![\w'’]))"
    r"|(?P<word>\w+(?:['’ʼ\-‐]\w+)*)"
    r"|(?P<punct>[^\w\s])"
)

#: Apostrophe and hyphen look-alikes and the ASCII character each is matched as.
_FOLDS = (("’", "'"), ("ʼ", "'"), ("‘", "'"), ("‐", "-"))

#: Gap kinds between two consecutive tokens.
GLUED, SPACED, BARRIER = 0, 1, 2
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


class Token(NamedTuple):
    """A non-space token: ``text == source[start:end]``; ``norm`` is the matching key."""

    start: int
    end: int
    kind: str
    text: str
    norm: str


def normalize(text: str) -> str:
    """The case- and apostrophe-folded form used to match a token.

    (Lowercase, then replace the few look-alikes: on a long text this is ten times faster
    than ``str.translate``, which looks every character up in a table once the text holds
    any non-ASCII character.)
    """
    text = text.lower()
    for odd, plain in _FOLDS:
        if odd in text:
            text = text.replace(odd, plain)
    return text


def tokenize(text: str, start: int = 0, end: int | None = None, spaces: bool = False) -> list[Token]:
    """The tokens of ``text[start:end]`` with offsets into ``text``; whitespace only if ``spaces``."""
    stop = len(text) if end is None else end
    out = []
    append = out.append
    pos = start
    # Fold the whole text once; per token only when folding changes a length (rare letters
    # such as "İ" lowercase to two characters).
    folded = normalize(text[start:stop])
    aligned = len(folded) == stop - start
    if aligned and not spaces:  # the common case, at C speed as far as possible
        new = tuple.__new__
        return [new(Token, (s, e, m.lastgroup, m.group(), folded[s - start:e - start]))
                for m in _TOKEN_RE.finditer(text, start, stop) for s, e in (m.span(),)]
    for m in _TOKEN_RE.finditer(text, start, stop):
        s, e = m.span()
        if spaces and s > pos:
            append(Token(pos, s, SPACE, text[pos:s], " "))
        tok = text[s:e]
        append(Token(s, e, m.lastgroup, tok, folded[s - start:e - start] if aligned else normalize(tok)))
        pos = e
    if spaces and pos < stop:
        append(Token(pos, stop, SPACE, text[pos:stop], " "))
    return out


def gap_kind(text: str, left_end: int, right_start: int) -> int:
    """How two tokens are joined: GLUED (nothing between), SPACED, or BARRIER (paragraph break).

    >>> gap_kind("a b", 1, 2), gap_kind("ab", 1, 1), gap_kind("a\\n\\nb", 1, 3)
    (1, 0, 2)
    """
    if left_end == right_start:
        return GLUED
    if "\n" in text[left_end:right_start] and PARAGRAPH_BREAK.search(text, left_end, right_start):
        return BARRIER
    return SPACED


@lru_cache(maxsize=1 << 16)
def phrase_tokens(phrase: str) -> tuple[tuple[str, int], ...]:
    """A phrase as (norm, gap-before) pairs, the form the phrase matcher indexes.

    >>> phrase_tokens("0.33-party")
    (('0.33', 1), ('-', 0), ('party', 0))
    """
    toks = tokenize(phrase)
    out = []
    prev_end = None
    for t in toks:
        gap = SPACED if prev_end is None else gap_kind(phrase, prev_end, t.start)
        out.append((t.norm, gap))
        prev_end = t.end
    return tuple(out)
