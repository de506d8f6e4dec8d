"""Shared fixtures: the real spaCy pipeline, real Prefect (a session-scoped test harness with a
temporary PREFECT_HOME), real files and real DuckDB."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Before anything imports prefect: keep its state out of the user's home, no telemetry.
# Worker processes that import this module again share their parent's home; the parent removes it.
if "NEWSFLOW_TEST_PREFECT_HOME" not in os.environ:
    os.environ["NEWSFLOW_TEST_PREFECT_HOME"] = tempfile.mkdtemp(prefix="newsflow-prefect-")
    atexit.register(shutil.rmtree, os.environ["NEWSFLOW_TEST_PREFECT_HOME"], True)
os.environ["PREFECT_HOME"] = os.environ["NEWSFLOW_TEST_PREFECT_HOME"]
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_1cbdc47f389d30ae.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from transforms.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def ingest_without_prefect(paths, data_dir, workers: int = 1):
    """What the flow does, called directly: plan -> shards -> publish (tests transforms alone)."""
    from transforms.lock import data_dir_lock
    from transforms.model_choice import choose_model
    from transforms.plan import make_plan, shards
    from transforms.publish import finish, recover, staging_dir
    from transforms.shard import process_shard

    model = choose_model()
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    with data_dir_lock(data_dir):
        recover(data_dir)
        plan = make_plan([str(p) for p in paths], data_dir, model)
        staging = str(staging_dir(data_dir, plan.run_id))
        results = [process_shard(s, plan.run_id, model, staging, i) for i, s in enumerate(shards(plan.todo, workers))]
        return finish(plan, results, data_dir, model)


def table(data_dir, sql):
    """Rows of a query over the published warehouse (read-only)."""
    from transforms.warehouse import connect_read_only

    con = connect_read_only(data_dir)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# columns that legitimately differ between two runs of the same data
RUN_SPECIFIC = {"run_id", "started_at", "finished_at", "mtime_ns"}


def state(data_dir) -> dict:
    """Every table's content (but `runs`), minus run-specific columns, in a canonical order."""
    import duckdb

    from transforms.schemas import TABLES

    con = duckdb.connect(str(Path(data_dir) / "warehouse.duckdb"), read_only=True)
    try:
        out = {}
        for name, t in TABLES.items():
            if name == "runs":
                continue
            cols = [f'"{c.name}"' for c in t.columns if c.name not in RUN_SPECIFIC]
            out[name] = con.execute(f'SELECT {", ".join(cols)} FROM "{name}" ORDER BY ALL').fetchall()
        return out
    finally:
        con.close()
