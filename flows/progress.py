"""A terminal progress bar for the ingest flow (files, words/s, ETA); silent when stderr is not
a terminal or when the CLI says --quiet. The flow reports to it; the CLI switches it on."""
from __future__ import annotations

import sys
import time

enabled = False


class ShardProgress:
    def __init__(self, total_files: int, total_bytes: int):
        self.total_files, self.total_bytes = total_files, max(total_bytes, 1)
        self.files = self.bytes = self.words = 0
        self.start = time.monotonic()
        self.active = enabled and total_files > 0 and sys.stderr.isatty()

    def update(self, files: int, nbytes: int, words: int) -> None:
        self.files += files
        self.bytes += nbytes
        self.words += words
        if not self.active:
            return
        elapsed = time.monotonic() - self.start
        done = self.bytes / self.total_bytes
        eta = elapsed * (1 - done) / done if done > 0 else 0
        width = 30
        bar = "#" * int(width * done) + "-" * (width - int(width * done))
        sys.stderr.write(f"\r[{bar}] {self.files}/{self.total_files} files  "
                         f"{self.words / max(elapsed, 1e-9):,.0f} words/s  ETA {eta:4.0f} s ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.active:
            sys.stderr.write("\n")
            sys.stderr.flush()
