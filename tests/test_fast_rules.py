"""The array versions of the base model's attribute_ruler and lemmatizer give spaCy's own output."""
import json

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from tests.conftest import ROOT
from transforms.fast_rules import speed_up
from transforms.model_choice import choose_model
from transforms.text import normalise

ODD = [
    "", " ", "\n\n", "x",
    "Y'all gonna see it, ain't ya? Let's go. C'mon! I got ta leave; we gotta go.",
    "There is a man. There are men. He gets it, she got it and they get it.",
    "Headquarters said the ibis flew. The headquarters are closed.\n \t  \n\nNew paragraph  here .",
]


@pytest.fixture(scope="module")
def pair():
    stock = spacy.load(choose_model())
    fast = spacy.load(choose_model())
    assert speed_up(fast) == ["attribute_ruler", "lemmatizer"]
    return stock, fast


def _texts(n: int = 40) -> list[str]:
    lines = (ROOT / "corpora" / "wikinews" / "news_only.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    return ODD + [normalise(json.loads(line)["text"]) for line in lines]


def test_same_annotations_as_spacy(pair):
    stock, fast = pair
    assert "newsflow_attribute_ruler" in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    texts = _texts()
    attrs = [POS, TAG, DEP, HEAD, MORPH, LEMMA]
    for text, a, b in zip(texts, stock.pipe(texts), fast.pipe(texts)):
        assert np.array_equal(a.to_array(attrs), b.to_array(attrs)), text[:80]
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_the_same_doc_twice_gives_the_same_lemmas(pair):
    _, fast = pair  # the lemma memo is process-wide: a second pass must not drift
    texts = _texts(10)
    first = [[t.lemma_ for t in d] for d in fast.pipe(texts)]
    assert first == [[t.lemma_ for t in d] for d in fast.pipe(texts)]


def test_a_rule_it_cannot_express_keeps_spacys_component():
    nlp = spacy.load(choose_model())
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "zork", "OP": "+"}]], {"POS": "X"})
    assert speed_up(nlp) == ["lemmatizer"]
    assert "attribute_ruler" in nlp.pipe_names
    assert [t.pos_ for t in nlp("The zork zork ran.")][1:3] == ["X", "X"]


def test_stock_lemmatizer_stays_serialisable(pair):
    _, fast = pair
    # the set-based index is the fast copy's own; the stock component's tables stay as loaded
    assert fast.get_pipe("lemmatizer").to_bytes()


def test_pipeline_uses_them(nlp):
    assert {"newsflow_attribute_ruler", "newsflow_lemmatizer"} <= set(nlp.pipe_names)
