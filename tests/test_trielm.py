"""The trie reader of pocketsphinx's binary model gives exactly pocketsphinx's values."""

from __future__ import annotations

import random

import pytest

from cleanup import trielm
from cleanup.cache import dump_arrays, load_arrays
from cleanup.lm import LMError, PocketsphinxModel, TrieModel, default_model_path, load_model


@pytest.fixture(scope="module")
def tables():
    with open(default_model_path(), "rb") as fh:
        return trielm.unpack(fh.read())


@pytest.fixture(scope="module")
def pocketsphinx_model():
    return PocketsphinxModel(default_model_path())


def _words(tables) -> list[str]:
    return bytes(tables["words"]).decode("utf-8").split("\0")[:-1]


def test_counts_and_vocabulary(tables):
    words = _words(tables)
    assert len(words) == len(tables["ug_prob"]) == 72_547
    assert len(tables["bg_w1"]) == tables["ug_next"][-1]
    assert len(tables["tg_w1"]) == tables["bg_next"][-1]
    t = trielm.TrieTables(tables)
    assert [t.word_id(w) for w in ("the", words[0], words[-1], "Qxzvbw")] == \
        [words.index("the"), 0, len(words) - 1, -1]


def test_same_integers_as_pocketsphinx(tables, pocketsphinx_model):
    """Existing trigrams and bigrams, random word triples (every back-off path), and the rows of
    the ranges that are not sorted, where only pocketsphinx's own search finds them."""
    t = trielm.TrieTables(tables)
    words = _words(tables)
    rng = random.Random(7)
    queries = [[rng.choice(words) for _ in range(rng.choice((1, 2, 3)))] for _ in range(20_000)]
    bigram_of = {}  # bigram row -> (w1, w2)
    for w2 in rng.sample(range(len(words)), 300):
        for row in range(tables["ug_next"][w2], tables["ug_next"][w2 + 1]):
            bigram_of[row] = (tables["bg_w1"][row], w2)
            queries.append([words[tables["bg_w1"][row]], words[w2]])
    for row in list(tables["unsorted_bg"]) + rng.sample(sorted(bigram_of), 200):
        w2 = next(w for w in range(len(words)) if tables["ug_next"][w] <= row < tables["ug_next"][w + 1])
        w1 = tables["bg_w1"][row]
        for k in range(tables["bg_next"][row], tables["bg_next"][row + 1]):
            queries.append([words[tables["tg_w1"][k]], words[w1], words[w2]])
    assert len(tables["unsorted_bg"]) == 2  # in this model; each range is queried above
    for query in queries:
        expected = pocketsphinx_model._model.prob(list(reversed(query)))
        assert int(t.raw([t.word_id(w) for w in query])) == expected, query


def test_model_logprobs_match(pocketsphinx_model, tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path))
    trie = TrieModel.open(default_model_path())  # built, then read back mapped
    again = TrieModel.open(default_model_path())
    text = ("the committee will meet on tuesday to discuss the new rules of the game and "
            "profound learning of chill out rules in one in every of the qxzvbw cases").split()
    for i, word in enumerate(text):
        history = tuple(text[max(0, i - 2):i])
        assert trie.logprob(word, history) == again.logprob(word, history) \
            == pocketsphinx_model.logprob(word, history)
    assert trie.known("committee") and not trie.known("qxzvbw")


def test_default_model_is_read_from_the_cache_unless_there_is_none(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path))
    load_model.cache_clear()
    try:
        assert isinstance(load_model(None), TrieModel)
        assert list(tmp_path.glob("trigram-model-*.arrays"))
        load_model.cache_clear()
        monkeypatch.setenv("CLEANUP_NO_CACHE", "1")  # unpacking on every run would be slower
        assert isinstance(load_model(None), PocketsphinxModel)
        load_model.cache_clear()
        monkeypatch.delenv("CLEANUP_NO_CACHE")
        blocked = tmp_path / "a-file"
        blocked.write_text("")
        monkeypatch.setenv("CLEANUP_CACHE_DIR", str(blocked / "cache"))  # cannot be created
        assert isinstance(load_model(None), PocketsphinxModel)
    finally:
        load_model.cache_clear()


def test_damaged_trie_file_is_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path / "cache"))
    with open(default_model_path(), "rb") as fh:
        head = fh.read(2_000_000)
    damaged = tmp_path / "cut.lm.bin"
    damaged.write_bytes(head)  # cut short
    load_model.cache_clear()
    try:
        with pytest.raises(LMError) as err:
            load_model(str(damaged))
        assert "\n" not in str(err.value) and "cut.lm.bin" in str(err.value)
    finally:
        load_model.cache_clear()


def test_other_orders_are_left_to_pocketsphinx():
    with pytest.raises(trielm.TrieError):
        trielm.unpack(trielm.MAGIC + bytes([2]) + bytes(100))
    with pytest.raises(trielm.TrieError):
        trielm.unpack(b"\\data\\\nngram 1=3\n")


def test_arrays_round_trip_through_the_cache_format(tables):
    small = {name: tables[name] for name in ("ug_prob", "bg_prob", "word_slots")}
    views = load_arrays(dump_arrays(small))
    assert {name: list(view) for name, view in views.items()} == \
        {name: list(values) for name, values in small.items()}
    with pytest.raises(ValueError):
        load_arrays(dump_arrays(small)[:-100])
