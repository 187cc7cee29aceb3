"""The tables a reader sees in the reports, rendered with great_tables: Vietnamese labels with diacritics
(English with lang="en"), numbers as the language prints them ("4.420", "5,76"), verdicts coloured. Names as
printed (OCR damage and all) appear only in the provenance view, never here."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

import polars as pl
from great_tables import GT, loc, style

from ..frames.comparison import MIN_RESULTS, by_province
from ..reference.labels import (
    format_number,
    indicator_label,
    label,
    label_expr,
    labels,
    number_marks,
    place_title,
    term_label,
    text,
)

# great_tables puts 9 KB of CSS, scoped to the table's id, in every table; the pages share it once instead
# (html.CSS + table_css(), in _static/report.css), for tables in a div of class TABLE_CLASS
GT_STYLE = re.compile(r"<style>.*?</style>(\s*</style>)?", re.DOTALL)
# and names each cell's header in a headers="chitieu-indicators-unit_label" attribute, which the tables' one row
# of <th scope="col"> already says, and indents every cell: two thirds of a 300-row table's bytes
CELL_HEADERS = re.compile(r' headers="[^"]*"')
BETWEEN_TAGS = re.compile(r">\s+<")
TABLE_CLASS = "chitieu-gt"
VERDICT_FILL = {"vuot": "#c7e9c0", "dat": "#e5f5e0", "chua_dat": "#fcbba1", "kho_dat": "#fdd0a2"}
LONG_TABLE_ROWS = 15   # a longer table is collapsed under its summary line ("Xem 308 dòng"), the charts first


def _columns(lang: str) -> dict[str, str]:
    """Column names in the report's language (report_text.csv, kind column)."""
    return labels("column", lang)


def show(table: GT | None) -> None:
    """Display a table in a notebook as its HTML only: GT's own plain-text repr holds the frame's repr and
    memory addresses, which would make two runs of one document differ."""
    from IPython.display import display

    if table is not None:
        display({"text/html": table_html(table), "text/plain": "<table>"}, raw=True)


def table_html(table: GT) -> str:
    """The table's HTML without its own <style> (the page's shared CSS styles it: table_css)."""
    html = BETWEEN_TAGS.sub("><", CELL_HEADERS.sub("", GT_STYLE.sub("", table._repr_html_(), count=1)))
    return html.replace("<div id=", f'<div class="{TABLE_CLASS}" id=', 1)


@lru_cache(maxsize=1)
def table_css() -> str:
    """great_tables' CSS once, for every table of class TABLE_CLASS. Made from a pandas frame: the HTML export
    runs in the runner's forked workers, where Polars' thread pool, started before the fork, would hang."""
    import pandas as pd

    css = GT_STYLE.search(GT(pd.DataFrame({"a": [1]}), id=TABLE_CLASS)._repr_html_()).group(0)
    return css.split("<style>", 1)[1].split("</style>", 1)[0].replace(f"#{TABLE_CLASS}", f".{TABLE_CLASS}")


def page_title(title: str, lang: str = "vi", subtitle: str = "") -> None:
    """The page's heading; its metadata gives the HTML page its <title> and `lang` (report.html.page_meta)."""
    from IPython.display import display

    sub = f'<p class="chitieu-note">{escape(subtitle)}</p>' if subtitle else ""
    display({"text/html": f"<h1>{escape(title)}</h1>{sub}", "text/plain": title}, raw=True,
            metadata={"chitieu": {"title": title, "lang": lang}})


def heading(code: str, lang: str = "vi", **values) -> None:
    """A section's heading (<h2 id="code">, listed in the page's contents) and its note, in the report's
    language (report_text.csv, kinds heading and note; `values` fill the note's {placeholders})."""
    note = labels("note", lang).get(code)
    para = f'<p class="chitieu-note">{escape(note.format(**values))}</p>' if note else ""
    say(f'<h2 id="{escape(code)}">{escape(text("heading", code, lang))}</h2>{para}', text("heading", code, lang))


def note(code: str, lang: str = "vi", **values) -> None:
    """One sentence of the report's words (report_text.csv, kind note)."""
    words = text("note", code, lang, **values)
    say(f'<p class="chitieu-note">{escape(words)}</p>', words)


def say(html: str, plain: str) -> None:
    from IPython.display import display

    display({"text/html": html, "text/plain": plain}, raw=True)


def share_text(share_met: float | None, n: int, lang: str = "vi") -> str:
    """Share met as the reports and the index print it: "32% (n = 34)", "100% (n = 2, mỏng)", "—"."""
    if not n:
        return "—"
    thin = f", {text('summary', 'thin', lang)}" if n < MIN_RESULTS else ""
    return f"{format_number(share_met, lang, 0)}% (n = {n}{thin})"


def summary_line(indicators: pl.DataFrame, share: pl.DataFrame, counts: tuple[int, int], lang: str = "vi") -> str:
    """What the report holds, in one sentence: indicators read, share met (with its n, "mỏng" when thin),
    findings and OCR repairs, counted as the index counts them."""
    row = share.row(0, named=True) if share.height else {"share_met": None, "n": 0}
    results = indicators.filter(pl.col("section") == "results").height
    return text("summary", "counts", lang, n_ind=indicators.height, n_results=results,
                n_next=indicators.height - results, share=share_text(row["share_met"], row["n"], lang),
                n_findings=counts[0], n_repairs=counts[1])


def show_long(table: GT | None, rows: int, lang: str = "vi", summary: str | None = None,
              collapsed: bool | None = None) -> None:
    """A table shown open when short, collapsed under its summary line ("Xem 308 dòng") when longer than
    LONG_TABLE_ROWS (or when `collapsed`), so a report of 300 indicators still opens on its summary and charts."""
    if table is None:
        return
    if not (rows > LONG_TABLE_ROWS if collapsed is None else collapsed):
        show(table)
        return
    line = escape(summary or text("note", "show_all", lang, n=rows))
    say(f'<details class="chitieu-more"><summary>{line}</summary>{table_html(table)}</details>', line)


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
    fields = labels("document_field", lang)
    values = [coded.get(k, row.get(k)) for k in fields]
    df = pl.DataFrame({"field": list(fields.values()), "value": ["" if v is None else str(v) for v in values]})
    df = df.filter(pl.col("value") != "")
    return (GT(df, id="chitieu-document")
            .cols_label(field=_columns(lang)["field"], value=_columns(lang)["value"]))


def indicators_table(indicators: pl.DataFrame, lang: str = "vi") -> GT:
    """Every indicator as the report states it, grouped into results and next targets: its label, unit,
    target, result (ước marked), % of target and verdict (coloured), and the line it was read from."""
    c = _columns(lang)
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


def findings_table(findings: pl.DataFrame, lang: str = "vi") -> GT | None:
    """Findings in words (report.findings): the check, the indicator, where to look, what chitieu read there
    and what is wrong; None when there are none."""
    if findings.is_empty():
        return None
    c = _columns(lang)
    df = findings.select("check", "indicator", "where", "read", "reason")
    return GT(df, id="chitieu-findings").cols_label(check=c["check_name"], indicator=c["indicator"], where=c["where"],
                                                   read=c["read"], reason=c["reason"])


def reconciliation_table(recon: pl.DataFrame, lang: str = "vi") -> GT | None:
    """Prose against table: the two readings of one indicator, whether they agree, which one is used."""
    from ..reference.concepts import concepts_by_code

    if recon.is_empty():
        return None
    c = _columns(lang)
    names = {code: (k.label_en if lang == "en" else k.label_vi) for code, k in concepts_by_code().items()}
    df = (recon.with_columns(indicator=pl.col("concept").replace_strict(names, default=pl.col("concept")),
                             why=label_expr("uses", "recon_why", lang), uses=label_expr("uses", "uses", lang))
          .select("indicator", "line", "actual", "target", "line_table", "actual_table", "target_table",
                  "agree", "uses", "why"))
    gt = (GT(df, id="chitieu-reconciliation").cols_label(indicator=c["indicator"], line=c["where"], actual=c["actual"], target=c["target"],
                            line_table=c["where"], actual_table=c["actual"], target_table=c["target"],
                            uses=c["uses"], why=c["why"])
          .tab_spanner(c["prose_value"], ["line", "actual", "target"])
          .tab_spanner(c["table_value"], ["line_table", "actual_table", "target_table"])
          .fmt_integer(columns=["line", "line_table"], use_seps=False))
    return _numbers(gt, ["actual", "target", "actual_table", "target_table"], lang)


def pages_table(pages: pl.DataFrame | None, lang: str = "vi") -> GT | None:
    """The document's pages: how each was read (its text layer, OCR here, someone else's OCR layer), by which
    engine, with what confidence and what to do about it; None for a text without pages."""
    if pages is None or pages.is_empty():
        return None
    c = _columns(lang)
    df = pages.select("page", "read_as", "engine", "confidence", "quality").with_columns(
        label_expr("quality", "page_quality", lang).alias("what_to_do"))
    gt = GT(df, id="chitieu-pages").cols_label(page=c["page"], read_as=c["read_as"], engine=c["engine"],
                                               confidence=c["confidence"], quality=c["quality"],
                                               what_to_do=c["what_to_do"])
    return _numbers(gt, ["confidence"], lang, decimals=0)


def documents_table(documents: pl.DataFrame, lang: str = "vi") -> GT:
    """The reports compared, by province (its own reports first, then its cities, districts, wards ...):
    locality and level, report kind, term, indicators read."""
    c = _columns(lang)
    rows = by_province(documents, lang).to_dicts()
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
    c = _columns(lang)
    df = left.with_columns(label_expr("reason", "left_out", lang))
    return (GT(df, id="chitieu-left-out").cols_label(reason=c["reason"], results=c["n_results"], concepts=c["n_concepts"])
            .sub_missing(columns="concepts", missing_text=""))
