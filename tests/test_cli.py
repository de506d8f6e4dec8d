"""The command line as a user runs it: a real subprocess, real Prefect, real DuckDB."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED


def newsflow(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=cwd or ROOT, capture_output=True,
                          text=True, timeout=600, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    shutil.copy(SEED, tmp / "seed.txt")
    data = tmp / "data"
    r = newsflow("run", str(tmp / "seed.txt"), "--data-dir", str(data), "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert "articles" in r.stdout and "warehouse:" in r.stdout and "newsflow sql" in r.stdout
    return data


def test_sql_prints_a_table(warehouse):
    r = newsflow("sql", "select label, count(*) as n from entity_mentions group by 1 order by 2 desc",
                 "--data-dir", str(warehouse))
    assert r.returncode == 0, r.stderr
    assert "GPE" in r.stdout and "PERSON" in r.stdout and "label" in r.stdout


def test_sql_csv_and_json(warehouse):
    r = newsflow("sql", "select count(*) as n from articles", "--data-dir", str(warehouse), "--format", "csv")
    assert r.stdout.splitlines() == ["n", "1"]
    r = newsflow("sql", "select count(*) as n from articles", "--data-dir", str(warehouse), "--format", "json")
    assert r.stdout.strip() == '{"n":1}'
    # list columns become JSON text in CSV
    r = newsflow("sql", "select fragments from quotes where fragments is not null limit 1", "--data-dir",
                 str(warehouse), "--format", "csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "fragments" and r.stdout.splitlines()[1].startswith('"[{""start_char""')


@pytest.mark.parametrize("query", [
    "COPY articles TO 'leak.csv'",
    "select * from read_csv('/etc/passwd')",
    "ATTACH 'other.duckdb'",
    "DROP TABLE articles",
    "INSTALL httpfs",
    "CREATE TABLE notes AS SELECT 1",
])
def test_sql_refuses_writes_and_outside_files(warehouse, query, tmp_path):
    r = newsflow("sql", query, "--data-dir", str(warehouse), cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("newsflow: query failed")
    assert len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "leak.csv").exists()
    assert newsflow("sql", "select count(*) from articles", "--data-dir", str(warehouse)).returncode == 0


def test_user_errors_are_one_line(tmp_path):
    r = newsflow("run", str(tmp_path / "missing"), "--data-dir", str(tmp_path / "d"))
    assert r.returncode == 2 and r.stderr.strip() == f"newsflow: input path not found: {tmp_path / 'missing'} (give existing files or folders)"
    r = newsflow("sql", "select 1", "--data-dir", str(tmp_path / "nowhere"))
    assert r.returncode == 2 and "run `newsflow run` first" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = newsflow("run", str(SEED), "--data-dir", str(tmp_path / "d"), env={"NEWSFLOW_MODEL": "en_core_web_xx"})
    assert r.returncode == 2 and "en_core_web_xx" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    # checked before any work is done, not after annotating everything
    r = newsflow("run", str(SEED), "--data-dir", str(tmp_path / "d"), "--storage-version", "banana")
    assert r.returncode == 2 and "storage version 'banana'" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "d" / "warehouse.duckdb").exists()
    (tmp_path / "copied" / "parquet").mkdir(parents=True)  # a data dir copied with its link dereferenced
    r = newsflow("run", str(SEED), "--data-dir", str(tmp_path / "copied"))
    assert r.returncode == 2 and "is a real folder" in r.stderr and "cp -a" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not (tmp_path / "copied" / ".snapshots").exists()
    r = newsflow("run", str(SEED), "--workers", "0")
    assert r.returncode == 2 and "must be 1 or more" in r.stderr
    (tmp_path / "empty").mkdir()
    r = newsflow("run", str(tmp_path / "empty"), "--data-dir", str(tmp_path / "d2"))
    assert r.returncode == 0 and "no files found in" in r.stderr and "0 files seen" in r.stdout
    # a configured Prefect server that is not running: said before the model loads, not a traceback after
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    r = newsflow("run", str(SEED), "--data-dir", str(tmp_path / "d3"),
                 env={"PREFECT_API_URL": f"http://127.0.0.1:{closed_port}/api"})
    assert r.returncode == 2 and "no Prefect server answers at PREFECT_API_URL" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = newsflow("eval", "quotes", "--gold", str(tmp_path / "nope"))  # a typo, not a table of zeros
    assert r.returncode == 2 and "no annotated articles" in r.stderr and "P " not in r.stdout


def test_sql_on_a_damaged_or_locked_warehouse_says_what_to_do(warehouse, tmp_path):
    import duckdb

    data = tmp_path / "data"
    shutil.copytree(warehouse, data, symlinks=True)
    (data / "warehouse.duckdb").write_bytes(b"not a database" * 500)
    r = newsflow("sql", "select 1", "--data-dir", str(data))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "it rebuilds the warehouse from the Parquet tables" in r.stderr
    r = newsflow("run", str(warehouse.parent / "seed.txt"), "--data-dir", str(data), "--workers", "1")
    assert r.returncode == 0 and "0 new or changed" in r.stdout, r.stderr
    assert newsflow("sql", "select count(*) from articles", "--data-dir", str(data), "--format", "csv").stdout == "count_star()\n1\n"
    shutil.copytree(warehouse, tmp_path / "locked", symlinks=True)
    con = duckdb.connect(str(tmp_path / "locked" / "warehouse.duckdb"))  # a writer, as a careless BI tool is
    try:
        r = newsflow("sql", "select 1", "--data-dir", str(tmp_path / "locked"))
        assert r.returncode == 2 and "open for writing in another program" in r.stderr
        # a run still publishes, and says that the writer keeps the previous version
        (tmp_path / "more.txt").write_text("Angela Merkel met Emmanuel Macron in Paris on Monday.\n", encoding="utf-8")
        r = newsflow("run", str(tmp_path / "more.txt"), "--data-dir", str(tmp_path / "locked"), "--workers", "1")
        assert r.returncode == 0 and "1 new or changed" in r.stdout, r.stderr
        assert "warning:" in r.stderr and f"(PID {os.getpid()})" in r.stderr and "until it reconnects" in r.stderr
    finally:
        con.close()
    r = newsflow("sql", "select count(*) from articles", "--data-dir", str(tmp_path / "locked"), "--format", "csv")
    assert r.stdout == "count_star()\n2\n"


def test_help_shows_examples():
    r = newsflow("--help")
    assert r.returncode == 0 and "examples:" in r.stdout and "newsflow sql" in r.stdout


def test_second_run_on_a_busy_data_dir_exits_with_one_line(tmp_path):
    from transforms.lock import data_dir_lock

    data = tmp_path / "data"
    data.mkdir()
    with data_dir_lock(data):  # another run holds the data dir
        r = newsflow("run", str(SEED), "--data-dir", str(data))
    assert r.returncode == 2
    assert r.stderr.strip() == f"newsflow: another newsflow run (pid {os.getpid()}) is writing to {data}: wait for it to finish"
    assert not (data / "warehouse.duckdb").exists()


def test_run_with_workers_on_its_own_temporary_server(tmp_path):
    # No PREFECT_API_URL: the run starts (and stops) its own temporary Prefect server, and its
    # workers, which start before the server is up, report to it; the run exits cleanly.
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    (src / "b.txt").write_text("The mayor of Lyon opened a bridge on Monday.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    # The main process only orchestrates: spaCy (1.8 s of imports) is for the worker processes.
    script = ("import sys; from flows.cli import main; rc = main(sys.argv[1:]); "
              "print('spacy imported:', 'spacy' in sys.modules); sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", script, "run", str(src), "--data-dir", str(tmp_path / "data"),
                        "--workers", "2", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stderr
    assert '"files_new": 2' in r.stdout
    assert "spacy imported: False" in r.stdout
    assert "Error" not in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_run_with_workers_on_a_configured_server(tmp_path, prefect_harness):
    # PREFECT_API_URL set (a `prefect server start`, here the test harness's): the run imports
    # Prefect in a thread while its workers load the model, and records its flow run there.
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    (src / "b.txt").write_text("The mayor of Lyon opened a bridge on Monday.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(src), "--data-dir", str(tmp_path / "data"),
                        "--workers", "2", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=600,
                       env={**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()})
    assert r.returncode == 0, r.stderr
    assert '"files_new": 2' in r.stdout
    assert "Traceback" not in r.stderr, r.stderr
    run_id = json.loads(r.stdout)["run_id"]
    with get_client(sync_client=True) as client:
        names = [f.name for f in client.read_flows()]
        runs = client.read_flow_runs()
    assert "newsflow-ingest" in names
    assert any(run.parameters.get("run_id") == run_id and run.state.is_completed() for run in runs)
