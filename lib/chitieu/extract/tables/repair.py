"""OCR repairs of a table's numbers, made only where the row's clean cells agree on the scale, and flagged
`repaired`: a dropped decimal comma ('9465' for 94,65; '407' for 4,07 among 6,05 and 8,08)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..numbers import Quantity

NOT_DIGIT = re.compile(r"[^\d]")
SEPARATOR = re.compile(r"[.,]")
CLEAN_DIGITS = 2     # a number of at most two digits leaves no doubt about its scale
OUTLIER = 8          # a value this many times the row's median lost its comma ...
NEAR = (0.5, 2.0)    # ... when a reading with the comma put back lies this near the median


def ocr_variants(literal: str) -> list[tuple[float, str]]:
    """Readings of a damaged number: a dropped decimal comma ('9465' -> 94,65 / 946,5)."""
    out = []
    lit = NOT_DIGIT.sub("", literal)
    if not lit:
        return out
    for k in range(1, min(3, len(lit))):
        out.append((float(lit[:-k] + "." + lit[-k:]), "dropped decimal comma"))
    return out


def is_clean(literal: str) -> bool:
    """A number whose printed form leaves no doubt about its scale (it has a separator, or is short)."""
    return bool(SEPARATOR.search(literal)) or sum(ch.isdigit() for ch in literal) <= CLEAN_DIGITS


def rescaled(literal: str, value: float, median: float) -> float | None:
    """The reading of an outlier with its comma put back that lies near the row's median, if any."""
    if is_clean(literal) or value < OUTLIER * median:
        return None
    return next((v for v, _why in ocr_variants(literal) if NEAR[0] * median <= v <= NEAR[1] * median), None)


def repair_row_scale(values: dict[int, Quantity | None], columns: list[int]) -> None:
    """A grid row's series or result cells: an outlier among clean values of one scale gets its comma back."""
    qs = [(i, values[i]) for i in columns if values.get(i) is not None and values[i].value is not None
          and not values[i].is_range]
    refs = sorted(q.value for _, q in qs if q.value and is_clean(q.literal))
    if len(refs) < 2:
        return
    median = refs[len(refs) // 2]
    for i, q in qs:
        v = rescaled(q.literal, q.value, median)
        if v is not None:
            values[i] = replace(q, value=v, repaired=True)
