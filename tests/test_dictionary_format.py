"""The phrasebook file format and its loader's error messages."""

import pytest

from cleanup.dictionary import DictionaryError, load_phrasebook, parse_entry, parse_phrasebook


def test_full_entry_parses():
    e = parse_entry("greater than\tmore than|over\tbefore=#num not_after=is|are confidence=0.7 inflect=noun")
    assert e.replacements == ("more than", "over")
    assert e.before == frozenset({"#num"})
    assert e.not_after == frozenset({"is", "are"})
    assert e.confidence == 0.7
    assert e.inflect == frozenset({"noun"})


def test_directives_set_file_defaults():
    book = parse_phrasebook("#: kind = tortured\n#: confidence = 0.6\n# comment\n\nfoo bar\tbaz\n")
    assert book.kind == "tortured"
    assert book.confidence_of(book.entries[0]) == 0.6


@pytest.mark.parametrize("line, reason", [
    ("lonely", "found no TAB"),
    ("a\tb\tc\td", "at most 3"),
    ("\tb", "empty spun phrase"),
    ("a  b\tc", "extra whitespace"),
    ("a\t", "empty replacement"),
    ("a\tb|b", "listed twice"),
    ("a\tb\tbefore=", "not key=value"),
    ("a\tb\tbefore=#nope", "unknown class"),
    ("a\tb\tconfidence=2", "between 0 and 1"),
    ("a\tb\tconfidence=x", "must be a number"),
    ("a\tb\tinflect=adjective", "inflect="),
    ("a\tb\tcolour=red", "unknown option"),
    ("a\tb\tcase=upper", "case="),
    ("a\tA", "the spun phrase itself"),
    ("a\tb\tbefore=x before=y", "given twice"),
])
def test_malformed_lines_report_file_and_line(line, reason):
    with pytest.raises(DictionaryError) as err:
        parse_phrasebook("# header\n" + line + "\n", source="user.tsv")
    assert str(err.value).startswith("user.tsv:2: ")
    assert reason in str(err.value)


def test_duplicates_are_rejected():
    with pytest.raises(DictionaryError, match="user.tsv:3: duplicate of line 1"):
        parse_phrasebook("foo bar\tbaz\nother\tx\nFoo  Bar\tqux\n".replace("  ", " "), source="user.tsv")


def test_same_phrase_with_other_conditions_is_not_a_duplicate():
    book = parse_phrasebook("12 months\tyear\tafter=this\n12 months\tyear\tafter=next confidence=0.4\n")
    assert len(book.entries) == 2


def test_load_missing_and_undecodable_files(tmp_path):
    with pytest.raises(DictionaryError, match="no such dictionary file"):
        load_phrasebook(tmp_path / "missing.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(b"caf\xe9\tcafe\n")
    with pytest.raises(DictionaryError, match="not UTF-8"):
        load_phrasebook(bad)
