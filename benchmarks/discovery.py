"""How long a no-change rerun takes to decide there is nothing to do, over many small files.

    python benchmarks/discovery.py [--files 10000]

Ingests N small files once, then times discovery on a rerun (`make_plan`: walk, stat, compare
size and mtime with the `files` table; no file is read) and a whole no-change `newsflow run`.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10_000)
    args = ap.parse_args(argv)
    from transforms.plan import make_plan

    newsflow = str(Path(sys.executable).parent / "newsflow")
    with tempfile.TemporaryDirectory(prefix="newsflow-discovery-") as tmp:
        src, data = Path(tmp) / "in", Path(tmp) / "data"
        for i in range(args.files):
            d = src / f"{i // 1000:03d}"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"{i:06d}.txt").write_text(f"Item {i}: the council met in Paris on Monday.", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([newsflow, "run", str(src), "--data-dir", str(data), "--quiet"], check=True)
        print(f"first run over {args.files:,} files: {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        plan = make_plan([str(src)], data)
        took = time.perf_counter() - start
        assert not plan.todo and plan.skipped == args.files
        print(f"discovery on a no-change rerun: {took:.2f} s ({plan.seen:,} files seen, {len(plan.todo)} to do)")
        start = time.perf_counter()
        subprocess.run([newsflow, "run", str(src), "--data-dir", str(data), "--quiet"], check=True)
        print(f"whole no-change newsflow run: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
