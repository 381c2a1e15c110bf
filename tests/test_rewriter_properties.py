"""The rewriter's promises, checked on generated text: only reported spans change,
fixes are idempotent, and every finding's offsets slice the input to its text."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import cleanup
from cleanup.checker import Checker
from cleanup.dictionary import parse_phrasebook
from cleanup.resources import read_text
from cleanup.rewriter import Edit, apply_edits, compose

CHECKER = Checker()
SPUN = [e.spun for e in parse_phrasebook(read_text("spinner-en.tsv")).entries][::7]
SPUN += ["one in every of", "greater than 5,000", "this 12 months", "chilling out the rules",
         "commercial enterprise's", "by using using using", "with the aid of using using"]
WORDS = ["the", "a", "rules", "people", "5,000", "year", "One", "IN", "of", "best", "is", "Note:",
         "`code`", "https://x.org/one-in-every-of", "cleanup: ignore", "\u00e9t\u00e9"]
SEPARATORS = [" ", "  ", "\n", "\r\n", "\n\n", ", ", ". ", "\t"]

pieces = st.one_of(st.sampled_from(SPUN), st.sampled_from(WORDS),
                   st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8))
texts = st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), max_size=25).map(
    lambda parts: "".join(p + s for p, s in parts))
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(texts)
def test_findings_slice_their_text(text):
    for f in CHECKER.check(text):
        assert text[f.start:f.end] == f.text
        assert 0 <= f.start < f.end <= len(text)
        line_start = text.rfind("\n", 0, f.start) + 1
        assert f.line == text.count("\n", 0, f.start) + 1
        assert f.column == f.start - line_start + 1


@SETTINGS
@given(texts)
def test_fix_changes_only_reported_spans(text):
    result = CHECKER.fix(text)
    rebuilt, pos = [], 0
    for f in sorted(result.applied, key=lambda f: f.start):
        assert f.start >= pos, "applied findings overlap"
        assert text[f.start:f.end] == f.text
        rebuilt += [text[pos:f.start], f.suggestions[0]]
        pos = f.end
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == result.text


@SETTINGS
@given(texts)
@example("async capabilities\n\n12 months https://x.org/one-in-every-of ")  # "https" was garble evidence
@example("async capabilities\n\nlbks ")  # garble in another paragraph: rechecked alone, it read less boldly
@example("and therefore the emblem recognition rules ")  # two terms whose variants turn each other back
@example("12 months \x1f, ")  # the repaired text shows garble the original did not
def test_fix_is_idempotent(text):
    once = cleanup.fix(text)
    assert cleanup.fix(once) == once


@SETTINGS
@given(st.text(max_size=40), st.data())
def test_compose_equals_sequential_application(text, data):
    def edits_for(s):
        cuts = sorted(data.draw(st.lists(st.integers(0, len(s)), max_size=6, unique=True)))
        out = []
        for a, b in zip(cuts[::2], cuts[1::2]):
            if a < b:
                out.append(Edit(a, b, data.draw(st.text(max_size=5))))
        return out

    first = edits_for(text)
    middle = apply_edits(text, first)
    second = edits_for(middle)
    final = apply_edits(middle, second)
    assert apply_edits(text, compose(first, second, final)) == final


def test_chained_repairs_are_merged_into_one_span():
    result = CHECKER.fix("x by using using using y")
    assert result.text == "x by using y"
    assert [(f.text, f.suggestions[0]) for f in result.applied] == [("by using using using", "by using")]


spans = st.lists(st.tuples(st.integers(0, 30), st.sampled_from([0, 0, 1, 2, 3, 5]),
                           st.sampled_from([0.3, 0.6, 0.9])), max_size=15)


@SETTINGS
@given(spans)
def test_non_overlapping_keeps_what_a_pairwise_scan_keeps(generated):
    """The bisecting choice of non-overlapping findings equals the plain one: more confident,
    then longer, then earlier wins; zero-length spans included."""
    from cleanup.findings import Finding, non_overlapping

    findings = [Finding("-", 1, 1, a, a + n, "x", "d", "d/r", "", (), c) for a, n, c in generated]
    ranked = sorted(findings, key=lambda f: (-f.confidence, -(f.end - f.start), f.start))
    chosen: list[Finding] = []
    for f in ranked:
        if not any(f.overlaps(c) for c in chosen):
            chosen.append(f)
    assert non_overlapping(findings) == sorted(chosen, key=lambda f: (f.start, f.end))
