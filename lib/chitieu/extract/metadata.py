"""Document metadata: who reports (locality, level, parent), what kind of report, which term, when.

Each is a named step over the folded key: the title's kind words (report_kinds.py), the congresses it names,
the reporting unit from the places it names (places.py, with diacritics from places.csv), the text's date
(dates.py) and its time frame (timeframe.py: what it reviews, what it sets targets for), from which the year
reviewed and the term follow. What the report presents (its kind, whether it reviews anything at all) is settled
once its records are read (`kinds.settle`). Each congress the text names is kept with its level, so a report
that reviews a city's 2020-2025 term and sets the 2025-2030 targets of the ward it became says both.
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
from .dates import opening_span, text_date
from .kinds import reviewed_term
from .timeframe import TimeFrame, read_time_frame

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


PLACE_SCAN_CHARS = 30000  # the reporting unit names itself early; the rest of a report names others
HEAD_PLACE_CHARS = 1500   # where a national text would have named a locality if it were one


# the fields of the documents frame a `<doc>.meta.json` states, in its order (`chitieu extract --table documents`)
META_FIELDS = ("locality", "level", "parent", "report_kind", "medium", "term_start", "term_end", "year_reviewed",
               "date")


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
    medium: str | None = None              # document (the report itself) or news (an article or a portal's summary)
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
    time_read: str | None = None           # where the time frame was read: 'date: line 5, title block; reviewed: ...'
    frame: TimeFrame = field(default_factory=TimeFrame)   # when the text speaks from, what it reviews and sets
    title_kind: str | None = None          # the kind its title's words name (report_kinds.csv), before `settle`

    def as_row(self) -> dict:
        row = asdict(self)
        for internal in ("congresses", "pages", "frame", "title_kind"):
            row.pop(internal)
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
    meta.title_kind = report_kind(opening)
    meta.report_kind = meta.title_kind
    read_congresses(meta, key)
    read_reporting_unit(meta, doc.text, key, opening)
    span = opening_span(key, doc.text)
    date = text_date(key, span)
    meta.date = date.iso() if date else None
    meta.frame = read_time_frame(key, span, date, meta.title_kind == ReportKind.MID_TERM_REVIEW)
    meta.time_read = "; ".join(f"{k}: {v}" for k, v in meta.frame.provenance(doc.line_of).items()) or None
    read_reference_years(meta, key)
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


def read_reference_years(meta: DocumentMeta, key: str) -> None:
    """year_reviewed (the last year the text reviews), period_end (the year a result refers to by default), the
    term it reviews and the next term, from the time frame (a text found to only set targets is settled with its
    records: `kinds.settle`)."""
    frame = meta.frame
    meta.term_start, meta.term_end = reviewed_term(frame, key)
    if frame.reviewed is not None:
        meta.year_reviewed = meta.period_end = frame.reviewed.last
    elif frame.as_of is not None:
        meta.period_end = frame.as_of[0]
    if meta.next_term_start is None and frame.horizon is not None and frame.horizon.first != frame.horizon.last:
        meta.next_term_start, meta.next_term_end = frame.horizon.first, frame.horizon.last
