#!/usr/bin/env python3
"""Calibrate the ``spin`` detector's confidence on development data; write dictionaries/spin-model.json.

The candidate scorer is a logistic regression over the features of
:func:`cleanup.detectors.spin.candidate_features`. It is fitted by two-fold cross-fitting: the
development tortured pairs are split in two halves by a hash of the phrase, spin data is built
without each half in turn (``build_spin_data.py --holdout a|b``), and each half's pairs are
searched for with the data that has never seen them, so they play the part of unseen tortured
phrases:

- positives: a held-out tortured phrase in one of three neutral sentence frames, restored exactly;
- negatives: wrong restorations of held-out phrases, anything found in the same frames holding
  the expected phrase, in WikiText-2 valid, and in the clean passages of spun-wild-dev.

The ranking it learns is mapped (Platt scaling) to the probability that a span is spun at all,
which findings report as their confidence; the reporting thresholds are then chosen on the same
mixture by the rules of CLEAN_TARGET and the precision targets below. Test data is never read.

Needs numpy and the Debian thesaurus packages (see build_spin_data.py).
Run ``build_spin_data.py`` first: the clean-text false alarms that choose the thresholds are
measured with the data in ``dictionaries/``.

Usage: python scripts/calibrate_spin.py [--work /tmp/cleanup-calibration] [--no-build]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_spin_data import in_holdout  # noqa: E402
from pps_pairs import expected_alternatives, read_pairs  # noqa: E402

from cleanup.detectors.spin import candidate_features  # noqa: E402
from cleanup.document import Document  # noqa: E402
from cleanup.lm import default_model  # noqa: E402
from cleanup.spindata import load_lexicon, load_thesaurus  # noqa: E402
from cleanup.variants import find_variants  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
#: Neutral frames; the benchmark on the test split uses the same three.
FRAMES = (
    "In this paper, we discuss {} in detail.",
    "The results show that {} plays an important role.",
    "{} has been widely studied in recent years.",
)
L2 = 1.0
CLEAN_WEIGHT = 10.0
#: Choice of the reporting thresholds (on the dev mixture, never on test data): in ordinary
#: documents at most this many findings per 10,000 words of clean text, at this frame precision;
#: in evidently spun documents only the precision counts.
CLEAN_TARGET = 0.75
PRECISION_TARGET = 0.92
SPUN_PRECISION_TARGET = 0.93


def framed(frame: str, phrase: str) -> tuple[str, int]:
    """The sentence and the character offset of the phrase in it."""
    text = frame.format(phrase)
    offset = frame.index("{}")
    if offset == 0:
        text = text[0].upper() + text[1:]
    return text, offset


def framed_pairs(pairs):
    """For every pair and frame: (pair, expected wordings, tortured sentence, offset of the
    phrase in it, the same sentence holding the expected phrase)."""
    for p in pairs:
        alts = [a.lower() for a in expected_alternatives(p.expected, p.tortured)]
        if not alts:
            continue
        for frame in FRAMES:
            text, off = framed(frame, p.tortured)
            yield p, alts, text, off, framed(frame, alts[0])[0]


@dataclass
class Unit:
    """One calibration text: its candidates' features and labels, and what counts as right."""

    group: str                      # spun-frame, expected-frame or clean
    words: int
    rows: list = field(default_factory=list)   # (features, first, last, overlaps, exact)


def collect(lexicon, thesaurus, lm, half: str) -> tuple[list[Unit], int]:
    units: list[Unit] = []
    pairs = [p for p in read_pairs("dev", DATA / "tortured") if in_holdout(p.tortured, half)]
    for p, alts, text, off, expected_text in framed_pairs(pairs):
        doc = Document(text)
        unit = Unit("spun-frame", len(text.split()))
        for c in find_variants(doc, lexicon, thesaurus):
            s, e = doc.tokens[c.first].start, doc.tokens[c.last].end
            overlaps = s < off + len(p.tortured) and off < e
            exact = overlaps and " ".join(c.suggestion).lower() in alts and (s, e) == (off, off + len(p.tortured))
            unit.rows.append((candidate_features(doc, c, lm), c.first, c.last, overlaps, exact))
        units.append(unit)
        doc = Document(expected_text)
        unit = Unit("expected-frame", len(expected_text.split()))
        for c in find_variants(doc, lexicon, thesaurus):
            unit.rows.append((candidate_features(doc, c, lm), c.first, c.last, False, False))
        units.append(unit)
    return units + collect_clean(lexicon, thesaurus, lm), len(pairs)


def collect_clean(lexicon, thesaurus, lm) -> list[Unit]:
    """Candidates in the clean development texts (WikiText-2 valid, spun-wild-dev clean_*)."""
    units = []
    clean = [DATA / "clean" / "wikitext2.valid.txt"] + sorted((DATA / "spun-wild-dev").glob("clean_*.txt"))
    for path in clean:
        text = path.read_text(encoding="utf-8")
        doc = Document(text)
        unit = Unit("clean", len(text.split()))
        for c in find_variants(doc, lexicon, thesaurus):
            unit.rows.append((candidate_features(doc, c, lm), c.first, c.last, False, False))
        units.append(unit)
    return units


def evaluate(units, names, dw, db, rw, rb, scale, shift, threshold):
    """Frame-level recall, exact restoration and precision, and clean findings, as the detector
    would report them at this confidence threshold (one finding per non-overlapping span, best
    wording first)."""
    flagged = exact = spun = fp_frames = expected = clean_findings = clean_words = 0
    for unit in units:
        best = {}
        for feats, first, last, overlaps, is_exact in unit.rows:
            x = np.array([feats[k] for k in names])
            d = confidence(1 / (1 + np.exp(-(x @ dw + db))), scale, shift)
            r = 1 / (1 + np.exp(-(x @ rw + rb)))
            best.setdefault((first, last), []).append((d, r, overlaps, is_exact))
        spans = sorted(((max(v)[0], k, v) for k, v in best.items()), reverse=True)
        taken, reported = [], []
        for d, (a, b), options in spans:
            if d < threshold or any(a <= y and x <= b for x, y in taken):
                continue
            taken.append((a, b))
            top = max(options, key=lambda o: o[1])
            reported.append((top[2], top[3]))
        if unit.group == "spun-frame":
            spun += 1
            flagged += any(o for o, _ in reported)
            exact += any(e for _, e in reported)
        elif unit.group == "expected-frame":
            expected += 1
            fp_frames += bool(reported)
        else:
            clean_findings += len(reported)
            clean_words += unit.words
    return {
        "recall": round(flagged / spun, 4), "exact": round(exact / spun, 4),
        "precision": round(flagged / max(flagged + fp_frames, 1), 4),
        "expected_frames_flagged": fp_frames,
        "clean_findings_per_10k_words": round(clean_findings / clean_words * 10_000, 3),
    }


def confidence(rank, scale, shift):
    """The Platt map from a candidate's rank to its reported confidence (as in SpinModel)."""
    rank = np.clip(rank, 1e-9, 1 - 1e-9)
    return 1 / (1 + np.exp(-(scale * np.log(rank / (1 - rank)) + shift)))


def fit(X: np.ndarray, y: np.ndarray, iterations: int = 6000, rate: float = 0.5, weights=None,
        nonnegative: bool = False):
    """L2-regularised logistic regression by gradient descent; ``weights`` per row;
    ``nonnegative`` keeps every coefficient >= 0 (evidence may only raise the probability)."""
    sw = np.ones(len(y)) if weights is None else weights / weights.mean()
    mean, std = X.mean(0), X.std(0) + 1e-9
    Z = (X - mean) / std
    w = np.zeros(Z.shape[1])
    b = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        grad_w = Z.T @ (sw * (p - y)) / len(y) + L2 * w / len(y)
        grad_b = float(np.mean(sw * (p - y)))
        w -= rate * grad_w
        b -= rate * grad_b
        if nonnegative:
            w = np.maximum(w, 0.0)
    # back to raw feature units
    raw_w = w / std
    raw_b = b - float(np.sum(w * mean / std))
    return raw_w, raw_b


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/cleanup-calibration"))
    ap.add_argument("--no-build", action="store_true", help="reuse the held-out data in --work")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    lm = default_model()
    units, n_pairs = [], 0
    for half in "ab":
        work = args.work / half
        if not args.no_build:
            subprocess.run([sys.executable, str(ROOT / "scripts" / "build_spin_data.py"),
                            "--holdout", half, "--out", str(work)], check=True)
        found, n = collect(load_lexicon(work), load_thesaurus(work), lm, half)
        units += found
        n_pairs += n
    rows = [r for u in units for r in u.rows]
    names = sorted(rows[0][0])
    X = np.array([[r[0][k] for k in names] for r in rows])
    detect_y = np.array([r[3] for r in rows], dtype=float)
    restore_y = np.array([r[4] for r in rows], dtype=float)
    # The detector is trained to find spans it can also restore: a span flagged with a wrong
    # wording is worth little to a user, and the looser label teaches it to flag any odd pair.
    # Candidates in clean text weigh more: a false alarm there costs a user more than a miss.
    clean_rows = np.array([u.group == "clean" for u in units for _ in u.rows])
    dw, db = fit(X, restore_y, weights=np.where(clean_rows, CLEAN_WEIGHT, 1.0))
    overlapping = detect_y == 1
    rw, rb = fit(X[overlapping], restore_y[overlapping])
    ranks = 1 / (1 + np.exp(-(X @ dw + db)))
    logit = np.log(np.clip(ranks, 1e-9, 1 - 1e-9) / np.clip(1 - ranks, 1e-9, 1))
    (scale,), shift = fit(logit[:, None], detect_y)
    report = {"held_out_pairs": n_pairs, "candidates": len(rows),
              "overlapping": int(detect_y.sum()), "exact": int(restore_y.sum())}
    # Frames measure detection of held-out phrases; clean text is measured with the data that
    # ships (built from every development pair), whose false alarms are what users will see.
    shipped = collect_clean(load_lexicon(ROOT / "dictionaries"), load_thesaurus(ROOT / "dictionaries"), lm)
    mixture = [u for u in units if u.group != "clean"] + shipped
    grid = [round(t, 2) for t in np.arange(0.5, 1.0, 0.01)]
    table = {t: evaluate(mixture, names, dw, db, rw, rb, scale, shift, t) for t in grid}
    # Ordinary documents: the lowest threshold that keeps clean text quiet and precision high.
    quiet = [t for t in grid if table[t]["clean_findings_per_10k_words"] <= CLEAN_TARGET
             and table[t]["precision"] >= PRECISION_TARGET]
    report_at = min(quiet) if quiet else grid[-1]
    # Evidently spun documents: the lowest threshold that still keeps frame precision.
    loose = [t for t in grid if table[t]["precision"] >= SPUN_PRECISION_TARGET]
    spun_report_at = min(min(loose) if loose else report_at, report_at)
    for t in grid:
        report[f"at_{t}"] = table[t]
    report["report_at"], report["spun_report_at"] = report_at, spun_report_at
    p = confidence(ranks, scale, shift)
    bins = np.linspace(0, 1, 6)
    report["reliability"] = [
        {"bin": f"{lo:.1f}-{hi:.1f}", "n": int(((p >= lo) & (p < hi)).sum()),
         "observed": round(float(detect_y[(p >= lo) & (p < hi)].mean()), 3)
         if ((p >= lo) & (p < hi)).any() else None}
        for lo, hi in zip(bins[:-1], bins[1:])]
    model_path = ROOT / "dictionaries" / "spin-model.json"
    model = json.loads(model_path.read_text()) if model_path.exists() else {}
    model.update({
        "candidate_weights": {k: round(float(v), 5) for k, v in zip(names, dw)},
        "candidate_bias": round(float(db), 5),
        "restore_weights": {k: round(float(v), 5) for k, v in zip(names, rw)},
        "restore_bias": round(float(rb), 5),
        "confidence_scale": round(float(scale), 5),
        "confidence_shift": round(float(shift), 5),
        "report_at": report_at,
        "spun_report_at": spun_report_at,
    })
    model.pop("spun_min_confidence", None)
    model.setdefault("notes", {})["candidate_calibration"] = report
    model_path.write_text(json.dumps(model, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
