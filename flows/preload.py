"""Imported once by the worker pool's fork server (see `flows.workers`): it loads the pipeline
there, so every worker forked from it starts with spaCy imported and the model loaded.

Errors are left to the workers: each worker loads the pipeline again if it is missing and then
reports a bad model name the usual way, in one clear line.
"""
import atexit
import os
import sys

MODEL_ENV = "NEWSFLOW_PRELOAD_MODEL"
PARENT_ENV = "NEWSFLOW_PRELOAD_PARENT"  # set when the run may tie the fork server's life to its own
FORK_SERVER_ENV = "NEWSFLOW_FORK_SERVER"  # the fork server's pid, as its forked workers see it

if MODEL_ENV in os.environ:
    if os.environ.get(PARENT_ENV):
        # A run killed with kill -9 takes the fork server with it (and so its workers, see
        # `flows.workers._load`); else they lived on, holding the model's memory.
        from flows.server import _die_with_parent

        _die_with_parent(int(os.environ[PARENT_ENV]))
        os.environ[FORK_SERVER_ENV] = str(os.getpid())
    if sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules:
        # The fork server itself (not a process that imports this module for MODEL_ENV): when
        # the pool stops it, exit without freeing the model object by object (~0.3 s of CPU
        # the run would wait for). Its forked workers exit through os._exit anyway.
        atexit.register(os._exit, 0)
    try:
        from transforms.nlp import load_pipeline

        load_pipeline(os.environ[MODEL_ENV] or None)
    except Exception:  # noqa: BLE001  (the worker's own load raises it where it can be reported)
        pass
