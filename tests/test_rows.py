"""Docs -> table rows: the joins the rows carry (a quote's speaker entity)."""
from transforms.rows import quote_rows
from transforms.text import normalise


def _speaker_entities(nlp, text: str) -> dict[str, str | None]:
    doc = nlp(normalise(text))
    names = {m.entity_id: m.name for m in doc._.mentions}
    return {r["speaker"]: names.get(r["speaker_entity_id"]) for r in quote_rows("a1", doc) if r["speaker"]}


def test_speaker_entity_is_the_head_of_the_speakers_words(nlp):
    """A speaker's entity is the one its head word names: not the owner in "Trump's doctors",
    not the number in "One of the victims", not the year in "a 2015 court decision"."""
    got = _speaker_entities(nlp, (
        "Foreign Minister Sergei Lavrov said on Monday that Moscow would not accept new bases. "
        "Donald Trump was taken to hospital on Friday. Trump's doctors said that he was recovering well. "
        "One of the victims said that the fire started at night. "
        "A 2015 federal court decision said that the program was legal."))
    assert got.get("Sergei Lavrov") == "Sergei Lavrov"
    assert "Trump's doctors" in got and got["Trump's doctors"] is None
    assert got.get("One of the victims", "missing") is None
    assert got.get("2015 federal court decision", "missing") is None
