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
    ("He was sub- sequently taken.", "unicode/hyphenation", "He was subsequently taken."),
    ("He was con- ut victed of it.", "unicode/hyphenation", "He was convicted of it."),
    ("It was de- of clared void.", "unicode/hyphenation", "It was declared void."),
    # a hyphenated word broken after its hyphen keeps the hyphen; beside a function word the
    # hyphen is a stray mark
    ("He lived in Church- street then.", "unicode/hyphenation", "He lived in Church-street then."),
    ("a well- known author", "unicode/hyphenation", "a well-known author"),
    ("He cut his throat- with a razor.", "unicode/hyphenation", "He cut his throat with a razor."),
]

MUST_NOT_FIRE = [
    "A naïve café in São Paulo, “quoted” — with dashes… and 5 × 3 = 15 ° C.",
    "日本語のテキスト and Ünïcödé.",
    "A family: 👨\u200d👩\u200d👧 and a flag 🏳\ufe0f\u200d🌈.",
    "a well-\nknown author and a self-\nesteem problem",
    "tab\tseparated\r\nlines",
    "Fußgänger über Straße",
    "A two- to three-fold rise, pre- and post-war, first- or second-class.",
    "the self- of course esteem",  # a stray scrap is skipped only towards an English word
    "Religions- oder Kirchengemeinschaft",  # a suspended hyphen in a quoted German name
    "the self- and peer-reviewed work",
    "the sarne- kind of man",  # a half that is no word: left to the spelling detector
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


def test_ftfy_is_asked_whenever_it_could_repair():
    """The cheap gate in front of ftfy (which is slow to import) must never hide a repair:
    random runs built from mojibake pieces, accented letters, dashes, C1 controls, "?" and
    spaces are repaired exactly as ftfy itself repairs them."""
    import random

    import ftfy

    from cleanup.detectors.unicode import repair_encoding

    pieces = ["Ã©", "Ã", "â€™", "â€", "Â", "Â ", "é", "ü", "–", "—", "’", "\x93", "\x85", "?", " ",
              "\x1a", "a", "b", "Ã?", "‚Äô", "Ð¿Ñ€", "ï»¿", "Ã¼", "ÃŸ", "£", "ñ", "ç", "”", "†",
              "‡", "•", "Ä", "Å", "Ñ", "Ð", "Î", "Ù", "ð", "Ÿ", "©", "\xa0", "√", "Ω", "║",
              "‡—A", "‡—", "Ã¢â‚¬â„¢", "Ã\xa0", "Ã ", "â€ ", "Ã¢â€ž"]
    rng = random.Random(7)
    repaired = 0
    for _ in range(4000):
        run = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
        expected = ftfy.fix_encoding(run)
        assert repair_encoding(run) == expected, run
        repaired += expected != run
    # and runs of any characters of the code pages ftfy reads UTF-8 bytes in
    from cleanup.detectors.unicode import CODE_PAGES

    chars = sorted(set().union(*(bytes(range(0x80, 0x100)).decode(p, "ignore") for p in CODE_PAGES)))
    for _ in range(4000):
        run = "".join(rng.choice(chars + [" ", "?", "a"]) for _ in range(rng.randint(1, 4)))
        expected = ftfy.fix_encoding(run)
        assert repair_encoding(run) == expected, run
        repaired += expected != run
    assert repaired > 1000  # the samples hold real mojibake, not only clean runs
    for clean in ["Dürenstein", "Velázquez's", "–", "1805–06", "café,", "naïve"]:
        assert repair_encoding(clean) == clean


def test_the_gate_covers_ftfys_own_utf8_clues():
    """ftfy repairs UTF-8 mojibake piecemeal where its character classes match; each of them
    must lie inside the class the gate uses for it."""
    import re

    from ftfy.chardata import UTF8_CLUES

    from cleanup.detectors.unicode import _read_as

    def chars(cls):
        return {c for c in map(chr, range(0x80, 0x10000)) if re.fullmatch(cls, c)}

    ours = {"utf8_first_of_2": _read_as(0xC2, 0xDF), "utf8_first_of_3": _read_as(0xE0, 0xEF),
            "utf8_first_of_4": _read_as(0xF0, 0xF4), "utf8_continuation": _read_as(0x80, 0xBF)}
    for name, cls in ours.items():
        theirs = chars(f"[{UTF8_CLUES[name]}]")
        assert theirs and theirs <= chars(cls), (name, sorted(theirs - chars(cls))[:10])
