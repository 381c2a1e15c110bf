#!/usr/bin/env python3
"""Synthetic spin: the document spin score and the rewriter on spun/original document pairs.

Documents cut from WikiText-2 valid are spun by ``scripts/synthetic_spinner.py`` (substitutions
real spinners made in spun-wild-dev, not the detector's thesaurus). The even-numbered documents
calibrated the score (``scripts/calibrate_spin_score.py``); this reports on the odd-numbered ones:

- spin-score ROC AUC between spun and original documents;
- share of the spinner's edits undone by ``cleanup fix`` at default settings, net: word-level
  differences from the original left after the fix (wrong or new changes count against it),
  over those before it;
- findings per 1,000 words on the original documents;
- the spin-score ROC AUC on the real passages of spun-wild-dev (30 spun, 30 clean) as a check
  on text no synthetic procedure made.

Usage: python benchmarks/synthetic_spin.py
"""

from __future__ import annotations

import difflib
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _common import DATA, ROOT, require, save  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_spinner import spun_corpus  # noqa: E402

from cleanup.checker import Checker  # noqa: E402
from cleanup.options import Options  # noqa: E402


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half).

    >>> auc([0.9, 0.8], [0.1, 0.8])
    0.875
    """
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def word_edits(a: str, b: str) -> int:
    """Number of differing word runs between two texts."""
    ops = difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).get_opcodes()
    return sum(tag != "equal" for tag, *_ in ops)


def main() -> None:
    require(DATA / "clean" / "wikitext2.valid.txt")
    checker = Checker()
    phrasebook_only = Checker(Options(select=("phrasebook",)))
    spun_scores, original_scores = [], []
    before = after = after_phrasebook = original_findings = original_words = 0
    for i, (original, spun, _) in enumerate(spun_corpus()):
        if i % 2 == 0:
            continue
        a = checker.analyse(checker.document(original))
        original_scores.append(a.spin_score)
        original_findings += len(a.findings)
        original_words += len(original.split())
        spun_scores.append(checker.analyse(checker.document(spun)).spin_score)
        fixed = checker.fix(spun).text
        before += word_edits(original, spun)
        after += word_edits(original, fixed)
        after_phrasebook += word_edits(original, phrasebook_only.fix(spun).text)
    wild = DATA / "spun-wild-dev"
    wild_spun = [checker.analyse(checker.document(p.read_text(encoding="utf-8"))).spin_score
                 for p in sorted(wild.glob("spun_*.txt"))]
    wild_clean = [checker.analyse(checker.document(p.read_text(encoding="utf-8"))).spin_score
                  for p in sorted(wild.glob("clean_*.txt"))]
    result = {
        "documents": len(spun_scores),
        "spin_score_auc": round(auc(spun_scores, original_scores), 4),
        "spinner_edits": before,
        "edits_undone_share": round((before - after) / before, 4),
        "edits_undone_share_phrasebook_only": round((before - after_phrasebook) / before, 4),
        "original_findings_per_1000_words": round(original_findings / original_words * 1000, 3),
        "spun_wild_dev_auc": round(auc(wild_spun, wild_clean), 4),
        "spun_wild_dev_spun_at_or_above_0.5": sum(s >= 0.5 for s in wild_spun),
        "spun_wild_dev_clean_at_or_above_0.5": sum(s >= 0.5 for s in wild_clean),
    }
    for k, v in result.items():
        print(f"{k:38} {v}")
    print(f"written {save('synthetic_spin', result)}")


if __name__ == "__main__":
    main()
