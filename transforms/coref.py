"""Light rule-based reference resolution: pronouns, descriptions and short names -> named mentions.

Pure functions over a parsed spaCy `Doc` (needs the parser and NER), reused by the quote
extractor and by entity resolution:

- `resolve(doc, span)` -> the named entity mention (`Span` from `doc.ents`) that `span` refers
  to, or None. `span` may be a name ("Russian Foreign Minister Sergei Lavrov" -> the PERSON
  "Sergei Lavrov"; "Uzbekistan's Defense Ministry" -> the ORG "Defense Ministry", i.e. the
  entity holding the phrase's head, not the possessor), a pronoun ("he" -> the nearest
  compatible earlier PERSON; "it" -> an ORG/GPE), a description ("the minister" -> the nearest
  earlier PERSON whose title contains "minister"; "the ministry" -> the nearest earlier ORG
  whose name contains "ministry") or a speech product ("the ministry statement" -> the ministry).
- `resolved_name(doc, mention)` -> the fullest name for a mention: a later short form "Lavrov"
  gives the longest earlier mention containing it, "Sergei Lavrov".

Compatibility: PERSON vs ORG/GPE/NORP from the pronoun (he/she -> PERSON; it -> ORG/GPE;
they -> ORG/NORP/GPE or a PERSON group), gender from titles (Mr/Mrs/Ms, king/queen, ...), a short
list of common first names and earlier pronoun use; salience prefers recent sentences,
grammatical subjects and the `prefer` hint (e.g. the previous quote's speaker).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from transforms.entities import clean_name, headline_end, strip_accents
from transforms.nlp import sentence_index

MALE = {"he", "him", "his", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
NEUTER = {"it", "its", "itself"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
FIRST = {"i", "me", "my", "we", "us", "our", "you", "your"}
PRONOUNS = MALE | FEMALE | NEUTER | PLURAL | FIRST

NAMED = ("PERSON", "ORG", "GPE", "NORP")
ORG_LABELS = ("ORG", "GPE", "NORP")

# Person descriptions ("the minister") and organisation descriptions ("the ministry").
PERSON_NOUNS = {
    "minister", "spokesman", "spokeswoman", "spokesperson", "president", "senator", "governor",
    "secretary", "official", "chairman", "chairwoman", "chair", "director", "leader", "candidate",
    "nominee", "ambassador", "chief", "premier", "general", "mayor", "representative", "congressman",
    "congresswoman", "lawmaker", "judge", "commander", "chancellor", "king", "queen", "prince",
    "princess", "ceo", "manager", "adviser", "advisor", "aide", "lawyer", "attorney", "professor",
    "researcher", "analyst", "officer", "head", "speaker", "sheriff", "coach", "author", "founder",
    "executive", "economist", "scientist", "expert", "activist", "host", "reporter", "businessman",
    "businesswoman", "billionaire", "candidate", "mogul", "owner", "prosecutor", "diplomat", "envoy",
    "pope", "actor", "actress", "singer", "player", "man", "woman", "doctor", "strategist", "pollster",
    "campaigner", "vice", "deputy", "boss", "father", "mother", "wife", "husband", "son", "daughter",
}
ORG_NOUNS = {
    "ministry", "department", "agency", "company", "government", "administration", "campaign",
    "committee", "party", "office", "police", "army", "military", "court", "council", "commission",
    "group", "organization", "organisation", "union", "firm", "bank", "board", "embassy", "network",
    "newspaper", "paper", "foundation", "institute", "university", "service", "authority",
    "authorities", "federation", "association", "center", "centre", "bureau", "parliament", "senate",
    "congress", "house", "kremlin", "pentagon", "team", "club", "corporation", "fund", "regime",
    "country", "state", "city", "outlet", "website", "site", "magazine", "station", "channel",
    "coalition", "alliance", "movement", "caucus", "force", "forces", "navy", "cabinet",
}
# Speech products whose author is the speaker: "the ministry statement said", "Trump's tweet read".
PRODUCT_NOUNS = {
    "statement", "report", "release", "letter", "memo", "tweet", "post", "email", "e-mail", "message",
    "communique", "announcement", "note", "filing", "document", "spokesman", "spokeswoman",
    "spokesperson", "website", "ad", "advertisement", "video", "speech", "remarks", "comments",
    "account", "blog", "editorial", "survey", "poll", "study", "analysis", "data",
}
MALE_TITLES = {"mr", "mr.", "king", "prince", "sir", "lord", "father", "brother", "husband", "son",
               "spokesman", "chairman", "congressman", "businessman", "pope", "uncle", "duke"}
FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "queen", "princess", "lady", "madam", "dame",
                 "mother", "sister", "wife", "daughter", "spokeswoman", "chairwoman", "congresswoman",
                 "businesswoman", "actress", "duchess", "first"}
# A modest list of frequent first names (English-language news); unknown names are gender-neutral.
MALE_NAMES = set("""
aaron adam ahmed alan albert alex alexander alexei ali andrew andy anthony antonio barack ben benjamin
bernie bill billy bob boris brad brian bruce carl carlos charles charlie chris christopher chuck colin
craig dan daniel dave david dennis dmitry don donald doug douglas ed eddie edward emmanuel eric frank
fred gary george gerald glenn greg gregory harry henry hugh ian ivan jack jacob james jason jeb jeff
jeffrey jeremy jerry jim jimmy joe joel john johnny jon jonathan jose joseph josh juan justin keith
ken kenneth kevin larry lee leon luis marco mark martin matt matthew michael mike mitch mohammed
muhammad narendra neil nick nicholas nigel olaf oliver omar patrick paul pedro peter phil philip
ralph ray raymond reince richard rick rob robert roger ron ronald rudy russell ryan sam samuel scott
sean sergei sergey stephen steve steven ted terry thomas tim timothy todd tom tony vladimir walter
wayne william xi yuri khan amir abdullah hassan hamid recep jair justin scott mike rand marco chris
""".split()) | set("""
abdul abraham adrian ahmad aidan alberto alejandro alessandro alfred alistair allen alvin andre andreas andrei
angelo anton antoine archie arnold arthur austin barry benedict benny bernard bert bjorn bobby bradley
brandon brendan brent brett bruno bryan byron caleb calvin carlo cedric cesar chad christian clarence
claude clayton clifford clint clive cody conor connor conrad cory curtis cyril dale damian damien darren
darryl dean declan derek desmond diego dimitri dominic dwayne dwight earl edgar edmund eduardo edwin elijah
elliot elon emil emilio enrique ernest ernesto ethan eugene evan fabio felix fernando floyd francesco
francis francisco franco franz freddie frederick gabriel gareth garrett gavin geoffrey gerard gerhard
giovanni giuseppe glen gordon graham grant guillermo gustavo guy hans harold harvey hector heinz herbert
herman hiroshi horace howard howie hugo humberto hunter ibrahim igor isaac ismail jamal jared javier jay
jens jeremiah jerome jesse joaquin joey johan johannes jorge josef joshua julian julio jurgen kareem karl
keir kenji kirk klaus kurt kyle kyriakos lance lars laurence lawrence leo leonard leonardo leroy lewis liam
lionel lloyd lorenzo louis lucas luca luigi luke malcolm manuel marcel marcus mario marvin mathew matthias
maurice max maxwell melvin miguel mikhail milton mitt mohamed mohammad morris moses nathan nathaniel ned
nelson nicolas nikolai noah norman oscar otto owen pablo pascal percy perry pete pierre rafael ramon randall
randy raul reggie reginald rex ricardo roberto rodney rodrigo roland rolf roman ross roy ruben rupert
salvador sanjay saul sebastian sergio seth shane shaun shinzo sidney simon stanley stefan stuart sven
thierry theo theodore toby travis trevor troy tyler umar usman vernon victor vincent viktor volodymyr wade
wallace warren wesley wilbur wilfred willie winston wolfgang yusuf yves zachary zach xavier rishi antony
gaspar gáspár hakeem jarrod
""".split())
FEMALE_NAMES = set("""
alice amanda amy andrea angela ann anna anne barbara betsy betty carly carol caroline catherine
cheryl christine claire donna dorothy elizabeth ellen emily emma evelyn hannah heather helen hillary
huma ivanka jane janet jennifer jessica jill joan judith julia julie karen kate katherine kathleen
kathy kelly kellyanne laura linda lisa liz lynn margaret maria marie marine martha mary megan
melania melanie michelle nancy natalie nicola nikki olivia pamela patricia rachel rebecca rose ruth
sandra sara sarah sharon stephanie susan tara teresa theresa tulsi ursula victoria virginia wendy
angela jacinda kamala condoleezza debbie diane elaine elena gina hope irene jo joanna judy kristen
""".split()) | set("""
abigail ada adele adriana agnes aileen aisha alexandra alicia alison allison amal amber amelia ana anastasia
angelina anita annabel annette antonia april ariana audrey ava beatrice belinda bernadette beth bethany
beverly bianca brenda bridget brigitte brittany brooke camilla candace carla carmen carolyn cassandra
catalina cecilia celine charlotte chelsea cherie chloe christina cindy clara claudia colleen connie
constance cora courtney crystal cynthia daisy daniela danielle daphne deborah deirdre delia denise diana
dolores doris edith eileen eleanor elisa elise eliza ella eloise elsa emilia erica erika erin esther eva
eve fatima felicity fiona florence frances francesca gabriela gabrielle gail georgia geraldine gertrude
gillian giselle gladys gloria grace greta gwen gwendolyn harriet hazel heidi helena hilary holly ida ilhan
ingrid irina iris isabel isabella isabelle jackie jacqueline jade janice jasmine jeanne jeannette jenna
jenny joanne jocelyn josephine joy joyce juanita julianne juliet june justine karina katarina kathryn
katie katrina kayla kristin kristina lara larissa latoya lauren leah leila lena lillian lily lindsay
lindsey liza lois lola lorena loretta lori louise lucia lucy luisa lydia mabel madeleine madison maggie
mandy marcia margot marian marianne marilyn marina marjorie marsha maureen maxine melissa mercedes meredith
mia mildred miranda miriam molly monica monique muriel nadia nadine naomi natasha nell nina nora norma olga
paige paola paula pauline pearl penelope penny phyllis priscilla priti rachael ramona regina renee rita
roberta rosa rosalind rosemary roxanne sabrina sally samantha selena serena sheila shelley sherry shirley
silvia simone sofia sonia sophia sophie stacey stella suzanne sylvia tamara tammy tanya tatiana thelma
tiffany tina valentina valerie vanessa vera veronica vicki viola violet vivian wanda yolanda yvonne zara
zoe svetlana sviatlana yulia oksana stormy
""".split())

_WINDOW_SENTS = 12  # how far back a pronoun / description looks, in sentences


def _ents(doc: Doc) -> list[Span]:
    key = "newsflow_coref_ents"
    cached = doc.user_data.get(key)
    if cached is None or len(cached) and cached[0].doc is not doc:
        title_end = headline_end(doc.text)  # a headline: its title-case words fool the NER
        cached = [e for e in doc.ents if e.label_ in NAMED and e.start_char >= title_end]
        doc.user_data[key] = cached
    return cached


def _antecedents(doc: Doc) -> tuple[list[Span], dict[int, Span]]:
    """What a pronoun or description may refer to: the named mentions, plus a person's surname
    alone where the NER left it out ("Maróth said", "Hawkins claimed", "Trump" opening a
    sentence, tagged a common noun); without those a later "he" skipped the sentence's subject
    for a name further back. Also, for each such surname (by its start), the first full name
    that ends with it, which it stands for."""
    key = "newsflow_coref_antecedents"
    ents = _ents(doc)
    cached = doc.user_data.get(key)
    if cached is None or cached[0] is not ents:
        first_full: dict[str, Span] = {}
        for e in ents:
            if e.label_ == "PERSON" and len(e) > 1 and e[-1].text[:1].isupper() and e[-1].text not in first_full:
                first_full[e[-1].text] = e
        stands_for: dict[int, Span] = {}
        if first_full:
            in_ent = {i for e in doc.ents for i in range(e.start, e.end)}
            for t in doc:
                full = first_full.get(t.text)
                if full is not None and t.i >= full.end and t.i not in in_ent \
                        and (t.pos_ == "PROPN" or t.pos_ == "NOUN" and t.is_sent_start):
                    stands_for[t.i] = full
        surnames = [Span(doc, i, i + 1, label="PERSON") for i in stands_for]
        cached = (ents, sorted(ents + surnames, key=lambda e: e.start) if surnames else ents, stands_for)
        doc.user_data[key] = cached
    return cached[1], cached[2]


def _sent_index(doc: Doc) -> list[int]:
    key = "newsflow_coref_sent_index"
    idx = doc.user_data.get(key)
    if idx is None or len(idx) != len(doc):
        idx = sentence_index(doc).tolist()
        doc.user_data[key] = idx
    return idx


_NOT_NAME_POS = {"ADV", "DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART", "PRON", "VERB", "AUX", "INTJ", "SPACE"}


def _words(text) -> list[str]:
    """Case-folded name words of a text or a span (a span drops edge words that are not name-like:
    "Later Lavrov" -> ["lavrov"])."""
    if isinstance(text, Span):
        a, b = text.start, text.end
        doc = text.doc
        while a < b - 1 and doc[a].pos_ in _NOT_NAME_POS:
            a += 1
        text = doc[a:b].text
    return list(_text_words(text))


@lru_cache(maxsize=4096)
def _text_words(text: str) -> tuple[str, ...]:
    # Cached: resolving a mention compares it with every earlier entity, so the same few
    # names are split again and again (a quarter of the quote component's time before).
    # Without accents: "Erdogan" is "Recep Tayyip Erdo\u011fan".
    folded = strip_accents(clean_name(text).casefold())
    return tuple(w for w in re.findall(r"[\w\-\.]+", folded) if w not in (".",))


def head_of(span: Span):
    """The syntactic head of a span (its root token)."""
    return span.root


def is_pronoun(span: Span) -> bool:
    return len(span) == 1 and span[0].lower_ in PRONOUNS


# words that end a person's name rather than continue it: "Joe Biden Campaign", "Mark Seidenberg Image"
_NOT_NAME_WORDS = frozenset(ORG_NOUNS | {"image", "photo", "video", "file"})


def extend_name(doc: Doc, ent: Span) -> Span:
    """A PERSON mention extended over directly following capitalised proper nouns the NER left out
    ("Amy Berman" + "Jackson")."""
    if ent.label_ != "PERSON":
        return ent
    end = ent.end
    # not past a possessive ("De La Fuente's Rocky 101 LLC") nor into a caption's label
    # ("Mark Seidenberg Image: AIP.")
    while end < len(doc) and end - ent.end < 2 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
            and not doc[end].ent_type_ and doc[end - 1].whitespace_ and doc[end - 1].tag_ != "POS" \
            and doc[end].lower_ not in _NOT_NAME_WORDS and not (end + 1 < len(doc) and doc[end + 1].text == ":"):
        end += 1
    return Span(doc, ent.start, end, label=ent.label) if end > ent.end else ent  # still a PERSON


def _ent_cache(doc: Doc) -> tuple[list[Span], list[tuple[Span, list[str]]], dict]:
    """(the named mentions, each as `extend_name` extends it with its name words, memoised
    resolved names), rebuilt whenever `_ents(doc)` is: every resolution compares its mention
    with each earlier entity."""
    key = "newsflow_coref_names"
    ents = _ents(doc)
    cached = doc.user_data.get(key)
    if cached is None or cached[0] is not ents:
        cached = (ents, [(x, _words(x)) for x in (extend_name(doc, e) for e in ents)], {})
        doc.user_data[key] = cached
    return cached


def resolved_name(doc: Doc, mention: Span) -> str:
    """The fullest name for `mention`: the longest mention up to it whose words contain its words."""
    names = _ent_cache(doc)[2]
    key = (mention.start, mention.end, mention.label)
    if key not in names:
        names[key] = _resolved_name(doc, mention)
    return names[key]


def _resolved_name(doc: Doc, mention: Span) -> str:
    """The first fuller name that contains the mention's words, then the longest later mention
    that contains that name: "Harris" after "Kamala Harris ... her father, Donald J. Harris" is
    Kamala Harris (a family member comes later, always with a first name); "Erdoğan" after
    "Tayyip Erdoğan ... Recep Tayyip Erdoğan" is the longer form."""
    words = _words(mention)
    if not words:
        return clean_name(mention.text)
    best = _name_text(mention)
    best_words = words
    person = None  # whether the mention is a person's name: worked out once a longer name contains it
    for e, ew in _ent_cache(doc)[1]:
        if e.start > mention.start:
            break
        if len(ew) > len(best_words) and _contains(ew, best_words):
            if person is None:
                person = effective_label(doc, mention) == "PERSON"
            if person and (e.label_ != "PERSON" or _CASE_NAME.intersection(ew)):
                # a person's surname ("Trump", tagged ORG) is not the name it modifies ("Trump
                # University") nor a court case ("Trump v. Trump", tagged PERSON)
                continue
            if mention.label_ == "PERSON" or e.label_ == "PERSON" or e.label_ == mention.label_:
                best, best_words = _name_text(e), ew
    return best


_CASE_NAME = frozenset({"v.", "v", "vs.", "vs"})


def _name_text(span: Span) -> str:
    a, b = span.start, span.end
    while a < b - 1 and span.doc[a].pos_ in _NOT_NAME_POS:
        a += 1
    name = clean_name(span.doc[a:b].text)
    if name.count("(") > name.count(")"):
        name += ")"  # "World Health Organization (WHO)" keeps its closing bracket
    return name


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def effective_label(doc: Doc, ent: Span) -> str:
    """The mention's label, correcting short forms the NER mislabels ("Lavrov's" tagged ORG) and
    a person's full name it tagged otherwise ("Carly Fiorina" as an ORG), with their short forms."""
    if ent.label_ == "PERSON" or _person_shaped(ent):
        return "PERSON"
    words = _words(ent.text)
    if 0 < len(words) <= 2 and _short_forms(doc).get(tuple(words), ent.start) < ent.start:
        return "PERSON"
    return ent.label_


def _short_forms(doc: Doc) -> dict[tuple[str, ...], int]:
    """Each run of one or two words inside a longer person's name, with where that name first
    starts: built once per Doc (a lookup per mention had scanned every earlier entity)."""
    key = "newsflow_coref_short_forms"
    ents = _ents(doc)
    cached = doc.user_data.get(key)
    if cached is None or cached[0] is not ents:
        first: dict[tuple[str, ...], int] = {}
        for e in ents:
            if e.label_ == "PERSON" or _person_shaped(e):
                words = _words(e.text)
                for n in (1, 2):
                    if len(words) > n:
                        for i in range(len(words) - n + 1):
                            first.setdefault(tuple(words[i:i + n]), e.start)
        cached = (ents, first)
        doc.user_data[key] = cached
    return cached[1]


def _person_shaped(ent: Span) -> bool:
    """Two or three capitalised words, the first a common first name, none a word for a body
    ("Carly Fiorina"; not "Jordan Department", "Hillary for America")."""
    words = [t for t in ent if not t.is_punct]
    return 2 <= len(words) <= 3 and all(t.is_title and t.is_alpha for t in words) \
        and (words[0].lower_ in MALE_NAMES or words[0].lower_ in FEMALE_NAMES) \
        and not any(t.lower_ in ORG_NOUNS or t.lower_ in _BODY_WORDS for t in words)


_BODY_WORDS = frozenset({"for", "of", "and", "inc", "ltd", "llc", "corp", "co", "group", "media", "news", "times",
                         "post", "airlines", "motors", "foods", "bank", "capital", "partners", "associates"})


def _entity_in(doc: Doc, span: Span) -> Span | None:
    """The named mention inside `span` that holds its head (or, failing that, the best one)."""
    inside = [e for e in _ents(doc) if e.start >= span.start and e.end <= span.end]
    if not inside:
        return None
    root = span.root
    for e in inside:
        if e.start <= root.i < e.end:
            return e
    # "Afghanistan's northern neighbor Uzbekistan": a name in apposition to the head
    for c in root.children:
        if c.dep_ in ("appos", "compound", "flat", "nmod", "npadvmod") and c.i > root.i or c.dep_ == "appos":
            for e in inside:
                if e.start <= c.i < e.end and e.label_ in NAMED:
                    return e
    # Head outside any entity ("Clinton's campaign" head campaign, "the Trump administration")
    if root.lemma_.lower() in ORG_NOUNS | PRODUCT_NOUNS or root.ent_type_ == "":
        # a possessor / compound entity names the owner; a person's spokesman is still not the person
        if root.lemma_.lower() in PERSON_NOUNS:
            return None
        persons = [e for e in inside if effective_label(doc, e) == "PERSON"]
        orgs = [e for e in inside if e.label_ == "ORG"]
        # a nationality names no one: "the German government" is not "German"
        others = [e for e in inside if e.label_ != "NORP"]
        if root.lemma_.lower() in PRODUCT_NOUNS:
            return (persons or orgs or others or [None])[-1]
        return (orgs or persons or others or [None])[-1] if root.lemma_.lower() in ORG_NOUNS else None
    return None


def gender_of(doc: Doc, ent: Span) -> str | None:
    """'m', 'f' or None for a PERSON mention, from titles before it and its first name."""
    toks = [t.lower_.rstrip(".") for t in doc[max(ent.start - 3, 0):ent.start]] + [t.lower_.rstrip(".") for t in ent]
    for t in toks:
        if t in ("mr", "sir", "king", "prince", "lord", "father", "brother", "husband", "son", "spokesman", "chairman", "congressman", "businessman"):
            return "m"
        if t in ("mrs", "ms", "miss", "queen", "princess", "lady", "madam", "dame", "mother", "sister", "wife", "daughter", "spokeswoman", "chairwoman", "congresswoman", "businesswoman", "actress"):
            return "f"
    name = resolved_name(doc, ent).split()
    if name:
        first = name[0].casefold()
        if first in MALE_NAMES:
            return "m"
        if first in FEMALE_NAMES:
            return "f"
    return _pronoun_gender(doc).get(ent[-1].lower_)


def _pronoun_gender(doc: Doc) -> dict[str, str]:
    """Surname -> 'm' or 'f' from the pronouns the text uses for it: the first "he" or "she" as a
    subject after a mention of the person as a subject in the same sentence, with no other person
    between ("Keyworth was on the board, and he was fired up": Keyworth is a man; not "X grabbed
    her", "On Twitter, she"). Only where the text agrees with itself."""
    key = "newsflow_coref_pronoun_gender"
    cached = doc.user_data.get(key)
    if cached is not None:
        return cached
    votes: dict[str, list[int]] = {}
    persons = [e for e in _ents(doc) if e.label_ == "PERSON" or _person_shaped(e)]
    for n, e in enumerate(persons):
        if not _is_subject(e):
            continue
        nxt = persons[n + 1].start if n + 1 < len(persons) else len(doc)
        for t in doc[e.end:min(e.sent.end, nxt)]:
            if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
                v = votes.setdefault(e[-1].lower_, [0, 0])
                v[0 if t.lower_ == "he" else 1] += 1
                break
    out = {k: ("m" if m > f else "f") for k, (m, f) in votes.items() if (m == 0) != (f == 0)}
    doc.user_data[key] = out
    return out


def _title_context(doc: Doc, ent: Span) -> str:
    """Words around a PERSON mention that carry its title: up to 5 before, an appositive after."""
    sent = ent.sent
    left = doc[max(sent.start, ent.start - 5):ent.start].text.casefold()
    right = ""
    if ent.end < sent.end and doc[ent.end].text == ",":
        right = doc[ent.end:min(sent.end, ent.end + 8)].text.casefold()
    return left + " " + right


SUBJECT_BONUS = 1.5
EMBEDDED_SUBJECT_BONUS = 0.75


def _is_subject(ent: Span) -> bool:
    """The subject, its owner or modifier, or its appositive ("Bloomberg's pollster, Douglas Schoen, says")."""
    return ent.root.dep_ in ("nsubj", "nsubjpass") or (ent.root.dep_ in ("compound", "poss", "appos")
                                                       and ent.root.head.dep_ in ("nsubj", "nsubjpass"))


def _salience(doc: Doc, ent: Span, ok) -> float:
    """How likely a later pronoun is to refer to `ent`, beyond its distance: a subject most; the
    subject of a clause inside another less when the main clause's subject is a name the pronoun
    could also refer to ("Trump argued Biden had lost ... He challenged Biden": Trump; but
    "This was the first time Flynn spoke ... He said", "PBS revealed that the prince ... he said")."""
    if _in_topic(ent):
        return SUBJECT_BONUS  # "As for Trump, he ..."
    if not _is_subject(ent):
        return 0.0
    subj = ent.root if ent.root.dep_ in ("nsubj", "nsubjpass") else ent.root.head
    verb = subj.head
    while verb.dep_ == "conj":
        verb = verb.head
    if verb.dep_ == "ROOT":
        return SUBJECT_BONUS
    at = _ent_at(doc)
    main = verb.sent.root
    rivals = [at[c.i] for c in main.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in at]
    return EMBEDDED_SUBJECT_BONUS if any(ok(e) for e in rivals) else SUBJECT_BONUS


def _ent_at(doc: Doc) -> dict[int, Span]:
    """Token index -> the `_ents` span holding it (cached on the Doc)."""
    key = "newsflow_coref_ent_at"
    cached = doc.user_data.get(key)
    if cached is None:
        cached = {i: e for e in _ents(doc) for i in range(e.start, e.end)}
        doc.user_data[key] = cached
    return cached


def _objects_of_its_verb(pronoun: Token) -> set[str]:
    """The names a subject pronoun cannot be: the objects of its own verb ("He challenged Biden":
    he is not Biden), as lower-case last words."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return set()
    verb = pronoun.head
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    # and the names in its own phrases, however deep ("In an interview with Dawn, she said":
    # not Dawn), but not in a clause inside them ("After meeting Obama, he ...")
    objects += [g for c in verb.children if c.dep_ == "prep" and not _topic(c) for g in c.subtree if g.dep_ == "pobj"
                and not any(a.pos_ in ("VERB", "AUX") for a in _path_up(g, c))]
    # and the objects of a participle clause the pronoun is the subject of ("Campaigning against
    # Mitt Romney, he said": not Romney)
    for c in verb.children:
        if c.dep_ == "advcl" and c.tag_ in ("VBG", "VBN") and not any(g.dep_ in ("nsubj", "nsubjpass", "mark") for g in c.children):
            objects += [g for g in c.children if g.dep_ in ("dobj", "dative")]
            objects += [o for g in c.children if g.dep_ == "prep" for o in g.children if o.dep_ == "pobj"]
    return {o.lower_ for o in objects if o.pos_ == "PROPN"}


def _topic(prep: Token) -> bool:
    """ "As for Trump, he was subdued", "For Martin, it makes no difference": the phrase names
    who the sentence is about."""
    doc = prep.doc
    return prep.lower_ == "for" and prep.i > 0 and doc[prep.i - 1].lower_ == "as" \
        or prep.lower_ == "as" and any(c.lower_ == "for" for c in prep.children) \
        or prep.lower_ == "for" and prep.is_sent_start and doc[prep.right_edge.i + 1:prep.right_edge.i + 2].text == ","


def _in_topic(e: Span) -> bool:
    head = e.root.head
    return e.root.dep_ == "pobj" and head.dep_ in ("prep", "pcomp") and (
        _topic(head) or head.lower_ == "for" and head.head.lower_ == "as" and _topic(head.head))


def _path_up(tok: Token, top: Token) -> list[Token]:
    """The tokens from `tok`'s head up to, not including, `top` (an ancestor of `tok`)."""
    path = []
    while tok.head.i != tok.i and tok.head != top:
        tok = tok.head
        path.append(tok)
    return path


_LOCATIVE = frozenset({"in", "at", "near", "across", "throughout", "into", "outside", "inside", "around", "from",
                       "to", "over", "within", "between", "off"})


def _a_place_named(e: Span) -> bool:
    """A place named as where something is ("in Manhattan", "to Tehran"), which "it" does not
    speak for; as a subject or owner ("Iran said", "Iran's statement") it may."""
    return e.label_ == "GPE" and e.root.dep_ == "pobj" and e.root.head.lower_ in _LOCATIVE


_RAISING = frozenset({"appear", "seem", "look", "sound", "remain", "turn"})


def _extraposed(it: Token) -> bool:
    """ "It is worth noting that ...", "it is clear that ...", "It appears that ...": an "it" that
    stands for a clause."""
    head = it.head
    if it.dep_ in ("nsubj", "expl") and head.lemma_ in _RAISING and any(c.dep_ == "ccomp" for c in head.children):
        return True
    if it.dep_ not in ("nsubj", "expl") or head.lemma_ != "be":
        return False
    preds = [c for c in head.children if c.dep_ in ("acomp", "attr")]
    return bool(preds) and any(c.dep_ in ("ccomp", "xcomp", "advcl") for h in (head, *preds) for c in h.children)


def _modifies_one(e: Span) -> bool:
    """A name used as the modifier of one person or thing, which "they" or "it" cannot be: "the
    Italian minister", "a Cheltenham man", "a Boeing 737 Max" (but "the Montreal team", "Thames
    Valley Police officers")."""
    head = e.root.head
    return e.root.dep_ in ("amod", "compound", "nmod") and head.i != e.root.i and head.lemma_.lower() not in ORG_NOUNS \
        and (head.tag_ == "NN" or head.tag_ == "NNP" and head.ent_type_ != "ORG")  # "a Boeing 737 Max"


def _unnamed_group_score(doc: Doc, span: Span) -> float | None:
    """The best score (as `_candidates` scores) of a plural common noun that is a subject, or of
    two names joined by "and", before `span`, in its sentence or the two before: "The
    researchers, from the University of Bristol, found ... They said": the researchers, who have
    no one name, not the university."""
    sidx = _sent_index(doc)
    here = sidx[span.start]
    best = None
    in_ent = _ent_at(doc)
    k = span.start - 1
    while k >= 0 and here - sidx[k] <= 2:
        t = doc[k]
        plural_noun = t.tag_ == "NNS" and k not in in_ent and t.lemma_.lower() not in ORG_NOUNS \
            and not _of_a_name(t, in_ent)
        # ("police", "authorities" may be a named body's; "the members of the Security Council" are it)
        named_pair = k in in_ent and t == in_ent[k].root \
            and any(c.dep_ == "conj" and c.i in in_ent and in_ent[c.i].root == c for c in t.children)
        # ("Grassley and Leahy say ... they", "American Airlines and JetBlue ... they": no one name)
        subject = t.dep_ in ("nsubj", "nsubjpass")
        if plural_noun and subject or named_pair:
            score = -(here - sidx[k]) + (SUBJECT_BONUS if subject else 0.0)
            best = score if best is None else max(best, score)
        k -= 1
    return best


def _of_a_name(t: Token, in_ent: dict) -> bool:
    """ "members of the Security Council": a plural noun whose "of" phrase holds a name."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and g.i in in_ent for g in c.children)
               for c in t.children)


_CHAIN_SENTS = 3  # how far back a "he" looks for an earlier "he" it continues
_CHAIN_HOPS = 200  # and how many "he"s back a chain is followed


def _same_pronoun_before(doc: Doc, pronoun: Token, ok, quoted: list[tuple[int, int]] | None) -> Token | None:
    """The earlier subject "he" (or "she") that a subject "he" continues, when no name it could
    refer to is a subject in between: "Clinton appeared to gain most ... She skirted the question
    about the Obama administration ... she said" is Clinton, not Obama. Names as objects, owners
    or in quoted words do not break the chain, except in the pronoun's own sentence ("And as for
    Trump, he was subdued"); the words of a quote are not searched."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    sidx = _sent_index(doc)
    floor = next((s for s in range(pronoun.i, -1, -1) if sidx[s] < sidx[pronoun.i] - _CHAIN_SENTS), -1)
    at = _ent_at(doc)
    starts = [a for a, _ in quoted or []]
    for k in range(pronoun.i - 1, floor, -1):
        t = doc[k]
        if quoted and (q := bisect.bisect_right(starts, t.idx) - 1) >= 0 and t.idx < quoted[q][1]:
            continue
        e = at.get(k)
        if e is not None and e.start == k and ok(e) and (
                _is_subject(e) and _main_clause(e.root.head if e.root.dep_.startswith("nsubj") else e.root.head.head)
                or _in_topic(e) or sidx[k] == sidx[pronoun.i] and gender_of(doc, e) is not None):
            return None  # "Clinton said ... She added": the name, found the usual way
        if t.lower_ == pronoun.lower_ and t.dep_ in ("nsubj", "nsubjpass") and _main_clause(t.head):
            return t  # (not "... to show that he is a conservative": someone else's clause)
    return None


def _main_clause(verb: Token) -> bool:
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ == "ROOT"


def _outside(quoted: list[tuple[int, int]], ok):
    """`ok`, and not inside any of the sorted `quoted` character spans."""
    starts = [a for a, _ in quoted]

    def outside_and_ok(e: Span) -> bool:
        k = bisect.bisect_right(starts, e.start_char) - 1
        return not (k >= 0 and e.end_char <= quoted[k][1]) and ok(e)

    return outside_and_ok


def _candidates(doc: Doc, span: Span, ok, prefer: list[Span] | None = None,
                unnamed: float | None = None, quoted: list[tuple[int, int]] | None = None) -> Span | None:
    """The best-scoring earlier mention that passes `ok` and is not in `quoted` words; None if
    there is none, or if an unnamed antecedent scores `unnamed` or more."""
    sidx = _sent_index(doc)
    here = sidx[span.start]
    best, best_score = None, None
    if quoted:
        ok = _outside(quoted, ok)
    prefer_keys = set()
    for p in prefer or []:
        prefer_keys.add(tuple(_words(p.text))[-1:])
    antecedents, stands_for = _antecedents(doc)
    for e in antecedents:
        if e.end > span.start:
            break
        d = here - sidx[e.start]
        if d > _WINDOW_SENTS or not ok(e):
            continue
        score = -d + _salience(doc, e, ok)
        if prefer_keys and tuple(_words(e.text))[-1:] in prefer_keys:
            score += 1.0
        if best_score is None or score >= best_score:
            best, best_score = e, score
    if best is not None and unnamed is not None and unnamed >= best_score:
        return None
    return stands_for.get(best.start, best) if best is not None and len(best) == 1 else best


def resolve(doc: Doc, span: Span, prefer: list[Span] | None = None,
            quoted: list[tuple[int, int]] | None = None) -> Span | None:
    """The named mention `span` refers to (a `doc.ents` span), or None when unresolved.

    `prefer` lists mentions to favour among compatible candidates (e.g. recent speakers);
    `quoted`, sorted (start_char, end_char) spans of quoted words, whose names a pronoun does
    not refer to ('"Kaine lied," he said': he is not Kaine).
    """
    if span is None or len(span) == 0:
        return None
    inside = _entity_in(doc, span)
    if inside is not None:
        return inside
    root = span.root
    low = root.lower_
    lemma = root.lemma_.lower()
    if root.pos_ == "PROPN" and root.text[:1].isupper():
        # a name the NER missed ("Okafor said"): an earlier mention containing it
        names = [t for t in span if t.pos_ == "PROPN" and t.text[:1].isupper() and (t.i == root.i or t.head.i == root.i)]
        words = _words(" ".join(t.text for t in names))
        if words:
            found = None
            ents, extended, _ = _ent_cache(doc)
            for e, (_, ew) in zip(ents, extended):
                if e.start >= span.start:
                    break
                if _contains(ew, words):
                    found = e
            if found is not None:
                return found
    if len(span) == 1 and root.pos_ == "NOUN" and root.text[:1].isupper() and root.text[1:].islower():
        # a surname the tagger took for a common noun at a sentence's start ("Trump characterized
        # the call as ..."): the latest earlier person whose name ends with it
        found = None
        for e in _ent_cache(doc)[0]:
            if e.start >= span.start:
                break
            if e.label_ == "PERSON" and len(e) > 1 and e[-1].text == root.text:
                found = e
        if found is not None:
            return found
    if len(span) <= 2 and low in PRONOUNS:
        if low in FIRST:
            return None
        if low in MALE or low in FEMALE:
            want = "m" if low in MALE else "f"
            others = _objects_of_its_verb(root)

            def fits(e: Span) -> bool:
                return effective_label(doc, e) == "PERSON" and gender_of(doc, e) in (None, want)

            def ok(e: Span) -> bool:
                return fits(e) and e[-1].lower_ not in others

            def acting(e: Span) -> bool:  # a person who can be a subject: not "the Obama administration"
                return fits(e) and not (e.root.dep_ in ("compound", "amod", "nmod")
                                        and e.root.head.pos_ in ("NOUN", "PROPN") and e.root.head.i >= e.end)

            # climb the chain of "he"s to its first (a loop: a long profile has hundreds)
            first, hops = root, 0
            starts = doc.user_data.setdefault(("newsflow_coref_chain", bool(quoted)), {})
            blocks = _outside(quoted, acting) if quoted else acting
            while hops < _CHAIN_HOPS and (earlier := _same_pronoun_before(doc, first, blocks, quoted)) is not None:
                first, hops = earlier, hops + 1
                if first.i in starts:  # an earlier "he" of the chain, already climbed
                    first = doc[starts[first.i]]
                    break
            starts[root.i] = first.i
            if first.i != root.i:
                not_first = _objects_of_its_verb(first)
                got = _candidates(doc, doc[first.i:first.i + 1], lambda e: fits(e) and e[-1].lower_ not in not_first,
                                  prefer, quoted=quoted)
                if got is not None:
                    return got
            return _candidates(doc, span, ok, prefer, quoted=quoted)
        if low in NEUTER:
            if _extraposed(root):
                return None  # "It is worth noting that ...": no one
            # an organisation or country that acts (a subject, or a subject's owner): "it" is far
            # more often a thing ("the ad", "the plane") than a name mentioned in passing
            return _candidates(doc, span, lambda e: e.label_ in ("ORG", "GPE") and effective_label(doc, e) != "PERSON"
                               and (_is_subject(e) or e.root.dep_ == "poss") and not _modifies_one(e)
                               and not _a_place_named(e), prefer, quoted=quoted)
        if low in PLURAL:
            return _candidates(doc, span, lambda e: e.label_ in ("ORG", "NORP") and not _modifies_one(e)
                               and effective_label(doc, e) != "PERSON", prefer, _unnamed_group_score(doc, span), quoted)
        return None
    if low in ("latter", "former") and len(span) <= 2:
        return _of_a_pair(doc, root, second=low == "latter")
    # speech products: "the ministry statement", "Trump's tweet", "a campaign spokesman"
    if lemma in PRODUCT_NOUNS:
        for child in root.children:
            if child.dep_ in ("poss", "compound") and child.i < root.i:
                sub = doc[child.left_edge.i:child.i + 1]
                got = resolve(doc, sub, prefer) or _describe(doc, sub, prefer, need_det=False)
                if got is not None:
                    return got
        return None
    return _describe(doc, span, prefer, need_det=True)


def _of_a_pair(doc: Doc, word: Token, second: bool) -> Span | None:
    """"the latter" / "the former": the second or first of the last two names joined by "and" or
    "or" before it, in its sentence or the one before ("launched by the FAA and the NTSB, with
    the latter confirming ...")."""
    sent = word.sent
    lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    at = _ent_at(doc)
    for k in range(word.i - 1, lo - 1, -1):
        e2 = at.get(k)
        if e2 is None or e2.root.dep_ != "conj":
            continue
        e1 = at.get(e2.root.head.i)
        if e1 is not None and e1.end <= e2.start:
            return e2 if second else e1
    return None


def _describe(doc: Doc, span: Span, prefer: list[Span] | None, need_det: bool) -> Span | None:
    """Resolve a description ("the minister", "the ministry") to the nearest fitting named mention."""
    root = span.root
    lemma = root.lemma_.lower()
    has_det = not need_det or any(c.dep_ in ("det", "poss") for c in root.children)
    if lemma in PERSON_NOUNS and has_det:
        word = lemma

        def ok(e: Span) -> bool:
            return effective_label(doc, e) == "PERSON" and word in _title_context(doc, e)

        return _candidates(doc, span, ok, prefer)
    if lemma in ORG_NOUNS and has_det:
        word = lemma

        def ok_org(e: Span) -> bool:
            return e.label_ == "ORG" and word in e.text.casefold()

        got = _candidates(doc, span, ok_org, prefer)
        if got is None and lemma in ("company", "firm", "group", "organization", "organisation", "agency"):
            got = _candidates(doc, span, lambda e: e.label_ == "ORG" and effective_label(doc, e) != "PERSON", prefer)
        return got
    return None
