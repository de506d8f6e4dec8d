"""One shard of work: read a batch of files, annotate them with spaCy, write staged Parquet parts.

A shard returns only small bookkeeping (per-file outcomes, rejects, counts), never the rows:
the rows go straight to Parquet so memory stays flat whatever the corpus size.
"""
from __future__ import annotations

import ctypes
from pathlib import Path

from transforms.discover import FoundFile
from transforms.nlp import load_pipeline
from transforms import plan
from transforms.plan import ShardResult
from transforms.readers import Article, Reject, read_file
from transforms.rows import doc_rows
from transforms.schemas import ARTICLE_TABLES, TABLES

# A shard's rows are staged every this many articles, so a worker's memory does not depend on
# how big its shards are (held for a whole shard, the rows left glibc's heap, and the worker,
# bigger with every shard).
STAGE_EVERY = 32


def process_shard(files: list[tuple[FoundFile, str]], run_id: str, model: str | None,
                  staging_dir: str, shard_no: int) -> ShardResult:
    """Ingest `files` ((found file, sha256) pairs) and stage Parquet parts per article table
    (one per STAGE_EVERY articles; names sort in article order)."""
    result = ShardResult()
    articles: list[Article] = []
    for found, sha in files:
        outcome = read_file(found.path)
        good = [a for a in outcome if isinstance(a, Article)]
        bad = [r for r in outcome if isinstance(r, Reject)]
        articles.extend(good)
        result.rejects.extend({"source_path": r.source_path, "reason": r.reason, "run_id": run_id} for r in bad)
        result.files.append({
            "source_path": found.path, "size": found.size, "mtime_ns": found.mtime_ns, "file_sha256": sha,
            "status": "ingested" if good else "rejected", "articles": len(good), "run_id": run_id,
        })

    tables: dict[str, list[dict]] = {name: [] for name in ARTICLE_TABLES}
    result.counts = {name: 0 for name in ARTICLE_TABLES}
    chunk = 0
    if articles:
        nlp = load_pipeline(model)
        for k, (article, doc) in enumerate(_annotated(nlp, articles), 1):
            for name, rows in doc_rows(article, doc, run_id).items():
                tables[name].extend(rows)
            result.words += article.word_count
            if k % STAGE_EVERY == 0:
                _stage(tables, result.counts, Path(staging_dir), plan.part_name(run_id, shard_no, chunk))
                chunk += 1
    result.articles = len(articles)
    _stage(tables, result.counts, Path(staging_dir), plan.part_name(run_id, shard_no, chunk))
    _return_free_heap()
    return result


def _annotated(nlp, articles: list[Article]):
    """(article, Doc) pairs in article order."""
    for batch in plan.batches(articles):
        yield from zip(batch, nlp.pipe((a.text for a in batch), batch_size=len(batch)))
        if len(batch) == 1 and len(batch[0].text) > plan.NLP_BATCH_CHARS:
            _return_free_heap()


def _return_free_heap() -> None:
    """Give glibc's free heap back to the system, at the end of a shard and after an article over
    the batch budget (spaCy's arrays for it are bigger than for any batch). Freed memory otherwise
    stays in a fragmented heap, and a worker's footprint crept up with every shard it ran: over
    the shards of 4x Wikinews in one process, 288 -> 343 MB RSS without, 277 -> 297 MB with (the
    rest is spaCy's string store). Not after every batch: that costs ~8 % of CPU in page faults."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _stage(tables: dict[str, list[dict]], counts: dict[str, int], staging: Path, name_of_part: str) -> None:
    """Write the rows gathered so far as one part per table, and empty the lists."""
    for name, rows in tables.items():
        counts[name] += len(rows)
        if rows:
            out = staging / name
            out.mkdir(parents=True, exist_ok=True)
            TABLES[name].frame(rows).write_parquet(out / name_of_part, compression="zstd")
            rows.clear()
