"""Party terms and five-year plans as a text names them.

A Party term and a five-year plan run five years and end in a year divisible by five ('nhiệm kỳ 2020 - 2025',
'kế hoạch 5 năm 2021 - 2025'); a People's Council's term ('khóa X, nhiệm kỳ 2021 - 2026') does not, and is
not a Party term. Which term a text reviews or opens is the time frame's business (timeframe.py, kinds.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TERM_YEARS = 5
PLAN_SPANS = (4, 5)   # a plan's years as printed: '2021 - 2025' (five years, four apart) or '2020 - 2025'
# 'nhiệm kỳ 2015 - 2020', '5 năm 2021-2025', 'giai đoạn 2016 - 2020' (the last only in a congress's text)
NAMED_TERM = re.compile(r"(?:(?P<term>nhi[a-z]*m\s+k[yi])|(?P<plan>(?:5|05|nam)\s+nam)|(?P<stage>giai\s+[dpb]oan))"
                        r"\s*\(?\s*(?P<start>(?:19|20)\d\d)\s*[-–—]\s*(?P<end>(?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class Term:
    start: int
    end: int
    offset: int


def is_party_term(start: int, end: int) -> bool:
    return end - start in PLAN_SPANS and end % TERM_YEARS == 0


def named_terms(key: str, congress_text: bool) -> list[Term]:
    """The Party terms and five-year plans the text names, in text order."""
    out = []
    for m in NAMED_TERM.finditer(key):
        if m.group("stage") and not congress_text:
            continue
        start, end = int(m.group("start")), int(m.group("end"))
        if is_party_term(start, end):
            out.append(Term(start, end, m.start()))
    return out
