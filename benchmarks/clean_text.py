#!/usr/bin/env python3
"""False alarms on clean text: findings per 10,000 words at default settings.

Usage: python benchmarks/clean_text.py [--select phrasebook] [--min-confidence 0.5] [--show]
                                      [--by-paragraph]

``--by-paragraph`` checks every paragraph (blank-line separated) as a document of its own: the
strictest view of the document-level gates, which have least evidence in short documents.

Runs on WikiText-2 test (the reported figure), WikiText-2 valid and the 30 clean passages of
spun-wild-dev (development data), and writes benchmarks/results/clean_text.json.
"""

from __future__ import annotations

import argparse
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from _common import DATA, require, save  # noqa: E402

from cleanup.checker import Checker  # noqa: E402
from cleanup.options import DEFAULT_MIN_CONFIDENCE, Options  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--select", action="append", help="detectors or rules (default: all default ones)")
    ap.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    ap.add_argument("--show", action="store_true", help="print every finding")
    ap.add_argument("--by-paragraph", action="store_true",
                    help="check each paragraph as a document of its own")
    args = ap.parse_args()
    checker = Checker(Options(select=tuple(args.select) if args.select else None,
                              min_confidence=args.min_confidence))
    corpora = {
        "wikitext2.test (report)": [require(DATA / "clean" / "wikitext2.test.txt")],
        "wikitext2.valid (dev)": [require(DATA / "clean" / "wikitext2.valid.txt")],
        "spun-wild-dev clean_* (dev)": sorted((DATA / "spun-wild-dev").glob("clean_*.txt")),
    }
    results = {}
    for name, paths in corpora.items():
        words = findings = 0
        for path in paths:
            text = path.read_text(encoding="utf-8")
            words += len(text.split())
            documents = text.split("\n\n") if args.by_paragraph else [text]
            found = [f for doc in documents for f in checker.check(doc, path=str(path))]
            findings += len(found)
            if args.show:
                for f in found:
                    print(f"  {path.name}:{f.line}:{f.column}: {f.rule} {f.text!r} -> {f.best!r} ({f.confidence})")
        rate = findings / words * 10_000
        results[name] = {"words": words, "findings": findings, "per_10k_words": round(rate, 3)}
        print(f"{name:32} {words:>8} words {findings:>4} findings {rate:6.2f} per 10,000 words")
    out = save("clean_text" + ("_by_paragraph" if args.by_paragraph else ""),
               {"select": args.select, "min_confidence": args.min_confidence,
                "by_paragraph": args.by_paragraph, "results": results})
    print(f"written {out}")


if __name__ == "__main__":
    main()
