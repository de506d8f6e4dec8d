"""Where the time goes: seconds per spaCy component over a corpus, in one process.

    python benchmarks/profile_pipeline.py [--corpus PATH] [--cprofile N] [--long N]

Runs each component of the full newsflow pipeline over all documents in turn (batches of 16),
so every component's share of the time is measured on the same input. --cprofile N also prints
the N functions with the most cumulative time inside newsflow's own components.

--long N times each component on N articles one by one and on the same N joined into one long
article. A ratio well above 1 is work that grows faster than the text (a lookup that scans
the whole article for every mention); it had made quotes quadratic in an article's length.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main(argv=None) -> int:
    from bench import DEFAULT_CORPUS, load_texts

    from transforms.nlp import load_pipeline
    from transforms.text import normalise

    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--cprofile", type=int, default=0)
    ap.add_argument("--long", type=int, default=0, metavar="N")
    args = ap.parse_args(argv)
    texts = [normalise(t) for _, t in load_texts(args.corpus)]
    nlp = load_pipeline()
    if args.long:
        return _long_article(nlp, texts[:args.long])
    list(nlp.pipe(texts[:4]))  # warm up
    start = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    timings = [("tokenizer", time.perf_counter() - start)]
    profiler = cProfile.Profile() if args.cprofile else None
    for name, proc in nlp.pipeline:
        newsflow = name.startswith("newsflow_")
        if profiler and newsflow:
            profiler.enable()
        start = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        timings.append((name, time.perf_counter() - start))
        if profiler and newsflow:
            profiler.disable()
    total = sum(t for _, t in timings)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words:,} words, {total:.1f} s in one process ({words / total:,.0f} words/s)")
    for name, t in timings:
        print(f"  {name:24s} {t:7.2f} s  {100 * t / total:5.1f} %")
    ours = sum(t for n, t in timings if n.startswith("newsflow_"))
    print(f"  {'spaCy model':24s} {total - ours:7.2f} s  {100 * (total - ours) / total:5.1f} %")
    print(f"  {'newsflow components':24s} {ours:7.2f} s  {100 * ours / total:5.1f} %")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.cprofile)
    return 0


def _long_article(nlp, texts: list[str]) -> int:
    """Seconds per component: the articles one by one vs joined into one article."""
    def per_component(docs):
        out = {}
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            docs = [proc(d) for d in docs]
            out[name] = time.perf_counter() - start
        return out

    list(nlp.pipe(texts[:2]))  # warm up
    apart = per_component([nlp.make_doc(t) for t in texts])
    joined_text = "\n\n".join(texts)
    joined = per_component([nlp.make_doc(joined_text)])
    print(f"{len(texts)} articles, {len(joined_text.split()):,} words: one by one vs joined into one article")
    for name in apart:
        print(f"  {name:24s} {apart[name]:7.2f} s  {joined[name]:7.2f} s  x{joined[name] / max(apart[name], 1e-9):5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
