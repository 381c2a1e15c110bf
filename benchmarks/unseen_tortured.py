#!/usr/bin/env python3
"""Unseen tortured phrases: recall, exact restoration and precision of the ``spin`` detector.

Every pair of ``tortured/pairs.test.tsv`` (or ``--split dev``) is put in three neutral sentence
frames (those of ``scripts/calibrate_spin.py``) and checked with ``--select spin``, each sentence
as its own document:

- recall: share of tortured frames with a finding overlapping the tortured phrase;
- exact: share of tortured frames with a finding on exactly the phrase whose best suggestion is
  one of the expected wordings;
- precision: tortured frames found / (tortured frames found + frames holding the expected
  phrase that get any finding).

No phrase of the test split is in any dictionary (tests/test_dictionaries.py asserts it), so the
test split measures detection of phrases the detector has never seen.

Usage: python benchmarks/unseen_tortured.py [--split test|dev] [--select spin] [--show N]
"""

from __future__ import annotations

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _common import DATA, ROOT, require, save  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from calibrate_spin import framed_pairs  # noqa: E402
from pps_pairs import read_pairs  # noqa: E402

from cleanup.checker import Checker  # noqa: E402
from cleanup.options import Options  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("test", "dev"), default="test")
    ap.add_argument("--select", action="append", default=None, help="detectors (default: spin)")
    ap.add_argument("--show", type=int, default=0, help="print N random findings of each kind")
    args = ap.parse_args()
    select = tuple(args.select or ["spin"])
    checker = Checker(Options(select=select))
    require(DATA / "tortured" / f"pairs.{args.split}.tsv")
    pairs = read_pairs(args.split, DATA / "tortured")
    spun = found = exact = expected_frames = false_frames = 0
    shown: dict[str, list[str]] = {"exact": [], "inexact": [], "false alarm": []}
    for p, alts, text, off, expected_text in framed_pairs(pairs):
        end = off + len(p.tortured)
        findings = checker.check(text)
        spun += 1
        hits = [f for f in findings if f.start < end and off < f.end]
        found += bool(hits)
        right = [f for f in hits if (f.start, f.end) == (off, end) and f.best
                 and f.best.lower() in alts]
        exact += bool(right)
        if hits:
            kind = "exact" if right else "inexact"
            shown[kind].append(f"{p.tortured!r} -> {hits[0].best!r} (expected {alts[0]!r}, "
                               f"{hits[0].confidence})")
        expected_frames += 1
        wrong = checker.check(expected_text)
        false_frames += bool(wrong)
        for f in wrong:
            shown["false alarm"].append(f"{expected_text!r}: {f.text!r} -> {f.best!r} ({f.confidence})")
    result = {
        "split": args.split, "select": list(select), "pairs": len(pairs), "frames": spun,
        "recall": round(found / spun, 4), "exact": round(exact / spun, 4),
        "precision": round(found / max(found + false_frames, 1), 4),
        "expected_frames_flagged": false_frames, "expected_frames": expected_frames,
    }
    print(" ".join(f"{k}={v}" for k, v in result.items()))
    rng = random.Random(0)
    for kind, items in shown.items():
        for line in rng.sample(items, min(args.show, len(items))):
            print(f"  {kind}: {line}")
    out = save(f"unseen_tortured_{args.split}", result)
    print(f"written {out}")


if __name__ == "__main__":
    main()
