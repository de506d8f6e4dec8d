"""Deciding what a run must do: which files are new or changed, and how to shard them."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
import secrets

from transforms import PIPELINE_VERSION
from transforms.discover import FoundFile, Problem, discover, format_of, sha256_and_pieces
from transforms.store import current_snapshot, read


@dataclass
class Plan:
    run_id: str
    started_at: datetime
    todo: list[tuple[FoundFile, str]]  # (file or piece of one, sha256) to ingest
    seen: int
    skipped: int
    problems: list[Problem]
    touched: list[dict] = field(default_factory=list)  # unchanged content, new mtime: refresh in `files`

    @property
    def todo_bytes(self) -> int:
        return sum(f.work_bytes for f, _ in self.todo)

    @property
    def todo_files(self) -> int:
        """Files to ingest (a big JSON Lines file is several items of `todo`, one per piece)."""
        return sum(f.last_piece for f, _ in self.todo)


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def last_annotator(snapshot) -> tuple[str, str] | None:
    """(model, pipeline_version) of the newest run in `snapshot`, None before the first run."""
    runs = read(snapshot, "runs")
    if runs.is_empty():
        return None
    last = runs.sort("finished_at").row(-1, named=True)
    return last["model"], last["pipeline_version"]


def make_plan(paths: list[str | os.PathLike], data_dir: str | Path, model: str | None = None,
              run_id: str | None = None, started_at: datetime | None = None) -> Plan:
    """Compare what is on disk with the `files` table of the current snapshot.

    Size and mtime equal -> unchanged without reading the file; otherwise the content hash
    decides, so a `touch` or a copy with a new mtime does not re-ingest anything; but a file
    rejected last time is read again (it may have been deleted or unreadable then). When the
    model or the pipeline version differs from the last run's, every file is annotated again,
    so the tables never mix the output of two pipelines.
    """
    started = started_at or datetime.now(timezone.utc)  # a run planned ahead of its flow keeps its start
    run_id = run_id or new_run_id(started)
    found, problems = discover(paths)
    snapshot = current_snapshot(data_dir)
    annotator = last_annotator(snapshot)
    if model is not None and annotator not in (None, (model, PIPELINE_VERSION)):
        known = {}
    else:
        known = {r["source_path"]: r for r in read(snapshot, "files").iter_rows(named=True)}
    todo, touched, skipped = [], [], 0
    for f in found:
        old = known.get(f.path)
        if old is not None and old["size"] == f.size and old["mtime_ns"] == f.mtime_ns:
            skipped += 1
            continue
        splits = format_of(f.path) == "jsonl" and f.size > 2 * PIECE_BYTES
        try:
            sha, pieces = sha256_and_pieces(f.path, PIECE_BYTES if splits else 0)
        except OSError:
            sha, pieces = "", [None]  # the shard's reader turns the failure into a reject with the reason
        if old is not None and sha and old["file_sha256"] == sha and old["status"] == "ingested":
            skipped += 1
            touched.append({**old, "size": f.size, "mtime_ns": f.mtime_ns})
            continue
        if len(pieces) > 1 and pieces[-1][1] != f.size:
            pieces = [None]  # the file changed since it was found: read it whole
        todo.extend((f if len(pieces) == 1 else replace(f, part=p), sha) for p in pieces)
    return Plan(run_id, started, todo, len(found), skipped, problems, touched)


# A JSON Lines file over twice this size is read and annotated in pieces of about this many
# bytes (whole lines), spread over the shards like files: a dump of many articles in one file
# is then annotated by every worker, not one, and no worker holds the whole file.
PIECE_BYTES = 16 << 10


def shards(todo: list[tuple[FoundFile, str]], workers: int, max_files: int = 256,
           max_bytes: int = 128 << 10, min_bytes: int = 4 << 10) -> list[list[tuple[FoundFile, str]]]:
    """Split the work into shards of many files, in order, shrinking as the work runs out
    (guided scheduling): each shard takes a 1/(2 x workers) share of the bytes still left. The
    first shards are big, so task overhead is negligible; the last are small (down to `min_bytes`,
    ~0.3 s of work), so the workers finish together instead of one idling while the other ends a
    big shard (a 16 KB floor left the Wikinews run's last shards at 16-28 KB, and one of the two
    workers idle for its last ~1 s). `max_bytes` bounds
    a worker's memory (a shard's rows are held until its Parquet parts are written)."""
    out: list[list[tuple[FoundFile, str]]] = []
    remaining = sum(f.work_bytes for f, _ in todo)
    current: list[tuple[FoundFile, str]] = []
    size = 0
    target = 0
    for item in todo:
        if not current:
            target = max(min_bytes, min(max_bytes, remaining // (2 * max(1, workers))))
        current.append(item)
        size += item[0].work_bytes
        if size >= target or len(current) >= max_files:
            out.append(current)
            remaining -= size
            current, size = [], 0
    if current:
        out.append(current)
    return out


@dataclass
class ShardResult:
    """What a shard returns to the run: small bookkeeping only (its rows are staged as Parquet).
    Defined here, not in transforms.shard, so the main process unpickles it without spaCy."""
    files: list[dict] = field(default_factory=list)  # rows for the `files` table
    rejects: list[dict] = field(default_factory=list)  # rows for the `rejects` table
    articles: int = 0
    words: int = 0
    counts: dict[str, int] = field(default_factory=dict)


# Staged Parquet parts are named here, where the main process can reach them without importing
# spaCy (transforms.shard, which writes them, runs in the workers).
def part_name(run_id: str, shard_no: int, chunk: int) -> str:
    return f"part-{run_id}-{shard_no:05d}-{chunk:04d}.parquet"


def shard_parts(run_id: str, shard_no: int) -> str:
    """Glob pattern of every part a shard stages (in any table's folder)."""
    return f"*/part-{run_id}-{shard_no:05d}-*.parquet"


# A shard's articles go through nlp.pipe in batches of at most NLP_BATCH_SIZE articles and
# NLP_BATCH_CHARS characters (a longer article alone). spaCy's tok2vec and ner take memory in
# proportion to a batch's tokens (~200 MB at the peak for 30,000 characters), so a batch of 16
# long articles was a worker's memory peak; the character budget bounds it and costs no speed
# (40.1 s of CPU against 41.6 s for 16 articles a batch, Wikinews in one process).
NLP_BATCH_SIZE = 16
NLP_BATCH_CHARS = 10_000


def batches(items: list, chars_of=lambda article: len(article.text)):
    """Consecutive items in batches of at most NLP_BATCH_SIZE items and NLP_BATCH_CHARS characters."""
    batch: list = []
    chars = 0
    for item in items:
        n = chars_of(item)
        if batch and (len(batch) >= NLP_BATCH_SIZE or chars + n > NLP_BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += n
    if batch:
        yield batch
