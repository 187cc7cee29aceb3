"""The panel keeps its promise: one row per locality × concept × year × kind in the codebook's units, the README's
pivot example runs on what `make run` builds, targets dated at the end of their term, and every reading left out
is listed with its reason."""

import re

import polars as pl
import pytest

from chitieu.frames.build import INDICATORS_SCHEMA, with_base_units
from chitieu.frames.panel import ROW_KEY, build_panel, left_out, next_target_year
from chitieu.reference.units import factor
from conftest import ROOT

SERIES = pl.DataFrame(schema={"doc": pl.String, "key": pl.String, "concept": pl.String, "year": pl.Int32,
                              "value": pl.Float64, "kind": pl.String})


def _docs(rows):
    base = {"locality": "Alpha", "level": "province", "parent": None, "report_kind": "term report",
            "term_start": None, "term_end": None, "next_term_end": None, "year_reviewed": None, "error": None}
    return pl.DataFrame([dict(base, **r) for r in rows], schema_overrides={
        "term_start": pl.Int32, "term_end": pl.Int32, "next_term_end": pl.Int32, "year_reviewed": pl.Int32})


def _indicators(rows):
    base = {"section": "results", "source": "prose", "line": 1, "snippet": "", "name_raw": ""}
    return with_base_units(pl.DataFrame([dict(base, **r) for r in rows], schema=INDICATORS_SCHEMA, strict=False))


@pytest.mark.parametrize(("doc", "year"), [
    ({"report_kind": "resolution", "term_start": 2025, "term_end": 2030, "year_reviewed": 2025}, 2030),
    ({"report_kind": "term report", "term_start": 2020, "term_end": 2025, "year_reviewed": 2025}, 2030),
    ({"report_kind": "mid-term review", "term_start": 2020, "term_end": 2025, "year_reviewed": 2023}, 2025),
    ({"report_kind": "annual report", "year_reviewed": 2023}, 2024),
    ({"report_kind": "term report", "term_start": 2020, "term_end": 2025, "year_reviewed": 2025,
      "next_term_end": 2030}, 2030),
])
def test_a_next_term_target_is_dated_at_the_end_of_its_term(doc, year):
    got = _docs([dict(doc_id="d", **doc)]).select(next_target_year().alias("year"))["year"][0]
    assert got == year


def test_readings_in_other_scales_convert_and_the_rest_are_left_out_with_their_reason():
    docs = _docs([{"doc_id": "a", "term_start": 2020, "term_end": 2025, "year_reviewed": 2025},
                  {"doc_id": "z", "locality": None, "year_reviewed": 2025}])
    ind = _indicators([
        {"doc": "a", "key": "p1", "concept": "export_value", "unit": "USD billion", "actual": 1.6},
        {"doc": "a", "key": "t1", "source": "table", "concept": "export_value", "unit": "USD million",
         "actual": 1600.0, "line": 40},
        {"doc": "a", "key": "p2", "concept": "per_capita_income", "unit": "%", "actual": 12.0},
        {"doc": "a", "key": "p3", "unit": "%", "actual": 40.0, "concept_note": "no concept's words"},
        {"doc": "a", "key": "p4", "concept": "budget_revenue", "achievement_pct": 102.0},
        {"doc": "z", "key": "p1", "concept": "budget_revenue", "unit": "billion VND", "actual": 900.0},
    ])
    frames = {"documents": docs, "indicators": ind, "series": SERIES}
    panel = build_panel(frames)
    assert panel.select("concept", "value", "unit_base", "n_readings").rows() == [
        ("export_value", 1600.0, "USD million", 2)], "1,6 tỷ USD and 1.600 triệu USD are one reading"
    out = {(r["doc"], r["key"]): (r["reason"], r["why"]) for r in left_out(frames).to_dicts()}
    assert out[("a", "p2")][0] == "other_unit" and "% does not convert into million VND/person/year" in out[("a", "p2")][1]
    assert out[("a", "p3")] == ("no_concept", "no concept's words")
    assert out[("a", "p4")][0] == "no_value" and out[("z", "p1")][0] == "no_locality"


@pytest.fixture(scope="module")
def panel(built_reports):
    return pl.read_parquet(built_reports["data"] / "panel.parquet")


def test_the_built_panel_has_one_row_per_key_in_the_codebooks_units(panel, built_reports):
    from chitieu.reference.concepts import concepts_by_code

    assert panel.height > 500 and panel["locality"].n_unique() >= 35
    assert set(panel["kind"].unique()) == {"result", "target"}
    assert panel.select(ROW_KEY).is_duplicated().sum() == 0, "one row per locality × concept × year × kind"
    for row in panel.iter_rows(named=True):
        assert row["unit_base"] == concepts_by_code()[row["concept"]].unit
        assert row["value"] == pytest.approx(row["value_printed"] * factor(row["unit"], row["unit_base"])), row
    assert panel.filter(pl.col("unit") != pl.col("unit_base")).height > 0, "some values were converted"
    assert panel.filter(pl.col("vsis_code").is_not_null()).height > 0, "the national indicator code where known"
    out = pl.read_parquet(built_reports["data"] / "panel_left_out.parquet")
    assert {"no_concept", "no_value"} <= set(out["reason"].unique()) and out["why"].null_count() == 0
    assert (built_reports["data"] / "panel.csv").exists() and (built_reports["data"] / "panel_left_out.csv").exists()


def test_the_readmes_pivot_example_runs(built_reports):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = next(block for block in re.findall(r"```python\n(.*?)```", readme, re.DOTALL) if ".pivot(" in block)
    namespace = {}
    code = code.replace('"data/processed/panel.parquet"', repr(str(built_reports["data"] / "panel.parquet")))
    exec(code, namespace)  # noqa: S102 - the README's own example, run as a reader runs it
    pivot = namespace["poverty"]
    assert pivot.height > 0 and {"locality", "year", "result"} <= set(pivot.columns)
