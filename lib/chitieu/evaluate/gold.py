"""Scoring the extractor on every gold folder the project holds, per document, per source and per layout form,
so a regression in one form (bullets, inline items, tables one cell per line ...) shows.

Gold sets are data in the repository: the seed reports (tests/fixtures/gold, texts in data/raw) and the
development set of other localities (gold and `<doc>.meta.json` in tests/fixtures/devset, texts in data/examples).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..paths import DEVSET, EXAMPLES, GOLD, RAW
from . import scoring


@dataclass(frozen=True)
class GoldSet:
    name: str
    gold_dir: Path
    text_dir: Path


GOLD_SETS = (GoldSet("seeds", GOLD, RAW), GoldSet("devset", DEVSET, EXAMPLES))


def gold_files(gold_dir: Path) -> list[Path]:
    return sorted(p for p in Path(gold_dir).glob("*.json") if not p.name.endswith(".meta.json"))


def texts_for(gs: GoldSet) -> list[Path]:
    """The texts that have gold in the set (the file stem is the document id)."""
    docs = {p.stem for p in gold_files(gs.gold_dir)}
    return [p for p in sorted(Path(gs.text_dir).glob("*.txt")) if p.stem in docs]


def forms_of(gold_dir: Path) -> dict[str, list[str]]:
    """doc -> its layout forms, from `<doc>.meta.json` where there is one."""
    out = {}
    for meta in Path(gold_dir).glob("*.meta.json"):
        out[meta.name.removesuffix(".meta.json")] = json.loads(meta.read_text(encoding="utf-8")).get("forms", [])
    return out


def _subset(records: list[dict], source: str | None, docs: set[str] | None) -> list[dict]:
    return [r for r in records if (source is None or r.get("source") == source)
            and (docs is None or scoring.doc_of(r) in docs)]


def evaluate(gold: list[dict], pred: list[dict], forms: dict[str, list[str]], concepts: bool = False) -> dict:
    """Totals overall, per source (prose / table) and per layout form; documents as the scorer gives them."""
    report = scoring.score(gold, pred, concepts)
    by_source = {}
    for source in ("prose", "table"):
        g = _subset(gold, source, None)
        if g:
            by_source[source] = scoring.score(g, _subset(pred, source, None), concepts)["total"]
    by_form = {}
    for form in sorted({f for fs in forms.values() for f in fs}):
        docs = {d for d, fs in forms.items() if form in fs}
        by_form[form] = scoring.score(_subset(gold, None, docs), _subset(pred, None, docs), concepts)["total"]
    return {"docs": report["docs"], "total": report["total"], "source": by_source, "form": by_form,
            "misses": report["misses"]}


def load_gold(gs: GoldSet) -> list[dict]:
    gold: list[dict] = []
    for f in gold_files(gs.gold_dir):
        gold.extend(scoring.load_records(f))
    return gold


# the metadata fields the documents frame is held to (the year reviewed and the date are printed too)
SCORED_META_FIELDS = ("locality", "level", "parent", "report_kind", "term_start", "term_end")


def metadata_accuracy(gold_dir: Path, documents: list[dict]) -> dict | None:
    """Per field of `<doc>.meta.json`: how many documents the documents frame gets right, and the misses."""
    from ..extract.metadata import META_FIELDS

    gold = {p.name.removesuffix(".meta.json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(Path(gold_dir).glob("*.meta.json"))}
    if not gold:
        return None
    pred = {d["doc_id"]: d for d in documents}
    fields = {f: {"right": 0, "total": 0} for f in META_FIELDS}
    misses = []
    for doc, g in gold.items():
        p = pred.get(doc, {})
        for f in META_FIELDS:
            fields[f]["total"] += 1
            if p.get(f) == g.get(f):
                fields[f]["right"] += 1
            else:
                misses.append({"doc": doc, "field": f, "gold": g.get(f), "pred": p.get(f)})
    right = sum(fields[f]["right"] for f in SCORED_META_FIELDS)
    total = sum(fields[f]["total"] for f in SCORED_META_FIELDS)
    return {"fields": fields, "misses": misses, "scored": right / total if total else 0.0,
            "scored_fields": f"{right}/{total} of " + ", ".join(SCORED_META_FIELDS)}
