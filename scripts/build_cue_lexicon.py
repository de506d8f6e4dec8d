"""Build transforms/data/speech_cues.txt: the speech/attribution cue lemmas learnt from PolNeAR train.

PolNeAR (research use only) is read from its folder and never copied: only the derived
lemma statistics are written. For every verb/noun lemma the script counts how often a
token with that lemma lies inside an annotated Cue span (`cue`) and how often it occurs
at all (`total`); lemmas that are cues often enough and reliably enough are kept.

    python scripts/build_cue_lexicon.py /work/shared/data/polnear-train [--out transforms/data/speech_cues.txt]
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from transforms.eval_quotes import read_gold_dir  # noqa: E402
from transforms.nlp import choose_model  # noqa: E402

MIN_CUE = 3  # seen as a cue at least this often ...
MIN_RATIO = {"VERB": 0.10, "NOUN": 0.10}  # ... and in at least this share of its occurrences
# Function words and light verbs that sit inside multi-word cues ("has said", "according to").
STOP = {"be", "have", "do", "also", "will", "would", "can", "could", "may", "might", "go", "get",
        "make", "take", "give", "come", "let", "keep", "put", "set", "use", "try", "need", "seem",
        "appear", "look", "find", "show", "include", "see", "mean", "become", "begin", "start"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train_dir")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "transforms/data/speech_cues.txt"))
    args = ap.parse_args(argv)
    nlp = spacy.load(choose_model(), exclude=["parser", "ner"])
    articles = read_gold_dir(args.train_dir)
    cue = collections.Counter()
    total = collections.Counter()
    texts = ((a.raw_text, a) for a in articles)
    for doc, art in nlp.pipe(texts, as_tuples=True, batch_size=16):
        in_cue = bytearray(len(doc.text) + 1)
        for attr in art.attributions:
            for a, b in attr.cue_spans:
                in_cue[a:b] = b"\x01" * (b - a)
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN"):
                continue
            key = (tok.lemma_.lower(), tok.pos_)
            total[key] += 1
            if in_cue[tok.idx]:
                cue[key] += 1
    rows = []
    for (lemma, pos), n in cue.items():
        ratio = n / max(total[(lemma, pos)], 1)
        if n >= MIN_CUE and ratio >= MIN_RATIO[pos] and lemma not in STOP and lemma.isalpha():
            rows.append((lemma, pos, n, total[(lemma, pos)], ratio))
    rows.sort(key=lambda r: (r[1], -r[2]))
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# Speech/attribution cue lemmas learnt from PolNeAR train (derived statistics only).\n")
        fh.write("# Built by scripts/build_cue_lexicon.py. Columns: lemma, POS, times a cue, occurrences, share.\n")
        for lemma, pos, n, t, r in rows:
            fh.write(f"{lemma}\t{pos}\t{n}\t{t}\t{r:.3f}\n")
    print(f"{len(rows)} cue lemmas from {len(articles)} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
