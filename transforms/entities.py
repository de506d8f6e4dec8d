"""Entity resolution: from NER mentions to entities with a stable id.

First resolution: a mention's name is its text without leading determiners,
trailing possessives and edge punctuation ("the United States" -> "United States",
"Lavrov's" -> "Lavrov"); one entity per (name, label). The id is a hash of that key, so the
same entity gets the same id in every run and every article.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

_DETERMINER = re.compile(r"^(the|a|an|this|that|these|those)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(['\u2019]s|s['\u2019]|['\u2019])$")
_EDGE_PUNCT = "\"'\u201c\u201d\u2018\u2019()[],.;:!?-\u2013\u2014 \n\t"


@dataclass(frozen=True)
class Mention:
    """One NER mention with its resolved entity."""

    start_char: int
    end_char: int
    text: str
    label: str
    name: str
    entity_id: str


def clean_name(text: str) -> str:
    """The mention's name: no determiner, no possessive, no edge punctuation, single spaces."""
    name = " ".join(text.split()).strip(_EDGE_PUNCT)
    name = _DETERMINER.sub("", name)
    # "U.S." keeps its final dot: only strip a dot when it is not part of an abbreviation.
    name = _POSSESSIVE.sub("", name).strip(_EDGE_PUNCT.replace(".", ""))
    if name.endswith(".") and not re.search(r"\b\w\.\w\.$", name):
        name = name.rstrip(".")
    return name or text.strip()


def entity_id(name: str, label: str) -> str:
    """Stable id for an entity: the same name and label give the same id in every run."""
    key = f"{label}\x1f{name.casefold()}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)


@Language.factory("newsflow_entities")
def make_entity_resolver(nlp: Language, name: str):
    return resolve_entities


def resolve_entities(doc: Doc) -> Doc:
    """Set `doc._.mentions`: every NER mention with its resolved name and entity id."""
    mentions = []
    for ent in doc.ents:
        canonical = clean_name(ent.text)
        mentions.append(
            Mention(ent.start_char, ent.end_char, ent.text, ent.label_, canonical, entity_id(canonical, ent.label_))
        )
    doc._.mentions = mentions
    return doc
