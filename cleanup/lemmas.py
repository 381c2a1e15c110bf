"""Undo and redo English inflection: a word's possible (lemma, form) readings, and back again.

The spin detector looks words up in base form ("organizations" -> "organization", plural) and
puts its suggestion back into the form of the text ("network" -> "networks").

>>> analyses("organizations")[:2]
[('organizations', ''), ('organization', 's')]
>>> ("stop", "ed") in analyses("stopped"), ("keep", "ed") in analyses("kept")
(True, True)
>>> reinflect("network", "s"), reinflect("learn", "ing"), reinflect("avoid", "ed"), reinflect("go", "s")
('networks', 'learning', 'avoided', 'goes')
"""

from __future__ import annotations

from functools import lru_cache

from .inflect import _irregular_nouns, _irregular_verbs, plural, verb_forms

FORMS = ("", "s", "ed", "ing")


@lru_cache(maxsize=1)
def _irregular_inverse() -> dict[str, list[tuple[str, str]]]:
    inverse: dict[str, list[tuple[str, str]]] = {}
    for base, forms in _irregular_verbs().items():
        for form, word in zip(("ed", "ed", "ing"), forms):
            if word != base:
                inverse.setdefault(word, []).append((base, form))
    for singular, pl in _irregular_nouns().items():
        if pl != singular:
            inverse.setdefault(pl, []).append((singular, "s"))
    return inverse


@lru_cache(maxsize=1 << 16)
def analyses(word: str) -> list[tuple[str, str]]:
    """Possible (lemma, form) readings of a lowercase word, the word itself first."""
    out = [(word, "")]
    out += _irregular_inverse().get(word, [])
    n = len(word)
    if n > 3 and word.endswith("ies"):
        out.append((word[:-3] + "y", "s"))
    if n > 3 and word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh", "o")):
        out.append((word[:-2], "s"))
    if n > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        out.append((word[:-1], "s"))
    if n > 4 and word.endswith("ied"):
        out.append((word[:-3] + "y", "ed"))
    if n > 3 and word.endswith("ed"):
        stem = word[:-2]
        out += [(stem, "ed"), (stem + "e", "ed")]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.append((stem[:-1], "ed"))
    if n > 4 and word.endswith("ing"):
        stem = word[:-3]
        out += [(stem, "ing"), (stem + "e", "ing")]
        if stem.endswith("y") and len(stem) > 2:
            out.append((stem[:-1] + "ie", "ing"))
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.append((stem[:-1], "ing"))
    seen, unique = set(), []
    for item in out:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


def reinflect(lemma: str, form: str) -> str:
    """``lemma`` in ``form`` ("" base, "s" plural or third person, "ed" past, "ing")."""
    if not form:
        return lemma
    if " " in lemma:
        head, _, last = lemma.rpartition(" ")
        return f"{head} {reinflect(last, form)}"
    if form == "s":
        if lemma.endswith("o") and lemma in _irregular_verbs():
            return lemma + "es"  # goes, does, undergoes (nouns in -o vary: photos, heroes)
        return plural(lemma)
    return verb_forms(lemma)[form]
