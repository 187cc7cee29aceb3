"""Comparing localities like with like: base units, the panel, the comparison's data, labels and the
explanations of what was read, on tiny frames built by hand."""

import polars as pl
import pytest

from chitieu.checks.explain import explain_row
from chitieu.frames import comparison
from chitieu.frames.build import INDICATORS_SCHEMA, with_base_units
from chitieu.frames.panel import build_panel
from chitieu.reference import labels
from chitieu.report import comparison_charts


def _indicators(rows):
    full = [{k: r.get(k) for k in INDICATORS_SCHEMA} | {"ocr_repaired": False, "section": "results",
                                                        "source": "prose", "line": 1} | r for r in rows]
    return with_base_units(pl.DataFrame(full, schema=INDICATORS_SCHEMA, strict=False))


def _documents(docs):
    cols = {"doc_id": pl.String, "locality": pl.String, "level": pl.String, "parent": pl.String,
            "report_kind": pl.String, "term_start": pl.Int32, "term_end": pl.Int32, "next_term_start": pl.Int32,
            "next_term_end": pl.Int32, "year_reviewed": pl.Int32, "n_indicators": pl.Int32, "error": pl.String}
    return pl.DataFrame([{k: d.get(k) for k in cols} for d in docs], schema=cols)


@pytest.mark.parametrize(("unit", "value", "base", "expected"), [
    ("thousand billion VND", 60, "billion VND", 60_000),
    ("million VND", 850, "billion VND", 0.85),
    ("billion VND", 4420, "billion VND", 4420),
    ("thousand tonnes", 12.5, "tonnes", 12_500),
    ("million VND/person/year", 60.3, "million VND/person/year", 60.3),  # a per-person unit is its own base
    ("%/year", 5.76, "%", 5.76),   # a period's average growth and a year's compare: the codebook's growth
    ("USD billion", 1.6, "USD million", 1600),
    ("an unknown unit", 3, "an unknown unit", 3),
])
def test_base_units(unit, value, base, expected):
    df = _indicators([{"doc": "d", "key": "p1", "unit": unit, "actual": value, "target": value * 2}])
    row = df.row(0, named=True)
    assert row["unit_base"] == base
    assert row["value_base"] == pytest.approx(expected) and row["target_base"] == pytest.approx(2 * expected)


def test_a_printed_thousand_billion_reads_in_base_units(write_report):
    from chitieu.frames.build import build_frames

    path = write_report("Năm 2025, tổng thu ngân sách nhà nước trên địa bàn đạt 60 nghìn tỷ đồng.\n")
    df = build_frames([path])["indicators"]
    row = df.filter(pl.col("actual") == 60).row(0, named=True)
    assert (row["unit"], row["unit_base"], row["value_base"]) == ("thousand billion VND", "billion VND", 60_000)


DOCS = _documents([
    {"doc_id": "a", "locality": "Alpha", "level": "province", "term_start": 2020, "term_end": 2025,
     "year_reviewed": 2025},
    {"doc_id": "b", "locality": "Beta", "level": "district", "parent": "Alpha", "term_start": 2020,
     "term_end": 2025, "year_reviewed": 2025},
    {"doc_id": "c", "locality": "Gamma", "level": "ward", "parent": "Delta", "term_start": 2020, "term_end": 2025,
     "next_term_end": 2030, "year_reviewed": 2025},
    {"doc_id": "e", "locality": "Epsilon", "level": "province", "error": "not readable"},
])
IND = _indicators([
    {"doc": "a", "key": "p1", "concept": "budget_revenue", "label_vi": "Thu ngân sách", "unit": "billion VND",
     "actual": 4420, "target": 4000, "status": "vuot", "domain": "economy"},
    {"doc": "a", "key": "t1", "source": "table", "concept": "budget_revenue", "unit": "billion VND",
     "actual": 4410, "target": 4000, "line": 90},
    {"doc": "b", "key": "p1", "concept": "budget_revenue", "label_vi": "Thu ngân sách",
     "unit": "thousand billion VND", "actual": 1.2, "target": 1.5, "status": "chua_dat", "domain": "economy"},
    {"doc": "c", "key": "p1", "concept": "budget_revenue", "label_vi": "Thu ngân sách", "unit": "million VND",
     "actual": 900_000, "target": 800_000, "domain": "economy"},
    {"doc": "c", "key": "p2", "concept": "budget_revenue", "label_vi": "Thu ngân sách", "unit": "%",
     "actual": 12, "domain": "economy"},
    {"doc": "c", "key": "n1", "section": "targets_next", "concept": "budget_revenue", "unit": "billion VND",
     "target": 2000},
    {"doc": "c", "key": "p3", "name_raw": "Ty 1¢ gi do", "unit": "%", "actual": 40},
])


def test_the_panel_has_one_row_per_locality_concept_year_and_kind():
    panel = build_panel({"documents": DOCS, "indicators": IND,
                         "series": pl.DataFrame(schema={"doc": pl.String, "key": pl.String, "concept": pl.String,
                                                        "year": pl.Int32, "value": pl.Float64,
                                                        "kind": pl.String})})
    alpha = panel.filter((pl.col("locality") == "Alpha") & (pl.col("kind") == "result"))
    assert alpha.height == 1 and alpha["value"][0] == 4420 and alpha["source"][0] == "prose"
    assert alpha["n_readings"][0] == 2, "prose and table of one report"
    beta = panel.filter((pl.col("locality") == "Beta") & (pl.col("kind") == "result")).row(0, named=True)
    assert (beta["value"], beta["value_printed"], beta["unit_base"]) == (1200, 1.2, "billion VND")
    gamma_targets = panel.filter((pl.col("locality") == "Gamma") & (pl.col("kind") == "target"))
    assert sorted(gamma_targets["year"].to_list()) == [2025, 2030], "the term's target, then the next term's"
    assert "Epsilon" not in panel["locality"].to_list() and panel["concept"].null_count() == 0


def test_the_comparison_compares_like_with_like_and_says_what_it_left_out():
    sel = comparison.Selection()
    res = comparison.results(IND, comparison.select_documents(DOCS, sel))
    points = comparison.ranked(res, sel)
    assert sorted(points["report"].to_list()) == ["Alpha (tỉnh)", "Beta (huyện)", "Gamma (phường)"]
    assert points["unit_base"].unique().to_list() == ["billion VND"]
    assert points["value_base"].to_list() == [4420, 1200, 900], "ranked, in one unit"
    assert points.filter(pl.col("report") == "Beta (huyện)")["met_label"][0] == "Không đạt"
    left = dict(zip(*comparison.left_out(res, IND, points).select("reason", "results"), strict=True))
    assert left["no_concept"] == 1
    assert comparison.ranked(res, sel, min_reports=4).is_empty()
    by_province = comparison.select_documents(DOCS, comparison.Selection(provinces=["Alpha"]))
    assert sorted(by_province["doc_id"].to_list()) == ["a", "b"]
    share = comparison.share_met(res)
    assert dict(zip(share["report"], share["share_met"], strict=True)) == {"Alpha (tỉnh)": 100.0,
                                                                          "Beta (huyện)": 0.0,
                                                                          "Gamma (phường)": 100.0}


def test_comparison_charts_size_themselves_to_their_rows():
    sel = comparison.Selection()
    res = comparison.results(IND, comparison.select_documents(DOCS, sel))
    spec = comparison_charts.ranked_panel(comparison.ranked(res, sel)).to_dict()
    layer = spec["vconcat"][0]
    assert layer["height"] == {"step": comparison_charts.ROW_STEP} and layer["width"] == comparison_charts.WIDTH
    assert "Thu ngân sách (tỷ đồng)" in str(layer["title"])


@pytest.mark.parametrize(("value", "lang", "printed"), [
    (4420, "vi", "4.420"), (5.76, "vi", "5,76"), (20102.637, "vi", "20.102,637"), (60.3, "en", "60.3"),
    (1_250_000, "en", "1,250,000"), (None, "vi", ""),
])
def test_numbers_print_as_the_language_writes_them(value, lang, printed):
    assert labels.format_number(value, lang, digits=3) == printed


def test_labels_and_titles():
    assert labels.place_title("Alpha", "province") == "Alpha (tỉnh)"
    assert labels.place_title("Alpha", "district", "en") == "Alpha (district)"
    assert labels.place_title(None, None, fallback="doc_1") == "doc_1"
    assert labels.label("theme", "poverty") == "Giảm nghèo" and labels.label("domain", None) == "Khác"
    assert labels.label("unit", "a unit nobody listed") == "a unit nobody listed"


@pytest.mark.parametrize(("row", "lang", "text"), [
    ({"actual": 86.0, "repairs": '[{"field": "actual", "printed": "26", "read": 86, "why": "prose", "line": 55}]'},
     "vi", "đọc 86 — in 26, đoạn văn (dòng 55) ghi 86"),
    ({"actual": 86.0, "repairs": '[{"field": "actual", "printed": "26", "read": 86, "why": "prose", "line": 55}]'},
     "en", "read 86 — printed 26, the prose (line 55) says 86"),
    ({"actual": 1.01, "repairs": '[{"field": "actual", "printed": "101", "read": 1.01, "why": "share_max", '
                                 '"limit": 100}]'},
     "vi", "đọc 1,01 — in 101, mất dấu phẩy thập phân (tỷ lệ không quá 100)"),
    ({"actual": 94.65, "target": 95.0, "ocr_repaired": True, "literals": '["95", "9465"]'},
     "vi", "đọc: 9465 → 94,65 (dấu thập phân bị OCR đọc sai)"),
    ({"actual": 0.15, "target": 1.5, "ocr_repaired": True, "literals": '["1,5", "0,15"]'},
     "vi", "đọc 0,15, chỉ tiêu 1,5"),
    ({"actual": 4420.0, "target": None}, "vi", "đọc 4.420"),
])
def test_what_was_read_and_why(row, lang, text):
    assert explain_row(row, lang) == text


def test_an_indicator_no_concept_fits_is_named_by_its_line_in_tables_and_charts():
    from chitieu.report import charts, views

    ind = _indicators([{"doc": "d", "key": "p1", "line": 55, "name_raw": "Ty 1¢ ho ngheo", "unit": "%",
                        "actual": 2.1, "target": 3.0, "achievement_pct": 70.0},
                       {"doc": "d", "key": "p2", "line": 9, "label_vi": "Tỷ lệ hộ nghèo", "label_en": "Poverty rate",
                        "unit": "%", "actual": 2.1, "target": 3.0, "achievement_pct": 70.0}])
    for lang, other in (("vi", "Chỉ tiêu khác, dòng 55"), ("en", "Other indicator, line 55")):
        html = views.indicators_table(ind, lang).as_raw_html()
        bars = charts.to_v5_spec(charts.scorecard(ind, "d", lang))["layer"][0]["data"]["values"]
        assert other in html and other in {b["label"] for b in bars}
        assert "Ty 1¢" not in html, "the name as printed is for the provenance view only"
