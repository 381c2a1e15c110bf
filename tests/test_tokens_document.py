"""The document model: tokens, gaps, sentences, lines and protected regions."""

from cleanup.document import Document
from cleanup.markup import filetype_for_path, protected_regions
from cleanup.tokens import BARRIER, GLUED, SPACED, gap_kind, phrase_tokens, tokenize


def test_tokens_cover_every_non_space_character():
    text = "It's 5,000 km-long — “quoted” 0.33-party e.g. done.\n"
    toks = tokenize(text)
    covered = "".join(text[t.start:t.end] for t in toks)
    assert covered == "".join(text.split())
    assert all(text[t.start:t.end] == t.text for t in toks)


def test_tokens_with_spaces_tile_the_text():
    text = "  Tab\there,\r\n\n5,000 “words” "
    toks = Document(text).all_tokens
    assert "".join(t.text for t in toks) == text
    assert [t.kind for t in toks][:4] == ["space", "word", "space", "word"]
    assert all(toks[i].end == toks[i + 1].start for i in range(len(toks) - 1))


def test_token_kinds_and_norms():
    toks = tokenize("Customer’s 5,000 ideas!")
    assert [(t.kind, t.norm) for t in toks] == [
        ("word", "customer's"), ("number", "5,000"), ("word", "ideas"), ("punct", "!")]


def test_gap_kinds():
    text = "a b\nc\n\nd"
    assert gap_kind(text, 1, 2) == SPACED
    assert gap_kind(text, 3, 4) == SPACED
    assert gap_kind(text, 5, 7) == BARRIER
    assert gap_kind("ab", 1, 1) == GLUED


def test_phrase_tokens_record_glue():
    assert phrase_tokens("0.33-party") == (("0.33", SPACED), ("-", GLUED), ("party", GLUED))


def test_line_and_column_are_one_based():
    doc = Document("ab\ncd\r\nef")
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(4) == (2, 2)
    assert doc.line_col(7) == (3, 1)
    assert doc.line_text(2) == "cd"


def test_sentences_respect_abbreviations_and_paragraphs():
    doc = Document("Dr. Smith left. He said so.\n\nNew paragraph e.g. here")
    assert [doc.text[s:e] for s, e in doc.sentences] == [
        "Dr. Smith left.", "He said so.", "New paragraph e.g. here"]
    assert doc.sentence_at(20) == doc.sentences[1]


def test_filetype_from_extension():
    assert filetype_for_path("a.md") == "markdown"
    assert filetype_for_path("A.HTML") == "html"
    assert filetype_for_path("paper.tex") == "latex"
    assert filetype_for_path("notes.rst") == "rst"
    assert filetype_for_path("notes.txt") == "text"
    assert filetype_for_path(None) == "text"


def _protected(text, filetype):
    return [text[s:e] for s, e, _ in protected_regions(text, filetype)]


def test_urls_and_emails_are_protected_everywhere():
    text = "Mail me@example.org or see https://x.org/one-in-every-of, please."
    assert _protected(text, "text") == ["me@example.org", "https://x.org/one-in-every-of"]


def test_markdown_code_and_links_are_protected():
    text = "Text `inline code` here.\n\n```python\nx = 1\n```\n\n[link](http://a.b/c) and <b>tag</b>\n"
    prot = _protected(text, "markdown")
    assert "`inline code`" in prot
    assert any(p.startswith("```python") for p in prot)
    assert "](http://a.b/c)" in prot
    assert "<b>" in prot and "</b>" in prot


def test_html_tags_attributes_and_code_bodies_are_protected():
    text = '<p class="one in every of">Hi</p> text <pre>one in every of</pre> <!-- c -->'
    doc = Document(text, filetype="html")
    for part in ('<p class="one in every of">', "<pre>one in every of</pre>", "<!-- c -->"):
        start = text.index(part)
        assert all(doc.is_protected(i, i + 1) for i in range(start, start + len(part))), part
    assert not doc.is_protected(text.index("Hi"), text.index("Hi") + 2)
    assert not doc.is_protected(text.index("text"), text.index("text") + 4)


def test_latex_commands_math_and_keys_are_protected():
    text = r"See \cite{one-in-every-of} and $x > 5$ with \emph{words}."
    prot = _protected(text, "latex")
    assert r"\cite{one-in-every-of}" in prot
    assert "$x > 5$" in prot
    assert r"\emph" in prot
    assert "words" not in "".join(prot)


def test_rst_literals_are_protected():
    text = "Use ``one in every of`` and :code:`x`.\n\n.. note:: hidden\n"
    prot = _protected(text, "rst")
    assert "``one in every of``" in prot
    assert ":code:`x`" in prot


def test_is_protected_checks_overlap():
    doc = Document("see `code` here", filetype="markdown")
    assert doc.is_protected(4, 10)
    assert doc.is_protected(8, 12)
    assert not doc.is_protected(11, 15)


def test_url_starts_found_by_substring_search_equal_the_regular_expressions():
    """URL starts are found with str.find for speed; they must be exactly where the pattern
    of URL starts matches, overlapping and mixed-case marks included."""
    import random

    from cleanup import markup

    rng = random.Random(5)
    pieces = ["http", "https", "://", "www.", "WWW.", "mailto:", "doi:", "ftp", "sftp", "file", "x",
              "a.b", "/", ".", " ", "s", "w", "Http", ":", "ww"]
    for _ in range(5000):
        lowered = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10))).lower()
        assert markup._url_starts(lowered) == [m.start() for m in markup._URL_START.finditer(lowered)]
