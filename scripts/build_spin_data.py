#!/usr/bin/env python3
"""Generate the data of the ``spin`` detector: the synonym table and the lexicon of known terms.

Needs, at generation time only, the Debian packages ``wordnet-base``, ``mythes-en-us`` and
``libaiksaurus-1.2-data`` (``apt-get install wordnet-base mythes-en-us libaiksaurus-1.2-data``)
and ``../shared/data/tortured/pairs.dev.tsv``. Run time reads only the generated files:

``dictionaries/thesaurus.tsv.gz``
    For each word ``x`` a spinner may have written, the words it may stand for (``x``'s
    candidate originals), each tagged with the sources that relate them: WordNet synsets (w),
    the LibreOffice thesaurus (l) and its generic terms (g), Aiksaurus (a), and word
    substitutions observed in the development tortured-phrase pairs (m).
``dictionaries/lexicon.tsv.gz``
    Known terms and collocations of two to four words: WordNet multi-word expressions, the
    expected phrases of the development tortured-phrase pairs, and strongly associated
    frequent bigrams of symspellpy's bigram dictionary; each with its sources.

``--holdout a`` (or ``b``) leaves out, everywhere, the development pairs whose phrase hashes
into that half: the calibration script builds both and uses each half's pairs as phrases the
data has never seen.

Usage: python scripts/build_spin_data.py [--data ../shared/data] [--out dictionaries] [--holdout a|b]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.resources
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from cleanup.lemmas import analyses  # noqa: E402
from cleanup.lm import default_model  # noqa: E402
from cleanup.variants import FUNCTION_WORDS, WEAK_SOURCES, spelling_variant  # noqa: E402
from pps_pairs import expected_alternatives, read_pairs  # noqa: E402
from thesaurus_sources import (aiksaurus_groups, mythes_generic, mythes_groups,  # noqa: E402
                               wordnet_groups, wordnet_synsets)

WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$|^[a-z]$")
SOURCE_CODES = {"mined": "m", "wordnet": "w", "libreoffice": "l", "aiksaurus": "a", "generic": "g"}
STOPWORDS = frozenset(
    "the a an of to in and or for on with at by from as is are was were be been it its this that "
    "these those which who whom what when where why how not no but if than then so such can will "
    "would may might must should shall do does did has have had i you he she we they me him her us "
    "them my your his our their there here also very more most some any all each every other into "
    "about over under after before between through during without within upon".split())
#: A frequent bigram enters the lexicon when the model predicts its second word this much better
#: (log10) after the first word than on its own: a collocation rather than two common words.
COLLOCATION_PMI = 1.0
#: The same test, milder, for WordNet's multi-word expressions.
WORDNET_PMI = 0.5


def in_holdout(tortured: str, half: str) -> bool:
    """Whether a pair falls in calibration half ``a`` or ``b`` (by a hash of its phrase)."""
    return (hashlib.sha1(tortured.encode()).digest()[1] >= 128) == (half == "a")


def dev_pairs(holdout: str | None):
    return [p for p in read_pairs("dev", ROOT.parent / "shared" / "data" / "tortured")
            if not (holdout and in_holdout(p.tortured, holdout))]


def _symspell(name: str) -> list[str]:
    ref = importlib.resources.files("symspellpy").joinpath(name)
    return ref.read_text(encoding="utf-8").splitlines()


def frequent_words() -> list[str]:
    """symspellpy's English word list, most frequent first."""
    rows = [line.split() for line in _symspell("frequency_dictionary_en_82_765.txt") if line]
    rows.sort(key=lambda r: -int(r[1]))
    return [r[0] for r in rows]


def mined_substitutions(pairs) -> dict[str, set[str]]:
    """original word -> words a paper mill put in its place, from aligned tortured/expected pairs."""
    subs: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        for expected in expected_alternatives(p.expected, p.tortured)[:1]:
            t, e = p.tortured.split(), expected.split()
            if len(t) != len(e):
                continue
            for spun, orig in zip(t, e):
                if spun != orig and WORD.match(spun) and WORD.match(orig):
                    subs[_lemma(orig)].add(_lemma(spun))
    return subs


def _lemma(word: str) -> str:
    return min((lem for lem, _ in analyses(word)), key=len)


def build_thesaurus(pairs) -> dict[str, dict[str, set[str]]]:
    """observed word -> {candidate original: {source codes}}."""
    rev: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def groups(name, source):
        for group in source:
            words = [w for w in group if WORD.match(w)]
            for x in words:
                for o in words:
                    if o != x:
                        rev[x][o].add(SOURCE_CODES[name])

    groups("wordnet", wordnet_groups())
    groups("libreoffice", mythes_groups())
    groups("aiksaurus", aiksaurus_groups())
    for word, broader in mythes_generic():
        if WORD.match(word) and WORD.match(broader):
            rev[broader][word].add("g")  # a spinner may write the broader word for the narrower
    for orig, spuns in mined_substitutions(pairs).items():
        for spun in spuns:
            rev[spun][orig].add("m")
    return rev


def build_lexicon(pairs, lm) -> dict[str, set[str]]:
    """term -> sources (wordnet, pps, bigram)."""
    lex: dict[str, set[str]] = defaultdict(set)
    for _, lemmas in wordnet_synsets():
        for lemma in lemmas:
            words = lemma.split()
            if 2 <= len(words) <= 4 and all(WORD.match(w) for w in words) and _cohesive(words, lm):
                lex[lemma].add("wordnet")
    for p in pairs:
        for alt in expected_alternatives(p.expected, p.tortured):
            words = alt.split()
            if 2 <= len(words) <= 4 and all(WORD.match(w) for w in words):
                lex[alt].add("pps")
    for term in [t for t in lex if t.split()[0] in STOPWORDS or t.split()[-1] in STOPWORDS]:
        del lex[term]  # "deliveries of": a word and a function word are no term
    for line in _symspell("frequency_bigramdictionary_en_243_342.txt"):
        a, b, _ = line.split()
        if a in STOPWORDS or b in STOPWORDS or not (WORD.match(a) and WORD.match(b)):
            continue
        pmi = lm.logprob(b, (a,)) - lm.logprob(b, ())
        if pmi >= COLLOCATION_PMI:
            lex[f"{a} {b}"].add("bigram")
    return lex



def _cohesive(words, lm) -> bool:
    """Every word after the first is better predicted by its predecessors than on its own
    (WordNet lists many rare multi-word names; only those English actually uses are kept)."""
    return all(lm.logprob(w, tuple(words[max(0, i - 2):i])) - lm.logprob(w, ()) >= WORDNET_PMI
               for i, w in enumerate(words) if i > 0 and w not in STOPWORDS)


def write_thesaurus(rev, keep_x, keep_o, science_words, path: Path) -> int:
    """Write the table; a pair related only by Aiksaurus or a generic term (weak, broad
    relations) is kept only when the original is a word of a scientific term (PPS list);
    spelling variants (armoured/armored) and function words are left out."""
    pairs = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# Generated by scripts/build_spin_data.py: observed word<TAB>original/sources ...\n")
        out.write("# Sources: w WordNet 3.0, l LibreOffice English thesaurus, g its generic terms,\n")
        out.write("# a Aiksaurus, m substitutions observed in the PPS development pairs.\n")
        for x in sorted(rev):
            if x not in keep_x:
                continue
            items = [f"{o}/{''.join(sorted(src))}" for o, src in sorted(rev[x].items())
                     if o in keep_o and (not src <= WEAK_SOURCES or o in science_words)
                     and o != x and o not in FUNCTION_WORDS and not spelling_variant(x, o)]
            if items:
                out.write(f"{x}\t{' '.join(items)}\n")
                pairs += len(items)
    return pairs


def write_lexicon(lex, path: Path) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# Generated by scripts/build_spin_data.py: term<TAB>sources\n")
        for term in sorted(lex):
            out.write(f"{term}\t{','.join(sorted(lex[term]))}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "dictionaries")
    ap.add_argument("--holdout", choices=("a", "b"), default=None,
                    help="leave out one half of the development pairs (for calibration)")
    args = ap.parse_args()
    pairs = dev_pairs(args.holdout)
    lm = default_model()
    lex = build_lexicon(pairs, lm)
    keep_o = {w for term in lex for w in term.split()}
    frequent = frequent_words()
    rev = build_thesaurus(pairs)
    keep_x = set(frequent) | {x for x, origs in rev.items() if any("m" in s for s in origs.values())}
    args.out.mkdir(parents=True, exist_ok=True)
    science_words = {w for term, src in lex.items() if "pps" in src for w in term.split()}
    n_pairs = write_thesaurus(rev, keep_x, keep_o, science_words, args.out / "thesaurus.tsv.gz")
    write_lexicon(lex, args.out / "lexicon.tsv.gz")
    by_source = defaultdict(int)
    for sources in lex.values():
        for s in sources:
            by_source[s] += 1
    print(f"thesaurus: {n_pairs} (observed, original) pairs; lexicon: {len(lex)} terms "
          f"{dict(by_source)}", file=sys.stderr)


if __name__ == "__main__":
    main()
