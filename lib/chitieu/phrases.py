"""Phrases that qualify a value: achievement ('đạt 72% chỉ tiêu'), verdicts, estimates, years.

All patterns run on the folded key and use the OCR spellings of data/reference/ocr_confusions.csv.
"""

from __future__ import annotations

import re

from .ocrkey import phrase

VUOT = phrase("vuot")
DAT = phrase("dat")
CHI_TIEU = phrase("chi tieu")
UOC = phrase("uoc")
NAM = phrase("nam")
HANG_NAM = r"(?<![a-z])h[a-z]{0,4}g\s+" + NAM

# the words after a percentage that make it a share *of the target*
_OF_TARGET = re.compile(r"\s*(?:so\s+v[a-z0-9]{0,3}i\s+)?(?:" + CHI_TIEU + r"|ke\s+hoach|k[e&]\s+hoach|muc\s+tieu|"
                        r"nghi\s+quy[a-z]*t|nq(?![a-z]))")
_ACH_VERB = re.compile(r"(?:(?P<vuot>" + VUOT + r")|(?P<dat>" + DAT + r"|bang))\s*\(?\s*$")
_TARGET_LEAD = re.compile(r"(?:muc\s+tieu|" + CHI_TIEU + r"|nghi\s+quy[a-z]*t(?:\s+de\s+ra)?|ke\s+hoach|"
                          r"nq(?:\s+de\s+ra)?)\s*[:=]?\s*(?:la\s+)?(?:tu\s+)?$")
_VERDICTS = [
    (re.compile(r"(?:chua|chwa|khong)\s+" + DAT), "chua_dat"),
    (re.compile(r"kh[o0]\s+" + DAT), "kho_dat"),
    (re.compile(r"(?<![a-z])co\s+b[a-z]n\s+" + DAT), "dat"),
    (re.compile(VUOT), "vuot"),
    (re.compile(DAT), "dat"),
]
_VERDICT_SENTENCE = re.compile(CHI_TIEU + r"\s+n[a-z]y\s+(?P<v>.{0,40}?)(?:so\s+v|\.|$)", re.DOTALL)
_BASIC_VERDICT = re.compile(r"(?<![a-z])(?:co\s+b[a-z]n\s+(?P<dat>" + DAT + r")|(?P<chua>(?:chua|chwa|khong)\s+"
                            + DAT + r")|(?P<kho>kh[o0]\s+" + DAT + r"))\s+" + CHI_TIEU)
_ESTIMATE = re.compile(UOC + r"|du\s+kien|du\s+bao")
_PERIOD_AGGREGATE = re.compile(r"(?<![a-z])(?:binh\s+quan|trung\s+binh|luy\s+k[a-z]*|tong\s+cong)(?!\s+dau\s+ng)"
                               r"(?!\s+dan\s+cu)")


def achievement_verb(before: str) -> str | None:
    """'vuot' or 'dat' when the text just before a percentage is the verb of an achievement phrase."""
    m = _ACH_VERB.search(before[-14:])
    if not m:
        return None
    return "vuot" if m.group("vuot") else "dat"


def is_of_target(after: str) -> bool:
    return _OF_TARGET.match(after[:40]) is not None


def is_target_lead(before: str) -> bool:
    """True when the words before a number introduce the target: '(mục tiêu: 8 - 9%)', 'NQ đề ra 95'."""
    return _TARGET_LEAD.search(before[-30:]) is not None


def verdict_of(key: str) -> str | None:
    """The document's own verdict in an item: 'Chỉ tiêu này vượt ...', 'cơ bản đạt chỉ tiêu', 'khó đạt'."""
    m = _VERDICT_SENTENCE.search(key)
    if m:
        for rx, status in _VERDICTS:
            if rx.search(m.group("v")):
                return status
    m = _BASIC_VERDICT.search(key)
    if m:
        return "dat" if m.group("dat") else ("chua_dat" if m.group("chua") else "kho_dat")
    return None


def verdict_word(cell: str) -> str | None:
    """A table's assessment cell ('Đạt', 'Vượt', 'Chưa đạt', OCR 'Pat', 'Vuogt', 'bat')."""
    c = cell.strip()
    for rx, status in _VERDICTS:
        if rx.fullmatch(c) or rx.search(c):
            return status
    if re.fullmatch(r"v[a-z]{0,3}t", c) or re.fullmatch(r"(?:pat|bat|dpat)", c):
        return "vuot" if c.startswith("v") else "dat"
    return None


def is_estimate(before: str) -> bool:
    return _ESTIMATE.search(before) is not None


def is_period_aggregate(before: str) -> bool:
    return _PERIOD_AGGREGATE.search(before) is not None


def states_none_left(key: str) -> bool:
    """'không còn hộ nghèo': a target of zero written in words."""
    return re.search(r"(?<![a-z])khong\s+con(?![a-z])", key) is not None


def is_every_year(text: str) -> bool:
    return re.search(HANG_NAM, text) is not None
