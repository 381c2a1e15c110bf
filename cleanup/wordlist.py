"""English words and their frequencies, for the spelling and unicode detectors.

The counts are symspellpy's English frequency list (82,765 words, read from the installed
symspellpy package on first use). A word is *known* if it is in that list or in the vocabulary
of the language model (:mod:`cleanup.lm`), which adds names and rarer words; only words of the
frequency list are ever suggested.

>>> vocab = vocabulary()
>>> vocab.known("prisoner"), vocab.known("prisoeer")
(True, False)
>>> vocab.logp("the") > vocab.logp("prisoner")
True
"""

from __future__ import annotations

import math
from functools import lru_cache

#: The commonest English function words: run-together words are split only when one part is
#: one of them ("ofthe"), and a hyphen beside one is a stray mark ("throat- with").
COMMON_FUNCTION_WORDS = frozenset(
    "the of to and a in that is was he for it with as his on be at by i had not are but from or "
    "have an they which you were her she there would their we him been has who will no if so "
    "said its than them this".split())
#: log10 probability of a word known only to the language model.
RARE_LOGP = -8.5


class Vocabulary:
    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts
        self._log_total = math.log10(sum(counts.values()))
        self._lm = None

    def _model(self):
        if self._lm is None:
            from .lm import default_model

            self._lm = default_model()
        return self._lm

    def frequent(self, word: str) -> bool:
        """In the frequency list (the words that may be suggested)."""
        return word in self.counts

    def known(self, word: str) -> bool:
        """An English word: in the frequency list or the language model's vocabulary.

        >>> v = vocabulary()
        >>> v.known("brought"), v.known("bro1ught"), v.known("1990")
        (True, False, True)
        """
        return word in self.counts or self._model().known(word)

    def logp(self, word: str) -> float:
        """log10 unigram probability."""
        count = self.counts.get(word)
        if count:
            return math.log10(count) - self._log_total
        return RARE_LOGP if self._model().known(word) else RARE_LOGP - 2


def vocabulary_source() -> str:
    """Path of symspellpy's frequency list, found without importing symspellpy (which takes
    longer than reading the list from the disk cache)."""
    from .resources import package_file

    name = "frequency_dictionary_en_82_765.txt"
    path = package_file("symspellpy", name)
    if path is not None:
        return path
    from importlib import resources  # e.g. a zipped install (it slows every start-up otherwise)

    return str(resources.files("symspellpy").joinpath(name))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The frequency list, parsed once and then read from the disk cache (:mod:`cleanup.cache`)."""
    from .cache import cached

    source = vocabulary_source()

    def build() -> dict[str, int]:
        counts = {}
        with open(source, encoding="utf-8") as fh:
            text = fh.read()
        for line in text.splitlines():
            word, _, count = line.partition(" ")
            if count:
                counts[word] = int(count)
        return counts

    return Vocabulary(cached("vocabulary", [source], build, codec="marshal"))
