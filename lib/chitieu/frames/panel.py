"""The panel researchers take away (data/processed/panel.{parquet,csv}): one row per locality × concept ×
year × kind (result or target), numbers in base units, with the locality's level, province and term and the
keys back to the report (doc, key, line, page) — what one loads into R or Stata.

Only indicators with a concept enter it: a name no concept fits cannot be compared across reports. Where
several readings give the same row (prose and table of one report, two reports of one locality), the one
kept is, in order: a reported value over an estimate or forecast, the later report, the prose over the table
(the report's own words). `n_readings` says how many there were.
"""

from __future__ import annotations

import polars as pl

from ..reference.units import scale_expr
from ..vocab import ActualKind, Section, Source

RESULT, TARGET = "result", "target"
ROW_KEY = ("locality", "level", "parent", "concept", "unit_base", "year", "kind")  # one panel row each
PANEL_SCHEMA = {
    "locality": pl.String, "level": pl.String, "parent": pl.String, "concept": pl.String,
    "label_vi": pl.String, "label_en": pl.String, "domain": pl.String, "year": pl.Int32, "kind": pl.String,
    "value": pl.Float64, "target_op": pl.String, "target_low": pl.Float64, "target_high": pl.Float64,
    "unit_base": pl.String, "value_printed": pl.Float64, "unit": pl.String, "estimate": pl.Boolean,
    "report_kind": pl.String, "term_start": pl.Int32, "term_end": pl.Int32, "report_year": pl.Int32,
    "doc": pl.String, "key": pl.String, "source": pl.String, "page": pl.Int32, "line": pl.Int32,
    "n_readings": pl.UInt32,
}
DOC_COLUMNS = ("locality", "level", "parent", "report_kind", "term_start", "term_end", "next_term_end",
               "year_reviewed")


def _documents(documents: pl.DataFrame) -> pl.DataFrame:
    return (documents.filter(pl.col("error").is_null())
            .select(pl.col("doc_id").alias("doc"), *DOC_COLUMNS)
            .with_columns(pl.coalesce("year_reviewed", "term_end").alias("report_year")))


def _results(ind: pl.DataFrame) -> pl.DataFrame:
    """Each stated value at the year it refers to (the report's year where none is printed)."""
    return (ind.filter(pl.col("actual").is_not_null())
            .with_columns(kind=pl.lit(RESULT), year=pl.coalesce("actual_year", "report_year"),
                          value=pl.col("value_base"), value_printed=pl.col("actual"),
                          estimate=pl.col("actual_kind") == ActualKind.ESTIMATE.value,
                          target_op=pl.lit(None, pl.String), target_low=pl.lit(None, pl.Float64),
                          target_high=pl.lit(None, pl.Float64)))


def _targets(ind: pl.DataFrame) -> pl.DataFrame:
    """Each target at the year it is set for: the end of the term it belongs to (the reviewed term for a
    result's target, the next term for a next-term target). A range's value is its low bound."""
    next_end = pl.coalesce("next_term_end", pl.col("term_end") + 5)
    has_target = pl.col("target").is_not_null() | pl.col("target_low").is_not_null()
    return (ind.filter(has_target)
            .with_columns(kind=pl.lit(TARGET),
                          year=pl.when(pl.col("section") == Section.TARGETS_NEXT.value).then(next_end)
                          .otherwise(pl.col("term_end")),
                          value=pl.coalesce("target_base", "target_low_base"),
                          value_printed=pl.coalesce("target", "target_low"), estimate=pl.lit(False),
                          target_low=pl.col("target_low_base"), target_high=pl.col("target_high_base")))


def _series(series: pl.DataFrame, ind: pl.DataFrame) -> pl.DataFrame:
    """Every year of a table row's series; a year after the report's period is a forecast (an estimate)."""
    rows = ind.select("doc", "key", *[c for c in ind.columns if c not in series.columns and c != "actual"])
    return (series.join(rows, on=["doc", "key"], how="inner")
            .with_columns(kind=pl.lit(RESULT), value_printed=pl.col("value"),
                          estimate=pl.col("kind_series") == "forecast",
                          target_op=pl.lit(None, pl.String), target_low=pl.lit(None, pl.Float64),
                          target_high=pl.lit(None, pl.Float64))
            .with_columns(value=pl.col("value_printed") * scale_expr()))


def _keep_one(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per panel key: reported before estimated, later report first, prose before table."""
    prose_first = pl.col("source") != Source.PROSE.value
    ranked = rows.sort([pl.col("estimate"), pl.col("report_year"), prose_first, pl.col("doc")],
                       descending=[False, True, False, False], nulls_last=True)
    counts = rows.group_by(ROW_KEY).len("n_readings")
    return (ranked.unique(subset=list(ROW_KEY), keep="first", maintain_order=True)
            .join(counts, on=list(ROW_KEY), how="left", nulls_equal=True))


def build_panel(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The panel of a batch's frames (documents, indicators with base-unit columns, series)."""
    docs = _documents(frames["documents"])
    ind = (frames["indicators"].filter(pl.col("concept").is_not_null() & pl.col("unit_base").is_not_null())
           .join(docs, on="doc", how="inner"))
    series = frames["series"].rename({"kind": "kind_series"}).drop("concept")
    parts = [_results(ind), _targets(ind), _series(series, ind)]
    columns = [c for c in PANEL_SCHEMA if c != "n_readings"]
    rows = pl.concat([p.select([pl.col(c).cast(PANEL_SCHEMA[c]) for c in columns]) for p in parts])
    rows = rows.filter(pl.col("value").is_not_null() & pl.col("year").is_not_null())
    return _keep_one(rows).select(list(PANEL_SCHEMA)).cast(PANEL_SCHEMA).sort(
        "parent", "locality", "concept", "year", "kind", nulls_last=True)
