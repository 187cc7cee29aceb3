"""Document metadata: who reports (locality, level, parent), what kind of report, which term, when.

Each is a named step over the folded key: the report kind from its title (report_kinds.py), the congresses
it names, the reporting unit from the places it names (places.py, with diacritics from places.csv), the date,
the years it reviews, and the term (terms.py). Each congress the text names is kept with its level, so a
report that reviews a city's 2020-2025 term and sets the 2025-2030 targets of the ward it became says both.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from ..read.text import Text
from ..reference.ocrkey import fold, phrase
from ..reference.places import level_words, names_the_nation, portal_place, reporting_unit
from ..reference.report_kinds import Opening, opening_of, report_kind
from ..vocab import Level, ReadAs, ReportKind
from .numbers import YEAR_OR_PERIOD
from .terms import first_term_named, reviewed_term

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}


@lru_cache(maxsize=1)
def _congress() -> tuple[re.Pattern, dict[str, str]]:
    """'Đảng bộ tỉnh ... lần thứ XV, nhiệm kỳ 2020 - 2025' (the level words are levels.csv's units)."""
    units = level_words()["unit"]
    levels = "|".join(f"(?P<u{i}>{phrase(r)})" for i, (r, _) in enumerate(units))
    rx = re.compile(
        r"[dpb]ang\s+b[o0q6d]\s+(?:" + levels + r")"
        r"[\s\S]{0,40}?l[a4]n\s+th[a-z]{0,3}\s+(?P<roman>[ivxl1t]{1,6})(?![a-z])[^\n]{0,6}?"
        r"\s*nhi[a-z]*m\s+k[yi]\s+(?P<start>20\d\d)\s*[-–—]\s*(?P<end>20\d\d)")
    return rx, {f"u{i}": lv.value for i, (_, lv) in enumerate(units)}


_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(20\d\d)")
DATE_SCAN_CHARS = 3000   # a report's date line stands above its first section
PLACE_SCAN_CHARS = 30000  # the reporting unit names itself early; the rest of a report names others
HEAD_PLACE_CHARS = 1500   # where a national text would have named a locality if it were one


# the fields of the documents frame a `<doc>.meta.json` states, in its order (`chitieu extract --table documents`)
META_FIELDS = ("locality", "level", "parent", "report_kind", "term_start", "term_end", "year_reviewed", "date")


@dataclass
class Congress:
    level: str
    number: int | None
    term_start: int
    term_end: int


@dataclass
class DocumentMeta:
    doc_id: str
    locality: str | None = None
    level: str | None = None
    parent: str | None = None
    report_kind: str | None = None
    term_start: int | None = None          # the term the report reviews (a resolution or target list: opens)
    term_end: int | None = None
    congress_number: int | None = None
    date: str | None = None
    period_end: int | None = None          # the year a 'results' value refers to by default
    year_reviewed: int | None = None       # the year the report looks back from
    next_term_start: int | None = None
    next_term_end: int | None = None
    next_level: str | None = None
    congresses: list[Congress] = field(default_factory=list)
    source_format: str = "txt"             # txt, pdf, docx, html: what the file was
    n_pages: int | None = None             # a PDF's pages (a Word file or web page: 1)
    pages_ocr: int = 0                     # pages read by OCR (here, or someone else's invisible layer)
    ocr_confidence: float | None = None    # the lowest page's mean word confidence
    problems: str | None = None            # what could not be read ('scanned page 3 needs Tesseract ...')
    pages: list = field(default_factory=list)   # the Text's page table (read.text.Page)

    def as_row(self) -> dict:
        row = asdict(self)
        row.pop("congresses")
        row.pop("pages")
        return row

    def page_rows(self) -> list[dict]:
        """One row per page: how it was read, by which engine, how sure the OCR was."""
        return [{"doc_id": self.doc_id, "page": p.number, "read_as": str(p.read_as), "engine": p.engine,
                 "confidence": p.confidence, "quality": p.quality} for p in self.pages]

    def as_meta_json(self) -> dict:
        """doc_id and the fields of `<doc>.meta.json`, as plain strings and numbers."""
        return {"doc_id": self.doc_id, **{f: getattr(self, f) for f in META_FIELDS}}


def _roman(s: str) -> int | None:
    s = s.replace("1", "i").replace("t", "")  # OCR: 'X1V' = XIV, 'XTIV' = XIV
    total, prev = 0, 0
    for ch in reversed(s):
        v = ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def read_metadata(doc: Text, key: str | None = None) -> DocumentMeta:
    """Who reports, what kind of report, which term and when: each a named step below."""
    key = key if key is not None else fold(doc.text)
    meta = DocumentMeta(doc_id=doc.doc_id)
    opening = opening_of(key, doc.text)
    meta.report_kind = report_kind(opening)
    read_congresses(meta, key)
    read_reporting_unit(meta, doc.text, key, opening)
    meta.date = _date_line(key) or _dateline(key)
    read_reference_years(meta, key)
    meta.term_start, meta.term_end = reviewed_term(meta, key, opening.as_text())
    read_pages(meta, doc)
    return meta


def read_pages(meta: DocumentMeta, doc: Text) -> None:
    """What the file was and how its pages were read (the document report shows it page by page)."""
    meta.source_format = doc.source_format
    meta.pages = list(doc.pages)
    meta.n_pages = len(doc.pages) or None
    meta.pages_ocr = sum(1 for p in doc.pages if p.read_as != ReadAs.TEXT)
    confidences = [p.confidence for p in doc.pages if p.confidence is not None]
    meta.ocr_confidence = min(confidences) if confidences else None
    meta.problems = "; ".join(doc.problems) or None


def read_congresses(meta: DocumentMeta, key: str) -> None:
    """Each congress the text names ('Đại hội Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2020 - 2025'), with its level:
    the earliest is the one the report speaks for, a later one the unit it became (the 2025 reorganisation)."""
    rx, levels = _congress()
    meta.congresses = [Congress(next(lv for g, lv in levels.items() if m.group(g)), _roman(m.group("roman")),
                                int(m.group("start")), int(m.group("end"))) for m in rx.finditer(key)]
    terms = sorted({(c.term_start, c.term_end) for c in meta.congresses})
    if not terms:
        return
    same = [c for c in meta.congresses if (c.term_start, c.term_end) == terms[0]]
    meta.congress_number = Counter(c.number for c in same).most_common(1)[0][0]
    meta.level = Counter(c.level for c in same).most_common(1)[0][0]
    if len(terms) > 1:
        meta.next_term_start, meta.next_term_end = terms[-1]
        meta.next_level = next(c.level for c in meta.congresses if (c.term_start, c.term_end) == terms[-1])


def read_reporting_unit(meta: DocumentMeta, text: str, key: str, opening: Opening) -> None:
    """The locality that reports, its level and province (see places.reporting_unit); a text that names no
    locality near its top but the country's bodies ('Quốc hội', 'cả nước') is national."""
    unit = reporting_unit(text, key, PLACE_SCAN_CHARS, title_end(key, opening), meta.level)
    if unit is None:
        unit = portal_place(text.split("\n", 1)[0])
        unit = (unit, unit.level) if unit else None
    if unit is None:
        if names_the_nation(key[:HEAD_PLACE_CHARS]):
            meta.level = Level.NATIONAL.value
        return
    place, level = unit
    meta.locality, meta.parent = place.name, place.parent
    meta.level = level.value


def title_end(key: str, opening: Opening) -> int:
    """The offset where the title block ends (mentions above it weigh most)."""
    if not opening.titles:
        return 0
    at = key.find(opening.titles[-1])
    return at + len(opening.titles[-1]) if at >= 0 else 0


def _date_line(key: str) -> str | None:
    """'Lạng Sơn, ngày 14 tháng 9 năm 2023' near the top."""
    dm = _DATE.search(key[:DATE_SCAN_CHARS])
    return f"{int(dm.group(3)):04d}-{int(dm.group(2)):02d}-{int(dm.group(1)):02d}" if dm else None


def read_reference_years(meta: DocumentMeta, key: str) -> None:
    """year_reviewed (the year the report looks back from) and period_end (the year a result refers to by
    default), from the title, the date, and the congress terms the text names."""
    first_term = min(((c.term_start, c.term_end) for c in meta.congresses), default=None) or first_term_named(key)
    date_year = int(meta.date[:4]) if meta.date else None
    if meta.report_kind == ReportKind.MID_TERM_REVIEW:
        meta.period_end = date_year or (first_term[0] + 3 if first_term else None)
    elif first_term:
        meta.period_end = first_term[1]
    else:
        meta.period_end = date_year
    reviews_term = meta.report_kind in (ReportKind.TERM_REPORT, ReportKind.MID_TERM_REVIEW)
    meta.year_reviewed = _title_year(key) or date_year or _previous_term_end(key, meta, first_term) \
        or (meta.period_end if reviews_term or meta.next_term_start else None) or _most_named_year(key) \
        or meta.period_end
    if meta.period_end is None or (meta.report_kind != ReportKind.MID_TERM_REVIEW
                                   and meta.year_reviewed < meta.period_end):
        meta.period_end = meta.year_reviewed


_PERIOD = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)(?![\d,/%])")


def _most_named_year(key: str) -> int | None:
    """The year a text names most often (after its source line): what a dateless news text is about."""
    body = key.split("\n", 1)[-1]
    years = Counter(int(m.group(2) or m.group(1)) for m in _TITLE_YEAR.finditer(body))
    return years.most_common(1)[0][0] if years else None


def _previous_term_end(key: str, meta: DocumentMeta, term: tuple[int, int] | None) -> int | None:
    """A congress of the 2020-2025 term that names the 2015-2020 period reviews 2020."""
    if term is None or meta.report_kind in (ReportKind.TERM_REPORT, ReportKind.MID_TERM_REVIEW):
        return None  # a term report reviews its own term
    ends = {int(m.group(2)) for m in _PERIOD.finditer(key)}
    return term[0] if term[0] in ends else None


# a date printed as digits   e.g. 'Ngày 15/11/2024', '3-10-2024'
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*((?:19|20)\d\d)(?![\d/])")
_TITLE_LINES = 8   # the title of a report or an article stands in its first lines ...
_TITLE_CHARS = 100  # ... which are short
_TITLE_YEAR = YEAR_OR_PERIOD


def _dateline(key: str) -> str | None:
    """The first date printed as d/m/yyyy near the top (a news text's own date)."""
    m = _NUMERIC_DATE.search(key[:3000])
    if not m:
        return None
    d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _title_lines(key: str) -> list[str]:
    """The title: the leading paragraphs of short lines (each at most 3 lines, none ending a sentence), joined
    one string a paragraph ('BÁO CÁO / Tình hình ... năm 2024 / và kế hoạch năm 2025')."""
    lines = key.split("\n")
    i = 1 if lines and lines[0].startswith("source:") else 0
    paragraphs: list[str] = []
    current: list[str] = []
    seen = 0
    for ln in lines[i:]:
        s = ln.strip()
        if not s:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        seen += 1
        if len(s) > _TITLE_CHARS or s.endswith(".") or len(current) >= 3 or seen > _TITLE_LINES:
            current = []
            break
        current.append(s)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _title_year(key: str) -> int | None:
    """The year the title names ('... năm 2023', 'nhiệm kỳ 2015 - 2020' -> 2020), skipping the source line."""
    from ..reference import (
        cues,  # the title of a text that strives ('phấn đấu ... đến năm 2030') names its target year
    )

    title = _title_lines(key)
    opens_term = bool(_OPENS_TERM.search(" ".join(title))) and not cues.found("results_context", " ".join(title))
    lines = [ln for ln in title if not cues.found("target_verb", ln) and not _NUMERIC_DATE.search(ln)]
    for ln in lines:   # a single year ('... năm 2023') says the year more precisely than a term does
        single = [m for m in _TITLE_YEAR.finditer(ln) if m.group(2) is None]
        if single:
            return int(single[0].group(1))
    for ln in lines:
        m = _TITLE_YEAR.search(ln)
        if m:
            if opens_term:
                return int(m.group(1))  # a congress or its resolution opens the term it names
            return int(m.group(2))
    return None


_OPENS_TERM = re.compile(r"(?:nghi\s+quyet|[dp]ai\s+hoi)[\s\S]*nhi[a-z]*m\s+k[yi]")  # 'NGHỊ QUYẾT ĐẠI HỘI ... NHIỆM KỲ'

