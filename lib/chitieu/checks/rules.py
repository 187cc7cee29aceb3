"""Consistency of the numbers, computed in Polars so the GX suites can assert it:
the stated % of target against actual/target, the stated verdict against the numbers, the series
against the result, and the prose against the table (the reconciliation frame).

Each check is a column that is true (consistent), false (a finding) or null (nothing to compare).
"""

from __future__ import annotations

import polars as pl

from ..frames.progress import implied_pct

PCT_TOLERANCE = 1.0       # percentage points: '68%' for 4.420/6.500 = 68.0

VALUE_RTOL = 0.005        # prose and table agree within rounding

MET = ("dat", "vuot")

def implied_status() -> pl.Expr:
    """'met' or 'not_met' from the result (or, where a table forecasts the end of the term, that forecast:
    a mid-term table's verdict speaks of the term), target, operator and direction."""
    a, op = pl.coalesce(pl.col("series_last"), pl.col("actual")), pl.col("target_op")
    t = pl.col("target")
    lower = (pl.col("direction") == "lower") | op.is_in(["<", "<="])
    met = (pl.when(op == "range").then(a >= pl.col("target_low"))
           .when(op == "<").then(a < t)
           .when(op == "<=").then(a <= t)
           .when(op == ">").then(a > t)
           .when(lower).then(a <= t)
           .otherwise(a >= t))
    have = a.is_not_null() & (t.is_not_null() | (op == "range"))
    return pl.when(have).then(pl.when(met).then(pl.lit("met")).otherwise(pl.lit("not_met"))).otherwise(None)

def with_consistency(indicators: pl.DataFrame) -> pl.DataFrame:
    last = pl.struct("series", "actual_year").map_elements(_series_last, return_dtype=pl.Float64)
    df = indicators.with_columns(series_last=last).with_columns(pct_implied=implied_pct(),
                                                               status_implied=implied_status())
    series_value = pl.struct("series", "actual_year").map_elements(_series_value, return_dtype=pl.Float64)
    return df.with_columns(
        pct_consistent=pl.when(pl.col("achievement_pct").is_null() | pl.col("pct_implied").is_null()).then(None)
        .otherwise((pl.col("achievement_pct") - pl.col("pct_implied")).abs() <= PCT_TOLERANCE),
        status_consistent=pl.when(pl.col("status").is_null() | pl.col("status_implied").is_null()
                                  | (pl.col("status") == "kho_dat")).then(None)
        .otherwise(pl.col("status").is_in(MET) == (pl.col("status_implied") == "met")),
        series_value=series_value,
    ).with_columns(
        series_consistent=pl.when(pl.col("series_value").is_null() | pl.col("actual").is_null()).then(None)
        .otherwise((pl.col("series_value") - pl.col("actual")).abs() <= 1e-6 * pl.col("actual").abs().clip(1)),
    )

def _series_value(row: dict) -> float | None:
    import json

    if not row["series"] or row["actual_year"] is None:
        return None
    return json.loads(row["series"]).get(str(row["actual_year"]))

def _series_last(row: dict) -> float | None:
    """The last value a table gives at or after the result's year (the end-of-term forecast)."""
    import json

    if not row["series"] or row["actual_year"] is None:
        return None
    later = [(int(y), v) for y, v in json.loads(row["series"]).items() if v is not None and int(y) > row["actual_year"]]
    return max(later)[1] if later else None

def for_validation(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The frames as the suites see them: indicators with the consistency columns, the concept-fit checks
    (checks.concepts) and the year check, plus the reconciliation frame."""
    from .concepts import with_concept_checks

    docs = frames["documents"].select(pl.col("doc_id").alias("doc"), "term_start", "term_end")
    ind = with_concept_checks(with_consistency(frames["indicators"])).join(docs, on="doc", how="left")
    ind = ind.with_columns(
        year_in_term=pl.when(pl.col("actual_year").is_null() | pl.col("term_start").is_null()).then(None)
        .otherwise(pl.col("actual_year").is_between(pl.col("term_start") - 10, pl.col("term_end") + 10)),
    ).drop("term_start", "term_end")
    out = dict(frames)
    out["indicators"] = ind
    out["reconciliation"] = reconciliation(frames["indicators"])
    return out

def reconciliation(indicators: pl.DataFrame) -> pl.DataFrame:
    """Per document, section and concept stated in both prose and table: the two readings, whether they
    agree, which one chitieu uses and why."""
    cols = ["doc", "section", "concept", "line", "actual", "target", "target_op", "status", "achievement_pct",
            "ocr_repaired", "snippet"]
    base = with_consistency(indicators).filter(pl.col("concept").is_not_null())
    prose = base.filter(pl.col("source") == "prose").unique(["doc", "section", "concept"], keep="first",
                                                            maintain_order=True)
    table = base.filter(pl.col("source") == "table").unique(["doc", "section", "concept"], keep="first",
                                                            maintain_order=True)
    extra = ["status_consistent", "pct_consistent"]
    joined = prose.select(cols + extra).join(table.select(cols + extra), on=["doc", "section", "concept"],
                                             suffix="_table")
    p = {c: pl.col(c) for c in cols}
    t = {c: pl.col(f"{c}_table") for c in cols}

    def same(a: pl.Expr, b: pl.Expr) -> pl.Expr:
        return (a.is_null() | b.is_null()) | ((a - b).abs() <= VALUE_RTOL * pl.max_horizontal(a.abs(), b.abs(), 1))

    def same_str(a: pl.Expr, b: pl.Expr) -> pl.Expr:
        return a.is_null() | b.is_null() | (a == b)

    out = joined.with_columns(
        value_agrees=same(p["actual"], t["actual"]),
        target_agrees=same(p["target"], t["target"]),
        op_agrees=same_str(p["target_op"], t["target_op"]),
        status_agrees=same_str(p["status"], t["status"]),
    ).with_columns(
        agree=pl.col("value_agrees") & pl.col("target_agrees") & pl.col("op_agrees") & pl.col("status_agrees"),
        differences=pl.concat_str([
            pl.when(~pl.col("value_agrees")).then(pl.lit("value ")).otherwise(pl.lit("")),
            pl.when(~pl.col("target_agrees")).then(pl.lit("target ")).otherwise(pl.lit("")),
            pl.when(~pl.col("op_agrees")).then(pl.lit("operator ")).otherwise(pl.lit("")),
            pl.when(~pl.col("status_agrees")).then(pl.lit("verdict ")).otherwise(pl.lit("")),
        ]).str.strip_chars(),
    )
    table_consistent = (pl.col("status_consistent_table").fill_null(True) & pl.col("pct_consistent_table").fill_null(True))
    prose_consistent = (pl.col("status_consistent").fill_null(True) & pl.col("pct_consistent").fill_null(True))
    return out.with_columns(
        uses=pl.when(pl.col("agree")).then(pl.lit("both"))
        .when(table_consistent & ~prose_consistent).then(pl.lit("table"))
        .otherwise(pl.lit("prose")),
        why=pl.when(pl.col("agree")).then(pl.lit("prose and table agree"))
        .when(table_consistent & ~prose_consistent)
        .then(pl.lit("the table agrees with its verdict and % of target; the prose does not"))
        .otherwise(pl.lit("prose: the report's own words, unless only the table is consistent")),
    ).select("doc", "section", "concept", "line", "line_table", "actual", "actual_table", "target", "target_table",
             "target_op", "target_op_table", "status", "status_table", "ocr_repaired_table", "agree",
             "differences", "uses", "why", "snippet", "snippet_table")
