#!/usr/bin/env python3
"""Calibrate the document spin score; write its weights into dictionaries/spin-model.json.

The score (:mod:`cleanup.spinscore`) is a logistic model over evidence densities. It is fitted
on the even-numbered documents of the synthetic development corpus
(``scripts/synthetic_spinner.py``: WikiText-2 valid documents, each spun and original); the
odd-numbered ones and the real passages of spun-wild-dev are left to check it
(``benchmarks/synthetic_spin.py``). ``spun_document_at``, the score from which a document is
treated as evidently spun, is set so that at most 1 % of the even original documents reach it.

Run after ``calibrate_spin.py`` (the evidence includes the spin detector's confidences).
Usage: python scripts/calibrate_spin_score.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from calibrate_spin import fit  # noqa: E402
from synthetic_spinner import spun_corpus  # noqa: E402

from cleanup.checker import Checker  # noqa: E402
from cleanup.spindata import load_model  # noqa: E402
from cleanup.spinscore import document_features  # noqa: E402

#: Share of original (clean) documents allowed at or above ``spun_document_at``.
CLEAN_DOCUMENTS_ABOVE = 0.01


def features(checker: Checker, text: str, model) -> dict[str, float]:
    raw, words = checker.evidence(checker.document(text))
    return document_features(raw, words, model)


def main() -> None:
    checker, model = Checker(), load_model()
    rows, labels = [], []
    for i, (original, spun, _) in enumerate(spun_corpus()):
        if i % 2:
            continue
        rows += [features(checker, original, model), features(checker, spun, model)]
        labels += [0.0, 1.0]
    names = sorted(rows[0])
    X = np.array([[r[k] for k in names] for r in rows])
    y = np.array(labels)
    w, b = fit(X, y, nonnegative=True)
    scores = 1 / (1 + np.exp(-(X @ w + b)))
    clean_scores = np.sort(scores[y == 0])
    at = float(clean_scores[int(np.ceil(len(clean_scores) * (1 - CLEAN_DOCUMENTS_ABOVE))) - 1])
    spun_document_at = round(max(0.5, min(0.99, at + 0.005)), 3)
    path = ROOT / "dictionaries" / "spin-model.json"
    data = json.loads(path.read_text())
    data["document_weights"] = {k: round(float(v), 5) for k, v in zip(names, w)}
    data["document_bias"] = round(float(b), 5)
    data["spun_document_at"] = spun_document_at
    data.setdefault("notes", {})["document_calibration"] = {
        "documents": len(rows), "spun_documents_at_or_above": round(float((scores[y == 1] >= spun_document_at).mean()), 4),
        "original_documents_at_or_above": round(float((scores[y == 0] >= spun_document_at).mean()), 4),
    }
    path.write_text(json.dumps(data, indent=2) + "\n")
    print(json.dumps({k: data[k] for k in ("document_weights", "document_bias", "spun_document_at")}
                     | data["notes"]["document_calibration"], indent=2))


if __name__ == "__main__":
    main()
