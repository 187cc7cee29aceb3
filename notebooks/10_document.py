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
doc_id = None  # a document id (file stem in data/raw); None = the first one
data_dir = "../data/processed"
out_dir = None  # where charts and checks.json go; None = ../reports/<doc_id>
lang = "vi"  # chart labels: "vi" or "en"

# %% [markdown]
# # One report: its targets, results and checks
#
# The frames come from `chitieu` (`make run` regenerates them). Every number below carries the line of
# the report it was read from; the *checks* section lists what the validation suites found doubtful.

# %%
import json
from pathlib import Path

import polars as pl

from chitieu import charts
from chitieu.frames import read_frames
from chitieu.validate import findings_frame, run_suites

frames = read_frames(data_dir)
if doc_id is None:
    doc_id = frames["documents"]["doc_id"][0]
out = Path(out_dir or f"../reports/{doc_id}")
document = frames["documents"].filter(pl.col("doc_id") == doc_id)
if document.is_empty():
    raise ValueError(f"no document {doc_id!r} in {data_dir}")
indicators = frames["indicators"].filter(pl.col("doc") == doc_id)

# %% [markdown]
# ## The document

# %%
meta = document.row(0, named=True)
pl.DataFrame({"field": list(meta), "value": [str(v) for v in meta.values()]})

# %% [markdown]
# ## Indicators as stated
# One row per indicator per source (prose list or appendix table).

# %%
with pl.Config(tbl_rows=200, fmt_str_lengths=60):
    display(indicators.select("section", "source", "line", "concept", "name_raw", "unit", "target", "target_op",
                              "actual", "actual_year", "actual_kind", "achievement_pct", "status"))

# %% [markdown]
# ## How far each result got towards its target

# %%
chart = charts.scorecard(indicators, doc_id, lang=lang)
charts.save(chart, out / "charts" / "scorecard")
charts.show(chart)

# %% [markdown]
# ## Checks
# Expectations that failed on this document, with the source lines to look at.

# %%
findings, _ = run_suites({"indicators": indicators, "documents": document, "series":
                          frames["series"].filter(pl.col("doc") == doc_id)})
checks = findings_frame(findings)
failed = checks.filter(~pl.col("success"))
out.mkdir(parents=True, exist_ok=True)
(out / "checks.json").write_text(json.dumps({"failed": failed.height, "passed": checks.height - failed.height}))
print(f"{checks.height - failed.height} expectations passed, {failed.height} failed")
failed
