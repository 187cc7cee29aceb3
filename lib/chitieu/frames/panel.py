"""The panel researchers take away (data/processed/panel.{parquet,csv}): one row per locality × concept × year ×
kind (result or target), each value in its concept's unit in the codebook, with the locality's level, province
and term, the concept's labels and national indicator code, and the keys back to the report (doc, key, line,
page) — what one loads into R or Stata. Beside it, `left_out` (panel_left_out.{parquet,csv}): every reading that
did not enter, and why.

Only readings with a concept, a value in a unit that converts into the concept's and a year enter. Where several
readings give the same row (prose and table of one report, two reports of one locality), the one kept is, in
order: a reported value over an estimate or forecast, the later report, the prose over the table (the report's
own words). `n_readings` says how many there were.
"""

from __future__ import annotations

import polars as pl

from ..reference.concepts import codebook_frame
from ..reference.units import with_factor
from ..vocab import ActualKind, ReportKind, Section, Source

RESULT, TARGET = "result", "target"
ROW_KEY = ("locality", "level", "parent", "concept", "year", "kind")  # one panel row each
PANEL_SCHEMA = {
    "locality": pl.String, "level": pl.String, "parent": pl.String, "concept": pl.String,
    "label_vi": pl.String, "label_en": pl.String, "vsis_code": pl.String, "domain": pl.String,
    "year": pl.Int32, "kind": pl.String, "value": pl.Float64, "target_op": pl.String, "target_low": pl.Float64,
    "target_high": pl.Float64, "unit_base": pl.String, "value_printed": pl.Float64, "unit": pl.String,
    "estimate": pl.Boolean, "report_kind": pl.String, "term_start": pl.Int32, "term_end": pl.Int32,
    "report_year": pl.Int32, "doc": pl.String, "key": pl.String, "source": pl.String, "page": pl.Int32,
    "line": pl.Int32, "n_readings": pl.UInt32,
}
LEFT_OUT_SCHEMA = {"doc": pl.String, "key": pl.String, "line": pl.Int32, "concept": pl.String,
                   "unit": pl.String, "reason": pl.String, "why": pl.String, "snippet": pl.String}
NO_CONCEPT, NO_VALUE, NO_LOCALITY, OTHER_UNIT, NO_YEAR = ("no_concept", "no_value", "no_locality", "other_unit",
                                                         "no_year")
OWN_TERM_KINDS = (ReportKind.RESOLUTION.value,)   # texts that set targets for their term (a targets-only text is one)
DOC_COLUMNS = ("locality", "level", "parent", "report_kind", "term_start", "term_end", "next_term_end",
               "year_reviewed")


def _documents(documents: pl.DataFrame) -> pl.DataFrame:
    return (documents.filter(pl.col("error").is_null())
            .select(pl.col("doc_id").alias("doc"), *DOC_COLUMNS)
            .with_columns(pl.coalesce("year_reviewed", "term_end").alias("report_year")))


def next_target_year() -> pl.Expr:
    """The year a next-term target is set for: the end of the term it belongs to. The next term when the text
    says which; the text's own term when it sets targets for it (a resolution, or a term still ahead of the
    year reviewed: a 2025–2030 target is 2030); the term after the one reviewed (its length again); for a
    text without a term (a yearly report), the year after the one reviewed."""
    term, reviewed = pl.col("term_end"), pl.col("year_reviewed")
    own_term = pl.col("report_kind").is_in(OWN_TERM_KINDS) | reviewed.is_null() | (term > reviewed)
    return (pl.when(pl.col("next_term_end").is_not_null()).then(pl.col("next_term_end"))
            .when(term.is_not_null() & own_term).then(term)
            .when(term.is_not_null()).then(term + (term - pl.col("term_start")).fill_null(5))
            .otherwise(reviewed + 1))


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
    result's target, a yearly report's year for its plan; `next_target_year` for a next-term target). A range's
    value is its low bound."""
    has_target = pl.col("target").is_not_null() | pl.col("target_low").is_not_null()
    reviewed = pl.coalesce("term_end", "year_reviewed", "actual_year")
    return (ind.filter(has_target)
            .with_columns(kind=pl.lit(TARGET),
                          year=pl.when(pl.col("section") == Section.TARGETS_NEXT.value).then(next_target_year())
                          .otherwise(reviewed),
                          value=pl.coalesce("target_base", "target_low_base"),
                          value_printed=pl.coalesce("target", "target_low"), estimate=pl.lit(False),
                          target_low=pl.col("target_low_base"), target_high=pl.col("target_high_base")))


def _series(series: pl.DataFrame, ind: pl.DataFrame) -> pl.DataFrame:
    """Every year of a table row's series, in the concept's unit; a year after the report's period is a
    forecast (an estimate)."""
    rows = ind.select("doc", "key", "_factor", *[c for c in ind.columns if c not in series.columns
                                                 and c not in ("actual", "_factor")])
    return (series.join(rows, on=["doc", "key"], how="inner")
            .with_columns(kind=pl.lit(RESULT), value_printed=pl.col("value"),
                          estimate=pl.col("kind_series") == "forecast",
                          target_op=pl.lit(None, pl.String), target_low=pl.lit(None, pl.Float64),
                          target_high=pl.lit(None, pl.Float64))
            .with_columns(value=pl.col("value_printed") * pl.col("_factor")))


def _keep_one(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per panel key: reported before estimated, later report first, prose before table."""
    prose_first = pl.col("source") != Source.PROSE.value
    ranked = rows.sort([pl.col("estimate"), pl.col("report_year"), prose_first, pl.col("doc"), pl.col("key")],
                       descending=[False, True, False, False, False], nulls_last=True)
    counts = rows.group_by(ROW_KEY).len("n_readings")
    return (ranked.unique(subset=list(ROW_KEY), keep="first", maintain_order=True)
            .join(counts, on=list(ROW_KEY), how="left", nulls_equal=True))


def _readings(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every indicator (its numbers already in its concept's unit: frames.build.with_base_units) with its
    document's columns, its concept's national code, and the factor from its printed unit into the concept's
    (null where none converts; the series are converted with it)."""
    book = codebook_frame().select("concept", "vsis_code")
    ind = (frames["indicators"].join(_documents(frames["documents"]), on="doc", how="left")
           .join(book, on="concept", how="left"))
    return with_factor(ind, "unit", "unit_base", "_factor")


def _why_left_out(readings: pl.DataFrame) -> pl.DataFrame:
    """The reason each reading is left out of the panel (null where it enters)."""
    has_value = pl.any_horizontal(pl.col(c).is_not_null() for c in ("actual", "target", "target_low", "series"))
    return readings.with_columns(
        reason=pl.when(pl.col("concept").is_null()).then(pl.lit(NO_CONCEPT))
        .when(~has_value).then(pl.lit(NO_VALUE))
        .when(pl.col("locality").is_null()).then(pl.lit(NO_LOCALITY))
        .when(pl.col("_factor").is_null()).then(pl.lit(OTHER_UNIT))
        .otherwise(None),
        why=pl.when(pl.col("concept").is_null()).then(pl.col("concept_note"))
        .when(~has_value).then(pl.lit("no number: a verdict or a % of the plan alone"))
        .when(pl.col("locality").is_null()).then(pl.lit("the report's locality is unknown"))
        .when(pl.col("_factor").is_null())
        .then(pl.format("{} does not convert into {}", pl.col("unit").fill_null("no unit"), pl.col("unit_base")))
        .otherwise(None))


def build_panel(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The panel of a batch's frames (documents, indicators, series)."""
    ind = _why_left_out(_readings(frames)).filter(pl.col("reason").is_null())
    series = frames["series"].rename({"kind": "kind_series"}).drop("concept")
    parts = [_results(ind), _targets(ind), _series(series, ind)]
    columns = [c for c in PANEL_SCHEMA if c != "n_readings"]
    rows = pl.concat([p.select([pl.col(c).cast(PANEL_SCHEMA[c]) for c in columns]) for p in parts])
    rows = rows.filter(pl.col("value").is_not_null() & pl.col("year").is_not_null())
    return _keep_one(rows).select(list(PANEL_SCHEMA)).cast(PANEL_SCHEMA).sort(
        "parent", "locality", "concept", "year", "kind", nulls_last=True)


def left_out(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Every reading the panel leaves out, with its reason (no_concept, no_value, no_locality, other_unit, no_year) and,
    in words, why: the record's concept_note, or which unit did not convert into the concept's."""
    readings = _why_left_out(_readings(frames))
    dated = pl.coalesce("actual_year", "report_year", "term_end", "year_reviewed")
    no_year = (pl.col("reason").is_null() & dated.is_null()
               & (pl.col("actual").is_not_null() | pl.col("target").is_not_null()))
    return (readings.with_columns(reason=pl.when(no_year).then(pl.lit(NO_YEAR)).otherwise(pl.col("reason")),
                                  why=pl.when(no_year).then(pl.lit("no year is printed or known for the report"))
                                  .otherwise(pl.col("why")))
            .filter(pl.col("reason").is_not_null())
            .select([pl.col(c).cast(t) for c, t in LEFT_OUT_SCHEMA.items()]))
