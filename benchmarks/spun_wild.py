#!/usr/bin/env python3
"""Detection and restoration on the 30 real spun passages of spun-wild-dev (development data).

For every gold span (``spun span<TAB>original|alternative``) it counts:

- detected: at least one finding overlaps the span;
- restored: applying the findings that lie inside the span yields one of the gold readings;
- precision proxy: the share of findings that overlap some gold span (gold is not exhaustive,
  so findings outside gold spans are not necessarily wrong; they are listed with --show).

Usage: python benchmarks/spun_wild.py [--min-confidence 0.5] [--show]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import DATA, require, save  # noqa: E402

from cleanup.checker import Checker  # noqa: E402
from cleanup.options import DEFAULT_MIN_CONFIDENCE, Options  # noqa: E402
from cleanup.rewriter import apply_findings  # noqa: E402


def gold_spans(text: str, gold_path):
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        span, alts = line.split("\t")
        for m in re.finditer(re.escape(span), text):
            yield m.start(), m.end(), alts.split("|")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    checker = Checker(Options(min_confidence=args.min_confidence))
    spans = detected = restored = n_findings = in_gold = 0
    passages = sorted(require(DATA / "spun-wild-dev").glob("spun_*.txt"))
    for path in passages:
        text = path.read_text(encoding="utf-8")
        gold = list(gold_spans(text, path.with_name(path.stem + ".gold.tsv")))
        found = checker.check(text, path=path.name)
        for s, e, alts in gold:
            spans += 1
            overlapping = [f for f in found if f.start < e and s < f.end]
            detected += bool(overlapping)
            inside = [replace(f, start=f.start - s, end=f.end - s) for f in overlapping
                      if f.start >= s and f.end <= e]
            if inside:
                new, _ = apply_findings(text[s:e], inside)
                restored += new.lower() in [a.lower() for a in alts]
        for f in found:
            n_findings += 1
            hit = any(f.start < e and s < f.end for s, e, _ in gold)
            in_gold += hit
            if args.show and not hit:
                print(f"  outside gold: {path.name}:{f.line}: {f.text!r} -> {f.best!r}")
    clean_words = clean_findings = 0
    for path in sorted((DATA / "spun-wild-dev").glob("clean_*.txt")):
        text = path.read_text(encoding="utf-8")
        clean_words += len(text.split())
        clean_findings += len(checker.check(text))
    result = {
        "gold_spans": spans, "detected": detected, "restored": restored,
        "detected_share": round(detected / spans, 4), "restored_share": round(restored / spans, 4),
        "findings": n_findings, "findings_in_gold": in_gold,
        "precision_proxy": round(in_gold / max(n_findings, 1), 4),
        "spun_passages_flagged": None,
        "clean_passages_findings": clean_findings, "clean_words": clean_words,
    }
    flagged = sum(bool(checker.check(p.read_text(encoding="utf-8"))) for p in passages)
    result["spun_passages_flagged"] = flagged
    print(f"gold spans {spans}: detected {detected} ({detected / spans:.1%}), "
          f"restored exactly {restored} ({restored / spans:.1%})")
    print(f"findings {n_findings}, overlapping gold {in_gold} ({in_gold / max(n_findings, 1):.1%})")
    print(f"spun passages with at least one finding: {flagged}/{len(passages)}")
    print(f"clean passages: {clean_findings} findings in {clean_words} words")
    print(f"written {save('spun_wild', {'min_confidence': args.min_confidence, 'results': result})}")


if __name__ == "__main__":
    main()
