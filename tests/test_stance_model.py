"""Tests for the shipped target-aware stance model (transforms/stance_model.py).

They run the real ONNX model in transforms/models/stance/ and need no shared data. The sentences
are strongly polarised on purpose: the checks are about wiring (offsets -> tokens -> the right
target), not about the model's fine accuracy, which training/train_stance.py measures on dev.
"""
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

from transforms.stance_model import DEFAULT_DIR, StanceModel, evaluate, f1_scores, predict_lines  # noqa: E402

if not (DEFAULT_DIR / "model.onnx").exists():  # pragma: no cover - the model ships with the repo
    pytest.skip("shipped stance model not found", allow_module_level=True)

SHARED_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "newsmtsc" / "dev_rw_per_target.jsonl"


def span(sentence: str, mention: str) -> tuple[int, int]:
    start = sentence.index(mention)
    return start, start + len(mention)


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


POSITIVE = "The president praised Angela Merkel as a great partner and a wise, courageous leader."
NEGATIVE = "Critics slammed Senator Smith as a corrupt liar who betrayed voters and disgraced his office."
NEUTRAL = "Senator Smith will travel to Brussels on Tuesday for a meeting."
BOTH = "Miller won wide praise for her courage; Jones was widely mocked as a coward and a fraud."


def test_clear_positive_negative_neutral(model):
    (pos,), (neg,), (neu,) = model.predict([
        (POSITIVE, [span(POSITIVE, "Angela Merkel")]),
        (NEGATIVE, [span(NEGATIVE, "Senator Smith")]),
        (NEUTRAL, [span(NEUTRAL, "Senator Smith")]),
    ])
    assert pos[0] == "positive" and pos[1] > 0.3
    assert neg[0] == "negative" and neg[1] < -0.3
    assert neu[0] == "neutral" and abs(neu[1]) < 0.5


def test_two_targets_opposite_polarity_one_sentence(model):
    [answers] = model.predict([(BOTH, [span(BOTH, "Jones"), span(BOTH, "Miller")])])
    (jones_label, jones_score), (miller_label, miller_score) = answers
    assert jones_label == "negative"
    assert miller_label == "positive"
    assert jones_score < 0 < miller_score


def test_scores_in_range_and_batched_order_kept(model):
    # Mixed lengths across more than one batch: answers must come back in input order.
    items = [(NEUTRAL + " x" * i, [span(NEUTRAL, "Senator Smith")]) for i in range(40)]
    items.insert(7, (NEGATIVE, [span(NEGATIVE, "Senator Smith")]))
    out = model.predict(items)
    assert len(out) == len(items)
    assert out[7][0][0] == "negative"
    assert all(-1.0 <= s <= 1.0 for ans in out for _, s in ans)


def test_empty_and_degenerate_input(model):
    assert model.predict([]) == []
    out = model.predict([
        ("", [(0, 0)]),                     # empty sentence
        (NEUTRAL, []),                      # no targets
        (NEUTRAL, [(3, 3)]),                # empty span
        (NEUTRAL, [(500, 900)]),            # out of range: clamped to nothing
        ("   ", [(0, 3)]),                  # whitespace only
    ])
    assert out == [[("neutral", 0.0)], [], [("neutral", 0.0)], [("neutral", 0.0)], [("neutral", 0.0)]]


def test_long_sentence_is_windowed_around_target(model):
    filler = " ".join(["the committee met again on a quiet day"] * 60)  # far beyond max_length tokens
    sentence = filler + ". " + NEGATIVE
    [[(label, score)]] = model.predict([(sentence, [span(sentence, "Senator Smith")])])
    assert label == "negative" and score < 0


def test_predict_lines_with_bad_lines(model):
    lines = [
        json.dumps({"id": "a", "sentence": POSITIVE, "from": span(POSITIVE, "Angela Merkel")[0],
                    "to": span(POSITIVE, "Angela Merkel")[1]}),
        "{not json",
        json.dumps({"id": "c", "sentence": NEGATIVE}),                          # missing from/to
        json.dumps({"id": "d", "sentence": NEUTRAL, "from": 5, "to": 999}),     # out of range
        "",                                                                     # blank: skipped
        json.dumps({"id": 5, "sentence": NEGATIVE, "from": span(NEGATIVE, "Senator Smith")[0],
                    "to": span(NEGATIVE, "Senator Smith")[1]}),
    ]
    out = io.StringIO()
    assert predict_lines(iter(lines), out, model=model) == 5
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", None, "c", "d", 5]
    assert rows[0]["polarity"] == "positive" and rows[0]["score"] > 0
    assert rows[4]["polarity"] == "negative" and rows[4]["score"] < 0
    for r in rows[1:4]:
        assert set(r) == {"id", "error"} and r["error"].endswith(".")
    assert "from" in rows[2]["error"] and "range" in rows[3]["error"]


def test_evaluate_on_tiny_file(model, tmp_path):
    gold = tmp_path / "gold.jsonl"
    recs = [
        {"sentence": POSITIVE, "from": span(POSITIVE, "Angela Merkel")[0], "to": span(POSITIVE, "Angela Merkel")[1], "polarity": 1},
        {"sentence": NEGATIVE, "from": span(NEGATIVE, "Senator Smith")[0], "to": span(NEGATIVE, "Senator Smith")[1], "polarity": -1},
        {"sentence": BOTH, "from": span(BOTH, "Jones")[0], "to": span(BOTH, "Jones")[1], "polarity": -1},
        {"sentence": BOTH, "from": span(BOTH, "Miller")[0], "to": span(BOTH, "Miller")[1], "polarity": 1},
        {"sentence": NEUTRAL, "from": span(NEUTRAL, "Senator Smith")[0], "to": span(NEUTRAL, "Senator Smith")[1], "polarity": 0},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    res = evaluate(gold, model)
    assert res["n"] == 5
    assert res["accuracy"] == 1.0 and res["macro_f1"] == 1.0
    assert set(res["f1"]) == {"negative", "neutral", "positive"}


def test_f1_scores_by_hand():
    gold = ["negative", "negative", "neutral", "positive"]
    pred = ["negative", "neutral", "neutral", "negative"]
    res = f1_scores(gold, pred)
    # negative: tp1 fp1 fn1 -> 0.5; neutral: tp1 fp1 fn0 -> 2/3; positive: tp0 -> 0
    assert res["f1"]["negative"] == pytest.approx(0.5)
    assert res["f1"]["neutral"] == pytest.approx(2 / 3)
    assert res["f1"]["positive"] == 0.0
    assert res["macro_f1"] == pytest.approx((0.5 + 2 / 3) / 3)
    assert res["accuracy"] == 0.5


def test_meta_describes_model():
    meta = json.loads((DEFAULT_DIR / "meta.json").read_text())
    assert meta["labels"] == ["negative", "neutral", "positive"]
    assert meta["max_length"] > 0 and "Hamborg" in meta["data"]


@pytest.mark.skipif(not SHARED_DEV.exists(), reason="NewsMTSC dev data (shared/) not available")
def test_dev_rw_quality(model):
    # Loose floor well below the shipped figure: catches a broken export, not noise.
    assert evaluate(SHARED_DEV, model)["macro_f1"] > 0.7


def test_target_markers_wrap_every_target_and_positions_follow(model):
    from transforms.stance_model import encode_item

    sentence = "Obama met Putin and Putin smiled."
    targets = [span(sentence, "Obama"), (20, 25), span(sentence, "Putin")]
    plain = encode_item(model.tokenizer, sentence, targets, 128)
    ((ids, tgts),) = encode_item(model.tokenizer, sentence, targets, 128, markers=True)
    tokens = [model.tokenizer.id_to_token(i) for i in ids]
    assert tokens[:8] == ["[CLS]", "[unused0]", "obama", "[unused1]", "met", "[unused0]", "putin", "[unused1]"]
    assert len(ids) == len(plain[0][0]) + 6  # one pair per distinct target span
    assert [[tokens[p] for p in pos] for _, pos in tgts] == [["obama"], ["putin"], ["putin"]]
    assert tgts[1][1] != tgts[2][1]  # the second "Putin" is its own span


def test_cascade_rescores_exactly_the_unsure_sentences(model):
    # The shipped model is a cascade: int8 everywhere, full precision where int8 is unsure.
    assert model.refine is not None and 0 < model.refine_below < 1
    int8 = StanceModel.load(refine=False)
    full = StanceModel(model.refine[0], model.tokenizer, model.meta)  # the full-precision network alone
    sentences = [POSITIVE, NEGATIVE, NEUTRAL, BOTH,
                 "Smith met Jones in Paris, where both sides said the talks had been useful but hard.",
                 "The ruling was a partial win for Smith, who had hoped for more.",  # int8 unsure (~0.52)
                 "Jones said little about Smith, whose record on taxes remains a matter of debate."]
    items = [(s, [span(s, w) for w in ("Smith", "Jones", "Putin", "Russia", "Merkel", "Miller") if w in s]) for s in sentences]
    cascade, cheap, exact = model.predict_proba(items), int8.predict_proba(items), full.predict_proba(items)
    unsure = [any(p.max() < model.refine_below for p in probs) for probs in cheap]
    assert any(unsure) and not all(unsure)  # both paths are exercised
    for was_unsure, c, i, f in zip(unsure, cascade, cheap, exact):
        want = f if was_unsure else i
        assert all(abs(a - b).max() < 1e-6 for a, b in zip(c, want))


def test_without_refine_files_the_int8_model_alone(tmp_path, model):
    # a model folder whose meta names no cascade (or an older one) still loads and predicts
    for f in ("model.onnx", "tokenizer.json"):
        (tmp_path / f).write_bytes((DEFAULT_DIR / f).read_bytes())
    meta = {k: v for k, v in model.meta.items() if k != "refine"}
    (tmp_path / "meta.json").write_text(json.dumps(meta))
    alone = StanceModel.load(tmp_path)
    assert alone.refine is None
    assert alone.predict([(NEGATIVE, [span(NEGATIVE, "Senator Smith")])])[0][0][0] == "negative"
