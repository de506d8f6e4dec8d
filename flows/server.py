"""Prefect servers when none is configured (PREFECT_API_URL unset).

- `prefect_server()`: for scheduled runs. Prefect's temporary server runs no scheduler, so
  `newsflow serve` starts a real `prefect server start` and stops it on exit. For a permanent
  set-up run `prefect server start` yourself and set PREFECT_API_URL.
- `temporary_server()`: for one `newsflow run`. The same temporary server Prefect would start,
  started by us as soon as the run knows it has work, before this process imports Prefect:
  Prefect's own start-up would import the whole server stack (~2.5 s of CPU) into the flow's
  process first and only then start the server.
"""
from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path



class ServerUnreachable(RuntimeError):
    """PREFECT_API_URL names a server that does not answer."""


def check_configured_server(timeout: float = 5) -> None:
    """Fail fast, before any model loads, when PREFECT_API_URL is set and nothing answers there."""
    api_url = os.environ.get("PREFECT_API_URL", "").rstrip("/")
    if not api_url:
        return
    deadline = time.monotonic() + timeout
    while not _reachable(api_url):
        if time.monotonic() > deadline:
            raise ServerUnreachable(f"no Prefect server answers at PREFECT_API_URL={api_url}: start it "
                                    "(prefect server start), or unset PREFECT_API_URL to use a temporary one")
        time.sleep(0.5)


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


def _health_status(api_url: str) -> int | None:
    """The HTTP status of the server's /health, None if nothing answers there."""
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


def _healthy(api_url: str) -> bool:
    return _health_status(api_url) == 200


def _reachable(api_url: str) -> bool:
    """Something answers HTTP there. Any answer counts, an error status too: Prefect Cloud answers
    /health without an API key with 401, and the run then reports the real problem itself."""
    return _health_status(api_url) is not None


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
        # Ctrl-C stops `serve`, which still needs the server to shut down cleanly; and if this
        # process dies without stopping it, the kernel stops it (Linux)
        start_new_session=True, preexec_fn=_die_with_parent,
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
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            yield api_url
    finally:
        if "prefect" in sys.modules:
            _flush_to_api()  # the last logs and events, while the server still answers (else: errors at exit)
        os.environ.pop("PREFECT_API_URL", None) if os.environ.get("PREFECT_API_URL") == api_url else None
        _stop(proc)


def _die_with_parent(expected_parent: int | None = None) -> None:
    """In a child process: get SIGTERM when the parent exits, however it exits (Linux only).

    The kernel sends it when the *thread* that started the child ends, so only call this in a
    child started from the parent's main thread. With `expected_parent`, a child whose parent
    died before this call (it was re-parented) exits at once instead of living on.
    """
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if expected_parent is not None and os.getppid() != expected_parent:
        os._exit(1)


def _flush_to_api() -> None:
    """Send the run's last logs and events while the server is still up."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        service.drain_all(timeout=5)


def _api_configured() -> bool | None:
    """Whether Prefect has an API to use; None when only importing Prefect can tell (a profile
    may set it), which a fresh command line process has not done yet."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    if "prefect" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        return bool(PREFECT_API_URL.value())
    return None


def _no_heartbeats() -> dict:
    """Settings that turn off flow-run heartbeats. They let a long-lived server spot a crashed
    run; a temporary server lives exactly as long as the run, and at the run's end Prefect waits
    for the heartbeat thread's current one-second sleep (0.5 s on average)."""
    from typing import Optional

    from prefect.settings.legacy import Setting

    return {Setting("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", 180, Optional[int], accessor="flows.heartbeat_frequency"): None}


class TemporaryServer:
    """The temporary server Prefect would start for a run when no API is configured (the same
    uvicorn command), started by us before Prefect is even imported: its start-up (~5 s of CPU)
    then overlaps the flow process's own imports and the workers' model loads."""

    def __init__(self, timeout: float = 120):
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None
        self.api_url = ""
        if not _api_configured():  # None: unknown until Prefect is imported, so start one
            self._start()

    def _start(self) -> None:
        port = _free_port()
        self.api_url = f"http://127.0.0.1:{port}/api"
        # A server that lives for one run needs neither automations (their two services, triggers
        # and actions, take ~1.3 s of the server's ~5 s start-up; a run's records need the others)
        # nor block types: registering them first imports every installed Prefect collection,
        # prefect-dask and with it Dask (~1 s of CPU). A long-lived server registers them itself.
        env = {"PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false", "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
               "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
               **os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        if "prefect" in sys.modules:  # settings made in this process (a test harness) apply too
            from prefect.settings import get_current_settings

            env.update(get_current_settings().to_environment_variables(exclude_unset=True))
        prefect_dir = Path(importlib.util.find_spec("prefect").origin).parent
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_dir.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent)  # a killed run (kill -9) takes its server with it

    @contextmanager
    def attached(self):
        """Run the enclosed flow against this server once it answers (Prefect's own temporary
        server if it never does; the configured API if a profile turned out to set one)."""
        if self.proc is None or _api_configured() or not self._answers():
            self.stop()
            yield
            return
        from prefect.settings import PREFECT_API_URL, temporary_settings

        os.environ["PREFECT_API_URL"] = self.api_url  # worker processes inherit it
        try:
            with temporary_settings(updates={PREFECT_API_URL: self.api_url, **_no_heartbeats()}):
                try:
                    yield
                finally:
                    _flush_to_api()  # a failed run's logs too
        finally:
            os.environ.pop("PREFECT_API_URL", None)

    def _answers(self) -> bool:
        """Wait until the server answers; False if it exits or the timeout passes first."""
        deadline = time.monotonic() + self.timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            if _healthy(self.api_url):
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)
            self.proc = None


@contextmanager
def temporary_server(timeout: float = 120):
    """A `TemporaryServer` (none when an API is configured), stopped when the block ends."""
    server = TemporaryServer(timeout)
    try:
        yield server
    finally:
        server.stop()
