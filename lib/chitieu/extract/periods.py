"""Periods printed in a report: a year, a span of years, a quarter, the first months of a year, a month.

Each mention gives the years it covers and the month it ends in, so that a value's time can be set against
the text's date: 'quý I/2023' ends in March 2023, '6 tháng đầu năm 2024' in June 2024, 'năm 2022' in December,
'giai đoạn 2016 - 2020' in December 2020. A year after a slash counts where a quarter or a date puts it there
('quý I/2023', '10/10/2020'), never in a pair ('86/95'). The words are cue roles of data/reference/cues.csv;
month counts in words ('sáu tháng', 'chín tháng') come from number_words.csv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from ..reference import cues
from .numbers import YEAR_MAX, YEAR_MIN, YEAR_OR_PERIOD, number_word_values

YEAR = r"((?:19|20)\d\d)(?![\d%]|[.,]\d)"
ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# a full date: its year is the period ('10/10/2020')   e.g. 'Tính đến ngày 10/10/2020'
DATE_YEAR = re.compile(r"(?<![\d/.])\d{1,2}\s*([/.-])\s*(\d{1,2})\s*\1\s*" + YEAR)
MONTHS_IN_YEAR = 12
DIGIT = re.compile(r"\d")


class Grain(StrEnum):
    """How long a period is (what the text reviews or a value refers to)."""
    YEARS = "years"            # a span of years: a term, a plan, 'giai đoạn 2016 - 2020'
    YEAR = "year"
    MONTHS = "months"          # the first months of a year: 6 or 9 months, a quarter cumulated
    QUARTER = "quarter"
    MONTH = "month"
    DAY = "day"                # a date


@dataclass(frozen=True)
class Period:
    first: int            # first year
    last: int             # last year
    end_month: int        # the month it ends in (12 for a year)
    grain: Grain
    start: int            # offsets of the mention in the text
    end: int

    @property
    def span(self) -> bool:
        return self.first != self.last


@lru_cache(maxsize=1)
def _words_date() -> re.Pattern:
    """'ngày 10 tháng 12 năm 2020': a date, not the month of a year."""
    day, month, year = (cues.source(r) for r in ("date_day", "date_month", "date_year"))
    return re.compile(rf"{day}\s*\d{{1,2}}\s*{month}\s*(\d{{1,2}})\s*{year}\s*{YEAR}")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    quarter, month, first, year = (cues.source(r) for r in ("period_quarter", "period_month", "period_first",
                                                              "period_year"))
    count = r"(\d{1,2}|" + "|".join(w for w, v in number_word_values().items() if v == int(v) and v <= 12) + ")"
    quarters = rf"{quarter}\s*(iv|i{{1,3}}|[1-4])\s*(?:/|[-–]|{year})\s*{YEAR}"
    first_months = rf"(?<![a-z0-9]){count}\s+{month}\s+(?:{first}\s+)?{year}\s*{YEAR}"
    month_of = rf"{month}\s+(\d{{1,2}})\s*(?:/|[-–]|{year})\s*{YEAR}"
    return re.compile(quarters), re.compile(first_months), re.compile(month_of)


def find_periods(key: str, lo: int = 0, hi: int | None = None) -> list[Period]:
    """Every period printed in key[lo:hi], in text order; a quarter or a run of months is one period, not
    its year alone."""
    hi = len(key) if hi is None else hi
    if not DIGIT.search(key, lo, hi):
        return []
    quarters, first_months, month_of = _patterns()
    found: list[Period] = []
    for m in _words_date().finditer(key, lo, hi):
        mo, y = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= MONTHS_IN_YEAR:
            found.append(Period(y, y, mo, Grain.DAY, m.start(), m.end()))
    dated = [(p.start, p.end) for p in found]
    for m in quarters.finditer(key, lo, hi):
        y, q = int(m.group(2)), ROMAN_QUARTERS[m.group(1)]
        found.append(Period(y, y, 3 * q, Grain.QUARTER, m.start(), m.end()))
    for m in first_months.finditer(key, lo, hi):
        n = _count(m.group(1))
        if n is not None and 1 <= n <= MONTHS_IN_YEAR:
            y = int(m.group(2))
            found.append(Period(y, y, n, Grain.YEAR if n == MONTHS_IN_YEAR else Grain.MONTHS, m.start(), m.end()))
    for m in month_of.finditer(key, lo, hi):
        n, y = int(m.group(1)), int(m.group(2))
        if 1 <= n <= MONTHS_IN_YEAR and not any(a <= m.start() < b for a, b in dated):
            found.append(Period(y, y, n, Grain.MONTH, m.start(), m.end()))
    for m in DATE_YEAR.finditer(key, lo, hi):
        mo, y = int(m.group(2)), int(m.group(3))
        if 1 <= mo <= MONTHS_IN_YEAR:
            found.append(Period(y, y, mo, Grain.DAY, m.start(), m.end()))
    taken = [(p.start, p.end) for p in found]
    for m in YEAR_OR_PERIOD.finditer(key, lo, hi):
        if any(a <= m.start() < b for a, b in taken):
            continue
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if YEAR_MIN <= first <= last <= YEAR_MAX:
            found.append(Period(first, last, MONTHS_IN_YEAR, Grain.YEARS if last != first else Grain.YEAR,
                                m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = number_word_values().get(word)
    return int(value) if value is not None else None
