"""`newsflow eval stance --gold FILE [FILE ...]`: macro-F1, accuracy and per-class F1 of the
stance model on NewsMTSC-style per-target JSON lines ({"sentence","from","to","polarity"})."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from transforms.stance_model import LABELS, StanceModel, evaluate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newsflow eval stance", description=__doc__)
    ap.add_argument("--gold", nargs="+", required=True, type=Path, help="per-target JSON-lines file(s)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    for path in args.gold:
        if not path.exists():
            print(f"newsflow: gold file not found: {path}", file=sys.stderr)
            return 2
    model = StanceModel.load()
    results = {}
    for path in args.gold:
        start = time.perf_counter()
        results[str(path)] = {**evaluate(path, model), "seconds": round(time.perf_counter() - start, 2)}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for path, r in results.items():
        per_class = "  ".join(f"{label} {r['f1'][label]:.3f}" for label in LABELS)
        print(f"{path}\n  n {r['n']}  macro-F1 {r['macro_f1']:.4f}  accuracy {r['accuracy']:.4f}\n"
              f"  per-class F1: {per_class}  ({r['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
