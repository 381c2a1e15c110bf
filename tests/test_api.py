"""The Python API of SPEC §3: cleanup.check and cleanup.fix."""

import cleanup


def test_check_and_fix():
    findings = cleanup.check("It is one in every of the best.")
    assert [(f.text, f.suggestions[0], f.detector) for f in findings] == [
        ("one in every of", "one of", "phrasebook")]
    assert cleanup.fix("It is one in every of the best.") == "It is one of the best."


def test_options_as_keywords():
    text = "It is one in every of the best."
    assert cleanup.check(text, allow=["one in every of"]) == []
    assert cleanup.check(text, ignore=["phrasebook"]) == []
    assert cleanup.check(text, min_confidence=1.0) == []
    assert cleanup.check("`one in every of`", filetype="markdown") == []


def test_checker_is_reusable_and_reports_remaining():
    checker = cleanup.Checker(cleanup.Options())
    result = checker.fix("one in every of them, one in every of us")
    assert result.text == "one of them, one of us" and result.changed
    assert len(result.applied) == 2 and result.remaining == []


def test_example_article_is_repaired_exactly():
    from .conftest import ROOT

    spun = (ROOT / "examples" / "spun-article.md").read_text(encoding="utf-8")
    fixed = (ROOT / "examples" / "spun-article.fixed.md").read_text(encoding="utf-8")
    assert cleanup.fix(spun, path="spun-article.md") == fixed
    assert cleanup.check(fixed, path="spun-article.fixed.md") == []
