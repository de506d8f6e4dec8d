"""Pure transforms of newsflow: files -> articles -> spaCy Docs -> rows -> Parquet -> DuckDB.

Nothing in this package imports Prefect; the flows in `flows/` call into it.
"""

PIPELINE_VERSION = "0.3.121"
