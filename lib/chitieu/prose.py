"""Finders for indicator lists in prose: numbered '(1)-', '(1)', '1.' items and '-' bullets under a
heading that names the targets (chỉ tiêu), and the indicators each item states.

A list starts at a short heading line that says 'chỉ tiêu' (with a numbering or in capitals); its items
follow (a few intro lines are allowed) and it ends at the next heading. An item holds one or more
values; each value takes the achievement phrase that follows it, the item's verdict, year and kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import phrases
from .numbers import Quantity, find_quantities
from .ocrkey import digit_word_spans, phrase
from .textio import Text

ITEM_PAREN = re.compile(r"\(\s*(\d{1,2})\s*\)?\s*[-–.:]?\s*(?=\S)")
ITEM_DOT = re.compile(r"(\d{1,2})\s*[.)]\s+(?=[^\d\s])")
ITEM_BULLET = re.compile(r"[-–•+]\s+(?=\S)")
HEADING_NUM = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*\.|[ivxl]{1,5}\s*[-.])\s+[a-z]")
FOOTNOTE = re.compile(r"\s*[!¹²³⁴⁵⁶⁷⁸⁹*]")
INTRO_LINES = 8
CHI_TIEU = re.compile(phrase("chi tieu"))
TABLE_HEADER = re.compile(r"^\s*tt\s|\|\s*\S.*\|")
RESULTS_HEADING = re.compile(r"ket\s+qua|thu?c\s+hien|danh\s+gia")


@dataclass
class Item:
    number: int | None
    marker_end: int          # offset where the item's text begins (after its marker)
    end: int                 # offset after the item's text
    start: int               # offset of the marker


@dataclass
class ItemList:
    heading_line: int
    heading: str
    section: str
    style: str
    items: list[Item] = field(default_factory=list)


def _marker(line: str, style: str | None = None):
    """(style, number, marker length) when the line begins an item; None otherwise."""
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    for name, rx in (("paren", ITEM_PAREN), ("dot", ITEM_DOT), ("bullet", ITEM_BULLET)):
        if style and name != style:
            continue
        m = rx.match(stripped)
        if m:
            num = int(m.group(1)) if m.groups() else None
            return name, num, indent + m.end()
    return None


def _is_heading(line: str, key_line: str, style: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True
    if HEADING_NUM.match(key_line) and not (style == "dot" and ITEM_DOT.match(stripped)):
        return style != "paren" or not ITEM_PAREN.match(stripped)
    return False


def _states_a_number(line: str) -> bool:
    """True when the text after an item marker holds a digit (items state values; headings rarely do)."""
    mk = _marker(line)
    return bool(mk and re.search(r"\d", line[mk[2]:]))


def _section_of(heading_key: str) -> str:
    """A list under 'Kết quả thực hiện ...' reports results; any other list of chỉ tiêu sets targets."""
    return "results" if RESULTS_HEADING.search(heading_key) else "targets_next"


def find_lists(doc: Text, key: str) -> list[ItemList]:
    lines = doc.lines
    key_lines = key.split("\n")
    out: list[ItemList] = []
    i = 0
    n = len(lines)
    while i < n:
        line, kline = lines[i], key_lines[i]
        if not (len(line.strip()) <= 120 and CHI_TIEU.search(kline) and _is_heading(line, kline, "")):
            i += 1
            continue
        heading_line = i + 1
        lst = ItemList(heading_line, line.strip(), _section_of(kline), "")
        j = i + 1
        intro = 0
        restart = None
        # intro: up to a few lines before the first item; a nested heading that names the targets
        # ('I- KẾT QUẢ ...' then '1. Kết quả thực hiện các chỉ tiêu') takes over as the list's heading
        while j < n:
            if _marker(lines[j]) and _states_a_number(lines[j]):
                break  # the first item ('1. Tốc độ tăng trưởng ... 6,2%'), not a sub-heading
            if _is_heading(lines[j], key_lines[j], ""):
                # a nested heading that names the targets takes over; any other ends this one
                restart = j if CHI_TIEU.search(key_lines[j]) else -1
                break
            if _marker(lines[j]):
                break
            if TABLE_HEADER.search(key_lines[j]):
                restart = -1
                break
            if lines[j].strip():
                intro += 1
                if intro > INTRO_LINES:
                    break
            j += 1
        if restart is not None:
            i = restart if restart > i else i + 1
            continue
        if j >= n or not _marker(lines[j]):
            i += 1
            continue
        style = _marker(lines[j])[0]
        lst.style = style
        current: Item | None = None
        while j < n:
            line, kline = lines[j], key_lines[j]
            if _is_heading(line, kline, style):
                break
            if FOOTNOTE.match(line):
                j += 1
                continue
            mk = _marker(line, style)
            if mk and style == "dot" and current and current.number is not None and mk[1] != current.number + 1:
                break  # '2. Kết quả thực hiện các nhiệm vụ' after item 4: the next section, not item 5
            if mk:
                if current:
                    lst.items.append(current)
                start = doc.line_starts[j]
                current = Item(mk[1], start + mk[2], doc.line_span(j + 1)[1], start + len(line) - len(line.lstrip()))
            elif current and line.strip():
                current.end = doc.line_span(j + 1)[1]
            j += 1
        if current:
            lst.items.append(current)
        if lst.items:
            out.append(lst)
        i = j
    return out


# ---------------------------------------------------------------- values inside one item



@dataclass
class Value:
    """One indicator inside an item, before concepts and metadata are attached."""

    q: Quantity
    clause_start: int
    clause_end: int
    achievement: Quantity | None = None
    achievement_verb: str | None = None
    target_q: Quantity | None = None
    last_end: int = 0


def _drop_noise(key: str, qs: list[Quantity], start: int, end: int) -> list[Quantity]:
    out: list[Quantity] = []
    words = digit_word_spans(key, start, end)
    for q in qs:
        if q.is_year or q.is_duration:
            continue
        # digits that spell a word: '14 92,13%' = 'là 92,13%', 'Ty 18' = 'Tỷ lệ'
        if q.unit is None and q.pair_target is None and any(a <= q.num_start < b for a, b in words):
            continue
        # 'trên 1 ha' = per hectare: a denominator, not a value
        if q.value == 1 and q.op == ">" and q.unit:
            continue
        # '06/06 (100%)': the bracketed share restates the pair
        if out and out[-1].pair_target is not None and re.fullmatch(r"\s*\(\s*", key[out[-1].end:q.start]):
            continue
        # '/10.000 dân' inside a unit that the pattern did not take
        if key[max(0, q.start - 1):q.start] == "/":
            continue
        out.append(q)
    return out


def item_values(key: str, item: Item, section: str) -> list[Value]:
    qs = _drop_noise(key, find_quantities(key, item.marker_end, item.end), item.marker_end, item.end)
    values: list[Value] = []
    pending: list[Value] = []
    cursor = item.marker_end
    for q in qs:
        before = key[max(item.marker_end, q.start - 30):q.start]
        verb = phrases.achievement_verb(key[max(item.marker_end, q.num_start - 14):q.num_start])
        if section == "results" and q.unit == "%" and verb and phrases.is_of_target(key[q.end:q.end + 40]) \
                and (pending or values):
            owners = pending or [values[-1]]
            for v in owners:
                if v.achievement is None:
                    v.achievement, v.achievement_verb = q, verb
                    v.last_end = q.end
            pending = []
            cursor = q.end
            continue
        if values and (phrases.is_target_lead(before) or (section == "results" and q.is_range)):
            values[-1].target_q = q
            values[-1].last_end = q.end
            cursor = q.end
            continue
        v = Value(q=q, clause_start=cursor, clause_end=q.end, last_end=q.end)
        values.append(v)
        pending.append(v)
        cursor = q.end
    # a value's clause runs on to the next token: names may follow the number ('80% tổ chức cơ sở đảng')
    for idx, v in enumerate(values):
        nxt = values[idx + 1].q.start if idx + 1 < len(values) else item.end
        stop = v.achievement.start if v.achievement else nxt
        v.clause_end = max(v.q.end, min(stop, nxt))
    return values
