import codecs

import pytest

from transforms.decode import DecodeError, decode

TEXT = "Le ministre a déclaré « nous continuerons » à Montréal — naïve café."


def test_utf8_plain_and_bom():
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")
    assert decode(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == (TEXT, "utf-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(encoding):
    assert decode(TEXT.encode(encoding)) == (TEXT, "utf-16")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    text, enc = decode(bom + TEXT.encode(encoding))
    assert text == TEXT and enc == "utf-16"


def test_cp1252_detected_when_not_utf8():
    raw = ("The minister said \u201cwe will not give up\u201d \u2013 a na\u00efve caf\u00e9 owner agreed. " * 5).encode("cp1252")
    text, enc = decode(raw)
    assert "\u201cwe will not give up\u201d" in text and "caf\u00e9" in text
    assert enc.replace("_", "").lower() in {"cp1252", "windows1252"}


def test_real_article_saved_as_cp1252_reads_back_exactly():
    # the detector alone read this one as cp850 ("Mu\u00f1oz" garbled)
    from pathlib import Path

    path = next(Path(__file__).parent.glob("gold/wikinews30/wikinews-2019-07-10-benin-nigeria*"))
    original = path.read_text(encoding="utf-8")
    assert decode(original.encode("cp1252")) == (original, "cp1252")


def test_other_legacy_encodings_are_not_read_as_cp1252():
    for text, encoding in (("Министр иностранных дел России заявил.", "cp1251"),
                           ("Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144, powiedzia\u0142 minister w Warszawie.", "cp1250")):
        assert decode(text.encode(encoding))[0] == text


def test_latin1_single_byte_does_not_hang_or_fail():
    text, _ = decode(b"Caf\xe9 society returns to Paris after the summer break.")
    assert text.startswith("Caf\u00e9")


def test_binary_rejected():
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
