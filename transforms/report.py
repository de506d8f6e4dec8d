"""`newsflow report`: one self-contained HTML page (works offline) about a warehouse.

Sections: run history, top entities and their mentions over time, most-quoted speakers, the
stance matrix, a searchable quotes table and the rejects. Each section is one query (returning a
Polars frame) and one pure render function (frame -> HTML + Plotly figures), so a section can be
rendered from synthetic frames in tests.

Safety: every piece of text from the data is HTML-escaped, in the tables and in the charts
(Plotly reads a subset of HTML in labels, so names are escaped before they reach a figure too:
`chart_text`).
The figures travel as JSON in a <script type="application/json"> whose `<`, `>` and `&` are
written as \\u003c, \\u003e and \\u0026, so no string in it can close the script element.

The page's own script records what happened in `#render-status` (charts drawn, script errors),
which is what the browser test reads.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from transforms.summary import top_speakers_sql
from transforms.warehouse import connect_read_only

QUOTES_CAP = 2000
TOP_ENTITIES = 15
ENTITIES_OVER_TIME = 8
TOP_SPEAKERS = 15
STANCE_AXIS_CAP = 20
RUNS_CHARTED = 60
# Numeric and temporal NER labels are not "who or what is in the news".
NOT_NAMED = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT")

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
COLORWAY = ["#3b6ea8", "#e08a3c", "#5a9e6f", "#c2524a", "#8a6bb0", "#8c7a5b", "#d17fb3", "#7f7f7f",
            "#b5b347", "#4aa8b8"]
KIND_COLORS = {"direct": "#2f5d8f", "mixed": "#6f9bc8", "indirect": "#b9cfe6"}
STANCE_SCALE = [[0.0, "#b2182b"], [0.25, "#ef8a62"], [0.5, "#f7f7f7"], [0.75, "#67a9cf"], [1.0, "#2166ac"]]


def esc(value) -> str:
    """HTML-escaped text of a value ('' for None)."""
    return "" if value is None else html.escape(str(value), quote=True)


def chart_text(value) -> str:
    """Text for a Plotly label: Plotly reads <b>, <a href> ... in labels and decodes only &amp; &lt; &gt;
    (not &quot;), so escape exactly those."""
    return "" if value is None else html.escape(str(value), quote=False)


@dataclass
class Section:
    id: str
    title: str
    html: str
    figures: dict[str, go.Figure] = field(default_factory=dict)
    half: bool = False  # shown beside the next half section on a wide screen


# ---------------------------------------------------------------- queries (one per question)

def query_summary(con) -> dict:
    row = con.sql("""
        SELECT (SELECT count(*) FROM articles)         AS articles,
               (SELECT count(*) FROM entity_mentions)  AS mentions,
               (SELECT count(*) FROM entities)         AS entities,
               (SELECT count(*) FROM quotes)           AS quotes,
               (SELECT count(*) FROM stances)          AS stances,
               (SELECT count(*) FROM rejects)          AS rejects,
               (SELECT count(*) FROM runs)             AS runs,
               (SELECT strftime(max(finished_at), '%Y-%m-%d %H:%M UTC') FROM runs) AS last_run
    """).pl()
    return row.row(0, named=True)


def query_runs(con) -> pl.DataFrame:
    """Every run, oldest first, with its duration."""
    return con.sql("""
        SELECT run_id, strftime(started_at, '%Y-%m-%d %H:%M:%S') AS started,
               strftime(started_at, '%Y-%m-%d<br>%H:%M:%S') AS started_label,
               files_seen, files_new, files_skipped, files_rejected, articles_written,
               round(epoch(finished_at) - epoch(started_at), 1) AS duration_s, model, pipeline_version
        FROM runs ORDER BY started_at
    """).pl()


def query_top_entities(con) -> pl.DataFrame:
    """The most-mentioned named entities (two entities of one name are told apart by label)."""
    return con.sql(f"""
        WITH top AS (
            SELECT entity_id, name, label, mention_count, article_count
            FROM entities WHERE label NOT IN {NOT_NAMED}
            ORDER BY mention_count DESC, article_count DESC, name LIMIT {TOP_ENTITIES}
        )
        SELECT entity_id, label, mention_count, article_count,
               CASE WHEN count(*) OVER (PARTITION BY name) > 1 THEN name || ' (' || label || ')' ELSE name END AS name
        FROM top ORDER BY mention_count DESC, article_count DESC, name
    """).pl()


def query_entity_mentions_over_time(con) -> pl.DataFrame:
    """Mentions per day of the top entities, by publication day (`dated`), and by the day of the
    run that ingested the article for articles without a date."""
    return con.sql(f"""
        WITH top AS (
            SELECT entity_id, name FROM entities WHERE label NOT IN {NOT_NAMED}
            ORDER BY mention_count DESC, article_count DESC, name LIMIT {ENTITIES_OVER_TIME}
        ), article_day AS (
            SELECT a.article_id, a.published_at IS NOT NULL AS dated,
                   CAST(coalesce(a.published_at, r.started_at) AS DATE) AS day
            FROM articles a LEFT JOIN runs r USING (run_id)
        )
        SELECT d.day, d.dated, t.entity_id, t.name, count(*) AS mentions
        FROM entity_mentions m JOIN top t USING (entity_id) JOIN article_day d USING (article_id)
        WHERE d.day IS NOT NULL
        GROUP BY ALL ORDER BY d.day
    """).pl()


def query_top_speakers(con) -> pl.DataFrame:
    """Who is quoted most (speech cues), by kind of quote."""
    return con.sql(top_speakers_sql(TOP_SPEAKERS)).pl()


def query_stance_matrix(con) -> pl.DataFrame:
    """Holder x target pairs among the holders and targets with the most evidence."""
    return con.sql(f"""
        WITH holders AS (SELECT holder FROM stance_matrix GROUP BY holder
                         ORDER BY sum(evidence) DESC, holder LIMIT {STANCE_AXIS_CAP}),
             targets AS (SELECT target FROM stance_matrix GROUP BY target
                         ORDER BY sum(evidence) DESC, target LIMIT {STANCE_AXIS_CAP})
        SELECT holder, target, sum(evidence) AS evidence, sum(positive) AS positive,
               sum(neutral) AS neutral, sum(negative) AS negative,
               sum(mean_score * evidence) / sum(evidence) AS mean_score
        FROM stance_matrix JOIN holders USING (holder) JOIN targets USING (target)
        GROUP BY holder, target
    """).pl()


def query_quotes(con) -> tuple[pl.DataFrame, int]:
    """The newest quotes (by publication time; undated articles after, by run) with article and stances."""
    total = con.sql("SELECT count(*) FROM quotes").fetchall()[0][0]
    frame = con.sql(f"""
        WITH quote_stances AS (
            SELECT quote_id, list({{'target': target, 'polarity': polarity, 'score': score}}
                                  ORDER BY abs(score) DESC, target) AS stances
            FROM stances WHERE quote_id IS NOT NULL GROUP BY quote_id
        )
        SELECT q.speaker, q.kind, q.cue, q.text, a.title, a.source, a.source_path,
               strftime(a.published_at, '%Y-%m-%d') AS published, s.stances
        FROM quotes q JOIN articles a USING (article_id)
        LEFT JOIN runs r ON r.run_id = a.run_id
        LEFT JOIN quote_stances s USING (quote_id)
        ORDER BY a.published_at DESC NULLS LAST, r.started_at DESC NULLS LAST, a.article_id, q.start_char
        LIMIT {QUOTES_CAP}
    """).pl()
    return frame, total


def query_rejects(con) -> pl.DataFrame:
    return con.sql("""
        SELECT x.source_path, x.reason, x.run_id, strftime(r.started_at, '%Y-%m-%d %H:%M') AS started
        FROM rejects x LEFT JOIN runs r USING (run_id)
        ORDER BY r.started_at DESC NULLS LAST, x.source_path
    """).pl()


# ---------------------------------------------------------------- rendering helpers

def note(text: str) -> str:
    return f'<p class="note">{esc(text)}</p>'


def chart(chart_id: str) -> str:
    return f'<div class="chart" id="{esc(chart_id)}"></div>'


def table(headers: list[str], rows: list[list[str]], attrs: str = "") -> str:
    """An HTML table; `rows` hold cells that are already HTML (escape them first)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{attrs}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def num(n) -> str:
    return "" if n is None else f"{n:,}"


def layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    fig.update_layout(template="plotly_white", height=height, colorway=COLORWAY,
                      font=dict(family=FONT, size=12, color="#333"),
                      margin=dict(l=10, r=10, t=30, b=10),
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
                      hoverlabel=dict(font_family=FONT), **kwargs)
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


# ---------------------------------------------------------------- sections

def runs_section(runs: pl.DataFrame) -> Section:
    if runs.is_empty():
        return Section("runs", "Run history", note("No runs recorded yet."))
    charted = runs.tail(RUNS_CHARTED)
    starts = charted["started_label"].to_list()  # one category per run: runs are events, evenly spaced
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.1)
    for column, name in [("files_seen", "files seen"), ("files_new", "new or changed"),
                         ("files_rejected", "rejected"), ("articles_written", "articles written")]:
        fig.add_trace(go.Bar(x=starts, y=charted[column].to_list(), name=name,
                             hovertemplate="%{y:,} " + name + "<extra>%{x}</extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=starts, y=charted["duration_s"].to_list(), name="duration (s)", mode="lines+markers",
                             line_color="#7b8794", hovertemplate="%{y:.1f} s<extra>%{x}</extra>"), row=2, col=1)
    layout(fig, 320, barmode="group", bargap=0.35)
    # At least 12 slots wide, so a first run is a slim group at the left, not a wall of colour.
    fig.update_xaxes(type="category", range=[-0.5, max(charted.height, 12) - 0.5], tickangle=0)
    fig.update_yaxes(title_text="files / articles", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="seconds", rangemode="tozero", row=2, col=1)
    recent = runs.reverse().head(10)
    rows = [[esc(r["started"]), f'<code>{esc(r["run_id"])}</code>', num(r["files_seen"]), num(r["files_new"]),
             num(r["files_skipped"]), num(r["files_rejected"]), num(r["articles_written"]),
             f'{r["duration_s"]:.1f} s', esc(r["model"])] for r in recent.iter_rows(named=True)]
    which = (plural(runs.height, "run") if charted.height == runs.height
             else f"the last {charted.height:,} of {runs.height:,} runs")
    caption = f"Files and articles per run and how long each run took: {which}, by start time (UTC)."
    body = (note(caption) + chart("chart-runs")
            + "<h3>Recent runs</h3>"
            + table(["started (UTC)", "run", "seen", "new", "unchanged", "rejected", "articles", "duration", "model"],
                    rows, ' class="data numeric"'))
    return Section("runs", "Run history", body, {"chart-runs": fig})


def entities_section(top: pl.DataFrame) -> Section:
    title = "Top entities"
    if top.is_empty():
        return Section("entities", title, note("No named entities yet."), half=True)
    fig = go.Figure()
    for label in top["label"].unique(maintain_order=True).to_list():
        part = top.filter(pl.col("label") == label)
        fig.add_trace(go.Bar(
            y=[chart_text(n) for n in part["name"]], x=part["mention_count"].to_list(), name=chart_text(label),
            orientation="h", customdata=part["article_count"].to_list(),
            hovertemplate="%{y}: %{x:,} mentions in %{customdata:,} articles<extra>" + chart_text(label) + "</extra>"))
    layout(fig, 120 + 24 * top.height)
    fig.update_yaxes(categoryorder="array", categoryarray=[chart_text(n) for n in top["name"]][::-1], type="category")
    fig.update_xaxes(title_text="mentions")
    body = note(f"The {top.height} most-mentioned named entities, by label "
                "(dates and numbers left out).") + chart("chart-entities")
    return Section("entities", title, body, {"chart-entities": fig}, half=True)


def time_bucket(days: pl.Series) -> tuple[str, str]:
    """A Polars truncation step and its name that give a readable number of bars for the span."""
    span = (days.max() - days.min()).days if days.len() else 0
    return ("1d", "day") if span <= 90 else ("1w", "week") if span <= 2 * 365 else ("1mo", "month")


def mentions_over_time_section(over_time: pl.DataFrame) -> Section:
    title = "Mentions over time"
    if over_time.is_empty():
        return Section("mentions", title, note("No entity mentions yet."))
    dated = over_time.filter(pl.col("dated"))
    undated = over_time["mentions"].sum() - dated["mentions"].sum()
    if dated.is_empty():
        counted, when = over_time, "by the day of the run that ingested them (no article has a publication date)"
    else:
        counted, when = dated, "by publication date" + (
            f"; {undated:,} mentions in articles without a date are left out" if undated else "")
    every, unit = time_bucket(counted["day"])
    counted = (counted.with_columns(pl.col("day").dt.truncate(every))
               .group_by("day", "entity_id", "name").agg(pl.col("mentions").sum()).sort("day"))
    totals = counted.group_by("entity_id").agg(pl.col("mentions").sum()).sort("mentions", descending=True)
    fig = go.Figure()
    for entity_id in totals["entity_id"]:
        part = counted.filter(pl.col("entity_id") == entity_id)
        fig.add_trace(go.Bar(x=[d.isoformat() for d in part["day"]], y=part["mentions"].to_list(),
                             name=chart_text(part["name"][0]),
                             hovertemplate=f"{unit} of %{{x}}: %{{y:,}} mentions"))
    layout(fig, 320, barmode="stack", bargap=0.15, legend_traceorder="normal")
    if counted["day"].n_unique() == 1:  # a date axis would zoom in to hours around one bar
        fig.update_xaxes(type="category", range=[-3, 3])
    else:
        fig.update_xaxes(type="date")
    fig.update_yaxes(title_text=f"mentions per {unit}")
    caption = f"Mentions of the {totals.height} most-mentioned entities per {unit}, {when}."
    return Section("mentions", title, note(caption) + chart("chart-mentions"), {"chart-mentions": fig})


def speakers_section(speakers: pl.DataFrame) -> Section:
    if speakers.is_empty():
        return Section("speakers", "Most-quoted speakers", note("No attributed quotes yet."), half=True)
    names = [chart_text(s) for s in speakers["speaker"]]
    fig = go.Figure()
    for kind in ("direct", "mixed", "indirect"):
        fig.add_trace(go.Bar(y=names, x=speakers[kind].to_list(), name=kind, orientation="h",
                             marker_color=KIND_COLORS[kind],
                             hovertemplate="%{y}: %{x:,} " + kind + "<extra></extra>"))
    layout(fig, 120 + 24 * speakers.height, barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(categoryorder="array", categoryarray=names[::-1], type="category")
    fig.update_xaxes(title_text="quotes")
    body = note(f"The {speakers.height} speakers with the most quotes (speech, not beliefs or acts): direct "
                "(in quote marks), mixed (quoted fragment in reported speech), indirect.") + chart("chart-speakers")
    return Section("speakers", "Most-quoted speakers", body, {"chart-speakers": fig}, half=True)


def stance_section(matrix: pl.DataFrame) -> Section:
    title = "Stance matrix"
    if matrix.is_empty():
        return Section("stance", title, note("No stance data yet: the stances table is empty."))
    def by_evidence(column: str) -> dict[str, int]:  # most evidence first: row/column index of each name
        totals = matrix.group_by(column).agg(pl.col("evidence").sum())
        return {name: i for i, name in enumerate(totals.sort(["evidence", column], descending=[True, False])[column])}

    h_index, t_index = by_evidence("holder"), by_evidence("target")
    z = [[None] * len(t_index) for _ in h_index]
    text = [[""] * len(t_index) for _ in h_index]
    custom = [[[0, 0, 0, 0]] * len(t_index) for _ in h_index]
    for r in matrix.iter_rows(named=True):
        i, j = h_index[r["holder"]], t_index[r["target"]]
        z[i][j] = round(r["mean_score"], 3)
        text[i][j] = str(r["evidence"])
        custom[i][j] = [r["evidence"], r["positive"], r["neutral"], r["negative"]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[chart_text(t) for t in t_index], y=[chart_text(h) for h in h_index], text=text, texttemplate="%{text}",
        customdata=custom, colorscale=STANCE_SCALE, zmin=-1, zmid=0, zmax=1, xgap=2, ygap=2,
        colorbar=dict(title=dict(text="mean score", side="right"), tickvals=[-1, -0.5, 0, 0.5, 1],
                      ticktext=["−1 against", "−0.5", "0", "+0.5", "+1 for"], thickness=12),
        hovertemplate=("<b>%{y}</b> on <b>%{x}</b><br>mean score %{z:+.2f}<br>"
                       "%{customdata[0]} pieces of evidence: %{customdata[1]} positive, "
                       "%{customdata[2]} neutral, %{customdata[3]} negative<extra></extra>")))
    layout(fig, 160 + 30 * len(h_index))
    fig.update_xaxes(type="category", side="top", tickangle=-35, title_text="target", showgrid=False)
    fig.update_yaxes(type="category", autorange="reversed", title_text="holder", showgrid=False)
    body = note(f"{len(h_index)} holders × {len(t_index)} targets with the most evidence. Colour: mean stance score "
                "from −1 (against, red) to +1 (for, blue); number: pieces of evidence; hover for the breakdown."
                ) + chart("chart-stance")
    return Section("stance", title, body, {"chart-stance": fig})


def _stance_cell(stances) -> str:
    if not stances:
        return ""
    return " ".join(f'<span class="stance {esc(s["polarity"])}">{esc(s["target"])} {s["score"]:+.2f}</span>'
                    for s in stances)


def _article_cell(r) -> str:
    title = r["title"] or Path(r["source_path"]).name
    meta = " · ".join(esc(v) for v in (r["source"], r["published"]) if v)
    return (f'<div class="article"><span class="title" title="{esc(r["source_path"])}">{esc(title)}</span>'
            + (f'<br><span class="meta">{meta}</span>' if meta else "") + "</div>")


def quotes_section(quotes: pl.DataFrame, total: int) -> Section:
    if quotes.is_empty():
        return Section("quotes", "Quotes", note("No quotes yet."))
    rows = [[esc(r["speaker"]) or '<span class="meta">unattributed</span>', esc(r["kind"]), esc(r["cue"]),
             f'<span class="quote">{esc(r["text"])}</span>', _article_cell(r), _stance_cell(r["stances"])]
            for r in quotes.iter_rows(named=True)]
    shown = (f"All {total:,} quotes" if quotes.height == total else
             f"The newest {quotes.height:,} of {total:,} quotes (the rest are in the warehouse)")
    body = (note(shown + ": newest publication date first, then those in undated articles, newest run first. "
                 "The filter matches any column; a link ending in #q=words opens the page filtered.")
            + '<div class="filter"><input id="quote-filter" type="search" placeholder="Filter quotes: speaker, '
              'words, title, target…" aria-label="Filter quotes"> <span id="quote-count"></span></div>'
            + '<div class="scroll">'
            + table(["speaker", "kind", "cue", "quote", "article", "stance (target, score)"], rows,
                    ' id="quotes-table" class="data"')
            + "</div>")
    return Section("quotes", "Quotes", body)


def rejects_section(rejects: pl.DataFrame) -> Section:
    if rejects.is_empty():
        return Section("rejects", "Rejected inputs", note("No rejected inputs."))
    rows = [[f'<code>{esc(r["source_path"])}</code>', esc(r["reason"]), esc(r["started"] or r["run_id"])]
            for r in rejects.iter_rows(named=True)]
    body = note(f"{rejects.height:,} inputs could not be ingested; fix them and run again.") + table(
        ["input", "reason", "run"], rows, ' class="data"')
    return Section("rejects", "Rejected inputs", body)


def header(summary: dict, data_dir) -> str:
    tiles = "".join(f'<div class="tile"><div class="n">{num(summary[k])}</div><div class="k">{esc(k)}</div></div>'
                    for k in ("articles", "mentions", "entities", "quotes", "stances", "rejects"))
    runs = plural(summary["runs"], "run")
    last = f", last finished {esc(summary['last_run'])}" if summary["last_run"] else ""
    return (f'<header><h1>newsflow report</h1><p class="sub">{runs}{last} · '
            f'<code>{esc(Path(data_dir).resolve())}</code></p><div class="tiles">{tiles}</div></header>')


# ---------------------------------------------------------------- the page

CSS = """
:root { --fg:#222; --muted:#6b7280; --line:#e5e7eb; --bg:#f7f7f5; --card:#fff; --accent:#3b6ea8; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--fg); font:14px/1.45 %s; }
header, main { max-width:1200px; margin:0 auto; padding:0 24px; }
header { padding-top:28px; padding-bottom:8px; }
h1 { font-size:24px; margin:0 0 2px; letter-spacing:-0.01em; }
h2 { font-size:18px; margin:0 0 4px; }
h3 { font-size:15px; margin:22px 0 4px; }
.sub, .note, .meta { color:var(--muted); }
.sub { margin:0 0 16px; }
.note { margin:0 0 10px; }
code { font:12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color:#444; word-break:break-all; }
.tiles { display:grid; grid-template-columns:repeat(6, 1fr); gap:10px; }
.tile { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; }
.tile .n { font-size:22px; font-weight:600; font-variant-numeric:tabular-nums; }
.tile .k { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:0.04em; }
nav { margin:16px 0 0; font-size:13px; }
nav a { color:var(--accent); text-decoration:none; margin-right:14px; }
.pair { display:grid; grid-template-columns:minmax(0, 1fr) minmax(0, 1fr); gap:16px; margin:16px 0; }
.pair section { margin:0; }
@media (max-width: 900px) {
  .pair { grid-template-columns:minmax(0, 1fr); }
  .tiles { grid-template-columns:repeat(3, 1fr); }
}
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:18px 20px; margin:16px 0; }
table.data { border-collapse:collapse; width:100%%; font-size:13px; margin-top:8px; }
table.data th { text-align:left; font-weight:600; color:var(--muted); border-bottom:1px solid var(--line);
                padding:6px 8px; position:sticky; top:0; background:var(--card); }
table.data td { border-bottom:1px solid #f0f0f0; padding:6px 8px; vertical-align:top; }
table.numeric td { font-variant-numeric:tabular-nums; }
.scroll { max-height:640px; overflow:auto; border-top:1px solid var(--line); }
.quote { display:block; min-width:320px; max-width:560px; }
.article { min-width:180px; max-width:300px; overflow-wrap:break-word; }
.title { font-weight:500; }
.filter { margin:6px 0; }
.filter input { width:360px; max-width:100%%; padding:6px 10px; font:inherit;
                border:1px solid #cbd2d9; border-radius:6px; }
#quote-count { color:var(--muted); margin-left:8px; }
.stance { display:inline-block; border-radius:4px; padding:0 5px; margin:1px 0; font-size:12px; white-space:nowrap; }
.stance.positive { background:#dbe9f6; color:#1d4f86; }
.stance.negative { background:#f8dcd7; color:#8f2a1d; }
.stance.neutral { background:#eee; color:#555; }
#render-status.failed { display:block; background:#fdecea; color:#8f2a1d; border-radius:6px; padding:8px 12px; }
footer { max-width:1200px; margin:0 auto; padding:8px 24px 32px; color:var(--muted); font-size:12px; }
""" % FONT

# Runs first: records every script error (plotly.js's own, and any after the charts are drawn)
# in #render-status, and shows it.
ERROR_JS = """
window.__reportErrors = [];
function reportError(message) {
  window.__reportErrors.push(String(message));
  var status = document.getElementById('render-status');
  if (status) {
    status.dataset.errors = window.__reportErrors.length;
    status.className = 'failed';
    status.textContent = 'Script error: ' + window.__reportErrors.join('; ');
  }
}
window.addEventListener('error', function (e) { reportError(e.message || e); });
window.addEventListener('unhandledrejection', function (e) { reportError(e.reason); });
"""

# Draws the figures, then writes what was drawn into #render-status; wires the quote filter.
RENDER_JS = """
(function () {
  var MARKS = '.main-svg .trace path, .main-svg .trace image, .main-svg .hm image';
  var status = document.getElementById('render-status');
  function finish(drawn, total) {
    var errors = window.__reportErrors;
    status.dataset.charts = drawn; status.dataset.expected = total; status.dataset.errors = errors.length;
    status.dataset.state = 'done';
    if (errors.length || drawn < total) {
      status.className = 'failed';
      status.textContent = 'Some charts did not render (' + drawn + ' of ' + total + '): ' + errors.join('; ');
    }
  }
  try {
    var figures = JSON.parse(document.getElementById('figures').textContent);
    var ids = Object.keys(figures);
    var config = {displayModeBar: false, responsive: true};
    Promise.all(ids.map(function (id) {
      return Plotly.newPlot(id, figures[id].data, figures[id].layout, config);
    })).then(function () {
      var drawn = 0;
      ids.forEach(function (id) {
        var marks = document.getElementById(id).querySelectorAll(MARKS);
        document.getElementById(id).dataset.marks = marks.length;
        if (marks.length) { drawn += 1; }
      });
      finish(drawn, ids.length);
    }).catch(function (e) { reportError(e); finish(0, ids.length); });
  } catch (e) { reportError(e); finish(0, -1); }

  var input = document.getElementById('quote-filter');
  if (input) {
    var rows = Array.prototype.slice.call(document.querySelectorAll('#quotes-table tbody tr'));
    var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
    var count = document.getElementById('quote-count');
    var linked = /^#q=(.*)$/.exec(window.location.hash);
    if (linked) { input.value = decodeURIComponent(linked[1]); }
    var apply = function () {
      var q = input.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (r, i) {
        var hit = !q || texts[i].indexOf(q) >= 0;
        r.style.display = hit ? '' : 'none';
        if (hit) { shown += 1; }
      });
      count.textContent = shown.toLocaleString() + ' of ' + rows.length.toLocaleString() + ' shown';
    };
    input.addEventListener('input', apply);
    apply();
  }
})();
"""


def script_json(value) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' appear literally."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def sections_html(sections: list[Section]) -> str:
    """The sections in order; two consecutive half sections share a row."""
    def one(s: Section) -> str:
        return f'<section id="{s.id}"><h2>{esc(s.title)}</h2>{s.html}</section>'

    parts, i = [], 0
    while i < len(sections):
        if sections[i].half and i + 1 < len(sections) and sections[i + 1].half:
            parts.append(f'<div class="pair">{one(sections[i])}{one(sections[i + 1])}</div>')
            i += 2
        else:
            parts.append(one(sections[i]))
            i += 1
    return "".join(parts)


def page(summary: dict, data_dir, sections: list[Section]) -> str:
    figures = {fid: json.loads(fig.to_json()) for s in sections for fid, fig in s.figures.items()}
    nav = "".join(f'<a href="#{s.id}">{esc(s.title)}</a>' for s in sections)
    body = sections_html(sections)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsflow report</title>
<style>{CSS}</style>
<script>{ERROR_JS}</script>
<script>{get_plotlyjs()}</script>
</head><body>
{header(summary, data_dir)}
<main><nav>{nav}</nav>
<div id="render-status" data-state="pending" hidden></div>
{body}</main>
<footer>Generated by newsflow from the warehouse's tables and views; charts by Plotly, drawn offline.</footer>
<script type="application/json" id="figures">{script_json(figures)}</script>
<script>{RENDER_JS}</script>
</body></html>
"""


def build_report(data_dir) -> str:
    """The report for the warehouse in `data_dir`, as one self-contained HTML page."""
    con = connect_read_only(data_dir)
    try:
        con.sql("SET TimeZone = 'UTC'")
        summary = query_summary(con)
        quotes, total_quotes = query_quotes(con)
        sections = [
            runs_section(query_runs(con)),
            entities_section(query_top_entities(con)),
            speakers_section(query_top_speakers(con)),
            mentions_over_time_section(query_entity_mentions_over_time(con)),
            stance_section(query_stance_matrix(con)),
            quotes_section(quotes, total_quotes),
            rejects_section(query_rejects(con)),
        ]
    finally:
        con.close()
    return page(summary, data_dir, sections)


def write_report(data_dir, out) -> Path:
    """Write the report for `data_dir` to `out` (created with its folders); returns the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(build_report(data_dir), encoding="utf-8")
    tmp.replace(out)
    return out
