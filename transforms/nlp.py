"""The spaCy pipeline: choosing and loading the model, plus the components every run needs.

The pipeline is loaded once per worker process (`load_pipeline` caches it). newsflow's own
components are real spaCy factories, so a notebook can do the same with `spacy.load` and
`nlp.add_pipe("newsflow_paragraphs", before="parser")`.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IDX, LENGTH, PREFIX, SENT_START, SHAPE, SUFFIX
from spacy.language import Language
from spacy.tokens import Doc, Span

from transforms.model_choice import choose_model

@Language.component("newsflow_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Force a sentence start after every line break, so no sentence crosses a paragraph
    or swallows a subheading ("Washington and Tashkent" stays on its own). After quoted words
    that end a sentence, a capitalised opener starts a new sentence ('...victims[.]" She went
    on') and a lower-case word does not ('"You winning?" she said').

    Must run before the parser, which respects preset boundaries.
    """
    # Set in one array: setting `token.is_sent_start` checks the whole Doc for a parse each time
    starts = doc.to_array([SENT_START]).astype(np.int64)
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            starts[token.i + 1] = 1
        elif token.whitespace_ == "" and token.text.endswith("\n"):
            starts[token.i + 1] = 1
        elif token.text == "''" and _opens_sentence(doc, token):
            starts[token.i], starts[token.i + 1] = 1, -1  # the quote's sentence, with its opening mark
        elif token.text in _CLOSING_MARKS and token.whitespace_ and _ends_sentence_inside(doc, token.i):
            nxt = doc[token.i + 1]
            if nxt.text.istitle() and nxt.lower_ in _SENTENCE_OPENERS:
                starts[nxt.i] = 1
            elif nxt.text[:1].islower() and nxt.is_alpha:
                starts[nxt.i] = -1  # '"You winning?" she said': the attribution goes on the sentence
    doc.from_array([SENT_START], starts.astype(np.uint64))  # spaCy stores -1 (no start) as uint64
    return doc


_CLOSING_MARKS = frozenset({'"', "\u201d", "\u00bb"})
# Words that open a new sentence after a quote, never an attribution of it (unlike '"..." Trump said')
_SENTENCE_OPENERS = frozenset({
    "he", "she", "they", "we", "it", "you", "the", "a", "an", "this", "that", "these", "those", "there", "his",
    "her", "their", "its", "our", "as", "in", "on", "at", "after", "before", "but", "and", "however", "meanwhile",
    "while", "when", "if", "since", "earlier", "later", "also", "yet", "still", "some", "many", "other", "others"})


_SENTENCE_ENDS = frozenset({".", "?", "!", "...", "\u2026"})
_MARKS_AFTER_END = _CLOSING_MARKS | {"''"}  # '... rules.'' ''Next': a quote closed, another opened


def _opens_sentence(doc: Doc, mark) -> bool:
    """Two apostrophes opening a quote after a sentence's end (". ''He is winning,'' he said"):
    the model reads '' as a closing mark and ends the previous sentence after it."""
    if mark.i == 0 or mark.whitespace_ or not doc[mark.i - 1].whitespace_:
        return False
    prev, first = doc[mark.i - 1], doc[mark.i + 1].text[:1]
    ended = prev.text in _SENTENCE_ENDS or prev.text in _MARKS_AFTER_END and mark.i > 1 \
        and doc[mark.i - 2].text in _SENTENCE_ENDS
    return ended and (first.isupper() or first.isdigit())


def _ends_sentence_inside(doc: Doc, i: int) -> bool:
    """The quote mark at `i` closes quoted words that end a sentence: 'victims[.]" She went on
    to say ...' (the parser keeps the next sentence in this one when an editor's bracket or
    an unusual mark sits before the closing quote)."""
    k = i - 1
    if k >= 0 and doc[k].text == "]" and doc[k].whitespace_ == "":
        k -= 1
    return k >= 0 and doc[k].whitespace_ == "" and doc[k].text in (".", "!", "?", "...", "\u2026")


@Language.component("newsflow_trim_entities")
def trim_entities(doc: Doc) -> Doc:
    """Drop whitespace tokens at the edges of entity spans (and a picture credit's "Image"),
    entities that are only whitespace, names written all in lower case and words that name no
    one ("UTC").

    The small model sometimes tags "Tashkent\\n\\n" as one entity; offsets must point at the name.
    A name ending in a company suffix ("Kft", "GmbH", "Ltd") is an ORG. Then a person's name after
    an office ("President of Ukraine Volodymyr Zelenskyy") becomes a PERSON entity of its own
    (`split_office_and_name`).
    """
    from transforms.entities import split_office_and_name

    trimmed: list[Span] = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if end - start > 1 and doc[end - 1].text in _CAPTION_WORDS and end < len(doc) and doc[end].text == ":":
            end -= 1  # a picture credit: "Ross Perot Image: Allan Warren."
        if end > start and doc[start:end].text.casefold() in _NOT_NAMES and ent.label_ in _NAME_LABELS:
            continue
        if end > start and not _lowercase_name(doc[start:end].text, ent.label_):
            label = "ORG" if doc[end - 1].lower_ in _COMPANY_SUFFIXES and end - start > 1 else ent.label_
            trimmed.append(Span(doc, start, end, label=label))
    doc.ents = split_office_and_name(doc, trimmed)
    return doc


_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
# A name ending in one of these is a company, whatever the model said ("Védelmi Ipari Kft" was a
# PERSON, and a later "he" went to it).
_COMPANY_SUFFIXES = frozenset({"inc", "inc.", "ltd", "ltd.", "llc", "l.l.c.", "gmbh", "kft", "kft.", "plc", "corp",
                               "corp.", "s.a.", "n.v.", "b.v.", "s.p.a.", "pty", "ag", "oyj", "a/s"})
# What the small model often takes for an organisation but names no one: time zones ("7:49 a.m. UTC").
_NOT_NAMES = frozenset({"utc", "gmt"})
_CAPTION_WORDS = frozenset({"Image", "Photo", "Picture"})


def _lowercase_name(text: str, label: str) -> bool:
    """A name the model found in words written all in lower case ("republics", "the senate",
    "bison"): in a cased script, no name is. (Scripts without case, such as Devanagari, keep theirs.)"""
    return label in _NAME_LABELS and any(c.islower() for c in text) and not any(c.isupper() for c in text)


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of every sentence, as `doc.sents` gives them, computed once per Doc
    from arrays: iterating `doc.sents` builds a Python object per token, and several components
    need the sentences (it was a third of the stance component's time)."""
    cached = doc.user_data.get("newsflow_sentence_spans")
    if cached is None:
        starts, _ = _sentence_arrays(doc)
        if not len(starts):
            cached = []
        else:
            arr = doc.to_array([IDX, LENGTH]).astype(np.int64)
            last = np.append(starts[1:], len(doc)) - 1
            cached = list(zip(arr[starts, 0].tolist(), (arr[last, 0] + arr[last, 1]).tolist()))
        doc.user_data["newsflow_sentence_spans"] = cached
    return cached


def sentence_index(doc: Doc) -> np.ndarray:
    """For every token, the index of its sentence (array, computed once per Doc)."""
    return _sentence_arrays(doc)[1]


def _sentence_arrays(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    cached = doc.user_data.get("newsflow_sentence_arrays")
    if cached is None:
        if not len(doc):
            cached = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        else:
            flags = doc.to_array([SENT_START]).astype(np.int64).ravel() == 1
            flags[0] = True
            cached = (np.flatnonzero(flags), np.cumsum(flags) - 1)
        doc.user_data["newsflow_sentence_arrays"] = cached
    return cached


# Components newsflow adds on top of the base model, in order, with where they go.
# Each later issue (quotes, entity resolution, stance) registers its factory and appends here.
NEWSFLOW_COMPONENTS: list[tuple[str, dict]] = [
    ("newsflow_paragraphs", {"before": "parser"}),
    ("newsflow_trim_entities", {"after": "ner"}),
    ("newsflow_entities", {"after": "newsflow_trim_entities"}),
    ("newsflow_quotes", {"after": "newsflow_entities"}),
    ("newsflow_stance", {"after": "newsflow_quotes"}),
]


# Dashes the model never saw in training. HuffPost sets off clauses with "―" (U+2015): the small
# model tagged it a verb or pronoun and broke the parse around it ('pounding Trump as a "con
# artist" ― just as he did'). With the norm the em and en dashes already have, it is punctuation.
UNSEEN_DASHES = "\u2015\u2012\u2010"


def read_dashes_as_dashes(nlp: Language) -> None:
    for dash in UNSEEN_DASHES:
        nlp.vocab[dash].norm_ = nlp.vocab["\u2014"].norm_


def read_percent_as_a_word(nlp: Language) -> None:
    """spaCy's lexicon flags "%" as punctuation, so every "trim the trailing punctuation" step cut
    it off ("inflation rose by [5]%"). It is a unit, part of the number. (No model feature reads
    the flag: the parse and entities stay as they were.)"""
    for unit in ("%", "‰"):
        nlp.vocab[unit].is_punct = False


# Curly apostrophes inside words. The model learnt "n't", "'s" and "'re" with straight ones: with
# the shape, prefix and suffix features of "n’t" it tagged "didn’t support" a noun, and the
# clause's parse broke around it. Each word keeps its text; only those features read "'".
_STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'"})


def read_curly_apostrophes_as_straight(nlp: Language) -> None:
    getters = nlp.vocab.lex_attr_getters
    for attr in (SHAPE, PREFIX, SUFFIX):
        getters[attr] = _straightened(getters[attr])
    for lex in nlp.vocab:  # words the tokenizer's exceptions already made ("n’t", "’s")
        if ("\u2019" in lex.orth_ or "\u2018" in lex.orth_) and any(c.isalpha() for c in lex.orth_):
            lex.shape_, lex.prefix_, lex.suffix_ = (getters[a](lex.orth_) for a in (SHAPE, PREFIX, SUFFIX))


def _straightened(getter):
    # a mark on its own stays as it is: there it is a quote mark more often than an apostrophe
    return lambda text: getter(text.translate(_STRAIGHT) if any(c.isalpha() for c in text) else text)


def build_pipeline(model: str | None = None) -> Language:
    """Load the base model and add newsflow's components (uncached; see `load_pipeline`)."""
    import transforms.components  # noqa: F401  (registers every newsflow factory)

    from transforms.fast_rules import speed_up

    nlp = spacy.load(choose_model(model))
    read_dashes_as_dashes(nlp)
    read_percent_as_a_word(nlp)
    read_curly_apostrophes_as_straight(nlp)
    speed_up(nlp)  # the base model's attribute_ruler and lemmatizer, same output from arrays
    for name, where in NEWSFLOW_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, **where)
    return nlp


@lru_cache(maxsize=2)
def load_pipeline(model: str | None = None) -> Language:
    """The process-wide pipeline for `model` (loaded once per worker process)."""
    return build_pipeline(model)
