"""One run per data dir at a time: an advisory lock the kernel releases if the run dies."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


class DataDirBusy(RuntimeError):
    pass


@contextmanager
def data_dir_lock(data_dir: str | Path):
    path = Path(data_dir) / ".lock"
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
        yield
    finally:
        os.close(fd)  # closing releases the lock
