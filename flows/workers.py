"""Worker processes that load the spaCy pipeline, and start annotating, while Prefect starts up.

Starting Prefect's temporary server takes seconds, and so does loading the model in each worker
process. `warm_pool` starts the workers (and their model loads) before the flow begins, and
`prefetch` queues the run's shards on them at once, so the workers are annotating while the
server starts. The flow's annotate tasks then claim those results (`annotate`): a shard whose
files match is not done twice, any other shard is submitted fresh. Scheduled runs
(`newsflow serve`) and Dask runs don't use this: there the task runner owns the processes.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

from transforms.plan import shard_parts


_pool: ProcessPoolExecutor | None = None
_prefetched: dict[tuple, Future] = {}


# Workers run at a lower CPU priority than the flow and Prefect's server. Those two are the run's
# critical path (no task starts before the server answers; the flow claims results and publishes)
# and need little CPU, while the workers always have shards queued. Measured on 2 cores: a run
# over 1 new article 9.7-10.0 s -> 6.4 s, over the 254 Wikinews articles 31.2-31.5 s -> 28.6-29.9 s,
# over them twice 53.3-54.0 s -> 48.8-54.8 s.
WORKER_NICENESS = 10


def _load(model: str | None, tie_to_fork_server: bool = False) -> None:
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    from flows import preload

    if tie_to_fork_server and os.environ.get(preload.FORK_SERVER_ENV):
        # The worker ends with the fork server that forked it, however that ends
        from flows.server import _die_with_parent

        _die_with_parent(int(os.environ[preload.FORK_SERVER_ENV]))
    # Ctrl-C reaches every process of the terminal's group: the run handles it, a worker just
    # ends when the run does (else each idle worker printed a KeyboardInterrupt traceback)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from transforms.nlp import load_pipeline

    load_pipeline(model)
    # Skip the interpreter's teardown when the pool shuts the worker down: freeing a loaded
    # pipeline object by object takes ~0.5 s at the end of every run, and there is nothing left
    # to flush (a shard closes its Parquet parts before it returns).
    atexit.register(_exit_now)


def _exit_now() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _ready() -> bool:
    return True


def _process_shard(*args):
    # Imported here, in the worker: the main process then never imports spaCy for the pool.
    from transforms.shard import process_shard

    return process_shard(*args)


def _context():
    """Where worker processes come from. Forked from a fork server, a fresh process that imports
    spaCy and loads the pipeline once (`flows.preload`): n workers cost one model load (~1.9 s
    of CPU) instead of n, and share the model's memory. Never forked from this process: fork is
    unsafe once Polars and Prefect have started threads here. Spawned where there is no fork server.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["flows.preload"])
    return context


@contextmanager
def warm_pool(workers: int, model: str | None):
    """Run the enclosed flow with `workers` pre-loaded worker processes."""
    global _pool
    from flows import preload

    context = _context()
    # Tie the fork server's and the workers' lives to this run only if this thread starts them
    # all now: the kernel's parent-death signal fires when the starting *thread* ends.
    tie = context.get_start_method() == "forkserver" and threading.current_thread() is threading.main_thread()
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_load,
                                   initargs=(model, tie))
    os.environ[preload.MODEL_ENV] = model or ""  # read by the fork server, which the first submit starts
    if tie:
        os.environ[preload.PARENT_ENV] = str(os.getpid())
    try:
        for _ in range(workers):
            executor.submit(_ready)  # starts every worker now (and the fork server, which loads the model)
    finally:
        os.environ.pop(preload.MODEL_ENV, None)
        os.environ.pop(preload.PARENT_ENV, None)
    _pool = executor
    try:
        yield executor
    finally:
        release()  # a no-op when the flow already released the workers before its publish


def release() -> None:
    """Stop the warm workers once every shard is done, so their memory is free for the publish."""
    global _pool
    pool, _pool = _pool, None
    _prefetched.clear()
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
        _stop_fork_server()


def _stop_fork_server() -> None:
    """Stop the fork server once no worker is left: it still holds the model (~300 MB, no longer
    shared with anyone). The next pool starts a new one. (It exits without freeing the model
    object by object, see `flows.preload`, so this does not wait ~0.5 s for that.)"""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # private, but stable since Python 3.8
    if stop is not None:
        stop()


def _key(files, run_id: str, model: str | None, staging: str, shard_no: int) -> tuple:
    return (run_id, model, staging, shard_no, tuple((f.path, f.size, f.mtime_ns, f.part, sha) for f, sha in files))


def prefetch(work: list[list], run_id: str, model: str | None, staging: str) -> None:
    """Queue every shard on the warm pool now, ahead of the flow's tasks."""
    for i, files in enumerate(work):
        _prefetched[_key(files, run_id, model, staging, i)] = _pool.submit(
            _process_shard, files, run_id, model, staging, i)


def discard_other_prefetches(work: list[list], run_id: str, model: str | None, staging: str) -> None:
    """Drop prefetched shards the flow's plan does not have (files changed in between): wait for
    them and delete what they staged, so a shard of the same number is not mixed with them."""
    wanted = {_key(files, run_id, model, staging, i) for i, files in enumerate(work)}
    stale = {k: f for k, f in _prefetched.items() if k not in wanted}
    for k, f in stale.items():
        f.cancel()
        del _prefetched[k]
    wait(list(stale.values()))
    for run, _, folder, shard_no, _ in stale:
        for part in Path(folder).glob(shard_parts(run, shard_no)):
            part.unlink(missing_ok=True)


def annotate(files, run_id: str, model: str | None, staging: str, shard_no: int) -> Future | None:
    """The shard's result in the warm pool (prefetched, or submitted now); None: no pool, run it here."""
    if _pool is None:
        return None
    return _prefetched.pop(_key(files, run_id, model, staging, shard_no), None) or _pool.submit(
        _process_shard, files, run_id, model, staging, shard_no)
