"""The ``spin`` detector: spun phrases that no hand-written entry lists.

It looks for spun variants of known terms (:mod:`cleanup.variants`: "profound learning" is
"deep learning" with *deep* swapped for a thesaurus neighbour), scores each against the observed
wording with the language model in its sentence, and turns the evidence into a confidence with
a logistic model calibrated on development data (``dictionaries/spin-model.json``, made by
``scripts/calibrate_spin.py``). Names, numbers, acronyms, code and other protected regions are
never candidates.

The detector yields every candidate above a low evidence floor; the checker keeps those whose
confidence clears the floor set by the document spin score (:mod:`cleanup.spinscore`): in a
document that is evidently spun, weaker candidates are reported too; in a clean one only strong
ones are. The weaker ones still count as evidence for the score.

>>> from cleanup.document import Document
>>> det = SpinDetector(Options())
>>> [(f.text, f.suggestions[0]) for f in det.detect(Document("We trained a profound learning model."))]
[('profound learning', 'deep learning')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..document import Document
from ..findings import Finding
from ..lm import LanguageModel, load_model
from ..matcher import match_case
from ..options import Options
from ..spindata import SpinModel, load_lexicon, load_model as load_spin_model, load_thesaurus, logistic
from ..resources import data_file
from ..variants import WEAK_SOURCES, Candidate, add_common_options, find_variants
from . import Detector, register

RULE = "spin/lexicon-variant"
#: From this length on (characters), a text starts from the precomputed options of common words.
LONG_TEXT = 50_000
#: Candidates below this confidence are dropped before resolution (they are only evidence).
EVIDENCE_FLOOR = 0.05
#: An alternative wording is suggested when its restoration score is at least this share of
#: the best one's.
ALTERNATIVE_RATIO = 0.5


def _cohesion(lm: LanguageModel, words: list[str]) -> float:
    """How much better each word after the first is predicted by its predecessors than alone
    (the lowest such gain, log10): high for set phrases, low for arbitrary word pairs."""
    gains = [lm.logprob(w, tuple(words[max(0, i - 2):i])) - lm.logprob(w, ())
             for i, w in enumerate(words) if i > 0]
    return min(gains) if gains else 0.0


def candidate_features(doc: Document, cand: Candidate, lm: LanguageModel) -> dict[str, float]:
    """The evidence for one candidate, as named numbers (see ``spin-model.json``)."""
    left, right = doc.word_context(cand.first, cand.last)
    obs = list(cand.observed)
    term = [w.lower() for w in cand.suggestion]
    lp_obs = lm.score(obs + right, left)
    lp_term = lm.score(term + right, left)
    fit, rarity = [], []
    unknown = 0
    for p in cand.substituted:
        history = tuple(left + obs[:p])
        own = lm.logprob(obs[p], ())
        fit.append(lm.logprob(obs[p], history) - own)
        rarity.append(own)
        unknown += not lm.known(obs[p])
    mined = sum("m" in s for s in cand.sources)
    weak = sum(set(s) <= WEAK_SOURCES for s in cand.sources)
    return {
        "delta": lp_term - lp_obs,
        "observed_fit": max(fit),
        "observed_rarity": min(rarity),
        "observed_cohesion": _cohesion(lm, obs),
        "term_cohesion": _cohesion(lm, term),
        "unknown": float(unknown),
        "substitutions": float(len(cand.substituted)),
        "words": float(len(cand.term)),
        "mined_substitutions": float(mined),
        "weak_substitutions": float(weak),
        "synonym_substitutions": float(len(cand.substituted) - mined - weak),
        "term_science": float("pps" in cand.term_sources),
        "term_wordnet": float("wordnet" in cand.term_sources),
        "term_bigram": float("bigram" in cand.term_sources),
        "term_fluency": lm.score(term) / len(term),
    }


@dataclass
class Scored:
    """A candidate with its evidence: ``detect`` is the probability that its span is spun,
    ``restore`` ranks its wording among the candidates for the same span."""

    cand: Candidate
    features: dict
    detect: float
    restore: float


def score_candidates(doc: Document, cands: list[Candidate], lm: LanguageModel,
                     model: SpinModel) -> list[Scored]:
    out = []
    for cand in cands:
        feats = candidate_features(doc, cand, lm)
        out.append(Scored(cand, feats,
                          logistic(feats, model.candidate_weights, model.candidate_bias),
                          logistic(feats, model.restore_weights, model.restore_bias)))
    return out


def resolve(scored: list[Scored], floor: float = EVIDENCE_FLOOR) -> list[tuple[Scored, list[Scored]]]:
    """Non-overlapping spans, most probably spun first; each with its wordings, best first."""
    ranked = sorted((s for s in scored if s.detect >= floor),
                    key=lambda s: (-s.detect, s.cand.first - s.cand.last))
    by_span: dict[tuple[int, int], list[Scored]] = {}
    for o in scored:
        by_span.setdefault((o.cand.first, o.cand.last), []).append(o)
    chosen: list[tuple[Scored, list[Scored]]] = []
    taken: set[int] = set()  # token indices inside a chosen span
    for s in ranked:
        a, b = s.cand.first, s.cand.last
        span = range(a, b + 1)
        if not taken.isdisjoint(span):
            continue
        taken.update(span)
        chosen.append((s, sorted(by_span[a, b], key=lambda o: -o.restore)))
    chosen.sort(key=lambda item: item[0].cand.first)
    return chosen


@register
class SpinDetector(Detector):
    id = "spin"
    description = "spun variants of known terms, scored in context by a language model"

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        self.lexicon = load_lexicon()
        self.thesaurus = load_thesaurus()
        self.model: SpinModel = load_spin_model()
        self.lm = load_model(options.lm)

    def prepare_for_long_text(self) -> None:
        add_common_options(self.lexicon, self.thesaurus,
                           [data_file("lexicon.tsv.gz"), data_file("thesaurus.tsv.gz")])

    def scored(self, doc: Document) -> list[Scored]:
        """Every variant found in ``doc``, with its scores."""
        if len(doc.text) >= LONG_TEXT:
            self.prepare_for_long_text()
        cands = find_variants(doc, self.lexicon, self.thesaurus)
        return score_candidates(doc, cands, self.lm, self.model)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for best, wordings in resolve(self.scored(doc)):
            cand = best.cand
            start, end = doc.tokens[cand.first].start, doc.tokens[cand.last].end
            observed = doc.text[start:end]
            # Other wordings of the span are offered only when nearly as likely as the best.
            plausible = [w for w in wordings if w.restore >= ALTERNATIVE_RATIO * wordings[0].restore]
            suggestions = list(dict.fromkeys(match_case(observed, " ".join(w.cand.suggestion))
                                             for w in plausible))
            top = wordings[0].cand
            how = ", ".join(sorted({_SOURCE_WORDS[c] for s in top.sources for c in s}))
            yield doc.finding(
                start, end, detector=self.id, rule=RULE,
                message=f"'{' '.join(observed.split())}' looks like a spun variant of the term "
                        f"'{' '.join(top.term)}' (thesaurus: {how})",
                suggestions=suggestions[:3], confidence=round(self.model.confidence(best.detect), 4),
            )


_SOURCE_WORDS = {"m": "observed substitution", "w": "WordNet", "l": "LibreOffice",
                 "a": "Aiksaurus", "g": "broader term"}
