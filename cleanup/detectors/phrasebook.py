"""The ``phrasebook`` detector: known spun and tortured phrases from curated dictionaries.

Its rules are named after the dictionary that holds the entry: ``phrasebook/spinner-en``,
``phrasebook/tortured-science``, or ``phrasebook/<stem>`` for a user dictionary ``<stem>.tsv``.

>>> from cleanup.document import Document
>>> det = PhrasebookDetector(Options())
>>> [(f.text, f.suggestions[0], f.rule) for f in det.detect(Document("It is one in every of the best."))]
[('one in every of', 'one of', 'phrasebook/spinner-en')]
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterator

from ..dictionary import Phrasebook, load_phrasebook, parse_phrasebook
from ..document import Document
from ..findings import Finding
from ..matcher import PhraseMatcher
from ..options import Options
from .. import dictionary as dictionary_module, inflect as inflect_module
from .. import matcher as matcher_module, tokens as tokens_module
from ..cache import cached
from ..resources import data_file, read_text
from . import Detector, register

_MESSAGES = {
    "spun": "'{}' is a known article-spinner substitution",
    "tortured": "'{}' is a known tortured phrase (a paraphrase of an established term)",
}


@lru_cache(maxsize=None)
def builtin_phrasebook(name: str) -> Phrasebook:
    """A shipped phrasebook by name, parsed once per process."""
    return parse_phrasebook(read_text(f"{name}.tsv"), source=f"{name}.tsv", name=name)


@lru_cache(maxsize=8)
def _user_phrasebook(path: str, mtime_ns: int) -> Phrasebook:
    return load_phrasebook(path)


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=8)
def _matcher(builtins: tuple[str, ...], users: tuple[tuple[str, int], ...]) -> PhraseMatcher:
    def build() -> PhraseMatcher:
        books = [_user_phrasebook(p, m) for p, m in users] + [builtin_phrasebook(n) for n in builtins]
        return PhraseMatcher(books)

    sources = [p for p, _ in users] + [str(data_file(f"{n}.tsv")) for n in builtins]
    # The code that builds and pickles the matcher is part of the key too.
    code = [m.__file__ for m in (matcher_module, dictionary_module, inflect_module, tokens_module)]
    return cached("matcher", sources + code, build)


def matcher_for(options: Options) -> PhraseMatcher:
    """The compiled matcher for these options' dictionaries, user dictionaries first.

    A user dictionary is re-read when its modification time changes.
    """
    users = tuple((p, _mtime(p)) for p in options.dictionaries)
    return _matcher(tuple(options.phrasebooks), users)


@register
class PhrasebookDetector(Detector):
    id = "phrasebook"
    description = "known spun and tortured phrases from curated dictionaries"

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.matcher = matcher_for(options)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for m in self.matcher.find(doc):
            book = m.variant.book
            yield doc.finding(
                m.start,
                m.end,
                detector=self.id,
                rule=f"{self.id}/{book.name}",
                message=_MESSAGES.get(book.kind, _MESSAGES["spun"]).format(" ".join(m.text(doc).split())),
                suggestions=m.suggestions(doc),
                confidence=m.variant.confidence,
            )
