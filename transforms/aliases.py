"""Alias data for entity resolution: countries, major organisations and demonyms.

Everything here is built once, at import, into plain dicts keyed by `alias_key(text)`:

- countries from pycountry (name, official name, common name; ISO alpha-3 codes only when the
  mention is written in capitals, so "CAN" or "USA" resolve but "can" never does), with
  news-style canonical names ("Russia", not "Russian Federation") and common variants
  ("US", "U.S.", "America", "Britain", "Holland", ...);
- a hand-written table of major international organisations and their usual variants;
- demonyms (`data/demonyms.tsv`): "Russian"/"Russians" -> the demonym "Russian" of "Russia".

`lookup(text, label)` answers with an `Alias` (canonical name, label, kind, country) or None.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Alias:
    name: str  # canonical name: "United States", "NATO", or the demonym "Russian"
    label: str  # label the entity gets ("GPE", "ORG"); demonyms keep the mention's own label
    kind: str  # "country" | "place" | "org" | "event" | "demonym"
    country: str | None = None  # for demonyms: the country's canonical name


_DOTS = re.compile(r"\.(?=\w|$)")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def alias_key(text: str) -> str:
    """Lookup key: no accents, casefolded, no abbreviation dots, no leading "the", curly quotes
    straightened ("U.S." and "US" -> "us"; "the United States" -> "united states")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = _DOTS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return _LEADING_THE.sub("", text).casefold()


# ISO alpha-2 -> the name newspapers use, where pycountry's name is formal or inverted.
_COUNTRY_NAMES = {
    "BN": "Brunei", "BO": "Bolivia", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "CI": "Ivory Coast", "CV": "Cape Verde", "CZ": "Czech Republic", "FM": "Micronesia", "GB": "United Kingdom",
    "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos", "MD": "Moldova", "PS": "Palestine",
    "RU": "Russia", "SY": "Syria", "TR": "Turkey", "TW": "Taiwan", "TZ": "Tanzania", "US": "United States",
    "VA": "Vatican City", "VE": "Venezuela", "VN": "Vietnam", "MK": "North Macedonia", "SZ": "Eswatini",
    "BS": "Bahamas", "GM": "Gambia", "NL": "Netherlands", "PH": "Philippines", "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands", "KN": "Saint Kitts and Nevis", "BQ": "Caribbean Netherlands",
    "SH": "Saint Helena", "MF": "Saint Martin", "FK": "Falkland Islands", "KM": "Comoros",
}

# Variants pycountry does not carry (canonical name -> extra names and abbreviations).
_COUNTRY_VARIANTS = {
    "United States": ["US", "U.S.", "U.S.A.", "USA", "America", "United States of America", "the States"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "Russia": ["Russian Federation"],
    "China": ["People's Republic of China", "PRC", "Mainland China"],
    "South Korea": ["Republic of Korea", "ROK", "Korea, Republic of"],
    "North Korea": ["DPRK", "Democratic People's Republic of Korea"],
    "Iran": ["Islamic Republic of Iran", "Persia"],
    "Netherlands": ["Holland", "The Netherlands", "Kingdom of the Netherlands"],
    "Myanmar": ["Burma"],
    "Ivory Coast": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "Czech Republic": ["Czechia"],
    "Turkey": ["Türkiye", "Turkiye", "Republic of Turkey"],
    "Democratic Republic of the Congo": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa"],
    "Republic of the Congo": ["Congo-Brazzaville"],
    "United Arab Emirates": ["UAE", "U.A.E.", "the Emirates"],
    "Vatican City": ["Vatican", "Holy See"],
    "Eswatini": ["Swaziland"],
    "North Macedonia": ["Macedonia"],
    "Timor-Leste": ["East Timor"],
    "Cape Verde": ["Cabo Verde"],
    "Palestine": ["State of Palestine", "Palestinian territories"],
    "Syria": ["Syrian Arab Republic"],
    "Vietnam": ["Viet Nam"],
    "Laos": ["Lao PDR"],
    "Bahamas": ["The Bahamas"],
    "Gambia": ["The Gambia"],
}

# Places that are not ISO 3166-1 countries but are named like one.
_PLACES = {
    "Soviet Union": ["USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"],
    "Kosovo": ["Republic of Kosovo"],
    "England": [], "Scotland": [], "Wales": [], "Northern Ireland": [],
}

# Major international organisations and other very frequent organisations, with usual variants.
_ORGS = {
    "United Nations": ["UN", "U.N.", "United Nations Organization", "the UN"],
    "United Nations Security Council": ["UN Security Council", "U.N. Security Council", "UNSC", "Security Council"],
    "United Nations General Assembly": ["UN General Assembly", "U.N. General Assembly", "UNGA"],
    "European Union": ["EU", "E.U."],
    "European Commission": [],
    "European Parliament": [],
    "NATO": ["North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "Nato", "N.A.T.O."],
    "World Health Organization": ["WHO", "World Health Organisation", "W.H.O."],
    "International Monetary Fund": ["IMF"],
    "World Bank": ["World Bank Group"],
    "World Trade Organization": ["WTO", "World Trade Organisation"],
    "African Union": ["AU"],
    "Arab League": ["League of Arab States"],
    "Association of Southeast Asian Nations": ["ASEAN"],
    "OPEC": ["Organization of the Petroleum Exporting Countries"],
    "Organization for Security and Co-operation in Europe": ["OSCE", "Organization for Security and Cooperation in Europe"],
    "Organisation for Economic Co-operation and Development": ["OECD"],
    "Collective Security Treaty Organization": ["CSTO"],
    "Shanghai Cooperation Organisation": ["SCO", "Shanghai Cooperation Organization"],
    "Commonwealth of Independent States": ["CIS"],
    "International Atomic Energy Agency": ["IAEA"],
    "International Criminal Court": [],
    "International Court of Justice": ["ICJ"],
    "International Committee of the Red Cross": ["ICRC"],
    "Red Cross": [],
    "UNESCO": ["United Nations Educational, Scientific and Cultural Organization"],
    "UNICEF": ["United Nations Children's Fund"],
    "UNHCR": ["United Nations High Commissioner for Refugees", "UN Refugee Agency", "UN refugee agency"],
    "Food and Agriculture Organization": ["FAO", "UN Food and Agriculture Organization"],
    "Interpol": ["INTERPOL", "International Criminal Police Organization"],
    "Europol": [],
    "International Olympic Committee": ["IOC"],
    "FIFA": [],
    "G7": ["Group of Seven", "G-7"],
    "G20": ["Group of Twenty", "G-20"],
    "Taliban": ["Taleban", "Afghan Taliban"],
    "al-Qaeda": ["al-Qaida", "al-Qa'ida", "Al Qaeda", "Al-Qaeda", "Al-Qaida", "al Qaeda"],
    "Islamic State": ["ISIS", "ISIL", "IS", "Daesh", "Islamic State of Iraq and Syria", "Islamic State of Iraq and the Levant"],
    "Hamas": [],
    "Hezbollah": ["Hizbollah", "Hizballah"],
    "Houthis": ["Houthi", "Houthi movement", "Ansar Allah"],
    "Islamic Revolutionary Guard Corps": ["IRGC", "Revolutionary Guards", "Revolutionary Guard", "Iranian Revolutionary Guard Corps"],
    "Associated Press": ["AP", "The Associated Press"],
    "Agence France-Presse": ["AFP", "Agence France Presse"],
    "Reuters": ["Thomson Reuters"],
    "BBC": ["British Broadcasting Corporation", "BBC News"],
    "Federal Bureau of Investigation": ["FBI"],
    "Central Intelligence Agency": ["CIA"],
    "NASA": ["National Aeronautics and Space Administration"],
    "Centers for Disease Control and Prevention": ["CDC"],
    # platforms the small model tags as persons ("on Twitter", "her Twitter account")
    "Twitter": [], "Facebook": [], "YouTube": [], "Instagram": [], "TikTok": [], "Google": [],
}


# Named events the small model tags as persons or organisations at random.
_EVENTS = {
    "COVID-19": ["COVID", "Covid-19", "Covid", "COVID19", "COVID-19 pandemic", "coronavirus disease 2019"],
}


def _country_name(country) -> str:
    alpha_2 = country.alpha_2
    if alpha_2 in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[alpha_2]
    common = getattr(country, "common_name", None)
    if common:
        return common
    name = country.name
    return name.split(",")[0].strip() if "," in name else name


def _build() -> tuple[dict[str, Alias], dict[str, Alias], dict[str, Alias], dict[str, str]]:
    names: dict[str, Alias] = {}  # case-insensitive names
    codes: dict[str, Alias] = {}  # acronyms and ISO alpha-3 codes, matched only in capitals
    demonyms: dict[str, Alias] = {}
    countries: dict[str, str] = {}  # canonical country name -> the same (the set of country names)

    def add(table: dict[str, Alias], text: str, alias: Alias) -> None:
        compact = text.replace(".", "")
        if table is names and compact.isupper() and compact.isalpha():
            # Acronyms ("US", "WHO", "IS") match only when the mention is written in capitals.
            codes.setdefault(compact, alias)
        else:
            table.setdefault(alias_key(text), alias)

    # Hand tables first: they win over pycountry's variants.
    for canonical, variants in _ORGS.items():
        alias = Alias(canonical, "ORG", "org")
        for text in (canonical, *variants):
            add(names, text, alias)
    for canonical, variants in _EVENTS.items():
        alias = Alias(canonical, "EVENT", "event")
        for text in (canonical, *variants):
            add(names, text, alias)
    for canonical, variants in _COUNTRY_VARIANTS.items():
        alias = Alias(canonical, "GPE", "country")
        countries[canonical] = canonical
        for text in (canonical, *variants):
            add(names, text, alias)
    for canonical, variants in _PLACES.items():
        alias = Alias(canonical, "GPE", "place")
        countries[canonical] = canonical
        for text in (canonical, *variants):
            add(names, text, alias)
    for country in pycountry.countries:
        canonical = _country_name(country)
        alias = Alias(canonical, "GPE", "country")
        countries[canonical] = canonical
        for attr in ("name", "official_name", "common_name"):
            text = getattr(country, attr, None)
            if text:
                add(names, text, alias)
        add(names, canonical, alias)
        codes.setdefault(country.alpha_3, alias)

    for line in (DATA_DIR / "demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        country, forms = line.split("\t")
        forms_list = [f.strip() for f in forms.split(",") if f.strip()]
        alias = Alias(forms_list[0], "NORP", "demonym", country)
        for form in forms_list:
            add(demonyms, form, alias)
    return names, codes, demonyms, countries


NAMES, CODES, DEMONYMS, COUNTRIES = _build()

# Labels whose mentions may be demonyms (never LANGUAGE: "English" the language is no nationality).
_DEMONYM_LABELS = frozenset({"NORP", "GPE", "ORG", "LOC", "PERSON"})


def lookup(text: str, label: str | None = None) -> Alias | None:
    """The alias entry for a (cleaned) mention name, or None.

    Demonyms only answer for NORP-like labels; acronyms and ISO codes only when written in capitals.
    """
    key = alias_key(text)
    if label in _DEMONYM_LABELS or label is None:
        hit = DEMONYMS.get(key)
        if hit is not None:
            return hit
    hit = NAMES.get(key)
    if hit is not None:
        return hit
    compact = text.replace(".", "")
    if compact.isupper() and compact.isalpha():
        return CODES.get(compact)
    return None
