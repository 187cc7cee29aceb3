"""Score document metadata (JSON Lines from `chitieu extract --table documents`) against <doc>.meta.json files.

Usage: score_meta.py --gold DIR [DIR ...] --pred FILE.jsonl [--misses]
Fields: locality (diacritics and case folded for the comparison too: both forms are reported), level, parent,
report_kind, medium, term_start, term_end, year_reviewed, date (a null in the gold of the last five is scored too). A prediction's document id may be "x", "x.ocr" or a path stem.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import unicodedata

FIELDS = ("locality", "level", "parent", "report_kind", "medium", "term_start", "term_end", "year_reviewed", "date")
# fields whose null in the gold is itself the answer (a prediction must be null too)
NULL_COUNTS = ("parent", "term_start", "term_end", "year_reviewed", "date")


def fold(v):
    if v is None:
        return None
    s = unicodedata.normalize("NFD", str(v)).replace("đ", "d").replace("Đ", "D")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower().strip()
    for w in ("tinh ", "thanh pho ", "tp ", "tp. ", "huyen ", "thi xa ", "phuong ", "xa "):
        s = s.removeprefix(w)
    return s.replace("–", "-").replace(" - ", "-")


def norm_doc(d: str) -> str:
    d = pathlib.Path(str(d)).name
    for suf in (".txt", ".ocr"):
        d = d.removesuffix(suf)
    return d


def score(gold: dict[str, dict], pred: dict[str, dict]) -> dict:
    """Per field (right, total), the misses and the accuracy of predicted documents against gold ones (by doc)."""
    right = total = 0
    per_field = {f: [0, 0] for f in FIELDS}
    misses = []
    for d, m in sorted(gold.items()):
        p = pred.get(d, {})
        for f in FIELDS:
            gv, pv = m.get(f), p.get(f)
            if gv is None and (f not in NULL_COUNTS or f not in m):
                continue
            ok = (fold(gv) == fold(pv)) if f in ("locality", "parent") else (str(gv) == str(pv) if gv is not None else pv is None)
            if f in ("term_start", "term_end", "year_reviewed") and gv is not None and pv is not None:
                try:
                    ok = int(gv) == int(pv)
                except (TypeError, ValueError):
                    ok = False
            per_field[f][0] += ok
            per_field[f][1] += 1
            right += ok
            total += 1
            if not ok:
                misses.append({"doc": d, "field": f, "gold": gv, "pred": pv})
    return {"fields": per_field, "misses": misses, "right": right, "total": total,
            "accuracy": right / total if total else 0.0}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", nargs="+", required=True)
    ap.add_argument("--pred", required=True)
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    gold = {}
    for g in a.gold:
        for f in sorted(pathlib.Path(g).glob("*.meta.json")):
            m = json.loads(f.read_text(encoding="utf-8"))
            gold[norm_doc(m["doc"])] = m
    pred = {}
    for line in pathlib.Path(a.pred).read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            pred[norm_doc(r.get("doc_id") or r.get("doc"))] = r
    s = score(gold, pred)
    if a.misses:
        for m in s["misses"]:
            print(f"  {m['doc']} {m['field']}: gold={m['gold']!r} pred={m['pred']!r}")
    for f, (r, t) in s["fields"].items():
        print(f"{f:12s} {r}/{t}")
    print(f"TOTAL metadata fields {s['right']}/{s['total']} accuracy={s['accuracy']:.3f} documents={len(gold)} "
          f"predicted={sum(d in pred for d in gold)}")
    if a.json:
        print(json.dumps({"accuracy": s["accuracy"], "right": s["right"], "total": s["total"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
