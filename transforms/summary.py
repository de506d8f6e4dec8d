"""Small summaries of a published warehouse: what a run reports to its operator."""
from __future__ import annotations

from pathlib import Path

from transforms.warehouse import connect_read_only


def _rows(data_dir: str | Path, sql: str) -> list[dict]:
    con = connect_read_only(data_dir)
    try:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()


def top_entities(data_dir, n: int = 15) -> list[dict]:
    return _rows(data_dir, f"""
        SELECT name, label, mention_count AS mentions, article_count AS articles
        FROM entities WHERE label IN ('PERSON', 'ORG', 'GPE', 'NORP', 'LOC', 'FAC', 'EVENT')
        ORDER BY mention_count DESC, name LIMIT {int(n)}""")


def top_speakers_sql(n: int) -> str:
    """Who is quoted most, by kind: quotes in the newsroom sense (cue_class 'speech'), not the
    beliefs and acts PolNeAR also counts as attributions."""
    return f"""
        SELECT coalesce(e.name, q.speaker) AS speaker, count(*) AS quotes,
               count(*) FILTER (WHERE q.kind = 'direct') AS direct,
               count(*) FILTER (WHERE q.kind = 'mixed') AS mixed,
               count(*) FILTER (WHERE q.kind = 'indirect') AS indirect,
               count(DISTINCT q.article_id) AS articles
        FROM quotes q LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id
        WHERE q.speaker IS NOT NULL AND q.cue_class = 'speech'
        GROUP BY 1 ORDER BY quotes DESC, direct DESC, speaker LIMIT {int(n)}"""


def top_speakers(data_dir, n: int = 15) -> list[dict]:
    return _rows(data_dir, top_speakers_sql(n))


def newest_rejects(data_dir, n: int = 20) -> list[dict]:
    return _rows(data_dir, f"SELECT source_path, reason, run_id FROM rejects ORDER BY run_id DESC, source_path LIMIT {int(n)}")


def run_markdown(summary) -> str:
    """A run's summary as markdown (the Prefect artifact shown on the flow run)."""
    t = summary.tables
    return "\n".join([
        f"# newsflow run `{summary.run_id}`",
        "",
        f"{summary.files_seen} files seen: **{summary.files_new} new or changed**, {summary.files_skipped} unchanged, "
        f"**{summary.files_rejected} rejected**; {summary.articles_written} articles ({summary.words:,} words) "
        f"written in {summary.seconds:.1f} s.",
        "",
        "| table | rows |", "|---|---|",
        *(f"| {name} | {count:,} |" for name, count in t.items()),
        "",
        f"Warehouse: `{summary.warehouse}`",
    ])
