"""The spelling detector: OCR garble that must be repaired, English that must be left alone."""

from __future__ import annotations

import pytest

from cleanup.checker import Checker
from cleanup.detectors.spelling import candidates, english_like, segment
from cleanup.options import Options

from .conftest import data_path

SPELLING = Checker(Options(select=("spelling",)))

MUST_FIX = [
    ("He met the prisoeer at the station.", "He met the prisoner at the station."),
    ("It was tbe last train.", "It was the last train."),
    ("He was charged at the police-eourt.", "He was charged at the police-court."),
    ("Then hWr mother came home.", "Then her mother came home."),
    ("The wvas nothing left.", "The was nothing left."),  # the garble goes; grammar is not ours
    ("Theoy came back late.", "They came back late."),
    ("He said he would j ust wait.", "He said he would just wait."),
    ("She went to tlie market.", "She went to the market."),
    ("He was bro1ught up on remand.", "He was brought up on remand."),  # a digit in a word
    ("The pro- ceodings were long.", "The proceedings were long."),  # broken at a line end
]

MUST_NOT_TOUCH = [
    "Mr Winhurst met Mrs Pemberton in Leeds.",          # names inside a sentence
    "NASA and the BBC reported 5 kPa at 30 mbar.",      # acronyms and units
    "By the 4th century, and again in the 1990s and the 21st, it grew.",  # ordinals, decades
    "The lobster Homarus gammarus lives in the Atlantic.",  # a species epithet after a name
    "A façade, a détente and a première.",              # accented spellings of English words
    "The floatplanes and cantonments were old.",        # inflections of known words
    "We use lectotype and redshift data.",              # rare but English-looking words
    "The word zorblax appears twice: zorblax.",         # a repeated unknown word is a term
    "a b and c, the W and O king",                      # letters and capitals are not split words
    "In the 1990s, 3rd and 21st places went to mp3 files.",  # numbers with letters
    "He lived at Church- street, in a two- or three-room flat.",  # compounds, suspended hyphens
]


@pytest.mark.parametrize("text, fixed", MUST_FIX)
def test_must_fix(text, fixed):
    assert SPELLING.fix(text).text == fixed


@pytest.mark.parametrize("text", MUST_NOT_TOUCH)
def test_must_not_touch(text):
    assert SPELLING.check(text) == []


def test_real_word_errors_only_in_evidently_garbled_text():
    garbled = "The prisoeer said tbat lie was innocent of tbe charge."
    assert ("lie", "he") in [(f.text, f.best) for f in SPELLING.check(garbled)]
    assert SPELLING.check("They said lie detectors were used in the trial.") == []


def test_uncertain_corrections_are_reported_below_the_threshold_only():
    text = "It was his redshirt season."  # English-looking: maybe a rare word
    quiet = SPELLING.check(text)
    loud = Checker(Options(select=("spelling",), min_confidence=0.3)).check(text)
    assert quiet == [] and [f.text for f in loud] == ["redshirt"] and loud[0].confidence < 0.5


def test_candidates_prefer_ocr_confusions():
    costs = candidates("rnoney")
    assert costs["money"] < costs.get("honey", 99)
    assert segment("aboutthe") == ["about", "the"] and segment("underprepared") is None
    assert english_like("lectotype") and not english_like("thbt")


def test_protected_regions_are_left_alone():
    assert SPELLING.check("Run `prisoeer --tbe` now.", filetype="markdown") == []


def test_quiet_on_clean_development_text():
    text = data_path("clean", "wikitext2.valid.txt").read_text(encoding="utf-8")
    findings = Checker(Options(select=("spelling", "unicode"))).check(text)
    assert len(findings) / len(text.split()) * 10_000 <= 1.0


@pytest.mark.parametrize("word", ["tbe", "rnodcl", "rnodxl", "wvas", "lectotype", "prisoeer",
                                  "qqqq", "thbt", "arrnv", "modei"])
def test_confusion_readings_decide_deferral_as_the_cheap_candidates_would(word):
    """Whether a word's costly readings wait is decided from its OCR-confusion readings
    alone; plain edits cost more than two confusions, so the cheap candidates agree."""
    from cleanup.detectors.spelling import CONFUSION_COST, candidates, confusion_readings

    cheap = candidates(word, cheap=True)
    readings = confusion_readings(word)
    assert readings.items() <= cheap.items()
    assert (min(readings.values(), default=99) > 2 * CONFUSION_COST) == \
        (min(cheap.values(), default=99) > 2 * CONFUSION_COST)


def test_plain_edits_of_english_looking_words_only_in_garbled_text():
    """ "drawets" could be a rare word in clean prose, so a plain edit only flags it there; in
    text that is evidently OCR output, a reading that leads widely is applied."""
    clean = "He said that he had bought some bread from the drawets at the market on Monday."
    assert SPELLING.fix(clean).text == clean
    quiet = Checker(Options(select=("spelling",), min_confidence=0.0)).check(clean)
    assert [(f.text, f.best) for f in quiet] == [("drawets", "drawers")] and quiet[0].confidence < 0.5
    garbled = ("The prisoeer was charged at the police-eourt with stealing soime money from "
               "the drawets of a shop.")
    assert SPELLING.fix(garbled).text == ("The prisoner was charged at the police-court with "
                                          "stealing some money from the drawers of a shop.")


@pytest.mark.parametrize("text, fixed", [
    ("He said that he had bought soime bread and cheese at the market on Monday.",
     "He said that he had bought some bread and cheese at the market on Monday."),
    ("He madle a long speech to the jury.", "He made a long speech to the jury."),
])
def test_a_misspelling_far_ahead_of_every_other_reading_is_fixed_in_clean_text(text, fixed):
    """A plain edit that the language model prefers to every other reading by
    MISSPELLING_MARGIN is a misspelling wherever it stands; it is no sign of OCR garble."""
    findings = SPELLING.check(text)
    assert [f.rule for f in findings] == ["spelling/misspelling"]
    assert SPELLING.fix(text).text == fixed


@pytest.mark.parametrize("text", [
    "The redshirt freshman started every game of the season.",
    "The lectotype of the species is kept in the museum in London.",
])
def test_rare_words_and_narrow_readings_are_not_misspellings(text):
    assert SPELLING.fix(text).text == text


def test_stray_letters_are_removed_only_in_garbled_text():
    """A lone consonant between words is a speck in OCR output, and a variable or a name in
    prose: it goes only where the text is evidently garbled."""
    garbled = "The prisoeer was charged at the police-eourt r with stealing a watch d from the shop."
    assert SPELLING.fix(garbled).text == ("The prisoner was charged at the police-court with "
                                          "stealing a watch from the shop.")
    clean = "He drew the x axis and ran a t test, as plan b required."
    assert SPELLING.check(clean) == []


GARBLED = "The prisoeer was charged at the police-eourt with stealing a watch from the shop. "


@pytest.mark.parametrize("text, fixed", [
    # specks read as letters and marks
    ("He was then e called to the box.", "He was then called to the box."),
    ("He was then _~ called to the box.", "He was then called to the box."),
    ("He said it . was so.", "He said it. was so."),
    # spaced punctuation and quotes
    ("Where was he ? Nobody knew .", "Where was he? Nobody knew."),
    ('He said, " No, not I . " and left.', 'He said, "No, not I." and left.'),
    ('The word " rider " was added.', 'The word "rider" was added.'),
    # marks glued to the front of a word
    ("They *was |her -the 'of friends.", "They was her the of friends."),
    ("He said ,omitted it.", "He said, omitted it."),
    # junk words the sentence reads far better without
    ("He then ib went to the police station.", "He then went to the police station."),
])
def test_specks_and_junk_go_in_garbled_text(text, fixed):
    assert SPELLING.fix(GARBLED + text).text == SPELLING.fix(GARBLED).text + fixed


def test_archaic_words_are_no_junk():
    """"ye" reads worse to a modern language model, but it is a word of older English."""
    text = "How sweetly ye float over the wild flowery dells."
    assert SPELLING.fix(GARBLED + text).text == SPELLING.fix(GARBLED).text + text


@pytest.mark.parametrize("text, fixed", [
    # capitals with a stray lowercase letter are garble, and are read in capitals
    ("EXECUTION IN MEXIeo.", "EXECUTION IN MEXICO."),
    ("The SAvAEG ATTACK ON A CONSTABLE.", "The SAVAGE ATTACK ON A CONSTABLE."),
    # a word read again once its garbled neighbour is corrected ("nman" -> "man", then
    # "bad" -> "had"; "bad" was read beside "nman" first)
    ("For the past few days a white-haired old nman bad been noticed walking up and down the street.",
     "For the past few days a white-haired old man had been noticed walking up and down the street."),
    # words broken by a full stop
    ("He joined the regi. ment in May. Evi. dence was given. He was hand. cuffed.",
     "He joined the regiment in May. Evidence was given. He was handcuffed."),
    # words joined by an apostrophe or a full stop instead of a space
    ("It was part of'the plan. He did not'know. If you.stand there.",
     "It was part of the plan. He did not know. If you stand there."),
    # inside a sentence, a capitalised non-word that is a very common word garbled
    ("He told Ihim that he would come on IFriday next.",
     "He told him that he would come on Friday next."),
    # but not names, even if a name or a word is near ("Clinton", "Lawrence", "Victoria")
    ("He went with Mr. Clipton to see Lawrance and Vittoria at the inn.",
     "He went with Mr. Clipton to see Lawrance and Vittoria at the inn."),
    # a real word misread: "u" read as "a"
    ("He had been there bat a short time.", "He had been there but a short time."),
    # a word only the language model knows, misread ("ho" for "he")
    ("Mr. Bodkin said ho was quite willing.", "Mr. Bodkin said he was quite willing."),
    # two closing marks where English sets one: the second is a speck
    ("He lived at Blackhills-road,. Then Cottage,, and he opened.. it.",
     "He lived at Blackhills-road, Then Cottage, and he opened. it."),
    # not: an abbreviation and a comma, inner full stops, an ellipsis
    ("It was John Smith, Esq., and e.g.. this, and so... on.",
     "It was John Smith, Esq., and e.g.. this, and so... on."),
    # specks and digits inside a word
    ("He a~nd I w'ere there for mo'ments w4ith them.", "He and I were there for moments with them."),
    # not: contractions, possessives, o'clock, quotes, abbreviations, names of hosts, formulas
    ("They're o'er the mp3 in rock'n'roll, ma'am. The x^2 and a*b and foo_bar. He'll go.",
     "They're o'er the mp3 in rock'n'roll, ma'am. The x^2 and a*b and foo_bar. He'll go."),

    ("At six o'clock he's there, they'll go, don't. He said 'the end' came. See www.the.org, "
     "e.g. this. St. John's.",
     "At six o'clock he's there, they'll go, don't. He said 'the end' came. See www.the.org, "
     "e.g. this. St. John's."),
    # not: a sentence ends and the next begins, or the halves make no common word
    ("He went home. Ing was there. See the appendix. ment is a suffix. It was dark. and cold. "
     "The Co. upon whom it fell.",
     "He went home. Ing was there. See the appendix. ment is a suffix. It was dark. and cold. "
     "The Co. upon whom it fell."),
])
def test_garbled_capitals_and_garbled_neighbours(text, fixed):
    assert SPELLING.fix(GARBLED + text).text == SPELLING.fix(GARBLED).text + fixed


@pytest.mark.parametrize("text", [
    "He went to see the McDONALD brothers.",
    "He works at PricewaterhouseCoopers and YouTube now.",
    "They met at the JGBs and URLs desk.",
    "The XMLHttpRequest and HTTPServer classes.",
])
def test_names_and_identifiers_in_mixed_case_are_not_garble(text):
    assert SPELLING.fix(GARBLED + text).text == SPELLING.fix(GARBLED).text + text


@pytest.mark.parametrize("text", [
    "The constant k filters use k as the ratio of the constants.",  # a letter used twice
    "Planets b and c orbit Upsilon Andromedae b closely.",        # names and lists
    "It took 5 m and 4 s in all.",                                 # units after numbers
    "- a list item\n* another one\n> a quote",                     # marks at a line start
    "It was, as they say ... well, over. And so on ...",           # a spaced ellipsis
    'He read "Hamlet" and "Lear" aloud.',                          # quotes on their words
    "DEAN v DEAN. In the suit of Mr J Smith, Wm Jones spoke.",     # versus, initials
    "One night 'twas dark, 'tis said, and they 'round the fire.",  # elisions
    "He called it 'the end' and left. Here lies a fool. . . So be it.",  # quotes, ellipsis
    "Run it with -v or -q, as the manual says.",                   # options in prose
    "It is told in the Epitome de Caesaribus of the 4th century.",  # a name's particle
])
def test_specks_spare_variables_units_names_and_markup(text):
    assert SPELLING.fix(GARBLED + text).text == SPELLING.fix(GARBLED).text + text


def test_lone_letters_alone_do_not_make_text_garbled():
    """Lone letters count as garble only beside some other sign of it: prose uses them."""
    text = "He drew the x axis and ran a t test, as plan b required, then left."
    assert SPELLING.check(text) == [] and SPELLING.fix(text).text == text


def test_a_text_spacing_its_marks_by_convention_keeps_them():
    """Older printing (and French) sets a space before ! ? ; : as a rule."""
    text = GARBLED + "Alas ! Who comes there ? A friend ; and more : all of us !"
    assert SPELLING.fix(text).text == SPELLING.fix(GARBLED).text + text[len(GARBLED):]


def test_early_modern_english_is_not_taken_for_garble():
    """A text that writes "ye", "hath", "vnto" as a rule spells in its own way: its short
    words and spaced marks stay, and its plain-edit readings are not trusted."""
    text = ("The prisoeer was charged at the police-eourt. And ye shall haue it, for he hath "
            "sayd so ; how sweetly ye float vnto the shore !")
    fixed = SPELLING.fix(text).text
    assert fixed.startswith("The prisoner was charged at the police-court.")
    assert fixed.endswith("for he hath sayd so ; how sweetly ye float vnto the shore !")


def test_far_readings_for_heavily_garbled_words():
    from cleanup.detectors.spelling import far_readings

    assert far_readings("caipentbr")["carpenter"] == 2
    assert "carpenter" not in candidates("caipentbr")  # only in garbled text
    assert "carpenter" in candidates("caipentbr", far=True)


def test_old_spellings_are_no_plain_edit_garble():
    """In garbled text a plain edit of an English-looking word is trusted, but not one that
    only undoes Early Modern spelling ("tolde", "suche", "alwayes", "seruant"): historical
    texts keep theirs."""
    garbled = ("The prisoeer was charged at the police-eourt with stealing soime money. He tolde us "
               "suche a tale, as he alwayes did, and soone his seruant came.")
    assert SPELLING.fix(garbled).text == (
        "The prisoner was charged at the police-court with stealing some money. He tolde us "
        "suche a tale, as he alwayes did, and soone his seruant came.")


def test_old_spellings_stay_in_early_modern_english():
    """In a text that spells as Early Modern English, even a clear OCR-confusion reading that
    only modernises a word ("receiued", "vnderstood") is no correction."""
    text = ("The prisoeer was charged. And ye shall haue it, for he hath receiued it and "
            "vnderstood it, as ye knowe.")
    assert SPELLING.fix(text).text == text.replace("prisoeer", "prisoner")


def test_words_after_english_capitals_are_checked():
    """After a capitalised word that is English ("Thursday", "Burnley") a word is checked;
    after one that is not ("Homarus gammarus", MUST_NOT_TOUCH) it is spared."""
    assert SPELLING.fix("On Thursday forernoon a Burnley manufscturer was charged.").text == \
        "On Thursday forenoon a Burnley manufacturer was charged."


def test_garbled_words_are_evidence_and_rare_words_are_not():
    """An unknown word English does not spell like is garble even when its reading is unsure;
    an English-looking one may be a rare word."""
    from cleanup.detectors.spelling import garbled_word
    from cleanup.garble import confident_correction

    assert garbled_word("thbt") and not garbled_word("lectotype") and not garbled_word("Thbt")
    quiet = Checker(Options(select=("spelling",), min_confidence=0.0))
    [garbled] = quiet.check("It was not a wvaszh.")
    assert garbled.rule == "spelling/garbled-word" and confident_correction(garbled)
    [rare] = quiet.check("It was his redshirt season.")
    assert rare.rule == "spelling/unknown-word" and not confident_correction(rare)


def test_a_name_one_confusion_from_a_common_name_in_garbled_text():
    """In garbled text a name one OCR confusion from a common one is read as it ("Jobn");
    a name a plain edit from another ("Clipton", "Lawrance") stays (see above)."""
    assert SPELLING.fix(GARBLED + "Then Mrs Jobn Smith spoke.").text == \
        SPELLING.fix(GARBLED).text + "Then Mrs John Smith spoke."
    assert SPELLING.fix("Then Mrs Jobn Smith spoke.").text == "Then Mrs Jobn Smith spoke."


def test_implausible_inflections_are_no_words():
    """"heing" is no -ing form of "he" and "carlled" no past of "carl", so in garbled text they
    are read as garble; "travelled" and "respited" are inflections English writes."""
    assert SPELLING.fix(GARBLED + "Then heing charged, he was carlled to the dock.").text == \
        SPELLING.fix(GARBLED).text + "Then being charged, he was called to the dock."
    assert SPELLING.check("The prisoners travelled and were respited.") == []


def test_words_in_protected_regions_are_no_garble_evidence():
    """"https" in a URL looks like garble, but the checker drops findings there; counted as
    evidence it made "async" read as "sync" beside it."""
    quiet = Checker(Options(select=("spelling",), min_confidence=0.0))
    [unsure] = quiet.check("async functions https://x.org/one-in-every-of ")
    assert unsure.text == "async" and unsure.confidence < 0.5


def test_a_word_broken_at_a_line_end_is_read_as_garble_in_any_text():
    """"appre- henderi" is OCR output even in a text that shows no other garble: its plain-edit
    and far readings are confident, where an English-looking unknown word alone ("apprehenderi")
    would only be reported quietly."""
    from cleanup.detectors.spelling import SpellingDetector
    from cleanup.document import Document

    det = SpellingDetector(Options())
    clean = " The court sat on Monday, and the clerk read the charge to the jury."
    broken = [f for f in det.detect(Document("The constable had appre- henderi the man." + clean))
              if f.text == "appre- henderi"]
    assert [f.best for f in broken] == ["apprehended"] and broken[0].confidence >= 0.5
    alone = [f for f in det.detect(Document("The constable had apprehenderi the man." + clean))
             if f.text == "apprehenderi"]
    assert all(f.confidence < 0.5 for f in alone)
    # A compound whose halves are words is no broken garble: "well- known" is left to unicode.
    assert not [f for f in det.detect(Document("A well- known man." + clean)) if "well" in f.text]


@pytest.mark.parametrize("text, fixed", [
    ("He sawthe man in the street.", "He saw the man in the street."),
    ("He stole a numberof watches.", "He stole a number of watches."),
    ("Then theKnight rode home.", "Then the Knight rode home."),  # each word keeps its case
])
def test_words_run_together_by_a_lost_space_are_split_in_any_text(text, fixed):
    """A lost space between a function word and another word is OCR output even where nothing
    else is garbled; a rare English-looking word alone would only be reported quietly."""
    assert SPELLING.fix(text).text == fixed


@pytest.mark.parametrize("text", [
    "Withall he beshrew the knight.",           # old compounds of a function word
    "The redshirt and the gameplan were new.",  # modern compounds of two content words
])
def test_compounds_are_not_words_run_together(text):
    assert SPELLING.fix(text).text == text


def test_marks_between_or_inside_common_words_are_garble_in_any_text():
    """"of'the" and "w'ere" are OCR output even in a sentence with no other garble; a name
    before the mark is a romanisation or a host name."""
    assert SPELLING.fix("It was part of'the plan.").text == "It was part of the plan."
    assert SPELLING.fix("They w'ere there on Monday.").text == "They were there on Monday."
    for text in ("He was taken to Chang'an in the spring.", "See the Narnia.it web site."):
        assert SPELLING.fix(text).text == text


def test_a_lone_slip_is_garble_unless_archaic_forms_stand_beside_it():
    """An English-looking non-word one edit from a very common word ("saime") is a slip when it
    is the only one in a short text without archaic forms; archaic forms beside it mean a
    spelling of the text's own."""
    assert SPELLING.fix("Many leople came to see him.").text == "Many people came to see him."
    # (a typist's slip too; its margin is too small for a misspelling)
    assert SPELLING.fix("He wrote that he would recieve the parcel on Monday.").text == \
        "He wrote that he would receive the parcel on Monday."
    text = "Many leople came to thee, as ye know."                  # archaic forms
    assert SPELLING.fix(text).text == text


def test_a_short_text_with_two_words_a_plain_edit_from_common_words_is_garbled():
    """Two English-looking non-words in a sentence, each a plain edit from a word of ten
    million occurrences, are OCR's; one alone, readings that are rare words ("chiral"), archaic
    forms, or a long text keep them quiet."""
    assert SPELLING.fix("He was shob at in front of the house, and his throst was cut.").text == \
        "He was shot at in front of the house, and his throat was cut."
    assert SPELLING.fix("Many leople came to the hoase.").text == "Many people came to the house."
    for text in ("He was shob at in front of the house last night.",
                 "The achiral allenes were made for the synthesis of roseophilin.",
                 "He was shob at in front of the house, and his throst was cut, as ye know."):
        assert SPELLING.fix(text).text == text
    # words in a URL are no evidence: the checker does not report them
    text = "The drawets were empty; see https://example.com/hoase/leople for more."
    assert SPELLING.fix(text).text == text
    assert SPELLING.fix("The drawets were empty; the hoase and the leople were gone.").text == \
        "The drawers were empty; the house and the people were gone."
    long_text = "He was shob at in front of the house, and his throst was cut. " + \
        "The night was quiet and the streets of the town were empty. " * 8
    assert SPELLING.fix(long_text).text == long_text


@pytest.mark.parametrize("text, fixed", [
    ("The ExECUTION took place.", "The EXECUTION took place."),
    ("He waS there, althoUgh late.", "He was there, although late."),
])
def test_known_words_in_a_garbled_case_are_recased_in_any_text(text, fixed):
    assert SPELLING.fix(text).text == fixed


def test_ll_read_as_a_capital_u_is_read_back_in_any_text():
    """Some OCR engines read "ll" as "U" ("wiU", "aU", "feUow"); the reading stands when it
    makes a listed word, and a U that makes none is only recased ("althoUgh")."""
    assert SPELLING.fix("I wiU teU you aU that I know; WeU, it was a feUow.").text == \
        "I will tell you all that I know; Well, it was a fellow."
    assert SPELLING.fix("He came althoUgh late.").text == "He came although late."
    # one engine's habit on every "ll", no sign that the text's rare words are garble
    assert SPELLING.fix("He wiU keep the drawets in the hall.").text == \
        "He will keep the drawets in the hall."
    for text in ("The USB port and the McCULLOUGH case.", "An aUdio file."):
        assert SPELLING.fix(text).text == text


def test_names_and_brands_in_camel_case_keep_their_case():
    text = "The iPod, eBay, iOS, McCarty, PlayStation and YouTube."
    assert SPELLING.fix(text).text == text


def test_a_misread_function_word_is_read_in_any_text():
    """"bad" for "had" reads far worse in its sentence; the reading stands without garble
    around it, and only towards a common function word."""
    assert SPELLING.fix("She bad struck the prisoner twice.").text == "She had struck the prisoner twice."
    for text in ("He had a bad cold all winter.", "The tie was red and the hut was small."):
        assert SPELLING.fix(text).text == text


def test_a_garbled_title_before_a_name_is_mr():
    assert SPELLING.fix("Then lr. Smith and NMr. Jones came.").text == "Then Mr. Smith and Mr. Jones came."
    text = "Then Sr. Mary, Dr. Who, Mir. Khan and St. Paul came. He went home. Then he left."
    assert SPELLING.fix(text).text == text


def test_known_edits_and_confusions_by_shape_equal_all_of_them():
    # In garbled text the plain-edit and OCR-confusion neighbours of a word are found from the
    # known words' prefixes and suffixes: the same sets as all of the word's edits (confusions)
    # kept if known.
    from cleanup.detectors.spelling import (_confused, _confusions_by_shape, _edits1,
                                            _edits_by_shape, _word_shapes)
    from cleanup.wordlist import vocabulary

    from .conftest import data_path

    known = vocabulary().counts
    lines = data_path("ocr", "bln600.train.tsv").read_text(encoding="utf-8").splitlines()[1:1500]
    words = {w.strip(".,;:!?\"()").lower() for line in lines for w in line.split("\t")[1].split()}
    words |= {"", "a", "q", "tbe", "thw", "ll", "aa", "don't", "well-known", "naïve", "x1y", "zzzz"}
    words |= {c for w in list(words)[:500] for c in _confused(w)}  # (the second confusion)
    shapes = _word_shapes()
    differ = [w for w in words if _edits_by_shape(w, known, *shapes) != known.keys() & _edits1(w)]
    assert not differ and len(words) > 3000
    differ = [w for w in words if _confusions_by_shape(w, known, *shapes) != known.keys() & _confused(w)]
    assert not differ


def test_far_readings_worked_out_together_equal_one_by_one():
    # Garbled text works out its words' far readings in one edit-distance matrix per length:
    # the same readings, in the same order, as one word at a time.
    from cleanup.detectors import spelling
    from cleanup.wordlist import vocabulary

    from .conftest import data_path

    known = vocabulary().counts
    lines = data_path("ocr", "bln600.train.tsv").read_text(encoding="utf-8").splitlines()[1:400]
    words = {w.strip(".,;:!?\"()'").lower() for line in lines for w in line.split("\t")[1].split()}
    words = {w for w in words if len(w) >= 4 and w.isalpha() and w not in known} | {"morliieg"}
    spelling._far_known.clear()
    spelling.prefetch_far_readings(words)
    together = dict(spelling._far_known)
    spelling._far_known.clear()
    assert len(together) > 100 and any(together.values())
    for word, readings in together.items():
        assert list(readings.items()) == list(spelling.far_readings.__wrapped__(word).items()), word


def test_document_decisions_count_each_kind_as_the_definition_says():
    """decide() counts each kind of evidence in one pass; the counts must be those of the
    definition: a kind's entries whose word the document writes fewer than twice."""
    from collections import Counter
    from types import SimpleNamespace

    from cleanup.detectors import spelling as sp

    kinds = (sp.DEFERRED, sp.EARLY, sp.CONFIDENT, sp.SIGN, sp.NEAR, sp.SLIP)
    evidence = Counter({sp.WORDS_KEY: 50, sp.ARCHAIC_KEY: 1, "tbe": 2, "mnan": 1, "wonian": 1})
    for i, kind in enumerate(kinds):
        evidence[(kind, "tbe")] += i + 1      # written twice: never counted
        evidence[(kind, "mnan")] += 2 * i + 1
        evidence[(kind, None)] += 1
    evidence[(sp.LETTER, "t")] = 4           # lone letters are no decision count
    seen = {}

    def spy(name):
        def record(*args):
            seen.setdefault(name, []).append(args)
            return False
        return record

    det = sp.SpellingDetector(sp.Options())
    originals = {name: getattr(sp, name) for name in ("costly", "garbled", "_slipped", "_lone_slip")}
    try:
        for name in originals:
            setattr(sp, name, spy(name))
        det.decide(evidence)
    finally:
        for name, function in originals.items():
            setattr(sp, name, function)

    def defined(kind):
        return sum(n for key, n in evidence.items() if type(key) is tuple and key[0] == kind
                   and (key[1] is None or evidence.get(key[1], 0) < 2))

    counts = SimpleNamespace(**{k: defined(k) for k in ("deferred", "early", "confident", "sign", "slip")},
                             near=defined(sp.NEAR))
    assert counts.deferred == 2 and counts.slip == 12  # (the fixture itself: mnan and None)
    assert seen["costly"] == [(counts.deferred, counts.early, 50)]
    assert seen["garbled"] == [(counts.confident, counts.sign, 50)]
    assert seen["_slipped"] == [(counts.near, 1, 50)]
    assert seen["_lone_slip"] == [(counts.slip, 1, 50)]
