"""Stance: who is for or against whom, from the trained target-aware model (stance_model.py).

Evidence is a sentence with named targets in it:
- a sentence inside a quote (or its attribution) gives the quote speaker's stance toward every
  other entity named in that sentence; so does a reported act (`doc._.acts`: "Iran backed the
  rebels"), though it is no quote;
- any other sentence gives the article's own stance (holder: its source, or "author").
In a quote, the speaker's own evaluative words ("unacceptable", "welcomed") decide the polarity
toward what they govern (stance_cues.py), and "the two countries" stands for the two countries
named last. Each sentence is encoded once for all its targets; an article's sentences go to the
model together. Results are `Stance` records on `doc._.stances`.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from transforms.aliases import lookup
from transforms.entities import body_country
from transforms.nlp import sentence_spans
from transforms.quotes import reports
from transforms.stance_cues import cue_polarity, evaluations
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
    cue_word: str | None = None  # the speaker's evaluative word that set the polarity, if any


if not Doc.has_extension("stances"):
    Doc.set_extension("stances", default=None)


# "the two countries", "both sides": the two countries (pycountry names) named last, in this or the previous sentences
_PAIR = re.compile(r"\b(?:[Tt]he two|[Bb]oth(?: the)?|[Tt]he two neighbou?ring)\s+(countries|nations|states|governments|sides)\b")
_PAIR_LOOKBACK = 3  # sentences


def _is_country(mention) -> bool:
    alias = lookup(mention.name, "GPE") if mention.label == "GPE" else None
    return alias is not None and alias.kind == "country"


def _pair_mentions(text: str, starts: list[int], mentions_by_sent: dict[int, list]) -> dict[int, list]:
    """Sentence index -> mentions standing for the two countries a phrase like "the two countries"
    in that sentence refers to: the two most recently named distinct countries before it, at the
    phrase's offsets."""
    out: dict[int, list] = {}
    for match in _PAIR.finditer(text):
        i = bisect_right(starts, match.start()) - 1
        seen: dict[str, object] = {}
        for j in range(i, max(-1, i - _PAIR_LOOKBACK), -1):
            for m in reversed(mentions_by_sent.get(j, [])):
                if m.start_char < match.start() and m.entity_id not in seen and _is_country(m):
                    seen[m.entity_id] = m
            if len(seen) >= 2:
                break
        if len(seen) >= 2:
            out.setdefault(i, []).extend(replace(m, start_char=match.start(), end_char=match.end(), text=match.group(0))
                                         for m in list(seen.values())[:2])
    return out


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
    # reported acts ("Iran backed the rebels") name who holds a stance as quotes do
    quotes = sorted((q for q in reports(doc) if q.speaker), key=lambda q: (q.start_char, q.end_char))
    # the quote and its attribution in place (cue, "he"); not the resolved name's mention, which
    # may sit paragraphs earlier: once per quote, not per sentence
    extents = [_attribution_extent(q) for q in quotes]
    speaker_scope: dict[int, tuple[int, int, frozenset[str]]] = {}  # quote index -> extent with what the cue is about, own side
    out = []
    text = doc.text
    for i, p in _pair_mentions(text, starts, targets).items():
        targets[i] = targets.get(i, []) + p
    for i, mentions in sorted(targets.items()):
        s_start, s_end = sents[i]
        # the quote overlapping this sentence most (a sentence belongs to at most one quote)
        best, k_best, overlap = None, None, 0
        for k, (q, (lo, hi)) in enumerate(zip(quotes, extents)):
            o = min(s_end, hi) - max(s_start, lo)
            if o > overlap:
                best, k_best, overlap = q, k, o
        if best is not None:
            # the speaker's words are the quote and its attribution: not the rest of the sentence
            # ("Lavrov's comments came days after Uzbekistan welcomed ...": no stance of Uzbekistan's
            # toward Lavrov); and the speaker does not hold a stance toward itself
            if k_best not in speaker_scope:
                speaker_scope[k_best] = (*_attribution_extent(best, doc), _own_side(doc, best, text))
            lo, hi, own = speaker_scope[k_best]
            mentions = [m for m in mentions if lo <= m.start_char and m.end_char <= hi
                        and m.name != best.speaker and m.name not in own and not (
                            best.speaker_start_char is not None and m.start_char < best.speaker_end_char
                            and best.speaker_start_char < m.end_char) and not _writers_aside(doc, text, best, m)]
        if mentions:
            out.append(((s_start, s_end), best, mentions))
    return out


@lru_cache(maxsize=1)
def _capitals() -> dict[str, frozenset[str]]:
    """Country -> the names that stand for its government ("Moscow", "the Kremlin")."""
    out: dict[str, set[str]] = {}
    for line in (Path(__file__).parent / "data" / "capitals.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            country, capital = line.split("\t")
            alias = lookup(country)
            out.setdefault(alias.name if alias is not None else country, set()).add(capital)
    return {k: frozenset(v) for k, v in out.items()}


def _own_side(doc: Doc, quote, text: str) -> frozenset[str]:
    """`_own_side_of`, once per quote (the evidence and the speaker's cue words both need it)."""
    cache = doc.user_data.setdefault("newsflow_own_side", {})
    key = (quote.start_char, quote.end_char)
    if key not in cache:
        cache[key] = _own_side_of(doc, quote, text)
    return cache[key]


def _own_side_of(doc: Doc, quote, text: str) -> frozenset[str]:
    """Names of the country an official or a state body speaks for, its people and its capital:
    "Russian Foreign Minister Sergei Lavrov" saying 'Moscow was "concerned"' reports his own
    government's position, not a stance toward Moscow. Empty for anyone else (an opposition
    leader's stance toward their own country is real). `text` is `doc.text`, which spaCy builds
    from the tokens at each access."""
    if quote.speaker_start_char is None:
        return frozenset()
    speaker = next((m for m in doc._.mentions or () if m.start_char < quote.speaker_end_char
                    and quote.speaker_start_char < m.end_char), None)
    if speaker is None:
        return frozenset()
    country = body_country(speaker.name)
    if country is None and speaker.label == "PERSON":
        for m in doc._.mentions:  # a title after a demonym or a possessive: "Russian Foreign Minister ..."
            if m.entity_id != speaker.entity_id or not m.role:
                continue
            before = text[max(0, m.start_char - len(m.role) - 40):m.start_char]
            at = before.rfind(m.role)
            words = before[:at].split() if at >= 0 else []
            if words:
                word = words[-1]
                alias = lookup(word, "NORP") or lookup(re.sub(r"['\u2019]s$", "", word), "GPE")
                if alias is not None and (alias.kind == "demonym" or alias.kind == "country"):
                    country = alias.country if alias.kind == "demonym" else alias.name
                    break
    if country is None:
        return frozenset()
    people = {m.name for m in doc._.mentions if m.label == "NORP" and (a := lookup(m.name, "NORP")) is not None
              and a.kind == "demonym" and a.country == country}
    return frozenset({country, *people, *_capitals().get(country, ())})


_QUOTE_MARKS = frozenset('"\u201c\u201d')


def _writers_aside(doc: Doc, text: str, quote, m) -> bool:
    """A name inside a relative clause set off by a comma, in reported speech and outside quote
    marks: the writer's description, not what the speaker judges ('Russia classifies the Taliban,
    who first ruled Afghanistan until 2001, as a "terrorist" organization')."""
    if quote.kind == "direct" or not quote.start_char <= m.start_char:
        return False
    if sum(ch in _QUOTE_MARKS for ch in text[quote.start_char:m.start_char]) % 2:
        return False  # inside the speaker's quoted words
    span = doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
    if span is None:
        return False
    for a in span.root.ancestors:
        if a.idx < quote.start_char:
            break
        # (not appositions: the parser also reads lists, "in Colorado, Utah, and California", so)
        if a.dep_ == "relcl" and a.left_edge.i > 0 and doc[a.left_edge.i - 1].text == ",":
            return True
    return False


def _attribution_extent(q, doc: Doc | None = None) -> tuple[int, int]:
    """Characters a quote covers together with its cue and in-place source words; with `doc`, also
    what the cue says it about ("Gutierrez was described by the CBCP as ...": Gutierrez)."""
    points = [q.start_char, q.end_char] + [c for c in (q.cue_start_char, q.cue_end_char,
                                                       q.source_start_char, q.source_end_char) if c is not None]
    if doc is not None and q.cue_start_char is not None:
        cue = doc.char_span(q.cue_start_char, q.cue_end_char, alignment_mode="expand")
        for c in cue.root.children if cue is not None else ():
            if c.dep_ in ("nsubjpass", "dobj", "dative"):
                points += [doc[c.left_edge.i].idx, doc[c.right_edge.i].idx + len(doc[c.right_edge.i])]
    return min(points), max(points)


POLARITY = {1: "positive", -1: "negative"}


def _speaker_evaluations(doc: Doc, s: int, e: int, quote, speaker: tuple[set[int], set[str]]) -> list:
    """Evaluative words the speaker says in this sentence: inside the quote or as its cue."""
    lo, hi = _attribution_extent(quote)
    span = doc.char_span(max(s, lo), min(e, hi), alignment_mode="expand")
    return evaluations(span, speaker) if span is not None else []


def _speaker_tokens(doc: Doc, quote, text: str) -> tuple[set[int], set[str]]:
    """The token indices of the quote's speaker mention and of the words naming them at the cue,
    and the lower-case words of the speaker's name and of the side they speak for."""
    at: set[int] = set()
    for a, b in ((quote.speaker_start_char, quote.speaker_end_char), (quote.source_start_char, quote.source_end_char)):
        if a is not None and b is not None:
            span = doc.char_span(a, b, alignment_mode="expand")
            at.update(t.i for t in span or ())
    names = [quote.speaker or "", *_own_side(doc, quote, text)]
    return at, {w for name in names for w in name.lower().split()}


class StanceComponent:
    def __init__(self, model: StanceModel):
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        evidence = _evidence(doc)
        # One model call per Doc: batches never mix articles, so padding (and with it the last
        # float digits) does not depend on which articles share a shard or an nlp.pipe batch:
        # the same article always gets the same scores.
        text = doc.text  # built from the tokens on every access: once per Doc
        items = [(text[s:e], [(m.start_char - s, m.end_char - s) for m in mentions])
                 for (s, e), _, mentions in evidence]
        predictions = self.model.predict(items) if items else []
        stances = []
        speakers: dict[int, tuple[set[int], set[str]]] = {}  # id(quote) -> its speaker's tokens and words
        for ((s, e), quote, mentions), preds in zip(evidence, predictions):
            if quote is not None and id(quote) not in speakers:
                speakers[id(quote)] = _speaker_tokens(doc, quote, text)
            evals = _speaker_evaluations(doc, s, e, quote, speakers[id(quote)]) if quote else []
            for m, (polarity, score) in zip(mentions, preds):
                word = None
                if evals:
                    target = doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
                    sign, tok = cue_polarity(evals, target) if target is not None else (0, None)
                    if sign:
                        # the speaker's own evaluative word decides; the model's score still grades it
                        polarity, score, word = POLARITY[sign], (score + sign) / 2, tok.text
                stances.append(Stance(
                    quote.start_char if quote else None, quote.end_char if quote else None,
                    quote.speaker if quote else None,
                    quote.speaker_start_char if quote else None, quote.speaker_end_char if quote else None,
                    m.name, m.entity_id, m.start_char, m.end_char, polarity, round(float(score), 4), s, e, word))
        doc._.stances = stances
        return doc


@Language.factory("newsflow_stance", default_config={"model_path": None, "threads": 1})
def make_stance(nlp: Language, name: str, model_path: str | None, threads: int):
    return StanceComponent(StanceModel.load(model_path, intra_op_num_threads=threads))
