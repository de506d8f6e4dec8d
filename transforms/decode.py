"""Bytes -> str: BOMs, UTF-8, and a detected legacy encoding where the bytes are not UTF-8."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Legacy encodings of English-language news, most common first (charset-normalizer's names).
PREFERRED = ("cp1252", "latin_1", "iso8859_15", "mac_roman")


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can trust; the message is the reject reason."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean this is not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(head) * 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for UTF-16 text saved without a byte-order mark: mostly Latin
    text, so a NUL in (nearly) every other byte, always on the same side."""
    head = data[:8192]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    if odd > 0.3 * pairs and even < 0.02 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.02 * pairs:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Raises DecodeError with a reason a person understands."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason})") from exc
    if (utf16 := _utf16_without_bom(data)) is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = ""
        sample = text[:4096]
        if sample and sum(c.isprintable() or c.isspace() for c in sample) >= 0.98 * len(sample):
            return text, "utf-16"
    if looks_binary(data):
        raise DecodeError("binary file (not text): remove it from the input folder or convert it to text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1252 (and Latin-1, its subset) is the legacy encoding of English-language news: take
    # it whenever it reads as text. Left to rank all code pages, the detector often preferred
    # another that also fits ('Mu\u00f1oz' read as cp775, big5 or cp949 in 14 of 109 Wikinews
    # articles saved as cp1252); where cp1252 does not fit (Cyrillic, Polish, CJK), it rejects it.
    western = from_bytes(data, cp_isolation=["cp1252"]).best()
    if western is not None:
        return str(western), "cp1252"
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError("not valid UTF-8 and no other text encoding fits: re-save the file as UTF-8")
    # Several code pages often fit a short text equally well (cp1250 and cp1252 tie on
    # "naïve café", but only cp1252 reads it right): among the equally good fits, prefer the
    # encodings news files actually use.
    tied = {m.encoding: m for m in matches
            if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.05}
    chosen = next((tied[e] for e in PREFERRED if e in tied), best)
    return str(chosen), chosen.encoding
