"""Imported once by the worker pool's fork server (see `flows.workers`): it loads the pipeline
there, so every worker forked from it starts with spaCy imported and the model loaded.

Errors are left to the workers: each worker loads the pipeline again if it is missing and then
reports a bad model name the usual way, in one clear line.
"""
import os

MODEL_ENV = "NEWSFLOW_PRELOAD_MODEL"

if MODEL_ENV in os.environ:
    try:
        from transforms.nlp import load_pipeline

        load_pipeline(os.environ[MODEL_ENV] or None)
    except Exception:  # noqa: BLE001  (the worker's own load raises it where it can be reported)
        pass
