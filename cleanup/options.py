"""Options: what the core needs to know to check a document, independent of CLI and config files.

>>> Options().min_confidence
0.5
>>> Options(select=("phrasebook/spinner-en",)).runs("phrasebook")
True
>>> Options(ignore=("phrasebook",)).runs("phrasebook")
False
"""

from __future__ import annotations

from dataclasses import dataclass

from .resources import DEFAULT_PHRASEBOOKS
from .suppress import selector_matches

DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Options:
    """Settings of one check or fix run.

    ``select``/``ignore`` take detector ids (``phrasebook``) or rule ids and prefixes
    (``phrasebook/spinner-en``). ``dictionaries`` are user phrasebook paths, consulted before the
    built-in ``phrasebooks``. ``allow`` lists words and phrases that are never flagged. ``lm``
    is the path of a language model to use instead of the built-in one. ``jobs`` is how many
processes check a large document (0: one per available CPU; 1: no worker processes).
``enable`` turns on detectors that are off by default (``grammar``); ``languagetool_url`` and
``language`` configure that one.
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    dictionaries: tuple[str, ...] = ()
    phrasebooks: tuple[str, ...] = DEFAULT_PHRASEBOOKS
    allow: tuple[str, ...] = ()
    filetype: str | None = None
    lm: str | None = None
    jobs: int = 0
    enable: tuple[str, ...] = ()
    languagetool_url: str | None = None
    language: str = "en-US"

    def runs(self, detector: str, default_enabled: bool = True) -> bool:
        """Whether a detector has to run for these selections."""
        if detector in self.ignore:
            return False
        if self.select is None:
            return default_enabled or detector in self.enable
        return any(s == detector or s.startswith(detector + "/") for s in self.select)

    def keeps(self, detector: str, rule: str) -> bool:
        """Whether a finding of this detector and rule survives ``select`` and ``ignore``."""
        if any(selector_matches(s, detector, rule) for s in self.ignore):
            return False
        return self.select is None or any(selector_matches(s, detector, rule) for s in self.select)
