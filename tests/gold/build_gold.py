"""Tools behind the hand-annotated entity gold set (see README.md in this folder).

    python tests/gold/build_gold.py listing > /tmp/listing.txt
        The unresolved starting point: every NER mention the pipeline finds in each article
        (names only, no values), with its offsets and a little context. No resolution is used:
        spans come from `doc.ents`, never from `doc._.mentions`.

    python tests/gold/build_gold.py build
        Joins those mentions with the hand-written keys in `annotations_wikinews30.tsv`
        and writes `entities_wikinews30.jsonl` (one line per mention). Fails loudly when a
        mention has no key, so every mention was looked at.

Run from the repository root with the project's venv.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "wikinews30"
ANNOTATIONS = HERE / "annotations_wikinews30.tsv"
GOLD = HERE / "entities_wikinews30.jsonl"

# The NER labels that name things; values (dates, numbers, money...) are not entities to resolve.
NAME_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}


def article_texts() -> dict[str, str]:
    from transforms.text import normalise

    return {p.stem: normalise(p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.txt"))}


def ner_mentions():
    """(article, start, end, text, label) of every name mention the pipeline's NER finds."""
    from transforms.nlp import load_pipeline

    nlp = load_pipeline()
    texts = article_texts()
    with nlp.select_pipes(disable=[p for p in ("newsflow_entities", "newsflow_quotes") if p in nlp.pipe_names]):
        for (article, text), doc in zip(texts.items(), nlp.pipe(texts.values())):
            for ent in doc.ents:
                if ent.label_ in NAME_LABELS:
                    yield article, ent.start_char, ent.end_char, ent.text, ent.label_, text


def listing() -> None:
    current = None
    for article, start, end, surface, label, text in ner_mentions():
        if article != current:
            current = article
            print(f"\n## {article}")
        left = text[max(0, start - 35):start].replace("\n", " ")
        right = text[end:end + 35].replace("\n", " ")
        print(f"{start:5d} {end:5d} {label:8s} {surface!r:40s} ...{left}[{surface}]{right}...")


def load_annotations() -> tuple[dict[tuple[str, str], str], dict[tuple[str, int], str]]:
    """(article, surface) -> key, and (article, start) -> key overrides for one occurrence."""
    by_surface: dict[tuple[str, str], str] = {}
    by_offset: dict[tuple[str, int], str] = {}
    article = None
    for raw in ANNOTATIONS.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip("\n")
        if line.startswith("## "):
            article = line[3:].strip()
            continue
        if not line.strip() or line.startswith("#"):
            continue
        surface, key = line.split("\t")
        key = key.strip()
        if key == "=":
            key = f"Q:{surface}"
        if surface.startswith("@"):
            by_offset[(article, int(surface[1:]))] = key
        else:
            by_surface[(article, surface)] = key
    return by_surface, by_offset


def build() -> None:
    by_surface, by_offset = load_annotations()
    missing = []
    rows = []
    for article, start, end, surface, label, _ in ner_mentions():
        key = by_offset.get((article, start)) or by_surface.get((article, surface))
        if key is None:
            missing.append(f"{article}\t{surface}")
            continue
        rows.append({"article": article, "start": start, "end": end, "text": surface, "label": label, "key": key})
    if missing:
        sys.exit("no key for:\n" + "\n".join(missing))
    with GOLD.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} mentions, {len({r['key'] for r in rows})} entities to {GOLD}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    {"listing": listing, "build": build}[sys.argv[1]]()
