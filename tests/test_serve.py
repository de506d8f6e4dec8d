"""`newsflow serve`: a scheduled flow runs on its own, again and again, picking up new files."""
import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb

from conftest import ROOT, SEED


def _runs(data):
    try:
        con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    except duckdb.Error:
        return []
    try:
        return con.execute("select files_seen, files_new from runs order by run_id").fetchall()
    finally:
        con.close()


def test_scheduled_runs_pick_up_new_files(tmp_path):
    src, data = tmp_path / "in", tmp_path / "data"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", str(src), "--data-dir", str(data),
                             "--interval", "5"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300
        while not (data / "warehouse.duckdb").exists() or not _runs(data):
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "no scheduled run within 300 s"
            time.sleep(1)
        assert _runs(data)[0] == (1, 1)
        (src / "added.txt").write_text("Olaf Scholz met Joe Biden in Washington on Friday.", encoding="utf-8")
        while (2, 1) not in _runs(data):
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, f"the new file was not picked up: {_runs(data)}"
            time.sleep(1)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    runs = _runs(data)
    assert len(runs) >= 2 and runs[0] == (1, 1) and (2, 1) in runs
