"""What a table's header cell says its column holds: header words (data/reference/table_headers.csv)
matched through the OCR key, the years the header names, and the modifiers (an estimate, the year before,
an excess over the plan); and the table words a finder reads a table by (notes block, lead-in, legend).

'Kế hoạch 2022' -> target of 2022; 'Ước thực hiện 2022' -> result of 2022, an estimate; 'So sánh KH (%)' ->
% of plan; 'Vượt so KH (%)' -> % of plan, the excess; 'So với cùng kỳ (%)' / 'Tăng bq 2016-2020 (%)' ->
change; 'Thực hiện cùng kỳ năm trước' -> result of the year before; 'Đánh giá' -> verdict; 'ĐVT' -> unit.
"""

from __future__ import annotations

import re

from ...reference.table_headers import header_patterns
from ..numbers import YEAR_OR_PERIOD
from .model import Column

CLEAN = re.compile(r"[^a-z0-9\s]")   # '% so KH (%)', 'Tăng/giảm': punctuation out before matching
BARE_YEAR_WORDS = 2                  # '2021', 'Năm 2021': a header of a year and at most one word
ORDER = ("index", "unit", "pct_plan", "change", "verdict", "note", "result", "target")   # first match wins


def words_of(header_key: str) -> str:
    return " ".join(CLEAN.sub(" ", header_key).split())


def has_word(role: str, key: str) -> bool:
    """One of the role's words (table_headers.csv) stands in the folded text."""
    rx = header_patterns().get(role)
    return rx is not None and rx.search(words_of(key)) is not None


def starts_with_word(role: str, key: str) -> bool:
    rx = header_patterns().get(role)
    return rx is not None and rx.match(words_of(key)) is not None


def _is_label(text: str) -> bool:
    """'Chỉ tiêu', 'Tên chỉ tiêu' name the rows; 'Chỉ tiêu NQ' / 'Chỉ tiêu Đại hội' is a target column."""
    pats = header_patterns()
    label, target = pats["label"].match(text), pats["target"].match(text)
    return label is not None and not (target is not None and target.end() > label.end())


def classify(header_key: str, path: tuple[str, ...] = ()) -> Column:
    """The column a header cell (folded key; `path`: its printed lines) stands for."""
    text = words_of(header_key)
    pats = header_patterns()
    years = [(int(m.group(1)), int(m.group(2) or m.group(1))) for m in YEAR_OR_PERIOD.finditer(header_key)]
    first, last = (years[0][0], years[0][1]) if years else (None, None)
    mods = {m: bool(pats[m].search(text)) if m in pats else False for m in ("estimate", "previous", "excess")}
    if _is_label(text):
        return Column("label", header=text, path=path)
    for role in ORDER:
        m = pats[role].search(text) if role in pats else None
        if m and (role != "index" or m.start() == 0):
            return Column(role, last, first, mods["estimate"] and role in ("result", "change"), text, path,
                          previous=mods["previous"] and role == "result", excess=mods["excess"] and role == "pct_plan")
    if years and len(text.split()) <= BARE_YEAR_WORDS:
        return Column("result", last, first, mods["estimate"], text, path, bare=True)   # a series value ('2021')
    if pats["label"].search(text):
        return Column("label", header=text, path=path)
    return Column("other", last, first, False, text, path)


def is_header_cell(key: str) -> bool:
    """A short cell whose words name a column."""
    text = key.strip()
    return 0 < len(text) <= 40 and classify(text).role != "other"
