"""Number roles inside one statement, from the cue words around each number and its syntax.

Every quantity of a statement is, left to right, one of:
- noise: a year, a duration, a date, a document number, a rank ('thứ 3/13'), a count of targets
  ('đạt 13/20 chỉ tiêu'), delegates, the national figure beside the local one — it yields nothing;
- an achievement: '% of the plan' ('đạt 102% kế hoạch', 'vượt 18% dự toán' = 118) of the value before it;
- a target of the value before it: '(kế hoạch 60,2 triệu đồng)', '(mục tiêu: 8 - 9%)', 'KH 2025 là ...';
- a baseline: 'từ 30% năm 2015 lên ...' (the start of a change, kept as a series point);
- a value: the indicator itself (an actual in results, a target in targets), including a growth
  ('tăng 15,1% so với cùng kỳ'), a ratio ('gấp 2,1 lần') and a pair ('45.799/36.875 tỷ đồng').
The cue words are data (data/reference/cues.csv, via `cues`); this module only says how they combine. Whose a
number that is not a value is lives in `owners`, what verdicts judge in `verdicts`, the reading itself in `reading`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..reference import cues
from ..reference.ocrkey import digit_word_spans
from ..reference.units import unit_at
from ..vocab import Status
from .numbers import NUMBER_TOKEN, Quantity, find_quantities, find_word_quantities
from .owners import (
    achievement_owner,
    earlier_years_in_brackets,
    is_target_cue,
    plan_then_value,
    share_closing_achievement,
    target_owner,
)
from .reading import (
    CLAUSE_BREAK,
    COMPARED_TO,
    LOOK_AFTER,
    LOOK_BEFORE,
    OPEN_BRACKET,
    Reading,
    clause_start,
    text_after,
    text_before,
)
from .verdicts import attach_verdicts

LIST_DASH = re.compile(r"[\d%]\s+-\s?\Z")   # '66,17% - 23,83%': a dash between two values separates a list

SIGNED = re.compile(r"(?:^|[\s,(:])-\s?$")      # '-13,78%': a printed minus sign just before a number

YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")            # '2024' (a bare year, when no unit follows it)

BRACKET_VERB_WORDS = 3   # '(đạt 108%)', '(bằng 95,2%)': a verb and at most a word or two before the %
PLAN_THEN_VERB_CHARS = 160   # how far back the plan a share is compared with may be named   e.g. 'so với Nghị quyết (...) đạt'

LEAD_PUNCT = re.compile(r"[:=(]\s*$")           # 'GRDP: 5,16%', '(7,0-7,5%)': a value after punctuation

YEAR_NEXT = re.compile(r"\s*(?:\(?\s*(?:(?:vao|cuoi|het|dau)\s+)?n[a-z]{1,2}m\s+)?((?:19|20)\d\d)(?!\d)")
#   ' năm 2015', ' cuối năm 2022'


@lru_cache(maxsize=1)
def _plan_after() -> re.Pattern:
    """'kế hoạch', 'so với chỉ tiêu', 'so KH' right after a percentage: it is a share of the plan."""
    return re.compile(COMPARED_TO + cues.source("plan"))

def _is_noise(key: str, q: Quantity, lo: int, hi: int, words: list[tuple[int, int]]) -> bool:
    """Numbers with no indicator role: years, durations, dates, ranks, counts of targets, digit-words."""
    if q.is_year or q.is_duration:
        return True
    if q.value == 1 and q.op == ">" and q.unit:
        return True   # 'trên 1 ha': per hectare, a denominator, not a value
    if any(a <= q.num_start < b for a, b in words) and q.unit is None and q.pair_target is None:
        return True  # 'Ty 18' = tỷ lệ, '14 90,5%' = là 90,5%
    if key[max(0, q.start - 1):q.start] == "/" or (q.unit is None and key[q.end:q.end + 1] == "/"):
        return True  # '/10.000 dân', a date '28/12/'; '15 tiêu chí/xã' is a value per commune
    before, after = text_before(key, q, lo), text_after(key, q, hi)
    if cues.ends_with("elsewhere_before", before) or _elsewhere_verb(before):
        return True   # '(cả nước +4,2%)', '(cả nước tăng 6,5%)': the national figure beside the local one
    if q.unit == "party members" and cues.found("elected_body", key[clause_start(key, lo, q.start):q.start]):
        return True   # 'Ban Chấp hành ... gồm 50 đồng chí': the size of a body elected, not the party's members
    if cues.starts_with("noise_after", after) and not (q.unit and q.unit not in ("%",)) \
            and not (q.unit and YEAR_NEXT.match(after)):   # '21,36% năm 2015' is dated, not a duration
        return True
    if q.unit is None:
        if cues.ends_with("noise_before", before):
            return True
        if not (cues.ends_with("value_lead", before) or any(q.start - 3 <= b <= q.start for _, b in words) or cues.ends_with("plan", before.rstrip(" :=("))
                or LEAD_PUNCT.search(before)):
            return True  # a bare number with no verb before it is a count or a code, not a value
    return False

@lru_cache(maxsize=1)
def _elsewhere_then_verb() -> re.Pattern:
    return re.compile(cues.source("elsewhere_before") + r"\s+(?:[a-z]+\s+){1,2}$")

def _elsewhere_verb(before: str) -> bool:
    """'cả nước tăng ' / 'cả nước ước tăng ' right before the number: a verb between does not make it ours."""
    if cues.last_words("elsewhere_before").isdisjoint(cues.WORDS.findall(before)):
        return False   # none of the cue's words is there: no regex scan needed
    return _elsewhere_then_verb().search(before) is not None

def _is_achievement(key: str, q: Quantity, lo: int, hi: int) -> str | None:
    """'exceed' or 'achieve' when a % is the share of the plan: 'đạt 102% kế hoạch', 'vượt 18% dự toán'."""
    if not (q.unit or "").startswith("%") or q.is_range or q.pair_target is not None:
        return None
    before = text_before(key, q, lo)
    if not (_plan_after().match(text_after(key, q, hi)) or _bracket_share(key, q, before, hi)
            or (_plan_before_share(key[max(lo, q.start - PLAN_THEN_VERB_CHARS):q.start])
                and not _is_versus(key, q, hi))):   # '... 64% so dự toán và bằng 91% so với cùng kỳ'
        return None
    if cues.found("target_verb", key[clause_start(key, lo, q.start):q.start]):
        return None   # 'phấn đấu tỷ lệ giải ngân đạt trên 95% kế hoạch': the rate set as a goal, no share reached
    if cues.ends_with("exceed", before):
        return "exceed"
    if cues.ends_with("achieve", before):
        return "achieve"
    return None

@lru_cache(maxsize=1)
def _plan_then_verb() -> re.Pattern:
    """'so với Nghị quyết (đến năm 2025 đạt 85 triệu đồng) đạt ': the plan named, its bracket, then the verb."""
    return re.compile(r"(?<![a-z])so(?: voi)?\s+" + cues.source("plan") + r"[^\d;.(),]{0,40}(?:\([^()]*\))?[\s,]*"
                      r"(?:" + cues.source("achieve") + "|" + cues.source("exceed") + r")[\s:]*$")


def _plan_before_share(before: str) -> bool:
    """A % after the plan it is compared with and a verb: 'so với kế hoạch đạt 96%', 'so với Nghị quyết (...)
    đạt 92,4%'."""
    return _plan_then_verb().search(" ".join(before.split())) is not None


def _bracket_share(key: str, q: Quantity, before: str, hi: int) -> bool:
    """'54.998 tỷ đồng (đạt 108%)': a bracket holding only a verb and a % speaks of the value before it."""
    opened = before.rstrip().rfind("(")
    if opened < 0 or not key[q.end:min(hi, q.end + 2)].lstrip().startswith(")"):
        return False
    inside = before[opened + 1:]
    return bool(inside.strip()) and not any(c.isdigit() for c in inside) and (cues.ends_with("achieve", inside) or cues.ends_with("exceed", inside)) \
        and len(inside.split()) <= BRACKET_VERB_WORDS

def _is_baseline(key: str, q: Quantity, nxt: Quantity | None, hi: int) -> bool:
    """'từ 30% năm 2015 lên 45%': the first number is where the change started."""
    if nxt is None or not cues.ends_with("baseline", key[max(0, q.start - 8):q.start]):
        return False
    between = key[q.end:nxt.start]
    return cues.found("baseline_to", between) and not CLAUSE_BREAK.search(between)

@lru_cache(maxsize=1)
def _versus_after() -> re.Pattern:
    return re.compile(r"[\s,%]*" + cues.source("versus") + r"(?![a-z])")   # '... điểm % so với ...'

def _is_versus(key: str, q: Quantity, hi: int) -> bool:
    """A change against an earlier period: a share or points followed by 'so với ...'."""
    return ((q.unit or "").startswith("%") or q.unit == "points") \
        and _versus_after().match(key, q.end, min(hi, q.end + LOOK_AFTER)) is not None

RATE_LEAD = 160   # 'tỷ lệ hộ nghèo giảm từ 21,36% ... xuống còn 6,8%, bình quân mỗi năm giảm 2,9%': the rate named this
#   far back in the sentence is the one whose fall is a positive reduction


def _is_negative(key: str, q: Quantity, lo: int) -> bool:
    """'-12,4%', or 'giảm 2,5%' of a growth (not 'giảm ... còn 3%', not a poverty rate's reduction)."""
    before = key[max(lo, q.start - 3):q.start]
    if SIGNED.search(before) and key[q.start:q.num_start].strip() == "" and not LIST_DASH.search(key, lo, q.start):
        return True
    if not (q.unit or "").startswith("%"):
        return False
    m = cues.at_end("decrease").search(key[max(lo, q.start - 12):q.start])
    if not m:
        return False
    start = max(lo, q.start - RATE_LEAD, key.rfind(";", lo, q.start) + 1, key.rfind(". ", lo, q.start) + 1)
    return not cues.found("poverty_words", key[start:q.start])   # its sentence's rate, not another clause's

def read_statement(key: str, lo: int, hi: int) -> list[Reading]:
    """The indicators of key[lo:hi], in text order."""
    if _only_years(key, lo, hi) and not find_word_quantities(key, lo, hi):
        return []   # most sentences of a report state no number, or only years
    words = digit_word_spans(key, lo, hi)
    qs = [q for q in find_quantities(key, lo, hi)
          if _is_achievement(key, q, lo, hi) or not _is_noise(key, q, lo, hi, words)]
    qs = _with_word_quantities(qs, find_word_quantities(key, lo, hi))
    out: list[Reading] = []
    cursor = lo
    target_bracket = -1   # where a bracket of targets opened: '(Nghị quyết đề ra 2,8 triệu tấn, tăng 3,9%/năm)'
    for i, q in enumerate(qs):
        nxt = qs[i + 1] if i + 1 < len(qs) else None
        prev = out[-1] if out else None
        ach = _is_achievement(key, q, lo, hi)
        if ach:
            pct = 100 + q.value if ach == "exceed" else q.value
            owner = achievement_owner(key, out, q)
            if owner is None:
                owner = Reading(None, clause_start(key, lo, q.start), q.end)
                out.append(owner)
            owner.achievement, owner.achievement_q = pct, q
            owner.literals += q.literals
            owner.end = q.end
            if ach == "exceed":
                owner.status = Status.VUOT
            elif q.value == 100:
                owner.status = owner.status or Status.DAT
            cursor = q.end
            continue
        owner = target_owner(key, out, q, lo, target_bracket)
        if owner is not None:
            owner.target, owner.end = q, max(owner.end, q.end)
            owner.literals += q.literals
            cursor = q.end
            if owner is not prev or OPEN_BRACKET.search(key[max(lo, q.start - LOOK_BEFORE):q.start]):
                target_bracket = key.rfind("(", lo, q.start)
            continue
        if _is_baseline(key, q, nxt, hi):
            pending_baseline = (q, _year_after(key, q, nxt.start if nxt else hi))
            cursor = q.end
            out.append(Reading(None, cursor, q.end, baseline=[pending_baseline]))  # placeholder, merged below
            continue
        r = Reading(q, max(cursor, clause_start(key, lo, q.start)), q.end, literals=list(q.literals))
        r.negative = _is_negative(key, q, lo)
        r.ratio = q.unit == "times" or cues.ends_with("ratio", text_before(key, q, lo))
        r.in_brackets = key.rfind("(", lo, q.start) > key.rfind(")", lo, q.start)   # '(năm 2021 lần lượt là: a, b'

        r.versus = _is_versus(key, q, hi)
        if prev is not None and prev.q is None and prev.baseline and prev.achievement is None:
            r.baseline, r.start = prev.baseline, prev.start
            out.pop()
        if not (prev is not None and prev.q is not None) and (is_target_cue(key, q, lo) or _plan_of_a_year(key, lo, q)):
            r.target, r.q = q, None   # a target with no value stated before it: '(kế hoạch: 35%)'
        out.append(r)
        cursor = q.end
    out = [r for r in out if r.q is not None or r.achievement is not None or r.target is not None]
    out = plan_then_value(key, out)
    out = earlier_years_in_brackets(key, lo, out)
    share_closing_achievement(key, hi, out)
    attach_verdicts(key, lo, hi, out)
    return out

@lru_cache(maxsize=1)
def _plan_year_opening() -> re.Pattern:
    return re.compile(r"\s*" + cues.source("plan") + r"\s+(?:n[a-z]{1,2}m\s+)?(?:19|20)\d\d(?!\d)")


def _plan_of_a_year(key: str, lo: int, q: Quantity) -> bool:
    """'Kế hoạch năm 2024 sản lượng lương thực 98.500 tấn; ...': a clause that opens with a year's plan states it."""
    return _plan_year_opening().match(key, clause_start(key, lo, q.start), q.start) is not None

def _only_years(key: str, lo: int, hi: int) -> bool:
    """No number but bare years ('giai đoạn 2021 - 2025', 'năm 2024'): nothing here can be a value."""
    for m in NUMBER_TOKEN.finditer(key, lo, hi):
        if not YEAR_TOKEN.fullmatch(m.group()) or unit_at(key, m.end(), hi)[0] is not None \
                or key[m.end():m.end() + 1] == "/" or key[max(lo, m.start() - 1):m.start()] == "/":
            return False   # '2020 ha', '2.020' or '12/2020' are not bare years
    return True

def _with_word_quantities(qs: list[Quantity], words: list[Quantity]) -> list[Quantity]:
    """Numbers in words join the printed ones, in text order, where they do not overlap one."""
    extra = [w for w in words if not any(q.start < w.end and w.start < q.end for q in qs)]
    return sorted(qs + extra, key=lambda q: q.start) if extra else qs

def _year_after(key: str, q: Quantity, hi: int) -> int | None:
    m = YEAR_NEXT.match(key[q.end:hi])
    return int(m.group(1)) if m else None

def with_none_left(key: str, lo: int, hi: int, readings: list[Reading]) -> list[Reading]:
    """'Phấn đấu đến năm 2030, không còn hộ nghèo' / '6. Không còn hộ nghèo ...; tỷ lệ hộ cận nghèo dưới 1,5%':
    zero written in words, a reading beside the printed ones (not inside a bracket, whose words qualify another)."""
    m = cues.anywhere("none_left").search(key, lo, hi)
    if not m or any(r.start <= m.start() < r.end for r in readings) \
            or key.rfind("(", lo, m.start()) > key.rfind(")", lo, m.start()):
        return readings
    zero = Quantity(start=m.start(), end=m.end(), num_start=m.start(), value=0.0, literal=key[m.start():m.end()])
    start = clause_start(key, lo, m.start()) if readings else lo
    return sorted([*readings, Reading(zero, start, m.end(), literals=[zero.literal])], key=lambda r: r.anchor)
