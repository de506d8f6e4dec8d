"""Prefect wiring for newsflow: the ingest flow, its tasks and the command line."""
