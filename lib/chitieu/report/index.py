"""The landing page, reports/index.html: one row per document linking its report, the comparison
and the data files. Everything taken from a document is HTML-escaped."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

import polars as pl

from ..frames.comparison import by_province
from ..reference.labels import term_label
from ..storage import write_text_atomic

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>chitieu — reports</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}}
table{{border-collapse:collapse;width:100%}}th,td{{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left}}
th{{background:#f4f4f4}}td.num{{text-align:right}}.err{{color:#b00020}}
tr.province th{{background:#e8eef7;font-size:1.05rem;padding-top:.7rem}}
</style></head><body>
<h1>chitieu — targets of Party committee reports</h1>
<p>{n_docs} documents · {n_ind} indicators · <a href="compare/20_compare.html">comparison across documents</a>
· <a href="../data/processed/panel.csv">panel.csv</a> (<a href="../data/processed/panel.parquet">parquet</a>:
one row per locality × concept × year × result or target, in base units)
· data: <a href="../data/processed/indicators.csv">indicators.csv</a>, <a href="../data/processed/series.csv">series.csv</a>,
<a href="../data/processed/documents.csv">documents.csv</a></p>
<table><thead><tr><th>document</th><th>format</th><th>locality</th><th>level</th><th>report kind</th><th>term</th>
<th>indicators</th><th>share met</th><th>failed checks</th><th>status</th></tr></thead><tbody>
{rows}
</tbody></table></body></html>
"""


def summary_rows(documents: pl.DataFrame, indicators: pl.DataFrame) -> pl.DataFrame:
    met = (indicators.filter((pl.col("section") == "results") & pl.col("status").is_not_null())
           .group_by("doc").agg((pl.col("status").is_in(["dat", "vuot"]).mean() * 100).alias("share_met")))
    return documents.join(met, left_on="doc_id", right_on="doc", how="left")


def source_format(row: dict) -> str:
    """'pdf, 12 pages (3 OCR'd, lowest confidence 81)', 'docx', 'txt'."""
    fmt = row.get("source_format") or "txt"
    if fmt != "pdf" or not row.get("n_pages"):
        return fmt
    ocr = row.get("pages_ocr") or 0
    conf = row.get("ocr_confidence")
    extra = f" ({ocr} OCR'd" + (f", lowest confidence {conf:.0f}" if conf is not None else "") + ")" if ocr else ""
    return f"pdf, {row['n_pages']} pages{extra}"


def write_index(out_dir: Path, documents: pl.DataFrame, indicators: pl.DataFrame,
                outcomes: dict[str, str], failed_checks: dict[str, int] | None = None) -> Path:
    failed_checks = failed_checks or {}
    rows = []
    province = object()
    for r in by_province(summary_rows(documents, indicators)).iter_rows(named=True):
        if r["province"] != province:
            province = r["province"]
            rows.append(f'<tr class="province"><th colspan="10">{escape(province or "—")}</th></tr>')
        doc = r["doc_id"]
        outcome = outcomes.get(doc, "not run")
        href = escape(quote(doc)) + "/10_document.html"
        link = f'<a href="{href}">{escape(doc)}</a>' if outcome in ("ok", "unchanged") else escape(doc)
        term = term_label(r)
        share = "" if r.get("share_met") is None else f"{r['share_met']:.0f}%"
        status = escape(r["error"]) if r.get("error") else escape(outcome)
        cls = ' class="err"' if r.get("error") or outcome not in ("ok", "unchanged") else ""
        rows.append(
            f"<tr><td>{link}</td><td>{escape(source_format(r))}</td><td>{escape(r.get('locality') or '')}</td><td>{escape(r.get('level') or '')}</td>"
            f"<td>{escape(r.get('report_kind') or '')}</td><td>{term}</td>"
            f"<td class=num>{r.get('n_indicators') or 0}</td><td class=num>{share}</td>"
            f"<td class=num>{failed_checks.get(doc, '')}</td><td{cls}>{status}</td></tr>")
    html = PAGE.format(n_docs=documents.height, n_ind=indicators.height, rows="\n".join(rows))
    target = Path(out_dir) / "index.html"
    write_text_atomic(target, html)
    return target


def pages_view(frames: dict, doc_id: str):
    """The document's pages: how each was read (its text layer, OCR here, someone else's OCR layer), by
    which engine, with what confidence and what that means for its numbers; None for a text without pages."""
    import polars as pl

    pages = frames.get("pages")
    if pages is None:
        return None
    mine = pages.filter(pl.col("doc_id") == doc_id)
    if mine.is_empty():
        return None
    advice = {"ok": "", "flagged": "check its numbers against the scan", "unreliable": "read it from the scan"}
    return mine.select("page", "read_as", "engine", "confidence", "quality").with_columns(
        pl.col("quality").replace_strict(advice, default="").alias("what to do"))
