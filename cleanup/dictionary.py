"""The phrasebook dictionary format: parse, validate and load spun-phrase entries.

One entry per line, three TAB-separated columns, the third optional::

    spun phrase<TAB>original|alternative ...<TAB>option=value option=value

Lines starting with ``#`` are comments, except ``#: key = value`` directives that describe the
whole file (``name``, ``kind``, ``confidence``, ``description``). Options:

``before=`` / ``not_before=``
    The token right after the phrase must (not) be one of the ``|``-separated words or classes.
``after=`` / ``not_after=``
    The same for the token right before the phrase.
``inflect=noun``, ``inflect=verb``, ``inflect=noun,verb``
    Also match the plural of the last word (noun) or the -s/-ed/-ing forms of the first word
    (verb), and inflect the suggestion the same way.
``confidence=0.7``
    How sure a match is spun (defaults to the file's ``confidence`` directive, else 0.9).
``case=exact``
    Match only with exactly this capitalisation.

Classes usable in conditions: ``#num`` (a number, a number word, or a currency sign before one),
``#cap`` (a capitalised word), ``#word``, ``#det`` (a determiner), ``#be`` (a form of *be*),
``#ing`` (a word ending in -ing), ``#start`` (start of text or sentence) and ``#end`` (end of
text, sentence or clause).

>>> book = parse_phrasebook("one in every of\\tone of\\ngreater than\\tmore than\\tbefore=#num\\n")
>>> [(e.spun, e.replacements, e.before) for e in book.entries]
[('one in every of', ('one of',), None), ('greater than', ('more than',), frozenset({'#num'}))]
>>> parse_phrasebook("lonely\\n", source="my.tsv")
Traceback (most recent call last):
...
cleanup.dictionary.DictionaryError: my.tsv:1: expected 'spun<TAB>original', found no TAB
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .tokens import phrase_tokens

DEFAULT_CONFIDENCE = 0.9
CLASSES = frozenset({"#num", "#cap", "#word", "#det", "#be", "#ing", "#start", "#end"})
INFLECTIONS = frozenset({"noun", "verb"})
_CONDITION_KEYS = ("before", "after", "not_before", "not_after")
_DIRECTIVES = ("name", "kind", "confidence", "description")


class DictionaryError(ValueError):
    """A malformed dictionary line; ``str()`` is ``file:line: reason``."""

    def __init__(self, source: str, line: int, reason: str) -> None:
        super().__init__(f"{source}:{line}: {reason}" if line else f"{source}: {reason}")
        self.source, self.line, self.reason = source, line, reason


@dataclass(frozen=True)
class Entry:
    """One spun phrase and the wording it most likely replaced."""

    spun: str
    replacements: tuple[str, ...]
    before: frozenset[str] | None = None
    after: frozenset[str] | None = None
    not_before: frozenset[str] | None = None
    not_after: frozenset[str] | None = None
    inflect: frozenset[str] = frozenset()
    confidence: float | None = None
    case_exact: bool = False
    source: str = ""
    line: int = 0

    @property
    def key(self) -> tuple:
        """What makes two entries duplicates: the phrase as matched, and its conditions."""
        return (
            tuple(t for t, _ in phrase_tokens(self.spun)),
            self.before, self.after, self.not_before, self.not_after, self.case_exact,
        )


@dataclass
class Phrasebook:
    """A parsed dictionary file: its entries and the directives that describe it."""

    name: str
    entries: list[Entry] = field(default_factory=list)
    kind: str = "spun"
    confidence: float = DEFAULT_CONFIDENCE
    description: str = ""

    def confidence_of(self, entry: Entry) -> float:
        return self.confidence if entry.confidence is None else entry.confidence


def _parse_words(source: str, line: int, key: str, value: str) -> frozenset[str]:
    items = [v.strip().lower() for v in value.split("|")]
    if not all(items):
        raise DictionaryError(source, line, f"empty alternative in {key}={value!r}")
    for item in items:
        if item.startswith("#") and item not in CLASSES:
            raise DictionaryError(source, line, f"unknown class {item!r} in {key}= "
                                  f"(known: {', '.join(sorted(CLASSES))})")
    return frozenset(items)


def _parse_confidence(source: str, line: int, value: str) -> float:
    try:
        conf = float(value)
    except ValueError:
        raise DictionaryError(source, line, f"confidence must be a number, found {value!r}") from None
    if not 0.0 <= conf <= 1.0:
        raise DictionaryError(source, line, f"confidence must be between 0 and 1, found {value}")
    return conf


def parse_entry(text: str, source: str = "<string>", line: int = 1) -> Entry:
    """Parse one non-comment line into an Entry, or raise DictionaryError."""
    cols = text.rstrip("\r\n").split("\t")
    if len(cols) < 2:
        raise DictionaryError(source, line, "expected 'spun<TAB>original', found no TAB")
    if len(cols) > 3:
        raise DictionaryError(source, line, f"expected at most 3 TAB-separated columns, found {len(cols)}")
    spun = cols[0].strip()
    if not spun:
        raise DictionaryError(source, line, "empty spun phrase")
    if spun != " ".join(spun.split()):
        raise DictionaryError(source, line, f"extra whitespace inside spun phrase {spun!r}")
    if not phrase_tokens(spun):
        raise DictionaryError(source, line, f"spun phrase {spun!r} has no words")
    replacements = tuple(r.strip() for r in cols[1].split("|"))
    if not all(replacements):
        raise DictionaryError(source, line, "empty replacement (use 'original|alternative')")
    if len(set(replacements)) != len(replacements):
        raise DictionaryError(source, line, "the same replacement is listed twice")
    options: dict = {}
    for item in (cols[2].split() if len(cols) == 3 else ()):
        key, sep, value = item.partition("=")
        if not sep or not value:
            raise DictionaryError(source, line, f"option {item!r} is not key=value")
        if key in options:
            raise DictionaryError(source, line, f"option {key!r} given twice")
        if key in _CONDITION_KEYS:
            options[key] = _parse_words(source, line, key, value)
        elif key == "inflect":
            kinds = frozenset(value.split(",")) - {"none"}
            if not kinds <= INFLECTIONS:
                raise DictionaryError(source, line, f"inflect= takes noun, verb or both, found {value!r}")
            options[key] = kinds
        elif key == "confidence":
            options[key] = _parse_confidence(source, line, value)
        elif key == "case":
            if value != "exact":
                raise DictionaryError(source, line, f"case= takes only 'exact', found {value!r}")
            options["case_exact"] = True
        else:
            raise DictionaryError(source, line, f"unknown option {key!r}")
    for r in replacements:
        if r == spun or (r.lower() == spun.lower() and not options.get("case_exact")):
            raise DictionaryError(source, line, f"replacement {r!r} is the spun phrase itself")
    return Entry(spun=spun, replacements=replacements, source=source, line=line, **options)


def parse_phrasebook(text: str, source: str = "<string>", name: str | None = None) -> Phrasebook:
    """Parse a whole dictionary file; raise DictionaryError on the first malformed line."""
    if name is None:
        name = os.path.splitext(os.path.basename(source))[0] or "user"
    book = Phrasebook(name=name)
    seen: dict[tuple, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("\ufeff") and number == 1:
            raw = raw[1:]
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith("#:"):
            key, sep, value = stripped[2:].partition("=")
            key, value = key.strip(), value.strip()
            if not sep or key not in _DIRECTIVES:
                raise DictionaryError(source, number, f"unknown directive {stripped!r} "
                                      f"(known: {', '.join(_DIRECTIVES)})")
            if key == "confidence":
                book.confidence = _parse_confidence(source, number, value)
            else:
                setattr(book, key, value)
            continue
        if stripped.startswith("#"):
            continue
        entry = parse_entry(raw, source, number)
        if entry.key in seen:
            raise DictionaryError(source, number, f"duplicate of line {seen[entry.key]} ({entry.spun!r})")
        seen[entry.key] = number
        book.entries.append(entry)
    return book


def load_phrasebook(path: str | os.PathLike) -> Phrasebook:
    """Read and parse a dictionary file; errors name the file and line."""
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise DictionaryError(path, 0, "no such dictionary file") from None
    except UnicodeDecodeError as exc:
        raise DictionaryError(path, 0, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise DictionaryError(path, 0, exc.strerror or str(exc)) from None
    return parse_phrasebook(text, source=path)
