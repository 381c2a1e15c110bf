"""The spin detector and its parts: language model, lemmas, spun-variant finder, calibrated
confidence, document spin score, and the generated data it reads.

Every check of the detector carries sentences on which it must fire and sentences on which it
must stay quiet, in the style of proselint.
"""

from __future__ import annotations

import csv
import gzip
import json

import pytest

from cleanup.checker import Checker
from cleanup.document import Document
from cleanup.findings import Finding
from cleanup.lemmas import analyses, reinflect
from cleanup.lm import UNKNOWN_LOGPROB, LMError, default_model, load_model, normalize_word
from cleanup.options import Options
from cleanup.resources import data_file
from cleanup.spindata import SpinModel, load_lexicon, load_model as load_spin_model, load_thesaurus
from cleanup.spinscore import document_features, gate, spin_floor, spin_score
from cleanup.variants import find_variants, spelling_variant

from .conftest import data_path

SPIN = Checker(Options(select=("spin",)))

# Spun wordings of well-known terms, and what they stood for.
MUST_FIRE = [
    ("We trained a profound learning model on the images.", "profound learning", "deep learning"),
    ("The classifier is an irregular woodland with 100 trees.", "irregular woodland", "random forest"),
    ("Each patient had a bosom peril screening last year.", "bosom peril", "breast cancer"),
    ("The counterfeit consciousness system answers questions.", "counterfeit consciousness",
     "artificial intelligence"),
]
# Ordinary prose, including the original terms themselves and words near the spun ones.
MUST_NOT_FIRE = [
    "We trained a deep learning model on the images.",
    "The classifier is a random forest with 100 trees.",
    "Secure sockets layer encrypts the traffic between the two hosts.",
    "The river runs through a deep gorge before it reaches the sea.",
    "Her profound knowledge of the law impressed the court.",
    "The armoured personnel carriers crossed the bridge at dawn.",
    "Profound Learning Ltd is a company in Leeds.",  # a name
]


# --- language model ---------------------------------------------------------------------

def test_default_model_prefers_real_terms_and_maps_unknowns_and_numbers():
    lm = default_model()
    assert lm.score(["deep", "learning"]) > lm.score(["profound", "learning"])
    assert lm.logprob("qzxvbwpt", ("the",)) == UNKNOWN_LOGPROB
    assert normalize_word("1990") == normalize_word("42")
    assert lm.known("learning") and not lm.known("qzxvbwpt")


def test_user_arpa_model_is_read(tmp_path):
    arpa = tmp_path / "tiny.arpa"
    arpa.write_text(
        "\\data\\\nngram 1=4\nngram 2=1\n\n\\1-grams:\n-1.0 <s> 0\n-1.0 </s> 0\n"
        "-0.5 deep -0.3\n-0.7 learning 0\n\n\\2-grams:\n-0.1 deep learning\n\n\\end\\\n")
    lm = load_model(str(arpa))
    assert lm.order == 2
    assert lm.logprob("learning", ("deep",)) == pytest.approx(-0.1, abs=0.01)
    assert lm.logprob("nothing", ()) == UNKNOWN_LOGPROB


def test_bad_model_paths_raise_one_line_errors(tmp_path):
    with pytest.raises(LMError, match="no such language model"):
        load_model(str(tmp_path / "missing.lm"))
    bad = tmp_path / "bad.arpa"
    bad.write_text("not a model\n")
    with pytest.raises(LMError):
        load_model(str(bad))


def test_cli_lm_option_and_config(run_cli, tmp_path):
    r = run_cli(["check", "--lm", str(tmp_path / "missing.lm")], "text\n")
    assert r.returncode == 2
    assert r.stderr.decode().count("\n") == 1 and "language model" in r.stderr.decode()
    (tmp_path / ".cleanup.toml").write_text('lm = "nowhere.arpa"\n')
    r = run_cli(["check"], "text\n", cwd=tmp_path)
    assert r.returncode == 2 and "nowhere.arpa" in r.stderr.decode()


# --- lemmas and variants -------------------------------------------------------------------

@pytest.mark.parametrize("word, lemma, form", [
    ("networks", "network", "s"), ("studies", "study", "s"), ("stopped", "stop", "ed"),
    ("making", "make", "ing"), ("children", "child", "s"), ("went", "go", "ed")])
def test_analyses_and_reinflect_round_trip(word, lemma, form):
    assert (lemma, form) in analyses(word)
    assert reinflect(lemma, form) == word


def test_spelling_variants_are_not_synonyms():
    assert spelling_variant("colour", "color") and spelling_variant("organise", "organize")
    assert not spelling_variant("huge", "big") and not spelling_variant("bosom", "breast")


def _variants(text):
    doc = Document(text)
    return [(" ".join(c.observed), " ".join(c.suggestion))
            for c in find_variants(doc, load_lexicon(), load_thesaurus())]


def test_variants_are_found_and_inflected():
    assert ("profound learning", "deep learning") in _variants("It uses profound learning.")
    assert ("irregular woodlands", "random forests") in _variants("They are irregular woodlands.")


def test_no_variant_of_a_term_as_written_or_inside_a_longer_term():
    assert _variants("It uses deep learning.") == []
    assert not [v for v in _variants("Secure sockets layer is old.") if v[0] == "secure sockets"]


def test_names_acronyms_and_protected_regions_are_skipped():
    assert _variants("We met Profound Learning yesterday.") == []
    doc = Document("Run `profound learning` now.", filetype="markdown")
    assert find_variants(doc, load_lexicon(), load_thesaurus()) == []


# --- the detector ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, spun, original", MUST_FIRE)
def test_must_fire(text, spun, original):
    findings = SPIN.check(text)
    assert [(f.text, f.best) for f in findings] == [(spun, original)]
    f = findings[0]
    assert f.rule == "spin/lexicon-variant" and 0.5 <= f.confidence <= 1.0
    assert text[f.start:f.end] == f.text


@pytest.mark.parametrize("text", MUST_NOT_FIRE)
def test_must_not_fire(text):
    assert SPIN.check(text) == []


def test_fix_restores_the_term_in_the_text_case():
    assert SPIN.fix("Profound learning works.").text == "Deep learning works."


def test_confidence_is_monotone_in_the_rank():
    model = load_spin_model()
    values = [model.confidence(r / 20) for r in range(1, 20)]
    assert values == sorted(values) and 0 < values[0] and values[-1] < 1


def test_spin_is_quiet_on_clean_development_text():
    text = data_path("clean", "wikitext2.valid.txt").read_text(encoding="utf-8")
    findings = Checker().check(text)
    assert len(findings) / len(text.split()) * 10_000 <= 1.0


# --- the document spin score -----------------------------------------------------------------

def _hit(detector, confidence):
    return Finding("-", 1, 1, 0, 1, "x", detector, detector, "", (), confidence)


def test_score_rises_with_evidence_density():
    model = load_spin_model()
    scores = [spin_score([_hit("phrasebook", 0.9)] * n, 300, model) for n in (0, 2, 5, 20)]
    assert scores == sorted(scores) and scores[0] < 0.5 < scores[-1]
    assert document_features([_hit("phrasebook", 0.2)], 0, model)["phrasebook_weak"] == 1.0


def test_spun_documents_report_weaker_spin_findings():
    model = SpinModel(report_at=0.9, spun_report_at=0.6, spun_document_at=0.8)
    weak, strong = _hit("spin", 0.7), _hit("spin", 0.95)
    assert gate([weak, strong], 0.1, model) == [strong]
    assert gate([weak, strong], 0.9, model) == [weak, strong]
    assert spin_floor(0.9, model) == 0.6


def test_score_separates_real_spun_and_clean_passages():
    wild = data_path("spun-wild-dev")
    checker = Checker()
    spun = [checker.analyse(checker.document(p.read_text(encoding="utf-8"))).spin_score
            for p in sorted(wild.glob("spun_*.txt"))]
    clean = [checker.analyse(checker.document(p.read_text(encoding="utf-8"))).spin_score
             for p in sorted(wild.glob("clean_*.txt"))]
    assert sum(s >= 0.5 for s in spun) >= 25 and sum(s >= 0.5 for s in clean) <= 1


def test_score_command_and_json_summary(run_cli, tmp_path):
    (tmp_path / "spun.txt").write_text(
        "It is one in every of the best. We tend to square measure happy. "
        "It is additionally nice. The program is accustomed to fix it.\n")
    (tmp_path / "clean.txt").write_text("This is an ordinary sentence about the weather.\n")
    r = run_cli(["score", "spun.txt", "clean.txt"], cwd=tmp_path)
    assert r.returncode == 0
    rows = [line.split("\t") for line in r.stdout.decode().splitlines()]
    assert [row[3] for row in rows] == ["spun.txt", "clean.txt"]
    assert float(rows[0][0]) > 0.5 > float(rows[1][0])
    r = run_cli(["score", "--above", "0.5", "spun.txt", "clean.txt"], cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.decode().count("\n") == 1
    r = run_cli(["check", "--format", "json", "clean.txt"], cwd=tmp_path)
    assert set(json.loads(r.stdout)["summary"]["spin_score"]) == {"clean.txt"}


# --- the generated data ----------------------------------------------------------------------

def _gz_rows(name):
    with gzip.open(data_file(name).open("rb"), "rt", encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]


def test_thesaurus_rows_parse_sorted_and_unique():
    rows = _gz_rows("thesaurus.tsv.gz")
    words = [r[0] for r in rows]
    assert words == sorted(words) and len(words) == len(set(words)) > 10_000
    for word, rest in rows:
        items = [i.split("/") for i in rest.split(" ")]
        assert all(len(i) == 2 and i[0] != word and i[1] and set(i[1]) <= set("wlagm")
                   for i in items), word  # every original has a source (cleanup.variants)


def test_lexicon_rows_parse_and_science_terms_come_from_dev_pairs_only():
    rows = _gz_rows("lexicon.tsv.gz")
    terms = [r[0] for r in rows]
    assert terms == sorted(terms) and len(terms) == len(set(terms))
    assert all(2 <= len(t.split()) <= 4 for t in terms)
    with open(data_path("tortured", "pairs.test.tsv"), encoding="utf-8", newline="") as fh:
        test_tortured = {row["tortured"] for row in csv.DictReader(fh, delimiter="\t",
                                                                      quoting=csv.QUOTE_NONE)}
    assert not test_tortured & set(terms)


def test_readme_states_the_shipped_thresholds():
    from .conftest import ROOT

    model = load_spin_model()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"confidence {model.report_at:g} or more" in readme
    assert f"spin score is {model.spun_document_at:g} or more, from {model.spun_report_at:g}" in readme


def test_model_file_is_complete():
    data = json.loads(data_file("spin-model.json").read_text(encoding="utf-8"))
    model = SpinModel(**data)
    assert model.candidate_weights and model.restore_weights and model.document_weights
    assert 0.5 <= model.spun_report_at <= model.report_at <= 1


def test_precomputed_options_of_common_words_equal_computed_ones(tmp_path, monkeypatch):
    """The disk-cached options of common words (used for long texts) are exactly what
    word_options computes, and a long text finds the same variants with and without them."""
    from cleanup import variants
    from cleanup.spindata import Lexicon

    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(variants, "COMMON_WORDS", 3000)
    shipped, thesaurus = load_lexicon(), load_thesaurus()
    sources = [data_file("lexicon.tsv.gz"), data_file("thesaurus.tsv.gz")]
    for attempt in ("built", "loaded from the cache"):
        lexicon = Lexicon.from_state(shipped.state())
        variants.add_common_options(lexicon, thesaurus, sources)
        table = lexicon.common_options
        assert len(table) == 3000, attempt
        words = list(table)
        find_variants(Document(" ".join(words)), lexicon, thesaurus)  # takes the table's options
        fresh = Lexicon.from_state(shipped.state())
        assert all(tuple(lexicon.options[w]) == tuple(variants.word_options(w, fresh, thesaurus))
                   for w in words), attempt
    text = "We trained a profound learning model with a arbitrary woodland. " * 20
    doc = Document(text)
    plain = Lexicon.from_state(shipped.state())
    assert sorted((c.first, c.term) for c in find_variants(doc, lexicon, thesaurus)) == \
        sorted((c.first, c.term) for c in find_variants(doc, plain, thesaurus))
    assert any(c.term == ("deep", "learning") for c in find_variants(doc, lexicon, thesaurus))


def test_lexicon_unpacked_on_demand_finds_what_the_built_trie_holds():
    """The lexicon keeps its subtrees marshalled and unpacks each on first look-up: that gives
    the trie the terms build, in any order of look-ups, again and again, and after the memory
    of unpacked words has been cleared."""
    from cleanup.cache import Unpacking
    from cleanup.spindata import Lexicon

    terms = {("deep", "learning"): "wordnet", ("deep", "sea", "diver"): "bigram",
             ("random", "forest"): "pps", ("dense", "forest"): "bigram"}
    built = Lexicon(terms)
    assert built.following("deep") == {"learning": {None: "wordnet"},
                                       "sea": {"diver": {None: "bigram"}}}
    assert built.preceding("forest") == frozenset({"random", "dense"})
    shipped, thesaurus = load_lexicon(), load_thesaurus()
    lazy, whole = Lexicon.from_state(shipped.state()), Lexicon.from_state(shipped.state())
    firsts = sorted(shipped.first_words)[::50]
    expected = {w: whole.following(w) for w in firsts}
    assert all(lazy.following(w) == expected[w] for w in reversed(firsts))
    assert all(lazy.following(w) is lazy.following(w) for w in firsts[:20])  # remembered
    assert all(lazy.preceding(w) == whole.preceding(w) for w in sorted(shipped.second_words)[::50])
    assert lazy.following("qwzxv") is None and lazy.preceding("qwzxv") is None
    assert ("deep", "learning") in lazy and ("deep", "qwzxv") not in lazy and () not in lazy
    small = Unpacking(shipped.first_words, limit=3)
    assert [small[w] for w in firsts[:10]] == [expected[w] for w in firsts[:10]] and len(small) <= 3
    whole = Lexicon.from_state(shipped.state())
    text = ("We trained a profound learning model with an irregular woodland of choice trees. "
            "The counterfeit consciousness community met in a bosom peril ward.\n\n") * 5
    doc = Document(text)
    found = [(c.first, c.term, c.suggestion) for c in find_variants(doc, lazy, thesaurus)]
    assert found and found == [(c.first, c.term, c.suggestion)
                               for c in find_variants(doc, whole, thesaurus)]
