"""The development set: 60 reports of other localities (tests/fixtures/devset), scored with the team's scorers."""

import json
from pathlib import Path

import pytest

from chitieu.cli import _records
from chitieu.evaluate import gold as evaluation
from chitieu.extract.document import extract_file
from chitieu.paths import DEVSET, EXAMPLES

SIGNATURE = ("target", "target_low", "target_high", "actual", "achievement_pct")


@pytest.fixture(scope="module")
def report():
    gs = next(g for g in evaluation.GOLD_SETS if g.name == "devset")
    records, errors = _records([str(p) for p in evaluation.texts_for(gs)])
    assert not errors
    return evaluation.evaluate(evaluation.load_gold(gs), records, evaluation.forms_of(gs.gold_dir))


def test_prose_meets_the_bar(report):
    """Issue: prose records (gold and predictions with source 'prose') field F1 >= 0.90, record recall >= 0.90."""
    prose = report["source"]["prose"]
    assert prose["field_f1"] >= 0.90 and prose["record_recall"] >= 0.90


def test_tables_meet_the_bar(report):
    """Issues 2, 26: table records (gold and predictions with source 'table') of all 60 texts field F1 >= 0.93,
    record recall >= 0.93."""
    table = report["source"]["table"]
    assert table["field_f1"] >= 0.93 and table["record_recall"] >= 0.93


def test_whole_devset_meets_the_bar(report):
    """Issue #21: the 60 devset texts field F1 >= 0.93 and record recall >= 0.93, no document below 0.75."""
    assert report["total"]["field_f1"] >= 0.93 and report["total"]["record_recall"] >= 0.93
    weak = {doc: d["field_f1"] for doc, d in report["docs"].items() if d["field_f1"] < 0.75}
    assert weak == {}


def test_texts_added_later_meet_the_bar():
    """Issue #21: the 21 texts of other provinces added after the extractor was tuned, alone, field F1 >= 0.90."""
    gs = next(g for g in evaluation.GOLD_SETS if g.name == "devset")
    later = evaluation.later_docs(gs.gold_dir)
    assert len(later) == 21
    records, _ = _records([str(p) for p in evaluation.texts_for(gs) if p.stem in later])
    assert evaluation.subset_total(evaluation.load_gold(gs), records, later)["field_f1"] >= 0.90


def test_the_probe_texts_meet_the_bar():
    """Twenty texts of further localities and layouts written for reviews (tests/fixtures/probe): field F1 and
    record recall >= 0.95, metadata >= 0.95 — the rules they showed missing stay general."""
    from chitieu.cli import _extracted

    gs = next(g for g in evaluation.GOLD_SETS if g.name == "probe")
    records, documents, errors = _extracted([str(p) for p in evaluation.texts_for(gs)])
    assert not errors
    total = evaluation.evaluate(evaluation.load_gold(gs), records, {})["total"]
    assert total["field_f1"] >= 0.95 and total["record_recall"] >= 0.95, total
    assert evaluation.metadata_accuracy(gs.gold_dir, documents)["accuracy"] >= 0.95


@pytest.mark.parametrize("name, accuracy, precision", [("devset", 0.90, 0.97), ("seeds", 0.95, None)])
def test_concepts_meet_the_bar(name, accuracy, precision):
    """Issue #23: the team's concept scorer (`score_concepts.py`) on the devset, accuracy >= 0.90 and precision
    >= 0.97, and the team's scorer with --concepts, field F1 >= 0.88; on the seeds, accuracy >= 0.95."""
    from chitieu.evaluate.score_concepts import concept_scores

    gs = next(g for g in evaluation.GOLD_SETS if g.name == name)
    records, _ = _records([str(p) for p in evaluation.texts_for(gs)])
    gold = evaluation.load_gold(gs)
    scores = concept_scores(gold, records)
    assert scores["accuracy"] >= accuracy, scores["misses"][:30]
    assert precision is None or scores["precision"] >= precision, scores["misses"][:30]
    if name == "devset":
        assert evaluation.evaluate(gold, records, {}, concepts=True)["total"]["field_f1"] >= 0.88


def test_every_layout_form_is_reported(report):
    assert {"bullets", "news_prose", "numbered_items", "table_cell_per_line"} <= set(report["form"])


def _signature(record: dict) -> tuple:
    return tuple(round(record[k], 6) if isinstance(record.get(k), (int, float)) else None for k in SIGNATURE)


def _matching(path: Path, gold: list[tuple]) -> int:
    """Records whose numbers are those of a gold record (lines differ between a text and its clean twin)."""
    _, found = extract_file(path)
    pool, n = list(gold), 0
    for sig in (_signature(i.as_record()) for i in found):
        if any(v is not None for v in sig) and sig in pool:
            pool.remove(sig)
            n += 1
    return n


def test_clean_twins_extract_as_much_as_their_degraded_texts():
    """The same report with every diacritic must not yield fewer matching records than its OCR-damaged copy."""
    worse = []
    for gold_file in evaluation.gold_files(DEVSET):
        doc = gold_file.stem
        gold = [_signature(r) for r in json.loads(gold_file.read_text(encoding="utf-8"))]
        degraded, clean = _matching(EXAMPLES / f"{doc}.txt", gold), _matching(DEVSET / "clean" / f"{doc}.txt", gold)
        if clean < degraded:
            worse.append((doc, degraded, clean))
    assert worse == []


def test_metadata_meets_the_bar():
    """Issue #21: >= 95% of the fields locality, level, parent, report_kind, medium, term_start, term_end,
    year_reviewed and date right, as the team's metadata scorer counts them (a null in the gold scored too)."""
    from chitieu.cli import _extracted

    gs = next(g for g in evaluation.GOLD_SETS if g.name == "devset")
    _, documents, errors = _extracted([str(p) for p in evaluation.texts_for(gs)])
    assert not errors
    acc = evaluation.metadata_accuracy(gs.gold_dir, documents)
    assert acc["accuracy"] >= 0.95, acc["misses"]
    for f in ("locality", "level", "parent"):   # who reports decides where a report is compared: all of them
        right, total = acc["fields"][f]
        assert right >= total - 1, f


@pytest.mark.parametrize("width", [80, 100])
def test_rewrapped_texts_yield_the_same_values(width):
    """A report re-wrapped at another width (OCR tools and PDFs wrap where they like) states the same values:
    the clean twins, their paragraphs re-filled at `width` characters, keep >= 99% of their records' values."""
    import textwrap
    from collections import Counter

    from chitieu.extract.document import extract_text
    from chitieu.read.text import Text

    fields = ("section", "target", "target_low", "target_high", "actual", "achievement_pct", "actual_kind", "status")
    kept = total = 0
    for path in sorted((DEVSET / "clean").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        wrapped = "\n".join(textwrap.fill(line, width) if len(line) > width and "|" not in line
                            and "  " not in line.strip() and not line.startswith("SOURCE") else line
                            for line in text.split("\n"))
        values = [Counter(tuple(i.as_record()[k] for k in fields) for i in extract_text(Text.from_string(t))[1])
                  for t in (text, wrapped)]
        kept += sum((values[0] & values[1]).values())
        total += sum(values[0].values())
    assert kept >= 0.99 * total, (kept, total)
