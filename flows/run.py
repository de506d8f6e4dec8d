"""`run_ingest`: one run of the ingest flow, started so that its fixed costs overlap.

Under the data-dir lock it plans first (no Prefect, no spaCy: a run with nothing new ends
there). With work to do it starts the worker processes (they load the model and begin on the
shards at once) and Prefect's temporary server, and imports Prefect itself meanwhile: the
three start-ups run side by side instead of one after the other.
"""
from __future__ import annotations

import importlib
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

from transforms.lock import data_dir_lock
from transforms.model_choice import choose_model
from transforms.plan import make_plan, new_run_id, shards
from transforms.publish import Summary, finish, recover, staging_dir

from flows import workers as worker_pool
from flows.server import check_configured_server, temporary_server


def run_ingest(paths: list[str], data_dir: str, model: str | None = None, workers: int | None = None,
               storage_version: str | None = None, runner: str = "process",
               dask_address: str | None = None) -> Summary:
    """Run the flow with the task runner chosen by `runner` and `workers` (default: one per core)."""
    workers = workers or os.cpu_count() or 1
    paths = [str(Path(p).absolute()) for p in paths]
    data_dir = str(Path(data_dir).absolute())
    model = choose_model(model)
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    with data_dir_lock(data_dir):  # held from the first look to the publish (the flow re-enters it)
        recover(data_dir, storage_version)
        started = datetime.now(timezone.utc)
        plan = make_plan(paths, data_dir, model, new_run_id(started), started)
        if not plan.todo:
            # Nothing new (the usual scheduled case): publish the run record without starting
            # Prefect's temporary server or loading the model, the two costs of an empty run.
            return finish(plan, [], data_dir, model, storage_version)
        check_configured_server()  # one clear line now, not a connection error after the model load
        if runner == "dask" or workers == 1:
            return _flow(workers, runner, dask_address)(paths, data_dir, model, workers, storage_version)
        # The server first: starting the workers waits until their fork server has loaded the model.
        with temporary_server() as server:
            # With a configured server, import Prefect meanwhile, in a thread, on the core the
            # model load leaves idle (a run of one article 3.5 -> 2.9 s). A temporary server's
            # start needs that core: the run waits for it, and the import then slowed it.
            importing = _import_in_background("flows.ingest") if server.proc is None else None
            with worker_pool.warm_pool(workers, model):
                worker_pool.prefetch(shards(plan.todo, workers), plan.run_id, model,
                                     str(staging_dir(data_dir, plan.run_id)))
                if importing:
                    importing.join()
                flow_ = _flow(workers, runner, dask_address)  # Prefect's import overlaps both start-ups
                with server.attached():
                    return flow_(paths, data_dir, model, workers, storage_version, plan.run_id,
                                 plan.started_at.isoformat())


def _import_in_background(module: str) -> threading.Thread:
    """Import `module` in a daemon thread. A failed import is left to the main thread's own
    import, which then raises it where it can be reported."""
    def load():
        try:
            importlib.import_module(module)
        except BaseException:  # noqa: BLE001
            pass

    thread = threading.Thread(target=load, name=f"import {module}", daemon=True)
    thread.start()
    return thread


def _flow(workers: int, runner: str, dask_address: str | None):
    """The ingest flow with its task runner (importing it imports Prefect)."""
    from flows.ingest import ingest, task_runner

    return ingest.with_options(task_runner=task_runner(workers, runner, dask_address))
