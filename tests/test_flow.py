"""The ingest flow under real Prefect (session-scoped test harness)."""
import json
import shutil

from conftest import SEED, table
from flows.run import run_ingest


def test_flow_ingests_every_format_in_worker_processes(prefect_harness, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    (src / "a.json").write_text(json.dumps({"title": "T", "text": "Joe Biden spoke in Ohio."}), encoding="utf-8")
    (src / "b.jsonl").write_text(json.dumps({"text": "Emmanuel Macron visited Kyiv."}) + "\nnot json\n", encoding="utf-8")
    (src / "c.html").write_text(
        "<html><head><title>Page</title></head><body><article><p>" + "Chancellor Olaf Scholz met "
        "President Joe Biden at the White House in Washington on Friday to discuss support for Ukraine. " * 3
        + "</p></article></body></html>", encoding="utf-8")
    (src / "d.txt").write_bytes("Caf\u00e9 owners in Montr\u00e9al praised Justin Trudeau.".encode("cp1252"))
    (src / "e.txt").write_bytes("\ufeffThe European Union fined Google.".encode("utf-16"))
    data = tmp_path / "data"

    first = run_ingest([str(src)], str(data), workers=2)
    assert first.files_seen == 6 and first.files_new == 6 and first.articles_written == 6
    formats = dict(table(data, "select format, count(*) from articles group by 1"))
    assert formats == {"text": 3, "json": 1, "jsonl": 1, "html": 1}
    assert table(data, "select count(*) from rejects") == [(1,)]
    assert table(data, "select count(distinct article_id) from entity_mentions") == [(6,)]

    second = run_ingest([str(src)], str(data), workers=2)
    assert second.files_new == 0 and second.articles_written == 0
    assert {k: v for k, v in second.tables.items() if k != "runs"} == {
        k: v for k, v in first.tables.items() if k != "runs"}
    assert table(data, "select files_seen, files_new, files_skipped from runs order by run_id") == [
        (6, 6, 0), (6, 0, 6)]


def test_dask_local_cluster_gives_the_same_tables(prefect_harness, tmp_path):
    from conftest import ingest_without_prefect, state

    src = tmp_path / "in"
    (src / "wikinews").mkdir(parents=True)
    shutil.copy(SEED, src / "seed.txt")
    for p in sorted((SEED.parent / "wikinews").glob("*.txt"))[:5]:
        shutil.copy(p, src / "wikinews" / p.name)
    ingest_without_prefect([src], tmp_path / "local")
    summary = run_ingest([str(src)], str(tmp_path / "dask"), workers=2, runner="dask")
    assert summary.files_new == 6
    assert state(tmp_path / "dask") == state(tmp_path / "local")


def test_flow_run_shows_artifacts_in_prefect(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    run_ingest([str(src)], str(tmp_path / "data"), workers=1)
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[
            "newsflow-run-summary", "newsflow-top-entities", "newsflow-top-speakers", "newsflow-rejects"])))
    by_key = {}
    for a in sorted(arts, key=lambda a: a.created):
        by_key[a.key] = a
    assert set(by_key) == {"newsflow-run-summary", "newsflow-top-entities", "newsflow-top-speakers", "newsflow-rejects"}
    assert "1 new or changed" in by_key["newsflow-run-summary"].data
    assert "Sergei Lavrov" in str(by_key["newsflow-top-entities"].data)
    assert by_key["newsflow-run-summary"].flow_run_id is not None
