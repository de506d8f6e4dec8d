"""Export every table and view of the warehouse as CSV or Parquet, for tools that cannot read DuckDB."""
from __future__ import annotations

from pathlib import Path

import duckdb

from transforms.schemas import TABLES
from transforms.views import VIEWS
from transforms.warehouse import WAREHOUSE


def export(data_dir: str | Path, out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """Write one file per table and view into `out_dir`; returns the paths written."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown export format {fmt!r}: use csv or parquet")
    warehouse = Path(data_dir) / WAREHOUSE
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `newsflow run` first (or pass --data-dir)")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    options = "(FORMAT csv, HEADER true)" if fmt == "csv" else "(FORMAT parquet, COMPRESSION zstd)"
    written = []
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for name in [*TABLES, *(v.name for v in VIEWS)]:
            path = out / f"{name}.{fmt}"
            # CSV has no list type: aliases become a JSON array string
            select = (f'SELECT * REPLACE (to_json(aliases)::VARCHAR AS aliases) FROM "{name}"'
                      if fmt == "csv" and name == "entities" else f'SELECT * FROM "{name}"')
            con.execute(f"COPY ({select}) TO '{str(path).replace(chr(39), chr(39) * 2)}' {options}")
            written.append(path)
    finally:
        con.close()
    return written
