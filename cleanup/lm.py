"""Language models: log-probabilities of word sequences, behind one small interface.

The default is the English trigram model that ships inside the ``pocketsphinx`` wheel
(``en-us/en-us.lm.bin``; lowercase words, no digits, no punctuation). It is read by
:mod:`cleanup.trielm` from the disk cache (with exactly pocketsphinx's values), since loading it
through pocketsphinx would be a third of the start-up. A user may name an ARPA or binary model
of their own with ``--lm PATH``; pocketsphinx reads ARPA and its own binary formats, and a
KenLM binary (``.klm``/``.binary``) is used through the ``kenlm`` module when it is installed.

Words are mapped before scoring: lowercased; numbers become ``<num>``; unknown words get a fixed
floor probability (``UNKNOWN_LOGPROB``) instead of minus infinity, so a sentence with one name
in it can still be compared with another wording of the same sentence.

>>> lm = default_model()
>>> lm.score(["deep", "learning"]) > lm.score(["profound", "learning"])
True
>>> lm.logprob("qxzvbw", ("the",)) == UNKNOWN_LOGPROB
True
"""

from __future__ import annotations

import math
import os
import re
from functools import lru_cache
from typing import Protocol, Sequence

#: log10 probability given to a word the model does not know.
UNKNOWN_LOGPROB = -7.0
_NUMBER_WORD = "ten"
_DIGIT = re.compile(r"\d")


class LanguageModel(Protocol):
    """What a detector needs from a language model."""

    order: int

    def logprob(self, word: str, history: tuple[str, ...]) -> float:
        """log10 P(word | history); ``history`` is oldest first and may be empty."""

    def known(self, word: str) -> bool:
        """Whether the model has the word in its vocabulary."""

    def score(self, words: Sequence[str], context: Sequence[str] = ()) -> float:
        """log10 probability of ``words`` following ``context``."""


class LMError(RuntimeError):
    """A language model that cannot be loaded; ``str()`` is one line."""


def normalize_word(word: str) -> str:
    """The form a word is scored in: lowercase, numbers mapped to one number word.

    >>> normalize_word("Customer’s"), normalize_word("1990s")
    ("customer's", 'ten')
    """
    if word.isalpha():
        return word.lower()
    w = word.lower().replace("’", "'")
    if _DIGIT.search(w):
        return _NUMBER_WORD
    return w


def vocabulary_form(word: str) -> str:
    """The form a word is looked up in a model's vocabulary: as it is scored, except that a
    word mixing letters and digits stays as written, since OCR's "bro1ught" is no number.

    >>> vocabulary_form("1990"), vocabulary_form("bro1ught"), vocabulary_form("Word")
    ('ten', 'bro1ught', 'word')
    """
    if not word.isalpha() and _DIGIT.search(word) and any(c.isalpha() for c in word):
        return word.lower()
    return normalize_word(word)


class _Model:
    """Shared helpers of the concrete models."""

    order: int

    def logprob(self, word: str, history: tuple[str, ...] = ()) -> float:  # pragma: no cover
        raise NotImplementedError

    def score(self, words: Sequence[str], context: Sequence[str] = ()) -> float:
        """log10 probability of ``words`` following ``context``."""
        return score(self, words, context)


class _BackoffModel(_Model):
    """A model asked through ``_raw(words)``: the word first, then its history most recent
    first, answered in whole units of log base 1.0001 (pocketsphinx's convention), with
    look-ups remembered."""

    def __init__(self) -> None:
        self._scale = math.log10(1.0001)
        self._cache: dict[tuple[str, ...], float] = {}
        self._vocabulary: dict[str, bool] = {}

    def _raw(self, words: list[str]) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def known(self, word: str) -> bool:
        return self._known(vocabulary_form(word))

    def _known(self, word: str) -> bool:
        """Whether a normalised word is in the vocabulary (remembered per word)."""
        known = self._vocabulary.get(word)
        if known is None:
            if len(self._vocabulary) > 200_000:
                self._vocabulary.clear()
            known = self._vocabulary[word] = self._raw([word]) > -536870000
        return known

    def logprob(self, word: str, history: tuple[str, ...] = ()) -> float:
        key = (word, *history[-(self.order - 1):]) if self.order > 1 else (word,)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        w = normalize_word(word)
        if not self._known(w):
            value = UNKNOWN_LOGPROB
        else:
            # The word first and its history most recent first; an unknown history word would
            # zero the probability, so the history is cut at the first one.
            known_hist = []
            for h in reversed(key[1:]):
                h = normalize_word(h)
                if not self._known(h):
                    break
                known_hist.append(h)
            value = self._raw([w] + known_hist) * self._scale
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[key] = value
        return value


class PocketsphinxModel(_BackoffModel):
    """An n-gram model read by pocketsphinx (its binary formats or ARPA)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        try:
            from pocketsphinx import Config, LogMath, NGramModel
        except ImportError as exc:  # pragma: no cover - pocketsphinx is a dependency
            raise LMError(f"pocketsphinx is not installed ({exc})") from None
        if not os.path.isfile(path):
            raise LMError(f"{path}: no such language model file")
        try:
            config = Config()
            self._model = NGramModel(config, LogMath(), path)
        except Exception as exc:  # pocketsphinx raises RuntimeError/ValueError variously
            raise LMError(f"{path}: cannot read language model ({exc})") from None
        self.order = int(self._model.size())
        self.path = path

    def _raw(self, words: list[str]) -> float:
        return self._model.prob(words)


class TrieModel(_BackoffModel):
    """A pocketsphinx trie binary of order 3 read by :mod:`cleanup.trielm`, with the same
    values as :class:`PocketsphinxModel` but opened from the disk cache in a fraction of a
    millisecond (the first run unpacks the file into the cache, about a second)."""

    order = 3

    def __init__(self, path: str, tables: dict) -> None:
        super().__init__()
        from .trielm import TrieTables

        self.path = path
        self._tables = TrieTables(tables)
        self._word_id = self._tables.word_id

    @classmethod
    def open(cls, path: str) -> "TrieModel":
        """The model at ``path`` through the disk cache; TrieError when the reader does not
        handle the file (then pocketsphinx reads it)."""
        from .cache import cached
        from . import trielm

        def build() -> dict:
            with open(path, "rb") as fh:
                return trielm.unpack(fh.read())

        try:
            # One entry kept (38 MB for the default model), not three: an upgrade replaces it.
            return cls(path, cached("trigram-model", [path, trielm.__file__], build,
                                    codec="arrays", keep=1))
        except trielm.TrieError:
            raise
        except Exception as exc:  # a truncated or damaged file
            raise LMError(f"{path}: cannot read language model ({exc})") from None

    def _raw(self, words: list[str]) -> float:
        word_id = self._word_id
        ids = [word_id(w) for w in words]
        if ids[0] < 0:
            return -536870912
        ids.reverse()
        return int(self._tables.raw(ids))


class KenLMModel(_Model):
    """A KenLM model (ARPA or binary), through the optional ``kenlm`` module."""

    def __init__(self, path: str) -> None:
        try:
            import kenlm  # type: ignore
        except ImportError:
            raise LMError(f"{path}: reading KenLM binaries needs the 'kenlm' module "
                          "(pip install kenlm), or give an ARPA file") from None
        try:
            self._model = kenlm.Model(path)
        except Exception as exc:
            raise LMError(f"{path}: cannot read language model ({exc})") from None
        self._kenlm = kenlm
        self.order = int(self._model.order)
        self.path = path

    def known(self, word: str) -> bool:
        return vocabulary_form(word) in self._model

    def logprob(self, word: str, history: tuple[str, ...] = ()) -> float:
        w = normalize_word(word)
        if w not in self._model:
            return UNKNOWN_LOGPROB
        state, out = self._kenlm.State(), self._kenlm.State()
        self._model.NullContextWrite(state)
        for h in history[-(self.order - 1):]:
            nxt = self._kenlm.State()
            self._model.BaseScore(state, normalize_word(h), nxt)
            state = nxt
        return self._model.BaseScore(state, w, out)


def score(lm: LanguageModel, words: Sequence[str], context: Sequence[str] = ()) -> float:
    """log10 probability of ``words`` following ``context`` (both lists of words)."""
    history = tuple(context)
    total = 0.0
    for w in words:
        total += lm.logprob(w, history)
        history = history + (w,)
    return total


def default_model_path() -> str:
    """The English model inside the pocketsphinx wheel, found without importing pocketsphinx
    (which takes longer than opening the model from the disk cache)."""
    from .resources import package_file

    path = package_file("pocketsphinx", "model", "en-us", "en-us.lm.bin")
    if path is not None:
        return path
    import pocketsphinx  # an unusual layout: ask pocketsphinx

    return os.path.join(pocketsphinx.get_model_path(), "en-us", "en-us.lm.bin")


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> LanguageModel:
    """The model at ``path`` (ARPA, pocketsphinx binary or KenLM binary), or the default.
    A trie binary of order 3 (the default model's format) is read by :class:`TrieModel` when
    there is a writable disk cache to keep it in; everything else by pocketsphinx or KenLM."""
    if path is not None and path.endswith((".klm", ".binary", ".kenlm")):
        return KenLMModel(path)
    path = default_model_path() if path is None else path
    from .cache import writable
    from .trielm import TrieError, is_trie_file

    # Unpacking takes a second: worth it once, not on every run of a cache that cannot be kept.
    if is_trie_file(path) and writable():
        try:
            return TrieModel.open(path)
        except TrieError:
            pass  # another order, or a big-endian machine: pocketsphinx reads it
    return PocketsphinxModel(path)


def default_model() -> LanguageModel:
    return load_model(None)
