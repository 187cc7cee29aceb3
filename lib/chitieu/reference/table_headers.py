"""Header words of tables (data/reference/table_headers.csv): the words that name each column role, the words
that modify a column (an estimate, the year before, an excess over the plan) and the words a table is read by
(a notes block under it, a lead-in label, a legend of its columns, a unit line over it), compiled once
through the OCR key. What a header cell means is read from them in extract.tables.headers."""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from ..paths import REFERENCE
from .ocrkey import phrase

HEADERS_FILE = REFERENCE / "table_headers.csv"

ROLES = ("label", "index", "unit", "pct_plan", "change", "verdict", "note", "result", "target")

VALUE_ROLES = ("result", "target", "pct_plan", "change")

MODIFIERS = ("estimate", "previous", "excess")

TABLE_WORDS = ("notes", "lead_in", "count", "legend", "year_head", "unit_line")

@lru_cache(maxsize=1)
def header_patterns() -> dict[str, re.Pattern]:
    table: dict[str, list[str]] = {}
    with open(HEADERS_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["role"] not in ROLES + MODIFIERS + TABLE_WORDS:
                raise ValueError(f"{HEADERS_FILE}: unknown column role {row['role']!r}")
            table.setdefault(row["role"], []).append(" ".join(row["reading"].split()))
    return {role: re.compile("|".join(phrase(r) for r in sorted(rs, key=len, reverse=True)))
            for role, rs in table.items()}
