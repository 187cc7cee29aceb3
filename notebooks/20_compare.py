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
doc_ids = None  # list of document ids, or None for all documents in data_dir
data_dir = "../data/processed"
out_dir = None  # where the charts go; None: ../scratch/compare (`chitieu run` writes reports/compare)
lang = "vi"  # "vi" or "en"
levels = None  # e.g. ["province", "city"]; None for all
provinces = None  # e.g. ["Nghệ An"]: a province and every unit inside it
report_kinds = None  # e.g. ["term report", "resolution"]
term = None  # e.g. "2020-2025": reports that review or open that term
period = None  # results compared: "2020-2025" (a term: results of 2021–2025) or "2023"; None: the latest common
concepts = None  # concept codes to rank, e.g. ["poverty_rate", "grdp_growth"]; None for every shared one
max_ranked = 16  # ranked plots drawn at most (the most reported concepts); the others are listed

# %%
# Comparing localities: how provinces, cities, districts and wards met their targets, side by side, within
# one period and, per concept, in one base unit; the last section counts what could not be compared.
from pathlib import Path

import polars as pl

from chitieu.frames import comparison, read_frames
from chitieu.reference.labels import text
from chitieu.report import charts, comparison_charts, views

frames = read_frames(data_dir)
selection = comparison.Selection(levels=levels, provinces=provinces, report_kinds=report_kinds, term=term,
                                 concepts=concepts)
documents = comparison.select_documents(frames["documents"], selection)
if doc_ids:
    documents = documents.filter(pl.col("doc_id").is_in(doc_ids))
indicators = frames["indicators"].filter(pl.col("doc").is_in(documents["doc_id"].to_list()))
every_result = comparison.results(indicators, documents, lang)
period = period or comparison.latest_period(every_result) or ""
results = comparison.in_period(every_result, period) if period else every_result
other_period = every_result.join(results.select("doc", "concept"), on=["doc", "concept"], how="anti")
out = Path(out_dir or "../scratch/compare")

# %%
views.page_title(f"{text('heading', 'compare', lang)} · {period}", lang)
views.note("compare", lang, period=period, n_results=results.height, n_reports=results["doc"].n_unique(),
           n_other=other_period.height)
views.heading("documents", lang)
compared = documents.filter(pl.col("doc_id").is_in(results["doc"].unique().to_list()))
views.show_long(views.documents_table(compared, lang), compared.height, lang)

# %%
views.heading("share_met", lang)
views.say(f'<p class="chitieu-note">{text("definition", "share_met", lang)}</p>', "")
share = comparison.share_met(results, lang)
charts.publish(comparison_charts.share_met_bars(share, lang, period), out, "share_met")

# %%
views.heading("ranked", lang)
points = comparison.ranked(results, selection, lang)
if points.is_empty():
    views.note("ranked_none", lang)
else:
    charts.publish(comparison_charts.ranked_panel(points, lang, max_ranked), out, "ranked")
    rest = comparison_charts.ranked_order(points)[max_ranked:]
    if rest:
        names = dict(zip(points["concept"], points["concept_label"], strict=True))
        views.note("ranked_rest", lang, n=len(rest), names=", ".join(names[c] for c in rest))

# %%
views.heading("coverage", lang)
charts.publish(comparison_charts.coverage_matrix(comparison.coverage(results, lang), lang), out, "coverage")

# %%
views.heading("achievement", lang)
charts.publish(comparison_charts.achievement_by_domain(comparison.achievement(results, lang), lang), out,
               "achievement")

# %%
views.heading("left_out", lang)
views.show(views.left_out_table(comparison.left_out(results, indicators, points, other_period), lang))
