"""Evaluate entity resolution against a hand-clustered gold set (`newsflow eval entities`).

The gold file has one JSON line per NER mention: {"article", "start", "end", "text", "label",
"key"}; mentions with the same key are the same real-world entity, across articles too.
The pipeline is run over the articles' texts (normalised with `transforms.text.normalise`),
its mentions are matched to the gold ones by (article, start, end), and the clustering is
scored over the gold mentions with B-cubed and pairwise precision / recall / F1:

- newsflow: cluster = `Mention.entity_id`;
- baseline (unresolved): cluster = exact surface text + NER label.

Both are scored over all articles at once ("global", what the `entities` table sees) and with
clusters split per article ("within"). A gold mention the pipeline no longer finds counts as a
singleton prediction.

Article texts are read from `<gold dir>/wikinews30/<article>.txt` when present, else from
`--corpus DIR` (default `../shared/corpora/wikinews/txt` next to the repository).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Hashable

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO / "tests" / "gold" / "entities_wikinews30.jsonl"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "wikinews" / "txt"


def load_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _texts(articles: list[str], gold_path: Path, corpus: str | Path | None) -> dict[str, str]:
    from transforms.text import normalise

    dirs = [Path(corpus)] if corpus else []
    dirs += [gold_path.parent / "wikinews30", DEFAULT_CORPUS]
    texts = {}
    for article in articles:
        for d in dirs:
            p = d / f"{article}.txt"
            if p.is_file():
                texts[article] = normalise(p.read_text(encoding="utf-8"))
                break
        else:
            raise FileNotFoundError(f"no text for gold article {article!r} in {', '.join(map(str, dirs))}")
    return texts


def b_cubed(pred: list[Hashable], gold: list[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (one label per item in both lists)."""
    cell = Counter(zip(pred, gold))
    pred_size, gold_size = Counter(pred), Counter(gold)
    n = len(pred)
    p = sum(cell[(a, b)] / pred_size[a] for a, b in zip(pred, gold)) / n
    r = sum(cell[(a, b)] / gold_size[b] for a, b in zip(pred, gold)) / n
    return _prf(p, r)


def pairwise(pred: list[Hashable], gold: list[Hashable]) -> dict[str, float]:
    """Precision / recall / F1 over the pairs of items put in the same cluster."""

    def pairs(counts: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(pred, gold)))
    pred_pairs, gold_pairs = pairs(Counter(pred)), pairs(Counter(gold))
    p = both / pred_pairs if pred_pairs else 1.0
    r = both / gold_pairs if gold_pairs else 1.0
    return _prf(p, r)


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _scores(pred: list[Hashable], gold: list[Hashable], articles: list[str]) -> dict:
    within_pred = list(zip(articles, pred))
    within_gold = list(zip(articles, gold))
    return {
        "global": {"b_cubed": b_cubed(pred, gold), "pairwise": pairwise(pred, gold)},
        "within": {"b_cubed": b_cubed(within_pred, within_gold), "pairwise": pairwise(within_pred, within_gold)},
    }


def evaluate(gold_file: str | Path = DEFAULT_GOLD, nlp=None, corpus: str | Path | None = None) -> dict:
    """Score newsflow's resolution and the unresolved baseline on `gold_file`."""
    gold_path = Path(gold_file)
    rows = load_gold(gold_path)
    articles = sorted({r["article"] for r in rows})
    texts = _texts(articles, gold_path, corpus)
    if nlp is None:
        from transforms.nlp import load_pipeline

        nlp = load_pipeline()
    predicted: dict[tuple[str, int, int], str] = {}
    skip = [p for p in ("newsflow_quotes",) if p in nlp.pipe_names]
    with nlp.select_pipes(disable=skip):
        for article, doc in zip(articles, nlp.pipe(texts[a] for a in articles)):
            for m in doc._.mentions:
                predicted[(article, m.start_char, m.end_char)] = m.entity_id
    gold_keys, ours, baseline, per_article = [], [], [], []
    matched = 0
    for i, r in enumerate(rows):
        span = (r["article"], r["start"], r["end"])
        if span in predicted:
            matched += 1
            ours.append(predicted[span])
        else:
            ours.append(("unmatched", i))
        gold_keys.append(r["key"])
        baseline.append((r["text"], r["label"]))
        per_article.append(r["article"])
    return {
        "gold_file": str(gold_path),
        "articles": len(articles),
        "mentions": len(rows),
        "matched": matched,
        "gold_entities": len(set(gold_keys)),
        "newsflow_entities": len(set(ours)),
        "baseline_entities": len(set(baseline)),
        "newsflow": _scores(ours, gold_keys, per_article),
        "baseline": _scores(baseline, gold_keys, per_article),
    }


def format_report(result: dict) -> str:
    lines = [
        f"gold: {result['gold_file']}",
        f"{result['articles']} articles, {result['mentions']} mentions "
        f"({result['matched']} matched by offsets), {result['gold_entities']} gold entities; "
        f"newsflow {result['newsflow_entities']}, baseline {result['baseline_entities']} predicted",
        "",
        f"{'system':10s} {'scope':7s} {'metric':9s} {'P':>7s} {'R':>7s} {'F1':>7s}",
    ]
    for system in ("newsflow", "baseline"):
        for scope in ("global", "within"):
            for metric in ("b_cubed", "pairwise"):
                s = result[system][scope][metric]
                lines.append(
                    f"{system:10s} {scope:7s} {metric:9s} {s['precision']:7.4f} {s['recall']:7.4f} {s['f1']:7.4f}"
                )
    return "\n".join(lines)


def time_resolution(texts: list[str], nlp, chunks: int = 8) -> dict:
    """Pipeline time with and without `newsflow_entities` over `texts`, in one process.

    The texts are cut into chunks and each chunk is run both ways, alternating which goes
    first, so that load from other processes hits both sides alike. Also reports the time of
    `resolve_mentions` alone over the same NER output.
    """
    import time

    from transforms.entities import resolve_mentions

    others = [p for p in ("newsflow_quotes",) if p in nlp.pipe_names]
    list(nlp.pipe(texts[:3]))  # warm-up
    size = max(1, -(-len(texts) // chunks))
    with_s = without_s = 0.0
    spans = []
    for n, i in enumerate(range(0, len(texts), size)):
        part = texts[i:i + size]
        for on in ((True, False) if n % 2 else (False, True)):
            disable = others + ([] if on else ["newsflow_entities"])
            t = time.perf_counter()
            with nlp.select_pipes(disable=disable):
                docs = list(nlp.pipe(part, batch_size=32))
            elapsed = time.perf_counter() - t
            if on:
                with_s += elapsed
            else:
                without_s += elapsed
                spans += [(d.text, [(e.start_char, e.end_char, e.label_) for e in d.ents]) for d in docs]
    t = time.perf_counter()
    for text, ents in spans:
        resolve_mentions(text, ents)
    direct = time.perf_counter() - t
    return {
        "articles": len(texts),
        "mentions": sum(len(e) for _, e in spans),
        "seconds_without": round(without_s, 2),
        "seconds_with": round(with_s, 2),
        "ratio": round(with_s / without_s, 4),
        "resolve_seconds": round(direct, 3),
        "resolve_share": round(direct / without_s, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsflow eval entities", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", default=str(DEFAULT_GOLD), help="gold JSONL (default: %(default)s)")
    parser.add_argument("--corpus", default=None, help="folder of <article>.txt files if not beside the gold file")
    parser.add_argument("--model", default=None, help="spaCy model (default: as `newsflow run`)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--timing",
        metavar="JSONL",
        help="instead: time the pipeline with/without entity resolution over a JSONL of {'text'} articles",
    )
    args = parser.parse_args(argv)
    from transforms.nlp import load_pipeline
    from transforms.text import normalise

    nlp = load_pipeline(args.model)
    if args.timing:
        with open(args.timing, encoding="utf-8") as f:
            texts = [normalise(json.loads(line)["text"]) for line in f if line.strip()]
        timing = time_resolution(texts, nlp)
        if args.json:
            print(json.dumps(timing, indent=2))
        else:
            print(
                f"{timing['articles']} articles, {timing['mentions']} mentions: pipeline "
                f"{timing['seconds_without']}s without newsflow_entities, {timing['seconds_with']}s with "
                f"(ratio {timing['ratio']:.3f}); resolve_mentions alone {timing['resolve_seconds']}s "
                f"= {100 * timing['resolve_share']:.1f}% of pipeline time"
            )
        return 0
    result = evaluate(args.gold, nlp=nlp, corpus=args.corpus)
    print(json.dumps(result, indent=2) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
