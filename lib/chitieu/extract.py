"""From a report's text to indicator records: finders (prose lists, appendix tables), then concepts,
years, kinds and verdicts attached. Pure functions of the text and the reference data."""

from __future__ import annotations

import re
from pathlib import Path

from . import phrases
from .concepts import Concept, match_key
from .metadata import DocumentMeta, read_metadata
from .model import Indicator
from .numbers import Quantity, find_quantities
from .ocrkey import fold
from .prose import Item, ItemList, Value, find_lists, item_values
from .textio import Text, read_text

SNIPPET_MAX = 240
_YEAR = re.compile(r"(?<![\d.,])(20\d\d|19\d\d)(?:\s*[-–]\s*(20\d\d))?(?![\d.,%])")


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _snippet(doc: Text, start: int, end: int) -> str:
    s = _squash(doc.text[start:end])
    return s if len(s) <= SNIPPET_MAX else s[: SNIPPET_MAX - 1] + "…"


def _year_before(key: str, start: int, end: int, meta: DocumentMeta) -> int | None:
    """The last year named before a value in its item (a period's end year), ignoring base years."""
    floor = (meta.term_start or 2000) - 1
    year = None
    for m in _YEAR.finditer(key, start, end):
        y = int(m.group(2) or m.group(1))
        if y > floor:
            year = y
    return year


def _apply_concept(ind: Indicator, concept: Concept | None, confidence: float) -> None:
    if concept is None:
        return
    ind.concept, ind.label_vi, ind.label_en = concept.code, concept.label_vi, concept.label_en
    ind.domain, ind.direction, ind.confidence = concept.domain, concept.direction, confidence
    if ind.unit is None:
        ind.unit = concept.unit


def _names_follow_values(key: str, item: Item, first: Value) -> bool:
    """True when the item puts names after numbers ('có trên 80% tổ chức cơ sở đảng ...')."""
    before, _ = match_key(key[first.clause_start:first.q.start], None)
    if before is not None:
        return False
    after, _ = match_key(key[first.q.end:first.clause_end], None)
    return after is not None


def _concept_for(key: str, item: Item, v: Value, start: int, names_after: bool):
    """The value's own name (before it, or after it when the item writes names after numbers), then the
    clause around it, then the item's lead-in with it."""
    own = (v.q.end, v.clause_end) if names_after else (start, v.q.end)
    for a, b in (own, (start, v.clause_end), (item.marker_end, v.clause_end)):
        name = key[a:b]
        if name.strip():
            concept, conf = match_key(name, v.q.unit)
            if concept is not None:
                return concept, conf
    return None, 0.0


def _value_indicator(doc: Text, key: str, meta: DocumentMeta, lst: ItemList, item: Item, v: Value,
                     sub: str, verdict: str | None, names_after: bool) -> Indicator:
    q = v.q
    start = v.clause_start
    while start < q.start and not key[start].isalnum():
        start += 1
    end = max(v.last_end, v.clause_end)
    line = doc.line_of(q.num_start)
    prefix = "p" if lst.section == "results" else "n"
    ind = Indicator(
        doc=doc.doc_id, key=f"{prefix}{item.number or ''}{sub}", section=lst.section, source="prose",
        line=line, line_end=max(line, doc.line_of(max(q.num_start, v.last_end - 1))),
        char_start=start, char_end=end, snippet=_snippet(doc, start, end),
        name_raw=_squash(doc.text[start:v.clause_end]), unit=q.unit, ocr_repaired=q.repaired,
        literals=list(q.literals),
    )
    if lst.section == "results":
        if q.pair_target is not None:
            ind.actual, ind.target, ind.target_op = q.value, q.pair_target, "="
        elif q.is_range:
            ind.target_low, ind.target_high, ind.target_op = q.low, q.high, "range"
        else:
            ind.actual = q.value
        if v.target_q is not None:
            t = v.target_q
            if t.is_range:
                ind.target_low, ind.target_high, ind.target_op = t.low, t.high, "range"
            else:
                ind.target, ind.target_op = t.value, t.op or "="
            ind.literals += t.literals
        before = key[item.marker_end:q.start]
        if ind.actual is not None:
            if phrases.is_every_year(before + key[q.start:q.start + 3]) or phrases.is_every_year(key[item.marker_end:item.marker_end + 30]):
                ind.actual_year = None
            else:
                ind.actual_year = _year_before(key, item.marker_end, q.start, meta) or meta.period_end
            aggregate = phrases.is_period_aggregate(before)
            ind.actual_kind = "estimate" if phrases.is_estimate(before) or aggregate else "actual"
        if v.achievement is not None:
            a = v.achievement.value
            ind.achievement_pct = round(100 + a, 6) if v.achievement_verb == "vuot" else a
            ind.literals += v.achievement.literals
            if v.achievement_verb == "vuot":
                ind.status = "vuot"
            elif a == 100:
                ind.status = "dat"
        if ind.status is None and verdict:
            ind.status = verdict
    else:
        if q.is_range:
            ind.target_low, ind.target_high, ind.target_op = q.low, q.high, "range"
        else:
            ind.target = q.pair_target if q.pair_target is not None else q.value
            ind.target_op = q.op or "="
    concept, conf = _concept_for(key, item, v, start, names_after)
    _apply_concept(ind, concept, conf)
    return ind


def _bare_item(doc: Text, key: str, lst: ItemList, item: Item) -> Indicator:
    """An item with no number: a qualitative target ('đạt chỉ tiêu giao') or 'không còn hộ nghèo' (0)."""
    line = doc.line_of(item.start)
    ind = Indicator(
        doc=doc.doc_id, key=f"{'p' if lst.section == 'results' else 'n'}{item.number or ''}",
        section=lst.section, source="prose", line=line, line_end=doc.line_of(max(item.start, item.end - 1)),
        char_start=item.marker_end, char_end=item.end, snippet=_snippet(doc, item.marker_end, item.end),
        name_raw=_squash(doc.text[item.marker_end:item.end]),
    )
    concept, conf = match_key(key[item.marker_end:item.end], None)
    if lst.section == "targets_next" and phrases.states_none_left(key[item.marker_end:item.end]):
        ind.target, ind.target_op = 0.0, "="
        ind.note = "target 0 read from 'không còn' (none left)"
        _apply_concept(ind, concept, conf)
    elif concept is not None:
        _apply_concept(ind, concept, conf)
        ind.unit = None if ind.target is None else ind.unit
    return ind


def prose_indicators(doc: Text, key: str, meta: DocumentMeta) -> list[Indicator]:
    out: list[Indicator] = []
    for lst in find_lists(doc, key):
        for pos, item in enumerate(lst.items, 1):
            if item.number is None:
                item.number = pos
            values = item_values(key, item, lst.section)
            verdict = phrases.verdict_of(key[item.marker_end:item.end]) if lst.section == "results" else None
            if not values:
                out.append(_bare_item(doc, key, lst, item))
                continue
            names_after = _names_follow_values(key, item, values[0])
            for k, v in enumerate(values, 1):
                sub = f".{k}" if len(values) > 1 else ""
                out.append(_value_indicator(doc, key, meta, lst, item, v, sub, verdict, names_after))
    return out


def extract_text(doc: Text) -> tuple[DocumentMeta, list[Indicator]]:
    from .tables import table_indicators  # the appendix-table finder

    key = fold(doc.text)
    meta = read_metadata(doc, key)
    found = prose_indicators(doc, key, meta)
    found += table_indicators(doc, key, meta, found)
    _unique_keys(found)
    return meta, found


def _unique_keys(found: list[Indicator]) -> None:
    """Keys come from the printed numbering, which OCR can repeat: the second 't5' becomes 't5~2'."""
    seen: dict[tuple[str, str], int] = {}
    for ind in found:
        k = (ind.source, ind.key)
        seen[k] = seen.get(k, 0) + 1
        if seen[k] > 1:
            ind.key = f"{ind.key}~{seen[k]}"


def extract_file(path: str | Path) -> tuple[DocumentMeta, list[Indicator]]:
    return extract_text(read_text(path))


__all__ = ["Quantity", "extract_file", "extract_text", "find_quantities", "prose_indicators"]
