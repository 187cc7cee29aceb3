"""The tables a reader sees in the reports, rendered with great_tables: Vietnamese labels with diacritics
(English with lang="en"), numbers as the language prints them ("4.420", "5,76"), verdicts coloured. Names as
printed (OCR damage and all) appear only in the provenance view, never here."""

from __future__ import annotations

import polars as pl
from great_tables import GT, loc, style

from ..checks.explain import explain
from ..frames.comparison import by_province
from ..reference.labels import indicator_label, label, label_expr, number_marks, place_title, term_label

VERDICT_FILL = {"vuot": "#c7e9c0", "dat": "#e5f5e0", "chua_dat": "#fcbba1", "kho_dat": "#fdd0a2"}
COLUMNS = {
    "vi": {"indicator": "Chỉ tiêu", "unit": "Đơn vị", "target": "Chỉ tiêu đề ra", "actual": "Kết quả",
           "year": "Năm", "pct": "% so với chỉ tiêu", "verdict": "Đánh giá", "where": "Nguồn", "field": "Mục",
           "value": "Nội dung", "page": "Trang", "read_as": "Cách đọc", "engine": "Công cụ",
           "confidence": "Độ tin cậy OCR", "quality": "Chất lượng", "check": "Kiểm tra", "read": "chitieu đọc",
           "text": "Văn bản", "report": "Địa phương", "report_kind": "Loại báo cáo", "term": "Nhiệm kỳ",
           "n": "Số chỉ tiêu", "province": "Tỉnh", "results": "Kết quả đạt được", "targets_next": "Chỉ tiêu nhiệm kỳ, năm tới",
           "prose": "đoạn văn, dòng", "table": "bảng, dòng", "estimate": "ước", "reason": "Lý do",
           "prose_value": "Đoạn văn", "table_value": "Bảng", "uses": "Dùng", "why": "Vì sao",
           "n_results": "Số kết quả", "n_concepts": "Số khái niệm"},
    "en": {"indicator": "Indicator", "unit": "Unit", "target": "Target", "actual": "Result", "year": "Year",
           "pct": "% of target", "verdict": "Verdict", "where": "Source", "field": "Field", "value": "Value",
           "page": "Page", "read_as": "Read as", "engine": "Engine", "confidence": "OCR confidence",
           "quality": "Quality", "check": "Check", "read": "chitieu read", "text": "Text", "report": "Locality",
           "report_kind": "Report kind", "term": "Term", "n": "Indicators", "province": "Province", "results": "Results",
           "targets_next": "Targets for the next term or year", "prose": "prose, line", "table": "table, line",
           "estimate": "est.", "reason": "Reason", "prose_value": "Prose", "table_value": "Table", "uses": "Uses",
           "why": "Why", "n_results": "Results", "n_concepts": "Concepts"},
}
DOCUMENT_FIELDS = {  # documents frame column -> label; shown in this order
    "vi": {"locality": "Địa phương", "level": "Cấp", "parent": "Tỉnh", "report_kind": "Loại báo cáo",
           "term": "Nhiệm kỳ", "year_reviewed": "Năm đánh giá", "date": "Ngày", "source_format": "Định dạng",
           "n_indicators": "Số chỉ tiêu đọc được", "problems": "Vấn đề khi đọc"},
    "en": {"locality": "Locality", "level": "Level", "parent": "Province", "report_kind": "Report kind",
           "term": "Term", "year_reviewed": "Year reviewed", "date": "Date", "source_format": "Format",
           "n_indicators": "Indicators read", "problems": "Reading problems"},
}


def show(table: GT | None) -> None:
    """Display a table in a notebook as its HTML only: GT's own plain-text repr holds the frame's repr and
    memory addresses, which would make two runs of one document differ."""
    from IPython.display import display

    if table is not None:
        display({"text/html": table._repr_html_(), "text/plain": "<table>"}, raw=True)


def _numbers(gt: GT, columns: list[str], lang: str, decimals: int = 3) -> GT:
    """Numbers with the language's marks, given as marks: GT's `locale=` reads its locale table from disk at
    every call."""
    sep, dec = number_marks(lang)
    return gt.fmt_number(columns=columns, decimals=decimals, drop_trailing_zeros=True, sep_mark=sep,
                         dec_mark=dec).sub_missing(columns=columns, missing_text="")


def document_card(document: pl.DataFrame, lang: str = "vi") -> GT:
    """Who reports, at what level, about which term: the documents row as labelled fields."""
    row = document.row(0, named=True)
    coded = {"level": label("level", row.get("level"), lang),
             "report_kind": label("report_kind", row.get("report_kind"), lang), "term": term_label(row)}
    fields = DOCUMENT_FIELDS[lang]
    values = [coded.get(k, row.get(k)) for k in fields]
    df = pl.DataFrame({"field": list(fields.values()), "value": ["" if v is None else str(v) for v in values]})
    df = df.filter(pl.col("value") != "")
    title = place_title(row.get("locality"), row.get("level"), lang, fallback=row["doc_id"])
    return (GT(df, id="chitieu-document").tab_header(title=title, subtitle=row["doc_id"])
            .cols_label(field=COLUMNS[lang]["field"], value=COLUMNS[lang]["value"]))


def indicators_table(indicators: pl.DataFrame, lang: str = "vi") -> GT:
    """Every indicator as the report states it, grouped into results and next targets: its label, unit,
    target, result (ước marked), % of target and verdict (coloured), and the line it was read from."""
    c = COLUMNS[lang]
    df = (indicators.sort("section", "source", "line")
          .with_columns(
              indicator_label(lang).alias("indicator"),
              unit_label=label_expr("unit", "unit", lang),
              verdict=label_expr("status", "verdict", lang),
              group=pl.col("section").replace_strict({"results": c["results"], "targets_next": c["targets_next"]},
                                                     default=pl.col("section")),
              where=pl.format("{} {}", pl.col("source").replace_strict({"prose": c["prose"], "table": c["table"]},
                                                                        default=pl.col("source")),
                              pl.col("line")),
              estimate=pl.when(pl.col("actual_kind") == "estimate").then(pl.lit(c["estimate"])).otherwise(pl.lit("")))
          .select("group", "indicator", "unit_label", "target", "actual", "estimate", "actual_year",
                  "achievement_pct", "verdict", "status", "where"))
    gt = (GT(df, groupname_col="group", id="chitieu-indicators")
          .cols_label(indicator=c["indicator"], unit_label=c["unit"], target=c["target"], actual=c["actual"],
                      estimate="", actual_year=c["year"], achievement_pct=c["pct"], verdict=c["verdict"],
                      where=c["where"])
          .cols_hide("status")
          .fmt_integer(columns="actual_year", use_seps=False).sub_missing(columns="actual_year", missing_text=""))
    gt = _numbers(gt, ["target", "actual", "achievement_pct"], lang)
    for code, colour in VERDICT_FILL.items():
        gt = gt.tab_style(style.fill(colour), loc.body(columns="verdict", rows=pl.col("status") == code))
    return gt


def pages_table(pages: pl.DataFrame, lang: str = "vi") -> GT:
    c = COLUMNS[lang]
    gt = GT(pages, id="chitieu-pages").cols_label(page=c["page"], read_as=c["read_as"], engine=c["engine"],
                              confidence=c["confidence"], quality=c["quality"])
    return _numbers(gt, ["confidence"], lang, decimals=0)


def findings_table(failed: pl.DataFrame, indicators: pl.DataFrame, lang: str = "vi") -> GT:
    """Each finding with the line to look at and what chitieu read there and why ("đọc 86 — in 26, đoạn văn
    (dòng 55) ghi 86")."""
    c = COLUMNS[lang]
    reads = explain(indicators, lang)
    keys = [pl.col(k).cast(pl.String) for k in ("doc", "key")]  # a findings file may hold no key at all
    df = (failed.with_columns(keys).join(reads, on=["doc", "key"], how="left")
          .select("check", "line", "read", "why").with_columns(pl.col("read").fill_null("")))
    gt = GT(df, id="chitieu-findings").cols_label(check=c["check"], line=c["where"], read=c["read"], why=c["reason"])
    return gt.fmt_integer(columns="line", use_seps=False).sub_missing(columns=["line", "why"], missing_text="")


def reconciliation_table(recon: pl.DataFrame, lang: str = "vi") -> GT | None:
    """Prose against table: the two readings of one indicator, whether they agree, which one is used."""
    from ..reference.concepts import concepts_by_code

    if recon.is_empty():
        return None
    c = COLUMNS[lang]
    names = {code: (k.label_en if lang == "en" else k.label_vi) for code, k in concepts_by_code().items()}
    df = (recon.with_columns(indicator=pl.col("concept").replace_strict(names, default=pl.col("concept")))
          .select("indicator", "line", "actual", "target", "line_table", "actual_table", "target_table",
                  "agree", "uses", "why"))
    gt = (GT(df, id="chitieu-reconciliation").cols_label(indicator=c["indicator"], line=c["where"], actual=c["actual"], target=c["target"],
                            line_table=c["where"], actual_table=c["actual"], target_table=c["target"],
                            uses=c["uses"], why=c["why"])
          .tab_spanner(c["prose_value"], ["line", "actual", "target"])
          .tab_spanner(c["table_value"], ["line_table", "actual_table", "target_table"])
          .fmt_integer(columns=["line", "line_table"], use_seps=False))
    return _numbers(gt, ["actual", "target", "actual_table", "target_table"], lang)


def documents_table(documents: pl.DataFrame, lang: str = "vi") -> GT:
    """The reports compared, by province (its own reports first, then its cities, districts, wards ...):
    locality and level, report kind, term, indicators read."""
    c = COLUMNS[lang]
    rows = by_province(documents).to_dicts()
    df = pl.DataFrame({
        "province": [r["province"] or "?" for r in rows],
        "report": [place_title(r.get("locality"), r.get("level"), lang, fallback=r["doc_id"]) for r in rows],
        "report_kind": [label("report_kind", r.get("report_kind"), lang) for r in rows],
        "term": [term_label(r) for r in rows], "n": [r.get("n_indicators") or 0 for r in rows],
    })
    return GT(df, id="chitieu-documents").cols_label(province=c["province"], report=c["report"], report_kind=c["report_kind"],
                             term=c["term"], n=c["n"])


def left_out_table(left: pl.DataFrame, lang: str = "vi") -> GT:
    """What the ranked plots do not show, and why, counted."""
    c = COLUMNS[lang]
    df = left.with_columns(label_expr("reason", "left_out", lang))
    return (GT(df, id="chitieu-left-out").cols_label(reason=c["reason"], results=c["n_results"], concepts=c["n_concepts"])
            .sub_missing(columns="concepts", missing_text=""))
