"""The warm worker pool: prefetched shards are claimed once, and a prefetched shard the flow's
plan no longer has (its file changed meanwhile) leaves nothing staged behind."""
import time

import psutil

from flows import workers
from transforms.discover import discover, sha256_file
from transforms.model_choice import choose_model


def _shard(path):
    found, _ = discover([str(path)])
    return [(f, sha256_file(f.path)) for f in found]


def test_prefetch_is_claimed_once_and_stale_prefetch_is_removed(tmp_path):
    model = choose_model()
    article = tmp_path / "a.txt"
    article.write_text("Angela Merkel met Emmanuel Macron in Paris.\n", encoding="utf-8")
    staging = str(tmp_path / "staging")
    with workers.warm_pool(1, model):
        old = _shard(article)
        workers.prefetch([old], "run1", model, staging)
        claimed = workers.annotate(old, "run1", model, staging, 0)
        assert claimed.result().articles == 1
        assert workers.annotate(old, "run1", model, staging, 0) is not claimed  # claimed once only

        workers.prefetch([old], "run2", model, staging)
        article.write_text("The Red Cross sent aid to Haiti.\n", encoding="utf-8")  # changed before the flow planned
        new = _shard(article)
        workers.discard_other_prefetches([new], "run2", model, staging)
        assert not list((tmp_path / "staging").glob("*/part-run2-*"))  # the stale shard's parts are gone
        assert workers.annotate(new, "run2", model, staging, 0).result().articles == 1
        assert len(list((tmp_path / "staging").glob("articles/part-run2-*"))) == 1
    assert workers.annotate(new, "run2", model, staging, 0) is None  # no pool: the caller runs it


def test_temporary_server_starts_only_when_no_api_is_configured(prefect_harness, monkeypatch):
    # The run starts Prefect's temporary server itself only when Prefect has no API to use (here,
    # Prefect is already imported, as in a notebook); with one configured (the harness's) it starts
    # nothing.
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.server import TemporaryServer

    assert PREFECT_API_URL.value()
    configured = TemporaryServer()
    assert configured.proc is None
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(updates={PREFECT_API_URL: ""}):
        unconfigured = TemporaryServer()
        try:
            assert unconfigured.proc is not None and unconfigured.proc.poll() is None
            # a server for one run starts without the automation services (their start-up is ~1.3 s)
            # and registers no block types (that imports every Prefect collection: Dask, ~1 s)
            env, deadline = {}, time.monotonic() + 10
            while not env and time.monotonic() < deadline:  # empty while the child is still in exec
                env = psutil.Process(unconfigured.proc.pid).environ()
                time.sleep(0.05)
            assert env.get("PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED") == "false"
            assert env.get("PREFECT_API_BLOCKS_REGISTER_ON_START") == "false"
            assert env.get("PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION") == "false"
        finally:
            unconfigured.stop()


def test_workers_yield_the_cpu_to_the_flow_and_server():
    # the flow and Prefect's server are the run's critical path; the workers run at a lower priority
    import os

    with workers.warm_pool(1, choose_model()) as pool:
        assert pool.submit(os.nice, 0).result() > os.nice(0)


def _pipeline_loads():
    from transforms.nlp import load_pipeline

    info = load_pipeline.cache_info()
    return info.hits, info.currsize


def test_workers_start_with_the_pipeline_loaded_once_for_all():
    # workers are forked from a process that loaded the pipeline: none loads it again (~1.9 s each)
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return  # spawned workers each load their own
    with workers.warm_pool(2, choose_model()) as pool:
        loads = [pool.submit(_pipeline_loads).result() for _ in range(4)]
        assert any("forkserver" in " ".join(c.cmdline()) for c in psutil.Process().children())
    assert all(hits >= 1 and size == 1 for hits, size in loads)  # the worker's own load was a cache hit
    # once the workers are gone, so is the fork server and the model it holds
    assert not any("forkserver" in " ".join(c.cmdline()) for c in psutil.Process().children())


def test_a_killed_run_takes_its_fork_server_and_workers_with_it():
    # kill -9 of the run left the fork server and its workers running, each holding the model
    import multiprocessing
    import subprocess
    import sys

    from conftest import ROOT

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return
    code = """
import json, os, signal, psutil
from flows import workers
from transforms.model_choice import choose_model
with workers.warm_pool(2, choose_model()) as pool:
    [pool.submit(os.getpid).result() for _ in range(4)]
    server = [c for c in psutil.Process().children() if "forkserver" in " ".join(c.cmdline())][0]
    print(json.dumps([server.pid] + [c.pid for c in server.children()]), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""
    import json

    # read the one line, not to EOF: survivors would hold the pipe open
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    pids = json.loads(proc.stdout.readline() or "[]")
    assert proc.wait(timeout=60) == -9 and len(pids) == 3
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(psutil.pid_exists(p) and psutil.Process(p).status() != "zombie" for p in pids):
        time.sleep(0.2)
    left = [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
    for p in left:
        psutil.Process(p).kill()
    assert not left
