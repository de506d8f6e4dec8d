"""Entity resolution: from NER mentions to entities with a stable id.

Per article (`resolve_mentions`, plain Python over the text and the NER spans, so it works
outside spaCy too; the `newsflow_entities` component is a thin wrapper):

1. Each name mention is cleaned: no determiner, possessive, edge punctuation or trailing
   "of"/"(" ("the United States'" -> "United States"); a leading title inside a PERSON span
   goes to `role` ("Taoiseach Leo Varadkar" -> "Leo Varadkar", role "Taoiseach"), and so does a
   title just before the name ("Russian Foreign Minister Sergei Lavrov" -> role "Foreign Minister").
2. Known names resolve through `transforms.aliases` (pycountry countries, major organisations,
   demonyms): "US", "U.S.", "America" -> "United States" (GPE).
3. Mentions are clustered (union-find): same normalised name; acronym and its expansion
   ("U.S. Army Central Command (CENTCOM)", or matching initials); a short person name and the
   full name it is part of ("Lavrov" -> "Sergei Lavrov", "Luk" -> "John Luk" -> "John Luk Jok");
   singular/plural group names ("Houthi"/"Houthis"); a first word and "<it> Air/News/Party...".
   Two clusters that resolve to different alias entries never merge.
4. Each cluster gets one name (the alias name, else its most complete name), one label (the
   alias label, else a vote over its mentions, full-name mentions first) and one id.
5. A body every country has carries its country when the text gives it: "Uzbekistan's Defense
   Ministry" -> "Defense Ministry (Uzbekistan)", a different entity from Russia's.

Before all this, the pipeline's `newsflow_trim_entities` step repairs the model's spans:
`split_office_and_name` makes "President of Ukraine Volodymyr Zelenskyy" a person of their own.

The id (`entity_id`) depends only on the canonical name and a coarse label class (person /
named group-or-place / each other label), never on the article: the same entity gets the same
id in every run and every article. Demonyms ("Russian", NORP) stay their own entity with the
country in `country` / `country_id`.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from transforms.aliases import Alias, lookup

_DETERMINER = re.compile(r"^(the|a|an|this|that|these|those)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(['\u2019]s|s['\u2019]|['\u2019])$")
_EDGE_PUNCT = "\"'\u201c\u201d\u2018\u2019()[],.;:!?-\u2013\u2014 \n\t"
_INLINE_ACRONYM = re.compile(r"^(?P<long>.+?)\s*\(\s*(?P<short>[^()\s]{2,12})\s*\)?$")
_TRAILING_CONNECTOR = re.compile(r"\s+(of|and|the|for|&)$", re.IGNORECASE)
_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z][A-Za-z&]{1,9}$")

# Values are not entities to link: each keeps the id of its own text.
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# Labels that share one id class: the small model mixes them up for the same name across articles.
_GROUP_OR_PLACE = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP"})
# Tie-break order when a vote is tied.
_LABEL_PRIORITY = ("PERSON", "GPE", "ORG", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")

# Title words: heads ("Minister") make a role; modifiers ("Foreign") may precede them.
TITLE_HEADS = frozenset(
    """president minister secretary chancellor premier senator sen. representative rep. congressman
    congresswoman governor gov. mayor speaker leader whip chair chairman chairwoman chairperson
    ambassador envoy spokesman spokeswoman spokesperson commissioner director director-general
    secretary-general ceo chief commander general gen. colonel col. lieutenant lt. major admiral
    adm. sergeant sgt. captain capt. judge justice prosecutor attorney sheriff king queen prince
    princess emperor empress sultan emir sheikh pope cardinal bishop archbishop rabbi imam ayatollah
    taoiseach advisor adviser dr. dr doctor professor prof. coach manager officer detective inspector
    superintendent constable lord lady sir dame duke duchess president-elect vice-president""".split()
)
TITLE_MODIFIERS = frozenset(
    """prime foreign defense defence interior finance health justice education trade home security
    national state deputy vice acting chief general attorney supreme grand crown executive
    minority majority opposition federal regional provincial district senior junior associate
    assistant special information transport transportation energy environment economy labour
    labor agriculture culture emergencies emergency affairs of for the and""".split()
)
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "seyed", "sayyid"})
_ORG_HEADS = frozenset(
    """air airlines airways news party corporation corp corp. inc inc. ltd ltd. group company co co.
    bank motors holdings foundation institute university college""".split()
)
# Words that name a kind of public body: alone, they can stand for the one body of that kind an
# article names in full ("the Senate" after "the U.S. Senate").
_BODY_HEADS = frozenset(
    """parliament senate court congress assembly council ministry board command commission committee agency
    department police government cabinet legislature army navy office bureau authority administration guard
    service tribunal duma knesset presidency""".split()
)
_INITIAL_STOPWORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "&", "de", "du", "des", "la", "le"})

# Words that end the name of a body, an office or a place, never a person's: after "Minister
# of", a run of capitalised words ending in one is all office ("Minister of Foreign Affairs").
_OFFICE_WORDS = frozenset(
    """administration affairs agency army assembly association authority bank board bureau cabinet
    center centre chamber city command commission committee community company congress council county
    court department directorate district exchequer federation force forces foundation fund government
    guard health house institute intelligence island islands justice kingdom league ministry
    municipality nations office organisation organization parliament partnership party police
    province region republic secretariat security senate service services society staff state states
    territory town treasury union university village defense defence education energy commerce
    interior labor labour transport transportation agriculture finance trade environment""".split()
)
# Title words that name an office followed by "of"/"to" ("Chief Executive of Hong Kong").
OFFICE_TITLES = TITLE_HEADS | {"executive", "head"}


def split_office_and_name(doc: Doc, ents: list[Span]) -> list[Span]:
    """`ents` (entities of `doc`), with a person's name after "<title> of|to|from <body or place>" made a
    PERSON span of its own. The small model tags the body and the name as one entity ("President
    of Ukraine Volodymyr Zelenskyy": ORG "Ukraine Volodymyr Zelenskyy"; "Speaker of the House Nancy
    Pelosi"; "Senator from Vermont Bernie Sanders") or the name as an organisation ("Ambassador to
    the United Nations Nikki Haley").

    The run of capitalised words after the title must end in two that are no office words, with
    at least one word of the body before them, and something must say they are a person's: the
    model tags part of them PERSON, the text names the person elsewhere, or the body is a known
    country or organisation. The body keeps its own label (none if the model called it a person)."""
    persons = [e for e in ents if e.label_ == "PERSON"]
    names: list[Span] = []
    n = len(doc)
    for t in doc:
        if not (t.text[:1].isupper() and t.lower_ in OFFICE_TITLES and t.i + 2 < n and doc[t.i + 1].lower_ in ("of", "to", "from")):
            continue
        j = t.i + 2
        while j < n and (doc[j].is_alpha and doc[j].text[0].isupper() or doc[j].lower_ in ("the", "of", "and")):
            j += 1
        first, last = doc[j - 2], doc[j - 1]
        if j < n and doc[j].text == "-" or any(
                w.lower_ in _OFFICE_WORDS or w.lower_ in TITLE_HEADS or not (w.is_alpha and w.text[0].isupper()
                                                                           and not w.is_upper) for w in (first, last)):
            continue
        # a name of three words the model found in part ("Wanda Vázquez" of "Wanda Vázquez Garced")
        start = min([e.start for e in persons if t.i + 2 < e.start <= first.i and e.end > first.i] + [first.i])
        body = doc[t.i + 2:start]
        if not any(w.text[0].isupper() for w in body):
            continue
        tagged = any(e.start < last.i + 1 and start < e.end for e in persons)
        named_elsewhere = any(e.root.lower_ == last.lower_ and not (start <= e.start < last.i + 1) for e in persons)
        if not (tagged or named_elsewhere or lookup(clean_name(body.text)) is not None):
            continue
        if any(e.start == start and e.end == last.i + 1 for e in persons):
            continue
        names.append(Span(doc, start, last.i + 1, label="PERSON"))
    if not names:
        return ents
    out: list[Span] = []
    for e in ents:
        cut = next((m for m in names if m.start < e.end and e.start < m.end), None)
        if cut is None:
            out.append(e)
            continue
        for lo, hi in ((e.start, cut.start), (cut.end, e.end)):  # the parts of the entity around the name
            if lo < hi and e.label_ != "PERSON" and any(w.is_alpha and w.lower_ != "the" for w in doc[lo:hi]):
                out.append(Span(doc, lo, hi, label=e.label_))
    out.extend(names)
    return sorted(out, key=lambda s: s.start)


@dataclass(frozen=True)
class Mention:
    """One NER mention with its resolved entity."""

    start_char: int
    end_char: int
    text: str
    label: str  # the entity's label (one per entity in the article, by vote or alias data)
    name: str  # the entity's canonical name ("Sergei Lavrov" for the mention "Lavrov")
    entity_id: str
    role: str | None = None  # title held by a person at this mention ("Foreign Minister")
    country: str | None = None  # demonyms: the country's canonical name ("Russia" for "Russian")
    country_id: str | None = None  # demonyms: the country's entity_id
    ner_label: str | None = None  # the label the NER model gave this very mention


def clean_name(text: str) -> str:
    """The mention's name: no determiner, no possessive, no edge punctuation, single spaces."""
    edge = _EDGE_PUNCT.replace(".", "")
    name = " ".join(text.split()).strip(edge)
    name = _DETERMINER.sub("", name)
    name = _POSSESSIVE.sub("", name).strip(edge)
    name = _TRAILING_CONNECTOR.sub("", name).strip(edge)
    # "U.S." and "D.C." keep their final dot: only strip a dot that ends a sentence, not an abbreviation.
    if name.endswith(".") and not re.search(r"(^|\W)(\w\.)+$", name):
        name = name.rstrip(".").strip(edge)
    return name or text.strip()


def strip_accents(text: str) -> str:
    """Letters without their combining accents ("Erdo\u011fan" -> "Erdogan"; "\u0142" and "\u00f8" stay)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name (for ids and matching)."""
    text = strip_accents(text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace(".", "")
    return " ".join(text.casefold().split())


def id_class(label: str) -> str:
    """Coarse label class used in the id: PERSON, NAME (GPE/LOC/FAC/ORG/NORP) or the label."""
    return "NAME" if label in _GROUP_OR_PLACE else label


def entity_id(name: str, label: str) -> str:
    """Stable id for an entity: the same name and label class give the same id in every run.

    The name is compared without case, accents or abbreviation dots; the label only through
    `id_class`, so "Washington" tagged GPE in one article and ORG in another is one entity.
    """
    key = f"{id_class(label)}\x1f{_fold(name)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- per mention


@dataclass
class _Item:
    index: int
    start: int
    end: int
    text: str
    label: str
    name: str
    tokens: list[str]
    alias: Alias | None
    role: str | None
    acronym: str | None  # acronym written inside the span: "World Health Organization (WHO"
    headline: bool = False  # on a headline line, whose title-case words fool the NER ("Obama Says ...")


def _strip_title(name: str) -> tuple[str, str | None]:
    """Split leading title words off a PERSON name: "Prime Minister Boris Johnson" -> ("Boris Johnson", "Prime Minister")."""
    words = name.split()
    i = 0
    while i < len(words) - 1:
        w = words[i].casefold()
        if w in TITLE_HEADS or w in _HONORIFICS or (w in TITLE_MODIFIERS and w not in _INITIAL_STOPWORDS):
            i += 1
        else:
            break
    if i == 0:
        return name, None
    role_words = [w for w in words[:i] if w.casefold() not in _HONORIFICS]
    has_head = any(w.casefold() in TITLE_HEADS for w in role_words)
    return " ".join(words[i:]), (" ".join(role_words) if has_head else None)


_WORD = re.compile(r"\S+")


def _role_before(text: str, start: int, floor: int) -> str | None:
    """A title written just before a name ("Foreign Minister Sergei Lavrov"), not crossing
    `floor` (the end of the previous entity) or a line break.

    The title is made of title words (`TITLE_HEADS`, `TITLE_MODIFIERS`), plus one capitalised
    portfolio word right before a head ("Emergencies Minister"), and must contain a head.
    """
    lo = max(floor, start - 80)
    window = text[lo:start]
    cut = window.rfind("\n")
    if cut >= 0:
        window, lo = window[cut + 1:], lo + cut + 1
    if not window.endswith(" "):
        return None
    words = [(m.start() + lo, m.group()) for m in _WORD.finditer(window)]
    run: list[tuple[int, str]] = []  # nearest word first
    for pos, word in reversed(words):
        low = word.casefold()
        if word[-1] in ",;:\"\u201d\u201c)(" or word[0] in "\"\u201c(":
            break
        if low in TITLE_HEADS or low in TITLE_MODIFIERS:
            run.append((pos, word))
        elif (
            run
            and run[-1][1].casefold() in TITLE_HEADS
            and word[0].isupper()
            and word.isalpha()
            and low not in _ORG_HEADS
            and not (pos == 0 or text[max(0, pos - 2):pos].endswith((". ", "\n")))
        ):
            run.append((pos, word))
            break
        else:
            break
    run.reverse()
    while run and run[0][1].casefold() in _INITIAL_STOPWORDS:
        run.pop(0)
    while run and run[-1][1].casefold() in _INITIAL_STOPWORDS:
        run.pop()
    if not any(w.casefold() in TITLE_HEADS for _, w in run):
        return None
    return " ".join(w for _, w in run)


def headline_end(text: str) -> int:
    """Where the text's headline ends: its first line when that line reads as a title (several
    lines, no closing punctuation, at most 25 words), else 0."""
    first = text.split("\n", 1)[0]
    if "\n" in text and not first.rstrip().endswith((".", '"', "\u201d", ":", "?", "!")) and len(first.split()) <= 25:
        return len(first)
    return 0


def _prepare(text: str, spans: Sequence[tuple[int, int, str]]) -> list[_Item]:
    items: list[_Item] = []
    prev_end = 0
    title_end = headline_end(text)
    for index, (start, end, label) in enumerate(spans):
        surface = text[start:end]
        acronym = None
        cleaned = " ".join(surface.split())
        m = _INLINE_ACRONYM.match(cleaned)
        if m and _ACRONYM.match(m.group("short")):
            cleaned, acronym = m.group("long"), m.group("short")
        name = clean_name(cleaned)
        role = None
        if label == "PERSON":
            name, role = _strip_title(name)
        if role is None and label not in VALUE_LABELS:
            role = _role_before(text, start, prev_end)
        prev_end = max(prev_end, end)
        alias = lookup(name, label) if label not in VALUE_LABELS else None
        items.append(_Item(index, start, end, surface, label, name, name.split(), alias, role, acronym,
                           headline=end <= title_end))
    return items


# --------------------------------------------------------------------------- clustering


class _Clusters:
    """Union-find over mention indices that refuses to join two different alias entries."""

    def __init__(self, items: list[_Item]):
        self.parent = list(range(len(items)))
        self.alias: dict[int, Alias | None] = {i.index: i.alias for i in items}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        alias_a, alias_b = self.alias[ra], self.alias[rb]
        if alias_a is not None and alias_b is not None and alias_a != alias_b:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.alias[ra] = alias_a or alias_b
        return True


def _person_key(tokens: list[str]) -> str:
    """Name key without middle initials: "John R. Bolton" and "John Bolton" are one name."""
    if len(tokens) > 2:
        tokens = [tokens[0], *(t for t in tokens[1:-1] if len(t.rstrip(".")) > 1), tokens[-1]]
    return _fold(" ".join(tokens))


def _tok(token: str) -> str:
    """Token for short-form matching: "al-Assad" matches "Assad"."""
    t = _fold(token)
    for prefix in ("al-", "el-", "ad-", "as-", "ar-"):
        if t.startswith(prefix) and len(t) > len(prefix) + 1:
            return t[len(prefix):]
    return t


def _initials(tokens: list[str]) -> set[str]:
    words = [w for part in tokens for w in re.split(r"[-\s]", part) if w]
    content = [w for w in words if w.casefold() not in _INITIAL_STOPWORDS]
    out = {"".join(w[0] for w in content).upper()}
    out.add("".join(w[0] for w in words).upper())
    return out


def _cluster(text: str, items: list[_Item]) -> _Clusters:
    names = [i for i in items if i.label not in VALUE_LABELS]
    uf = _Clusters(items)

    # 1. Same entity key: alias name, else the folded name (persons without middle initials).
    def key(item: _Item) -> str:
        if item.alias is not None:
            return f"alias\x1f{item.alias.kind}\x1f{item.alias.name}"
        return _person_key(item.tokens) if len(item.tokens) > 2 else _fold(item.name)

    by_key: dict[str, int] = {}
    for item in names:
        k = key(item)
        if k in by_key:
            uf.union(by_key[k], item.index)
        else:
            by_key[k] = item.index
    by_name = {_fold(i.name): i.index for i in reversed(names)}

    # 2. Acronyms: written inside the span, in parentheses after the long form, or as initials.
    for item in names:
        if item.acronym and _fold(item.acronym) in by_name:
            uf.union(item.index, by_name[_fold(item.acronym)])
    for a, b in zip(names, names[1:]):
        gap = text[a.end:b.start]
        after = text[b.end:b.end + 2]
        opened = gap.strip() == "(" or (gap.strip() == "" and a.text.rstrip().endswith("("))
        if not (opened and after.lstrip().startswith(")")):
            continue
        if _ACRONYM.match(b.name) and len(a.tokens) > 1:
            uf.union(a.index, b.index)
        elif _ACRONYM.match(a.name) and len(b.tokens) > 1:
            uf.union(a.index, b.index)
    long_forms = [i for i in names if len(i.tokens) > 1 and i.label != "PERSON" and i.alias is None]
    for item in names:
        if item.alias is None and len(item.tokens) == 1 and _ACRONYM.match(item.name):
            matches = {uf.find(lf.index) for lf in long_forms if item.name.upper() in _initials(lf.tokens)}
            if len(matches) == 1:
                uf.union(item.index, matches.pop())

    # 3. Short person names -> the full name they are part of (suffix: "Lavrov"; prefix: "Li", "John Luk").
    by_edge: dict[tuple[str, ...], list[_Item]] = {}  # first / last n tokens of full names -> full names
    for full in names:
        if full.label == "PERSON" and len(full.tokens) > 1 and full.alias is None and not full.headline:
            toks = tuple(_tok(t) for t in full.tokens)
            for n in range(1, len(toks)):
                by_edge.setdefault(toks[-n:], []).append(full)
                by_edge.setdefault(toks[:n], []).append(full)
    if by_edge:
        fulls_all = list({f.index: f for fs in by_edge.values() for f in fs}.values())
        group = {f.index: uf.find(f.index) for f in fulls_all}  # full names' clusters before linking
        full_count = Counter(group.values())
        first_start: dict[int, int] = {}
        for f in sorted(fulls_all, key=lambda f: f.start):
            first_start.setdefault(group[f.index], f.start)
        for item in names:
            if item.label in ("LANGUAGE", "LAW", "EVENT") or not any(c.isupper() for c in item.name):
                continue
            if item.alias is not None and item.label != "PERSON":
                continue
            fulls = by_edge.get(tuple(_tok(t) for t in item.tokens))
            if not fulls:
                continue
            root = uf.find(item.index)
            if any(uf.find(f.index) == root for f in fulls_all):
                continue  # this short name (all its mentions) is linked already: one person per name
            # Several people may share the name ("Donald Trump", "Melania Trump"): the surname alone
            # is the one named most often in full, then the one introduced first.
            target = min({group[f.index]: f for f in fulls}.items(), key=lambda g: (-full_count[g[0]], first_start[g[0]]))
            uf.union(item.index, target[1].index)

    # 4. Group names: "Houthi"/"Houthis"; "Mahan" -> "Mahan Air", "NBC" -> "NBC News".
    folded: dict[str, _Item] = {}
    with_head: dict[str, _Item] = {}  # "mahan" -> the mention "Mahan Air"
    labels: dict[str, set[str]] = {}
    for item in names:
        folded.setdefault(_fold(item.name), item)
        labels.setdefault(_fold(item.name), set()).add(item.label)
        if item.label in ("ORG", "FAC") and len(item.tokens) > 1 and item.tokens[-1].casefold() in _ORG_HEADS:
            with_head.setdefault(_fold(" ".join(item.tokens[:-1])), item)
    person_roots = {uf.find(i.index) for i in names if i.label == "PERSON" and len(i.tokens) > 1}
    people = {i.index for i in names if uf.find(i.index) in person_roots}  # indexes: unions below move roots
    for f, item in folded.items():
        if item.alias is not None or item.label == "PERSON" or item.index in people:
            continue  # a surname linked to its person ("Trump", often tagged ORG) is not "Trump University"
        plural = folded.get(f + "s")
        if plural is not None and (plural.label != "PERSON" or item.label == plural.label):
            uf.union(item.index, plural.index)
        place = labels[f] <= {"GPE", "LOC"}  # "Ithaca", always a place here: not "Ithaca College"
        if item.label != "NORP" and not place and item.name[:1].isupper() and f in with_head:
            uf.union(item.index, with_head[f].index)

    # 5. A one-word organisation name that heads exactly one longer one: "Parliament" -> "Iraqi Parliament",
    # when the word names a kind of body ("House" is not the "White House", "Dead" not the "Grateful Dead").
    # Or the word that follows "of" ("Transportation" -> "Department of Transportation").
    heads: dict[str, set[int]] = {}
    of_heads: set[str] = set()
    for item in names:
        if item.label == "ORG" and len(item.tokens) > 1:
            heads.setdefault(_fold(item.tokens[-1]), set()).add(uf.find(item.index))
            if item.tokens[-2].casefold() == "of":
                of_heads.add(_fold(item.tokens[-1]))
    for item in names:
        if item.label == "ORG" and item.alias is None and len(item.tokens) == 1 and item.name[:1].isupper() \
                and (_fold(item.name) in _BODY_HEADS or _fold(item.name) in of_heads):
            targets = {uf.find(r) for r in heads.get(_fold(item.name), ())}
            if len(targets) == 1:
                uf.union(item.index, targets.pop())
    return uf


# --------------------------------------------------------------------------- per cluster


def _vote(members: list[_Item], canonical: str) -> str:
    full = Counter(m.label for m in members if _fold(m.name) == _fold(canonical))
    everyone = Counter(m.label for m in members)

    def rank(label: str) -> tuple[int, int, int]:
        prio = _LABEL_PRIORITY.index(label) if label in _LABEL_PRIORITY else len(_LABEL_PRIORITY)
        return (-full[label], -everyone[label], prio)

    return min(everyone, key=rank)


def _canonical_name(members: list[_Item]) -> str:
    """The most complete name (most words, then longest) outside the headline when the text names
    it there too; a group's singular ("Republican"), not its plural."""
    body = [m for m in members if not m.headline] or members
    best = max(body, key=lambda m: (len(m.tokens), len(m.name), -m.start)).name
    folded = _fold(best)
    if folded.endswith("s"):
        for m in members:
            if _fold(m.name) == folded[:-1]:
                return m.name
    return best


# A body every country has ("Defense Ministry", "Supreme Court"): the same name is a different
# entity in each country, so its canonical name carries the country: "Defense Ministry (Uzbekistan)".
_NATIONAL_BODY_HEADS = frozenset(
    """ministry court parliament army navy force forces police government cabinet senate bank office
    assembly guard council service committee""".split()
)
_NATIONAL_BODY_WORDS = _NATIONAL_BODY_HEADS | TITLE_MODIFIERS | frozenset(
    "air coast central constitutional high supreme military armed intelligence general staff".split()
)
_POSSESSOR = re.compile(r"(?:^|[^\w'\u2019])((?:[A-Z][\w.\-]*\s){0,3}[A-Z][\w.\-]*)['\u2019]s\s+(?:own\s+)?\Z")


_QUALIFIED = re.compile(r" \(([^()]+)\)$")


def body_country(name: str) -> str | None:
    """The country in a national body's canonical name ("Defense Ministry (Uzbekistan)"), else None."""
    m = _QUALIFIED.search(name)
    return m.group(1) if m else None


def _national_body(name: str) -> bool:
    words = name.casefold().split()
    return bool(words) and words[-1] in _NATIONAL_BODY_HEADS and all(w in _NATIONAL_BODY_WORDS for w in words)


def _country_of_body(text: str, item: _Item) -> tuple[str | None, str]:
    """(country, body name) of a mention of a national body: the country from a demonym in the
    name ("Russian Defense Ministry") or a possessive before it ("Uzbekistan's Defense Ministry")."""
    words = item.name.split()
    if len(words) > 1 and _national_body(" ".join(words[1:])):
        alias = lookup(words[0], "NORP")
        if alias is not None and alias.kind == "demonym" and alias.country:
            return alias.country, " ".join(words[1:])
    if not _national_body(item.name):
        return None, item.name
    m = _POSSESSOR.search(text, max(0, item.start - 60), item.start)
    alias = lookup(clean_name(m.group(1)), "GPE") if m else None
    if alias is not None and alias.label == "GPE" and alias.kind != "demonym":
        return alias.name, item.name
    return None, item.name


def _qualify_national_bodies(text: str, items: list[_Item], uf: "_Clusters",
                             resolved: dict[int, tuple[str, str, str | None, Alias | None]]) -> dict[int, str]:
    """Item index -> "Body (Country)" for the mentions of national bodies: a mention names its
    country itself, or takes the country of the last mention of the same body before it (the first
    one's, when none comes before)."""
    out: dict[int, str] = {}
    by_cluster: dict[int, list[tuple[_Item, str | None, str]]] = {}
    for item in items:
        if item.label in VALUE_LABELS or item.label == "PERSON":
            continue
        root = uf.find(item.index)
        name, label, _, alias = resolved[root]
        if alias is not None or label not in ("ORG", "NORP", "GPE", "FAC"):
            continue
        country, body = _country_of_body(text, item)
        if country is not None or _national_body(name) or _national_body(item.name):
            by_cluster.setdefault(root, []).append((item, country, body))
    for members in by_cluster.values():
        known = [c for _, c, _ in members if c]
        if not known:
            continue
        last, last_body = known[0], next(b for _, c, b in members if c)
        for item, country, body in members:
            if country:
                last, last_body = country, body
            base = body if country else resolved[uf.find(item.index)][0]
            if not _national_body(base):  # "Parliament" in the cluster named "Iraqi Parliament"
                base = last_body
            if _national_body(base):
                out[item.index] = f"{base} ({last})"
    return out


def resolve_mentions(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Mention]:
    """Resolve one article's NER mentions (start_char, end_char, label) over `text`.

    Returns one `Mention` per span, in the given order. Pure Python: usable without spaCy.
    """
    spans = list(spans)
    items = _prepare(text, spans)
    uf = _cluster(text, items)
    groups: dict[int, list[_Item]] = {}
    for item in items:
        if item.label in VALUE_LABELS:
            continue
        groups.setdefault(uf.find(item.index), []).append(item)

    resolved: dict[int, tuple[str, str, str | None, Alias | None]] = {}
    for root, members in groups.items():
        alias = uf.alias[root]
        if alias is not None and alias.kind != "demonym":
            name, label = alias.name, alias.label
        elif alias is not None:
            name = alias.name
            label = _vote(members, name)
        else:
            name = _canonical_name(members)
            label = _vote(members, name)
        roles = [m.role for m in members if m.role] if label == "PERSON" else []
        resolved[root] = (name, label, roles[0] if roles else None, alias)

    qualified = _qualify_national_bodies(text, items, uf, resolved)
    mentions: list[Mention] = []
    for item in items:
        if item.label in VALUE_LABELS:
            name = clean_name(item.text)
            mentions.append(
                Mention(item.start, item.end, item.text, item.label, name, entity_id(name, item.label), ner_label=item.label)
            )
            continue
        name, label, cluster_role, alias = resolved[uf.find(item.index)]
        name = qualified.get(item.index, name)
        role = (item.role or cluster_role) if label == "PERSON" else None
        country = alias.country if alias is not None and alias.kind == "demonym" else None
        mentions.append(
            Mention(
                item.start,
                item.end,
                item.text,
                label,
                name,
                entity_id(name, label),
                role=role,
                country=country,
                country_id=entity_id(country, "GPE") if country else None,
                ner_label=item.label,
            )
        )
    return mentions


# --------------------------------------------------------------------------- spaCy component

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)


@Language.factory("newsflow_entities")
def make_entity_resolver(nlp: Language, name: str):
    return resolve_entities


def resolve_entities(doc: Doc) -> Doc:
    """Set `doc._.mentions`: every NER mention with its resolved name, label, id and role."""
    doc._.mentions = resolve_mentions(doc.text, [(e.start_char, e.end_char, e.label_) for e in doc.ents])
    return doc
