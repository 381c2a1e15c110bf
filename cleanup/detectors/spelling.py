"""The ``spelling`` detector: OCR garble and misspellings, with a noisy-channel choice.

A word is checked when it is not English (:mod:`cleanup.wordlist`: symspellpy's frequency list
and the language model's vocabulary). Candidates are the frequent words one edit away and those
reached by OCR confusions (rn/m, cl/d, li/h, ii/u, vv/w, 1/l, 0/o, 5/s, long s/f, c/e, n/u, ...),
which cost less than other edits. Each candidate is scored by the language model in its sentence
(or its frequency) minus its edit cost; the best wins if it beats the next by a clear margin.
Words broken by a space ("j ust") are joined, and run-together words ("aboutthe") are split.
A clear OCR confusion with a wide margin is ``spelling/ocr-confusion``; other corrections are
``spelling/unknown-word`` (``spelling/garbled-word`` for letters English does not put together,
"wvas": garble evidence whatever its reading) and ``spelling/split-word``, which the checker
reports only in a document that holds enough garble (:mod:`cleanup.garble`): in clean prose an
unknown word is likelier a rare word than an error. In garbled text (OCR output) a second pass also corrects
words two or three edits away, English-looking words whose plain edit leads clearly, and real
words an OCR confusion away (``spelling/real-word``); and it removes what OCR made of specks and
gaps: lone letters that are no word (``spelling/stray-letter``), scraps of speck marks, alone
or glued to the front of a word (``spelling/stray-mark``), short words the sentence reads far better without
(``spelling/junk``) and spaces before closing punctuation or inside quotes
(``spelling/spacing``). Early Modern English (:func:`archaic`) is spared those bolder repairs.
A word broken at a former line end whose halves are no words ("misoon- duoted") is OCR output
in any text, so it is always read that boldly (all readings, also far ones, English-looking or
not).

Never checked: names (capitalised inside a sentence, unless they hold a digit), acronyms,
numbers and ordinals, words of one or two letters (in garbled text only dropped or read as a
short word), protected regions (code, URLs, e-mail addresses), allowed
words (the checker drops those). Confident choices are reported at 0.6 or more and applied by
``fix``; the others are reported below 0.5, visible with ``--min-confidence``.

>>> from cleanup.document import Document
>>> det = SpellingDetector(Options())
>>> [(f.text, f.best) for f in det.detect(Document("He met the prisoeer at tbe police-eourt."))]
[('prisoeer', 'prisoner'), ('tbe', 'the'), ('eourt', 'court')]
>>> [(f.text, f.best) for f in det.detect(Document("He had appre- henderi the man."))]
[('appre- henderi', 'apprehended')]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from itertools import compress
from operator import attrgetter, ne
from typing import Iterator, NamedTuple

from ..document import Document
from ..findings import Finding
from ..garble import GARBLED_AT, confident_correction, garbled, sign_of_garble
from ..lemmas import analyses
from ..lm import load_model
from ..matcher import match_case
from ..options import Options
from ..tokens import BARRIER, GLUED, NUMBER, SPACED, WORD, normalize
from ..cache import cached
from ..inflect import _VOWELS, _irregular_verbs
from ..wordlist import COMMON_FUNCTION_WORDS, vocabulary, vocabulary_source
from . import Detector, register

_TEXT, _NORM = attrgetter("text"), attrgetter("norm")

#: OCR confusions: (seen, meant). Each costs CONFUSION_COST instead of EDIT_COST.
CONFUSIONS = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("li", "h"), ("ii", "u"), ("vv", "w"), ("in", "m"),
    ("ri", "n"), ("1", "l"), ("l", "i"), ("i", "l"), ("1", "i"), ("0", "o"), ("5", "s"),
    ("9", "s"), ("8", "s"), ("ſ", "s"), ("f", "s"), ("c", "e"), ("e", "c"), ("n", "u"),
    ("u", "n"), ("h", "b"), ("b", "h"), ("e", "o"), ("o", "e"), ("a", "o"), ("o", "a"),
    ("t", "f"), ("r", "n"), ("n", "r"), ("e", "n"), ("n", "e"), ("c", "o"), ("o", "c"),
    ("y", "v"), ("v", "y"), ("tb", "th"), ("b", "d"), ("d", "b"), ("i", "t"), ("t", "i"),
    ("wv", "w"), ("vw", "w"), ("hl", "h"), ("lh", "h"), ("ni", "m"), ("iu", "m"), ("fi", "h"),
    ("m", "in"),
)
#: Confusions that only real-word errors are read through ("bat" for "but"): among unknown
#: words they take foreign words for garble ("clades" -> "dudes").
REAL_WORD_CONFUSIONS = (("a", "u"),)
CONFUSION_COST = 1.0
EDIT_COST = 2.5
#: The best candidate must beat the next one (or keeping the word) by this much (log10).
MARGIN = 1.0
#: ... and for a word that does not look English, this much.
WEAK_MARGIN = 1.0
#: Readings that need an OCR confusion and an edit are computed from this share on (half the
#: share at which cleanup.garble lets weaker corrections through).
COSTLY_READINGS_GARBLE = 0.005
COSTLY_READINGS_ALWAYS = 20
#: In garbled text a real word is corrected to an OCR confusion of it when the language model
#: prefers that this much (log10).
REAL_WORD_MARGIN = 3.0
#: In any text, a real word an OCR confusion from a common function word is corrected to it
#: when the language model prefers that this much (log10).
REAL_WORD_ANYWHERE_MARGIN = 4.0
#: In a garbled document an English-looking word is corrected by a plain edit when the best
#: reading leads by this much (log10).
PLAIN_EDIT_MARGIN = 1.0
#: Far readings (two or three plain edits) considered for a heavily garbled word, among the
#: FAR_WORDS most frequent words.
FAR_LIMIT = 30
FAR_WORDS = 30_000
#: A non-word of two letters in garbled text is dropped when the sentence reads this much
#: likelier (log10) without it; a word of one or two letters, JUNK_WORD_MARGIN.
JUNK_MARGIN = 3.0
JUNK_WORD_MARGIN = 5.0
#: What dropping a token costs in the noisy channel (log10), against reading it as a word.
JUNK_COST = 2.5
#: An English-looking unknown word whose best reading, a plain edit, leads the next by this
#: much is a misspelling even in clean text ("botique", "punishmeat"; ``spelling/misspelling``).
MISSPELLING_MARGIN = 4.0
MISSPELLING_CONFIDENCE = 0.97
#: In garbled text, a capitalised unknown word inside a sentence, a name by default, is read as
#: a very common word (COMMON_COUNT) that costs at most this much to reach ("Ihim", "Mareh").
NAME_COST = 2.5
#: ... or as a word at least this common one OCR confusion away ("Mrs Jobn Smith" -> "John").
NAME_CONFUSION_COUNT = 1_000_000
#: An unknown lowercase word at least this long whose letters English does not use together
#: ("wvas", "altercatfoj") is ``spelling/garbled-word``: evidence of garble at any confidence.
GARBLED_WORD_LENGTH = 4
#: A lowercase unknown word of at least SLIP_LENGTH letters one plain edit from a very common
#: word (COMMON_COUNT) is a slip (:func:`slip`); alone in a text, it is read as garble.
SLIP_LENGTH = 5
#: A text short enough for one confident correction to show garble (1 / GARBLED_AT words) that
#: has SLIPS_AT English-looking words one plain edit from a word of SLIPS_COUNT occurrences or
#: more, and no archaic forms, is read as garbled text (:func:`_slipped`).
SLIPS_AT = 2
SLIPS_COUNT = 10_000_000
#: Lowercase letters that are no English word on their own, standing alone.
STRAY_LETTERS = frozenset("bcdefghjklmnopqrstuvwxyz")
#: Characters of which OCR makes marks out of specks and gaps.
SPECK_MARKS = ".,;:!?`~_\u2022\u25a0\u00b7\\"
# A scrap of one to three non-blank characters standing alone between two others on one line.
# (Patterns that begin with a literal or a class, not a look-behind: those are tried at every
# character, ten times slower.)
_SCRAP = re.compile(r"([ \t]+)((?:_|[^\s\w\-\u2013\u2014&|()\[\]{}<>=+/#@%%$\u00a3\u20ac]){1,3}|[%s])(?=\s|\Z)"
                    % "".join(sorted(STRAY_LETTERS)))
_SPECK = re.compile("[%s]+\\Z" % re.escape(SPECK_MARKS))
#: Closing punctuation that belongs to the word before it ("here ?", "Coroner :"); not the
#: spaced ellipsis of web prose ("and so on ...").
_CLOSING = re.compile(r"(?!\.\.\.)[.,;:!?]{1,2}\Z")
_SPACES = re.compile(r"[ \t]*")
# A speck mark (or closing punctuation) glued to the front of a lowercase word.
_GLUED = re.compile(r"([ \t]+)([*_~|^\u2022\u25a0\\]+|[.,;:'\-])(?=[a-z]{2})")
#: Where the marks of _GLUED may begin: a mark after a space or a tab, before letters (found
#: first, at C speed: spaces are everywhere, and the look-behind comes after the mark).
_GLUED_MARK = re.compile(r"[*_~|^\u2022\u25a0\\.,;:'\-](?<=[ \t].)[*_~|^\u2022\u25a0\\]*(?=[a-z]{2})")
_LETTERS_RUN = re.compile(r"[a-z]+")
#: A word whose only capitals are its first letter and a U after a lowercase letter ("wiU").
_LL_AS_U = re.compile(r"[A-Za-z][a-z]*(?:(?<=[a-z])U[a-z]*)+\Z")
#: Two closing marks after a word, of which the second is a speck (keeping the first is what
#: BLN600's transcribers did in four cases of five).
#: (The look-behinds come after the first mark, which they include: a pattern that opens with a
#: mark is looked for at C speed, one that opens with a look-behind is tried at every position.)
_DOUBLED_MARK = re.compile(r"([.,;])(?<=[^\W\d_][.,;])(?<!\.[^\W\d_][.,;])([.,;:])(?=[ \t\r\n)\]]|\Z)")
_DOUBLED_PAIRS = frozenset({"..", ".;", ".:", ",,", ",.", ",;", ";."})
#: Two words joined by an apostrophe or a full stop instead of a space ("of'the", "had.evidently").
_JOINED_BY_MARK = re.compile(r"(?<![\w'.\-])([A-Za-z]+)(['.])([a-z]+)(?![\w'\-]|\.\w)")
#: A word with a speck mark or a digit inside it ("a~nd", "w'ere", "w4ith").
_MARK_INSIDE = re.compile(r"(?<![\w'~^%&{}\[\]|\\*])([A-Za-z]*[a-z])([~'^%&{}\[\]|\\*_]|\d)([a-z]+)"
                          r"(?![\w'~^%&{}\[\]|\\*])")
#: The marks the two patterns above turn on, followed by a lowercase letter (found first: they
#: are rare, and a pattern that opens with a look-behind is tried at every position).
_JOINING_MARK = re.compile(r"['.](?=[a-z])")
_INSIDE_MARK = re.compile(r"[~'^%&{}\[\]|\\*_\d](?=[a-z])")
#: A scrap of two or three letters and a full stop before a capitalised word (a garbled title).
_TITLE = re.compile(r"(?<![\w.'’\-])([A-Za-z]{2,3})\. (?=[A-Z][a-z])")
#: Where a match of _TITLE ends its scrap (found first, at C speed).
_TITLE_STOP = re.compile(r"\. (?=[A-Z][a-z])")
#: What follows an apostrophe in a contraction or a possessive, and what comes before one in
#: "o'clock" and Irish names.
_CONTRACTED = frozenset("s t ll d re ve m".split())
#: Words that older English writes with a leading apostrophe ("'twas", "'midst"); the others that
#: poetry elides so ("'tis", "'em") are no frequent words and stay anyway.
ELISIONS = frozenset("twas twere twill twould midst mid twixt neath til till cause bout round "
                     "cross fore gan mongst scape ave".split())
_CLOSING_QUOTE = re.compile(r"[a-z.,!?]'(?![a-z])")
#: Forms of Early Modern English ("ye", "hath", "vnto", "euery"): a text that uses them as a rule
#: (at least two, and ARCHAIC_AT of its words) spells in its own way, and its unknown words are
#: left to it rather than corrected towards modern words.
ARCHAIC_FORMS = frozenset("thee thou thy thine ye hath doth hast dost shalt unto vnto vpon vp "
                          "euery haue giue ouer neuer euer yf yt whiche sayd hym hys theyr wyth "
                          "bene doe goe saith quoth hee shee bee wee selfe onely vs".split())
ARCHAIC_AT = 0.01
#: Marks that older printing sets off by a space, and the share of them spaced in a text that
#: does so as a rule (then a space before them is no OCR damage).
SPACED_BY_CONVENTION = "!?;:"
SPACED_CONVENTION_AT = 0.5
_CONVENTIONAL = re.compile(r"(?:\w( )|\w)[!?;:](?=\s|\Z)")
_CONVENTIONAL_MARK = re.compile(r"[!?;:](?=\s|\Z)")  # where a match of _CONVENTIONAL ends
_WORD_BEFORE = re.compile(r"(\w+)\W*\Z")
_WORD_AFTER = re.compile(r"\s+(\w+)")
_BROKEN = (re.compile("- "), re.compile("‐ "))  # "pro- ceedings"
#: A capitalised word is corrected only towards a word at least this frequent (a name is not
#: garble, but "Theoy" is "They").
COMMON_COUNT = 50_000_000
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CHECKABLE = re.compile(r"[^\W_]*[^\W\d_][^\W_]*\Z")
#: Words in the Latin alphabet (with its accented letters and the long s).
_LATIN = re.compile(r"[0-9a-z\u00c0-\u024f]+\Z")
_HYPHEN = re.compile(r"([-‐])")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th|s|d)\Z", re.IGNORECASE)


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


#: After this many look-ups of a word's plain-edit neighbours in one document (a megabyte of
#: garbled text makes over a hundred thousand, of clean prose a few hundred), they are found from
#: the known words' prefixes and suffixes (:func:`_word_shapes`: loaded once per process, about
#: 30 MB) instead of from all of the word's edits. (Counted per document, so that a long run over
#: clean text never loads them.)
EDIT_INDEX_AFTER = 2_000
_edit_lookups = 0
_shapes: list = []  # (suffixes, nexts) of :func:`_word_shapes` once loaded


def _count_edit_lookups_afresh() -> None:
    global _edit_lookups
    _edit_lookups = 0


def known_edits(word: str) -> set[str]:
    """The known words one plain edit from ``word`` (a letter deleted, two neighbours swapped,
    or a letter a-z put in place of one or inserted): ``known & _edits1(word)``, the same set
    whichever way it is found.

    >>> sorted(known_edits("thw"))
    ['taw', 'thaw', 'the', 'thew', 'tho', 'thu', 'thy', 'tow']
    """
    global _edit_lookups
    known = vocabulary().counts
    if _edit_lookups < EDIT_INDEX_AFTER:
        _edit_lookups += 1
        return known.keys() & _edits1(word)
    if not _shapes:
        _shapes.extend(_word_shapes())
    return _edits_by_shape(word, known, *_shapes)


@lru_cache(maxsize=1 << 15)
def real_word_alternatives(word: str) -> tuple[str, ...]:
    """The frequent words one OCR confusion from the real word ``word`` (of CONFUSIONS or
    REAL_WORD_CONFUSIONS): what :meth:`SpellingDetector._real_words` weighs it against; worked
    out once per word (garbled text asks for "the" and "and" thousands of times).

    >>> sorted(real_word_alternatives("lie"))
    ['he', 'lin']
    """
    frequent = vocabulary().frequent
    return tuple(c for c in _confused(word) | _confused(word, REAL_WORD_CONFUSIONS)
                 if frequent(c) and c != word)


def known_confusions(word: str) -> set[str]:
    """The known words one OCR confusion from ``word``: ``known & _confused(word)``, found from
    the known words' starts and ends when :func:`known_edits` has loaded them.

    >>> sorted(known_confusions("tbe"))
    ['the']
    """
    known = vocabulary().counts
    if _shapes:  # (loaded for known_edits: a confusion alone gains too little to load them)
        return _confusions_by_shape(word, known, *_shapes)
    return known.keys() & _confused(word)


def _head_and_tail(word: str, suffixes: frozenset, nexts: dict[str, str]) -> tuple[int, int]:
    """(the length of the longest start of ``word`` that begins a known word, the offset of
    its longest end that ends one): what stays of the word around a change that makes it a
    known word lies within them."""
    n = len(word)
    head = 0
    while head < n and word[head] in nexts.get(word[:head], ""):
        head += 1
    tail = n
    while tail > 0 and word[tail - 1:] in suffixes:
        tail -= 1
    return head, tail


def _confusions_by_shape(word: str, known, suffixes: frozenset, nexts: dict[str, str]) -> set[str]:
    """``known & _confused(word)``, trying a confusion only where what comes before it begins
    a known word and what comes after it ends one."""
    head, tail = _head_and_tail(word, suffixes, nexts)
    found = set()
    for i in range(min(head, len(word) - 1) + 1):
        for seen, meant in _CONFUSIONS_AT.get(word[i], ()):
            if i + len(seen) >= tail and word.startswith(seen, i) \
                    and (w := word[:i] + meant + word[i + len(seen):]) in known:
                found.add(w)
    return found


def _edits_by_shape(word: str, known, suffixes: frozenset, nexts: dict[str, str]) -> set[str]:
    """``known & _edits1(word)``, without making all of the word's edits: a letter is put in or
    replaced only where what comes before it, with that letter, begins a known word (``nexts``:
    the letters that follow each prefix of a known word) and what comes after it ends one
    (``suffixes``). Deletions and swaps are few and are looked up directly."""
    n = len(word)
    head, tail = _head_and_tail(word, suffixes, nexts)
    # What is left before a change must begin a known word, and what is left after it end one.
    one_letter = range(max(0, tail - 1), min(head, n - 1) + 1)  # deleted or replaced at i
    found = {w for w in (word[:i] + word[i + 1:] for i in one_letter) if w in known}
    found.update(w for w in (word[:i] + word[i + 1] + word[i] + word[i + 2:]  # i, i + 1 swapped
                             for i in range(max(0, tail - 2), min(head, n - 2) + 1)) if w in known)
    for i, rest in [(i, word[i + 1:]) for i in one_letter] + \
            [(j, word[j:]) for j in range(tail, head + 1)]:  # replaced at i, inserted at j
        before = word[:i]
        for letter in nexts.get(before, ""):
            if "a" <= letter <= "z" and (w := before + letter + rest) in known:
                found.add(w)
    return found


@lru_cache(maxsize=1)
def _word_shapes() -> tuple[frozenset, dict[str, str]]:
    """(every end of a known word, {every start of a known word: the characters that follow
    it}), for :func:`_edits_by_shape`; kept in the disk cache."""
    def build() -> tuple[frozenset, dict[str, str]]:
        words = vocabulary().counts
        nexts: dict[str, str] = {}
        for start in sorted({w[:i] for w in words for i in range(1, len(w) + 1)}):
            nexts[start[:-1]] = nexts.get(start[:-1], "") + start[-1]
        return frozenset(w[i:] for w in words for i in range(len(w) + 1)), nexts

    return cached("word-shapes", [vocabulary_source(), __file__], build, codec="marshal")


#: The confusions by the first character of what was seen.
_CONFUSIONS_AT: dict[str, tuple[tuple[str, str], ...]] = {}
for _seen, _meant in CONFUSIONS:
    _CONFUSIONS_AT[_seen[0]] = _CONFUSIONS_AT.get(_seen[0], ()) + ((_seen, _meant),)


def _confused(word: str, confusions=None) -> set[str]:
    """Words reached from ``word`` by one OCR confusion (of ``confusions``, by default
    CONFUSIONS).

    >>> sorted(_confused("tbe"))
    ['fbe', 'ibe', 'tbc', 'tbn', 'tbo', 'tde', 'the']
    >>> sorted(_confused("bat", REAL_WORD_CONFUSIONS))
    ['but']
    """
    out = set()
    for i, ch in enumerate(word):
        for seen, meant in (_CONFUSIONS_AT.get(ch, ()) if confusions is None else confusions):
            if seen[0] != ch:
                continue
            if word.startswith(seen, i):
                out.add(word[:i] + meant + word[i + len(seen):])
    return out


@lru_cache(maxsize=1 << 14)
def candidates(word: str, far: bool = False, cheap: bool = False) -> dict[str, float]:
    """{candidate: edit cost} among frequent words, cheapest route first; when there is none,
    words two or three plain edits away only with ``far`` (:func:`far_readings`). ``cheap``
    leaves out the costliest route to compute, an OCR confusion followed by an edit.

    >>> candidates("tbe")["the"], candidates("rnodcl")["model"], candidates("rnodxl")["model"]
    (1.0, 2.0, 3.5)
    >>> "model" in candidates("rnodxl", cheap=True)
    False
    """
    if far:  # the near routes first, computed once for both calls
        found = dict(candidates(word))
        if not found and len(word) >= 4:
            found = {d: dist * EDIT_COST for d, dist in far_readings(word).items()}
        return found
    if not cheap:  # the cheap routes first, computed once for both calls
        found = dict(candidates(word, cheap=True))
    else:
        found = dict(confusion_readings(word))
        for c in known_edits(word):
            found.setdefault(c, EDIT_COST)
        return found
    one = _confused(word)
    if len(word) >= 5 and one:
        for d in set().union(*map(known_edits, one)):
            found.setdefault(d, CONFUSION_COST + EDIT_COST)
    return found


@lru_cache(maxsize=1 << 14)
def confusion_readings(word: str) -> dict[str, float]:
    """{word: cost} of the frequent words one or two OCR confusions away, the cheapest
    readings of all (the first entries of :func:`candidates`).

    >>> confusion_readings("tbe")["the"], "model" in confusion_readings("rnodxl")
    (1.0, False)
    """
    known = vocabulary().counts.keys()
    one = _confused(word)
    found = dict.fromkeys(known & one, CONFUSION_COST)
    for d in set().union(*map(known_confusions, one)):
        found.setdefault(d, 2 * CONFUSION_COST)
    return found


@lru_cache(maxsize=1)
def _words_by_length() -> dict[int, list[str]]:
    """The FAR_WORDS most frequent words grouped by their length."""
    counts = vocabulary().counts
    out: dict[int, list[str]] = {}
    for word in sorted(counts, key=counts.__getitem__, reverse=True)[:FAR_WORDS]:
        out.setdefault(len(word), []).append(word)
    return out


@lru_cache(maxsize=1 << 12)
def far_readings(word: str) -> dict[str, int]:
    """{word: edit distance} of the frequent words two (three, for words of seven letters or
    more) plain edits away, the FAR_LIMIT closest and most frequent: the readings of heavily
    garbled words ("caipentbr", "morliieg"), looked for only in garbled text.

    >>> far_readings("caipentbr")["carpenter"], far_readings("morliieg")["morning"]
    (2, 3)
    """
    known = _far_known.get(word)
    if known is not None:
        return known
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    most, choices = _far_choices(len(word))
    hits = process.extract(word, choices, limit=None, scorer=Levenshtein.distance, score_cutoff=most)
    return _closest(choices, ((j, d) for _, d, j in hits))


@lru_cache(maxsize=64)
def _far_choices(size: int) -> tuple[int, list[str]]:
    """(how many plain edits a far reading of a word of ``size`` letters may lie away, the
    frequent words of the lengths it may then have, shortest first)."""
    most = 2 if size < 7 else 3
    by_length = _words_by_length()
    return most, [c for n in range(size - most, size + most + 1) for c in by_length.get(n, ())]


def _closest(choices: list[str], distances) -> dict[str, int]:
    """{reading: distance} of the FAR_LIMIT best of ``choices`` at (index, distance) pairs two
    or more edits away (nearer ones are candidates already): the nearest first, then the most
    frequent, then the shortest and first listed."""
    counts = vocabulary().counts
    best = sorted((d, -counts[choices[j]], j) for j, d in distances if d >= 2)[:FAR_LIMIT]
    return {choices[j]: d for d, _, j in best}


#: Far readings worked out together (:func:`prefetch_far_readings`), by word.
_far_known: dict[str, dict[str, int]] = {}
#: Words whose far readings are worked out in one edit-distance matrix.
FAR_BATCH = 64


def prefetch_far_readings(words: set[str]) -> None:
    """Work out at once the far readings that the words without a near candidate will ask
    for, the same as :func:`far_readings` gives each: one matrix of edit distances per word
    length (rapidfuzz's ``cdist``, which prepares the frequent words once for many words
    instead of once per word: six times faster in garbled text).

    >>> prefetch_far_readings({"caipentbr", "morliieg"} | {f"zq{i:03}xw" for i in range(FAR_BATCH)})
    >>> _far_known["caipentbr"] == far_readings.__wrapped__("caipentbr")
    True
    """
    wanted = sorted(w for w in words if len(w) >= 4 and w not in _far_known and not candidates(w))
    if len(wanted) < FAR_BATCH:
        return  # (a few words: one at a time is as fast, and numpy is not imported)
    import numpy
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.process import cdist

    if len(_far_known) + len(wanted) > 100_000:
        _far_known.clear()
    by_size: dict[int, list[str]] = {}
    for word in wanted:
        by_size.setdefault(len(word), []).append(word)
    for size, group in by_size.items():
        most, choices = _far_choices(size)
        for k in range(0, len(group), FAR_BATCH):
            queries = group[k:k + FAR_BATCH]
            if not choices:
                _far_known.update((q, {}) for q in queries)
                continue
            distances = cdist(queries, choices, scorer=Levenshtein.distance, score_cutoff=most,
                              dtype=numpy.int32, workers=1)
            for query, row in zip(queries, distances):
                near = numpy.nonzero(row <= most)[0]
                _far_known[query] = _closest(choices, ((int(j), int(row[j])) for j in near))


#: The rules of corrections of one word (not splits or real-word errors).
WORD_RULES = frozenset({"spelling/unknown-word", "spelling/garbled-word", "spelling/ocr-confusion",
                        "spelling/misspelling"})
#: Word findings without a clear OCR confusion, which garbled text may trust (_trusted).
READ_RULES = frozenset({"spelling/unknown-word", "spelling/garbled-word"})


def unknown_words(doc: Document) -> Counter:
    """How often the document writes each word the word list does not know (lowercase), and
    each part of a hyphenated word ("N-sulfonyloxaziridines")."""
    counts: Counter = Counter(doc.word_norms)
    for word in [w for w in counts if "-" in w or "‐" in w]:
        for part in _HYPHEN.split(word):
            counts[part] += counts[word]
    known = vocabulary().counts
    return Counter({w: c for w, c in counts.items() if w not in known})


def segment(word: str) -> list[str] | None:
    """A run-together word as two or three frequent words ("aboutthe" -> about the)."""
    vocab = vocabulary()
    best, best_p = None, -1e9
    n = len(word)
    for i in range(2, n - 1):
        a, b = word[:i], word[i:]
        if vocab.frequent(a) and vocab.frequent(b):
            p = vocab.logp(a) + vocab.logp(b)
            if p > best_p:
                best, best_p = [a, b], p
    if best is not None and any(w in COMMON_FUNCTION_WORDS for w in best) and best_p > -9:
        return best
    return None


@register
class SpellingDetector(Detector):
    id = "spelling"
    description = "OCR garble and misspellings (noisy channel with OCR confusions)"

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.lm = load_model(options.lm)
        self._forced: Decisions | None = None  # the whole document's decisions (detect_with)
        self._floor: Decisions | None = None  # those of a text before its repairs (detect_with)
        self._taken: Decisions | None = None
        self._evidence: tuple = (None, None)  # (document, its document_evidence)

    def detect(self, doc: Document) -> Iterator[Finding]:
        tokens = doc.tokens
        vocab = vocabulary()
        n = len(tokens)
        forced = self._forced
        # An unknown word written the same way twice is a name or a term, not garble.
        self._unknown = (doc, unknown_words(doc))
        _count_edit_lookups_afresh()  # (known_edits counts them per document)
        self._repeated = {w for w, c in self._unknown[1].items() if c > 1}
        self._far = False  # far readings (two or three plain edits) only once garble shows
        forms, (marks, spaced) = archaic_forms(doc), spacing_marks(doc.text)
        evidence = Counter({WORDS_KEY: doc.word_count, ARCHAIC_KEY: forms,
                            CONVENTION_KEYS[0]: marks, CONVENTION_KEYS[1]: spaced})
        self._archaic = forced.archaic if forced else _archaic(forms, doc.word_count)
        self._spaced = forced.spaced if forced else _spaced(marks, spaced)
        # Unknown words without a candidate, and without a cheap reading: (token, text, start,
        # first token, end) for _word_findings.
        self._unresolved: list[tuple] = []
        self._names: list[tuple] = []
        # Calls of _word_findings that were scored, and the readings of whole tokens they gave
        # (token index -> (reading, confidence)), for the second reading of garbled text.
        self._scored: list[tuple] = []
        self._readings: dict[int, tuple[str, float]] = {}
        self._read: dict[int, str] = {}
        found: list[Finding] = []
        self._deferred: list[tuple] = []
        self._costly = False
        # English-looking words corrected by a plain edit with a wide margin: start -> margin.
        self._plain_edits: dict[int, float] = {}
        # Of those, the ones read as a word of SLIPS_COUNT occurrences: start -> word.
        self._near_common: dict[int, str] = {}
        # Of those, slips (:func:`slip`): start -> (word, margin).
        self._slips: dict[int, tuple[str, float]] = {}
        known = vocab.counts
        broken = _broken_words(doc)  # second halves of words broken at a former line end
        for i, tok in enumerate(tokens):
            if tok.kind != WORD:
                continue
            text = tok.text
            if broken and i + 2 in broken:
                continue  # the first half of "pro- ceodings": checked with its second half
            if broken and i in broken:
                # A word broken at a former line end ("pro- ceodings"): the halves are checked
                # as one word, unless they are words themselves (then it is a compound) or
                # the joined word is English (then the unicode detector joins them).
                first = tokens[i - 2]
                joined = first.text + text
                if tok.norm not in known and joined.lower() not in known \
                        and not _known(tok.norm, vocab):
                    found += self._word_findings(doc, i, joined, first.start, vocab, i - 2, tok.end)
                continue
            if "-" in text or "‐" in text:
                # Parts of hyphenated words are checked alone ("police-eourt").
                offset = tok.start
                for part in _HYPHEN.split(text):
                    if part and part not in "-‐" and part.lower() not in known:
                        found += self._word_findings(doc, i, part, offset, vocab)
                    offset += len(part)
            elif tok.norm not in known and text.lower() not in known:
                found += self._word_findings(doc, i, text, tok.start, vocab)
            # A word broken by a space: "j ust", "th e".
            if i + 1 < n and tokens[i + 1].norm not in known and doc.gaps[i + 1] == SPACED \
                    and tokens[i + 1].kind == WORD:
                f = self._split_word(doc, i, vocab)
                if f is not None:
                    found.append(f)
            # A word broken by a full stop and a space: "regi. ment", "evi. dence".
            if i + 2 < n and tokens[i + 1].text == "." and doc.gaps[i + 1] == GLUED \
                    and doc.gaps[i + 2] == SPACED and tokens[i + 2].kind == WORD:
                f = self._split_at_stop(doc, i, vocab)
                if f is not None:
                    found.append(f)
        # Words without a cheap reading are given their costly readings (an OCR confusion and
        # an edit) when they are few, or in text with some garble: in clean prose such a
        # reading is not reported (cleanup.garble), and in a long text computing it for every
        # rare word would be most of the detector's time.
        words = max(doc.word_count, 1)
        evidence.update((DEFERRED, text.lower()) for _, text, _, _, _ in self._deferred)
        evidence.update((EARLY, repeat_key(f)) for f in found if f.confidence >= 0.5)
        floor = self._floor
        if (forced.costly if forced else costly(len(self._deferred), sum(f.confidence >= 0.5 for f in found),
                                                 words)) or (floor is not None and floor.costly):
            self._costly = True
            for i, text, start, first, end in self._deferred:
                found += self._word_findings(doc, i, text, start, vocab, first, end)
        # A lone slip in a text without archaic forms is garble, not a rare word (:func:`slip`).
        evidence.update((SLIP, word) for word, _ in self._slips.values())
        lone = forced.lone_slip if forced else _lone_slip(len(self._slips), forms, words)
        if lone:
            found = [replace(f, confidence=round(_confidence(self._slips[f.start][1]), 4))
                     if f.start in self._slips and f.rule in READ_RULES and f.confidence < 0.5 else f
                     for f in found]
        # Marks between or inside common words ("of'the", "w'ere") are OCR output in any text.
        found += self._joined_by_marks(doc, vocab)
        found += self._marks_inside_words(doc, vocab)
        found += self._miscased(doc, vocab)
        found += self._ll_as_u(doc, vocab)
        found += self._garbled_titles(doc, vocab)
        specks = list(self._specks(doc))
        # Garble evidence is what the checker can report: not "https" inside a URL or a lone
        # letter in a code block (protected regions, whose findings it drops).
        shown = [f for f in found if not doc.is_protected(f.start, f.end)]
        shown_specks = [f for f in specks if not doc.is_protected(f.start, f.end)]
        confident = sum(map(confident_correction, shown)) + len(shown_specks)
        signs = len(shown) + sum(map(sign_of_garble, shown_specks))
        evidence.update((CONFIDENT, repeat_key(f)) for f in shown if confident_correction(f))
        evidence.update((CONFIDENT, repeat_key(f)) for f in shown_specks)
        evidence.update((SIGN, repeat_key(f)) for f in shown)
        evidence.update((SIGN, repeat_key(f)) for f in shown_specks if sign_of_garble(f))
        evidence.update({(LETTER, letter): n for letter, n in self._letters.items()})
        evidence.update((NEAR, word) for word in self._near_common.values())
        bold = (forced.garbled if forced else (garbled(confident, signs, words)
                                               or _slipped(len(self._near_common), forms, words))
                and not self._archaic) or (floor is not None and floor.garbled)
        self._taken = Decisions(self._archaic, self._spaced, self._costly, bold, lone)
        self._evidence = (doc, self._unknown[1] + evidence)
        if bold:  # (cleanup.garble)
            # Garbled text: far readings for the words without a candidate, plain edits of
            # English-looking words trusted, two-letter junk dropped, and real-word errors
            # ("lie" for "he") looked for; elsewhere an English word is taken as meant. (Not in
            # Early Modern English, whose own spellings would be taken for garble.)
            self._far = True
            prefetch_far_readings({text.lower() for _, text, *_ in self._unresolved})
            for i, text, start, first, end in self._unresolved + self._names:
                found += self._word_findings(doc, i, text, start, vocab, first, end)
            found = [self._trusted(f) for f in found]
            found = self._reread(doc, vocab, found)
            found += self._junk_words(doc, vocab)
            found += self._real_words(doc, vocab, {(f.start, f.end) for f in found})
        else:
            found += self._real_words(doc, vocab, {(f.start, f.end) for f in found}, anywhere=True)
        yield from found
        yield from specks

    def document_evidence(self, doc: Document) -> Counter:
        """How often the document writes each unknown word (:func:`unknown_words`), and the
        counts the document-wide decisions are taken from (:meth:`decide`); the unknown words
        are keyed by themselves, the other counts by tuples."""
        if self._evidence[0] is not doc:
            for _ in self.detect(doc):
                pass
        return self._evidence[1]

    def decide(self, evidence: Counter) -> Decisions:
        """The decisions a whole document takes, from the summed evidence of its parts: whether
        it is Early Modern English, spaces its marks by convention, is given costly readings and
        is read boldly as garbled text. Corrections of words that the whole document writes
        more than once do not count (the whole document never makes them).

        >>> det = SpellingDetector(Options())
        >>> doc = Document("Tbe mnan and tbe wonian went hoine.")
        >>> det.decide(det.document_evidence(doc)) == det.decision()
        True
        """
        # Each kind's count, in one pass over the evidence (it holds every unknown word).
        total = dict.fromkeys((DEFERRED, EARLY, CONFIDENT, SIGN, NEAR, SLIP), 0)
        for key, n in evidence.items():
            if type(key) is tuple and key[0] in total and (key[1] is None or evidence.get(key[1], 0) < 2):
                total[key[0]] += n
        words = max(evidence[WORDS_KEY], 1)
        old = _archaic(evidence[ARCHAIC_KEY], words)
        return Decisions(old, _spaced(*(evidence[key] for key in CONVENTION_KEYS)),
                         costly(total[DEFERRED], total[EARLY], words),
                         (garbled(total[CONFIDENT], total[SIGN], words)
                          or _slipped(total[NEAR], evidence[ARCHAIC_KEY], words)) and not old,
                         _lone_slip(total[SLIP], evidence[ARCHAIC_KEY], words))

    def at_least(self, decided: Decisions, floor: Decisions | None) -> Decisions:
        """``decided``, with costly readings and the bold reading of garbled text where the
        ``floor`` has them (as :meth:`detect_with` reads).

        >>> SpellingDetector(Options()).at_least(Decisions(False, False, False, False),
        ...                                      Decisions(True, True, True, True))
        Decisions(archaic=False, spaced=False, costly=True, garbled=True, lone_slip=False)
        """
        if floor is None:
            return decided
        return decided._replace(costly=decided.costly or floor.costly,
                                garbled=decided.garbled or floor.garbled)

    def decision(self) -> Decisions | None:
        return self._taken

    def detect_with(self, doc: Document, decided: Decisions | None,
                    floor: Decisions | None = None) -> list[Finding]:
        self._forced, self._floor = decided, floor
        try:
            return list(self.detect(doc))
        finally:
            self._forced = self._floor = None

    def combine(self, findings: list[Finding], evidence: Counter) -> list[Finding]:
        """Drop corrections of words, and lone letters, that the whole document writes more
        than once (a part saw them only once)."""
        return [f for f in findings if (key := repeat_key(f)) is None or evidence[key] < 2]

    def _real_words(self, doc: Document, vocab, taken, anywhere: bool = False) -> Iterator[Finding]:
        """Real words an OCR confusion away from a word the sentence reads far better
        (``spelling/real-word``): in garbled text any such word, by REAL_WORD_MARGIN; with
        ``anywhere`` (text that shows no garble) only a misreading of a common function word
        ("she bad struck" -> "had", "lie said" -> "he", "not long beer married" -> "been"), by
        REAL_WORD_ANYWHERE_MARGIN. Such a reading is no evidence of garble."""
        tokens = doc.tokens
        if anywhere:
            misread = function_word_misreadings()
            indices = compress(range(len(tokens)), map(misread.__contains__, map(_NORM, tokens)))
        else:
            indices = range(len(tokens))
        for i in indices:
            tok = tokens[i]
            word = tok.norm
            # (words the language model knows but the frequency list lacks, "ho", "wes",
            # "aro", are real words here too: no other rule reads them)
            if tok.kind != WORD or not tok.text.islower() or not 2 <= len(word) <= 6 \
                    or (tok.start, tok.end) in taken or not vocab.known(word):
                continue
            alternatives = real_word_alternatives(word)
            if not alternatives:
                continue
            left, right = doc.word_context(i, i, read=self._read)
            if not left or not right:
                continue  # too little context to overrule a real word
            own = self.lm.score([word] + right, left)
            best_score, best = max((self.lm.score([c] + right, left), c) for c in alternatives)
            if anywhere and (best not in COMMON_FUNCTION_WORDS
                             or best_score - own < REAL_WORD_ANYWHERE_MARGIN):
                continue
            if best_score - own >= REAL_WORD_MARGIN:
                yield doc.finding(tok.start, tok.end, detector=self.id, rule="spelling/real-word",
                                  message=f"'{tok.text}' reads like an OCR misreading of '{best}' here",
                                  suggestions=(best,), confidence=0.6)

    def _specks(self, doc: Document) -> Iterator[Finding]:
        """Marks that OCR reads from specks and gaps, each a whitespace-delimited scrap between
        two others on one line: a lone lowercase letter that is no word ("t", "r", "e";
        ``spelling/stray-letter``), a run of one to three speck marks ("."  ",."  "_~";
        ``spelling/stray-mark``), a space before closing punctuation ("here ?", "Coroner :")
        and a straight double quote spaced off its word ('said, " No,'; ``spelling/spacing``);
        then the marks glued to a word (:meth:`_glued_marks`). They are reported confidently
        only in garbled text (:mod:`cleanup.garble`): prose uses lone letters as variables and
        names ("the constant k"), and a scrap at the start of a line (a list marker) is never
        touched."""
        text = doc.text
        scraps = list(_SCRAP.finditer(text))
        letters = self._letters = Counter(m.group(2) for m in scraps if m.group(2) in STRAY_LETTERS)
        quotes = _QuoteParity(text)
        for m in scraps:
            space, scrap = m.span(1), m.group(2)
            before = text[space[0] - 1] if space[0] else "\n"
            if before.isspace():
                continue  # the start of a line: a list marker, an indented line
            if scrap in STRAY_LETTERS:
                if before.isdigit() or before in "£$€%" or self._variable(doc, m, letters):
                    continue
                word = self._read_letter(doc, doc.token_at(m.start(2)))
                if word:
                    yield self._repair(doc, m.start(2), m.end(), "spelling/stray-letter",
                                       f"a lone '{scrap}' between words reads as '{word}' here", word)
                else:
                    yield self._repair(doc, space[0], m.end(), "spelling/stray-letter",
                                       f"a lone '{scrap}' between words is a speck read as a letter", "")
            elif scrap == '"':
                if quotes.opening(space[0]):
                    after = _SPACES.match(text, m.end()).end()
                    if after == len(text) or text[after] in "\r\n":
                        continue
                    yield self._repair(doc, m.start(2), after, "spelling/spacing",
                                       "an opening quote spaced off its word", '"')
                else:
                    yield self._repair(doc, space[0], m.end(), "spelling/spacing",
                                       "a closing quote spaced off its word", '"')
            elif not _SPECK.match(scrap) or scrap == "..." or (
                    scrap == "." and _in_spaced_ellipsis(text, m.start(2))):
                continue  # (a spaced ellipsis, "..." or ". . .", is meant)
            elif _CLOSING.match(scrap) and (before.isalnum() or before in "\"')]"):
                if scrap[0] in SPACED_BY_CONVENTION and (self._archaic or self._spaced):
                    continue
                yield self._repair(doc, space[0], m.end(), "spelling/spacing",
                                   f"a space before '{scrap}'", scrap)
            else:
                yield self._repair(doc, space[0], m.end(), "spelling/stray-mark",
                                   f"'{scrap}' between words is specks read as punctuation", "")
        yield from self._glued_marks(doc)
        yield from self._doubled_marks(doc)

    def _doubled_marks(self, doc: Document) -> Iterator[Finding]:
        """Two closing marks after a word where English sets one ("road,.", "Cottage,,",
        "opened.."): the second is a speck (``spelling/stray-mark``). Not ".," ("Esq.,"), an
        ellipsis or marks inside a token ("e.g.,", "i.e.:")."""
        for m in _DOUBLED_MARK.finditer(doc.text):
            if m.group() in _DOUBLED_PAIRS:
                yield self._repair(doc, m.start(2), m.end(2), "spelling/stray-mark",
                                   f"'{m.group()}' after a word: the second mark is a speck", "")

    def _glued_marks(self, doc: Document) -> Iterator[Finding]:
        """Speck marks glued to the front of a known lowercase word ("*was", "|her", "-the",
        "'of"), which go (``spelling/stray-mark``), and closing punctuation glued to the next
        word instead of its own (",omitted", ".and"), which moves back (``spelling/spacing``).
        A leading apostrophe stays when a closing one follows (a quotation: 'word')."""
        text = doc.text
        vocab = vocabulary()
        for m in _glued(text):
            space, mark = m.span(1), m.group(2)
            if not space[0] or text[space[0] - 1].isspace():
                continue  # the start of a line: a list marker
            word = _LETTERS_RUN.match(text, m.end()).group()
            if not vocab.known(word.lower()):
                continue
            if mark == "'" and (word.lower() not in vocab.counts or word.lower() in ELISIONS
                                or _CLOSING_QUOTE.search(text, m.end(), m.end() + 80)
                                or "' " in text[max(0, space[0] - 80):space[0]]):
                continue  # "'tis", "'twas", "'em", or one of a pair of quotes ('word')
            if mark == "." and _in_spaced_ellipsis(text, m.start(2)):
                continue  # a spaced ellipsis ". . ."
            if mark in ".,;:":
                yield self._repair(doc, space[0], m.end(), "spelling/spacing",
                                   f"'{mark}' is glued to the word after it",
                                   mark + text[space[0]:space[1]])
            else:
                yield self._repair(doc, m.start(2), m.end(), "spelling/stray-mark",
                                   f"'{mark}' glued to '{word}' is specks read as a mark", "")

    def _junk_words(self, doc: Document, vocab) -> Iterator[Finding]:
        """Tokens of one or two letters standing alone between words that the language model
        would rather do without: by JUNK_MARGIN for non-words ("ib", "le", "tl"), by the wider
        JUNK_WORD_MARGIN for words ("then a told", "at I Madrid"). OCR made them out of specks
        and smudges. Looked for only in garbled text."""
        tokens, gaps = doc.tokens, doc.gaps
        for i, tok in enumerate(tokens):
            if tok.kind != WORD or len(tok.text) > 2 or not tok.text.isalpha() \
                    or not (tok.text[0].islower() or tok.text == "I") or tok.text in STRAY_LETTERS:
                continue  # names, initials, abbreviations ("Wm", "J"); lone letters: _specks
            if not 0 < i < len(tokens) - 1 or gaps[i] != SPACED or gaps[i + 1] != SPACED:
                continue
            if tokens[i - 1].text[:1].isupper() and tokens[i + 1].text[:1].isupper():
                continue  # a particle inside a name ("Epitome de Caesaribus", "Vincent van Gogh")
            if tok.norm in ARCHAIC_FORMS:
                continue  # "How sweetly ye float": a word of older English, not a speck
            left, right = doc.word_context(i, i, after=2)
            if not left or not right:
                continue
            if tok.norm in vocab.counts:  # a word: only dropped, and only by a wide margin
                if self.lm.score(right, left) - self.lm.score([tok.norm] + right, left) \
                        >= JUNK_WORD_MARGIN:
                    yield self._junk(doc, i)
                continue
            # A non-word: dropped, or read as a short word ("iu" -> "in", "eo" -> "he"),
            # whichever reads best by a clear margin.
            readings = self._short_readings(tok.norm, left, right)
            (best_score, best), runner_up = readings[0], readings[1][0] if len(readings) > 1 else -99
            if best_score - runner_up < MARGIN \
                    or best_score - self.lm.score([tok.norm] + right, left) < JUNK_MARGIN:
                continue
            if not best:
                yield self._junk(doc, i)
            else:
                yield self._repair(doc, tok.start, tok.end, "spelling/unknown-word",
                                   f"'{tok.text}' is not an English word", match_case(tok.text, best))

    def _joined_by_marks(self, doc: Document, vocab) -> Iterator[Finding]:
        """Two common words joined by an apostrophe or a full stop where a space was meant
        ("of'the", "did'not", "had.evidently"), one of them a function word; not contractions,
        possessives, "o'clock", words the two make together, or a name before the mark
        ("Chang'an", "Narnia.it"). Looked for in any text: English writes no such thing, so
        they are evidence of garble too."""
        for m in _matches_at_marks(_JOINED_BY_MARK, _JOINING_MARK, doc.text):
            a, mark, b = m.group(1).lower(), m.group(2), m.group(3)
            if m.group(1)[0].isupper() and a not in COMMON_FUNCTION_WORDS:
                continue  # a name: a romanisation ("Chang'an") or a domain ("Narnia.it")
            if not (vocab.frequent(a) and vocab.frequent(b)) \
                    or not (a in COMMON_FUNCTION_WORDS or b in COMMON_FUNCTION_WORDS) \
                    or vocab.known(a + b) or m.group().lower() in vocab.counts:
                continue
            if _contraction(a, mark, b):
                continue
            yield self._repair(doc, m.start(2), m.end(2), "spelling/spacing",
                               f"'{mark}' between two words is a misread space", " ")

    def _garbled_titles(self, doc: Document, vocab) -> Iterator[Finding]:
        """"Mr." misread before a name (``spelling/ocr-confusion``): a scrap of two or three letters
        and a full stop, no word or abbreviation, that is "Mr" with its "M" read as "I" or "l"
        ("lr. Smith", "Ir. Jones") or with a letter more ("Mtr.", "NMr."), before a capitalised
        word. Looked for in any text: it is OCR output, and counts as garble."""
        for m in _matches_before(_TITLE, _TITLE_STOP, doc.text, (3, 2)):
            scrap = m.group(1)
            low = scrap.lower()
            if vocab.known(low) or not (low in ("ir", "lr") or len(low) == 3 and (
                    low[0] + low[2] == "mr" or low[1:] == "mr")):
                continue
            yield doc.finding(m.start(1), m.end(1), detector=self.id, rule="spelling/ocr-confusion",
                              message=f"'{scrap}.' before a name reads as an OCR misreading of 'Mr.'",
                              suggestions=("Mr",), confidence=0.8)

    def _miscased(self, doc: Document, vocab) -> Iterator[Finding]:
        """Known words in a case no writer uses (``spelling/garbled-case``): capitals with a stray
        lowercase letter ("ExECUTION", "SENTENcED"), read in capitals, and a lowercase word with
        capitals inside ("waS", "reMoved", "althoUgh"), read in lowercase; not names in camel
        case ("McCarty", "PlayStation") or brands with a lowercase prefix ("iPod", "eBay").
        Looked for in any text: they are OCR output, and count as garble."""
        tokens = doc.tokens
        # (only tokens with a capital: selected at C speed)
        for tok in compress(tokens, map(ne, map(_TEXT, tokens), map(_NORM, tokens))):
            text = tok.text
            if tok.kind != WORD or len(text) < 3 or text[1:].islower() or not text.isalpha() \
                    or tok.norm not in vocab.counts or _ll_reading(text, vocab.counts):
                continue
            if _garbled_capitals(text):
                fixed = text.upper()
            elif text[0].islower() and not (text[1].isupper() and text[2:].islower()):
                fixed = text.lower()
            else:
                continue
            yield doc.finding(tok.start, tok.end, detector=self.id, rule="spelling/garbled-case",
                              message=f"'{text}' is '{fixed}' in a case OCR garbled",
                              suggestions=(fixed,), confidence=0.8)

    def _ll_as_u(self, doc: Document, vocab) -> Iterator[Finding]:
        """A capital U inside a lowercase word where the print has "ll" ("wiU", "aU", "feUow",
        "WeU"): some OCR engines read the two letters as one. Read as "ll" when that makes a
        listed word (``spelling/ll-as-u``), in any text; a systematic confusion of one engine, it
        is no garble evidence (cleanup.garble). A U that makes no word so ("althoUgh") is left to
        :meth:`_miscased`.

        >>> det = SpellingDetector(Options())
        >>> [f.suggestions[0] for f in det._ll_as_u(Document("We wiU caU aU of them, WeU."), vocabulary())]
        ['will', 'call', 'all', 'Well']
        """
        tokens = doc.tokens
        known = vocab.counts
        for tok in compress(tokens, map(ne, map(_TEXT, tokens), map(_NORM, tokens))):
            text = tok.text
            fixed = _ll_reading(text, known) if tok.kind == WORD else None
            if fixed is not None:
                yield doc.finding(tok.start, tok.end, detector=self.id, rule="spelling/ll-as-u",
                                  message=f"'{text}' is '{fixed}' with its 'll' read as 'U' by OCR",
                                  suggestions=(fixed,), confidence=0.8)

    def _marks_inside_words(self, doc: Document, vocab) -> Iterator[Finding]:
        """A speck mark or a digit inside a word that is a common word without it ("a~nd",
        "w'ere", "mo'ments", "w4ith"), which goes; not contractions ("they're", "o'er") or two
        words (:meth:`_joined_by_marks`). Looked for in any text."""
        for m in _matches_at_marks(_MARK_INSIDE, _INSIDE_MARK, doc.text):
            a, mark, b = m.group(1).lower(), m.group(2), m.group(3)
            word = a + b
            if not (len(word) >= 4 and vocab.frequent(word) or word in COMMON_FUNCTION_WORDS) \
                    or vocab.known(m.group().lower()) \
                    or _contraction(a, mark, b) \
                    or (len(a) > 1 and len(b) > 1 and vocab.frequent(a) and vocab.frequent(b)):
                continue
            yield self._repair(doc, m.start(2), m.end(2), "spelling/stray-mark",
                               f"'{mark}' inside '{m.group()}' is a speck read as a mark", "")

    def _read_letter(self, doc: Document, i: int) -> str:
        """What the lone letter at token ``i`` most likely was: "" (a speck), or a short word
        misread ("m" for "in", "n" for "a"), when the language model prefers that word to
        dropping the letter by MARGIN (:meth:`_short_readings`)."""
        left, right = doc.word_context(i, i, after=2)
        if not left or not right:
            return ""
        readings = self._short_readings(doc.tokens[i].norm, left, right)
        dropped = next(score for score, reading in readings if not reading)
        best_score, best = next(((s, r) for s, r in readings if r), (-99.0, ""))
        return best if best_score - dropped >= MARGIN else ""

    def _short_readings(self, word: str, left: list[str], right: list[str]) -> list[tuple[float, str]]:
        """(score, reading) of a token of one or two letters between ``left`` and ``right``,
        best first: dropped ("", at JUNK_COST) or read as one of its candidates of up to three
        letters ("a" and "i" the only single letters), each scored by the language model in
        the noisy channel (minus its cost)."""
        readings = [(self.lm.score(right, left) - JUNK_COST, "")]
        readings += [(self.lm.score([c] + right, left) - cost, c)
                     for c, cost in candidates(word).items()
                     if len(c) <= 3 and (len(c) > 1 or c in "ai")]
        return sorted(readings, reverse=True)

    def _junk(self, doc: Document, i: int) -> Finding:
        tok = doc.tokens[i]
        return self._repair(doc, doc.tokens[i - 1].end, tok.end, "spelling/junk",
                            f"'{tok.text}' does not belong here: specks read as letters", "")

    def _repair(self, doc: Document, start: int, end: int, rule: str, message: str,
                replacement: str) -> Finding:
        """A finding of this detector that replaces ``[start, end)`` with ``replacement``, at
        the confidence of a clear repair (the gate quietens it in clean text)."""
        return doc.finding(start, end, detector=self.id, rule=rule, message=message,
                           suggestions=(replacement,), confidence=0.6)

    @staticmethod
    def _variable(doc: Document, m: re.Match, letters: Counter) -> bool:
        """Whether the lone letter of ``m`` is a unit, a variable or a name rather than a speck:
        after a number ("5 m"), written alone more than once ("the constant k ... so k"), after
        a capitalised word ("Andromedae b", "Drama y Luz"), or beside "and", "or" or a comma
        ("between c and d")."""
        text = doc.text
        if letters[m.group(2)] > 1:
            return True
        prev = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        nxt = _WORD_AFTER.match(text, m.end())
        words = {prev.group(1) if prev else "", nxt.group(1) if nxt else ""}
        return bool(words & {"and", "or", "nor"}) or (prev is not None and prev.group(1)[:1].isupper()) \
            or text[m.start() - 1] in ",=" or text[m.end():m.end() + 1] == ","

    def _eligible(self, doc: Document, i: int, text: str, vocab) -> bool | str | None:
        """True: check; False: leave alone; None: check only against very common words;
        "name": a capitalised word inside a sentence, checked only in garbled text and only
        against very common words."""
        if len(text) < 3 or not _CHECKABLE.match(text):
            return False
        if text.isupper() and len(text) > 1:
            return False  # acronym
        has_digit = any(c.isdigit() for c in text)
        if has_digit and (sum(c.isdigit() for c in text) * 2 >= len(text) or _ORDINAL.match(text)):
            return False  # a number with a unit or a code, an ordinal ("4th", "21st", "1990s")
        prev = doc.tokens[i - 1] if i > 0 and doc.gaps[i] != BARRIER else None
        if prev is not None and prev.kind == NUMBER:
            return False  # a unit: "5 kPa", "30 mbar"
        uppers = sum(c.isupper() for c in text)
        garbled_capitals = uppers >= 3 and _garbled_capitals(text)  # "MEXIeo", "SAvAEG"
        if prev is not None and prev.text[:1].isupper() and i > 1 and doc.gaps[i - 1] != BARRIER \
                and doc.tokens[i - 2].text not in ".!?:\"“(" and not garbled_capitals \
                and prev.norm not in vocab.counts and english_like(text.lower()):
            # after a name that is no English word: a species epithet or a foreign name
            # ("Homarus gammarus"); after "Thursday" or "Burnley", "forernoon" and
            # "manufscturer" are checked
            return False
        # "hWr", "ThP": a case change inside a short word is garble; "PopMatters", "JGBs" are not.
        mixed = garbled_capitals or (uppers == 1 + text[0].isupper() and not text[0].isupper() or (
            uppers == 2 and text[0].isupper() and text[-1].isupper()) if len(text) <= 4 else False)
        if text[0].isupper() and not has_digit and not mixed:
            if prev is not None and prev.text not in ".!?:\"“(":
                # A name inside a sentence, unless garbled (_word_findings); never an acronym
                # or a name in camel case ("JGBs", "McKay"; "IFriday" is a stray capital).
                return "name" if uppers == 1 or (uppers == 2 and text[1].isupper()
                                                 and text[2:].islower()) else False
            return None  # capitalised at a sentence start: checked only against common words
        return True

    def _word_findings(self, doc: Document, i: int, text: str, start: int, vocab,
                       first: int | None = None, end: int | None = None) -> Iterator[Finding]:
        """Findings for the word ``text`` at ``start`` (token ``i``); a word broken at a former
        line end spans tokens ``first``..``i`` and ends at ``end``."""
        word = text.lower()
        first = i if first is None else first
        end = start + len(text) if end is None else end
        if word in vocab.counts or _ll_reading(text, vocab.counts) or word in self._repeated:
            return  # the common cases, first; "wiU" is read by _ll_as_u; a word written twice
        checked = self._eligible(doc, first, text, vocab)
        if checked == "name" and not self._far:
            self._names.append((i, text, start, first, end))
            return
        if checked is False or _known(word, vocab) or (self._archaic and word in ARCHAIC_FORMS):
            return
        if not _LATIN.match(word):
            return  # another script: no OCR confusion of the Latin alphabet reaches it
        # A word without an OCR-confusion reading is only corrected in text that shows garble
        # (cleanup.garble); its costly readings wait until the text does. (Plain edits cost
        # more than two confusions, so only the confusions decide.)
        # A word broken at a former line end is OCR output whatever the rest of the text looks
        # like: it is read as garble (all readings, also far ones; English-looking or not).
        broken = first != i
        if not self._costly and not broken \
                and min(confusion_readings(word).values(), default=99) > 2 * CONFUSION_COST:
            self._deferred.append((i, text, start, first, end))
            return
        # (a name is read only as a word at most NAME_COST away: the cheap routes)
        costs = candidates(word, cheap=True) if checked == "name" \
            else candidates(word, self._far or broken)
        left, right = doc.word_context(first, i, read=self._read)
        self._scored.append((i, text, start, first, end))
        scored = []
        for cand, cost in costs.items():
            scored.append((self.lm.score([cand] + right, left) - cost, cand))
        parts = segment(word) if len(word) >= 5 else None
        if parts:
            scored.append((self.lm.score(parts + right, left) - EDIT_COST, " ".join(parts)))
        if not scored:
            if not self._far and len(word) >= 4:
                self._unresolved.append((i, text, start, first, end))
            return
        scored.sort(reverse=True)
        best_score, best = scored[0]
        cased = _cased
        if checked == "name":
            count, cost = vocab.counts.get(best.lower(), 0), costs.get(best, 9)
            if not (count >= COMMON_COUNT and cost <= NAME_COST
                    or count >= NAME_CONFUSION_COUNT and cost <= CONFUSION_COST):
                return
            if best == word[1:]:  # a stray letter before the word ("IFriday", "Itold")
                cased = _after_first
            elif best in COMMON_FUNCTION_WORDS:  # the capital is garble too ("Ihim", "Thlm")
                cased = _lower
            checked = None
        elif checked is None and vocab.counts.get(best.lower(), 0) < COMMON_COUNT:
            return  # a capitalised word that is no garbled common word: probably a name
        if self._archaic and old_spelling(word, best.lower()):
            return  # "receiued", "vnderstood": Early Modern English as its writer spelt it
        margin = best_score - scored[1][0] if len(scored) > 1 else 3.0
        cost = costs.get(best, EDIT_COST)  # a split ("about the") costs one plain edit
        if english_like(word) and not broken:
            # An English-looking unknown word ("lectotype", "redshirt") is more likely a rare
            # word than garble:
            # only a clear OCR confusion may change it, or a lost space between a function word
            # and another word ("sawthe", "numberof", "beencharged").
            confident = (cost <= 2 * CONFUSION_COST or run_together(best)) and margin >= MARGIN
        else:
            # Letter sequences English does not use ("thbt", "wvas"): garble; the best reading
            # is applied when it leads at all.
            confident = margin >= WEAK_MARGIN
        confidence = _confidence(margin) if confident else 0.35
        if not confident and margin >= PLAIN_EDIT_MARGIN and not old_spelling(word, best.lower()):
            self._plain_edits[start] = margin
            # (garble evidence only where the checker can report it: not in a URL or code)
            if not doc.is_protected(start, end):
                if vocab.counts.get(best.lower(), 0) >= SLIPS_COUNT:
                    self._near_common[start] = word
                if slip(text, best, cost, costs):
                    self._slips[start] = (word, margin)
        strong = confident and cost <= 2 * CONFUSION_COST and margin >= 2 * MARGIN
        misspelt = not confident and margin >= MISSPELLING_MARGIN and checked \
            and not old_spelling(word, best.lower())
        if misspelt:
            confidence = MISSPELLING_CONFIDENCE  # never quietened (cleanup.garble)
        if first == i and len(text) == len(doc.tokens[i].text):
            self._readings[i] = (best.lower(), confidence)
        yield doc.finding(
            start, end, detector=self.id,
            rule="spelling/misspelling" if misspelt else
            "spelling/ocr-confusion" if strong else
            "spelling/garbled-word" if garbled_word(text) else "spelling/unknown-word",
            message=f"'{text}' is not an English word" if first == i else
            f"'{doc.text[start:end]}' is a word broken at a former line end, and not an English one",
            suggestions=tuple(dict.fromkeys(cased(text, c) for _, c in scored[:3])),
            confidence=round(confidence, 4),
        )

    def _reread(self, doc: Document, vocab, found: list[Finding]) -> list[Finding]:
        """Garbled words often stand side by side ("vas thien"), and each was read with the
        other's garble as its context. Words whose context held a confidently corrected word
        are read again with the corrections in place of the garble."""
        self._read = {i: word for i, (word, confidence) in self._readings.items()
                      if confidence >= 0.5 and " " not in word}
        if not self._read:
            return found
        again = [call for call in self._scored
                 if any(j in self._read for j in (call[3] - 2, call[3] - 1, call[0] + 1))]
        redone = {call[2] for call in again}
        found = [f for f in found if f.rule not in WORD_RULES or f.start not in redone]
        for i, text, start, first, end in again:
            self._plain_edits.pop(start, None)
            found += map(self._trusted, self._word_findings(doc, i, text, start, vocab, first, end))
        return found

    def _trusted(self, f: Finding) -> Finding:
        """In evidently garbled text, an English-looking word whose best reading is a plain
        edit ahead of the rest by PLAIN_EDIT_MARGIN is taken for garble too ("soime", "drawets",
        "stoleh"); in other text it is likelier a rare word."""
        margin = self._plain_edits.get(f.start)
        if margin is None or f.rule not in READ_RULES or f.confidence >= 0.5:
            return f
        return replace(f, confidence=round(min(0.95, 0.5 + 0.1 * margin), 4))

    def _split_at_stop(self, doc: Document, i: int, vocab) -> Finding | None:
        """A word that OCR broke with a full stop ("regi. ment", "hand. cuffed"): the second
        half is lowercase, and the halves joined make a common word; when the second half is a
        word too, the first is no abbreviation ("Co. upon", "Mr. smith")."""
        a, b = doc.tokens[i], doc.tokens[i + 2]
        joined = a.norm + b.norm
        if not (a.text.isalpha() and b.text.isalpha() and b.text.islower()) or len(joined) < 5 \
                or not vocab.frequent(joined) \
                or (vocab.frequent(b.norm) and a.text[0].isupper() and len(a.text) <= 3):
            return None
        return doc.finding(a.start, b.end, detector=self.id, rule="spelling/split-word",
                           message=f"'{doc.text[a.start:b.end]}' is one word broken by a full stop",
                           suggestions=(match_case(a.text, joined),), confidence=0.8)

    def _split_word(self, doc: Document, i: int, vocab) -> Finding | None:
        a, b = doc.tokens[i], doc.tokens[i + 1]
        if b.norm in vocab.counts or not (a.text.isalpha() and b.text.isalpha()):
            return None
        joined = a.norm + b.norm
        if len(joined) < 4 or not vocab.frequent(joined):
            return None
        if not b.text.islower() or (a.text[:1].isupper() and len(a.text) == 1):
            return None  # "the W", "O king"
        # Both pieces must be non-words: "j ust", "wh ich"; "b and" stays.
        if vocab.known(b.norm) or (len(a.norm) > 1 and vocab.known(a.norm)) or a.norm in ("a", "i"):
            return None
        return doc.finding(a.start, b.end, detector=self.id, rule="spelling/split-word",
                           message=f"'{a.text} {b.text}' is one word broken by a space",
                           suggestions=(match_case(a.text, a.text + b.text),), confidence=0.8)


def _matches_at_marks(pattern: re.Pattern, marks: re.Pattern, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern`` (letters, a mark as its second group, letters) in ``text``, as
    ``pattern.finditer`` gives them, found from the ``marks`` instead: the pattern is tried only
    at the start of the letters before each mark.

    >>> [m.group() for m in _matches_at_marks(_JOINED_BY_MARK, _JOINING_MARK, "x of'the 3'a l.b")]
    ["of'the", 'l.b']
    """
    end = 0
    for hit in marks.finditer(text):
        mark = hit.start()
        start = mark
        while start > end and text[start - 1].isascii() and text[start - 1].isalpha():
            start -= 1
        if start == mark:
            continue
        m = pattern.match(text, start)
        if m is not None and m.start(2) == mark:
            end = m.end()
            yield m


def _glued(text: str) -> Iterator[re.Match]:
    """The matches of _GLUED, as ``_GLUED.finditer`` gives them, found from their marks: each
    begins with the run of spaces and tabs before one.

    >>> [m.group() for m in _glued("a *was and  .the x ,, y")]
    [' *', '  .']
    """
    end = 0
    for hit in _GLUED_MARK.finditer(text):
        start = hit.start()
        while start > end and text[start - 1] in " \t":
            start -= 1
        m = _GLUED.match(text, start)
        if m is not None:
            end = m.end()
            yield m


def _matches_before(pattern: re.Pattern, ends: re.Pattern, text: str,
                    lengths: tuple[int, ...]) -> Iterator[re.Match]:
    """The matches of ``pattern`` in ``text``, as ``pattern.finditer`` gives them, found from
    the matches of ``ends``: every match of ``pattern`` ends with one of them, ``lengths``
    characters after its start, and no two share one. ``pattern`` is tried only there, the
    longer length first (a pattern that opens with a look-behind or a word character is
    otherwise tried at every position of the text).

    >>> [m.group() for m in _matches_before(_TITLE, _TITLE_STOP, "Mr. Smith, lr. Jones e.g. Bc. Dd", (3, 2))]
    ['Mr. ', 'lr. ', 'Bc. ']
    """
    end = 0
    for hit in ends.finditer(text):
        for length in lengths:
            start = hit.start() - length
            if start >= end:
                m = pattern.match(text, start)
                if m is not None and m.end() > hit.start():
                    end = m.end()
                    yield m
                    break


def _contraction(left: str, mark: str, right: str) -> bool:
    """Whether ``left``, ``mark``, ``right`` is a contraction or a possessive ("they're",
    "o'er", "John's") rather than garble.

    >>> _contraction("they", "'", "re"), _contraction("o", "'", "er"), _contraction("of", "'", "the")
    (True, True, False)
    """
    return mark == "'" and (right in _CONTRACTED or left == "o")


def _lower(text: str, word: str) -> str:
    """``word`` as it is: a capital that was garble ("Ihim" -> "him")."""
    return word


def _after_first(text: str, word: str) -> str:
    """``word`` in the case of ``text`` after its first letter, a stray one ("IFriday")."""
    return _cased(text[1:], word)


def _cased(text: str, word: str) -> str:
    """``word`` in the case of ``text``, garbled capitals included: a word mostly in capitals
    is read as written in capitals; words run together keep their own case.

    >>> _cased("MEXIeo", "mexico"), _cased("Tbe", "the"), _cased("tbe", "the")
    ('MEXICO', 'The', 'the')
    >>> _cased("theKnight", "the knight"), _cased("Isaw", "i saw")
    ('the Knight', 'I saw')
    """
    if " " in word and word.replace(" ", "") == text.lower():
        cuts = [i - k for k, i in enumerate(i for i, c in enumerate(word) if c == " ")]
        return " ".join(text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)]))
    if sum(c.isupper() for c in text) * 2 > len(text):
        return word.upper()
    return match_case(text, word)


#: Function words that begin compounds, mostly old ones ("withal", "beshrew", "whatso",
#: "notwithstand", "forme"): a reading that splits one off the front is not trusted.
COMPOUNDING_WORDS = frozenset("be with what for not so no there where here after over under out "
                              "up down off by in on at as".split())


def run_together(reading: str) -> bool:
    """Whether a reading of an unknown word is words run together by a lost space, one of them a
    common function word and the others no scraps ("saw the", "number of", "been charged"),
    that does not begin with a word English compounds with.

    >>> run_together("saw the"), run_together("number of"), run_together("been charged")
    (True, True, True)
    >>> run_together("the re"), run_together("with all"), run_together("red shirt")
    (False, False, False)
    """
    parts = reading.split(" ")
    return len(parts) > 1 and parts[0] not in COMPOUNDING_WORDS \
        and any(p in COMMON_FUNCTION_WORDS for p in parts) \
        and all(p in COMMON_FUNCTION_WORDS or len(p) >= 3 for p in parts)


@lru_cache(maxsize=1)
def function_word_misreadings() -> frozenset[str]:
    """Words, other than common function words, that one OCR confusion of a common function
    word gives ("bad" from "had", "lie" from "he", "beer" from "been"): the only words
    :meth:`SpellingDetector._real_words` looks at in text that shows no garble.

    >>> {"bad", "lie", "beer"} <= function_word_misreadings(), "said" in function_word_misreadings()
    (True, False)
    """
    backwards = [(meant, seen) for seen, meant in CONFUSIONS + REAL_WORD_CONFUSIONS]
    return frozenset(set().union(*(_confused(word, backwards) for word in COMMON_FUNCTION_WORDS))
                     - COMMON_FUNCTION_WORDS)


def _ll_reading(text: str, known) -> str | None:
    """``text`` with each capital U after a lowercase letter read as "ll", if that makes a
    word in ``known`` and the word has no other capital but its first letter.

    >>> known = vocabulary().counts
    >>> _ll_reading("wiU", known), _ll_reading("feUowes", known), _ll_reading("althoUgh", known)
    ('will', None, None)
    """
    if "U" not in text or not _LL_AS_U.match(text):
        return None
    fixed = text[0] + text[1:].replace("U", "ll")
    return fixed if fixed.lower() in known else None


def _garbled_capitals(text: str) -> bool:
    """Capitals with a stray lowercase letter or two ("MEXIeo", "SAvAEG"); not "URLs" or
    "McDONALD".

    >>> _garbled_capitals("MEXIeo"), _garbled_capitals("URLs"), _garbled_capitals("McDONALD")
    (True, False, False)
    """
    uppers = sum(c.isupper() for c in text)
    lowers = sum(c.islower() for c in text)
    return len(text) > 4 and 3 <= uppers and 1 <= lowers < uppers \
        and not text.endswith("s") and not text.startswith(("Mc", "Mac"))


def _confidence(margin: float) -> float:
    """The confidence of a confident reading that leads the next by ``margin`` (log10).

    >>> _confidence(1.0), _confidence(9.0)
    (0.7, 0.95)
    """
    return min(0.95, 0.6 + 0.1 * margin)


def _short_modern(archaic_forms: int, words: int) -> bool:
    """Whether a text writes no archaic form and is short enough (1 / GARBLED_AT words) for one
    confident correction to show garble: where a slip, or two, decide how the text is read.

    >>> _short_modern(0, 100), _short_modern(1, 20), _short_modern(0, 101)
    (True, False, False)
    """
    return not archaic_forms and words * GARBLED_AT <= 1


def _lone_slip(slips: int, archaic_forms: int, words: int) -> bool:
    """Whether a text's slip is read as garble: it is its only one, the text writes no archaic
    form, and it is short enough for one confident correction to show garble (cleanup.garble:
    a longer text that shows other garble reads plain edits boldly anyway, and one that does
    not keeps them quiet).

    >>> _lone_slip(1, 0, 20), _lone_slip(2, 0, 20), _lone_slip(1, 1, 20), _lone_slip(1, 0, 5000)
    (True, False, False, False)
    """
    return slips == 1 and _short_modern(archaic_forms, words)


def _slipped(near_common: int, archaic_forms: int, words: int) -> bool:
    """Whether a text whose English-looking unknown words include ``near_common`` one plain
    edit from a common word (SLIPS_COUNT) is garbled: it has SLIPS_AT of them, no archaic
    form, and at most 1 / GARBLED_AT words. One such word in a sentence may be a rare word
    ("achiral"); two are OCR's ("the drawets were stoleh"). A longer text is judged by its
    confident corrections (cleanup.garble).

    >>> _slipped(2, 0, 12), _slipped(1, 0, 12), _slipped(2, 1, 12), _slipped(2, 0, 500)
    (True, False, False, False)
    """
    return near_common >= SLIPS_AT and _short_modern(archaic_forms, words)


def slip(text: str, reading: str, cost: float, readings: dict[str, float]) -> bool:
    """Whether an English-looking unknown word read as ``reading`` (at ``cost``, among
    ``readings``) may be a slip of OCR or of a typist: a lowercase word of SLIP_LENGTH letters
    or more, one plain edit from a very common word (COMMON_COUNT), and no old spelling of any of
    its readings ("aboue", "worke"). A short text with one such word and no archaic forms has
    slipped ("many leople came", "the womnen"): a rare word alone seldom lies that close to a
    very common one. (A short text with two or more words a plain edit from common words is
    garbled: :func:`_slipped`.)

    >>> slip("saime", "same", EDIT_COST, {"same": EDIT_COST, "saline": EDIT_COST})
    True
    >>> slip("worke", "work", EDIT_COST, {"work": EDIT_COST}), slip("Saime", "same", EDIT_COST, {})
    (False, False)
    """
    word = text.lower()
    return text == word and len(word) >= SLIP_LENGTH and cost <= EDIT_COST \
        and vocabulary().counts.get(reading, 0) >= COMMON_COUNT \
        and not any(old_spelling(word, r) for r in readings)


def old_spelling(word: str, modern: str) -> bool:
    """Whether ``word`` is ``modern`` as Early Modern English spelt it: an e added, u for v, y
    for i, -our for -or, a letter doubled or single, -re for -er. Such words are left to their
    writers (a plain edit of an English-looking word is trusted only when it is no such
    spelling).

    >>> old_spelling("haue", "have"), old_spelling("nowe", "now"), old_spelling("shal", "shall")
    (True, True, True)
    >>> old_spelling("pyteously", "piteously"), old_spelling("doores", "doors")
    (True, True)
    >>> old_spelling("soime", "some"), old_spelling("drawets", "drawers"), old_spelling("towin", "town")
    (False, False, False)
    """
    if len(word) == len(modern):
        if word.endswith("re") and modern.endswith("er") and word[:-2] == modern[:-2]:
            return True  # "remembre"
        pairs = {(a, b) for a, b in zip(word, modern) if a != b}
        return bool(pairs) and pairs <= {("u", "v"), ("v", "u"), ("y", "i"), ("i", "j"), ("i", "y")}
    longer, shorter = (word, modern) if len(word) > len(modern) else (modern, word)
    if len(longer) != len(shorter) + 1:
        return False
    # an e added ("doores", "nowe"), a u after an o ("emperour"), or a letter doubled or single
    # ("shal")
    return any(longer[:k] + longer[k + 1:] == shorter
               and ((longer is word and (longer[k] == "e" or longer[k - 1:k + 1] == "ou"))
                    or (k > 0 and longer[k] == longer[k - 1]))
               for k in range(len(longer)))


class Decisions(NamedTuple):
    """What the spelling detector decides for a whole document before it reads its words:
    Early Modern English (``archaic``), marks spaced by convention (``spaced``), costly readings
    for words without a cheap one (``costly``), read boldly as garbled text (``garbled``), and
    whether its one slip (:func:`slip`) is taken for garble (``lone_slip``).
    A document checked in parts takes them from the parts' summed evidence
    (:meth:`SpellingDetector.decide`), so that each part is read as in the whole."""

    archaic: bool
    spaced: bool
    costly: bool
    garbled: bool
    lone_slip: bool = False


#: Keys of the decision counts in the detector's document evidence (unknown words are strings).
WORDS_KEY, ARCHAIC_KEY = ("words",), ("archaic forms",)
CONVENTION_KEYS = (("marks",), ("spaced marks",))
DEFERRED, EARLY, CONFIDENT, SIGN, LETTER, SLIP = "deferred", "early", "confident", "sign", "letter", "slip"
NEAR = "near common"


def repeat_key(f: Finding) -> str | tuple | None:
    """The key of the document evidence that must stay under 2 for the whole document to make
    this finding: the corrected word for a word of three letters or more (an unknown word
    written twice is a name or a term), the letter for a lone letter (written alone twice, it
    is a variable); None for the rest (short words read by ``_junk_words``, splits, marks).
    (See :meth:`SpellingDetector.combine`.)"""
    if f.rule in WORD_RULES and len(f.text) > 2:
        return normalize(f.text)
    if f.rule == "spelling/stray-letter":
        return (LETTER, f.text.strip())
    return None


def combined_counts(evidence: Counter) -> Counter:
    """The part of the document evidence that :meth:`SpellingDetector.combine` reads: the
    unknown words and the lone letters, without the decision counts.

    >>> combined_counts(Counter({"tbe": 2, (LETTER, "t"): 1, WORDS_KEY: 9, (SIGN, "tbe"): 1}))
    Counter({'tbe': 2, ('letter', 't'): 1})
    """
    return Counter({key: n for key, n in evidence.items() if type(key) is str or key[0] == LETTER})


def costly(deferred: int, confident: int, words: int) -> bool:
    """Whether words without a cheap reading get their costly readings: when they are few, or
    in text with some garble."""
    return deferred <= COSTLY_READINGS_ALWAYS or confident >= COSTLY_READINGS_GARBLE * words


def archaic_forms(doc: Document) -> int:
    """How many words of the document are ARCHAIC_FORMS."""
    return sum(map(ARCHAIC_FORMS.__contains__, doc.word_norms))


def archaic(doc: Document) -> bool:
    """Whether the document is Early Modern English: it uses ARCHAIC_FORMS as a rule.

    >>> archaic(Document("And ye shall haue it, for he hath sayd so.")), archaic(Document("Thank ye."))
    (True, False)
    """
    return _archaic(archaic_forms(doc), doc.word_count)


def _archaic(forms: int, words: int) -> bool:
    return forms >= 2 and forms >= ARCHAIC_AT * words


@lru_cache(maxsize=4)
def spacing_marks(text: str) -> tuple[int, int]:
    """How many "!", "?", ";" and ":" after a word ``text`` has, and how many of them are
    spaced off it."""
    marks = spaced = 0
    for m in _matches_before(_CONVENTIONAL, _CONVENTIONAL_MARK, text, (2, 1)):
        marks += 1
        spaced += m.group(1) is not None
    return marks, spaced


def spaced_by_convention(text: str) -> bool:
    """Whether ``text`` sets a space before "!", "?", ";" and ":" as a rule, as older printing
    (and French) does: at least SPACED_CONVENTION_AT of them, and at least three, are spaced.

    >>> spaced_by_convention("Alas ! Who comes ? A friend ; and more : all ! ")
    True
    >>> spaced_by_convention("Alas! Who comes ? A friend; and more: all!")
    False
    """
    return _spaced(*spacing_marks(text))


def _spaced(marks: int, spaced: int) -> bool:
    return spaced >= 3 and spaced >= SPACED_CONVENTION_AT * marks


def _in_spaced_ellipsis(text: str, pos: int) -> bool:
    """Whether the "." at ``pos`` is one of a spaced ellipsis (". . .").

    >>> _in_spaced_ellipsis("so . . . on", 3), _in_spaced_ellipsis("so . . . on", 7)
    (True, True)
    >>> _in_spaced_ellipsis("it . was", 3)
    False
    """
    return text.startswith(". .", pos) or text.startswith(". .", max(0, pos - 2))


class _QuoteParity:
    """Whether a straight double quote opens or closes, by the quotes before it in its
    paragraph; asked in text order, it reads the text once.

    >>> parity = _QuoteParity('He said " no " and " yes "\\n\\n" again')
    >>> [parity.opening(i) for i in (8, 13, 19, 25, 28)]
    [True, False, True, False, True]
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = self.pos = self.count = 0  # paragraph start, position read to, quotes

    def opening(self, pos: int) -> bool:
        text = self.text
        blank = max(text.rfind("\n\n", self.pos, pos), text.rfind("\r\n\r\n", self.pos, pos))
        if blank >= 0:  # a new paragraph since the last question
            self.start, self.pos, self.count = blank + 1, blank + 1, 0
        self.count += text.count('"', self.pos, pos)
        self.pos = pos
        return self.count % 2 == 0


def _broken_words(doc: Document) -> set[int]:
    """The tokens that are the lowercase second half of a word broken at a former line end whose
    line end became a space: a word, a hyphen glued to it, a space, then the token.

    >>> sorted(_broken_words(Document("the pro- ceedings, a well- Known x-ray")))
    [3]
    """
    tokens, text = doc.tokens, doc.text
    out = set()
    for pattern in _BROKEN:
        for m in pattern.finditer(text):
            pos = m.start()
            if pos == 0 or not text[pos - 1].isalpha() or not text[pos + 2:pos + 3].islower():
                continue
            i = doc.token_at(pos)  # the hyphen
            if 0 < i < len(tokens) - 1 and tokens[i - 1].kind == WORD and tokens[i + 1].kind == WORD:
                out.add(i + 1)
    return out


@lru_cache(maxsize=1)
def _trigram_counts() -> dict[str, int]:
    """In how many frequent words each letter trigram occurs (with ^ and $ at the edges);
    cached on disk (:mod:`cleanup.cache`)."""
    def build() -> dict[str, int]:
        counts: dict[str, int] = {}
        for word in vocabulary().counts:
            padded = f"^{word}$"
            for i in range(len(padded) - 2):
                tri = padded[i:i + 3]
                counts[tri] = counts.get(tri, 0) + 1
        return counts

    return cached("trigrams", [vocabulary_source()], build)


def english_like(word: str, rare: int = 3) -> bool:
    """Whether every letter trigram of ``word`` occurs in at least ``rare`` English words.

    >>> english_like("lectotype"), english_like("thbt"), english_like("wxatch")
    (True, False, False)
    """
    counts = _trigram_counts()
    padded = f"^{word}$"
    return all(counts.get(padded[i:i + 3], 0) >= rare for i in range(len(padded) - 2))


def garbled_word(text: str) -> bool:
    """Whether ``text``, an unknown word, is lowercase letters that English does not put
    together: garble, not a rare word or a term (those are ``spelling/unknown-word``).

    >>> garbled_word("wvas"), garbled_word("thbt"), garbled_word("lectotype"), garbled_word("mCPBA")
    (True, True, False, False)
    """
    return len(text) >= GARBLED_WORD_LENGTH and text.isalpha() and text.islower() \
        and not english_like(text)


def _known(word: str, vocab) -> bool:
    """English, an accented spelling of an English word ("façade"), or an inflection of one
    ("floatplanes", "cantonments")."""
    if vocab.known(word):
        return True
    if not word.isascii():
        folded = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
        if folded and vocab.known(folded):
            return True
    return any(vocab.frequent(lemma) and plausible_inflection(word, lemma, form)
               for lemma, form in analyses(word) if form)



def plausible_inflection(word: str, lemma: str, form: str) -> bool:
    """Whether English writes ``lemma`` in ``form`` ("s", "ed", "ing") as ``word``: function words
    and stems of one or two letters take no ending ("thes", "heing"), a stem ending in "e" takes
    "-d" ("chareed"), a final consonant doubles only after a single vowel ("carlled"), and an
    irregular verb has its own past ("taked").

    >>> [plausible_inflection(w, l, f) for w, l, f in [("travelled", "travel", "ed"),
    ...     ("respited", "respite", "ed"), ("thes", "the", "s"), ("chareed", "chare", "ed"),
    ...     ("carlled", "carl", "ed"), ("taked", "take", "ed")]]
    [True, True, False, False, False, False]
    """
    if len(lemma) < 3 or lemma in COMMON_FUNCTION_WORDS:
        return False
    if form == "ed":
        if word == lemma + "ed" and lemma.endswith("e"):
            return False
        forms = _irregular_verbs().get(lemma)
        if forms is not None and word not in forms:
            return False
    if form in ("ed", "ing") and word.startswith(lemma + lemma[-1]) \
            and not (lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS):
        return False
    return not (form == "s" and lemma.endswith("ed"))
