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

BLN600 gives its articles sentence by sentence, and by default each sentence is checked alone,
as the published baselines were measured. ``--by-article`` checks the sentences of one article
together, as one document separated by blank lines (as a user checks a file): the garble
evidence of the whole article then decides how boldly its sentences are repaired. CER is
computed per sentence either way.

Sets (see ../shared/data/README.md): ``bln600`` (train = dev, test), ``overproof`` (train and
dev = dev, test), ``icdar2017`` (dev only).

Usage: python benchmarks/ocr.py [--set bln600] [--split test] [--select unicode] [--limit N]
                               [--by-article]
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
from dataclasses import replace

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


def records(name: str, split: str, with_ids: bool = False):
    """(ocr, truth) of every record, or (id, ocr, truth) ``with_ids``."""
    path = require(DATA / FILES[(name, split)])
    if path.suffix == ".tsv":
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                ocr, truth = _unescape(row["ocr"]), _unescape(row["truth"])
                yield (row["id"], ocr, truth) if with_ids else (ocr, truth)
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            yield (obj["id"], obj["ocr"], obj["truth"]) if with_ids else (obj["ocr"], obj["truth"])


def fixed_by_article(checker: Checker, rows: list[tuple[str, str, str]]):
    """(ocr, truth, FixResult) per sentence, each article's sentences fixed as one document
    (BLN600 ids are ``<article>-<sentence>``). The result's findings are moved back to offsets
    in their sentence."""
    from itertools import groupby

    from cleanup.checker import FixResult

    for _, group in groupby(rows, key=lambda row: row[0].rsplit("-", 1)[0]):
        group = list(group)
        ocrs = [ocr for _, ocr, _ in group]
        joined = "\n\n".join(ocrs)
        result = checker.fix(joined) if not any("\n\n" in o for o in ocrs) else None
        parts = result.text.split("\n\n") if result else []
        if len(parts) != len(ocrs):  # a repair crossed a sentence boundary: check them alone
            for _, ocr, truth in group:
                yield ocr, truth, checker.fix(ocr)
            continue
        start = 0
        for (_, ocr, truth), text in zip(group, parts):
            end = start + len(ocr)
            applied = [replace(f, start=f.start - start, end=f.end - start)
                       for f in result.applied if start <= f.start and f.end <= end]
            yield ocr, truth, FixResult(ocr, text, applied)
            start = end + 2


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
    ap.add_argument("--by-article", action="store_true",
                    help="BLN600: check each article's sentences together as one document")
    args = ap.parse_args()
    wanted = [d for d in args.select.split(",") if d in REGISTRY]
    if not wanted:
        sys.exit(f"none of {args.select} is available in this version")
    checker = Checker(Options(select=tuple(wanted), jobs=1))
    edits_before = edits_after = truth_chars = right_words = harmed = n = changed = 0
    rows = list(records(args.name, args.split, with_ids=True))
    if args.limit:
        rows = rows[:args.limit]
    if args.by_article and args.name != "bln600":
        sys.exit("--by-article is for bln600, whose records are sentences of articles")
    fixed = fixed_by_article(checker, rows) if args.by_article else (
        (ocr, truth, checker.fix(ocr)) for _, ocr, truth in rows)
    for ocr, truth, result in fixed:
        if not args.keep_truth_breaks:
            truth = re.sub(r"¬[ \t]*\r?\n[ \t]*", "", truth)
        n += 1
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
        "documents": "articles" if args.by_article else "records",
        "records_changed": changed, "cer_before": round(before, 5), "cer_after": round(after, 5),
        "cer_reduction": round((before - after) / before, 4) if before else 0.0,
        "right_words": right_words, "right_words_harmed": harmed,
        "harm_share": round(harmed / max(right_words, 1), 5),
    }
    for k, v in result.items():
        print(f"{k:22} {v}")
    tag = "+".join(wanted) + ("_by-article" if args.by_article else "")
    print(f"written {save(f'ocr_{args.name}_{args.split}_{tag}', result)}")


if __name__ == "__main__":
    main()
