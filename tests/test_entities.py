"""Entity resolution: alias data, per-article clustering, stable ids, and the gold evaluation.

Uses the real spaCy model through `transforms.nlp.load_pipeline()`; needs nothing outside the
repository (the gold articles are copied under tests/gold/wikinews30/).
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from transforms import aliases
from transforms.entities import Mention, clean_name, entity_id, resolve_mentions
from transforms.eval_entities import b_cubed, evaluate, pairwise
from transforms.nlp import load_pipeline
from transforms.text import normalise

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1cbdc47f389d30ae.txt"
GOLD = ROOT / "tests" / "gold" / "entities_wikinews30.jsonl"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def seed_mentions(nlp) -> list[Mention]:
    return nlp(normalise(SEED.read_text(encoding="utf-8")))._.mentions


def by_text(mentions: list[Mention]) -> dict[str, list[Mention]]:
    out = defaultdict(list)
    for m in mentions:
        out[m.text].append(m)
    return out


def one_entity(mentions: list[Mention], texts: list[str]) -> set[str]:
    found = by_text(mentions)
    ids = {m.entity_id for t in texts for m in found[t]}
    assert all(found[t] for t in texts), [t for t in texts if not found[t]]
    return ids


# --------------------------------------------------------------------------- alias data


@pytest.mark.parametrize("text", ["US", "U.S.", "USA", "United States", "the United States", "America", "United States of America"])
def test_united_states_variants(text):
    hit = aliases.lookup(text, "GPE")
    assert hit is not None and (hit.name, hit.label, hit.kind) == ("United States", "GPE", "country")


@pytest.mark.parametrize(
    "text,name",
    [("UK", "United Kingdom"), ("Britain", "United Kingdom"), ("Russian Federation", "Russia"), ("Viet Nam", "Vietnam"),
     ("Islamic Republic of Iran", "Iran"), ("UN", "United Nations"), ("European Union", "European Union"),
     ("North Atlantic Treaty Organization", "NATO"), ("EU", "European Union"), ("Uzbekistan", "Uzbekistan")],
)
def test_alias_table(text, name):
    assert aliases.lookup(text, "ORG").name == name


def test_demonyms_keep_label_and_name_the_country():
    for text, country in [("Russian", "Russia"), ("Afghan", "Afghanistan"), ("Uzbek", "Uzbekistan"), ("Americans", "United States")]:
        hit = aliases.lookup(text, "NORP")
        assert hit.kind == "demonym" and hit.country == country and country in aliases.COUNTRIES
    assert aliases.lookup("English", "LANGUAGE") is None  # a language is no nationality


def test_acronyms_only_in_capitals():
    assert aliases.lookup("WHO", "ORG").name == "World Health Organization"
    assert aliases.lookup("who", "ORG") is None
    assert aliases.lookup("us", "GPE") is None
    assert aliases.lookup("CAN", "GPE").name == "Canada"  # ISO alpha-3 code


@pytest.mark.parametrize(
    "text,name",
    [("the United States'", "United States"), ("Lavrov's", "Lavrov"), ("U.S.", "U.S."), ("D.C.", "D.C."),
     (" Tashkent\n", "Tashkent"), ("Patrice Talon of", "Patrice Talon"), ("the Associated Press (", "Associated Press")],
)
def test_clean_name(text, name):
    assert clean_name(text) == name


def test_entity_id_depends_on_name_and_label_class_only():
    assert entity_id("United States", "GPE") == entity_id("united states", "ORG")  # same class
    assert entity_id("Erdoğan", "PERSON") == entity_id("Erdogan", "PERSON")
    assert entity_id("Jordan", "PERSON") != entity_id("Jordan", "GPE")
    assert len(entity_id("NATO", "ORG")) == 16


# --------------------------------------------------------------------------- without spaCy


def spans_of(text: str, wanted: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for surface, label in wanted:
        start = text.index(surface, pos)
        out.append((start, start + len(surface), label))
        pos = start + len(surface)
    return out


def test_resolve_mentions_without_spacy():
    text = (
        "Lavrov spoke first. Russian Foreign Minister Sergei Lavrov met the U.S. Army Central Command "
        "(CENTCOM) chief. Prime Minister Boris Johnson and Johnson's aides left the United States' embassy; "
        "the US and CENTCOM said little. The Houthi leaders and the Houthis agreed."
    )
    wanted = [("Lavrov", "ORG"), ("Russian", "NORP"), ("Sergei Lavrov", "PERSON"), ("U.S. Army Central Command", "ORG"),
              ("CENTCOM", "ORG"), ("Prime Minister Boris Johnson", "PERSON"), ("Johnson's", "PERSON"),
              ("the United States'", "GPE"), ("US", "GPE"), ("CENTCOM", "ORG"), ("Houthi", "NORP"), ("Houthis", "PERSON")]
    ms = resolve_mentions(text, spans_of(text, wanted))
    assert [m.text for m in ms] == [w for w, _ in wanted]
    lavrov, russian, sergei, army, centcom, johnson, johnsons, us1, us2, centcom2, houthi, houthis = ms
    # a short name introduced before the full one, with the wrong NER label
    assert lavrov.entity_id == sergei.entity_id and lavrov.name == "Sergei Lavrov" and lavrov.label == "PERSON"
    assert sergei.role == "Foreign Minister" and lavrov.role == "Foreign Minister"
    assert russian.label == "NORP" and russian.country == "Russia" and russian.country_id == entity_id("Russia", "GPE")
    assert army.entity_id == centcom.entity_id == centcom2.entity_id and centcom.name == "U.S. Army Central Command"
    assert johnson.name == "Boris Johnson" and johnson.role == "Prime Minister"
    assert johnsons.entity_id == johnson.entity_id
    assert us1.name == us2.name == "United States" and us1.entity_id == us2.entity_id
    assert houthi.entity_id == houthis.entity_id
    # values are never linked
    text2 = "In late August 2021 and in 2021."
    m1, m2 = resolve_mentions(text2, spans_of(text2, [("late August 2021", "DATE"), ("2021", "DATE")]))
    assert m1.entity_id != m2.entity_id


def test_two_people_sharing_a_surname():
    text = (
        "Joe Biden praised Hunter Biden. Later Biden left. Melania Trump met Donald Trump; "
        "Donald Trump spoke and Trump left. Trump and Melania flew."
    )
    wanted = [("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"), ("Biden", "PERSON"), ("Melania Trump", "PERSON"),
              ("Donald Trump", "PERSON"), ("Donald Trump", "PERSON"), ("Trump", "ORG"), ("Trump", "PERSON"),
              ("Melania", "PERSON")]
    joe, hunter, biden, melania, donald, donald2, trump, trump2, melania2 = resolve_mentions(text, spans_of(text, wanted))
    assert joe.entity_id != hunter.entity_id != melania.entity_id != donald.entity_id
    assert biden.entity_id == joe.entity_id  # equally often in full: the one introduced first
    assert trump.entity_id == trump2.entity_id == donald.entity_id  # the one named most often in full
    assert melania2.entity_id == melania.entity_id != donald2.entity_id


def test_surname_is_the_person_not_the_organisation_named_after_them():
    text = "Donald Trump founded Trump University. Trump said the Trump University students were happy."
    wanted = [("Donald Trump", "PERSON"), ("Trump University", "ORG"), ("Trump", "ORG"), ("Trump University", "ORG")]
    donald, university, trump, university2 = resolve_mentions(text, spans_of(text, wanted))
    assert trump.entity_id == donald.entity_id and trump.name == "Donald Trump"
    assert university.entity_id == university2.entity_id != donald.entity_id


def test_one_word_body_is_the_longer_body_only_when_it_names_that_kind_of_body():
    text = ("The Iraqi Parliament met. Parliament voted. The White House said the House must act. "
            "The Grateful Dead played and the Dead left. Ithaca College is in Ithaca. "
            "The Department of Transportation said Transportation would pay.")
    wanted = [("Iraqi Parliament", "ORG"), ("Parliament", "ORG"), ("White House", "ORG"), ("House", "ORG"),
              ("Grateful Dead", "ORG"), ("Dead", "ORG"), ("Ithaca College", "ORG"), ("Ithaca", "GPE"),
              ("Department of Transportation", "ORG"), ("Transportation", "ORG")]
    iraqi, parliament, white, house, grateful, dead, college, ithaca, dot, transportation = resolve_mentions(
        text, spans_of(text, wanted))
    assert parliament.entity_id == iraqi.entity_id and transportation.entity_id == dot.entity_id
    assert house.entity_id != white.entity_id and dead.entity_id != grateful.entity_id
    assert ithaca.entity_id != college.entity_id and ithaca.name == "Ithaca"


def test_a_headline_name_is_not_the_persons_name():
    """The NER reads the title case of a headline into names ("Obama Says"): the body's name wins."""
    text = "Obama Says Museum Will Tell Of Suffering\n\nPresident Obama spoke on Saturday. Mr. Obama said the museum matters."
    wanted = [("Obama Says", "PERSON"), ("Obama", "PERSON"), ("Obama", "PERSON")]
    head, first, second = resolve_mentions(text, spans_of(text, wanted))
    assert first.name == second.name == "Obama" and first.entity_id == second.entity_id


# --------------------------------------------------------------------------- the seed article


def test_seed_entities(seed_mentions):
    ms = seed_mentions
    assert len(one_entity(ms, ["Sergei Lavrov", "Lavrov"])) == 1  # "Lavrov" is tagged ORG once
    assert {m.label for m in ms if m.name == "Sergei Lavrov"} == {"PERSON"}
    assert len(one_entity(ms, ["US", "the United States"])) == 1
    assert {(m.name, m.label) for t in ("US", "the United States") for m in by_text(ms)[t]} == {("United States", "GPE")}
    for text, label in [("NATO", "ORG"), ("Afghanistan", "GPE"), ("Taliban", "ORG"), ("Uzbekistan", "GPE")]:
        assert len(one_entity(ms, [text])) == 1
        assert {m.label for m in by_text(ms)[text]} == {label}
    assert len(one_entity(ms, ["U.S. Army Central Command", "CENTCOM"])) == 1
    assert len({m.label for m in by_text(ms)["Washington"]}) == 1  # tagged ORG and GPE by the model
    muttaqi = by_text(ms)["Amir Khan Muttaqi"][0]
    assert muttaqi.role == "Foreign Minister"
    russian = by_text(ms)["Russian"][0]
    assert (russian.label, russian.country) == ("NORP", "Russia")
    # every distinct entity has one name and one label
    per_id = defaultdict(set)
    for m in ms:
        per_id[m.entity_id].add((m.name, m.label))
    assert all(len(v) == 1 for v in per_id.values())


def test_same_ids_across_runs_and_articles(nlp, seed_mentions):
    again = nlp(normalise(SEED.read_text(encoding="utf-8")))._.mentions
    assert [(m.start_char, m.entity_id) for m in again] == [(m.start_char, m.entity_id) for m in seed_mentions]
    other = nlp("America and the U.S. Navy worked with NATO. Sergei Lavrov of Russia objected.")._.mentions
    ids = {m.name: m.entity_id for m in seed_mentions}
    for m in other:
        if m.name in ("United States", "NATO", "Sergei Lavrov", "Russia"):
            assert m.entity_id == ids[m.name]
    assert any(m.name == "United States" for m in other)


def test_component_sets_mentions_for_every_entity(nlp):
    doc = nlp("The United Nations (UN) met in Geneva on Monday.")
    assert len(doc._.mentions) == len(doc.ents)
    assert all(isinstance(m, Mention) for m in doc._.mentions)


# --------------------------------------------------------------------------- evaluation


def test_person_named_after_an_office_is_a_person_of_its_own(nlp):
    # the small model fuses the office's place and the name ("Ukraine Volodymyr Zelenskyy", ORG)
    doc = nlp(normalise("President of Ukraine Volodymyr Zelenskyy said the call was normal. "
                        "Former US Ambassador to the United Nations Nikki Haley wrote on Twitter, \"We must act.\""))
    ents = {e.text: e.label_ for e in doc.ents}
    assert ents.get("Volodymyr Zelenskyy") == "PERSON" and ents.get("Nikki Haley") == "PERSON"
    assert "Ukraine" in ents
    assert [q.speaker for q in doc._.quotes] == ["Volodymyr Zelenskyy", "Nikki Haley"]
    # "from" a place ("Vermont Bernie Sanders", PERSON)
    doc = nlp(normalise("Joe Biden has 1,217 delegates, while United States Senator from Vermont Bernie Sanders has 914. "
                        "Sanders said he would stay in the race."))
    assert "Bernie Sanders" in {e.text for e in doc.ents if e.label_ == "PERSON"}
    assert [q.speaker for q in doc._.quotes] == ["Bernie Sanders"]
    # an office alone stays an office
    doc = nlp(normalise("The Minister of Foreign Affairs said the talks failed. The Mayor of New York City spoke."))
    assert not any(e.label_ == "PERSON" for e in doc.ents)


def test_each_country_has_its_own_defense_ministry(nlp):
    doc = nlp(normalise("Ukraine's Defense Ministry said the strike hit a depot. Russia's Defense Ministry "
                        "denied it. The Defense Ministry later said the depot was empty."))
    ministries = [(m.text, m.name) for m in doc._.mentions if "Ministry" in m.text]
    assert ministries == [("Defense Ministry", "Defense Ministry (Ukraine)"), ("Defense Ministry", "Defense Ministry (Russia)"),
                          ("The Defense Ministry", "Defense Ministry (Russia)")]
    assert len({m.entity_id for m in doc._.mentions if "Ministry" in m.text}) == 2
    # a body named without its country stays as it is
    doc = nlp(normalise("The Supreme Court ruled on Monday."))
    assert [m.name for m in doc._.mentions if m.label == "ORG"] == ["Supreme Court"]


def test_cluster_metrics_on_known_values():
    gold = ["a", "a", "a", "b", "b"]
    assert b_cubed(gold, gold)["f1"] == 1.0 and pairwise(gold, gold)["f1"] == 1.0
    split = [1, 1, 2, 3, 3]
    b3 = b_cubed(split, gold)
    assert b3["precision"] == 1.0 and b3["recall"] == round((2 / 3 * 2 + 1 / 3 + 1 + 1) / 5, 4)
    pw = pairwise(split, gold)
    assert pw["precision"] == 1.0 and pw["recall"] == round(2 / 4, 4)
    merged = [1, 1, 1, 1, 1]
    assert pairwise(merged, gold)["precision"] == round(4 / 10, 4)


def test_gold_file_matches_the_copied_articles():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    articles = {r["article"] for r in rows}
    assert len(articles) == 30 and len(rows) > 900
    texts = {a: normalise((GOLD.parent / "wikinews30" / f"{a}.txt").read_text(encoding="utf-8")) for a in articles}
    for r in rows:
        assert set(r) == {"article", "start", "end", "text", "label", "key"}
        assert texts[r["article"]][r["start"]:r["end"]] == r["text"]


def test_gold_evaluation_beats_baseline(nlp):
    result = evaluate(GOLD, nlp=nlp)
    assert result["matched"] >= 0.95 * result["mentions"]
    ours, base = result["newsflow"]["global"], result["baseline"]["global"]
    assert ours["b_cubed"]["f1"] >= 0.90
    assert ours["b_cubed"]["f1"] >= base["b_cubed"]["f1"] + 0.05
    assert ours["pairwise"]["f1"] >= base["pairwise"]["f1"] + 0.05


def test_names_in_lower_case_are_dropped(nlp):
    doc = nlp(normalise(SEED.read_text(encoding="utf-8")))  # the model tags "republics" GPE there
    names = [e.text for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")]
    assert "Uzbekistan" in names and all(any(c.isupper() for c in n) for n in names)
