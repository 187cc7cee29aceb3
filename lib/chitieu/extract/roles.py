"""Number roles inside one statement, from the cue words around each number and its syntax.

Every quantity of a statement is, left to right, one of:
- noise: a year, a duration, a date, a document number, a rank ('thứ 3/13'), a count of targets
  ('đạt 13/20 chỉ tiêu'), delegates, the national figure beside the local one — it yields nothing;
- an achievement: '% of the plan' ('đạt 102% kế hoạch', 'vượt 18% dự toán' = 118) of the value before it;
- a target of the value before it: '(kế hoạch 60,2 triệu đồng)', '(mục tiêu: 8 - 9%)', 'KH 2025 là ...';
- a baseline: 'từ 30% năm 2015 lên ...' (the start of a change, kept as a series point);
- a value: the indicator itself (an actual in results, a target in targets), including a growth
  ('tăng 15,1% so với cùng kỳ'), a ratio ('gấp 2,1 lần') and a pair ('45.799/36.875 tỷ đồng').
The cue words are data (data/reference/cues.csv, via `cues`); this module only says how they combine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..reference import cues
from ..reference.ocrkey import digit_word_spans, phrase
from ..reference.units import unit_at, unit_family
from ..vocab import Status
from .numbers import NUMBER_TOKEN, YEAR_OR_PERIOD, Quantity, find_quantities, find_word_quantities

LOOK_BEFORE = 40   # characters before a number where its cue words stand   e.g. '(kế hoạch năm là '
LOOK_AFTER = 40    # characters after it                                     e.g. ' kế hoạch năm'
BOUNDARY = re.compile(r"[;.]\s|[;]|\)\s*[,;]")  # a clause ends here   e.g. '...; khu vực II ...'
CLAUSE_BREAK = re.compile(r";|\.\s")
SENTENCE_BREAK = re.compile(r"[.;]\s")
LIST_DASH = re.compile(r"[\d%]\s+-\s?\Z")   # '66,17% - 23,83%': a dash between two values separates a list
SIGNED = re.compile(r"(?:^|[\s,(:])-\s?$")      # '-13,78%': a printed minus sign just before a number
YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")            # '2024' (a bare year, when no unit follows it)
LIST_LEAD_REACH = 40    # 'Riêng các chỉ tiêu về ...': a list announced at the sentence's start
BRACKET_VERB_WORDS = 3   # '(đạt 108%)', '(bằng 95,2%)': a verb and at most a word or two before the %
CHANGE_VERB_REACH = 12   # 'tăng 41%': the change verb just before the %
LIST_MIN_VALUES = 3     # 'khu vực I là 42,5%, khu vực II là 16,29%, khu vực III là 38,14%, cơ bản đạt chỉ tiêu'
LIST_COLON_REACH = 20   # '... đạt kế hoạch là:' the colon that opens the list follows the verdict closely
BRACKET_YEAR = re.compile(r"(?:n[a-z]{1,2}m|/)\s*((?:19|20)\d\d)(?!\d)")   # '(năm 2015 ...', '(... quý I/2022 ...'
LEAD_PUNCT = re.compile(r"[:=(]\s*$")           # 'GRDP: 5,16%', '(7,0-7,5%)': a value after punctuation
YEAR_NEXT = re.compile(r"\s*(?:\(?\s*(?:n[a-z]{1,2}m|vao\s+n[a-z]{1,2}m)\s+)?((?:19|20)\d\d)(?!\d)")  # ' năm 2015'

OPEN_BRACKET = re.compile(r"\(\s*[^()]*$")      # the number stands inside an open bracket
COMPARED_TO = r"[\s,]*(?:" + phrase("so voi") + r"\s+|" + phrase("so") + r"\s+)?(?:" + phrase("muc") + r"\s+)?"
# '... so với (mức) kế hoạch', 'vượt mức kế hoạch': the words between a share or a verdict and the plan



@lru_cache(maxsize=1)
def _plan_after() -> re.Pattern:
    """'kế hoạch', 'so với chỉ tiêu', 'so KH' right after a percentage: it is a share of the plan."""
    return re.compile(COMPARED_TO + cues.source("plan"))


@dataclass
class Reading:
    """One indicator a statement states, before section, year, kind and concept are decided."""

    q: Quantity | None                 # the value (None for an achievement stated alone)
    start: int                         # where its wording begins (the name before the value)
    end: int                           # after the last number attached to it
    target: Quantity | None = None
    achievement: float | None = None
    achievement_q: Quantity | None = None
    status: str | None = None
    negative: bool = False
    ratio: bool = False
    in_brackets: bool = False
    versus: bool = False               # a change against an earlier period ('tăng 9,1% so với năm 2023')
    baseline: list[tuple[Quantity, int | None]] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> int:
        """Offset of the key number (its line is the record's line)."""
        if self.q is not None:
            return self.q.num_start
        if self.achievement_q is not None:
            return self.achievement_q.num_start
        return self.target.num_start if self.target is not None else self.start   # 'đặt mục tiêu ... 7%'



def _before(key: str, q: Quantity, lo: int) -> str:
    return key[max(lo, q.start - LOOK_BEFORE):q.start]


def _after(key: str, q: Quantity, hi: int) -> str:
    return key[q.end:min(hi, q.end + LOOK_AFTER)]


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
    before, after = _before(key, q, lo), _after(key, q, hi)
    if cues.ends_with("elsewhere_before", before) or _elsewhere_verb(before):
        return True   # '(cả nước +4,2%)', '(cả nước tăng 6,5%)': the national figure beside the local one
    if cues.starts_with("noise_after", after) and not (q.unit and q.unit not in ("%",)):
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
    before = _before(key, q, lo)
    if not (_plan_after().match(_after(key, q, hi)) or _bracket_share(key, q, before, hi)):
        return None
    if cues.ends_with("exceed", before):
        return "exceed"
    if cues.ends_with("achieve", before):
        return "achieve"
    return None


def _bracket_share(key: str, q: Quantity, before: str, hi: int) -> bool:
    """'54.998 tỷ đồng (đạt 108%)': a bracket holding only a verb and a % speaks of the value before it."""
    opened = before.rstrip().rfind("(")
    if opened < 0 or not key[q.end:min(hi, q.end + 2)].lstrip().startswith(")"):
        return False
    inside = before[opened + 1:]
    return bool(inside.strip()) and not any(c.isdigit() for c in inside) and (cues.ends_with("achieve", inside) or cues.ends_with("exceed", inside)) \
        and len(inside.split()) <= BRACKET_VERB_WORDS


@lru_cache(maxsize=1)
def _target_tail() -> re.Pattern:
    """'kế hoạch [năm 2024] [đề ra] [là] [tăng]' ending right before a number."""
    filler = cues.source("target_filler")
    return re.compile(cues.source("plan") + r"(?:\s*(?:" + filler + r"|\d{4}(?:\s*-\s*\d{4})?|[:=]))*"
                      r"[\s:=(]*$")


def _is_target_cue(key: str, q: Quantity, lo: int) -> bool:
    before = _before(key, q, lo)
    if cues.last_words("plan").isdisjoint(cues.WORDS.findall(before)):
        return False   # no plan word before the number: no regex scan needed
    return _target_tail().search(before) is not None


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
    lead = key[max(lo, q.start - 60):q.start]
    return not cues.found("poverty_words", lead)


def clause_end(key: str, lo: int, hi: int) -> int:
    """Where the first clause of key[lo:hi] ends (hi when it runs to the end)."""
    m = CLAUSE_BREAK.search(key, lo, hi)
    return m.start() if m else hi


def clause_start(key: str, lo: int, pos: int) -> int:
    cut = lo
    for m in CLAUSE_BREAK.finditer(key, lo, pos):
        cut = m.end()
    return cut


def _verdicts(key: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The document's own verdicts in a statement: 'chưa đạt', 'khó đạt', 'vượt chỉ tiêu', 'đạt kế hoạch'."""
    out = []
    plan = cues.source("plan")
    words = set(cues.WORDS.findall(key, lo, hi))
    for role, status in cues.VERDICT_ROLES:
        if cues.last_words(role).isdisjoint(words):
            continue   # none of the verdict's words stands in the statement
        rx = cues.anywhere(role) if status in ("chua_dat", "kho_dat") else _verdict_with_plan(role, plan)
        for m in rx.finditer(key, lo, hi):
            if not any(a <= m.start() < b for a, b, _ in out):
                out.append((m.start(), m.end(), status))
    return sorted(out)


@cache
def _verdict_with_plan(role: str, plan: str) -> re.Pattern:
    """'đạt kế hoạch', 'vượt chỉ tiêu', 'hoàn thành mục tiêu' (no number between: that is an achievement)."""
    return re.compile(cues.source(role) + COMPARED_TO + plan)


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
            owner = _achievement_owner(key, out, q)
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
        owner = _target_owner(key, out, q, lo, target_bracket)
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
        r.ratio = q.unit == "times" or cues.ends_with("ratio", _before(key, q, lo))
        r.in_brackets = key.rfind("(", lo, q.start) > key.rfind(")", lo, q.start)   # '(năm 2021 lần lượt là: a, b'

        r.versus = _is_versus(key, q, hi)
        if prev is not None and prev.q is None and prev.baseline and prev.achievement is None:
            r.baseline, r.start = prev.baseline, prev.start
            out.pop()
        if not (prev is not None and prev.q is not None) and _is_target_cue(key, q, lo):
            r.target, r.q = q, None   # a target with no value stated before it: '(kế hoạch: 35%)'
        out.append(r)
        cursor = q.end
    out = [r for r in out if r.q is not None or r.achievement is not None or r.target is not None]
    out = _plan_then_value(key, out)
    out = _earlier_years_in_brackets(key, lo, out)
    _share_closing_achievement(key, hi, out)
    _attach_verdicts(key, lo, hi, out)
    return out


def _units_clash(a: Quantity, b: Quantity) -> bool:
    return a.unit is not None and b.unit is not None and unit_family(a.unit) != unit_family(b.unit)


def _target_owner(key: str, out: list[Reading], q: Quantity, lo: int, bracket: int) -> Reading | None:
    """The value a target speaks of. After a plan word: the value just before it in its clause, or, when
    their units differ, the nearest earlier value of the sentence in the target's unit. Inside a bracket of
    targets, each further number is the target of the earlier value in its unit: '2,7 triệu tấn, bình quân tăng
    3,7%/năm (Nghị quyết đề ra 2,8 triệu tấn, bình quân tăng 3,9%/năm)'."""
    prev = out[-1] if out else None
    in_bracket = bracket >= lo and ")" not in key[bracket:q.start]
    if not in_bracket:
        opened = key.rfind("(", lo, q.start)   # '(KH 2023: 18-19%; ...': a bracket that opens with a plan word
        if opened >= 0 and ")" not in key[opened:q.start] and cues.starts_with("plan", key[opened + 1:q.start]):
            in_bracket, bracket = True, opened
    if not in_bracket and not _is_target_cue(key, q, lo):
        return None
    if not in_bracket and prev is not None and prev.target is None and prev.q is not None \
            and not _units_clash(prev.q, q) and not _broken(key, prev.end, q.start):
        return prev
    if q.unit is None:
        return None
    if in_bracket:
        return _bracket_target_owner(key, out, q, bracket)
    for r in reversed(out):
        if SENTENCE_BREAK.search(key, r.end, q.start):
            return None
        if r.q is not None and r.target is None and unit_family(r.q.unit) == unit_family(q.unit):
            return r
    return None


def _bracket_target_owner(key: str, out: list[Reading], q: Quantity, bracket: int) -> Reading | None:
    """In a bracket of k targets after values of their unit, the targets go to the last k of those values in
    order: 'đạt 19,5% - 44,8% - 31% (KH 2023: 18-19%; 46-47%; 29-30%)'; one target, to the value just before."""
    same = [r for r in out if r.q is not None and r.end <= bracket and unit_family(r.q.unit) == unit_family(q.unit)
            and not SENTENCE_BREAK.search(key, r.end, bracket)]
    close = key.find(")", bracket)
    k = len(find_quantities(key, bracket, close if close > 0 else len(key)))
    for r in same[-k:] if k else same[-1:]:
        if r.target is None:
            return r
    return None


def _share_closing_achievement(key: str, hi: int, readings: list[Reading]) -> None:
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


def _only_years(key: str, lo: int, hi: int) -> bool:
    """No number but bare years ('giai đoạn 2021 - 2025', 'năm 2024'): nothing here can be a value."""
    for m in NUMBER_TOKEN.finditer(key, lo, hi):
        if not YEAR_TOKEN.fullmatch(m.group()) or unit_at(key, m.end(), hi)[0] is not None \
                or key[m.end():m.end() + 1] == "/" or key[max(lo, m.start() - 1):m.start()] == "/":
            return False   # '2020 ha', '2.020' or '12/2020' are not bare years
    return True


def _plan_then_value(key: str, readings: list[Reading]) -> list[Reading]:
    """'theo kế hoạch là 120 tỷ đồng, đến nay đã đạt 126 tỷ đồng': a plan stated first is the
    target of the value that follows it in the sentence."""
    out: list[Reading] = []
    for r in readings:
        prev = out[-1] if out else None
        if prev is not None and prev.q is None and prev.target is not None and prev.achievement is None \
                and r.q is not None and r.target is None and not r.versus \
                and not SENTENCE_BREAK.search(key, prev.end, r.q.start):
            r.target, r.start = prev.target, prev.start
            r.literals = prev.literals + r.literals
            out[-1] = r
            continue
        out.append(r)
    return out


def _achievement_owner(key: str, out: list[Reading], q: Quantity) -> Reading | None:
    """The value a '% of plan' speaks of: the one before it in its clause, skipping a bracketed aside
    ('96 triệu đồng (tăng 20 triệu đồng so với năm 2020), đạt 101% KH')."""
    candidates = []
    for r in reversed(out):
        if _broken(key, r.end, q.start):
            break
        if r.in_brackets and ")" in key[r.end:q.start]:
            continue
        candidates.append(r)
    if not candidates:
        return None
    # 'đạt 18.540 tỷ đồng, tăng 9,1% so với năm 2023, đạt 101,2% kế hoạch': the plan is the value's, not the growth's
    # ('ước đạt 6.346 tỷ đồng, tăng 41%, bằng 81,5% dự toán': a change with no 'so với' too)
    if _is_change(key, candidates[0]) and len(candidates) > 1 and not _is_change(key, candidates[1]):
        candidates = candidates[1:]
    return candidates[0] if candidates[0].achievement is None else None


def _is_change(key: str, r: Reading) -> bool:
    """A change against an earlier period: 'tăng 9,1% so với năm 2023', or a % right after 'tăng' / 'giảm'."""
    if r.versus:
        return True
    if r.q is None or not (r.q.unit or "").startswith("%"):
        return False
    before = key[max(0, r.q.start - CHANGE_VERB_REACH):r.q.start]
    return cues.ends_with("increase", before) or cues.ends_with("decrease", before)


def _with_word_quantities(qs: list[Quantity], words: list[Quantity]) -> list[Quantity]:
    """Numbers in words join the printed ones, in text order, where they do not overlap one."""
    extra = [w for w in words if not any(q.start < w.end and w.start < q.end for q in qs)]
    return sorted(qs + extra, key=lambda q: q.start) if extra else qs


def _broken(key: str, a: int, b: int) -> bool:
    """A clause or sentence ends between two offsets: what follows belongs to something else."""
    return CLAUSE_BREAK.search(key, a, b) is not None


def _earlier_years_in_brackets(key: str, lo: int, readings: list[Reading]) -> list[Reading]:
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


def _year_after(key: str, q: Quantity, hi: int) -> int | None:
    m = YEAR_NEXT.match(key[q.end:hi])
    return int(m.group(1)) if m else None


def none_left_reading(key: str, lo: int, hi: int) -> list[Reading]:
    """'Phấn đấu đến năm 2030, không còn hộ nghèo' / '... không còn hộ nghèo': zero written in words."""
    m = cues.anywhere("none_left").search(key, lo, hi)
    if not m:
        return []
    zero = Quantity(start=m.start(), end=m.end(), num_start=m.start(), value=0.0, literal=key[m.start():m.end()])
    return [Reading(zero, lo, m.end(), literals=[zero.literal])]


def verdict_on_previous(key: str, lo: int, hi: int) -> str | None:
    """'Chỉ tiêu này vượt so với Nghị quyết đề ra.': a sentence that judges the indicator before it."""
    head = cues.at_start("this_target").match(key, lo, hi)
    if head is None:
        return None
    for role, status in cues.VERDICT_ROLES:   # 'Chỉ tiêu này vượt ...': the verb is the verdict, no plan needed
        if cues.at_start(role).match(key, head.end(), hi):
            return status
    return None


def _closes_a_list(key: str, b: int, hi: int, readings: list[Reading]) -> bool:
    """A verdict that ends its statement after three or more values of one unit: it judges the list they make."""
    units = {r.q.unit for r in readings if r.q is not None}
    return len(readings) >= LIST_MIN_VALUES and len(units) == 1 and not any(c.isdigit() for c in key[b:hi])


def _attach_verdicts(key: str, lo: int, hi: int, readings: list[Reading]) -> None:
    """A verdict applies to the value just before it in its clause, else to the one right after it."""
    if not readings:
        return
    lists = cues.anywhere("list_lead").search(key, lo, min(hi, lo + LIST_LEAD_REACH)) is not None
    for a, b, status in _verdicts(key, lo, hi):
        if cues.ends_with("this_target", key[max(lo, a - LOOK_BEFORE):a]):
            prior = [r for r in readings if r.anchor < a]   # '...; Chỉ tiêu này đạt so với Nghị quyết'
            if prior and prior[-1].status is None:
                prior[-1].status = status
            continue
        colon = key.find(":", b, min(hi, b + LIST_COLON_REACH))
        listed = [r for r in readings if r.anchor > colon] if colon >= 0 else []
        if lists and listed:   # '5 chỉ tiêu đạt kế hoạch là: A ...; B ...' -> each listed one
            for r in listed:
                r.status = r.status or status
            continue
        opened = key.find(":", lo, readings[0].anchor) >= 0 and len(readings) > 2
        if (lists or opened or _closes_a_list(key, b, hi, readings)) and all(r.anchor < a for r in readings):
            for r in readings:   # '...: A, B, C, cơ bản đạt chỉ tiêu'; 'khu vực I là 42,5%, ..., cơ bản đạt'
                r.status = r.status or status
            continue
        before = [r for r in readings if r.anchor < a and not _broken(key, r.anchor, a)]
        if len(before) > 1 and before[-1].versus and not before[-2].versus:
            before = before[:-1]   # '... còn 1,1%, giảm 0,6 điểm % so với năm 2023, đạt kế hoạch': the value's verdict
        after = [r for r in readings if r.anchor >= b and not _broken(key, b, r.anchor)]
        owner = before[-1] if before else (after[0] if after else None)
        if owner is not None and (owner.status is None or status in (Status.CHUA_DAT, Status.KHO_DAT)):
            owner.status = status
