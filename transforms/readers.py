"""Reading one input file into articles: plain text, JSON, JSON Lines and HTML.

`read_file` never raises for bad input: what cannot be read becomes a `Reject` with a reason
a person understands, and the good records of a partly bad file are still returned.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from dateutil import parser as dateparser

from transforms.decode import DecodeError, decode
from transforms.discover import SUPPORTED, format_of
from transforms.text import normalise, split_title, word_count

# A text or HTML file larger than this is rejected unread: one article is never 20 MB, a dump is.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024

# An article longer than this is rejected: spaCy refuses texts over 1,000,000 characters, and
# the parser's memory grows with the text (~1.5 GB for 300,000). No news article comes near it.
MAX_ARTICLE_CHARS = 500_000

MIN_HTML_WORDS = 10

TEXT_FIELDS = ("text", "body", "content", "article", "maintext", "full_text", "article_text")
TITLE_FIELDS = ("title", "headline", "name")
URL_FIELDS = ("url", "link", "canonical_url", "source_url")
DATE_FIELDS = ("published_at", "published", "date", "datetime", "pubdate", "publish_date", "date_publish", "timestamp")
SOURCE_FIELDS = ("source", "publisher", "outlet", "site", "source_domain", "site_name")
ID_FIELDS = ("id", "article_id", "guid", "uuid")


@dataclass(frozen=True)
class Article:
    article_id: str
    source_path: str
    record_key: str
    title: str | None
    published_at: datetime | None
    url: str | None
    source: str | None
    text: str
    word_count: int
    content_sha256: str
    format: str
    encoding: str


@dataclass(frozen=True)
class Reject:
    source_path: str
    reason: str


def article_id(source_path: str, record_key: str) -> str:
    return hashlib.sha1(f"{source_path}#{record_key}".encode("utf-8")).hexdigest()[:16]


def parse_date(value) -> datetime | None:
    """A publication date from ISO strings, RFC 2822, '4 January 2019' or epoch seconds; None if unparseable."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, (int, float)):
            dt = datetime.fromtimestamp(float(value) / (1000 if value > 1e11 else 1), tz=timezone.utc)
        else:
            dt = dateparser.parse(str(value))
    except (ValueError, OverflowError, TypeError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def _first(record: dict, fields: tuple[str, ...]):
    for f in fields:
        value = record.get(f)
        if value not in (None, ""):
            return value
    return None


def _make(path: str, key: str, text: str, fmt: str, encoding: str, *, title=None, published=None,
          url=None, source=None) -> Article:
    return Article(
        article_id=article_id(path, key), source_path=path, record_key=key,
        title=(" ".join(str(title).split()) or None) if title else None,
        published_at=parse_date(published), url=str(url) if url else None,
        source=_source_name(source),
        text=text, word_count=word_count(text),
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format=fmt, encoding=encoding,
    )


def _source_name(source) -> str | None:
    if isinstance(source, dict):  # NewsAPI style: {"id": ..., "name": "BBC News"}
        source = source.get("name")
    return str(source) if source else None


def _from_record(path: str, key: str, record, fmt: str, encoding: str, where: str) -> Article | Reject:
    if not isinstance(record, dict):
        return Reject(where, f"record is a JSON {type(record).__name__}, not an object with a text field")
    body = _first(record, TEXT_FIELDS)
    if not isinstance(body, str) or not normalise(body):
        return Reject(where, f"record has no text: expected one of the fields {', '.join(TEXT_FIELDS[:4])}")
    if not _has_words(body):
        return Reject(where, NO_WORDS)
    rid = _first(record, ID_FIELDS)
    return _make(path, str(rid) if rid is not None else key, normalise(body), fmt, encoding,
                 title=_first(record, TITLE_FIELDS), published=_first(record, DATE_FIELDS),
                 url=_first(record, URL_FIELDS), source=_first(record, SOURCE_FIELDS))


def _read_json(path: str, text: str, encoding: str) -> list[Article | Reject]:
    try:
        data = json.loads(text, strict=False)  # raw tabs or control characters in strings: keep the record
    except json.JSONDecodeError as exc:
        return [Reject(path, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")]
    if isinstance(data, dict):
        for k in ("articles", "items", "data", "records"):
            if isinstance(data.get(k), list):
                data = data[k]
                break
    records = data if isinstance(data, list) else [data]
    return _unique_keys([_from_record(path, str(i), rec, "json", encoding,
                                      f"{path}:record {i}" if len(records) > 1 else path)
                         for i, rec in enumerate(records)])


def _read_jsonl(path: str, text: str, encoding: str, first_line: int = 1,
                whole: bool = True) -> list[Article | Reject]:
    """The records of a JSON Lines file, or of the piece of one (`whole` False) that starts at
    line `first_line`. Lines end at "\n" only (at "\r" in a file without one), as the pieces are
    cut: JSON text may hold a raw U+2028 or form feed, which str.splitlines() would take for line ends."""
    out: list[Article | Reject] = []
    lines = text.split("\n" if "\n" in text or "\r" not in text else "\r")  # "\r" alone: old Mac files
    for lineno, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line, strict=False)
        except json.JSONDecodeError as exc:
            out.append(Reject(where, f"malformed JSON on line {lineno} ({exc.msg} column {exc.colno}); the other lines were ingested"))
            continue
        out.append(_from_record(path, f"line {lineno}", record, "jsonl", encoding, where))
    if not out and whole:  # for a piece, the run decides once it has every piece (publish)
        out.append(Reject(path, NO_RECORDS))
    return _unique_keys(out)


NO_RECORDS = "JSON Lines file has no records"
EMPTY = "empty file"
NO_WORDS = "text has no words, only punctuation or symbols"


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def repeated(source_path: str, record_key: str) -> Reject:
    return Reject(f"{source_path}:{record_key}",
                  f"duplicate record id '{record_key}' in this file: only the first is kept")


def _unique_keys(items: list[Article | Reject]) -> list[Article | Reject]:
    """A repeated record id inside one file is rejected: the first record with it is kept."""
    seen: set[str] = set()
    out: list[Article | Reject] = []
    for item in items:
        if isinstance(item, Article):
            if item.article_id in seen:
                out.append(repeated(item.source_path, item.record_key))
                continue
            seen.add(item.article_id)
        out.append(item)
    return out


def _read_html(path: str, html: str, encoding: str) -> list[Article | Reject]:
    import trafilatura  # imported lazily: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    body = normalise(getattr(doc, "text", None) or "") if doc is not None else ""
    if word_count(body) < MIN_HTML_WORDS:  # navigation crumbs, a cookie wall, an empty shell
        return [Reject(path, "HTML page has no article text that could be extracted "
                             f"({word_count(body)} words found)")]
    return [_make(path, "", body, "html", encoding, title=getattr(doc, "title", None),
                  published=getattr(doc, "date", None), url=getattr(doc, "url", None),
                  source=getattr(doc, "sitename", None))]


def read_bytes(path: str, data: bytes, part: tuple[int, int, int] | None = None) -> list[Article | Reject]:
    """Articles (and rejects) from one file's bytes, or from the bytes of its piece `part`
    (see `FoundFile.part`); never raises for bad content."""
    fmt = format_of(path)
    if fmt is None:
        supported = ", ".join(sorted(SUPPORTED))
        return [Reject(path, f"unsupported file type '{Path(path).suffix or '(none)'}': newsflow reads {supported}")]
    if not data.strip():
        return [] if part else [Reject(path, EMPTY)]
    try:
        text, encoding = _decode_piece(data, part) if part else decode(data)
    except DecodeError as exc:
        return [Reject(path, str(exc))]
    if fmt == "json":
        return _read_json(path, text, encoding)
    if fmt == "jsonl":
        return _read_jsonl(path, text, encoding, part[2] if part else 1, whole=part is None)
    if fmt == "html":
        return _read_html(path, text, encoding)
    title, body = split_title(normalise(text))
    if not body:
        return [Reject(path, "file has no text after removing blank lines")]
    if not _has_words(body) and not (title and _has_words(title)):
        return [Reject(path, NO_WORDS)]
    return [_make(path, "", body, "text", encoding, title=title)]


def _decode_piece(data: bytes, part: tuple[int, int, int]) -> tuple[str, str]:
    """A piece of a file the plan found to be UTF-8 throughout (see `sha256_and_pieces`), decoded
    as the whole file is: a byte-order mark only at the file's start."""
    try:
        return data.decode("utf-8-sig" if part[0] == 0 else "utf-8"), "utf-8"
    except UnicodeDecodeError as exc:  # changed since it was planned
        raise DecodeError(f"not valid UTF-8 at byte {part[0] + exc.start} (the file changed while it was "
                          "being read?); it is read again on the next run") from exc


def read_file(path: str, part: tuple[int, int, int] | None = None) -> list[Article | Reject]:
    """Read and parse one file, or its piece `part`; I/O problems (deleted, unreadable, too
    large) become rejects."""
    try:
        size = os.path.getsize(path)
        if size > MAX_ARTICLE_BYTES and format_of(path) in ("text", "html"):
            return [Reject(path, f"file is {size >> 20} MB, over the {MAX_ARTICLE_BYTES >> 20} MB limit "
                                 "for one article: split it into one file per article (or use JSON Lines)")]
        with open(path, "rb") as fh:
            if part:
                fh.seek(part[0])
            data = fh.read(part[1] - part[0] if part else -1)
    except FileNotFoundError:
        return [Reject(path, "file disappeared before it could be read")]
    except IsADirectoryError:
        return [Reject(path, "is a folder, not a file")]
    except OSError as exc:
        return [Reject(path, f"cannot read file: {exc.strerror or exc}; check its permissions")]
    return [_not_too_long(x) for x in read_bytes(path, data, part)]


def _not_too_long(item: Article | Reject) -> Article | Reject:
    if isinstance(item, Reject) or len(item.text) <= MAX_ARTICLE_CHARS:
        return item
    where = f"{item.source_path}:record {item.record_key}" if item.record_key else item.source_path
    return Reject(where, f"article is {len(item.text):,} characters, over the {MAX_ARTICLE_CHARS:,} limit "
                         "for one article: split it into one file per article")
