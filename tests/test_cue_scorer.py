"""The learnt scorer for rare cue frames (transforms/cue_scorer.py) and its place in the extractor.

Texts are written for these tests; the shipped weights are the ones a user's run loads.
"""
from __future__ import annotations

import pytest

from transforms import cue_scorer
from transforms.cue_scorer import CueScorer
from transforms.nlp import load_pipeline
from transforms.text import normalise


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def quotes(nlp, text: str, scorer: bool = True, acts: bool = False):
    """(text, speaker, cue, cue_class) of each quote (with `acts`: of each reported act)."""
    extractor = nlp.get_pipe("newsflow_quotes")
    shipped = extractor.scorer
    extractor.scorer = shipped if scorer else None
    try:
        doc = nlp(normalise(text))
        return [(q.text, q.speaker, q.cue, q.cue_class) for q in (doc._.acts if acts else doc._.quotes)]
    finally:
        extractor.scorer = shipped


def test_weights_round_trip_through_the_file(tmp_path):
    model = CueScorer({"bias": -1.0, "lem=allege": 2.5, "frame=dobj": 0.25}, 0.4)
    path = tmp_path / "scorer.tsv"
    model.write(path, "a test model\nsecond line")
    back = CueScorer.read(path)
    assert back.threshold == 0.4
    assert back.weights == model.weights
    feats = ["bias", "lem=allege", "frame=dobj"]
    assert back.probability(feats) == pytest.approx(1 / (1 + 2.718281828459045 ** -1.75))
    assert back.accepts(feats) and not back.accepts(["bias"])


def test_the_shipped_scorer_is_loaded():
    model = cue_scorer.load()
    assert model is not None and 0.0 < model.threshold < 1.0
    assert len(model.weights) > 1000


@pytest.mark.parametrize("text, content, speaker, cue", [
    ("Saudi Arabia alleged Iranian involvement in the attack.", "Iranian involvement in the attack", "Saudi Arabia",
     "alleged"),
    ("Foreign Ministry spokesman Hami Aksoy underlined Turkey's mining rights in the region.",
     "Turkey's mining rights in the region", "Hami Aksoy", "underlined"),
])
def test_a_rare_cue_frame_is_reported_with_the_scorer_only(nlp, text, content, speaker, cue):
    assert quotes(nlp, text, scorer=False) == []
    assert quotes(nlp, text) == [(content, speaker, cue, "speech")]


def test_an_act_the_scorer_takes_is_no_quote(nlp):
    # PolNeAR counts a sentence handed down as an attribution; it is an act, not someone's words
    text = "A federal judge sentenced James Fields to life in prison."
    assert quotes(nlp, text) == []
    [(content, speaker, cue, cls)] = quotes(nlp, text, acts=True)
    assert (content, cue, cls) == ("James Fields to life in prison", "sentenced", "other")
    assert quotes(nlp, text, scorer=False, acts=True) == []  # found by the scorer alone


def test_the_scorer_leaves_plain_events_alone(nlp):
    # nor frames that train settled: "called [X to the scene]" of a common cue never reported anything
    for text in ("Police called firefighters to the scene to put out the blaze.",
                 "The U.N. called an emergency meeting.",
                 "The company was founded in 1998 and is known for its software.","The company passed its annual safety inspection on Tuesday.",
                 "Firefighters put out the blaze before dawn.",
                 "The river rose two metres overnight."):
        assert quotes(nlp, text) == []
