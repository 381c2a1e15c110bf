"""Phrase matching: case, whitespace, inflection, possessives and context conditions."""

import pytest

from cleanup.dictionary import parse_phrasebook
from cleanup.document import Document
from cleanup.matcher import PhraseMatcher, match_case

BOOK = parse_phrasebook("\n".join([
    "one in every of\tone of",
    "chill out\trelax\tinflect=verb",
    "profound network\tdeep network\tinflect=noun",
    "greater than\tmore than\tbefore=#num",
    "12 months\tyear\tafter=next|last|this|per",
    "keep away from\tavoid\tinflect=verb",
    "commercial enterprise\tbusiness\tinflect=noun",
    "jot down code\twrite code\tinflect=verb",
    "0.33-party\tthird-party",
    "Associate in Nursing\tan\tcase=exact",
]))
MATCHER = PhraseMatcher([BOOK])


def found(text):
    doc = Document(text)
    return [(m.text(doc), m.suggestions(doc)[0]) for m in MATCHER.find(doc)]


@pytest.mark.parametrize("text, expected", [
    ("It is one in every of the best.", [("one in every of", "one of")]),
    ("ONE IN EVERY OF them", [("ONE IN EVERY OF", "ONE OF")]),
    ("One in every of them", [("One in every of", "One of")]),
    ("One In Every Of Them", [("One In Every Of", "One Of")]),
    ("one  in\nevery   of them", [("one  in\nevery   of", "one of")]),
])
def test_case_and_whitespace(text, expected):
    assert found(text) == expected


def test_paragraph_break_stops_a_phrase():
    assert found("one in\n\nevery of them") == []


@pytest.mark.parametrize("text, expected", [
    ("They chill out rules.", ("chill out", "relax")),
    ("She chills out", ("chills out", "relaxes")),
    ("We chilled out.", ("chilled out", "relaxed")),
    ("chilling out now", ("chilling out", "relaxing")),
    ("profound networks work", ("profound networks", "deep networks")),
    ("He kept away from it", ("kept away from", "avoided")),
    ("He has jotted down code", ("jotted down code", "written code")),
    ("He jotted down code", ("jotted down code", "wrote code")),
])
def test_inflection(text, expected):
    assert found(text) == [expected]


def test_possessive_is_carried_over():
    assert found("your commercial enterprise's goals") == [
        ("commercial enterprise's", "business's")]


def test_before_condition_needs_a_number():
    assert found("greater than 5,000 people") == [("greater than", "more than")]
    assert found("greater than $5 each") == [("greater than", "more than")]
    assert found("greater than or equal to") == []
    assert found("greater than twelve") == [("greater than", "more than")]


def test_after_condition():
    assert found("over the next 12 months") == [("12 months", "year")]
    assert found("a 12 months contract") == []


def test_glued_punctuation_must_stay_glued():
    assert found("a 0.33-party library") == [("0.33-party", "third-party")]
    assert found("a 0.33 - party library") == []


def test_case_exact_entries():
    assert found("is Associate in Nursing example") == [("Associate in Nursing", "an")]
    assert found("is associate in nursing example") == []


def test_lexical_capitals_follow_sentence_position():
    assert match_case("Associate in Nursing", "an", at_sentence_start=True, source_caps_are_lexical=True) == "An"
    assert match_case("Associate in Nursing", "an", source_caps_are_lexical=True) == "an"


def test_longest_match_wins():
    book = parse_phrasebook("software program\tsoftware\nsoftware program improvement\tsoftware development\n")
    doc = Document("our software program improvement team")
    assert [m.text(doc) for m in PhraseMatcher([book]).find(doc)] == ["software program improvement"]


def test_earlier_books_win():
    user = parse_phrasebook("one in every of\tone among\n", source="user.tsv")
    doc = Document("one in every of")
    m = next(PhraseMatcher([user, BOOK]).find(doc))
    assert m.variant.book.name == "user"
