"""Speech-cue lexicon for the quote extractor.

The learnt part comes from `transforms/data/speech_cues.txt`, built from PolNeAR train by
`scripts/build_cue_lexicon.py` (lemma statistics only, no text): a verb/noun lemma is a cue when
it was annotated as a cue at least `MIN_CUE` times and in at least `MIN_SHARE` of its occurrences.
A short hand list adds common reporting verbs that the 2016 US-politics corpus rarely uses
("quip", "exclaim"), and a hand list removes lemmas that are attribution cues in PolNeAR's broad
sense but not speech (perception/intent: "expect", "plan"), which a speech-focused news quote
extractor should not report.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "speech_cues.txt"
MIN_CUE = 3
MIN_SHARE = 0.30

EXTRA_VERBS = {
    "say", "tell", "add", "state", "claim", "argue", "note", "explain", "insist", "warn", "announce",
    "declare", "acknowledge", "admit", "affirm", "allege", "assert", "concede", "confirm", "contend",
    "deny", "disclose", "emphasise", "emphasize", "exclaim", "maintain", "mention", "predict", "promise",
    "quip", "recall", "remark", "reply", "respond", "retort", "reveal", "reiterate", "stress", "suggest",
    "testify", "tweet", "underline", "underscore", "urge", "vow", "write", "report", "comment", "complain",
    "shout", "whisper", "scream", "yell", "cry", "observe", "caution", "counter", "pledge", "threaten",
    "boast", "joke", "lament", "muse", "opine", "posit", "concur", "clarify", "elaborate", "recount",
    "describe", "ask", "wonder", "speculate", "estimate", "guarantee", "assure", "inform", "notify",
    "brief", "conclude", "demand", "propose", "recommend", "point", "hint", "imply", "indicate",
    "acknowledge", "agree", "disagree", "object", "protest", "reckon", "believe", "think", "fear",
    "hope", "worry", "feel", "question", "charge", "accuse", "criticise", "criticize", "praise",
    "blame", "dismiss", "reject", "welcome", "condemn", "denounce", "applaud", "thank", "apologize",
    "apologise", "confess", "swear", "proclaim", "preach", "plead", "beg", "order", "instruct",
    "advise", "repeat", "continue", "conclude", "stress", "signal", "telegraph", "relay", "exhort", "implore",
    "laud", "extol", "ridicule", "brand", "stipulate",
}
# PolNeAR cues that are not speech, or lemmatiser noise ("hop" from "hopes").
EXCLUDE = {
    "expect", "plan", "seek", "focus", "consider", "push", "support", "back", "vote", "release", "pass",
    "draw", "provide", "like", "cast", "share", "lay", "aim", "require", "determine", "compare", "embrace",
    "sound", "introduce", "file", "present", "understand", "nominate", "promote", "encourage",
    "hop", "favor", "favour", "recognize", "learn", "identify", "view", "address", "deliver", "sign",
    "allow", "decide", "name", "issue", "read", "post", "cite", "refer", "talk", "speak", "discuss",
    "endorse", "attack", "oppose", "defend", "offer", "know", "want", "call", "list", "echo", "portray",
    "highlight", "remember", "remind", "convince", "press", "advocate", "challenge", "accord",
}
# Verbs whose infinitive complement is the reported content ("urged Congress to act").
XCOMP_VERBS = {"promise", "vow", "pledge", "urge", "threaten", "ask", "call", "order", "instruct",
               "advise", "beg", "demand", "warn", "encourage", "tell", "swear", "decline", "refuse", "hope"}
# Nouns naming a speech act whose clause is the content ("his claim that ...").
EXTRA_NOUNS = {"claim", "statement", "assertion", "allegation", "suggestion", "warning", "promise",
               "pledge", "accusation", "argument", "insistence", "admission", "announcement", "comment",
               "remark", "contention", "charge", "prediction", "vow", "threat", "assurance", "denial"}
NOUN_EXCLUDE = {"support", "question", "interview", "concern", "call", "plan", "message", "view",
                "endorsement", "attention", "word", "opposition", "proposal", "response", "sign", "favor",
                "letter", "fear", "talk", "focus", "opinion", "advice", "reference", "defense", "goal",
                "stance", "note", "article", "post", "anxiety", "confidence", "discussion", "eye", "shot",
                "fire", "detail", "chant", "hope", "doubt", "criticism", "praise", "mention", "complaint",
                "suggestion", "consensus", "disagreement", "understanding", "notion", "belief", "speculation",
                "assumption", "scrutiny", "column", "critique", "fun", "demand", "stump", "surprise",
                "sentiment", "desire", "turn", "footage", "ruling", "enthusiasm", "backing", "aim", "passion",
                "estimate", "assessment", "disclosure"}


@lru_cache(maxsize=1)
def learnt() -> dict[tuple[str, str], tuple[int, float]]:
    """(lemma, POS) -> (times a cue, share of occurrences) from the data file."""
    out: dict[tuple[str, str], tuple[int, float]] = {}
    if not DATA.exists():
        return out
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lemma, pos, n, total, _share = line.split("\t")
        lemma = RELEMMA.get(lemma, lemma)  # rows of a mislemmatised form count for the real lemma
        a, b = counts.get((lemma, pos), (0, 0))
        counts[(lemma, pos)] = (a + int(n), b + int(total))
    for key, (n, total) in counts.items():
        out[key] = (n, round(n / total, 3) if total else 0.0)
    return out


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    verbs = {lemma for (lemma, pos), (n, share) in learnt().items()
             if pos == "VERB" and n >= MIN_CUE and share >= MIN_SHARE}
    return frozenset((verbs | EXTRA_VERBS) - EXCLUDE)


@lru_cache(maxsize=1)
def speech_nouns() -> frozenset[str]:
    nouns = {lemma for (lemma, pos), (n, share) in learnt().items()
             if pos == "NOUN" and n >= MIN_CUE and share >= MIN_SHARE}
    return frozenset((nouns | EXTRA_NOUNS) - NOUN_EXCLUDE)


# The lemmatiser reads "hopes/hoped/hoping" as forms of "hop": the learnt rows of "hop" are
# those of "hope", and the matchers look these surface forms up as "hope".
RELEMMA = {"hop": "hope"}
MISLEMMATISED = {"hopes": "hope", "hoped": "hope", "hoping": "hope"}


def cue_lemma(lemma: str, lower: str) -> str:
    """The lexicon lemma of a token (its lemma, or the right one for a mislemmatised form)."""
    return MISLEMMATISED.get(lower, lemma.lower())


# Cue classes, so users can keep to speech: PolNeAR's attributions also cover beliefs and
# intentions ("officials believe", "Moscow sought to fill the vacuum") and some actions its learnt
# frames pick up ("Washington withdrew its troops"), which a newsroom would not call quotes.
BELIEF = {"think", "believe", "feel", "hope", "fear", "worry", "expect", "know", "want", "doubt", "reckon",
          "wonder", "consider", "suspect", "assume", "understand", "view", "see", "hear", "learn", "realize",
          "realise", "remember", "recognize", "recognise", "plan", "intend", "wish", "seem", "appear", "find",
          "regard", "perceive", "classify", "characterize", "characterise",
          "belief", "opinion", "concern", "desire", "expectation", "sense", "feeling", "impression",
          "knowledge", "assumption", "speculation", "sentiment", "notion",  # verbs, then nouns, then adjectives
          "afraid", "aware", "confident", "sure", "certain", "convinced", "worried", "concerned", "hopeful",
          "optimistic", "pessimistic", "skeptical", "sceptical", "doubtful", "eager", "willing", "unaware", "wary"}
# Speech acts the indirect-quote lexicon leaves out (too broad as cues) but that are speech when they are one.
SPEECH_ACTS = {"call", "talk", "speak", "discuss", "cite", "echo", "post", "remind", "issue", "read", "address",
               "interview", "message", "letter", "question", "response", "proposal", "word", "criticism",
               "praise", "complaint", "demand", "suggestion", "mention", "endorse", "endorsement", "attack",
               "defend", "oppose", "challenge", "press", "advocate", "highlight", "list", "portray", "accord"}


# Cue verbs that are as often acts as speech: "posted a message" but "posted a time of 2:05:45",
# "issued a statement" but "issued a subpoena", "ruled that ..." but "ruled its attempt ...".
# Their report is speech only when it is a clause, quoted words or a speech noun (see
# `QuoteExtractor`'s class of a quote); else its class is "other".
ACT_OR_SPEECH = {"post", "project", "sentence", "order", "approve", "continue", "charge", "rule", "issue",
                 "chant", "list", "broadcast", "thank", "congratulate", "address", "answer", "credit",
                 "propose", "file", "release", "publish", "sign", "vote", "unveil", "launch", "respond", "read",
                 "spend", "pass", "adopt", "introduce", "submit", "reject", "dismiss", "decline", "refuse", "email",
                 "write", "label", "declare"}
# Objects that make such a verb's report speech ("issued a warning", "posted a message").
SPEECH_OBJECTS = {"statement", "message", "warning", "announcement", "apology", "remark", "comment", "appeal",
                  "plea", "call", "demand", "letter", "tweet", "post", "note", "memo", "notice", "advisory",
                  "alert", "response", "reply", "answer", "question", "speech", "declaration", "proclamation",
                  "ultimatum", "threat", "denial", "condemnation", "criticism", "praise", "thanks",
                  "congratulation", "greeting", "invitation", "report", "opinion", "verdict", "ruling", "judgment",
                  "decision", "guidance", "instruction", "recommendation", "proposal", "request", "complaint"}


# Adverbs that mark a clause as someone's report without naming them ("X reportedly did Y").
HEARSAY = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "reputedly"})


def cue_class(lemma: str | None) -> str:
    """'speech', 'belief' (thoughts, wishes, perceptions) or 'other' (anything else PolNeAR counts
    as an attribution) for a cue lemma; a quote without a cue word (marks, "Name:") is speech."""
    if not lemma:
        return "speech"
    lemma = lemma.lower()
    if lemma in BELIEF:
        return "belief"
    if lemma in speech_verbs() or lemma in speech_nouns() or lemma in SPEECH_ACTS or lemma in EXTRA_VERBS or lemma in HEARSAY:
        return "speech"
    return "other"


QUOTE_MIN_SHARE = 0.20
NOISE = {"accord"}  # "according to" is matched as a phrase


@lru_cache(maxsize=1)
def quote_cue_verbs() -> frozenset[str]:
    """The broader set used next to quote marks, where the marks are the evidence of speech:
    every learnt cue verb ("called him a \"liar\"", "described it as \"a disaster\"") plus the speech verbs."""
    verbs = {lemma for (lemma, pos), (n, share) in learnt().items()
             if pos == "VERB" and n >= MIN_CUE and share >= QUOTE_MIN_SHARE}
    return frozenset((verbs | speech_verbs()) - NOISE)


# Cue frames (rows `lemma<TAB>POS:frame`): a frame is used for indirect quotes when its span was an
# annotated content at least FRAME_MIN_N times in train and in at least FRAME_MIN_SHARE of its
# occurrences outside quote marks. A `POS:frame+src` row counts only occurrences whose subject could
# be a source; the extractor applies that frame only to such cues.
FRAME_MIN_N = 3
FRAME_MIN_SHARE = 0.2
# Frames of the speech verbs that are always accepted (rare verbs of other sources' style): the
# reported clause, and the topic of a speech act ("complained about X", "railed against X",
# "apologized for X"; not "on"/"in", which mostly give a time or place: "said on Monday").
SPEECH_FRAMES = ("ccomp", "prep_about", "prep_against", "prep_for")


# Frames the extractor got wrong more often than right on PolNeAR train (precision < 0.4 over >= 4
# predictions at overlap >= 0.3; together 57 right, 155 wrong): "passed [the bill]", "tend [to
# win]", "struggled [to find]", "the poll shows [in the lead]"...
WEAK_FRAMES = frozenset({
    ("aim", "prep_at"), ("align", "prep_with"), ("attempt", "acl_to"), ("describe", "prep_in"), ("design", "xcomp"),
    ("enjoy", "dobj"), ("pass", "dobj"), ("require", "xcomp"), ("say", "prep_about"), ("see", "prep_as"), ("see", "xcomp"),
    ("show", "prep_in"), ("stick", "prep_to"), ("struggle", "xcomp"), ("tend", "xcomp"), ("trade", "dobj"),
    ("walk", "dobj")})


# Adjectives of a stance or state of mind: "were acutely aware [that their man might be kept
# offstage]", "is skeptical [of the deal]", "worried [about X]", "reluctant [to act]". Each is rare,
# so few were learnt; together, outside the learnt frames, about three quarters of some 120 such
# phrases on PolNeAR train were annotated contents. Not "clear"/"unclear" ("it is unclear whether": no holder).
ATTITUDES = frozenset({
    "aware", "unaware", "concerned", "worried", "confident", "optimistic", "pessimistic", "hopeful", "convinced",
    "adamant", "sure", "certain", "skeptical", "sceptical", "supportive", "critical", "proud", "wary", "enamored",
    "appreciative", "fond", "upbeat", "vocal", "angry", "furious", "pleased", "happy", "unhappy", "disappointed",
    "frustrated", "excited", "enthusiastic", "nervous", "cautious", "doubtful", "sick", "tired", "mindful",
    "satisfied", "dissatisfied", "glad", "sorry", "afraid", "fearful", "anxious", "insistent", "emphatic",
    "uncertain", "unsure", "comfortable", "uncomfortable", "suspicious", "dismissive", "contemptuous"})
ATTITUDE_FRAMES = ("ccomp", "prep_about", "prep_of", "prep_with", "prep_at")
# Adjectives whose "to" clause is an intention: "reluctant [to act]" (not "certain to win").
# Not "determined": as often a passive ("was determined to have a blood clot").
INTENT_ADJECTIVES = frozenset({"willing", "unwilling", "reluctant", "eager", "keen", "hesitant"})


# Verbs of regarding: "sees [the issue as a way to win]", "[the tax] is seen as a burden". Their
# learnt "as" frame (the phrase alone) was weak; with its object or passive subject it is a view.
SEEING_AS = frozenset({"see", "view", "regard", "perceive"})
SEEING_AS_FRAMES = ("dobj_as", "pass_as")
# Verbs that class their object "as" something: a judgement when someone does it ("the WHO classified
# [the outbreak as a pandemic]"); a passive with no one is a category ("is classified as a Be star").
CLASSING_AS = frozenset({"classify", "characterize", "characterise"})


# Frames train has settled: seen often and mostly not an attribution ("called [an emergency
# meeting]": 48 of 320), or a frame of a common cue that was an attribution fewer than 3 times
# (no row: "called [firefighters to the scene]"). The learnt scorer does not take them back.
SETTLED_N = 100  # occurrences of the frame
SETTLED_LEMMA_N = 300  # occurrences of the lemma


def settled_weak(lemma: str, pos: str, frame: str) -> bool:
    rows = learnt()
    row = rows.get((lemma, f"{pos}:{frame}"))
    if row is not None:
        n, share = row
        return share < FRAME_MIN_SHARE and bool(share) and n / share >= SETTLED_N
    lemma_row = rows.get((lemma, pos))
    return lemma_row is not None and bool(lemma_row[1]) and lemma_row[0] / lemma_row[1] >= SETTLED_LEMMA_N


@lru_cache(maxsize=1)
def frame_rules() -> dict[tuple[str, str], frozenset[str]]:
    """(lemma, POS) -> the frames ("ccomp", "xcomp", "dobj", "prep_for", "that", ...) that mark content."""
    out: dict[tuple[str, str], set[str]] = {}
    for (lemma, pos), (n, share) in learnt().items():
        if ":" not in pos or n < FRAME_MIN_N or share < FRAME_MIN_SHARE or lemma in NOISE:
            continue
        p, frame = pos.split(":", 1)
        out.setdefault((lemma, p), set()).add(frame)
    for lemma in speech_verbs():
        out.setdefault((lemma, "VERB"), set()).update(SPEECH_FRAMES + (("xcomp",) if lemma in XCOMP_VERBS else ()))
    for lemma in SEEING_AS:
        out.setdefault((lemma, "VERB"), set()).update(SEEING_AS_FRAMES)
    for lemma in CLASSING_AS:
        out.setdefault((lemma, "VERB"), set()).add("dobj_as")
    for lemma in ("admit", "confess"):  # "confessed [to killing his sister]"
        out.setdefault((lemma, "VERB"), set()).add("prep_to")
    for lemma in ATTITUDES:
        out.setdefault((lemma, "ADJ"), set()).update(ATTITUDE_FRAMES)
    for lemma in INTENT_ADJECTIVES:
        out.setdefault((lemma, "ADJ"), set()).add("xcomp")
    return {k: frozenset(f for f in v if (k[0], f.removesuffix("+src")) not in WEAK_FRAMES) for k, v in out.items()}
