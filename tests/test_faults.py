"""Faults around the data dir: unwritable, a file in its place, a full disk. Each gives one
clear line, a non-zero exit, and leaves the previous warehouse intact."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SEED, table


def newsflow(*args):
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env={k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"})


def _mount_tmpfs(path, size):
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if r.returncode != 0:
        pytest.skip("needs root to mount a small tmpfs (a disk that can fill up)")


def test_data_dir_is_a_file(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    r = newsflow("run", str(SEED), "--data-dir", str(tmp_path / "data"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.strip() == (
        f"newsflow: data dir {tmp_path / 'data'} is a file, not a folder (choose another with --data-dir)")


def test_read_only_data_dir(tmp_path):
    ro = tmp_path / "ro"
    _mount_tmpfs(ro, "5m")
    try:
        subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
        r = newsflow("run", str(SEED), "--data-dir", str(ro / "data"))
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
        assert "cannot write to data dir" in r.stderr and "--data-dir" in r.stderr
    finally:
        subprocess.run(["umount", str(ro)])


def test_full_disk_keeps_the_old_warehouse(tmp_path):
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "24m")
    try:
        src, data = disk / "in", disk / "data"
        src.mkdir()
        shutil.copy(SEED, src / "seed.txt")
        assert newsflow("run", str(src), "--data-dir", str(data), "--workers", "1").returncode == 0
        before = table(data, "select count(*) from entity_mentions")
        added = sorted(os.listdir(ROOT / "seeds" / "wikinews"))[:5]
        for name in added:
            shutil.copy(ROOT / "seeds" / "wikinews" / name, src / name)
        free = shutil.disk_usage(disk).free
        with open(disk / "filler", "wb") as fh:  # leave ~64 KB: enough to start, not to finish
            fh.truncate(0)
            fh.write(b"\0" * (free - (64 << 10)))
        r = newsflow("run", str(src), "--data-dir", str(data), "--workers", "1")
        assert r.returncode == 2, r.stderr
        assert r.stderr.strip().splitlines() == [
            f"newsflow: disk full while writing {data}: free some space and rerun (the previous warehouse is intact)"]
        assert table(data, "select count(*) from entity_mentions") == before
        (disk / "filler").unlink()
        r = newsflow("run", str(src), "--data-dir", str(data), "--workers", "1")
        assert r.returncode == 0, r.stderr
        assert table(data, "select count(*) from articles") == [(1 + len(added),)]
    finally:
        subprocess.run(["umount", str(disk)])
