"""Killing a run (SIGKILL) at any point leaves the previous warehouse intact, and the next run
ends in exactly the state of one clean run."""
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from conftest import ROOT, SEED, ingest_without_prefect, state
from transforms.failpoints import POINTS

def _inputs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    (src / "feed.jsonl").write_text("\n".join(json.dumps({"id": str(i), "text": t}) for i, t in enumerate([
        "Angela Merkel met Emmanuel Macron in Paris.", "The United Nations said aid would reach Yemen.",
        "Joe Biden spoke to reporters in Ohio on Tuesday."])) + "\n", encoding="utf-8")
    return src


def run_killed(src, data, point):
    code = ("import sys; sys.path.insert(0, 'tests'); from conftest import ingest_without_prefect; "
            f"ingest_without_prefect([{str(src)!r}], {str(data)!r})")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "NEWSFLOW_KILL_AT": point},
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == -signal.SIGKILL, r.stderr


@pytest.mark.parametrize("point", POINTS)
def test_kill_then_rerun_equals_clean_run(tmp_path, point):
    src, data = _inputs(tmp_path), tmp_path / "data"
    ingest_without_prefect([src], tmp_path / "reference")
    reference = state(tmp_path / "reference")
    # a previous state: the seed alone
    (src / "feed.jsonl").rename(tmp_path / "feed.jsonl")
    ingest_without_prefect([src], data)
    before = state(data)
    (tmp_path / "feed.jsonl").rename(src / "feed.jsonl")

    run_killed(src, data, point)
    if point != "after-switch":  # before the commit point readers still see the previous state
        assert state(data) == before
    ingest_without_prefect([src], data)
    assert state(data) == reference
    leftovers = sorted(p.name for p in (data / ".snapshots").iterdir())
    assert len(leftovers) == 1 and not (data / ".staging").exists()
