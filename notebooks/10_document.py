# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
doc_id = None  # a document id (file stem in data/raw), or None for the first one
data_dir = "../data/processed"
out_dir = None  # where charts and checks.json go; None: ../scratch/<doc_id> (`chitieu run` writes reports/)
lang = "vi"  # the report's language, "vi" or "en"

# %%
# One report: its targets, results and checks. The frames come from `chitieu` (`make run` regenerates them).
# The report opens on its summary and charts; then what the checks found, in words; then the long tables
# (every indicator as stated, where each number comes from), collapsed. Its words, in `lang`, are those of
# data/reference/report_text.csv, so that a report speaks one language.
import json
from pathlib import Path

import polars as pl

from chitieu.frames import comparison, read_document
from chitieu.reference.labels import place_title, text
from chitieu.report import charts, findings, views

frames = read_document(data_dir, doc_id)  # this document's rows only (the first document's when None)
if doc_id is None:
    doc_id = frames["documents"]["doc_id"][0]
out = Path(out_dir or f"../scratch/{doc_id}")
document = frames["documents"].filter(pl.col("doc_id") == doc_id)
if document.is_empty():
    raise ValueError(f"no document {doc_id!r} in {data_dir}")
indicators = frames["indicators"].filter(pl.col("doc") == doc_id)
meta = document.row(0, named=True)
place = place_title(meta["locality"], meta["level"], lang, fallback=doc_id)

# %%
# the checks: `chitieu run` validated every document once, before the notebooks ran; else run them here
from chitieu.checks.rules import reconciliation
from chitieu.checks.suites import failed_rows, run_suites

checks_file = out / "checks.json"
if checks_file.exists() and json.loads(checks_file.read_text()).get("doc") == doc_id:
    checks = json.loads(checks_file.read_text())
    failed = pl.DataFrame(checks["rows"], infer_schema_length=None)
    recon = pl.DataFrame(checks["reconciliation"], infer_schema_length=None)
else:
    doc_frames = {"documents": document, "indicators": indicators,
                  "series": frames["series"].filter(pl.col("doc") == doc_id)}
    found, _ = run_suites(doc_frames)
    failed, recon = failed_rows(found), reconciliation(indicators)
found = findings.findings(failed, indicators, lang, recon) if failed.height else None
counts = findings.count_findings(failed.to_dicts())
share = comparison.share_met(comparison.results(indicators, document, lang), lang)

# %% The page's title, then the summary: who reports, about which term, and what was read
views.page_title(place, lang, subtitle=doc_id)
views.heading("summary", lang)
views.show(views.document_card(document, lang))
views.say(f"<p>{views.summary_line(indicators, share, counts, lang)}</p>", "")

# %%
views.heading("scorecard", lang)
chart = charts.scorecard(indicators, doc_id, lang=lang, place=place)
if chart.layer[0].data.values:
    charts.publish(chart, out, "scorecard")
else:
    views.note("no_scorecard", lang)

# %%
views.heading("series", lang)
series = frames["series"].filter(pl.col("doc") == doc_id)
if series.is_empty():
    views.note("no_series", lang)
else:
    charts.publish(charts.series_small_multiples(series, indicators, doc_id, lang=lang), out, "series")

# %%
views.heading("next_targets", lang)
chart = charts.next_targets(indicators, doc_id, lang=lang)
if chart is None:
    views.note("no_next", lang)
else:
    charts.publish(chart, out, "next_targets")

# %% What the checks found, in words; the routine OCR repairs apart, collapsed
views.heading("findings", lang)
if found is None or found.filter(~pl.col("routine")).is_empty():
    views.note("no_findings", lang)
else:
    real = found.filter(~pl.col("routine"))
    views.show_long(views.findings_table(real, lang), real.height, lang, collapsed=real.height > 40)
if found is not None and found["routine"].any():
    repairs = found.filter(pl.col("routine"))
    views.show_long(views.findings_table(repairs, lang), repairs.height, lang,
                    summary=text("note", "repairs", lang, n=repairs.height), collapsed=True)

# %%
views.heading("reconciliation", lang)
recon_table = views.reconciliation_table(recon, lang)
if recon_table is None:
    views.note("no_reconciliation", lang)
else:
    views.show_long(recon_table, recon.height, lang)

# %% Every indicator as stated, and where each number comes from: long, so collapsed
views.heading("indicators", lang)
views.show_long(views.indicators_table(indicators, lang), indicators.height, lang)

# %%
from chitieu.report.provenance import provenance_html

views.heading("provenance", lang)
views.say(f'<details class="chitieu-more"><summary>{text("note", "show_all", lang, n=indicators.height)}'
          f"</summary>{provenance_html(indicators, lang)}</details>", "")

# %% A PDF's pages: from its text layer, by OCR here, or from an OCR layer someone else made
pages = frames.get("pages")
pages = pages.filter(pl.col("doc_id") == doc_id) if pages is not None else None
if pages is not None and not pages.is_empty():
    views.heading("pages", lang)
    views.show_long(views.pages_table(pages, lang), pages.height, lang)
