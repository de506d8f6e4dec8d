"""One run per data dir at a time: an advisory lock the kernel releases if the run dies."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


class DataDirBusy(RuntimeError):
    pass


_held: set[str] = set()  # data dirs this process holds the lock of


@contextmanager
def data_dir_lock(data_dir: str | Path):
    """Held for a whole run. Re-entrant within one process: a run that looks for work under the
    lock and then starts its flow (which takes the lock too) keeps other processes out throughout."""
    path = Path(data_dir) / ".lock"
    key = str(path.resolve())
    if key in _held:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise DataDirBusy(
                f"another newsflow run (pid {holder}) is writing to {data_dir}: wait for it to finish"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)
    finally:
        os.close(fd)  # closing releases the lock
