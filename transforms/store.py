"""The Parquet layout: immutable snapshots, one per run, and an atomic switch between them.

    DATA/parquet -> .snapshots/<run_id>        (symlink: what readers and the warehouse see)
    DATA/.snapshots/<run_id>/<table>/part-*.parquet
    DATA/.staging/<run_id>/<table>/part-*.parquet   (parts written by this run's shards)

A new snapshot hard-links every unchanged part of the previous one and rewrites only parts
holding articles whose file changed, so a run costs what it adds, not the corpus size. Until
the symlink is swapped, readers keep seeing the previous snapshot intact.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import polars as pl

from transforms.schemas import ARTICLE_TABLES, ENTITIES, TABLES, Table

SNAPSHOTS = ".snapshots"
STAGING = ".staging"
CURRENT = "parquet"


def current_snapshot(data_dir: str | Path) -> Path | None:
    link = Path(data_dir) / CURRENT
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def parts(snapshot: Path | None, table: str) -> list[Path]:
    if snapshot is None:
        return []
    return sorted((snapshot / table).glob("*.parquet"))


def scan(snapshot: Path | None, table: str) -> pl.LazyFrame:
    """The table in `snapshot` as a LazyFrame with its declared schema (empty if it has no parts)."""
    files = parts(snapshot, table)
    if not files:
        return TABLES[table].empty().lazy()
    return pl.scan_parquet(files, schema=TABLES[table].schema)


def read(snapshot: Path | None, table: str) -> pl.DataFrame:
    return scan(snapshot, table).collect()


def _write(table: Table, frame: pl.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.select(table.schema.names()).cast(table.schema).write_parquet(path, compression="zstd")


def build_entities(mentions: pl.LazyFrame) -> pl.DataFrame:
    """The `entities` table: one row per entity_id over all current mentions."""
    return (
        mentions.group_by("entity_id")
        .agg(
            # the most complete name: longest, then most frequent, then alphabetical (deterministic)
            pl.col("name").sort_by([pl.col("name").str.len_chars(), pl.col("name")], descending=[True, False]).first(),
            pl.col("label").value_counts(sort=True).first().struct.field("label"),
            pl.col("text").unique().sort().alias("aliases"),
            pl.len().cast(pl.Int64).alias("mention_count"),
            pl.col("article_id").n_unique().cast(pl.Int64).alias("article_count"),
        )
        .sort("entity_id")
        .collect()
    )


# Every run adds a part per table; past this many, the small ones are merged into one, so a
# warehouse fed by thousands of scheduled runs is not thousands of tiny files.
MAX_PARTS = 64
SMALL_PART_BYTES = 8 << 20


def compact(table: Table, folder: Path, run_id: str) -> None:
    """Merge the small parts in `folder` into one when there are more than `max_parts`.
    The parts are hard links in a snapshot being built: the previous snapshot keeps its own."""
    files = sorted(folder.glob("*.parquet"))
    small = [p for p in files if p.stat().st_size < SMALL_PART_BYTES]
    if len(files) <= MAX_PARTS or len(small) < 2:
        return
    merged = folder / f"part-{run_id}-compacted.parquet"
    _write(table, pl.concat([pl.read_parquet(p) for p in small]), merged)
    for p in small:
        p.unlink()


def new_snapshot(data_dir: str | Path, run_id: str, replaced_article_ids: set[str],
                 single_tables: dict[str, pl.DataFrame]) -> Path:
    """Assemble the snapshot for `run_id` from the previous one, this run's staged parts,
    and the whole-table frames in `single_tables` (files, rejects, runs). Returns its path;
    nothing visible to readers changes until `switch` is called."""
    data_dir = Path(data_dir)
    previous = current_snapshot(data_dir)
    staging = data_dir / STAGING / run_id
    final = data_dir / SNAPSHOTS / run_id
    tmp = data_dir / SNAPSHOTS / f"{run_id}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    replaced = sorted(replaced_article_ids)

    for name in ARTICLE_TABLES:
        out = tmp / name
        out.mkdir(parents=True, exist_ok=True)
        for part in parts(previous, name):
            ids = pl.read_parquet(part, columns=["article_id"])["article_id"]
            if replaced and ids.is_in(replaced).any():
                kept = pl.read_parquet(part).filter(~pl.col("article_id").is_in(replaced))
                if kept.height:
                    _write(TABLES[name], kept, out / part.name)
            else:
                os.link(part, out / part.name)
        for part in parts(staging, name):
            os.link(part, out / part.name)
        compact(TABLES[name], out, run_id)

    for name, frame in single_tables.items():
        _write(TABLES[name], frame, tmp / name / "part-0.parquet")
    _write(ENTITIES, build_entities(scan(tmp, "entity_mentions")), tmp / "entities" / "part-0.parquet")

    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    return final


def drop_repeated_articles(staging: Path) -> list[tuple[str, str]]:
    """Remove from the staged parts every later copy of an article id staged twice, and return
    their (source_path, record_key). Only a record id repeated in two pieces of one JSON Lines
    file that went to different shards does that: every other repeat is caught where it is read.
    The first copy (the lowest shard: pieces are sharded in file order) stays."""
    files = parts(staging, "articles")
    if not files:
        return []
    staged = (pl.scan_parquet(files, include_file_paths="part")
              .select("article_id", "source_path", "record_key", pl.col("part").str.extract(r"([^/]+)$"))
              .collect())
    later = staged.sort("part").filter(pl.col("article_id").is_duplicated() & pl.col("article_id").is_first_distinct().not_())
    if later.is_empty():
        return []
    for (name_of_part,), rows in later.group_by("part"):
        drop = rows["article_id"].to_list()
        for table in ARTICLE_TABLES:
            path = staging / table / name_of_part
            if path.exists():
                kept = pl.read_parquet(path).filter(~pl.col("article_id").is_in(drop))
                path.unlink()
                if kept.height:
                    _write(TABLES[table], kept, path)
    return list(later.sort("part").select("source_path", "record_key").iter_rows())


def switch(data_dir: str | Path, snapshot: Path) -> None:
    """Atomically point DATA/parquet at `snapshot` (a symlink swapped with rename)."""
    data_dir = Path(data_dir)
    link = data_dir / CURRENT
    tmp_link = data_dir / f".{CURRENT}.tmp"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(snapshot.relative_to(data_dir))
    if link.exists() and not link.is_symlink():
        raise RuntimeError(f"{link} is a real folder, not newsflow's snapshot link: move it away and rerun")
    os.replace(tmp_link, link)


def clean_up(data_dir: str | Path, keep: Path | None) -> None:
    """Remove staging folders and every snapshot but `keep` (the one just published)."""
    data_dir = Path(data_dir)
    shutil.rmtree(data_dir / STAGING, ignore_errors=True)
    for snap in (data_dir / SNAPSHOTS).glob("*"):
        if keep is None or snap.resolve() != keep.resolve():
            shutil.rmtree(snap, ignore_errors=True)
