"""The prose statement a table row restates: looked up by concept, value and item number, and used to repair
a damaged table value when the printed digits support it (the literal is kept)."""

from __future__ import annotations

import re

from ...model import Indicator
from ...vocab import close
from ..numbers import parse_number
from .repair import NOT_DIGIT, SEPARATOR, ocr_variants

PROSE_ITEM_KEY = re.compile(r"[pn](\d+)(?:\.(\d+))?(?:~\d+)?$")   # a prose item's key: 'p3', 'n1.2', 'n1~2'

NOT_NUMBER_CHAR = re.compile(r"[^\d.,]")

def agrees_by_one_digit(printed: str, value: float) -> bool:
    """'26' for 86, '05' for 95, '5' for 95: the prose value printed with one digit misread or lost."""
    digits = NOT_DIGIT.sub("", printed)
    want = NOT_DIGIT.sub("", f"{value:g}")
    if len(digits) == len(want):
        return sum(a != b for a, b in zip(digits, want)) == 1
    if len(digits) + 1 == len(want):
        return want.endswith(digits) or want.startswith(digits)
    return False

GROUP_CAP = 16  # a report states one indicator a few times, not hundreds: bound the comparisons

class ProseIndex:
    """The prose indicators a table row may restate, looked up by concept, value and item number (a long
    report has thousands; comparing every row with every one of them would be quadratic)."""

    def __init__(self, prose: list[Indicator]):
        self.by_concept: dict[str, list[Indicator]] = {}
        self.by_value: dict[float, list[Indicator]] = {}
        self.by_item: dict[tuple[int, int], list[Indicator]] = {}
        for p in prose:
            if p.concept:
                self.by_concept.setdefault(p.concept, []).append(p)
            for v in (p.actual, p.target):
                if v is not None:
                    self.by_value.setdefault(round(v, 6), []).append(p)
            item = PROSE_ITEM_KEY.match(p.key)   # 'p3', 'n1.2', 'n1~2' (the second list that numbers an item 1)
            if item:
                self.by_item.setdefault((int(item.group(1)), int(item.group(2) or 1)), []).append(p)

    def link(self, number: int | None, sub_index: int, values: list[float], concept: str | None):
        """The prose indicator this row restates: same concept and/or same values, or the same item number."""
        rounded = {round(v, 6) for v in values}
        cands: dict[int, Indicator] = {}
        for group in ([self.by_concept.get(concept, [])] + [self.by_value.get(v, []) for v in rounded]
                      + [self.by_item.get((number, sub_index), []) if number is not None else []]):
            for p in group[:GROUP_CAP]:
                cands.setdefault(id(p), p)
        best, best_score = None, 0
        for p in cands.values():
            score = 0
            if concept and p.concept == concept:
                score += 3
            if p.actual is not None and round(p.actual, 6) in rounded:
                score += 2
            if p.target is not None and round(p.target, 6) in rounded:
                score += 1
            if number is not None and any(q is p for q in self.by_item.get((number, sub_index), ())):
                score += 2
            if score > best_score or (score == best_score and best is not None and p.line < best.line):
                best, best_score = p, score
        return best if best_score >= 3 else None

def _printed_token(ind: Indicator) -> str | None:
    """The printed token the row's result was read from ('26' for the 86 the prose states)."""
    for lit in ind.literals:
        num = parse_number(NOT_NUMBER_CHAR.sub("", lit) or "x")
        if num is not None and close(num.value, ind.actual):
            return lit
    return None

def reconcile(ind: Indicator, link: Indicator) -> None:
    """Repair a damaged table value from the prose when the printed digits support it; keep the literal."""
    if link.actual is not None and ind.actual is not None and not close(ind.actual, link.actual):
        printed = _printed_token(ind)
        if printed and (agrees_by_one_digit(printed, link.actual)
                        or (not SEPARATOR.search(printed)
                            and any(close(v, link.actual) for v, _ in ocr_variants(printed)))):
            ind.note = f"result printed '{printed}', read as {link.actual:g} (prose line {link.line})"
            ind.repairs.append({"field": "actual", "printed": printed, "read": link.actual, "why": "prose",
                                "line": link.line})
            ind.actual = link.actual
            ind.ocr_repaired = True
    if link.target is not None and ind.target is not None and not close(ind.target, link.target):
        printed = NOT_DIGIT.sub("", f"{ind.target:g}")
        if agrees_by_one_digit(printed, link.target):
            ind.note = ((ind.note + "; ") if ind.note else "") + \
                f"target printed '{printed}', read as {link.target:g} (prose line {link.line})"
            ind.repairs.append({"field": "target", "printed": printed, "read": link.target, "why": "prose",
                                "line": link.line})
            ind.target = link.target
            ind.ocr_repaired = True
