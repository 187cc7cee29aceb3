"""What a report presents, settled once its records are read, and whether it is the report or news about it.

SCHEMA.md's Documents: the kind names the report the text presents, whoever prints it. A text that only sets
targets (no result is read from it) is a resolution, reviews no year, and has the term it sets targets for; a
mid-term review, a congress or a text reviewing a term is a term report unless its title says resolution or
statistics; a report of a year, a quarter or some months is an annual report. The medium is `news` when the
opening reports an event as news does (news_event words of cues.csv: 'khai mạc', 'cho biết', 'họp báo', a
compiled 'tổng hợp', a dateline 'Sáng 6/12'), at least as often as its title block names a body or a kind of
document (document_head words: 'ỦY BAN NHÂN DÂN', 'BÁO CÁO', 'PHỤ LỤC').
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Indicator
from ..reference import cues
from ..vocab import Medium, ReportKind, Section
from .dates import OpeningSpan
from .periods import Grain
from .terms import TERM_YEARS, is_party_term, term_holding
from .timeframe import Span

LINE_LEAD = re.compile(r"^[\s(\[*-]+")   # '(Kèm theo ...': brackets and bullets before a line's first word
LETTERHEAD_WORDS = 10      # a letterhead or a document's title line in small letters is short
UPPER_SHARE = 0.8
MOTTO_WEIGHT = 2           # the national motto under a letterhead: an official document, whatever else it reports
NEWS_REACH_CHARS = 1500    # the opening and the first paragraphs after it: where a news text reports its event
WEAK_REVIEW_RULES = ("the year the text names most", "the text's date")   # timeframe's last fallbacks


def medium_of(key: str, text: str, opening: OpeningSpan) -> Medium:
    """news or document (see the module docstring)."""
    start, title_end, opening_end = opening
    lines = [(k, o) for k, o in zip(key[start:title_end].split("\n"), text[start:title_end].split("\n"), strict=True)
             if k.strip()]
    document = sum(1 for k, o in lines if _is_letterhead(k, o))
    document += MOTTO_WEIGHT * cues.found("motto", key[start:title_end])   # 'Độc lập - Tự do - Hạnh phúc'
    news = sum(1 for _ in cues.anywhere("news_event").finditer(key, start, opening_end + NEWS_REACH_CHARS))
    news += sum(1 for _ in _dateline().finditer(key, title_end, opening_end))
    return Medium.NEWS if news >= document else Medium.DOCUMENT


def _is_letterhead(key_line: str, line: str) -> bool:
    """'ỦY BAN NHÂN DÂN ...', '(Kèm theo báo cáo ...)', 'Nha Trang : Cổng thông tin điện tử': a short or capitalised
    line that opens with a body or a kind of document (a headline may open with one too: 'Thành ủy Sầm Sơn sơ kết
    ... ' is news)."""
    head = LINE_LEAD.sub("", key_line.split(" : ", 1)[-1] if " : " in key_line else key_line)
    short = len(head.split()) <= LETTERHEAD_WORDS or _is_upper(line)
    return short and cues.starts_with("document_head", head) is not None


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= UPPER_SHARE * len(letters)


@lru_cache(maxsize=1)
def _dateline() -> re.Pattern:
    """A news dateline opening the first paragraph: 'Sáng 6/12', 'Chiều ngày 15-11', 'Ngày 9/10/2023,',
    'Thứ năm - 30/11/2023'."""
    lead = "|".join(cues.source(r) for r in ("time_of_day", "weekday", "date_day"))
    return re.compile(rf"(?:^|\n)[^\S\n]*(?:{lead})[\s,-]*(?:{cues.source('date_day')}\s*)?\d{{1,2}}\s*[/-]\s*\d{{1,2}}")


def settle(meta, records: list[Indicator], key: str, text: str) -> None:
    """The kind, medium, term and year reviewed, once the records say whether the text reviews anything."""
    frame = meta.frame
    targets_only = bool(records) and not any(r.section == Section.RESULTS for r in records)
    meta.medium = medium_of(key, text, frame.opening).value
    meta.report_kind = _kind(meta, targets_only).value
    if targets_only:
        meta.year_reviewed = None
        meta.term_start, meta.term_end = _as_term(frame.horizon) or _as_term(frame.opens) or (None, None)
        return
    if frame.reviewed is not None and (meta.report_kind == ReportKind.STATISTICS
                                       or frame.reviewed.rule in WEAK_REVIEW_RULES):
        last = _last_result_year(records, frame)
        if last is not None and (meta.year_reviewed is None or last > meta.year_reviewed):
            meta.year_reviewed = meta.period_end = last


def _kind(meta, targets_only: bool) -> ReportKind:
    frame, title = meta.frame, meta.title_kind
    if targets_only:
        return ReportKind.RESOLUTION
    if frame.reviewed is not None and frame.reviewed.rule == "a mid-term review":
        return ReportKind.MID_TERM_REVIEW
    if title in (ReportKind.RESOLUTION, ReportKind.STATISTICS):
        return ReportKind(title)
    if frame.opens is not None or (frame.reviewed is not None and frame.reviewed.grain == Grain.YEARS):
        return ReportKind.TERM_REPORT
    return ReportKind.ANNUAL_REPORT


def _as_term(span: Span | None) -> tuple[int, int] | None:
    return (span.first, span.last) if span is not None and span.first != span.last else None


def reviewed_term(frame, key: str) -> tuple[int | None, int | None]:
    """The term a text that looks back reviews: a term or plan span it reviews (or the five-year plan holding a
    span of years: 'giai đoạn 2021 - 2024' -> 2021-2025); for a year, the plan its title sets targets for, or the
    term of the congress resolution its title or a heading follows. A text that only sets targets has the term it
    sets them for instead (`settle`)."""
    reviewed = frame.reviewed
    if reviewed is None:
        return None, None
    if reviewed.rule == "a mid-term review":
        return reviewed.first, reviewed.first + TERM_YEARS
    if reviewed.first != reviewed.last:
        if is_party_term(reviewed.first, reviewed.last):
            return reviewed.first, reviewed.last
        return reviewed.first, reviewed.first + TERM_YEARS - (1 if reviewed.first % TERM_YEARS == 1 else 0)
    if frame.horizon is not None and frame.horizon.rule == "a title that sets targets" and _as_term(frame.horizon):
        return _as_term(frame.horizon)
    if _follows_a_resolution(key, frame.opening):
        return term_holding(reviewed.last)
    return None, None


def _follows_a_resolution(key: str, opening: OpeningSpan) -> bool:
    """A title or heading that names the congress resolution the year is measured against ('tiến độ thực hiện
    Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVI', 'MỤC TIÊU ... (NGHỊ QUYẾT ĐẠI HỘI ...)')."""
    start, title_end, _ = opening
    heads = [key[start:title_end]] + [ln for ln in key.split("\n") if _is_heading_line(ln)]
    return any(cues.found("resolution_named", h) and cues.found("congress_event", h) for h in heads)


def _is_heading_line(line: str) -> bool:
    """A numbered heading in the body ('III. MỤC TIÊU, CHỈ TIÊU ĐẾN NĂM 2025 (...)')."""
    s = line.strip()
    return bool(s) and len(s) <= 120 and s[:1].isalnum() and s.split(".")[0] in ROMAN_NUMERALS


ROMAN_NUMERALS = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def _last_result_year(records: list[Indicator], frame) -> int | None:
    """The last year a result is read for (its own year or its series), not after the text's date."""
    limit = frame.date.year if frame.date is not None and frame.date.year else None
    years = []
    for r in records:
        if r.section != Section.RESULTS:
            continue
        if r.actual is not None and r.actual_year:
            years.append(r.actual_year)
        years += [int(y) for y, v in (r.series or {}).items() if v is not None]
    years = [y for y in years if limit is None or y <= limit]
    return max(years) if years else None
