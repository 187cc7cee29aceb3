"""Which term a report reviews (or, for a resolution or a list of targets, opens).

A Party term and a five-year plan run five years and end in a year divisible by five ('nhiệm kỳ 2020 - 2025',
'kế hoạch 5 năm 2021 - 2025'); a People's Council's term ('khóa X, nhiệm kỳ 2021 - 2026') does not, and is
not a Party term. A report reviews the term that holds the year it looks back from: a congress held in 2020
reviews 2015-2020, not the 2020-2025 term it opens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..reference.ocrkey import has
from ..vocab import ReportKind

TERM_YEARS = 5
PLAN_SPANS = (4, 5)   # a plan's years as printed: '2021 - 2025' (five years, four apart) or '2020 - 2025'
# 'nhiệm kỳ 2015 - 2020', '5 năm 2021-2025', 'giai đoạn 2016 - 2020' (the last only in a congress's text)
NAMED_TERM = re.compile(r"(?:(?P<term>nhi[a-z]*m\s+k[yi])|(?P<plan>(?:5|05|nam)\s+nam)|(?P<stage>giai\s+[dpb]oan))"
                        r"\s*\(?\s*(?P<start>(?:19|20)\d\d)\s*[-–—]\s*(?P<end>(?:19|20)\d\d)(?!\d)")
CONGRESS_WORD = "dai hoi"   # 'Đại hội' (OCR 'Pai hoi', 'Dai hqi' through ocr_confusions.csv)
OPENING_KINDS = (ReportKind.RESOLUTION, ReportKind.TARGETS)


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


def first_term_named(key: str) -> tuple[int, int] | None:
    """The first 'nhiệm kỳ a - b' of the text, whatever it is (the years a congress-less text dates by)."""
    m = next((m for m in NAMED_TERM.finditer(key) if m.group("term")), None)
    return (int(m.group("start")), int(m.group("end"))) if m else None


def reviewed_term(meta, key: str, opening: str) -> tuple[int | None, int | None]:
    """(term_start, term_end): the term holding the year reviewed; a resolution's or target list's own term;
    for a congress in the year its term opens, the term before it. `opening` is the text's title block and first sentences: a
    congress named there (or in the first sentences) makes 'giai đoạn 2015 - 2020' the congress's term."""
    congress_text = bool(meta.congresses) or has(opening, CONGRESS_WORD)
    terms = named_terms(key, congress_text)
    congress = sorted({(c.term_start, c.term_end) for c in meta.congresses})
    if meta.report_kind in OPENING_KINDS:   # the latest term named: a resolution names the one before its own too
        latest = max([*congress, *((t.start, t.end) for t in terms)], key=lambda t: t[1], default=None)
        return latest or (None, None)
    year = meta.year_reviewed
    if year is None:
        latest = max(terms, key=lambda t: t.end, default=None)
        return (latest.start, latest.end) if latest else (None, None)
    holding = [t for t in terms if t.start < year <= t.end]
    if holding:
        return holding[0].start, holding[0].end
    if congress_text and any(t.start == year for t in terms) or any(s == year for s, _ in congress):
        return year - TERM_YEARS, year
    return None, None
