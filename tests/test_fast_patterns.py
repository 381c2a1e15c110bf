"""The spelling detector finds some patterns from a rarer part of them first (at C speed)
instead of trying them at every position: the matches must be exactly those of ``finditer``."""

from __future__ import annotations

import re

import pytest

from cleanup.detectors import spelling as sp

from .conftest import data_path

TRICKY = [
    "Mr. Smith, lr. Jones, Ir. Brown e.g. Bc. Dd x.ab. Cd Abc. Def Xy. Abc. Def 'Mr. Ox",
    "a.. b,,c ;. x.y.. 9.. é,, ,, é;: road,. Cottage,, opened.. Esq., e.g.,",
    "Alas ! Who comes ? A friend ; and more : all ! here? x:: y ?! z\t;\n9 :",
    "a *was and  .the x ,, y\t|her -the 'of ,omitted .and  **is -.the ~~",
    "", "!", " .ab", "ab. Cd", "x ! ", "a\u00a0: b",
]


def _plain(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.regs) for m in pattern.finditer(text)]


def _fast(matches) -> list:
    return [(m.span(), m.regs) for m in matches]


def _texts() -> list[str]:
    ocr = data_path("ocr", "bln600.train.tsv").read_text(encoding="utf-8").splitlines()[1:2000]
    clean = data_path("clean", "wikitext2.valid.txt").read_text(encoding="utf-8")[:300_000]
    return TRICKY + ["\n".join(line.split("\t")[1] for line in ocr), clean]


@pytest.mark.parametrize("name", ["titles", "conventional", "glued", "doubled"])
def test_fast_forms_find_what_finditer_finds(name):
    # the doubled-mark pattern is the original with its look-behinds moved after the first mark
    original_doubled = re.compile(r"(?<!\.[^\W\d_])(?<=[^\W\d_])([.,;])([.,;:])(?=[ \t\r\n)\]]|\Z)")
    found = 0
    for text in _texts():
        if name == "titles":
            plain = _plain(sp._TITLE, text)
            fast = _fast(sp._matches_before(sp._TITLE, sp._TITLE_STOP, text, (3, 2)))
        elif name == "conventional":
            plain = _plain(sp._CONVENTIONAL, text)
            fast = _fast(sp._matches_before(sp._CONVENTIONAL, sp._CONVENTIONAL_MARK, text, (2, 1)))
        elif name == "glued":
            plain, fast = _plain(sp._GLUED, text), _fast(sp._glued(text))
        else:
            plain, fast = _plain(original_doubled, text), _plain(sp._DOUBLED_MARK, text)
        assert fast == plain
        found += len(plain)
    assert found > 10  # the texts do hold matches
