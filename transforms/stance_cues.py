"""A quote speaker's explicit evaluative words: "We consider [the return of NATO bases] unacceptable",
"Uzbekistan welcomed [its cooperation with the United States]".

The stance model reads a sentence's sentiment toward a target as NewsMTSC annotates it; a speaker
who calls a plan involving the target "unacceptable" states a stance the model often scores
neutral. Here an evaluative word from data/stance_cues.txt, said by the speaker (inside the quote
or as its cue), sets the polarity for the targets inside the phrase it governs:
- a verb: its object, prepositional and attribute phrases ("welcomed X", "warned of X"), not its subject;
- an adjective complementing "consider/find/call ...": that verb's object;
- an adjective complementing "be" and the like: the subject ("X is unacceptable");
- an adjective modifying a noun: that noun's phrase ("a hostile X").
A negation on the word or its verb flips it. Precision on NewsMTSC: `newsflow eval stance --cues`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

DATA = Path(__file__).with_name("data") / "stance_cues.txt"
_VERB_SCOPE = ("dobj", "prep", "dative", "attr", "oprd")
_CONSIDER = frozenset("consider find call deem regard view see describe label brand".split())
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# A target reached through one of these is where something happens, not what is judged:
# "the return of [US bases] to [Afghanistan]" judges the US bases, not Afghanistan.
_PLACE_PREPS = frozenset("to in into on onto at within across from near inside throughout toward towards".split())


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, str], int]:
    out = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, pos, sign = line.split("\t")
            out[(lemma, pos)] = int(sign)
    return out


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return tok.dep_ in ("acomp", "oprd", "xcomp") and any(c.dep_ == "neg" for c in tok.head.children)


def _scope(tok: Token) -> list[Token]:
    """Tokens of the phrase an evaluative word is about."""
    if tok.pos_ == "VERB":
        return [t for c in tok.children if c.dep_ in _VERB_SCOPE for t in c.subtree]
    if tok.dep_ == "amod":
        if tok.i > tok.head.i:
            # English adjectives rarely follow their noun: "consider X ... unacceptable" misparsed
            # as a modifier of X's last noun; the adjective is the verb's object complement.
            verb = next((a for a in tok.ancestors if a.pos_ == "VERB"), None)
            if verb is not None and verb.lemma_.lower() in _CONSIDER:
                return [t for c in verb.children if c.dep_ == "dobj" for t in c.subtree if t.i != tok.i]
        return [t for t in tok.head.subtree if t.i != tok.i]
    if tok.dep_ in ("oprd", "xcomp", "ccomp", "acomp"):
        verb = tok.head
        rel = ("dobj",) if verb.lemma_.lower() in _CONSIDER else _SUBJECTS
        return [t for c in verb.children if c.dep_ in rel for t in c.subtree]
    return []


def _someone_elses(tok: Token, speaker: tuple[set[int], set[str]] | None) -> bool:
    """A verb whose subject names someone other than the speaker ("Harris attacked Biden", said
    by Trump): that subject's evaluation, which the speaker reports, not the speaker's own.
    `speaker`: the token indices of the speaker's mentions at the quote and the words of their
    name and of the side they speak for ("Biden criticized Trump ..., arguing ...": Biden's own;
    "Finland welcomed ..., President Niinisto said": his country's). A pronoun or a common noun
    may be the speaker ("he said he welcomed ...", "the ministry welcomed ...")."""
    if speaker is None or tok.pos_ != "VERB":
        return False
    at, words = speaker
    for c in tok.children:
        if c.dep_ in _SUBJECTS and c.pos_ == "PROPN":
            return c.i not in at and c.lower_ not in words
    return False


def evaluations(span: Span, speaker: tuple[set[int], set[str]] | None = None) -> list[tuple[Token, int, set[int]]]:
    """(evaluative word, +1/-1, token indices it is about) for each evaluative word in `span`
    that is the speaker's (see `_someone_elses`; None: every one)."""
    lex = lexicon()
    out = []
    for tok in span:
        sign = lex.get((tok.lemma_.lower(), tok.pos_))
        if not sign or _someone_elses(tok, speaker):
            continue
        scope = {t.i for t in _scope(tok)}
        if scope:
            out.append((tok, -sign if _negated(tok) else sign, scope))
    return out


def _through_place(target: Span, word: Token) -> bool:
    """Whether the path from the target up to the evaluative word passes a place preposition."""
    for a in target.root.ancestors:
        if a.i == word.i:
            return False
        if a.dep_ == "prep" and a.lower_ in _PLACE_PREPS:
            return True
    return False


def cue_polarity(evals: list[tuple[Token, int, set[int]]], target: Span) -> tuple[int, Token | None]:
    """The sign the first evaluative word covering `target` gives it (0, None: none does)."""
    idx = set(range(target.start, target.end))
    for tok, sign, scope in evals:
        if idx & scope and tok.i not in idx and not _through_place(target, tok):
            return sign, tok
    return 0, None
