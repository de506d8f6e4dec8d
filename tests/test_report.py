"""The HTML report: built from a real warehouse (the real pipeline on real files), opened in
headless Chromium, and checked for drawn charts, no script errors and escaped article text.

The page writes what it drew into `#render-status` (and `data-marks` on each chart); the test
reads Chromium's dumped DOM and also counts the drawn SVG marks itself.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import polars as pl
import pytest

from conftest import SEED, ingest_without_prefect, table
from transforms.report import (build_report, entities_section, mentions_over_time_section, quotes_section,
                               rejects_section, runs_section, script_json, speakers_section, stance_section,
                               write_report)

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")

XSS_TITLE = "</script><script>alert(1)</script>"
XSS_SOURCE = '<img id="xss-source" src="x" onerror="document.title=\'pwned\'">'
XSS_FILE = 'bad<b id="xss-path">.json'
PLOTLY_MARKUP = "<b>Shadow</b> & <i>Co</i>"  # Plotly would draw these tags as bold and italic

ARTICLES_1 = [
    {"id": "a1", "title": XSS_TITLE, "source": XSS_SOURCE, "published": "2024-03-01T09:00:00Z",
     "text": '"We will rebuild the harbour before winter," said Maria Lopez, the mayor of Springfield.\n\n'
             "Maria Lopez met officials from the Port Authority on Friday. The Port Authority said it "
             "would pay for half of the work."},
    {"id": "a2", "title": "Harbour plan wins council vote", "source": "Springfield Gazette",
     "published": "2024-03-05T12:00:00Z",
     "text": 'The city council approved the harbour plan on Tuesday. "This is a good day for Springfield," '
             "Maria Lopez told reporters. Council member John Park said the budget was too optimistic."},
]
ARTICLES_2 = [
    {"id": "b1", "title": "Port Authority signs contract", "source": "Springfield Gazette",
     "published": "2024-03-09T08:30:00Z",
     "text": 'The Port Authority signed the harbour contract on Saturday. "Work starts on Monday," said '
             "Maria Lopez. John Park said he would keep watching the costs. The harbour court decided the "
             "contract was valid."},
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """Two runs of the real pipeline: the seed and dated JSON articles, then more plus a bad file."""
    root = tmp_path_factory.mktemp("report")
    news, data = root / "news", root / "data"
    news.mkdir()
    shutil.copy(SEED, news / SEED.name)
    (news / "harbour.json").write_text(json.dumps({"articles": ARTICLES_1}), encoding="utf-8")
    ingest_without_prefect([news], data)
    (news / "contract.json").write_text(json.dumps(ARTICLES_2), encoding="utf-8")
    (news / XSS_FILE).write_text("{not json", encoding="utf-8")
    ingest_without_prefect([news], data)
    return data


@pytest.fixture(scope="module")
def data_dir_with_stances(data_dir, tmp_path_factory) -> Path:
    """A copy of the warehouse whose stances are synthetic: known names (some hostile) in every role."""
    other = tmp_path_factory.mktemp("report-stances")
    shutil.copy(data_dir / "warehouse.duckdb", other / "warehouse.duckdb")
    con = duckdb.connect(str(other / "warehouse.duckdb"))
    try:
        quotes = con.sql("SELECT quote_id, article_id, coalesce(speaker, 'author') FROM quotes "
                         "ORDER BY quote_id").fetchall()
        targets = ["Port Authority", PLOTLY_MARKUP, "NATO", XSS_TITLE]
        rows = []
        for i, (quote_id, article_id, speaker) in enumerate(quotes[:12]):
            for j, target in enumerate(targets[: 1 + i % 4]):
                score = ((i * 7 + j * 5) % 21 - 10) / 10
                polarity = "positive" if score > 0.2 else "negative" if score < -0.2 else "neutral"
                holder = XSS_SOURCE if i == 0 else speaker
                rows.append((f"s{i}-{j}", article_id, quote_id, holder, target, polarity, score))
        con.execute("DELETE FROM stances")
        con.executemany("INSERT INTO stances (stance_id, article_id, quote_id, holder, target, polarity, score) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    finally:
        con.close()
    return other


# ---------------------------------------------------------------- the browser

def dump_dom(html_file: Path, profile: Path, fragment: str = "") -> str:
    """The DOM after the page's scripts ran, as headless Chromium serialises it."""
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom",
         html_file.resolve().as_uri() + fragment],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "</html>" in result.stdout, result.stderr[-2000:]
    return result.stdout


class Dom(HTMLParser):
    """Just enough of the dumped DOM: the status element, each chart's SVGs and drawn marks,
    the injected elements (by id) and every <script>'s text."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.ids: dict[str, tuple[str, dict]] = {}
        self.charts: dict[str, dict] = {}
        self.scripts: list[str] = []
        self.table_text: list[str] = []
        self.quote_rows: list[dict] = []  # attributes of each row of the quotes table
        self.quote_count = ""
        self.feed(text)
        self.close()

    def _chart(self):
        for tag, attrs in reversed(self.stack):
            if tag == "div" and "chart" in attrs.get("class", "").split():
                return self.charts[attrs["id"]]
        return None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if "id" in attrs:
            self.ids[attrs["id"]] = (tag, attrs)
        if tag == "div" and "chart" in attrs.get("class", "").split():
            self.charts[attrs["id"]] = {"attrs": attrs, "main_svg": 0, "marks": 0, "text": []}
        chart = self._chart()
        if chart is not None:
            if tag == "svg" and "main-svg" in attrs.get("class", ""):
                chart["main_svg"] += 1
            in_trace = any(t == "g" and ({"trace", "hm"} & set(a.get("class", "").split())) for t, a in self.stack)
            if tag in ("path", "image") and in_trace:
                chart["marks"] += 1
        if tag == "script":
            self.scripts.append("")
        if tag == "tr" and any(t == "tbody" for t, _ in self.stack) and self._in("quotes-table"):
            self.quote_rows.append(attrs)
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        chart = self._chart()
        if chart is not None:
            chart["text"].append(data)
        if self.stack and self.stack[-1][0] == "script":
            self.scripts[-1] += data
        if self._in("quotes-table"):
            self.table_text.append(data)
        if self._in("quote-count"):
            self.quote_count += data

    def _in(self, element_id: str) -> bool:
        return any(a.get("id") == element_id for _, a in self.stack)


def render(data_dir: Path, tmp_path: Path, fragment: str = "") -> tuple[str, Dom]:
    out = write_report(data_dir, tmp_path / "out" / "report.html")
    html = out.read_text(encoding="utf-8")
    for raw in (XSS_TITLE, XSS_SOURCE, XSS_FILE, "<script>alert(1)"):  # before a browser could block on alert()
        assert raw not in html, f"unescaped article text in the page: {raw}"
    return html, Dom(dump_dom(out, tmp_path / "chromium-profile", fragment))


def assert_all_charts_drawn(dom: Dom, expected: set[str]) -> None:
    tag, status = dom.ids["render-status"]
    assert status.get("data-state") == "done", status
    assert status.get("data-errors") == "0", f"script errors in the page: {status}"
    assert set(dom.charts) == expected
    assert int(status["data-charts"]) == int(status["data-expected"]) == len(expected), status
    for chart_id, chart in dom.charts.items():
        assert chart["main_svg"] >= 1, f"{chart_id}: no .main-svg"
        assert chart["marks"] > 0, f"{chart_id}: nothing drawn in its traces"
        assert int(chart["attrs"]["data-marks"]) > 0, chart_id


# ---------------------------------------------------------------- tests

@pytest.fixture(scope="module")
def rendered(data_dir, tmp_path_factory) -> tuple[str, Dom]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return render(data_dir, tmp_path_factory.mktemp("rendered"))  # checks the page source too


def test_report_draws_every_chart_without_script_errors(data_dir, rendered):
    html, dom = rendered
    has_stances = table(data_dir, "SELECT count(*) FROM stances")[0][0] > 0  # once the stance model is in
    assert_all_charts_drawn(dom, {"chart-runs", "chart-entities", "chart-mentions", "chart-speakers"}
                            | ({"chart-stance"} if has_stances else set()))
    assert ("No stance data yet" in html) is not has_stances
    assert "No rejected inputs" not in html


def test_article_text_cannot_inject_markup_or_script(rendered):
    html, dom = rendered
    assert not any(s.strip() == "alert(1)" for s in dom.scripts), "the title's script became a script element"
    assert not {"xss-source", "xss-path"} & set(dom.ids), "article text became elements"
    table_text = "".join(dom.table_text)
    assert XSS_TITLE in table_text and XSS_SOURCE in table_text  # shown as text, literally
    tag, status = dom.ids["render-status"]
    assert status.get("data-errors") == "0", status


@needs_chromium
def test_quote_filter_hides_rows_that_do_not_match(data_dir, tmp_path):
    html, dom = render(data_dir, tmp_path, fragment="#q=harbour%20before%20winter")
    hidden = [r for r in dom.quote_rows if "display: none" in r.get("style", "")]
    assert len(dom.quote_rows) > 2 and len(hidden) == len(dom.quote_rows) - 1
    assert dom.quote_count == f"1 of {len(dom.quote_rows)} shown"
    assert dom.ids["render-status"][1].get("data-errors") == "0"


@needs_chromium
def test_stance_matrix_draws_with_stance_rows(data_dir_with_stances, tmp_path):
    html, dom = render(data_dir_with_stances, tmp_path)
    assert_all_charts_drawn(dom, {"chart-runs", "chart-entities", "chart-mentions", "chart-speakers",
                                  "chart-stance"})
    assert "No stance data yet" not in html
    assert not {"xss-source", "xss-path"} & set(dom.ids)
    labels = "".join(dom.charts["chart-stance"]["text"])
    for name in (XSS_SOURCE, XSS_TITLE, PLOTLY_MARKUP):  # holders and targets shown literally on the axes
        assert name in labels, name
    assert 'class="stance ' in html  # stance chips in the quotes table


def test_report_is_self_contained(data_dir):
    html = build_report(data_dir)
    assert html.count("<script") == 4  # error hook, plotly.js, figures JSON, render
    for external in ("<script src", "<link", "<iframe", "@import", 'src="http', "src='http"):
        assert external not in html
    assert html.count("Plotly.newPlot") >= 1 and "plotly.js" in html.lower()


def test_runs_and_rejects_sections(data_dir):
    html = build_report(data_dir)
    assert "2 runs" in html
    assert "bad&lt;b id=&quot;xss-path&quot;&gt;.json" in html  # the rejected file, escaped


def test_stance_section_from_frames():
    empty = pl.DataFrame(schema={"holder": pl.String, "target": pl.String, "evidence": pl.Int64,
                                 "positive": pl.Int64, "neutral": pl.Int64, "negative": pl.Int64,
                                 "mean_score": pl.Float64})
    section = stance_section(empty)
    assert "No stance data yet" in section.html and not section.figures

    matrix = pl.DataFrame({"holder": ["Lavrov", "Lavrov", XSS_TITLE], "target": ["NATO", "Kabul", "NATO"],
                           "evidence": [5, 2, 1], "positive": [0, 2, 1], "neutral": [1, 0, 0],
                           "negative": [4, 0, 0], "mean_score": [-0.7, 0.5, 0.9]})
    section = stance_section(matrix)
    heatmap = section.figures["chart-stance"].data[0]
    assert heatmap.type == "heatmap" and (heatmap.zmin, heatmap.zmid, heatmap.zmax) == (-1, 0, 1)
    assert list(heatmap.y) == ["Lavrov", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"]  # for Plotly
    assert list(heatmap.x) == ["NATO", "Kabul"]
    assert [list(r) for r in heatmap.z] == [[-0.7, 0.5], [0.9, None]]
    assert heatmap.colorscale[0][1] != heatmap.colorscale[-1][1]  # diverging: red for against, blue for for
    assert "customdata[1]" in heatmap.hovertemplate  # counts on hover


def test_sections_say_so_when_empty():
    none = pl.DataFrame()
    assert "No runs" in runs_section(none).html
    assert "No named entities" in entities_section(none).html
    assert "No entity mentions" in mentions_over_time_section(none).html
    assert "No attributed quotes" in speakers_section(none).html
    assert "No quotes yet" in quotes_section(none, 0).html
    assert "No rejected inputs" in rejects_section(none).html


def test_quotes_table_caps_and_escapes():
    quotes = pl.DataFrame({"speaker": [XSS_TITLE], "kind": ["direct"], "cue": ["said"], "text": ['"<b>hi</b>"'],
                           "title": [None], "source": [None], "source_path": ["/news/a&b.txt"], "published": [None],
                           "stances": [[{"target": "NATO", "polarity": "negative", "score": -0.5}]]})
    section = quotes_section(quotes, 5000)
    assert "The newest 1 of 5,000 quotes" in section.html
    assert "&lt;/script&gt;" in section.html and "&quot;&lt;b&gt;hi&lt;/b&gt;&quot;" in section.html
    assert "a&amp;b.txt" in section.html and XSS_TITLE not in section.html
    assert 'class="stance negative"' in section.html


def test_script_json_cannot_close_the_script_element():
    text = script_json({"name": XSS_TITLE, "amp": "a & b", "sep": "\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": XSS_TITLE, "amp": "a & b", "sep": "\u2028"}


def test_most_quoted_speakers_count_speech_not_acts(data_dir):
    from transforms.report import query_top_speakers
    from transforms.warehouse import connect_read_only

    con = connect_read_only(data_dir)
    try:
        top = {r["speaker"]: r["quotes"] for r in query_top_speakers(con).iter_rows(named=True)}
        speech = dict(con.sql("SELECT coalesce(e.name, q.speaker), count(*) FROM quotes q LEFT JOIN entities e "
                              "ON e.entity_id = q.speaker_entity_id WHERE q.cue_class = 'speech' GROUP BY 1").fetchall())
        acts_only = {s for (s,) in con.sql(
            "SELECT q.speaker FROM quotes q GROUP BY 1 HAVING bool_and(q.cue_class = 'other')").fetchall()}
    finally:
        con.close()
    assert top and all(top[s] == speech[s] for s in top)
    assert acts_only and not acts_only & set(top)  # "The harbour court decided [the contract was valid]"
