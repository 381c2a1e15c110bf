"""The Document: decoded text with tokens, sentences, lines and protected regions, all by offset.

Detectors read a Document and never the raw text alone, so every detector agrees on what a word
is, where a sentence ends and which spans (code, URLs, markup) are off limits.

>>> doc = Document("It is one in every of the best.\\nSee `code`.", filetype="markdown")
>>> [t.text for t in doc.tokens[:4]]
['It', 'is', 'one', 'in']
>>> doc.line_col(32)
(2, 1)
>>> doc.is_protected(36, 42)
True
>>> [doc.text[s:e] for s, e in doc.sentences]
['It is one in every of the best.', 'See `code`.']
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from .findings import Finding
from .markup import filetype_for_path, protected_regions
from .suppress import Suppressions
from .tokens import PARAGRAPH_BREAK, BARRIER, GLUED, SPACED, WORD, Token, gap_kind, tokenize

_SENTENCE_END = re.compile(
    r"""(?P<stop>(?<=[.!?])["'”’)\]]*(?=\s+["'“‘(\[]*[A-Z0-9]))|(?P<para>\n[ \t\r\f\v]*\n)""",
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sr jr vs etc e.g i.e cf fig figs eq eqs no vol pp ed eds al approx"
    " dept est inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k".split()
)


class Document:
    """A decoded text and everything detectors need to know about its layout."""

    def __init__(self, text: str, path: str = "-", filetype: str | None = None) -> None:
        self.text = text
        self.path = path
        self.filetype = filetype or filetype_for_path(path if path != "-" else None)

    # --- tokens ------------------------------------------------------------------------

    @cached_property
    def tokens(self) -> list[Token]:
        """Every non-space token in order (what phrase matching walks)."""
        return tokenize(self.text)

    @cached_property
    def all_tokens(self) -> list[Token]:
        """Words, numbers, punctuation and whitespace runs: together they tile the text."""
        return tokenize(self.text, spaces=True)

    def gap_before(self, index: int) -> int:
        """GLUED, SPACED or BARRIER between token ``index - 1`` and token ``index``."""
        if index <= 0:
            return BARRIER
        return gap_kind(self.text, self.tokens[index - 1].end, self.tokens[index].start)

    @cached_property
    def word_norms(self) -> list[str]:
        """The normalised form of every word token, in order.

        >>> Document("It's 5 km-long.").word_norms
        ["it's", 'km-long']
        """
        return [t.norm for t in self.tokens if t.kind == WORD]

    @cached_property
    def word_count(self) -> int:
        """Number of word tokens."""
        return len(self.word_norms)

    def word_context(self, first: int, last: int, before: int = 2, after: int = 1,
                     read: dict[int, str] | None = None) -> tuple[list[str], list[str]]:
        """The normalised words just before token ``first`` and just after token ``last``,
        up to ``before`` and ``after`` of them, stopping at punctuation and paragraph breaks.
        ``read`` gives other readings of some tokens by their index (the corrections of
        garbled neighbours).

        >>> doc = Document("Well, we trained a deep model. Then")
        >>> doc.word_context(5, 6)
        (['trained', 'a'], [])
        >>> doc.word_context(5, 5, read={4: "the"})
        (['trained', 'the'], ['model'])
        """
        toks, gaps = self.tokens, self.gaps
        left: list[str] = []
        i = first - 1
        while i >= 0 and len(left) < before and toks[i].kind == WORD and gaps[i + 1] != BARRIER:
            left.insert(0, read.get(i, toks[i].norm) if read else toks[i].norm)
            i -= 1
        right: list[str] = []
        j = last + 1
        while j < len(toks) and len(right) < after and toks[j].kind == WORD and gaps[j] != BARRIER:
            right.append(read.get(j, toks[j].norm) if read else toks[j].norm)
            j += 1
        return left, right

    @cached_property
    def token_starts(self) -> list[int]:
        """The start offset of every token, for finding the token at an offset (bisect)."""
        return [t.start for t in self.tokens]

    def token_at(self, offset: int) -> int:
        """The index of the last token that starts at or before ``offset`` (-1 if none).

        >>> Document("a bc d").token_at(3)
        1
        """
        return bisect.bisect_right(self.token_starts, offset) - 1

    @cached_property
    def gaps(self) -> list[int]:
        """``gap_before`` for every token, computed once (detectors that look at many windows)."""
        toks = self.tokens
        gaps = [BARRIER] + [GLUED if a.end == b.start else SPACED for a, b in zip(toks, toks[1:])]
        # Only whitespace lies between tokens, so every paragraph break is inside one gap.
        for m in PARAGRAPH_BREAK.finditer(self.text):
            i = self.token_at(m.start()) + 1
            if 0 < i < len(gaps):
                gaps[i] = BARRIER
        return gaps

    # --- lines ---------------------------------------------------------------------------

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    # --- sentences -----------------------------------------------------------------------

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) of each sentence, whitespace trimmed."""
        out = []
        start = 0
        text = self.text
        for m in _SENTENCE_END.finditer(text):
            if m.lastgroup == "para":
                self._add_sentence(out, start, m.start())
                start = m.end()
            elif not self._ends_with_abbreviation(m.start()):
                self._add_sentence(out, start, m.end())
                start = m.end()
        self._add_sentence(out, start, len(text))
        return out

    def _ends_with_abbreviation(self, pos: int) -> bool:
        m = re.search(r"([\w.]+)\.$", self.text[max(0, pos - 12):pos])
        if not m:
            return False
        word = m.group(1).lower()
        return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())

    def _add_sentence(self, out: list, start: int, end: int) -> None:
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence holding ``offset`` (or the nearest one before it)."""
        sentences = self.sentences
        if not sentences:
            return (0, len(self.text))
        i = bisect.bisect_right(sentences, (offset, float("inf"))) - 1
        return sentences[max(i, 0)]

    # --- protected regions and suppressions ------------------------------------------------

    @cached_property
    def protected(self) -> list[tuple[int, int, str]]:
        """Merged (start, end, kind) spans no detector may touch (code, URLs, markup)."""
        return protected_regions(self.text, self.filetype)

    @cached_property
    def _protected_starts(self) -> list[int]:
        return [s for s, _, _ in self.protected]

    def is_protected(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps any protected region."""
        regions = self.protected
        i = bisect.bisect_right(self._protected_starts, start) - 1
        if i >= 0 and regions[i][1] > start:
            return True
        return i + 1 < len(regions) and regions[i + 1][0] < end

    @cached_property
    def suppressions(self) -> Suppressions:
        return Suppressions.parse(self.text)

    # --- making findings -------------------------------------------------------------------

    def finding(
        self,
        start: int,
        end: int,
        *,
        detector: str,
        rule: str,
        message: str,
        suggestions: tuple[str, ...] | list[str] = (),
        confidence: float = 1.0,
    ) -> Finding:
        """A Finding on ``[start, end)`` of this document, with line, column and text filled in."""
        line, column = self.line_col(start)
        return Finding(
            path=self.path,
            line=line,
            column=column,
            start=start,
            end=end,
            text=self.text[start:end],
            detector=detector,
            rule=rule,
            message=message,
            suggestions=tuple(suggestions),
            confidence=confidence,
        )
