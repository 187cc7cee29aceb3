"""Concept accuracy of extracted records against gold: are numbers put under the right concept?

Usage: python score_concepts.py --gold GOLD_DIR_OR_FILE [...] --pred PRED.jsonl [--misses N] [--json]

Records are paired exactly as score.py pairs them on numbers alone (same document, line span covering the gold
line, at least one agreeing number). Over the pairs whose gold has a concept:
  accuracy  = share whose predicted concept equals the gold's;
  precision = of the pairs where the prediction gives a concept, the share equal to the gold's (a wrong concept is
              worse than none: a comparison chart then ranks the number among others of another quantity);
  coverage  = share where the prediction gives any concept.
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

from chitieu.evaluate import scoring as S  # the team's score.py, copied as scoring.py


def pairs(gold: list[dict], pred: list[dict]):
    by_pred: dict[str, list[dict]] = {}
    for p in pred:
        by_pred.setdefault(S.doc_of(p), []).append(p)
    by_gold: dict[str, list[dict]] = {}
    for g in gold:
        by_gold.setdefault(S.doc_of(g), []).append(g)
    for doc, golds in sorted(by_gold.items()):
        preds = by_pred.get(doc, [])
        cands = []
        for gi, g in enumerate(golds):
            gl = int(g["line"])
            keys = {f for f, gv, _, _ in S.field_pairs(g, {}, False) if gv is not None and S.identifies(f)}
            for pi, p in enumerate(preds):
                lo, hi = S.span(p)
                if lo <= gl <= hi:
                    agree = [f for f, *_, ok in S.field_pairs(g, p, False) if ok]
                    k = len(keys.intersection(agree))
                    if k:
                        cands.append((-k, -len(agree), abs(int(S.num(p.get("line")) or 0) - gl), pi, gi))
        cands.sort()
        gu: set[int] = set()
        pu: set[int] = set()
        for *_, pi, gi in cands:
            if gi in gu or pi in pu:
                continue
            gu.add(gi)
            pu.add(pi)
            yield doc, golds[gi], preds[pi]


def concept_scores(gold: list[dict], pred: list[dict]) -> dict:
    """paired, right, given, accuracy, precision, coverage and the misses (as lines) over the paired records
    whose gold has a concept."""
    n = right = given = 0
    misses = []
    for doc, g, p in pairs(gold, pred):
        gc, pc = g.get("concept"), p.get("concept")
        if not gc:
            continue
        n += 1
        given += pc is not None
        right += pc == gc
        if pc != gc:
            misses.append(f"  {doc} {g.get('key')} line {g.get('line')}: gold={gc} pred={pc}  ({g.get('name_vi')})")
    return {"paired": n, "right": right, "given": given, "accuracy": right / n if n else 0.0,
            "precision": right / given if given else 0.0, "coverage": given / n if n else 0.0, "misses": misses}


def total_line(t: dict) -> str:
    return (f"TOTAL concepts paired={t['paired']} right={t['right']} given={t['given']} accuracy={t['accuracy']:.3f} "
            f"precision={t['precision']:.3f} coverage={t['coverage']:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", nargs="+", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--misses", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    gold = [r for g in a.gold for r in S.load_gold(g)]
    pred = S.load_records(pathlib.Path(a.pred))
    t = concept_scores(gold, pred)
    for m in t["misses"][: a.misses]:
        print(m)
    print(total_line(t))
    if a.json:
        print(json.dumps({k: v for k, v in t.items() if k != "misses"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
