"""`newsflow eval stance --gold FILE [FILE ...]`: macro-F1, accuracy and per-class F1 of the
stance model on NewsMTSC-style per-target JSON lines ({"sentence","from","to","polarity"})."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from transforms.stance_model import LABELS, StanceModel, evaluate


def check_cues(path: Path, model: StanceModel) -> dict:
    """How the speaker-cue rule does where it fires on gold sentences (every sentence treated as
    said by a speaker: NewsMTSC has no holders, so this measures the rule's polarity, not its scope)."""
    import spacy

    from transforms.model_choice import choose_model
    from transforms.stance import POLARITY
    from transforms.stance_cues import cue_polarity, evaluations
    from transforms.stance_model import _gold_label

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = spacy.load(choose_model(), disable=["ner"])
    sentences = sorted({r["sentence"] for r in records})
    docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=64)))
    fired = []
    for r in records:
        doc = docs[r["sentence"]]
        target = doc.char_span(r["from"], r["to"], alignment_mode="expand")
        sign = cue_polarity(evaluations(doc[:]), target)[0] if target is not None else 0
        if sign:
            fired.append((r, POLARITY[sign]))
    preds = model.predict([(r["sentence"], [(r["from"], r["to"])]) for r, _ in fired])
    rule_right = sum(1 for r, lab in fired if lab == _gold_label(r["polarity"]))
    model_right = sum(1 for (r, _), p in zip(fired, preds) if p[0][0] == _gold_label(r["polarity"]))
    return {"n": len(records), "fired": len(fired), "rule_right": rule_right, "model_right": model_right,
            "rule_precision": rule_right / len(fired) if fired else 0.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newsflow eval stance", description=__doc__)
    ap.add_argument("--gold", nargs="+", required=True, type=Path, help="per-target JSON-lines file(s)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--cues", action="store_true",
                    help="also check the speaker-cue rule (stance_cues.py): where it fires on the gold, "
                         "how often its polarity is right, and the model's on the same targets")
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
        if args.cues:
            results[str(path)]["cues"] = check_cues(path, model)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for path, r in results.items():
        per_class = "  ".join(f"{label} {r['f1'][label]:.3f}" for label in LABELS)
        print(f"{path}\n  n {r['n']}  macro-F1 {r['macro_f1']:.4f}  accuracy {r['accuracy']:.4f}\n"
              f"  per-class F1: {per_class}  ({r['seconds']} s)")
        if "cues" in r:
            c = r["cues"]
            print(f"  cue rule fires on {c['fired']} of {c['n']} targets: right {c['rule_right']} "
                  f"({c['rule_precision']:.3f}); the model on the same targets: right {c['model_right']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
