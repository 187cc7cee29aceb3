"""Does each concept fit its numbers? Columns the GX indicators suite asserts, computed in Polars: true (fits),
false (a finding) or null (nothing to check).

- `value_in_range`: the value, in the concept's unit, lies where its kind allows (a share 0–100, a count ≥ 0, a
  level > 0, a growth ≥ -100; the concept's own `value_max` where the kind's does not fit).
- `unit_fits_concept`: the printed unit converts into the concept's ('%' is never an amount of money).
- `growth_not_share`: a growth and a share or rate of the same report and domain are not one number — a sector's
  growth read as its share of GRDP (or the reverse) gives both.
- `not_a_rank`: the number is not a rank ('đứng thứ 2/12', 'xếp hạng') read as a value.
"""

from __future__ import annotations

import polars as pl

from ..reference.concept_match import is_rank
from ..reference.concepts import codebook_frame, kinds
from ..reference.ocrkey import fold
from ..reference.units import with_factor

GROWTH_KINDS = ("growth",)
SHARE_KINDS = ("share", "rate")
CHECKED = ("actual", "target", "target_low", "target_high")


def _min_open() -> pl.DataFrame:
    return pl.DataFrame({"concept_kind": list(kinds()), "min_open": [k.low_open for k in kinds().values()]})


def _in_range(column: str) -> pl.Expr:
    v = pl.col(column) * pl.col("_factor")
    above = pl.when(pl.col("min_open")).then(v > pl.col("value_min")).otherwise(v >= pl.col("value_min"))
    return (pl.when(v.is_null()).then(None)
            .otherwise(above.fill_null(True) & (v <= pl.col("value_max")).fill_null(True)))


def _equal_growth_and_share(ind: pl.DataFrame) -> pl.DataFrame:
    """(doc, key) of the growth and share rows of one report and domain that print the same number."""
    cols = ["doc", "key", "domain", "actual"]
    growth = ind.filter(pl.col("concept_kind").is_in(GROWTH_KINDS) & pl.col("actual").is_not_null()).select(cols)
    share = ind.filter(pl.col("concept_kind").is_in(SHARE_KINDS) & pl.col("actual").is_not_null()).select(cols)
    pairs = growth.join(share, on=["doc", "domain", "actual"], suffix="_share")
    return pl.concat([pairs.select("doc", "key"), pairs.select("doc", pl.col("key_share").alias("key"))]).unique()


def with_concept_checks(indicators: pl.DataFrame) -> pl.DataFrame:
    """The indicators with the four concept-fit columns."""
    book = codebook_frame().join(_min_open(), on="concept_kind", how="left")
    ind = with_factor(indicators.join(book, on="concept", how="left"), "unit", "concept_unit", "_factor")
    has_concept = pl.col("concept").is_not_null()
    in_range = pl.all_horizontal(_in_range(c).fill_null(True) for c in CHECKED)
    any_value = pl.any_horizontal(pl.col(c).is_not_null() for c in CHECKED)
    equal = _equal_growth_and_share(ind).with_columns(_equal=pl.lit(True))
    ranks = pl.col("name_raw").map_elements(lambda name: is_rank(fold(name or "")), return_dtype=pl.Boolean)
    return (ind.join(equal, on=["doc", "key"], how="left")
            .with_columns(
                value_in_range=pl.when(has_concept & any_value & pl.col("_factor").is_not_null()).then(in_range)
                .otherwise(None),
                unit_fits_concept=pl.when(has_concept & pl.col("unit").is_not_null())
                .then(pl.col("_factor").is_not_null()).otherwise(None),
                growth_not_share=pl.when(pl.col("concept_kind").is_in(GROWTH_KINDS + SHARE_KINDS))
                .then(pl.col("_equal").is_null()).otherwise(None),
                not_a_rank=pl.when(any_value).then(~ranks).otherwise(None))
            .drop(*book.columns[1:], "_factor", "_equal"))
