"""Unit phrases after a number, normalised to SCHEMA.md's unit strings (table: data/reference/units.csv)."""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from .paths import REFERENCE

UNITS_FILE = REFERENCE / "units.csv"


@lru_cache(maxsize=1)
def unit_patterns() -> list[tuple[re.Pattern, str]]:
    with open(UNITS_FILE, encoding="utf-8", newline="") as fh:
        return [(re.compile(r"\s*(?:" + row["pattern"] + r")(?![a-z])"), row["unit"]) for row in csv.DictReader(fh)]


def unit_at(key: str, pos: int, end: int | None = None) -> tuple[str | None, int]:
    """The normalised unit that starts at `pos` in folded text (spaces allowed before it) and where it ends."""
    end = len(key) if end is None else end
    for rx, unit in unit_patterns():
        m = rx.match(key, pos, end)
        if m:
            return unit, m.end()
    return None, pos
