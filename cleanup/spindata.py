"""The data the ``spin`` detector reads: the synonym table, the lexicon of known terms and the
calibrated scoring model, each loaded once, lazily, from ``dictionaries/``.

>>> thesaurus = load_thesaurus()
>>> "deep" in thesaurus.originals("profound")
True
>>> lexicon = load_lexicon()
>>> ("deep", "learning") in lexicon
True
"""

from __future__ import annotations

import gzip
import json
import marshal
import math
from dataclasses import dataclass, field
from functools import lru_cache

from .cache import Unpacking, cached
from .resources import data_file

#: Source codes of the synonym table, strongest evidence first.
SOURCE_NAMES = {"m": "observed substitution", "w": "WordNet", "l": "LibreOffice thesaurus",
                "a": "Aiksaurus", "g": "generic term"}


def _gz_lines(name: str, directory=None) -> list[str]:
    """The non-comment lines of a gzipped UTF-8 data file."""
    raw = (directory / name).read_bytes() if directory is not None else data_file(name).read_bytes()
    return [line for line in gzip.decompress(raw).decode("utf-8").splitlines()
            if not line.startswith("#")]


class Thesaurus:
    """For a word found in a text, the words it may stand in for (its candidate originals).
    ``rows`` maps a word to its row, ``original/codes`` items separated by spaces, as UTF-8
    bytes (a :class:`cleanup.cache.PackedRows` mapped from the disk cache, or a dict).

    >>> Thesaurus({"profound": b"deep/wl heavy/a"}).originals("profound")
    {'deep': 'wl', 'heavy': 'a'}
    """

    def __init__(self, rows) -> None:
        self._rows = rows
        self._parsed: dict[str, dict[str, str]] = {}

    def __contains__(self, word: str) -> bool:
        return word in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def originals(self, word: str) -> dict[str, str]:
        """{original: source codes} for an observed word (empty when it has none)."""
        parsed = self._parsed.get(word)
        if parsed is None:
            raw = self._rows.get(word)
            parsed = {}
            if raw:
                for item in bytes(raw).decode("utf-8").split(" "):
                    orig, _, codes = item.partition("/")
                    parsed[orig] = codes
            self._parsed[word] = parsed
        return parsed


@lru_cache(maxsize=2)
def load_thesaurus(directory=None) -> Thesaurus:
    """The shipped synonym table, or the one in ``directory`` (a Path); read from the disk
    cache (:mod:`cleanup.cache`) after the first run, mapped rather than read."""
    def build() -> dict[str, bytes]:
        rows = {}
        for line in _gz_lines("thesaurus.tsv.gz", directory):
            word, _, rest = line.partition("\t")
            rows[word] = rest.encode("utf-8")
        return rows

    source = directory / "thesaurus.tsv.gz" if directory is not None else data_file("thesaurus.tsv.gz")
    return Thesaurus(cached("thesaurus", [str(source)], build, codec="rows"))


class Lexicon:
    """Known terms of two to four words, as a trie of their base-form words.

    A node is a dict from word to child node; the key ``None`` marks the end of a term and holds
    its sources (``wordnet``, ``pps``, ``bigram``). The subtree under each first word, and the
    set of words before each second word, are kept marshalled until a text needs them
    (``following(word)``, ``preceding(word)``): a text uses a few thousand of the 10,000
    first words, and unpacking all of them would be most of the start-up. (Forked workers
    each unpack what their part needs: less than all, and in parallel.)

    >>> lex = Lexicon({("deep", "learning"): "wordnet", ("deep", "sea"): "bigram"})
    >>> sorted(lex.following("deep")), lex.following("shallow"), lex.preceding("sea")
    (['learning', 'sea'], None, frozenset({'deep'}))
    >>> ("deep", "sea") in lex, ("deep",) in lex, "deep" in lex.first_words
    (True, False, True)
    """

    def __init__(self, terms: dict[tuple[str, ...], str]) -> None:
        root: dict = {}
        prevs: dict[str, set] = {}
        science_next: dict[str, set] = {}
        vocabulary: set[str] = set()
        science: set[str] = set()
        for words, sources in terms.items():
            node = root
            for w in words:
                node = node.setdefault(w, {})
            node[None] = sources
            vocabulary.update(words)
            prevs.setdefault(words[1], set()).add(words[0])
            if "pps" in sources:
                science.update(words)
                science_next.setdefault(words[0], set()).add(words[1])
        self._set_state((len(terms), {w: marshal.dumps(node) for w, node in root.items()},
                         {w: marshal.dumps(frozenset(p)) for w, p in prevs.items()},
                         science_next, frozenset(vocabulary), frozenset(science)))

    def _set_state(self, state: tuple) -> None:
        (self.count, self.first_words, self.second_words, self.science_next, self.vocabulary,
         self.science_vocabulary) = state
        self.science_first = frozenset(self.science_next)
        self.science_second = frozenset().union(*self.science_next.values())
        # Look-ups are bound dict subscripts: C speed once a word has been seen.
        self.following = Unpacking(self.first_words).__getitem__
        self.preceding = Unpacking(self.second_words).__getitem__
        self.options: dict = {}  # per text word, its options (see cleanup.variants.word_options)
        self.common_options: dict = {}  # precomputed ones (cleanup.variants.add_common_options)
        self.pair_starts: dict = {}  # per pair of text words, the terms they may begin

    # following(word): the trie node under a first word (its second words as keys), or None.
    # preceding(word): the first words of the terms whose second word is ``word``, or None.
    # (Both are set per instance in _set_state.)

    def __contains__(self, words: tuple[str, ...]) -> bool:
        node = self.following(words[0]) if words else None
        for w in words[1:]:
            if node is None:
                return False
            node = node.get(w)
        return node is not None and None in node

    def __len__(self) -> int:
        return self.count

    def state(self) -> tuple:
        """Plain data (dicts, sets, strings, bytes) from which :meth:`from_state` rebuilds the
        lexicon."""
        return (self.count, self.first_words, self.second_words, self.science_next,
                self.vocabulary, self.science_vocabulary)

    @classmethod
    def from_state(cls, state: tuple) -> "Lexicon":
        lex = cls.__new__(cls)
        lex._set_state(state)
        return lex


@lru_cache(maxsize=2)
def load_lexicon(directory=None) -> Lexicon:
    """The shipped lexicon, or the one in ``directory`` (a Path); its indexes are cached on disk
    (:mod:`cleanup.cache`)."""
    def build() -> tuple:
        terms = {}
        for line in _gz_lines("lexicon.tsv.gz", directory):
            term, _, sources = line.partition("\t")
            terms[tuple(term.split(" "))] = sources
        return Lexicon(terms).state()

    source = directory / "lexicon.tsv.gz" if directory is not None else data_file("lexicon.tsv.gz")
    # The key covers this module too: a change to the lexicon's layout must not read an old entry.
    return Lexicon.from_state(cached("lexicon", [str(source), __file__], build, codec="marshal"))


@dataclass
class SpinModel:
    """Calibrated weights of the candidate scorer and of the document spin score.

    ``candidate_*`` rank candidates (how likely a span is spun and exactly restorable);
    ``confidence_scale``/``confidence_shift`` map that rank's log-odds to the calibrated
    probability that the span is spun, which findings report. A finding is reported at
    ``report_at`` or above, or at ``spun_report_at`` or above in a document whose spin score is
    ``spun_document_at`` or more. ``restore_*`` rank the wordings of one span.
    """

    candidate_weights: dict[str, float] = field(default_factory=dict)
    candidate_bias: float = 0.0
    confidence_scale: float = 1.0
    confidence_shift: float = 0.0
    restore_weights: dict[str, float] = field(default_factory=dict)
    restore_bias: float = 0.0
    report_at: float = 0.9
    spun_report_at: float = 0.7
    document_weights: dict[str, float] = field(default_factory=dict)
    document_bias: float = 0.0
    spun_document_at: float = 0.9
    notes: dict = field(default_factory=dict)

    def confidence(self, rank: float) -> float:
        """The calibrated probability that a candidate with this rank (0-1) is spun."""
        rank = min(max(rank, 1e-9), 1 - 1e-9)
        return sigmoid(self.confidence_scale * math.log(rank / (1 - rank)) + self.confidence_shift)


def sigmoid(z: float) -> float:
    """The logistic function, clipped so that it never overflows.

    >>> sigmoid(0.0), round(sigmoid(2.0), 3), sigmoid(-1000.0) > 0
    (0.5, 0.881, True)
    """
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def logistic(features: dict[str, float], weights: dict[str, float], bias: float) -> float:
    """A logistic model's probability for named features."""
    return sigmoid(bias + sum(weights.get(k, 0.0) * v for k, v in features.items()))


@lru_cache(maxsize=1)
def load_model() -> SpinModel:
    data = json.loads(data_file("spin-model.json").read_text(encoding="utf-8"))
    return SpinModel(**data)
