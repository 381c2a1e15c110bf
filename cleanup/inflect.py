"""A small English inflector: plurals of nouns and the -s, -ed, -ing and participle forms of verbs.

It exists so that one phrasebook line covers every form of a phrase: "chill out" -> "relax" also
matches "chilling out" and suggests "relaxing". Irregular forms come from the shipped tables
``english-irregular-verbs.tsv`` and ``english-irregular-nouns.tsv``.

>>> plural("organization"), plural("study"), plural("box"), plural("analysis")
('organizations', 'studies', 'boxes', 'analyses')
>>> verb_forms("chill")
{'s': 'chills', 'ed': 'chilled', 'en': 'chilled', 'ing': 'chilling'}
>>> verb_forms("keep")["ed"], verb_forms("relax")["s"], verb_forms("make")["ing"]
('kept', 'relaxes', 'making')
"""

from __future__ import annotations

from functools import lru_cache

from .resources import read_text

VERB_FORMS = ("s", "ed", "en", "ing")
_VOWELS = set("aeiou")


def _rows(name: str):
    for line in read_text(name).splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def _irregular_verbs() -> dict[str, tuple[str, ...]]:
    return {row[0]: tuple(row[1:]) for row in _rows("english-irregular-verbs.tsv")}


@lru_cache(maxsize=1)
def _irregular_nouns() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("english-irregular-nouns.tsv")}


def _sibilant(word: str) -> bool:
    return word.endswith(("s", "x", "z", "ch", "sh"))


def _consonant_y(word: str) -> bool:
    return len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS


def plural(noun: str) -> str:
    """The plural of a lowercase English noun."""
    irregular = _irregular_nouns().get(noun)
    if irregular is not None:
        return irregular
    if _consonant_y(noun):
        return noun[:-1] + "ies"
    if _sibilant(noun):
        return noun + "es"
    return noun + "s"


def _doubles(verb: str) -> bool:
    """Short consonant-vowel-consonant verbs double their last letter: stop -> stopped."""
    if len(verb) > 4 or len(verb) < 3:
        return False
    a, b, c = verb[-3:]
    return a not in _VOWELS and b in _VOWELS and c not in _VOWELS and c not in "wxy"


def verb_forms(verb: str) -> dict[str, str]:
    """The third-person -s, past (ed), past participle (en) and -ing forms of a lowercase verb."""
    irregular = _irregular_verbs().get(verb)
    if _sibilant(verb) or verb.endswith("o"):
        s = verb + "es"
    elif _consonant_y(verb):
        s = verb[:-1] + "ies"
    else:
        s = verb + "s"
    if verb == "be":
        s = "is"
    elif verb == "have":
        s = "has"
    if irregular and len(irregular) >= 3:
        ing = irregular[2]
    elif verb.endswith("ie"):
        ing = verb[:-2] + "ying"
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        ing = verb[:-1] + "ing"
    elif _doubles(verb):
        ing = verb + verb[-1] + "ing"
    else:
        ing = verb + "ing"
    if irregular:
        ed, en = irregular[0], irregular[1]
    else:
        if verb.endswith("e"):
            ed = verb + "d"
        elif _consonant_y(verb):
            ed = verb[:-1] + "ied"
        elif _doubles(verb):
            ed = verb + verb[-1] + "ed"
        else:
            ed = verb + "ed"
        en = ed
    return {"s": s, "ed": ed, "en": en, "ing": ing}
