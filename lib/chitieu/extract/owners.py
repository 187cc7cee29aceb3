"""Whose is a number that is not a value: the target ('(kế hoạch 60,2 triệu đồng)', a bracket of targets), the
share of the plan ('đạt 102% kế hoạch'), an earlier year's value in a bracket (a series point) — each goes to the
value it speaks of."""

from __future__ import annotations

import re
from functools import lru_cache

from ..reference import cues
from ..reference.units import unit_family
from .numbers import YEAR_OR_PERIOD, Quantity, find_quantities
from .reading import LOOK_BEFORE, OPEN_BRACKET, SENTENCE_BREAK, Reading, broken, text_before

PLAN_BEFORE_BRACKET = 60   # how far before a bracket the plan it spells out may be named   e.g. 'chỉ tiêu Nghị quyết
#                            Đại hội Đảng bộ xã (120 tỷ đồng ...)'
COMPARED_OPENS = re.compile(r"\s*so(?:\s+voi)?\s")   # '; so với Nghị quyết (...)': the clause compares the value before
EARLIER_YEAR_OPENS = re.compile(r"\s*n[a-z]{1,2}m\s+(?:19|20)\d\d(?!\d)")   # '(năm 2019 là ...'
CHANGE_VERB_REACH = 12   # 'tăng 41%': the change verb just before the %

BRACKET_YEAR = re.compile(r"(?:n[a-z]{1,2}m|/)\s*((?:19|20)\d\d)(?!\d)")   # '(năm 2015 ...', '(... quý I/2022 ...'

@lru_cache(maxsize=1)
def _target_tail() -> re.Pattern:
    """'kế hoạch [năm 2024] [đề ra] [là] [tăng]' ending right before a number."""
    filler = cues.source("target_filler")
    return re.compile(cues.source("plan") + r"(?:\s*(?:" + filler + r"|\d{4}(?:\s*-\s*\d{4})?|[:=]))*"
                      r"[\s:=(]*$")

def states_only_a_plan(text: str) -> bool:
    """'Nghị quyết đề ra đến năm 2025 đạt ': plan words, fillers and years alone, no name of an indicator."""
    return _target_tail().fullmatch(text.lstrip(" .;,")) is not None

def is_target_cue(key: str, q: Quantity, lo: int) -> bool:
    before = text_before(key, q, lo)
    if cues.last_words("plan").isdisjoint(cues.WORDS.findall(before)):
        return False   # no plan word before the number: no regex scan needed
    return _target_tail().search(before) is not None

def _units_clash(a: Quantity, b: Quantity) -> bool:
    return a.unit is not None and b.unit is not None and unit_family(a.unit) != unit_family(b.unit)

def target_owner(key: str, out: list[Reading], q: Quantity, lo: int, bracket: int) -> Reading | None:
    """The value a target speaks of. After a plan word: the value just before it in its clause, or, when
    their units differ, the nearest earlier value of the sentence in the target's unit. Inside a bracket of
    targets, each further number is the target of the earlier value in its unit: '2,7 triệu tấn, bình quân tăng
    3,7%/năm (Nghị quyết đề ra 2,8 triệu tấn, bình quân tăng 3,9%/năm)'."""
    prev = out[-1] if out else None
    in_bracket = bracket >= lo and ")" not in key[bracket:q.start]
    if not in_bracket:
        opened = key.rfind("(", lo, q.start)   # '(KH 2023: 18-19%; ...': a bracket that opens with a plan word
        if opened >= 0 and ")" not in key[opened:q.start] and (cues.starts_with("plan", key[opened + 1:q.start])
                                                              or _plan_names_the_bracket(key, lo, opened)):
            in_bracket, bracket = True, opened
    if not in_bracket and not is_target_cue(key, q, lo):
        return None
    if not in_bracket and prev is not None and prev.target is None and prev.q is not None \
            and not _units_clash(prev.q, q) and not broken(key, prev.end, q.start):
        return prev
    if in_bracket:   # '5/7 ấp (Nghị quyết: 7/7 ấp)': a count in a bracket of targets too
        return _bracket_target_owner(key, out, q, bracket)
    if q.unit is None:
        return None
    for r in reversed(out):
        if SENTENCE_BREAK.search(key, r.end, q.start):
            return None
        if r.q is not None and r.target is None and unit_family(r.q.unit) == unit_family(q.unit):
            return r
    return None

def _same_sentence_or_compared(gap: str) -> bool:
    """No sentence ends between a value and a bracket of targets, or only a ';' after which the value is compared
    with them ('đạt tỷ lệ 92,3%; so với Nghị quyết (100% ... vào năm 2025) ...')."""
    if not SENTENCE_BREAK.search(gap):
        return True
    *_, last = gap.split(";")
    return re.search(r"\.\s", gap) is None and COMPARED_OPENS.match(last) is not None


def _plan_names_the_bracket(key: str, lo: int, opened: int) -> bool:
    """'... so với chỉ tiêu Nghị quyết Đại hội Đảng bộ xã (120 tỷ đồng cả nhiệm kỳ)', 'vượt chỉ tiêu Nghị quyết
    (giảm 120 hộ)': a bracket right after the plan it spells out holds that plan's targets."""
    if EARLIER_YEAR_OPENS.match(key, opened + 1):
        return False   # '101,6% kế hoạch (năm 2019 là 37,1 triệu đồng, ...)': earlier years, a series
    before = key[max(lo, opened - PLAN_BEFORE_BRACKET):opened]
    plans = list(cues.anywhere("plan").finditer(before))
    return bool(plans) and not re.search(r"\d|[;.,:()]", before[plans[-1].end():])


def _bracket_target_owner(key: str, out: list[Reading], q: Quantity, bracket: int) -> Reading | None:
    """In a bracket of k targets after values of their unit, the targets go to the last k of those values in
    order: 'đạt 19,5% - 44,8% - 31% (KH 2023: 18-19%; 46-47%; 29-30%)'; one target, to the value just before."""
    same = [r for r in out if r.q is not None and r.end <= bracket and unit_family(r.q.unit) == unit_family(q.unit)
            and _same_sentence_or_compared(key[r.end:bracket])]
    close = key.find(")", bracket)
    k = len(find_quantities(key, bracket, close if close > 0 else len(key)))
    for r in same[-k:] if k else same[-1:]:
        if r.target is None:
            return r
    return None

def share_closing_achievement(key: str, hi: int, readings: list[Reading]) -> None:
    """'có trên 70% ... và dưới 2% ... (đạt 100% chỉ tiêu Nghị quyết).': a bracketed share of the plan
    closing the statement speaks for every value before it."""
    last = readings[-1] if readings else None
    if last is None or last.achievement_q is None or len(readings) < 2:
        return
    q = last.achievement_q
    if not OPEN_BRACKET.search(key[max(0, q.start - LOOK_BEFORE):q.start]) or key[q.end:hi].strip(" .;\n)") \
            and not cues.starts_with("plan", key[q.end:hi].lstrip(" ,")):
        return
    if any(r.achievement is not None for r in readings[:-1]):
        return   # the statement gives its values their own shares: the closing one is its last value's
    for r in readings[:-1]:
        if r.achievement is None and r.q is not None:
            r.achievement, r.achievement_q, r.status = last.achievement, q, r.status or last.status

@lru_cache(maxsize=1)
def joining_words() -> frozenset[str]:
    """Words that may stand between two years' figures of one indicator: verbs, estimates, periods, joiners."""
    roles = ("value_lead", "estimate", "period_word", "period_first", "period_year", "joiner", "op_ge", "op_gt",
             "op_about")
    return frozenset(w for role in roles for reading in cues.readings().get(role, ()) for w in reading.split())

def plan_then_value(key: str, readings: list[Reading]) -> list[Reading]:
    """'theo kế hoạch là 120 tỷ đồng, đến nay đã đạt 126 tỷ đồng': a plan stated first is the
    target of the value that follows it in the sentence."""
    out: list[Reading] = []
    for r in readings:
        prev = out[-1] if out else None
        if prev is not None and prev.q is None and prev.target is not None and prev.achievement is None \
                and r.q is not None and r.target is None and not r.versus \
                and (not SENTENCE_BREAK.search(key, prev.end, r.q.start) or _nameless(key, prev.end, r.q.num_start)):
            r.target, r.start = prev.target, prev.start
            r.literals = prev.literals + r.literals
            out[-1] = r
            continue
        out.append(r)
    return out

def _nameless(key: str, a: int, b: int) -> bool:
    """'...; ước cả năm đạt ': the clause before a value names nothing (verbs, estimates, periods alone)."""
    return all(w.isdigit() or w in joining_words() for w in cues.WORDS.findall(key, a, b))

def achievement_owner(key: str, out: list[Reading], q: Quantity) -> Reading | None:
    """The value a '% of plan' speaks of: the one before it in its clause, skipping a bracketed aside
    ('96 triệu đồng (tăng 20 triệu đồng so với năm 2020), đạt 101% KH')."""
    candidates = []
    for r in reversed(out):
        if broken(key, r.end, q.start):
            break
        if r.in_brackets and ")" in key[r.end:q.start]:
            continue
        candidates.append(r)
    if not candidates:
        return None
    # 'đạt 18.540 tỷ đồng, tăng 9,1% so với năm 2023, đạt 101,2% kế hoạch': the plan is the value's, not the growth's
    # ('ước đạt 6.346 tỷ đồng, tăng 41%, bằng 81,5% dự toán': a change with no 'so với' too)
    if is_change(key, candidates[0]) and len(candidates) > 1 and not is_change(key, candidates[1]):
        candidates = candidates[1:]
    return candidates[0] if candidates[0].achievement is None else None

def is_change(key: str, r: Reading) -> bool:
    """A change against an earlier period: 'tăng 9,1% so với năm 2023', or a % right after 'tăng' / 'giảm'."""
    if r.versus:
        return True
    if r.q is None or not (r.q.unit or "").startswith("%"):
        return False
    before = key[max(0, r.q.start - CHANGE_VERB_REACH):r.q.start]
    return cues.ends_with("increase", before) or cues.ends_with("decrease", before)

def earlier_years_in_brackets(key: str, lo: int, readings: list[Reading]) -> list[Reading]:
    """Values of earlier years in a bracket after the value(s) they compare with are their series points, not
    indicators of their own: '89.362 tỷ đồng (năm 2015 đạt 60.467 tỷ đồng)', '7,01% (quý I/2022 tăng 5,86%)';
    '(Năm 2021 lần lượt là: 62,82%, 29,43% và 7,76%)' gives one to each of the values before it, in order."""
    out: list[Reading] = []
    i = 0
    while i < len(readings):
        r = readings[i]
        opened = _bracket_with_year(key, lo, r)
        if opened is None or not out:
            out.append(r)
            i += 1
            continue
        bracket, year = opened
        group = [x for x in readings[i:] if x.q is not None and x.q.start > bracket
                 and key.find(")", bracket, x.q.start) < 0 and _bracket_with_year(key, lo, x) == opened]
        owners = [x for x in out if x.q is not None and x.q.end <= bracket]
        respectively = cues.found("respectively", key[bracket:group[-1].q.start])
        owners = owners[-len(group):] if respectively else owners[-1:]
        if len(owners) != len(group) or not _earlier(key, lo, owners[0], year) \
                or any(unit_family(o.q.unit) != unit_family(g.q.unit) for o, g in zip(owners, group, strict=True)):
            out.append(r)
            i += 1
            continue
        for o, g in zip(owners, group, strict=True):
            o.baseline.append((g.q, year))
            o.literals += g.literals
        i += len(group)
    return out

def _earlier(key: str, lo: int, owner: Reading, year: int) -> bool:
    """The bracket's year is before the owner's own ('giai đoạn 2011 - 2015 đạt 12,5%/năm (năm 2015 đạt 13,4%)'
    states the last year beside the period's average: another indicator)."""
    own = [int(m.group(2) or m.group(1)) for m in YEAR_OR_PERIOD.finditer(key, lo, owner.q.start)]
    return not own or year < own[-1]

def _bracket_with_year(key: str, lo: int, r: Reading) -> tuple[int, int] | None:
    """(where the bracket opens, the year it names) for a value in a bracket that opens with an earlier period:
    '(năm 2015 đạt ...', '(tăng trưởng kinh tế quý I/2022 tăng ...', '(Năm 2021 lần lượt là: ...'."""
    if r.q is None or not r.in_brackets:
        return None
    bracket = key.rfind("(", lo, r.q.start)
    years = [int(m.group(1)) for m in BRACKET_YEAR.finditer(key, bracket, r.q.start)]
    return (bracket, years[-1]) if bracket >= 0 and years else None
