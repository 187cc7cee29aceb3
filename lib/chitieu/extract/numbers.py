"""Vietnamese numbers as printed in OCR'd reports: '.' thousands, ',' decimals, and their OCR damage.

`parse_number` reads one token; `find_quantities` reads every quantity in a span of folded text
(number, range, X/Y pair, bound, unit). Well-formed tokens go through Babel's `vi` locale; the
damaged forms ('52.463.7', '102:2', '0.15' with a point for the comma) are repaired by rule and
flagged `repaired` so a frame can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..reference.units import unit_at

VI_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
VI_PLAIN = re.compile(r"\d+(?:,\d+)?")
POINT_DECIMAL = re.compile(r"\d+\.\d{1,2}|0\.\d{4,}")         # '0.15', '99.50': a point for the comma
LOST_COMMA = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})*\.\d{4,}")   # '120.4567' = 120.456,7: the decimal comma lost
THOUSANDS_THEN_POINT = re.compile(r"\d{1,3}(?:\.\d{3})+\.\d{1,2}")  # '52.463.7'
COLON_DECIMAL = re.compile(r"\d+:\d+")                           # '102:2'

DATE_TAIL = re.compile(r"/\d+/")                          # '22/12/2020' after '22': a date
DATE_HEAD = re.compile(r"\d/$")                            # '.../2020' before a number
PAIR_SECOND = re.compile(r"\s*/\s*(\d+(?:[.,:]\d+)*)(?![a-z0-9])")  # '86/95': the '/95'
PAIR_THIRD = re.compile(r"\s*/")                           # '2/12/': a third part makes it a date

GLUED_UNITS = r"(?:ha|km|kg|m2|m3|tan)(?![a-z0-9])"   # '12.500ha', '2.050ha': a unit printed against its number
# a number token on the folded key: digits with inner separators, not touching letters
NUMBER_TOKEN = re.compile(r"(?<![a-z0-9])(?<![0-9][.,])\d+(?:[.,:]\d+)*(?:(?![a-z0-9])|(?=" + GLUED_UNITS + r"))"
                          r"(?![.,:]\d)")


@dataclass(frozen=True)
class Number:
    value: float
    literal: str
    repaired: bool = False


def _babel_vi(literal: str) -> float:
    from babel.numbers import parse_decimal  # lazy: Babel's locale data costs start-up time

    return float(parse_decimal(literal, locale="vi", strict=False))


@lru_cache(maxsize=16384)
def parse_number(literal: str) -> Number | None:
    """The value a Vietnamese-formatted token means, or None when it is not a number."""
    s = literal.strip()
    if not s or not s[0].isdigit():
        return None
    try:
        if VI_THOUSANDS.fullmatch(s) or VI_PLAIN.fullmatch(s):
            return Number(_babel_vi(s), literal)
        if THOUSANDS_THEN_POINT.fullmatch(s):
            head, tail = s.rsplit(".", 1)
            return Number(float(head.replace(".", "") + "." + tail), literal, True)
        if LOST_COMMA.fullmatch(s):
            head, tail = s.rsplit(".", 1)
            return Number(float(head.replace(".", "") + tail[:3] + "." + tail[3:]), literal, True)
        if POINT_DECIMAL.fullmatch(s):
            return Number(float(s), literal, True)
        if COLON_DECIMAL.fullmatch(s):
            return Number(float(s.replace(":", ".")), literal, True)
    except (InvalidOperation, ValueError, ArithmeticError):
        return None
    return None


def format_vi(value: float, decimals: int = 2) -> str:
    """The inverse of parse_number for clean values: 20102.637 -> '20.102,637'."""
    d = Decimal(str(round(value, decimals))).normalize()
    sign = d.as_tuple().sign
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + ("," + frac if frac else "")
    return ("-" if sign and float(d) != 0 else "") + out


# operators written before a number (on the folded key)
SYMBOL_OPS = [  # operators printed as symbols before a number   e.g. '<3', '≥ 95'
    (re.compile(r"(?:>=|≥)\s*$"), ">="),
    (re.compile(r"(?:<=|≤)\s*$"), "<="),
    (re.compile(r">\s*$"), ">"),
    (re.compile(r"<\s*$"), "<"),
    (re.compile(r"~\s*$"), "~"),
]
WORD_OP_ROLES = (("op_ge", ">="), ("op_le", "<="), ("op_gt", ">"), ("op_lt", "<"), ("op_about", "~"))


@lru_cache(maxsize=1)
def _word_ops() -> re.Pattern:
    """Operators written in words before a number (data/reference/cues.csv) in one pattern ending the text; the
    leftmost start wins, so 'không dưới' (at least) beats 'dưới' (under)."""
    from ..reference import cues

    alts = []
    for i, (role, _op) in enumerate(WORD_OP_ROLES):
        alts.append(f"(?P<o{i}>" + cues.source(role) + ")")
    return re.compile("(?:" + "|".join(alts) + r")\s*$")


@lru_cache(maxsize=1)
def _at_least_after() -> re.Pattern:
    from ..reference import cues

    return re.compile(r"\s*(?:[a-z]+\s+)?" + cues.source("op_ge_after"))


def operator_before(before: str) -> tuple[str, int] | None:
    """The operator that ends `before` and where it starts: 'không dưới ' -> ('>=', offset)."""
    m = _word_ops().search(before)
    if m:
        return WORD_OP_ROLES[int(m.lastgroup[1:])][1], m.start()
    for rx, op in SYMBOL_OPS:
        m = rx.search(before)
        if m:
            return op, m.start()
    return None

_RANGE_SEP = re.compile(r"\s*(?:-|–|—|den)\s*")
_FROM = re.compile(r"(?<![a-z])tu\s*$")
_DURATION = re.compile(r"\s+(?:nam|nim|niam|ndm|thang|ngay|quy)(?![a-z/])(?!\s*/)")
YEAR_MIN, YEAR_MAX = 1975, 2100
# a year, or a period's two years, as prose prints them   e.g. 'năm 2022,', 'giai đoạn 2016 - 2020' (not '2.020,5')
YEAR_OR_PERIOD = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?(?![\d/%]|[.,]\d)")


@dataclass
class Quantity:
    """One stated quantity: a value, a range or an X/Y pair, with operator and unit and where it is."""

    start: int                 # offset of the first char (operator or number)
    end: int                   # offset after the last char (number or unit)
    num_start: int             # offset of the (first) number itself
    value: float | None = None
    low: float | None = None
    high: float | None = None
    op: str | None = None
    pair_target: float | None = None   # X/Y: X is `value`, Y is `pair_target`
    unit: str | None = None
    literal: str = ""
    repaired: bool = False
    is_year: bool = False
    is_duration: bool = False
    literals: list[str] = field(default_factory=list)

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None


def _is_year_literal(lit: str, value: float) -> bool:
    return lit.isdigit() and len(lit) == 4 and YEAR_MIN <= value <= YEAR_MAX


def find_quantities(key: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in key[start:end], left to right. Years and durations are kept but flagged."""
    end = len(key) if end is None else end
    out: list[Quantity] = []
    pos = start
    while True:
        m = NUMBER_TOKEN.search(key, pos, end)
        if not m:
            break
        lit = m.group()
        num = parse_number(lit)
        pos = m.end()
        if num is None:
            continue
        # dates and document numbers: 22/12/2020, 127/NQ-HDND
        if DATE_TAIL.match(key, m.end(), min(end, m.end() + 8)) or DATE_HEAD.search(key, max(start, m.start() - 3),
                                                                                   m.start()):
            continue
        q = Quantity(start=m.start(), end=m.end(), num_start=m.start(), value=num.value, literal=lit,
                     repaired=num.repaired, literals=[lit])
        after = m.end()
        # X/Y pair: '86/95', '2,2/12%/nam', '06/06'
        pm = PAIR_SECOND.match(key[after:end])
        if pm and not PAIR_THIRD.match(key[after + pm.end():after + pm.end() + 2]):
            other = parse_number(pm.group(1))
            if other is not None:
                q.pair_target = other.value
                q.literals.append(pm.group(1))
                q.repaired |= other.repaired
                after += pm.end()
                pos = after
        unit, uend = unit_at(key, after, end)
        # range: '2-3', '3 - 4%', 'tu 3 den 4%'
        if q.pair_target is None:
            rm = _RANGE_SEP.match(key, uend if unit else after, end)
            if rm:
                m2 = NUMBER_TOKEN.match(key, rm.end(), end)
                if m2:
                    hi = parse_number(m2.group())
                    both_years = _is_year_literal(lit, num.value) and hi is not None and \
                        _is_year_literal(m2.group(), hi.value)
                    listed = _in_dash_list(key, start, m.start(), m2.end(), end, unit is not None)
                    if hi is not None and hi.value > num.value and not both_years and not listed:
                        q.low, q.high, q.value, q.op = num.value, hi.value, None, "range"
                        q.literals.append(m2.group())
                        q.repaired |= hi.repaired
                        after = m2.end()
                        pos = after
                        unit2, uend2 = unit_at(key, after, end)
                        if unit2:
                            unit, uend = unit2, uend2
                    elif both_years:
                        q.is_year = True
                        q.high = hi.value if hi else None
                        pos = m2.end()
                        q.end = m2.end()
        if unit and _is_year_literal(lit, num.value) and q.pair_target is None and not q.is_range \
                and YEAR_WORD_BEFORE.search(key, max(start, m.start() - 8), m.start()):
            unit = None   # 'năm 2019 huyện được công nhận ...': a year, whatever noun follows it
        if unit:
            q.unit = unit
            q.end = max(q.end, uend)
        else:
            q.end = max(q.end, after)
        if not q.is_year and q.unit is None and q.pair_target is None and not q.is_range \
                and _is_year_literal(lit, num.value):
            q.is_year = True
        if q.unit is None and _DURATION.match(key, after, end):
            q.is_duration = True
        # operator before
        before = key[max(start, q.num_start - 16):q.num_start]
        if q.op is None:
            found = operator_before(before)
            if found:
                q.op = found[0]
                q.start = q.num_start - (len(before) - found[1])
            if q.op is None and _at_least_after().match(key, q.end, end):
                q.op = ">="
        elif _FROM.search(before):
            q.start = q.num_start - (len(before) - _FROM.search(before).start())
        pos = max(pos, q.end)
        out.append(q)
    return out


DASH_LIST_BEFORE = re.compile(r"[\d%]\s*[-–]\s*\Z")            # '66,17% - ' before the number: a list goes on
DASH_LIST_AFTER = re.compile(r"\s*(?:%\S*)?\s*[-–]\s*\d")       # '% - 7,38' after the second: a third one follows


def _in_dash_list(key: str, lo: int, first: int, second_end: int, hi: int, first_has_unit: bool) -> bool:
    """'66,17% - 23,83% - 2,62% - 7,38%' (shares 'tương ứng'): values of a list, not the bounds of ranges."""
    if DASH_LIST_BEFORE.search(key, max(lo, first - 4), first):
        return True
    return first_has_unit and DASH_LIST_AFTER.match(key, second_end, hi) is not None


@lru_cache(maxsize=1)
def _number_word_rows() -> tuple[dict[str, str], ...]:
    """data/reference/number_words.csv, read once."""
    import csv

    from ..paths import REFERENCE

    with open(REFERENCE / "number_words.csv", encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@lru_cache(maxsize=1)
def number_word_values() -> dict[str, float]:
    """Numbers written in words: 'hai' -> 2, 'đôi' -> 2."""
    return {row["reading"]: float(row["value"]) for row in _number_word_rows()}


@lru_cache(maxsize=1)
def _only_after_gap() -> frozenset[str]:
    """The number words that count only after 'gấp' ('gấp tư', 'gấp đôi'): elsewhere they are other words."""
    return frozenset(row["reading"] for row in _number_word_rows() if row["only_after_gap"].strip())


@lru_cache(maxsize=1)
def _number_words() -> tuple[re.Pattern, dict[str, float]]:
    """'hai xã', 'gấp đôi': the words of number_words.csv as one pattern, and their values."""
    values = number_word_values()
    words = sorted(values, key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(" + "|".join(words) + r")(?![a-z0-9])"), values


YEAR_WORD_BEFORE = re.compile(r"(?<![a-z])n[a-z]{1,2}m\s+$")   # 'năm ' (OCR 'nim ') right before a year
RATIO_BEFORE = re.compile(r"(?<![a-z])gap\s+$")   # 'gấp đôi', 'gấp ba lần'


def find_word_quantities(key: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities written in words: a number word before a unit ('hai xã' = 2 communes) or after 'gấp'
    ('gấp đôi' = 2 times). A word alone ('năm' is also 'year', 'sáu' 'six') is never a number."""
    end = len(key) if end is None else end
    rx, values = _number_words()
    out = []
    for m in rx.finditer(key, start, end):
        unit, uend = unit_at(key, m.end(), end)
        ratio = RATIO_BEFORE.search(key, max(start, m.start() - 6), m.start()) is not None
        if (not unit and not ratio) or (not ratio and m.group(1) in _only_after_gap()):
            continue
        if ratio:
            unit, uend = ("times", max(uend, m.end())) if unit in (None, "times") else (unit, uend)
        out.append(Quantity(start=m.start(), end=uend, num_start=m.start(), value=values[m.group(1)], unit=unit,
                            literal=m.group(1), literals=[m.group(1)]))
    return out
