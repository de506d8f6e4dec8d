"""One shard of work: read a batch of files, annotate them with spaCy, write staged Parquet parts.

A shard returns only small bookkeeping (per-file outcomes, rejects, counts), never the rows:
the rows go straight to Parquet so memory stays flat whatever the corpus size.
"""
from __future__ import annotations

import ctypes
import os
from pathlib import Path

from transforms.discover import FoundFile
from transforms.nlp import load_pipeline
from transforms import plan
from transforms.plan import ShardResult
from transforms.readers import Article, Reject, read_file, repeated
from transforms.rows import doc_rows
from transforms.schemas import ARTICLE_TABLES, TABLES

# A shard's rows are staged every this many articles, so a worker's memory does not depend on
# how big its shards are (held for a whole shard, the rows left glibc's heap, and the worker,
# bigger with every shard).
STAGE_EVERY = 32


def process_shard(files: list[tuple[FoundFile, str]], run_id: str, model: str | None,
                  staging_dir: str, shard_no: int) -> ShardResult:
    """Ingest `files` ((found file or piece of one, sha256) pairs) and stage Parquet parts per
    article table (one per STAGE_EVERY articles; names sort in article order). A file's row in
    `files` covers the pieces of it that this shard read; the publish merges the shards' rows."""
    result = ShardResult()
    articles: list[Article] = []
    ids: set[str] = set()
    for found, sha in files:
        outcome = read_file(found.path, found.part) if _unchanged(found) else [Reject(
            found.path, "file changed while it was being ingested; it is read again on the next run")]
        # a record id repeated in another piece of the file (repeats across shards: publish)
        outcome = [repeated(a.source_path, a.record_key) if isinstance(a, Article) and a.article_id in ids else a
                   for a in outcome]
        good = [a for a in outcome if isinstance(a, Article)]
        bad = [r for r in outcome if isinstance(r, Reject)]
        ids.update(a.article_id for a in good)
        articles.extend(good)
        result.rejects.extend({"source_path": r.source_path, "reason": r.reason, "run_id": run_id} for r in bad)
        if found.part and result.files and result.files[-1]["source_path"] == found.path:
            row = result.files[-1]  # the next piece of the same file: one row per file
            row["articles"] += len(good)
            row["status"] = "ingested" if row["articles"] else "rejected"
            continue
        result.files.append({
            "source_path": found.path, "size": found.size, "mtime_ns": found.mtime_ns, "file_sha256": sha,
            "status": "ingested" if good else "rejected", "articles": len(good), "run_id": run_id,
        })

    tables: dict[str, list[dict]] = {name: [] for name in ARTICLE_TABLES}
    result.counts = {name: 0 for name in ARTICLE_TABLES}
    chunk = 0
    if articles:
        nlp = load_pipeline(model)
        failed: dict[str, int] = {}
        for k, (article, doc) in enumerate(_annotated(nlp, articles), 1):
            rows = _rows_or_reject(article, doc, run_id, result)
            if rows is None:
                failed[article.source_path] = failed.get(article.source_path, 0) + 1
                continue
            for name, table_rows in rows.items():
                tables[name].extend(table_rows)
            result.words += article.word_count
            if k % STAGE_EVERY == 0:
                _stage(tables, result.counts, Path(staging_dir), plan.part_name(run_id, shard_no, chunk))
                chunk += 1
        for f in result.files:  # a file whose every article failed is rejected, not ingested
            f["articles"] -= failed.get(f["source_path"], 0)
            if f["status"] == "ingested" and f["articles"] == 0:
                f["status"] = "rejected"
        result.articles = len(articles) - sum(failed.values())
    _stage(tables, result.counts, Path(staging_dir), plan.part_name(run_id, shard_no, chunk))
    _return_free_heap()
    return result


def _unchanged(found: FoundFile) -> bool:
    """A piece's byte range is only good for the file the plan saw (same size and mtime); a
    whole file is read as it is now."""
    if found.part is None:
        return True
    try:
        st = os.stat(found.path)
    except OSError:
        return True  # read_file turns this into a reject with the reason
    return (st.st_size, st.st_mtime_ns) == (found.size, found.mtime_ns)


def _annotated(nlp, articles: list[Article]):
    """(article, Doc or the exception that stopped it) pairs in article order. A batch that fails
    is redone one article at a time, so one bad article costs only itself."""
    for batch in plan.batches(articles):
        try:
            docs = list(nlp.pipe((a.text for a in batch), batch_size=len(batch)))
        except Exception:  # noqa: BLE001  (whatever it is, it must not end the run)
            docs = []
            for a in batch:
                try:
                    docs.append(nlp(a.text))
                except Exception as exc:  # noqa: BLE001
                    docs.append(exc)
        yield from zip(batch, docs)
        if len(batch) == 1 and len(batch[0].text) > plan.NLP_BATCH_CHARS:
            _return_free_heap()


def _rows_or_reject(article: Article, doc, run_id: str, result: ShardResult) -> dict | None:
    """The article's table rows, or None after adding a reject row when it could not be annotated."""
    if not isinstance(doc, Exception):
        try:
            return doc_rows(article, doc, run_id)
        except Exception as exc:  # noqa: BLE001
            doc = exc
    where = f"{article.source_path}:record {article.record_key}" if article.record_key else article.source_path
    result.rejects.append({"source_path": where, "run_id": run_id,
                           "reason": f"could not be annotated ({type(doc).__name__}: {str(doc)[:200]}); "
                                     "please report it with the file"})
    return None


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
