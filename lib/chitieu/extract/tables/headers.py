"""What a table's header cell says its column holds: header words (data/reference/table_headers.csv)
matched through the OCR key, and the years the header names.

'Kế hoạch 2022' -> target of 2022; 'Ước thực hiện 2022' -> result of 2022, an estimate; 'So sánh KH (%)' ->
% of plan; 'So với cùng kỳ (%)' / 'Tăng bq 2016-2020 (%)' -> change; 'Đánh giá' -> verdict; 'ĐVT' -> unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...reference.ocrkey import phrase
from ...reference.table_headers import header_patterns
from ..numbers import YEAR_OR_PERIOD


@dataclass(frozen=True)
class Column:
    role: str                    # one of ROLES, or "other"
    year: int | None = None      # the (last) year the header names: 'KH 2021 - 2025' -> 2025
    first_year: int | None = None
    estimate: bool = False       # 'Ước ...'
    header: str = ""

    @property
    def period(self) -> bool:
        return self.first_year is not None and self.year is not None and self.first_year != self.year

@lru_cache(maxsize=1)
def _estimate() -> re.Pattern:
    return re.compile(phrase("uoc"))

RESOLUTION_TARGET = re.compile(r"chi\s+tieu\s+(?:nq|nghi|[dp]ai\s+hoi|de\s+ra)")  # 'Chỉ tiêu NQ': a target column

AVERAGE = re.compile(r"(?<![a-z])(?:bq|binh\s+quan)(?![a-z])")   # 'BQ 2021-2023': a period average

CLEAN = re.compile(r"[^a-z0-9\s]")   # '% so KH (%)', 'Tăng/giảm': punctuation out before matching

def classify(header_key: str) -> Column:
    """The column a header cell (folded key) stands for."""
    text = " ".join(CLEAN.sub(" ", header_key).split())
    pats = header_patterns()
    years = [(int(m.group(1)), int(m.group(2) or m.group(1))) for m in YEAR_OR_PERIOD.finditer(header_key)]
    first, last = (years[0][0], years[0][1]) if years else (None, None)
    if pats["label"].match(text) and not RESOLUTION_TARGET.match(text):
        return Column("label", header=text)   # 'Chỉ tiêu', 'Chỉ tiêu kế hoạch năm 2023' name the rows
    for role in ("index", "unit", "pct_plan", "change", "verdict", "note", "result", "target"):
        rx = pats.get(role)
        m = rx.search(text) if rx else None
        if m and (role != "index" or m.start() == 0):
            estimate = role == "result" and (_estimate().search(text) is not None or AVERAGE.search(text) is not None)
            return Column(role, last, first, estimate, text)
    if years and len(text.split()) <= 2:
        return Column("result", last, first, False, text)   # a bare year column ('2021'): a series value
    if pats["label"].search(text):
        return Column("label", header=text)
    return Column("other", last, first, False, text)

def is_header_cell(key: str) -> bool:
    """A short cell whose words name a column."""
    text = key.strip()
    return 0 < len(text) <= 40 and classify(text).role != "other"
