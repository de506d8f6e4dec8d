"""Finding input files and deciding which ones are new or changed since the last run."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

SUPPORTED = {".txt": "text", ".md": "text", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".html": "html", ".htm": "html"}


# Documentation that sits beside articles (a folder's README, its licence) is not news.
NOT_ARTICLES = ("readme", "license", "licence", "copying", "changelog")


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.lower().split(".")[0] in NOT_ARTICLES


@dataclass(frozen=True)
class FoundFile:
    path: str  # absolute path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Problem:
    path: str
    reason: str


def discover(paths: list[str | os.PathLike]) -> tuple[list[FoundFile], list[Problem]]:
    """Every file under `paths` (recursive, sorted; hidden files and README/LICENSE files in
    folders skipped), plus paths we cannot walk.

    Symlinked directories are followed once: a link loop is reported, not walked forever.
    """
    found: dict[str, FoundFile] = {}
    problems: list[Problem] = []
    seen_dirs: set[tuple[int, int]] = set()

    def add_file(p: Path) -> None:
        try:
            st = p.stat()
        except OSError as exc:
            problems.append(Problem(str(p.absolute()), f"cannot read file: {exc.strerror or exc}"))
            return
        key = str(p.absolute())
        found[key] = FoundFile(key, st.st_size, st.st_mtime_ns)

    def walk(d: Path) -> None:
        try:
            st = d.stat()
        except OSError as exc:
            problems.append(Problem(str(d.absolute()), f"cannot read folder: {exc.strerror or exc}"))
            return
        if (st.st_dev, st.st_ino) in seen_dirs:
            problems.append(Problem(str(d.absolute()), "symbolic link loop: folder already visited, skipped"))
            return
        seen_dirs.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(str(d.absolute()), f"cannot list folder: {exc.strerror or exc}"))
            return
        for entry in entries:
            if _skipped(entry.name):
                continue
            p = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                walk(p)
            elif entry.is_file() or entry.is_symlink():
                add_file(p)

    for raw in paths:
        p = Path(os.path.normpath(os.path.abspath(raw)))  # "./in/../in/a.txt" is "/.../in/a.txt"
        if p.is_dir():
            walk(p)
        elif p.exists() or p.is_symlink():
            add_file(p)
        else:
            problems.append(Problem(str(p.absolute()), "no such file or folder: check the path"))
    return sorted(found.values(), key=lambda f: f.path), problems


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
