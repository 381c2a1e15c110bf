"""The unicode detector: examples that must and must not fire, line endings, protected regions,
and quiet on clean text."""

from __future__ import annotations

import pytest

from cleanup.checker import Checker
from cleanup.options import Options

from .conftest import data_path

UNICODE = Checker(Options(select=("unicode",)))

MUST_FIRE = [
    ("He said donâ€™t go.", "unicode/mojibake", "He said don’t go."),
    ("The cafÃ© was open.", "unicode/mojibake", "The café was open."),
    ("SeÃ±or Ã‰mile", "unicode/mojibake", "Señor Émile"),
    ("We ﬁrst found the ofﬂine ﬁle.", "unicode/ligature", "We first found the offline file."),
    ("a soft\u00adhyphen", "unicode/invisible", "a softhyphen"),
    ("zero\u200bwidth", "unicode/invisible", "zerowidth"),
    ("bell\x07 here", "unicode/invisible", "bell here"),
    ("It was con-\nsidered a success.", "unicode/hyphenation", "It was considered\na success."),
    ("It was con-\r\nsidered a success.", "unicode/hyphenation", "It was considered\r\na success."),
    ("the gov-\n  ernment", "unicode/hyphenation", "the government"),
]

MUST_NOT_FIRE = [
    "A naïve café in São Paulo, “quoted” — with dashes… and 5 × 3 = 15 ° C.",
    "日本語のテキスト and Ünïcödé.",
    "A family: 👨\u200d👩\u200d👧 and a flag 🏳\ufe0f\u200d🌈.",
    "a well-\nknown author and a self-\nesteem problem",
    "tab\tseparated\r\nlines",
    "Fußgänger über Straße",
]


@pytest.mark.parametrize("text, rule, fixed", MUST_FIRE)
def test_must_fire(text, rule, fixed):
    findings = UNICODE.check(text)
    assert findings and {f.rule for f in findings} == {rule}
    assert all(text[f.start:f.end] == f.text for f in findings)
    assert UNICODE.fix(text).text == fixed


@pytest.mark.parametrize("text", MUST_NOT_FIRE)
def test_must_not_fire(text):
    assert UNICODE.check(text) == []


def test_protected_regions_are_left_alone():
    text = "Use `cafÃ©` in code.\n\n```\nﬁle\n```\n"
    assert UNICODE.check(text, filetype="markdown") == []


def test_quiet_on_clean_text():
    for name in ("wikitext2.valid.txt", "wikitext2.test.txt"):
        text = data_path("clean", name).read_text(encoding="utf-8")
        assert UNICODE.check(text) == []
