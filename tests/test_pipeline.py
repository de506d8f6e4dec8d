"""The whole data flow without Prefect: files -> Parquet snapshot -> DuckDB, incremental runs."""
import json
import shutil

from conftest import SEED, ingest_without_prefect, table
from transforms.store import current_snapshot, read


def _corpus(tmp_path):
    src = tmp_path / "in"
    (src / "nested").mkdir(parents=True)
    shutil.copy(SEED, src / "seed.txt")
    (src / "nested" / "feed.jsonl").write_text(
        json.dumps({"id": "n1", "title": "Talks", "text": "Angela Merkel met Emmanuel Macron in Paris on Monday.",
                    "published": "2019-05-01"}) + "\n{broken\n"
        + json.dumps({"id": "n2", "text": "The United Nations said aid would reach Yemen."}) + "\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    return src


def test_first_run_fills_tables_and_rejects(tmp_path):
    src, data = _corpus(tmp_path), tmp_path / "data"
    s = ingest_without_prefect([src], data)
    # the feed gave articles: its bad line is a rejected record, not a rejected file
    assert s.files_seen == 3 and s.files_new == 3 and s.files_rejected == 1 and s.rejects_added == 2
    assert s.tables["articles"] == 3
    assert s.tables["entity_mentions"] > 50 and s.tables["entities"] > 20
    rejects = dict(table(data, "select source_path, reason from rejects"))
    assert any(p.endswith("feed.jsonl:2") for p in rejects) and any(p.endswith("empty.txt") for p in rejects)
    # every mention's offsets point at its text
    assert table(data, """select count(*) from entity_mentions m join articles a using (article_id)
                          where substring(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.text""") == [(0,)]
    assert table(data, "select title, published_at::date::varchar from articles where title is not null") == [
        ("Talks", "2019-05-01")]


def test_rerun_is_idempotent_and_changed_file_replaces_its_rows(tmp_path):
    src, data = _corpus(tmp_path), tmp_path / "data"
    ingest_without_prefect([src], data)
    before = {t: read(current_snapshot(data), t).height for t in ("articles", "entity_mentions", "entities", "quotes")}
    again = ingest_without_prefect([src], data)
    assert again.files_new == 0 and again.files_skipped == 3 and again.articles_written == 0
    assert {t: again.tables[t] for t in before} == before
    assert again.tables["runs"] == 2

    seed_id_rows = table(data, "select article_id, content_sha256 from articles where source_path like '%seed.txt'")
    seed_id = seed_id_rows[0][0]
    others_before = table(data, f"select article_id, count(*) from entity_mentions where article_id <> '{seed_id}' group by 1 order by 1")
    (src / "seed.txt").write_text("Boris Johnson visited Berlin.\n\nHe met Olaf Scholz.", encoding="utf-8")
    third = ingest_without_prefect([src], data)
    assert third.files_new == 1 and third.articles_written == 1
    rows = table(data, "select article_id, content_sha256 from articles where source_path like '%seed.txt'")
    assert len(rows) == 1 and rows[0][0] == seed_id and rows[0][1] != seed_id_rows[0][1]
    names = {r[0] for r in table(data, f"select text from entity_mentions where article_id = '{seed_id}'")}
    assert "Sergei Lavrov" not in names and {"Boris Johnson", "Berlin"} <= names
    # the other articles' rows are untouched
    assert table(data, f"select article_id, count(*) from entity_mentions where article_id <> '{seed_id}' group by 1 order by 1") == others_before


def test_touched_file_is_not_reingested(tmp_path):
    src, data = _corpus(tmp_path), tmp_path / "data"
    ingest_without_prefect([src], data)
    (src / "seed.txt").touch()
    import os, time
    os.utime(src / "seed.txt", (time.time() + 5, time.time() + 5))
    s = ingest_without_prefect([src], data)
    assert s.files_new == 0 and s.files_skipped == 3


def test_file_that_turns_bad_keeps_its_articles(tmp_path):
    src, data = _corpus(tmp_path), tmp_path / "data"
    ingest_without_prefect([src], data)
    (src / "seed.txt").write_bytes(b"\x00\x01\x02binary now")
    s = ingest_without_prefect([src], data)
    assert s.tables["articles"] == 3
    reasons = dict(table(data, "select source_path, reason from rejects"))
    assert any(p.endswith("seed.txt") and "binary" in r for p, r in reasons.items())


def test_entities_aggregate_mentions(tmp_path):
    src, data = _corpus(tmp_path), tmp_path / "data"
    ingest_without_prefect([src], data)
    (total,) = table(data, "select sum(mention_count) from entities")[0]
    (mentions,) = table(data, "select count(*) from entity_mentions")[0]
    assert total == mentions
    assert table(data, "select count(*) from entity_mentions m anti join entities e using (entity_id)") == [(0,)]


def test_fixed_file_clears_its_rejects(tmp_path):
    src, data = _corpus(tmp_path), tmp_path / "data"
    ingest_without_prefect([src], data)
    feed = src / "nested" / "feed.jsonl"
    feed.write_text(feed.read_text().replace("{broken\n", ""), encoding="utf-8")
    (src / "empty.txt").unlink()
    s = ingest_without_prefect([src], data)
    assert s.files_new == 1
    remaining = [p for (p,) in table(data, "select source_path from rejects")]
    assert not any("feed.jsonl" in p for p in remaining)
    assert any(p.endswith("empty.txt") for p in remaining)  # a deleted file's reject stays until it reappears


def test_bad_inputs_become_rejects_and_good_ones_survive(tmp_path):
    import os

    src, data = tmp_path / "in", tmp_path / "data"
    (src / "loop").mkdir(parents=True)
    shutil.copy(SEED, src / "good seed é.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    with open(src / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (src / "latin1.txt").write_bytes(b"Caf\xe9 owners in Montr\xe9al praised the mayor.")
    (src / "feed.jsonl").write_text('{"text": "Joe Biden spoke."}\n{oops\n', encoding="utf-8")
    (src / "nav.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    os.symlink(src / "loop", src / "loop" / "again")
    s = ingest_without_prefect([src], data)
    reasons = {os.path.basename(p): r for p, r in table(data, "select source_path, reason from rejects")}
    assert set(reasons) == {"empty.txt", "binary.txt", "huge.txt", "feed.jsonl:2", "nav.html", "notes.pdf", "again"}
    assert {os.path.basename(p) for (p,) in table(data, "select source_path from articles")} == {
        "good seed é.txt", "latin1.txt", "feed.jsonl"}
    assert s.files_rejected == 6 and s.rejects_added == 7  # feed.jsonl gave an article


def test_entity_counts_follow_a_changed_article(tmp_path):
    src, data = tmp_path / "in", tmp_path / "data"
    src.mkdir()
    (src / "a.txt").write_text("Sergei Lavrov met Antony Blinken in Geneva.\n\nLavrov said little.", encoding="utf-8")
    (src / "b.txt").write_text("Sergei Lavrov spoke in Moscow.", encoding="utf-8")
    ingest_without_prefect([src], data)
    q = "select mention_count, article_count from entities where name = 'Sergei Lavrov'"
    assert table(data, q) == [(3, 2)]
    (src / "a.txt").write_text("Antony Blinken visited Geneva.", encoding="utf-8")
    ingest_without_prefect([src], data)
    assert table(data, q) == [(1, 1)]
    ingest_without_prefect([src], data)  # and a no-change rerun leaves it alone
    assert table(data, q) == [(1, 1)]


def test_many_runs_do_not_pile_up_parts(tmp_path, monkeypatch):
    import transforms.store as store

    monkeypatch.setattr(store, "MAX_PARTS", 3)
    src, data = tmp_path / "in", tmp_path / "data"
    src.mkdir()
    for i in range(5):
        (src / f"{i}.txt").write_text(f"Angela Merkel met Emmanuel Macron in Paris on day {i}.", encoding="utf-8")
        ingest_without_prefect([src], data)
    snapshot = current_snapshot(data)
    assert len(list((snapshot / "entity_mentions").glob("*.parquet"))) <= 3
    assert table(data, "select count(*) from articles") == [(5,)]
    assert table(data, "select count(distinct article_id) from entity_mentions") == [(5,)]


def test_a_new_pipeline_version_annotates_everything_again(tmp_path, monkeypatch):
    import transforms.plan

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("Angela Merkel met Emmanuel Macron in Paris on Monday.\n", encoding="utf-8")
    (inputs / "b.txt").write_text("The Red Cross sent aid to Haiti after the storm.\n", encoding="utf-8")
    data = tmp_path / "data"
    ingest_without_prefect([inputs], data)
    assert ingest_without_prefect([inputs], data).files_new == 0
    monkeypatch.setattr(transforms.plan, "PIPELINE_VERSION", "9.9.9")
    rerun = ingest_without_prefect([inputs], data)
    assert rerun.files_new == 2  # nothing mixes two pipelines' output
    assert table(data, "select count(*) from articles") == [(2,)]


def test_batches_keep_order_and_budget():
    from transforms.readers import Article
    from transforms.plan import NLP_BATCH_CHARS, NLP_BATCH_SIZE, batches

    lengths = [10] * 40 + [NLP_BATCH_CHARS * 3] + [NLP_BATCH_CHARS // 2] * 5
    arts = [Article(article_id=str(i), source_path="p", record_key="", title=None, published_at=None, url=None,
                    source=None, text="x" * n, word_count=1, content_sha256="", format="txt", encoding="utf-8")
            for i, n in enumerate(lengths)]
    batched = list(batches(arts))
    assert [a for b in batched for a in b] == arts  # every article once, in order
    for b in batched:
        assert len(b) <= NLP_BATCH_SIZE
        assert len(b) == 1 or sum(len(a.text) for a in b) <= NLP_BATCH_CHARS
    assert [len(a.text) for a in batched[3]] == [NLP_BATCH_CHARS * 3]  # a long article goes alone


def test_batch_budget_does_not_change_the_tables(tmp_path, monkeypatch):
    """One article per batch or many: the same rows (results never depend on batch company)."""
    import transforms.plan as plan
    from conftest import RUN_SPECIFIC

    src = _corpus(tmp_path)
    ingest_without_prefect([src], tmp_path / "big")
    monkeypatch.setattr(plan, "NLP_BATCH_CHARS", 1)
    ingest_without_prefect([src], tmp_path / "one")
    for name in ("articles", "entity_mentions", "quotes", "stances"):
        big, one = (read(current_snapshot(tmp_path / d), name) for d in ("big", "one"))
        keep = [c for c in big.columns if c not in RUN_SPECIFIC]
        assert big.height > 0 and big.select(keep).equals(one.select(keep)), name


def test_article_the_model_fails_on_is_rejected_and_the_run_goes_on(tmp_path, monkeypatch):
    from transforms.model_choice import choose_model
    from transforms.nlp import load_pipeline

    src, data = tmp_path / "in", tmp_path / "data"
    src.mkdir()
    shutil.copy(SEED, src / "seed.txt")
    (src / "short.txt").write_text("Angela Merkel met Emmanuel Macron in Paris on Monday.\n", encoding="utf-8")
    # the same pipeline object the shard uses, told to refuse the seed's length (spaCy raises E088)
    monkeypatch.setattr(load_pipeline(choose_model()), "max_length", 1000)
    s = ingest_without_prefect([src], data)
    assert s.tables["articles"] == 1 and s.files_rejected == 1
    ((path, reason),) = table(data, "select source_path, reason from rejects")
    assert path.endswith("seed.txt") and "could not be annotated" in reason
    assert table(data, "select count(distinct article_id) from entity_mentions") == [(1,)]


def test_file_that_disappeared_mid_run_is_read_when_it_is_back(tmp_path):
    import os

    from transforms.lock import data_dir_lock
    from transforms.model_choice import choose_model
    from transforms.plan import make_plan, shards
    from transforms.publish import finish, staging_dir
    from transforms.shard import process_shard

    src, data = tmp_path / "in", tmp_path / "data"
    src.mkdir()
    f = src / "a.txt"
    f.write_text("Angela Merkel met Emmanuel Macron in Paris on Monday.\n", encoding="utf-8")
    model = choose_model()
    data.mkdir()
    with data_dir_lock(data):  # the flow's steps, with the file deleted between plan and shard
        plan = make_plan([str(src)], data, model)
        content = f.read_bytes()
        f.unlink()
        results = [process_shard(s, plan.run_id, model, str(staging_dir(data, plan.run_id)), i)
                   for i, s in enumerate(shards(plan.todo, 1))]
        finish(plan, results, data, model)
    assert "disappeared" in table(data, "select reason from rejects")[0][0]
    f.write_bytes(content)  # back, same content, a new mtime
    os.utime(f, ns=(1, 1))
    s = ingest_without_prefect([src], data)
    assert s.files_new == 1 and s.tables["articles"] == 1
    assert table(data, "select count(*) from rejects") == [(0,)]


def _big_feed(path, n=60):
    """A JSON Lines dump over 2 x PIECE_BYTES: Wikinews-like records, a record id repeated far
    apart (so in different pieces), a malformed line, a run of blank lines, a raw U+2028."""
    lines = []
    for i in range(n):
        rid = "r3" if i == n - 5 else f"r{i}"
        text = (f"Mayor Ann Lee{i} said on Monday that the city of Springfield would open bridge {i}. "
                + "Officials in Ohio said the work had cost millions. " * 12)
        if i == 7:
            text += "A line\u2028separator sits inside this record."
        lines.append(json.dumps({"id": rid, "title": f"Story {i}", "text": text}, ensure_ascii=False))
        if i == 20:
            lines.append("{not json")
        if i == 30:
            lines.extend([""] * 40)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_big_jsonl_is_read_in_pieces_with_the_same_tables(tmp_path, monkeypatch):
    """A big JSON Lines file is split into pieces that several shards (so several workers) read;
    the tables are those of reading it whole: the same rows, rejects and record keys, one `files`
    row, and a record id repeated across pieces rejected as in a whole read."""
    from conftest import state
    from transforms import plan as plan_module
    from transforms.plan import make_plan, shards

    src = tmp_path / "in"
    src.mkdir()
    _big_feed(src / "dump.jsonl")
    monkeypatch.setattr(plan_module, "PIECE_BYTES", 2000)
    p = make_plan([str(src)], tmp_path / "probe")
    assert len(p.todo) > 10 and p.todo_files == 1 and len(shards(p.todo, 2)) >= 4
    split = ingest_without_prefect([src], tmp_path / "split", workers=2)
    monkeypatch.setattr(plan_module, "PIECE_BYTES", 1 << 30)
    assert len(make_plan([str(src)], tmp_path / "probe").todo) == 1
    whole = ingest_without_prefect([src], tmp_path / "whole", workers=2)

    assert split.files_new == whole.files_new == 1 and split.articles_written == whole.articles_written == 59
    assert split.tables == whole.tables
    assert state(tmp_path / "split") == state(tmp_path / "whole")
    rejects = dict(table(tmp_path / "split", "select source_path, reason from rejects"))
    assert {p.rsplit("/", 1)[1]: r[:20] for p, r in rejects.items()} == {
        "dump.jsonl:r3": "duplicate record id ", "dump.jsonl:22": "malformed JSON on li"}
    assert table(tmp_path / "split", "select status, articles from files") == [("ingested", 59)]
    assert table(tmp_path / "split", "select count(*) from articles where text like '%separator sits%'") == [(1,)]


def test_jsonl_pieces_with_no_records_reject_the_file_once(tmp_path, monkeypatch):
    from transforms import plan as plan_module

    src = tmp_path / "in"
    src.mkdir()
    (src / "blank.jsonl").write_text("\n" * 10_000 + "   \n" * 3000, encoding="utf-8")
    monkeypatch.setattr(plan_module, "PIECE_BYTES", 2000)
    s = ingest_without_prefect([src], tmp_path / "data", workers=2)
    assert s.files_new == 1 and s.articles_written == 0
    assert [(p.rsplit("/", 1)[1], r) for p, r in table(tmp_path / "data", "select source_path, reason from rejects")] == [
        ("blank.jsonl", "empty file")]
    assert table(tmp_path / "data", "select status, articles from files") == [("rejected", 0)]


def test_a_record_reject_with_colons_in_its_id_is_the_files_only_reject(tmp_path, monkeypatch):
    from transforms import readers

    monkeypatch.setattr(readers, "MAX_ARTICLE_CHARS", 50)
    src = tmp_path / "in"
    src.mkdir()
    (src / "c.jsonl").write_text(json.dumps({"id": "urn:uuid:1", "text": "Mayor Ann Lee opened the bridge. " * 3}) + "\n",
                                 encoding="utf-8")
    s = ingest_without_prefect([src], tmp_path / "data")
    rejects = table(tmp_path / "data", "select source_path from rejects")
    assert [p.rsplit("/", 1)[1] for (p,) in rejects] == ["c.jsonl:record urn:uuid:1"] and s.files_rejected == 1


def test_pieces_of_a_file_that_changed_after_planning_are_not_read(tmp_path, monkeypatch):
    """Byte ranges planned for one version of a file are not read in another: the file is
    rejected for this run and read again on the next (its size and mtime changed)."""
    from transforms import plan as plan_module
    from transforms.lock import data_dir_lock
    from transforms.model_choice import choose_model
    from transforms.plan import make_plan, shards
    from transforms.publish import finish, staging_dir
    from transforms.shard import process_shard

    src = tmp_path / "in"
    src.mkdir()
    _big_feed(src / "dump.jsonl", n=12)
    monkeypatch.setattr(plan_module, "PIECE_BYTES", 2000)
    data, model = tmp_path / "data", choose_model()
    data.mkdir()
    with data_dir_lock(data):
        p = make_plan([str(src)], data, model)
        assert len(p.todo) > 2
        with open(src / "dump.jsonl", "a", encoding="utf-8") as fh:  # a record appended after planning
            fh.write(json.dumps({"id": "late", "text": "Officials in Ohio said the bridge opened."}) + "\n")
        staging = str(staging_dir(data, p.run_id))
        s = finish(p, [process_shard(w, p.run_id, model, staging, i) for i, w in enumerate(shards(p.todo, 2))], data, model)
    assert s.articles_written == 0 and s.files_rejected == 1
    assert table(data, "select reason from rejects") == [
        ("file changed while it was being ingested; it is read again on the next run",)]
    again = ingest_without_prefect([src], data)
    assert again.files_new == 1 and again.articles_written == 12  # 11 records (one id is repeated) + the late one
