"""The stance component in the pipeline: who holds a stance toward whom, and the table's joins."""
import shutil

from conftest import SEED, ingest_without_prefect, table
from transforms.text import normalise


def test_quote_speaker_holds_stance_toward_targets_in_the_quote(nlp):
    doc = nlp(normalise('"NATO is a disgrace and a threat to peace," said Viktor Orban.\n\n'
                        'The weather in Budapest was mild on Tuesday.'))
    by_target = {s.target: s for s in doc._.stances}
    assert "NATO" in by_target
    nato = by_target["NATO"]
    assert nato.holder == "Viktor Orban" and nato.quote_start_char is not None
    assert nato.polarity == "negative" and nato.score < -0.3
    assert "Viktor Orban" not in by_target  # no stance toward oneself
    budapest = by_target["Budapest"]
    assert budapest.holder is None and budapest.quote_start_char is None  # the article's own voice
    assert doc.text[budapest.sentence_start_char:budapest.sentence_end_char].startswith("The weather")


def test_text_without_entities_has_no_stances(nlp):
    assert nlp("it was a quiet day and nothing much happened.")._.stances == []


def test_stances_table_joins(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    data = tmp_path / "data"
    ingest_without_prefect([tmp_path / "seed.txt"], data)
    assert table(data, "select count(*) > 10 from stances") == [(True,)]
    assert table(data, "select count(*) from stances s anti join articles using (article_id)") == [(0,)]
    assert table(data, """select count(*) from stances s where quote_id is not null
                          and quote_id not in (select quote_id from quotes)""") == [(0,)]
    assert table(data, """select count(*) from stances s anti join entities e
                          on e.entity_id = s.target_entity_id""") == [(0,)]
    # outside quotes the holder is the article ('author') or whoever a reported act names:
    # "the United States withdrawing its troops from Afghanistan" is no quote, but is the US's act;
    # "Moscow ... sought to fill the vacuum by reaching out to the returning Taliban", Moscow's intent
    assert table(data, "select distinct holder from stances where quote_id is null and holder <> 'author' order by 1") \
        == [("Moscow",), ("United States",)]
    assert table(data, """select count(*) from stances s join quotes q using (quote_id)
                          where s.holder <> q.speaker""") == [(0,)]
    assert table(data, "select count(*) from stance_matrix where holder = 'Sergei Lavrov'")[0][0] > 0
    # the matrix tells quoted words from the article's own voice; the NATO question of the README
    assert table(data, "select bool_and(in_quotes = evidence) from stance_matrix where holder = 'Sergei Lavrov'") == [(True,)]
    assert table(data, "select max(in_quotes) from stance_matrix where holder = 'author'") == [(0,)]
    assert table(data, """select distinct speaker from quotes_mentioning_entity
                          where entity = 'NATO' and cue_class = 'speech'""") == [("Sergei Lavrov",)]
    # the user's seed: Lavrov against the US and NATO, the Defense Ministry for the US
    lavrov = table(data, """select distinct target, polarity, cue_word from stances
                            where holder = 'Sergei Lavrov' and target in ('United States', 'NATO')
                            and cue_word = 'unacceptable'""")
    assert sorted(lavrov) == [("NATO", "negative", "unacceptable"), ("United States", "negative", "unacceptable")]
    ministry = table(data, """select polarity from stances s join quotes q using (quote_id)
                              where s.holder = 'Defense Ministry (Uzbekistan)' and s.target = 'United States'
                              and q.text like '%Friendly relations%'""")
    assert ministry and {p for (p,) in ministry} == {"positive"}


def _stance(nlp, text, target):
    found = [s for s in nlp(normalise(text))._.stances if s.target == target]
    assert found, f"no stance toward {target}"
    return found[0]


def test_speaker_evaluative_word_sets_polarity(nlp):
    s = _stance(nlp, '"We consider the expansion of NATO unacceptable," the Serbian president Aleksandar Vucic said.', "NATO")
    assert (s.polarity, s.cue_word) == ("negative", "unacceptable") and s.score < 0
    s = _stance(nlp, 'Finland welcomed the "deepening" of its partnership with Sweden, Finnish President Sauli Niinisto said.',
                "Sweden")
    assert s.polarity == "positive" and s.cue_word == "welcomed"


def test_an_evaluation_the_speaker_reports_is_not_the_speakers(nlp):
    """'Harris attacked Biden', said by Trump, is Harris's attack: no cue for Trump toward Biden;
    'Biden criticized Trump, saying ...' is Biden's own."""
    reported = _stance(nlp, 'Donald Trump said on Friday that Senator Kamala Harris attacked Joe Biden during the debates.',
                       "Joe Biden")
    assert reported.cue_word is None
    own = _stance(nlp, 'Joe Biden criticized Donald Trump on Monday, saying the president had no plan for the virus.',
                  "Donald Trump")
    assert (own.cue_word, own.polarity) == ("criticized", "negative")


def test_negated_evaluation_flips(nlp):
    s = _stance(nlp, '"We do not oppose the agreement with Germany," said French President Emmanuel Macron.', "Germany")
    assert s.cue_word == "oppose" and s.polarity == "positive"


def test_place_of_the_judged_event_is_not_its_target(nlp):
    doc = nlp(normalise('"We consider the return of American troops to Iraq unacceptable," Iranian Foreign Minister '
                        'Hossein Amir-Abdollahian said.'))
    cues = {s.target: s.cue_word for s in doc._.stances}
    assert cues.get("Iraq") is None


def test_the_two_countries_stands_for_the_two_last_named(nlp):
    doc = nlp(normalise("Japan signed a trade pact with Canada on Monday.\n\n"
                        '"Relations between the two countries have never been better," the Japanese trade ministry said.'))
    pair = {s.target for s in doc._.stances if doc.text[s.target_start_char:s.target_end_char] == "the two countries"}
    assert pair == {"Japan", "Canada"}


def test_speaker_holds_no_stance_toward_the_rest_of_the_sentence(nlp):
    # Lavrov is in the article's framing clause, not in Uzbekistan's words
    doc = nlp(normalise("Sergei Lavrov spoke in Kazan. Lavrov's comments came days after Uzbekistan welcomed "
                        "the \"strengthening\" of its military cooperation with the United States."))
    held = {(s.holder, s.target) for s in doc._.stances if s.holder}
    assert ("Uzbekistan", "United States") in held
    assert ("Uzbekistan", "Sergei Lavrov") not in held
    # but what the cue says it about is the speaker's: the one described
    doc = nlp(normalise("Bishop Dinualdo Gutierrez died on Monday. Gutierrez was described by the CBCP as "
                        "\"a strong advocate for the environment.\""))
    assert ("CBCP", "Dinualdo Gutierrez") in {(s.holder, s.target) for s in doc._.stances}


def test_an_official_holds_no_stance_toward_their_own_country(nlp):
    doc = nlp(normalise('Russian Foreign Minister Sergei Lavrov spoke in Kazan. He noted that Moscow was '
                        '"concerned about attempts by non-regional actors to engage further in Afghanistan."'))
    assert not any(s.holder == "Sergei Lavrov" and s.target in ("Moscow", "Russia") for s in doc._.stances)
    assert any(s.holder == "Sergei Lavrov" and s.target == "Afghanistan" for s in doc._.stances)
    # someone without an office does hold one toward their country
    doc = nlp(normalise('Alexei Navalny spoke in Berlin. "Russia is ruled by thieves," Navalny said.'))
    assert any(s.holder in ("Alexei Navalny", "Navalny") and s.target == "Russia" for s in doc._.stances)


def test_the_writers_relative_clause_in_a_report_is_not_the_speakers_target(nlp):
    doc = nlp(normalise('Russia classifies the Taliban, who first ruled Afghanistan from the mid-nineties until the US '
                        'invasion in 2001, as a "terrorist" organization.'))
    held = {(s.holder, s.target) for s in doc._.stances if s.holder}
    assert ("Russia", "Taliban") in held
    assert ("Russia", "Afghanistan") not in held
    # the speaker's own quoted words stay theirs
    doc = nlp(normalise('Russia classifies the Taliban as "a group, which ruined Afghanistan."'))
    assert ("Russia", "Afghanistan") in {(s.holder, s.target) for s in doc._.stances if s.holder}
