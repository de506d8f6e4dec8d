"""Build transforms/data/speech_cues.txt: the speech/attribution cue lemmas learnt from PolNeAR train.

PolNeAR (research use only) is read from its folder and never copied: only the derived
lemma statistics are written. Three kinds of rows:

- lemma rows (`say VERB ...`): how often a token with that lemma lies inside an annotated Cue
  span (`cue`) and how often it occurs at all (`total`);
- frame rows (`say VERB:ccomp ...`, `confident ADJ:ccomp ...`): for every cue frame (`transforms.quotes.cue_frames`: the
  dependency that carries a cue's content, e.g. "said [that X]", "called for [X]") outside quote
  marks, how often the frame's span is an annotated Content of an attribution whose Cue holds
  the token (at least half of the gold content covered) and how often the frame occurs;
- source frame rows (`identify VERB:dobj+src ...`): the same, counted only where the cue's
  subject could be a source (`transforms.quotes.has_source_subject`: a named person or
  organisation, a personal pronoun), for frames of cue verbs that report only then ("Lee
  identified X as Y", not "the chart identified X"). Adjective frames ("confident [that X]") are
  all counted that way.

The extractor keeps lemmas/frames that are cues often and reliably enough
(thresholds in `transforms/quote_lexicon.py`).

    python scripts/build_cue_lexicon.py /work/shared/data/polnear-train [--out transforms/data/speech_cues.txt]
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from transforms.eval_quotes import _chars, char_alignment, map_span, read_gold_dir  # noqa: E402
from transforms.quote_lexicon import FRAME_MIN_N, FRAME_MIN_SHARE, QUOTE_MIN_SHARE  # noqa: E402
from transforms.text import normalise  # noqa: E402

MIN_CUE = 3  # seen as a cue at least this often ...
MIN_RATIO = {"VERB": 0.10, "NOUN": 0.10}  # ... and in at least this share of its occurrences
MIN_FRAME = 3  # frame rows: seen as an attribution at least this often
MIN_FRAME_RATIO = 0.15
MATCH = 0.5  # share of the gold content the frame's span must cover
# Function words and light verbs that sit inside multi-word cues ("has said", "according to").
STOP = {"be", "have", "do", "also", "will", "would", "can", "could", "may", "might", "go", "get",
        "make", "take", "give", "come", "let", "keep", "put", "set", "use", "try", "need", "seem",
        "appear", "look", "find", "show", "include", "see", "mean", "become", "begin", "start"}
FRAME_STOP = {"be", "have", "do", "will", "would", "can", "could", "may", "might", "get", "make", "take",
              "give", "let", "keep", "put", "set", "use", "try", "need", "include", "become", "begin", "start"}


def count(docs_and_articles) -> tuple[collections.Counter, ...]:
    from transforms.quotes import cue_frames, find_quote_spans, has_source_subject

    cue, total = collections.Counter(), collections.Counter()
    fpos, ftotal = collections.Counter(), collections.Counter()
    for doc, art in docs_and_articles:
        r2n = char_alignment(art.raw_text, doc.text)
        in_cue = bytearray(len(doc.text) + 1)
        gold_at: dict[int, list[set[int]]] = collections.defaultdict(list)  # cue char -> gold contents
        for attr in art.attributions:
            content = _chars([map_span(r2n, a, b) for a, b in attr.content_spans])
            for a, b in attr.cue_spans:
                a, b = map_span(r2n, a, b)
                in_cue[a:b] = b"\x01" * (b - a)
                if content:
                    for k in range(a, b):
                        gold_at[k].append(content)
        quoted = bytearray(len(doc.text) + 1)
        for group in find_quote_spans(doc.text):
            for sp in group:
                quoted[sp.start:sp.end] = b"\x01" * (sp.end - sp.start)
        for tok in doc:
            if tok.pos_ not in ("VERB", "NOUN", "ADJ"):
                continue
            key = (tok.lemma_.lower(), tok.pos_)
            if tok.pos_ != "ADJ":  # adjectives are cues only through their frames ("confident that X")
                total[key] += 1
                if in_cue[tok.idx]:
                    cue[key] += 1
            if quoted[tok.idx]:
                continue
            source = has_source_subject(tok)
            if tok.pos_ == "ADJ" and not source:
                continue  # adjectives are counted, and used, only with a source as subject
            for frame, lo, hi in cue_frames(tok):
                span = set(range(doc[lo].idx, doc[hi].idx + len(doc[hi])))
                hit = any(len(span & g) >= MATCH * len(g) for g in gold_at.get(tok.idx, ()))
                # "+src": the same frame counted only where the subject could be a source
                for fkey in [(key[0], f"{tok.pos_}:{frame}")] + ([(key[0], f"{tok.pos_}:{frame}+src")] if source else []):
                    ftotal[fkey] += 1
                    fpos[fkey] += hit
    return cue, total, fpos, ftotal


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train_dir")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "transforms/data/speech_cues.txt"))
    ap.add_argument("--docbin", help="parsed docs of train_dir (spaCy DocBin, same order) to skip parsing")
    args = ap.parse_args(argv)
    from transforms.nlp import load_pipeline

    nlp = load_pipeline()
    articles = read_gold_dir(args.train_dir)
    if args.docbin:
        from spacy.tokens import DocBin

        docs = DocBin().from_disk(args.docbin).get_docs(nlp.vocab)
    else:
        keep = [p for p in nlp.pipe_names if p not in ("newsflow_quotes", "newsflow_entities")]
        docs = nlp.pipe((normalise(a.raw_text) for a in articles), batch_size=16,
                        disable=[p for p in nlp.pipe_names if p not in keep])
    cue, total, fpos, ftotal = count(zip(docs, articles))
    rows = []
    for (lemma, pos), n in cue.items():
        ratio = n / max(total[(lemma, pos)], 1)
        if n >= MIN_CUE and ratio >= MIN_RATIO[pos] and lemma not in STOP and lemma.isalpha():
            rows.append((lemma, pos, n, total[(lemma, pos)], ratio))
    rows.sort(key=lambda r: (r[1], -r[2]))
    frows = []
    for (lemma, frame), n in fpos.items():
        ratio = n / max(ftotal[(lemma, frame)], 1)
        if n >= MIN_FRAME and ratio >= MIN_FRAME_RATIO and lemma not in FRAME_STOP and lemma.isalpha():
            frows.append((lemma, frame, n, ftotal[(lemma, frame)], ratio))
    # A source row only where it adds a frame the extractor uses: its plain frame is below the
    # thresholds, it is above them, and its verb is itself a cue (its lemma row has share >=
    # QUOTE_MIN_SHARE): "identified X as Y", not "reached the final", "failed to score".
    kept = {(r[0], r[1]) for r in frows if r[2] >= FRAME_MIN_N and r[4] >= FRAME_MIN_SHARE}
    cue_verbs = {r[0] for r in rows if r[1] == "VERB" and r[4] >= QUOTE_MIN_SHARE}
    frows = [r for r in frows if not r[1].endswith("+src")
             or (r[0], r[1]) in kept and (r[0], r[1][:-4]) not in kept and r[0] in cue_verbs]
    frows.sort(key=lambda r: (r[1].split(":")[0], -r[2], r[1]))
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("# Speech/attribution cue lemmas learnt from PolNeAR train (derived statistics only).\n")
        fh.write("# Built by scripts/build_cue_lexicon.py. Columns: lemma, POS (or POS:frame), times a cue, occurrences, share.\n")
        for lemma, pos, n, t, r in rows + frows:
            fh.write(f"{lemma}\t{pos}\t{n}\t{t}\t{r:.3f}\n")
    print(f"{len(rows)} cue lemmas and {len(frows)} cue frames from {len(articles)} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
