"""A learnt scorer for the long tail of cue frames that the quote extractor's rules leave out.

The rules (`transforms.quotes.cue_frames` with the frames of `transforms.quote_lexicon`) accept a
frame such as "called for [X]" only for lemmas seen often enough as cues on PolNeAR train. Most
of what they still miss is a long tail ("voiced support for [X]", "judged [America a paper
tiger]"), each cue rare. This scorer is a logistic regression over the parse around every other
cue frame (the cue's lemma, the frame, the kind of subject, the content's first word and length,
negation, passive, ...), trained on PolNeAR train by `scripts/train_cue_scorer.py`. Its weights
(`data/cue_scorer.tsv`) are feature -> weight for single words, tags and dependency labels; no
text of the corpus is kept. A frame the rules did not take becomes an indirect quote when the
score reaches the file's threshold; it still has to pass every check a rule frame passes (a
subject that can be a speaker, no overlap with another quote).
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

DATA = Path(__file__).with_name("data") / "cue_scorer.tsv"
_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CLIMB = ("conj", "xcomp", "advcl", "acl")


def _subject_kind(tok: Token) -> str:
    """What the cue's subject is: an entity label, a part of speech, "pron:he", or "none"."""
    subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
    if subj is None:
        if tok.dep_ == "relcl":
            return "relcl:" + (tok.head.ent_type_ or tok.head.pos_)
        if tok.dep_ in _CLIMB and tok.head.i != tok.i:
            subj = next((c for c in tok.head.children if c.dep_ in _SUBJ), None)
        if subj is None:
            return "none"
    if subj.pos_ == "PRON":
        return "pron:" + _word(subj)
    return subj.ent_type_ or subj.pos_


def _word(tok: Token) -> str:
    return "_space_" if tok.is_space else tok.lower_  # (a line break is a token; the file is one row per feature)


def _length(n: int) -> str:
    return "1" if n == 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+"


def features(doc: Doc, tok: Token, frame: str, lo: int, hi: int, in_quote, source: bool,
             known: bool, lemma_known: bool, speech: bool, cls: str) -> list[str]:
    """The features of one candidate: cue `tok` introducing tokens lo..hi through `frame`.
    `known`: the lexicon has this frame for the lemma; `lemma_known`: any frame; `speech`: a
    speech verb; `cls`: its cue class; `source`: its subject could be a source."""
    lemma = tok.lemma_.lower()
    kind = _subject_kind(tok)
    kind_class = kind.split(":")[0]
    content = doc[lo:hi + 1]
    first = doc[lo]
    head = content.root
    size = _length(hi - lo + 1)
    ents = ",".join(sorted({t.ent_type_ for t in content if t.ent_type_})[:3])
    return [
        "bias", "lem=" + lemma, "frame=" + frame, "lf=" + lemma + "|" + frame, "pos=" + tok.pos_, "tag=" + tok.tag_,
        "dep=" + tok.dep_, "st=" + kind, "stc=" + kind_class, "fst=" + frame + "|" + kind_class,
        "pfst=" + tok.pos_ + "|" + frame + "|" + kind_class, f"src={source}", f"fsrc={frame}|{source}",
        "c0=" + _word(first), "fc0=" + frame + "|" + _word(first), "chead=" + head.pos_ + "|" + head.tag_,
        "fchead=" + frame + "|" + head.pos_, "len=" + size, "flen=" + frame + "|" + size,
        f"speech={speech}", "cls=" + cls, f"inrules={known}", f"lemrules={lemma_known}", "lp=" + lemma + "|" + tok.pos_,
        f"neg={any(c.dep_ == 'neg' for c in tok.children)}", f"pass={any(c.dep_ == 'auxpass' for c in tok.children)}",
        f"modal={any(c.tag_ == 'MD' for c in tok.children)}", f"q={any(in_quote[k] for k in range(lo, hi + 1))}",
        "hd=" + tok.dep_ + "|" + tok.head.pos_, f"cverb={any(t.pos_ in ('VERB', 'AUX') for t in content)}",
        "left=" + (_word(doc[tok.i - 1]) if tok.i else "BOS"),
        "right=" + (_word(doc[tok.i + 1]) if tok.i + 1 < len(doc) else "EOS"), "ent=" + ents,
    ]


class CueScorer:
    """Logistic regression over `features`: weights and threshold from a TSV file."""

    def __init__(self, weights: dict[str, float], threshold: float):
        self.weights = weights
        self.threshold = threshold

    def probability(self, feats: list[str]) -> float:
        z = sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, feats: list[str]) -> bool:
        return self.probability(feats) >= self.threshold

    @classmethod
    def read(cls, path: Path) -> CueScorer:
        weights, threshold = {}, 0.5
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            key, _, value = line.rpartition("\t")
            if key == "@threshold":
                threshold = float(value)
            else:
                weights[key] = float(value)
        return cls(weights, threshold)

    def write(self, path: Path, header: str) -> None:
        rows = [f"# {line}" for line in header.splitlines()] + [f"@threshold\t{self.threshold}"]
        rows += [f"{k}\t{w:.5f}" for k, w in sorted(self.weights.items()) if abs(w) >= 1e-4]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def load() -> CueScorer | None:
    """The shipped scorer, or None when its file is absent (the rules alone then)."""
    return CueScorer.read(DATA) if DATA.exists() else None
