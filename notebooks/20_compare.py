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
lang = "vi"

# %% [markdown]
# # Comparing reports
# How provinces and cities met their targets, side by side.

# %%
from pathlib import Path

import polars as pl

from chitieu import charts
from chitieu.frames import read_frames

frames = read_frames(data_dir)
documents = frames["documents"].filter(pl.col("error").is_null())
if doc_ids:
    documents = documents.filter(pl.col("doc_id").is_in(doc_ids))
indicators = frames["indicators"].filter(pl.col("doc").is_in(documents["doc_id"].to_list()))
out = Path(out_dir)
documents.select("doc_id", "locality", "level", "report_kind", "term_start", "term_end", "n_indicators")

# %% [markdown]
# ## Verdicts per report

# %%
chart = charts.verdict_breakdown(indicators, documents, lang=lang)
charts.save(chart, out / "charts" / "verdicts")
charts.show(chart)

# %% [markdown]
# ## Themes two or more reports speak of

# %%
chart = charts.shared_concepts(indicators, documents, lang=lang)
charts.save(chart, out / "charts" / "shared_concepts")
charts.show(chart)

# %% [markdown]
# ## Share of targets met, by domain

# %%
chart = charts.domain_heatmap(indicators, documents, lang=lang)
charts.save(chart, out / "charts" / "domain_heatmap")
charts.show(chart)
