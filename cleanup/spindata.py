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
import math
from dataclasses import dataclass, field
from functools import lru_cache

from .cache import cached
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
    """For a word found in a text, the words it may stand in for (its candidate originals)."""

    def __init__(self, rows: dict[str, str]) -> None:
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
                for item in raw.split(" "):
                    orig, _, codes = item.partition("/")
                    parsed[orig] = codes
            self._parsed[word] = parsed
        return parsed


@lru_cache(maxsize=2)
def load_thesaurus(directory=None) -> Thesaurus:
    """The shipped synonym table, or the one in ``directory`` (a Path)."""
    rows = {}
    for line in _gz_lines("thesaurus.tsv.gz", directory):
        word, _, rest = line.partition("\t")
        rows[word] = rest
    return Thesaurus(rows)


class Lexicon:
    """Known terms of two to four words, as a trie of their base-form words.

    A node is a dict from word to child node; the key ``None`` marks the end of a term and holds
    its sources (``wordnet``, ``pps``, ``bigram``).
    """

    def __init__(self, terms: dict[tuple[str, ...], str]) -> None:
        self.count = len(terms)
        self.options: dict = {}  # per text word, its options (see cleanup.variants.word_options)
        self.common_options: dict = {}  # precomputed ones (cleanup.variants.add_common_options)
        self.pair_starts: dict = {}  # per pair of text words, the terms they may begin
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
        self.root = root
        self.vocabulary = frozenset(vocabulary)
        self.science_vocabulary = frozenset(science)
        # Indexes over the first two words of terms, for set intersections (cleanup.variants):
        # the words that follow a first word are the keys of its trie node.
        self.prev_words = prevs
        self.science_next = science_next
        self.science_first = frozenset(self.science_next)

    def __contains__(self, words: tuple[str, ...]) -> bool:
        node = self.root
        for w in words:
            node = node.get(w)
            if node is None:
                return False
        return None in node

    def __len__(self) -> int:
        return self.count

    def state(self) -> tuple:
        """Plain data (dicts, sets, strings) from which :meth:`from_state` rebuilds the lexicon."""
        return (self.count, self.root, self.prev_words, self.science_next, self.vocabulary,
                self.science_vocabulary)

    @classmethod
    def from_state(cls, state: tuple) -> "Lexicon":
        lex = cls.__new__(cls)
        (lex.count, lex.root, lex.prev_words, lex.science_next, lex.vocabulary,
         lex.science_vocabulary) = state
        lex.science_first = frozenset(lex.science_next)
        lex.options, lex.pair_starts, lex.common_options = {}, {}, {}
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
    return Lexicon.from_state(cached("lexicon", [str(source)], build, codec="marshal"))


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
