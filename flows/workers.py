"""Worker processes that load the spaCy pipeline while Prefect starts up.

Starting Prefect's temporary server takes seconds, and so does loading the model in each worker
process. `warm_pool` starts the workers (and their model loads) before the flow begins, so the
two overlap; the flow's annotate tasks then hand their shards to these ready processes. Scheduled
runs (`newsflow serve`) and Dask runs don't use it: there the task runner owns the processes.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager

_pool: ProcessPoolExecutor | None = None


def _load(model: str | None) -> None:
    from transforms.nlp import load_pipeline

    load_pipeline(model)


def _ready() -> bool:
    return True


@contextmanager
def warm_pool(workers: int, model: str | None):
    """Run the enclosed flow with `workers` pre-loaded worker processes (spawned: fork is unsafe
    once Polars and Prefect have started threads)."""
    global _pool
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_load, initargs=(model,))
    for _ in range(workers):
        executor.submit(_ready)  # spawns every worker now; their initialisers load the model
    _pool = executor
    try:
        yield executor
    finally:
        _pool = None
        executor.shutdown(wait=True, cancel_futures=True)


def submit(fn, *args) -> Future | None:
    """Run fn(*args) in the warm pool when one is active; None means: run it here."""
    return _pool.submit(fn, *args) if _pool is not None else None
