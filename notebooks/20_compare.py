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
out_dir = "../reports/compare"
lang = "vi"  # "vi" or "en"
levels = None  # e.g. ["province", "city"]; None for all
provinces = None  # e.g. ["Nghệ An"]: a province and every unit inside it
report_kinds = None  # e.g. ["term report", "resolution"]
term = None  # e.g. "2020-2025": reports that review or open that term
concepts = None  # concept codes to rank, e.g. ["poverty_rate", "grdp_growth"]; None for every shared one
max_ranked = 16  # ranked plots drawn at most (the most reported concepts); the others are listed

# %% [markdown]
# # Comparing localities
# How provinces, cities, districts and wards met their targets, side by side. Values are compared only in one
# base unit per concept (`unit_base`: "nghìn tỷ đồng" and "triệu đồng" become "tỷ đồng"), and the last section
# counts what could not be compared.

# %%
from pathlib import Path

import polars as pl

from chitieu.frames import comparison, read_frames
from chitieu.report import charts, comparison_charts, views

frames = read_frames(data_dir)
selection = comparison.Selection(levels=levels, provinces=provinces, report_kinds=report_kinds, term=term,
                                 concepts=concepts)
documents = comparison.select_documents(frames["documents"], selection)
if doc_ids:
    documents = documents.filter(pl.col("doc_id").is_in(doc_ids))
indicators = frames["indicators"].filter(pl.col("doc").is_in(documents["doc_id"].to_list()))
results = comparison.results(indicators, documents, lang)
out = Path(out_dir)
print(f"{documents.height} reports, {documents['locality'].n_unique()} localities, "
      f"{indicators.height} indicators, {results['concept'].n_unique()} concepts with a result")

# %% [markdown]
# ## The reports compared

# %%
views.show(views.documents_table(documents, lang))

# %% [markdown]
# ## Each shared concept, locality by locality
# For the concepts most reports state in the same unit (at least three): each locality's result (shape = level,
# colour = met or not, by the report's own verdict or else its numbers) and its target (black tick), ranked.

# %%
points = comparison.ranked(results, selection, lang)
if points.is_empty():
    print("No concept is stated by three or more of these reports.")
else:
    chart = comparison_charts.ranked_panel(points, lang, max_ranked)
    charts.save(chart, out / "charts" / "ranked")
    charts.show(chart)
    rest = comparison_charts.ranked_order(points)[max_ranked:]
    if rest:
        print(f"{len(rest)} more concepts are stated by three or more reports (set `concepts` to rank them): "
              + ", ".join(rest))

# %% [markdown]
# ## Who reports what
# Localities × themes: how many of a theme's concepts each report states.

# %%
chart = comparison_charts.coverage_matrix(comparison.coverage(results, lang), lang)
charts.save(chart, out / "charts" / "coverage")
charts.show(chart)

# %% [markdown]
# ## Share of targets met, per locality
# Of each report's results whose outcome is known, the share that met the target (the number beside each bar
# is how many results it rests on).

# %%
chart = comparison_charts.share_met_bars(comparison.share_met(results, lang), lang)
charts.save(chart, out / "charts" / "share_met")
charts.show(chart)

# %% [markdown]
# ## How far results got, per domain
# Every result's % of target (stated, else implied by its numbers), capped at 200; the dashed rule is 100%.

# %%
chart = comparison_charts.achievement_by_domain(comparison.achievement(results, lang), lang)
charts.save(chart, out / "charts" / "achievement")
charts.show(chart)

# %% [markdown]
# ## What the comparison leaves out

# %%
views.show(views.left_out_table(comparison.left_out(results, indicators, points), lang))
