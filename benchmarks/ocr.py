#!/usr/bin/env python3
"""Garble repair on real OCR data: character error rate before and after ``cleanup fix``.

For each record of an OCR post-correction set (OCR text and its ground truth) it runs
``cleanup fix --select DETECTORS`` on the OCR text and reports:

- CER before and after: character edit distance to the truth over the truth's length, summed
  over the set, and the relative reduction;
- harm: the share of OCR words that were already right (in a block that matches the truth word
  for word) and that a repair touched.

OverProof's ground truth keeps the print's line breaks and marks a word broken at a line end
with "¬" ("in¬\\nstalled"); the truth is compared with such breaks joined ("installed"), since
that is the word, and the OCR text keeps its "in-\\nstalled" (``--keep-truth-breaks`` compares
with the truth as published).

Sets (see ../shared/data/README.md): ``bln600`` (train = dev, test), ``overproof`` (train and
dev = dev, test), ``icdar2017`` (dev only).

Usage: python benchmarks/ocr.py [--set bln600] [--split test] [--select unicode] [--limit N]
"""

from __future__ import annotations

import argparse
import bisect
import csv
import difflib
import gzip
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _common import DATA, require, save  # noqa: E402

from rapidfuzz.distance import Levenshtein  # noqa: E402

from cleanup.checker import Checker  # noqa: E402
from cleanup.detectors import REGISTRY  # noqa: E402
from cleanup.options import Options  # noqa: E402

FILES = {
    ("bln600", "train"): "ocr/bln600.train.tsv", ("bln600", "test"): "ocr/bln600.test.tsv",
    ("overproof", "train"): "ocr/overproof.train.jsonl", ("overproof", "dev"): "ocr/overproof.dev.jsonl",
    ("overproof", "test"): "ocr/overproof.test.jsonl",
    ("icdar2017", "dev"): "ocr/icdar2017/eng_monograph.jsonl.gz",
}
_ESCAPE = re.compile(r"\\(.)")


def _unescape(cell: str) -> str:
    return _ESCAPE.sub(lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(m.group(1), m.group(0)), cell)


def records(name: str, split: str):
    path = require(DATA / FILES[(name, split)])
    if path.suffix == ".tsv":
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                yield _unescape(row["ocr"]), _unescape(row["truth"])
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            yield obj["ocr"], obj["truth"]


def right_word_spans(ocr: str, truth: str) -> list[tuple[int, int]]:
    """Character spans of OCR words that equal the truth's words in an aligned block."""
    spans = [m.span() for m in re.finditer(r"\S+", ocr)]
    ocr_words = [ocr[a:b] for a, b in spans]
    truth_words = truth.split()
    matcher = difflib.SequenceMatcher(None, ocr_words, truth_words, autojunk=False)
    return [spans[i] for block in matcher.get_matching_blocks() for i in range(block.a, block.a + block.size)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", dest="name", choices=("bln600", "overproof", "icdar2017"), default="bln600")
    ap.add_argument("--split", default="test")
    ap.add_argument("--select", default="spelling,unicode",
                    help="detectors (those not available in this version are skipped)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N records")
    ap.add_argument("--keep-truth-breaks", action="store_true",
                    help="compare with the truth's marked line-end breaks ('¬' + newline) as published")
    args = ap.parse_args()
    wanted = [d for d in args.select.split(",") if d in REGISTRY]
    if not wanted:
        sys.exit(f"none of {args.select} is available in this version")
    checker = Checker(Options(select=tuple(wanted), jobs=1))
    edits_before = edits_after = truth_chars = right_words = harmed = n = changed = 0
    for ocr, truth in records(args.name, args.split):
        if args.limit and n >= args.limit:
            break
        if not args.keep_truth_breaks:
            truth = re.sub(r"¬[ \t]*\r?\n[ \t]*", "", truth)
        n += 1
        result = checker.fix(ocr)
        edits_before += Levenshtein.distance(ocr, truth)
        edits_after += Levenshtein.distance(result.text, truth)
        truth_chars += len(truth)
        changed += result.changed
        spans = sorted((f.start, f.end) for f in result.applied)
        starts = [s for s, _ in spans]
        for a, b in right_word_spans(ocr, truth):
            right_words += 1
            i = bisect.bisect_left(starts, b) - 1
            harmed += i >= 0 and spans[i][1] > a
    before, after = edits_before / truth_chars, edits_after / truth_chars
    result = {
        "set": args.name, "split": args.split, "select": wanted, "records": n,
        "records_changed": changed, "cer_before": round(before, 5), "cer_after": round(after, 5),
        "cer_reduction": round((before - after) / before, 4) if before else 0.0,
        "right_words": right_words, "right_words_harmed": harmed,
        "harm_share": round(harmed / max(right_words, 1), 5),
    }
    for k, v in result.items():
        print(f"{k:22} {v}")
    tag = "+".join(wanted)
    print(f"written {save(f'ocr_{args.name}_{args.split}_{tag}', result)}")


if __name__ == "__main__":
    main()
