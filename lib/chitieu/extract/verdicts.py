"""The document's own verdicts in a statement ('chưa đạt', 'khó đạt', 'vượt chỉ tiêu', 'đạt kế hoạch') and the
values each one judges: the value just before it, each of a list it closes or introduces, or the item before
('Chỉ tiêu này vượt ...')."""

from __future__ import annotations

import re
from functools import cache

from ..reference import cues
from ..vocab import Status
from .reading import COMPARED_TO, LOOK_BEFORE, Reading, broken

LIST_LEAD_REACH = 40    # 'Riêng các chỉ tiêu về ...': a list announced at the sentence's start

LIST_MIN_VALUES = 3     # 'khu vực I là 42,5%, khu vực II là 16,29%, khu vực III là 38,14%, cơ bản đạt chỉ tiêu'

LIST_COLON_REACH = 20   # '... đạt kế hoạch là:' the colon that opens the list follows the verdict closely

def _verdicts(key: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    """The document's own verdicts in a statement: 'chưa đạt', 'khó đạt', 'vượt chỉ tiêu', 'đạt kế hoạch'."""
    out = []
    plan = cues.source("plan")
    words = set(cues.WORDS.findall(key, lo, hi))
    for role, status in cues.VERDICT_ROLES:
        if cues.last_words(role).isdisjoint(words):
            continue   # none of the verdict's words stands in the statement
        rx = cues.anywhere(role) if status in ("chua_dat", "kho_dat") else _verdict_with_plan(role, plan)
        spans = [(m.start(), m.end()) for m in rx.finditer(key, lo, hi)]
        if status not in ("chua_dat", "kho_dat"):
            spans += [m.span(1) for m in _bare_verdict(role).finditer(key, lo, hi) if _closes(key, m.end(1), hi)]
        for a0, b0 in sorted(spans):
            if not any(a <= a0 < b for a, b, _ in out):
                out.append((a0, b0, status))
    return sorted(out)

@cache
def _bare_verdict(role: str) -> re.Pattern:
    """'... 78% (Nghị quyết: 75%), vượt.': the verdict alone after a comma (its clause closes right after)."""
    return re.compile(r",\s*(" + cues.source(role) + r")(?![a-z])")

def _closes(key: str, end: int, hi: int) -> bool:
    return key[end:hi].lstrip()[:1] in ("", ".", ";")

@cache
def _verdict_with_plan(role: str, plan: str) -> re.Pattern:
    """'đạt kế hoạch', 'vượt chỉ tiêu', 'hoàn thành mục tiêu' (no number between: that is an achievement)."""
    return re.compile(cues.source(role) + COMPARED_TO + plan)

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

def attach_verdicts(key: str, lo: int, hi: int, readings: list[Reading]) -> None:
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
        named = lists or cues.anywhere("list_lead").search(key, max(lo, a - LIST_LEAD_REACH), a) is not None
        if named and listed:   # '5 chỉ tiêu đạt kế hoạch là: A ...; B ...', 'một số chỉ tiêu khó đạt, như: ...'
            for r in listed:
                r.status = r.status or status
            continue
        opened = key.find(":", lo, readings[0].anchor) >= 0 and len(readings) > 2
        if (lists or opened or _closes_a_list(key, b, hi, readings)) and all(r.anchor < a for r in readings):
            for r in readings:   # '...: A, B, C, cơ bản đạt chỉ tiêu'; 'khu vực I là 42,5%, ..., cơ bản đạt'
                r.status = r.status or status
            continue
        before = [r for r in readings if r.anchor < a and not broken(key, r.anchor, a)]
        if len(before) > 1 and before[-1].versus and not before[-2].versus:
            before = before[:-1]   # '... còn 1,1%, giảm 0,6 điểm % so với năm 2023, đạt kế hoạch': the value's verdict
        after = [r for r in readings if r.anchor >= b and not broken(key, b, r.anchor)]
        owner = before[-1] if before else (after[0] if after else None)
        if owner is not None and (owner.status is None or status in (Status.CHUA_DAT, Status.KHO_DAT)):
            owner.status = status
