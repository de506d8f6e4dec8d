"""The DuckDB warehouse: schema-driven DDL and comments, views, checks, readers, export."""
import json
import shutil
import subprocess
import sys
import textwrap

import duckdb
import polars as pl
import pytest

from conftest import ROOT, SEED, ingest_without_prefect, table
from transforms.dictionary import render
from transforms.export import export
from transforms.schemas import CONTRACT, TABLES
from transforms.store import current_snapshot
from transforms.views import VIEWS
from transforms.warehouse import ChecksFailed, build


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wh")
    shutil.copy(SEED, tmp / "seed.txt")
    (tmp / "b.json").write_text(json.dumps({"text": "NATO leaders met in Brussels.", "date": "2021-06-14"}))
    ingest_without_prefect([tmp / "seed.txt", tmp / "b.json"], tmp / "data")
    return tmp / "data"


def test_data_dictionary_is_up_to_date():
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == render(), "run: newsflow dictionary > docs/data-dictionary.md"


def test_contract_columns_exist_and_everything_is_commented(data):
    cols = table(data, "select table_name, column_name, comment from duckdb_columns() where schema_name = 'main'")
    have = {(t, c) for t, c, _ in cols}
    for t, names in CONTRACT.items():
        assert {(t, n) for n in names} <= have
    assert all(comment for t, _, comment in cols if t in TABLES)
    assert all(c for (c,) in table(data, "select comment from duckdb_tables()"))
    assert {v.name for v in VIEWS} <= {n for (n,) in table(data, "select view_name from duckdb_views() where not internal")}


def test_views_answer_questions(data):
    assert table(data, "select count(*) > 0 from entity_mentions_daily where name = 'NATO'") == [(True,)]
    for view in VIEWS:
        table(data, f"select * from {view.name} limit 5")  # every view runs


def test_failed_checks_keep_the_old_warehouse(data, tmp_path):
    snap = tmp_path / "snap"
    shutil.copytree(current_snapshot(data), snap)
    mentions = pl.read_parquet(next((snap / "entity_mentions").glob("*.parquet")))
    bad = mentions.with_columns(pl.col("start_char") + 1)
    for p in (snap / "entity_mentions").glob("*.parquet"):
        p.unlink()
    bad.write_parquet(snap / "entity_mentions" / "part-bad.parquet")
    out = tmp_path / "wh.duckdb"
    with pytest.raises(ChecksFailed, match="offsets do not point at their text"):
        build(snap, out)


def test_storage_version_for_duckdb_1x_readers(data, tmp_path):
    out = tmp_path / "v1.duckdb"
    build(current_snapshot(data), out, storage_version="v1.0.0")
    con = duckdb.connect(str(out), read_only=True)
    try:
        (tags,) = con.execute("select tags from duckdb_databases() where database_name = 'v1'").fetchone()
        assert tags["storage_version"].startswith("v1.0.0")
        assert con.execute("select count(*) from articles").fetchone()[0] == 2
    finally:
        con.close()


def test_next_run_keeps_the_warehouse_storage_version(tmp_path):
    from transforms.warehouse import storage_version_of

    src, data = tmp_path / "in", tmp_path / "data"
    src.mkdir()
    (src / "a.txt").write_text("NATO leaders met in Brussels on Monday.\n", encoding="utf-8")
    from transforms.model_choice import choose_model
    from transforms.plan import make_plan
    from transforms.publish import finish

    ingest_without_prefect([src], data)
    assert storage_version_of(data / "warehouse.duckdb").startswith("v2")
    # a run with --storage-version v1.0.0 and nothing new: the warehouse is rewritten in that format
    finish(make_plan([str(src)], data, choose_model()), [], data, choose_model(), storage_version="v1.0.0")
    assert storage_version_of(data / "warehouse.duckdb") == "v1.0.0"
    (src / "b.txt").write_text("The mayor of Lyon opened a bridge.\n", encoding="utf-8")
    ingest_without_prefect([src], data)  # a scheduled run, no --storage-version: a DuckDB 1.x reader still opens it
    assert storage_version_of(data / "warehouse.duckdb") == "v1.0.0"
    assert table(data, "select count(*) from articles") == [(2,)]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export(data, tmp_path, fmt):
    written = export(data, tmp_path / "out", fmt)
    assert {p.stem for p in written} == set(TABLES) | {v.name for v in VIEWS}
    articles = pl.read_csv(tmp_path / "out" / "articles.csv") if fmt == "csv" else pl.read_parquet(
        tmp_path / "out" / "articles.parquet")
    assert articles.height == 2 and "content_sha256" in articles.columns


def test_ingest_succeeds_while_a_reader_holds_the_warehouse(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    data = tmp_path / "data"
    ingest_without_prefect([src], data)
    reader = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys
        con = duckdb.connect({str(data / 'warehouse.duckdb')!r}, read_only=True)
        print(con.execute('select count(*) from articles').fetchone()[0], flush=True)
        sys.stdin.readline()
        print(con.execute('select count(*) from articles').fetchone()[0], flush=True)
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "1"
        (src / "new.txt").write_text("Olaf Scholz met Joe Biden in Washington.", encoding="utf-8")
        s = ingest_without_prefect([src], data)
        assert s.files_new == 1 and s.tables["articles"] == 2
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1"  # the old reader keeps its snapshot
    finally:
        reader.kill()
    assert table(data, "select count(*) from articles") == [(2,)]  # a new reader sees the new rows
