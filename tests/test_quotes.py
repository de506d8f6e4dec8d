"""Quote extraction on short texts written for these tests, the seed article and odd input.

Runs the real pipeline (`transforms.nlp.load_pipeline()`); no PolNeAR text is used here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from transforms.nlp import load_pipeline
from transforms.quotes import Quote, find_quote_spans
from transforms.text import normalise

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_1cbdc47f389d30ae.txt"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def quotes_of(nlp, text: str) -> list[Quote]:
    doc = nlp(normalise(text))
    assert isinstance(doc._.quotes, list)
    for q in doc._.quotes:  # invariants of every quote
        assert 0 <= q.start_char < q.end_char <= len(doc.text)
        assert q.text == doc.text[q.start_char:q.end_char]
        assert q.kind in ("direct", "mixed", "indirect")
        assert q.cue_class in ("speech", "belief", "other")
        assert q.speaker not in ("he", "she", "they", "it", "He", "She", "They", "It")
        if q.speaker_start_char is not None:
            assert 0 <= q.speaker_start_char < q.speaker_end_char <= len(doc.text)
        if q.cue_start_char is not None:
            assert doc.text[q.cue_start_char:q.cue_end_char] == q.cue
        for a, b in q.fragments:
            assert q.start_char <= a < b <= q.end_char
    return doc._.quotes


def acts_of(nlp, text: str) -> list[Quote]:
    """Reported acts, which are not quotes ("The Senate approved [a budget]")."""
    doc = nlp(normalise(text))
    assert isinstance(doc._.acts, list)
    assert not {(a.start_char, a.end_char) for a in doc._.acts} & {(q.start_char, q.end_char) for q in doc._.quotes}
    return doc._.acts


def only(quotes: list[Quote], needle: str) -> Quote:
    found = [q for q in quotes if needle in q.text]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


# ----------------------------------------------------------------------------- styles
@pytest.mark.parametrize("open_, close", [
    ('"', '"'),                    # straight
    ("\u201c", "\u201d"),          # curly double
    ("\u2018", "\u2019"),          # curly single
    ("\u00ab", "\u00bb"),          # guillemets
    ("\u201e", "\u201c"),          # low-high
])
def test_direct_quote_styles(nlp, open_, close):
    text = (f"Mayor Janet Okafor opened the new bridge on Monday.\n\n"
            f"{open_}This bridge will carry our town into the next century,{close} Okafor said.")
    q = only(quotes_of(nlp, text), "next century")
    assert q.kind == "direct"
    assert q.text.startswith(open_) and q.text.endswith(close)
    assert q.cue == "said"
    assert q.speaker == "Janet Okafor"


def test_mixed_quote_in_a_clause_the_parser_hangs_outside_the_report(nlp):
    # the parser attaches the "because" clause to "went", outside what "say" reports
    text = ('Judge Bernard Schwartz went on to say he was not giving them the longest possible sentence '
            'because they had "accepted responsibility at an early stage in the proceeding".')
    q = only(quotes_of(nlp, text), "accepted responsibility")
    assert q.kind == "mixed" and q.speaker == "Bernard Schwartz"
    assert q.text.startswith("he was not giving them")


def test_the_latter_and_the_former_are_the_names_of_a_pair(nlp):
    text = "Barack Obama met Angela Merkel and Emmanuel Macron on Monday. The latter said the talks had gone well."
    assert only(quotes_of(nlp, text), "talks").speaker == "Emmanuel Macron"
    text = "Angela Merkel and Emmanuel Macron met on Monday. The former said the talks had gone well."
    assert only(quotes_of(nlp, text), "talks").speaker == "Angela Merkel"


def test_inverted_speaker_the_parser_reads_as_the_cues_object(nlp):
    # "said" hangs on "think" inside the quote, and "a protester" becomes its object
    text = ('"She is just doing this to try and disintegrate the movement. A lot of people think that," '
            'said a protester using the pseudonym Katya.')
    assert only(quotes_of(nlp, text), "disintegrate").speaker == "Katya"


def test_the_cue_of_a_quote_is_on_its_side_of_a_semicolon(nlp):
    # the parser hangs the quote on "disclose", after the semicolon; "regarding" is a preposition
    text = ("The Interpol spokesperson added regarding Iran's request, they \"would not consider requests of "
            "this nature\"; Interpol didn't disclose whether it received one.")
    q = only(quotes_of(nlp, text), "would not consider")
    assert q.cue == "added" and q.speaker == "Interpol"  # its spokesperson speaks for it


def test_speaker_of_a_colon_intro_the_parser_hangs_on_the_quote(nlp):
    # the parser makes the quoted clause the root and "was" its clausal complement
    q = only(quotes_of(nlp, 'Foreign Minister Sergei Lavrov was clear: "NATO must leave the region."'), "NATO")
    assert q.kind == "direct" and q.speaker == "Sergei Lavrov"


def test_a_document_speaks_for_the_author_named_in_it(nlp):
    text = ("Uzbekistan's Defense Ministry welcomed the visit on Tuesday. "
            "The ministry statement said the talks had been productive.")
    q = only(quotes_of(nlp, text), "productive")
    assert q.speaker == "Defense Ministry"
    assert text[q.source_start_char:q.source_end_char] == "The ministry statement"
    assert only(quotes_of(nlp, "A Pentagon statement said two soldiers were wounded."), "wounded").speaker == "Pentagon"
    # a document with no author in it names no one
    assert only(quotes_of(nlp, "The June report said unemployment fell."), "unemployment").speaker is None


def test_speaker_before_quote_with_colon(nlp):
    text = 'The coach, Peter Vance, was blunt: "We played badly and we deserved to lose the final."'
    q = only(quotes_of(nlp, text), "deserved")
    assert q.kind == "direct"
    assert q.speaker == "Peter Vance"


def test_dash_introduced_speech(nlp):
    text = ("General Ivan Petrov met the troops at dawn.\n\n"
            "\u2014 We will not retreat from this position, \u2014 said Petrov. \u2014 Not one step.")
    q = only(quotes_of(nlp, text), "retreat")
    assert q.kind == "direct"
    assert q.speaker == "Ivan Petrov"


def test_dash_speech_with_its_attribution_after_a_comma(nlp):
    # no second dash: the attribution follows a comma, and speech may go on after its sentence
    text = ("Defence Minister Pavel Petrov was asked whether he would resign.\n\n"
            "\u2013 I will not resign, said Petrov. I have done nothing wrong.")
    q = only(quotes_of(nlp, text), "not resign")
    assert q.kind == "direct" and q.cue == "said" and q.speaker == "Pavel Petrov"
    assert [text[a:b] for a, b in q.fragments] == ["I will not resign", "I have done nothing wrong."]
    q = only(quotes_of(nlp, "Ivan Petrov met the troops.\n\n\u2014 Is this the end? asked Petrov."), "the end")
    assert q.text == "Is this the end?" and q.speaker == "Ivan Petrov"


def test_a_hyphen_bullet_with_an_attribution_stays_a_report(nlp):
    text = "The figures for the year came out.\n\n- Sales of the company rose by five percent, officials said.\n- Costs fell."
    q = only(quotes_of(nlp, text), "Sales")
    assert q.kind == "indirect" and q.speaker == "officials"


def test_multi_paragraph_quote(nlp):
    text = ("Senator Maria Lopez spoke for an hour.\n\n"
            "\u201cWe have waited too long for this reform. Families cannot wait another year.\n\n"
            "\u201cThe time to act is now, and I will not stop until it passes,\u201d Lopez said.")
    quotes = quotes_of(nlp, text)
    q = only(quotes, "waited too long")
    assert "time to act" in q.text
    assert len(q.fragments) == 2
    assert q.speaker == "Maria Lopez"
    assert q.kind == "direct"


def test_quote_interrupted_by_attribution(nlp):
    text = ("Foreign Minister Alan Brookes addressed the assembly.\n\n"
            "\u201cWe consider these tests unacceptable,\u201d he said, \u201cwhatever the pretexts.\u201d")
    quotes = quotes_of(nlp, text)
    q = only(quotes, "unacceptable")
    assert "whatever the pretexts" in q.text
    assert len(q.fragments) == 2
    assert q.speaker == "Alan Brookes"
    assert len([x for x in quotes if "pretexts" in x.text]) == 1


def test_mixed_quote(nlp):
    text = ("Prime Minister Helen Carter visited the port.\n\n"
            'She said the government was "deeply worried about the collapse of fishing stocks" in the region.')
    q = only(quotes_of(nlp, text), "fishing stocks")
    assert q.kind == "mixed"
    assert q.text.startswith("the government was")
    assert q.speaker == "Helen Carter"


def test_coordinated_verbs_with_quotes_are_two_quotes(nlp):
    text = ('Mayor Anna Holt and Governor Tom Reyes met on Monday. Holt said she was '
            '"very encouraged" and Reyes called it a "great meeting."')
    quotes = quotes_of(nlp, text)
    first, second = only(quotes, "very encouraged"), only(quotes, "great meeting")
    assert first is not second
    assert first.speaker == "Anna Holt" and first.cue == "said"
    assert second.speaker == "Tom Reyes" and second.cue == "called" and second.text.startswith("it a")


def test_participle_with_quote_is_its_own_report(nlp):
    text = ('Senator Maria Olsen has indicated she would try to curb critics, vowing to "open up" libel laws.')
    q = only(quotes_of(nlp, text), "open up")
    assert q.cue == "vowing" and q.kind == "mixed"
    assert q.text.startswith("to") and "critics" not in q.text
    assert q.speaker == "Maria Olsen"


def test_statement_speaks_for_whoever_issued_it(nlp):
    text = 'Mayor Anna Holt met the governor. Holt issued a statement saying she was "very encouraged" by the talks.'
    q = only(quotes_of(nlp, text), "very encouraged")
    assert q.speaker == "Anna Holt" and q.cue == "saying"
    text = 'The city police received a letter saying the suspect had "fled to the coast" on Sunday.'
    assert "police" not in (only(quotes_of(nlp, text), "fled to the coast").speaker or "")


def test_quote_as_reported_clause_after_that(nlp):
    text = 'Pastor Ruth Owens tells every visitor that "the door is always open."'
    q = only(quotes_of(nlp, text), "door is always open")
    assert q.kind == "mixed" and q.text.startswith("that") and q.speaker == "Ruth Owens"


def test_quote_finishing_a_clause_interrupted_by_its_attribution(nlp):
    text = 'The fund lost money, which is an outcome, Mayor Ann Lee said, "we have long anticipated."'
    q = only(quotes_of(nlp, text), "long anticipated")
    assert q.kind == "mixed" and q.speaker == "Ann Lee"
    assert [normalise(text)[a:b] for a, b in q.fragments] == ["which is an outcome", '"we have long anticipated."']
    text = 'On Monday, the mayor said, "if we can, we will rebuild the bridge."'
    assert only(quotes_of(nlp, text), "rebuild").kind == "direct"


def test_mixed_quote_in_a_relative_clause_takes_its_antecedent(nlp):
    text = 'Police investigated an explosion that Mayor Bill Dorsey described as "an intentional act."'
    q = only(quotes_of(nlp, text), "intentional act")
    assert q.kind == "mixed" and q.text.startswith("an explosion that") and q.speaker == "Bill Dorsey"


def test_verb_that_is_a_cue_only_next_to_quotes_gives_way_to_the_speech_verb(nlp):
    text = 'Senator Ann Lee criticized the governor for promoting a "cruel and useless" plan.'
    q = only(quotes_of(nlp, text), "cruel and useless")
    assert q.cue == "criticized" and q.text.startswith("the governor for promoting")


def test_later_report_keeps_its_own_clause(nlp):
    text = 'Senator Ann Lee exhorted delegates to "vote your conscience" and said she was standing on principle.'
    quotes = quotes_of(nlp, text)
    q = only(quotes, "standing on principle")
    assert q.cue == "said" and q.speaker == "Ann Lee"
    assert only(quotes, "vote your conscience").cue == "exhorted"


def test_reported_content_does_not_stop_inside_a_quote(nlp):
    text = ('According to the company handbook, its salespeople were told, '
            '"You don\'t sell products. You sell feelings."')
    q = only(quotes_of(nlp, text), "salespeople were told")
    assert q.text.endswith('feelings."')


def test_programme_title_before_attribution_is_not_a_quote(nlp):
    text = ('On Sunday on Fox News channel\u2019s \u201cSunday Morning Futures,\u201d Rep. Darrell Issa said '
            'the senator\u2019s \u201cjudgment\u201d was in question because of her handling of classified material.')
    quotes = quotes_of(nlp, text)
    assert not any("Sunday Morning" in q.text for q in quotes)
    q = only(quotes, "judgment")
    assert q.speaker == "Darrell Issa" and q.kind == "mixed"


def test_quote_parsed_into_the_speakers_phrase(nlp):
    text = "\u201cIt\u2019s unanimous,\u201d councilmember Mark Levine said of the council\u2019s support for the plan."
    q = only(quotes_of(nlp, text), "unanimous")
    assert q.kind == "direct" and q.speaker == "Mark Levine"


# ----------------------------------------------------------------------------- indirect
@pytest.mark.parametrize("sentence, speaker, content", [
    ("Governor Tom Reyes said that the state would reopen its schools next week.", "Tom Reyes", "reopen its schools"),
    ("Tom Reyes said in his weekly address on Friday that the budget was balanced.", "Tom Reyes", "budget was balanced"),
    ("According to Tom Reyes, the budget will be balanced by next spring.", "Tom Reyes", "budget will be balanced"),
    ("Tom Reyes told reporters the budget would be balanced by next spring.", "Tom Reyes", "budget would be balanced"),
    ("Tom Reyes warned that the drought could last another two years.", "Tom Reyes", "drought could last"),
])
def test_indirect_patterns(nlp, sentence, speaker, content):
    q = only(quotes_of(nlp, sentence), content)
    assert q.kind == "indirect"
    assert q.speaker == speaker
    assert q.cue is not None


def test_organisation_speaker_and_statement(nlp):
    text = ("Ruritania's Defence Ministry held talks with the delegation.\n\n"
            "The ministry statement said the two sides agreed to expand training exercises.")
    q = only(quotes_of(nlp, text), "expand training")
    assert q.kind == "indirect"
    assert q.speaker is not None and "Ministry" in q.speaker


@pytest.mark.parametrize("text, needle, speaker", [
    # a pronoun: the nearest named person of its gender
    ("Sarah Whitfield and Robert Kane met in Geneva on Tuesday.\n\n"
     '"The talks were productive and we agreed on a timetable," she said.', "timetable", "Sarah Whitfield"),
    # a description: the person with that title
    ("Trade Minister Olga Berg arrived in Oslo with Jonas Lund, a banker.\n\n"
     "The minister said that exports had doubled since January.", "exports had doubled", "Olga Berg"),
    # a surname: the person, not what bears the name
    ("The Trump University Foundation was founded by Donald Trump in 2005, a year after Trump v. Trump.\n\n"
     "Trump said on Monday that the school had taught thousands of students.", "taught thousands", "Donald Trump"),
    # a short name without the accents of the full one
    ("President Recep Tayyip Erdo\u011fan spoke in Ankara.\n\n"
     '"The museum will become a mosque," Erdogan said.', "museum will become", "Recep Tayyip Erdo\u011fan"),
])
def test_speaker_resolution(nlp, text, needle, speaker):
    assert only(quotes_of(nlp, text), needle).speaker == speaker


def test_short_name_gets_full_name(nlp):
    text = ("Chancellor Markus Feld spoke in Berlin.\n\n"
            '"Europe must stand together," Feld said.')
    q = only(quotes_of(nlp, text), "stand together")
    assert q.speaker == "Markus Feld"
    assert normalise(text)[q.speaker_start_char:q.speaker_end_char] == "Feld"


def test_cueless_paragraph_continues_previous_speaker(nlp):
    text = ("\u201cOur factory will stay open,\u201d said company chairman David Moss.\n\n"
            "\u201cWe owe that to the workers who built it over forty years.\u201d")
    quotes = quotes_of(nlp, text)
    q = only(quotes, "owe that")
    assert q.speaker == "David Moss"
    assert q.kind == "direct"


def test_scare_quotes_and_titles_are_not_quotes(nlp):
    text = 'The so-called "reform" was discussed on "Meet the Press" last week by several guests.'
    assert quotes_of(nlp, text) == []


def test_transcript_turns(nlp):
    text = ("Host Dana Whitmore interviewed Governor Paul Hart.\n\n"
            "WHITMORE: Will you run again next year?\n\n"
            "HART: I have not decided yet, and my family will have a say.")
    quotes = quotes_of(nlp, text)
    q = only(quotes, "not decided")
    assert q.speaker == "Paul Hart"
    assert q.kind == "direct"


def test_transcript_labels_as_initials(nlp):
    text = ("Biologist Natasha Gownaris studies penguins in Argentina.\n\n"
            "WN: Why penguins?\n\n"
            "NG: They are fascinating birds, and I have tagged hundreds of them.\n\n"
            "WN: What comes next?\n\n"
            "NG: We will study the chicks next season.")
    q = only(quotes_of(nlp, text), "fascinating birds")
    assert q.speaker == "Natasha Gownaris"
    # the same answers after questions marked as Wikinews marks them: the answers are not the question's
    quotes = quotes_of(nlp, text.replace("WN: ", "((WN)) "))
    assert only(quotes, "fascinating birds").speaker == "Natasha Gownaris"
    assert only(quotes, "study the chicks").speaker == "Natasha Gownaris"


def test_interview_turns_in_double_parentheses(nlp):
    text = ("Wikinews spoke with candidate Ann Lee about her plans.\n\n"
            "((WN)) What would you change first?\n\n"
            "((Ann Lee)) I think the council should meet in public.\n\n"
            "We want every resident to see how decisions are made.\n\n"
            "((WN)) Thank you.\n\n"
            "((Ann Lee)) Thank you for having me.")
    quotes = quotes_of(nlp, text)
    answer = only(quotes, "meet in public")
    assert answer.kind == "direct" and answer.speaker == "Ann Lee" and answer.cue == "))"
    assert "how decisions are made" in answer.text and "((" not in answer.text
    assert len(answer.fragments) == 2  # one per paragraph of the answer
    turns = [q for q in quotes if q.start_char > text.index("((WN))")]
    assert all(q.speaker == "Ann Lee" for q in turns)  # nothing from the unnamed interviewer, no speakerless "I think"
    # a language tag is not a turn: the paragraphs after it are not swallowed
    text = 'Mayor Ann Lee spoke in Madrid.\n\n((es))Spanish language: hola a todos.\n\n"We will rebuild the bridge," Lee said.'
    assert only(quotes_of(nlp, text), "rebuild the bridge").speaker == "Ann Lee"


# ----------------------------------------------------------------------------- the seed
@pytest.fixture(scope="module")
def seed_quotes(nlp):
    return quotes_of(nlp, SEED.read_text(encoding="utf-8"))


def test_seed_lavrov_direct_quotes(seed_quotes):
    q1 = only(seed_quotes, "different-faceted contacts")
    q2 = only(seed_quotes, "whatever the pretexts")
    for q in (q1, q2):
        assert q.kind == "direct"
        assert q.speaker == "Sergei Lavrov"


def test_seed_mixed_quote(seed_quotes):
    q = only(seed_quotes, "concerned about attempts")
    assert q.kind == "mixed"
    assert q.speaker == "Sergei Lavrov"


def test_seed_muttaqi_indirect(seed_quotes):
    q = only(seed_quotes, "will not allow it to be a source of threat")
    assert q.kind == "indirect"
    assert q.speaker == "Amir Khan Muttaqi"


def test_seed_defense_ministry(seed_quotes):
    q = only(seed_quotes, "Friendly relations")
    assert q.kind == "direct"
    assert q.speaker in ("Uzbekistan's Defense Ministry", "Defense Ministry")
    q = only(seed_quotes, "achievements in the military field")
    assert q.speaker in ("Uzbekistan's Defense Ministry", "Defense Ministry")


# ----------------------------------------------------------------------------- odd text
def test_unbalanced_quote_marks(nlp):
    text = ('He said "this will never end.\n\nThe vote was held on Monday.\n\n'
            'Officials said the result was "final and binding, and no appeal is possible.')
    quotes_of(nlp, text)  # no exception, invariants hold


def test_stray_closing_marks_and_apostrophes(nlp):
    text = "It\u2019s the players\u2019 union\u201d that said \u2019no\u2019 in the \u201990s, \u201c\u201c and \"\"."
    quotes_of(nlp, text)


def test_long_quote_free_article(nlp):
    para = ("The river rose slowly through the night while the town slept and the pumps kept working "
            "along the old harbour wall near the station and the market square. ")
    text = "\n\n".join(para * 5 for _ in range(52))  # ~5,000 words
    assert len(text.split()) >= 5000
    assert quotes_of(nlp, text) == []


def test_quote_only_article(nlp):
    text = "\u201cWe will rebuild everything that was lost, and we will do it together.\u201d"
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    assert quotes[0].kind == "direct" and quotes[0].speaker is None


@pytest.mark.parametrize("text", ["", " ", "\u201c", '"', "\u2014", "WALLACE:", "said", "\n\n\n"])
def test_degenerate_inputs(nlp, text):
    quotes_of(nlp, text)


def test_find_quote_spans_block_excerpt_is_not_one_quote():
    text = ('"First quoted paragraph of another article.\n\n"Second one, with a "real quote" inside.\n\n'
            "Our own text.")
    groups = find_quote_spans(text)
    assert all(len(g) == 1 for g in groups)
    assert any(text[g[0].start:g[0].end] == '"real quote"' for g in groups)


def test_quote_resumes_after_attribution_sentence(nlp):
    text = ("Representative Gwen Moore spoke at the rally.\n\n"
            '"Are we where we need to be? Probably not," Ms. Moore said. "But we will get there."')
    q = only(quotes_of(nlp, text), "Probably not")
    assert "we will get there" in q.text and len(q.fragments) == 2
    assert q.cue == "said" and q.speaker == "Gwen Moore"


def test_dash_byline_after_quote(nlp):
    text = ("Readers sent us their views.\n\n"
            "\u201cThe new park has changed our street for the better.\u201d \u2015 Laura Mendes\n\n"
            "\u201cI still miss the old market.\u201d \u2015 Tomas Reyes")
    quotes = quotes_of(nlp, text)
    assert only(quotes, "new park").speaker == "Laura Mendes"
    assert only(quotes, "old market").speaker == "Tomas Reyes"


# ----------------------------------------------------------------------------- learnt cue frames
@pytest.mark.parametrize("sentence, content, speaker", [
    ("Mayor Lena Ortiz called for a ban on plastic bags in the city centre.",
     "a ban on plastic bags in the city centre", "Lena Ortiz"),
    ("Senator Paul Crane urged Congress to pass the bill before the summer recess.",
     "Congress to pass the bill before the summer recess", "Paul Crane"),
    ("Minister Raj Patel cited the figures as proof that the policy worked.",
     "the figures as proof that the policy worked", "Raj Patel"),
])
def test_learnt_cue_frames(nlp, sentence, content, speaker):
    q = only(quotes_of(nlp, sentence), content)
    assert q.kind == "indirect"
    assert q.text == content
    assert q.speaker == speaker


def test_poll_shows_that_clause(nlp):
    text = "The report by the Harbour Institute shows that fish stocks have fallen by half since 2010, a record low."
    q = only(quotes_of(nlp, text), "fish stocks")
    assert q.kind == "indirect" and q.cue == "shows"
    assert q.text == "that fish stocks have fallen by half since 2010, a record low"


def test_reported_clause_runs_to_sentence_end(nlp):
    q = only(quotes_of(nlp, "Union leader Mark Dale said the strike would go on, at least until the end of the month."),
             "strike would go on")
    assert q.text.endswith("until the end of the month")
    q = only(quotes_of(nlp, 'Coach Anna Rossi said the team was "tired but proud" and would rest for a week before the final.'),
             "tired but proud")
    assert q.kind == "mixed"
    assert q.text == 'the team was "tired but proud" and would rest for a week before the final'


def test_called_object_is_content(nlp):
    q = only(quotes_of(nlp, "Coach Anna Rossi called the referee's decision \"a disgrace to the sport.\""), "disgrace")
    assert q.kind == "mixed"
    assert q.text.startswith("the referee's decision")
    assert q.speaker == "Anna Rossi"


def test_cueless_quote_after_attribution_joins_it(nlp):
    text = '"We will win this," Rossi said on Sunday. "Nobody should doubt us."'
    q = only(quotes_of(nlp, "Coach Anna Rossi spoke after training.\n\n" + text), "win this")
    assert "doubt us" in q.text and len(q.fragments) == 2
    assert q.kind == "direct" and q.speaker == "Anna Rossi"


def test_clause_end_stops_before_next_attribution(nlp):
    text = "Mayor Lena Ortiz said the bridge would reopen in May, and her deputy said the budget was tight."
    quotes = quotes_of(nlp, text)
    q = only(quotes, "reopen in May")
    assert "budget" not in q.text


def test_clause_end_stops_before_the_host_clause(nlp):
    # the cue's clause is subordinate: what follows it belongs to the clause that hosts it
    text = "When Mayor Lena Ortiz announced that the bridge would reopen in May, shop owners on Bank Street cheered."
    q = only(quotes_of(nlp, text), "reopen in May")
    assert q.text == "that the bridge would reopen in May"
    text = "The new rule, addressing the rise in road deaths, will apply to all drivers from June."
    assert not any("all drivers" in q.text for q in quotes_of(nlp, text))
    q = only(quotes_of(nlp, "Smith, saying the plan was doomed, quit."), "doomed")
    assert q.text == "the plan was doomed"


def test_headline_topic_is_no_speaker(nlp):
    text = "Blue Star ferry disaster: Crashed boat's radio recovered from the lake\n\nDivers found the radio on Monday."
    assert not [q for q in quotes_of(nlp, text) if q.cue == ":"]
    # a label headed by people, a body or what they issue names a source
    for label in ("Harbour union camp", "Insiders", "Union's new warning", "Grenfell survivors", "Smith family"):
        text = f"{label}: the strike will go on until the end of June\n\nMore talks are planned."
        assert [q.speaker for q in quotes_of(nlp, text) if q.cue == ":"], label


def test_organisation_name_keeps_its_for_phrase(nlp):
    text = "The Center for Urban Birds announced on Monday that the sparrow count was up by half."
    q = only(quotes_of(nlp, text), "sparrow count")
    assert q.speaker == "Center for Urban Birds"
    # a person's "on"/"for" phrase is no part of the name
    assert only(quotes_of(nlp, "Pelosi on Capitol Hill said the bill would pass."), "bill").speaker == "Pelosi"


def test_named_person_in_apposition_before_the_cue_speaks(nlp):
    # the parser coordinates "director" with "Institute": the name is no appositive of the subject
    text = "The Northern Institute of Marine and Coastal Studies' director, Dr. Helen Marsh, said of the spill, \"it's going to get worse.\""
    assert only(quotes_of(nlp, text), "get worse").speaker == "Helen Marsh"
    # (Wikinews, CC BY 2.5) the name is parsed as an appositive of the city, which no person is
    text = ("According to semi-official news agency ISNA, the prosecutor general of Tehran, Ali Alghasi Mehr, "
            "said the 36 must face \"murder and terrorism charges\".")
    assert only(quotes_of(nlp, text), "terrorism charges").speaker == "Ali Alghasi Mehr"
    text = "Charles Federic Plotena, the mayor of Esperanza, Sultan Kudarat, announced classes would be cancelled."
    assert only(quotes_of(nlp, text), "cancelled").speaker == "Charles Federic Plotena"


def test_quote_marks_inside_the_speakers_phrase_are_no_quote(nlp):
    # (Wikinews, CC BY 2.5) the parse makes the phrase with the scare quote the cue's subject
    text = ('While many offered "furry" versions of traditional products, at least one business focused on '
            '"pushing the boundaries of fursuit technology."')
    quotes = quotes_of(nlp, text)
    assert not [q for q in quotes if "furry" in q.text]
    assert not [q for q in quotes if q.speaker and '"' in q.speaker]


def test_nested_curly_quote_stays_one_quote(nlp):
    text = ("Teacher Nora Bell spoke to the council.\n\n"
            "\u201cI would rather teach in what they call a \u201cruin\u201d than close the school,\u201d Bell said.")
    groups = find_quote_spans(normalise(text))
    assert len(groups) == 1 and len(groups[0]) == 1
    q = only(quotes_of(nlp, text), "rather teach")
    assert "close the school" in q.text and q.kind == "direct" and q.speaker == "Nora Bell"


def test_mismatched_quote_mark_styles(nlp):
    text = ("Coach Anna Rossi spoke after training.\n\n"
            "\u201cWe will win this,\" Rossi said. \"Nobody should doubt us.\u201d")
    q = only(quotes_of(nlp, text), "win this")
    assert "doubt us" in q.text and len(q.fragments) == 2
    assert "Rossi said" not in "".join(q.text[a - q.start_char:b - q.start_char] for a, b in q.fragments)
    assert q.speaker == "Anna Rossi"


def test_attribution_introducing_the_next_quote_does_not_join_the_one_before(nlp):
    # '"A." He added, "B."': the attribution introduces B alone
    text = ("My aunt, Lena Ortiz, asked me about the devil. I had to change my answer: "
            "\u201cOf course I believe in the devil. I was just kidding.\u201d To which she said, "
            "\u201cThank God at least you still believe in the devil.\u201d")
    quotes = quotes_of(nlp, text)
    assert "Thank God" not in only(quotes, "just kidding").text
    assert only(quotes, "Thank God").speaker == "Lena Ortiz"


def test_interrupted_quote_across_nickname_in_attribution(nlp):
    text = ('Officials met on Monday.\n\n"This is a big night for our candidate!" the mayor\'s cousin, '
            'Anna "Annie" Ruiz, shouted to the crowd. "The whole state is watching us."')
    quotes = quotes_of(nlp, text)
    q = only(quotes, "big night")
    assert "watching us" in q.text and len(q.fragments) == 2
    assert not any(x.text.strip('"') == "Annie" for x in quotes)


def test_interrupted_quote_across_title_and_appositive(nlp):
    text = ("The hearing ended late.\n\n"
            "\u201cShe is completely right. The agency has lost its way,\u201d Okafor, a former inspector, "
            "said Thursday morning on Channel Five\u2019s \u201cGood Day Live.\u201d "
            "\u201cI mean, nobody inside trusts the leadership anymore.\u201d")
    q = only(quotes_of(nlp, text), "completely right")
    assert "nobody inside" in q.text and len(q.fragments) == 2
    assert q.speaker == "Okafor" and q.kind == "direct"


def test_cueless_next_paragraph_quote_joins_previous_attribution(nlp):
    text = ("Officials met on Monday.\n\n\u201cThe plan is sound,\u201d Gomez said.\n\n"
            "\u201cWe will defend it in every town. Nobody has offered anything better.\u201d\n\n"
            "The vote is next week.")
    quotes = quotes_of(nlp, text)
    q = only(quotes, "plan is sound")
    assert "every town" in q.text and len(q.fragments) == 2
    assert q.kind == "direct" and q.speaker == "Gomez"
    assert len([x for x in quotes if "every town" in x.text]) == 1


def test_quoted_description_of_object_is_mixed(nlp):
    text = "Mayor Tom Hale arrived late. Hale has been steadily pounding his rival as a \u201creckless gambler\u201d for months."
    q = only(quotes_of(nlp, text), "reckless gambler")
    assert q.kind == "mixed" and q.text.startswith("his rival as a")
    assert q.speaker == "Tom Hale"


# ----------------------------------------------------------------------------- patterns added with the span rules
def test_two_apostrophes_are_a_double_quote(nlp):
    text = ("The ministry, for its part, said it held the better hand. ''I welcome a debate about wages,'' "
            "said Thomas Perez, the labor secretary. ''It shows the difference between us.''")
    q = only(quotes_of(nlp, text), "welcome a debate")
    assert q.kind == "direct" and len(q.fragments) == 2
    assert q.text.startswith("''I welcome") and q.text.endswith("between us.''")
    assert q.speaker == "Thomas Perez"


def test_unbalanced_two_apostrophes_do_not_raise(nlp):
    text = "''Open and never closed, it's Bob's '' day. The '90s'' were odd. ''"
    assert isinstance(quotes_of(nlp, text), list)


def test_parenthetical_cue_before_main_clause(nlp):
    text = "To prevent problems, the mayor said, local officials should stay vigilant."
    q = only(quotes_of(nlp, text), "vigilant")
    assert q.kind == "indirect" and q.cue == "said"
    assert q.text.startswith("To prevent problems") and len(q.fragments) == 2
    assert all("mayor" not in q.text[a - q.start_char:b - q.start_char] for a, b in q.fragments)


def test_two_that_clauses_of_one_report(nlp):
    text = ("Peter Hoekstra said that a swap involved hard choices but that if the president made one, "
            "he should have informed Congress.")
    q = only(quotes_of(nlp, text), "hard choices")
    assert q.cue == "said" and q.text.endswith("informed Congress")


def test_condition_inside_a_reported_clause(nlp):
    text = "Party officials say that, even if they thought it was appropriate, a recount could not be done."
    q = only(quotes_of(nlp, text), "recount")
    assert q.cue == "say" and q.text.startswith("that, even if") and q.speaker == "Party officials"
    text = "He claimed that paying no taxes was smart, although he refused to release his returns."
    assert only(quotes_of(nlp, text), "paying no taxes").text == "that paying no taxes was smart"


def test_verb_that_opens_a_quote_is_its_cue(nlp):
    text = ("Donald Trump joked that Brooklyn was his answer, but went on to say, "
            "\u201cThere are places in America that are among the most dangerous in the world.\u201d")
    qs = quotes_of(nlp, text)
    assert only(qs, "Brooklyn").text == "that Brooklyn was his answer"
    q = only(qs, "There are places")
    assert (q.kind, q.cue, q.speaker) == ("direct", "say", "Donald Trump")


@pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
def test_has_read_as_is(nlp, apostrophe):
    # the parser reads "he's heralded plans" as a passive, which left the verb without a speaker
    text = (f"Donald Trump spoke on Monday. Though he{apostrophe}s heralded plans to tax carried interest as "
            "evidence of his resolve, experts say the change is small.")
    q = only(quotes_of(nlp, text), "carried interest")
    assert q.text.startswith("plans to tax") and q.speaker == "Donald Trump"
    text = (f"It{apostrophe}s become an issue in the race, with Hillary Clinton \u2014 who{apostrophe}s called for big tax "
            "hikes on the rich \u2014 lambasting his plan.")
    assert only(quotes_of(nlp, text), "tax hikes").speaker == "Hillary Clinton"


def test_views_with_as(nlp):
    qs = quotes_of(nlp, "Mayor Ann Lee sees the new tax as a way to fund the schools.")
    q = only(qs, "new tax")
    assert (q.text, q.speaker, q.cue_class) == ("the new tax as a way to fund the schools", "Ann Lee", "belief")
    q = only(quotes_of(nlp, "But the staffing change was seen by some as a demotion for the manager."), "demotion")
    assert q.text.startswith("the staffing change") and q.speaker is None
    assert all("by some" not in q.text[a - q.start_char:b - q.start_char] for a, b in q.fragments)
    # a relative clause names no subject of the view
    text = "The senator, whose third place was widely seen as a disappointment, said that he would stay."
    assert [q.text for q in quotes_of(nlp, text)] == ["that he would stay"]


def test_mixed_quote_around_parenthetical_cue_spans_the_sentence(nlp):
    text = 'Particularly in poorer towns, the mayor said, "we do not know what the answer will be" on how many jobs might go.'
    q = only(quotes_of(nlp, text), "answer will be")
    assert q.kind == "mixed" and q.text.startswith("Particularly in poorer towns")
    assert q.text.endswith("might go")
    text = 'The reality is, he added, "there are no shortcuts in this business."'
    q = only(quotes_of(nlp, text), "shortcuts")
    assert q.kind == "mixed" and q.text.startswith("The reality is")


def test_according_to_covers_the_sentence_around_a_quote(nlp):
    text = 'According to the radio host, the move reeks of "fear of losing the debate" and desperation.'
    q = only(quotes_of(nlp, text), "losing the debate")
    assert q.kind == "mixed" and q.text == 'the move reeks of "fear of losing the debate" and desperation'


@pytest.mark.parametrize("text, content, speaker", [
    # a one-word quote: the clause is still the source's ("reeks" parsed as part of the source)
    ('According to talk radio host Rush Limbaugh, the move reeks of \u201cfear\u201d and desperation.',
     "the move reeks of \u201cfear\u201d and desperation", "Rush Limbaugh"),
    # the source's description between commas is not content
    ('According to Dr. Tom Frieden, formerly the director of the agency, the pandemic is "unprecedented." He left.',
     'the pandemic is "unprecedented."', "Tom Frieden"),
    ('According to Sergey Dydykin, who chairs the committee, the test shows the "social elevators" open to them.',
     'the test shows the "social elevators" open to them', "Sergey Dydykin"),
])
def test_according_to_source_and_its_description(nlp, text, content, speaker):
    q = only(quotes_of(nlp, text), content)
    assert q.kind == "mixed" and q.text == content and q.speaker == speaker and q.cue == "According to"


def test_quoted_description_after_a_fronted_phrase(nlp):
    text = "In recent weeks, Reid has gone after Trump as a \u201chuman leech who will bleed the country\u201d and a \u201cspoiled brat.\u201d"
    q = only(quotes_of(nlp, text), "leech")
    assert q.kind == "mixed" and q.text.startswith("Trump as a") and q.text.rstrip(".\u201d").endswith("spoiled brat")
    assert q.speaker == "Reid"


def test_parenthetical_speaker_reports_a_belief_clause(nlp):
    text = 'Many voters, the senator said, now believe the program is "a total failure that must end."'
    q = only(quotes_of(nlp, text), "total failure")
    assert q.kind == "mixed" and q.cue == "said" and q.speaker == "senator"
    assert q.text.startswith("Many voters") and all("senator" not in text[a:b] for a, b in q.fragments)


@pytest.mark.parametrize("text, content", [
    ("The officer was accused of lying about the death of a motorist.", "lying"),
    ("Residents were told to stay off the roads until the storm had passed.", "stay off the roads"),
    ("The storm is expected to make landfall in Florida on Wednesday night.", "make landfall"),
])
def test_passive_report_has_no_named_speaker(nlp, text, content):
    # the passive subject is what is reported or who is addressed, not the source
    q = only(quotes_of(nlp, text), content)
    assert q.speaker is None and q.speaker_start_char is None


@pytest.mark.parametrize("text, content, speaker", [
    ("Local Republicans are convinced that the department mishandled the case.", "mishandled", "Republicans"),
    ("Hillary Clinton spoke in Miami. She is now assured of winning at least 175 delegates.", "175 delegates", "Hillary Clinton"),
])
def test_passive_holder_of_a_belief_speaks(nlp, text, content, speaker):
    q = only(quotes_of(nlp, text), content)
    assert q.speaker == speaker


def test_clause_before_a_colon_is_not_the_report_after_it(nlp):
    text = ("The ruling set off another round of partisan fireworks on Friday: Republicans said "
            "the department had mishandled the investigation.")
    quotes = quotes_of(nlp, text)
    assert not any("fireworks" in q.text for q in quotes)
    assert only(quotes, "mishandled").speaker == "Republicans"


def test_reported_clause_parsed_as_adverbial(nlp):
    # the parser hangs the reported clause on "said" as an adverbial clause
    text = "Trump said after the convention he would not accept Cruz's endorsement if it were offered."
    q = only(quotes_of(nlp, text), "endorsement")
    assert q.kind == "indirect" and q.speaker == "Trump"
    assert q.text == "he would not accept Cruz's endorsement if it were offered"


def test_headline_speaker_colon_statement(nlp):
    text = ("Lavrov: West Must Stop \u2018Pumping Weapons\u2019 Into Ukraine.\n\n"
            "Russian Foreign Minister Sergei Lavrov said on Monday that the West was escalating the conflict.")
    q = only(quotes_of(nlp, text), "Pumping")
    assert q.cue == ":" and q.kind == "mixed"
    assert q.text == "West Must Stop \u2018Pumping Weapons\u2019 Into Ukraine"
    assert q.speaker == "Sergei Lavrov"


def test_label_colon_headline_is_not_a_quote(nlp):
    quotes = quotes_of(nlp, "UPDATE: the council will vote again on Friday.\n\nThe session starts at noon.")
    assert not any(q.cue == ":" for q in quotes)


def test_run_in_section_heading_is_not_a_speaker(nlp):
    # "Heading: paragraph" in an explainer; an organisation's full name before a colon still speaks
    heading = ("Terrorism.\n\nLimited Tools to Fight Terrorism: The United Nations was set up at a time when "
               "conflicts erupted among nations, and peace was negotiated among them.")
    assert not [q for q in quotes_of(nlp, heading) if q.cue == ":"]
    headline = "Center for American Progress: Tax Plan Would Cost Families Thousands\n\nThe plan was published today."
    assert [q.speaker for q in quotes_of(nlp, headline) if q.cue == ":"] == ["Center for American Progress"]


def test_cueless_quote_joins_previous_mixed_quote(nlp):
    text = ('Minister Karl Brandt left the summit early. The summit achieved "too little," Brandt added on Twitter. '
            '"Without new policies on the economy, Europe risks a lot."')
    q = only(quotes_of(nlp, text), "too little")
    assert "Europe risks" in q.text and len(q.fragments) == 2
    assert q.speaker == "Karl Brandt"


def test_called_pronoun_object_is_mixed(nlp):
    q = only(quotes_of(nlp, 'Coach Anna Rossi called him "a liar."'), "liar")
    assert q.kind == "mixed" and q.text.startswith("him")


def test_cue_introducing_quote_with_comma_is_its_speech_verb(nlp):
    text = ('She said fathers would not be eligible, and when pressed on why the plan leaves out dads, '
            'the mother of three replied, "It is meant to benefit the mother who has given birth to the child."')
    q = only(quotes_of(nlp, text), "meant to benefit")
    assert q.kind == "direct" and q.cue == "replied"
    assert q.text.startswith('"It is meant')


def test_coordinated_reports_stay_apart(nlp):
    text = ("Six in 10 Virginia primary voters said the governor is honest and trustworthy, "
            "and three-quarters said the same of his rival.")
    quotes = quotes_of(nlp, text)
    q = only(quotes, "honest")
    assert q.text == "the governor is honest and trustworthy"
    assert "rival" not in q.text


def test_headline_name_on_topic_colon_statement(nlp):
    # "Name on Topic: statement" is the named person's words on the topic ...
    text = ("Okafor on Harbor Fees: The Increase Is 'Unavoidable.'\n\n"
            "Mayor Grace Okafor said on Monday that the fees would rise in June.")
    q = only(quotes_of(nlp, text), "Unavoidable")
    assert q.cue == ":" and q.text == "The Increase Is 'Unavoidable.'" and q.speaker == "Grace Okafor"
    # ... so are "Name to Audience: ..." and "Name at Event: ...", and a kicker before the name is skipped
    for headline in ("Okafor to Harbor Workers: The Fees Will Rise in June.",
                     "Mayor Okafor at Council Meeting: The Fees Will Rise in June.",
                     "EXCLUSIVE \u2013 Grace Okafor: The Fees Will Rise in June."):
        text = headline + "\n\nMayor Grace Okafor spoke on Monday."
        q = only(quotes_of(nlp, text), "Fees Will Rise")
        assert q.cue == ":" and "Okafor" in q.speaker, headline
    # ... but only when the text names that person: else it is a run-in heading
    text = "Update on Harbor Fees: The Increase Is Planned for June.\n\nThe council meets on Friday."
    assert not [q for q in quotes_of(nlp, text) if q.cue == ":"]


def test_headline_surname_colon_statement(nlp):
    # a lone surname before the colon, which the parser tags a common noun, names the person the
    # text names in full; a lone word that names no one stays no speaker
    text = "Carpenter: Harbor Fees Will Rise in June.\n\nMayor Grace Carpenter spoke on Monday."
    q = only(quotes_of(nlp, text), "Harbor Fees")
    assert q.cue == ":" and q.speaker == "Grace Carpenter"
    text = "Storms: Roads Closed Across the County After Heavy Rain.\n\nOfficials closed the roads."
    assert not [q for q in quotes_of(nlp, text) if q.cue == ":"]


def test_naming_verb_object_folded_into_the_quoted_phrase(nlp):
    # the parser makes "Obamacare" a modifier inside the quoted noun phrase: it is still the
    # object the quoted words name, so the quote is mixed and holds it
    q = only(quotes_of(nlp, "Bill Clinton calls Obamacare \u2018crazy system\u2019 during campaign stop.\n\n"
                            "Former President Bill Clinton spoke in Ohio on Monday."), "crazy system")
    assert q.kind == "mixed" and q.text.startswith("Obamacare") and q.speaker == "Bill Clinton"
    # or reads the named object as a second object predicate
    q = only(quotes_of(nlp, "Bill Clinton called Obamacare a \u2018crazy system\u2019 during a campaign stop on Monday."),
             "crazy system")
    assert q.kind == "mixed" and q.text.startswith("Obamacare a")
    # a possessive before quoted words is no named object
    assert only(quotes_of(nlp, 'He repeated his "thank you" twice.'), "thank you").kind == "direct"


def test_a_dateline_before_a_colon_is_not_a_headline_speaker(nlp):
    for first in ("Kabul", "Monday"):
        doc = nlp(normalise(f"{first}: Taliban officials met Russian diplomats on Tuesday to discuss trade.\n\n"
                            "The talks went on."))
        assert not [q for q in doc._.quotes if q.speaker == first]


# ----------------------------------------------------------------------------- attribution patterns (issue #3)
def test_cue_complement_is_not_a_parenthetical(nlp):
    # "X later said he was joking": the clause after the cue is the content, not "X later said"
    quotes = quotes_of(nlp, "Mayor Dana Pruitt later said he was joking.")
    assert [q.text for q in quotes] == ["he was joking"]
    assert quotes[0].cue == "said" and quotes[0].speaker == "Dana Pruitt"


def test_second_speech_verb_starts_its_own_report(nlp):
    text = ("Senator Lena Ortiz praised the bill, acknowledging that the tax had worked "
            "but warning that its cost would have consequences.")
    quotes = quotes_of(nlp, text)
    first, second = only(quotes, "had worked"), only(quotes, "its cost")
    assert "warning" not in first.text
    assert second.cue == "warning" and second.speaker == first.speaker == "Lena Ortiz"


def test_coordinated_speech_verb_shares_the_subject(nlp):
    text = "Governor Tom Reyes says the obvious answer was to cut fees and says he wrote a bill to do that."
    quotes = quotes_of(nlp, text)
    assert only(quotes, "cut fees").text == "the obvious answer was to cut fees"
    assert only(quotes, "wrote a bill").speaker == "Tom Reyes"


def test_further_predicate_of_the_reported_clause_is_content(nlp):
    q = only(quotes_of(nlp, "Ella Marsh said she made her choice early and then voted by mail in May."), "choice")
    assert q.text.endswith("voted by mail in May")


def test_coordinated_cue_with_content_of_its_own_is_a_report(nlp):
    # 'and asked voters to X', 'but pledged to X', 'and warned against X': a report of its own
    # (PolNeAR draws two attributions), by the same speaker
    quotes = quotes_of(nlp, "Ella Marsh said she made her choice early and asked voters to mail their ballots.")
    first, second = only(quotes, "choice"), only(quotes, "ballots")
    assert first.text == "she made her choice early"
    assert second.cue == "asked" and second.speaker == "Ella Marsh"
    quotes = quotes_of(nlp, "The family said they want justice for Terrence, but pledged to remain civil.")
    assert only(quotes, "justice").text == "they want justice for Terrence"
    assert only(quotes, "civil").cue == "pledged"


def test_short_content_of_a_framed_cue(nlp):
    # what is endorsed or declined is often one or two words; a lone relative word is not content
    text = ("The feud may simmer down now that Senator Cruz has endorsed Trump. "
            "Through a spokesman, Governor Lee declined to comment.")
    quotes = quotes_of(nlp, text)
    assert only(quotes, "Trump").text == "Trump" and only(quotes, "Trump").speaker == "Cruz"
    # a refusal says nothing: an act (the news guideline), still found with its speaker
    assert not [q for q in quotes if "comment" in q.text]
    assert only(acts_of(nlp, text), "to comment").speaker == "Lee"


def test_noun_cue_with_an_infinitive(nlp):
    q = only(quotes_of(nlp, "Lynch faced criticism over her promise to meet with Bill Clinton on her plane."), "meet")
    assert q.text == "to meet with Bill Clinton on her plane" and q.cue == "promise"


def test_an_act_is_an_attribution_of_class_other(nlp):
    # PolNeAR counts acts as attributions (a decision, a withdrawal); a newsroom's quote list keeps
    # cue_class 'speech', so an act must never be labelled speech
    # an intention or a decision to do something is an act too ("decided to meet", "sought to fill")
    text = "Lynch faced criticism over her decision to meet with Bill Clinton on her plane."
    assert not quotes_of(nlp, text)
    decision = only(acts_of(nlp, text), "meet")
    assert decision.cue == "decision" and decision.cue_class == "other"
    # a charge is a judgement of someone, not a bare act
    charged = only(quotes_of(nlp, "Prosecutors charged the two developers with fraud."), "fraud")
    assert (charged.cue, charged.cue_class) == ("charged", "other")
    withdrew = "Washington withdrew its troops from the country in the summer of 2021."
    assert not quotes_of(nlp, withdrew)  # an act: in doc._.acts, never a quote
    assert [a.cue_class for a in acts_of(nlp, withdrew)] == ["other"]
    said = only(quotes_of(nlp, "Lynch said she would meet with Bill Clinton on her plane."), "meet")
    assert said.cue_class == "speech"
    # an intention is a position, reported as an act
    assert only(acts_of(nlp, "Moscow sought to fill the vacuum by reaching out to the Taliban."), "vacuum").speaker == "Moscow"
    assert only(quotes_of(nlp, "On his show, Oz promoted \u201cmagic\u201d weight loss pills for years."), "magic").kind == "mixed"


def test_reported_clause_runs_over_a_subordinate_cue(nlp):
    text = "Judge Omar Wells says he has stayed neutral in the race so he would not be accused of favoritism."
    q = only(quotes_of(nlp, text), "stayed neutral")
    assert q.text.endswith("accused of favoritism")


def test_object_frame_runs_to_clause_end(nlp):
    q = only(quotes_of(nlp, "Senator Mia Holt praised Governor Brandt for cutting taxes and paring regulations."), "taxes")
    assert q.text == "Governor Brandt for cutting taxes and paring regulations"
    assert q.speaker == "Mia Holt"


def test_preposition_frame_includes_the_object(nlp):
    q = only(quotes_of(nlp, "Senator Paul Dunn accused Governor Brandt of ducking."), "ducking")
    assert q.text == "Governor Brandt of ducking"


def test_first_person_report_outside_quote_marks(nlp):
    quotes = quotes_of(nlp, "A: I think the council will approve the budget next week.")
    assert any(q.text.startswith("the council will approve") for q in quotes)


def test_hope_is_a_cue_despite_the_lemmatiser(nlp):
    q = only(quotes_of(nlp, "Mayor Ruth Kline hopes that voters will forgive the delay."), "forgive")
    assert q.cue == "hopes" and q.speaker == "Ruth Kline"


def test_colon_after_a_cue_object_makes_a_mixed_quote(nlp):
    q = only(quotes_of(nlp, 'Mayor Lena Ortiz delivered a sharp retort: "Nobody is tearing this plan up."'), "tearing")
    assert q.kind == "mixed" and q.text.startswith("a sharp retort:")
    q = only(quotes_of(nlp, 'Mayor Lena Ortiz said on Monday: "Nobody is tearing this plan up."'), "tearing")
    assert q.kind == "direct"


def test_speech_noun_speaker_is_its_possessor(nlp):
    text = 'Reporters checked Ortiz\'s claim that there have been "thousands of complaints" in the city this year.'
    q = only(quotes_of(nlp, text), "thousands")
    assert q.cue == "claim" and q.kind == "mixed" and "Ortiz" in q.speaker
    q = only(quotes_of(nlp, "Governor Sam Patel made the claim that taxes would fall next year."), "taxes")
    assert q.speaker == "Sam Patel"


def test_according_to_holds_a_nested_report(nlp):
    quotes = quotes_of(nlp, "According to exit polls, most voters said they felt betrayed by the party.")
    assert any(q.cue == "According to" and q.text.startswith("most voters said") for q in quotes)
    assert any(q.cue == "said" and q.text == "they felt betrayed by the party" for q in quotes)


def test_according_to_phrase_ends_at_its_comma(nlp):
    q = only(quotes_of(nlp, "According to exit polls, majorities of voters in Alabama want a change of course."), "majorities")
    assert q.text.startswith("majorities of voters")


def test_in_a_poll_names_the_source(nlp):
    q = only(quotes_of(nlp, "In a new Harbor Institute poll, most likely voters support the mayor's plan."), "voters")
    assert q.cue == "In" and q.speaker == "Harbor Institute"


def test_label_lines_and_interview_turns(nlp):
    text = ("Harbor council approves the budget\n\nOrtiz: We will rebuild the old harbor this year\n\n"
            "Q: What did the council decide about the harbor?\n\nA: It approved the budget after a long debate.")
    quotes = quotes_of(nlp, text)
    assert only(quotes, "rebuild the old harbor").cue == ":"
    assert only(quotes, "What did the council").kind == "direct"
    assert only(quotes, "approved the budget").cue == ":"


def test_quote_coordinated_with_the_reported_clause(nlp):
    text = 'Coach Ana Ruiz said she had received offers for the team, but "the offers were not ones I could accept."'
    q = only(quotes_of(nlp, text), "offers were not")
    assert q.kind == "mixed" and q.text.startswith("she had received offers")


def test_subject_of_likely_to_say(nlp):
    q = only(quotes_of(nlp, "Older voters were slightly more likely to say they preferred the mayor."), "preferred")
    assert q.speaker and "voters" in q.speaker


def test_gerund_after_preposition_takes_the_host_subject(nlp):
    quotes = quotes_of(nlp, "Ana Ruiz called her son a hero before explaining why she forgave the driver.")
    assert only(quotes, "forgave").speaker == "Ana Ruiz"
    assert only(quotes, "hero").text == "her son a hero"  # no dangling "before"


def test_elliptic_reported_clause(nlp):
    q = only(quotes_of(nlp, "Senator Jeff Marlow said he would."), "would")
    assert q.text == "he would" and q.speaker == "Jeff Marlow"


def test_quoted_descriptions_of_a_phrasal_verb_object(nlp):
    text = 'Senator Ada Reilly has gone after Governor Brandt as a "reckless gambler" and a "spoiled brat."'
    q = only(quotes_of(nlp, text), "reckless")
    assert q.kind == "mixed" and q.text.startswith("Governor Brandt as") and "spoiled brat" in q.text
    assert q.speaker == "Ada Reilly"


def test_participle_after_a_message_takes_its_sender_as_speaker(nlp):
    q = only(quotes_of(nlp, "The campaign sent out an email stressing that the senator would win the state."), "would win")
    assert q.cue == "stressing" and q.speaker and "campaign" in q.speaker


def test_source_noun_label_headline(nlp):
    text = "Poll: Mayor Ortiz leads the race for the harbor seat by ten points\n\nThe vote is on Friday."
    q = only(quotes_of(nlp, text), "leads the race")
    assert q.cue == ":" and q.speaker == "Poll"


def test_topic_of_a_speech_verb(nlp):
    q = only(quotes_of(nlp, "Senator Ada Reilly complained about the cost of the new harbor bridge."), "cost")
    assert q.text == "the cost of the new harbor bridge" and q.speaker == "Ada Reilly"
    assert not [q for q in quotes_of(nlp, "Senator Ada Reilly spoke on Monday.") if "Monday" in q.text]


# ----------------------------------------------------------------------------- speaker sanity
def test_time_expression_is_no_speaker(nlp):
    # a date or a time the parser makes the subject names no one: the report stays, unattributed
    text = "Governor Lena Marsh toured the flooded valley.\n\nSaturday said the dam would hold until the spring."
    for q in quotes_of(nlp, text):
        assert q.speaker != "Saturday"


def test_name_inside_a_time_phrase_subject(nlp):
    q = only(quotes_of(nlp, "On that point, Kowalski Sunday night recounted an argument with the harbor board."),
             "argument")
    assert q.speaker == "Kowalski"


def test_dateline_is_no_speaker(nlp):
    text = ("BRIGHTON -- Mayor Lena Marsh, opening the new pier on Saturday, said the town would build "
            "two more before the summer.")
    q = only(quotes_of(nlp, text), "two more")
    assert q.speaker == "Lena Marsh"


@pytest.mark.parametrize("dateline", ["HOVE, England -", "ROCKPORT, Maine \u2014", "PORT ELLEN (AP) \u2014",
                                      "HOVE, July 27 --"])
def test_dateline_with_a_region_a_date_or_an_agency_is_no_speaker(nlp, dateline):
    q = only(quotes_of(nlp, f"{dateline} Harbor officials claimed an easy victory in the vote."), "victory")
    assert q.speaker == "Harbor officials"


def test_headline_label_is_no_speaker(nlp):
    for q in quotes_of(nlp, "The Latest: Marsh urges voters to back the harbor plan.\n\nThe vote is on Friday."):
        assert q.speaker != "Latest"


def test_gerund_after_a_shown_person(nlp):
    text = 'The new ad uses footage of Lena Marsh asking, "Why would anyone build a pier there?"'
    q = only(quotes_of(nlp, text), "pier there")
    assert q.speaker == "Lena Marsh"


def test_posts_speak_for_their_author(nlp):
    text = "Governor Lena Marsh unleashed a series of tweets criticizing the harbor board and its chairman."
    for q in quotes_of(nlp, text):
        assert q.speaker != "tweets"


def test_they_is_not_a_place(nlp):
    text = ("Marsh's campaign held a rally in Port Fenwick on Friday.\n\n"
            'The campaign is contrasting her plan with what they call the governor\'s "reckless spending."')
    for q in quotes_of(nlp, text):
        assert q.speaker != "Port Fenwick"


def test_cue_class_tells_speech_from_beliefs_and_actions(nlp):
    text = ('"We will not retreat," the minister said. Officials believe that the plan will fail. '
            'Moscow sought to fill the vacuum left by the withdrawal. The mayor told reporters that the bridge would open.')
    quotes = quotes_of(nlp, text)
    assert only(quotes, "We will not retreat").cue_class == "speech"
    assert only(quotes, "the bridge would open").cue_class == "speech"
    assert only(quotes, "the plan will fail").cue_class == "belief"
    acts = [q for q in quotes if "fill the vacuum" in q.text]
    assert all(q.cue_class == "other" for q in acts)  # when the learnt frames report it at all


def test_act_or_speech_verbs_are_speech_only_when_they_report_words(nlp):
    """'posted a time', 'issued a subpoena', 'issued a warning for the coast', 'approved a budget':
    acts, not quotes, however PolNeAR counts them (the Wikinews gold leaves "issued a hurricane
    warning" and "issued a ruling on X" out); 'posted a message', 'issued a warning that X', 'ruled
    that ...': speech."""
    speech = {
        "Governor Ann Lee posted a message on Twitter blaming the storm for the delays.": "a message",
        "The weather service issued a warning that the whole coast would flood on Monday.": "a warning",
        "The court ruled that the law was unconstitutional.": "the law was",
    }
    for text, needle in speech.items():
        found = [q for q in quotes_of(nlp, text) if needle in q.text]
        assert [q.cue_class for q in found] == ["speech"], (text, [(q.text, q.cue_class) for q in quotes_of(nlp, text)])
    acts = {
        "The runner Ruth Kiprop posted a time of 2:05:45 in the Berlin race on Sunday.": "a time",
        "The committee issued a subpoena for the bank records of the company.": "a subpoena",
        "The Senate approved a budget with less money for the border.": "a budget",
    }
    for text, needle in acts.items():
        assert not [q for q in quotes_of(nlp, text) if needle in q.text], text
        assert [a.cue_class for a in acts_of(nlp, text) if needle in a.text] == ["other"], text
    text = "The weather service issued a warning for the whole coast on Monday."  # an alert, still an act
    assert quotes_of(nlp, text) == [] and [a.cue for a in acts_of(nlp, text)] == ["issued"]


def test_a_reported_act_is_no_quote_but_still_holds_a_stance(nlp):
    """An act or position with a plain noun phrase for content ("backed [the rebels]") is not
    someone's words: it goes to `doc._.acts`, where stance still finds who holds a position."""
    text = "Saudi Arabia supported the government of Abdrabbuh Mansur Hadi against the Houthi rebellion."
    assert not quotes_of(nlp, text)
    act = only(acts_of(nlp, text), "the government of")
    assert (act.speaker, act.cue) == ("Saudi Arabia", "supported")
    doc = nlp(text)
    assert {s.holder for s in doc._.stances if s.target == "Abdrabbuh Mansur Hadi"} == {"Saudi Arabia"}
    # a proposition stays a quote: a judgement ("as"), an infinitive, a speech noun, "for" + gerund
    for text, needle in {
        "Recep Tayyip Erdogan named both the PKK and the YPG as terrorists.": "as terrorists",
        "The Turkish Ministry of Foreign Affairs invited the countries to open dialogue.": "to open dialogue",
        "The task force released a statement saying an attack hit the base.": "a statement saying",
        "Senator Ann Lee thanked Trump for backing the bill.": "for backing",
    }.items():
        assert only(quotes_of(nlp, text), needle).cue_class == "other", text


def test_a_document_with_no_named_author_is_no_speaker(nlp):
    quotes = quotes_of(nlp, "Reports say that 300 people died in the flood. A statement said that the dam had held. "
                            "The Interior Ministry said in a statement that rescuers were on their way.")
    assert only(quotes, "300 people died").speaker is None
    assert only(quotes, "the dam had held").speaker is None
    assert only(quotes, "rescuers were on their way").speaker == "Interior Ministry"


def test_seed_cue_classes(seed_quotes):
    assert only(seed_quotes, "whatever the pretexts").cue_class == "speech"
    assert only(seed_quotes, "Friendly relations").cue_class == "speech"
    assert only(seed_quotes, "strengthening").cue_class == "speech"  # welcomed
    assert not any("fill the vacuum" in q.text for q in seed_quotes)  # sought [to fill ...]: an act


def test_seed_intent_is_an_act(nlp):
    act = only(acts_of(nlp, SEED.read_text(encoding="utf-8")), "fill the vacuum")
    assert (act.cue, act.cue_class, act.speaker) == ("sought", "other", "Moscow")


# ----------------------------------------------------------------------------- evaluation
def _brat_folder(tmp_path):
    """A two-article BRAT attribution folder (PolNeAR's layout) written for this test."""
    text = ('"We will build the bridge," Mayor Ana Ruiz said on Monday. '
            'The council said that the budget was too small.\n')
    content1 = text.index('"We will'), text.index(' Mayor')
    content2 = text.index("that the budget"), text.index(" was too small.") + len(" was too small")
    cue2 = text.index("said that"), text.index("said that") + 4
    src2 = text.index("The council"), text.index("The council") + len("The council")
    src1 = text.index("Mayor Ana Ruiz"), text.index("Mayor Ana Ruiz") + len("Mayor Ana Ruiz")
    cue1 = text.index("said on"), text.index("said on") + 4
    ann = "\n".join([
        f"T1\tContent {content1[0]} {content1[1]}\t{text[content1[0]:content1[1]]}",
        f"T2\tSource {src1[0]} {src1[1]}\t{text[src1[0]:src1[1]]}",
        f"T3\tCue {cue1[0]} {cue1[1]}\tsaid",
        "E1\tAttribution:T3 Source:T2 Cue:T3 Content:T1",
        f"T4\tContent {content2[0]} {content2[1]}\t{text[content2[0]:content2[1]]}",
        f"T5\tSource {src2[0]} {src2[1]}\t{text[src2[0]:src2[1]]}",
        f"T6\tCue {cue2[0]} {cue2[1]}\tsaid",
        "E2\tAttribution:T6 Source:T5 Cue:T6 Content:T4",
    ])
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a1.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / "a1_x.ann").write_text(ann + "\n", encoding="utf-8")
    quiet = "The river rose by two metres overnight and the road was closed.\n"
    (tmp_path / "text" / "a2.txt").write_text(quiet, encoding="utf-8")
    (tmp_path / "attributions" / "a2_x.ann").write_text("", encoding="utf-8")
    return tmp_path


def test_eval_quotes_on_a_brat_folder(nlp, tmp_path):
    from transforms.eval_quotes import evaluate, format_report

    folder = _brat_folder(tmp_path)
    res = evaluate(folder, nlp=nlp)
    assert res["articles"] == 2 and res["gold_by_kind"] == {"direct": 1, "mixed": 0, "indirect": 1}
    assert res["system"]["0.8"]["recall"] == 1.0 and res["system"]["0.3"]["precision"] == 1.0
    assert res["speaker"]["accuracy"] == 1.0 and res["speaker"]["n"] == 2
    assert res["speaker"]["accuracy_named_gold"] == 1.0
    assert res["precision_by_cue_class"]["speech"] == {"pred": 2, "precision": 1.0}
    report = format_report(res)
    assert "system >= 0.8" in report and "precision >= 0.3 by cue class: speech 1.000 of 2" in report
    # scoring only some cue classes leaves the others' predictions out
    beliefs = evaluate(folder, nlp=nlp, cue_classes={"belief"})
    assert beliefs["system"]["0.3"]["pred"] == 0 and beliefs["system"]["0.3"]["recall"] == 0.0
    assert "scoring only predictions of cue class belief" in format_report(beliefs)
    assert evaluate(folder, nlp=nlp, cue_classes={"speech"})["system"] == res["system"]


def test_agreement_of_two_annotations(tmp_path, capsys):
    from transforms.eval_quotes import agreement, main

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = _brat_folder(tmp_path / "a")
    second = _brat_folder(tmp_path / "b")
    # the second annotator took only the reported clause's last words and missed the direct quote
    ann = second / "attributions" / "a1_x.ann"
    lines = ann.read_text(encoding="utf-8").splitlines()
    text = (second / "text" / "a1.txt").read_text(encoding="utf-8")
    a, b = text.index("too small"), text.index("too small") + len("too small")
    kept = [f"T4\tContent {a} {b}\ttoo small" if ln.startswith("T4\t") else ln for ln in lines if not ln.startswith(("T1\t", "E1\t"))]
    ann.write_text("\n".join(kept) + "\n", encoding="utf-8")
    res = agreement(first, second)
    assert (res["articles"], res["gold"], res["other"]) == (2, 2, 1)
    assert res["system"]["0.3"]["tp"] == 1 and res["system"]["0.8"]["tp"] == 0  # 9 of 35 characters
    assert res["system"]["0.3"]["precision"] == 1.0 and res["system"]["0.3"]["recall"] == 0.5
    assert main(["--gold", str(first), "--agreement", str(second)]) == 0
    assert "overlap >= 0.3: P 1.000 R 0.500 F1 0.667 (1 matched)" in capsys.readouterr().out


@pytest.mark.parametrize("text, fragment, speaker", [
    # the name after a hyphenated description ("study co" was the speaker)
    ('"The shelf is the weakest point," said study co-author Karen Alley. She works in Ohio.',
     "weakest point", "Karen Alley"),
    # a source noun from a named body
    ("According to data from the Gun Violence Archive, the shooting was the worst this year.",
     "the worst this year", "Gun Violence Archive"),
    # a named apposition after an "of" phrase
    ("Following the announcements, the director of Argentina's Amnesty International, "
     "Mariela Belski, said the measures were not enough.", "not enough", "Mariela Belski"),
    # the named subject wins over its title where the parser gives two subjects
    ('Offering his condolence, speaker of the parliament Ali Larijani wrote on Instagram: '
     '"The years of his life were a gift."', "a gift", "Ali Larijani"),
    # a relative pronoun speaks for its antecedent
    ("The ministry contacted Prime Minister Tuilaepa, who told the press his nephew needed a dose.",
     "nephew needed a dose", "Tuilaepa"),
])
def test_named_speaker_inside_a_description(nlp, text, fragment, speaker):
    assert only(quotes_of(nlp, text), fragment).speaker == speaker


def test_unnamed_speakers_lose_the_sentence_capital(nlp):
    quotes = quotes_of(nlp, "Officials said the road would reopen on Monday. Later the officials said that it would not. "
                            "Trump said the wall was finished. The builders doubted it, and Trump said so again.")
    assert {only(quotes, "road would reopen").speaker, only(quotes, "it would not").speaker} == {"officials"}
    assert only(quotes, "the wall was finished").speaker == "Trump"


def test_in_a_document_the_named_subject_or_the_owner_speaks(nlp):
    # "In <document>, <clause>": the clause's named subject, else the document's owner, else no one
    # (a document with no named author is no speaker: grouped by speaker, "new survey" says nothing)
    named = quotes_of(nlp, "In a statement issued Tuesday, Senator Maria Lopez was more cautious than her "
                           "colleagues on the committee.")
    assert [q.speaker for q in named if q.cue == "In"] == ["Maria Lopez"]
    owned = quotes_of(nlp, "Mayor Tom Reed spoke on Monday. In his weekly column, the city budget looks "
                           "healthier than it did a year ago.")
    assert [q.speaker for q in owned if q.cue == "In"] == ["Tom Reed"]
    survey = quotes_of(nlp, "In a new survey, a majority of residents supports the plan to expand the city park.")
    assert [q.speaker for q in survey if q.cue == "In"] == [None]
    unresolved = quotes_of(nlp, "In its annual report, the city budget looks healthier than it did a year ago.")
    assert [q.speaker for q in unresolved if q.cue == "In"] == [None]


def test_said_after_a_quote_the_parser_also_made_its_subject(nlp):
    # the parser hangs a quoted word on "said" as a second subject; the named one outside the quote speaks
    text = ("Some believe the campaign is worried about its chances in the state.\n\n"
            "\u201cThe campaign is in panic mode. Full panic mode,\u201d said Leslie Wimes, a South Florida-based "
            "president of the Democratic African-American Women Caucus.")
    q = only(quotes_of(nlp, text), "panic mode")
    assert (q.kind, q.cue, q.speaker) == ("direct", "said", "Leslie Wimes")
    assert not quotes_of(nlp, 'The "reform" was discussed at length by the committee on Monday.')


def test_colon_intro_by_a_speech_noun(nlp):
    text = ("Both candidates spoke about jobs.\n\nOn July 6, 2015, Senator Ann Moss made the following comment:\n\n"
            "\u201cFor young people who have left high school, the unemployment rate is 33 percent.\u201d")
    q = only(quotes_of(nlp, text), "young people")
    assert (q.kind, q.cue, q.speaker) == ("direct", "comment", "Ann Moss")


def test_verbless_quote_after_cue_the_parser_hung_on_the_subject(nlp):
    # the parser makes the quote an appositive of the subject before the cue; the quote is after the cue
    text = 'Baker retired in 2016.\n\nPaul McCartney wrote on Twitter, "Ginger Baker, great drummer, wild and lovely guy."'
    q = only(quotes_of(nlp, text), "Ginger Baker")
    assert (q.kind, q.cue, q.speaker) == ("direct", "wrote", "Paul McCartney")


def test_participle_before_a_noun_is_no_cue(nlp):
    text = ('The Senate cancelled its planned hearing because the governor did "not recognize the authority of '
            'the Senate" in the matter. The study counts known cases outside China, a "total of 1,723 cases".')
    assert not {"planned", "known"} & {q.cue for q in quotes_of(nlp, text)}


def test_quoted_words_in_the_complement_of_any_verb(nlp):
    # the verb is no speech verb, but the quoted words in its complement are its subject's
    q = only(quotes_of(nlp, 'PolitiFact rated 32% of Republican claims as "false" or "pants on fire" last year.'), "false")
    assert q.kind == "mixed" and q.speaker == "PolitiFact" and q.cue == "rated"
    assert q.text.startswith("32% of Republican claims as")
    # quoted words in the subject are no one's words
    assert not quotes_of(nlp, 'The "smart" fridges that Kemper sold cost more than the old ones.')


def test_raised_subject_of_a_passive_report(nlp):
    # "X is expected to Y": what is expected is that X does Y; no one named expects it
    q = only(quotes_of(nlp, "Governor Ruiz is expected to sign the bill on Friday in Austin."), "sign")
    assert q.text == "Governor Ruiz is expected to sign the bill on Friday in Austin"
    assert q.speaker is None and q.cue == "expected"
    assert q.fragments == ((q.start_char, q.end_char),)  # one stretch: "is not expected" keeps its "not"
    # a subject that already holds another quote is not taken twice
    quotes = quotes_of(nlp, 'Governor Ruiz, whom critics called a "coward" last week, is expected to sign the bill.')
    spans = sorted((q.start_char, q.end_char) for q in quotes)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no overlap


def test_one_quote_per_span(nlp):
    # the sentence is the content of "according to" and of "is expected": one row, with the speaker
    text = "According to the Miami Herald, Humberto is not expected to make landfall in the Bahamas."
    quotes = quotes_of(nlp, text)
    assert len({(q.start_char, q.end_char) for q in quotes}) == len(quotes)
    q = only(quotes, "landfall")
    assert q.speaker == "Miami Herald"


def test_scare_quotes_are_no_ones_words(nlp):
    for text in ('The company sells "smart" fridges in Ohio and Texas.',
                 'The agency hired a "chief happiness officer" last year.'):
        assert not quotes_of(nlp, text)


def test_a_cue_with_two_complements_reports_both(nlp):
    # In running text the parser may read a comma inside the reported clause as a clause boundary
    # and give the cue two complements: "told the show [it is clear that hacking of the DNC], [the
    # DCCC ... can be traced to Russia]". The parse is fixed here so the rule is what is tested.
    from spacy.tokens import Doc

    rows = [  # word, head, dep, pos, lemma
        ("Reyes", 1, "nsubj", "PROPN", "Reyes"), ("told", 1, "ROOT", "VERB", "tell"),
        ("the", 3, "det", "DET", "the"), ("show", 1, "dobj", "NOUN", "show"),
        ("it", 5, "nsubj", "PRON", "it"), ("is", 1, "ccomp", "AUX", "be"), ("clear", 5, "acomp", "ADJ", "clear"),
        ("that", 8, "det", "PRON", "that"), ("hacking", 6, "acl", "NOUN", "hacking"), ("of", 8, "prep", "ADP", "of"),
        ("the", 11, "det", "DET", "the"), ("committee", 9, "pobj", "NOUN", "committee"), (",", 5, "punct", "PUNCT", ","),
        ("the", 14, "det", "DET", "the"), ("party", 21, "nsubjpass", "NOUN", "party"), ("and", 14, "cc", "CCONJ", "and"),
        ("county", 17, "compound", "NOUN", "county"), ("offices", 14, "conj", "NOUN", "office"),
        ("in", 14, "prep", "ADP", "in"), ("Ohio", 18, "pobj", "PROPN", "Ohio"), ("can", 21, "aux", "AUX", "can"),
        ("traced", 1, "ccomp", "VERB", "trace"), ("to", 21, "prep", "ADP", "to"), ("Moscow", 22, "pobj", "PROPN", "Moscow"),
        (".", 1, "punct", "PUNCT", "."),
    ]
    words, heads, deps, pos, lemmas = (list(x) for x in zip(*rows))
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              sent_starts=[True] + [False] * (len(rows) - 1))
    doc = nlp.get_pipe("newsflow_quotes")(doc)
    q = only(doc._.quotes, "traced")
    assert q.text == "it is clear that hacking of the committee , the party and county offices in Ohio can traced to Moscow"
    assert (q.cue, q.speaker) == ("told", "Reyes")


def test_complement_before_the_cue_is_a_misparse_when_a_that_clause_follows(nlp):
    text = ("Writing for a county newspaper panel that all agreed Moreno won the debate, Ana Ruiz noted that "
            "the way Moreno spoke was critical to his success.")
    q = only(quotes_of(nlp, text), "the way")
    assert q.text == "that the way Moreno spoke was critical to his success" and q.speaker == "Ana Ruiz"
    assert "panel" not in " ".join(x.text for x in quotes_of(nlp, text))


def test_subject_of_an_agentless_passive_judgement(nlp):
    # what is criticised is that Lindqvist closed the library; no one named criticises
    q = only(quotes_of(nlp, "Mayor Lindqvist was criticized for closing the library during the storm."), "library")
    assert q.text == "Mayor Lindqvist was criticized for closing the library during the storm"
    assert q.speaker is None
    # and so are those urged to act (as PolNeAR train annotates 9 of 10 such passives); not those asked
    q = only(quotes_of(nlp, "Voters were urged to stay home on Tuesday."), "home")
    assert q.text == "Voters were urged to stay home on Tuesday"


def test_parenthetical_cue_with_an_addressee(nlp):
    # ", she told me on Monday," interrupts the report; the parser hangs it on the subject before it
    text = "Ms. Vance runs the firm. The difference now, she told me on Monday, is that she runs a much bigger company."
    q = only(quotes_of(nlp, text), "bigger company")
    assert q.text.startswith("The difference now") and q.cue == "told" and q.speaker == "Vance"
    assert [text[a:b] for a, b in q.fragments] == ["The difference now", "is that she runs a much bigger company"]


def test_frames_that_report_only_with_a_source_as_subject(nlp):
    # "identified X as Y" reports a view when a person does the identifying, not when a scanner does
    q = only(quotes_of(nlp, "Senator Mike Lee identified the tax bill as the main cause of the deficit."), "deficit")
    assert q.text == "the tax bill as the main cause of the deficit" and q.speaker == "Mike Lee"
    assert not quotes_of(nlp, "The new scanner identified the tumour in a few seconds.")


def test_called_on_someone_to_act_holds_the_quote(nlp):
    # the quote sits in the infinitive of "called on police to release ...": "called on" is the
    # cue, the one called on is content (as in an indirect one), and the second "called on" is a
    # report of its own
    text = ('The Ortiz family has called on police to release the footage "in the interest of transparency" '
            'and called on residents to stay calm.')
    q = only(quotes_of(nlp, text), "transparency")
    assert q.text == 'police to release the footage "in the interest of transparency"'
    assert (q.kind, q.cue, q.speaker) == ("mixed", "called on", "Ortiz family")
    q = only(quotes_of(nlp, text), "stay calm")
    assert q.text == "residents to stay calm"
    q = only(quotes_of(nlp, "The governor called on people to protest peacefully."), "protest")
    assert q.text == "people to protest peacefully"
    # no climb without someone called on: the quote-side verb keeps its cue
    q = only(quotes_of(nlp, 'Apple plans to call the new phone "iPhone Air" next year.'), "iPhone")
    assert q.cue == "call"


def test_coordinated_verb_with_its_own_frame_starts_a_report(nlp):
    text = "Ortiz attacked tax loopholes that benefit the rich, and has called for a wealth tax on large estates."
    q = only(quotes_of(nlp, text), "loopholes")
    assert q.text == "tax loopholes that benefit the rich"
    assert only(quotes_of(nlp, text), "wealth").text == "a wealth tax on large estates"


def test_passive_with_an_agent_reports_its_subject(nlp):
    # "X was endorsed by Y" is "Y endorsed X": the subject is the content, the agent the source
    q = only(quotes_of(nlp, "The Democratic nominee has been endorsed by the Chicago Tribune."), "nominee")
    assert (q.text, q.speaker, q.cue) == ("The Democratic nominee", "Chicago Tribune", "endorsed")
    # but those ordered or asked to do something are addressed: what they are told is the content
    q = only(quotes_of(nlp, "Thousands of residents were ordered by the governor to leave."), "leave")
    assert (q.text, q.speaker) == ("to leave", "governor")
    # (with no one named who told them, the passive as a whole is what was reported, as PolNeAR annotates it)
    q = only(quotes_of(nlp, "Citizens were called on to vote early."), "vote")
    assert q.text == "Citizens were called on to vote early"
    # a "by" phrase that names no one who could judge, or a bare pronoun as subject: nothing reported
    assert not quotes_of(nlp, "The mother's life is threatened by the pregnancy.")
    assert not quotes_of(nlp, "It was signed by Donald Trump on Friday.")


def test_adjective_cues_with_a_learnt_frame(nlp):
    # "is hopeful that X", "was critical of X": a view held by a source
    q = only(quotes_of(nlp, "Mayor Ortiz is hopeful that the bridge will reopen by spring."), "bridge")
    assert (q.text, q.cue, q.speaker, q.cue_class) == ("that the bridge will reopen by spring", "hopeful",
                                                       "Ortiz", "belief")
    q = only(quotes_of(nlp, "Senator Hale was critical of the new budget rules."), "budget")
    assert (q.text, q.speaker) == ("the new budget rules", "Hale")
    # not for things, and a speech verb in the infinitive reports for itself
    assert not quotes_of(nlp, "The team was quick to score.")
    q = only(quotes_of(nlp, "Republicans were quick to criticize the ruling."), "ruling")
    assert q.cue == "criticize"


def test_coordinated_quoted_words_continue_the_report(nlp):
    text = ('Oz is \u201csmart as hell,\u201d Steve Mosko wrote in an email to a colleague, and \u201cfull of hot air.\u201d '
            'Nobody disagreed.')
    q = only(quotes_of(nlp, text), "smart as hell")
    assert (q.speaker, q.cue) == ("Steve Mosko", "wrote")
    assert [text[a:b] for a, b in q.fragments] == ["Oz is \u201csmart as hell,\u201d", "\u201cfull of hot air.\u201d"]


def test_reports_the_parser_splits_or_misreads(nlp):
    # a fronted time phrase swallows the speaker: "on [Friday Ford Motor Company]"
    q = only(quotes_of(nlp, "On Friday Ford Motor Company announced that the regulator was reviewing its tests."), "regulator")
    assert q.text == "that the regulator was reviewing its tests" and q.speaker == "Ford Motor Company"
    # "called for X to be Y" read as an adverbial clause
    q = only(quotes_of(nlp, "Legal and medical groups have also called for the law to be repealed."), "repealed")
    assert q.text == "the law to be repealed" and q.cue == "called"
    # "advised X to Y" read as an adverbial clause; not a meeting called to discuss something
    q = only(quotes_of(nlp, "The mayor of New Orleans, Jane Doe, advised residents of her city to make plans and stay indoors."), "plans")
    assert q.text == "residents of her city to make plans and stay indoors" and q.speaker == "Jane Doe"
    assert not any("meeting" in x.text for x in quotes_of(nlp, "The U.N. called an emergency meeting to discuss the test."))
    # the reported clause's subject read as the cue's object
    q = only(quotes_of(nlp, "Committee chairman Jerrold Nadler has repeatedly maintained an inquiry is what the committee is doing."), "committee is")
    assert q.text == "an inquiry is what the committee is doing" and q.speaker == "Jerrold Nadler"
    # a clause before a semicolon is not what the cue after it reports
    texts = [x.text for x in quotes_of(nlp, "Most of the victims were children; the hospital confirmed three nurses were also hurt.")]
    assert texts == ["three nurses were also hurt"]


def test_frames_that_are_mostly_actions_report_nothing(nlp):
    # "passed", "struggled to": learnt frames the extractor got wrong more often than right on PolNeAR train
    assert quotes_of(nlp, "The House passed the spending bill on Tuesday.") == []
    assert quotes_of(nlp, "The Senate voted on Monday, and Republicans struggled to find the votes.") == []


QUOTE_GOLD = Path(__file__).parent / "gold" / "quotes_wikinews48"


def test_wikinews_quote_gold_is_consistent():
    from transforms.eval_quotes import read_gold_dir

    articles = read_gold_dir(QUOTE_GOLD)
    assert len(articles) == 48 and sum(len(a.attributions) for a in articles) == 421
    assert_spans_match_text(QUOTE_GOLD)


def assert_spans_match_text(gold: Path) -> None:
    """Every span's surface in a BRAT gold folder is the file's text at its offsets."""
    for ann in (gold / "attributions").glob("*.ann"):
        text = (gold / "text" / (ann.stem.rsplit("_", 1)[0] + ".txt")).read_text(encoding="utf-8")
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _, label_offsets, surface = line.split("\t")
                pieces = [text[int(a):int(b)] for a, b in (p.split() for p in label_offsets.split(" ", 1)[1].split(";"))]
                assert " ".join(pieces) == surface, (ann.name, line)


QUOTE_GOLD_24 = Path(__file__).parent / "gold" / "quotes_wikinews24"


def test_held_out_quote_gold_is_consistent():
    from transforms.eval_quotes import read_gold_dir

    articles = read_gold_dir(QUOTE_GOLD_24)
    assert len(articles) == 24 and sum(len(a.attributions) for a in articles) == 188
    names48 = {p.name for p in (QUOTE_GOLD / "text").glob("*.txt")}
    assert not names48 & {p.name for p in (QUOTE_GOLD_24 / "text").glob("*.txt")}  # held out: no article twice
    assert_spans_match_text(QUOTE_GOLD_24)


def test_quotes_on_the_held_out_wikinews_gold(nlp):
    # Floors under today's figures (F1 0.836 / 0.800, speakers 0.94; blind, before version 0.3.98:
    # 0.817 / 0.781)
    from transforms.eval_quotes import evaluate

    res = evaluate(QUOTE_GOLD_24, nlp=nlp)
    assert res["system"]["0.3"]["f1"] >= 0.81 and res["system"]["0.8"]["f1"] >= 0.77
    assert res["speaker"]["accuracy"] >= 0.9


QUOTE_GOLD_24B = Path(__file__).parent / "gold" / "quotes_wikinews24b"


def test_quotes_on_the_second_held_out_wikinews_gold(nlp):
    # Floors under today's figures; blind, at version 0.3.111: F1 0.796 / 0.752, speakers 0.935
    from transforms.eval_quotes import evaluate

    res = evaluate(QUOTE_GOLD_24B, nlp=nlp)
    assert res["system"]["0.3"]["f1"] >= 0.79 and res["system"]["0.8"]["f1"] >= 0.745
    assert res["speaker"]["accuracy"] >= 0.9


QUOTE_GOLD_24C = Path(__file__).parent / "gold" / "quotes_wikinews24c"
QUOTE_GOLD_24D = Path(__file__).parent / "gold" / "quotes_wikinews24d"
QUOTE_GOLD_24E = Path(__file__).parent / "gold" / "quotes_wikinews24e"
QUOTE_GOLD_24F = Path(__file__).parent / "gold" / "quotes_wikinews24f"
QUOTE_GOLD_24B_SECOND = Path(__file__).parent / "gold" / "quotes_wikinews24b_second"


def test_more_quote_gold_sets_are_consistent():
    from transforms.eval_quotes import read_gold_dir

    sets = {QUOTE_GOLD: 421, QUOTE_GOLD_24: 188, QUOTE_GOLD_24B: 207, QUOTE_GOLD_24C: 247, QUOTE_GOLD_24D: 191,
            QUOTE_GOLD_24E: 216, QUOTE_GOLD_24F: 219}
    seen: set[str] = set()
    for gold, n in sets.items():
        articles = read_gold_dir(gold)
        assert sum(len(a.attributions) for a in articles) == n, gold.name
        names = {p.name for p in (gold / "text").glob("*.txt")}
        assert not names & seen, gold.name  # no article in two sets
        seen |= names
    for gold in (QUOTE_GOLD_24B, QUOTE_GOLD_24C, QUOTE_GOLD_24D, QUOTE_GOLD_24E, QUOTE_GOLD_24F, QUOTE_GOLD_24B_SECOND):
        assert_spans_match_text(gold)
    second = {p.name for p in (QUOTE_GOLD_24B_SECOND / "text").glob("*.txt")}
    assert second == {p.name for p in (QUOTE_GOLD_24B / "text").glob("*.txt")}


def test_two_annotations_of_the_same_articles_agree():
    # two groups of annotators, blind to each other: the gold measures the extractor, not their noise
    from transforms.eval_quotes import agreement

    res = agreement(QUOTE_GOLD_24B, QUOTE_GOLD_24B_SECOND)
    assert res["articles"] == 24 and res["system"]["0.3"]["f1"] >= 0.95 and res["system"]["0.8"]["f1"] >= 0.93


@pytest.mark.parametrize("gold, floor3, floor8", [
    (QUOTE_GOLD_24C, 0.79, 0.75),  # blind until 0.3.114: 0.800 / 0.759 at 0.3.111, 0.804 / 0.767 at 0.3.114
    (QUOTE_GOLD_24D, 0.86, 0.81),  # tuned on: 0.836 / 0.790 at 0.3.111, 0.885 / 0.836 at 0.3.114
    (QUOTE_GOLD_24E, 0.83, 0.80),  # blind: 0.840 / 0.811 at 0.3.115 and at 0.3.118
    (QUOTE_GOLD_24F, 0.88, 0.86),  # blind: 0.890 / 0.872 at 0.3.115, 0.896 / 0.872 at 0.3.118
])
def test_quotes_on_more_wikinews_gold(nlp, gold, floor3, floor8):
    from transforms.eval_quotes import evaluate

    res = evaluate(gold, nlp=nlp)
    assert res["system"]["0.3"]["f1"] >= floor3 and res["system"]["0.8"]["f1"] >= floor8
    assert res["speaker"]["accuracy"] >= 0.9


def test_quotes_on_the_wikinews_gold_beat_the_baseline(nlp):
    # Floors a little under what the extractor scores today (F1 0.885 / 0.862, speakers 0.95), so a
    # change that loses quotes on varied news fails here even without PolNeAR.
    from transforms.eval_quotes import evaluate

    res = evaluate(QUOTE_GOLD, nlp=nlp)
    ours, base = res["system"], res["baseline"]
    assert ours["0.3"]["f1"] >= 0.86 and ours["0.8"]["f1"] >= 0.84
    assert ours["0.3"]["f1"] >= base["0.3"]["f1"] + 0.25
    assert res["recall_by_kind"]["0.8"]["direct"] >= 0.9
    assert res["speaker"]["accuracy"] >= 0.93


def test_a_verb_that_goes_on_with_the_reported_clause_stays_in_it(nlp):
    q = only(quotes_of(nlp, "Police say he posed a deadly threat and refused to drop the gun."), "threat")
    assert q.text == "he posed a deadly threat and refused to drop the gun"
    q = only(quotes_of(nlp, "The minister declined to threaten Moscow or even directly declare it responsible."), "Moscow")
    assert q.text == "to threaten Moscow or even directly declare it responsible"
    # the same tense as the cue: a second report of the speaker's own
    texts = {x.text for x in quotes_of(nlp, "Smith said the deal was dead and warned against new talks.")}
    assert texts == {"the deal was dead", "new talks"}


def test_passive_reports_of_a_state_raise_their_subject(nlp):
    # coordinated with the verb that has the subject: the subject and the infinitive are the content
    text = "The driver was taken to the hospital and is reported to be in a stable condition."
    q = only(quotes_of(nlp, text), "stable")
    assert (q.cue, q.speaker) == ("reported", None)
    assert [text[a:b] for a, b in q.fragments] == ["The driver", "to be in a stable condition"]
    q = only(quotes_of(nlp, "The mayor was later announced to have resigned."), "resigned")
    assert q.text == "The mayor was later announced to have resigned" and q.speaker is None


@pytest.mark.parametrize("text, pieces, speaker", [
    # the name read as the verb's object; the report goes on after it
    ("The bomb was placed on a motorcycle, stated Minister of Information Moammar al-Eryani, and was left outside a shop.",
     ["The bomb was placed on a motorcycle", "and was left outside a shop"], "Moammar al-Eryani"),
    # the verb read as an adjective of the name
    ("The plant will close in March, stated company spokesman John Reed.", ["The plant will close in March"], "John Reed"),
    ("The plant, stated company spokesman John Reed, will close next year.", ["The plant", "will close next year"], "John Reed"),
])
def test_inverted_cue_whose_speaker_the_parser_misreads(nlp, text, pieces, speaker):
    q = only(quotes_of(nlp, text), pieces[0])
    assert [text[a:b] for a, b in q.fragments] == pieces and q.speaker == speaker


def test_a_list_of_actions_is_no_inverted_report(nlp):
    text = "Biden arrived in Warsaw on Friday, thanked Polish President Andrzej Duda, and visited refugees."
    assert not any(q.speaker == "Andrzej Duda" for q in quotes_of(nlp, text))


def test_look_alikes_of_reports_the_parser_splits(nlp):
    # the reported clause's subject cannot do what the coordinated verb says: a second report
    texts = {q.text for q in quotes_of(nlp, "Scientists say the ice sheet melted faster than expected and warned of rising seas.")}
    assert "the ice sheet melted faster than expected" in texts
    # called somewhere to do something; known for something; a date is never what was said
    assert not any(q.cue == "called" for q in quotes_of(nlp, "Police called firefighters to the scene to put out the blaze."))
    assert quotes_of(nlp, "The company was founded in 1998 and is known for its software.") == []
    assert not any(q.text == "March" for q in quotes_of(nlp, "In March, Acme announced investigating itself, following staff concerns."))
    q = only(quotes_of(nlp, "Dozens are feared to be trapped under the rubble."), "trapped")
    assert q.speaker is None


def test_a_reported_clause_ends_at_a_semicolon_unless_a_series_goes_on(nlp):
    q = only(quotes_of(nlp, "Officials said three people died; their names were not released."), "died")
    assert q.text == "three people died"
    q = only(quotes_of(nlp, "The study found that smoking fell; that drinking rose; and that diets improved."), "smoking")
    assert q.text.endswith("that diets improved")


def test_reportedly_marks_a_report_no_one_is_named_for(nlp):
    q = only(quotes_of(nlp, "Reportedly, two people were killed in a bombing on June 27."), "killed")
    assert (q.text, q.cue, q.speaker, q.cue_class) == ("two people were killed in a bombing on June 27", "Reportedly", None, "speech")
    # a named report inside is a report of its own, with its speaker (the news annotators mark both:
    # they mark nearly every "reportedly", 25 of 26 in wikinews24b/c/d); a named source of the whole
    # sentence is the source
    quotes = quotes_of(nlp, "UNESCO reportedly said a change of name would need the committee's approval.")
    assert {(q.cue, q.speaker, q.text) for q in quotes} == {
        ("reportedly", None, "UNESCO reportedly said a change of name would need the committee's approval"),
        ("said", "UNESCO", "a change of name would need the committee's approval")}
    quotes = quotes_of(nlp, "The gunman reportedly attacked two guards, according to The Times.")
    assert "according to" in [q.cue for q in quotes] and "reportedly" not in [q.cue for q in quotes]
    # a relative clause without its pronoun; a phrase after a comma; not a word inside a noun phrase
    q = only(quotes_of(nlp, "Lukasz, who reportedly works at the hall as a chef, fought back."), "chef")
    assert (q.cue, q.text) == ("reportedly", "works at the hall as a chef")
    q = only(quotes_of(nlp, "He had recently had health problems, reportedly colon cancer."), "cancer")
    assert q.text == "colon cancer"
    assert quotes_of(nlp, "The allegedly stolen car was found in a field.") == []
    # not around someone's quoted words, nor past a coordinated report by someone else
    text = 'A source within the ministry reportedly said "I have been told not to make the figures public."'
    assert [q.cue for q in quotes_of(nlp, text)] == ["said"]
    text = "Reportedly, the sergeant was due to retire in two months, and an acquaintance said he moved for safety."
    assert {q.text for q in quotes_of(nlp, text)} == {"the sergeant was due to retire in two months", "he moved for safety"}


def test_gerund_after_an_adjective_and_the_ends_of_a_report(nlp):
    # the gerund's subject is the subject of the adjective's verb; the report stops before a
    # participle of the cue's own clause and keeps a bracket it opened
    text = "The United States was more forceful in blaming Iran for the attack, committing to send more troops."
    q = only(quotes_of(nlp, text), "Iran")
    assert (q.text, q.cue, q.speaker) == ("Iran for the attack", "blaming", "United States")
    q = only(quotes_of(nlp, "The EU considers the pipeline to be a Project of Common Interest (PCI), ending the isolation of Crete."), "pipeline")
    assert q.text == "the pipeline to be a Project of Common Interest (PCI)"


def test_coordinated_questions_are_one_report(nlp):
    # 'why A or why B was mentioned': the second question is part of what was (not) explained,
    # not a report of its own; 'how experts say B' still is one
    text = "The campaign did not explain why the requirement is cited on its website or why it was mentioned by Ivanka Trump in an interview."
    q = only(quotes_of(nlp, text), "requirement")
    assert q.text == "why the requirement is cited on its website or why it was mentioned by Ivanka Trump in an interview"
    assert q.cue == "explain"
    text = "Senators wanted to know who else had received legal protection and who approved the agreements."
    (q,) = quotes_of(nlp, text)
    assert q.text.endswith("and who approved the agreements")
    text = "The guide explains what Trump says his tax plan would do and how experts say it would shape tax law."
    assert any(q.speaker == "experts" and q.text.startswith("it would shape") for q in quotes_of(nlp, text))


def test_a_quoted_phrase_in_a_there_clause_after_the_report_joins_it(nlp):
    # 'said A, and there was "B"': the parser hangs the second clause on the cue; it goes on with
    # the report (as it does without the quote marks), not a report of its own that drops A
    for marks in ('"', ""):
        text = f"The mayor said the bridge was unsafe, and there were {marks}serious concerns{marks} about the tunnel too."
        (q,) = quotes_of(nlp, text)
        assert q.text.startswith("the bridge was unsafe, and there were") and q.speaker == "mayor"


def test_a_closing_mark_typed_as_the_opening_one_opens_a_quote(nlp):
    # reader comments set as '\u201dText.\u201d \u2015 Name.': the first mark can only open the quote
    text = ("\u201dFear. I am truly afraid that the senator will win. The debate proved he is not fit.\u201d \u2015 Ariana Huichapa.\n\n"
            "\u201cHe must stop portraying us as dangerous.\u201d\u2015 Carla Sanchez.")
    got = [(q.kind, q.text[:6], q.speaker) for q in quotes_of(nlp, text)]
    assert got == [("direct", "\u201dFear.", "Ariana Huichapa"), ("direct", "\u201cHe mu", "Carla Sanchez")]


def test_a_report_in_a_relative_clause_is_its_own(nlp):
    # a learnt frame's content stops before 'who says ...', which is another attribution
    got = {(q.text, q.cue, q.speaker) for q in quotes_of(nlp, "Ted Cruz endorses Trump, who says he is honored.")}
    assert got == {("Trump", "endorses", "Ted Cruz"), ("he is honored", "says", "Trump")}
    # a report of "who said" inside a reported clause stays in it
    (q,) = quotes_of(nlp, "The mayor said the senator, who says he is honored, will vote for the bill.")
    assert q.text == "the senator, who says he is honored, will vote for the bill"


def test_an_adverbial_clause_before_the_cue_is_not_its_content(nlp):
    # the parser hangs "While he acknowledged X" on the cue after it as its complement
    text = "While he acknowledged funding was a major reason he felt demoralized, Ham also noted several intangibles."
    assert not any(q.text.startswith("While") for q in quotes_of(nlp, text))


def test_an_interrupting_attribution_owns_the_quote_after_a_colon(nlp):
    # the parser hangs the quote on "indicated"; the "he said" inside it is the quote's own
    text = ('After the vote, a spokesman, Carl Brandt, indicated the ministry was disappointed by the decision: '
            '"While we await further details," he said, "we urge the council to reconsider."')
    quotes = quotes_of(nlp, text)
    direct = only(quotes, "we urge")
    assert direct.kind == "direct" and direct.cue == "said"
    assert "disappointed" not in direct.text
    report = only(quotes, "disappointed")
    assert report.cue == "indicated" and report.speaker == "Carl Brandt"
    assert "While we await" not in report.text


def test_a_bracketed_full_stop_before_the_closing_mark_ends_the_sentence(nlp):
    # '[.]"' hides the end of the sentence from the parser; the next sentence is not the quote's content
    text = ('Public health expert Wendy Marsh said the name would place "a stigma on the people of the city[.]" '
            'She went on to say, "People tend to blame a place for a disease."')
    quotes = quotes_of(nlp, text)
    first = only(quotes, "stigma")
    assert "She went on" not in first.text and "blame a place" not in first.text
    second = only(quotes, "blame a place")
    assert second.kind == "direct" and second.speaker == "Wendy Marsh"


@pytest.mark.parametrize("text", [
    # the parser hangs the quote on "interview" (acl), which made "the press in ..." content
    'Medical anthropologist Monica Schoch-Spana told the press in a separate interview, "People with a different '
    'background have historically been accused of spreading germs."',
    'Monica Schoch-Spana told reporters on Monday in Geneva, "People with a different background have been accused of spreading germs."',
])
def test_who_was_told_and_where_are_not_content(nlp, text):
    q = only(quotes_of(nlp, text), "spreading germs")
    assert q.kind == "direct" and q.cue == "told" and q.speaker == "Monica Schoch-Spana"
    assert q.text.startswith('"People')


def test_the_addressee_before_a_colon_is_not_content(nlp):
    text = ('Dr. Mike Ryan of the health agency told CNN the new drugs were only part of the solution: '
            '"What will stop the outbreak is good surveillance and good care."')
    q = only(quotes_of(nlp, text), "new drugs")  # (the quote after the colon is a report of its own)
    assert q.kind == "indirect" and q.cue == "told"
    assert q.text.startswith("the new drugs") and "CNN" not in q.text


def test_a_first_line_sentence_with_a_colon_is_not_a_headline_label(nlp):
    quotes = quotes_of(nlp, 'Dana Hill told reporters: "People with a different background have been accused of spreading germs."')
    assert len(quotes) == 1
    assert quotes[0].cue == "told" and quotes[0].speaker == "Dana Hill" and quotes[0].kind == "direct"


def test_a_lower_case_attribution_after_a_question_mark_stays_with_the_quote(nlp):
    text = 'Melanie watched the speech at home.\n\n"You winning?" she said, but Kevin was drifting off again.'
    q = only(quotes_of(nlp, text), "You winning")
    assert q.kind == "direct" and q.cue == "said" and q.speaker == "Melanie"


def test_a_report_in_a_relative_clause_after_the_reported_clause_is_its_own(nlp):
    text = ("Mayor Dana Hill said on Friday she may declare a state of emergency, "
            "which she said would allow the city to spend without approval from the council.")
    quotes = quotes_of(nlp, text)
    outer = only(quotes, "declare")
    assert "allow the city" not in outer.text and outer.speaker == "Dana Hill"
    inner = only(quotes, "allow the city")
    assert inner.cue == "said" and inner.text.startswith("which")
    assert [inner.text[a - inner.start_char:b - inner.start_char] for a, b in inner.fragments][0] == "which"


@pytest.mark.parametrize("open_, close", [('"', '"'), ("\u201c", "\u201d")])
def test_a_quoted_complement_keeps_its_opening_mark(nlp, open_, close):
    # the parser hangs the opening mark on the preposition, outside the noun phrase
    q = only(quotes_of(nlp, f"Some have referred to him as {open_}Chinese-American.{close}"), "American")
    assert q.text == f"{open_}Chinese-American.{close}"


def test_a_saying_participle_owns_the_quote_inside_its_clause(nlp):
    text = ('Senator Dana Hill stated the trial would not be impartial, saying she anticipated '
            '"a largely partisan outcome" in the Senate.')
    quotes = quotes_of(nlp, text)
    outer = only(quotes, "impartial")
    assert outer.cue == "stated" and "partisan" not in outer.text
    inner = only(quotes, "partisan")
    assert inner.cue == "saying" and inner.speaker == "Dana Hill" and inner.kind == "mixed"


def test_a_participle_after_a_direct_quote_is_the_speakers_report(nlp):
    text = ('Senator Dana Hill ended her campaign on Wednesday. Hill said in her live stream, '
            '"I do not make this decision lightly", calling it a "difficult and painful decision".')
    quotes = quotes_of(nlp, text)
    direct = only(quotes, "lightly")
    assert direct.kind == "direct" and direct.cue == "said" and direct.speaker == "Dana Hill"
    calling = only(quotes, "painful")
    assert calling.cue == "calling" and calling.speaker == "Dana Hill" and "lightly" not in calling.text


def test_a_report_between_two_quoted_sentences_is_the_speakers_own(nlp):
    # '"A," she said, adding that B. "C."': B sits between the quoted words, not inside them
    text = ("\u201cI think that speaks volumes,\u201d said Maria Lopez, adding that the campaign will work hard "
            "to win over Latino voters. \u201cWe will not give up.\u201d")
    quotes = quotes_of(nlp, text)
    direct = only(quotes, "speaks volumes")
    assert direct.kind == "direct" and direct.speaker == "Maria Lopez" and "give up" in direct.text
    [adding] = [q for q in quotes if q.cue == "adding"]
    assert (adding.text, adding.cue, adding.speaker) == (
        "that the campaign will work hard to win over Latino voters", "adding", "Maria Lopez")


def test_an_attribution_after_a_question_or_exclamation_mark(nlp):
    # the parser ends the sentence at '?"' / '!"'; the attribution after it is still the quote's
    q = only(quotes_of(nlp, 'The mayor spoke on Monday. "Are we serious about this city?" Mayor Ann Lee asked the council.'),
             "serious")
    assert (q.kind, q.cue, q.speaker) == ("direct", "asked", "Ann Lee")
    q = only(quotes_of(nlp, '"We won the whole thing!" Coach Tom Reyes shouted after the game.'), "won")
    assert (q.cue, q.speaker) == ("shouted", "Tom Reyes")
    # not a sentence that reports something else, nor one with no speech verb
    quotes = quotes_of(nlp, '"Is it over?" Smith said the next day that the plan was dead.')
    assert only(quotes, "Is it over").speaker is None and only(quotes, "plan was dead").speaker == "Smith"
    assert only(quotes_of(nlp, '"Stop right there!" Police then arrested the man.'), "Stop").speaker is None


def test_a_speech_noun_before_the_colon_that_opens_the_quote(nlp):
    text = 'Mayor Bill de Blasio made the announcement on Friday: "I feel like I have contributed all I can to this election."'
    q = only(quotes_of(nlp, text), "contributed")
    assert (q.kind, q.cue, q.speaker) == ("direct", "announcement", "Bill de Blasio")
    # no one makes it: no speaker
    assert only(quotes_of(nlp, 'Here is the full statement: "The talks were friendly and useful."'), "talks").speaker is None


def test_a_speaker_swallowed_by_a_fronted_participle_phrase(nlp):
    # parsed with both noun phrases in apposition to "Agence France-Presse", "said" has no subject
    text = ('Speaking to Agence France-Presse, the president of the Tunisian League for the Defence of Human Rights, '
            'Jamel Msallem, said, "We are for the freedom to dress."')
    assert only(quotes_of(nlp, text), "freedom").speaker == "Jamel Msallem"
    text = ('Calling it "just another apology", Anna Franowska of "Have no fear", an abuse victim support charity, '
            'told Reuters "it almost appears as if the statement was prepared before the officials saw the movie".')
    assert only(quotes_of(nlp, text), "prepared").speaker == "Anna Franowska"


def test_according_to_a_document_released_by_someone(nlp):
    q = only(quotes_of(nlp, "John Paul Stevens died at the age of 99, according to a statement released by the Supreme Court."),
             "died")
    assert q.speaker == "Supreme Court"
    q = only(quotes_of(nlp, '"The airline transports weapons and fighters across the region," according to a tweet on '
                            'Monday by US Secretary of State Mike Pompeo.'), "airline")
    assert q.speaker == "Mike Pompeo"


def test_a_title_read_as_a_verb_before_the_speaker(nlp):
    # the tagger reads "coach" as a verb; the name after it is still the speaker
    q = only(quotes_of(nlp, '"I am pretty happy with that", Caloundra coach Geoff Ingram said.'), "happy")
    assert q.kind == "direct" and q.cue == "said" and "Geoff Ingram" in q.speaker


def test_a_cue_inside_the_quoted_words_is_not_the_attribution(nlp):
    # the parse hangs "told" on the quoted "said"; the quote is still Mulvaney's, and direct
    text = ("\u201cI offered to resign last night and President Trump said, \u2018Let\u2019s talk about it "
            "tomorrow,\u2019\u201d Mulvaney told reporters.")
    q = only(quotes_of(nlp, text), "offered to resign")
    assert (q.kind, q.cue, q.speaker) == ("direct", "told", "Mulvaney")
    assert q.text.endswith("tomorrow,\u2019\u201d")


def test_when_it_was_said_is_not_content(nlp):
    # the parser hangs "on Friday" on the reported verb
    q = only(quotes_of(nlp, "Mayor Dana Hill said on Friday she may declare a state of emergency."), "emergency")
    assert q.text == "she may declare a state of emergency"


@pytest.mark.parametrize("sentence, content", [
    ("No group has claimed responsibility for the attack, but some militias had made threats against the base.",
     "responsibility for the attack"),
    ("The mayor signaled willingness to change the plan but has been met with opposition.",
     "willingness to change the plan"),
])
def test_a_clause_coordinated_with_the_cue_after_its_object_is_the_writers(nlp, sentence, content):
    assert only(quotes_of(nlp, sentence), content.split()[0]).text == content


def test_a_clause_coordinated_after_a_reported_clause_stays_in_the_report(nlp):
    text = "The agency says the change would cut revenue in the first years, but would add $84 billion later."
    assert only(quotes_of(nlp, text), "revenue").text.endswith("$84 billion later")


def test_a_surname_tagged_as_a_common_noun_resolves_to_the_full_name(nlp):
    # en_core_web_sm tags a sentence-initial "Trump" as NOUN with no entity
    text = 'Donald Trump spoke on Monday. Trump characterized the call as "perfectly fine."'
    assert only(quotes_of(nlp, text), "perfectly").speaker == "Donald Trump"


def test_a_contrast_clause_after_the_content_is_not_content(nlp):
    text = "Mayor Dana Hill said little about the budget, though she noted she had pushed for new schools."
    assert only(quotes_of(nlp, text), "budget").text == "little about the budget"


def test_an_object_stops_before_a_relative_clause_that_reports_it(nlp):
    # the parser hangs "allows" outside the relative clause, which then has only "which" as what was claimed
    text = ("The council called an emergency meeting to discuss the test, which state news media claimed "
            "now allows Pyongyang to produce warheads.")
    # (a topic discussed is an act, not a quote: `test_a_speech_cue_with_a_topic_for_content_is_an_act_not_a_quote`)
    assert only(acts_of(nlp, text), "the test").text == "the test"


def test_a_gerund_report_after_a_comma_is_its_own(nlp):
    text = "Governor Dana Hill refuses to discuss potential appointees, aside from saying she wants a diverse delegation."
    quotes = quotes_of(nlp, text)
    assert only(quotes, "appointees").text == "to discuss potential appointees"
    saying = only(quotes, "diverse")
    assert saying.cue == "saying" and saying.speaker == "Dana Hill" and saying.text == "she wants a diverse delegation"


@pytest.mark.parametrize("text, content, speaker", [
    # the small model tags these verbs as plural nouns
    ("Donald Trump spoke in Ohio. But Trump claims that he should be the exception.",
     "that he should be the exception", "Donald Trump"),
    ("Secrecy is not a stranger to the campaign, the candidate's former doctor maintains.",
     "Secrecy is not a stranger to the campaign", "doctor"),
])
def test_a_speech_verb_tagged_as_a_plural_noun_is_a_cue(nlp, text, content, speaker):
    q = only(quotes_of(nlp, text), content.split()[1])
    assert q.text == content and speaker in q.speaker


def test_a_clause_fronted_before_a_parenthetical_cue_is_content(nlp):
    text = "If this argument fails to persuade, Mr. Castaneda argues, there are other tools in the toolbox."
    q = only(quotes_of(nlp, text), "toolbox")
    assert q.speaker == "Castaneda"
    assert [q.text[a - q.start_char:b - q.start_char] for a, b in q.fragments] == [
        "If this argument fails to persuade", "there are other tools in the toolbox"]


def test_a_parenthetical_cue_names_the_source_not_an_in_phrase(nlp):
    text = "Senator Dana Hill spoke on Monday. In a speech, she said, the plan would fail."
    q = only(quotes_of(nlp, text), "fail")
    assert q.cue == "said" and q.speaker == "Dana Hill"


def test_a_noun_cues_content_ends_before_the_nouns_own_verb(nlp):
    text = "Opposition leaders' claims that the vote was rigged were never proven."
    assert only(quotes_of(nlp, text), "rigged").text == "that the vote was rigged"


@pytest.mark.parametrize("text", [
    "The opioid crisis claimed 15,393 lives in Canada between 2016 and 2019.",
    "Dana Hill claimed the title in Paris on Sunday.",
])
def test_claim_as_taking_is_no_report(nlp, text):
    assert quotes_of(nlp, text) == []


def test_a_report_at_a_press_conference_is_its_holders(nlp):
    text = ("Rudy Giuliani held a press conference claiming Joe Biden knew about his son's business deals.")
    q = only(quotes_of(nlp, text), "business deals")
    assert q.speaker == "Rudy Giuliani"


def test_a_hyphenated_speaker_noun_keeps_its_appositive_name(nlp):
    # the parser splits "co-author" into three sibling subjects: "co", "-", "author"
    text = 'Another co-author, civil engineering professor Julian Marshall, said, "We have seen this before."'
    assert only(quotes_of(nlp, text), "seen this").speaker == "Julian Marshall"


def test_a_preposition_read_as_a_subject_names_no_one(nlp):
    text = "Amongst reported incidents of abuse, recently Cardinal George Pell was convicted."
    assert all(q.speaker != "Amongst" and q.speaker != "amongst" for q in quotes_of(nlp, text))


def test_a_failed_extraction_is_logged_and_leaves_no_quotes(nlp, monkeypatch, caplog):
    extractor = nlp.get_pipe("newsflow_quotes")

    def broken(doc):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(extractor, "extract", broken)
    with caplog.at_level("WARNING", logger="newsflow.quotes"):
        doc = nlp("The mayor said the road would reopen.")
    assert doc._.quotes == []
    assert "quote extraction failed on the article starting 'The mayor said" in caplog.text


@pytest.mark.parametrize("text, content, cue", [
    ("Her advisers are not convinced that the plan will work.", "that the plan will work", "convinced"),
    ("Union leaders were worried about the closures.", "the closures", "worried"),
    ("Local farmers are deeply skeptical of the new water rules.", "the new water rules", "skeptical"),
    ("The governor was reluctant to raise taxes.", "to raise taxes", "reluctant"),
])
def test_an_attitude_adjective_reports_a_view(nlp, text, content, cue):
    """Adjectives of a stance or state of mind are rare one by one, so few are learnt cues; their
    holder need not be a name ("union leaders were worried about X")."""
    q = only(quotes_of(nlp, text), content.split()[-1])
    assert (q.text, q.cue) == (content, cue)


def test_any_verb_with_a_that_clause_reports_it_but_not_a_verb_of_consequence(nlp):
    q = only(quotes_of(nlp, "Residents grumbled that the buses were always late."), "buses")
    assert (q.text, q.cue, q.speaker) == ("that the buses were always late", "grumbled", "residents")
    for text in ("The new rule means that prices will rise.", "The audit proved that the money was spent well.",
                 "Officials must ensure that every vote is counted."):
        assert quotes_of(nlp, text) == [], text


def test_a_view_noun_with_a_that_clause_is_a_report_even_with_no_holder(nlp):
    q = only(quotes_of(nlp, "The idea that the vote was rigged spread quickly online."), "rigged")
    assert (q.text, q.cue, q.speaker) == ("that the vote was rigged", "idea", None)
    for text in ("The fact that the vote was close surprised no one.", "There is a risk that the dam will fail."):
        assert quotes_of(nlp, text) == [], text


def test_a_view_noun_with_no_holder_of_its_own_takes_the_source_subject_of_its_verb(nlp):
    q = only(quotes_of(nlp, "Democrats persisted in arguments that the panel was biased."), "biased")
    assert (q.text, q.speaker) == ("that the panel was biased", "Democrats")


def test_a_question_noun_reports_its_embedded_question(nlp):
    """In "questions about whether X" the embedded question is the view; a plain topic is not."""
    q = only(quotes_of(nlp, "The documents raised new questions about whether the fund rewarded its donors."), "donors")
    assert (q.text, q.cue) == ("whether the fund rewarded its donors", "questions")
    assert quotes_of(nlp, "There was a long talk about running the marathon.") == []


def test_quote_marks_inside_markup_tags_are_no_quotes(nlp):
    text = '<tweet pic="" author="JebBush" timestamp="1449075600">Praying for the victims of the shooting.</tweet>'
    assert quotes_of(nlp, text) == []
    text = ('Republicans offered prayers:\n\n<tweet pic="" author="GovChristie" timestamp="1449075600" '
            'tweet_id="672164670267084800">Praying for all those victimized by the shootings today.</tweet>.')
    assert all(q.cue != "tweet" for q in quotes_of(nlp, text))  # nor is a tag's name a cue
    q = only(quotes_of(nlp, 'The mayor said the plan was <b>"very good"</b> for the city.'), "very good")
    assert q.kind == "mixed" and q.speaker == "mayor"


def test_continuing_is_a_report_only_when_what_goes_on_is_one(nlp):
    assert quotes_of(nlp, "Senator Ann Lee continues to build up her lead in the polls.") == []
    q = only(quotes_of(nlp, "Senator Ann Lee continued to question the governor's budget."), "budget")
    assert (q.cue, q.text, q.speaker) == ("question", "the governor's budget", "Ann Lee")  # as "questioned X"


def test_a_that_clause_after_a_dash_or_an_adjective_of_a_passive_is_no_view(nlp):
    text = "The judge reconsidered his decision made the previous day - that the law applied to everyone."
    assert all(q.cue != "made" for q in quotes_of(nlp, text))
    assert quotes_of(nlp, "He was later determined to have a blood clot.") == []


def test_a_fronted_as_clause_reports_the_clause_after_it(nlp):
    q = only(quotes_of(nlp, "As Reuters reported on Monday, the company plans to cut 500 jobs."), "jobs")
    assert (q.text, q.cue, q.speaker) == ("the company plans to cut 500 jobs", "reported", "Reuters")
    text = "But, as the ministry noted, the border stayed closed for a week."
    q = only(quotes_of(nlp, text), "border")
    assert q.speaker == "ministry" and q.fragments[-1] == (text.index("the border"), len(text) - 1)
    # a time clause before a report of its own: the report is the main clause's
    q = only(quotes_of(nlp, "As the rivals sparred, Ann Lee pointed out that the budget was late."), "budget")
    assert (q.cue, q.speaker) == ("pointed out", "Ann Lee")


def test_a_reported_clause_may_open_with_an_adverbial_clause_of_its_own(nlp):
    text = ("While the government might lift the retirement age to save money, that is cause for celebration, "
            "Ann Lee said, because people now live longer.")
    q = only(quotes_of(nlp, text), "celebration")
    assert q.text.startswith("While the government") and (q.cue, q.speaker) == ("said", "Ann Lee")
    # an adverbial clause before a cue that reports something after it is no report of the cue's
    q = only(quotes_of(nlp, "While he acknowledged the risks, Ham noted that the plan was sound."), "sound")
    assert (q.text, q.cue) == ("that the plan was sound", "noted")


def test_a_phrase_before_a_parenthetical_cue_belongs_to_the_report(nlp):
    text = "At times last year, aides to the governor said, the mere mention of the budget could make him fume."
    q = only(quotes_of(nlp, text), "fume")
    assert [text[a:b] for a, b in q.fragments] == ["At times last year", "the mere mention of the budget could make him fume"]
    assert q.cue == "said"


def test_a_main_verb_read_as_a_participle_of_the_name_keeps_the_name_as_speaker(nlp):
    # the parser makes "Smith" the root and "tweeted" its modifier: "Smith" is still who says it
    text = "Senator John Smith, who chairs the committee, tweeted on Friday to say the bill was dead."
    q = only(quotes_of(nlp, text), "dead")
    assert (q.text, q.cue, q.speaker) == ("the bill was dead", "say", "John Smith")
    # a real participle of a name reports nothing, and the verb after it keeps no speaker from it
    assert quotes_of(nlp, "HLN, once known as CNN Headline News, parted ways in late November with chief Albie Hecht.") == []


def test_an_age_after_the_name_and_a_that_clause_far_from_the_cue(nlp):
    # the parser hangs the name on the fronted phrase and leaves "said" without a subject
    text = "As a part of his plea, Marcel Lehel Lazar, 44, said that he victimized nearly 100 Americans."
    q = only(quotes_of(nlp, text), "victimized")
    assert (q.cue, q.speaker) == ("said", "Marcel Lehel Lazar")
    # "that" hung on a noun of the phrase after the cue, eight words on, is still what was said
    text = ("Christian Estrosi, a former mayor of Nice, said in one of a series of Twitter messages that "
            "the truck was carrying arms when it struck the crowd.")
    q = only(quotes_of(nlp, text), "truck was carrying arms")
    assert (q.cue, q.speaker) == ("said", "Christian Estrosi")


def test_of_two_named_subjects_the_person_speaks(nlp):
    # the parser gives "said" two subjects, "Capt" (in the ORG "Army Capt") and "Pardo"
    text = "“The candidates don’t understand the military,” said Army Capt. Christian Pardo, who said he would not vote."
    q = only(quotes_of(nlp, text), "military")
    assert q.speaker == "Christian Pardo"


def test_what_was_asked_and_who_asked_it(nlp):
    # the question parsed as a condition of "asked" is what was asked
    text = "Jose Vargas, an immigration activist, asked the former secretary during a chat if she would commit to his pledge."
    q = only(quotes_of(nlp, text), "commit")
    assert (q.text, q.cue, q.speaker) == ("if she would commit to his pledge", "asked", "Jose Vargas")
    # "Asked X, he said": the one asked answers; who asked is not named, and the answer is his
    quotes = quotes_of(nlp, 'Asked whether he would run again, Mr. Smith said: "That would be good."')
    asked, answer = only(quotes, "run again"), only(quotes, "good")
    assert (asked.text, asked.speaker) == ("whether he would run again", None)
    assert answer.speaker == "Smith"
    # the question ends where the main clause begins
    q = only(quotes_of(nlp, "Asked which Iowa county was his favorite, he smiled."), "county")
    assert (q.text, q.speaker) == ("which Iowa county was his favorite", None)


def test_a_spokesman_for_someone_and_people_read_as_a_clause_still_speak(nlp):
    # "Buck" hangs on the phrase before the dash; the appositive with "for" leads back to him
    text = ("And it wasn’t a one-off or an accident — Brendan Buck, a spokesman for Ryan, told POLITICO that "
            "the House speaker gave Priebus a heads up about his declaration.")
    q = only(quotes_of(nlp, text), "heads up")
    assert (q.cue, q.speaker) == ("told", "Brendan Buck")
    # "[activists clamoring to block Trump] say": the parser's clausal subject names who says it
    text = ("But Republican activists clamoring to block Donald Trump from the GOP nomination say they’re "
            "suddenly in the midst of a Dump-Trump bump.")
    q = only(quotes_of(nlp, text), "midst")
    assert (q.text, q.speaker) == ("they’re suddenly in the midst of a Dump-Trump bump", "Republican activists")


def test_an_as_clause_reports_the_clause_it_hangs_on(nlp):
    q = only(quotes_of(nlp, "As the Times noted, Clinton raised more than $1.1 million from the industry."), "raised")
    assert (q.text, q.cue, q.speaker) == ("Clinton raised more than $1.1 million from the industry", "noted", "Times")
    q = only(quotes_of(nlp, "Clinton raised more than $1.1 million, as the Times reported on Monday."), "raised")
    assert (q.text, q.speaker) == ("Clinton raised more than $1.1 million", "Times")
    # no saying, no report: "as protests continue", "as expected"
    assert quotes_of(nlp, "Police shot a teenage protester as demonstrations continue.") == []
    assert quotes_of(nlp, "As expected, the bill passed.") == []


def test_an_answer_given_when_asked_keeps_its_speaker(nlp):
    # "when asked" on the answer's own verb: the answer is hers, the question is not reported
    text = "Another voice actor, Lauren Landa, would list Sailor Neptune and Sailor Uranus as dream roles, when asked at conventions."
    q = only(quotes_of(nlp, text), "dream roles")
    assert q.speaker == "Lauren Landa"


def test_what_someone_is_accused_of_and_a_finding_hung_on_the_finders(nlp):
    # the parser hangs "of" on the object: what she accused him of is still the content
    text = "Intelligence services hacked the computers and she accused Donald Trump of showing support for Vladimir Putin."
    q = only(quotes_of(nlp, text), "showing support")
    assert (q.text, q.cue) == ("Donald Trump of showing support for Vladimir Putin", "accused")
    # "found" parsed as a modifier of "analysts" after their names: they still found it
    text = ("Two military analysts, Patrick Megahan and Chris Harman, found in 2014 that the Israeli Air Force "
            "is the best in the world.")
    q = only(quotes_of(nlp, text), "best in the world")
    assert (q.cue, q.speaker) == ("found", "Patrick Megahan")


def test_a_document_put_out_with_nothing_it_says_is_no_content(nlp):
    # "issued [a statement]" names a speech act but reports none of its words
    assert not quotes_of(nlp, "Trump issued a statement at his golf club outside Washington, D.C.")
    said = only(quotes_of(nlp, "Trump issued a statement saying he would fight the ruling."), "he would fight")
    assert said.speaker == "Trump"


def test_pointing_a_thing_is_no_report(nlp):
    assert not quotes_of(nlp, "He then drew his pistol, pointed it, and shot at one person.")
    assert only(quotes_of(nlp, "Analysts pointed to the deficit as a risk."), "deficit").cue == "pointed"


def test_report_in_a_relative_clause_ends_with_it(nlp):
    q = only(quotes_of(nlp, "In mainland China, which claims sovereignty over Taiwan, homosexuality is "
                            "technically not illegal, but an author was sentenced to ten years in prison."), "sovereignty")
    assert q.text == "sovereignty over Taiwan"


def test_final_attribution_after_a_split_parse_reports_the_whole_sentence(nlp):
    # the parser hangs "said" on the first clause as a conjunct and takes only the second as its complement
    text = ("Clinton's van was supposed to be escorted by an NYPD protective detail, but the Secret Service "
            "whisked her away from Ground Zero before cops could accompany her, another source said.")
    q = only(quotes_of(nlp, text), "whisked")
    assert q.text.startswith("Clinton's van was supposed") and q.text.endswith("accompany her")
    assert "source" in (q.speaker or "")


def test_words_relayed_by_a_news_report_are_their_speakers_report_too(nlp):
    quotes = quotes_of(nlp, "Reuters reported that a German government source said the ban is not part of "
                            "any broader plan to increase sanctions.")
    relay = only([q for q in quotes if q.cue == "reported"], "ban")
    spoken = only([q for q in quotes if q.cue == "said"], "ban")
    assert relay.speaker == "Reuters" and "source" in spoken.speaker
    assert spoken.text.startswith("the ban is not part") and relay.start_char < spoken.start_char < relay.end_char


def test_no_attribution_reaches_back_past_a_semicolon(nlp):
    quotes = quotes_of(nlp, 'Brudzinski said Adamowicz required resuscitation, and was in a "serious" condition; '
                            'TVN24 reported he received surgery.')
    serious = only(quotes, "serious")
    assert (serious.cue, serious.speaker) == ("said", "Brudzinski")
    assert only(quotes, "surgery").text == "he received surgery"
    called = only(quotes_of(nlp, 'Smith called the disappearance an "interesting" case; Miller said "It is a little '
                                 'hard to say what is going on".'), "interesting")
    assert (called.cue, called.speaker) == ("called", "Smith")


def test_claim_coordinated_with_a_passive_verb_is_its_subjects(nlp):
    q = only(quotes_of(nlp, "The attacker is reported to have jumped on stage during the concert and claimed he "
                            "was wrongfully imprisoned under the former government."), "wrongfully")
    assert (q.cue, q.speaker, q.text) == ("claimed", "attacker", "he was wrongfully imprisoned under the former government")


def test_quote_interrupted_by_a_document_that_reads_it(nlp):
    q = only(quotes_of(nlp, '"Huber was exceptionally respected and loved in every way", reads an AEW press release, '
                            '"a fierce and captivating talent and a thoughtful mentor."'), "respected")
    assert q.kind == "direct" and len(q.fragments) == 2 and "captivating" in q.text


def test_quotes_joined_by_and_are_one_attribution(nlp):
    q = only(quotes_of(nlp, 'Chuck Schumer said on Friday "We made a plea to the president once again" and "So we told '
                            'the president we needed the government open. He resisted."'), "plea")
    assert (q.kind, q.cue, q.speaker) == ("direct", "said", "Chuck Schumer")
    assert len(q.fragments) == 2 and q.text.endswith('He resisted."')


def test_who_was_told_to_act_is_part_of_what_was_told(nlp):
    q = only(quotes_of(nlp, "Residents of some coastal areas have been instructed to evacuate."), "evacuate")
    assert q.text == "Residents of some coastal areas have been instructed to evacuate" and q.speaker is None
    assert only(quotes_of(nlp, "He was asked to resign."), "resign").text == "to resign"  # the one asked is not


def test_inverted_attribution_to_unnamed_officials(nlp):
    q = only(quotes_of(nlp, "The death toll rose to 22 on Monday, reported officials, with 25 others injured."), "toll")
    assert (q.cue, q.speaker) == ("reported", "officials")
    assert q.text.startswith("The death toll rose") and "with 25 others injured" in q.text


def test_participle_phrase_before_the_cue_is_not_its_clause(nlp):
    # (after this paragraph the tagger reads "issued" as a past tense with no subject, a "ccomp" of "denounced")
    q = only(quotes_of(nlp, "The foreign ministers agreed to a future meet on Crete.\n\nIn a related press release "
                            "issued the following day, the Turkish Ministry of Foreign Affairs denounced the "
                            "conclusions of the summit."), "conclusions")
    assert q.text == "the conclusions of the summit"


def test_that_of_a_time_phrase_opens_no_clause(nlp):
    quotes = quotes_of(nlp, "The press asked Trump about it that same day, but he declined to comment.")
    assert not any(q.text.startswith("that same day") for q in quotes)


def test_what_a_document_reads_set_off_by_commas(nlp):
    q = only(quotes_of(nlp, "Because only Congress may allocate funds in this way, reads the motion, the declaration "
                            "violates the separation of powers clause."), "Congress")
    assert (q.cue, q.speaker) == ("reads", "motion")
    assert q.text.startswith("Because only Congress") and q.text.endswith("powers clause")


def test_passive_claim_by_a_named_movement(nlp):
    q = only(quotes_of(nlp, "The attack was claimed by the Houthi movement in Yemen."), "attack")
    assert (q.cue, q.text) == ("claimed", "The attack") and "Houthi" in q.speaker


def test_subject_raised_by_a_passive_report_with_its_source(nlp):
    q = only(quotes_of(nlp, "Politicians and the Archbishop were reported by local media to have visited the hospital."),
             "hospital")
    assert q.speaker == "local media"
    assert [q.text[a - q.start_char:b - q.start_char] for a, b in q.fragments] == [
        "Politicians and the Archbishop", "to have visited the hospital"]


def test_object_that_starts_the_reported_clause(nlp):
    q = only(quotes_of(nlp, "The SDF said hundreds of ISIS (Islamic State of Iraq and Syria) fighters escaped "
                            "following Turkish airstrikes from a camp at Ain Issa."), "escaped")
    assert q.text.startswith("hundreds of ISIS") and q.speaker == "SDF"
    q = only(quotes_of(nlp, "The court answers the Supreme Court that the Directive does not preclude it."), "Directive")
    assert q.text.startswith("that the Directive")  # the one answered is no part of the answer


def test_perfect_tense_verbs_go_on_with_the_reported_clause(nlp):
    quotes = quotes_of(nlp, "Edwards said he has arranged for 3000 of the National Guard to be available and has "
                            "requested President Donald Trump declare a state of emergency.")
    assert len(quotes) == 1 and quotes[0].text.endswith("declare a state of emergency")
    # (the cue in the perfect too: the second verb is a report of its own)
    text = "Trump has said he has won and has asked for a recount."
    assert only(quotes_of(nlp, text), "won").text == "he has won"
    assert [a.text for a in acts_of(nlp, text)] == ["a recount"]  # a request, an act


def test_purpose_clause_after_the_cue_is_not_what_was_said(nlp):
    quotes = quotes_of(nlp, "On Monday, attorneys general from sixteen states filed a combined lawsuit against the state "
                            "of emergency United States President Donald Trump declared last Friday so he could fund a "
                            "wall on the U.S.-Mexican border.")
    assert not any(q.text.startswith("so he could") for q in quotes)


def test_quoted_words_heading_a_longer_phrase_bring_the_phrase(nlp):
    # no cue: the quoted words are the head of a noun phrase that goes on after the closing mark
    text = ('The manifesto was posted online an hour before the attack. In the document, the writer supposes a '
            '"cultural and ethnic replacement brought on by an invasion" of Hispanic people into the United States.')
    q = only(quotes_of(nlp, text), "cultural and ethnic")
    assert q.kind == "mixed" and q.text.startswith('a "cultural') and q.text.endswith("into the United States")


def test_headline_with_its_attribution_last(nlp):
    text = "Zebra stripes may 'dazzle' pathogen-packing horse flies, say scientists\n\nThe study was published on Wednesday."
    q = only(quotes_of(nlp, text), "Zebra")
    assert (q.text, q.cue, q.speaker) == ("Zebra stripes may 'dazzle' pathogen-packing horse flies", "say", "scientists")
    q = only(quotes_of(nlp, "Ancient Egyptians collected wild ibis birds for sacrifice, says study\n\nThe team dug."), "ibis")
    assert (q.text, q.speaker) == ("Ancient Egyptians collected wild ibis birds for sacrifice", "study")


def test_report_in_a_relative_clause_takes_its_antecedent(nlp):
    q = only(quotes_of(nlp, "Neither US nor British authorities delivered a complete list of the 38 countries they "
                            "said were involved."), "involved")
    assert q.text == "the 38 countries they said were involved" and q.cue == "said"
    assert [q.text[a - q.start_char:b - q.start_char] for a, b in q.fragments] == ["the 38 countries", "were involved"]


def test_intentions_and_decisions_are_acts(nlp):
    text = "The regulator made the decision not to visit the site. Senators voted to hold him in contempt."
    assert not quotes_of(nlp, text)
    assert {a.cue for a in acts_of(nlp, text)} == {"decision", "voted"}
    # but an order to others, or an infinitive that is itself speech, is what was said
    assert only(quotes_of(nlp, "Residents were ordered by the governor to leave."), "leave").speaker == "governor"
    assert only(quotes_of(nlp, "Senator Ann Lee refused to discuss the budget."), "budget").text == "to discuss the budget"
    # a performative declaration is an act; a declared judgement is a quote
    assert not quotes_of(nlp, "Governor John Bel Edwards declared a state of emergency on Thursday.")


def test_speaker_of_a_document_or_call_named_with_its_author(nlp):
    for text in ("A statement by the ministry saying the talks had failed was read on television.",
                 "The ministry's statement saying the talks had failed was read on television."):
        assert only(quotes_of(nlp, text), "talks").speaker == "ministry"
    q = only(quotes_of(nlp, "Researchers at Imperial College London posted findings estimating that the number of "
                            "people infected may exceed 1000."), "exceed")
    assert q.speaker.lower() == "researchers"  # who posted the findings, not "findings"
    # a year the parser makes a subject is no speaker
    q = only(quotes_of(nlp, 'The agency when announcing the arrest in May, 2018 identified him only as "Mr. A" '
                            'as the investigation continued.'), "Mr. A")
    assert q.speaker != "2018"


def test_a_document_put_out_with_nothing_said_is_no_quote(nlp):
    assert not quotes_of(nlp, "The senator gave a speech at the club on Friday.")


def test_what_a_poll_or_study_shows_is_its_report(nlp):
    # a finding with a bare noun phrase is the poll's or the study's report, not an act of its own
    q = only(quotes_of(nlp, "Polling averages show Clinton with a lead in the low single digits."), "lead")
    assert q.text == "Clinton with a lead in the low single digits" and q.cue == "show"
    # but a person's "showed [promise]" or a video's scene is not
    text = "A video showed a group of protesters throwing things as they ran away from police."
    assert not any("protesters" in q.text for q in quotes_of(nlp, text))


def test_a_speech_cue_with_a_topic_for_content_is_an_act_not_a_quote(nlp):
    # the news guideline: a source cited, a position opposed, a topic discussed are no one's words
    for text, cue in (("The newspaper cited anonymous sources.", "cited"),
                      ("Senator Ann Lee opposed the impeachment proceedings.", "opposed"),
                      ("The two ministers will discuss bilateral relations on Monday.", "discuss"),
                      ("The prime minister asked the Queen for a prorogation in August.", "asked")):
        assert not quotes_of(nlp, text), text
        assert cue in {a.cue for a in acts_of(nlp, text)}, text
    # the same cues with a clause, or with words said for content, report them
    assert only(quotes_of(nlp, "The newspaper cited officials who said the talks had failed."), "talks")
    assert only(quotes_of(nlp, "Senator Ann Lee agreed that the budget was too small."), "budget").cue == "agreed"
    assert only(quotes_of(nlp, "The minister denied any wrongdoing on Friday."), "wrongdoing").cue == "denied"


def test_acts_commitments_and_given_names_are_not_quotes(nlp):
    # the news guideline: "X appointed Y", "X filed a lawsuit", "X paid tribute", "X agreed to meet",
    # "X wants to ...", a name in quotation marks: no one's words reported
    for text, cue in (("Prime Minister Theresa May appointed him Foreign Secretary in 2016.", "appointed"),
                      ("Joel Smithers filed his intent to appeal on Friday.", "filed"),
                      ("Paul Manafort agreed to help with the investigation.", "agreed"),
                      ("President Donald Trump declined to comment.", "declined"),
                      ("The Taliban wants foreign forces to leave the country.", "wants")):
        assert not quotes_of(nlp, text), text
        assert cue in {a.cue for a in acts_of(nlp, text)}, text
    assert not quotes_of(nlp, "Vice President Michael Makuei paid tribute to Luk at the funeral.")
    assert not quotes_of(nlp, 'President Recep Tayyip Erdogan named the operation "Peace Spring".')
    # the same verbs with a proposition, or a name for a judgement, still report it
    assert only(quotes_of(nlp, "Donald Trump offered no proof that Clinton had a role in the scheme."), "proof").cue == "offered"
    assert only(quotes_of(nlp, "The committee agreed that the budget was too small."), "budget").cue == "agreed"
    assert only(quotes_of(nlp, 'Jeremy Corbyn called the move a "smash and grab on our democracy".'), "smash")


def test_a_speaker_before_a_participle_phrase_the_parser_reads_as_a_relative_clause(nlp):
    # "the think tank called ..." is how the parser reads it; the name before "speaking" speaks
    q = only(quotes_of(nlp, 'On Tuesday, Greek prime minister Kyriakos Mitsotakis speaking to the Atlantic Council '
                            'think tank called the border agreement "null and void".'), "null")
    assert q.speaker == "Kyriakos Mitsotakis"
    assert not quotes_of(nlp, "The minister visited a think tank called Chatham House.")


def test_a_date_a_semicolon_and_a_percent_sign_do_not_cut_a_report(nlp):
    # the comma inside "March 14, 2019" does not end the "according to" phrase
    q = only(quotes_of(nlp, "According to a March 14, 2019 NATO press release, Hungary spent 1.15% of its GDP "
                            "on the military in 2018."), "Hungary")
    assert q.text == "Hungary spent 1.15% of its GDP on the military in 2018" and q.speaker == "NATO"
    # a sentence before a semicolon is not what the verb after it reports when that verb has its own
    found = quotes_of(nlp, "Hungary spent 1.15% of its GDP in 2018; NATO guidelines call for 2%.")
    assert not [x for x in found if "Hungary" in x.text]
    # "%" is part of the number, not a final punctuation mark to trim
    assert only(quotes_of(nlp, "The ministry said inflation rose by 5%."), "inflation").text == "inflation rose by 5%"


def test_when_or_where_before_the_quote_marks_is_not_part_of_the_quote(nlp):
    q = only(quotes_of(nlp, 'Howard Rubel, a Toronto lawyer, told the BBC after the verdict "My client is very relieved '
                            'with the verdict."'), "relieved")
    assert (q.kind, q.text, q.speaker) == ("direct", '"My client is very relieved with the verdict."', "Howard Rubel")
    # a title after such words is no quote of the speaker's
    assert all(q.kind != "direct" for q in quotes_of(
        nlp, 'The court ruled in regard to the case "Eva Glawischnig-Piesczek vs. Facebook Ireland Limited".'))


def test_what_one_spoke_or_told_someone_about_is_a_topic_not_a_quote(nlp):
    for text, cue in (("Astronomer tells Wikinews about discovery of closest black hole known so far", "tells"),
                      ("Bill Gerstenmaier of NASA spoke of the collaboration between his agency and SpaceX.", "spoke"),
                      ("The House issued a subpoena for documents from Mike Pompeo as part of its investigation.",
                       "issued")):
        assert not quotes_of(nlp, text), text
        assert cue in {a.cue for a in acts_of(nlp, text)}, text
    # with what was said, it is a report
    assert only(quotes_of(nlp, "The mayor told reporters the plan was dead."), "plan").cue == "told"
    assert only(quotes_of(nlp, "The ministry named the group as terrorists."), "terrorists").cue == "named"


def test_more_acts_of_the_guideline_are_no_quotes(nlp):
    # from the errors on the second held-out Wikinews set (quotes_wikinews24b): requests, concessions,
    # charges pursued, warnings withdrawn, sentences and confirmations of a nominee are acts
    for text in ("The Rogaland Fire and Rescue Service requested support and equipment from other fire departments.",
                 "The president has not yet conceded the election.",
                 "The Department of Justice has not pursued criminal charges against those held in contempt of Congress.",
                 "The hurricane center withdrew its tropical storm warnings on Monday.",
                 "Mohammed Waseem was sentenced for her murder to life in prison by a court in Multan.",
                 "The Senate confirmed him on Friday.",
                 "Local firefighters planned to continue to monitor the situation.",
                 "He wrote a memoir, titling it The Master of Disguise."):
        assert quotes_of(nlp, text) == [], text
        assert acts_of(nlp, text), text
    # kept: a request that someone do something, a conceded or confirmed fact, a name "as" a judgement
    assert only(quotes_of(nlp, "The mayor requested the council to delay the vote."), "council").cue == "requested"
    assert only(quotes_of(nlp, "The governor conceded that the plan had failed."), "plan").cue == "conceded"
    assert only(quotes_of(nlp, "The ministry confirmed the deaths of two pilgrims."), "deaths").cue == "confirmed"
    assert only(quotes_of(nlp, "The ministry announced the death of two pilgrims."), "death").cue == "announced"
    assert only(quotes_of(nlp, "Police named him as the suspect."), "suspect").cue == "named"


def test_continuing_to_do_something_is_no_report(nlp):
    # "continue" with a "to" clause is aspect: the verb in the clause is the cue, if it is one
    assert quotes_of(nlp, "He continued to write songs for other artists until 1990.") == []
    q = only(quotes_of(nlp, "Trump continued to question whether the vote was fair."), "vote")
    assert (q.cue, q.text, q.speaker) == ("question", "whether the vote was fair", "Trump")
    q = only(quotes_of(nlp, "The lawyers continued to insist that the election was stolen."), "election")
    assert (q.cue, q.text) == ("insist", "that the election was stolen")


def test_a_time_clause_before_the_cue_is_not_what_was_said(nlp):
    text = ("On June 12, minutes before the Oversight Committee voted to refer them to the full House to be held "
            "in contempt, Trump formally claimed the documents were subject to executive privilege.")
    q = only(quotes_of(nlp, text), "privilege")
    assert (q.cue, q.text, q.speaker) == ("claimed", "the documents were subject to executive privilege", "Trump")
    assert not any("Oversight" in q.text for q in quotes_of(nlp, text))


def test_a_statement_which_says_something_is_its_authors_report(nlp):
    text = ('The United States Commission on International Religious Freedom (USCIRF) criticized the move. They '
            'released a statement which said, "Hagia Sophia bears profound significance to Muslims and Christians alike."')
    quotes = quotes_of(nlp, text)
    assert "Commission" in only(quotes, "Hagia").speaker
    assert not any(q.text == "a statement" for q in quotes)  # the statement is no content of its own
    q = only(quotes_of(nlp, "The ministry issued a statement that said the talks had failed."), "talks")
    assert (q.cue, q.speaker) == ("said", "ministry")


def test_a_by_phrase_hung_on_a_passive_cues_infinitive_names_the_source(nlp):
    q = only(quotes_of(nlp, 'COVID-19 was previously announced to be a "pandemic" by the World Health Organization.'),
             "pandemic")
    assert q.speaker == "World Health Organization"
    assert only(quotes_of(nlp, "He was expected to be replaced by Smith."), "replaced").speaker is None


def test_answering_someone_and_claiming_credit_are_acts(nlp):
    for text in ("Trump responded to Pelosi's announcement via Twitter.",
                 "The senator did not respond to requests for comment.",
                 "She spoke of her husband Siarhei, who was arrested in May.",
                 "ISIS claimed credit for the attack."):
        assert quotes_of(nlp, text) == [], text
        assert acts_of(nlp, text), text
    # kept: what someone said in answer, how something happened, a claim of responsibility
    assert only(quotes_of(nlp, "The minister responded that the plan was dead."), "plan").cue == "responded"
    assert only(quotes_of(nlp, "She spoke of how the police had beaten her."), "police").cue == "spoke"
    assert only(quotes_of(nlp, "The group claimed responsibility for the attacks."), "responsibility").cue == "claimed"


def test_findings_in_a_document_with_a_passive_report_are_the_documents(nlp):
    text = ("In findings published Tuesday in Nature by a team of scientists from the University of Montreal, the "
            "presence of water vapour was confirmed in the atmosphere.")
    q = only(quotes_of(nlp, text), "water vapour")
    assert (q.text, q.cue, q.cue_class, q.speaker) == (
        "the presence of water vapour was confirmed in the atmosphere", "In", "speech", "team")
    q = only(quotes_of(nlp, "In a speech, she said, the plan would fail."), "plan")
    assert q.cue == "said"  # a cue verb of its own carries the attribution


def test_an_attribution_set_off_by_commas_the_parser_misread_is_still_one(nlp):
    # the parser reads "Roberts" as an apposition of "Scott", and "pointed" as the main verb
    q = only(quotes_of(nlp, "To understand the real Dred Scott, Chief Justice Roberts said, one should visit this museum."),
             "museum")
    assert (q.cue, q.speaker) == ("said", "Roberts") and q.text.startswith("To understand")
    q = only(quotes_of(nlp, "Many of the cultures in Montana, the complaint pointed out, have a concept of family."),
             "family")
    assert (q.cue, q.speaker) == ("pointed out", "complaint") and q.text.startswith("Many of the cultures")
    # a parenthetical the parser reads right keeps its content
    assert only(quotes_of(nlp, "He arrived, the police said, at noon."), "arrived").text == "He arrived"


def test_citing_a_reason_is_content_citing_a_source_is_not(nlp):
    q = only(quotes_of(nlp, "Governor Mike DeWine postponed the primary, citing the health crisis."), "health")
    assert (q.cue, q.text, q.speaker) == ("citing", "the health crisis", "Mike DeWine")
    for text in ("Reuters reported the strike, citing anonymous sources.", "Turkey cited Article 5 of the NATO treaty."):
        assert all(q.cue not in ("cited", "citing") for q in quotes_of(nlp, text)), text
        assert [a.cue for a in acts_of(nlp, text)] in (["citing"], ["cited"]), text
    # "cited X as saying Y": X said Y
    text = "The BBC also cited Budi Gunawan, chief of the intelligence agency, as saying the suspects were linked to the network."
    assert only(quotes_of(nlp, text), "suspects").speaker == "Budi Gunawan"


def test_classing_something_as_something_is_a_judgement_when_someone_does_it(nlp):
    q = only(quotes_of(nlp, "The World Health Organization has classified the outbreak of COVID-19 as a pandemic."),
             "pandemic")
    assert (q.cue, q.cue_class, q.speaker) == ("classified", "belief", "World Health Organization")
    assert quotes_of(nlp, "The outer star is classified as a Be star.") == []


def test_by_an_account_opening_a_sentence_is_its_source(nlp):
    q = only(quotes_of(nlp, "By reports, former Vice President Joe Biden won all three elections."), "Biden")
    assert (q.cue, q.text, q.speaker) == ("By", "former Vice President Joe Biden won all three elections", None)
    assert only(quotes_of(nlp, "By NBC's count, Biden has 279 electoral votes."), "279").speaker == "NBC"
    assert quotes_of(nlp, "By Monday, the river had risen two metres.") == []


def test_a_feeling_expressed_about_nothing_named_is_an_act(nlp):
    text = "WWE expressed sadness and extended condolences to the family."
    assert quotes_of(nlp, text) == [] and [a.cue for a in acts_of(nlp, text)] == ["expressed"]
    # a feeling about something is a view of it; so is a concern that something is so
    assert [q.cue for q in quotes_of(nlp, "The minister expressed outrage at North Korea's latest gambit.")] == ["expressed"]
    assert [q.cue for q in quotes_of(nlp, "He expressed concern that the talks would fail.")] == ["expressed"]


def test_issuing_a_ruling_or_an_alert_says_nothing_by_itself(nlp):
    for text in ("The Court of Session issued an opinion on the suspension of Parliament.",
                 "The National Hurricane Center issued a hurricane warning for the northwestern Bahamas.",
                 "The Supreme Court issued a ruling on the prorogation of Parliament on Tuesday."):
        assert quotes_of(nlp, text) == [], text
    # unless a clause says what it holds
    q = only(quotes_of(nlp, "Police issued a warning that the roads were icy."), "icy")
    assert q.speaker == "police"
    q = only(quotes_of(nlp, "Judge Victor Marrero issued a ruling against Trump finding that prosecutors could view his records."), "records")
    assert q.speaker == "Victor Marrero"


def test_an_attribution_that_opens_the_sentence_before_a_comma(nlp):
    # the parser made "reported" a complement of the clause it reports
    q = only(quotes_of(nlp, "Al Jazeera reported on Thursday, coverage had risen to 55 percent."), "coverage")
    assert (q.cue, q.text, q.speaker) == ("reported", "coverage had risen to 55 percent", "Al Jazeera")
    # a list of clauses is no report
    text = "Elementary school students sang, Elder Nelson White provided a prayer, and the buffalo were released."
    assert quotes_of(nlp, text) == []


def test_a_clause_before_a_semicolon_is_not_what_follows_reports(nlp):
    # the parser may make the first clause the complement of a passive "reported" after the semicolon
    text = "All but one of the sixteen on board died; no deaths were reported on the ground."
    assert all(not q.text.startswith("All but one") for q in quotes_of(nlp, text))
    text = "Each state has a large proportion of African-American residents; they were found less likely to own guns."
    assert all(not q.text.startswith("Each state") for q in quotes_of(nlp, text))


def test_reported_missing_is_no_report(nlp):
    text = "Many were vulnerable, but the final victim, LGBT activist Andrew Kinsman, 49, was quickly reported missing."
    assert quotes_of(nlp, text) == []
    q = only(quotes_of(nlp, "Police said the boy was reported missing on Monday."), "boy")
    assert (q.cue, q.speaker) == ("said", "police")


def test_per_a_source_opening_a_sentence_is_its_source(nlp):
    # as "According to X, ...": X's words, and the reports inside them are reports too
    q = only(quotes_of(nlp, "Per the doctrines, testimony of two witnesses is required to convict a person."), "witnesses")
    assert (q.cue, q.text) == ("Per", "testimony of two witnesses is required to convict a person")
    text = "Per numbers reported by The Associated Press, 415 thousand priests are subject to the requirement."
    assert only(quotes_of(nlp, text), "priests").speaker == "Associated Press"  # whoever reported the numbers
    quotes = quotes_of(nlp, "Per reports, the sources said he died within two years before.")
    assert {(q.cue, q.text) for q in quotes} == {("Per", "the sources said he died within two years before"),
                                                 ("said", "he died within two years before")}
    for text in ("Per capita, the cost is higher than in France.", "Per person, the fee is $5.",
                 "Per the request, Parliament would meet briefly in early September.",
                 "Prices rose 5 per cent, the agency said."):
        assert all(q.cue != "Per" and q.cue != "per" for q in quotes_of(nlp, text)), text


def test_what_a_claim_or_report_is_of_is_its_content(nlp):
    quotes = quotes_of(nlp, "State officials rejected the President's claims of widespread voter fraud.")
    q = next(q for q in quotes if q.cue == "claims")  # inside what the officials rejected
    assert (q.text, q.speaker) == ("widespread voter fraud", "President")
    q = only(quotes_of(nlp, "There had been reports of people avoiding Chinese individuals in several countries."), "avoiding")
    assert (q.cue, q.speaker) == ("reports", None)
    for text in ("The report of the committee was published.", "He denied the claims of Trump.",
                 "He faces charges of fraud.", "There were no claims of responsibility for the attack."):
        assert all(q.cue not in ("report", "claims", "charges") for q in quotes_of(nlp, text)), text


def test_what_someone_confessed_or_admitted_to(nlp):
    q = only(quotes_of(nlp, "Even though Waseem confessed to acting alone, several accomplices were tried."), "alone")
    assert (q.cue, q.text, q.speaker) == ("confessed", "acting alone", "Waseem")
    assert quotes_of(nlp, "He confessed to the police.") == []  # whom, not what
    assert quotes_of(nlp, "The president was admitted to Walter Reed Hospital as a precaution.") == []
    q = only(quotes_of(nlp, "He confessed to police that he had taken the money."), "money")
    assert q.text == "that he had taken the money"


def test_asking_for_something_is_a_request(nlp):
    # the news guideline: "requested funding" is no quote, and neither is "asked for" a thing
    text = "The Austrian court referred the case to the ECJ, asking for clarifications of EU law."
    assert quotes_of(nlp, text) == [] and "clarifications of EU law" in [a.text for a in acts_of(nlp, text)]
    q = only(quotes_of(nlp, "The senator asked whether the plan was legal."), "legal")  # a question is kept
    assert q.cue == "asked"


def test_a_demonstrative_that_after_a_relative_cue_opens_no_clause(nlp):
    text = "The public officials who ordered that change claimed they were reducing the number of dedicated lanes."
    q = only(quotes_of(nlp, text), "reducing")
    assert (q.cue, q.text, q.speaker) == ("claimed", "they were reducing the number of dedicated lanes", "public officials")
    assert not any(q.cue == "ordered" for q in quotes_of(nlp, text))


def test_oaths_charges_nominations_and_violence_are_no_quotes(nlp):
    for text in ("Following the ruling, Wanda Vázquez Garced was sworn in as governor at 5:00 p.m.",
                 "The Australian was charged with one count of murder.",
                 "Stevens was nominated to the Supreme Court in 1975 by President Gerald Ford.",
                 "The attacker continued to attack others.",
                 "UpGuard emailed Amazon Web Services, informing them of the situation.",
                 "WWE highlighted Huber's career.",
                 "Officer Betty Shelby was charged with first-degree manslaughter in the death of a motorist.",
                 "After asking for his release from WWE, Huber signed with AEW."):
        assert quotes_of(nlp, text) == [], text
    # kept: an oath's words, an accusation by someone, a verbal attack, what someone was informed of
    assert only(quotes_of(nlp, "He swore that he was innocent."), "innocent").cue == "swore"
    assert only(quotes_of(nlp, "Trump attacked Clinton for her emails."), "emails").cue == "attacked"
    q = only(quotes_of(nlp, "Derakhshani informed the chess federation she did not wish to play for Iran."), "Iran")
    assert q.cue == "informed"


def test_a_quote_before_an_inverted_cue_with_no_comma(nlp):
    text = '"I am in awe of the people who ran towards danger to keep us all safe" tweeted Mayor of London Sadiq Khan.'
    q = only(quotes_of(nlp, text), "in awe")
    assert (q.cue, q.speaker) == ("tweeted", "Sadiq Khan")


def test_requests_apologies_schedules_and_silence_are_no_quotes(nlp):
    for text in ("Imus's family asked for donations to the Imus Ranch Foundation, which provides support for families.",
                 "Imus apologized for the comment.",
                 "The second debate was intended to be done in town-hall format.",
                 "The shutdown was planned to end on Saturday.",
                 "Matovič posted a message on Facebook on Friday without mentioning any symptoms.",
                 "The House of Representatives confirmed Pierluisi's nomination on Friday."):
        assert quotes_of(nlp, text) == [], text
    text = "Politico quoted Tim Manning, formerly a deputy administrator at FEMA, as saying the agency has an important role."
    assert [(q.cue, q.speaker) for q in quotes_of(nlp, text)] == [("saying", "Tim Manning")]
    text = "US Secretary of State Mike Pompeo posted a message on Twitter blaming Iran for the attacks."
    assert only(quotes_of(nlp, text), "Iran").speaker == "Mike Pompeo"  # the poster, not the platform
    # kept: what an apology says, a message with its content
    assert only(quotes_of(nlp, "He apologized for saying the plan was a disaster."), "plan").cue == "apologized"
    assert only(quotes_of(nlp, "She posted a message on Facebook saying the plan was dead."), "plan").text.endswith("dead")


def test_a_main_speech_verb_read_as_a_participle_still_reports(nlp):
    text = "The city's security chief, Abdullah al-Jahafi, announced on Facebook on Tuesday there were suspects in custody."
    q = only(quotes_of(nlp, text), "suspects")
    assert (q.cue, q.text, q.speaker) == ("announced", "there were suspects in custody", "Abdullah al-Jahafi")
    assert quotes_of(nlp, "The man arrested on Tuesday was released.") == []


def test_a_reported_clause_then_a_quoted_sentence_after_a_colon_are_two_reports(nlp):
    text = ('Mike Ryan of the WHO told the press the new drugs were only part of the solution: '
            '"What will stop Ebola is good surveillance."')
    quotes = quotes_of(nlp, text)
    assert [(q.kind, q.cue, q.speaker) for q in quotes] == [("indirect", "told", "Mike Ryan"), ("direct", "told", "Mike Ryan")]
    assert quotes[0].text == "the new drugs were only part of the solution"
    assert quotes[1].text == '"What will stop Ebola is good surveillance."'
    # one report: a noun before the colon, or a name in the quote marks
    assert [q.kind for q in quotes_of(nlp, 'She delivered a snappy retort: "Not today, thank you."')] == ["mixed"]
    text = 'The WHO announced the official name of the disease: "COVID-19".'
    assert [q.kind for q in quotes_of(nlp, text)] == ["mixed"]


def test_a_judgement_then_a_quoted_sentence_after_a_colon_are_two_reports(nlp):
    text = ('Trump responded via Twitter, attacking the subpoena as a political strategy: "The Radical Left '
            'Democrats have failed on all fronts, so now they are pushing prosecutors to go after me."')
    quotes = quotes_of(nlp, text)
    assert only(quotes, "subpoena").text == "the subpoena as a political strategy"
    assert only(quotes, "Radical Left").kind == "direct"
    text = ('The Department of Defense justified the strike as "defensive" in nature: "The U.S. military has taken '
            'decisive defensive action to protect U.S. personnel abroad."')
    quotes = quotes_of(nlp, text)
    assert only(quotes, "strike").kind == "mixed" and only(quotes, "military has taken").kind == "direct"
