"""A document's time frame, read once per text: when it was written, what it looks back on, what it sets
targets for, and whether it reports a congress that opens a term.

Whether a number is a result or a target follows from this frame and the time printed for the number, not from
a heading (see `sections`). Each field keeps the offset and the rule it was read by (`TimeFrame.provenance`).

The reviewed period falls back in this order:
1. a mid-term review of the term it names ('sơ kết giữa nhiệm kỳ ... 2020 - 2025' -> 2020 to the text's year);
2. the period a results part of the title names ('Tình hình ... năm 2022 và kế hoạch năm 2023' -> 2022;
   'đạt và vượt 15/17 chỉ tiêu nhiệm kỳ 2015 - 2020' -> 2015-2020); a title part that sets targets names the
   horizon instead, and a term after 'Đại hội' names the congress;
3. a congress held in the first year of the term it names, or named without a date (unless the text implements
   its resolution): it reviews the term before ('Đại hội ... nhiệm kỳ 2020 - 2025', dated 2020 -> 2015-2020);
4. the period that opens the first paragraph ('Năm 2021 là năm đầu tiên ...', 'TPO - Năm 2022, ...');
5. the text's date (a report of January speaks of the year before);
6. the year the body names most, comparison and price bases left out.
A text whose title sets targets and that steps 1-4 find no review in reviews nothing (a list of targets).
The horizon: the period of a plan the opening names ('Quy hoạch ... thời kỳ 2021 - 2030'), the title's targets,
else the term a congress opens.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from ..reference import cues
from .dates import OpeningSpan, PrintedDate
from .periods import Grain, Period, find_periods
from .terms import TERM_YEARS, is_party_term

CURRENT_MONTHS = 6        # a period that ends at most this many months after the text's date is the current one:
#                           its figures are estimates of results ('ước năm 2023' in November 2023), not targets
EARLY_MONTHS = 3          # a report dated in January to March speaks of the year before
CONGRESS_TERM_REACH = 160  # 'Đại hội đại biểu Đảng bộ tỉnh ... lần thứ XVII, nhiệm kỳ 2020 - 2025'
IMPLEMENTING_REACH = 24   # 'thực hiện Nghị quyết Đại hội ...': the words just before 'Đại hội'
FIRST_CLAUSE_REACH = 20    # 'Năm 2025, phấn đấu ...': a target verb just after the period
OPENING_SENTENCE_WORDS = 5  # 'TPO - Năm 2022, ...', 'Dù năm 2020 ...': a period among the first words
TITLE_BREAK = re.compile(r"[;:]\s|\n\s*\n")   # 'TP Hồ Chí Minh: Năm 2025, phấn đấu ...'; a blank line
RESULTS_BEFORE_TARGET = 14   # 'thực hiện kế hoạch': a results word this close before 'kế hoạch'
NO_OPENING = OpeningSpan(0, 0, 0)
TARGET_ROLES = ("target_context", "target_verb", "intro_targets", "plan")


@dataclass(frozen=True)
class Span:
    """A period of years the frame names, with where it was read."""
    first: int
    last: int
    end_month: int
    grain: Grain
    offset: int | None
    rule: str


@dataclass
class TimeFrame:
    date: PrintedDate | None = None
    reviewed: Span | None = None      # what the text looks back on
    horizon: Span | None = None       # what it sets targets for
    opens: Span | None = None         # the term a congress the text reports opens
    opening: OpeningSpan = NO_OPENING   # where its title block and first paragraph lie

    @property
    def as_of(self) -> tuple[int, int] | None:
        """(year, month) the text speaks from: its date, else the end of the period it reviews."""
        if self.date is not None and self.date.year is not None:
            return self.date.year, self.date.month or 12
        if self.reviewed is not None:
            month = self.date.month if self.date is not None and self.date.month else self.reviewed.end_month
            return self.reviewed.last, month
        return None

    def is_future(self, year: int, end_month: int = 12) -> bool | None:
        """Whether a period ending in `end_month` of `year` lies after the text's date (None: no date known).
        A period ending within CURRENT_MONTHS of the date is the current one, not a future one."""
        ref = self.as_of
        if ref is None:
            return None
        return (year * 12 + end_month) - (ref[0] * 12 + ref[1]) > CURRENT_MONTHS

    @property
    def looks_back(self) -> bool:
        """The text reviews a period (a text that only sets targets does not)."""
        return self.reviewed is not None

    def provenance(self, line_of) -> dict[str, str]:
        """Field -> 'line N, rule' (line_of maps an offset to its 1-based line)."""
        out = {}
        for name in ("date", "reviewed", "horizon", "opens"):
            v = getattr(self, name)
            if v is None:
                continue
            offset = v.start if name == "date" else v.offset
            out[name] = f"line {line_of(offset)}, {v.rule}" if offset is not None else v.rule
        return out


def _span(p: Period, rule: str) -> Span:
    return Span(p.first, p.last, p.end_month, p.grain, p.start, rule)


def read_time_frame(key: str, opening: OpeningSpan, date: PrintedDate | None, mid_term_kind: bool) -> TimeFrame:
    """The frame of a text (folded key), its opening and date already read; see the module docstring for the
    order."""
    frame = TimeFrame(date=date, opening=opening)
    start, title_end, opening_end = opening
    reviewed_title, horizon_title = _title_periods(key, start, title_end)
    after_date = date is not None and date.year is not None and reviewed_title is not None \
        and reviewed_title.first > date.year
    if after_date:   # 'Nghị quyết về nhiệm vụ ... năm 2024' of 14/12/2023: a period begun after the date is planned
        reviewed_title, horizon_title = None, horizon_title or replace(reviewed_title, rule="a title after the date")
    congress = _congress_term(key, start, opening_end)
    undated = date is None or date.year is None
    if congress is not None and (_held_in_first_year(congress, date) or (undated and congress.rule == "a congress")):
        frame.opens = congress
    horizon = _plan_period(key, start, opening_end, horizon_title) or horizon_title
    frame.reviewed = (
        _mid_term(key, start, opening_end, date, mid_term_kind)
        or reviewed_title
        or (_before(frame.opens, "a congress opens the next term") if frame.opens else None)
        or _opening_sentence(key, title_end, opening_end)
        or (None if horizon else _from_date(date) or _most_named(key, start))
    )
    frame.horizon = horizon or frame.opens
    return frame


def _plan_period(key: str, lo: int, hi: int, title: Span | None) -> Span | None:
    """'Quy hoạch tỉnh ... thời kỳ 2021 - 2030' in the opening: the span a plan sets targets for (taken over the
    title's year when it ends there or later)."""
    for m in cues.anywhere("plan_period").finditer(key, lo, hi):
        for p in find_periods(key, m.end(), min(hi, m.end() + CONGRESS_TERM_REACH)):
            if p.span and (title is None or p.last >= title.last):
                return _span(p, "a plan's period")
            break
    return None


def _title_periods(key: str, lo: int, hi: int) -> tuple[Span | None, Span | None]:
    """(reviewed, horizon) named by the title block: a part that opens with words that set targets ('... và kế
    hoạch năm 2023', 'phấn đấu ... năm 2025') names the horizon; another part (results, or a bare period) the
    reviewed period: the first period after its last results word."""
    reviewed = horizon = None
    for a, b, sets_targets in _title_parts(key, lo, hi):
        periods = [p for p in find_periods(key, a, b) if _dates_the_text(key, p, a, b, sets_targets)]
        if not periods:
            continue
        if sets_targets:
            horizon = horizon or _span(periods[-1], "a title that sets targets")
        elif reviewed is None:
            last_cue = max((m.end() for m in cues.anywhere("results_context").finditer(key, a, b)), default=a)
            after = [p for p in periods if p.start >= last_cue] or periods
            reviewed = _span(after[0], "the title")
    return reviewed, horizon


def _title_parts(key: str, lo: int, hi: int):
    """(start, end, sets targets) of the title block's parts: split at ':', ';' and blank lines, and where words
    that set targets begin (not after a results word: 'thực hiện kế hoạch' reports results)."""
    bounds = [lo] + [m.end() for m in TITLE_BREAK.finditer(key, lo, hi)] + [hi]
    for a, b in pairwise(bounds):
        cuts = [m.start() for m in cues.anywhere("title_targets").finditer(key, a, b)
                if not cues.found("results_before_plan", key[max(a, m.start() - RESULTS_BEFORE_TARGET):m.start()])]
        cuts = set(cuts) | {m.start(1) for m in _line_lead().finditer(key, a, b)}   # 'Các chỉ tiêu ... năm 2018'
        edges = sorted(cuts | {a, b})
        for x, y in pairwise(edges):
            yield x, y, x in cuts


@lru_cache(maxsize=1)
def _line_lead() -> re.Pattern:
    """A title line that opens with words announcing targets ('Các chỉ tiêu kinh tế - xã hội năm 2018')."""
    return re.compile(r"(?:^|\n)[^\S\n]*(" + cues.source("target_context") + ")")


def _dates_the_text(key: str, p: Period, a: int, b: int, sets_targets: bool) -> bool:
    """A period of the title that dates what the text speaks of: not a date (read apart), a price base, a
    yearbook's edition, or a term that names a congress ('Đại hội ... nhiệm kỳ 2025 - 2030'; in a part that
    sets targets, 'thông qua 22 chỉ tiêu nhiệm kỳ 2025 - 2030', the term is the horizon)."""
    before = key[max(a, p.start - 30):p.start]
    if p.grain == Grain.DAY or cues.found("price_base", before) or cues.found("publication", key[a:p.start]):
        return False
    names_body = cues.ends_with("term_name", before.rstrip(" (,:"))
    return not names_body or sets_targets or cues.found("results_context", key[a:b])


def _congress_term(key: str, lo: int, hi: int) -> Span | None:
    """The term of the congress the opening reports: 'Đại hội ... nhiệm kỳ 2020 - 2025'."""
    for m in cues.anywhere("congress_event").finditer(key, lo, hi):
        for p in find_periods(key, m.end(), min(hi, m.end() + CONGRESS_TERM_REACH)):
            if p.span and is_party_term(p.first, p.last):
                implementing = cues.found("implementing", key[max(lo, m.start() - IMPLEMENTING_REACH):m.start()])
                return Span(p.first, p.last, 12, Grain.YEARS, m.start(),
                            "a congress whose resolution is implemented" if implementing else "a congress")
    return None


def _held_in_first_year(congress: Span, date: PrintedDate | None) -> bool:
    return date is not None and date.year is not None and date.year == congress.first


def _before(term: Span, rule: str) -> Span:
    return Span(term.first - TERM_YEARS, term.first, 12, Grain.YEARS, term.offset, rule)


def _mid_term(key: str, lo: int, hi: int, date: PrintedDate | None, kind: bool) -> Span | None:
    """A mid-term review of the term it names: from the term's start to the text's year."""
    if not (kind or cues.found("mid_term", key[lo:hi])):
        return None
    for p in find_periods(key, lo, hi):
        if p.span and is_party_term(p.first, p.last):
            last = date.year if date is not None and date.year else p.first + (TERM_YEARS + 1) // 2
            return Span(p.first, min(last, p.last), 12, Grain.YEARS, p.start, "a mid-term review")
    return None


def _opening_sentence(key: str, lo: int, hi: int) -> Span | None:
    """A period among the first words of the first paragraph: 'Năm 2021 là năm đầu tiên ...'."""
    for p in find_periods(key, lo, hi):
        if p.grain == Grain.DAY:
            continue   # the dateline ('Ngày 2/10/2023, ...') is the text's date, read apart
        words = key[lo:p.start].split()
        if len(words) > OPENING_SENTENCE_WORDS:
            return None
        if not any(cues.found(r, key[lo:p.end + FIRST_CLAUSE_REACH]) for r in TARGET_ROLES):
            return _span(p, "the first sentence")
    return None


def _from_date(date: PrintedDate | None) -> Span | None:
    if date is None or date.year is None:
        return None
    year = date.year - 1 if date.month is not None and date.month <= EARLY_MONTHS else date.year
    return Span(year, year, 12, Grain.YEAR, date.start, "the text's date")


def _most_named(key: str, lo: int) -> Span | None:
    """The year the body names most: what a dateless text is about (bases and comparisons left out)."""
    counts: Counter = Counter()
    first_at: dict[int, int] = {}
    for p in find_periods(key, lo):
        before = key[max(lo, p.start - 25):p.start]
        if cues.found("price_base", before) or cues.ends_with("versus", before.replace("nam", " ").rstrip()):
            continue
        counts[p.last] += 1
        first_at.setdefault(p.last, p.start)
    if not counts:
        return None
    year = counts.most_common(1)[0][0]
    return Span(year, year, 12, Grain.YEAR, first_at[year], "the year the text names most")
