"""A Prefect server for scheduled runs: the configured one, or a local one started for the session.

Prefect's temporary server (used when PREFECT_API_URL is unset) runs no scheduler, so
`newsflow serve` starts a real `prefect server start` when no API is configured, and stops it
on exit. For a permanent set-up run `prefect server start` yourself and set PREFECT_API_URL.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from prefect.settings import PREFECT_API_URL, temporary_settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextmanager
def prefect_server(timeout: float = 180):
    """Yield the API URL of a Prefect server with a scheduler, starting one if none is configured."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(api_url):
            if proc.poll() is not None:
                raise RuntimeError(f"prefect server exited early: {(proc.stderr.read() or '').strip()[-300:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"prefect server did not answer on {api_url} within {timeout:.0f} s")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api_url
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            yield api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None) if os.environ.get("PREFECT_API_URL") == api_url else None
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
