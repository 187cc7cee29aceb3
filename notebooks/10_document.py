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
out_dir = None  # where charts and checks.json go, or None for ../reports/<doc_id>
lang = "vi"  # chart labels, "vi" or "en"

# %% [markdown]
# # One report: its targets, results and checks
#
# The frames come from `chitieu` (`make run` regenerates them). Every number below carries the line of
# the report it was read from; the *checks* section lists what the validation suites found doubtful.

# %%
import json
from pathlib import Path

import polars as pl
from IPython.display import Markdown, display

from chitieu.checks.suites import findings_frame, run_suites
from chitieu.frames import read_frames
from chitieu.reference.labels import place_title
from chitieu.report import charts, views

frames = read_frames(data_dir)
if doc_id is None:
    doc_id = frames["documents"]["doc_id"][0]
out = Path(out_dir or f"../reports/{doc_id}")
document = frames["documents"].filter(pl.col("doc_id") == doc_id)
if document.is_empty():
    raise ValueError(f"no document {doc_id!r} in {data_dir}")
indicators = frames["indicators"].filter(pl.col("doc") == doc_id)
meta = document.row(0, named=True)
place = place_title(meta["locality"], meta["level"], lang, fallback=doc_id)
display(Markdown(f"**{place}** · `{doc_id}`"))

# %% [markdown]
# ## The document

# %%
views.show(views.document_card(document, lang))

# %% [markdown]
# ## How each page was read
# A PDF's pages: from its text layer, by OCR here (Tesseract's mean word confidence: below 85 flagged, below 70
# unreliable), or from an invisible OCR layer someone else made. A number on a flagged page, or inside a word
# the OCR was unsure of, is marked "check" in the provenance view below.

# %%
from chitieu.report.index import pages_view

pages = pages_view(frames, doc_id)
if pages is None:
    print(f"Read from a {meta.get('source_format') or 'txt'} file without pages.")
else:
    views.show(views.pages_table(pages, lang))

# %% [markdown]
# ## Indicators as stated
# One row per indicator per source (prose list or appendix table).

# %%
views.show(views.indicators_table(indicators, lang))

# %% [markdown]
# ## How far each result got towards its target
# % of target per indicator (the document's own figure where it states one, else actual/target,
# direction-aware), coloured by the document's verdict; the dashed rule is 100%.

# %%
chart = charts.scorecard(indicators, doc_id, lang=lang, place=place)
charts.save(chart, out / "charts" / "scorecard")
charts.show(chart)

# %% [markdown]
# ## Year by year, against the target
# From the appendix tables: reported years filled, forecasts circled, the target dashed.

# %%
series = frames["series"].filter(pl.col("doc") == doc_id)
if series.is_empty():
    print("This report has no multi-year table.")
else:
    chart = charts.series_small_multiples(series, indicators, doc_id, lang=lang)
    charts.save(chart, out / "charts" / "series")
    charts.show(chart)

# %% [markdown]
# ## Next-term targets beside the last result

# %%
chart = charts.next_targets(indicators, doc_id, lang=lang)
if not chart.layer[0].data.values:
    print("This report sets no next-term targets that can be set beside a result.")
else:
    charts.save(chart, out / "charts" / "next_targets")
    charts.show(chart)

# %% [markdown]
# ## Where each number comes from
# Every indicator with its source line and text; the numbers chitieu read are highlighted.

# %%
from IPython.display import HTML

from chitieu.report.provenance import provenance_html

HTML(provenance_html(indicators, "label_en" if lang == "en" else "label_vi"))

# %% [markdown]
# ## Checks
# What the validation suites (`expectations/*.json`) found doubtful on this document. Each row names the
# check, the source line and the text to look at. A finding is not an error: OCR repairs are listed so they
# can be compared with the scan; a verdict the numbers do not support, or a % of target that does not
# match actual/target, is either the report's own inconsistency or a misread, and the line says where.

# %%
from chitieu.checks.rules import reconciliation
from chitieu.checks.suites import failed_rows

checks_file = out / "checks.json"
if checks_file.exists() and json.loads(checks_file.read_text()).get("doc") == doc_id:
    # `chitieu run` validated every document once, before the notebooks ran
    checks = json.loads(checks_file.read_text())
    failed = pl.DataFrame(checks["rows"], infer_schema_length=None)
    recon = pl.DataFrame(checks["reconciliation"], infer_schema_length=None)
else:
    doc_frames = {"documents": document, "indicators": indicators,
                  "series": frames["series"].filter(pl.col("doc") == doc_id)}
    findings, _ = run_suites(doc_frames)
    summary = findings_frame(findings)
    n_failed = summary.filter(~pl.col("success")).height
    checks = {"doc": doc_id, "failed": n_failed, "passed": summary.height - n_failed}
    failed, recon = failed_rows(findings), reconciliation(indicators)
print(f"{checks['passed']} expectations passed, {checks['failed']} failed")
if not failed.is_empty():
    views.show(views.findings_table(failed, indicators, lang))

# %% [markdown]
# ## Prose against table
# Indicators the report states both in its text and in an appendix table: the two readings, whether they
# agree, and which one chitieu uses (`uses`, `why`). `ocr_repaired_table` marks a table value read through
# an OCR repair (the printed digits are kept in the frame's `literals`).

# %%
recon_table = views.reconciliation_table(recon, lang)
if recon_table is None:
    print("No indicator is stated both in the prose and in a table.")
else:
    views.show(recon_table)
