"""The time of each value: the period printed for it, whether it is an every-year figure, an estimate or a
period's average or total.

- `value_period`: the period printed before the value in its clause ('năm 2022', 'đến năm 2025', 'quý I/2023',
  '6 tháng đầu năm 2024', 'giai đoạn 2016 - 2020' -> 2020) or just after it ('1,2% của năm 2019', 'B (năm 2020)',
  'vào năm 2030'); never a year it is compared with ('so với năm 2021'), a start ('từ năm 2015'), a ratio's base
  ('gấp 2 lần năm 2015'), a constant-price base ('giá so sánh 2010', 'GSS2010') or a congress's term
  ('Đại hội ... nhiệm kỳ 2020 - 2025'). None when none is printed: the caller falls back on its heading, then on
  the period the text reviews.
- `is_every_year`: 'Hằng năm' before the value, or opening its sentence -> no year; but 'bình quân hằng năm giai
  đoạn 2021 - 2025' is a period average (its year is 2025).
- `kind_of`: 'estimate' after 'ước / dự kiến / dự báo' in the clause, or for a period average or total that ends
  after the text's date; else 'actual'.
The words are cue roles of data/reference/cues.csv.
"""

from __future__ import annotations

import re

from ..reference import cues
from ..reference.units import unit_family
from ..vocab import ActualKind
from .numbers import find_quantities
from .owners import joining_words, states_only_a_plan
from .periods import Grain, Period, find_periods
from .reading import CLAUSE_BREAK, Reading, clause_end, clause_start
from .statements import Statement
from .terms import TERM_YEARS
from .timeframe import TimeFrame

RATIO_BASE = re.compile(r"(?<![a-z])lan\s+(?:so\s+(?:voi\s+)?)?(?:giai\s+doan|n[a-z]{1,2}m|nhi[a-z]*m\s+k[yi])?\s*$")
# after the value: '0,84% của năm 2020', '52% (năm 2020)', '148 triệu đồng vào năm 2030'
PERIOD_AFTER_VALUE = re.compile(r"[\s,]*\(?\s*(?:(?:cua|vao|den|het|cuoi)\s+){0,2}(?=n[a-z]{1,2}m\s+(?:19|20)\d\d|quy\s)")   # '148 triệu đồng vào năm 2030', '6,8% cuối năm 2019'
PERIOD_AFTER = re.compile(r"\s+(?:c[a-z]\s+)?(?:giai|nhi[a-z]*m|\d+\s+n[a-z]{1,2}m|moi|hang|h[a-z]{0,4}g\s+n|5\s+n|nam\s+\d)")
RATIO_WORD = re.compile(r"(?<![a-z])lan\s+(?:so\s+(?:voi\s+)?)?(?:giai|nhi|n[a-z]{1,2}m)")   # 'gấp 2 lần giai đoạn ...'
PER_HEAD = re.compile(r"dau\s+ng|dan\s+cu")   # 'bình quân đầu người' is per head, not a period average
BEFORE_CHARS = 25          # where a year's comparison words stand   e.g. 'so với cùng kỳ năm '
EVERY_YEAR_REACH = 40      # 'Hằng năm, có trên 70% ...': the every-year words stand this close before the value
AVERAGE_REACH = 14         # 'bình quân hằng năm': the average word just before the every-year one
SENTENCE_OPENING = 12      # 'Ước tính đến cuối năm 2023, ...' opens the sentence: it governs every clause
SHORT_INTRO = 20           # '- Trong đó:' alone: its sub-items share the estimate of the item before it
PERIOD_WORD_CHARS = 6      # 'năm ' (OCR 'nim ') between the words after a value and its year
NEXT_CLAUSE_VERB_CHARS = 30   # ', năm 2024 thành phố phấn đấu ...': a goal's verb this close after a year opens a clause
AFTER_VALUE_CHARS = 30     # '... 148 triệu đồng vào năm 2030': a period printed just after the value


def _dates_a_value(key: str, p: Period, lo: int) -> bool:
    """A printed period that dates a value, not one it is compared with or measured in."""
    before = key[max(lo, p.start - BEFORE_CHARS):p.start]
    if p.grain == Grain.DAY and not cues.found("date_day", before):
        return False   # '28/12/2020' after a number word, a document's date
    if cues.ends_with("noise_before", before) or cues.ends_with("term_name", before) \
            or cues.found("price_base", before):
        return False
    return not (cues.ends_with("compared_before", _without_period_words(before)) or RATIO_BASE.search(before))


def _without_period_words(before: str) -> str:
    """'so với cùng kỳ năm ' -> 'so với': what stands before the period's own words."""
    text = before.rstrip(" (")
    while True:
        m = cues.at_end("period_word").search(text)
        if m is None or m.start() == len(text):
            return text
        text = text[:m.start()].rstrip(" (")


def _periods(key: str, lo: int, hi: int) -> list[Period]:
    return [p for p in find_periods(key, lo, hi) if _dates_a_value(key, p, lo)]


def value_period(key: str, st: Statement, r: Reading) -> Period | None:
    """The period printed for the value (None when none is: see the module docstring)."""
    before = [p for p in _periods(key, st.start, r.anchor) if not _in_a_bracket_of_values(key, p, r.anchor)]
    baseline_years = {y for _, y in r.baseline or () if y is not None}
    in_clause = [p for p in before if p.start >= r.start and p.last not in baseline_years]
    #   'từ 2,41% cuối năm 2022 xuống còn 1,56%': 2022 is the baseline's, not the value's
    after, bracketed = _period_after(key, st, r)
    if after is not None and (not bracketed or r.baseline or not in_clause):
        return after   # '148 triệu đồng vào năm 2030'; '52% (năm 2020)' after 'từ 35% (năm 2015) lên'
    if in_clause:
        return in_clause[-1]   # 'năm 2020 đạt 89.362 tỷ đồng (năm 2015 đạt ...)': the bracket is a baseline's
    # the opening clause's period before its first value dates them all: 'Năm 2023, GRDP tăng ...; theo quý: ...'
    # (not 'quý I/2025 tăng 7,35%, cao hơn cùng kỳ các năm 2022 - 2024; trong đó ...')
    opener_end = clause_end(key, st.start, r.anchor)
    first_value = next((q.start for q in find_quantities(key, st.start, r.anchor) if not q.is_year), r.anchor)
    opener = [p for p in before if p.end <= min(opener_end, first_value) and p.grain != Grain.DAY]
    return opener[-1] if opener else None


def _in_a_bracket_of_values(key: str, p: Period, anchor: int) -> bool:
    """A period in a bracket closed before the value, beside amounts of its own, dates those amounts: 'so với
    Nghị quyết (đến năm 2025 đạt 85 triệu đồng) đạt 92,4%' — 2025 is the plan's, not the 92,4%'s."""
    opened, closed = key.rfind("(", 0, p.start), key.find(")", p.end)
    if opened < 0 or closed < 0 or closed > anchor or ")" in key[opened:p.start]:
        return False
    return any(q.unit is not None and not q.is_year for q in find_quantities(key, opened, closed))


def _period_after(key: str, st: Statement, r: Reading) -> tuple[Period | None, bool]:
    """The period printed right after the value, and whether it stands in brackets ('52% (năm 2020)')."""
    if r.q is None or r.ratio:   # 'gấp 1,7 lần năm 2020': the year a ratio compares with
        return None, False
    m = PERIOD_AFTER_VALUE.match(key, r.q.end, st.end)
    if not m:
        return None, False
    after = _periods(key, m.end(), min(st.end, m.end() + AFTER_VALUE_CHARS))
    if not after or after[0].start - m.end() > PERIOD_WORD_CHARS:
        return None, False
    if "," in m.group() and cues.found("target_verb", key[after[0].end:after[0].end + NEXT_CLAUSE_VERB_CHARS]):
        return None, False   # '104,5 triệu đồng, năm 2024 phấn đấu đạt 112 triệu': the next clause's year
    bracketed = "(" in m.group()
    if bracketed and not key[after[0].end:after[0].end + 2].lstrip().startswith(")"):
        return None, False   # '6,58% (Năm 2021 lần lượt là: ...)': another year's figures, not this one's year
    return after[0], bracketed   # '(năm 2020)', 'quý I/2023'


def heading_year(st: Statement) -> int | None:
    """The single year the nearest heading above names ('I. KẾT QUẢ NĂM 2021 - ...'): its section's default."""
    for text in reversed(st.context):
        for p in find_periods(text):
            if not p.span and p.grain != Grain.DAY:
                return p.last
    return None


def default_year(st: Statement, frame: TimeFrame) -> int | None:
    """A value's year when none is printed: its heading's (unless after the text's date), else the last year of
    the period the text reviews."""
    year = heading_year(st)
    if year is not None and not frame.is_future(year):
        return year
    if frame.reviewed is not None:
        return frame.reviewed.last
    return frame.as_of[0] if frame.as_of else None


def is_every_year(key: str, st: Statement, r: Reading) -> bool:
    """'Hằng năm' before the value, or opening its sentence ('Hằng năm, có trên 70% ... và dưới 2% ...'); not
    'bình quân hằng năm giai đoạn 2021 - 2025' (a period average)."""
    near = key[max(st.start, r.anchor - EVERY_YEAR_REACH):r.anchor + 12]
    opening = key[st.start:min(r.anchor, st.start + SENTENCE_OPENING)]
    if not (cues.found("every_year", near) or cues.found("every_year", opening)):
        return False
    if _average_per_year(near):
        return False   # 'trung bình hằng năm tăng 8,03%': the yearly average of the period under review
    return not any(p.span for p in _periods(key, max(st.start, r.anchor - EVERY_YEAR_REACH), r.anchor + 12))


def _average_per_year(text: str) -> bool:
    """'bình quân hằng năm', 'trung bình mỗi năm': an average over a period, per year."""
    m = cues.anywhere("every_year").search(text)
    return m is not None and cues.found("aggregate", text[max(0, m.start() - AVERAGE_REACH):m.start()])


def kind_of(key: str, st: Statement, r: Reading, frame: TimeFrame, lead_estimate: bool,
            item_opening: int | None = None) -> ActualKind:
    """'ước' governs its clause; 'Ước tính đến cuối năm 2023, ...' opening a sentence (or its numbered item)
    governs all of it; a 'Trong đó' sentence shares the estimate of the sentence before it; a period's average
    or total that ends after the text's date is an estimate."""
    clause = key[clause_start(key, st.start, r.anchor):r.anchor]
    opens = st.start if item_opening is None else item_opening
    opening = cues.anywhere("estimate").search(key, opens, min(r.anchor, opens + SENTENCE_OPENING))
    if opening is None and opens != st.start:
        opening = cues.anywhere("estimate").search(key, st.start, min(r.anchor, st.start + SENTENCE_OPENING))
    breakdown = cues.anywhere("sub_items").search(key, st.start, r.anchor)   # '... ước đạt X, trong đó: a; b'
    intro = st.context[-1] if st.context and st.context[-1].rstrip().endswith(":") else ""
    head = key[st.start:breakdown.start()] if breakdown is not None else ""
    if cues.found("estimate", clause) or opening is not None \
            or (head and (cues.found("estimate", head) or _open_total(key, st, r, frame, head))) \
            or (lead_estimate and cues.starts_with("sub_items", key[st.start:r.anchor])) \
            or (intro and cues.found("sub_items", intro) and (cues.found("estimate", intro)
                                                             or (lead_estimate and len(intro.strip()) < SHORT_INTRO))):
        return ActualKind.ESTIMATE   # '... ước đạt 120 nghìn tỷ đồng. Trong đó:' then '- Nông nghiệp tăng ...'
    near = key[max(st.start, r.start - 20):r.anchor]
    aggregate = _is_period_aggregate(near, r) \
        or cues.found("cumulative", key[st.start:min(r.anchor, st.start + SENTENCE_OPENING)])
    if cues.found("up_to_now", key[st.start:r.anchor]):
        return ActualKind.ACTUAL   # 'lũy kế đến nay ...': a total that ends at the text's date is reached
    if aggregate and _period_still_open(key, st, r, frame) or _open_total(key, st, r, frame, clause):
        return ActualKind.ESTIMATE
    return ActualKind.ACTUAL


def _open_total(key: str, st: Statement, r: Reading, frame: TimeFrame, words: str) -> bool:
    """A total or average over a period that is still open at the text's date: 'cả nhiệm kỳ đạt ...',
    'giai đoạn 2015 - 2020 đạt 8,03%/năm', 'tăng trưởng bình quân đạt 10,7%' in a term's review (a ratio in that
    clause shares it: 'bình quân tăng 14%/năm, gấp 2 lần giai đoạn 2011 - 2015')."""
    p = value_period(key, st, r)
    words = _without_ratio_base(words if r.ratio else key[r.start:r.anchor])
    total = (p is not None and p.span) or cues.found("period_total", words) \
        or (_reviews_a_span(frame) and _average(words) and not _per_unit(r))
    return bool(total) and _period_still_open(key, st, r, frame)


def _per_unit(r: Reading) -> bool:
    """'bình quân 192 triệu đồng/ha': an average per hectare, not over a period."""
    unit = r.q.unit if r.q is not None else None
    return bool(unit and "/" in unit and not unit.endswith("/year"))


def _reviews_a_span(frame: TimeFrame) -> bool:
    return frame.reviewed is not None and frame.reviewed.grain == Grain.YEARS


def _average(words: str) -> bool:
    """'bình quân', 'trung bình' that is not per head ('bình quân đầu người')."""
    return cues.found("aggregate", words) and not PER_HEAD.search(words)


def _without_ratio_base(words: str) -> str:
    """The clause without the period a ratio is taken against ('gấp 2 lần giai đoạn 2011 - 2015')."""
    m = RATIO_WORD.search(words)
    return words[:m.start()] if m else words


def _period_still_open(key: str, st: Statement, r: Reading, frame: TimeFrame) -> bool:
    """The period an average or total runs over ends at or after the text's date (no date: it is open)."""
    p = value_period(key, st, r)
    end = p.last if p is not None else (frame.reviewed.last if frame.reviewed is not None else None)
    if frame.date is None or frame.date.year is None or end is None:
        return True
    return end >= frame.date.year


def _is_period_aggregate(near: str, r: Reading) -> bool:
    """An average, total or cumulative over a period ('bình quân giai đoạn 2021-2023', 'lũy kế', 'x%/năm'),
    not a per-head figure ('bình quân đầu người', OCR that lost 'đầu người')."""
    if cues.found("cumulative", near):
        return True
    m = cues.anywhere("aggregate").search(near)
    if m is None or PER_HEAD.search(near):
        return False
    per_year = r.q is not None and r.q.unit == "%/year"
    return per_year or PERIOD_AFTER.match(near, m.end()) is not None


def one_indicator_at_years(key: str, st: Statement, readings: list[Reading], frame: TimeFrame) -> list[Reading]:
    """'năm 2022 đạt 116 nghìn tỷ đồng; dự kiến cuối năm 2023 đạt trên 129 nghìn tỷ đồng': one indicator's results
    at two years, joined by nothing but verbs, period and estimate words. The latest year's value is the record,
    the others points of its series (SCHEMA.md, More conventions); a plan's milestones stay targets of their own."""
    out: list[Reading] = []
    for r in readings:
        prev = out[-1] if out else None
        if prev is not None and _same_indicator_at_another_year(key, st, prev, r, frame):
            p_prev, p_r = value_period(key, st, prev), value_period(key, st, r)
            latest, earlier, year = (r, prev, p_prev.last) if p_r.last > p_prev.last else (prev, r, p_r.last)
            latest.baseline = [*earlier.baseline, (earlier.q, year), *latest.baseline]
            latest.literals = earlier.literals + latest.literals
            latest.start = min(latest.start, earlier.start)
            out[-1] = latest
            continue
        out.append(r)
    return out


def term_targets_joined(key: str, st: Statement, readings: list[Reading], frame: TimeFrame) -> list[Reading]:
    """'GRDP bình quân đầu người năm 2022 đạt 10.850 USD; Nghị quyết đề ra đến năm 2025 đạt 12.000 USD': a clause of
    plan words alone, dated at the end of the term the text reviews, states the target of the result before it
    (a later year's plan stays a target of its own: 'kế hoạch năm 2024 là ...' in a 2023 report)."""
    end = reviewed_end(frame)
    out: list[Reading] = []
    for r in readings:
        prev = out[-1] if out else None
        if end is not None and prev is not None and prev.q is not None and prev.target is None and r.q is not None \
                and r.target is None and unit_family(prev.q.unit) == unit_family(r.q.unit) \
                and _plan_clause(key, prev.q.end, r.q.start):
            p = value_period(key, st, r)
            if p is not None and p.last == end:
                prev.target, prev.end = r.q, r.end
                prev.literals += r.literals
                continue
        out.append(r)
    return out


def reviewed_end(frame: TimeFrame) -> int | None:
    """The last year of the term (or year) the text reviews: a mid-term review's term runs on after it."""
    reviewed = frame.reviewed
    if reviewed is None:
        return None
    return reviewed.first + TERM_YEARS if reviewed.rule == "a mid-term review" else reviewed.last


def _plan_clause(key: str, a: int, b: int) -> bool:
    breaks = list(CLAUSE_BREAK.finditer(key, a, b))
    return bool(breaks) and states_only_a_plan(key[breaks[-1].end():b])


def _same_indicator_at_another_year(key: str, st: Statement, a: Reading, b: Reading, frame: TimeFrame) -> bool:
    if a.q is None or b.q is None or a.target is not None or b.target is not None or a.ratio or b.ratio \
            or a.q.is_range or b.q.is_range or unit_family(a.q.unit) != unit_family(b.q.unit):
        return False
    pa, pb = value_period(key, st, a), value_period(key, st, b)
    if pa is None or pb is None or pa.span or pb.span or pa.last == pb.last or Grain.DAY in (pa.grain, pb.grain):
        return False
    if frame.is_future(pa.last, pa.end_month) or frame.is_future(pb.last, pb.end_month):
        return False
    between = key[a.q.end:b.q.num_start]
    return all(w.isdigit() or w in joining_words() for w in cues.WORDS.findall(between))


