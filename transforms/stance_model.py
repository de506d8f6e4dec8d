"""Target-aware stance (sentiment toward a named target) model: pure runtime code.

Given a sentence and a target span (character offsets, end exclusive), predict the polarity
expressed toward the target: negative / neutral / positive, with score = P(pos) - P(neg).

The model is a MiniLM encoder fine-tuned on NewsMTSC (see training/train_stance.py) and exported
to ONNX. The graph takes `input_ids`, `attention_mask` and a `target_mask` of shape
[batch, n_targets, seq_len]; it pools the token states over each target's tokens inside the graph,
so a sentence is encoded once for all of its targets.

Runtime needs only numpy, tokenizers and onnxruntime (no torch, no Prefect). The encoding helpers
(`encode_item`, `make_batch`) are also imported by the training script, so training and inference
preprocess text identically.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import IO, Iterable, Sequence

import numpy as np

LABELS = ("negative", "neutral", "positive")
DEFAULT_DIR = Path(__file__).parent / "models" / "stance"
NEUTRAL = ("neutral", 0.0)  # answer for targets we cannot score (empty span, empty sentence)

# A chunk is one row fed to the encoder: (token ids, [(target index, token positions), ...]).
Chunk = tuple[list[int], list[tuple[int, list[int]]]]


# --------------------------------------------------------------------------- encoding helpers
def load_tokenizer(path: str | Path):
    """Load a HF `tokenizer.json` with padding/truncation off: we window and pad ourselves."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


def encode_item(tokenizer, sentence: str, targets: Sequence[tuple[int, int]], max_length: int,
                markers: bool = False) -> list[Chunk]:
    """Tokenise one sentence and map each target's character span to token positions.

    With `markers` (models trained so, meta.json "target_markers"), every target is wrapped in
    [unused0] ... [unused1] tokens: the encoder sees where all targets are in its one pass.

    Returns the encoder rows needed to score every target. Normally that is a single row shared by
    all targets. A sentence longer than `max_length` tokens gets one window per distinct target
    position, centred on the target, so the words around the target are the ones kept.
    Targets that cover no token (empty span, whitespace only) are left out: callers answer neutral.
    """
    if not sentence or not targets:
        return []
    enc = tokenizer.encode(sentence, add_special_tokens=False)
    ids, offsets = enc.ids, enc.offsets
    if not ids:
        return []
    cls_id = tokenizer.token_to_id("[CLS]")
    sep_id = tokenizer.token_to_id("[SEP]")
    width = max_length - 2  # room left for [CLS] and [SEP]

    # Token positions (in the un-windowed sentence) overlapping each target's character span.
    spans: list[tuple[int, list[int]]] = []
    for t_idx, (start, end) in enumerate(targets):
        toks = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
        if start < end and toks:
            spans.append((t_idx, toks))
    if not spans:
        return []
    if markers:
        ids, spans = _mark_targets(tokenizer, ids, spans)

    if len(ids) <= width:
        row = [cls_id] + ids + [sep_id]
        return [(row, [(t, [p + 1 for p in toks]) for t, toks in spans])]

    # Long sentence: one window per target, targets sharing a window share the row.
    windows: dict[int, list[tuple[int, list[int]]]] = {}
    for t_idx, toks in spans:
        centre = (toks[0] + toks[-1]) // 2
        w0 = min(max(0, centre - width // 2), len(ids) - width)
        inside = [p - w0 + 1 for p in toks if w0 <= p < w0 + width]  # +1 for [CLS]
        windows.setdefault(w0, []).append((t_idx, inside))
    return [([cls_id] + ids[w0:w0 + width] + [sep_id], tgts) for w0, tgts in windows.items()]


def _mark_targets(tokenizer, ids: list[int], spans: list[tuple[int, list[int]]]):
    """Insert [unused0] before and [unused1] after each distinct target span; positions follow."""
    open_id, close_id = tokenizer.token_to_id("[unused0]"), tokenizer.token_to_id("[unused1]")
    bounds = {(toks[0], toks[-1]) for _, toks in spans}
    opens = [0] * len(ids)
    closes = [0] * len(ids)
    for first, last in bounds:
        opens[first] += 1
        closes[last] += 1
    marked, moved = [], []
    for p, tid in enumerate(ids):
        marked += [open_id] * opens[p]
        moved.append(len(marked))
        marked.append(tid)
        marked += [close_id] * closes[p]
    return marked, [(t, [moved[p] for p in toks]) for t, toks in spans]


def make_batch(rows: Sequence[Sequence[int]], target_positions: Sequence[Sequence[Sequence[int]]]):
    """Pad rows into encoder inputs.

    rows: token ids per row; target_positions: per row, a list of token-position lists (one per target).
    Returns int64 input_ids [B, L], int64 attention_mask [B, L] and float32 target_mask [B, T, L],
    where T is the largest number of targets on one row (unused slots stay all-zero).
    """
    b = len(rows)
    seq = max(len(r) for r in rows)
    n_t = max(1, max(len(tp) for tp in target_positions))
    input_ids = np.zeros((b, seq), dtype=np.int64)  # 0 is [PAD] in the BERT vocabulary
    attention = np.zeros((b, seq), dtype=np.int64)
    tmask = np.zeros((b, n_t, seq), dtype=np.float32)
    for i, (row, tps) in enumerate(zip(rows, target_positions)):
        input_ids[i, :len(row)] = row
        attention[i, :len(row)] = 1
        for j, positions in enumerate(tps):
            tmask[i, j, positions] = 1.0
    return input_ids, attention, tmask


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


# --------------------------------------------------------------------------- the model
def _session(path: Path, threads: int, names: list[str] | None = None, values: list | None = None):
    """An onnxruntime session on one thread pool; `names`/`values` supply the graph's external weights."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if names:
        opts.add_external_initializers(names, values)
    return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])


def _refine_session(folder: Path, spec: dict, threads: int):
    """The cascade's full-precision model: its graph, with weights stored as float16 (half the
    size, the same predictions on the NewsMTSC dev sets) and computed in float32."""
    import onnxruntime as ort

    with np.load(folder / spec["weights"]) as weights:
        names = list(weights.files)
        arrays = [weights[n] for n in names]
        values = [ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(a.astype(np.float32) if a.dtype == np.float16 else a))
                  for a in arrays]
    session = _session(folder / spec["graph"], threads, names, values)
    return session, values  # the session reads the weights from `values`: keep them alive with it


# Sentences per encoder call. Rows are sorted by length first; small batches pad little, which
# made stance 40 % faster on the Wikinews corpus than 32 (measured 4: 5.8 s, 2: 5.7 s, 8: 6.4 s,
# 32: 9.8 s, 1: 7.3 s for 1,471 sentences on one thread).
BATCH_SIZE = 4


class StanceModel:
    """ONNX stance classifier. Use `StanceModel.load()` and `predict(items)`.

    The shipped model is a cascade: the int8 model scores every target, and the sentences where
    it is unsure of a target (top probability below `meta["refine"]["below"]`) are scored again
    by the same network in full precision. int8 is ~2.2x faster but loses ~0.02 macro-F1 on
    NewsMTSC mt; its mistakes sit where it is unsure, so re-scoring a ninth of the sentences
    (top probability below 0.55) gives the full-precision figures at a fraction of the cost.
    Below 0.6 re-scored a sixth for the same dev figures (mean of rw and mt 0.790 either way)
    and made stance 20 % slower.
    """

    def __init__(self, session, tokenizer, meta: dict, batch_size: int = BATCH_SIZE, refine=None):
        self.session = session
        self.tokenizer = tokenizer
        self.meta = meta
        self.labels = tuple(meta.get("labels", LABELS))
        self.max_length = int(meta.get("max_length", 128))
        self.markers = bool(meta.get("target_markers", False))
        self.batch_size = batch_size
        self.refine = refine  # (session, weights kept alive for it) or None
        self.refine_below = float((meta.get("refine") or {}).get("below", 0.0)) if refine else 0.0

    @classmethod
    def load(cls, path: str | Path | None = None, intra_op_num_threads: int = 1,
             batch_size: int = BATCH_SIZE, model_file: str = "model.onnx", refine: bool = True) -> "StanceModel":
        """Load model.onnx, tokenizer.json and meta.json from `path` (default: the shipped model),
        and the full-precision model of the cascade when meta.json names one (`refine=False`:
        the int8 model alone).

        One intra-op thread by default: the pipeline runs one worker process per core, so more
        threads per session would only oversubscribe the CPU.
        """
        folder = Path(path) if path is not None else DEFAULT_DIR
        meta_path = folder / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        session = _session(folder / model_file, intra_op_num_threads)
        spec = meta.get("refine") if refine and model_file == "model.onnx" else None
        second = None
        if spec and spec.get("below", 0) > 0:
            missing = [spec[k] for k in ("graph", "weights") if not (folder / spec[k]).exists()]
            if missing:
                warnings.warn(f"stance model {folder}: {', '.join(missing)} missing, so the int8 model scores alone "
                              "(reinstall newsflow, or retrain with make train-stance)", stacklevel=2)
            else:
                second = _refine_session(folder, spec, intra_op_num_threads)
        return cls(session, load_tokenizer(folder / "tokenizer.json"), meta, batch_size, second)

    def predict_proba(self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]]) -> list[list[np.ndarray | None]]:
        """Class probabilities (in `self.labels` order) per target; None where a target is unscorable."""
        out: list[list[np.ndarray | None]] = []
        rows: list[tuple[list[int], list[tuple[int, int, list[int]]]]] = []
        for i, item in enumerate(items):
            sentence, targets = _clean_item(item)
            out.append([None] * len(targets))
            for ids, tgts in encode_item(self.tokenizer, sentence, targets, self.max_length, self.markers):
                rows.append((ids, [(i, t, pos) for t, pos in tgts]))

        # Sort by length so each batch pads little; batch size counts encoder rows (sentences).
        rows.sort(key=lambda r: len(r[0]))
        self._score(self.session, rows, out)
        if self.refine is not None:
            unsure = [r for r in rows if any(out[i][t].max() < self.refine_below for i, t, _ in r[1])]
            self._score(self.refine[0], unsure, out)
        return out

    def _score(self, session, rows, out) -> None:
        for b in range(0, len(rows), self.batch_size):
            batch = rows[b:b + self.batch_size]
            feeds = make_batch([r[0] for r in batch], [[pos for _, _, pos in r[1]] for r in batch])
            (logits,) = session.run(None, dict(zip(("input_ids", "attention_mask", "target_mask"), feeds)))
            probs = _softmax(logits.astype(np.float64))
            for r, (_, tgts) in enumerate(batch):
                for j, (i, t, _) in enumerate(tgts):
                    out[i][t] = probs[r, j]

    def predict(self, items: Sequence[tuple[str, Sequence[tuple[int, int]]]]) -> list[list[tuple[str, float]]]:
        """For each (sentence, [(start, end), ...]) item, one (polarity, score) per target.

        score = P(positive) - P(negative), in [-1, 1]. Empty or unusable targets/sentences give
        ("neutral", 0.0) instead of raising.
        """
        neg, pos = self.labels.index("negative"), self.labels.index("positive")
        result = []
        for probs in self.predict_proba(items):
            answers = []
            for p in probs:
                if p is None:
                    answers.append(NEUTRAL)
                else:
                    score = float(np.clip(p[pos] - p[neg], -1.0, 1.0))
                    answers.append((self.labels[int(np.argmax(p))], round(score, 4)))
            result.append(answers)
        return result


def _clean_item(item) -> tuple[str, list[tuple[int, int]]]:
    """Coerce an item to (sentence, targets); bad parts become empty spans rather than errors."""
    try:
        sentence, targets = item
    except (TypeError, ValueError):
        return "", []
    if not isinstance(sentence, str):
        sentence = ""
    clean = []
    for t in targets or ():
        try:
            start, end = int(t[0]), int(t[1])
        except (TypeError, ValueError, IndexError):
            start = end = 0
        # Clamp into the sentence; a span that collapses to nothing is answered neutral.
        start, end = max(0, min(start, len(sentence))), max(0, min(end, len(sentence)))
        clean.append((start, end))
    return sentence, clean


# --------------------------------------------------------------------------- evaluation
_GOLD = {-1: "negative", 0: "neutral", 1: "positive", 2: "negative", 4: "neutral", 6: "positive"}


def _gold_label(value) -> str:
    """Gold polarity as a label: -1/0/1 (per-target files), 2/4/6 (NewsMTSC raw) or a label name."""
    if isinstance(value, str) and value in LABELS:
        return value
    return _GOLD[int(float(value))]


def f1_scores(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> dict:
    """Accuracy, per-class F1 and macro-F1 over `labels` (plain Python: no sklearn at runtime)."""
    per_class = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        denom = 2 * tp + fp + fn
        per_class[lab] = 2 * tp / denom if denom else 0.0
    n = len(gold)
    return {
        "n": n,
        "macro_f1": sum(per_class.values()) / len(labels),
        "accuracy": sum(1 for g, p in zip(gold, pred) if g == p) / n if n else 0.0,
        "f1": per_class,
    }


def evaluate(gold_path: str | Path, model: StanceModel | None = None) -> dict:
    """Score the model on a per-target JSON-lines file ({"sentence","from","to","polarity"} per line)."""
    model = model or StanceModel.load()
    records = [json.loads(line) for line in Path(gold_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    # Group targets by sentence so each sentence is encoded once.
    by_sentence: dict[str, list[int]] = {}
    for k, r in enumerate(records):
        by_sentence.setdefault(r["sentence"], []).append(k)
    sentences = list(by_sentence)
    answers = model.predict([(s, [(records[k]["from"], records[k]["to"]) for k in by_sentence[s]]) for s in sentences])
    pred = [""] * len(records)
    for s, ans in zip(sentences, answers):
        for k, (label, _) in zip(by_sentence[s], ans):
            pred[k] = label
    return f1_scores([_gold_label(r["polarity"]) for r in records], pred)


# --------------------------------------------------------------------------- stance-predict protocol
def _parse_request(line: str) -> tuple[object, tuple[str, int, int] | None, str | None]:
    """Validate one protocol line. Returns (id, (sentence, from, to) or None, error or None)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, None, f"invalid JSON: {exc.msg}."
    if not isinstance(obj, dict):
        return None, None, "each line must be a JSON object with id, sentence, from and to."
    rid = obj.get("id")
    missing = [k for k in ("id", "sentence", "from", "to") if k not in obj]
    if missing:
        return rid, None, f"missing field(s): {', '.join(missing)}."
    sentence, start, end = obj["sentence"], obj["from"], obj["to"]
    if not isinstance(sentence, str):
        return rid, None, "sentence must be a string."
    offsets = []
    for name, v in (("from", start), ("to", end)):
        # Accept integral floats (3.0) since some JSON writers emit them; reject anything else.
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (isinstance(v, float) and not v.is_integer()):
            return rid, None, f"{name} must be an integer character offset."
        offsets.append(int(v))
    start, end = offsets
    if not 0 <= start <= end <= len(sentence):
        return rid, None, f"offsets out of range: need 0 <= from <= to <= {len(sentence)} (sentence length)."
    return rid, (sentence, start, end), None


def predict_lines(lines_in: Iterable[str], out: IO[str], model: StanceModel | None = None,
                  chunk_lines: int = 512) -> int:
    """stance-predict: JSON lines {"id","sentence","from","to"} in, {"id","polarity","score"} out.

    A bad line gets {"id": <id or null>, "error": "..."} and the others are still answered, in input
    order. Lines are processed in chunks of `chunk_lines` and targets of the same sentence share one
    encoder pass. Blank lines are skipped. Returns the number of lines answered.
    """
    model = model or StanceModel.load()
    answered = 0
    chunk: list[str] = []

    def flush() -> None:
        parsed = [_parse_request(line) for line in chunk]
        by_sentence: dict[str, list[int]] = {}
        for k, (_, req, _) in enumerate(parsed):
            if req is not None:
                by_sentence.setdefault(req[0], []).append(k)
        sentences = list(by_sentence)
        answers = model.predict([(s, [parsed[k][1][1:] for k in by_sentence[s]]) for s in sentences])
        result: dict[int, tuple[str, float]] = {}
        for s, ans in zip(sentences, answers):
            result.update(zip(by_sentence[s], ans))
        for k, (rid, _, err) in enumerate(parsed):
            if err is not None:
                rec = {"id": rid, "error": err}
            else:
                label, score = result[k]
                rec = {"id": rid, "polarity": label, "score": score}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out.flush()

    for line in lines_in:
        if not line.strip():
            continue
        chunk.append(line)
        if len(chunk) >= chunk_lines:
            flush()
            answered += len(chunk)
            chunk = []
    if chunk:
        flush()
        answered += len(chunk)
    return answered


if __name__ == "__main__":  # pragma: no cover - convenience: python -m transforms.stance_model < in.jsonl
    import sys

    predict_lines(sys.stdin, sys.stdout)
