"""Find spun variants of known terms: word sequences that become a lexicon term when one or more
of their words is replaced by a word it may stand in for.

This reverses a spinner without having seen its output. A spinner turns the term "deep learning"
into "profound learning" because its thesaurus lists *profound* for *deep*; the synonym table
here lists, for every word a spinner may write, the words it may stand for, so "profound
learning" leads back to "deep learning". The variants are not enumerated in a file (for about
100,000 terms and their synonyms that would be tens of millions of rows); they are matched by
walking the lexicon's trie with each text word or one of its candidate originals, which finds
exactly the same set as soon as a text holds one.

>>> from cleanup.document import Document
>>> from cleanup.spindata import load_lexicon, load_thesaurus
>>> doc = Document("We trained a profound learning model on it.")
>>> [(c.observed, c.term) for c in find_variants(doc, load_lexicon(), load_thesaurus())][:1]
[(('profound', 'learning'), ('deep', 'learning'))]
"""

from __future__ import annotations

import marshal
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count, islice, repeat
from operator import and_, attrgetter, eq, ne
from typing import NamedTuple

from .lemmas import analyses, reinflect
from .tokens import BARRIER, SPACED

#: Words never replaced or proposed: a spinner's function-word changes are the phrasebook's job.
FUNCTION_WORDS = frozenset(
    "the a an of to in and or for on with at by from as is are was were be been being it its "
    "this that these those which who whom whose what when where why how not no nor but if than "
    "then so such can could will would may might must should shall do does did has have had i "
    "you he she we they me him her us them my your his our their there here also very more most "
    "some any all each every other into about over under after before between through during "
    "without within upon up down out off again further once only own same too just".split())
MAX_TERM_WORDS = 4
#: Thesaurus relations too broad to trust outside scientific terms: Aiksaurus categories and
#: generic (broader) terms.
WEAK_SOURCES = frozenset("ag")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A text window that is a spun variant of a lexicon term."""

    first: int                       # index of the first token in ``doc.tokens``
    last: int                        # index of the last token (inclusive)
    observed: tuple[str, ...]        # the window's words, lowercase
    term: tuple[str, ...]            # the lexicon term, base forms
    suggestion: tuple[str, ...]      # the term in the text's inflection
    substituted: tuple[int, ...]     # positions in the window that were replaced
    sources: tuple[str, ...]         # synonym-table source codes per replaced position
    term_sources: str                # where the term comes from (wordnet, pps, bigram)


_LETTERS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\Z")


def _name_or_acronym(doc, index: int) -> bool:
    """An acronym, or a capitalised word inside a sentence (a name)."""
    text = doc.tokens[index].text
    if len(text) > 1 and text.isupper():
        return True
    if text[:1].isupper() and index > 0:
        prev = doc.tokens[index - 1]
        if prev.text not in ".!?:\"“(" and doc.gaps[index] != BARRIER:
            return True
    return False


_NORM, _TEXT = attrgetter("norm"), attrgetter("text")
_LEAD, _FOLLOW = attrgetter("lead"), attrgetter("follow")


def find_variants(doc, lexicon, thesaurus) -> list[Candidate]:
    """Every window of ``doc`` that is a spun variant of a lexicon term.

    Windows are found from their first two words with set intersections (C speed): a first
    word kept or replaced, followed by a second word kept or replaced, where "replaced" means
    one of the word's candidate originals; both replaced only towards scientific terms. Longer
    terms continue from there through the trie. The starts of a pair of words are worked out
    once per distinct pair.
    """
    tokens = doc.tokens
    gaps = doc.gaps
    cache = lexicon.options
    norms = list(map(_NORM, tokens))
    if len(cache) > 50_000:  # a long run over a large corpus: start afresh (bounded memory)
        cache.clear()
    common = lexicon.common_options
    for word in set(norms).difference(cache):
        packed = common.get(word)
        cache[word] = word_options(word, lexicon, thesaurus) if packed is None else _unpack(word, packed)
    # Options per token; numbers, punctuation, names and acronyms have none.
    # (The per-token steps are maps and compresses: they run at C speed.)
    opts: list[WordOptions] = list(map(cache.__getitem__, norms))
    for i in compress(range(len(tokens)), map(ne, map(_TEXT, tokens), norms)):  # any capital
        if tokens[i].text[0].isupper() and _name_or_acronym(doc, i):
            opts[i] = _NOTHING
    pair_cache = lexicon.pair_starts
    found: list[Candidate] = []
    # A pair can begin a term only if its first word may be a term's first word and its
    # second word a term's second word.
    leads, follows = map(_LEAD, opts), map(_FOLLOW, islice(opts, 1, None))
    spaced = map(eq, islice(gaps, 1, None), repeat(SPACED))
    pairs = list(compress(count(), map(and_, map(and_, leads, follows), spaced)))
    for i in pairs:
        a_opts, b_opts = opts[i], opts[i + 1]
        key = (a_opts.out[0], b_opts.out[0])
        starts = pair_cache.get(key)
        if starts is None:
            if len(pair_cache) > 100_000:
                pair_cache.clear()
            starts = pair_cache[key] = _pair_starts(a_opts, b_opts, lexicon)
        for node, term, sugg, subs, srcs in starts:
            _visit(doc, lexicon, opts, gaps, i, i + 1, node, term, sugg, subs, srcs, found)
    return [c for c in found if not _inside_known_term(c, opts, lexicon)]


def _pair_starts(a_opts, b_opts, lexicon) -> list:
    """The ways two consecutive words can begin a lexicon term, each ready for :func:`_visit`:
    (trie node, term words, suggested words, replaced positions, their source codes).

    The first word is kept (one of its ``ident`` keys) or replaced (one of its ``subs``, whose
    source codes are never empty), and so is the second; both replaced only towards scientific
    terms (``science_lead`` and ``science_follow``, worked out once per word). A term with both
    words kept is a variant only if a later word is replaced, so its start is kept only when
    the term goes on. This runs once per distinct pair of words, tens of thousands of times per
    megabyte: it keeps to set operations.
    """
    following, preceding = lexicon.following, lexicon.preceding
    starts = []
    a_out, b_out = a_opts.out, b_opts.out
    b_subs, b_keys = b_opts.subs, b_opts.subs_keys
    for a in a_opts.ident:
        after = following(a)
        if after is None:
            continue
        for b in after.keys() & b_keys:  # kept, replaced
            out_b, code_b = b_subs[b]
            starts.append((after[b], (a, b), (a_out[0], out_b), (1,), (code_b,)))
        for b in b_opts.ident:  # kept, kept: only a longer term can be a variant
            node = after.get(b)
            if node is not None and len(node) > (None in node):
                starts.append((node, (a, b), (a_out[0], b_out[0]), (), ()))
    a_subs = a_opts.subs
    for b in b_opts.ident:  # replaced, kept
        before = preceding(b)
        if before is not None:
            for a in a_opts.subs_keys & before:
                out_a, code_a = a_subs[a]
                starts.append((following(a)[b], (a, b), (out_a, b_out[0]), (0,), (code_a,)))
    if a_opts.science_lead and b_opts.science_follow:  # replaced, replaced
        science_next, b_science = lexicon.science_next, b_opts.science_follow
        for a in a_opts.science_lead:
            after = following(a)
            for b in science_next[a] & b_science:
                (out_a, code_a), (out_b, code_b) = a_subs[a], b_subs[b]
                starts.append((after[b], (a, b), (out_a, out_b), (0, 1), (code_a, code_b)))
    return starts


def _inside_known_term(cand: Candidate, opts, lexicon) -> bool:
    """Whether the window, with the words around it as written, is part of a longer lexicon
    term: "secure sockets" in "secure sockets layer" is not a spun "secure shells".

    The windows that start up to two words earlier are walked down the lexicon's trie together,
    one word at a time, and checked where they end up to two words later."""
    n = len(opts)
    following = lexicon.following
    for a in range(max(0, cand.first - 2), cand.first + 1):
        nodes = [node for key in opts[a].ident if (node := following(key)) is not None]
        for k in range(a + 1, min(n, cand.last + 3, a + MAX_TERM_WORDS)):
            here = opts[k]
            nodes = [child for node in nodes for key in here.ident if (child := node.get(key)) is not None]
            if not nodes:
                break
            if k >= cand.last and (a, k) != (cand.first, cand.last) and any(None in node for node in nodes):
                return True
    return False


def _visit(doc, lexicon, opts, gaps, i, j, node, term, sugg, subs, srcs, found) -> None:
    """Record the window ``i..j`` if ``node`` ends a term, then try to extend it by one word."""
    if subs and None in node:
        tokens = doc.tokens
        cand = Candidate(i, j, tuple(t.norm for t in tokens[i:j + 1]), term, sugg, subs, srcs,
                         node[None])
        if _acceptable(cand, lexicon) and not doc.is_protected(tokens[i].start, tokens[j].end):
            found.append(cand)
    k = j + 1
    if len(node) == (None in node) or k >= len(opts) or k - i >= MAX_TERM_WORDS:
        return
    here = opts[k]
    if here is _NOTHING or gaps[k] != SPACED:
        return
    for key in here.ident:
        child = node.get(key)
        if child is not None:
            _visit(doc, lexicon, opts, gaps, i, k, child, term + (key,), sugg + (here.out[0],),
                   subs, srcs, found)
    for key in here.subs_keys.intersection(node) if len(node) < 64 else (
            key for key in here.subs_keys if key in node):
        out, code = here.subs[key]
        _visit(doc, lexicon, opts, gaps, i, k, node[key], term + (key,), sugg + (out,),
               subs + (k - i,), srcs + (code,), found)


class WordOptions(NamedTuple):
    """What a text word may be in a lexicon term: itself (``ident``, its base forms the lexicon
    uses, suggested unchanged as ``out``) or one of the originals it may stand for (``subs``:
    {original: (word to suggest, source codes)}). A tuple: tens of thousands are made per
    megabyte of text, and a tuple is made at C speed."""

    ident: tuple[str, ...]
    out: tuple[str, str]
    subs: dict
    subs_keys: frozenset
    lead: bool = False    # whether one of the word's keys begins a lexicon term
    follow: bool = False  # whether one of them is the second word of a lexicon term
    science_lead: frozenset = frozenset()    # the subs keys that begin a scientific term
    science_follow: frozenset = frozenset()  # those that are second words of one


def word_options(word: str, lexicon, thesaurus) -> WordOptions:
    """The options of a text word. The generated synonym table already holds only originals
    that the lexicon uses and that are not function words, follows broad relations (Aiksaurus,
    generic terms) only into scientific terms, and leaves out spelling variants (see
    ``spelling_variant`` and ``scripts/build_spin_data.py``)."""
    if not _LETTERS.match(word):
        return _NOTHING
    vocab = lexicon.vocabulary
    ident: list[str] = []
    subs: dict[str, tuple[str, str]] = {}
    for lemma, form in analyses(word):
        if lemma in vocab and lemma not in ident:
            ident.append(lemma)
        if lemma in FUNCTION_WORDS:
            continue
        originals = thesaurus.originals(lemma)
        if not form:
            for orig, codes in originals.items():
                if orig not in subs:
                    subs[orig] = (orig, codes)
            continue
        for orig, codes in originals.items():
            out = _reinflect(orig, form)
            # A plural stands for the term's word itself ("woodlands" -> "forests" in "random
            # forest"); a verb form only for a term written with that form ("organized
            # attacks" is no "network attack"), and only if English has it ("rawed").
            key = orig if form == "s" else out
            if key not in subs and key in vocab and english_word(out):
                subs[key] = (out, codes)
    for key in ident:
        subs.pop(key, None)
    if not ident and not subs:
        return _NOTHING
    keys = frozenset(subs)
    root, seconds = lexicon.first_words, lexicon.second_words
    lead = any(k in root for k in ident) or not root.keys().isdisjoint(keys)
    follow = any(k in seconds for k in ident) or not seconds.keys().isdisjoint(keys)
    return _new(WordOptions, (tuple(ident), (word, ""), subs, keys, lead, follow,
                              keys & lexicon.science_first, keys & lexicon.science_second))


_reinflect = lru_cache(maxsize=1 << 16)(reinflect)
_new = tuple.__new__

#: How many of the most frequent English words have their options precomputed for long texts.
COMMON_WORDS = 40_000


def add_common_options(lexicon, thesaurus, sources: list) -> None:
    """Give the lexicon the options of the most frequent English words (``common_options``:
    word -> (ident, subs, subs_keys, lead, follow) or None for no options, each marshalled and
    all kept in one block of bytes (:class:`cleanup.cache.PackedRows`), so that the table loads
    fast and a row is unpacked only when a text uses the word), which :func:`find_variants`
    takes instead of computing them.

    Computing them takes half a second and is the same for every long text, so they are
    computed once and kept in the disk cache (:mod:`cleanup.cache`), keyed by ``sources`` (the
    data files behind ``lexicon`` and ``thesaurus``) and the modules that compute them. The
    result is exactly what :func:`word_options` gives; only the time differs.
    """
    if lexicon.common_options:
        return
    from pathlib import Path

    from . import inflect, lemmas
    from .cache import cached
    from .wordlist import vocabulary, vocabulary_source

    def build() -> dict:
        counts = vocabulary().counts
        table = {}
        for word in sorted(counts, key=counts.get, reverse=True)[:COMMON_WORDS]:
            table[word] = _pack(word_options(word, lexicon, thesaurus))
        return table

    code = [__file__, lemmas.__file__, inflect.__file__, str(Path(__file__).with_name("spindata.py"))]
    lexicon.common_options = cached("word-options", [*map(str, sources), vocabulary_source(), *code],
                                    build, codec="rows")


def _pack(o: WordOptions) -> bytes:
    """A word's options as a row of the precomputed table (marshalled; the word is the key)."""
    return marshal.dumps(None if o is _NOTHING else (o.ident, o.subs, o.subs_keys, o.lead, o.follow,
                                                   o.science_lead, o.science_follow))


def _unpack(word: str, packed: bytes) -> WordOptions:
    row = marshal.loads(packed)
    return _NOTHING if row is None else _new(WordOptions, (row[0], (word, ""), *row[1:]))


@lru_cache(maxsize=1 << 17)
def english_word(word: str) -> bool:
    """Whether an inflected form is an English word: the built-in language model's
    vocabulary serves as the word list.

    >>> english_word("forests"), english_word("rawed")
    (True, False)
    """
    from .lm import default_model

    return default_model().known(word)


_NOTHING = WordOptions((), ("", ""), {}, frozenset())


def spelling_variant(a: str, b: str) -> bool:
    """Whether two words are spellings or derivations of one word rather than synonyms
    (armoured/armored, yellowish/yellow): a spinner swaps synonyms, and such pairs are the
    spelling detector's business or no error at all.

    >>> spelling_variant("armoured", "armored"), spelling_variant("yellowish", "yellow")
    (True, True)
    >>> spelling_variant("profound", "deep"), spelling_variant("fast", "vast")
    (False, False)
    """
    if a[:2] != b[:2]:
        return False  # spellings of one word share their first letters
    if len(a) > len(b):
        a, b = b, a
    if len(a) >= 4 and b.startswith(a):
        return True
    if len(a) < 5 or len(b) - len(a) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] <= 2


def _acceptable(cand: Candidate, lexicon) -> bool:
    """The observed window must not itself be a known term, nor differ only by inflection, and
    broad relations (Aiksaurus categories, generic terms) count only towards scientific terms."""
    if cand.observed in lexicon:
        return False
    if "pps" not in cand.term_sources and any(set(s) <= WEAK_SOURCES for s in cand.sources):
        return False
    if len(cand.substituted) == len(cand.term) and len(cand.term) > 2:
        return False  # every word replaced in a long window: too loose to trust
    return all(cand.observed[p] != cand.suggestion[p] for p in cand.substituted)
