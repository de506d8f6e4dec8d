"""The DuckDB warehouse: built from a Parquet snapshot into a new file, checked, then swapped in.

The warehouse holds real tables (not views over Parquet paths), so a BI tool can open the
single file anywhere. A new file is built beside the old one and moved over it only after the
data checks pass; a reader that has the old file open keeps its snapshot until it reconnects.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl

from transforms.schemas import ALLOWED_VALUES, TABLES, Table
from transforms.store import parts
from transforms.views import VIEWS

WAREHOUSE = "warehouse.duckdb"


def duckdb_type(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.List):
        return duckdb_type(dtype.inner) + "[]"
    if isinstance(dtype, pl.Struct):
        return "STRUCT(" + ", ".join(f'"{f.name}" {duckdb_type(f.dtype)}' for f in dtype.fields) + ")"
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMPTZ" if dtype.time_zone else "TIMESTAMP"
    return {pl.String: "VARCHAR", pl.Int32: "INTEGER", pl.Int64: "BIGINT", pl.Float32: "FLOAT",
            pl.Float64: "DOUBLE", pl.Boolean: "BOOLEAN", pl.Date: "DATE"}[dtype.base_type()]


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ddl(table: Table) -> list[str]:
    """CREATE TABLE plus COMMENT ON statements generated from the schema."""
    cols = ",\n  ".join(
        f'"{c.name}" {duckdb_type(c.dtype)}{"" if c.nullable else " NOT NULL"}' for c in table.columns
    )
    stmts = [f'CREATE TABLE "{table.name}" (\n  {cols}\n)',
             f'COMMENT ON TABLE "{table.name}" IS {_sql_str(table.description)}']
    stmts += [f'COMMENT ON COLUMN "{table.name}"."{c.name}" IS {_sql_str(c.description)}' for c in table.columns]
    return stmts


def checks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Data checks that must pass before a warehouse is published; returns what failed."""
    failures = []

    def count(sql: str) -> int:
        return con.execute(sql).fetchone()[0]

    for t in TABLES.values():
        keys = ", ".join(f'"{k}"' for k in t.key)
        n = count(f'SELECT count(*) FROM (SELECT {keys} FROM "{t.name}" GROUP BY ALL HAVING count(*) > 1)')
        if n:
            failures.append(f"{t.name}: {n} duplicate key(s) on ({keys})")
    for (table, column), allowed in ALLOWED_VALUES.items():
        values = ", ".join(_sql_str(v) for v in allowed)
        n = count(f'SELECT count(*) FROM "{table}" WHERE "{column}" NOT IN ({values})')
        if n:
            failures.append(f"{table}.{column}: {n} value(s) outside {allowed}")
    for table in ("entity_mentions", "quotes", "stances"):
        n = count(f'SELECT count(*) FROM "{table}" x ANTI JOIN articles a USING (article_id)')
        if n:
            failures.append(f"{table}: {n} row(s) whose article_id is not in articles")
    for table in ("entity_mentions", "quotes"):
        n = count(f'''SELECT count(*) FROM "{table}" x JOIN articles a USING (article_id)
                      WHERE x.start_char < 0 OR x.end_char <= x.start_char OR x.end_char > length(a.text)
                         OR substring(a.text, x.start_char + 1, x.end_char - x.start_char) <> x.text''')
        if n:
            failures.append(f"{table}: {n} row(s) whose offsets do not point at their text")
    n = count("SELECT count(*) FROM entity_mentions m ANTI JOIN entities e USING (entity_id)")
    if n:
        failures.append(f"entity_mentions: {n} row(s) whose entity_id is not in entities")
    n = count("SELECT count(*) FROM stances WHERE quote_id IS NOT NULL AND quote_id NOT IN (SELECT quote_id FROM quotes)")
    if n:
        failures.append(f"stances: {n} row(s) whose quote_id is not in quotes")
    return failures


class ChecksFailed(RuntimeError):
    pass


def check_storage_version(version: str | None) -> None:
    """ValueError with a one-line reason when DuckDB does not know `version` (e.g. "v1.0.0")."""
    if not version:
        return
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH ':memory:' AS probe (STORAGE_VERSION {_sql_str(version)})")
    except duckdb.Error as exc:
        raise ValueError(f"unknown DuckDB storage version {version!r}: give a DuckDB release such as v1.0.0") from exc
    finally:
        con.close()


def storage_version_of(warehouse: Path) -> str | None:
    """The storage version an existing warehouse file was written in ("v1.0.0"), None if there is
    no readable file. A run without --storage-version keeps it, so a warehouse made for a DuckDB
    1.x BI driver stays readable by that driver after the next scheduled run."""
    if not warehouse.exists():
        return None
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {_sql_str(str(warehouse))} AS old (READ_ONLY)")
        tags = con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = 'old'").fetchone()[0]
    except duckdb.Error:
        return None
    finally:
        con.close()
    version = (tags or {}).get("storage_version")
    return version.rstrip("+") if version else None


def writer_lock(exc: duckdb.Error) -> str | None:
    """DuckDB's words for "another program holds the file open for writing" ("Conflicting lock
    is held in ... (PID 123)"), if that is what `exc` says."""
    found = re.search(r"Conflicting lock is held in .*?\(PID \d+\)", str(exc))
    return found.group(0) if found else None


def held_for_writing(warehouse: Path) -> str | None:
    """Why another program holds the warehouse open for writing ("Conflicting lock is held in
    ... (PID 123)"), None if none does. The run replaces the file all the same: that program
    keeps the previous version, and can no longer tell newsflow which format it reads."""
    if not warehouse.exists():
        return None
    try:
        duckdb.connect(str(warehouse), read_only=True).close()
    except duckdb.Error as exc:
        return writer_lock(exc)
    return None


def build(snapshot: Path, out: Path, storage_version: str | None = None) -> None:
    """Write a complete warehouse for `snapshot` to `out` and run the checks on it.

    `storage_version` (e.g. "v1.0.0") writes a file that DuckDB 1.x drivers, bundled with many
    BI tools, can open; by default the file uses this DuckDB's own format.
    """
    if out.exists():
        out.unlink()
    con = duckdb.connect()
    options = f" (STORAGE_VERSION {_sql_str(storage_version)})" if storage_version else ""
    try:
        con.execute(f"ATTACH {_sql_str(str(out))} AS wh{options}")
        con.execute("USE wh")
        for table in TABLES.values():
            for stmt in ddl(table):
                con.execute(stmt)
            files = [str(p) for p in parts(snapshot, table.name)]
            if files:
                con.execute(f'INSERT INTO "{table.name}" BY NAME SELECT * FROM read_parquet(?)', [files])
        for view in VIEWS:
            con.execute(f'CREATE VIEW "{view.name}" AS {view.sql}')
            con.execute(f'COMMENT ON VIEW "{view.name}" IS {_sql_str(view.description)}')
        failures = checks(con)
        if failures:
            raise ChecksFailed("; ".join(failures))
        con.execute("USE memory")
        con.execute("DETACH wh")
    finally:
        con.close()


def connect_read_only(data_dir: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that cannot touch any file but the warehouse (no COPY, ATTACH, read_csv)."""
    path = Path(data_dir) / WAREHOUSE
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `newsflow run` first (or pass --data-dir)")
    return duckdb.connect(str(path), read_only=True, config={"enable_external_access": False})


def counts(path: str | Path) -> dict[str, int]:
    """Row counts of every table in the warehouse at `path`."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    finally:
        con.close()
