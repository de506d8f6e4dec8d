"""Quote extraction: direct, mixed and indirect quotes attributed to a resolved speaker.

(Stub with the final interface; the extractor itself lands with the quotes issue.)
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc


@dataclass(frozen=True)
class Quote:
    start_char: int
    end_char: int
    text: str
    kind: str  # "direct" | "mixed" | "indirect"
    cue: str | None
    cue_start_char: int | None
    cue_end_char: int | None
    speaker: str | None  # resolved full name ("Sergei Lavrov", never "he")
    speaker_start_char: int | None  # the mention the quote is attributed to
    speaker_end_char: int | None


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)


@Language.factory("newsflow_quotes")
def make_quote_extractor(nlp: Language, name: str):
    def extract(doc: Doc) -> Doc:
        doc._.quotes = []
        return doc

    return extract
