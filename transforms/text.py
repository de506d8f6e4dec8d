"""Text normalisation shared by every reader: one canonical form before offsets are taken.

All offsets in the warehouse are Python str offsets into the normalised text, so every
input format goes through `normalise` exactly once.
"""
from __future__ import annotations

import re
import unicodedata

_PARA_SPLIT = re.compile(r"\n[ \t\u00a0]*\n+")
_TRAILING_WS = re.compile(r"[ \t\u00a0]+\n")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def normalise(text: str) -> str:
    """NFC, LF line ends, no zero-width junk, paragraphs separated by exactly one blank line.

    Lines inside a paragraph are kept (a subheading stays its own line); runs of spaces
    collapse to one so that offsets are stable across re-encodings of the same article.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    text = _TRAILING_WS.sub("\n", text)
    paragraphs = (_SPACES.sub(" ", p).strip() for p in _PARA_SPLIT.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def split_title(text: str, max_title_words: int = 20) -> tuple[str | None, str]:
    """Split a plain-text article into (title, body) when it uses the headline layout.

    The first line is a title when it is short, carries no final sentence punctuation
    and is followed by a blank line (BBC / Wikinews dumps); otherwise there is no title.
    """
    first, sep, rest = text.partition("\n\n")
    if not sep or "\n" in first or not rest.strip():
        return None, text
    words = first.split()
    if len(words) > max_title_words or first.rstrip().endswith((".", "\"", "\u201d", ":")):
        return None, text
    return first.strip(), rest


def word_count(text: str) -> int:
    return len(text.split())
