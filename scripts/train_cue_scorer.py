"""Train transforms/data/cue_scorer.tsv: the learnt scorer for cue frames the rules leave out.

    python scripts/train_cue_scorer.py ../shared/data/polnear-train [--out transforms/data/cue_scorer.tsv]

1. Runs the real pipeline over PolNeAR train with the scorer off (the rules alone).
2. Candidates: every cue frame outside quote marks (`transforms.quotes.frame_candidates`) whose
   span is not already, for half or more, a quote the rules found.
3. Label: the candidate covers >= 0.3 of a gold content that no rule quote matched, and its cue
   token lies in that gold attribution's Cue. Everything else is a negative (most are "passed
   [the bill]", "took [the stage]").
4. A logistic regression (numpy, L2, full-batch Adam) on `transforms.cue_scorer.features`.
   Five-fold cross-validation by article, scored as `newsflow eval quotes` scores (greedy
   one-to-one matching at overlap >= 0.3 and >= 0.8, the rule quotes plus the accepted
   candidates), picks the threshold with the best sum of the two F1s and reports the change over the
   rules alone. The final model is fitted on all articles.

PolNeAR (research use only) is read from its folder and never copied: the file holds feature
weights (single lemmas, words, tags, dependency labels), no text. Needs numpy only (with spaCy).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from transforms.cue_scorer import DATA, CueScorer  # noqa: E402
from transforms.eval_quotes import _chars, char_alignment, greedy_match, map_span, read_gold_dir  # noqa: E402
from transforms.quotes import char_to_token, find_quote_spans, frame_candidates, quoted_tokens, reports  # noqa: E402
from transforms.text import normalise  # noqa: E402

FOLDS = 5
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)
L2 = 1.0 / 0.3  # inverse regularisation C = 0.3 (chosen on PolNeAR dev among 0.1, 0.3, 1, 3)


def collect(gold_dir: str, limit: int | None):
    """Per article: gold content sets, rule-quote sets, and the residual candidates with labels."""
    from transforms.nlp import build_pipeline

    nlp = build_pipeline()
    extractor = nlp.get_pipe("newsflow_quotes")
    extractor.scorer = None
    articles = read_gold_dir(gold_dir, limit=limit)
    norms = [normalise(a.raw_text) for a in articles]
    out, t0 = [], time.time()
    with nlp.select_pipes(disable=["newsflow_stance"]):
        for n, (art, norm, doc) in enumerate(zip(articles, norms, nlp.pipe(norms, batch_size=8)), 1):
            r2n = char_alignment(art.raw_text, norm)
            golds = [_chars([map_span(r2n, a, b) for a, b in g.content_spans]) for g in art.attributions]
            cues = [_chars([map_span(r2n, a, b) for a, b in g.cue_spans]) for g in art.attributions]
            # every rule's report, reported acts included: the scorer comes after all of them
            preds = [_chars(q.fragments or [(q.start_char, q.end_char)]) for q in reports(doc)]
            matched = {g for _, g, _ in greedy_match(preds, golds, 0.3)}
            predicted = set().union(*preds) if preds else set()
            in_quote = quoted_tokens(find_quote_spans(doc.text), char_to_token(doc), len(doc))
            cands = []
            for tok, _frame, lo, hi, feats in frame_candidates(doc, in_quote, extractor.frames):
                span = set(range(doc[lo].idx, doc[hi].idx + len(doc[hi])))
                if len(span & predicted) >= 0.5 * len(span):
                    continue
                cue = set(range(tok.idx, tok.idx + len(tok)))
                label = any(gi not in matched and g and len(span & g) >= 0.3 * len(g) and cue & cues[gi]
                            for gi, g in enumerate(golds))
                cands.append((tok.i, span, feats, label))
            out.append((golds, preds, cands))
            if n % 100 == 0:
                print(f"  {n}/{len(articles)} articles, {time.time() - t0:.0f} s", file=sys.stderr)
    return out


def fit(rows: list[list[str]], labels: np.ndarray, steps: int = 400) -> dict[str, float]:
    """L2-regularised logistic regression by full-batch Adam; returns feature -> weight."""
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(f, len(vocab)) for f in r] for r in rows]
    width = max(len(r) for r in ids)
    idx = np.full((len(ids), width), len(vocab), dtype=np.int64)  # padding -> a zero weight
    for k, r in enumerate(ids):
        idx[k, :len(r)] = r
    flat = idx.ravel()
    w = np.zeros(len(vocab) + 1)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    y = labels.astype(float)
    n = len(y)
    lr, b1, b2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        p = 1 / (1 + np.exp(-np.clip(w[idx].sum(1), -30, 30)))
        g = np.bincount(flat, weights=np.repeat(p - y, width), minlength=len(w)) / n + (L2 / n) * w
        g[-1] = 0.0
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + 1e-8)
    return {f: float(w[i]) for f, i in vocab.items()}


def scored(data, model: CueScorer, threshold: float) -> dict[float, tuple[int, int, int]]:
    """(tp, predicted, gold) at overlap 0.3 and 0.8 for the rule quotes plus accepted candidates."""
    out = {0.3: [0, 0, 0], 0.8: [0, 0, 0]}
    for golds, preds, cands in data:
        added, used = [], set()
        ranked = sorted(((model.probability(f), i, s) for i, s, f, _ in cands), key=lambda c: -c[0])
        for p, i, span in ranked:
            if p < threshold:
                break
            if i in used or any(len(span & a) > 0.5 * len(span) for a in added):
                continue
            used.add(i)
            added.append(span)
        for th, acc in out.items():
            acc[0] += len(greedy_match(preds + added, golds, th))
            acc[1] += len(preds) + len(added)
            acc[2] += len(golds)
    return {th: tuple(v) for th, v in out.items()}


def f1(tp: int, npred: int, ngold: int) -> float:
    return 2 * tp / (npred + ngold) if npred + ngold else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", help="PolNeAR train folder (text/ and attributions/)")
    ap.add_argument("--out", default=str(DATA))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    data = collect(args.gold, args.limit)
    sums = {t: {0.3: np.zeros(3, int), 0.8: np.zeros(3, int)} for t in (1.1, *THRESHOLDS)}
    for fold in range(FOLDS):
        train = [d for k, d in enumerate(data) if k % FOLDS != fold]
        test = [d for k, d in enumerate(data) if k % FOLDS == fold]
        rows = [c[2] for _, _, cands in train for c in cands]
        labels = np.array([c[3] for _, _, cands in train for c in cands])
        model = CueScorer(fit(rows, labels), 0.5)
        for t in sums:
            for th, v in scored(test, model, t).items():
                sums[t][th] += v
        print(f"  fold {fold + 1}/{FOLDS} done", file=sys.stderr)
    base = sums.pop(1.1)
    print(f"rules alone: F1 {f1(*base[0.3]):.4f} (>= 0.3), {f1(*base[0.8]):.4f} (>= 0.8); tp {base[0.3][0]}/{base[0.8][0]} "
          f"of {base[0.3][1]} predicted, {base[0.3][2]} gold")
    for t, s in sums.items():
        print(f"threshold {t:.2f}: F1 {f1(*s[0.3]):.4f} / {f1(*s[0.8]):.4f}; tp {s[0.3][0]}/{s[0.8][0]} of {s[0.3][1]} predicted")
    best = max(sums, key=lambda t: (round(f1(*sums[t][0.3]) + f1(*sums[t][0.8]), 4), t))
    rows = [c[2] for _, _, cands in data for c in cands]
    labels = np.array([c[3] for _, _, cands in data for c in cands])
    model = CueScorer(fit(rows, labels), best)
    s = sums[best]
    model.write(Path(args.out), f"Cue-frame scorer (transforms/cue_scorer.py), trained by scripts/train_cue_scorer.py on\n"
                f"{len(data)} PolNeAR train articles: {len(rows)} candidates, {int(labels.sum())} positive.\n"
                f"{FOLDS}-fold CV on train, F1 >= 0.3 / >= 0.8: rules alone {f1(*base[0.3]):.4f} / {f1(*base[0.8]):.4f}, "
                f"with the scorer at {best} {f1(*s[0.3]):.4f} / {f1(*s[0.8]):.4f}.")
    print(f"wrote {args.out}: threshold {best}, {len(model.weights)} features, {len(rows)} candidates, {int(labels.sum())} positive")
    return 0


if __name__ == "__main__":
    sys.exit(main())
