"""What a researcher sees, on frames built by hand (issue "reports a researcher trusts at a glance"): one
number format, visible periods, share met defined once, honest scales, findings in words, a page to
navigate, an index in Vietnamese order, exports that travel, a CLI that says what failed."""

import json
import re
from pathlib import Path

import nbformat
import polars as pl
import pytest

from chitieu.frames import comparison
from chitieu.frames.store import write_frames
from chitieu.report import charts, comparison_charts, findings, html, index, provenance, views
from test_comparison import DOCS, IND, _documents, _indicators

SVG_TEXT = re.compile(r">([^<>]+)</text>")


def _svg_texts(chart) -> list[str]:
    return SVG_TEXT.findall(charts.svg_text(chart))


def _layers_with(spec: dict, mark: str) -> list[dict]:
    return [lay for lay in spec.get("layer", []) if (lay["mark"]["type"] if isinstance(lay["mark"], dict)
                                                      else lay["mark"]) == mark]


# ---------------------------------------------------------------- numbers: one format everywhere

SCORES = _indicators([
    {"doc": "d", "key": f"p{i}", "concept": f"c{i}", "line": 10 + i, "label_vi": name, "label_en": name,
     "unit": "billion VND",
     "actual": actual, "target": target, "achievement_pct": pct, "status": status, "domain": "economy"}
    for i, (name, actual, target, pct, status) in enumerate([
        ("Thu ngân sách", 40_000.5, 4_000, 1000.0, "vuot"),        # 1 000%: past the axis
        ("Tổng vốn đầu tư", 2_270, 1_000, 227.0, "vuot"),           # 227%: past the axis
        ("Giá trị xuất khẩu", 50, 1_000, 5.0, "vuot"),              # colour says exceeded, bar says 5%
        ("Thu nhập bình quân", 95, 100, 95.0, "chua_dat"),
        ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2021-2025 A", 1, 2, 100.0, "dat"),
        ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2021-2025 B", 1, 2, 100.0, "dat"),
    ])])


@pytest.mark.parametrize(("lang", "marks", "wrong"), [("vi", ("40.000", "1.000"), "40,000"),
                                                      ("en", ("40,000", "1,000"), "40.000")])
def test_chart_axes_print_numbers_as_the_language_writes_them(lang, marks, wrong):
    big = _indicators([{"doc": "d", "key": "n1", "section": "targets_next", "concept": "budget_revenue",
                        "target": 40_000, "unit": "billion VND", "line": 5},
                       {"doc": "d", "key": "p1", "concept": "budget_revenue", "actual": 1_000, "line": 4,
                        "unit": "billion VND", "label_vi": "Thu ngân sách", "label_en": "Budget revenue"}])
    spec = charts.to_v5_spec(charts.scorecard(SCORES, "d", lang))
    assert spec["config"]["locale"]["number"]["thousands"] == marks[0][2]
    points = comparison.ranked(comparison.results(BIG_IND, BIG_DOCS, lang), comparison.Selection(), lang)
    texts = _svg_texts(comparison_charts.ranked_panel(points, lang))
    assert marks[0] in texts and wrong not in texts, texts
    assert charts.next_targets(big, "d", lang) is not None


BIG_DOCS = _documents([{"doc_id": d, "locality": d.title(), "level": "province", "year_reviewed": 2023}
                       for d in ("a", "b", "c")])
BIG_IND = _indicators([{"doc": d, "key": "p1", "concept": "budget_revenue", "label_vi": "Thu ngân sách",
                        "label_en": "Budget revenue", "unit": "billion VND", "actual": v, "target": 30_000,
                        "actual_year": 2023, "domain": "economy"}
                       for d, v in (("a", 40_000), ("b", 20_000), ("c", 10_000))])


def test_tooltips_format_numbers_and_years_with_the_locale():
    spec = charts.to_v5_spec(charts.scorecard(SCORES, "d", "vi"))
    tips = {t["field"]: t for t in spec["layer"][0]["encoding"]["tooltip"]}
    assert tips["actual_year"]["format"] == "d" and tips["line"]["format"] == "d", "2025, never 2.025"
    assert spec["config"]["numberFormat"] == charts.NUMBER_FORMAT


def test_the_provenance_view_prints_numbers_and_verdicts_in_the_report_language():
    row = {"doc": "d", "key": "p1", "section": "results", "source": "prose", "line": 3, "label_vi": "Thu ngân sách",
           "name_raw": "Thu ngan sach", "target": 362_000.0, "target_low": None, "target_high": None,
           "target_op": ">=", "actual": 5.76, "unit": "billion VND", "status": "vuot",
           "snippet": "đạt 5,76", "literals": '["5,76"]'}
    page = provenance.provenance_html(pl.DataFrame([row]), "vi")
    assert "362.000" in page and "5,76" in page and "Vượt" in page and "tỷ đồng" in page
    assert "362000" not in page and ">vuot<" not in page
    assert "362,000" in provenance.provenance_html(pl.DataFrame([row]), "en")


# ---------------------------------------------------------------- honest scales

def test_values_past_the_axis_are_drawn_to_its_end_and_marked_with_their_value():
    spec = charts.to_v5_spec(charts.scorecard(SCORES, "d", "vi"))
    bars = spec["layer"][0]["data"]["values"]
    assert max(b["pct_plot"] for b in bars) == charts.PCT_AXIS_MAX
    over = _layers_with(spec, "text")[0]["data"]["values"]
    assert sorted(o["over_text"] for o in over if o["over"]) == ["1.000%", "227%"]
    assert _layers_with(spec, "point"), "a ▸ at the axis end"


def test_a_colour_the_numbers_contradict_is_marked():
    spec = charts.to_v5_spec(charts.scorecard(SCORES, "d", "vi"))
    flagged = {b["full_label"] for b in spec["layer"][0]["data"]["values"] if b["disagrees"]}
    assert flagged == {"Giá trị xuất khẩu"}, "5% coloured Vượt; 95% not met is consistent"
    assert any(lay.get("encoding", {}).get("text", {}).get("value") == "⚠" for lay in spec["layer"])
    assert "⚠" in str(spec["title"]["subtitle"])


def test_outliers_do_not_set_the_next_term_axis():
    ind = _indicators([{"doc": "d", "key": f"n{i}", "section": "targets_next", "concept": c, "target": t,
                        "label_vi": c, "unit": "%", "line": i} for i, (c, t) in enumerate([("a", 5000), ("b", 1111),
                                                                                             ("c", 120)])]
                      + [{"doc": "d", "key": f"p{i}", "concept": c, "actual": 100, "unit": "%", "line": 50 + i}
                         for i, c in enumerate("abc")])
    spec = charts.to_v5_spec(charts.next_targets(ind, "d", "vi"))
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, charts.REACH_AXIS_MAX]
    texts = {o["over_text"] for o in _layers_with(spec, "text")[0]["data"]["values"]}
    assert texts == {"5.000%", "1.111%"}


def test_small_multiples_name_their_unit_and_start_at_zero():
    ind = _indicators([{"doc": "d", "key": "t1", "source": "table", "label_vi": "Thu ngân sách", "unit": "billion VND",
                        "line": 7}])
    series = pl.DataFrame({"doc": ["d", "d"], "key": ["t1", "t1"], "year": [2021, 2022], "value": [10.0, 12.0],
                           "kind": ["reported", "forecast"]})
    spec = charts.to_v5_spec(charts.series_small_multiples(series, ind, "d", "vi"))
    assert spec["spec"]["layer"][0]["encoding"]["y"]["scale"]["zero"] is True
    assert {r["label"] for r in spec["data"]["values"]} == {"Thu ngân sách (tỷ đồng)"}


@pytest.mark.parametrize(("names", "lines", "expected"), [
    (["Tỷ lệ hộ nghèo"], [5], ["Tỷ lệ hộ nghèo"]),
    (["Tỷ lệ huy động học sinh trong độ tuổi đến lớp: mầm non", "Tỷ lệ huy động học sinh trong độ tuổi đến lớp: tiểu học"],
     [113, 114], ["Tỷ lệ huy động học sinh trong độ tuổ… · dòng 113",
                  "Tỷ lệ huy động học sinh trong độ tuổ… · dòng 114"]),
    (["GRDP", "GRDP"], [3, 9], ["GRDP · dòng 3", "GRDP · dòng 9"]),   # one concept twice
])
def test_cut_labels_stay_distinct(names, lines, expected):
    got = charts.distinct_labels(names, lines, 48)
    assert got == expected and len(set(got)) == len(got)


# ---------------------------------------------------------------- periods and share met

@pytest.mark.parametrize(("year", "period"), [(2021, "2020–2025"), (2025, "2020–2025"), (2020, "2015–2020"),
                                              (2013, "2010–2015")])
def test_a_result_belongs_to_the_term_its_year_falls_in(year, period):
    assert pl.select(comparison.period_of(pl.lit(year))).item() == period


PERIOD_DOCS = _documents([
    {"doc_id": "old", "locality": "Hà Tĩnh", "level": "province", "term_start": 2010, "term_end": 2015,
     "year_reviewed": 2015},
    {"doc_id": "y22", "locality": "Quảng Nam", "level": "province", "year_reviewed": 2022},
    {"doc_id": "w25", "locality": "Hưng Bình", "level": "ward", "year_reviewed": 2025},
    {"doc_id": "p23", "locality": "Sóc Trăng", "level": "province", "year_reviewed": 2023},
])
PERIOD_IND = _indicators([
    {"doc": d, "key": "p1", "concept": "budget_revenue", "label_vi": "Thu ngân sách", "unit": "billion VND",
     "actual": v, "target": 100, "actual_year": y, "domain": "economy"}
    for d, v, y in (("old", 80, 2015), ("y22", 120, 2022), ("w25", 90, 2025), ("p23", 110, None))])


def test_results_are_compared_within_one_period_and_carry_their_year():
    res = comparison.results(PERIOD_IND, PERIOD_DOCS)
    assert comparison.latest_period(res) == "2020–2025"
    now = comparison.in_period(res, "2020–2025")
    assert sorted(now["doc"].to_list()) == ["p23", "w25", "y22"], "the 2010–2015 result stays out"
    assert dict(zip(now["doc"], now["year"], strict=True))["p23"] == 2023, "no year stated: the year reviewed"
    assert comparison.in_period(res, "2022")["doc"].to_list() == ["y22"]
    points = comparison.ranked(now, comparison.Selection())
    assert {"year", "period"} <= set(points.columns)
    spec = comparison_charts.ranked_panel(points).to_dict()
    tips = [t["field"] for t in spec["vconcat"][0]["layer"][2]["encoding"]["tooltip"]]
    assert "year" in tips and "doc" in tips
    left = dict(zip(*comparison.left_out(now, PERIOD_IND, points, res.filter(pl.col("doc") == "old"))
                    .select("reason", "results"), strict=True))
    assert left["other_period"] == 1


def test_share_met_is_defined_once_with_its_n_and_thin_bars_marked():
    res = comparison.results(IND, comparison.select_documents(DOCS, comparison.Selection()))
    share = comparison.share_met(res)
    assert dict(zip(share["doc"], share["n"], strict=True)) == {"a": 1, "b": 1, "c": 1}
    assert share["thin"].all(), "one result each: thin"
    spec = charts.to_v5_spec(comparison_charts.share_met_bars(share, "vi", "2020–2025"))
    assert "dưới 3 kết quả (mỏng)" in json.dumps(spec, ensure_ascii=False)
    rows = index.index_rows(DOCS, IND, {"a": "ok", "b": "ok", "c": "ok"}, {}, "vi")
    on_index = {r["doc"]: r["share_met"] for r in rows}
    assert on_index["a"] == "100% (n = 1, mỏng)" and on_index["b"] == "0% (n = 1, mỏng)", "the same figure"


# ---------------------------------------------------------------- findings in words

FAILED = pl.DataFrame([
    {"check": "expect_column_values_to_be_in_set(unit)", "doc": "d", "line": 10, "key": "p0", "snippet": "x"},
    {"check": "expect_column_values_to_be_in_set(status_consistent)", "doc": "d", "line": 12, "key": "p2",
     "snippet": "y"},
    {"check": "expect_column_values_to_be_in_set(ocr_repaired)", "doc": "d", "line": 11, "key": "p1", "snippet": "z"},
    {"check": "expect_something_new(other_column)", "doc": "d", "line": 13, "key": "p3", "snippet": "w"},
])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_findings_say_what_was_read_where_and_what_is_wrong(lang):
    found = findings.findings(FAILED, SCORES, lang)
    assert found.filter(pl.col("reason") == "").is_empty() and found.filter(pl.col("check") == "").is_empty()
    assert not any("expect_" in v for v in found["check"].to_list() + found["reason"].to_list())
    assert found["routine"].to_list() == [False, False, True, False], "OCR repairs apart"
    row = found.row(1, named=True)
    where = {"vi": "đoạn văn, dòng 12", "en": "prose, line 12"}[lang]
    assert row["where"] == where and row["read"] and row["indicator"] == "Giá trị xuất khẩu"
    assert row["check"] == {"vi": "Đánh giá trái với con số", "en": "Verdict contradicts the numbers"}[lang]
    assert findings.count_findings(FAILED.to_dicts()) == (3, 1)


# ---------------------------------------------------------------- the page: title, lang, links, no prompts

def _notebook(title: str, lang: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    head = nbformat.v4.new_output("display_data", data={"text/html": f"<h1>{title}</h1>", "text/plain": title},
                                  metadata={"chitieu": {"title": title, "lang": lang}})
    section = nbformat.v4.new_output("display_data", data={"text/html": '<h2 id="scorecard">Điểm</h2>'})
    result = nbformat.v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=22)
    chart = nbformat.v4.new_output("display_data", data={charts.VEGALITE_V5_MIME: {"mark": "bar"},
                                                         "image/png": "iVBORw0KGgo="},
                                   metadata={"chitieu": {"png": "charts/scorecard.png"}})
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=[head, section, result, chart], execution_count=22)]
    return nb


def test_a_page_takes_its_title_and_language_from_the_report_and_links_home(tmp_path):
    page = tmp_path / "reports" / "doc1" / "10_document.html"
    out = html.export_html(_notebook("Sa Đéc (thành phố)", "vi"), page=page, root=tmp_path / "reports")
    assert '<html lang="vi">' in out and "<title>Sa Đéc (thành phố)</title>" in out
    assert 'href="../index.html"' in out and 'href="../compare/20_compare.html"' in out
    assert 'href="#scorecard"' in out, "the contents list"
    assert "Out[" not in out and "In [" not in out
    assert 'src="../_static/vega.js"' in out and "vegaEmbed(" in out and len(out) < 20_000, "the bundle is shared"
    assert (tmp_path / "reports" / "_static" / "vega.js").stat().st_size > 100_000
    assert 'src="charts/scorecard.png"' in out and "base64" not in out
    alone = html.export_html(_notebook("Report", "en"), page=None, root=None)
    assert '<html lang="en">' in alone and len(alone) > 100_000, "without a reports folder the bundle is inlined"


def test_a_long_table_is_collapsed_and_a_short_one_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(views, "say", lambda h, p: shown.append(h))
    monkeypatch.setattr(views, "show", lambda t: shown.append("open"))
    table = views.document_card(DOCS.head(1), "vi")
    views.show_long(table, views.LONG_TABLE_ROWS, "vi")
    views.show_long(table, 308, "vi")
    assert shown[0] == "open" and shown[1].startswith('<details class="chitieu-more"><summary>Xem 308 dòng')


# ---------------------------------------------------------------- the index

INDEX_DOCS = _documents([
    {"doc_id": d, "locality": loc, "level": "province", "year_reviewed": y, "term_start": 2020, "term_end": 2025}
    for d, loc, y in (("dn", "Đồng Nai", 2023), ("dl", "Dak Lak", 2020), ("bd", "Bình Định", 2023),
                      ("bk", "Bắc Kạn", 2020), ("bk2", "Bắc Kạn", 2023), ("bl", "Bạc Liêu", 2022))])


def test_the_index_is_in_vietnamese_order_with_a_year_and_defined_columns(tmp_path):
    ind = _indicators([{"doc": "bd", "key": "p1", "concept": "budget_revenue", "actual": 1, "target": 1,
                        "unit": "%"}])
    out, data = tmp_path / "site" / "reports", tmp_path / "elsewhere" / "frames"
    (out / "bd").mkdir(parents=True)
    (out / "bd" / "checks.json").write_text(json.dumps({"rows": FAILED.to_dicts()}), encoding="utf-8")
    page = index.write_index(out, INDEX_DOCS, ind, {d: "ok" for d in INDEX_DOCS["doc_id"]}, data_dir=data).read_text()
    provinces = re.findall(r'<tr class="province"><th colspan="\d+">([^<]+)</th>', page)
    assert provinces == ["Bạc Liêu", "Bắc Kạn", "Bình Định", "Dak Lak", "Đồng Nai"]
    assert page.index(">2020<") < page.index(">2023<"), "two reports of Bắc Kạn, told apart by their year"
    assert 'href="../../elsewhere/frames/panel.csv"' in page, "links computed from the real folders"
    assert "3 · 1 OCR" in page, "findings counted as the report counts them"
    defs = re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page)
    assert len(defs) == len(index.COLUMNS) and all(d for _, d in defs)
    assert '<html lang="vi">' in page and "Tỷ lệ đạt" in page


# ---------------------------------------------------------------- exports and the CLI

def test_csv_files_carry_a_bom_for_excel(tmp_path):
    write_frames({"documents": DOCS}, tmp_path)
    assert (tmp_path / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert pl.read_csv(tmp_path / "documents.csv")["locality"][0] == "Alpha"


def test_every_cli_option_has_help():
    from chitieu.cli import build_parser

    sub = next(a for a in build_parser()._actions if a.choices and isinstance(a.choices, dict))
    missing = [f"{name} {act.dest}" for name, p in sub.choices.items() for act in p._actions
               if act.dest != "help" and not act.help]
    assert missing == []


def test_old_option_names_still_work():
    from chitieu.cli import build_parser

    assert build_parser().parse_args(["run", "--docs", "a", "b"]).ids == ["a", "b"]
    assert build_parser().parse_args(["validate", "x.txt", "--docs", "dd"]).data_docs == "dd"


def test_the_run_summary_names_unread_files_apart_from_failed_notebooks():
    from chitieu.cli import run_summary
    from chitieu.run.notebooks import Outcome

    outcomes = [Outcome("a", True), Outcome("b", True, skipped=True), Outcome("bad.pdf", False, "damaged", stage="read"),
                Outcome("c", False, "KeyError: x")]
    text = run_summary(outcomes, Path("reports/index.html"))
    assert text.startswith("1 notebooks ran, 1 unchanged, 1 notebook failed (c); 1 file could not be read (bad.pdf)")


def test_a_prose_against_table_finding_gives_both_readings():
    failed = pl.DataFrame([{"check": "expect_column_values_to_be_in_set(agree)", "doc": "d", "line": 55,
                            "key": None, "snippet": "Ty 1e ho ngheo"}])
    recon = pl.DataFrame([{"doc": "d", "concept": "poverty_rate", "line": 55, "line_table": 1313, "actual": 86.0,
                           "actual_table": 26.0, "target": 90.0, "target_table": 90.0, "status": None,
                           "status_table": "vuot"}])
    row = findings.findings(failed, SCORES, "vi", recon).row(0, named=True)
    assert row["read"] == "đoạn văn, dòng 55: kết quả 86, chỉ tiêu đề ra 90 · bảng, dòng 1313: kết quả 26, " \
                          "chỉ tiêu đề ra 90, đánh giá vượt"
    assert row["indicator"] and "Ty 1e" not in str(row), "the name as printed stays in the provenance view"


def test_saved_chart_pngs_are_twice_the_size_of_the_chart(tmp_path):
    from PIL import Image

    chart = charts.scorecard(SCORES, "d", "vi")
    charts.save(chart, tmp_path / "scorecard")
    svg_width = float(re.search(r'<svg[^>]*width="([\d.]+)"', (tmp_path / "scorecard.svg").read_text()).group(1))
    assert Image.open(tmp_path / "scorecard.png").width == pytest.approx(2 * svg_width, abs=2)
