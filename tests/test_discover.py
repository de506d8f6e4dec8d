import os

from transforms.discover import discover
from transforms.plan import make_plan, shards


def test_recursive_sorted_hidden_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "README.md").write_text("about this folder")
    (tmp_path / "b" / "LICENSE.txt").write_text("CC BY")
    (tmp_path / "name with spaces é.txt").write_text("s")
    found, problems = discover([tmp_path])
    names = [os.path.relpath(f.path, tmp_path) for f in found]
    assert names == ["a.txt", "b/z.txt", "name with spaces é.txt"]
    assert problems == []


def test_symlink_loop_and_missing_path(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("x")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    found, problems = discover([tmp_path, tmp_path / "nope"])
    assert [os.path.basename(f.path) for f in found] == ["x.txt"]
    reasons = " | ".join(p.reason for p in problems)
    assert "link loop" in reasons and "no such file" in reasons


def test_plan_skips_unchanged_by_size_and_mtime(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    plan = make_plan([tmp_path], tmp_path / "data")
    assert len(plan.todo) == 1 and plan.skipped == 0 and plan.seen == 1


def test_shards_cover_everything_in_order():
    from transforms.discover import FoundFile

    todo = [(FoundFile(f"/f{i}", 1000 * (i % 7 + 1), 0), "") for i in range(500)]
    out = shards(todo, workers=2)
    assert [x for s in out for x in s] == todo
    assert len(out) >= 8 and all(len(s) <= 256 for s in out)
    size = [sum(f.size for f, _ in s) for s in out]
    assert size[0] > 4 * size[-1]  # shrinking: the workers finish together


def test_the_same_file_named_two_ways_is_one_file(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("a")
    found, _ = discover([tmp_path / "in" / "a.txt", f"{tmp_path}/in/../in/./a.txt", tmp_path / "in"])
    assert [f.path for f in found] == [str(tmp_path / "in" / "a.txt")]


def test_a_named_pipe_is_reported_not_skipped_silently_or_read(tmp_path):
    # a pipe in the folder was skipped with no reject; named directly, reading it would wait forever
    (tmp_path / "a.txt").write_text("a")
    os.mkfifo(tmp_path / "feed.txt")
    for paths in ([tmp_path], [tmp_path / "feed.txt"]):
        found, problems = discover(paths)
        assert all(not f.path.endswith("feed.txt") for f in found)
        assert [(os.path.basename(p.path), "named pipe" in p.reason) for p in problems] == [("feed.txt", True)]
