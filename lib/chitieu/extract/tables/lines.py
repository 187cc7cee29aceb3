"""What a line around or inside a table is, whatever the layout: the unit line over it ('Đơn vị tính: ha'), the
notes block under it ('Ghi chú:', '(*) ...'), a lead-in label in a cell of its own ('Trong đó:'), a sub-row
('- Nông nghiệp'), a row number, a count of targets met ('16/24'). Words come from table_headers.csv."""

from __future__ import annotations

import re

from ...reference.table_headers import header_patterns
from ...reference.units import unit_at
from .headers import has_word, starts_with_word, words_of

UNIT_AFTER_COLON = re.compile(r"[^:]{0,20}:\s*")          # 'Đơn vị tính: ' before the table's unit
BILINGUAL_TAIL = re.compile(r"\s*(?:[-–/(].*)?$")           # 'Triệu đồng - Mill. dongs': the unit, then English
FOOTNOTE = re.compile(r"\s*(?:\(\*+\)|\*+\s)")               # '(*) So với dự toán ...': a footnote under a table
NOTES_HEAD = re.compile(r"\s*([a-z]+(?:\s+[a-z]+)?)\s*(?:[:.-]|$)")   # 'Ghi chú:', 'Nguồn -', 'Ghi chú' alone
SUB_INDEX = re.compile(r"\s*(?:[-–+*•]|[a-h]\))")              # '-', 'a)' where a row's number stands
SUB_ITEM = re.compile(r"\s*(?:[-–+*•]|[a-h]\))\s*\S")         # '- Nông nghiệp', '+ Riêng', 'a) Khu vực I'
INDEX_CELL = re.compile(r"\s*(?:\d{1,2}|[ivxl]{1,4}|[a-h])\s*[.)]?\s*$")   # '1', 'II', 'a)': a row number
PAIR = re.compile(r"\d+\s*/\s*\d+")                          # '16/24': a count of targets met
MAX_UNIT_LINE = 40                                           # a unit line is short


def table_unit(key: str) -> str | None:
    """The unit a line over a table names for all its values: 'Đơn vị tính: ha', 'Triệu đồng - Mill. dongs'."""
    text = key.strip()
    if not text or len(text) > MAX_UNIT_LINE:
        return None
    if starts_with_word("unit_line", text):
        m = UNIT_AFTER_COLON.match(text)
        if m is None:
            return None
        unit, end = unit_at(text, m.end())
        return unit if unit and BILINGUAL_TAIL.fullmatch(text[end:]) else None
    unit, end = unit_at(text, 0)
    return unit if unit and BILINGUAL_TAIL.fullmatch(text[end:]) and end > 2 else None


def is_unit(key: str) -> bool:
    """A cell that is a unit and nothing more ('Tỷ đồng', 'tấn', '%')."""
    text = key.strip()
    unit, end = unit_at(text, 0)
    return unit is not None and end >= len(text)


def starts_notes(key: str) -> bool:
    """A notes block under a table: 'Ghi chú:' / 'Chú thích' / 'Nguồn:' at a line's start, or a footnote '(*)'."""
    text = key.lstrip(" |")
    if FOOTNOTE.match(text):
        return True
    m = NOTES_HEAD.match(text)
    rx = header_patterns().get("notes")
    return m is not None and rx is not None and rx.fullmatch(m.group(1)) is not None


def is_lead_in(key: str) -> bool:
    """'Trong đó:' alone in a cell: it leads in the sub-rows below, it is no row of its own."""
    text = words_of(key)
    return bool(text) and starts_with_word("lead_in", text) and len(text.split()) <= 3


def is_sub_index(key: str) -> bool:
    """A row number cell that marks a sub-row ('-', 'a)', 'Trong đó')."""
    return SUB_INDEX.match(key) is not None or has_word("lead_in", key)


def is_sub_item(key: str) -> bool:
    return SUB_ITEM.match(key) is not None


def is_index(key: str) -> bool:
    return INDEX_CELL.match(key) is not None


def index_number(key: str) -> int | None:
    digits = key.strip(" .)")
    return int(digits) if digits.isdigit() else None


def is_count_row(label_key: str, unit_key: str, values: list[str]) -> bool:
    """'Số chỉ tiêu đạt và vượt | Chỉ tiêu | 16/24 | 25/25': the report's scorecard, not an indicator."""
    filled = [v for v in values if v.strip()]
    return bool(filled) and all(PAIR.fullmatch(v.strip()) for v in filled) and (
        has_word("count", unit_key) or has_word("count", label_key))
