"""Write the stance model's real inputs on a news corpus, for distilling a student (train_stance.py --unlabeled).

    .venv/bin/python training/stance_unlabeled.py [--corpus corpora/wikinews/news_only.jsonl] [--out FILE]

Runs newsflow's pipeline up to the stance component and writes, for every sentence the stance
component would score, {"sentence", "targets": [[from, to], ...]} (one JSON line each). No labels:
the teacher labels them during distillation. Runs in newsflow's own virtualenv (spaCy), not the
training one (PyTorch).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    from transforms.nlp import build_pipeline
    from transforms.stance import _evidence
    from transforms.text import normalise

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(REPO / "corpora" / "wikinews" / "news_only.jsonl"))
    ap.add_argument("--out", default=str(REPO / "build" / "stance_unlabeled.jsonl"))
    args = ap.parse_args()
    rows = [json.loads(line) for line in Path(args.corpus).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [normalise((r.get("title", "") + "\n\n" + r["text"]).strip()) for r in rows]
    nlp = build_pipeline()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with nlp.select_pipes(disable=["newsflow_stance"]), out.open("w", encoding="utf-8") as fh:
        for doc in nlp.pipe(texts, batch_size=8):
            text = doc.text
            for (s, e), _, mentions in _evidence(doc):
                targets = [[m.start_char - s, m.end_char - s] for m in mentions]
                fh.write(json.dumps({"sentence": text[s:e], "targets": targets}, ensure_ascii=False) + "\n")
                n += 1
    print(f"{n} sentences from {len(texts)} articles -> {out}")


if __name__ == "__main__":
    main()
