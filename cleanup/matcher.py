"""Token-level multi-pattern matching of phrasebook entries, inflection- and case-aware.

Every entry (and each inflected form of it) becomes a path of token keys in a trie. A scan walks
the document's tokens once; at each token it follows the trie as far as the text allows
(whitespace and single line breaks between words are tolerated, paragraph breaks are not) and
takes the longest phrase whose context conditions hold.

>>> from cleanup.dictionary import parse_phrasebook
>>> from cleanup.document import Document
>>> book = parse_phrasebook("chill out\\trelax\\tinflect=verb\\none in every of\\tone of\\n")
>>> matcher = PhraseMatcher([book])
>>> doc = Document("One in every of them was chilling\\n out.")
>>> [(m.text(doc), m.suggestions(doc)) for m in matcher.find(doc)]
[('One in every of', ['One of']), ('chilling\\n out', ['relaxing'])]
"""

from __future__ import annotations

import marshal
from dataclasses import astuple, dataclass, replace
from typing import Iterable, Iterator

from .cache import Unpacking
from .dictionary import Entry, Phrasebook
from .inflect import VERB_FORMS, plural, verb_forms
from .tokens import BARRIER, NUMBER, PUNCT, WORD, Token, phrase_tokens

NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
    " hundred thousand million billion trillion dozen dozens hundreds thousands millions billions"
    " half".split()
)
DETERMINERS = frozenset(
    "a an the this that these those my your his her its our their each every any some no".split()
)
BE_FORMS = frozenset("be is are was were been being am 's 're".split())
_CURRENCY = frozenset("$£€¥₹")
_SENTENCE_FINAL = frozenset(".!?")
_CLAUSE_FINAL = frozenset(".!?;:,)]}\"”")
_PARTICIPLE_AUXILIARIES = frozenset(
    "have has had having 've 'd be been being is are was were am get gets got getting".split())


@dataclass(frozen=True)  # no slots: unpickling from the disk cache is faster with a __dict__
class Variant:
    """One matchable form of an entry, with its suggestions inflected to agree.

    ``participles`` is set when the spun verb's past tense and past participle are the same
    word but the suggestion's differ ("kept" -> "avoided"/"avoided" is fine, "jotted" ->
    "wrote"/"written" is not): after *have* or *be* the participle is suggested instead.
    """

    entry: Entry
    book: Phrasebook
    replacements: tuple[str, ...]
    confidence: float
    participles: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found in a document: tokens ``first..last`` inclusive, plus a carried suffix."""

    first: int
    last: int
    start: int
    end: int
    variant: Variant
    suffix: str = ""

    def text(self, doc) -> str:
        return doc.text[self.start:self.end]

    def suggestions(self, doc) -> list[str]:
        """The variant's replacements in the case of the matched text, suffix carried over."""
        src = self.text(doc)
        if self.suffix:
            src = src[: -len(self.suffix)]
        at_start = _starts_sentence(doc, self.first)
        entry_has_caps = any(c.isupper() for c in self.variant.entry.spun)
        replacements = self.variant.replacements
        if self.variant.participles and self.first > 0 and \
                doc.tokens[self.first - 1].norm in _PARTICIPLE_AUXILIARIES:
            replacements = self.variant.participles
        return [match_case(src, r, at_start, entry_has_caps) + self.suffix for r in replacements]


def _starts_sentence(doc, index: int) -> bool:
    if index == 0:
        return True
    prev = doc.tokens[index - 1]
    return prev.text in _SENTENCE_FINAL or doc.gap_before(index) == BARRIER


def match_case(source: str, replacement: str, at_sentence_start: bool = False,
               source_caps_are_lexical: bool = False) -> str:
    """Give ``replacement`` the capitalisation pattern of ``source``.

    >>> match_case("One in every of", "one of"), match_case("ONE IN EVERY OF", "one of")
    ('One of', 'ONE OF')
    >>> match_case("Chill Out Rules", "relax rules"), match_case("chill out", "relax")
    ('Relax Rules', 'relax')
    >>> match_case("Associate in Nursing", "an", at_sentence_start=False, source_caps_are_lexical=True)
    'an'
    """
    if not replacement:
        return replacement
    if source_caps_are_lexical:
        return _capitalize(replacement) if at_sentence_start else replacement
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = source.split()
    if not words or not words[0][:1].isupper():
        return replacement
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return " ".join(_capitalize(w) for w in replacement.split(" "))
    return _capitalize(replacement)


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:]


# --- building the trie ----------------------------------------------------------------------

def _inflect_last(phrase: str) -> str | None:
    head, _, last = phrase.rpartition(" ")
    if not last.isalpha():
        return None
    new = plural(last.lower()) if last.islower() else last + "s"
    return f"{head} {new}" if head else new


def _inflect_first(phrase: str, form: str) -> str | None:
    first, sep, rest = phrase.partition(" ")
    if not first.isalpha() or not first.islower():
        return None
    return verb_forms(first)[form] + sep + rest


def variants_of(entry: Entry, book: Phrasebook) -> Iterator[tuple[tuple, Variant]]:
    """The base form of an entry, then each inflected form: (token keys, Variant) pairs."""
    conf = book.confidence_of(entry)
    base = phrase_tokens(entry.spun)
    yield base, Variant(entry, book, entry.replacements, conf)
    if "noun" in entry.inflect:
        last, gap = base[-1]
        reps = [_inflect_last(r) for r in entry.replacements]
        if last.isalpha() and all(reps):
            pl = plural(last)
            if pl != last:
                yield base[:-1] + ((pl, gap),), Variant(entry, book, tuple(reps), conf)
    if "verb" in entry.inflect:
        first, gap = base[0]
        if first.isalpha():
            forms = verb_forms(first)
            for form in VERB_FORMS:
                if form == "en" and forms["en"] == forms["ed"]:
                    continue  # folded into the "ed" variant below
                reps = [_inflect_first(r, form) for r in entry.replacements]
                if not all(reps) or forms[form] == first:
                    continue
                participles = None
                if form == "ed" and forms["en"] == forms["ed"]:
                    parts = tuple(_inflect_first(r, "en") for r in entry.replacements)
                    participles = parts if parts != tuple(reps) else None
                yield ((forms[form], gap),) + base[1:], Variant(entry, book, tuple(reps), conf,
                                                                participles)


class PhraseMatcher:
    """All entries of some phrasebooks, compiled for one-pass matching.

    Earlier books win over later ones, and uninflected forms over inflected ones.
    """

    def __init__(self, books: Iterable[Phrasebook]) -> None:
        self.root: dict = {}
        self.books = list(books)
        inflected = []
        seen = set()
        for book in self.books:
            for entry in book.entries:
                for i, (keys, variant) in enumerate(variants_of(entry, book)):
                    if i == 0:
                        self._add(keys, variant, seen)
                    else:
                        inflected.append((keys, variant))
        for keys, variant in inflected:
            self._add(keys, variant, seen)
        self._count = sum(len(b.entries) for b in self.books)
        self._first = self.root.get

    def _add(self, keys: tuple, variant: Variant, seen: set) -> None:
        e = variant.entry
        ident = (keys, e.before, e.after, e.not_before, e.not_after, e.case_exact)
        if ident in seen:
            return
        seen.add(ident)
        node = self.root.setdefault(keys[0][0], {})
        for key in keys[1:]:
            node = node.setdefault(key, {})
        node.setdefault(None, []).append(variant)

    def __len__(self) -> int:
        return self._count

    # --- the disk cache's form -----------------------------------------------------------------

    def __getstate__(self) -> tuple:
        """The trie under each first word marshalled on its own, to be unpacked when a text
        first holds that word (a text uses a fraction of them; unpickling all of them took most
        of the phrasebook's start-up). Variants travel as plain tuples, made into
        :class:`Variant` objects when a phrase is first found; the books travel once, without
        their entries."""
        books = [replace(b, entries=[]) for b in self.books]
        ids = {id(b): i for i, b in enumerate(self.books)}

        def plain(node: dict) -> dict:
            out = {key: plain(child) for key, child in node.items() if key is not None}
            if None in node:
                out[None] = tuple((astuple(v.entry), ids[id(v.book)], v.replacements, v.confidence,
                                   v.participles) for v in node[None])
            return out

        return books, self._count, {word: marshal.dumps(plain(node)) for word, node in self.root.items()}

    def __setstate__(self, state: tuple) -> None:
        self.books, self._count, packed = state
        self.root = Unpacking(packed)
        self._first = self.root.__getitem__

    def _variants(self, node: dict) -> list[Variant]:
        """The variants that end at ``node``, made from their plain form on first use."""
        found = node[None]
        if type(found) is tuple:
            books = self.books
            found = node[None] = [Variant(Entry(*entry), books[book], replacements, confidence, participles)
                                  for entry, book, replacements, confidence, participles in found]
        return found

    # --- matching ---------------------------------------------------------------------------

    def find(self, doc) -> Iterator[Match]:
        """Non-overlapping matches, left to right, longest first at each position."""
        tokens = doc.tokens
        gaps = doc.gaps
        first = self._first
        n = len(tokens)
        i = 0
        while i < n:
            tok = tokens[i]
            node = first(tok.norm)
            ends: list[tuple[int, dict, str]] = []  # (last token, trie node, suffix)
            if node is None:
                if tok.norm.endswith("'s"):
                    node = first(tok.norm[:-2])
                    if node is not None and None in node:
                        ends.append((i, node, tok.text[-2:]))
                if not ends:
                    i += 1
                    continue
                node = None
            elif None in node:
                ends.append((i, node, ""))
            j = i
            while node is not None and j + 1 < n:
                nxt = tokens[j + 1]
                gap = gaps[j + 1]
                if gap == BARRIER:
                    break
                child = node.get((nxt.norm, gap))
                if child is None:
                    if nxt.norm.endswith("'s"):
                        child = node.get((nxt.norm[:-2], gap))
                        if child is not None and None in child:
                            ends.append((j + 1, child, nxt.text[-2:]))
                    break
                node = child
                j += 1
                if None in node:
                    ends.append((j, node, ""))
            match = self._first_valid(doc, i, ends) if ends else None
            if match is None:
                i += 1
            else:
                yield match
                i = match.last + 1

    def _first_valid(self, doc, first: int, ends) -> Match | None:
        tokens = doc.tokens
        for last, node, suffix in reversed(ends):
            for variant in self._variants(node):
                if _conditions_hold(doc, first, last, variant.entry):
                    return Match(first, last, tokens[first].start, tokens[last].end, variant, suffix)
        return None


def _neighbour(doc, index: int, step: int) -> Token | None:
    """The token next to ``index`` in direction ``step``, or None past a paragraph break or edge."""
    other = index + step
    if other < 0 or other >= len(doc.tokens):
        return None
    if doc.gap_before(max(index, other)) == BARRIER:
        return None
    return doc.tokens[other]


def _token_is(doc, tok: Token | None, index: int, item: str, side: str) -> bool:
    if tok is None:
        return item in ("#start", "#end")
    if item[0] != "#":
        return tok.norm == item
    if item == "#num":
        if tok.kind == NUMBER or tok.norm in NUMBER_WORDS or tok.norm.isdigit():
            return True
        if tok.text in _CURRENCY and side == "before":
            nxt = _neighbour(doc, index, 1)
            return nxt is not None and nxt.kind == NUMBER
        return False
    if item == "#cap":
        return tok.kind == WORD and tok.text[:1].isupper()
    if item == "#word":
        return tok.kind == WORD
    if item == "#det":
        return tok.norm in DETERMINERS
    if item == "#be":
        return tok.norm in BE_FORMS
    if item == "#ing":
        return tok.kind == WORD and len(tok.norm) > 4 and tok.norm.endswith("ing")
    if item == "#start":
        return tok.kind == PUNCT and tok.text in _SENTENCE_FINAL
    if item == "#end":
        return tok.kind == PUNCT and tok.text in _CLAUSE_FINAL
    return False


def _any(doc, tok, index, items, side) -> bool:
    return any(_token_is(doc, tok, index, item, side) for item in items)


def _conditions_hold(doc, first: int, last: int, entry: Entry) -> bool:
    if entry.case_exact:
        words = " ".join(t.text for t in doc.tokens[first:last + 1])
        if words.replace(" ", "") != entry.spun.replace(" ", ""):
            return False
    if entry.before is not None or entry.not_before is not None:
        nxt = _neighbour(doc, last, 1)
        if entry.before is not None and not _any(doc, nxt, last + 1, entry.before, "before"):
            return False
        if entry.not_before is not None and _any(doc, nxt, last + 1, entry.not_before, "before"):
            return False
    if entry.after is not None or entry.not_after is not None:
        prev = _neighbour(doc, first, -1)
        if entry.after is not None and not _any(doc, prev, first - 1, entry.after, "after"):
            return False
        if entry.not_after is not None and _any(doc, prev, first - 1, entry.not_after, "after"):
            return False
    return True

