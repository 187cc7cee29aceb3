"""Indicator records from prose, wherever they stand: statements (statements.py) -> number roles
(roles.py) -> section, year, kind, concept -> records.

Phases, each a small function:
- `section_of`: a statement is a next-term target when it strives ('phấn đấu'), when its value's year
  lies after the report's review point, or when the headings/intro above it set targets; a result when
  it says what was done ('đã', 'ước'); otherwise as the statement before it in its block.
- `year_of`: the year printed before the value in its clause ('năm 2022', 'đến năm 2025', 'giai đoạn
  2016-2020' -> 2020) or just after it ('1,2% của năm 2019'), never a year it is compared with ('so với
  năm 2021'); else the last year of the period under review. 'Hằng năm' -> none.
- `kind_of`: 'estimate' after 'ước / dự kiến / dự báo' in the statement, or for a period average or total
  that ends after the report's date; else 'actual'.
"""

from __future__ import annotations

import re

from ..model import Indicator
from ..read.text import Text
from ..reference import cues
from ..reference.concept_match import fit
from ..reference.concepts import Concept
from ..vocab import ActualKind, Operator, Section, Source
from . import concept_fit
from .metadata import DocumentMeta
from .numbers import YEAR_OR_PERIOD, Quantity
from .roles import Reading, clause_start, none_left_reading, read_statement, verdict_on_previous
from .statements import Statement, find_statements

SNIPPET_MAX = 240
SPACES = re.compile(r"\s+")
COMPARED_YEAR = re.compile(r"(?:so|voi|tu)\s+(?:n[a-z]{1,2}m\s+)?$")  # 'so với năm 2021', 'từ năm 2015'
PERIOD_AFTER = re.compile(r"\s+(?:c[a-z]\s+)?(?:giai|nhi[a-z]*m|\d+\s+n[a-z]{1,2}m|moi|hang|h[a-z]{0,4}g\s+n|5\s+n|nam\s+\d)")
RATIO_BASE = re.compile(r"(?<![a-z])lan\s+(?:so\s+(?:voi\s+)?)?(?:giai\s+doan|n[a-z]{1,2}m|nhi[a-z]*m\s+k[yi])?\s*$")
PER_HEAD = re.compile(r"dau\s+ng|dan\s+cu")   # 'bình quân đầu người' is per head, not a period average
# a year in prose, with an optional period end   e.g. 'năm 2022', 'giai đoạn 2016 - 2020' -> 2020
YEAR = YEAR_OR_PERIOD
YEAR_AFTER_VALUE = re.compile(r"[\s,]*(?:cua\s+)?n[a-z]{1,2}m\s+((?:19|20)\d\d)(?!\d)")  # '0,84% của năm 2020'
VERDICT_LOOKBACK_LINES = 3   # a verdict sentence follows the item it judges within a few lines
RESULT_VERB_REACH = 60   # a result verb ('đã', 'ước') speaks for the value it stands this close before
SHORT_INTRO = 20        # '- Trong đó:' alone: its sub-items share the estimate of the item before it
SENTENCE_OPENING = 12   # 'Ước tính đến cuối năm 2023, ...' opens the sentence: it governs every clause


def _squash(s: str) -> str:
    return SPACES.sub(" ", s).strip()


def _snippet(doc: Text, start: int, end: int) -> str:
    s = _squash(doc.text[start:end])
    return s if len(s) <= SNIPPET_MAX else s[: SNIPPET_MAX - 1] + "…"


def review_year(meta: DocumentMeta) -> int | None:
    """The year the report looks back from: values after it are targets."""
    return meta.year_reviewed or meta.period_end


def _context_section(texts: list[str], meta: DocumentMeta) -> Section | None:
    """The section the nearest heading or intro above a statement sets, if any."""
    for text in reversed(texts):
        future = _has_future_year(text, meta)
        results, targets = cues.found("results_context", text), cues.found("target_context", text) or future
        if results and future:
            continue   # a title that announces both ('... kết quả 2020-2023 và mục tiêu 2021-2025')
        if results:
            return Section.RESULTS
        if targets:
            return Section.TARGETS_NEXT
    return None


def _last_cue(role: str, text: str) -> int | None:
    """Where the last of a role's cue words in `text` starts, or None."""
    last = None
    for m in cues.anywhere(role).finditer(text):
        last = m.start()
    return last


def _intro_section(text: str, meta: DocumentMeta) -> Section | None:
    """The words before a colon inside a sentence: 'Các chỉ tiêu cụ thể:' sets targets, 'Kết quả ...:' results
    (weaker than a heading: 'chuyển dịch đúng định hướng:' sets nothing)."""
    if cues.found("results_context", text) and not _has_future_year(text, meta):
        return Section.RESULTS
    if cues.found("intro_targets", text) or _has_future_year(text, meta):
        return Section.TARGETS_NEXT
    return None


def _has_future_year(text: str, meta: DocumentMeta) -> bool:
    """A later year or period than the review point, other than the term a congress is named by."""
    ref = review_year(meta)
    if ref is None or (cues.found("congress", text) and not cues.found("target_context", text)):
        return False
    return any(int(m.group(2) or m.group(1)) > ref and int(m.group(1)) >= ref for m in YEAR.finditer(text))


def section_of(key: str, st: Statement, r: Reading, year: int | None, meta: DocumentMeta,
               previous: Section | None) -> Section:
    lead = key[st.start:r.anchor]
    ref = review_year(meta)
    strives = _last_cue("target_verb", lead)
    window = max(st.start, r.anchor - RESULT_VERB_REACH)
    done = _last_cue("results_verb", key[window:r.anchor])
    if strives is not None and (done is None or st.start + strives > window + done):
        return Section.TARGETS_NEXT   # the nearer verb wins: 'kế hoạch sẽ giảm 2-3%, hiện đã giảm được 2,4%'
    if r.achievement is not None or r.status is not None:
        return Section.RESULTS   # a verdict or a share of the plan speaks of something done
    if done is not None:
        return Section.RESULTS
    if year is not None and ref is not None and year != ref:
        return Section.TARGETS_NEXT if year > ref else Section.RESULTS
    colon = key.rfind(":", st.start, r.anchor)
    intro = _intro_section(key[st.start:colon], meta) if colon > st.start else None
    if intro is not None:
        return intro   # 'Các chỉ tiêu cụ thể: tăng trưởng ... 8%/năm; ...'
    if previous is not None:
        return previous
    return _context_section(st.context, meta) or Section.RESULTS


def _years(key: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(offset, year) of the years in key[lo:hi] that date a value (not compared-with or base years)."""
    out = []
    for m in YEAR.finditer(key, lo, hi):
        before = key[max(lo, m.start() - 25):m.start()]
        if cues.ends_with("versus", before.replace("nam", " ").rstrip()) or cues.ends_with("noise_before", before) \
                or cues.ends_with("term_name", before):
            continue
        if COMPARED_YEAR.search(before) or RATIO_BASE.search(before):
            continue  # 'so với năm 2021', 'từ năm 2015', 'gấp 2 lần giai đoạn 2011-2015': a comparison or a start
        out.append((m.start(), int(m.group(2) or m.group(1))))
    return out


def year_of(key: str, st: Statement, r: Reading) -> int | None:
    """The year printed for the value (None when none is: the caller falls back on the review year)."""
    anchor = r.anchor
    if r.q is not None and not r.ratio:   # 'gấp 1,7 lần năm 2020': the year a ratio compares with
        m = YEAR_AFTER_VALUE.match(key, r.q.end, st.end)
        if m:
            return int(m.group(1))
    years = _years(key, st.start, anchor)
    in_clause = [y for pos, y in years if pos >= r.start]
    if in_clause:
        return in_clause[-1]
    return years[-1][1] if years else None


def _default_year(st: Statement, meta: DocumentMeta) -> int | None:
    ref = review_year(meta)
    year = context_year(st)
    return year if year is not None and (ref is None or year <= ref) else ref


def context_year(st: Statement) -> int | None:
    """The single year the nearest heading above names ('I. KẾT QUẢ NĂM 2021 - ...'): its section's default."""
    for text in reversed(st.context):
        for m in YEAR.finditer(text):
            if m.group(2) is None:
                return int(m.group(1))
    return None


def is_every_year(key: str, st: Statement, r: Reading) -> bool:
    """'Hằng năm' before the value, or opening its sentence ('Hằng năm, có trên 70% ... và dưới 2% ...')."""
    return cues.found("every_year", key[max(st.start, r.anchor - 40):r.anchor + 12]) \
        or cues.found("every_year", key[st.start:min(r.anchor, st.start + SENTENCE_OPENING)])


def kind_of(key: str, st: Statement, r: Reading, meta: DocumentMeta, lead_estimate: bool,
            item_opening: int | None = None) -> ActualKind:
    """'ước' governs its clause; 'Ước tính đến cuối năm 2023, ...' opening a sentence (or its numbered item)
    governs all of it; a 'Trong đó' sentence shares the estimate of the sentence before it."""
    clause = key[clause_start(key, st.start, r.anchor):r.anchor]
    opens = st.start if item_opening is None else item_opening
    opening = cues.anywhere("estimate").search(key, opens, min(r.anchor, opens + SENTENCE_OPENING))
    if opening is None and opens != st.start:
        opening = cues.anywhere("estimate").search(key, st.start, min(r.anchor, st.start + SENTENCE_OPENING))
    breakdown = cues.anywhere("sub_items").search(key, st.start, r.anchor)   # '... ước đạt X, trong đó: a; b'
    intro = st.context[-1] if st.context and st.context[-1].rstrip().endswith(":") else ""
    if cues.found("estimate", clause) or opening is not None \
            or (breakdown is not None and cues.found("estimate", key[st.start:breakdown.start()])) \
            or (lead_estimate and cues.starts_with("sub_items", key[st.start:r.anchor])) \
            or (intro and cues.found("sub_items", intro) and (cues.found("estimate", intro)
                                                             or (lead_estimate and len(intro.strip()) < SHORT_INTRO))):
        return ActualKind.ESTIMATE   # '... ước đạt 120 nghìn tỷ đồng. Trong đó:' then '- Nông nghiệp tăng ...' 
    near = key[max(st.start, r.start - 20):r.anchor]
    if _is_period_aggregate(near, r) or cues.found("cumulative", key[st.start:min(r.anchor, st.start + SENTENCE_OPENING)]):
        end = review_year(meta)
        date_year = int(meta.date[:4]) if meta.date else None
        if date_year is None or end is None or end >= date_year:
            return ActualKind.ESTIMATE
    return ActualKind.ACTUAL


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


def _set_quantity(ind: Indicator, q: Quantity, as_target: bool, negative: bool) -> None:
    """Put a quantity into the record: as the target (with operator) or as the value reached."""
    sign = -1.0 if negative else 1.0
    if as_target:
        if q.is_range:
            ind.target_low, ind.target_high, ind.target_op = sign * q.low, sign * q.high, Operator.RANGE
            if negative:
                ind.target_low, ind.target_high = ind.target_high, ind.target_low
        else:
            ind.target = sign * (q.pair_target if q.pair_target is not None else q.value)
            ind.target_op = q.op or Operator.EQ
        return
    if q.pair_target is not None:
        ind.actual, ind.target, ind.target_op = q.value, q.pair_target, Operator.EQ
    elif not q.is_range:
        ind.actual = sign * q.value


def build_indicator(doc: Text, key: str, meta: DocumentMeta, st: Statement, r: Reading,
                    section: Section, year: int | None, lead_estimate: bool = False,
                    item_opening: int | None = None) -> Indicator:
    q = r.q
    start = r.start
    while start < r.anchor and not key[start].isalnum():
        start += 1
    end = max(r.end, q.end if q else r.end)
    line = doc.line_of(r.anchor)
    last = max(r.anchor, end - 1)
    ind = Indicator(
        doc=doc.doc_id, key="", section=section, source=Source.PROSE, line=line,
        line_end=max(line, doc.line_of(last)), char_start=start, char_end=end,
        snippet=_snippet(doc, start, end), name_raw=_squash(doc.text[start:q.start if q else r.anchor]),
        unit=(q.unit if q else None) or (r.target.unit if r.target else None) or ("times" if r.ratio else None),
        literals=list(r.literals), ocr_repaired=bool(q and q.repaired),
    )
    targets = section == Section.TARGETS_NEXT
    if q is not None:
        _set_quantity(ind, q, as_target=targets, negative=r.negative)
    if r.target is not None:
        _set_quantity(ind, r.target, as_target=True, negative=False)
    if not targets and (q is not None or r.achievement is not None):
        ind.actual_year = None if is_every_year(key, st, r) else (year or _default_year(st, meta))
        ind.actual_kind = kind_of(key, st, r, meta, lead_estimate, item_opening)
        ind.achievement_pct = r.achievement
        ind.status = r.status
    if r.baseline and q is not None and not targets and ind.actual is not None:
        series = {str(y): b.value for b, y in r.baseline if y is not None and b.value is not None}
        if series and year is not None:
            series[str(year)] = ind.actual
            ind.series = dict(sorted(series.items()))
    found = concept_fit.for_prose(key, st, r, ind)
    repair_dropped_comma(ind, found.concept)
    concept_fit.apply(ind, found)
    return ind


def repair_dropped_comma(ind: Indicator, concept: Concept | None) -> None:
    """'chiếm 3215' for 32,15%, 'tăng 685%' for 6,85%: a share or rate printed without its comma reads above
    what the concept allows (its share_max); the reading with two (or one) decimals that fits is taken, the
    printed digits kept in `literals` and the record flagged."""
    if concept is None or concept.share_max is None or ind.actual is None or len(ind.literals) == 0:
        return
    printed = ind.literals[0]
    if not printed.isdigit() or (ind.unit or "%")[:1] != "%" or abs(ind.actual) <= concept.share_max:
        return
    for decimals in (2, 1):
        value = float(printed[:-decimals] + "." + printed[-decimals:])
        if value <= concept.share_max:
            ind.actual = -value if ind.actual < 0 else value
            ind.ocr_repaired = True
            ind.note = f"printed '{printed}', read as {value:g} (a dropped decimal comma: above {concept.share_max:g})"
            ind.repairs.append({"field": "actual", "printed": printed, "read": ind.actual, "why": "share_max",
                                "limit": concept.share_max})
            if ind.unit is None:
                ind.unit = concept.unit
            return


def bare_item(doc: Text, key: str, meta: DocumentMeta, st: Statement) -> Indicator | None:
    """A numbered item of a list of chỉ tiêu that states no number ('(5) Giữ vững danh hiệu huyện nông thôn
    mới'): kept with its concept so the list stays whole; its values are null."""
    if not any(cues.found("plan", c) for c in st.context):
        return None
    found = fit(key[st.start:st.end], None, None)
    if found.concept is None:
        return None
    section = _context_section(st.context, meta) or Section.RESULTS
    prefix = "p" if section == Section.RESULTS else "n"
    line = doc.line_of(st.start)
    ind = Indicator(doc=doc.doc_id, key=f"{prefix}{st.number}", section=section, source=Source.PROSE, line=line,
                    line_end=doc.line_of(max(st.start, st.end - 1)), char_start=st.start, char_end=st.end,
                    snippet=_snippet(doc, st.start, st.end), name_raw=_squash(doc.text[st.start:st.end]))
    concept_fit.apply(ind, found)
    return ind


def judge_previous(out: list[Indicator], verdict: str) -> None:
    """'Chỉ tiêu này vượt ...' judges the indicators of the item just stated (looked up from the end: a long
    report has thousands before it)."""
    last = out[-1]
    item = last.key.split(".")[0]
    for ind in reversed(out):
        if ind.line < last.line - VERDICT_LOOKBACK_LINES or ind.key.split(".")[0] != item:
            break
        if ind.status is None and ind.section == Section.RESULTS:
            ind.status = verdict


def prose_indicators(doc: Text, key: str, meta: DocumentMeta, skip_lines: set[int] = frozenset()) -> list[Indicator]:
    """Every indicator stated in the prose (outside the lines a table finder took)."""
    out: list[Indicator] = []
    previous: tuple[int, Section] | None = None   # (block, section) of the last statement with a value
    counters = {Section.RESULTS: 0, Section.TARGETS_NEXT: 0}   # item numbers, per section ('p3', 'n2')
    subs = {Section.RESULTS: 0, Section.TARGETS_NEXT: 0}       # indicators inside the item ('p3.2')
    last_item: dict[Section, int] = {}
    lead_estimate = False   # the sentence before said 'ước' (a 'Trong đó' sentence shares it)
    item_starts: dict[int, int] = {}   # a numbered item's first offset: its opening words govern the item
    for st in find_statements(doc, key, skip_lines):
        item_starts.setdefault(st.item, st.start)
        readings = read_statement(key, st.start, st.end) or none_left_reading(key, st.start, st.end)
        verdict = verdict_on_previous(key, st.start, st.end) if not readings else None
        if verdict and out and out[-1].section == Section.RESULTS:
            judge_previous(out, verdict)
        if not readings and st.number is not None and last_item.get("bare") != st.item:
            bare = bare_item(doc, key, meta, st)
            if bare is not None:
                last_item["bare"] = st.item
                out.append(bare)
        for r in readings:
            year = year_of(key, st, r)
            carried = previous[1] if previous and previous[0] == st.block else None
            section = section_of(key, st, r, year, meta, carried)
            previous = (st.block, section)
            if last_item.get(section) != st.item:
                counters[section] = st.number if st.number is not None else counters[section] + 1
                last_item[section] = st.item
                subs[section] = 0
            subs[section] += 1
            ind = build_indicator(doc, key, meta, st, r, section, year, lead_estimate,
                                  item_starts.get(st.item) if st.number is not None else None)
            prefix = "p" if section == Section.RESULTS else "n"
            ind.key = f"{prefix}{counters[section]}" + (f".{subs[section]}" if subs[section] > 1 else "")
            out.append(ind)
        if readings:   # a statement without values ('- Trong đó:') keeps the estimate of the one before it
            lead_estimate = any(ind.actual_kind == ActualKind.ESTIMATE for ind in out[len(out) - len(readings):])
    return out
