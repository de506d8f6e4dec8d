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
    assert table(data, "select count(*) from stances where quote_id is null and holder <> 'author'") == [(0,)]
    assert table(data, """select count(*) from stances s join quotes q using (quote_id)
                          where s.holder <> q.speaker""") == [(0,)]
    assert table(data, "select count(*) from stance_matrix where holder = 'Sergei Lavrov'")[0][0] > 0
