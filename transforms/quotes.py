"""Quote extraction: direct, mixed and indirect quotes attributed to a resolved speaker.

Component `newsflow_quotes` (runs last; needs the parser, NER and `newsflow_entities`) sets
`doc._.quotes`: a list of `Quote`, in text order; and `doc._.acts`: reports of an act or a
position with a plain noun phrase for content ("Iran backed [the rebels]"), which are no one's
words but tell stance who stands where (`QuoteExtractor._bare_act`).

How it works
1. Quote marks (`find_quote_spans`): each line is scanned for straight and curly double quotes,
   single curly quotes, straight single quotes, guillemets and low-high quotes („…“). A quote left
   open at the end of a paragraph continues when the next paragraph reopens it (or closes it
   without reopening); paragraphs opened by a dash (`— We will ...`) are dash speech. A quote
   opened inside a quote is nested (“… “hell” …”); a closing mark of the other style (“…,") closes.
   Two apostrophes ('') are a double quote, as in archive text (''Yes,'' he said).
2. Units: fragments of one utterance are joined: a multi-paragraph quote, and a quote
   interrupted by its attribution (`"We consider ...," he said, "whatever the pretexts."`).
3. Attribution: a speech cue (lemma from `transforms.quote_lexicon`, found with a spaCy
   `Matcher`) outside the quote marks in the unit's sentences (or in a preceding sentence ending
   in ":"), preferring a cue that governs the quote in the dependency parse. If the quoted
   words are the whole complement of the cue the quote is `direct`; if the complement holds
   more (`Moscow was "concerned about ..."`) the quote is `mixed` and spans the complement.
   A parenthetical cue ("PRE, he said, \"...\" POST", "according to X, ...") makes the whole
   sentence around the attribution the content. Cue-less quotes continue the previous quote's
   speaker (and join a direct or mixed quote of the same paragraph); short cue-less fragments
   are scare quotes and titles, not quotes. A line "Name: statement" (a headline, or a turn of a
   transcript in mixed case; "Q:"/"A:" in an interview) is a quote of Name. A cue's object before
   a colon that opens the quote is content too ('delivered a retort: "..."', mixed).
4. Indirect quotes (`DependencyMatcher`): a cue verb with a clausal complement (`ccomp`; `xcomp`
   for verbs such as "urge", "promise"), a speech noun with a clause ("the claim that ..."),
   "according to X, ...", a parenthetical cue ("X, he said, Y", content on both sides), and the
   cue frames learnt from PolNeAR train (`cue_frames`: "called for [X]", "cited [X] as [Y]", "the poll shows [that X]",
   "[X] was endorsed by Y", an adjective's "is hopeful [that X]"; a `+src` frame and every
   adjective frame only where the subject could be a source, `has_source_subject`); past those,
   any cue frame (`frame_candidates`) that the learnt scorer (`transforms.cue_scorer`) accepts,
   after every rule's report. An agentless
   passive's subject is part of what is reported ("[X] is expected to", "[X] was criticized for"),
   unless it is the one addressed ("residents were urged to"). Quoted words coordinated with the
   cue of the quote before them continue it ('..., Mosko wrote, and "full of hot air."').
   A reported clause that follows its cue runs to the end of the sentence (`_clause_end`), up to
   the next attribution (`_starts_report`: not a cue in a relative or subordinate clause, nor a
   further predicate "and asked for X"); so does the clause of a mixed quote and the content of
   a learnt frame ("praised [Pence for cutting taxes]", the object included). A second speech
   verb coordinated inside a content ("acknowledging A but warning that B") starts a report of
   its own with the same subject (`_cut_at_new_report`). "According to X" holds the whole
   sentence, even a report inside it; "In a new poll, ..." names its source like it
   (`_source_phrases`). A speech noun's speaker is its possessor ("Trump's claim that"), its
   "by" phrase or the subject of a light verb ("made the claim that"). A cue-less quote in the
   same paragraph that continues the previous speaker is joined to that quote (one attribution).
5. Speaker: the cue's subject (climbing conj/advcl/xcomp for "..., adding that"), resolved
   with `transforms.coref.resolve` to a named mention and its fullest name. A subject that names
   no one is skipped (`_non_speaker`: "Saturday", "the first time"; a dateline "WASHINGTON --"
   gives way to the name after the dash; "The Latest: X urges" is a label); a report whose only
   subject is such a word is kept without a speaker. A gerund cue right after a person shown or
   heard takes that person ("footage of Clinton asking"), a post its author ("Trump unleashed a
   series of tweets criticizing ..."), and "they" never resolves to a place.

Offsets are `str` offsets into `doc.text`. `text` is `doc.text[start_char:end_char]`; for an
interrupted or multi-paragraph quote that range includes the interruption, and `fragments`
lists the quoted pieces alone. `source_start_char/source_end_char` point at the words that
name the speaker in place ("he"), `speaker_start_char/speaker_end_char` at the named mention
the speaker resolves to ("Sergei Lavrov").
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, Token

from transforms import coref, cue_scorer
from transforms.entities import OFFICE_TITLES, clean_name
from transforms.quote_lexicon import ACT_OR_SPEECH, ATTITUDES, CLASSING_AS, HEARSAY, INTENT_ADJECTIVES, MISLEMMATISED, SEEING_AS, SPEECH_OBJECTS, XCOMP_VERBS, cue_class, cue_lemma, frame_rules, quote_cue_verbs, settled_weak, speech_nouns, speech_verbs


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
    # Added with the extractor (defaults keep the original constructor valid):
    fragments: tuple[tuple[int, int], ...] = field(default=())  # quoted pieces, without interruptions
    source_start_char: int | None = None  # the words naming the speaker in place ("he", "the ministry")
    source_end_char: int | None = None
    cue_class: str | None = None  # "speech" | "belief" | "other" (quote_lexicon.cue_class)


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
# Reported acts and positions with no words or thought reported ("Iran backed [the rebels]",
# "Congress approved [a budget]"): not quotes, but who stands where, so stance reads them too.
if not Doc.has_extension("acts"):
    Doc.set_extension("acts", default=None)


def reports(doc: Doc) -> list["Quote"]:
    """Everything the extractor reported: the quotes, then the reported acts."""
    return [*(doc._.quotes or ()), *(doc._.acts or ())]

# ----------------------------------------------------------------------------- quote marks
_MARKS = re.compile("[\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u201a\u201f]")
_DOUBLE_OPEN = {"\u201c": "\u201d\u201c", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u201f": "\u201d"}
_SINGLE_OPEN = {"\u2018": "\u2019", "\u201a": "\u2018\u2019", "'": "'"}
_CLOSERS = set("\u201d\u00bb\"")
_DASH_START = re.compile(r"[\u2014\u2013\u2015-]\s*(?=[\w\u201c\"'])")
_DASH_SPLIT = re.compile(r"[,.!?\u2026]?\s+[\u2014\u2013\u2015]\s+")
# Dash speech with its attribution after a comma and no second dash ("— I will not resign, said
# Petrov." or "..., the minister said. I did nothing wrong."): the attribution up to its sentence end
_DASH_INLINE_CUE = re.compile(
    r"(?<=[,!?])\s+(?:[A-Za-z][\w.'\u2019-]*\s+){0,5}?(?:said|says|asked|asks|added|adds|replied|replies|"
    r"answered|explained|insisted|continued|told [a-z]+)\b[^.!?\n]{0,60}[.!?](?:\s+|$)")
# Transcript turns: "PENCE: Well, look, ..." (an upper-case speaker label and a colon)
_TURN = re.compile(r"([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}):\s+(?=\S)")
# An interview turn as Wikinews marks it: "((Wayne Tseng)) In the 2020 election, I ...". The
# paragraphs after it, unmarked, are the same answer until the next marked turn.
_PAREN_TURN = re.compile(r"\(\(([A-Z][^()\n]{0,59})\)\)[ \t]*(?=\S)")  # not "((es))", a language tag
_LABEL_LINE = re.compile(r"[A-Z][\w.'\u2019\-]*(?: [A-Z][\w.'\u2019\-]*){0,3}:\s")
_NOT_SPEAKERS = {"UPDATE", "NOTE", "EDITOR'S NOTE", "WATCH", "READ MORE", "CORRECTION", "PHOTOS", "VIDEO",
                 "RELATED", "READ", "MORE", "LISTEN", "SEE ALSO", "SOURCE", "SOURCES", "Q", "A", "UPDATED", "PHOTO"}
# A headline "Name: statement" on the first line of the text (1-5 words before the colon).
# A kicker before the label is skipped ("EXCLUSIVE – Roger Stone: Don't Trust the Machines").
_HEADLINE = re.compile(r"[ \t]*(?:(?:EXCLUSIVE|BREAKING|WATCH)[ \t]*[\u2013\u2014\-|][ \t]*)?"
                       r"([A-Z][\w.'\u2019\-]*(?: [\w.'\u2019\-]+){0,4}):[ \t]+(\S[^\n]*)")
# a headline's attribution at its end, after a comma ("..., say scientists"); no final period
_SAID_AFTER = re.compile(r"[ \t]*(\S[^\n]*?),[ \t]+(says?|said|warns?|claims?|finds?|suggests?|concludes?)[ \t]+"
                         r"([^\s,.:;!?\"\u201c\u201d][^,.:;!?\n]{1,58}?)[ \t]*$")
_NOT_HEADLINE_SPEAKERS = {"EXCLUSIVE", "BREAKING", "BREAKING NEWS", "LIVE", "OPINION", "ANALYSIS", "COMMENTARY",
                          "EDITORIAL", "REVIEW", "INTERVIEW", "LIVE UPDATES", "WATCH LIVE", "OP-ED", "UPDATE"}
_DATELINE_LABELS = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL"}
# Lower-case words a name may hold ("Bank of America", "Charles de Gaulle").
_NAME_PARTICLES = frozenset({"of", "the", "and", "de", "da", "del", "der", "van", "von", "al", "bin", "la", "le", "du"})
_PAREN_ONLY = re.compile(r"^\(?[^()]*\)\.?$")


def _run_in_heading(label: Span) -> bool:
    """A title-case phrase with a lower-case function word ("Little Relief for Refugees: The
    refugee crisis ...", "Limited Tools to Fight Terrorism: ..."): a section heading run into its
    paragraph, not a speaker's name, unless it is one name ("Center for American Progress")."""
    words = label.text.split()
    heading = len(words) >= 3 and words[-1][:1].isupper() and any(
        w.islower() and w not in _NAME_PARTICLES for w in words[1:-1])
    one_name = label[0].ent_iob_ == "B" and label[0].ent_type_ in ("ORG", "PERSON", "NORP") \
        and all(t.ent_iob_ == "I" for t in label[1:])
    return heading and not one_name


# A document or a medium with no named author is no speaker ("Reports say ...", "the statement
# said ...", "a proclamation read ..."); the words stay the quote's source (speaker_ref_*).
_AUTHORLESS = {"report", "statement", "proclamation", "decree", "tweet", "post", "website", "study", "data",
               "document", "video", "release", "letter", "memo", "email", "message", "announcement", "note",
               "filing", "survey", "poll", "analysis", "record", "footage", "photo", "image", "site", "page"}


def _named_object(cue: Token, c: Token, content: Token) -> bool:
    """`c` is the object that the cue's quoted content describes ('called [Trump] "unhinged"'):
    a direct object before the content, or for a naming verb an object predicate, as the parser
    also reads the named object ('called [Obamacare] a "crazy system"': two oprd)."""
    if c.dep_ == "dobj" and cue.lemma_ in _ADDRESSEE_VERBS and content.dep_ != "xcomp":
        return False  # 'told [the press] in an interview, "..."': who was told, not what
    return c.i < content.i and (c.dep_ == "dobj" or c.dep_ == "oprd" and cue.lemma_ in _NAMING_VERBS)


def _name_on_topic(label: Span) -> Span | None:
    """The name of a label "Name on Topic", "Name to Audience", "Name at Event" (one to three
    words before the preposition, the last a capitalised proper noun)."""
    k = next((t.i - label.start for t in label if t.lower_ in ("on", "to", "at")), 0)
    if 1 <= k <= 3 and label[k - 1].pos_ == "PROPN" and label[k - 1].text[:1].isupper():
        return label[:k]
    return None


@dataclass
class _Span:
    start: int
    end: int
    closed: bool
    line: int
    style: str = "mark"  # "mark" | "dash" | "turn"
    label: tuple[int, int] | None = None  # transcript speaker label ("PENCE:") for style "turn"


def _is_opening_position(text: str, i: int, lo: int) -> bool:
    prev = text[i - 1] if i > lo else " "
    return not (prev.isalnum() or prev in ".,;!?%")


def _scan_line(text: str, lo: int, hi: int, carry: str | None) -> tuple[list[tuple[int, int, bool]], str | None, bool]:
    """Quote spans in text[lo:hi]. `carry`: closers of a quote left open on the previous line.

    Returns (spans, closers still open at the end or None, whether the carried quote was closed).
    """
    spans: list[tuple[int, int, bool]] = []
    state: tuple[int, str, bool] | None = None  # (start, closers, single)
    nested = 0  # straight quotes opened inside a straight quote
    carried_closed = False
    marks = [(m.start(), m.group()) for m in _MARKS.finditer(text, lo, hi)]
    if carry is not None:
        first = marks[0] if marks else None
        if first and first[0] == lo + _lead(text, lo, hi) and (first[1] in _DOUBLE_OPEN or first[1] == '"'):
            pass  # the quote is reopened (or a new one opens) at the start of this line: normal scanning
        else:
            # "closed later" style: a closing mark somewhere in this line ends the carried quote
            for i, ch in marks:
                if ch in carry and ch in _CLOSERS | {"\u201c"} and (ch != '"' or not _is_opening_position(text, i, lo)):
                    spans.append((lo, i + 1, True))
                    carried_closed = True
                    marks = [m for m in marks if m[0] > i]
                    break
    for i, ch in marks:
        nxt = text[i + 1] if i + 1 < hi else " "
        if state is None:
            if ch in _DOUBLE_OPEN:
                state = (i, _DOUBLE_OPEN[ch], False)
            elif ch == '"':
                if _is_opening_position(text, i, lo) or nxt.isalnum():
                    state = (i, '"', False)
            elif ch == "\u201d" and (i == lo or text[i - 1].isspace()) and nxt.isalnum():
                state = (i, "\u201d", False)  # a closing mark typed as the opening one: '\u201dFear. ...\u201d'
            elif ch in _SINGLE_OPEN and _is_opening_position(text, i, lo) and (nxt.isalnum() or nxt in "\u201c\""):
                state = (i, _SINGLE_OPEN[ch], True)
        else:
            start, closers, single = state
            if not single and ch in _NESTABLE and _is_opening_position(text, i, lo) and (nxt.isalnum() or nxt in "\u2018'"):
                nested += 1  # an opening mark inside the quote: a nested quote (“… “hell” …”, "… "hell" …")
                continue
            if not single and nested and ch in _NESTABLE | _CLOSERS:
                nested -= 1
                continue
            if ch not in closers:
                if not single and ch in _CLOSERS and _mismatched_close(text, i, lo, hi):
                    spans.append((start, i + 1, True))  # “…," / "…”: a closing mark of the other style
                    state = None
                continue
            if single and (nxt.isalnum() or (i > lo and text[i - 1].isspace())):
                continue  # an apostrophe (don't, the '90s) or a stray mark
            spans.append((start, i + 1, True))
            state = None
            nested = 0
    open_closers = None
    if state is not None:
        start, closers, single = state
        if not single and hi - start > 1:
            spans.append((start, hi, False))
            open_closers = closers
    return spans, open_closers, carried_closed


_NESTABLE = frozenset("\"\u201c")  # double marks that open a quote nested in a double quote


def _mismatched_close(text: str, i: int, lo: int, hi: int) -> bool:
    """A double closing mark of another style than the opening one (“…," or "…”) ends the quote
    when it stands in closing position and the next double mark on the line, if any, opens a
    new quote (`“We will win," he said. "Nobody …”`)."""
    if i == lo or text[i - 1].isspace() or (i + 1 < hi and text[i + 1].isalnum()):
        return False
    for k in range(i + 1, hi):
        if text[k] in "\"\u201c\u201d":
            return _is_opening_position(text, k, lo) and text[k] != "\u201d"
    return True


def _lead(text: str, lo: int, hi: int) -> int:
    k = lo
    while k < hi and text[k] in " \t":
        k += 1
    return k - lo


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _family(ch: str) -> str:
    """The closers expected for an opening mark (what `_scan_line` reports as still open)."""
    return _DOUBLE_OPEN.get(ch) or _SINGLE_OPEN.get(ch) or ch


def _split_turns(text: str, groups: list[list[_Span]]) -> list[list[_Span]]:
    """Split a block-quoted transcript ("WALLACE: ... / "PENCE: ...) into one group per turn."""
    out: list[list[_Span]] = []
    for g in groups:
        labels = []
        for sp in g:
            k = sp.start + 1 if text[sp.start] in "\"\u201c\u201e\u00ab" else sp.start
            m = _TURN.match(text, k)
            labels.append(m if m and m.group(1) not in _NOT_SPEAKERS else None)
        if g[0].style != "mark" or not any(labels):
            out.append(g)
            continue
        current: list[_Span] | None = None
        for sp, m in zip(g, labels):
            end = sp.end
            if sp.closed and end - 1 > sp.start and _MARKS.match(text, end - 1):
                end -= 1
            if m is not None:
                current = [_Span(m.end(), end, True, sp.line, "turn", m.span(1))]
                out.append(current)
                continue
            k = sp.start + 1 if _MARKS.match(text, sp.start) else sp.start
            if _PAREN_ONLY.match(text[k:end].strip()) or current is None:
                continue
            current.append(_Span(k, end, True, sp.line, "turn", current[0].label))
    return out


_TWO_APOSTROPHES = re.compile(r"''(?!')")


def _mask_two_apostrophes(text: str) -> str:
    """Archive text (LexisNexis, old NYT) writes a double quote as two apostrophes: ''Yes,'' he
    said. Rewrite each pair as one straight double quote plus a space on its outer side, so the
    scanner sees `"` at the inner position and offsets stay those of `text`."""
    if "''" not in text:
        return text

    def sub(m: re.Match) -> str:
        i = m.start()
        prev = text[i - 1] if i > 0 else " "
        opening = not (prev.isalnum() or prev in ".,;:!?%)")
        return ' "' if opening else '" '

    return _TWO_APOSTROPHES.sub(sub, text)


def _widen_to_pairs(text: str, groups: list[list[_Span]]) -> None:
    """Give back to quote spans found on the masked text the outer apostrophe of each '' pair."""
    for g in groups:
        for sp in g:
            if sp.start > 0 and text[sp.start - 1:sp.start + 1] == "''":
                sp.start -= 1
            if sp.end < len(text) and text[sp.end - 1:sp.end + 1] == "''":
                sp.end += 1


_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>\n]*)?>")
_TAG_QUOTES = re.compile("[\"'\u201c\u201d\u2018\u2019]")


def _mask_markup(text: str) -> str:
    """Markup left in a text file (`<tweet author="JebBush">Praying for ...</tweet>`): the quote
    marks of its attributes are no quote marks. Blanked, so offsets stay those of `text`."""
    if "<" not in text:
        return text
    return _TAG.sub(lambda m: _TAG_QUOTES.sub(" ", m.group()), text)


def find_quote_spans(text: str) -> list[list[_Span]]:
    """Groups of quote-mark spans; a group is one quote over one or more paragraphs.
    Two apostrophes ('') count as a double quote (see `_mask_two_apostrophes`); quote marks
    inside markup tags do not count (`_mask_markup`)."""
    unmarked = _mask_markup(text)
    masked = _mask_two_apostrophes(unmarked)
    groups = _find_quote_spans(masked)
    if masked is not unmarked:
        _widen_to_pairs(text, groups)
    return groups


def _find_quote_spans(text: str) -> list[list[_Span]]:
    """Groups of quote-mark spans; a group is one quote over one or more paragraphs.

    A quote still open at a paragraph's end continues when the next paragraph reopens it with
    the same kind of mark (or closes it without reopening). A chain that is never closed is
    not a quote but an excerpt quoted block-style (one opening mark per paragraph, as when a
    site quotes another article or a transcript): its opening marks are dropped and the lines
    are scanned again for the quotes inside.
    """
    groups: list[list[_Span]] = []
    carry: str | None = None
    carry_group: list[_Span] | None = None
    line_idx = _line_index(text)
    answer: list[_Span] | None = None  # the "((Name))" turn that unmarked paragraphs continue
    for lo, hi in _lines(text):
        ln = line_idx[lo]
        marked = _PAREN_TURN.match(text, lo)
        if answer is not None and not marked and _LABEL_LINE.match(text, lo):
            answer = None  # "NG: ..." / "Natasha Gownaris: ...": a turn marked another way ends the answer
        if marked or answer is not None:  # the whole paragraph is the answer, quotes in it included
            if marked:
                answer = [_Span(marked.end(), hi, True, ln, "turn", marked.span(1))]
                groups.append(answer)
            else:
                answer.append(_Span(lo, hi, True, ln, "turn", answer[0].label))
            carry, carry_group = None, None
            continue
        spans, open_closers, carried_closed = _scan_line(text, lo, hi, carry)
        turn = _TURN.match(text, lo)
        if not spans and not carried_closed and turn and turn.group(1) not in _NOT_SPEAKERS:
            groups.append([_Span(turn.end(), hi, True, ln, "turn", turn.span(1))])
            carry, carry_group = None, None
            continue
        dash = _DASH_START.match(text, lo) if not spans and not carried_closed else None
        if dash:
            # "— We will not retreat, — said Petrov. — Not one step.": segments after a dash that
            # start in lower case are the attribution, the others are speech
            frags, k = [], dash.end()
            for m in list(_DASH_SPLIT.finditer(text, k, hi)) + [None]:
                seg_end = m.start() if m else hi
                if seg_end > k and not text[k].islower():
                    # (not after a hyphen: "- Sales rose, officials said." is a bulleted report)
                    inline = _DASH_INLINE_CUE.search(text, k, seg_end) if text[lo] != "-" else None
                    if inline:  # the comma is no speech; a question or exclamation mark is
                        frags.append(_Span(k, inline.start() - (text[inline.start() - 1] == ","), True, ln, "dash"))
                        if inline.end() < seg_end:
                            frags.append(_Span(inline.end(), seg_end, True, ln, "dash"))
                    else:
                        frags.append(_Span(k, seg_end, True, ln, "dash"))
                k = m.end() if m else hi
            if frags:
                groups.append(frags)
            carry, carry_group = None, None
            continue
        for k, (a, b, closed) in enumerate(spans):
            sp = _Span(a, b, closed, ln)
            continues = carry_group is not None and k == 0 and (
                carried_closed or (a == lo and _family(text[a]) == carry))
            if continues:
                carry_group.append(sp)
            else:
                groups.append([sp])
        if spans and open_closers is not None:
            carry = open_closers
            carry_group = groups[-1]
        else:
            carry, carry_group = None, None
    groups = _split_turns(text, groups)
    out: list[list[_Span]] = []
    for g in groups:
        if g[-1].closed or g[-1].style in ("dash", "turn"):
            out.append(g)
            continue
        for sp in g:  # never closed: rescan each line without its opening mark
            lo = sp.start + 1 if sp.start < len(text) and _MARKS.match(text, sp.start) else sp.start
            hi = sp.end
            inner, _, _ = _scan_line(text, lo, hi, None)
            out.extend([_Span(a, b, True, sp.line)] for a, b, closed in inner if closed)
    out.sort(key=lambda g: g[0].start)
    return out


# ----------------------------------------------------------------------------- cue frames
# A cue frame is a cue word plus the dependency that carries its content: "said [that X]" (ccomp),
# "urged [Congress to act]" (xcomp), "cited [the figure]" (dobj), "called for [a ban]" (prep_for),
# "called [it] [a hoax]" (dobj_oprd), "his claim [that X]" (that), "[X] was endorsed by Y" (dobj),
# "critical [of X]" (an adjective's prep_of). Which (lemma, frame) pairs mark attribution is learnt
# from PolNeAR train (`scripts/build_cue_lexicon.py`, frame rows of `speech_cues.txt`): the share of
# the frame's occurrences whose span is an annotated content. FRAME_PREPS: the prepositions whose
# object can be content.
FRAME_PREPS = frozenset({"for", "on", "about", "to", "against", "of", "with", "as", "over", "at", "in"})


def cue_frames(tok: Token) -> list[tuple[str, int, int]]:
    """(frame, first token, last token) of every content a cue candidate `tok` could introduce."""
    out: list[tuple[str, int, int]] = []
    if tok.pos_ == "VERB":
        dobj = None
        for c in tok.children:
            d = c.dep_
            if d == "dobj":
                dobj = c
            if d == "dobj" and (tok.lemma_ in SEEING_AS or tok.lemma_ in CLASSING_AS):
                # "classified [the outbreak as a pandemic]": the parser hangs "as" on the object
                as_ = next((g for g in c.children if g.dep_ == "prep" and g.lower_ == "as" and g.i > c.i), None)
                if as_ is not None and (seen := _seen_as(tok, c, as_)) is not None:
                    out.append(seen)
            if d in ("ccomp", "xcomp", "dobj"):
                lo = c.left_edge.i
                if d == "xcomp" and dobj is not None and dobj.i < c.i:
                    lo = dobj.left_edge.i  # "urged Congress to act"
                elif d == "xcomp" and (on := _called_on(tok, c)) is not None:
                    lo = on.left_edge.i  # "called on [people to protest]"
                out.append((d, lo, c.right_edge.i))
                for p in c.children if d == "dobj" else ():
                    # "accused [Trump of showing support]": the parser hung "of" on the object
                    g = next((g for g in p.children if g.dep_ == "pcomp"), None) \
                        if p.dep_ == "prep" and p.lower_ in ("of", "for") and p.i > c.i else None
                    if g is not None and not any(x.dep_ == "prep" and x.lower_ == p.lower_ for x in tok.children):
                        out.append(("prep_" + p.lower_, c.left_edge.i, g.right_edge.i))
            elif d == "prep" and c.lower_ in FRAME_PREPS and c.i > tok.i:  # not "On Monday, X announced"
                if c.lower_ == "as" and tok.lemma_ in SEEING_AS and (seen := _seen_as(tok, dobj, c)) is not None:
                    out.append(seen)
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp") and not _when(g):
                        # "described it as X", "accused Clinton of ducking", "praised Pence for X":
                        # the object the phrase is about is part of the content
                        lo = dobj.left_edge.i if dobj is not None and dobj.i < c.i else g.left_edge.i
                        out.append(("prep_" + c.lower_, lo, g.right_edge.i))
                        break
            elif d == "oprd" and dobj is not None and dobj.i < c.i:
                out.append(("dobj_oprd", dobj.left_edge.i, c.right_edge.i))
            elif d == "agent" and tok.lemma_ in SEEING_AS:  # "seen by some as a demotion": "as" hangs on "some"
                as_ = next((x for g in c.children for x in g.children if x.dep_ == "prep" and x.lower_ == "as"), None)
                if as_ is not None and (seen := _seen_as(tok, None, as_)) is not None:
                    out.append(seen)
            elif d == "advcl" and c.i > tok.i and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
                # parsed as adverbial clauses: "called for [the bill to be dropped]" (for = mark),
                # "advised [residents of her city to make plans]" (an object, then "to")
                mark = next((g for g in c.children if g.dep_ == "mark" and g.lower_ == "for" and g.i > tok.i), None)
                if mark is not None and tok.lemma_ in _ASK_FOR:  # not "voted for X to serve", "sang for X to"
                    out.append(("prep_for", mark.i + 1, c.right_edge.i))
                elif dobj is not None and c.left_edge.i == dobj.right_edge.i + 1 and tok.lemma_ in XCOMP_VERBS \
                        and tok.lemma_ != "call" and _addressable(dobj):
                    # not "called a meeting to discuss X", "called firefighters to the scene to put out"
                    out.append(("xcomp", dobj.left_edge.i, c.right_edge.i))
            elif d == "nsubjpass" and c.i < tok.i and c.pos_ != "PRON" and _source_agent(tok) \
                    and tok.lemma_ not in _ADDRESSED and not any(a.dep_ in ("xcomp", "ccomp") for a in tok.children):
                # "[X] was endorsed by Y" = "Y endorsed [X]"; not "residents were ordered by Y to
                # leave", "the mother's life is threatened by the pregnancy", "[it] was signed by Y"
                out.append(("dobj", c.left_edge.i, c.right_edge.i))
    elif tok.pos_ == "ADJ":  # "are confident [that X]", "eager [to X]", "skeptical [of X]"
        for c in tok.children:
            if c.i < tok.i:
                continue
            if c.dep_ in ("ccomp", "xcomp"):
                out.append((c.dep_, c.left_edge.i, c.right_edge.i))
            elif c.dep_ == "prep" and c.lower_ in FRAME_PREPS:
                g = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if g is not None:
                    out.append(("prep_" + c.lower_, g.left_edge.i, g.right_edge.i))
    elif tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ in ("acl", "ccomp", "relcl") and c.i > tok.i and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                out.append(("that", c.left_edge.i, c.right_edge.i))
            elif c.dep_ == "acl" and c.i > tok.i and c.pos_ in ("VERB", "AUX") \
                    and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
                out.append(("acl_to", c.left_edge.i, c.right_edge.i))  # "her decision to meet X"
            elif c.dep_ == "prep" and c.lower_ in FRAME_PREPS:
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp"):
                        out.append(("prep_" + c.lower_, g.left_edge.i, g.right_edge.i))
                        break
    return out


def char_to_token(doc: Doc) -> list[int]:
    """doc.text offset -> index of the token there (-1 in whitespace)."""
    tok_at = [-1] * (len(doc.text) + 1)
    for t in doc:
        for k in range(t.idx, t.idx + len(t.text)):
            tok_at[k] = t.i
    return tok_at


def quoted_tokens(groups: list[list[_Span]], tok_at: list[int], n: int) -> bytearray:
    """1 for every token inside quote marks (the spans of `find_quote_spans`)."""
    in_quote = bytearray(n)
    for g in groups:
        for sp in g:
            for i in QuoteExtractor._tokens(tok_at, sp.start, sp.end):
                in_quote[i] = 1
    return in_quote


def frame_candidates(doc: Doc, in_quote, frames: dict[tuple[str, str], frozenset[str]], skip=()):
    """(cue, frame, first token, last token, features) of every cue frame outside quote marks, for
    `transforms.cue_scorer` (the same candidates when it is trained and when it is applied).
    `skip`: token indices that cannot be cues any more (already a quote's cue or inside one)."""
    for tok in doc:
        if tok.pos_ not in ("VERB", "NOUN", "ADJ") or in_quote[tok.i] or tok.i in skip:
            continue
        options = cue_frames(tok)
        if not options:
            continue
        lemma = tok.lemma_.lower()
        known = frames.get((lemma, tok.pos_), frozenset())
        source = has_source_subject(tok)
        speech = lemma in speech_verbs()
        cls = cue_class(lemma)
        seen = set()
        for frame, lo, hi in options:
            if hi < lo or (lo, hi) in seen:
                continue
            seen.add((lo, hi))
            yield tok, frame, lo, hi, cue_scorer.features(doc, tok, frame, lo, hi, in_quote, source, frame in known,
                                                          bool(known), speech, cls)


def _seen_as(tok: Token, dobj: Token | None, as_: Token) -> tuple[str, int, int] | None:
    """The view a verb of regarding reports: "sees [the issue as a way to win]" (object and "as"
    phrase), "[the tax is seen as a burden]" (a passive: its subject, the verb and the phrase; the
    source is unnamed). Not a relative clause ("which was seen as a failure") nor "be seen as":
    the parse has no subject of the view there."""
    obj = next((g for g in as_.children if g.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return None
    if dobj is not None and dobj.i < as_.i:
        return "dobj_as", dobj.left_edge.i, obj.right_edge.i
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass" and c.i < tok.i), None)
    if subj is not None and tok.dep_ not in ("relcl", "acl") and subj.tag_ not in ("WDT", "WP", "WP$") \
            and not any(c.dep_ == "aux" and c.lower_ in ("can", "could", "may", "might", "to") for c in tok.children):
        return "pass_as", subj.left_edge.i, obj.right_edge.i
    return None


_SOURCE_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_SOURCE_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you", "who", "his", "her", "their", "our", "my"})


# Common nouns that name a body of people ("endorsed by the committee").
_GROUP_NOUNS = frozenset({"committee", "court", "government", "board", "panel", "council", "administration",
                          "campaign", "company", "party", "group", "newspaper", "agency", "ministry", "department",
                          "union", "organization", "organisation", "commission", "parliament", "congress", "senate",
                          "jury", "judge", "president", "governor", "mayor", "official", "spokesman", "spokeswoman"})


# Verbs of asking whose "for X to Y" is the request ("called for the bill to be dropped").
_ASK_FOR = frozenset({"call", "ask", "urge", "appeal", "plead", "press", "push", "argue", "campaign", "lobby", "beg",
                      "petition", "demand", "clamor", "clamour", "pray"})


def _series_goes_on(doc: Doc, cue: Token, semicolon: Token) -> bool:
    """A semicolon that separates items of one report: a list after a colon ("questioned several
    people, including: A, who ...; B, who ..."), items in brackets, or a series of "that" clauses
    ("found that A; that B; and that C")."""
    between = [doc[k].text for k in range(cue.i + 1, semicolon.i)]
    if ":" in between or between.count("(") > between.count(")"):  # a list, or inside brackets ("(1 au; 150m km)")
        return True
    k = semicolon.i + 1
    while k < len(doc) and (doc[k].pos_ == "CCONJ" or doc[k].is_punct or doc[k].is_space):
        k += 1
    return k < len(doc) and doc[k].lower_ in ("that", "whether")


def _closes_bracket(doc: Doc, lo: int, hi: int) -> bool:
    """Token `hi` is a ")" whose "(" lies in lo..hi: "(PCI)" keeps its bracket at the end of a content."""
    return doc[hi].text == ")" and any(doc[k].text == "(" for k in range(lo, hi))


def _with_whole_marks(text: str, q: Quote) -> Quote:
    """The quote with the quotation mark at either edge that its content opens or closes
    ('referred to him as "Chinese-American."': the content is the parse's noun phrase, and the
    parser hangs the opening mark on the preposition)."""
    a, b = q.fragments[0][0], q.fragments[-1][1]
    inner = text[a:b]
    opens, closes, straight = inner.count("\u201c"), inner.count("\u201d"), inner.count('"')
    a2 = a - 1 if a > 0 and (text[a - 1] == "\u201c" and closes > opens or text[a - 1] == '"' and straight % 2) else a
    b2 = b + 1 if b < len(text) and (text[b] == "\u201d" and opens > closes or text[b] == '"' and straight % 2 and a2 == a) else b
    if (a2, b2) == (a, b):
        return q
    frags = list(q.fragments)
    frags[0] = (a2, frags[0][1])
    frags[-1] = (frags[-1][0], b2)
    start, end = min(q.start_char, a2), max(q.end_char, b2)
    return replace(q, start_char=start, end_char=end, text=text[start:end], fragments=tuple(frags))


def _without_time_of_saying(doc: Doc, sub: list[int], cue: Token) -> list[int]:
    """Content tokens without a time phrase right after the cue: in 'said on Friday she may
    declare ...' the parser hangs "on Friday", when it was said, on the reported verb."""
    if not sub or not 0 < sub[0] - cue.i <= 2:
        return sub
    first = doc[sub[0]]
    phrase = list(first.subtree)
    if first.head.i not in sub or first.head.i <= phrase[-1].i or not (
            first.dep_ == "prep" and first.lower_ in ("on", "at", "in", "during") or first.dep_ in ("npadvmod", "tmod")):
        return sub
    words = [t for t in phrase if not (t.is_punct or t is first and first.dep_ == "prep")]
    if not words or not all(_when(t) for t in words):
        return sub
    drop = {t.i for t in phrase}
    return [i for i in sub if i not in drop]


def _in_gap(tok: Token, frags) -> bool:
    """`tok` lies between two pieces of one interrupted quote ('"A," he said, "B."')."""
    return any(a[1] <= tok.idx < b[0] for a, b in zip(frags, frags[1:]))


def _when(tok: Token) -> bool:
    """A date or a time ("announced on October 6", "at 11:25am"): never what was said."""
    return tok.ent_type_ in ("DATE", "TIME")


def _called_on(verb: Token, xcomp: Token) -> Token | None:
    """Who is called on in "called on X to act" (the object of "on"/"upon" before the infinitive;
    not "voted on Tuesday to elect")."""
    if verb.lemma_ not in ("call", "prevail"):
        return None
    return next((g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") and verb.i < c.i < xcomp.i
                 for g in c.children if g.dep_ == "pobj" and _addressable(g) and not _when(g)), None)


def _addressable(tok: Token) -> bool:
    """Whether a noun phrase can be someone spoken to: a name, a pronoun, people ("residents") or a body."""
    return tok.ent_type_ in _SOURCE_ENTS or tok.lower_ in _SOURCE_PRONOUNS or tok.pos_ == "PRON" \
        or tok.tag_ in ("NNS", "NNPS") or tok.lemma_.lower() in _GROUP_NOUNS


def _source_agent(verb: Token) -> bool:
    """The "by" phrase of a passive names who could have said or judged it: a name, a pronoun, a
    plural ("by economists"), a body of people ("by the committee") or anything a name qualifies
    ("by the Houthi movement"), not "by the storm"."""
    agent = _agent(verb)
    return agent is not None and (agent.ent_type_ in _SOURCE_ENTS or agent.lower_ in _SOURCE_PRONOUNS
                                  or agent.tag_ in ("NNS", "NNPS") or agent.lemma_.lower() in _GROUP_NOUNS
                                  or any(c.dep_ in ("compound", "amod") and c.ent_type_ in _SOURCE_ENTS
                                         for c in agent.children))  # "by the Houthi movement"


def _agent(verb: Token) -> Token | None:
    """Y in a passive's "by Y"; also a name in a "by" phrase the parser hung on a word of the
    passive's infinitive ('was announced to be a "pandemic" [by the WHO]': by a noun, not a verb)."""
    agent = next((p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"), None)
    if agent is not None or not any(c.dep_ == "auxpass" for c in verb.children):
        return agent
    for x in verb.children:
        if x.dep_ == "xcomp" and x.i > verb.i:
            by = next((t for t in x.subtree if t.lower_ == "by" and t.dep_ == "prep" and t.head.pos_ in ("NOUN", "ADJ")), None)
            name = next((p for p in by.children if p.dep_ == "pobj"), None) if by is not None else None
            if name is not None and name.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
                return name
    return None


def has_source_subject(tok: Token) -> bool:
    """Whether a cue candidate's subject could be a source: a named person, organisation, group or
    country, or a personal pronoun ("[Cruz] endorsed Trump", "[his] plan to ..."), not a thing
    ("the bridge supports the road"). A verb without a subject of its own takes its head's."""
    if tok.pos_ == "NOUN":
        subj = next((c for c in tok.children if c.dep_ == "poss"), None)
    else:
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ in ("xcomp", "conj", "acomp") and tok.head.i != tok.i:
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    return subj is not None and (subj.ent_type_ in _SOURCE_ENTS or subj.lower_ in _SOURCE_PRONOUNS)


def _governing_source(noun: Token) -> Token | None:
    """The holder of a view named by a noun with no holder of its own: a source subject of the verb
    it is the object of ("They invested in [the narrative] that ...", "Republicans seethed after
    [the disclosure] that ...", "Trump took offense at [suggestions] that ...")."""
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head if noun.dep_ == "dobj" else None
    if verb is None or verb.pos_ != "VERB" or not has_source_subject(verb):
        return None
    holder = verb if any(c.dep_ == "nsubj" for c in verb.children) else verb.head
    return next(c for c in holder.children if c.dep_ == "nsubj")


# ----------------------------------------------------------------------------- the extractor
_SUBJ = ("nsubj", "nsubjpass")
_CONTRAST = frozenset({"though", "although", "whereas"})  # not "while": also a time ("while she was secretary")
# Passive cues whose subject is the speaker or holder ("he was quoted as saying", "they're
# convinced that ..."); elsewhere a passive subject is what is reported or who is addressed ("he
# was charged with", "households were asked to").
_PASSIVE_SPEAKS = frozenset({"quote", "hear", "record", "overhear", "convince", "concern", "worry", "please",
                             "surprise", "disappoint", "satisfy", "determine", "interest", "commit", "alarm", "shock",
                             "delight", "encourage", "frustrate", "trouble", "upset", "impress", "scare", "frighten",
                             "confuse", "anger", "outrage", "dismay", "sadden", "relieve", "puzzle", "amaze", "excite",
                             "thrill", "disturb", "offend", "embarrass", "annoy", "irritate", "stun", "horrify",
                             "prepare", "incline", "tempt", "oppose", "resolve", "assure", "split", "divide",
                             "focus", "unite"})
_HOST_CLAUSE = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "neg", "expl"})  # a clause's own opening
_CLIMB = ("conj", "advcl", "xcomp", "ccomp", "relcl", "acl", "acomp")  # acomp: "voters were likely to say"


# Verbs whose "that" clause is no one's report: "it means that", "to ensure that", "proved that",
# "it turned out that" (on PolNeAR train, a third or less of these were annotated contents).
_NOT_REPORTING = frozenset({"be", "mean", "ensure", "prove", "turn", "grow", "help", "cause", "happen", "seem"})
# Nouns whose "that" clause is a fact or a chance, not a view ("the fact that", "the risk that").
_NOT_REPORTING_NOUNS = frozenset({"fact", "possibility", "news", "chance", "indication", "reminder", "case", "risk",
                                  "problem", "likelihood", "probability", "way", "time", "point", "proof", "extent",
                                  "degree", "day", "year", "moment", "reason", "result", "so"})


class QuoteExtractor:
    def __init__(self, nlp: Language):
        self._in_quote: bytearray | None = None
        self._marked: list[tuple[int, int]] = []  # quote-mark spans (start, end char) of the current doc
        self._shared_subject: dict[int, int] = {}
        self._label_subjects: set[int] = set()
        self.verbs = speech_verbs()
        self.nouns = speech_nouns()
        self.cue_matcher = Matcher(nlp.vocab)
        self.cue_matcher.add("CUE_VERB", [[{"LEMMA": {"IN": sorted(self.verbs)}, "POS": {"IN": ["VERB"]}}],
                                          [{"LOWER": {"IN": self._misread(self.verbs)}, "POS": "VERB"}]])
        broad = sorted(quote_cue_verbs() - self.verbs)
        self.cue_matcher.add("QUOTE_CUE_VERB", [[{"LEMMA": {"IN": broad}, "POS": {"IN": ["VERB"]}}]])
        self.cue_matcher.add("ACCORDING", [[{"LOWER": "according"}, {"LOWER": "to"}]])
        self.hearsay_matcher = Matcher(nlp.vocab)  # "reportedly", "allegedly" (apart: they are no cue verbs)
        self.hearsay_matcher.add("HEARSAY", [[{"LOWER": {"IN": sorted(HEARSAY)}, "DEP": "advmod"}]])
        self.frames = frame_rules()
        self.scorer = cue_scorer.load()  # None: the rules alone (as when the scorer is trained)
        self.frame_matcher = Matcher(nlp.vocab)
        for pos in ("VERB", "NOUN", "ADJ"):
            lemmas = sorted({lemma for (lemma, p) in self.frames if p == pos})
            if lemmas:
                self.frame_matcher.add("FRAME_" + pos, [[{"LEMMA": {"IN": lemmas}, "POS": pos}],
                                                         [{"LOWER": {"IN": self._misread(lemmas)}, "POS": pos}]])
        self.dep_matcher = DependencyMatcher(nlp.vocab)
        for verbs, dep, name in ((self.verbs, "ccomp", "CCOMP"), (self.verbs & XCOMP_VERBS, "xcomp", "XCOMP")):
            self.dep_matcher.add(name, [[
                {"RIGHT_ID": "cue", "RIGHT_ATTRS": {attr: {"IN": forms}, "POS": "VERB"}},
                {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "content", "RIGHT_ATTRS": {"DEP": dep}},
            ] for attr, forms in (("LEMMA", sorted(verbs)), ("LOWER", self._misread(verbs)))])
        # the long tail past the lexicon (see `_indirect`): any verb with a "that" clause after it
        # ("grumbled that"), a noun with one ("the idea that") or with an embedded question
        self.that_matcher = DependencyMatcher(nlp.vocab)
        self.that_matcher.add("THAT", [[
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"NOT_IN": sorted(_NOT_REPORTING)}}},
            {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "content", "RIGHT_ATTRS": {"DEP": "ccomp"}},
            {"LEFT_ID": "content", "REL_OP": ">", "RIGHT_ID": "mark", "RIGHT_ATTRS": {"LOWER": "that", "DEP": "mark"}},
        ]])
        self.that_matcher.add("THAT_NOUN", [[
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"POS": "NOUN", "LEMMA": {"NOT_IN": sorted(_NOT_REPORTING_NOUNS)}}},
            {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "content", "RIGHT_ATTRS": {"DEP": {"IN": ["acl", "ccomp"]}}},
            {"LEFT_ID": "content", "REL_OP": ">", "RIGHT_ID": "mark", "RIGHT_ATTRS": {"LOWER": "that", "DEP": "mark"}},
        ]])
        self._about_noun = nlp.vocab.strings.add("ABOUT_NOUN")
        self.that_matcher.add("ABOUT_NOUN", [[  # "questions about whether X", "the debate over how Y"
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"POS": "NOUN"}},
            {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "prep", "RIGHT_ATTRS": {"DEP": "prep", "LOWER": {"IN": ["about", "over"]}}},
            {"LEFT_ID": "prep", "REL_OP": ">", "RIGHT_ID": "content",
             "RIGHT_ATTRS": {"DEP": {"IN": ["pobj", "pcomp"]}, "POS": {"IN": ["VERB", "AUX"]}}},
        ]])
        self.dep_matcher.add("NOUN", [[
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(self.nouns)}, "POS": "NOUN"}},
            {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "content", "RIGHT_ATTRS": {"DEP": {"IN": ["acl", "ccomp"]}}},
            {"LEFT_ID": "content", "REL_OP": ">", "RIGHT_ID": "mark", "RIGHT_ATTRS": {"LOWER": "that", "DEP": "mark"}},
        ]])

    @staticmethod
    def _misread(lemmas) -> list[str]:
        """Surface forms of these lemmas that the lemmatiser gets wrong ("hopes" -> "hop")."""
        return sorted(form for form, lemma in MISLEMMATISED.items() if lemma in lemmas) or ["\u0000"]

    # -- helpers ---------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        try:
            found = self.extract(doc)
            act = [self._bare_act(doc, q) for q in found]
            doc._.quotes = [q for q, a in zip(found, act) if not a]
            doc._.acts = [q for q, a in zip(found, act) if a]
        except Exception as exc:  # never break the pipeline on odd text: the article keeps its other rows
            if getattr(self, "strict", False):
                raise
            doc._.quotes, doc._.acts = [], []
            logging.getLogger("newsflow.quotes").warning(
                "quote extraction failed on the article starting %r (%d tokens): %s: %s; it has no quotes",
                doc.text[:60], len(doc), type(exc).__name__, exc)
        return doc

    def extract(self, doc: Doc) -> list[Quote]:
        if len(doc) == 0:
            return []
        text = doc.text
        groups = find_quote_spans(text)
        tok_at = char_to_token(doc)
        in_quote = quoted_tokens(groups, tok_at, len(doc))
        self._in_quote = in_quote
        self._marked = sorted((sp.start, sp.end) for g in groups for sp in g)
        self._shared_subject: dict[int, int] = {}  # cue -> earlier cue whose subject it shares
        self._label_subjects: set[int] = set()  # "The Latest: Trump urges": subjects that are labels
        _repair_misread_verbs(doc, self.verbs)
        _repair_has_read_as_is(doc)
        _repair_participle_read_as_noun(doc, self.verbs)
        cues: dict[int, str] = {}
        for match_id, s, e in self.cue_matcher(doc):
            if doc[s].dep_ == "amod" and _inverted_speaker(doc[s], self.verbs) is None:
                continue  # a participle before a noun ("its planned hearing", "known cases") reports nothing
            if doc[s].lemma_ == "know" and (doc[s].tag_ == "VBN" and doc[s].dep_ in ("acl", "advcl")
                                            or any(c.dep_ in ("nsubjpass", "auxpass") for c in doc[s].children)):
                continue  # "is known for", "a law known as": no one reports anything
            if _taking_not_saying(doc[s]):
                continue
            if doc[s].dep_ == "prep" and doc[s].lower_ in ("regarding", "concerning", "considering"):
                continue  # a preposition ("added regarding Iran's request, ..."), not "regard X as Y"
            label = doc.vocab.strings[match_id]
            if label == "QUOTE_CUE_VERB" and doc[s].lemma_ == "read" and any(
                    c.dep_ in _SUBJ and c.lemma_.lower() in _READ_BY for c in doc[s].children):
                label = "CUE_VERB"  # "Because X, reads the motion, Y": a document's text is its words
            cues[s] = label
        units = self._merge_interrupted(doc, text, groups, tok_at, cues, in_quote)
        quotes: list[Quote] = []
        used_cues: set[int] = set()
        prev: tuple[Quote, int] | None = None  # previous quote-mark unit and its last line
        covered = bytearray(len(doc))
        line_of_char = _line_index(text)
        for unit in units:
            if quotes and quotes[-1].kind == "mixed" and quotes[-1].start_char <= unit[0].start and unit[-1].end <= quotes[-1].end_char:
                continue  # a second quoted fragment of the same reported clause
            q = self._attribute_unit(doc, text, unit, tok_at, cues, in_quote, prev, line_of_char, used_cues)
            if q is None:
                if prev is not None and quotes and quotes[-1] is prev[0] and self._continues(doc, tok_at, unit, prev[0]):
                    # 'Oz is "smart as hell," Mosko wrote in an email, and "full of s---."': the
                    # cue's coordinated quoted words are the rest of the same report
                    p = quotes.pop()
                    frags = tuple(p.fragments or ((p.start_char, p.end_char),)) + tuple((sp.start, sp.end) for sp in unit)
                    q = replace(p, end_char=unit[-1].end, text=text[p.start_char:unit[-1].end], fragments=frags)
                    quotes.append(q)
                    for i in self._tokens(tok_at, unit[0].start, unit[-1].end):
                        covered[i] = 1
                continue
            if q.kind == "mixed":
                quotes = [o for o in quotes if not (q.start_char <= o.start_char and o.end_char <= q.end_char)]
            coordinated = q.cue is None and prev is not None and re.fullmatch(
                r"\s*,?\s*(?:and|or)?\s*", text[prev[0].end_char:q.start_char]) is not None
            if q.cue is None and (q.kind == "direct" or coordinated) and prev is not None and quotes and quotes[-1] is prev[0] \
                    and prev[0].kind in ("direct", "mixed") and prev[0].speaker and q.speaker == prev[0].speaker \
                    and q.source_start_char == prev[0].source_start_char and q.start_char >= prev[0].end_char \
                    and (line_of_char[q.start_char] == line_of_char[prev[0].end_char - 1]
                         or self._whole_paragraph_after(text, q, prev[0], line_of_char)):
                # a cue-less quote that continues the previous speaker's words belongs to that attribution
                # (in the same paragraph, or as the whole next paragraph); so do quoted words joined
                # to them by "and" ('said "A" and "B. C."': the second is a sentence, no mixed quote)
                p = quotes.pop()
                frags = tuple(p.fragments or ((p.start_char, p.end_char),)) + tuple(q.fragments or ((q.start_char, q.end_char),))
                q = replace(p, end_char=q.end_char, text=text[p.start_char:q.end_char], fragments=frags)
            quotes.append(q)
            # the quoted words, not the attribution between them: '"A," she said, adding that B. "C."'
            # (B is another report of hers)
            for a, b in q.fragments or ((q.start_char, q.end_char),):
                for i in self._tokens(tok_at, a, b):
                    covered[i] = 1
            prev = (q, line_of_char[unit[-1].start])
        qa = bool(re.search(r"(?m)^Q:", text) and re.search(r"(?m)^A:", text))
        for k, (lo, _hi) in enumerate(_lines(text)):
            head = self._headline_quote(doc, text, lo, qa) or self._said_after_headline(doc, text, lo, _hi)
            if head is None:
                continue
            toks = self._tokens(tok_at, head.start_char, head.end_char)
            if k > 0 and any(covered[i] for i in toks):
                continue  # a later "Label: ..." line already holds a quote
            quotes = [q for q in quotes if not (head.start_char <= q.start_char and q.end_char <= head.end_char)]
            quotes.append(head)
            for i in toks:
                covered[i] = 1
        quotes.extend(_with_whole_marks(text, q) for q in self._indirect(doc, cues, covered, used_cues, in_quote))
        # One quote per span (a span is the quote's key in the tables): two attributions of the same
        # words ("According to the Herald, Humberto is not expected to ...") keep the one with a speaker.
        best: dict[tuple[int, int], Quote] = {}
        for q in quotes:
            k = (q.start_char, q.end_char)
            if k not in best or best[k].speaker is None and q.speaker is not None:
                best[k] = q
        quotes = sorted((p for q in best.values() for p in _split_at_colon(doc, q)), key=lambda q: (q.start_char, q.end_char))
        if "<" in text:  # a markup tag's name is no cue ("<tweet author=...>Praying for ...</tweet>")
            tags = [m.span() for m in _TAG.finditer(text)]
            quotes = [q for q in quotes if q.cue_start_char is None
                      or not any(a <= q.cue_start_char < b for a, b in tags)]
        return [replace(q, cue_class=self._class_of(doc, q)) for q in quotes]

    def _class_of(self, doc: Doc, q: Quote) -> str:
        """The quote's cue class; an indirect report of an act-or-speech verb is "other" unless
        what it reports is a clause or a speech noun ("posted a time of 2:05:45", "issued a subpoena")."""
        lemma = _cue_word_lemma(doc, q)
        if lemma in ("in", "by", "per"):
            return "speech"  # "In a new study, [X]", "By reports, [X]", "Per the decree, [X]": the document or the account says X
        cls = cue_class(lemma)
        if cls != "speech" or q.kind != "indirect" or lemma not in ACT_OR_SPEECH:
            return cls
        span = doc.char_span(q.start_char, q.end_char, alignment_mode="expand")
        if span is None or not len(span):
            return cls
        root = span.root
        clause = (span[0].lower_ in ("that", "whether", "if", "how", "why", "what") and span[0].dep_ != "det"
                  or root.pos_ in ("VERB", "AUX") and root.dep_ != "xcomp"
                  and any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in root.children))
        speech_noun = root.pos_ in ("NOUN", "PROPN") and (root.lemma_.lower() in self.nouns or root.lemma_.lower() in SPEECH_OBJECTS)
        return cls if clause or speech_noun else "other"

    @staticmethod
    def _attribution_after(doc: Doc, text: str, unit, sent: Span, cues: dict, in_quote) -> Span | None:
        """The sentence right after quoted words that end in "?" or "!", when it opens with an
        attribution that reports nothing else ('"We won!" Coach Tom Reyes shouted after the game.')."""
        if sent.end >= len(doc) or not re.search(r"[?!]\W*$", text[unit[-1].start:unit[-1].end]):
            return None
        nxt = doc[sent.end].sent
        if doc[nxt.start].idx < unit[-1].end or not re.fullmatch(r"[ \t]*", text[unit[-1].end:doc[nxt.start].idx]):
            return None
        cue = next((doc[i] for i in range(nxt.start, min(nxt.end, nxt.start + 7)) if i in cues and not in_quote[i]), None)
        if cue is None or cue.pos_ != "VERB" or any(c.dep_ in ("ccomp", "xcomp") for c in cue.children):
            return None
        return nxt

    def _bare_act(self, doc: Doc, q: Quote) -> bool:
        """An indirect report whose cue is a verb neither of speech nor of belief ("other") and whose
        content is a plain noun phrase: an act or a position ("signed [the agreement]", "backed [the rebels]"),
        not a proposition. Kept: a speech noun ("released [a statement saying ...]"), a judgement
        ("named [X as terrorists]", "thanked [Trump for backing ...]"), an object with an infinitive
        ("invited [the countries to open dialogue]") or a clause ("offered [no proof that ...]").
        An intention or decision of a belief or other cue is an act too (`_intent`: "sought [to fill
        the vacuum]", "her decision [to meet]"). So is a speech cue's topic (`_topic_act`), an act,
        a commitment or a wish the news guideline lists (`_guideline_act`), and a name given in
        quotation marks (`_title_given`)."""
        if q.cue_start_char is None:
            return False
        if q.kind != "indirect":
            return self._title_given(doc, q)
        span = doc.char_span(q.start_char, q.end_char, alignment_mode="expand")
        if self._topic_act(doc, q, span) or _guideline_act(doc, q, span):
            return True
        if span is not None and self._title_given(doc, q) and not any(t.lower_ in ("as", "among") for t in span):
            # "titling [it The Master of Disguise]" (but "named [him as the suspect]", "named [X among
            # the buyers]": who someone is, reported)
            return True
        if q.cue_class not in ("other", "belief"):
            return False
        if span is not None and len(span) > 2 and span[span[0].lower_ == "not"].tag_ == "TO" and _intent(doc, q, span):
            return True
        if q.cue_class != "other":
            return False
        cue = doc.char_span(q.cue_start_char, q.cue_end_char, alignment_mode="expand")
        if cue is None or cue.root.pos_ != "VERB":
            return False  # an attitude: "was critical of [X]", "his opposition to [X]"
        if cue.root.lemma_ in _EVIDENTIAL_VERBS and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in _EVIDENCE_NOUNS for c in cue.root.children):
            return False  # "polls show [a close contest]", "the study found [31 incidents]": a finding, reported
        if span is None or not len(span):
            return False
        root = span.root
        if root.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X") or root.dep_ == "xcomp" or span[0].lower_ == "to":
            return False
        if root.lemma_.lower() in self.nouns or root.lemma_.lower() in SPEECH_OBJECTS:
            return False
        anchors = {root.i, root.head.i}
        if cue.root.lemma_ in _CHARGING_VERBS and any(c.dep_ == "prep" and c.lower_ in ("with", "of") for c in cue.root.children):
            return False  # an accusation: "charged [the developers with fraud]", "convicted [him of murder]"
        for t in span:
            judged_as = t.lower_ == "as" and doc[t.i + 1:t.i + 2].text.lower() != "part"  # not "as part of"
            if t.head.i in anchors and (judged_as or t.dep_ in ("ccomp", "xcomp", "oprd")
                                        or t.lower_ == "for" and any(c.tag_ == "VBG" for c in t.children)):
                return False
            if t.tag_ == "TO" and t.head.pos_ in ("VERB", "AUX") and t.head.head.i in anchors:
                return False  # "encouraged [attendees to continue]"
            adverbial = t.dep_ == "relcl" or t.dep_ == "advcl" and any(c.dep_ == "mark" for c in t.children)
            if t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.head.i in anchors and not adverbial:
                return False  # a clause read as an object: "ruled [the practice ... is unconstitutional]"
            if t.dep_ in ("acl", "ccomp") and t.head.i == root.i and any(c.dep_ in _SUBJ for c in t.children):
                return False  # "offered [no proof that Clinton had a role]"
        return True

    @staticmethod
    def _title_given(doc: Doc, q: Quote) -> bool:
        """A name given in quotation marks, not words said: 'named it ["Operation Peace Spring"]'."""
        cue = doc.char_span(q.cue_start_char, q.cue_end_char, alignment_mode="expand")
        return cue is not None and cue.root.pos_ == "VERB" and cue.root.lemma_.lower() in _TITLE_VERBS

    def _topic_act(self, doc: Doc, q: Quote, span: Span | None) -> bool:
        """A speech or belief cue whose content is a plain noun phrase naming a topic, a source or
        a position, not what was said: "cited [anonymous sources]", "opposed [impeachment
        proceedings]", "discussed [relations]", "agreed [a budget]", "asked [the Queen for a
        prorogation]", "is known for [his solo]". News quote lists do not count these (PolNeAR does).
        Kept: a speech noun for content ("cited [a statement]"), a clause, and "asked [for X]" (a request).
        So is what one speaks or tells someone about ("spoke [of the collaboration]", "tells [Wikinews
        about discovery of the closest black hole known]"), or whom alone ("told [a radio host]")."""
        if span is None or not len(span):
            return False
        if _talked_about(doc, q, span):
            return True
        cue = doc.char_span(q.cue_start_char, q.cue_end_char, alignment_mode="expand")
        if cue is not None and cue.root.lemma_ == "ask" and span.root.dep_ == "pobj" and span.root.head.lower_ == "for" \
                and span.root.head.head == cue.root and not _holds_clause(span):
            return True  # "asked [for donations to the foundation, which ...]": a request
        if cue is not None and cue.root.lemma_ == "quote" and span.root.dep_ == "dobj" and span.root.ent_type_ == "PERSON":
            return True  # "Politico quoted [Tim Manning] as saying ...": who speaks, not what
        if cue is not None and cue.root.lemma_ in ("apologize", "apologise") and _plain_noun_phrase(span):
            return True  # "apologized [for the comment]" (an apology's words are quoted or reported apart)
        if not _plain_noun_phrase(span):
            return False
        if cue is not None and cue.root.lemma_ == "cite":
            # "citing [anonymous sources]", "cited [Article 5 of the NATO treaty]": a source or a rule
            # named (but "citing [the health crisis]" gives a reason, which is content)
            root = span.root
            return root.lemma_.lower() in _CITED_SOURCES or root.ent_type_ in ("PERSON", "ORG") and root.dep_ == "dobj" \
                or root.lemma_.lower() in coref.PERSON_NOUNS  # "cited [Budi Gunawan, chief of ...] as saying"
        if cue is None or cue.root.lemma_ not in _TOPIC_CUES:
            return False
        root = span.root
        if not (root.dep_ == "dobj" or root.dep_ == "pobj" and (root.head.lower_ in ("on", "about", "with", "to") or cue.root.lemma_ == "know")):
            return False  # called for something: a demand, "called [for a recount]"
        if cue.root.lemma_ == "respond":
            return True  # "responded [to Pelosi's announcement]": what is answered is someone else's words
        return root.lemma_.lower() not in self.nouns and root.lemma_.lower() not in SPEECH_OBJECTS

    def _continues(self, doc: Doc, tok_at: list[int], unit, p: Quote) -> bool:
        """Quoted words with no attribution of their own that the parse coordinates with the cue
        of the quote `p` just before them, in the same sentence ('..., Mosko wrote, and "B."')."""
        if p.cue_start_char is None or p.end_char > unit[0].start:
            return False
        cue = doc[tok_at[p.cue_start_char]] if tok_at[p.cue_start_char] >= 0 else None
        toks = [i for sp in unit for i in self._tokens(tok_at, sp.start, sp.end)]
        if cue is None or not toks:
            return False
        inside = set(toks)
        roots = [doc[i] for i in toks if doc[i].head.i not in inside and not doc[i].is_punct]
        return (len(roots) == 1 and roots[0].dep_ == "conj" and roots[0].head.i == cue.i
                and roots[0].sent.start == cue.sent.start
                and not any(c.dep_ in _SUBJ for c in roots[0].children))

    def _headline_quote(self, doc: Doc, text: str, at: int = 0, qa: bool = False) -> Quote | None:
        """A line in the style "Speaker: what they said": a headline ("Lavrov: West Must Stop
        Arming Kyiv", also the further headlines of a story's header) or a turn of an interview
        transcript in mixed case ("Matthews: Well, ...", "Q: ..." / "A: ..." when the text has
        both). The label must name someone (a proper noun, not a dateline or a section label
        such as "Still to come")."""
        m = _HEADLINE.match(text, at)
        key = m.group(1).upper().replace("\u2019", "'") if m is not None else ""  # "Editor’s note"
        if m is None or key in _NOT_HEADLINE_SPEAKERS:
            return None
        if m.group(1) in ("Q", "A") and qa:
            return self._qa_turn(doc, text, m)
        if key in _NOT_SPEAKERS:
            return None
        a, b = m.span(2)
        while b > a and text[b - 1] in " .":
            b -= 1
        if len(re.findall(r"\w+", text[a:b])) < 4:
            return None
        label = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if label is not None and _run_in_heading(label):
            # "Obama on Climate Change: The Trends Are 'Terrifying'": a named person's words on a
            # topic, when the text names that person (else "Update on Syria: ..." is a heading)
            label = _name_on_topic(label)
            if label is None or self._named_outside(doc, label) is None:
                return None
        if label is None or any(t.ent_type_ in _DATELINE_LABELS for t in label):
            return None  # "Kabul: ...", "Monday: ..." are datelines, not speakers
        if any(t.pos_ == "VERB" and any(c.dep_ in _SUBJ and c in label for c in t.children) for t in label):
            return None  # 'Monica Spana told reporters: "..."' is a sentence, its verb the cue
        head = label[-1]
        unnamed = not any(t.pos_ == "PROPN" or t.ent_type_ for t in label) and label.text.lower() not in _LABEL_SOURCES
        topic = head.pos_ == "NOUN" and not head.ent_type_ and head.lemma_.lower() not in _LABEL_HEADS \
            and head.lemma_.lower() not in self.nouns
        # "Lion Air disaster: ...": a topic, not someone ("Rubio aide: ..." is someone); but a lone
        # surname the parser tags a common noun ("Sanders: ...") names the person the text names in full
        if (unnamed or topic) and self._named_outside(doc, label) is None:
            return None
        name, spk = self._label_speaker(doc, label)
        kind = _kind_by_marks(text[a:b])
        return Quote(start_char=a, end_char=b, text=text[a:b], kind=kind, cue=":",
                     cue_start_char=m.end(1), cue_end_char=m.end(1) + 1,
                     speaker=name, speaker_start_char=spk[0], speaker_end_char=spk[1],
                     fragments=((a, b),), source_start_char=label.start_char, source_end_char=label.end_char)

    def _said_after_headline(self, doc: Doc, text: str, lo: int, hi: int) -> Quote | None:
        """A headline with its attribution at the end: "Zebra stripes may 'dazzle' horse flies, say
        scientists" (the parser, reading a headline, seldom finds the clause under the verb)."""
        m = _SAID_AFTER.match(text, lo, hi)
        if m is None or len(re.findall(r"\w+", m.group(1))) < 4:
            return None
        src = doc.char_span(m.start(3), m.end(3), alignment_mode="contract")
        if src is None or not len(src) or any(t.pos_ in ("AUX", "PRON") for t in src):  # ("study" is often tagged a verb)
            return None
        name, spk = self._label_speaker(doc, src)
        a, b = m.span(1)
        return Quote(start_char=a, end_char=b, text=text[a:b], kind=_kind_by_marks(text[a:b]), cue=m.group(2),
                     cue_start_char=m.start(2), cue_end_char=m.end(2),
                     speaker=name, speaker_start_char=spk[0], speaker_end_char=spk[1],
                     fragments=((a, b),), source_start_char=src.start_char, source_end_char=src.end_char)

    def _label_speaker(self, doc: Doc, label: Span) -> tuple[str, tuple[int, int]]:
        """The resolved name of a headline's speaker label and the mention it points at."""
        target = coref.resolve(doc, label) or self._named_later(doc, label.text)
        if target is None:
            return clean_name(label.text), (label.start_char, label.end_char)
        return coref.resolved_name(doc, target), (target.start_char, target.end_char)

    @staticmethod
    def _qa_turn(doc: Doc, text: str, m: re.Match) -> Quote | None:
        """'Q: ...' / 'A: ...' in an interview: the words of the interviewer or the interviewee
        (no name in place: the speaker is left unresolved)."""
        a, b = m.span(2)
        while b > a and text[b - 1] == " ":
            b -= 1
        if len(re.findall(r"\w+", text[a:b])) < 3:
            return None
        return Quote(start_char=a, end_char=b, text=text[a:b], kind="direct", cue=":",
                     cue_start_char=m.end(1), cue_end_char=m.end(1) + 1, speaker=None,
                     speaker_start_char=None, speaker_end_char=None, fragments=((a, b),),
                     source_start_char=m.start(1), source_end_char=m.end(1))

    @staticmethod
    def _whole_paragraph_after(text: str, q: Quote, p: Quote, line_of_char: list[int]) -> bool:
        """`q` is the whole paragraph right after the one where the direct quote `p` ends."""
        if line_of_char[q.start_char] != line_of_char[p.end_char - 1] + 1 or p.cue is None:
            return False
        lo = text.rfind("\n", 0, q.start_char) + 1
        hi = text.find("\n", q.end_char)
        hi = len(text) if hi < 0 else hi
        return not text[lo:q.start_char].strip() and not text[q.end_char:hi].strip()

    def _through_quote(self, end: int) -> int:
        """`end`, or the end of the quote-mark span it falls inside: reported content does not stop
        in the middle of quoted words, though the parser may end a sentence there ('told, "You
        don't sell products. You sell feelings."', 'paid a price in this 2016 [presidential] primary')."""
        k = bisect.bisect_left(self._marked, (end, end)) - 1
        if k >= 0 and self._marked[k][0] < end < self._marked[k][1]:
            return self._marked[k][1]
        return end

    @staticmethod
    def _tokens(tok_at: list[int], a: int, b: int) -> range:
        lo = next((tok_at[k] for k in range(a, b) if tok_at[k] >= 0), None)
        hi = next((tok_at[k] for k in range(b - 1, a - 1, -1) if tok_at[k] >= 0), None)
        if lo is None or hi is None:
            return range(0)
        return range(lo, hi + 1)

    def _merge_interrupted(self, doc, text, groups, tok_at, cues, in_quote) -> list[list[_Span]]:
        """Join `"A," he said, "B."` into one unit when the gap is only the attribution. A short
        quoted title or nickname inside the attribution (`"A," Ruiz said on "Face the Nation."
        "B."`, `"A," Anna "Annie" Ruiz said. "B."`) is part of the gap."""
        units: list[list[_Span]] = []
        skip: set[int] = set()
        for k, g in enumerate(groups):
            if k in skip:
                continue
            if units and k + 1 < len(groups) and self._embedded(text, units[-1], g, groups[k + 1]) \
                    and self._joinable(doc, text, tok_at, cues, in_quote, units[-1], groups[k + 1]):
                units[-1].extend(groups[k + 1])
                skip.add(k + 1)
                continue
            if units and self._joinable(doc, text, tok_at, cues, in_quote, units[-1], g):
                units[-1].extend(g)
                continue
            units.append(list(g))
        return units

    @staticmethod
    def _embedded(text, unit, g, nxt) -> bool:
        """`g` is a short quoted name inside the attribution between `unit` and `nxt`."""
        a = unit[-1]
        if len(g) != 1 or g[0].style != "mark" or a.style != "mark" or not g[0].closed:
            return False
        if not (a.line == g[0].line == nxt[0].line) or len(re.findall(r"\w+", text[g[0].start:g[0].end])) > 5:
            return False
        return bool(re.search(r"\w", text[a.end:g[0].start]))

    def _joinable(self, doc, text, tok_at, cues, in_quote, unit, g) -> bool:
        if not (g[0].style == "mark" and unit[-1].style == "mark" and unit[-1].line == g[0].line and unit[-1].closed):
            return False
        a = unit[-1]
        gap = text[a.end:g[0].start]
        words = re.findall(r"\w+", gap)
        gap_toks = [i for i in self._tokens(tok_at, a.end, g[0].start) if not in_quote[i]]
        gap_cues = [i for i in gap_toks if cues.get(i) in ("CUE_VERB", "QUOTE_CUE_VERB", "ACCORDING")]
        # '"A." He added, "B."': a new sentence that introduces B alone; A is an earlier report
        # (PolNeAR train: two attributions in 12 of 15 such pairs; '"A," he said. "B."' is one in 843 of 866)
        ends_ok = bool(re.search(r"[,.:;!?\u2014\u2013\u201d\"]\s*$", gap)) \
            and not (gap.rstrip().endswith(",") and text[a.end - 2:a.end - 1] in ".!?")
        starts_ok = bool(re.match(r"^\s*[,\u2014\u2013]?\s*\w", gap))
        return len(gap_cues) == 1 and 0 < len(words) <= 40 and ends_ok and starts_ok \
            and self._leads_sentence(doc, text, tok_at, unit[0]) \
            and self._subject(doc[gap_cues[0]]) is not None \
            and self._subject(doc[gap_cues[0]]).i in gap_toks \
            and not self._cue_after(doc, text, tok_at, cues, in_quote, g[-1])

    def _leads_sentence(self, doc, text, tok_at, sp: _Span) -> bool:
        toks = self._tokens(tok_at, sp.start, sp.end)
        if not toks:
            return False
        sent = doc[_core_ends(doc, toks)[0]].sent
        before = text[sent.start_char:sp.start]
        return not re.search(r"\w", before) or before.rstrip().endswith(":")

    def _cue_after(self, doc, text, tok_at, cues, in_quote, sp: _Span) -> bool:
        toks = self._tokens(tok_at, sp.start, sp.end)
        if not toks:
            return False
        sent = doc[_core_ends(doc, toks)[1]].sent
        return any(cues.get(i) in ("CUE_VERB", "ACCORDING") and not in_quote[i] for i in range(toks[-1] + 1, sent.end))

    @staticmethod
    def _source_phrases(doc: Doc, cues: dict[int, str], in_quote) -> list[Token]:
        """'In a new poll, ...', '..., in a statement, ...': an "in" phrase naming a document or
        a survey, set off by commas, on a clause whose verb is not itself a cue (then the verb
        carries the attribution: "said in a statement")."""
        out = []
        for t in doc:
            if t.lower_ != "in" or t.dep_ != "prep" or in_quote[t.i] \
                    or cues.get(t.head.i) == "CUE_VERB" and not _passive_report(t.head):
                continue  # (a passive with no source does not: "In findings published ..., water was confirmed")
            pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.lemma_.lower() not in _SOURCE_DOCS or t.head.pos_ not in ("VERB", "AUX"):
                continue
            if pobj.lemma_.lower() in _RESEARCH_DOCS and not _passive_report(t.head):
                continue
            last = max(x.i for x in t.subtree)
            sent = t.sent
            if any(cues.get(k) == "CUE_VERB" and doc[k].head == t.head and k != t.head.i for k in range(sent.start, sent.end)):
                continue  # "In a speech, she said, the plan would fail": the cue verb names the source
            after = last + 1 < sent.end and doc[last + 1].text == ","
            before = t.i == sent.start or doc[t.i - 1].text == ","
            if after and before:
                out.append(t)
        return out

    # -- speakers --------------------------------------------------------------
    def _subject(self, cue: Token) -> Token | None:
        if cue.lower_ in HEARSAY:
            return None  # "Bolton reportedly had ...": Bolton is what is reported on, not who reports
        if cue.lower_ == "in" and cue.dep_ == "prep":  # "In a new poll, ..."
            document = next((c for c in cue.children if c.dep_ == "pobj"), None)
            return _document_author(document, cue.head) if document is not None else None
        if cue.lower_ == "according":
            return _according_source(cue)
        if cue.tag_ == "VBG" and cue.i > cue.sent.start and cue.doc[cue.i - 1].lower_ == "as":
            # "The BBC cited [Budi Gunawan], chief of ..., as saying ...": the one cited speaks, wherever
            # the parser hangs "as"
            quoting = next((t for t in reversed(cue.doc[cue.sent.start:cue.i - 1]) if t.lemma_ in ("cite", "quote")
                            and t.pos_ == "VERB"), None)
            cited = next((c for c in quoting.children if c.dep_ == "dobj"), None) if quoting is not None else None
            if cited is not None:
                return cited
        if cue.lower_ == "per" and cue.i == cue.sent.start:  # "Per the decree, ...": the decree says it
            source = _per_phrase_source(cue)
            return _issuer(source) if source is not None else None
        if cue.lower_ == "by" and cue.dep_ == "prep":  # "By NBC's count, ...": whose account, if named
            account = next((c for c in cue.children if c.dep_ == "pobj"), None)
            return next((c for c in account.children if c.dep_ == "poss"), None) if account is not None else None
        first = self._shared_subject.get(cue.i)
        if first is not None and first != cue.i:
            return self._subject(cue.doc[first])
        if cue.pos_ == "VERB" and (inverted := _inverted_speaker(cue, self.verbs)) is not None:
            return inverted
        if (set_off := self._misread_parenthetical(cue)) is not None:
            return set_off[0]
        if cue.pos_ == "VERB" and _main_verb_read_as_participle(cue) is not None:
            return cue.head
        if cue.pos_ == "NOUN":
            return self._noun_subject(cue)
        tok = cue
        in_quote = self._in_quote if self._in_quote is not None and len(self._in_quote) == len(cue.doc) else None
        agent = _agent(cue)  # passive: "was announced by the WHO"
        if agent is not None and not (in_quote and in_quote[agent.i]):
            return agent
        if _passive_report(cue):
            return None  # "he was charged with ...": the source is not named
        if cue.dep_ == "acl" and cue.tag_ == "VBG" and cue.head.pos_ in ("NOUN", "PROPN", "NUM") \
                and cue.head.i < cue.i and not (in_quote and in_quote[cue.head.i]) and not _non_speaker(cue.head):
            # "50 percent saying she is prepared", "an email stressing that ..."; "a series of
            # tweets criticizing X": a post or a clip is its author's words ("Trump unleashed"), and
            # so are "calls by officials asking ...", "the ministry's statement saying ..."
            head = cue.head
            noun = head.lemma_.lower()
            if noun in _PLATFORMS:  # "posted a message on Twitter blaming Iran": the poster, not Twitter
                verb = next((a for a in head.ancestors if a.pos_ == "VERB"), None)
                if verb is not None and (poster := self._subject(verb)) is not None:
                    return poster
            if head.pos_ == "NOUN" and (noun in self.nouns or noun in _DOCUMENTS or noun in SPEECH_OBJECTS) \
                    and (author := self._noun_subject(head)) is not None and not (in_quote and in_quote[author.i]):
                return author
            return _media_author(head) or head
        if cue.dep_ == "relcl" and cue.head.pos_ == "NOUN" and cue.head.i < cue.i \
                and (cue.head.lemma_.lower() in _DOCUMENTS or cue.head.lemma_.lower() in SPEECH_OBJECTS) \
                and any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in cue.children) \
                and (author := self._noun_subject(cue.head)) is not None and not (in_quote and in_quote[author.i]):
            return author  # 'They released a statement which said, "..."': the statement's author speaks
        if (small := _small_clause_subject(cue)) is not None and not (in_quote and in_quote[small.i]):
            return small  # "footage of Clinton asking, ...", "left many nations feeling that ..."
        if in_quote and cue.dep_ == "advcl" and cue.tag_ == "VBG" and in_quote[cue.head.i] and not in_quote[cue.i]:
            # 'Sanders said, "I do not make this decision lightly", calling it ...': the parser hangs
            # the participle on the quoted verb; it is the speaker's who says the quote
            host = next((a for a in cue.ancestors if not in_quote[a.i]), None)
            if host is not None and host.pos_ == "VERB":
                return self._subject(host)
        rejected = None
        conjunct = False
        for _ in range(4):
            # a named subject first where the parser gives two ("speaker of the parliament Ali
            # Larijani wrote": both "speaker" and "Larijani" are subjects of "wrote")
            # and a person before a body ("said Army Capt. Christian Pardo": "Capt" and "Pardo")
            for c in sorted(tok.children, key=lambda c: (not (c.dep_ in _SUBJ and c.ent_type_ in _NAMED),
                                                         c.ent_type_ != "PERSON")):
                # (a passive subject only of the cue, or of the verb a cue with a reported clause is
                # coordinated with: "he was arrested and claimed [he was innocent]")
                if c.dep_ in _SUBJ and (c.dep_ == "nsubj" or tok.i == cue.i or conjunct) and not (in_quote and in_quote[c.i]):
                    if _is_dateline(c) and (after := _after_dateline(c)) is not None:
                        return after  # "WASHINGTON -- President Obama ... said": the name after the dash
                    c = _last_hyphen_piece(c)  # "co-author" parsed as three subjects "co", "-", "author"
                    if _non_speaker(c) or _label_before_colon(c, tok) or _is_dateline(c):
                        # "The first time she ...", "Saturday said", "The Latest: Trump urges": look
                        # further, but keep the report (unattributed) if no one else is found
                        name = next((x for x in c.lefts if x.ent_type_ in ("PERSON", "ORG", "NORP")), None)
                        if name is not None and not _label_before_colon(c, tok):
                            return name  # "Broaddrick Sunday night recounted": the name in the phrase
                        rejected = rejected or c
                        if _label_before_colon(c, tok) or _is_dateline(c):
                            self._label_subjects.add(c.i)
                        continue
                    return c
            # (for the cue itself only with a reported clause: "Two analysts, A and B, found in 2014
            # that X"; "Ted Cruz, who ..., named “Criminal Minds,” “Veep” ... as his top shows" lists
            # titles, which would become quotes of his)
            if (tok.i != cue.i or any(c.dep_ == "ccomp" for c in cue.children)) \
                    and (named := _misread_main_verb(tok)) is not None and not (in_quote and in_quote[named.i]):
                return named
            if tok.dep_ in _CLIMB and tok.head.i != tok.i and not (tok.dep_ == "conj" and tok.head.pos_ != "VERB") \
                    and not (in_quote and in_quote[tok.head.i]):
                conjunct = tok.dep_ == "conj" and tok.i == cue.i and any(c.dep_ == "ccomp" for c in cue.children)
                tok = tok.head
            elif (up := _gerund_host(tok)) is not None and not (in_quote and in_quote[up.i]):
                tok = up
            else:
                break
        if rejected is None and (fronted := _fronted_subject(cue) or _subject_in_participle(cue)
                                 or _subject_of_misread_relative(cue)) is not None:
            return fronted
        if rejected is None and (clausal := _clausal_subject(cue)) is not None and not (in_quote and in_quote[clausal.i]):
            return clausal
        adj = self._adjacent_np(cue)
        return adj if adj is not None and not _non_speaker(adj) else rejected or adj

    def _noun_subject(self, cue: Token) -> Token | None:
        """Who made a speech act named by a noun: 'Trump's claim that', 'the claim by Trump that',
        'the governor made the claim that' (the subject of a light verb whose object it is)."""
        in_quote = self._in_quote if self._in_quote is not None and len(self._in_quote) == len(cue.doc) else None
        for c in cue.children:
            if c.dep_ == "poss" and c.i < cue.i and c.pos_ in ("PROPN", "NOUN", "PRON"):
                return c
            if c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i > cue.i:
                p = next((g for g in c.children if g.dep_ == "pobj"), None)
                if p is not None and p.pos_ in ("PROPN", "NOUN", "PRON"):
                    return p
        if cue.dep_ == "dobj" and cue.head.pos_ == "VERB" and cue.head.lemma_ in _LIGHT_VERBS:
            subj = next((c for c in cue.head.children if c.dep_ == "nsubj"), None)
            if subj is not None and not (in_quote and in_quote[subj.i]):
                return subj
        return None

    @staticmethod
    def _adjacent_np(cue: Token) -> Token | None:
        """Parse fallback: the noun phrase right before or after the cue (`,\u201d Police Chief Jo Ray said`)."""
        doc, sent = cue.doc, cue.sent
        k, head = cue.i - 1, None
        while k >= sent.start and cue.i - k <= 8 and _np_token(doc[k]):
            if head is None and doc[k].pos_ in ("PROPN", "NOUN", "PRON"):
                head = doc[k]
            k -= 1
        if head is not None and (k < sent.start or doc[k].is_punct):
            return head
        if head is None and k == cue.i - 1 and k > sent.start and doc[k].text == ",":
            # '," Flynn, a top adviser, said': the name before an appositive
            k -= 1
            # (an age and a phrase with "of"/"for" are part of the appositive: '," Lazar, 44,
            # said', 'Brendan Buck, a spokesman for Ryan, told')
            while k >= sent.start and cue.i - k <= 10 and (_np_token(doc[k]) or doc[k].like_num
                                                            or doc[k].lower_ in ("of", "for") and k < cue.i - 2):
                k -= 1
            if k < cue.i - 2 and k > sent.start and doc[k].text == ",":
                k -= 1
                while k >= sent.start and cue.i - k <= 16 and _np_token(doc[k]):
                    if head is None and doc[k].pos_ == "PROPN":
                        head = doc[k]
                    k -= 1
                if head is not None and (k < sent.start or doc[k].is_punct):
                    return head
            head = None
        k, last = cue.i + 1, None
        while k < sent.end and k - cue.i <= 8 and _np_token(doc[k]):
            if doc[k].pos_ in ("PROPN", "NOUN"):
                last = doc[k]
            k += 1
        if last is not None and (k >= sent.end or doc[k].is_punct):
            return last
        return None

    def _speaker(self, doc: Doc, subj: Token | None, prefer: list[Span] | None):
        """(name, speaker_start, speaker_end, source_start, source_end) for a subject token."""
        if subj is None:
            return None, None, None, None, None
        if _non_speaker(subj) or subj.i in self._label_subjects:
            return None, None, None, None, None  # no one is named ("The first time ..., she was beginning to realize")
        if (antecedent := _relative_antecedent(subj)) is not None:
            # "CNN, which reported that ...": CNN speaks; the words at the cue stay "which"
            name, start, end, _, _ = self._speaker(doc, antecedent, prefer)
            return name, start, end, subj.idx, subj.idx + len(subj.text)
        if subj.dep_ in _SUBJ or subj.dep_ == "pobj":
            left = subj.left_edge.i
        else:  # a parse-fallback head: the contiguous noun phrase around it
            left = subj.i
            while left - 1 >= subj.sent.start and _np_token(doc[left - 1]):
                left -= 1
        spaced_dash = next((k for k in range(subj.i - 1, left - 1, -1) if doc[k].text in _SPACED_DASHES
                            and k > 0 and doc[k].whitespace_ and doc[k - 1].whitespace_), None)
        if spaced_dash is not None:  # "HOVE, England - Harbor officials": a dateline's dash ends it
            left = spaced_dash + 1
        while left < subj.i and (doc[left].is_punct or doc[left].is_space):
            left += 1
        while left == subj.i and left >= 2 and doc[left - 1].text == "-" and not doc[left - 1].whitespace_ \
                and not doc[left - 2].whitespace_ and doc[left - 2].head == subj.head:
            left = doc[left - 2].left_edge.i  # "study co-author": the parser's "co" and "-" are subjects too
        right = subj.i + 1
        full_right = right
        for c in subj.rights:
            if c.dep_ in ("compound", "flat") and c.i == right:
                right = full_right = c.i + 1
            elif c.dep_ == "appos" and c.right_edge.i - subj.i <= 10:
                full_right = c.right_edge.i + 1  # "Kenneth Baer, a former official," / "the coach, Peter Vance"
            elif c.dep_ == "prep" and c.i == right and c.right_edge.i - subj.i <= 6 and (
                    c.lower_ == "of" or subj.pos_ == "PROPN" and c.lower_ in ("for", "on")
                    and _title_or_body(subj)
                    and any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children)):
                # "the Center for Biological Diversity", "the Council on Foreign Relations"; not
                # "Pelosi on Capitol Hill"
                right = full_right = c.right_edge.i + 1
        np = doc[left:right]
        full = doc[left:max(right, full_right)]
        src = (np.start_char, np.end_char)
        target = _person_in_apposition(subj) or _person_after_office(subj) or coref.resolve(
            doc, full, prefer=prefer, quoted=self._marked if self._marked and len(full) == 1 else None)
        if target is not None and subj.lower_ in ("they", "them", "their") and target.root.ent_type_ in _PLACES:
            target = None  # "they" is people (a campaign, officials), never a city or a region
        if target is None and subj.pos_ != "PRON":
            target = _named_in_description(doc, np)
        if target is not None:
            return coref.resolved_name(doc, target), target.start_char, target.end_char, src[0], src[1]
        if subj.lower_ in coref.PRONOUNS or subj.pos_ == "PRON":
            return None, None, None, src[0], src[1]
        if subj.lemma_.lower() in _AUTHORLESS:
            # "the ministry statement said", "a Pentagon report says": its author speaks, else no one is named
            author = next((c for c in subj.children if c.dep_ in ("compound", "poss") and c.i < subj.i
                           and (c.ent_type_ in ("PERSON", "ORG", "GPE") or c.lemma_.lower() in _AUTHOR_NOUNS)), None)
            if author is not None:
                return (*self._speaker(doc, author, prefer)[:3], src[0], src[1])
            return None, None, None, src[0], src[1]  # "reports say", "the statement said": no one is named
        return _description(np), np.start_char, np.end_char, src[0], src[1]

    # -- quote-mark units ------------------------------------------------------
    def _attribute_unit(self, doc, text, unit, tok_at, cues, in_quote, prev, line_of_char, used_cues) -> Quote | None:
        if unit[0].style == "turn":
            return self._turn_quote(doc, text, unit)
        frags = [(sp.start, sp.end) for sp in unit]
        toks = [i for a, b in frags for i in self._tokens(tok_at, a, b)]
        if not toks:
            return None
        words = len(re.findall(r"\w+", " ".join(text[a:b] for a, b in frags)))
        frag_tokset = set(toks)
        sents = []
        first, last = _core_ends(doc, toks)
        i = first
        while i <= last:
            s = doc[i].sent
            sents.append(s)
            i = s.end
        if (after := self._attribution_after(doc, text, unit, sents[-1], cues, in_quote)) is not None:
            sents.append(after)  # '"Are we serious?" Mayor Lee asked.': the parser ends the sentence at "?"
        lines = {sp.line for sp in unit}
        region = [i for s in sents for i in range(s.start, s.end)
                  if not in_quote[i] and line_of_char[doc[i].idx] in lines]
        # a preceding sentence ending in ":" introduces the quote ("Caddell continued:")
        first_sent = doc[first].sent
        intro = None
        if first_sent.start > 0:
            prev_sent = doc[first_sent.start - 1].sent
            k = first_sent.start - 1
            while k >= prev_sent.start and (doc[k].is_space or doc[k].text in "\"\u201d"):
                k -= 1
            if k >= prev_sent.start and doc[k].text == ":" and not re.search(r"\w", text[first_sent.start_char:unit[0].start]):
                intro = prev_sent
        cand = [i for i in region if i in cues and i not in used_cues]
        cue = self._pick_cue(doc, cand, frag_tokset, frags)
        opener = next((doc[i] for i in cand if i < first and cue_class(doc[i].lemma_) == "speech" and re.fullmatch(
            r"\s*[,:]\s*", text[self._cue_span(doc, doc[i]).end_char:unit[0].start])), None)
        switched = opener is not None and cue is not None and opener.i != cue.i
        if switched:
            cue = opener  # 'joked that A, but went on to say, "B"': the verb that opens the quote is its cue
        if cue is not None and cue_class(cue.lemma_) == "belief":
            # 'Mr. Obama said, a majority of Americans have come to believe "..."': the clause
            # holding the belief is the parenthetical speaker's report
            cue = next((doc[i] for i in cand if cue_class(doc[i].lemma_) == "speech" and self._reports_clause(doc[i], cue)), cue)
        if cue is None and intro is not None:
            ic = [i for i in range(intro.start, intro.end) if i in cues and not in_quote[i] and i not in used_cues]
            # or a speech noun with a speaker: "Sanders made the following comment:", "Trump's statement:"
            ic = ic or [t.i for t in intro if t.pos_ == "NOUN" and t.lemma_ in self.nouns and not in_quote[t.i]
                        and t.i not in used_cues and self._noun_subject(t) is not None]
            if ic:
                cue = doc[ic[-1]]
        if cue is None and text[first_sent.start_char:unit[0].start].rstrip().endswith(":"):
            # the same within the quote's sentence: 'de Blasio made the announcement: "..."'
            nc = [i for i in region if i < first and doc[i].pos_ == "NOUN" and doc[i].lemma_ in self.nouns
                  and i not in used_cues and self._noun_subject(doc[i]) is not None]
            if nc:
                cue = doc[nc[-1]]
        # 'the mother replied, "..."': a cue that introduces the quote with a comma or colon is
        # its own speech verb, even when the parse hangs it inside another cue's complement
        introduces = cue is not None and (re.fullmatch(r"\s*[,:]\s*", text[self._cue_span(doc, cue).end_char:unit[0].start]) is not None
                                          or _in_gap(cue, frags))
        if cue is not None and not introduces and any(t.i in frag_tokset for t in cue.subtree):
            cue = self._outer_cue(cue, cues, used_cues)
        if unit[0].style == "dash" and cue is None and intro is None and not (prev and line_of_char[unit[0].start] - prev[1] <= 1 and prev[0].kind == "direct"):
            for i in toks:  # a bulleted line, not dash speech: its words are free for a report of their own
                in_quote[i] = 0
            return None
        # the quote's own clause: direct if the quoted words are all there is besides the attribution
        before = text[first_sent.start_char:unit[0].start].rstrip()
        colon_intro = before.endswith(":") and unit[0].style == "mark"
        outside = 0 if colon_intro else self._outside_content(doc, sents, frag_tokset, cue, in_quote)
        if outside and introduces and (switched or self._quote_is_complement(cue, frag_tokset, in_quote)):
            outside = 0  # 'and when pressed, she replied, "..."': the words before the cue are another clause
        elif outside and cue is not None and self._introduced_after_circumstances(doc, cue, toks[0], in_quote):
            outside = 0  # 'told the press in a separate interview, "..."': the quote is all that was said
        kind = "direct"
        start, end = frags[0][0], frags[-1][1]
        content_frags = None
        if _looks_like_title(text[frags[0][0]:frags[-1][1]]) and (outside >= 1 or cue is None
                                                                 or _POSSESSIVE_BEFORE.search(text, max(0, frags[0][0] - 8), frags[0][0])):
            # "Meet the Press", "The Apprentice": a title, not speech; so is 'Fox News channel's
            # "Sunday Morning Futures," Rep. Darrell Issa said ...', though shaped like a quote
            return None
        if cue is None and outside >= 2:
            if (desc := self._as_description(doc, toks, in_quote, used_cues)) is not None:
                return desc  # 'went after Trump as a "leech who will bleed ..."'
            cue = _quoting_verb(doc, toks, in_quote, cues, self.nouns)
        if outside >= 2 or outside == 1 and self._names_object(cue, frag_tokset, in_quote):
            content_child = self._content_child(cue, frag_tokset) if cue is not None else None
            if content_child is not None:
                kind = "mixed"
                sub = [t.i for t in content_child.subtree if not (t.is_space)]
                if content_child.dep_ not in ("ccomp", "dobj"):
                    # "called Trump \"unhinged\"", "described it as a \"disaster\"": the object is content too
                    for c in cue.children:
                        if _named_object(cue, c, content_child):
                            sub.extend(t.i for t in c.subtree)
                        elif c.dep_ == "prt" and c.i < content_child.i:  # "called on [police] to ..."
                            sub.extend(t.i for g in c.children if g.dep_ == "pobj" for t in g.subtree)
                for c in self._content_siblings(cue, content_child):
                    sub.extend(t.i for t in c.subtree)
                start = min(start, doc[min(sub)].idx)
                antecedent = cue.head if cue.dep_ == "relcl" and doc[min(sub)].tag_ in ("WDT", "WP") else None
                if antecedent is not None and antecedent.pos_ in ("NOUN", "PROPN") and not in_quote[antecedent.i]:
                    # 'a clip that Judge Mosman called "distasteful"': what the relative pronoun stands for
                    start = min(start, doc[antecedent.left_edge.i].idx)
                cut = self._cut_at_new_report(doc, sorted(sub), cue, cues, in_quote)
                if len(cut) < len(sub) and cut and max(cut) >= max(frag_tokset):
                    sub = cut  # '"A," suggesting that B': B is another attribution
                elif min(sub) > cue.i:  # the reported clause runs to the end of the sentence
                    sub.append(self._clause_end(doc, max(sub), cues, in_quote, cue))
                last = doc[max(sub)]
                end = self._through_quote(max(end, last.idx + len(last.text)))
                # trim a trailing comma/period of the complement that precedes the attribution
                while end > start and text[end - 1] in " ,;":
                    end -= 1
            elif cue is not None and (words >= 3 or cue.lower_ == "according"):
                # ("According to X, the move reeks of \"fear\"": the clause is X's, however short the quote)
                kind = "mixed"
                runs = self._parenthetical_content(cue, frag_tokset)
                if runs:
                    # "PRE, he said, \"QUOTE\" POST": the content is the sentence around the attribution
                    content_frags = _union([(doc[a].idx, doc[b].idx + len(doc[b])) for a, b in runs] + frags)
                    start = min(start, content_frags[0][0])
                    end = max(end, content_frags[-1][1])
                elif (lead := self._clause_before_quote(doc, cue, toks[0], cues, in_quote)) is not None:
                    # 'went on to say he was not giving them X because they had "accepted ..."': the
                    # parser hung the quoted clause outside the cue's complement, which it continues
                    start = min(start, doc[lead].idx)
            elif (desc := self._as_description(doc, toks, in_quote, used_cues)) is not None:
                return desc  # before the cue-less case: 'went after Trump as a "leech who will bleed ..."'
            elif cue is None and words >= 6 and self._has_verb(doc, toks):
                kind = "mixed"
                if (phrase := self._enclosing_phrase(doc, toks, in_quote)) is not None:
                    # 'supposes a "cultural ... replacement" of Hispanic people': the phrase the quoted words head
                    start, end = min(start, phrase[0]), max(end, phrase[1])
            else:
                return None  # a scare quote, a title, a nickname
        elif cue is None and words < 3 and unit[0].style == "mark":
            return None
        if kind == "direct" and cue is not None:
            lead = self._colon_complement(doc, cue, toks[0], in_quote)
            if lead is not None:
                # 'delivered a snappy retort: "..."': the cue's object before the colon is content too
                kind, start = "mixed", min(start, doc[lead].idx)
                content_frags = _union([(doc[lead].idx, frags[0][0])] + frags)
            elif (lead := self._sentence_lead(doc, text, cue, toks[0], in_quote)) is not None:
                # 'which is an outcome, he said, "we have long anticipated."': the quote finishes
                # the clause that the words before the attribution began
                kind, start = "mixed", min(start, doc[lead[0]].idx)
                content_frags = _union([(doc[lead[0]].idx, doc[lead[1]].idx + len(doc[lead[1]]))] + frags)
            elif toks[0] > 0 and doc[toks[0] - 1].lower_ == "that" and not in_quote[toks[0] - 1] \
                    and cue.i < toks[0] - 1 and doc[toks[0] - 1].head.i in {t.i for t in cue.subtree}:
                # 'tells his supporters that "he loves you."': the quote is the reported clause
                that = doc[toks[0] - 1]
                kind, start = "mixed", min(start, that.idx)
                content_frags = _union([(that.idx, frags[0][0])] + frags)
        if kind == "mixed" and content_frags is None and cue is not None and _adverbial_lead(doc, cue, start, end, frags):
            # 'told the BBC after the verdict "My client is relieved."': the quote is all that was said
            kind, start = "direct", frags[0][0]
        speaker = (None, None, None, None, None)
        cue_span = None
        if cue is not None:
            used_cues.add(cue.i)
            cue_span = self._cue_span(doc, cue)
            prefer = [doc.char_span(prev[0].speaker_start_char, prev[0].speaker_end_char)] if prev and prev[0].speaker_start_char is not None else None
            prefer = [p for p in (prefer or []) if p is not None]
            speaker = self._speaker(doc, self._subject(cue), prefer)
            if speaker[3] is not None and any(speaker[3] <= a and b <= speaker[4] for a, b in frags):
                return None  # 'many offered "furry" versions, ...': quote marks in the subject are no one's words
        elif (byline := _BYLINE.match(text, frags[-1][1])) is not None:
            # '"...." \u2015 Pamela Padilla': a dash and a name after the quote, at the end of the line
            span = doc.char_span(byline.start(1), byline.end(1), alignment_mode="expand")
            if span is not None:
                target = coref.resolve(doc, span)
                if target is not None:
                    speaker = (coref.resolved_name(doc, target), target.start_char, target.end_char,
                               span.start_char, span.end_char)
                else:
                    speaker = (clean_name(span.text), span.start_char, span.end_char, span.start_char, span.end_char)
        elif colon_intro:
            # 'The coach, Peter Vance, was blunt: "..."': the subject of the clause before the colon
            root = first_sent.root
            if root.i > toks[0]:  # the parser made the quote the root: 'Lavrov was clear: "..."' hangs "was" on it
                root = next((t for t in doc[first_sent.start:toks[0]] if not in_quote[t.i] and t.head.i >= toks[0]
                             and any(c.dep_ in _SUBJ and c.i < t.i for c in t.children)), root)
            subj = next((c for c in root.children if c.dep_ in _SUBJ and c.i < toks[0]), None)
            if subj is not None:
                speaker = self._speaker(doc, subj, None)
        else:
            # the named subject of the sentence just before, in the quote's paragraph ('McGurk also
            # criticized the decision. "..."'); else the speaker of a quote in this or the last paragraph
            near = prev is not None and line_of_char[unit[0].start] - prev[1] <= 1 and prev[0].speaker
            speaker = self._context_speaker(doc, first_sent) if not (near and line_of_char[unit[0].start] == prev[1]) \
                else (None,) * 5
            if speaker[0] is None and near:
                p = prev[0]
                speaker = (p.speaker, p.speaker_start_char, p.speaker_end_char, p.source_start_char, p.source_end_char)
        return Quote(
            start_char=start, end_char=end, text=text[start:end], kind=kind,
            cue=cue_span.text if cue_span is not None else None,
            cue_start_char=cue_span.start_char if cue_span is not None else None,
            cue_end_char=cue_span.end_char if cue_span is not None else None,
            speaker=speaker[0], speaker_start_char=speaker[1], speaker_end_char=speaker[2],
            fragments=tuple(frags) if kind != "mixed" else tuple(content_frags or ((start, end),)),
            source_start_char=speaker[3], source_end_char=speaker[4],
        )

    def _sentence_lead(self, doc: Doc, text: str, cue: Token, first: int, in_quote) -> tuple[int, int] | None:
        """First and last token of the words that open the quote's clause before its attribution, when the
        quote, starting in lower case right after the attribution, finishes that clause ('which is
        an outcome, he said, "we've long anticipated."'); None otherwise."""
        mark = doc[first]
        word = next((t for t in doc[first:first + 3] if t.is_alpha), None)
        if word is None or not word.text[0].islower() or mark.sent != cue.sent:
            return None
        between = [t for t in doc[cue.i + 1:first] if not t.is_space]
        subtree = {t.i for t in cue.subtree}
        if not between or between[-1].text not in ",:" or any(t.i not in subtree or in_quote[t.i] for t in between):
            return None  # the attribution ("he said," / "told reporters,") must lead straight into the quote
        subj = self._subject(cue)
        if subj is None or subj.i > cue.i or subj.sent != cue.sent:
            return None
        lead = [t for t in doc[cue.sent.start:min(subj.left_edge.i, cue.i)] if not t.is_space]
        if len(lead) < 2 or lead[-1].text != "," or any(in_quote[t.i] for t in lead):
            return None
        commas = [k for k, t in enumerate(lead[:-1]) if t.text in ",;"]
        lead = lead[commas[-1] + 1:-1] if commas else lead[:-1]  # the clause the attribution interrupts
        if not any(t.pos_ in ("VERB", "AUX") for t in lead):
            return None  # 'On Monday, the mayor said, "if ..."': a phrase of the attribution, not a clause
        if not any(t.dep_ in _SUBJ or t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in lead):
            return None  # 'Writing for the Court, Kagan declared, "not every ..."': a participle phrase of the attribution
        return lead[0].i, lead[-1].i

    def _introduced_after_circumstances(self, doc: Doc, cue: Token, first: int, in_quote) -> bool:
        """The quote, a sentence of its own, follows the cue after a comma or colon, and what lies
        between is only the circumstances of the saying: who was told, where, when, how ('told
        the press in a separate interview, "People ..."'), whatever the parser hangs the quote on."""
        word = next((t for t in doc[first:first + 3] if t.is_alpha), None)
        if word is None or not word.text[0].isupper() or cue.i >= first or doc[first].sent != cue.sent:
            return False
        between = [t for t in doc[cue.i + 1:first] if not t.is_space]
        if len(between) < 2 or between[-1].text not in ",:" or len(between) > 15:
            return False
        allowed = ("prep", "npadvmod", "advmod", "agent", "prt") + (("dobj", "dative") if cue.lemma_ in _ADDRESSEE_VERBS else ("dative",))
        inside = {t.i for c in cue.children if c.dep_ in allowed and c.i > cue.i for t in c.subtree}
        return all(t.i in inside and not in_quote[t.i] and t.pos_ not in ("VERB", "AUX") or t.is_punct and t is between[-1]
                   for t in between)

    def _colon_complement(self, doc: Doc, cue: Token, first: int, in_quote) -> int | None:
        """First token of the cue's complement between the cue and a colon that opens the quote
        ('adds that Muslims have two choices: "..."', 'delivered a retort: "..."'); None for a
        bare 'said: "..."'."""
        k = first - 1
        while k > cue.i and (doc[k].is_space or doc[k].is_punct and doc[k].text != ":"):
            k -= 1
        if k <= cue.i or doc[k].text != ":":
            return None
        end = cue.i + 1
        while end < k and doc[end].dep_ == "prt":
            end += 1
        between = [i for i in range(end, k) if not (doc[i].is_punct or doc[i].is_space)]
        addressee = next((c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i), None) \
            if cue.lemma_ in _ADDRESSEE_VERBS else None
        if addressee is not None:  # 'told [reporters] the drugs were only part of it: "..."': who was told
            between = [i for i in between if not addressee.left_edge.i <= i <= addressee.right_edge.i]
        if not between or any(in_quote[i] for i in between) or len(between) > 40:
            return None
        sub = {t.i for t in cue.subtree}
        subj = self._subject(cue)
        if subj is not None:
            sub -= {t.i for t in subj.subtree}
        if not all(i in sub for i in between) or doc[between[0]].dep_ in ("advmod", "npadvmod", "prep", "agent"):
            return None  # 'said on Monday:' / 'said in a statement:': circumstances, not content
        return between[0]

    @staticmethod
    def _content_siblings(cue: Token, child: Token | None) -> list[Token]:
        """Complements of the cue between it and the child holding the quote, which belong to
        the same report: 'said A, but "B"' (B parsed as a conjunct of the cue), 'said that X,
        which some argued, was an "insult"' and 'called a report suggesting X "outrageous"'
        (the clause split over two complements by the parser). The addressee of "told" is
        not content."""
        if child is None or child.i < cue.i:
            return []
        if child.dep_ == "conj" and not any(c.dep_ in _SUBJ or c.dep_ == "expl" for c in child.children):
            return []  # (a clause of its own: a subject, or "there" in 'and there was "no evidence"')
        deps = ("ccomp",) if child.dep_ == "conj" else ("ccomp", "dobj", "nsubj", "nsubjpass", "attr")
        return [c for c in cue.children if c.dep_ in deps and cue.i < c.i < child.i
                and not (c.dep_ == "dobj" and cue.lemma_ in _ADDRESSEE_VERBS)]

    def _quote_is_complement(self, cue: Token, frag_tokset: set[int], in_quote) -> bool:
        """The cue's complement after it is all inside the quote marks."""
        child = self._content_child(cue, frag_tokset)
        if child is None or child.i < cue.i:
            return False
        return all(in_quote[t.i] or t.is_punct or t.is_space for t in child.subtree)

    def _names_object(self, cue: Token | None, frag_tokset: set[int], in_quote) -> bool:
        """'called him "a liar"': the quote describes the cue's object, which is part of the
        content even when it is a single word."""
        if cue is None:
            return False
        child = self._content_child(cue, frag_tokset)
        if child is not None and child.dep_ == "dobj" and cue.lemma_ in _NAMING_VERBS:
            # 'calls Obamacare "crazy system"': the parser folds the object into the quoted noun phrase
            first = min(frag_tokset)
            return any(t.i < first and not in_quote[t.i] and t.pos_ in ("PROPN", "NOUN", "PRON") for t in child.subtree)
        if child is None or child.dep_ in ("ccomp", "dobj"):
            return False
        return any(_named_object(cue, c, child) and not in_quote[c.i] for c in cue.children)

    def _as_description(self, doc, toks, in_quote, used_cues) -> Quote | None:
        """`pounding Trump as a "con artist"`, `admires Putin as a "strong leader"`: a quoted
        description of a verb's object is the subject's characterisation of it; the content is
        the object and its description, the speaker the verb's subject."""
        first = next((doc[i] for i in toks if not doc[i].is_punct and not doc[i].is_space), None)
        if first is None:
            return None
        h, prep = first, None
        for _ in range(4):
            if h.dep_ == "pobj" and h.head.lower_ == "as" and h.head.dep_ == "prep":
                prep = h.head
                break
            if h.head.i == h.i or not in_quote[h.head.i] and h.head.dep_ != "pobj":
                break
            h = h.head
        if prep is None:
            return None
        head = prep.head
        if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "dobj" and head.head.pos_ == "VERB":
            obj, verb = head, head.head
        elif head.pos_ == "VERB":
            obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < prep.i), None)
            if obj is None:  # "went after Trump as a ...", "referred to him as ...": a phrasal verb's object
                obj = next((g for c in head.children if c.dep_ == "prep" and head.i < c.i < prep.i
                            for g in c.children if g.dep_ == "pobj"), None)  # not "In recent weeks, ..."
            verb = head
        else:
            return None
        if obj is None or in_quote[obj.i] or verb.i in used_cues or obj.left_edge.i < verb.i:
            return None
        # '... as a "leech" and a "brat"': every quoted description
        last = max([*toks, *(t.i for t in prep.subtree if in_quote[t.i])])
        while last > prep.i and (doc[last].is_space or doc[last].is_punct and not in_quote[last]):
            last -= 1
        span = doc[obj.left_edge.i:last + 1]
        subj = self._subject(verb)
        if subj is None:
            return None
        name = self._speaker(doc, subj, None)
        cue_span = self._cue_span(doc, verb)
        return Quote(start_char=span.start_char, end_char=span.end_char, text=span.text, kind="mixed",
                     cue=cue_span.text, cue_start_char=cue_span.start_char, cue_end_char=cue_span.end_char,
                     speaker=name[0], speaker_start_char=name[1], speaker_end_char=name[2],
                     fragments=((span.start_char, span.end_char),),
                     source_start_char=name[3], source_end_char=name[4])

    @staticmethod
    def _named_later(doc: Doc, label: str) -> Span | None:
        """The PERSON named with the label's last word ("Lavrov" -> "Sergei Lavrov"), or with its
        initials ("NG" -> "Natasha Gownaris"): a headline or a transcript label comes before the
        full name."""
        key = clean_name(label).casefold().split()[-1:]
        named = [e for e in doc.ents if e.label_ == "PERSON" and key and clean_name(e.text).casefold().split()[-1:] == key]
        if named:  # the fullest of them: a headline's "Dr Seager" before the text's "Dr Sara Seager"
            return max(named, key=lambda e: len(clean_name(e.text).split()))
        if re.fullmatch(r"[A-Z]{2,3}", label):  # initials: "NG:" is Natasha Gownaris
            for e in doc.ents:
                words = clean_name(e.text).split()
                if e.label_ == "PERSON" and len(words) == len(label) and "".join(w[0] for w in words).upper() == label:
                    return e
        return None

    def _named_outside(self, doc: Doc, label: Span) -> Span | None:
        """`_named_later` for a headline label, when the person is named outside the label
        itself (the parser may take a heading such as "Limited Tools" for a name)."""
        named = self._named_later(doc, label.text)
        return named if named is not None and not label.start <= named.start < label.end else None

    def _turn_quote(self, doc, text, unit) -> Quote | None:
        """A transcript turn: the label names the speaker ("PENCE" -> "Mike Pence")."""
        la, lb = unit[0].label
        label = text[la:lb]
        named = self._named_later(doc, label)
        paren = text.startswith("))", lb)  # "((Wayne Tseng)) ...", else "TSENG: ..."
        marker = "))" if paren else ":"
        repeated = text.count(f"(({label}))" if paren else label + ":") >= 2
        if named is None and not (repeated and (not paren or " " in label)):
            return None  # "((WN))": the interviewer's initials, no one named
        name = coref.resolved_name(doc, named) if named is not None else label.title()
        frags = tuple((sp.start, sp.end) for sp in unit)
        start, end = frags[0][0], frags[-1][1]
        return Quote(start_char=start, end_char=end, text=text[start:end], kind="direct",
                     cue=marker, cue_start_char=lb, cue_end_char=lb + len(marker),
                     speaker=name, speaker_start_char=la, speaker_end_char=lb,
                     fragments=frags, source_start_char=la, source_end_char=lb)

    @staticmethod
    def _enclosing_phrase(doc, toks, in_quote) -> tuple[int, int] | None:
        """(start, end) chars of the phrase that quoted words head when its head is quoted but the
        phrase runs on outside the marks (a "..." of Hispanic people); None if not one such head."""
        inside = set(toks)
        roots = [doc[i] for i in toks if doc[i].head.i not in inside or doc[i].head.i == i]
        roots = [t for t in roots if not (t.is_punct or t.is_space)]
        if len(roots) != 1:
            return None
        sub = [t for t in roots[0].subtree if not t.is_space]
        while sub and sub[-1].is_punct and not in_quote[sub[-1].i]:
            sub.pop()
        while sub and sub[0].is_punct and not in_quote[sub[0].i]:
            sub.pop(0)
        if not sub or sub[0].sent.start != sub[-1].sent.start or all(t.i in inside or t.is_punct for t in sub):
            return None
        return sub[0].idx, sub[-1].idx + len(sub[-1].text)

    @staticmethod
    def _has_verb(doc, toks) -> bool:
        return any(doc[i].pos_ in ("VERB", "AUX") for i in toks)

    def _context_speaker(self, doc, sent):
        """A cue-less quote: the named subject of the sentence just before it in the same paragraph."""
        if sent.start == 0:
            return (None, None, None, None, None)
        prev_sent = doc[sent.start - 1].sent
        if "\n" in doc[sent.start - 1].whitespace_ or any(t.is_space and "\n" in t.text for t in doc[prev_sent.start:prev_sent.end]):
            return (None, None, None, None, None)
        for t in prev_sent:
            if t.dep_ in _SUBJ and t.head.dep_ == "ROOT":
                name = self._speaker(doc, t, None)
                if name[0] and coref.resolve(doc, doc[t.left_edge.i:t.i + 1]) is not None:
                    return name
        return (None, None, None, None, None)

    def _pick_cue(self, doc, cand, frag_tokset, frags) -> Token | None:
        if not cand:
            return None
        # 'The spokesperson added, they "would not consider it"; Interpol didn't disclose ...': a
        # cue beyond a semicolon from the quote is another clause's, when a nearer one is there
        near = [i for i in cand if ";" not in (doc.text[frags[-1][1]:doc[i].idx] if doc[i].idx >= frags[-1][1]
                                               else doc.text[doc[i].idx:frags[0][0]])]
        cand = near or cand
        # '...decision: "A," he said, "B."': the attribution that interrupts the quote is its own,
        # whatever verb the parser hangs the quote on (here "indicated", before the colon)
        inside = [i for i in cand if _in_gap(doc[i], frags) and self._subject(doc[i]) is not None]
        if len(inside) == 1:
            return doc[inside[0]]
        best, best_key = None, None
        for i in cand:
            tok = doc[i]
            subjects = [c for c in tok.children if c.dep_ in _SUBJ]
            quoted = [c for c in subjects if c.i < tok.i and _phrase_has(
                c, lambda t: t.i in frag_tokset and not t.is_punct and t.i < tok.i)]
            if quoted and all(c in quoted or any(t.i in frag_tokset for t in c.subtree) for c in subjects):
                # the quote is in the cue's subject: 'the "reform" was discussed'; but where the
                # parser also gives the cue a subject outside the quote, that one speaks ('"A.
                # B," said Leslie Wimes, a South Florida-based president of ...')
                continue
            sub = {t.i for t in tok.subtree}
            governs = any(i in sub for i in frag_tokset)
            if not governs and tok.i > max(frag_tokset) and tok.dep_ == "conj" and self._in_quote is not None \
                    and any(c.dep_ == "ccomp" and not self._in_quote[c.i] for c in tok.children):
                continue  # 'exhorted Republicans to "vote your conscience" and said he was ...': it reports its own clause
            governs_first = min(frag_tokset) + 1 in sub or min(frag_tokset) in sub
            subj = self._subject(tok) is not None
            c = tok.idx
            dist = min(abs(c - a) if c < a else abs(c - b) for a, b in frags)
            depth = 0
            h = tok
            while h.head.i != h.i and depth < 50:
                h, depth = h.head, depth + 1
            key = (not governs_first, not governs, -depth if governs_first else 0, not subj, dist)
            if best_key is None or key < best_key:
                best, best_key = tok, key
        return best

    def _parenthetical(self, cue: Token) -> bool:
        """A cue set off by commas inside or after the clause it reports ("Acts of protest, Mr.
        Obama said, are ...", "The deal is dead, she said"), with no complement of its own."""
        head = cue.head
        if cue.dep_ not in ("parataxis", "advcl", "ccomp") or head.i == cue.i or any(
                c.dep_ in ("ccomp", "xcomp") or c.dep_ == "dobj" and cue.lemma_ not in _ADDRESSEE_VERBS
                for c in cue.children):  # ", he told me,": the object is who was told
            return False
        if head.pos_ in ("VERB", "AUX"):
            return cue.i > head.i and self._after_comma(cue) or self._comma_enclosed(cue) or _fronted_as_clause(cue) \
                or cue.lemma_ in self.verbs and head.lemma_ not in self.verbs and _opening_report(cue)
        # "The difference now, he told me, is that ...": hung on the subject before it
        return cue.dep_ == "parataxis" and head.dep_ in _SUBJ and self._comma_enclosed(cue)

    def _misread_parenthetical(self, cue: Token) -> tuple[Token, int, int] | None:
        """`_comma_attribution` for a cue the parse did not already make a parenthetical."""
        return None if cue.pos_ != "VERB" or self._parenthetical(cue) else _comma_attribution(cue)

    def _reports_clause(self, speech: Token, cue: Token) -> bool:
        """`speech` is a parenthetical speech verb ("X said,") whose host clause holds `cue`."""
        return self._parenthetical(speech) and (cue == speech.head or speech.head in cue.ancestors)

    def _outer_cue(self, cue: Token, cues: dict[int, str], used_cues: set[int]) -> Token:
        """Climb to the outermost speech verb whose complement holds this cue ("says ... she knows that \"...\"")."""
        tok, best = cue, cue
        # a verb that is a cue only next to quote marks ("accused the moderators of asking too many
        # \"please attack Ted\" questions") gives way to the speech verb it is part of
        broad = cues.get(cue.i) == "QUOTE_CUE_VERB"
        participle = None  # 'stated X, saying he anticipated "Y"': the climb stops at ", saying"
        for _ in range(8):
            if tok.dep_ in ("ROOT",) or tok.head.i == tok.i:
                break
            via = tok.dep_
            tok = tok.head
            if self._in_quote[tok.i] and not self._in_quote[cue.i]:
                break  # a verb in quoted words reports nothing outside them ('"... Trump said, \'...\'" X told reporters')
            if any(cue.doc[k].text == ";" and not self._in_quote[k] for k in range(min(cue.i, tok.i), max(cue.i, tok.i))):
                break  # 'X said it was "serious"; TVN24 reported he ...': no report reaches past a semicolon
            if via in ("ccomp", "xcomp", "conj", "advcl", "relcl", "pobj", "pcomp", "prep", "dobj", "acl") and \
                    cues.get(tok.i) == "CUE_VERB" and tok.i not in used_cues and \
                    (via in ("ccomp", "xcomp") or broad and best is cue and via in ("prep", "pcomp")):
                if participle is not None:
                    if not any(c.dep_ in _SUBJ for c in participle.children):
                        self._shared_subject[participle.i] = tok.i  # spoken by the outer report's speaker
                    break
                best = tok
                if tok.dep_ == "advcl" and tok.tag_ == "VBG" and cue_class(tok.lemma_) == "speech":
                    participle = tok
            elif broad and best is cue and via == "xcomp" and cues.get(tok.i) == "QUOTE_CUE_VERB" and \
                    tok.i not in used_cues and "xcomp" in self.frames.get((cue_lemma(tok.lemma_, tok.lower_), "VERB"), ()) \
                    and any(c.dep_ == "dobj" or c.dep_ == "prt" and any(g.dep_ == "pobj" for g in c.children)
                            for c in tok.children if c.i < cue.i):
                best = tok  # 'called on police to release the videos "as a matter of ..."' (with an addressee)
            elif via in ("ccomp",) and cues.get(tok.i) != "CUE_VERB":
                continue
        if best is not cue and (cue.dep_ == "advcl" and cue.tag_ == "VBG" and cues.get(cue.i) == "CUE_VERB"
                                or cue.dep_ == "conj" and cue.pos_ == "VERB" and cue.i > cue.head.i):
            # 'would try to curb critics, vowing to "open up" libel laws', 'saying he has been a
            # pioneer and calling him "a feminist"': the quote's own verb is a report of its own,
            # by the outer report's speaker unless it has a subject of its own
            if not any(c.dep_ in _SUBJ for c in cue.children):
                self._shared_subject[cue.i] = best.i
            return cue
        return best

    def _clause_end(self, doc: Doc, hi: int, cues: dict[int, str], in_quote, cue: Token,
                    used_cues: frozenset[int] | set[int] = frozenset()) -> int:
        """The last token of a reported clause that ends at `hi` in the parse: the content of a cue
        runs on to the end of its sentence ("said X was \"unfit\" for the job, at least for now"),
        but stops at a semicolon, before another attribution ("..., adding that ...", "and Smith
        said ..."), before the clause that hosts the cue's own ("When Trump tweeted that X,
        [Twitter placed ...]", "The measure, addressing X, [would apply ...]") and drops the
        closing punctuation."""
        sent = doc[hi].sent
        clause = any(c.dep_ == "ccomp" and c.i > cue.i and c.i <= hi for c in cue.children)
        host = _host_after(cue)
        hosts = {host.i} if host is not None else set()
        end = hi
        k = hi + 1
        while k < sent.end:
            t = doc[k]
            if t.i in hosts or t.head.i in hosts and t.dep_ in _HOST_CLAUSE and t.i > cue.i:
                end = max(hi, min(end, t.left_edge.i - 1))
                break
            if t.text == ";" and not in_quote[t.i] and not _series_goes_on(doc, cue, t):
                break  # "spoke about her ties to black churches; she called into a radio show; ..."
            if t.dep_ == "advcl" and t.head == cue and t.i > hi and not in_quote[t.i] \
                    and any(c.dep_ == "mark" and c.lower_ in _CONTRAST for c in t.children) \
                    and any(c.dep_ in _SUBJ for c in t.children):
                # "said little about the issues, though she noted ...": the cue's own contrast
                end = max(hi, min(end, t.left_edge.i - 1))
                break
            if not clause and t.dep_ == "conj" and t.head == cue and t.pos_ in ("VERB", "AUX") and not in_quote[t.i] \
                    and t.tag_ != "VBG" and not any(c.tag_ in ("WRB", "WP", "WDT") or c.dep_ == "mark" for c in t.children) \
                    and (any(c.dep_ in _SUBJ and c.i < t.i for c in t.children)
                         or any(doc[j].lower_ == "but" for j in range(hi + 1, t.i))
                         and not any(doc[j].dep_ == "relcl" for j in range(cue.i + 1, hi + 1))):
                # "claimed credit for the attack, but militias had made threats", "signaled willingness
                # to change it but has been met with opposition": after a thing or an intention, a
                # clause coordinated with the cue is the writer's. (After a reported clause it may be
                # more of the report: 'says it would depress revenue, but would eventually add ...'.)
                j = t.left_edge.i
                while j - 1 > hi and doc[j - 1].dep_ in ("cc", "punct", "advmod"):
                    j -= 1  # ", but also"
                end = max(hi, min(end, j - 1))
                break
            if t.i in used_cues and not in_quote[t.i]:
                # 'joked that A, but went on to say, "B"': the verb that opens another quote ends this one
                top = t
                while top.head.i > hi and top.head.i != top.i:
                    top = top.head
                end = max(hi, min(end, top.left_edge.i - 1))
                break
            if t.text == "," and k + 1 < sent.end and doc[k + 1].tag_ == "VBG" \
                    and (doc[k + 1].head == cue or doc[k + 1].head in cue.ancestors):
                break  # "was forceful in blaming Iran for the attack, committing to send troops" (the cue's clause)
            if not in_quote[t.i] and (cues.get(t.i) in ("CUE_VERB", "ACCORDING") and _starts_report(t)
                                      or _quoted_report(t, cues, in_quote)
                                      or t.i in cues and t.dep_ == "conj" and self._framed_report(t)):
                # back off over the new attribution's clause opening ("and", "she", ", adding")
                j = min(t.left_edge.i, k)
                end = max(hi, min(end, j - 1))
                break
            if not (t.is_punct or t.is_space) or in_quote[t.i]:
                end = k
            k += 1
        # drop what dangles before the next attribution: "and", ",", "before [explaining ...]"
        while end > hi and (doc[end].is_space or doc[end].dep_ in ("cc", "punct", "prep", "mark") and not in_quote[end]
                            and not _closes_bracket(doc, cue.i, end)):
            end -= 1
        return end

    def _content_child(self, cue: Token, frag_tokset: set[int]) -> Token | None:
        """The child of the cue whose subtree holds the quote (its complement), not its subject."""
        if cue.lower_ == "according":
            return None
        for c in cue.children:
            if c.dep_ in _SUBJ or c.dep_ == "punct":
                continue
            if any(t.i in frag_tokset for t in c.subtree):
                return c
        return None

    def _outside_content(self, doc, sents, frag_tokset, cue, in_quote) -> int:
        """Words in the unit's sentences outside the quote marks that are not the attribution."""
        attribution: set[int] = set()
        if cue is not None and cue.lower_ == "according":
            attribution = _according_phrase(cue)  # its source's subtree may hold the whole clause
        elif cue is not None:
            subj = self._subject(cue)
            if subj is not None:
                k = subj.i
                while k - 1 >= 0 and _np_token(doc[k - 1]) and not in_quote[k - 1]:
                    k -= 1
                attribution.update(range(k, subj.i + 1))
                attribution.update(t.i for t in subj.subtree if not in_quote[t.i])
            keep = self._content_child(cue, frag_tokset)
            attribution.update(t.i for t in cue.subtree)
            if keep is not None:
                for t in keep.subtree:
                    attribution.discard(t.i)
                if keep.dep_ not in ("ccomp", "dobj"):  # "called [Trump] \"unhinged\"": the object is content
                    for c in cue.children:
                        if _named_object(cue, c, keep):
                            for t in c.subtree:
                                attribution.discard(t.i)
                for c in self._content_siblings(cue, keep):
                    for t in c.subtree:
                        attribution.discard(t.i)
            # the cue's own clause head chain ("he said, calling on ...") counts as attribution
            for c in cue.children:
                if c.dep_ in ("advcl", "conj", "cc", "prep", "npadvmod", "advmod") and not any(t.i in frag_tokset for t in c.subtree):
                    for t in c.subtree:
                        attribution.add(t.i)
            # '"You winning?" she said, but Kevin was drifting off': a clause of its own after the
            # attribution, though the parser coordinates it with the quoted verb
            for t in doc[cue.i + 1:max(s.end for s in sents)]:
                if t.dep_ == "conj" and t.head.i in frag_tokset and not in_quote[t.i] \
                        and any(c.dep_ in _SUBJ for c in t.children):
                    attribution.update(k.i for k in t.subtree)
                    attribution.update(c.i for c in t.head.children if c.dep_ == "cc" and cue.i < c.i < t.i)
        n = 0
        for s in sents:
            for t in s:
                if t.i in frag_tokset or t.i in attribution or in_quote[t.i] or t.is_punct or t.is_space:
                    continue
                if cue is None and t.dep_ in ("cc",) :
                    continue
                n += 1
        return n

    @staticmethod
    def _clause_before_quote(doc: Doc, cue: Token, first: int, cues: dict[int, str], in_quote) -> int | None:
        """The first token of the cue's clausal complement when it ends before the quoted words
        `first` and only unquoted words of no other report lie between, in one sentence."""
        comp = next((c for c in cue.children if c.dep_ == "ccomp" and cue.i < c.i and c.right_edge.i < first), None)
        if comp is None or doc[first].sent != cue.sent or first - comp.right_edge.i > 12:
            return None
        if any(in_quote[k] or k in cues or doc[k].text in (";", ":") for k in range(comp.right_edge.i + 1, first)):
            return None
        return comp.left_edge.i

    def _parenthetical_content(self, cue: Token, frag_tokset: set[int]) -> list[tuple[int, int]]:
        """Runs of tokens (first, last) of the clause that a parenthetical cue interrupts or
        closes ("The reality is, he added, \"...\"", "PRE \"...\" POST, she said"), without the
        attribution; [] when the cue governs the quote itself or is no parenthetical."""
        if cue.lower_ == "according":  # "According to X, PRE \"...\" POST"
            skip = _according_phrase(cue)
            inside = [i for i in range(cue.sent.start, cue.sent.end) if i not in skip]
            return _runs(cue.doc, inside) if any(i in frag_tokset for i in inside) else []
        if not self._parenthetical(cue):
            return []
        skip = {t.i for t in cue.subtree}
        # the whole sentence, not the head's subtree: "The reality is, he added, \"...\"" hangs
        # the cue on the quoted clause, but "The reality is" belongs to the content
        inside = [i for i in range(cue.sent.start, cue.sent.end) if i not in skip]
        if not any(i in frag_tokset for i in inside):
            return []
        return _runs(cue.doc, inside)

    @staticmethod
    def _coordinated_report(content: Token, cues: dict[int, str]) -> bool:
        """'Six in ten said A, and a third said B': the parser may make the second report a
        complement of the first cue; it is a report of its own (its cue has a subject and
        follows "and"/"but")."""
        if cues.get(content.i) != "CUE_VERB" or not any(c.dep_ in _SUBJ for c in content.children):
            return False
        k = content.left_edge.i - 1
        doc = content.doc
        while k >= 0 and doc[k].is_punct:
            k -= 1
        return k >= 0 and doc[k].pos_ == "CCONJ"

    def _cut_at_new_report(self, doc: Doc, sub: list[int], cue: Token, cues: dict[int, str], in_quote) -> list[int]:
        """The content tokens up to a second, coordinated attribution inside them: 'said A, and
        says B' / 'acknowledging A but warning that B' / '"A," suggesting that B'. The parser
        hangs the second speech verb (conj/advcl) inside the first one's complement, but it
        reports content of its own, so the first content stops before it."""
        if not sub:
            return sub
        shared_subject = self._shared_subject
        inside = set(sub)
        for k in sorted(sub):
            t = doc[k]
            quoted = _quoted_report(t, cues, in_quote)
            if k <= cue.i or k == sub[0] or (cues.get(k) != "CUE_VERB" and not quoted) or in_quote[k]:
                continue
            if t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.dep_ == "prep" and any(c.dep_ == "ccomp" for c in t.children):
                # 'refuses to discuss appointees, aside from saying he wants X': the gerund's report
                # is its own, spoken by the same subject
                opener = t.head.head if t.head.head.dep_ == "advmod" and t.head.head.i < t.head.i else t.head
                first = min(x.i for x in opener.subtree)
                if opener.i in inside and first > cue.i and doc[first - 1].text == ",":
                    shared_subject[k] = cue.i
                    kept = [i for i in sub if i < first - 1]
                    return kept
            if t.dep_ not in ("conj", "advcl") or t.head.i not in inside:
                continue
            first = min(x.i for x in t.subtree)
            j = first - 1
            while j > 0 and in_quote[j] and doc[j].is_punct and doc[j].text[0] in _QUOTE_CHARS:
                j -= 1  # '"A," suggesting': look past the closing mark
            prev = doc[j] if j >= 0 else None
            if not (doc[first].pos_ == "CCONJ" or prev is not None and (prev.pos_ == "CCONJ" or prev.text in ",;\u2014")):
                continue
            if t.dep_ == "conj" and not (_own_report(t) or quoted or self._framed_report(t)):
                continue
            if t.dep_ == "advcl" and t.head != cue and t.i < t.head.i \
                    and any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in t.children):
                continue  # 'say that, even if they thought it was appropriate, a recount could not be done'
            if t.dep_ == "conj" and t.head != cue and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children):
                continue  # 'said that A but that B should have informed X': a second clause of one report
            if t.dep_ == "conj" and t.lemma_ in _COGNITION and t.lemma_ != cue.lemma_:
                continue  # 'said she was elated but still feared X': one report of her state of mind
            if t.dep_ == "conj" and _continues_reported_verb(t, cue):
                continue
            if t.dep_ == "conj" and _wh_clause(t) and not any(c.dep_ == "ccomp" for c in t.children):
                continue  # 'explain why A or why B was mentioned': two questions of one report
            if not any(c.dep_ in _SUBJ for c in t.children):
                shared_subject[k] = cue.i  # 'He says A and says B': B's speaker is the first cue's
            kept = [i for i in sub if i < first]
            while kept and (doc[kept[-1]].is_punct or doc[kept[-1]].is_space or doc[kept[-1]].pos_ == "CCONJ") \
                    and not in_quote[kept[-1]]:
                kept.pop()
            return kept
        return sub

    def _framed_report(self, t: Token) -> bool:
        """A coordinated cue verb with content of a learnt frame ('said A and warned against B',
        'and called for B'): PolNeAR and readers take B as a report of its own."""
        frames = self.frames.get((cue_lemma(t.lemma_, t.lower_), t.pos_))
        return bool(frames) and any(f in frames and hi >= lo for f, lo, hi in cue_frames(t))

    @staticmethod
    def _after_comma(cue: Token) -> bool:
        """The cue's clause follows a comma or a closing quote mark ("..., the mayor said")."""
        words = [t.i for t in cue.subtree if not (t.is_punct or t.is_space)]
        k = words[0] - 1
        return k >= cue.sent.start and (cue.doc[k].text == "," or cue.doc[k].text[0] in "\"'\u201d\u2019")

    @staticmethod
    def _comma_enclosed(cue: Token) -> bool:
        """The cue's clause stands between commas (", he said,"): a parenthetical attribution."""
        doc = cue.doc
        words = [i for i in _own_words(cue) if not (doc[i].is_punct or doc[i].is_space)]
        lo, hi = words[0], words[-1]
        return lo > cue.sent.start and doc[lo - 1].text == "," and hi + 1 < cue.sent.end and doc[hi + 1].text == ","

    @staticmethod
    def _cue_span(doc: Doc, cue: Token) -> Span:
        end = cue.i + 1
        if cue.lower_ == "according" and end < len(doc) and doc[end].lower_ == "to":
            return doc[cue.i:end + 1]
        for c in cue.children:
            if c.dep_ == "prt" and c.i == end:
                end += 1
        return doc[cue.i:end]

    # -- indirect --------------------------------------------------------------
    def _indirect(self, doc, cues, covered, used_cues, in_quote) -> list[Quote]:
        quoting_cues = frozenset(used_cues)  # the cues of quotes in quote marks
        found: list[tuple[Token, list[int] | None, bool]] = []  # (cue, content tokens, runs to sentence end)
        contents: dict[int, dict[int, Token]] = {}  # cue -> its content heads
        for match_id, tokens in self.dep_matcher(doc):
            cue, content = doc[tokens[0]], doc[tokens[1]]
            if self._coordinated_report(content, cues) or _before_colon(content, cue):
                continue
            contents.setdefault(cue.i, {})[content.i] = content
        for i, heads in contents.items():
            cue, heads = doc[i], sorted(heads.values(), key=lambda t: t.i)
            heads = [c for c in heads if not _misread_ccomp(cue, c)]
            after = [c for c in heads if c.dep_ == "ccomp" and c.left_edge.i > i]
            if len(after) > 1 and not any(c.i in cues for c in after) \
                    and not any(doc[k].text in ".?!" for k in range(after[0].i, after[-1].left_edge.i)):
                # "told X it is clear that hacking of the DNC, the DCCC ... can be traced": a comma
                # misread as a clause boundary gives one cue two complements; both are what was said
                # (each alone stays a candidate, tried after the longer whole)
                found.append((cue, list(range(after[0].left_edge.i, after[-1].right_edge.i + 1)), True))
            split = _clause_read_as_object(cue)
            for content in heads:
                sub = [t.i for t in content.subtree]
                if cue.dep_ == "relcl" and content.dep_ == "ccomp" and cue.head.pos_ in ("NOUN", "PROPN") \
                        and cue.head.i < cue.i and not any(c.dep_ in _SUBJ or c.dep_ == "expl" for c in content.children):
                    # "the 38 countries [they said] were involved": the clause's subject is what the
                    # relative clause hangs on
                    sub = list(range(cue.head.left_edge.i, cue.head.i + 1)) + sub
                if split is not None and content == split[1]:  # "maintained [an inquiry] [is what ...]"
                    sub = list(range(split[0].left_edge.i, content.left_edge.i)) + sub
                # ("said the senator, who says X, will vote" is one report; 'said he may declare an
                # emergency, which he said would allow him to act' is two)
                cut = _before_inner_report(doc, cue, sub, cues, in_quote, after=content.i if content.dep_ == "ccomp" else -1)
                if cut:
                    found.append((cue, cut, len(cut) == len(sub)))
        for i, label in cues.items():
            if label == "CUE_VERB" and i not in contents and (split := _clause_read_as_object(doc[i])) is not None \
                    and split[1].dep_ == "conj":
                found.append((doc[i], list(range(split[0].left_edge.i, split[1].right_edge.i + 1)), True))
        # learnt cue frames: "called for [X]", "cited [X]", "the poll shows [that X]", ...
        for match_id, s, e in self.frame_matcher(doc):
            tok = doc[s]
            if in_quote[s]:
                continue
            frames = self.frames.get((cue_lemma(tok.lemma_, tok.lower_), tok.pos_))
            if not frames or _reports_nothing(tok):
                continue
            source = has_source_subject(tok)
            for frame, lo, hi in cue_frames(tok):
                if frame == "ccomp" and any(c.dep_ == "ccomp" and c.left_edge.i == lo and
                                            (self._coordinated_report(c, cues) or _before_colon(c, tok)
                                             or _misread_ccomp(tok, c))
                                            for c in tok.children):
                    continue
                if frame == "dobj" and hi < tok.i and any(in_quote[k] for k in range(lo, hi + 1)):
                    continue  # 'The "reform" was discussed by ...': quote marks in a subject are no one's words
                if tok.lemma_ == "continue" and frame == "xcomp":
                    continue  # "continues to build up his lead", "continued to write songs": aspect, not speech
                    # ("continued to question whether X": "question" reports X itself)
                if tok.pos_ == "ADJ" and frame == "xcomp" and any(c.dep_ == "xcomp" and c.i in cues for c in tok.children):
                    continue  # "reluctant to say that X": "say" reports X
                raising = frame == "xcomp" and _passive_report(tok) and any(  # "was announced to have died"
                    c.dep_ == "xcomp" and c.left_edge.i == lo and _raises(tok, c) for c in tok.children)
                if (frame in frames or frame + "+src" in frames and source or raising) and hi >= lo:
                    sub = _before_inner_report(doc, tok, list(range(lo, hi + 1)), cues, in_quote)
                    if frame == "pass_as":  # "[the change] was seen by some [as a demotion]": not who saw it
                        by = {t.i for c in tok.children if c.dep_ == "agent" for t in c.subtree
                              if not any(a.lower_ == "as" and a.dep_ == "prep" for a in [t, *t.ancestors] if a.i > c.i)}
                        sub = [k for k in sub if k not in by]
                    if sub:
                        found.append((tok, sub, len(sub) == hi - lo + 1))
        held = set()  # nouns whose "that" clause is a view even when no one holds it: "the idea that X"
        about = self._about_noun
        for match_id, ids in self.that_matcher(doc):
            i = ids[0]
            tok, content = doc[i], doc[ids[2] if match_id == about else ids[1]]
            if match_id == about and not _wh_clause(content):
                continue  # "talk about running": only a question is a view ("questions about whether")
            if tok.pos_ == "NOUN":
                held.add(i)
            if content.i > i and not in_quote[i] and i not in cues and not any(
                    doc[k].text in _APPOSITION_MARKS for k in range(i + 1, content.left_edge.i)):
                # (not after a dash: "his decision made the day before - that X" is the decision's)
                lo, hi = content.left_edge.i, content.right_edge.i
                sub = _before_inner_report(doc, tok, list(range(lo, hi + 1)), cues, in_quote)
                if sub:
                    found.append((tok, sub, len(sub) == hi - lo + 1))
        of_content = set()  # nouns whose "of" phrase is what was said, placed inside other reports too
        for t in doc:
            # "the President's claims [of widespread voter fraud]", "reports [of people avoiding ...]":
            # what the claim or report says (not "the claims of Trump": whose they are)
            if t.pos_ != "NOUN" or t.lemma_.lower() not in _OF_CONTENT_NOUNS or in_quote[t.i] or t.i in cues:
                continue
            of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == t.i + 1), None)
            obj = next((c for c in of.children if c.dep_ in ("pobj", "pcomp")), None) if of is not None else None
            if obj is None or obj.ent_type_ in _SOURCE_ENTS or obj.pos_ in ("PRON", "PROPN") \
                    or obj.lemma_.lower() in coref.PERSON_NOUNS or obj.lemma_.lower() in coref.ORG_NOUNS:
                continue  # "the report of the committee": whose it is
            if obj.lemma_.lower() in ("responsibility", "credit"):
                continue  # "claims of responsibility": an act
            held.add(t.i)
            of_content.add(t.i)
            found.append((t, [k.i for k in obj.subtree], False))
        for _, start, _ in self.hearsay_matcher(doc):
            t = doc[start]
            if not in_quote[t.i] and not any(cues.get(k) == "ACCORDING" for k in range(t.sent.start, t.sent.end)) \
                    and _hearsay_worth(doc, sub := _hearsay_content(t)) and not any(covered[k] for k in sub):
                # "Bolton reportedly had disagreements with Pompeo", "UNESCO reportedly said X" (and
                # UNESCO's own report inside), "health problems, reportedly colon cancer": reported,
                # by no one named. Not "X, according to The Times" (theirs), nor around a quote in
                # quote marks ('A source reportedly said "..."' is the source's)
                found.append((t, sub, False))
        for prep in _by_account(doc, in_quote):
            # "By reports, Biden won all three", "By one tradition, Charlemagne brought back the relic"
            skip = {t.i for t in prep.subtree}
            found.append((prep, [t.i for t in prep.sent if t.i not in skip], False))
        for per in _per_source(doc, in_quote):  # "Per X, ...": as "According to X, ..."
            found.append((per, None, False))
        for prep in self._source_phrases(doc, cues, in_quote):
            # "In a new poll, most voters back X": the sentence around the phrase is the content
            skip = {t.i for t in prep.subtree}
            found.append((prep, [t.i for t in prep.sent if t.i not in skip], False))
        for i, label in cues.items():
            if label == "ACCORDING":
                found.append((doc[i], None, False))
            elif label == "CUE_VERB" and (name := _inverted_speaker(doc[i], self.verbs)) is not None:
                # "The plant, stated spokesman John Reed, will close": the sentence around ", stated NAME,"
                sent = doc[i].sent
                found.append((doc[i], [k for k in range(sent.start, sent.end) if not i - 1 <= k <= name.i + 1], False))
            elif label == "CUE_VERB" and (rest := _main_verb_read_as_participle(doc[i])) is not None:
                # "The security chief, Abdullah al-Jahafi, announced on Facebook there were suspects
                # in custody": the parser made "announced" a participle of "chief" and "were" the main verb
                found.append((doc[i], rest, False))
            elif label == "CUE_VERB" and (set_off := self._misread_parenthetical(doc[i])) is not None:
                # "To understand X, Chief Justice Roberts said, one should visit this museum": the
                # sentence on both sides of the attribution the parser did not set off
                sent = doc[i].sent
                found.append((doc[i], [k for k in range(sent.start, sent.end) if not set_off[1] <= k <= set_off[2]], False))
            elif label == "CUE_VERB" and _as_clause(doc[i]):
                # "As the Times noted, Clinton raised $1.1 million": the clause the "as" clause is on
                cue = doc[i]
                skip = {t.i for t in cue.subtree}
                found.append((cue, [t.i for t in cue.head.subtree if t.i not in skip], False))
            elif label == "CUE_VERB" and (at := _misread_final_cue(doc[i])) is not None:
                # "A, but B, another source said.": the parse split what the cue reports (the cue
                # a conjunct of A, B its complement); it is the whole sentence before the attribution
                found.append((doc[i], list(range(doc[i].sent.start, at - 1)), False))
            elif label == "CUE_VERB" and self._parenthetical(doc[i]):
                # "Acts of protest, Mr. Obama said, are acts of patriotism" / "The deal is dead, she said."
                # The parser may hang the parenthetical on the main verb after it ("The test, the
                # ministry said, was its biggest"): then the content is both sides of the cue.
                # Set off by commas inside the sentence, it splits the report in two ("Though the
                # transition was seamless, he said, replacing Clinton would be ..."): all of it.
                cue = doc[i]
                skip = set(_own_words(cue))
                host = cue.head
                if self._comma_enclosed(cue) and (host.dep_ == "advcl" or host.dep_ in _SUBJ):
                    host = host.head  # (not in a relative clause: "which, Tompkins said, is full of")
                found.append((cue, [t.i for t in host.subtree if t.i not in skip], False))
        for i, label in cues.items():
            # "asked the secretary during a chat if she would commit": the question parsed as a
            # condition; what was asked is the "if"/"whether" clause
            cue = doc[i]
            if label == "CUE_VERB" and cue.lemma_ == "ask" and i not in contents:
                question = next((c for c in cue.children if c.dep_ == "advcl" and c.i > i and not in_quote[c.i]
                                 and any(g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in c.children)), None)
                if question is not None:
                    found.append((cue, [t.i for t in question.subtree], False))
        # fallback for a missed parse: "X clarified in the proceedings that ..." (cue ... that CLAUSE)
        for i, label in cues.items():
            cue = doc[i]
            if label != "CUE_VERB" or any(c.dep_ == "ccomp" for c in cue.children):
                continue
            clause = next((c for c in cue.children if c.dep_ == "advcl" and c.i > i and not in_quote[c.i]
                           and any(g.dep_ in _SUBJ and g.i < c.i for g in c.children)
                           and not any(g.dep_ in ("mark", "advmod") and g.i < c.i for g in c.children)), None)
            if clause is not None and cue_class(cue.lemma_) == "speech" and cue.tag_ != "VBG" \
                    and any(c.dep_ == "nsubj" for c in cue.children):
                # "Trump said after the convention he would not accept ...": the reported clause
                # parsed as an adverbial one (it has its own subject and no "if", "when", "as")
                subj = next(g for g in clause.children if g.dep_ in _SUBJ and g.i < clause.i)
                found.append((cue, list(range(subj.left_edge.i, clause.right_edge.i + 1)), True))
                continue
            sent = cue.sent
            for k in range(i + 1, min(i + 12, sent.end - 3)):  # 'said in one of a series of Twitter messages that'
                t = doc[k]
                if t.lower_ == "that" and t.dep_ in ("mark", "pobj", "nsubj", "dobj", "det") and doc[k + 1].pos_ != "PUNCT" \
                        and not (t.dep_ == "det" and t.head.dep_ == "npadvmod") \
                        and not (t.dep_ == "det" and t.head.dep_ == "dobj" and t.head.head.i == i and cue.dep_ == "relcl"):
                    # (not "asked X about it that same day", nor "officials who ordered [that change] claimed")
                    found.append((cue, list(range(k, sent.end)), False))
                    break
                if t.pos_ in ("VERB", "AUX", "PUNCT", "SCONJ") or t.lower_ in ("who", "which"):
                    break
        out: list[Quote] = []
        taken = bytearray(len(doc))
        taken_inner = bytearray(len(doc))  # words of the reports placed inside other reports
        in_act = bytearray(len(doc))  # words of reported acts, left free for a verb's report
        # outermost first
        # "according to" last, and before it the reports no one is named for ("reportedly"): a
        # named report inside them keeps its speaker
        found.sort(key=lambda f: (f[1] is None, f[0].lower_ in HEARSAY, -(len(f[1]) if f[1] else len(f[0].sent))))
        if self.scorer is not None:
            # the learnt long tail of cue frames, after every rule's report and before "according to"
            learned = []
            done = used_cues | {i for i in range(len(doc)) if covered[i]}
            for tok, frame, lo, hi, feats in frame_candidates(doc, in_quote, self.frames, done):
                if frame == "dobj" and hi < tok.i and any(in_quote[k] for k in range(lo, hi + 1)) \
                        or _reports_nothing(tok) or settled_weak(tok.lemma_.lower(), tok.pos_, frame) \
                        or frame == "ccomp" and any(c.dep_ == "ccomp" and c.left_edge.i == lo and _misread_ccomp(tok, c)
                                                    for c in tok.children):
                    continue  # as for the rules' frames: 'The "reform" was discussed by ...'
                if self.scorer.accepts(feats) and (sub := _before_inner_report(doc, tok, list(range(lo, hi + 1)),
                                                                             cues, in_quote)):
                    learned.append((tok, sub, len(sub) == hi - lo + 1))
            learned.sort(key=lambda f: -len(f[1]))
            at = next((k for k, f in enumerate(found) if f[1] is None), len(found))
            found[at:at] = learned
        def place(cue, sub, to_end, taken) -> tuple[int, int] | None:
            """Report `sub` as what `cue` reports, unless a quote or an earlier report took its words;
            the content's token range, or None."""
            if cue.i in used_cues or in_quote[cue.i] or covered[cue.i] and sub is not None or taken[cue.i] \
                    or sub is not None and _says_nothing(doc, cue, sub) or in_act[cue.i] and cue.pos_ != "VERB":
                return None  # (in a reported act, a verb's report only: "a list of the countries [they said] were involved")
            sent = cue.sent
            # "according to X, ..." and "X reportedly said Y" hold any report inside them
            nested = sub is None or cue.lower_ in HEARSAY
            whole_sentence = sub is None
            if whole_sentence:  # according to X, ...
                # "according to" may hang off the main verb: the content is the sentence minus the
                # phrase, and it holds any report inside it ("According to aides, he said ..."),
                # so it may overlap other quotes
                # ("Per X," up to its comma: the parser may make X the clause's subject)
                skip = _according_phrase(cue) if cue.lower_ == "according" else set(range(cue.i, _next_comma(cue) + 1))
                sub = [t.i for t in sent if t.i not in skip]
            sub = [i for i in sub if sent.start <= i < sent.end]
            cut = sub if whole_sentence else self._cut_at_new_report(doc, sub, cue, cues, in_quote)
            if cue.lower_ in HEARSAY and not _new_speaker_after(doc, sub, cut, cues):
                cut = sub  # "X reportedly emailed Y, to which Y acknowledged Z": all of it is reported
            if len(cut) < len(sub):
                sub, to_end = cut, False  # the clause ends where the next attribution starts
            stop = next((k for k in sub if k > cue.i and doc[k].text == ";" and not in_quote[k]
                         and not _series_goes_on(doc, cue, doc[k])), None) if sub and sub[0] > cue.i else None
            if stop is not None:  # "said three people died; their names were not released"
                sub, to_end = [k for k in sub if k < stop], False
            sub = _without_time_of_saying(doc, sub, cue)
            while sub and (doc[sub[0]].is_punct or doc[sub[0]].is_space):
                sub = sub[1:]
            while sub and (doc[sub[-1]].is_punct and not _closes_bracket(doc, sub[0], sub[-1]) or doc[sub[-1]].is_space
                           or doc[sub[-1]].pos_ == "CCONJ"):
                sub = sub[:-1]
            if not sub:
                return None
            lo, hi = sub[0], sub[-1]
            if to_end and lo > cue.i and not (cue.pos_ == "NOUN" and cue.head.i > hi):
                # (not past a noun cue's own verb: "His claim that the vote was rigged [was false]")
                ext = self._clause_end(doc, hi, cues, in_quote, cue, quoting_cues)
                if cue.dep_ == "relcl" and cue.sent.root.i > cue.right_edge.i:
                    # not out of a relative clause before the main verb: "In China, which claims
                    # [sovereignty over Taiwan], homosexuality is not illegal"
                    ext = min(ext, cue.right_edge.i)
                if cue.dep_ == "pcomp" and cue.head.dep_ == "prep" and cue.head.head.i > hi:
                    ext = min(ext, cue.head.right_edge.i)  # nor out of a fronted phrase ("After asking for X, [he] signed")
                if cue.dep_ == "advcl" and cue.head.i > hi:
                    # nor into the main clause after a fronted one ("Asked X, [he] smiled")
                    main = next((c for c in cue.head.children if c.dep_ in _SUBJ and cue.i < c.i < cue.head.i), None)
                    ext = min(ext, main.left_edge.i - 1) if main is not None else ext
                k = hi + 1
                while k <= ext and not covered[k] and not taken[k]:
                    k += 1
                hi = max(hi, k - 1)
                while hi > lo and (doc[hi].is_punct and not _closes_bracket(doc, lo, hi) or doc[hi].is_space
                                   or hi > sub[-1] and doc[hi].dep_ in ("prep", "mark", "cc")):
                    hi -= 1
            through = self._through_quote(doc[hi].idx + len(doc[hi]))
            ext = hi
            while ext + 1 < len(doc) and doc[ext + 1].idx < through:
                ext += 1
            if nested or not any(covered[i] or taken[i] for i in range(hi + 1, ext + 1)):
                hi = ext
            if not _short_content(doc, lo, hi):
                return None  # a lone "what" or "which": the parse went wrong
            if not nested and (any(covered[i] for i in range(lo, hi + 1)) or any(taken[i] for i in range(lo, hi + 1))):
                return None
            # ('Asked if X, he said no': the question is no one's named; an answer in quote marks
            # hung on "Asked" is his, so only here)
            asked = _asked_participle(cue) and cue.left_edge.i <= sub[0] and sub[-1] <= cue.right_edge.i  # the question itself
            subj = None if asked else self._subject(cue)
            if subj is None and cue.i in held:
                subj = _governing_source(cue)
            # "he was charged with ...", "X reportedly did Y": reported, by no one named
            unnamed = subj is None and (_passive_report(cue) or asked or cue.lower_ in HEARSAY or cue.i in held
                                        or cue.lower_ == "by" and cue.dep_ == "prep")
            if not unnamed and (subj is None or subj.lower_ == "there" and cue.lower_ != "according"):  # "I/you said" count: the writer or an interviewee
                return None
            if subj is not None and subj.i in sub and not (cue.lower_ == "in" and cue.dep_ == "prep"):
                return None  # (the author of a document may be the clause's subject: "In his book, X argues ...")
            name = self._speaker(doc, subj, None) if subj is not None else (None,) * 5
            if name[0] is None and subj is not None and cue.lower_ == "in" and subj.dep_ == "poss":  # "In its report": no "it" in sight
                name = self._speaker(doc, subj.head, None)
            inside = set(sub) | set(range(sub[-1] + 1, hi + 1))
            raised = _raised_subject(cue) if lo > cue.i and (unnamed or cue.lemma_ in _RAISING and _agent(cue) is not None) \
                else None  # (and "[X] were reported by local media [to have visited]": the media's report)
            if raised is not None and not any(covered[i] or taken[i] for i in range(raised.left_edge.i, lo)):
                # "Trump is (not) expected to deliver a speech": what is expected is that Trump
                # delivers it; one stretch of text, so a negation stays in the content
                if raised.head == cue and _agent(cue) is None:
                    inside |= set(range(raised.left_edge.i, hi + 1))
                else:  # the subject of the verb the cue is coordinated with: "[X] was taken ... and is reported [to be ...]"
                    inside |= set(range(raised.left_edge.i, raised.right_edge.i + 1))
                lo = raised.left_edge.i
            span = doc[lo:hi + 1]
            cue_span = self._cue_span(doc, cue)
            frags, run = [], None
            for i in range(lo, hi + 1):  # the content without an embedded attribution (", he said,")
                if i in inside:
                    run = [i, i] if run is None else [run[0], i]
                elif run is not None:
                    frags.append(run)
                    run = None
            if run is not None:
                frags.append(run)
            frags = [(doc[x].idx, doc[y].idx + len(doc[y])) for x, y in (_without_leading_comma(doc, f) for f in frags)
                     if not all(doc[k].is_punct for k in range(x, y + 1))]
            kind = "mixed" if any(in_quote[i] for i in range(lo, hi + 1)) else "indirect"  # quoted words inside
            q = Quote(
                start_char=span.start_char, end_char=span.end_char, text=span.text, kind=kind,
                cue=cue_span.text, cue_start_char=cue_span.start_char, cue_end_char=cue_span.end_char,
                speaker=name[0], speaker_start_char=name[1], speaker_end_char=name[2],
                fragments=tuple(frags) or ((span.start_char, span.end_char),),
                source_start_char=name[3], source_end_char=name[4],
            )
            # a reported act ("delivered [a list of the countries they said were involved]") is no
            # quote: the words in it stay free for a report of their own (not those of an intent:
            # "declined [to threaten Moscow]" threatens no one)
            act = not nested and "TO" not in (doc[lo].tag_, doc[min(lo + 1, hi)].tag_) \
                and self._bare_act(doc, replace(q, cue_class=self._class_of(doc, q)))
            for i in range(lo, hi + 1):
                taken[i] = taken[i] or not (nested or act)
                in_act[i] = in_act[i] or act
            taken[cue.i] = 1
            used_cues.add(cue.i)
            out.append(q)
            return lo, hi
        inner = []  # (cue, sub, to_end, the outer report's cue and content range)
        placed: list[tuple[Token, int, int]] = []
        for cue, sub, to_end in found:
            outer = next((r for r in placed if r[1] <= cue.i <= r[2]), None) if taken[cue.i] else None
            if outer is not None and sub is not None and outer[1] <= min(sub) and max(sub) <= outer[2] \
                    and cue.i not in used_cues and not in_quote[cue.i] and not covered[cue.i] \
                    and (_relayed_report(cue, outer[0], sub) or cue.i in of_content):
                inner.append((cue, sub, to_end, outer))
            elif (r := place(cue, sub, to_end, taken)) is not None:
                placed.append((cue, *r))  # (outermost first)
        for cue, sub, to_end, (_, lo, hi) in inner:
            # the outer report's words are the only ones free, less those of inner reports placed
            free = bytearray(b"\x01" * len(doc))
            for i in range(lo, hi + 1):
                free[i] = taken_inner[i]
            if (r := place(cue, sub, to_end, free)) is not None:
                for i in range(r[0], r[1] + 1):
                    taken_inner[i] = 1
        return out


_BYLINE = re.compile(r"[ \t]*[\u2015\u2014\u2013-][ \t]*([A-Z][\w.'\u2019\-]*(?: [A-Z][\w.'\u2019\-]*){0,4})[ \t.]*(?=\n|$)")
# Documents and surveys that an "in" phrase cites as the source of a clause ("In a new poll, ...").
_SOURCE_DOCS = frozenset({"poll", "survey", "study", "report", "statement", "interview", "letter", "op-ed", "editorial",
                          "column", "memo", "filing", "complaint", "lawsuit", "speech", "tweet", "post", "email",
                          "book", "analysis", "release", "document", "essay", "testimony", "remark", "ruling",
                          "indictment", "affidavit", "memoir", "podcast", "broadcast", "video", "ad", "message",
                          "finding", "findings", "paper", "article"})
# Of those, the ones that name research: they report a passive with no source ("In findings published
# ..., water vapour was confirmed"), not what their authors did ("In a paper, scientists examine X").
_RESEARCH_DOCS = frozenset({"finding", "findings", "paper", "article"})
# Common nouns that head a "Label: statement" headline as its source ("Poll: ...", "Officials: ...").
_LABEL_SOURCES = frozenset({"poll", "polls", "report", "reports", "survey", "study", "sources", "officials", "insiders",
                            "experts", "analysts", "historians", "critics", "aides", "witnesses", "police", "prosecutors"})
# Heads of a "Label: ..." headline's label that name a source: people, bodies, what they issue.
_LABEL_HEADS = frozenset(coref.PERSON_NOUNS | coref.ORG_NOUNS | {
    "poll", "report", "survey", "study", "source", "camp", "insider", "historian", "critic", "voter", "editorial",
    "column", "op-ed", "fact-check", "check", "reaction", "memo", "family", "survivor", "resident", "victim",
    "teacher", "parent", "worker", "student", "nurse", "farmer", "fan", "protester", "witness", "neighbor",
    "neighbour", "friend", "relative"})
# Verbs that name their object with the quoted words ('called Obamacare a "crazy system"').
_NAMING_VERBS = frozenset({"call", "label", "dub", "brand", "term", "describe", "deem", "name"})
# Verbs whose object is the person addressed, not content ("told reporters that ...").
_ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "remind", "notify", "brief", "ask", "warn", "answer"})
# Verbs of thought: a coordinated one continues the reported clause rather than starting a new report.
_COGNITION = frozenset({"think", "believe", "hope", "feel", "fear", "worry", "want", "know", "wonder", "expect",
                        "agree", "doubt", "suspect", "wish", "like", "prefer", "consider"})
# Verbs that only carry the speech act named by their object ("made the claim that ...").
_LIGHT_VERBS = frozenset({"make", "issue", "repeat", "reiterate", "voice", "express", "offer", "give", "deliver",
                          "release", "float", "lodge", "level", "publish"})
_QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
_NP_POS = {"PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM", "PART"}


_SUBORDINATE_MARKS = frozenset({"so", "if", "because", "though", "although", "unless", "whether", "that", "than",
                                "before", "after", "until", "once", "since", "when", "in", "for"})


# Verbs that put out a document ("issued a statement") and the documents: with nothing said in
# the document's own words, its object is no content.
_PUTS_OUT = frozenset({"issue", "release", "post", "write", "sign", "deliver", "make", "give", "publish", "send",
                       "tweet", "pen", "draft", "file", "put"})
_PUT_OUT_DOCUMENTS = frozenset({"statement", "remark", "comment", "message", "letter", "speech", "tweet", "post",
                                "memo", "release", "note", "email", "video", "op-ed", "editorial", "column", "address",
                                "announcement", "interview", "testimony", "report", "press"})
_ABOUT = frozenset({"on", "about", "of", "regarding", "against", "over", "to", "that", "in"})
# Feelings someone expresses that say nothing about anything ("expressed sadness"; not "expressed
# concern that X", "expressed no regret for X", a view).
_FEELINGS = frozenset({"sadness", "outrage", "condolence", "condolences", "sympathy", "sympathies", "grief", "sorrow",
                       "shock", "anger", "gratitude", "joy", "delight", "dismay", "happiness", "excitement", "pride"})
# What a court or an agency issues that is a decision or an alert, not words ("issued a ruling").
_RULINGS = frozenset({"ruling", "opinion", "verdict", "judgment", "judgement", "decision", "warning", "watch",
                      "advisory", "alert", "order", "injunction", "decree", "pardon", "subpoena", "summons",
                      "warrant", "ban", "citation", "fine", "sentence"})


def _relayed_report(cue: Token, outer: Token, sub: list[int]) -> bool:
    """A report of someone's words inside a news report of them ("Reuters reported that [a
    government source said [X]]"): the relay and the one who spoke are both attributions, and the
    inner speaker is who said it. A speech cue with its own subject and a clause."""
    return outer.lemma_ == "report" and cue_class(cue.lemma_) == "speech" \
        and any(c.dep_ == "ccomp" and c.i in sub for c in cue.children) and any(c.dep_ in _SUBJ for c in cue.children)


# Documents whose text "reads": what they read is what their authors say.
_READ_BY = frozenset({"statement", "letter", "motion", "ruling", "order", "complaint", "lawsuit", "filing", "memo",
                      "note", "message", "post", "tweet", "release", "report", "document", "indictment", "decision",
                      "opinion", "sign", "banner", "placard", "plaque", "headline", "caption", "petition", "resolution",
                      "bill", "text", "card", "email", "notice", "announcement", "declaration", "communique"})


def _says_nothing(doc: Doc, cue: Token, sub: list[int]) -> bool:
    """A frame that reports nothing however often its lemma is a cue: "pointed [it]" (a gun, not
    "pointed out X", "pointed to X", "pointed the finger at X"), "issued [a statement at his club]"
    (a document, with nothing it says: not "a statement saying X", "remarks on the economy")."""
    if cue.pos_ != "VERB":
        return False
    inside = set(sub)
    head = next((doc[k] for k in sub if doc[k].head.i not in inside or doc[k].head.i == k), None)
    if head is None or head.dep_ != "dobj" or head.head != cue:
        return False
    if cue.lemma_ == "point":
        return not any(c.dep_ == "prt" or c.dep_ == "prep" and c.lower_ in ("to", "as", "at")
                       for c in (*cue.children, *head.children))
    return cue.lemma_ in _PUTS_OUT and head.lemma_.lower() in _PUT_OUT_DOCUMENTS and not any(
        c.dep_ in ("acl", "relcl", "ccomp", "appos") and not _document_says(c)
        or c.dep_ == "prep" and c.lower_ in _ABOUT and not _on_a_platform(c) for c in head.children)


def _on_a_platform(prep: Token) -> bool:
    """"on Facebook", "on Twitter", "on its website", "on Friday": where or when, not what about."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return prep.lower_ == "on" and obj is not None and (
        obj.ent_type_ in ("ORG", "PRODUCT", "DATE", "TIME") or obj.lemma_.lower() in _PLATFORMS)


_PLATFORMS = frozenset({"facebook", "twitter", "instagram", "youtube", "website", "site", "account", "page", "blog",
                        "channel", "tiktok", "weibo", "telegram", "wechat", "linkedin", "reddit", "radio", "television"})


def _document_says(clause: Token) -> bool:
    """'a statement [which said X]': a relative clause that is a report of its own (X is the
    statement's, with its author for speaker), so the document itself says nothing more."""
    return clause.dep_ == "relcl" and cue_class(clause.lemma_) == "speech" \
        and any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in clause.children)


def _reports_nothing(tok: Token) -> bool:
    """A cue candidate that frames no report whatever its frame."""
    if _taking_not_saying(tok):
        return True
    if tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.lower_ == "without":
        return True  # "without mentioning any symptoms": nothing said
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in _RULINGS and tok.dep_ == "dobj" and tok.head.lemma_ == "issue" \
            and not any(t.lower_ == "that" and t.dep_ == "mark" for t in tok.subtree):
        return True  # "issued an opinion on the suspension": a court's decision, on a topic
    if tok.lemma_ == "report" and any(c.lower_ == "missing" and c.dep_ in ("xcomp", "acomp", "oprd", "advcl")
                                      for c in tok.children):
        return True  # "was reported missing": a missing-person report, no words reported
    if tok.lower_ in ("sworn", "swore", "swear", "swears", "swearing") and any(c.dep_ == "prt" and c.lower_ == "in" for c in tok.children):
        return True  # "was sworn in as governor": an oath of office, not words reported
    if tok.pos_ == "ADJ" and tok.lemma_ not in ATTITUDES and tok.lemma_ not in INTENT_ADJECTIVES \
            and not has_source_subject(tok):
        return True  # "the team was quick to score": an adjective reports only a source's view
    # "is known for its wine": no one reports anything ("is known to be" does)
    return tok.lemma_ == "know" and any(c.dep_ == "auxpass" for c in tok.children) \
        and not any(c.dep_ == "xcomp" for c in tok.children)


def _repair_misread_verbs(doc: Doc, verbs: frozenset[str]) -> None:
    """Retag a speech verb the tagger read as a plural noun: in "But Trump claims that he should
    be the exception", "Trump charges that ...", "..., the former doctor maintains." the small
    model tags the verb NNS, so no cue was found. Only with a source for its subject (a name, a
    pronoun, a person or body noun) and a clause with a subject of its own as its complement."""
    for t in doc:
        if t.tag_ != "NNS" or t.dep_ not in ("ROOT", "ccomp", "conj", "parataxis") or not t.lower_.endswith("s"):
            continue
        w = t.lower_
        base = next((b for b in (w[:-3] + "y" if w.endswith("ies") else "", w[:-2] if w.endswith("es") else "", w[:-1])
                     if b in verbs), None)
        subj = next((c for c in reversed(list(t.lefts)) if c.dep_ in ("nsubj", "compound")), None)
        if base is None or subj is None or any(c.dep_ in ("det", "poss", "amod", "nummod") and c.i > subj.i
                                               for c in t.children):
            continue  # "the claims that ...", "his charges that ...": nouns ("the doctor maintains": a verb)
        clause = next((c for c in t.children if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX")
                       and any(g.dep_ in _SUBJ or g.dep_ == "expl" for g in c.children)), None)
        if clause is None or not (
                subj.pos_ in ("PROPN", "PRON") or subj.ent_type_ in _SOURCE_ENTS or subj.is_title and subj.tag_ == "NN"
                or subj.lemma_.lower() in coref.PERSON_NOUNS or subj.lemma_.lower() in coref.ORG_NOUNS):
            continue
        t.pos_, t.tag_, t.lemma_ = "VERB", "VBZ", base
        subj.dep_, clause.dep_ = "nsubj", "ccomp"


def _repair_participle_read_as_noun(doc: Doc, verbs: frozenset[str]) -> None:
    """Retag a speech participle the tagger read as a noun where it opens a quote: in "accepted the
    role, writing, \"...\"" the small model tags "writing" NN (an object of "accepted"), so the quote
    had no cue. Only between a comma and a comma or colon that the quote mark follows."""
    for t in doc:
        w = t.lower_
        if t.pos_ != "NOUN" or not w.endswith("ing") or len(w) < 6 or t.i < 1 or t.i + 2 >= len(doc) \
                or doc[t.i - 1].text != "," or doc[t.i + 1].text not in (",", ":") or doc[t.i + 2].text[0] not in _QUOTE_CHARS:
            continue
        stem = w[:-3]
        base = next((b for b in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else "")
                     if b in verbs and cue_class(b) == "speech"), None)
        if base is not None:
            t.pos_, t.tag_, t.lemma_, t.dep_ = "VERB", "VBG", base, "advcl"
            verb = t.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX") and verb.i < t.i:
                t.head = verb  # a participle of the clause's verb (hung on "willingness" or "role"), which shares its subject


# Verbs whose "to" clause is their own subject's act, never a passive's ("is expected to" is one).
_TRYING_VERBS = frozenset({"seek", "try", "vow", "promise", "pledge", "refuse", "decline", "decide", "agree", "threaten",
                           "hope", "want", "plan", "manage", "fail", "attempt", "offer", "continue", "begin", "start",
                           "struggle", "strive", "aim", "swear", "intend"})


def _repair_has_read_as_is(doc: Doc) -> None:
    """ "he's heralded plans", "who's called for X": the parser read "'s" as "is" (a passive, with
    "he" as its passive subject), so the verb had no speaker. A passive verb takes no object,
    reported clause or request; with one, "'s" is "has" and the subject speaks."""
    for t in doc:
        if t.lower_ not in ("'s", "\u2019s") or t.dep_ != "auxpass" or t.head.tag_ != "VBN":
            continue
        verb = t.head
        subj = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < t.i), None)
        if subj is not None and any(c.dep_ in ("dobj", "ccomp", "attr") and c.i > verb.i  # "it's become an issue"
                                    or c.dep_ == "prep" and c.lower_ == "for" and verb.lemma_ in _ASK_FOR  # "who's called for"
                                    or c.dep_ == "xcomp" and verb.lemma_ in _TRYING_VERBS  # "he's sought to protect"
                                    for c in verb.children):
            t.dep_, t.lemma_, subj.dep_ = "aux", "have", "nsubj"


def _taking_not_saying(tok: Token) -> bool:
    """ "The virus claimed 6,606 lives", "she claimed the title": "claim" as taking."""
    return tok.lemma_ == "claim" and (
        any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in _CLAIMED_THINGS for c in tok.children)
        or tok.dep_ == "acl" and tok.head.lemma_.lower() in _CLAIMED_THINGS)  # "the lives claimed by"


def _last_hyphen_piece(tok: Token) -> Token:
    """The last piece of a hyphenated word the parser split into sibling subjects ("co", "-",
    "author"): its head noun, which holds the word's appositive ("Another co-author, X, said")."""
    doc = tok.doc
    while tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_ \
            and not doc[tok.i + 1].whitespace_ and doc[tok.i + 2].head == tok.head and doc[tok.i + 2].dep_ == tok.dep_:
        tok = doc[tok.i + 2]
    return tok


_FRONTED_DEPS = frozenset({"advcl", "prep", "npadvmod"})


def _misread_final_cue(cue: Token) -> int | None:
    """Where the attribution starts in "A, but B, the source added.": a cue after a comma at the
    end of its sentence whose parse splits what it reports (the cue a conjunct of A with B its
    complement, or A and B both its complements); None for any other cue."""
    doc = cue.doc
    before = [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i]
    if not before or not (cue.dep_ == "conj" and cue.head.i < before[0].i or cue.dep_ == "ROOT" and len(before) > 1):
        return None
    subj = next((c for c in cue.children if c.dep_ in _SUBJ and c.i > before[-1].right_edge.i), None)
    at = subj.left_edge.i if subj is not None else cue.i
    if at - 1 <= cue.sent.start or doc[at - 1].text != "," or any(
            not (doc[k].is_punct or doc[k].is_space) for k in range(cue.right_edge.i + 1, cue.sent.end)):
        return None
    return at


def _comma_after(t: Token) -> int | None:
    """The comma that closes `t`'s phrase, after its last word and any closing marks (the parser
    may hang it on the phrase or on the verb after it); None if no comma comes first."""
    doc = t.doc
    k = max((x.i for x in t.subtree if not x.is_punct), default=t.i) + 1
    while k < len(doc) and doc[k].is_punct and doc[k].text != ",":
        k += 1
    return k if k < len(doc) and doc[k].text == "," else None


def _own_words(cue: Token) -> list[int]:
    """The cue's subtree without a clause or phrase set off before it by a comma, which the parser
    may hang on a parenthetical cue but belongs to the reported words: "If this fails, Mr.
    Castaneda argues, there are other tools" (the content is both sides of ", Mr. Castaneda
    argues,"), "At times last year, people close to him said, the mere mention ..."."""
    fronted = {t.i for c in cue.children if c.dep_ in _FRONTED_DEPS and c.i < cue.i
               and (comma := _comma_after(c)) is not None and comma < cue.i
               for t in c.subtree}
    return [t.i for t in cue.subtree if t.i not in fronted]


def _quoting_verb(doc: Doc, toks: list[int], in_quote, cues: dict, nouns) -> Token | None:
    """The verb whose complement holds quoted words, when its subject is a name, a noun or a
    personal pronoun, and the words say what something is called or taken for ('PolitiFact rated
    32% of claims as "false"', 'pounding Trump as a "con artist"'). Not when a cue word comes
    between ('checked Ortiz's claim that "..."': the claim's report holds them), and not for
    scare quotes ('the company sells "smart" fridges')."""
    inside = set(toks)
    t = doc[toks[0]]
    described = False  # the words say what someone or something is called or taken for
    while t.i in inside and t.head.i != t.i:
        described |= t.dep_ == "oprd"
        t = t.head
    while t.pos_ != "VERB" and t.head.i != t.i:
        if t.i in cues or t.pos_ == "NOUN" and t.lemma_ in nouns:
            return None
        described |= t.dep_ == "oprd" or t.dep_ == "prep" and t.lower_ in ("as", "like")
        t = t.head
    if t.pos_ != "VERB" or in_quote[t.i]:
        return None
    if not described:
        return None  # 'the company sells "smart" fridges': scare quotes, not anyone's words
    subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
    if subj is None or any(k in inside for k in range(subj.left_edge.i, subj.right_edge.i + 1)):
        return None
    someone = subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or subj.lower_ in ("he", "she", "they") or subj.pos_ == "NOUN"
    return t if someone else None


# Verbs that only report words (never "praised Klopp", "thanked Duda": a list of actions, not an inversion).
_SAYING = frozenset({"say", "state", "add", "confirm", "announce", "report", "admit", "explain", "note", "warn",
                     "insist", "claim", "write", "conclude", "reply", "respond", "stress", "acknowledge", "argue",
                     "predict", "declare", "remark", "observe", "continue", "recall", "tweet", "estimate"})


_OPENERS = "\"" + "".join(_DOUBLE_OPEN)  # marks that open a double quote


def _split_at_colon(doc: Doc, q: "Quote") -> list["Quote"]:
    """A reported clause, a colon, then a quoted sentence: two reports with one cue and speaker
    ('told the press the new drugs were only part of the solution: "What will stop Ebola ..."'),
    the clause indirect, the quote direct. Not a noun before the colon ('delivered a snappy
    retort: "Not today."'): the quote is what the noun names."""
    if q.kind != "mixed" or q.cue_start_char is None:
        return [q]
    text = doc.text
    m = re.search(r":\s+(?=[" + _OPENERS + r"]\W*[A-Z])", text[q.start_char:q.end_char])
    if m is None or m.start() == 0:
        return [q]
    colon, opening = q.start_char + m.start(), q.start_char + m.end()
    if len(re.findall(r"\w+", text[opening:q.end_char])) < 3:
        return [q]  # a name, not a sentence: 'announced the official name of the disease: "COVID-19"'
    if q.cue_start_char >= colon:
        return [q]
    lead = doc.char_span(q.start_char, colon, alignment_mode="contract")
    if lead is None or not len(lead):
        return [q]
    clause = lead.root.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJ for c in lead.root.children)
    judged = any(t.lower_ == "as" and t.dep_ == "prep" for t in lead)  # 'attacking [the subpoena as a strategy]: "..."'
    if not (clause or judged):
        return [q]  # (a noun before the colon: 'announced the official name of the disease: "COVID-19"')
    quoted_lead = any(ch in _OPENERS for ch in text[q.start_char:colon])  # 'justified the strike as "defensive": "..."'
    first = replace(q, end_char=colon, text=text[q.start_char:colon], kind="mixed" if quoted_lead else "indirect",
                    fragments=((q.start_char, colon),))
    second = replace(q, start_char=opening, text=text[opening:q.end_char], kind="direct", fragments=((opening, q.end_char),))
    return [first, second]


def _main_verb_read_as_participle(cue: Token) -> list[int] | None:
    """The rest of the sentence, when the parser read the main speech verb as a participle of its
    subject ("The chief, Abdullah al-Jahafi, [announced] on Facebook on Tuesday [there were suspects
    in custody]": "announced" an acl of "chief", "were" the root). The cue has no complement of its
    own, its head is the root's subject, and the root's clause starts right after the cue's phrase."""
    root = cue.sent.root
    if cue.dep_ != "acl" or cue.tag_ not in ("VBD", "VBN") or cue_class(cue.lemma_) != "speech" \
            or cue.head.dep_ != "nsubj" or cue.head.head != root or root.i <= cue.right_edge.i \
            or any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "advcl") for c in cue.children):
        return None
    rest = [t.i for t in root.subtree if t.i > cue.right_edge.i]
    if not rest or rest[0] != cue.right_edge.i + 1 or cue.doc[rest[0]].is_punct or cue.doc[rest[0]].pos_ == "CCONJ" or not any(
            c.dep_ in ("expl", "nsubj", "nsubjpass") and c.i > cue.i for c in root.children):
        return None  # (the clause must have a subject of its own after the cue: not "the man arrested yesterday was ...")
    return rest


def _comma_attribution(cue: Token) -> tuple[Token, int, int] | None:
    """", NP said," inside a sentence when the parser did not read it as a parenthetical
    ("To understand the real Dred Scott, Chief Justice Roberts said, one should visit this museum":
    "Roberts" read as an apposition of "Scott"; "The cultures, the complaint pointed out, have ...":
    "pointed" read as the main verb). The cue has no complement; a comma before its short noun phrase
    and one after it set the attribution off, with words of the sentence on both sides.
    (speaker, first, last token of the attribution with its commas), or None."""
    doc, sent = cue.doc, cue.sent
    if cue.pos_ != "VERB" or cue.tag_ not in ("VBD", "VBZ") or cue_class(cue.lemma_) != "speech" or any(
            c.dep_ in ("ccomp", "xcomp", "dobj", "dative", "attr", "oprd") or c.dep_ == "advcl" and c.i > cue.i
            for c in cue.children):
        return None
    j = cue.i + 1
    while j < sent.end and doc[j].dep_ == "prt" and doc[j].head == cue:
        j += 1  # "pointed out"
    if j + 1 >= sent.end or doc[j].text != ",":
        return None
    k, head = cue.i - 1, None
    while k > sent.start and cue.i - k <= 6 and _np_token(doc[k]) and doc[k].text != ",":
        if head is None and doc[k].pos_ in ("PROPN", "NOUN", "PRON"):
            head = doc[k]
        k -= 1
    if head is None or k <= sent.start or doc[k].text != "," or k == cue.i - 1:
        return None
    if head.pos_ == "PRON" and head.lower_ not in _THIRD_PERSON or _non_speaker(head):
        return None
    return head, k, j


def _inverted_speaker(cue: Token, verbs) -> Token | None:
    """The speaker after an inverted cue the parser did not give a subject: "The plant will close,
    stated company spokesman John Reed." (the name read as the verb's object, or the verb as an
    adjective of the name). The name ends the sentence or is set off by a comma."""
    doc, sent = cue.doc, cue.sent
    if cue.tag_ not in ("VBD", "VBN") or cue.lemma_ not in _SAYING or cue_lemma(cue.lemma_, cue.lower_) not in verbs \
            or cue.i - 2 < sent.start or any(c.dep_ in _SUBJ for c in cue.children):
        return None
    if doc[cue.i - 1].text in _CLOSERS and doc[cue.i - 2].text in (",", "?", "!"):
        # '"... A lot of people think that," said a protester using the pseudonym Katya': the
        # parser hung the cue on the quote's last verb and read the speaker as its object
        obj = next((c for c in cue.children if c.dep_ == "dobj" and c.left_edge.i == cue.i + 1), None)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN"):  # ("said" takes no object after a quote)
            return obj
        return None
    if doc[cue.i - 1].text in _CLOSERS and cue.dep_ == "amod" and cue.head.pos_ == "PROPN" and cue.head.i == cue.i + 1:
        # '"I am in awe of ..." tweeted Mayor of London Sadiq Khan.' (no comma): the cue read as an
        # adjective of the title; the person named in the phrase speaks
        return next((t for t in cue.head.subtree if t.ent_type_ == "PERSON" and t.dep_ != "compound"), cue.head)
    if doc[cue.i - 1].text != ",":
        return None
    k, last, named = cue.i + 1, None, False
    while k < sent.end and k - cue.i <= 10 and (doc[k].pos_ in ("PROPN", "NOUN", "ADJ", "DET") or doc[k].lower_ == "of"
                                                or doc[k].text == "-" and doc[k - 1].pos_ == "PROPN"):
        named |= doc[k].ent_type_ in ("PERSON", "ORG")
        last = doc[k] if doc[k].pos_ == "PROPN" else last
        k += 1
    if k < sent.end and doc[k].text not in (",", ".", ";"):
        return None
    if last is None and k - 1 > cue.i and doc[k - 1].pos_ == "NOUN" and doc[k - 1].tag_ == "NNS" \
            and (doc[k - 1].lemma_ in coref.PERSON_NOUNS or doc[k - 1].lemma_ in _INVERTED_SOURCES):
        return doc[k - 1]  # "..., reported officials, with 25 others injured": people who speak, not named
    if last is None or not named or last.i != k - 1:
        return None
    return last


# Plural nouns of people who speak as a group after an inverted cue (", said police.").
_INVERTED_SOURCES = frozenset({"police", "authority", "source", "witness", "investigator", "organizer", "organiser",
                               "resident", "rescuer", "medic", "paramedic", "firefighter", "soldier", "observer"})


def _continues_reported_verb(verb: Token, cue: Token) -> bool:
    """A verb coordinated with a verb of the reported content that goes on with that content, not
    a new report by the cue's speaker: it shares an infinitive after "or" ("declined to threaten
    Moscow or declare it responsible"), or its tense is the reported verb's and not the cue's ("police say he
    posed a threat and refused to drop the gun", "said he has arranged X and has requested Y")."""
    head = verb.head
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children) and not any(c.dep_ in _SUBJ for c in head.children) \
            and any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in (*head.children, *verb.children)):
        return True  # (with "and" the parser often hangs the next verb on the infinitive wrongly)
    past = ("VBD", "VBN")
    present = ("VBP", "VBZ")

    def perfect(t: Token) -> bool:
        return any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children)

    clause = next((a for a in verb.ancestors if a.head == cue and a.dep_ == "ccomp"), head)  # what the cue reports
    if perfect(verb) and (perfect(head) or perfect(clause)) and not perfect(cue) \
            and not any(c.dep_ in _SUBJ for c in verb.children):
        return True  # 'said he has arranged X and has requested Y': the perfect is the reported clause's tense
    subj = next((c for c in head.children if c.dep_ in _SUBJ), None)
    if subj is None or not (subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or subj.lower_ in _SOURCE_PRONOUNS):
        return False  # "say the ice sheet melted faster and warned of rising seas": the sheet warns no one
    return not any(c.dep_ in _SUBJ for c in verb.children) and (
        cue.tag_ in present and head.tag_ in past and verb.tag_ in past
        or cue.tag_ in past and head.tag_ in present and verb.tag_ in present)


_WH_TAGS = ("WDT", "WP", "WRB")


def _wh_clause(verb: Token) -> bool:
    """The verb's clause opens with a question word or "whether" of its own ("or why it was
    mentioned", "and who approved it"): an embedded question, not a statement by anyone."""
    first = next((t for t in verb.subtree if not (t.is_punct or t.is_space or t.dep_ in ("cc", "preconj"))), None)
    return first is not None and first.head.i == verb.i and (
        first.tag_ in _WH_TAGS or first.lower_ == "whether" and first.dep_ == "mark")


def _before_inner_report(doc: Doc, cue: Token, sub: list[int], cues: dict[int, str], in_quote,
                         after: int = -1) -> list[int]:
    """An object or infinitive content up to a report of its own inside it: 'endorses Trump, who
    says he is honored', 'attacked them for taking donations, which he said were favors'. The inner
    cue verb with its own complement is another attribution, which the longer content would swallow.
    `after`: only a report after this token (a reported clause's head) counts."""
    inside = set(sub)
    for k in sub:
        t = doc[k]
        if k > max(cue.i, after) and cues.get(k) == "CUE_VERB" and not in_quote[k] and t.dep_ == "relcl" \
                and doc[t.left_edge.i].tag_ in ("WDT", "WP") and t.head.i in inside \
                and any(c.dep_ == "ccomp" and c.i > k or c.dep_ == "dobj" and c.tag_ in ("WDT", "WP") for c in t.children):
            kept = [i for i in sub if i < t.left_edge.i]
            while kept and (doc[kept[-1]].is_punct or doc[kept[-1]].is_space) and not in_quote[kept[-1]]:
                kept.pop()
            return kept
    return sub


def _clause_read_as_object(cue: Token) -> tuple[Token, Token] | None:
    """(object, verb) of a reported clause the parser split into the cue's object and a verb of
    its own: "maintained [an impeachment inquiry] [is what ...]", the verb coordinated with the cue
    or its complement, with no subject (the object is its subject) and no "and"."""
    if cue.lemma_ in _ADDRESSEE_VERBS:
        return None  # "told reporters is ...": the object is who was told
    dobj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
    if dobj is None:
        return None
    verb = next((c for c in cue.children if c.dep_ in ("conj", "ccomp") and c.left_edge.i == dobj.right_edge.i + 1), None)
    if verb is None or verb.pos_ not in ("VERB", "AUX") or any(g.dep_ == "cc" for g in verb.children):
        return None
    if any(g.dep_ in _SUBJ for g in verb.children) and (verb.dep_ != "ccomp" or cue_class(cue.lemma_) != "speech"):
        # (a speech verb's object right before a clause of its own is the start of that clause's
        # subject: "said [hundreds of ISIS (...)] [fighters escaped]")
        return None
    return dobj, verb


def _fronted_subject(cue: Token) -> Token | None:
    """The name a fronted time phrase swallowed: "On Friday Ford Motor Company announced ..." is
    parsed as "on [Friday Ford Motor Company]", leaving the verb without a subject."""
    for c in cue.children:
        if c.dep_ == "prep" and c.i < cue.i and c.i == c.head.left_edge.i:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.i == cue.i - 1 and obj.pos_ == "PROPN" and obj.ent_type_ in _NAMED \
                    and any(t.ent_type_ in ("DATE", "TIME") for t in obj.subtree):
                return obj
    return None


# Speech and belief cues whose plain noun-phrase object is a topic, a source or a position, not
# content (`QuoteExtractor._topic_act`). From the news guideline and the wikinews48 errors; each
# also takes a clause that is content ("cited reports that ...", "agreed that ...").
_TOPIC_CUES = frozenset({"oppose", "discuss", "agree", "know", "respond", "lament", "acknowledge",
                         "recognize", "ask", "disclose", "highlight"})


# What "cite" names when it names where something comes from, not a reason.
_CITED_SOURCES = frozenset({"source", "official", "report", "document", "article", "study", "survey", "poll", "data",
                            "record", "law", "treaty", "statute", "provision", "section", "clause", "rule",
                            "regulation", "precedent", "statement", "letter", "memo", "interview"})
# Verbs that give a name; what they put in quotation marks is a name, not words said.
_TITLE_VERBS = frozenset({"name", "nickname", "christen", "rename", "title"})
# Acts the news guideline lists as no quote, whatever their object (PolNeAR counts some): "appointed
# [him Foreign Secretary]", "filed [his intent to appeal]", "paid [tribute to Luk]", "sued [Trump to
# stop ...]", "voted [the first article]", "signed [the bill]", "sought [funding]", "offered [a prize]",
# "requested [support]", "has not conceded [the election]", "pursued [charges]", "withdrew [its
# warnings]", "was sentenced [to life in prison]".
_ACT_VERBS = frozenset({"appoint", "file", "pay", "sue", "vote", "sign", "seek", "offer", "request", "concede",
                        "pursue", "withdraw", "sentence", "nominate"})
# Who attacks with force, not words.
_ASSAILANTS = frozenset({"attacker", "assailant", "gunman", "shooter", "militant", "terrorist", "mob", "soldier",
                         "troop", "police", "officer", "dog", "shark", "bear"})
# A commitment, a refusal or a wish, not a statement: "agreed [to help]", "declined [to comment]",
# "wants [foreign forces to leave]".
_COMMITMENT_VERBS = frozenset({"agree", "decline", "want"})


def _guideline_act(doc: Doc, q: "Quote", span: Span | None) -> bool:
    """An act, a commitment or a wish the news guideline does not count as a quote: an act verb's
    object with no clause in it ("offered [no proof that ...]" stays a report); a commitment to do
    something ("agreed [to help]", "wants [forces to leave]", "declined [to comment]": saying nothing).
    Kept: "agreed [that ...]", a commitment to say or ask ("declined [to threaten Moscow]", "wanted
    [to know who ...]")."""
    cue = doc.char_span(q.cue_start_char, q.cue_end_char, alignment_mode="expand")
    if cue is None or span is None or not len(span) or cue.root.pos_ != "VERB":
        return False
    lemma = cue.root.lemma_.lower()
    if lemma in _COMMITMENT_VERBS:
        verb = span.root
        if verb.pos_ != "VERB" or not any(t.tag_ == "TO" and t.head.i == verb.i for t in span):
            return False
        says_nothing = lemma == "decline" and all(c.tag_ == "TO" for c in verb.children)  # "declined to comment"
        return says_nothing or cue_class(verb.lemma_) == "other"
    if lemma in _ACT_VERBS:
        if lemma == "request" and any(t.tag_ == "TO" and t.head.pos_ == "VERB" for t in span):
            return False  # "requested [the DNC to name a replacement]": a directive, words to someone
        return span[0].lower_ not in ("that", "if", "whether") and not _holds_clause(span)
    if lemma in ("plan", "intend", "schedule") and any(c.dep_ == "auxpass" for c in cue.root.children) \
            and any(c.dep_ == "xcomp" and any(g.tag_ == "TO" for g in c.children) for c in cue.root.children):
        return True  # "was planned [to end on Saturday]", "was intended [to be done in town-hall format]"
    if lemma in ("charge", "indict") and any(c.dep_ == "auxpass" for c in cue.root.children) \
            and _agent(cue.root) is None and span[0].lower_ != "that":
        return True  # "was charged with one count of murder": a legal charge, no one's words
    if lemma == "attack" and span.root.dep_ == "dobj" and (
            span.root.lower_ in ("others", "people", "passersby", "civilians")
            or any(c.dep_ == "nsubj" and c.lemma_.lower() in _ASSAILANTS for c in cue.root.children)):
        return True  # "attacked [people there]", "assailants attacked [him]": violence ("attacked Trump": words)
    if lemma == "issue" and span.root.lemma_.lower() in _RULINGS and span.root.dep_ == "dobj" and not _holds_clause(span) \
            and not any(t.lower_ == "that" and (t.dep_ == "mark" or t.i == span.root.i + 1) for t in span):
        # "issued [a ruling on the prorogation]", "issued [a hurricane warning for the Bahamas]": a
        # decision or an alert, not anyone's words, unless a clause says what it holds
        return True
    if lemma == "express" and span.root.dep_ == "dobj" and span.root.lemma_.lower() in _FEELINGS and not _holds_clause(span) \
            and not any(c.dep_ == "prep" and c.lower_ in ("at", "over", "about", "with", "toward", "towards", "for")
                        for c in span.root.children):
        # "expressed [sadness and extended condolences]": a feeling about nothing named ("expressed
        # outrage at [X]" stays: a view of X)
        return True
    if lemma == "claim" and span.root.dep_ == "dobj" and span.root.lemma_.lower() == "credit":
        return True  # "ISIS claimed [credit for the attack]"
    if lemma == "confirm" and _plain_noun_phrase(span):
        # "the Senate confirmed [him]": a nominee, not a fact confirmed ("confirmed [the deaths]")
        return span.root.pos_ == "PRON" and span.root.lower_ not in ("it", "this", "that") \
            or span.root.ent_type_ == "PERSON" or span.root.lemma_.lower() in coref.PERSON_NOUNS \
            or span.root.lemma_.lower() in ("nomination", "appointment")  # "confirmed [Pierluisi's nomination]"
    return False


def _holds_clause(span: Span) -> bool:
    """A complement clause in the span ("a motion claiming [the ban is unconstitutional]", "no proof
    [that Clinton had a role]"); a relative clause only describes a noun, so it does not count."""
    return any(t.dep_ == "ccomp" or t.dep_ in ("acl", "advcl") and any(c.dep_ in _SUBJ for c in t.children)
               for t in span)


_TALK_VERBS = frozenset({"speak", "talk", "tell", "inform", "notify", "brief"})


def _talked_about(doc: Doc, q: "Quote", span: Span) -> bool:
    """The content of "speak", "talk", "tell" or "inform" is only whom they spoke to or what about:
    no clause (a participle or a relative clause describing a noun is none), an object or an
    "about"/"of"/"on" phrase of the cue. So is whom someone confessed to ("confessed [to the
    police]"), and where a patient was admitted ("was admitted [to hospital]")."""
    cue = doc.char_span(q.cue_start_char, q.cue_end_char, alignment_mode="expand")
    if cue is not None and cue.root.lemma_ == "admit" and any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.root.children) \
            and any(c.dep_ == "prep" and c.lower_ == "to" for c in cue.root.children) and span[0].lower_ != "that":
        return True  # "was admitted [to Walter Reed Hospital]": a patient
    if cue is not None and cue.root.lemma_ in ("confess", "admit") and _plain_noun_phrase(span):
        root = span.root  # "confessed [to the police]": whom, not what
        return root.dep_ == "pobj" and root.head.lower_ == "to" and (
            root.ent_type_ in _SOURCE_ENTS or root.pos_ == "PRON" and root.lower_ not in ("it", "this", "that")
            or root.lemma_.lower() in coref.PERSON_NOUNS or root.lemma_.lower() in coref.ORG_NOUNS)
    if cue is None or cue.root.lemma_ not in _TALK_VERBS or span[0].lower_ in ("that", "to", "if", "whether"):
        return False
    relative = {t.i for r in span if r.dep_ == "relcl" and any(c.tag_ in ("WDT", "WP", "WP$") for c in r.children)
                for t in r.subtree}  # "her husband, [who was arrested in May]" (not "the federation [she did not ...]")
    if any(t.pos_ in ("VERB", "AUX") and not (t.dep_ == "acl" and t.tag_ == "VBN" or t.i in relative) for t in span):
        return False  # "told reporters [the plan was dead]", "told him [to leave]", "spoke of [X assuming ...]"
    root, verb = span.root, cue.root
    if root.head.i == verb.i and root.dep_ in ("dobj", "dative"):
        return root.lemma_.lower() not in SPEECH_OBJECTS  # "told [the story]" reports it
    return root.dep_ == "pobj" and root.head.lower_ in ("about", "of", "on", "regarding") and root.head.head.i == verb.i


def _plain_noun_phrase(span: Span) -> bool:
    """A noun phrase with no verb in it and no "that"/"to" before it: no proposition."""
    return span.root.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and span[0].lower_ not in ("that", "to") \
        and not any(t.pos_ in ("VERB", "AUX") for t in span)


# Verbs whose "with"/"of" phrase makes a judgement of someone ("charged X with fraud").
_CHARGING_VERBS = frozenset({"charge", "indict", "convict", "acquit", "clear", "suspect"})


def _subject_of_misread_relative(cue: Token) -> Token | None:
    """The name before a participle phrase when the parser reads the cue as a relative clause of
    the phrase's last noun: "Mitsotakis speaking to the Atlantic Council think tank called [the
    agreement "null and void"]" ("the think tank called ...", with "Mitsotakis" the subject of
    "speaking"). Only a cue in the past tense with an object or a clause of its own: "a think tank
    called Chatham House" names the tank."""
    if cue.dep_ != "acl" or cue.tag_ != "VBD" or not any(c.dep_ in ("dobj", "ccomp") for c in cue.children):
        return None
    host = cue.head
    for _ in range(3):  # tank -> to -> speaking
        if host.dep_ not in ("pobj", "prep", "dobj") or host.head.i == host.i:
            return None
        host = host.head
        if host.pos_ == "VERB":
            break
    if host.tag_ != "VBG" or host.i > cue.i:
        return None
    return next((c for c in host.children if c.dep_ == "nsubj" and c.ent_type_ in ("PERSON", "ORG", "NORP")), None)


def _subject_in_participle(cue: Token) -> Token | None:
    """The name a fronted participle phrase swallowed: "Speaking to AFP, the president of the
    League, Jamel Msallem, said ..." is parsed with both noun phrases in apposition to "AFP",
    leaving the verb without a subject. Only when the phrase runs up to the verb's comma."""
    if any(c.dep_ in _SUBJ for c in cue.children):
        return None
    for c in cue.children:
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i < cue.i and c.right_edge.i >= cue.i - 2:
            appos = [t for t in c.subtree if t.dep_ == "appos" and t.pos_ == "PROPN" and t.ent_type_ in ("PERSON", "ORG")
                     and t.right_edge.i < cue.i]
            if appos:
                return appos[-1]
    return None


# Marks of a condition or reason that opens a clause inside a reported one: part of the report.
_CONDITION_MARKS = frozenset({"if", "unless", "because", "since", "once", "until", "though", "although"})
_ADVERBIAL_MARKS = frozenset({"while", "although", "though", "because", "since", "when", "whereas", "after", "before",
                              "unless", "until", "once"})


# What a poll or a study shows is a finding it reports, not an act of its own (what a video shows
# is a scene: "a video showed [protesters throwing things]" is no one's report).
_EVIDENTIAL_VERBS = frozenset({"show", "reveal", "indicate", "suggest", "find", "put", "place"})
_EVIDENCE_NOUNS = frozenset({"poll", "survey", "study", "analysis", "average", "data", "record", "document", "report",
                             "figure", "research", "finding", "estimate", "count", "tally", "census", "test", "audit",
                             "review", "investigation", "model", "projection", "result"})


def _adverbial_lead(doc: Doc, cue: Token, start: int, end: int, frags) -> bool:
    """Words between the cue and the quote marks that only say when or where, with nothing after
    the marks: 'told the BBC after the verdict "My client is ..."'. A preposition and a few words
    with no verb, before quoted words that are a clause (not a title: 'ruled in regard to the case
    "Smith vs. Jones"')."""
    if doc.text[frags[-1][1]:end].strip(" ,.;:"):
        return False
    lead = doc.char_span(start, frags[0][0], alignment_mode="expand")
    quoted = doc.char_span(frags[0][0], frags[0][1], alignment_mode="expand")
    if lead is None or quoted is None:
        return False
    words = [t for t in lead if not (t.is_punct or t.is_space)]
    return 0 < len(words) <= 5 and words[0].i > cue.i and words[0].tag_ == "IN" \
        and words[0].lower_ in _TIME_PLACE_PREPOSITIONS and not any(t.pos_ in ("VERB", "AUX") for t in words) \
        and any(t.pos_ in ("VERB", "AUX") for t in quoted)


_TIME_PLACE_PREPOSITIONS = frozenset({"after", "before", "during", "following", "on", "at", "in", "from", "since"})


def _kind_by_marks(words: str) -> str:
    """A headline's quote kind: direct if quote marks hold (nearly) all its words, mixed if some."""
    marks = find_quote_spans(words)
    quoted = sum(sp.end - sp.start for g in marks for sp in g)
    return "direct" if quoted >= 0.9 * len(words) else "mixed" if marks else "indirect"


def _intent(doc: Doc, q: "Quote", span: Span) -> bool:
    """An infinitive reported as the subject's own intention or decision, not words or a thought:
    "wants [to triple the program]", "declined [to hear the case]", "his decision [to declare an
    emergency]". Not an order to others ("were ordered [to leave]"), nor an infinitive that is
    itself speech or thought ("continued [to question the budget]", "wanted [to know who ...]"),
    nor an attitude adjective ("reluctant [to raise taxes]")."""
    cue = doc.char_span(q.cue_start_char, q.cue_end_char, alignment_mode="expand")
    verb = span.root
    if cue is None or verb.pos_ not in ("VERB", "AUX") or cue.root.pos_ not in ("VERB", "NOUN"):
        return False
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.root.children):
        return False
    return cue_class(verb.lemma_) == "other" or verb.lemma_ == "continue"  # "planned [to continue to monitor]"


def _misread_ccomp(cue: Token, content: Token) -> bool:
    """A complement before the cue when a "that" clause follows it ("Writing for a panel that
    agreed Pence won, X noted that ..."), or when a semicolon sets it apart and a complement follows
    ("Many guests were Indian; the embassy confirmed two pilgrims died", "...; NATO guidelines call
    for 2%"): the parse went wrong, what follows the cue is what it reports."""
    if content.dep_ != "ccomp":
        return False
    if content.i > cue.i:
        # "declared an emergency [so he could fund a wall]": a purpose or a cause, not what was said
        return any(c.dep_ == "mark" and (c.lower_ == "so" or c.lower_ in _ADVERBIAL_MARKS and c.lower_ != "when")
                   and c.i == content.left_edge.i for c in content.children)
    if content.tag_ in ("VBD", "VBN") and not any(c.dep_ in _SUBJ or c.dep_ in ("aux", "auxpass") for c in content.children):
        return True  # "In a press release issued the next day, the ministry denounced X": a participle, no clause
    first = content.doc[content.left_edge.i]
    if first.dep_ == "mark" and first.lower_ in _ADVERBIAL_MARKS and (first.head == content or any(
            c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > cue.i for c in cue.children)):
        # "While he acknowledged X, Ham noted Y": an adverbial clause, not what was noted. A
        # reported clause that merely opens with one is still the report when the cue has no
        # complement after it: "While X might happen, that is cause for celebration, he said"
        return True
    if any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in content.children) and any(
            c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
        return True  # "On June 12, minutes before X voted ..., Trump claimed [Y]": a time clause
    doc = cue.doc
    apart = any(doc[k].text == ";" for k in range(content.right_edge.i + 1, cue.i))
    after = [c for c in cue.children if c.i > cue.i and (c.dep_ in ("ccomp", "dobj", "xcomp", "dative")
                                                         or c.dep_ == "prep" and c.lower_ == "for")]
    if apart and after:
        return True  # "Hungary spent 1.15% of its GDP; NATO guidelines call [for 2%]": a sentence of its own
    return any(c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ in ("that", "whether", "if")
                                         for g in c.children) for c in after)


def _short_content(doc: Doc, lo: int, hi: int) -> bool:
    """Whether content is worth a row; one or two tokens may be: what is endorsed, backed or
    declined is often a name or a phrase ("Cruz has endorsed [Trump]", "he declined [to
    comment]"), but a lone relative word or adverb is a misparse."""
    if hi - lo >= 2:
        return True
    words = [t for t in doc[lo:hi + 1] if not (t.is_punct or t.is_space)]
    if len(words) == 1:
        return words[0].tag_ not in ("WP", "WDT", "WRB", "DT", "IN", "RB", "UH", "CC")
    return bool(words)


# Words that name no one and so cannot be a speaker, though the parser may make them a
# subject: time expressions ("The first time she had seen him, she ..."), quantities.
_TIME_NOUNS = frozenset({"time", "day", "week", "month", "year", "decade", "century", "moment", "hour", "minute",
                         "night", "morning", "afternoon", "evening", "weekend", "era", "period", "season", "date"})
_NO_SPEAKER_ENTS = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "ORDINAL"})
_PLACES = frozenset({"GPE", "LOC", "FAC"})
# Media that carry someone's words: the author of "a series of tweets criticizing X" speaks.
_MEDIA = frozenset({"tweet", "post", "footage", "video", "clip", "recording", "photo", "picture", "image", "film"})
# Documents speak for whoever put them out ("Holt issued a statement saying X"), not for whoever
# received, obtained or read them ("the police received a letter saying X": the letter speaks).
_DOCUMENTS = frozenset({"statement", "letter", "memo", "email", "e-mail", "message", "release", "note",
                        "report", "finding", "findings", "study", "paper", "analysis", "survey"})
_ISSUING_VERBS = frozenset({"issue", "release", "send", "write", "post", "publish", "tweet", "put", "pen", "draft",
                            "sign", "circulate", "distribute", "deliver", "email", "fire", "dash"})
# Events at which someone speaks; they speak for whoever held them ("Giuliani held a press
# conference claiming X": Giuliani claims it, not "press conference").
_SPEAKING_EVENTS = frozenset({"conference", "briefing", "speech", "address", "interview", "rally", "event",
                              "meeting", "hearing", "call", "livestream", "broadcast"})
_HOLDING_VERBS = frozenset({"hold", "give", "host", "deliver", "call", "convene", "make", "stage", "organize",
                            "organise", "attend", "do", "grant"})
# Objects that make "claim" a taking, not a saying: "the virus claimed 6,606 lives", "claimed the title"
# ("claimed victory" says one won: a report).
_CLAIMED_THINGS = frozenset({"life", "victim", "title", "crown", "seat", "prize", "medal", "gold",
                             "silver", "bronze", "record", "championship", "trophy", "spot", "place", "toll", "cup",
                             "pole", "belt", "share", "stake"})
# Verbs with a small clause "VERB X doing": X does the speaking ("heard him saying", "left nations feeling").
_SMALL_CLAUSE_VERBS = frozenset({"hear", "see", "show", "watch", "catch", "leave", "find", "quote", "feature", "have"})
_DASHES = frozenset({"--", "\u2014", "\u2013", "\u2015"})
_SPACED_DASHES = _DASHES | {"-"}  # a hyphen between spaces is a dash too ("HOVE, England - Harbor officials")
_APPOSITION_MARKS = _SPACED_DASHES | {":"}


_NAMED = ("PERSON", "ORG", "NORP", "GPE")
_SOURCE_NOUNS = frozenset({"data", "datum", "figure", "report", "study", "survey", "poll", "analysis", "statement",
                           "estimate", "record", "document", "research", "count", "tally", "census", "tweet", "memo",
                           "post", "letter", "release", "filing", "video", "message"})


def _relative_antecedent(subj: Token) -> Token | None:
    """The noun a relative pronoun subject stands for: 'Li Wenliang, who tried to warn people',
    'Agence France-Presse, which cited sources' (the head of the relative clause)."""
    if subj.tag_ not in ("WP", "WDT") or subj.dep_ not in _SUBJ:
        return None
    clause = subj.head
    for _ in range(3):
        if clause.dep_ == "relcl":
            return clause.head if clause.head.pos_ in ("PROPN", "NOUN") else None
        if clause.dep_ not in ("xcomp", "conj", "ccomp") or clause.head.i == clause.i:
            return None
        clause = clause.head
    return None


def _named_in_description(doc: Doc, np: Span) -> Span | None:
    """The name a description carries: 'study co-author Karen Alley' (the parser cuts the phrase at
    the hyphen, leaving 'study co'), 'the director of X, Mariela Belski', 'data from the Gun
    Violence Archive'."""
    k = np.end
    while k < min(np.end + 4, np.sent.end) and not doc[k].ent_type_ and (
            doc[k].text in ("-", "‐", "‑") or doc[k].dep_ in ("compound", "amod")):
        k += 1
    if k > np.end and k < len(doc) and doc[k].ent_type_ == "PERSON" and doc[k].ent_iob_ == "B":
        return next((e for e in doc.ents if e.start == k), None)
    head = np.root
    if head.pos_ == "NOUN":  # "the director of Amnesty International, Mariela Belski, said": the
        # parser often hangs the name on the last noun of the "of" phrase instead of on "director"
        for t in head.subtree:
            if t.dep_ == "appos" and t.ent_type_ == "PERSON" and t.i > head.i:
                return next((e for e in doc.ents if e.start <= t.i < e.end), None)
    if head.lemma_.lower() in _SOURCE_NOUNS:
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ in _NAMED:
                        return next((e for e in doc.ents if e.start <= obj.i < e.end), None)
        # 'a statement released by the Supreme Court', 'a tweet on Monday by Mike Pompeo'
        for by in head.subtree:
            if by.i > head.i and by.lower_ == "by" and by.dep_ in ("agent", "prep") and (
                    by.head.dep_ == "acl" and by.head.head.i == head.i or by.head.dep_ == "pobj" and by.head.head.head.i == head.i):
                obj = next((c for c in by.children if c.dep_ == "pobj" and c.ent_type_ in _NAMED), None)
                if obj is not None:
                    return next((e for e in doc.ents if e.start <= obj.i < e.end), None)
    return None


_NOT_PERSON_ENTS = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP"})


def _title_or_body(tok: Token) -> bool:
    """A word naming an organisation or an office ("Centers", "Council", "Minister"), whose
    "for"/"on" phrase belongs to the name."""
    word = tok.lemma_.lower()
    return word in coref.ORG_NOUNS or word in coref.PERSON_NOUNS or word.endswith("s") and word[:-1] in coref.ORG_NOUNS


def _person_in_apposition(subj: Token) -> Span | None:
    """A named person set off by commas at the end of the subject, just before its verb: "The
    Institute's director, Dr. Anthony Fauci, said" (the parser may coordinate "director" with
    "Institute", so the name is not the subject's own appositive)."""
    doc = subj.doc
    verb = subj.head
    if subj.ent_type_ == "PERSON":
        return None  # "Charles Plotena, the mayor of Esperanza, Sultan Kudarat, announced": named already
    k = verb.i - 1
    while k > subj.i and (doc[k].is_punct or doc[k].is_space):
        k -= 1
    tok = doc[k]
    if k <= subj.i or tok.ent_type_ != "PERSON" or doc[k + 1].text != "," or tok.dep_ != "appos" and tok.head.dep_ != "appos":
        return None
    appos = tok if tok.dep_ == "appos" else tok.head
    described = appos.head
    if described != subj and not (described.dep_ == "conj" and described.head == subj) \
            and not (described.dep_ == "pobj" and described.ent_type_ in _NOT_PERSON_ENTS):
        # "The mother of the slain teenager, Trayvon Martin, said": Martin is the teenager; but
        # "the prosecutor general of Tehran, Ali Alghasi Mehr, said": no city is a person
        return None
    ent = next((e for e in doc.ents if e.start <= k < e.end), None)
    left = min(appos.left_edge.i, ent.start) if ent is not None else 0
    return ent if ent is not None and subj.i < left and doc[left - 1].text == "," else None


def _person_after_office(subj: Token) -> Span | None:
    """The person named at the end of an office that is the subject: "Director of National
    Intelligence Dan Coats said", "Ambassador to the United Nations Nikki Haley wrote" (the
    parser makes the name part of the "of"/"to" phrase)."""
    if subj.lower_ not in OFFICE_TITLES:
        return None
    end = subj.right_edge.i + 1
    return next((e for e in subj.doc.ents if e.label_ == "PERSON" and e.end == end and e.start > subj.i + 1), None)


def _description(np: Span) -> str:
    """An unnamed speaker as written, without a sentence's capital ('Officials said' and 'the
    officials said' are the same speaker in a GROUP BY)."""
    name = clean_name(np.text)
    first = np[0]
    nxt = first.nbor(1) if first.i + 1 < np.end else None
    if first.is_sent_start and first.pos_ == "NOUN" and not first.ent_type_ and not first.text.isupper() \
            and name[:1].isupper() and not (nxt is not None and nxt.text[:1].isupper()) \
            and first.text not in _inner_words(first.doc):
        # only a common noun: not "Austrian partner", "Supreme Court decision", nor a capital
        # the word keeps inside sentences too (a name the tagger missed: "Trump")
        name = name[:1].lower() + name[1:]
    return name


def _inner_words(doc: Doc) -> frozenset[str]:
    """The words the Doc has somewhere other than at a sentence's start (built once per Doc)."""
    cached = doc.user_data.get("newsflow_inner_words")
    if cached is None:
        cached = doc.user_data["newsflow_inner_words"] = frozenset(t.text for t in doc if not t.is_sent_start)
    return cached


def _cue_word_lemma(doc: Doc, q: Quote) -> str | None:
    """The lexicon lemma of a quote's cue word; None for a cue that is no word (quote marks, ':')."""
    if q.cue_start_char is None or q.cue_end_char is None or not any(c.isalpha() for c in q.cue or ""):
        return None
    span = doc.char_span(q.cue_start_char, q.cue_end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    words = [t for t in span if t.is_alpha]
    tok = span.root if span.root.is_alpha else (words[0] if words else span.root)
    return cue_lemma(tok.lemma_, tok.lower_)


# Nouns of saying whose "of" phrase is what was said ("claims of voter fraud", "reports of attacks").
_OF_CONTENT_NOUNS = frozenset({"claim", "allegation", "accusation", "report", "rumor", "rumour"})
# Accounts that a sentence-initial "By ..." phrase cites as its source ("By reports, ...").
_ACCOUNTS = frozenset({"report", "account", "tradition", "estimate", "count", "reckoning", "tally", "calculation"})


def _by_account(doc: Doc, in_quote) -> list[Token]:
    """A "By <account>," phrase that opens a sentence: "By reports, Biden won all three elections",
    "By one tradition, Charlemagne brought back the relic", "By NBC's count, Biden has 279 votes"."""
    out = []
    for sent in doc.sents:
        t = sent[0]
        if t.lower_ != "by" or t.dep_ != "prep" or in_quote[t.i] or t.head.pos_ not in ("VERB", "AUX"):
            continue
        account = next((c for c in t.children if c.dep_ == "pobj"), None)
        last = max(x.i for x in t.subtree)
        if account is not None and account.lemma_.lower() in _ACCOUNTS and last + 2 < sent.end \
                and doc[last + 1].text == ",":
            out.append(t)
    return out


def _hearsay_content(adverb: Token) -> list[int]:
    """What "reportedly" (or "allegedly") marks as reported: the clause it modifies without it
    ("Kimura [reportedly] made posts", "who [reportedly] works at the hall as a chef": not the
    relative pronoun), or the phrase it stands before ("health problems, reportedly [colon
    cancer]", "shot him dead, reportedly [outside a Boots store]"). Not a word it modifies
    inside a noun phrase ("the allegedly stolen car")."""
    doc, head = adverb.doc, adverb.head
    nxt = doc[adverb.i + 1] if adverb.i + 1 < len(doc) else None
    if head.i < adverb.i and doc[adverb.i - 1].text == "," and nxt is not None and nxt.head.i != adverb.i and nxt.pos_ in ("ADP", "NOUN", "PROPN", "NUM", "DET", "ADJ") \
            and not nxt.is_punct and (phrase := next((a for a in (nxt, *nxt.ancestors) if a.head.i == head.i), None)) is not None:
        # after its verb, before a phrase of the verb's: that phrase
        return [k.i for k in phrase.subtree if k.i > adverb.i]
    if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("amod", "compound"):
        return [k.i for k in head.subtree if k.i != adverb.i
                and not (head.dep_ == "relcl" and k.head.i == head.i and k.tag_ in ("WDT", "WP") and k.i < head.i)]
    if head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "ADP") and head.dep_ in ("appos", "conj", "attr", "advcl", "npadvmod", "prep", "acomp") \
            and head.i > adverb.i:
        return [k.i for k in head.subtree if k.i > adverb.i]
    return []


def _new_speaker_after(doc: Doc, sub: list[int], cut: list[int], cues: dict[int, str]) -> bool:
    """Whether `cut` stops `sub` before a coordinated report by a speaker of its own
    ("Reportedly, A, and an acquaintance said B")."""
    verb = next((doc[k] for k in sub[len(cut):] if cues.get(k) == "CUE_VERB"), None)
    return len(cut) < len(sub) and verb is not None and verb.dep_ == "conj" \
        and any(c.dep_ in _SUBJ for c in verb.children)


def _hearsay_worth(doc: Doc, sub: list[int]) -> bool:
    """More than one word ("surrounded and allegedly threatened [him]": the parser gave the object
    to the first verb, and "threatened" alone says nothing)."""
    return sum(not doc[k].is_punct for k in sub) > 1


def _per_source(doc: Doc, in_quote) -> list[Token]:
    """A "Per <source>," phrase that opens a sentence, as "According to" does: "Per the decree
    signed by the Pope, priests are expected to ...", "Per numbers reported by the AP, ...". Not a
    rate ("Per capita, ...", "Per person, the cost is ..."): the source has a determiner, an owner
    or a name, or is plural."""
    out = []
    for sent in doc.sents:
        t = sent[0]
        if t.lower_ != "per" or in_quote[t.i]:
            continue
        source = _per_phrase_source(t)
        if source is not None and _next_comma(t) + 2 < sent.end and source.lemma_.lower() not in _ARRANGEMENTS and (
                source.pos_ == "PROPN" or source.tag_ in ("NNS", "NNPS")
                or any(c.dep_ in ("det", "poss") for c in source.children)):
            out.append(t)
    return out


# What "per" follows when it means "as arranged by", not "as reported by" ("Per the request, Parliament
# would meet ...").
_ARRANGEMENTS = frozenset({"request", "plan", "agreement", "deal", "schedule", "order", "instruction", "contract",
                           "arrangement", "custom", "tradition", "usual", "norm", "protocol", "procedure", "wish"})


def _per_phrase_source(per: Token) -> Token | None:
    """The head noun of "Per X," (the words up to the comma), or None."""
    end = _next_comma(per)
    if end <= per.i + 1:
        return None
    root = per.doc[per.i + 1:end].root
    return root if root.pos_ in ("NOUN", "PROPN") else None


def _document_author(document: Token, verb: Token) -> Token:
    """Who speaks through "In <document>, <clause>": the clause's subject when it names someone
    ("In a statement issued Tuesday, Hillary Clinton was more circumspect", "In a widely read
    column, two Democratic speechwriters implored her"), else the document's owner ("In his 2002
    book, ..."), else the document itself ("In a new poll, most voters back X")."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and (subj.ent_type_ in ("PERSON", "ORG", "NORP") or subj.pos_ == "PROPN"
                             or subj.lower_ in _THIRD_PERSON or subj.lemma_.lower() in _AUTHOR_NOUNS):
        return subj
    return _issuer(document)


def _issuer(document: Token) -> Token:
    """Who issued a document: its owner ("his book"), its agent ("findings published by X",
    "the decree signed by the Pope"), else the document itself."""
    by = next((_agent(c) for c in document.children if c.dep_ == "acl" and c.tag_ == "VBN" and _agent(c) is not None), None)
    return next((c for c in document.children if c.dep_ == "poss"), None) or by or document


_THIRD_PERSON = frozenset(coref.PRONOUNS - coref.NEUTER - coref.FIRST)
_AUTHOR_NOUNS = frozenset(coref.PERSON_NOUNS | coref.ORG_NOUNS
                          | {"writer", "speechwriter", "columnist", "editor", "critic", "historian", "scholar"})


# Words the parser sometimes makes a sentence's subject that never name one ("Amongst reported
# incidents ...": "Amongst" as the subject of "reported").
_NOT_SUBJECT_WORDS = frozenset({"amongst", "among", "despite", "although", "though", "whereas", "during", "unlike",
                                "besides", "because", "whilst"})


_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _non_speaker(tok: Token) -> bool:
    """A subject that names no one: a time ("Saturday", "the first time"), an amount, or a
    stray dash ("public ―"). Ages ("the 46-year-old") and shares ("42%") do speak."""
    if tok.pos_ == "PUNCT" or tok.text in _DASHES or tok.lower_ in _NOT_SUBJECT_WORDS:
        return True
    if tok.ent_type_ in _NO_SPEAKER_ENTS and (not tok.like_num or _YEAR.fullmatch(tok.text)) and "old" not in tok.lower_:
        return True  # (a year read as a subject: "when announcing the arrest in May, 2018 identified him")
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in _TIME_NOUNS


# After a dateline's place: ", State", ", July 27", "(AP)", then a dash ("RANGOON, Burma —",
# "MYRTLE BEACH, S.C. - ", "WASHINGTON (AP) —", "PHILADELPHIA, July 27 --").
_DATELINE_REST = re.compile(r"[A-Z .'-]*(?:, *[A-Z][A-Za-z.]*(?: [A-Za-z.]+)?(?: \d{1,2})?)? *(?:\([A-Za-z .]+\))? *"
                            r"(?:--|-|\u2014|\u2013|\u2015) ?")
_DATELINE_TOKENS = 16  # how far a dateline's words reach on either side of one of them


def _dateline_end(tok: Token) -> int | None:
    """Where the text after a dateline starts, if `tok` is a word of one: an upper-case place that
    opens its line ('WASHINGTON -- President Obama said'), then at most a state, a date or an agency,
    then a dash."""
    if not (tok.text.isupper() and tok.text[0].isalpha() and len(tok.text) > 1):
        return None
    # The text around the word only: `doc.text` is rebuilt from every token on each access
    doc = tok.doc
    around = doc[max(0, tok.i - _DATELINE_TOKENS):tok.i + _DATELINE_TOKENS]
    text, base = around.text, around.start_char
    line_start = text.rfind("\n", 0, tok.idx - base) + 1
    if line_start == 0 and around.start > 0:
        return None  # the line starts further back: more than a place name before the word
    if not re.fullmatch(r"[A-Z .'-]*", text[line_start:tok.idx - base]):
        return None
    m = _DATELINE_REST.match(text, tok.idx - base + len(tok.text))
    return base + m.end() if m else None


def _is_dateline(tok: Token) -> bool:
    """'WASHINGTON -- President Obama said': a dateline's place is no speaker."""
    return _dateline_end(tok) is not None


def _after_dateline(tok: Token) -> Token | None:
    """The head of the noun phrase after a dateline's dash."""
    doc = tok.doc
    end = _dateline_end(tok)
    k = next((t.i for t in doc[tok.i:min(tok.i + 12, len(doc))] if t.idx >= end), None) if end is not None else None
    if k is None:
        return None
    first = next((doc[j] for j in range(k, min(k + 3, len(doc))) if doc[j].pos_ in ("PROPN", "NOUN", "PRON")), None)
    while first is not None and first.dep_ in ("compound", "flat", "amod", "nmod", "poss") and first.head.i > first.i:
        first = first.head
    return first


def _label_before_colon(subj: Token, cue: Token) -> bool:
    """'The Latest: Trump urges ...': a subject before a colon that precedes the cue is a label."""
    lo, hi = (subj.i, cue.i) if subj.i < cue.i else (cue.i, cue.i)
    return any(subj.doc[k].text == ":" for k in range(lo + 1, hi))


def _media_author(tok: Token) -> Token | None:
    """'Trump unleashed a series of [tweets]', 'Holt issued a [statement]', 'Giuliani held a press
    [conference]': the subject of the verb a media, document or event noun is the object of."""
    document = tok.lemma_.lower() in _DOCUMENTS
    event = tok.lemma_.lower() in _SPEAKING_EVENTS
    if tok.lemma_.lower() not in _MEDIA and not document and not event:
        return None
    h = tok
    for _ in range(4):
        if h.dep_ == "pobj" and h.head.dep_ == "prep":
            h = h.head.head
        elif h.dep_ == "dobj" and h.head.pos_ == "VERB":
            if document and h.head.lemma_.lower() not in _ISSUING_VERBS \
                    or event and h.head.lemma_.lower() not in _HOLDING_VERBS:
                return None
            return next((c for c in h.head.children if c.dep_ == "nsubj" and not _non_speaker(c)), None)
        else:
            return None
    return None


def _small_clause_subject(cue: Token) -> Token | None:
    """The doer of a gerund cue without a subject of its own, right after a person:
    'footage of Hillary Clinton asking, "..."', 'heard him saying', 'left many nations feeling
    that ...' (the object of a small-clause verb, or the person an "of" phrase shows)."""
    if cue.tag_ != "VBG" or cue.i == 0 or any(c.dep_ in _SUBJ for c in cue.children):
        return None
    prev = cue.doc[cue.i - 1]
    if prev.pos_ not in ("PROPN", "NOUN", "PRON") or _non_speaker(prev):
        return None
    if prev.dep_ == "pobj" and prev.head.lower_ == "of" and prev.ent_type_ in ("PERSON", "ORG", "NORP"):
        return prev
    if prev.dep_ == "dobj" and prev.head.lemma_ in _SMALL_CLAUSE_VERBS and prev.head.i < prev.i:
        return prev
    return None


def _misread_main_verb(tok: Token) -> Token | None:
    """The name a sentence's main verb was hung on as a participle: in "Senator John Smith, who
    chairs the committee, tweeted on Friday to say ...", the parser makes "Smith" the root and
    "tweeted" its modifier, so the verb has no subject; the name is who tweeted."""
    head = tok.head
    if tok.dep_ != "acl" or tok.tag_ not in ("VBD", "VBN") or head.dep_ != "ROOT" or head.i > tok.i \
            or tok.doc[tok.i - 1].text != "," or _non_speaker(head):
        return None
    # Only right after the name's relative clause or appositive and its closing comma: in "HLN,
    # once known as CNN Headline News, parted ways" the participle "known" is a real one.
    aside = next((c for c in head.children if c.dep_ in ("relcl", "appos") and c.right_edge.i == tok.i - 2), None)
    if aside is None:
        return None
    if head.pos_ == "PROPN" and head.ent_type_ in _NAMED or \
            head.pos_ == "NOUN" and aside.dep_ == "appos" and aside.ent_type_ == "PERSON":  # "Two analysts, A and B, found"
        return head
    return None


def _gerund_host(tok: Token) -> Token | None:
    """The verb whose subject does a gerund after a preposition: "called him a hero before
    [explaining] why", "took the step of [announcing] that" (via the object "step"), "was more
    forceful in [blaming] Iran" (via the adjective)."""
    if tok.dep_ != "pcomp" or tok.head.dep_ != "prep":
        return None
    host = tok.head.head
    if host.pos_ == "NOUN" and host.dep_ == "dobj" or host.pos_ == "ADJ" and host.dep_ == "acomp":
        host = host.head
    return host if host.pos_ in ("VERB", "AUX") and host.i != tok.i else None


def _before_colon(content: Token, cue: Token) -> bool:
    """'The news set off fireworks: Republicans said ...': a clause that ends in a colon before
    the cue introduces the report; it is not what the cue's subject said. Nor is one that ends in
    a semicolon ('All but one died; no deaths were reported on the ground')."""
    end = content.right_edge.i
    return end < cue.i and end + 1 < len(cue.doc) and cue.doc[end + 1].text in (":", ";") or \
        end + 1 < cue.i and cue.doc[end].text in (":", ";")


def _passive_report(cue: Token) -> bool:
    """A passive cue without an agent ("was charged with", "is expected to", "were asked to"):
    a report whose source the sentence does not name. Its passive subject is what is reported
    or who is addressed, never the speaker (except "he was quoted as saying")."""
    return (cue.lemma_ not in _PASSIVE_SPEAKS and _passive_subject(cue) is not None
            and not any(c.dep_ == "agent" for c in cue.children))


# Verbs of saying that report the clause an "as" clause hangs on ("as the Times noted").
_AS_REPORTS = frozenset({"say", "note", "report", "write", "tell", "explain", "argue", "claim", "state", "announce",
                         "confirm", "reveal", "acknowledge", "mention", "suggest", "predict", "warn", "recall",
                         "remark", "observe", "point", "tweet", "testify", "insist", "admit", "concede", "add"})


def _as_clause(cue: Token) -> bool:
    """'As the Times noted, X' / 'X, as she reported': the cue reports the clause it hangs on.
    Not "as protests continue" (no saying), "as he said he would" or "as expected"."""
    return cue.dep_ == "advcl" and cue.head.pos_ in ("VERB", "AUX") and cue.lemma_ in _AS_REPORTS \
        and any(c.dep_ == "mark" and c.lower_ == "as" and c.i < cue.i for c in cue.children) \
        and any(c.dep_ == "nsubj" for c in cue.children) \
        and not any(c.dep_ in ("ccomp", "xcomp", "dobj", "attr", "oprd", "acomp", "advcl") for c in cue.children)


def _clausal_subject(cue: Token) -> Token | None:
    """The people a participle describes, read as a clausal subject: "activists clamoring to
    block Trump say ..." is parsed as "[activists clamoring to block Trump] say"."""
    for c in cue.children:
        if c.dep_ == "csubj" and c.tag_ == "VBG" and c.i < cue.i:
            subj = next((g for g in c.children if g.dep_ == "nsubj" and g.i < c.i), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN") and not _non_speaker(subj):
                return subj
    return None


def _asked_participle(cue: Token) -> bool:
    """'(When) asked if X, he said ...': the one asked is the main clause's subject; who asked is
    not named (with 'by a host' the agent is)."""
    return cue.lemma_ == "ask" and cue.tag_ == "VBN" and cue.dep_ == "advcl" \
        and not any(c.dep_ in _SUBJ or c.dep_ in ("agent", "aux", "auxpass") for c in cue.children)


def _passive_subject(cue: Token) -> Token | None:
    """The passive subject of a cue, or of the verb a subjectless passive cue is coordinated with
    ("The victim was taken to hospital and [is reported] to be in critical condition")."""
    subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if subj is None and cue.dep_ == "conj" and any(c.dep_ == "auxpass" for c in cue.children) \
            and not any(c.dep_ in _SUBJ or c.dep_ in ("csubj", "csubjpass", "expl") for c in cue.children):
        subj = next((c for c in cue.head.children if c.dep_ in _SUBJ and c.i < cue.head.i), None)
    return subj


# Passive verbs that raise the subject of their infinitive ("X is expected to Y" = someone expects X to Y).
_RAISING = frozenset({"expect", "say", "believe", "think", "report", "suppose", "schedule", "project", "predict",
                      "rumor", "rumour", "allege", "presume", "understand", "estimate", "announce", "declare",
                      "confirm", "know", "fear"})
# Of those, the ones that raise only a state or a past ("was declared to have won", "is known to be"),
# not a purpose ("notices are declared to ask ...").
_RAISING_STATE = frozenset({"announce", "declare", "confirm", "know", "fear"})


def _raises(cue: Token, infinitive: Token) -> bool:
    """Whether a passive cue raises its infinitive's subject ("[X] is expected [to win]")."""
    if cue.lemma_ not in _RAISING:
        return False
    return cue.lemma_ not in _RAISING_STATE or infinitive.lemma_ == "be" or any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ in ("have", "be") for c in infinitive.children)


# Passive cues whose subject is the person addressed, not part of what is reported ("voters were
# urged to ...", "he was asked about ...").
_ADDRESSED = _ADDRESSEE_VERBS | {"want", "direct", "press", "persuade", "urge", "order", "instruct", "invite", "force",
                                 "advise", "pressure", "implore", "beg", "intend", "allow", "permit", "encourage"}


def _raised_subject(cue: Token) -> Token | None:
    """The passive subject of an agentless cue, which belongs to what is reported: a raising cue
    with an infinitive complement ("[Trump] is expected [to speak]") or a judgement ("[Reagan] was
    criticized [for trading ...]", "[crows] are considered [the 'homicide detectives']"), or the one
    told to act ("[voters] were urged [to vote]"); None where the subject is the one asked or
    challenged ("he was asked to resign", "were challenged to cut")."""
    infinitive = any(c.dep_ == "xcomp" and c.i > cue.i for c in cue.children)
    if cue.lemma_ in _ADDRESSED or cue.lemma_ == "call":
        # "[residents] were instructed [to evacuate]", "[Egypt was] called [to join]": who was told
        # to act is part of what was told (PolNeAR train: 9 of 10 such passives, but "ask" splits 3 to 5)
        if cue.lemma_ == "ask" or not infinitive:
            return None
    elif infinitive != (cue.lemma_ in _RAISING) and cue.lemma_ not in _RAISING_STATE:
        return None  # "were challenged to cut": the subject is addressed
    subj = _passive_subject(cue)
    if subj is None or subj.i > cue.i or subj.tag_ in ("WDT", "WP") or subj.lower_ == "it":
        return None  # "which is expected to", "it is expected to" (the clause is the content)
    return subj


def _according_source(cue: Token) -> Token | None:
    """X in "according to X"."""
    return next((p for c in cue.children if c.lower_ == "to" for p in c.children if p.dep_ == "pobj"), None)


def _according_phrase(cue: Token) -> set[int]:
    """'According to X': the cue and its source up to the comma, and a description of X set off
    by commas ("According to Dr. Tom Frieden, formerly the CDC's director, the pandemic ...",
    "According to AFP, which cited sources, ..."). The parser may hang the whole clause after
    the comma on X ("According to X, the move reeks of ..."), so X's subtree alone does not say
    where the phrase ends."""
    doc, sent, end = cue.doc, cue.sent, _next_comma(cue)
    phrase = {t.i for t in cue.subtree if t.i < end}
    source = _according_source(cue)
    while source is not None and end + 2 < sent.end:
        nxt = _next_comma(doc[end])
        if nxt >= sent.end:
            break
        seg, rest = doc[end + 1:nxt], doc[nxt + 1:sent.end]
        if len(seg) == 0 or len(rest) == 0:
            break
        describes = any(a.dep_ in ("appos", "relcl") and a.head.i == source.i for a in [seg[0], *seg[0].ancestors])
        relative = seg[0].lower_ in ("who", "which", "whose")
        finite = any(t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBG", "VBN") for t in seg)
        verb = next((t for t in rest if t.pos_ in ("VERB", "AUX")), None)
        # the clause after the description has its own subject ("..., the pandemic is"), unlike
        # "According to X, Wednesday's earthquake, at 6.3, was ..."
        subject = verb is not None and any(t.pos_ in ("NOUN", "PROPN", "PRON") and t.i < verb.i for t in rest)
        if not (describes and (relative or not finite) and subject):
            break
        phrase.update(range(end, nxt))
        end = nxt
    return phrase


def _next_comma(tok: Token) -> int:
    """Index of the first comma after `tok` in its sentence (or the sentence end): an opening
    "According to X," phrase ends there even when the parser hangs the clause's subject on X. A
    comma inside a name or a date is none ("According to a March 14, 2019 NATO press release, ...")."""
    sent = tok.sent
    return next((k for k in range(tok.i + 1, sent.end) if tok.doc[k].text == "," and tok.doc[k].ent_iob_ != "I"),
                sent.end)


def _starts_report(t: Token) -> bool:
    """A cue word after a reported clause opens a new attribution (", adding that", "and Smith
    said", ", he said", "as she noted") rather than continuing the clause: not when it sits in
    a relative or subordinate clause ("so he would not be accused", "which officials have
    said"), is passive, or is a further predicate of the same subject ("and asked for X")."""
    if t.lower_ == "according":
        return True
    if t.dep_ == "pcomp":
        return any(c.dep_ == "ccomp" for c in t.children)  # "before explaining why ..."
    if t.dep_ in ("relcl", "acl", "amod", "pobj", "xcomp", "csubj", "nsubj", "nsubjpass", "dobj", "compound"):
        return False
    if any(c.dep_ == "auxpass" for c in t.children):
        return False
    marks = [c.lower_ for c in t.children if c.dep_ == "mark"]
    if t.dep_ == "advcl" and marks and marks[0] in _SUBORDINATE_MARKS:
        return False  # "while Smith says ..." is a report of its own, "so he would not be accused" is not
    if t.dep_ == "conj" and not _own_report(t):
        return False
    return True


_HOST_MARKS = _SUBORDINATE_MARKS | {"as", "while"}


def _without_leading_comma(doc: Doc, run: list[int]) -> list[int]:
    """A content run that resumes after a left-out attribution starts at its first word: "But |
    he didn't" for 'But, as X noted, he didn't'."""
    x, y = run
    while x < y and doc[x].text in (",", ";"):
        x += 1
    return [x, y]


def _opening_report(cue: Token) -> bool:
    """"Al Jazeera reported on Thursday, coverage had risen to 55 percent": the attribution opens
    the sentence and a comma ends it, and the parser made it a complement of the clause it reports
    (which has a subject of its own after the comma)."""
    doc, head, end = cue.doc, cue.head, cue.right_edge.i + 1
    return cue.dep_ == "ccomp" and cue.lemma_ in _OPENING_CUES and cue.left_edge.i == cue.sent.start \
        and head.dep_ == "ROOT" and head.i > end and doc[end].text == "," and any(c.dep_ in _SUBJ for c in cue.children) \
        and any(c.dep_ in _SUBJ and c.i > end for c in head.children) \
        and not any(doc[k].text == ";" for k in range(end, head.right_edge.i + 1))  # one clause, not a series


# Verbs that open a sentence as "X reported on Monday, CLAUSE" (not "Students sang, ...").
_OPENING_CUES = frozenset({"say", "report", "announce", "state", "claim", "confirm", "write", "add", "note", "explain",
                           "warn", "insist", "argue", "estimate", "predict", "reveal", "tweet", "allege", "acknowledge",
                           "admit", "suggest", "indicate", "conclude", "find", "declare", "testify", "stress"})


def _fronted_as_clause(cue: Token) -> bool:
    """"As Reuters reported on Monday, the company ...": an "as" clause with a subject of its own,
    set off by a comma before the clause it reports (the "as" stands for what was reported). Not
    before a report of its own ("As rivals sparred, Sanders pointed out that ..." is a time)."""
    doc = cue.doc
    first, end = doc[cue.left_edge.i], cue.right_edge.i + 1
    return cue.dep_ == "advcl" and cue.i < cue.head.i and first.lower_ == "as" and first.head == cue \
        and any(c.dep_ == "nsubj" for c in cue.children) and end < len(doc) and doc[end].text == "," \
        and not any(c.dep_ == "ccomp" for c in cue.head.children)


def _host_after(cue: Token) -> Token | None:
    """The verb of the clause that hosts the cue's subordinate clause and goes on after it: "When
    Trump tweeted that X, Twitter [placed] ...", "The measure, addressing X, would [apply] ..."."""
    head = cue.head
    if cue.dep_ == "advcl" and head.i > cue.i and (
            any(c.dep_ in ("mark", "advmod") and c.i < cue.i and c.lower_ in _HOST_MARKS for c in cue.children)
            or cue.tag_ == "VBG" and cue.left_edge.i > 0 and cue.doc[cue.left_edge.i - 1].text == ","):
        return head  # marked ("When ..."), or a participle set off by commas ("Smith, saying X, [quit]")
    if cue.dep_ in ("acl", "relcl") and head.dep_ in _SUBJ and head.head.i > cue.i:
        return head.head
    return None


def _phrase_has(t: Token, wanted) -> bool:
    """Whether a token of `t`'s phrase satisfies `wanted`, leaving out the clauses the parser may
    hang on the phrase: in '"It's unanimous," councilmember Mark Levine said' the quote can come
    out as a clause of "councilmember", but the subject is "councilmember Mark Levine"."""
    stack = [t]
    while stack:
        tok = stack.pop()
        if wanted(tok):
            return True
        stack.extend(c for c in tok.children if c.dep_ not in ("ccomp", "parataxis", "advcl", "punct"))
    return False


def _quoted_report(t: Token, cues: dict, in_quote) -> bool:
    """A coordinated cue verb with quoted words of its own: 'saying he was "very encouraged"
    and calling it a "great meeting"' is two attributions, whatever the verb ("call" is a cue
    only next to quote marks)."""
    return cues.get(t.i) in ("CUE_VERB", "QUOTE_CUE_VERB") and t.dep_ == "conj" and t.pos_ == "VERB" \
        and any(in_quote[c.i] for c in t.subtree if c.i > t.i)


def _own_report(t: Token) -> bool:
    """A coordinated cue verb reports content of its own when it has its own subject ("and
    Smith said") or its own reported clause ("and added that ..."); "and asked for X" goes on
    with the first report."""
    return any(c.dep_ in _SUBJ or c.dep_ == "ccomp" for c in t.children)


def _runs(doc: Doc, idx: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs (first, last) of token indices, without punctuation at their edges."""
    out: list[tuple[int, int]] = []
    for i in sorted(idx):
        if out and i == out[-1][1] + 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    trimmed = []
    for a, b in out:
        while a <= b and (doc[a].is_punct or doc[a].is_space) and doc[a].text[0] not in "\"'\u201c\u2018\u00ab":
            a += 1
        while b >= a and (doc[b].is_punct or doc[b].is_space) and doc[b].text[0] not in "\"'\u201d\u2019\u00bb":
            b -= 1
        if a <= b:
            trimmed.append((a, b))
    return trimmed


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted character spans with overlapping ones merged."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _core_ends(doc: Doc, toks) -> tuple[int, int]:
    """First and last word of a quote's tokens, without its marks: the parser may put an opening
    mark at the end of the previous sentence (it reads '' as a closing quote), so the sentence of
    a quote is the sentence of its first word."""
    words = [i for i in toks if not (doc[i].is_punct or doc[i].is_space)]
    return (words[0], words[-1]) if words else (toks[0], toks[-1])


def _np_token(t: Token) -> bool:
    if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC") and not t.is_punct:
        return True
    if t.lower_ in coref.PERSON_NOUNS and t.i + 1 < len(t.doc) and t.doc[t.i + 1].ent_type_ == "PERSON":
        return True  # a title the tagger read as a verb: '", Caloundra coach Geoff Ingram said'
    return t.pos_ in _NP_POS and not t.is_punct and t.ent_type_ not in ("DATE", "TIME") and \
        not (t.pos_ == "PRON" and t.lower_ in ("that", "which", "who", "what", "this", "it"))


_TITLE_SMALL = {"the", "of", "and", "a", "an", "in", "on", "for", "to", "with", "at", "by", "from", "or", "&"}


_POSSESSIVE_BEFORE = re.compile(r"\w(?:['\u2019]s|s['\u2019])[ \t]*\Z")


def _looks_like_title(quoted: str) -> bool:
    """'"Meet the Press"', '"The Apprentice,"': short, every word capitalised, no sentence inside."""
    inner = quoted.strip("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e,. ")
    words = re.findall(r"[\w'\u2019\-]+", inner)
    if not words or len(words) > 7 or re.search(r"[.!?;:]", inner):
        return False
    caps = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(caps) and all(w[:1].isupper() or w[:1].isdigit() for w in caps)


def _line_index(text: str) -> list[int]:
    """Paragraph/line number of every character (lines separated by any newline)."""
    idx = [0] * (len(text) + 1)
    n = 0
    for k, ch in enumerate(text):
        idx[k] = n
        if ch == "\n" and (k + 1 >= len(text) or text[k + 1] != "\n"):
            n += 1
    idx[len(text)] = n
    return idx


@Language.factory("newsflow_quotes")
def make_quote_extractor(nlp: Language, name: str):
    return QuoteExtractor(nlp)
