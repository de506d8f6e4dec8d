"""Named points where a test can kill the run for real (SIGKILL), to prove crash safety.

Set NEWSFLOW_KILL_AT=<point> and the process kills itself when it gets there. Unset (always,
outside tests), `reached` is a dictionary lookup and nothing else.
"""
from __future__ import annotations

import os
import signal

POINTS = ("after-shard", "after-snapshot", "after-warehouse-build", "after-switch")


def reached(point: str) -> None:
    if os.environ.get("NEWSFLOW_KILL_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)
