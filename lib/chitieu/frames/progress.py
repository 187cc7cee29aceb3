"""% of target, from the frames: the one a document states, else the one its numbers imply (direction-aware).
Shared by the checks (is the stated one consistent?) and the comparison (how far did each result get?)."""

from __future__ import annotations

import polars as pl


def target_or_high() -> pl.Expr:
    return pl.coalesce(pl.col("target"), pl.col("target_high"))


def implied_pct() -> pl.Expr:
    """% of target the numbers imply, direction-aware: a lower-is-better target met is 100% or more;
    a range is measured against its lower bound."""
    t = pl.when(pl.col("target_op") == "range").then(pl.col("target_low")).otherwise(target_or_high())
    a = pl.col("actual")
    lower = (pl.col("direction") == "lower") | pl.col("target_op").is_in(["<", "<="])
    return (pl.when(t.is_null() | a.is_null() | (t == 0)).then(None)
            .when(lower).then(t / a * 100)
            .otherwise(a / t * 100))


def progress(indicators: pl.DataFrame) -> pl.DataFrame:
    """% of target per indicator as `pct`: the stated one, else the one the numbers imply (implied_pct)."""
    return indicators.with_columns(pct=pl.coalesce(pl.col("achievement_pct"), implied_pct()))
