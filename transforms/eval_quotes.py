"""Evaluate the quote extractor against BRAT attribution annotations (PolNeAR layout).

    newsflow eval quotes --gold DIR [--limit N] [--model NAME] [--errors]

`DIR` holds `text/<article>.txt` (raw article text) and `attributions/<article>_<annotator>.ann`
(BRAT standoff). One annotation file is used per article (the first by name). Every `E` line
with a `Content` argument is one gold quote; its `Source` (if any) is the gold speaker.
`Discuss`/`Discard` are ignored.

Offsets. Gold offsets point into the RAW file text; the pipeline runs on `normalise(raw)`.
`char_alignment` builds a raw->normalised character map (normalise only deletes characters,
turns whitespace runs into one space or one blank line, and NFC-composes), and gold spans are
mapped through it, so scoring happens in normalised offsets.

Scoring (per threshold 0.3 and 0.8):
- a prediction's characters are the union of its `fragments` (the quoted pieces of an
  interrupted or multi-paragraph quote) or `[start_char, end_char)`; a gold quote's are the
  union of its (possibly discontinuous) Content spans;
- overlap(pred, gold) = |pred ∩ gold| / |gold|; pairs with overlap >= threshold are matched
  greedily one-to-one, best overlap first; precision = matched / predicted, recall =
  matched / gold.
- gold kind: `direct` if >= 90 % of the content's non-space characters lie inside quote marks,
  `mixed` if some do, else `indirect`. Recall is reported per kind.

Speaker accuracy (over quotes matched at >= 0.3 whose gold has a Source) — `speaker_matches`:
a prediction is right when
  1. its speaker name and the gold source share a content token (case-folded, ignoring
     determiners, titles, possessive 's and function words) — "Hillary Clinton" vs "Clinton",
     "Mr. Trump" vs "Donald Trump", "the Clinton campaign" vs "Clinton campaign"; or
  2. the gold Source is a pronoun or a description ("he", "the senator", "the campaign"):
     the gold span is resolved with the SAME resolver the extractor uses
     (`transforms.coref.resolve`) and rule 1 is applied to the resolved name. This is the fair
     comparison we can make without gold coreference: a pronoun is credited when the
     extractor's name agrees with what our resolver makes of the annotated pronoun, so a
     wrong subject is still penalised, while shared resolution errors are not detected
     (reported separately as `speaker_pronoun_gold` so their weight is visible); or
  3. the predicted in-text source span (`source_start_char/end_char`) overlaps the gold
     Source span (the same words were chosen, e.g. both "a source"). For a pronoun gold source
     this credits the pronoun whatever name it was resolved to, so the accuracy over gold
     sources that are no pronoun is printed too: that one checks names.
The baseline (text between double quotes, `regex_baseline`) is scored on the same gold.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from transforms.quotes import reports
from transforms.text import normalise

KINDS = ("direct", "mixed", "indirect")
THRESHOLDS = (0.3, 0.8)
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff")
_OPEN_CLOSE = {"\u201c": "\u201d", '"': '"', "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019"}


# ----------------------------------------------------------------------------- gold reading
@dataclass
class GoldAttribution:
    content_spans: list[tuple[int, int]]
    cue_spans: list[tuple[int, int]]
    source_spans: list[tuple[int, int]]
    source_text: str | None
    kind: str = "indirect"


@dataclass
class GoldArticle:
    name: str
    raw_text: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def _spans(field_: str) -> list[tuple[int, int]]:
    out = []
    for part in field_.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def parse_ann(text: str) -> list[GoldAttribution]:
    """Parse one BRAT .ann file into attributions (E lines with a Content argument)."""
    tb: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, offs = parts[1].partition(" ")
            if label in ("Discuss", "Discard") or not offs:
                continue
            try:
                tb[parts[0]] = (label, _spans(offs), parts[2] if len(parts) > 2 else "")
            except ValueError:
                continue
        elif parts[0].startswith("E"):
            args = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                args[role] = ref
            events.append(args)
    out = []
    for args in events:
        content = tb.get(args.get("Content", ""))
        if not content:
            continue
        cue = tb.get(args.get("Cue", ""))
        src = tb.get(args.get("Source", ""))
        out.append(GoldAttribution(
            content_spans=sorted(content[1]),
            cue_spans=cue[1] if cue else [],
            source_spans=src[1] if src else [],
            source_text=src[2] if src else None,
        ))
    return out


def read_gold_dir(gold_dir: str | Path, limit: int | None = None) -> list[GoldArticle]:
    """Articles with their attributions: one annotation file per article (first by name)."""
    gold_dir = Path(gold_dir)
    chosen: dict[str, Path] = {}
    for ann in sorted((gold_dir / "attributions").glob("*.ann")):
        article = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(article, ann)
    articles = []
    for article, ann in sorted(chosen.items()):
        txt = gold_dir / "text" / f"{article}.txt"
        if not txt.exists():
            continue
        raw = txt.read_text(encoding="utf-8")
        attrs = parse_ann(ann.read_text(encoding="utf-8"))
        for a in attrs:
            a.kind = gold_kind(raw, a.content_spans)
        articles.append(GoldArticle(article, raw, attrs))
        if limit and len(articles) >= limit:
            break
    return articles


# ----------------------------------------------------------------------------- kinds
def quoted_mask(text: str) -> bytearray:
    """1 for characters inside (and including) a pair of quote marks, per paragraph."""
    mask = bytearray(len(text))
    for m in re.finditer(r"[^\n]+", text):
        para, base = m.group(), m.start()
        i, n = 0, len(para)
        while i < n:
            ch = para[i]
            closers = _OPEN_CLOSE.get(ch)
            if closers and (ch != "\u2018" or i == 0 or not para[i - 1].isalnum()):
                if ch == '"' and i + 1 < n and para[i + 1] == " " and i > 0 and para[i - 1] != " ":
                    i += 1
                    continue
                j = i + 1
                while j < n and not (para[j] in closers and (para[j] != "\u2019" or j + 1 >= n or not para[j + 1].isalpha())):
                    j += 1
                end = min(j + 1, n)
                mask[base + i:base + end] = b"\x01" * (end - i)
                i = end
            else:
                i += 1
    return mask


def gold_kind(text: str, spans: list[tuple[int, int]], mask: bytearray | None = None) -> str:
    mask = mask if mask is not None else quoted_mask(text)
    inside = total = 0
    for a, b in spans:
        for k in range(a, min(b, len(text))):
            if not text[k].isspace():
                total += 1
                inside += mask[k]
    if total and inside / total >= 0.9:
        return "direct"
    if inside >= 3:
        return "mixed"
    return "indirect"


# ----------------------------------------------------------------------------- alignment
def char_alignment(raw: str, norm: str) -> list[int]:
    """raw offset -> normalised offset (len(raw) + 1 entries; deleted chars map to the next kept one)."""
    r2n = [0] * (len(raw) + 1)
    i = j = 0
    nr, nn = len(raw), len(norm)
    while i < nr:
        c = raw[i]
        if j < nn and c == norm[j]:
            r2n[i] = j
            i += 1
            j += 1
        elif c.isspace() or c in _ZERO_WIDTH or unicodedata.combining(c):
            r2n[i] = j  # deleted (collapsed whitespace, zero-width, composed accent)
            i += 1
        elif j < nn and norm[j].isspace():
            j += 1  # normalised whitespace with no raw counterpart left
        else:
            r2n[i] = min(j, nn)  # NFC substitution: advance both
            i += 1
            j += 1
    r2n[nr] = nn
    return r2n


def map_span(r2n: list[int], start: int, end: int) -> tuple[int, int]:
    if end <= start:
        return r2n[start], r2n[start]
    return r2n[start], r2n[end - 1] + 1


# ----------------------------------------------------------------------------- matching
def _chars(spans) -> set[int]:
    out: set[int] = set()
    for a, b in spans:
        out.update(range(a, b))
    return out


def greedy_match(pred_sets: list[set[int]], gold_sets: list[set[int]], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one (pred, gold, overlap) pairs with overlap = |p ∩ g| / |g| >= threshold, best first."""
    cands = []
    for gi, g in enumerate(gold_sets):
        if not g:
            continue
        for pi, p in enumerate(pred_sets):
            ov = len(p & g) / len(g)
            if ov >= threshold:
                cands.append((ov, pi, gi))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p, used_g, pairs = set(), set(), []
    for ov, pi, gi in cands:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        pairs.append((pi, gi, ov))
    return pairs


# ----------------------------------------------------------------------------- speakers
_STOP = {"the", "a", "an", "of", "and", "for", "to", "in", "on", "'s", "s", "’s", "mr", "mrs", "ms", "dr",
         "sen", "rep", "gov", "said", "his", "her", "their", "its", "this", "that", "these", "those", "who",
         "president", "senator", "candidate", "democratic", "republican", "former", "presidential", "nominee"}


def name_tokens(text: str | None) -> set[str]:
    if not text:
        return set()
    toks = re.findall(r"[\w\-]+", text.casefold().replace("’", "'"))
    return {t for t in toks if t not in _STOP and len(t) > 1}


def _name_match(a: str | None, b: str | None) -> bool:
    return bool(name_tokens(a) & name_tokens(b))


def speaker_matches(doc, quote, gold_source: str, gold_span: tuple[int, int] | None) -> bool:
    """The speaker rule documented in the module docstring."""
    if quote.speaker and _name_match(quote.speaker, gold_source):
        return True
    if gold_span is not None:
        src_a = getattr(quote, "source_start_char", None)
        src_b = getattr(quote, "source_end_char", None)
        if src_a is not None and src_b is not None and src_a < gold_span[1] and gold_span[0] < src_b:
            return True
        from transforms.coref import resolve, resolved_name

        span = doc.char_span(gold_span[0], gold_span[1], alignment_mode="expand")
        if span is not None and quote.speaker:
            target = resolve(doc, span)
            if target is not None and _name_match(quote.speaker, resolved_name(doc, target)):
                return True
    return False


# ----------------------------------------------------------------------------- baseline
_BASELINE = re.compile(r'"[^"\n]+"|\u201c[^\u201d\n]+\u201d')


def regex_baseline(text: str) -> list[tuple[int, int]]:
    """Text between double quotes (straight or curly, within a paragraph), marks included."""
    return [m.span() for m in _BASELINE.finditer(text)]


# ----------------------------------------------------------------------------- evaluate
def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "pred": npred, "gold": ngold}


def evaluate(gold_dir: str | Path, nlp=None, limit: int | None = None, collect_errors: bool = False,
             cue_classes: set[str] | None = None, with_acts: bool = False) -> dict:
    """Run the real pipeline over every article of `gold_dir` and score its `doc._.quotes`.

    `cue_classes` ({"speech"}, {"speech", "belief"}): score only the predictions of these cue
    classes, for gold that counts speech alone (PolNeAR also counts beliefs and acts such as
    "endorsed X"; a newsroom's quote list does not). `with_acts`: also score `doc._.acts`, the
    reported acts and positions that are not quotes ("Iran backed [the rebels]"), which PolNeAR
    also counts as attributions.

    Returns {"articles", "gold", "pred", "system": {"0.3": prf, "0.8": prf},
    "baseline": {...}, "recall_by_kind": {"0.3": {kind: r}, "0.8": {...}},
    "gold_by_kind", "speaker": {"accuracy", "n", "pronoun_gold"}, "seconds"}.
    """
    if nlp is None:
        from transforms.nlp import load_pipeline

        nlp = load_pipeline()
    articles = read_gold_dir(gold_dir, limit=limit)
    t0 = time.time()
    stats = {th: {"tp": 0, "pred": 0, "gold": 0, "btp": 0, "bpred": 0,
                  "kind_tp": dict.fromkeys(KINDS, 0)} for th in THRESHOLDS}
    gold_by_kind = dict.fromkeys(KINDS, 0)
    pred_by_kind = dict.fromkeys(KINDS, 0)
    by_class: dict[str, list[int]] = {}  # cue class -> [predicted, matched at >= 0.3]
    spk_ok = spk_n = spk_pron = spk_named_ok = 0
    errors: list[dict] = []
    norms = [normalise(a.raw_text) for a in articles]
    from transforms.coref import PRONOUNS

    for art, norm, doc in zip(articles, norms, nlp.pipe(norms, batch_size=8)):
        r2n = char_alignment(art.raw_text, norm)
        gold_sets, golds = [], []
        for g in art.attributions:
            spans = [map_span(r2n, a, b) for a, b in g.content_spans]
            gold_sets.append(_chars(spans))
            golds.append((g, spans))
            gold_by_kind[g.kind] += 1
        found = reports(doc) if with_acts else doc._.quotes or []
        quotes = [q for q in found if cue_classes is None or (q.cue_class or "speech") in cue_classes]
        pred_sets = [_chars(getattr(q, "fragments", None) or [(q.start_char, q.end_char)]) for q in quotes]
        for q in quotes:
            pred_by_kind[q.kind] = pred_by_kind.get(q.kind, 0) + 1
        base_sets = [_chars([s]) for s in regex_baseline(norm)]
        for th in THRESHOLDS:
            st = stats[th]
            pairs = greedy_match(pred_sets, gold_sets, th)
            st["tp"] += len(pairs)
            st["pred"] += len(pred_sets)
            st["gold"] += len(gold_sets)
            for _, gi, _ in pairs:
                st["kind_tp"][golds[gi][0].kind] += 1
            st["btp"] += len(greedy_match(base_sets, gold_sets, th))
            st["bpred"] += len(base_sets)
            if th == 0.3:
                matched = {pi for pi, _, _ in pairs}
                for pi, q in enumerate(quotes):
                    counts = by_class.setdefault(q.cue_class or "speech", [0, 0])
                    counts[0] += 1
                    counts[1] += pi in matched
                for pi, gi, _ in pairs:
                    g, _spans = golds[gi]
                    if not g.source_spans:
                        continue
                    gs = map_span(r2n, g.source_spans[0][0], g.source_spans[-1][1])
                    ok = speaker_matches(doc, quotes[pi], g.source_text or "", gs)
                    spk_n += 1
                    spk_ok += ok
                    if (g.source_text or "").strip().lower() in PRONOUNS:
                        spk_pron += 1
                    else:
                        spk_named_ok += ok
                    if collect_errors and not ok:
                        errors.append({"article": art.name, "type": "speaker", "gold_source": g.source_text,
                                       "pred_speaker": quotes[pi].speaker, "quote": quotes[pi].text[:100]})
                if collect_errors:
                    mp = {p for p, _, _ in pairs}
                    mg = {g for _, g, _ in pairs}
                    for gi, (g, spans) in enumerate(golds):
                        if gi not in mg:
                            errors.append({"article": art.name, "type": "missed", "kind": g.kind,
                                           "text": " | ".join(norm[a:b] for a, b in spans)[:200]})
                    for pi, q in enumerate(quotes):
                        if pi not in mp:
                            errors.append({"article": art.name, "type": "spurious", "kind": q.kind,
                                           "text": q.text[:200], "speaker": q.speaker, "cue": q.cue})
    out = {"articles": len(articles), "seconds": round(time.time() - t0, 1),
           "cue_classes": sorted(cue_classes) if cue_classes else None, "with_acts": with_acts,
           "gold_by_kind": gold_by_kind, "pred_by_kind": pred_by_kind,
           "system": {}, "baseline": {}, "recall_by_kind": {},
           "precision_by_cue_class": {c: {"pred": n, "precision": tp / n if n else 0.0}
                                      for c, (n, tp) in sorted(by_class.items())}}
    for th in THRESHOLDS:
        st = stats[th]
        out["system"][str(th)] = _prf(st["tp"], st["pred"], st["gold"])
        out["baseline"][str(th)] = _prf(st["btp"], st["bpred"], st["gold"])
        out["recall_by_kind"][str(th)] = {k: (st["kind_tp"][k] / gold_by_kind[k] if gold_by_kind[k] else 0.0)
                                          for k in KINDS}
    named = spk_n - spk_pron
    out["speaker"] = {"accuracy": spk_ok / spk_n if spk_n else 0.0, "n": spk_n, "pronoun_gold": spk_pron,
                      "accuracy_named_gold": spk_named_ok / named if named else 0.0}
    if collect_errors:
        out["errors"] = errors
    return out


def agreement(gold_dir: str | Path, other_dir: str | Path) -> dict:
    """Score a second annotation of the same articles (`other_dir`) against `gold_dir` exactly as the
    extractor is scored: how far two annotators agree is the ceiling a figure on such gold can mean.
    Returns {"articles", "gold", "other", "system": {"0.3": prf, "0.8": prf}} for the articles in both."""
    a = {art.name: art for art in read_gold_dir(gold_dir)}
    b = {art.name: art for art in read_gold_dir(other_dir)}
    names = sorted(a.keys() & b.keys())
    stats = {th: [0, 0, 0] for th in THRESHOLDS}  # tp, other, gold
    for name in names:
        gold_sets = [_chars(g.content_spans) for g in a[name].attributions]
        other_sets = [_chars(g.content_spans) for g in b[name].attributions]
        for th in THRESHOLDS:
            st = stats[th]
            st[0] += len(greedy_match(other_sets, gold_sets, th))
            st[1] += len(other_sets)
            st[2] += len(gold_sets)
    return {"articles": len(names), "gold": stats[0.3][2], "other": stats[0.3][1],
            "system": {str(th): _prf(tp, n, g) for th, (tp, n, g) in stats.items()}}


def format_report(res: dict) -> str:
    lines = [f"quotes evaluation: {res['articles']} articles, {sum(res['gold_by_kind'].values())} gold quotes "
             f"({', '.join(f'{k} {v}' for k, v in res['gold_by_kind'].items())}), {res['seconds']} s"]
    if res.get("cue_classes"):
        lines.append(f"scoring only predictions of cue class {', '.join(res['cue_classes'])}")
    if res.get("with_acts"):
        lines.append("scoring reported acts too (doc._.acts: 'Iran backed [the rebels]')")
    lines.append(f"{'':22}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'tp':>7}")
    for name in ("system", "baseline"):
        for th in THRESHOLDS:
            m = res[name][str(th)]
            lines.append(f"{name + ' >= ' + str(th):22}{m['precision']:7.3f}{m['recall']:7.3f}{m['f1']:7.3f}"
                         f"{m['pred']:7d}{m['tp']:7d}")
    for th in THRESHOLDS:
        rk = res["recall_by_kind"][str(th)]
        lines.append(f"recall by kind >= {th}: " + ", ".join(f"{k} {rk[k]:.3f}" for k in KINDS))
    lines.append("predicted by kind: " + ", ".join(f"{k} {v}" for k, v in res["pred_by_kind"].items()))
    lines.append("precision >= 0.3 by cue class: " + ", ".join(
        f"{c} {m['precision']:.3f} of {m['pred']}" for c, m in res.get("precision_by_cue_class", {}).items()))
    sp = res["speaker"]
    lines.append(f"speaker accuracy (matched >= 0.3 with a gold source): {sp['accuracy']:.3f} "
                 f"over {sp['n']} ({sp['pronoun_gold']} with a pronoun gold source)")
    lines.append(f"speaker accuracy, gold sources other than pronouns: {sp['accuracy_named_gold']:.3f} "
                 f"over {sp['n'] - sp['pronoun_gold']} (for a pronoun only the words are checked, not the name)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="newsflow eval quotes", description="Score quote extraction on BRAT attribution data.")
    ap.add_argument("--gold", required=True, help="folder with text/ and attributions/")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--model", default=None, help="spaCy model package (default: as the pipeline)")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="also print N error examples of each type")
    ap.add_argument("--cue-class", default=None, metavar="CLASSES",
                    help="score only predictions of these cue classes, comma-separated (speech, belief, other): "
                         "for gold that counts speech alone")
    ap.add_argument("--with-acts", action="store_true",
                    help="also score reported acts and positions that are not quotes ('Iran backed [the rebels]'), "
                         "for gold that counts them as PolNeAR does")
    ap.add_argument("--agreement", default=None, metavar="DIR",
                    help="instead of the extractor, score a second annotation of the same articles (DIR) against "
                         "--gold: how far two annotators agree")
    args = ap.parse_args(argv)
    if args.agreement:
        res = agreement(args.gold, args.agreement)
        print(f"agreement: {res['articles']} articles, {res['gold']} attributions in --gold, {res['other']} in {args.agreement}")
        for th in THRESHOLDS:
            m = res["system"][str(th)]
            print(f"overlap >= {th}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} ({m['tp']} matched)")
        return 0
    classes = {c.strip() for c in args.cue_class.split(",") if c.strip()} if args.cue_class else None
    if classes and not classes <= {"speech", "belief", "other"}:
        ap.error(f"--cue-class: unknown class {', '.join(sorted(classes - {'speech', 'belief', 'other'}))} "
                 "(use speech, belief, other)")
    if not read_gold_dir(args.gold, limit=1):
        ap.error(f"--gold {args.gold}: no annotated articles there (expected text/NAME.txt and "
                 "attributions/NAME_*.ann, as in PolNeAR)")
    from transforms.nlp import load_pipeline

    res = evaluate(args.gold, nlp=load_pipeline(args.model), limit=args.limit, collect_errors=bool(args.errors),
                   cue_classes=classes, with_acts=args.with_acts)
    print(format_report(res))
    if args.errors:
        by_type: dict[str, list] = {}
        for e in res["errors"]:
            by_type.setdefault(e["type"], []).append(e)
        for t, es in by_type.items():
            print(f"\n--- {t} ({len(es)})")
            for e in es[: args.errors]:
                print("  ", {k: v for k, v in e.items() if k != "type"})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
