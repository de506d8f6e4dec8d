"""Prefect servers when none is configured (PREFECT_API_URL unset).

- `prefect_server()`: for scheduled runs. Prefect's temporary server runs no scheduler, so
  `newsflow serve` starts a real `prefect server start` and stops it on exit. For a permanent
  set-up run `prefect server start` yourself and set PREFECT_API_URL.
- `temporary_server()`: for one `newsflow run`. The same temporary server Prefect would start,
  started by us: Prefect's own start-up imports the whole server stack (~2.5 s of CPU) into the
  flow's process first, time taken from the workers that are already annotating.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import prefect
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


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
        _stop(proc)


def _flush_to_api() -> None:
    """Send the run's last logs and events while the server is still up."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=5)


@contextmanager
def temporary_server(timeout: float = 120):
    """Run the enclosed flow against a temporary Prefect server of our own when no API is
    configured (the uvicorn command Prefect itself uses for its temporary server). If it does
    not come up, Prefect starts its own as usual."""
    if PREFECT_API_URL.value():
        yield
        return
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, **get_current_settings().to_environment_variables(exclude_unset=True),
           "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
         "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "error", "--lifespan", "on"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while proc.poll() is None and time.monotonic() < deadline and not _healthy(api_url):
            time.sleep(0.1)
        if proc.poll() is not None or not _healthy(api_url):
            yield  # fall back to Prefect's own temporary server
            return
        os.environ["PREFECT_API_URL"] = api_url  # worker processes inherit it
        try:
            with temporary_settings(updates={PREFECT_API_URL: api_url}):
                try:
                    yield
                finally:
                    _flush_to_api()  # a failed run's logs too
        finally:
            os.environ.pop("PREFECT_API_URL", None)
    finally:
        _stop(proc)
