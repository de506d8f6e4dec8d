"""Ending a run: fold this run's staged parts and bookkeeping into a new snapshot, build and
check the warehouse, then switch readers over. Until the switch, the previous state is intact."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from transforms import PIPELINE_VERSION
from transforms.failpoints import reached
from transforms.plan import Plan, ShardResult
from transforms.schemas import FILES, REJECTS, RUNS
from transforms.readers import EMPTY, repeated
from transforms.store import (STAGING, clean_up, current_snapshot, drop_repeated_articles, new_snapshot, read,
                              scan, switch)
from transforms.warehouse import WAREHOUSE, build, counts, held_for_writing, storage_version_of, writer_lock


@dataclass
class Summary:
    run_id: str
    data_dir: str
    files_seen: int
    files_new: int
    files_skipped: int
    files_rejected: int
    articles_written: int
    rejects_added: int  # rows this run added to rejects: rejected files and records
    words: int
    seconds: float
    tables: dict[str, int]  # row counts of every table after the run
    warehouse: str
    warnings: list[str] = field(default_factory=list)  # for the user, one line each


def staging_dir(data_dir: str | Path, run_id: str) -> Path:
    return Path(data_dir) / STAGING / run_id


def finish(plan: Plan, results: list[ShardResult], data_dir: str | Path, model: str,
           storage_version: str | None = None) -> Summary:
    data_dir = Path(data_dir)
    previous = current_snapshot(data_dir)
    file_rows = [row for r in results for row in r.files]
    reject_rows = [row for r in results for row in r.rejects]
    reject_rows += [{"source_path": p.path, "reason": p.reason, "run_id": plan.run_id} for p in plan.problems]
    file_rows, dropped = _whole_files(file_rows, reject_rows, staging_dir(data_dir, plan.run_id), plan.run_id)

    # A file that yielded articles replaces all of its earlier articles; a file that is now
    # wholly rejected keeps its earlier articles (nothing good is lost) and gets a reject row.
    ingested_paths = {row["source_path"] for row in file_rows if row["status"] == "ingested"}
    replaced = set(
        scan(previous, "articles").filter(pl.col("source_path").is_in(sorted(ingested_paths)))
        .select("article_id").collect()["article_id"].to_list()
    ) if ingested_paths else set()

    read_now = {row["source_path"] for row in file_rows} | {row["source_path"] for row in plan.touched}
    files = pl.concat([
        read(previous, "files").filter(~pl.col("source_path").is_in(sorted(read_now))),
        FILES.frame(file_rows + plan.touched),
    ]).sort("source_path")
    redone = {row["source_path"] for row in file_rows} | {p.path for p in plan.problems}
    # a record's reject ("/a/feed.jsonl:12") belongs to its file: redone when the file is
    redone = sorted(redone)
    old_rejects = read(previous, "rejects").filter(
        ~pl.col("source_path").is_in(redone)
        & ~pl.col("source_path").str.replace(r":[^/]*$", "").is_in(redone)
    )
    rejects = pl.concat([old_rejects, REJECTS.frame(reject_rows)]).unique("source_path", keep="last").sort("source_path")

    finished = datetime.now(timezone.utc)
    run = {
        "run_id": plan.run_id, "started_at": plan.started_at, "finished_at": finished,
        "files_seen": plan.seen, "files_new": plan.todo_files, "files_skipped": plan.skipped,
        "files_rejected": sum(r["status"] == "rejected" for r in file_rows) + len(plan.problems), "articles_written": sum(r.articles for r in results) - dropped,
        "model": model, "pipeline_version": PIPELINE_VERSION,
    }
    runs = pl.concat([read(previous, "runs"), RUNS.frame([run])])

    reached("after-shard")
    snapshot = new_snapshot(data_dir, plan.run_id, replaced, {"files": files, "rejects": rejects, "runs": runs})
    reached("after-snapshot")
    tmp_warehouse = data_dir / f".{WAREHOUSE}.tmp"
    warnings = []
    if (holder := held_for_writing(data_dir / WAREHOUSE)) is not None:
        warnings.append(f"{data_dir / WAREHOUSE} was open for writing in another program ({holder}): it keeps "
                        "the previous version until it reconnects; BI tools should open the warehouse read-only"
                        + ("" if storage_version else " (its DuckDB format could not be read: pass --storage-version "
                                                      "if that program needs an older one)"))
    try:
        build(snapshot, tmp_warehouse, storage_version or storage_version_of(data_dir / WAREHOUSE))
    except BaseException:
        tmp_warehouse.unlink(missing_ok=True)
        raise
    reached("after-warehouse-build")
    switch(data_dir, snapshot)  # the commit point: from here on the new state is the current one
    reached("after-switch")
    tmp_warehouse.replace(data_dir / WAREHOUSE)
    clean_up(data_dir, keep=snapshot)

    return Summary(
        run_id=plan.run_id, data_dir=str(data_dir), files_seen=plan.seen, files_new=plan.todo_files,
        files_skipped=plan.skipped, files_rejected=run["files_rejected"], articles_written=run["articles_written"],
        rejects_added=len(reject_rows),
        words=sum(r.words for r in results), seconds=(datetime.now(timezone.utc) - plan.started_at).total_seconds(),
        tables=counts(data_dir / WAREHOUSE), warehouse=str(data_dir / WAREHOUSE),
        warnings=warnings,
    )


def _whole_files(file_rows: list[dict], reject_rows: list[dict], staging: Path, run_id: str) -> tuple[list[dict], int]:
    """One `files` row per file from the shards' rows (the pieces of a big JSON Lines file come
    from several shards), after dropping records repeated across pieces (added to
    `reject_rows`). Returns the rows and how many articles were dropped."""
    merged: dict[str, dict] = {}
    for row in file_rows:
        if row["source_path"] in merged:
            merged[row["source_path"]]["articles"] += row["articles"]
        else:
            merged[row["source_path"]] = dict(row)
    dropped = drop_repeated_articles(staging)
    for path, key in dropped:
        r = repeated(path, key)
        reject_rows.append({"source_path": r.source_path, "reason": r.reason, "run_id": run_id})
        merged[path]["articles"] -= 1
    # a reject belongs to its file: "/a/feed.jsonl" or one of its records, "/a/feed.jsonl:12"
    rejected_paths: set[str] = set()
    for r in reject_rows:
        where = r["source_path"]
        rejected_paths.add(where)
        rejected_paths.update(where[:i] for i, c in enumerate(where) if c == ":")
    for row in merged.values():
        row["status"] = "ingested" if row["articles"] > 0 else "rejected"
        if row["status"] == "rejected" and row["source_path"] not in rejected_paths:
            # pieces with no record and no reject: blank lines only, which a whole read calls empty
            reject_rows.append({"source_path": row["source_path"], "reason": EMPTY, "run_id": run_id})
    return list(merged.values()), len(dropped)


def recover(data_dir: str | Path, storage_version: str | None = None) -> None:
    """After a crash between the snapshot switch and the warehouse swap, rebuild the warehouse
    from the current snapshot; leftovers of unfinished runs are removed."""
    data_dir = Path(data_dir)
    abandon(data_dir)
    snapshot = current_snapshot(data_dir)
    if snapshot is None:
        return
    latest = read(snapshot, "runs")["run_id"].max()
    warehouse = data_dir / WAREHOUSE
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            built = con.execute("SELECT max(run_id) FROM runs").fetchone()[0]
        finally:
            con.close()
    except duckdb.Error as exc:
        if writer_lock(exc):
            return  # open for writing elsewhere, not damaged: a publish replaces it and says so
        built = None
    if built != latest:
        tmp = data_dir / f".{WAREHOUSE}.tmp"
        build(snapshot, tmp, storage_version or storage_version_of(warehouse))
        tmp.replace(warehouse)


def abandon(data_dir: str | Path) -> None:
    """Remove what an unfinished run wrote; the published snapshot and warehouse stay as they were."""
    data_dir = Path(data_dir)
    clean_up(data_dir, keep=current_snapshot(data_dir))
    (data_dir / f".{WAREHOUSE}.tmp").unlink(missing_ok=True)
