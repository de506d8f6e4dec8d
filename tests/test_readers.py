import codecs
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

from transforms.readers import Article, Reject, parse_date, read_bytes, read_file

HTML = """<!doctype html><html><head><title>Quake hits Chile | Example News</title>
<meta property="og:title" content="Quake hits Chile">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Quake hits Chile</h1>
<p>A strong earthquake struck central Chile on Tuesday, damaging buildings in Santiago and Valparaiso.</p>
<p>"We are assessing the damage," Interior Minister Carolina Toha told reporters in the capital.</p>
<p>Officials said there was no tsunami threat for the Pacific coast of South America.</p>
</article><footer>Copyright Example News. Subscribe to our newsletter.</footer></body></html>"""


def _one(results) -> Article:
    assert len(results) == 1 and isinstance(results[0], Article), results
    return results[0]


def test_plain_text_with_title(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Quake hits Chile\n\nA strong earthquake struck.\n\nOfficials said more.", encoding="utf-8")
    a = _one(read_file(str(p)))
    assert a.title == "Quake hits Chile"
    assert a.text == "A strong earthquake struck.\n\nOfficials said more."
    assert a.format == "text" and a.word_count == 7 and len(a.content_sha256) == 64


def test_markdown_is_text(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("No title here, just a long first sentence that ends properly.\n\nSecond.", encoding="utf-8")
    a = _one(read_file(str(p)))
    assert a.title is None and a.format == "text"


def test_json_object_and_list(tmp_path):
    p = tmp_path / "one.json"
    p.write_text(json.dumps({"headline": "H", "body": "Body text.", "date": "2019-01-04", "url": "http://x/1",
                             "source": {"name": "Example"}}), encoding="utf-8")
    a = _one(read_file(str(p)))
    assert (a.title, a.text, a.url, a.source) == ("H", "Body text.", "http://x/1", "Example")
    assert a.published_at.isoformat() == "2019-01-04T00:00:00+00:00"
    p2 = tmp_path / "many.json"
    p2.write_text(json.dumps({"articles": [{"text": "First."}, {"content": "Second."}, {"title": "no text"}]}))
    out = read_file(str(p2))
    assert [type(x) for x in out] == [Article, Article, Reject]
    assert "no text" in out[2].reason and out[2].source_path.endswith("many.json:record 2")
    assert out[0].article_id != out[1].article_id


def test_jsonl_malformed_line_keeps_good_lines(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text('{"id": "a1", "text": "Good one."}\n{"text": broken\n\n{"id": "a3", "text": "Good three."}\n',
                 encoding="utf-8")
    out = read_file(str(p))
    good = [x for x in out if isinstance(x, Article)]
    bad = [x for x in out if isinstance(x, Reject)]
    assert [a.text for a in good] == ["Good one.", "Good three."]
    assert [a.record_key for a in good] == ["a1", "a3"]
    assert len(bad) == 1 and bad[0].source_path.endswith("feed.jsonl:2") and "line 2" in bad[0].reason
    assert "column 10)" in bad[0].reason  # where on the line, not a message cut off ("Expecting value")


def test_jsonl_lines_end_at_newlines_only(tmp_path):
    """JSON strings may hold a raw U+2028 or U+0085 (and, leniently read, a raw form feed);
    str.splitlines() took them for line ends and rejected the record as malformed lines."""
    p = tmp_path / "feed.jsonl"
    p.write_text('{"text": "One\u2028two\x0cthree\x85four."}\r\n{"id": "b", "text": "Next."}\n', encoding="utf-8")
    out = read_file(str(p))
    assert all(isinstance(x, Article) for x in out) and len(out) == 2
    assert out[1].record_key == "b" and out[0].record_key == "line 1"


def test_html_main_text_title_and_date(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    a = _one(read_file(str(p)))
    assert a.title == "Quake hits Chile"
    assert "strong earthquake struck central Chile" in a.text
    assert "Subscribe" not in a.text and "Home" not in a.text
    assert a.published_at is not None and a.published_at.year == 2024


def test_html_without_article_is_rejected(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (r,) = read_file(str(p))
    assert isinstance(r, Reject) and "no article text" in r.reason


def test_rejects_have_reasons(tmp_path):
    cases = {
        "empty.txt": b"",
        "blank.txt": b"\n\n   \n",
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(256),
        "doc.pdf": b"%PDF-1.4 whatever",
        "bad.json": b'{"text": ',
        "dots.txt": "...\n\n!!! --- ?\n\n\u2026 \u00bb\n".encode(),  # became an article of no words
        "dots.json": b'{"text": "* * *"}',
    }
    reasons = {}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        (r,) = read_file(str(tmp_path / name))
        assert isinstance(r, Reject), name
        reasons[name] = r.reason
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"
    assert "binary" in reasons["image.txt"]
    assert "unsupported file type '.pdf'" in reasons["doc.pdf"]
    assert "invalid JSON" in reasons["bad.json"]
    assert reasons["dots.txt"] == reasons["dots.json"] == "text has no words, only punctuation or symbols"


def test_missing_and_unreadable_files(tmp_path):
    (r,) = read_file(str(tmp_path / "gone.txt"))
    assert "disappeared" in r.reason
    p = tmp_path / "secret.txt"
    p.write_text("text")
    p.chmod(0)
    # root reads anything: run the reader without the capabilities that bypass file permissions
    code = f"from transforms.readers import read_file; print(read_file({str(p)!r})[0].reason)"
    cmd = [sys.executable, "-c", code]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    if out.returncode != 0 and out.stderr.startswith("setpriv:"):
        pytest.skip(f"cannot drop capabilities here: {out.stderr.strip()}")
    assert out.stdout.startswith("cannot read file: Permission denied"), out.stderr


def test_huge_text_file_rejected_without_reading(tmp_path):
    p = tmp_path / "dump.txt"
    with open(p, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (r,) = read_file(str(p))
    assert "50 MB" in r.reason and "split" in r.reason


def test_same_path_same_id_and_encodings(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Caf\u00e9 owners in Montr\u00e9al said business was good.".encode("cp1252"))
    a = _one(read_file(str(p)))
    assert a.text.startswith("Caf\u00e9") and a.encoding != "utf-8"
    assert _one(read_file(str(p))).article_id == a.article_id
    b = _one(read_bytes(str(tmp_path / "u16.txt"), "\ufeffHello there, world.".encode("utf-16")))
    assert b.text == "Hello there, world." and b.encoding == "utf-16"


def test_parse_date_formats():
    assert parse_date("2019-01-04T10:00:00+01:00").isoformat() == "2019-01-04T09:00:00+00:00"
    assert parse_date("Fri, 04 Jan 2019 10:00:00 GMT").day == 4
    assert parse_date("4 January 2019").month == 1
    assert parse_date(1546596000).year == 2019
    assert parse_date("not a date") is None and parse_date("") is None


def test_repeated_record_id_is_rejected_not_duplicated(tmp_path):
    p = tmp_path / "dup.jsonl"
    p.write_text('{"id": "x", "text": "First."}\n{"id": "x", "text": "Second."}\n', encoding="utf-8")
    out = read_file(str(p))
    assert [type(o) for o in out] == [Article, Reject] and "duplicate record id 'x'" in out[1].reason


def test_article_over_the_character_limit_is_rejected(tmp_path):
    from transforms.readers import MAX_ARTICLE_CHARS

    p = tmp_path / "book.txt"
    p.write_text("word " * (MAX_ARTICLE_CHARS // 5 + 10), encoding="utf-8")  # one line, well under 20 MB
    (r,) = read_file(str(p))
    assert isinstance(r, Reject) and "characters" in r.reason and "split" in r.reason


def _rec(i, text="Mayor Ann Lee said the bridge would open."):
    return json.dumps({"id": f"r{i}", "text": f"{text} ({i})"}, ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("name, data", [
    ("plain", b"\n".join(_rec(i) for i in range(40)) + b"\n"),
    ("crlf, no final newline", b"\r\n".join(_rec(i) for i in range(40))),
    ("bom at the start", codecs.BOM_UTF8 + b"\n".join(_rec(i) for i in range(40))),
    ("cp1252 in one line", b"\n".join(_rec(i) for i in range(39)) + b'\n{"id": "c", "text": "Caf\xe9 owner Jos\xe9 spoke."}\n'),
    ("bom in the middle (two files joined)", b"\n".join(_rec(i) for i in range(20)) + b"\n" + codecs.BOM_UTF8
     + b"\n".join(_rec(i) for i in range(20, 40))),
    ("control bytes late in the file", b"\n".join(_rec(i) for i in range(39)) + b'\n{"id": "x", "text": "a'
     + b"\x01" * 600 + b'"}\n'),
    ("old Mac line ends", b"\r".join(_rec(i) for i in range(40))),
])
def test_jsonl_pieces_read_as_the_whole_file(tmp_path, name, data):
    """Whatever the bytes, the pieces a plan cuts read as the whole file: the same articles with
    the same encoding, the same rejects (a file that can't be read the same way is not cut)."""
    from transforms.discover import sha256_and_pieces

    p = tmp_path / "feed.jsonl"
    p.write_bytes(data)
    pieces = sha256_and_pieces(str(p), 300)[1]
    split = [x for part in (pieces if len(pieces) > 1 else [None]) for x in read_file(str(p), part)]
    assert split == read_file(str(p)), name
    if name in ("plain", "crlf, no final newline", "bom at the start"):
        assert len(pieces) > 3  # these are cut
