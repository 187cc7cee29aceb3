"""Party terms and five-year plans.

A Party term and a five-year plan run five years and end in a year divisible by five ('nhiệm kỳ 2020 - 2025',
'kế hoạch 5 năm 2021 - 2025'); a People's Council's term ('khóa X, nhiệm kỳ 2021 - 2026') does not, and is
not a Party term. Which term a text reviews or opens is the time frame's business (timeframe.py, kinds.py).
"""

from __future__ import annotations

TERM_YEARS = 5
PLAN_SPANS = (4, 5)   # a plan's years as printed: '2021 - 2025' (five years, four apart) or '2020 - 2025'


def is_party_term(start: int, end: int) -> bool:
    return end - start in PLAN_SPANS and end % TERM_YEARS == 0


def term_holding(year: int) -> tuple[int, int]:
    """The Party term that holds a year: 2018 -> 2015-2020, 2020 -> 2015-2020, 2021 -> 2020-2025."""
    start = (year - 1) // TERM_YEARS * TERM_YEARS
    return start, start + TERM_YEARS
