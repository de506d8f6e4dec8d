"""spaCy Docs -> table rows. The only place that knows both the Doc extensions and the tables."""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import asdict

from spacy.tokens import Doc

from transforms.nlp import sentence_spans
from transforms.readers import Article


def _id(*parts) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def article_row(article: Article, run_id: str) -> dict:
    return {**asdict(article), "run_id": run_id}


def mention_rows(article_id: str, doc: Doc) -> list[dict]:
    sents = sentence_spans(doc) if doc.has_annotation("SENT_START") else []
    starts = [s for s, _ in sents]
    rows = []
    for m in doc._.mentions or ():
        i = bisect_right(starts, m.start_char) - 1
        sent = sents[i] if i >= 0 else (None, None)
        rows.append({**asdict(m), "article_id": article_id,
                     "sentence_start_char": sent[0], "sentence_end_char": sent[1]})
    return rows


# Labels of things that speak; a number, date or amount inside a speaker's words is not one
# ("One of the victims", "a 2015 court decision").
SPEAKING_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}


def _mention_at(doc: Doc, start, end, name: str | None = None):
    """The mention at (start, end), else the mention that holds the head word of the words at
    (start, end) ("Foreign Minister Sergei Lavrov" -> Sergei Lavrov; "Trump's doctors" -> none:
    the doctors speak, not Trump), else a mention with the same resolved name (a transcript label
    "PENCE:" is no NER mention)."""
    mentions = doc._.mentions or ()
    if start is not None and end is not None:
        for m in mentions:
            if (m.start_char, m.end_char) == (start, end):
                return m
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            head = span.root.idx
            for m in mentions:
                if m.start_char <= head < m.end_char and start < m.end_char and m.start_char < end \
                        and m.label in SPEAKING_LABELS:
                    return m
    if name:
        for m in mentions:
            if m.name == name:
                return m
    return None


def _speaker_name(speaker: str | None, mention) -> str | None:
    """The speaker as its entity is named when that adds the country of a national body
    ("Defense Ministry" -> "Defense Ministry (Uzbekistan)")."""
    if speaker and mention is not None and mention.name.startswith(f"{speaker} ("):
        return mention.name
    return speaker


def quote_rows(article_id: str, doc: Doc, quotes=None) -> list[dict]:
    """Rows of `doc._.quotes` (or of `quotes`, such as `doc._.acts`)."""
    rows = []
    for q in (doc._.quotes or ()) if quotes is None else quotes:
        mention = _mention_at(doc, q.speaker_start_char, q.speaker_end_char, q.speaker)
        rows.append({
            "quote_id": _id(article_id, q.start_char, q.end_char),
            "article_id": article_id, "start_char": q.start_char, "end_char": q.end_char, "text": q.text,
            "kind": q.kind, "cue": q.cue, "cue_class": q.cue_class, "speaker": _speaker_name(q.speaker, mention),
            "speaker_start_char": q.speaker_start_char, "speaker_end_char": q.speaker_end_char,
            "speaker_entity_id": mention.entity_id if mention is not None else None,
            "cue_start_char": q.cue_start_char, "cue_end_char": q.cue_end_char,
            "speaker_ref_start_char": q.source_start_char, "speaker_ref_end_char": q.source_end_char,
            "fragments": [{"start_char": s, "end_char": e} for s, e in q.fragments],
        })
    return rows


def stance_rows(article: Article, doc: Doc, quotes: dict[str, dict], acts: dict[str, dict] | None = None) -> list[dict]:
    """Rows from `doc._.stances`; the article's own voice is held by its source, or "author".
    A quote's stance is held by its speaker, as `quote_rows` named and resolved it (`quotes`:
    quote_id -> quote row); so is a reported act's ("Iran backed the rebels": `acts`, rows of
    `doc._.acts` by the same ids), with no quote to point at."""
    rows = []
    acts = acts or {}
    for st in doc._.stances or ():
        ref = _id(article.article_id, st.quote_start_char, st.quote_end_char) if st.quote_start_char is not None else None
        quote = (quotes.get(ref) or acts.get(ref)) if ref else None
        quote_id = ref if ref in quotes else None
        holder = (quote["speaker"] if quote and st.holder else st.holder) or article.source or "author"
        rows.append({
            # the entity too: "the two countries" is one span standing for two targets
            "stance_id": _id(article.article_id, ref, st.target_start_char, st.sentence_start_char,
                             st.target_entity_id),
            "article_id": article.article_id, "quote_id": quote_id, "holder": holder,
            "holder_entity_id": quote["speaker_entity_id"] if quote else None,
            "target": st.target, "target_entity_id": st.target_entity_id, "polarity": st.polarity,
            "score": st.score, "target_start_char": st.target_start_char, "target_end_char": st.target_end_char,
            "sentence_start_char": st.sentence_start_char, "sentence_end_char": st.sentence_end_char,
            "cue_word": st.cue_word,
        })
    return rows


def doc_rows(article: Article, doc: Doc, run_id: str) -> dict[str, list[dict]]:
    """All per-article rows for one annotated article, keyed by table name."""
    quotes = quote_rows(article.article_id, doc)
    return {
        "articles": [article_row(article, run_id)],
        "entity_mentions": mention_rows(article.article_id, doc),
        "quotes": quotes,
        "stances": stance_rows(article, doc, {q["quote_id"]: q for q in quotes},
                               {a["quote_id"]: a for a in quote_rows(article.article_id, doc, doc._.acts or ())}),
    }
