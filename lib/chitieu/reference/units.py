"""Unit phrases after a number, normalised to SCHEMA.md's unit strings, and how units convert
(table: data/reference/units.csv).

Each unit has a base — the unit its dimension is counted in — and the factor to it: "USD billion" is 1000
"USD million", "% of previous year" is 0.01 "times". Two units convert into each other when they share a base.
A per-head unit of the codebook ("million VND/person/year", "USD/person") also takes a number printed in its
numerator ("60 triệu đồng" for GRDP per head): the concept's words say it is per head.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from ..paths import REFERENCE

UNITS_FILE = REFERENCE / "units.csv"


@lru_cache(maxsize=1)
def _rows() -> tuple[dict, ...]:
    """units.csv, read once for every use below."""
    with open(UNITS_FILE, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _all_units() -> tuple[re.Pattern, list[str]]:
    """Every unit pattern in one alternation, in file order (the first that matches wins, as in the file),
    each in a group of its own so the match says which unit it is. Rows without a pattern are units of the
    codebook that are never read from a text ('percentage points')."""
    rows = [row for row in _rows() if row["pattern"]]
    body = "|".join(f"(?P<u{i}>(?:{row['pattern']})(?![a-z]))" for i, row in enumerate(rows))
    return re.compile(r"\s*(?:" + body + ")"), [row["unit"] for row in rows]


def unit_at(key: str, pos: int, end: int | None = None) -> tuple[str | None, int]:
    """The normalised unit that starts at `pos` in folded text (spaces allowed before it) and where it ends."""
    end = len(key) if end is None else end
    rx, units = _all_units()
    m = rx.match(key, pos, end)
    if m is None:
        return None, pos
    return units[int(m.lastgroup[1:])], m.end()


@lru_cache(maxsize=1)
def base_units() -> dict[str, tuple[str, float]]:
    """unit -> (its base unit, the factor to it), from units.csv's `unit_base` and `scale` columns, so numbers
    of one kind compare across reports whatever scale each printed: "thousand billion VND" -> ("billion VND",
    1000), "million VND" -> ("billion VND", 0.001). A unit the file does not list is its own base (factor 1)."""
    out: dict[str, tuple[str, float]] = {}
    for row in _rows():
        base = (row["unit_base"] or row["unit"], float(row["scale"] or 1))
        if out.setdefault(row["unit"], base) != base:
            raise ValueError(f"{UNITS_FILE}: unit {row['unit']!r} has two bases")
    return out


def base_of(unit: str) -> tuple[str, float]:
    return base_units().get(unit, (unit, 1.0))


def numerator(unit: str) -> str:
    """'million VND/person/year' -> 'million VND'; a unit without '/' is its own ('% of previous year' too)."""
    return unit.split("/", 1)[0].strip() if "/" in unit and not unit.startswith("%") else unit


def factor(unit: str | None, to: str | None) -> float | None:
    """The factor that turns a number in `unit` into `to` (a concept's unit), or None when they do not convert:
    'USD billion' -> 'USD million' is 1000, '%' -> 'billion VND' None. A per-head or per-area unit of the
    codebook takes a number printed in its numerator: 'million VND' -> 'million VND/person/year' is 1 (never
    'USD billion' -> 'USD/person')."""
    if unit is None or to is None:
        return None
    if unit == to:
        return 1.0
    (b1, f1), (b2, f2) = base_of(unit), base_of(to)
    if b1 == b2:
        return f1 / f2
    return 1.0 if unit == numerator(to) != to else None


def with_factor(df, unit: str = "unit", to: str = "unit_base", name: str = "factor"):
    """A Polars frame with `name`: the factor from each row's `unit` into its `to` unit (`factor`), null where
    they do not convert; computed once per distinct pair and joined."""
    import polars as pl

    pairs = df.select(unit, to).unique().drop_nulls()
    table = pl.DataFrame([{unit: u, to: t, name: factor(u, t)} for u, t in pairs.iter_rows()],
                         schema={unit: pl.String, to: pl.String, name: pl.Float64})
    return df.join(table, on=[unit, to], how="left", nulls_equal=False)


def base_unit_expr(column: str = "unit"):
    """A Polars expression: each row's unit in its base scale (a unit without one is its own base)."""
    import polars as pl

    bases = {u: b for u, (b, _) in base_units().items()}
    return pl.col(column).replace_strict(bases, default=pl.col(column), return_dtype=pl.String)


def unit_family(unit: str | None) -> str | None:
    """'%' and '%/year' are shares; VND and USD amounts are money; other units are their own family. Two
    numbers of one family can be one indicator's value and target ('6,9%/năm (mục tiêu 7,5-8%)')."""
    if unit is None:
        return None
    if unit.startswith("%"):
        return "share"
    return "money" if "VND" in unit or "USD" in unit else unit
