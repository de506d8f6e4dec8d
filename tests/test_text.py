from transforms.text import normalise, split_title, word_count


def test_normalise_line_ends_nfc_and_paragraphs():
    raw = "Title line\r\n\r\n\r\nCafe\u0301 opens.  Second\u00a0sentence.\r\nSame paragraph.\n \n\nNext"
    text = normalise(raw)
    assert text == "Title line\n\nCaf\u00e9 opens. Second sentence.\nSame paragraph.\n\nNext"


def test_normalise_strips_zero_width_and_bom():
    assert normalise("\ufeffHello\u200b world") == "Hello world"


def test_title_when_short_first_line_then_blank_line():
    title, body = split_title("Quake hits Chile\n\nA strong earthquake struck on Monday.")
    assert title == "Quake hits Chile"
    assert body == "A strong earthquake struck on Monday."


def test_no_title_when_first_line_is_a_sentence(seed_text):
    title, body = split_title(normalise(seed_text))
    assert title is None
    assert body.startswith("Russian Foreign Minister Sergei Lavrov")


def test_no_title_for_single_paragraph():
    assert split_title("Just one paragraph here.") == (None, "Just one paragraph here.")


def test_word_count():
    assert word_count("one two\n\nthree") == 3
