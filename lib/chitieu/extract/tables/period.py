"""When a table speaks: the year its results stand for and whether a column or a table plans a later period.

The only place the table readers read the document's time (`meta.period_end`, `meta.year_reviewed`): one
function for a grid's columns (`reviewed_year`, `is_later`, `column_year`) and one for an appendix table's
title and year columns (`appendix_year`, `appendix_section`, `split_years`), so the time frame can be re-pointed here alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..metadata import DocumentMeta
from .model import Column

YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")   # a year in an appendix title or header   e.g. 'NHIỆM KỲ 2020 - 2025'


def future_years_as_targets(columns: list[Column], meta: DocumentMeta) -> list[Column]:
    """A column headed by a year alone that lies after the document's date holds what is planned for it, not
    what was reached: 'Năm 2025 | Năm 2030' in a plan of May 2024 are targets. Only a printed date says so (a
    statistics table of years has none, and the year its text names most is no date)."""
    dated = meta.frame.date is not None and meta.frame.date.year is not None
    return [replace(c, role="target") if dated and c.role == "result" and c.bare and c.year
            and meta.frame.is_future(c.year) else c for c in columns]


def reviewed_year(columns: list[Column], meta: DocumentMeta) -> int | None:
    """The year a grid's results stand for: its latest result column that names a year, else the document's."""
    years = [c.year for c in columns if c.role == "result" and c.year]
    return max(years) if years else (meta.year_reviewed or meta.period_end)


def column_year(col: Column, reviewed: int | None) -> int | None:
    """The year a column's values refer to: the one it names, the year before ('cùng kỳ năm trước'), else the
    reviewed year ('Thực hiện kỳ báo cáo')."""
    if col.year is not None:
        return col.year
    if reviewed is not None and col.previous:
        return reviewed - 1
    return reviewed


def is_later(col: Column, reviewed: int | None) -> bool:
    """A column of a period after the reviewed year ('KH 2021-2025' in a 2020 report): next-term targets."""
    return reviewed is not None and (col.first_year or col.year or 0) > reviewed


def appendix_year(meta: DocumentMeta) -> int | None:
    """The year an appendix table's results stand for: the end of the reviewed period."""
    return meta.period_end


def appendix_section(title_key: str, meta: DocumentMeta) -> str:
    """An appendix table whose title names only years from the end of the reviewed term on sets targets."""
    years = [int(y) for y in YEAR.findall(title_key)]
    end = appendix_year(meta)
    if end and years and min(years) >= end and max(years) > end:
        return "targets_next"
    return "results"


def split_years(years: list[int], meta: DocumentMeta) -> tuple[list[int], list[int]]:
    """An appendix header's years as reported columns and forecast columns (after the reviewed period)."""
    seen = list(dict.fromkeys(years))
    if len(seen) < 2:
        return [], []
    last = appendix_year(meta) or max(seen)
    return [y for y in seen if y <= last], [y for y in seen if y > last]


def value_still_open(meta: DocumentMeta, year: int | None) -> bool:
    """A value of `year` reached by the text's date is an estimate while that year has not ended at the date (an
    undated text: open)."""
    date = meta.frame.date
    return year is None or date is None or date.year is None or date.year <= year
