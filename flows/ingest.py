"""The ingest flow: discover -> annotate shards (in parallel processes) -> publish.

Tasks are thin calls into `transforms`; a task handles a shard of many articles, never one.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.runtime import deployment
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import as_completed
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from transforms.lock import data_dir_lock
from transforms.model_choice import choose_model
from transforms.plan import Plan, ShardResult, make_plan, shards
from transforms.publish import Summary, abandon, finish, recover, staging_dir
from transforms.summary import newest_rejects, run_markdown, top_entities, top_speakers

from flows import workers as worker_pool
from flows.progress import ShardProgress


@task(name="discover", retries=0)
def discover_task(paths: list[str], data_dir: str, model: str, run_id: str | None,
                  started_at: str | None) -> Plan:
    return make_plan(paths, data_dir, model, run_id, datetime.fromisoformat(started_at) if started_at else None)


@task(name="annotate-shard", retries=1, retry_delay_seconds=2)
def annotate_task(files, run_id: str, model: str, staging: str, shard_no: int) -> ShardResult:
    pending = worker_pool.annotate(files, run_id, model, staging, shard_no)
    if pending is not None:
        return pending.result()
    from transforms.shard import process_shard  # here: only a process that annotates imports spaCy

    return process_shard(files, run_id, model, staging, shard_no)


@task(name="publish")
def publish_task(plan: Plan, results: list[ShardResult], data_dir: str, model: str,
                 storage_version: str | None) -> Summary:
    return finish(plan, results, data_dir, model, storage_version)


@contextmanager
def api_shared_with_workers():
    """Point spawned worker processes at this flow's Prefect API while the block runs.
    Without it each worker starts a temporary server of its own (~15 s) when
    PREFECT_API_URL is unset."""
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        os.environ["PREFECT_API_URL"] = str(client.api_url)
    try:
        yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


@flow(name="newsflow-ingest", log_prints=False, task_runner=ProcessPoolTaskRunner())
def ingest(paths: list[str], data_dir: str = "data", model: str | None = None, workers: int = 1,
           storage_version: str | None = None, run_id: str | None = None,
           started_at: str | None = None) -> Summary:
    """Ingest files and folders into DATA_DIR's Parquet tables and DuckDB warehouse.

    `run_id` and `started_at` (ISO 8601; plain strings keep the parameters simple for deployments)
    are given by `flows.run.run_ingest` when it has already recovered the data dir under the same lock and
    queued this run's shards on the warm workers."""
    logger = get_run_logger()
    if deployment.id is not None and threading.current_thread() is threading.main_thread():
        # a scheduled run, in a process of its own: Ctrl-C on `newsflow serve` reaches it too, but
        # stopping runs is serve's job; the worker processes started below inherit the ignore
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    model = choose_model(model)
    data = Path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    with data_dir_lock(data):
        if run_id is None:
            recover(data, storage_version)
        plan = discover_task(paths, str(data), model, run_id, started_at)
        logger.info("%d files found: %d new or changed, %d unchanged, %d unreadable",
                    plan.seen, plan.todo_files, plan.skipped, len(plan.problems))
        staging = str(staging_dir(data, plan.run_id))
        work = shards(plan.todo, workers)
        worker_pool.discard_other_prefetches(work, plan.run_id, model, staging)
        bar = ShardProgress(plan.todo_files, plan.todo_bytes)
        try:
            with api_shared_with_workers():
                futures = {annotate_task.submit(s, plan.run_id, model, staging, i): s for i, s in enumerate(work)}
                for future in as_completed(list(futures)):
                    done = futures[future]
                    bar.update(sum(f.last_piece for f, _ in done), sum(f.work_bytes for f, _ in done),
                               future.result().words)
                results = [f.result() for f in futures]  # in shard order: the tables do not depend on timing
            worker_pool.release()  # the publish needs the memory more than the idle workers do
            summary = publish_task(plan, results, str(data), model, storage_version)
        except BaseException:
            abandon(data)  # free the space a failed run took (a full disk stays full otherwise)
            raise
        finally:
            bar.close()
        logger.info("run %s published %s", summary.run_id, summary.warehouse)
        report_artifacts(summary)
        return summary


def report_artifacts(summary: Summary) -> None:
    """What the run did, on the flow run's page in the Prefect UI."""
    data = summary.data_dir
    create_markdown_artifact(run_markdown(summary), key="newsflow-run-summary",
                             description="Counts of this run and of the warehouse")
    for key, rows, what in (("newsflow-top-entities", top_entities(data), "Most mentioned entities"),
                            ("newsflow-top-speakers", top_speakers(data), "Most quoted speakers"),
                            ("newsflow-rejects", newest_rejects(data), "Newest rejected inputs")):
        create_table_artifact(rows or [{"note": "none"}], key=key, description=what)


def task_runner(n_workers: int, runner: str = "process", dask_address: str | None = None):
    """Where shards run: a Dask cluster (an existing one at `dask_address`, else a local one with
    `n_workers` single-threaded worker processes), or threads that hand each shard to the warm
    worker processes of `flows.workers` (or do it in-process with one worker)."""
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": n_workers, "threads_per_worker": 1, "processes": True})
    return ThreadPoolTaskRunner(max_workers=n_workers)


SCHEDULED_DEPLOYMENT = "newsflow-scheduled"


def drop_stale_scheduled_runs() -> int:
    """Delete the runs an earlier `newsflow serve` left scheduled, and return how many.

    A serve that was killed (not stopped with Ctrl-C) leaves its schedule's upcoming runs in
    Prefect's database; a new serve would execute them first, with the old paths and data dir."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                FlowRunFilterState, FlowRunFilterStateType)
    from prefect.client.schemas.objects import StateType
    from prefect.exceptions import ObjectNotFound

    dropped = 0
    with get_client(sync_client=True) as client:
        try:
            deployment = client.read_deployment_by_name(f"{ingest.name}/{SCHEDULED_DEPLOYMENT}")
        except ObjectNotFound:
            return 0
        only_this = DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id]))
        scheduled = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])))
        while runs := client.read_flow_runs(deployment_filter=only_this, flow_run_filter=scheduled, limit=200):
            for run in runs:
                client.delete_flow_run(run.id)
            dropped += len(runs)
    return dropped


def _first_run_now(timeout: float = 300) -> None:
    """Ask for a run of the served deployment at once, so the warehouse is current from the start,
    not one interval (or a cron slot) later. The deployment exists once `serve` has registered it."""
    from prefect.deployments import run_deployment

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            run_deployment(f"{ingest.name}/{SCHEDULED_DEPLOYMENT}", timeout=0)
            return
        except Exception:  # noqa: BLE001  (not registered yet)
            time.sleep(1)


def serve(paths: list[str], data_dir: str, *, cron: str | None = None, interval: int | None = None,
          model: str | None = None, storage_version: str | None = None) -> None:
    """Run the ingest flow on a schedule until interrupted (Prefect's `flow.serve`).

    Each scheduled run is a normal flow run: watch them in the Prefect UI. Worker processes:
    one per core.
    """
    drop_stale_scheduled_runs()
    threading.Thread(target=_first_run_now, daemon=True).start()
    ingest.serve(
        name=SCHEDULED_DEPLOYMENT,
        cron=cron,
        interval=interval,
        parameters={"paths": [str(Path(p).absolute()) for p in paths], "data_dir": str(Path(data_dir).absolute()),
                    "model": model, "workers": os.cpu_count() or 1, "storage_version": storage_version},
        description="Ingest new and changed news files into the newsflow warehouse.",
        limit=1,  # one run at a time: a slow run delays the next instead of colliding on the data-dir lock
        print_starting_message=False,
    )
