"""The data dictionary (docs/data-dictionary.md), generated from the schemas and views.

Regenerate with `newsflow dictionary > docs/data-dictionary.md`; a test fails when the
committed file is out of date.
"""
from __future__ import annotations

from transforms.schemas import CONTRACT, TABLES
from transforms.views import VIEWS
from transforms.warehouse import duckdb_type


def render() -> str:
    out = [
        "# newsflow data dictionary",
        "",
        "Generated from `transforms/schemas.py` and `transforms/views.py` by `newsflow dictionary`;",
        "do not edit by hand. Offsets are Python `str` character offsets into `articles.text`, end",
        "exclusive. Columns marked **contract** are relied on by other tools and are never renamed.",
        "The same descriptions are `COMMENT`s in the warehouse (`select * from duckdb_columns()`).",
        "",
    ]
    for table in TABLES.values():
        out += [f"## {table.name}", "", table.description, "", f"Unique key: ({', '.join(table.key)})", "",
                "| column | type | null | description |", "|---|---|---|---|"]
        contract = set(CONTRACT.get(table.name, ()))
        for c in table.columns:
            name = f"`{c.name}`" + (" **contract**" if c.name in contract else "")
            out.append(f"| {name} | {duckdb_type(c.dtype)} | {'yes' if c.nullable else 'no'} | {c.description} |")
        out.append("")
    out += ["## Views", ""]
    for view in VIEWS:
        out += [f"### {view.name}", "", view.description, ""]
    return "\n".join(out)
