"""The dates a report prints, and which of them is the text's own date.

A text's date is read from its opening (the title block and its first paragraph of prose), or from the source
line closing a news text: a date elsewhere is an event the text speaks of ('Tính đến ngày 10/10/2020 đã gieo
trồng ...'). In this order: a 'date 2024-01-04' line atop a saved web excerpt; a date in the title block (a date line 'TP Hồ Chí Minh, ngày
10 tháng 12 năm 2020', 'Cập nhật: 04/01/2024', 'Thứ năm - 30/11/2023', '(ngày 30/11/2023)'); the last day of a
meeting the first paragraph reports ('từ ngày 13 đến 15/10/2020', 'ngày 13-14/7/2025'); the first paragraph's
dateline ('Chiều 17/10/2025, ...'); a source line closing a news text ('(Theo Báo X, ngày 21/12/2023)'). A
day and month without a year ('Sáng 6/12') is kept as a partial date: it is no `date` of the documents frame,
but it still says which month the text speaks from.
The words (ngày, tháng, năm, đến, cập nhật, thứ năm, sáng ...) are cue roles of data/reference/cues.csv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..reference import cues
from ..reference.report_kinds import PROSE_LINE_CHARS

YEAR = r"((?:19|20)\d\d)"
# 'd/m/yyyy', 'd-m-yyyy', 'd.m.yyyy' (one separator throughout)   e.g. '25/9/2020', '15-10-2020'
NUMERIC_DATE = re.compile(r"(?<![\d/.])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*" + YEAR + r"(?![\d/])")
# a day and month without a year, after a dateline word   e.g. 'Sáng 6/12', 'ngày 15-11', 'Chiều 22-10'
DAY_MONTH = re.compile(r"(?<![\d/.])(\d{1,2})\s*([/-])\s*(\d{1,2})(?![\d/.-]|,\d)")
# 'Cập nhật: 12/2022': a month and a year
MONTH_YEAR = re.compile(r"(?<![\d/.])(\d{1,2})\s*/\s*" + YEAR + r"(?![\d/])")
RANGE_BEFORE_CHARS = 30     # 'từ ngày 23 đến ngày ' stands this close before the last day of a span
OPENING_MAX_CHARS = 2500    # the title block and first paragraph of any text fit in this many characters
TITLE_LINE_CHARS = 110      # a title-block line is short: a longer one is prose (clean, unwrapped text)
UPPER_MIN_LETTERS = 6       # a line in capitals ('BÁO CÁO', 'TÌNH HÌNH THỰC HIỆN ...') is a title's, not prose
UPPER_SHARE = 0.8
SENTENCE_ENDS = (".", ";", "!", "?", "…")
COLUMN_GAP = "   "         # aligned columns of a table row
WORDS_SHARE = 0.6           # a line of words is mostly letters
DATELINE_REACH = 40         # 'Chiều 17/10/2025, ...': a dateline opens its paragraph
CLOSING_CHARS = 300         # '(Theo Báo ..., ngày 21/12/2023)': a source line closing a news text stands this close to its end


@dataclass(frozen=True)
class PrintedDate:
    year: int | None
    month: int | None
    day: int | None
    start: int    # offset of the date in the text
    rule: str     # how it was read: iso line, title block, meeting days, dateline, partial

    def iso(self) -> str | None:
        """'YYYY-MM-DD' for a full date; None for a partial one (SCHEMA: a day and month alone is no date)."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@lru_cache(maxsize=1)
def _words_date() -> re.Pattern:
    """'ngày 14 tháng 9 năm 2023' (OCR 'ngay 14 thang 9 nim 2023')."""
    day, month, year = (cues.source(r) for r in ("date_day", "date_month", "date_year"))
    return re.compile(rf"{day}\s*(\d{{1,2}})\s*{month}\s*(\d{{1,2}})\s*{year}\s*{YEAR}(?!\d)")


@lru_cache(maxsize=1)
def _iso_line() -> re.Pattern:
    return re.compile(rf"^\s*{cues.source('date_iso')}\s*[:=]?\s*{YEAR}-(\d{{2}})-(\d{{2}})\s*$", re.MULTILINE)


@lru_cache(maxsize=1)
def _range_before() -> re.Pattern:
    """What stands before the last day of a span: 'ngày 13 đến ', '13-', 'từ ngày 01/10/2025 đến ngày '."""
    until, day = cues.source("date_until"), cues.source("date_day")
    return re.compile(rf"(?:\d{{1,2}}(?:/\d{{1,2}}/\d{{4}})?\s*(?:[-–]|{until})\s*(?:{day}\s*)?)$")


@lru_cache(maxsize=1)
def _dateline_lead() -> re.Pattern:
    """Words a day-and-month dateline follows: 'Sáng', 'Chiều ngày', 'Ngày', 'Thứ năm -'."""
    lead = "|".join(cues.source(r) for r in ("time_of_day", "date_day", "weekday", "date_posted"))
    return re.compile(rf"(?:{lead})(?:\s+{cues.source('date_day')})?[\s:,-]*$")


def full_dates(key: str, lo: int, hi: int) -> list[PrintedDate]:
    """Every date with a year in key[lo:hi], in text order (the words form and the numeric form)."""
    found = [PrintedDate(int(m.group(3)), int(m.group(2)), int(m.group(1)), m.start(), "")
             for m in _words_date().finditer(key, lo, hi)]
    found += [PrintedDate(int(m.group(4)), int(m.group(3)), int(m.group(1)), m.start(), "")
              for m in NUMERIC_DATE.finditer(key, lo, hi)]
    return sorted((d for d in found if _valid(d.day, d.month)), key=lambda d: d.start)


def _valid(day: int | None, month: int | None) -> bool:
    return (day is None or 1 <= day <= 31) and (month is None or 1 <= month <= 12)


class OpeningSpan(NamedTuple):
    """Where a text's opening lies: after its source line, its title block, then its first paragraph of prose."""
    start: int
    title_end: int
    end: int


def opening_span(key: str, text: str | None = None) -> OpeningSpan:
    """The part of a text that dates it (the source line 'SOURCE: https://...' is not part of it). `text`, the
    original, tells a title in capitals from prose."""
    start = 0
    first_end = key.find("\n")
    if first_end > 0 and key[:first_end].lstrip().lower().startswith("source:"):
        start = first_end + 1
    limit = min(len(key), start + OPENING_MAX_CHARS)
    pos = start
    for para_start, para_end, lines in _paragraphs(key, start, limit):
        if _is_prose(lines if text is None else [o for o in text[para_start:para_end].split("\n") if not _is_upper(o)]):
            return OpeningSpan(start, para_start, para_end)
        pos = para_end
    return OpeningSpan(start, pos, pos)


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= UPPER_MIN_LETTERS and sum(c.isupper() for c in letters) >= UPPER_SHARE * len(letters)


def _paragraphs(key: str, lo: int, hi: int):
    """(start, end, lines) of each run of non-empty lines in key[lo:hi]."""
    for m in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", key[lo:hi]):
        text = m.group().rstrip("\n")
        yield lo + m.start(), lo + m.start() + len(text), text.split("\n")


def _is_prose(lines: list[str]) -> bool:
    """A paragraph of prose: two long lines of words (OCR re-wrapped near 80), or one line of words longer than
    a title's that ends a sentence (a web page's headline is one long line without a full stop); a table's row
    (aligned columns, numbers) is neither."""
    if len([ln for ln in lines if ln.strip()]) == 1 and not lines[0].rstrip().endswith(SENTENCE_ENDS):
        return False
    words = [ln.strip() for ln in lines if _is_words(ln)]
    long_lines = [ln for ln in words if len(ln) >= PROSE_LINE_CHARS]
    return len(long_lines) >= 2 or any(len(ln) > TITLE_LINE_CHARS for ln in words)


def _is_words(line: str) -> bool:
    """A line of running words, not a table row: no column gap, mostly letters."""
    s = line.strip()
    letters = sum(c.isalpha() for c in s)
    return COLUMN_GAP not in s and letters >= WORDS_SHARE * max(1, len(s) - s.count(" "))


def text_date(key: str, opening: OpeningSpan) -> PrintedDate | None:
    """The text's own date (see the module's docstring for the order), or None."""
    start, title_end, opening_end = opening
    m = _iso_line().search(key, start, opening_end)
    if m:
        return PrintedDate(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.start(), "iso line")
    in_title = full_dates(key, start, title_end)
    if in_title:
        return _with_rule(in_title[-1] if _is_span_end(key, in_title[-1]) else in_title[0], "title block")
    in_first = full_dates(key, title_end, opening_end)
    span_ends = [d for d in in_first if _is_span_end(key, d)]
    if span_ends:
        return _with_rule(span_ends[0], "meeting days")
    if in_first:
        return _with_rule(in_first[0], "dateline")
    return _closing_source(key) or _partial_dateline(key, title_end, opening_end) or _month_year(key, start, title_end)


def _closing_source(key: str) -> PrintedDate | None:
    """'(Theo Báo X, ngày 21/12/2023)', 'Author (Cổng thông tin điện tử huyện X, ngày 10/10/2024)': a news text
    that names its source and date at its end."""
    lo = max(0, len(key) - CLOSING_CHARS)
    for d in reversed(full_dates(key, lo, len(key))):
        line = key[key.rfind("\n", 0, d.start) + 1:d.start]
        opened = line[line.rfind("(") + 1:]   # 'Thu Hằng (Cổng thông tin điện tử quận X, ngày 10/10/2024)'
        if cues.starts_with("date_source", line.lstrip(" (")) or cues.starts_with("date_source", opened.lstrip()):
            return _with_rule(d, "closing source line")
    return None


def _with_rule(d: PrintedDate, rule: str) -> PrintedDate:
    return PrintedDate(d.year, d.month, d.day, d.start, rule)


def _is_span_end(key: str, d: PrintedDate) -> bool:
    """The last day of a span of days: 'từ ngày 23 đến ngày 25/9/2020', '13-14/7/2025', '... 01/10/2025 đến ngày
    03/10/2025'."""
    return _range_before().search(key, max(0, d.start - RANGE_BEFORE_CHARS), d.start) is not None


def _partial_dateline(key: str, lo: int, hi: int) -> PrintedDate | None:
    """'Sáng 6/12, ...', 'Chiều ngày 15-11, ...' opening a paragraph: a day and a month, no year."""
    for m in DAY_MONTH.finditer(key, lo, hi):
        before = key[max(lo, m.start() - DATELINE_REACH):m.start()]
        if _dateline_lead().search(before) and _valid(int(m.group(1)), int(m.group(3))):
            return PrintedDate(None, int(m.group(3)), int(m.group(1)), m.start(), "partial")
    return None


def _month_year(key: str, lo: int, hi: int) -> PrintedDate | None:
    """'Cập nhật: 12/2022' in the title block: a month and a year, no day."""
    for m in MONTH_YEAR.finditer(key, lo, hi):
        if cues.found("date_posted", key[max(lo, m.start() - DATELINE_REACH):m.start()]) and _valid(None, int(m.group(1))):
            return PrintedDate(int(m.group(2)), int(m.group(1)), None, m.start(), "partial")
    return None
