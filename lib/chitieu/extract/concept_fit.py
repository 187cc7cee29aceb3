"""The concept of a record, from the statement it stands in: the words that name the value, what they claim it
is (reference.concept_match.claim_of), its unit and value, fitted against the codebook (a claim that must fit,
else no concept, and the record says why in `concept_note`).

Called with one line from where the finders build records: `for_prose` in extract/prose.py, `for_row` in the
table finders; `apply` writes the result into the record.
"""

from __future__ import annotations

import re

from ..model import Indicator
from ..reference import cues
from ..reference.concept_match import RANK, Fit, claim_for, claim_of, fit, only_fillers, own_words
from ..reference.units import factor
from .numbers import NUMBER_TOKEN, find_quantities
from .roles import Reading, clause_start
from .statements import Statement

NAME_MIN_CHARS = 3
NAME_AFTER_CHARS = 40   # '... có 75% trường học đạt chuẩn': a name printed after its value
NAME_MAX_CHARS = 120    # an indicator's name stands just before its value; further back is another's
BASIS_REACH = 400       # 'GRDP (giá so sánh 2010) ... Trong đó, khu vực I đạt ...': the sentence before it,
#   this far back at most
CLAUSE_REST = re.compile(r"[^;,.()]*")   # the words after a value up to its clause's end   e.g. ' bình quân cả nước'
SENTENCE_REST = re.compile(r"(?:[^;.\d(]|\([^)]*\))*")   # ... to its sentence's end or next number, past
#   brackets   e.g. '06/06 (100%) phường đạt chuẩn đô thị văn minh' 
ASIDE = re.compile(r"\s*\([^()]{1,40}\)")   # a bracket right after a value   e.g. ' (giá so sánh 2010)'
CARRIED = ("price_basis", "gross_output")   # what a breakdown's level takes from the words before it
CARRIED_BY_GROWTH = ("gross_output",)        # ... and its growth ('Giá trị sản xuất tăng 7%, trong đó ...')
SENTENCE_END = re.compile(r"[.!?]\s")   # where the sentence before a 'Trong đó, ...' ends
YEAR = re.compile(r"(?:19|20)\d\d")   # a bare year is no other value's number   e.g. 'năm 2020'
OF_PREVIOUS = "% of previous year"   # 'bằng 95% so với cùng kỳ' (units.csv: 0.01 times)
CHANGE_CLAIMS = {"growth": "growth", "vs_prev": "ratio"}   # a table's change column: '.growth', '.vs_prev' records
SHARE_CLAIMS = ("rate", "share")   # what '(42/72 trường)' after 'tỷ lệ ... 58,3%' is not
OWN_NAME_WORDS = 3   # words that name a clause's own value   e.g. '; tỷ lệ huy động trẻ em ... đạt 95%' (not '; tăng 7%')
LIST_GAP = re.compile(r"\s*(?:[-–;,]|va)\s*")   # between two values of one list   e.g. '66,17% - 23,83%'
NAME_CUTS = (";", " - ", ",", " va ")   # how a list of names is cut, strongest first
#   e.g. 'Công nghiệp - dịch vụ - nông nghiệp'; 'đến nhà trẻ và mẫu giáo ... lần lượt đạt 35% và 98%'
NAMES_BOUND = re.compile(r"[.:]\s")   # a list of names starts after a colon or a sentence's end
INDEX_FLOOR = 50   # 'So với cùng kỳ (%)': 108,2 is an index of the previous period (= 100); 12,6 is a growth


def _value(ind: Indicator) -> float | None:
    """The number the range is checked on: the value reached, else the target (a range: its low end)."""
    for v in (ind.actual, ind.target, ind.target_low):
        if v is not None:
            return v
    return None


def _percent(unit: str | None) -> bool:
    return unit is not None and factor(unit, "%") is not None


def _value_span(r: Reading) -> tuple[int, int]:
    """Where the value stands: its quantity, else the target stated alone ('giảm từ 3-4%'), else its anchor."""
    q = r.q if r.q is not None else r.target
    return (q.start, q.end) if q is not None else (r.anchor, r.end)


def _first_number(r: Reading) -> int:
    """Where the reading's own numbers start: a baseline ('từ 23,96% (năm 2015) xuống 18,22%') before the value."""
    return min([b.start for b, _ in r.baseline] + [_value_span(r)[0]])


def _after_last_number(key: str, lo: int, hi: int) -> int:
    """After the last number (not a year) in key[lo:hi]: the words of another value end there."""
    cut = lo
    for m in NUMBER_TOKEN.finditer(key, lo, hi):
        if not YEAR.fullmatch(m.group()):
            cut = m.end()
    return cut


def _windows(key: str, st: Statement, r: Reading, unit: str | None, claim: str | None) -> list[tuple[int, int]]:
    """Where the value's name may stand, narrowest first: its own words, then with a few words after it ('... có
    75% trường học đạt chuẩn'); the words since the last other number ('khu vực dịch vụ đạt 3.830 tỷ đồng, tăng
    2,5%': the growth's are before the level); its clause; its statement. After 'có' the name that follows the
    value comes first ('Hằng năm, có trên 80% tổ chức cơ sở đảng ...'). In each, the concept whose words stand
    nearest the value wins."""
    value_start, anchor = _value_span(r)
    first = _first_number(r)
    clause = clause_start(key, st.start, first)
    after = CLAUSE_REST.match(key, anchor, min(st.end, anchor + NAME_AFTER_CHARS)).end()
    since_number = _after_last_number(key, clause, first)
    spans = [(r.start, value_start), (r.start, after), (since_number, value_start), (clause, value_start)]
    if own_words(key[since_number:value_start]) < OWN_NAME_WORDS:   # a clause that names its value borrows no name
        spans.append((st.start, value_start))
    after_value = _after_last_number(key, clause, r.start) > clause   # 'có 80% A và có dưới 1,5% B': A is 80%'s
    follows = _name_follows(key[r.start:value_start], None if after_value else (unit, claim))
    if follows is not None:   # 'Hằng năm, có trên 80% tổ chức cơ sở đảng ...', '... và 12 xã đạt chuẩn kiểu mẫu'
        rest = SENTENCE_REST.match(key, anchor, min(st.end, anchor + NAME_MAX_CHARS)).end()
        spans.insert(0, (r.start + follows, rest))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        a = max(a, value_start - NAME_MAX_CHARS) if b == value_start else a
        if len(key[a:b].strip()) >= NAME_MIN_CHARS and (a, b) not in out:
            out.append((a, b))
    return out


def _name_follows(before: str, fits: tuple[str | None, str | None] | None) -> int | None:
    """'... có trên 80%', '... và có dưới 1,5%', '; trên 90%': the value's name stands after it, with the words
    from where this returns (the subject before 'có'; after a list's 'và', since the words before it are the
    first value's); None when the words before the value name it ('Diện tích cây ăn trái hiện có 1.215 ha':
    they fit a concept with the value's unit and claim, `fits`; None when they follow another value)."""
    second = list(cues.anywhere("second_of_list").finditer(before))
    if second and only_fillers(before[second[-1].end():]):
        return second[-1].end()
    found = list(cues.anywhere("name_follows").finditer(before))
    if not found:
        return 0 if only_fillers(before) else None
    named_before = fits is not None and fit(before[:found[-1].start()], *fits).concept is not None
    return 0 if only_fillers(before[found[-1].end():]) and not named_before else None


def carried_in(text: str, roles: tuple[str, ...] = ("price_basis",)) -> str:
    """The measures a text names that the figures under it share: its price basis ('giá so sánh 2010'), and
    with role 'gross_output' its gross output ('giá trị sản xuất')."""
    return " ".join(m.group() for role in roles for m in cues.anywhere(role).finditer(text))


def _carried(key: str, st: Statement, value_start: int, roles: tuple[str, ...]) -> str:
    """'GRDP (giá so sánh 2010) ước đạt ... Trong đó, khu vực I đạt 2.110 tỷ đồng': a breakdown takes the
    measure of the words before its 'trong đó' — in its sentence, or, where the sentence opens with it, in the
    sentence before; a list after a colon, the words before the colon; '' when the value is in no breakdown
    or names its own."""
    head = list(cues.anywhere("sub_items").finditer(key, st.start, value_start))
    colon = key.rfind(":", st.start, value_start)
    if roles and not head and colon > st.start and not carried_in(key[colon:value_start], roles):
        return carried_in(key[st.start:colon], roles)   # 'giá trị sản xuất các ngành tăng ...: dịch vụ tăng 15,8%'
    if not roles or not head or carried_in(key[head[-1].start():value_start], roles):
        return ""
    at = head[-1].start()
    if key[st.start:at].strip():
        return carried_in(key[st.start:at], roles)
    lo = max(0, at - BASIS_REACH)
    ends = [m.end() for m in SENTENCE_END.finditer(key, lo, max(lo, at - 2))]
    return carried_in(key[ends[-1] if ends else lo:at], roles)


def prose_claim(key: str, st: Statement, r: Reading, unit: str | None) -> str | None:
    """What the words before the value claim it is: its own words, then its clause, then the headings and
    intro above it; 'gấp' (roles' ratio) and '... so với cùng kỳ' after a bare % as roles read them."""
    if r.ratio:
        return "ratio"
    value_start = _value_span(r)[0]
    first = _first_number(r)
    clause = clause_start(key, st.start, first)
    claim = next((c for c in (claim_for(key[a:value_start], unit)
                              for a in (r.start, _after_last_number(key, clause, first))) if c), None)
    if claim is None:   # the clause's: its rate or share word is another value's when this one counts no share
        claim = claim_for(key[clause:value_start], unit)
        claim = None if claim in SHARE_CLAIMS and unit and factor(unit, "%") is None else claim
    if claim is not None or not _percent(unit):
        return claim   # an amount's kind is said beside it; a % may take it from its heading
    if r.versus:
        return "ratio"   # 'đạt 95% so với cùng kỳ': of the previous period, not a share
    whole = [key[st.start:value_start]] if cues.starts_with("sub_items", key[clause:value_start]) else []
    return next((c for c in map(claim_of, whole + list(reversed(st.context))) if c), None)


def _qualifiers(key: str, st: Statement, r: Reading, claim: str | None) -> str:
    """Words that qualify the value from elsewhere, put before its name: the price basis or gross output a
    breakdown carries (a growth takes only the gross output: its price basis is its own), a basis in brackets
    right after it ('62.881 tỷ đồng (giá so sánh 2010)'), and what a ratio is compared with ('gấp 1,95 lần bình
    quân cả nước')."""
    start, end = _value_span(r)
    words = [_carried(key, st, start, CARRIED_BY_GROWTH if claim == "growth" else CARRIED)]
    aside = ASIDE.match(key, end, st.end)
    words.append(carried_in(aside.group()) if aside else "")
    if claim == "ratio":
        words.append(CLAUSE_REST.match(key, end, min(st.end, end + NAME_AFTER_CHARS)).group())
    return " ".join(w for w in words if w)


def for_prose(key: str, st: Statement, r: Reading, ind: Indicator) -> Fit:
    """The concept of a prose record, from the windows where its name may stand (narrowest first); a number in
    words ('không còn hộ nghèo') is named by those words."""
    if r.q is not None and r.q.value == 0 and cues.found("none_left", key[r.q.start:r.q.end]):
        return fit(key[r.q.start:r.q.end], None, "rate")   # the rate it names is 0
    unit = ind.unit
    claim = prose_claim(key, st, r, unit)
    if claim == "ratio" and unit == "%":
        unit = ind.unit = OF_PREVIOUS
    paired = _paired_name(key, st, r)
    if paired:   # 'cơ cấu kinh tế: công nghiệp - dịch vụ - nông nghiệp ... tương ứng 66,17% - 23,83% - 2,62%'
        found = fit(paired, unit, claim, nearest=True)
        if found.concept is not None:
            return found
    first = None
    extra = _qualifiers(key, st, r, claim)
    for a, b in _windows(key, st, r, unit, claim):
        name = _not_a_rate(key[a:b], unit)
        found = fit(name, unit, claim, nearest=True)
        if found.concept is not None and extra:   # qualifiers refine a name, never stand for one
            found = fit(extra + " " + name, unit, claim, nearest=True)
        if found.concept is not None or claim == RANK:
            return found
        first = first or found
    return first or Fit(None, 0.0, "no name before the value")


def _not_a_rate(name: str, unit: str | None) -> str:
    """A number counted in a unit that is no share ('(42/72 trường)' after 'tỷ lệ trường đạt chuẩn ... 58,3%')
    is not the rate its name's 'tỷ lệ' speaks of: those words are the share's beside it."""
    if unit is None or factor(unit, "%") is not None:
        return name
    return cues.anywhere("claim_rate").sub(" ", name)


def _paired_name(key: str, st: Statement, r: Reading) -> str:
    """The name a value of a list is paired with when the names before it are listed in the same order and
    number ('Tỷ trọng nông - lâm - thủy sản; công nghiệp - xây dựng; dịch vụ ... đạt 19,5% - 44,8% - 31%'),
    with the words before the names' colon ('cơ cấu kinh tế: ...'); '' when the value stands in no such list."""
    if r.q is None:
        return ""
    qs = [q for q in find_quantities(key, st.start, st.end) if not q.is_year]
    at = next((i for i, q in enumerate(qs) if q.start == r.q.start), None)
    if at is None:
        return ""
    lo = at
    while lo > 0 and LIST_GAP.fullmatch(key, qs[lo - 1].end, qs[lo].start):
        lo -= 1
    hi = at
    while hi + 1 < len(qs) and LIST_GAP.fullmatch(key, qs[hi].end, qs[hi + 1].start):
        hi += 1
    if hi == lo:
        return ""
    start = max([st.start, qs[lo - 1].end if lo else st.start]
                + [m.end() for m in NAMES_BOUND.finditer(key, st.start, qs[lo].start)])
    head = key[max(st.start, start - NAME_MAX_CHARS):start] if key[start - 2:start].strip() == ":" else ""
    listed = " ".join(key[start:qs[lo].start].split()).strip(" ;,-")   # a line break inside is a space
    for cut in NAME_CUTS:
        names = listed.split(cut)
        if len(names) == hi - lo + 1 and all(own_words(n) for n in names):   # not 'Đến năm 2024, ...'
            return f"{head.rsplit('.', 1)[-1]} {names[at - lo]}"
    return ""


def column_claim(column: str, value: float | None) -> str | None:
    """What a table's change column claims its number is: a growth ('Tăng/giảm %'), or, under 'So với cùng kỳ
    (%)', a % of the previous period — unless it is too small to be one (12,6 there is a growth)."""
    claim = CHANGE_CLAIMS.get(column)
    if claim == "ratio" and value is not None and abs(value) < INDEX_FLOOR:
        return "growth"
    return claim


def for_row(label: str, unit: str | None, ind: Indicator, group: str = "", claim: str | None = None,
            carried: str = "") -> Fit:
    """The concept of a table row: its label, and under a group row ('Tốc độ tăng GRDP' over '- Dịch vụ') the
    group's label too; the claim a change column makes (`claim`), else the label's, else the group's; the
    measure a row above names for the rows under it (`carried`: 'GRDP giá hiện hành') where the label names none."""
    claim = claim or claim_for(label, unit) or claim_for(group, unit)
    if claim == "ratio" and unit == "%":
        unit = ind.unit = OF_PREVIOUS
    extra = "" if carried_in(label) else carried
    if extra:   # the nearest row's basis over the group's: 'GRDP giá hiện hành' under '1 GRDP giá so sánh 2010'
        group = cues.anywhere("price_basis").sub(" ", group)
    found = fit(f"{extra} {group} {label}", unit, claim, nearest=True) if group else Fit(None)
    return found if found.concept is not None else fit(f"{extra} {label}", unit, claim, nearest=True)


def in_range(ind: Indicator, found: Fit) -> Fit:
    """The fit, if the record's value lies where the concept's kind allows (checked after any OCR repair of the
    value: 'chiếm 3215' read back as 32,15); else no concept, and why."""
    concept, value = found.concept, _value(ind)
    if concept is None or value is None:
        return found
    scale = factor(ind.unit, concept.unit) if ind.unit else 1.0
    if concept.in_range(value * (scale or 1.0)):
        return found
    return Fit(None, 0.0, f"{value:g} is out of the range of {concept.code} (a {concept.kind})")


def apply(ind: Indicator, found: Fit) -> None:
    """Write a fit into the record, once its value is checked against the concept's range: the concept, its
    labels, domain, direction and confidence (the concept's unit where the record printed none), or, when none
    fits, why."""
    concept = (found := in_range(ind, found)).concept
    if concept is None:
        ind.concept = ind.label_vi = ind.label_en = ind.domain = ind.direction = None
        ind.confidence, ind.concept_note = 0.0, found.why
        return
    ind.concept, ind.label_vi, ind.label_en = concept.code, concept.label_vi, concept.label_en
    ind.domain, ind.direction, ind.confidence = concept.domain, concept.direction, found.confidence
    ind.concept_note = None
    if ind.unit is None and (_value(ind) is not None or ind.series):
        ind.unit = concept.unit
