"""Finding input files and deciding which ones are new or changed since the last run."""
from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from transforms.decode import looks_binary

SUPPORTED = {".txt": "text", ".md": "text", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
             ".html": "html", ".htm": "html"}


def format_of(path: str) -> str | None:
    """The reader a file's name asks for ("text", "json", "jsonl", "html"), None if unsupported."""
    return SUPPORTED.get(Path(path).suffix.lower())


# Documentation that sits beside articles (a folder's README, its licence) is not news.
NOT_ARTICLES = ("readme", "license", "licence", "copying", "changelog")


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.lower().split(".")[0] in NOT_ARTICLES


@dataclass(frozen=True)
class FoundFile:
    path: str  # absolute path
    size: int
    mtime_ns: int
    # A piece of a big JSON Lines file: (first byte, end byte, number of its first line). Its
    # pieces go to different shards, so one big dump is annotated by every worker, and a worker
    # reads only its piece. None: the whole file.
    part: tuple[int, int, int] | None = None

    @property
    def work_bytes(self) -> int:
        """The bytes this item asks a shard to read: the piece's, or the whole file's."""
        return self.part[1] - self.part[0] if self.part else self.size

    @property
    def last_piece(self) -> bool:
        return self.part is None or self.part[1] >= self.size


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
        if not stat.S_ISREG(st.st_mode):  # reading a named pipe would wait forever
            problems.append(Problem(str(p.absolute()), "not a regular file (a named pipe, socket or device): skipped"))
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
            else:
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
    return sha256_and_pieces(path, 0)[0]


def sha256_and_pieces(path: str, piece_bytes: int) -> tuple[str, list[tuple[int, int, int]]]:
    """The file's SHA-256 and, in the same read, its split into pieces of about `piece_bytes`
    that start at the beginning of a line: (first byte, end byte, first line's number).

    One piece (the whole file) when `piece_bytes` is 0, when the file is smaller, or when its
    pieces could not be read as the whole file is: text that is not UTF-8 throughout (a legacy
    code page is detected over the whole file; UTF-16 and UTF-32 newlines are not the byte
    0x0A), a byte-order mark after the start (two files joined), or a start that looks binary
    (the whole file is rejected as binary on its first 8 KiB alone)."""
    h = hashlib.sha256()
    starts = [(0, 1)]  # (byte offset, line number) of each piece's first line
    offset = lines = 0
    next_cut = piece_bytes
    splittable = piece_bytes > 0
    utf8 = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            if splittable:
                splittable = _splittable(block, offset, utf8)
            pos = 0  # counted up to here in this block
            while splittable and next_cut < offset + len(block):
                newline = block.find(b"\n", max(pos, next_cut - offset))
                if newline < 0:
                    break  # the line goes on in the next block
                lines += block.count(b"\n", pos, newline + 1)
                pos = newline + 1
                starts.append((offset + pos, lines + 1))
                next_cut = offset + pos + piece_bytes
            lines += block.count(b"\n", pos)
            offset += len(block)
    if splittable:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            splittable = False
    if not splittable or len(starts) == 1:
        return h.hexdigest(), [(0, offset, 1)]
    if starts[-1][0] >= offset:  # the file ends with the newline at a cut
        starts.pop()
    ends = [s for s, _ in starts[1:]] + [offset]
    return h.hexdigest(), [(s, e, line) for (s, line), e in zip(starts, ends)]


def _splittable(block: bytes, offset: int, utf8) -> bool:
    """Whether the file read so far (this block at `offset`) can still be read in pieces."""
    if b"\x00" in block or codecs.BOM_UTF8 in block[1 if offset == 0 else 0:]:
        return False
    if offset == 0 and looks_binary(block):
        return False
    try:
        utf8.decode(block)
    except UnicodeDecodeError:
        return False
    return True
