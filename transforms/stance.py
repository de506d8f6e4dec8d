"""Stance: who is for or against whom, from the trained target-aware model (stance_model.py).

Evidence is a sentence with named targets in it:
- a sentence inside a quote (or its attribution) gives the quote speaker's stance toward every
  other entity named in that sentence;
- any other sentence gives the article's own stance (holder: its source, or "author").
Each sentence is encoded once for all its targets; an article's sentences are batched together. Results are `Stance` records on `doc._.stances`.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from transforms.nlp import sentence_spans
from transforms.stance_model import StanceModel

# Entity labels a stance can be about (not dates, numbers, money...).
TARGET_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"})


@dataclass(frozen=True)
class Stance:
    quote_start_char: int | None  # the quote this is evidence from (None: the article's own voice)
    quote_end_char: int | None
    holder: str | None  # the quote's resolved speaker; None for the article's voice
    holder_start_char: int | None
    holder_end_char: int | None
    target: str  # resolved name of the target entity
    target_entity_id: str
    target_start_char: int
    target_end_char: int
    polarity: str
    score: float
    sentence_start_char: int
    sentence_end_char: int


if not Doc.has_extension("stances"):
    Doc.set_extension("stances", default=None)


def _evidence(doc: Doc) -> list[tuple[tuple[int, int], object | None, list]]:
    """(sentence span, quote or None, target mentions) for every sentence with a target."""
    sents = sentence_spans(doc)
    if not sents:
        return []
    starts = [s for s, _ in sents]
    targets: dict[int, list] = {}
    for m in doc._.mentions or ():
        if m.label in TARGET_LABELS:
            targets.setdefault(bisect_right(starts, m.start_char) - 1, []).append(m)
    quotes = [q for q in doc._.quotes or () if q.speaker]
    out = []
    for i, mentions in sorted(targets.items()):
        s_start, s_end = sents[i]
        # the quote overlapping this sentence most (a sentence belongs to at most one quote)
        best, overlap = None, 0
        for q in quotes:
            lo, hi = max(s_start, min(q.start_char, q.speaker_start_char or q.start_char)), min(
                s_end, max(q.end_char, q.speaker_end_char or q.end_char))
            if hi - lo > overlap:
                best, overlap = q, hi - lo
        if best is not None:
            # the speaker does not hold a stance toward itself
            mentions = [m for m in mentions if m.name != best.speaker and not (
                best.speaker_start_char is not None and m.start_char < best.speaker_end_char
                and best.speaker_start_char < m.end_char)]
        if mentions:
            out.append(((s_start, s_end), best, mentions))
    return out


class StanceComponent:
    def __init__(self, model: StanceModel):
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        evidence = _evidence(doc)
        # One model call per Doc: batches never mix articles, so padding (and with it the last
        # float digits) does not depend on which articles share a shard or an nlp.pipe batch:
        # the same article always gets the same scores.
        items = [(doc.text[s:e], [(m.start_char - s, m.end_char - s) for m in mentions])
                 for (s, e), _, mentions in evidence]
        predictions = self.model.predict(items) if items else []
        stances = []
        for ((s, e), quote, mentions), preds in zip(evidence, predictions):
            for m, (polarity, score) in zip(mentions, preds):
                stances.append(Stance(
                    quote.start_char if quote else None, quote.end_char if quote else None,
                    quote.speaker if quote else None,
                    quote.speaker_start_char if quote else None, quote.speaker_end_char if quote else None,
                    m.name, m.entity_id, m.start_char, m.end_char, polarity, round(float(score), 4), s, e))
        doc._.stances = stances
        return doc


@Language.factory("newsflow_stance", default_config={"model_path": None, "threads": 1})
def make_stance(nlp: Language, name: str, model_path: str | None, threads: int):
    return StanceComponent(StanceModel.load(model_path, intra_op_num_threads=threads))
