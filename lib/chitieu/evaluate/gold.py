"""Scoring the extractor on every gold folder the project holds, per document, per source and per layout form,
so a regression in one form (bullets, inline items, tables one cell per line ...) shows.

Gold sets are data in the repository: the seed reports (tests/fixtures/gold, texts in data/raw), the
development set of other localities (gold and `<doc>.meta.json` in tests/fixtures/devset, texts in data/examples)
and the probe: twenty texts of further localities and layouts written for reviews, with their gold beside them
(tests/fixtures/probe).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ..paths import DEVSET, EXAMPLES, GOLD, PROBE, RAW
from . import score_meta, scoring

BATCHES_FILE = "batches.csv"
LATER = "later"   # texts of other localities added after the extractor was tuned on the first ones


@dataclass(frozen=True)
class GoldSet:
    name: str
    gold_dir: Path
    text_dir: Path


GOLD_SETS = (GoldSet("seeds", GOLD, RAW), GoldSet("devset", DEVSET, EXAMPLES), GoldSet("probe", PROBE, PROBE))


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


def metadata_accuracy(gold_dir: Path, documents: list[dict]) -> dict | None:
    """The documents frame against `<doc>.meta.json`, field by field, as the team's metadata scorer counts it
    (score_meta.py: locality folded, a null in the gold of the term, year and date fields scored too)."""
    gold = {p.name.removesuffix(".meta.json"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(Path(gold_dir).glob("*.meta.json"))}
    if not gold:
        return None
    return score_meta.score(gold, {d["doc_id"]: d for d in documents})


def later_docs(gold_dir: Path) -> set[str]:
    """The documents a set added later (`batches.csv` beside its gold: doc,batch), scored apart as well."""
    path = Path(gold_dir) / BATCHES_FILE
    if not path.exists():
        return set()
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["doc"] for row in csv.DictReader(fh) if row["batch"] == LATER}


def subset_total(gold: list[dict], pred: list[dict], docs: set[str], concepts: bool = False) -> dict:
    """The scorer's totals over some documents only."""
    return scoring.score(_subset(gold, None, docs), _subset(pred, None, docs), concepts)["total"]
