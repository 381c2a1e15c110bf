"""Detectors and their registry, keyed by the detector ids of the specification.

A detector reads a :class:`~cleanup.document.Document` and yields Findings. It does not filter
by confidence, suppressions or protected regions: :mod:`cleanup.checker` does that for all
detectors alike.

>>> sorted(REGISTRY)
['grammar', 'phrasebook', 'spelling', 'spin', 'unicode']
>>> SPEC_IDS
('phrasebook', 'spin', 'spelling', 'unicode', 'grammar')
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar, Iterator

from ..document import Document
from ..findings import Finding
from ..options import Options

#: Detector ids the specification defines, in report order. Only registered ones can run.
SPEC_IDS = ("phrasebook", "spin", "spelling", "unicode", "grammar")

REGISTRY: dict[str, type["Detector"]] = {}


class Detector(ABC):
    """Base class: set ``id`` and ``description``, implement :meth:`detect`."""

    id: ClassVar[str]
    description: ClassVar[str]
    default_enabled: ClassVar[bool] = True

    def __init__(self, options: Options) -> None:
        self.options = options

    @abstractmethod
    def detect(self, doc: Document) -> Iterator[Finding]:
        """Yield every finding of this detector in ``doc``."""

    def document_evidence(self, doc: Document):
        """Counts over the whole document that this detector's findings depend on, for a
        document checked in parts (parallel workers, a streamed file): a ``Counter`` whose
        sum over the parts is that of the whole, or None when the findings of a part do not
        depend on the rest of the document."""
        return None

    def combine(self, findings: list[Finding], evidence) -> list[Finding]:
        """This detector's findings in the parts of a document, given the parts' summed
        :meth:`document_evidence`: what the whole document would have given."""
        return findings

    def decide(self, evidence):
        """What this detector decides for a whole document from its parts' summed
        :meth:`document_evidence` (how boldly to read it, say), or None when it decides nothing
        document-wide. A part checked under these decisions (:meth:`detect_with`) gives what
        it gives inside the whole document."""
        return None

    def decision(self):
        """The decisions the last :meth:`detect` took for its document by itself (None: none),
        to compare with :meth:`decide` of the whole document."""
        return None

    def detect_with(self, doc: Document, decided, floor=None) -> list[Finding]:
        """The findings of ``doc``, a part of a larger document, under the whole document's
        decisions (:meth:`decide`) instead of those ``doc`` alone would lead to (None: its
        own); and, for a repaired text, at least as boldly as the ``floor`` decisions (those
        of the text before its repairs) would read it."""
        return list(self.detect(doc))

    def at_least(self, decided, floor):
        """The decisions :meth:`detect_with` reads under, given ``decided`` and ``floor``."""
        return decided

    def prepare_for_long_text(self) -> None:
        """Load what pays off only on long texts; the parallel runner calls it before it forks
        its workers, so that they share it."""


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator adding a detector to the registry under its id."""
    if cls.id not in SPEC_IDS:
        raise ValueError(f"detector id {cls.id!r} is not one of {SPEC_IDS}")
    REGISTRY[cls.id] = cls
    return cls


class UnknownSelector(ValueError):
    """A --select/--ignore value names no detector this installation has."""


def validate_selectors(selectors) -> None:
    """Raise UnknownSelector for a selector whose detector part is not registered."""
    for sel in selectors:
        det = sel.split("/", 1)[0]
        if det in REGISTRY:
            continue
        if det in SPEC_IDS:
            raise UnknownSelector(f"detector {det!r} is not available in this version of cleanup "
                                  f"(available: {', '.join(sorted(REGISTRY))})")
        raise UnknownSelector(f"unknown detector or rule {sel!r} "
                              f"(detectors: {', '.join(sorted(REGISTRY))})")


def create_detectors(options: Options) -> list[Detector]:
    """Instantiate, in SPEC order, the registered detectors these options need."""
    validate_selectors(tuple(options.select or ()) + tuple(options.ignore))
    return [REGISTRY[i](options) for i in SPEC_IDS
            if i in REGISTRY and options.runs(i, REGISTRY[i].default_enabled)]


from . import grammar, phrasebook, spelling, spin, unicode  # noqa: E402,F401  (registers the detectors)
