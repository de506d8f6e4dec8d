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


def test_an_interval_schedule_runs_at_once_and_stops_cleanly(tmp_path):
    src, data = tmp_path / "in", tmp_path / "data"
    src.mkdir()
    (src / "a.txt").write_text("Olaf Scholz met Joe Biden in Washington on Friday.", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", str(src), "--data-dir", str(data),
                             "--interval", "3600"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 300  # an hour's interval: only a first run at once gets here in time
        while not (data / "warehouse.duckdb").exists() or not _runs(data):
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "no run within 300 s of starting an hourly schedule"
            time.sleep(1)
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    assert _runs(data) == [(1, 1)]
    assert "Error" not in err and "Traceback" not in err, err


def test_a_new_serve_drops_runs_an_earlier_serve_left_scheduled(prefect_harness):
    # A killed `newsflow serve` leaves its upcoming runs behind; they would run first, with the
    # old paths. Runs of other deployments and finished runs are kept.
    from datetime import datetime, timedelta, timezone

    from prefect import flow
    from prefect.client.orchestration import get_client
    from prefect.states import Completed, Scheduled

    from flows.ingest import SCHEDULED_DEPLOYMENT, drop_stale_scheduled_runs, ingest

    @flow(name="someone-elses-flow")
    def other():
        pass

    assert drop_stale_scheduled_runs() == 0  # no deployment yet
    ours = ingest.to_deployment(name=SCHEDULED_DEPLOYMENT, parameters={"paths": ["/old/input"]}).apply()
    theirs = other.to_deployment(name="theirs").apply()
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    with get_client(sync_client=True) as client:
        stale = [client.create_flow_run_from_deployment(ours, state=Scheduled(scheduled_time=later)) for _ in range(3)]
        done = client.create_flow_run_from_deployment(ours, state=Completed())
        kept = client.create_flow_run_from_deployment(theirs, state=Scheduled(scheduled_time=later))
        assert drop_stale_scheduled_runs() == 3
        left = {r.id for r in client.read_flow_runs()}
    assert not left & {r.id for r in stale}
    assert {done.id, kept.id} <= left
