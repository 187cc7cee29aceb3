"""Indicator records from prose, wherever they stand: statements (statements.py) -> number roles
(roles.py) -> the value's time (value_time.py) -> its section by time (sections.py) -> year, kind, concept ->
records. The document's time frame (timeframe.py, on the metadata) is what every value is placed in.
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
from .numbers import Quantity
from .reading import Reading
from .roles import read_statement, with_none_left
from .sections import context_section, document_default, section_of, sets_goals
from .statements import Statement, find_statements
from .value_time import (
    default_year,
    is_every_year,
    kind_of,
    one_indicator_at_years,
    term_targets_joined,
    value_period,
)
from .verdicts import verdict_on_previous

SNIPPET_MAX = 240
SPACES = re.compile(r"\s+")
VERDICT_LOOKBACK_LINES = 3   # a verdict sentence follows the item it judges within a few lines


def _squash(s: str) -> str:
    return SPACES.sub(" ", s).strip()


def _snippet(doc: Text, start: int, end: int) -> str:
    s = _squash(doc.text[start:end])
    return s if len(s) <= SNIPPET_MAX else s[: SNIPPET_MAX - 1] + "…"


def _set_quantity(ind: Indicator, q: Quantity, as_target: bool, negative: bool) -> None:
    """Put a quantity into the record: as the target (with operator) or as the value reached."""
    sign = -1.0 if negative else 1.0
    if as_target:
        if q.is_range:
            ind.target_low, ind.target_high, ind.target_op = sign * q.low, sign * q.high, Operator.RANGE
            if negative:
                ind.target_low, ind.target_high = ind.target_high, ind.target_low
        else:
            ind.target = sign * q.value   # '08/11 xã' set as a goal: 8 of the 11 (the 11 are all there are)
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
    elif targets and q is None and r.achievement_q is not None:   # a share of the plan set as a goal
        _set_quantity(ind, r.achievement_q, as_target=True, negative=False)
        ind.target, ind.unit = r.achievement, "%"
    if not targets and (q is not None or r.achievement is not None):
        ind.actual_year = None if is_every_year(key, st, r) else (year or default_year(st, meta.frame))
        ind.actual_kind = kind_of(key, st, r, meta.frame, lead_estimate, item_opening)
        ind.achievement_pct = r.achievement
    if not targets:   # a verdict on a plan with no value reached beside it: 'khó đạt ... (kế hoạch 9,5%)'
        ind.status = r.status
    if r.baseline and q is not None and not targets and ind.actual is not None:
        series = {str(y): b.value for b, y in r.baseline if y is not None and b.value is not None}
        if series and ind.actual_year is not None:
            series[str(ind.actual_year)] = ind.actual
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
    section = context_section(st.context, meta.frame) or document_default(meta.frame)
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
    running: tuple[tuple[str, ...], Section] | None = None   # (headings, targets) the text's own words last set
    counters = {Section.RESULTS: 0, Section.TARGETS_NEXT: 0}   # item numbers, per section ('p3', 'n2')
    subs = {Section.RESULTS: 0, Section.TARGETS_NEXT: 0}       # indicators inside the item ('p3.2')
    last_item: dict[Section, int] = {}
    lead_estimate = False   # the sentence before said 'ước' (a 'Trong đó' sentence shares it)
    item_starts: dict[int, int] = {}   # a numbered item's first offset: its opening words govern the item
    for st in find_statements(doc, key, skip_lines):
        item_starts.setdefault(st.item, st.start)
        readings = one_indicator_at_years(key, st, read_statement(key, st.start, st.end), meta.frame)
        readings = with_none_left(key, st.start, st.end, term_targets_joined(key, st, readings, meta.frame))
        verdict = verdict_on_previous(key, st.start, st.end) if not readings else None
        if verdict and out and out[-1].section == Section.RESULTS:
            judge_previous(out, verdict)
        if not readings and sets_goals(key, st):
            running = (tuple(st.context), Section.TARGETS_NEXT)   # 'Theo mục tiêu tổng quát, đến năm 2030 ...'
        if not readings and st.number is not None and last_item.get("bare") != st.item:
            bare = bare_item(doc, key, meta, st)
            if bare is not None:
                last_item["bare"] = st.item
                out.append(bare)
        for r in readings:
            period = value_period(key, st, r)
            year = period.last if period is not None else None
            carried = previous[1] if previous and previous[0] == st.block else None
            run = running[1] if running and running[0] == tuple(st.context) else None
            section, own = section_of(key, st, r, period, meta.frame, carried, doc.text, run)
            if own:   # a run of targets goes on into the paragraphs after it, until a value says otherwise
                running = (tuple(st.context), section) if section == Section.TARGETS_NEXT else None
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
            made = out[len(out) - len(readings):]
            lead_estimate = any(ind.actual_kind == ActualKind.ESTIMATE for ind in made)
            if made[0].section == Section.RESULTS and made[-1].section == Section.TARGETS_NEXT:
                previous, running = (st.block, Section.RESULTS), None   # 'đạt 94,6%; năm 2024 phấn đấu đạt 96%.':
                #   the goal closes its sentence; the next one speaks of results again
    return out
