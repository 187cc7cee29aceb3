"""Unit phrases after a number, normalised to SCHEMA.md's unit strings (table: data/reference/units.csv)."""

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
    each in a group of its own so the match says which unit it is."""
    rows = _rows()
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


def base_unit_expr(column: str = "unit"):
    """A Polars expression: each row's unit in its base scale (a unit without one is its own base)."""
    import polars as pl

    bases = {u: b for u, (b, _) in base_units().items()}
    return pl.col(column).replace_strict(bases, default=pl.col(column), return_dtype=pl.String)


def scale_expr(column: str = "unit"):
    """A Polars expression: the factor from each row's unit to its base unit (1 for a unit without one;
    null for a null unit)."""
    import polars as pl

    factors = {u: f for u, (_, f) in base_units().items()}
    return pl.col(column).replace_strict(factors, default=1.0, return_dtype=pl.Float64)


@lru_cache(maxsize=1)
def base_units() -> dict[str, tuple[str, float]]:
    """unit -> (its base unit, the factor to it), from units.csv's `unit_base` and `scale` columns, so numbers
    of one kind compare across reports whatever scale each printed: "thousand billion VND" -> ("billion VND",
    1000), "million VND" -> ("billion VND", 0.001). A unit without a base is its own base (factor 1)."""
    return {row["unit"]: (row["unit_base"] or row["unit"], float(row["scale"] or 1)) for row in _rows()}


def unit_family(unit: str | None) -> str | None:
    """'%' and '%/year' are shares; VND and USD amounts are money; other units are their own family. Two
    numbers of one family can be one indicator's value and target ('6,9%/năm (mục tiêu 7,5-8%)')."""
    if unit is None:
        return None
    if unit.startswith("%"):
        return "share"
    return "money" if "VND" in unit or "USD" in unit else unit
