"""One vocabulary for the record's coded fields (SCHEMA.md's strings), and the numeric tolerance."""

from __future__ import annotations

from enum import StrEnum


class Section(StrEnum):
    RESULTS = "results"            # what the term, year or period under review achieved
    TARGETS_NEXT = "targets_next"  # targets set for the next term or year


class Source(StrEnum):
    PROSE = "prose"
    TABLE = "table"


class Status(StrEnum):
    DAT = "dat"
    VUOT = "vuot"
    CHUA_DAT = "chua_dat"
    KHO_DAT = "kho_dat"


class Operator(StrEnum):
    EQ = "="
    GE = ">="
    GT = ">"
    LT = "<"
    LE = "<="
    RANGE = "range"
    ABOUT = "~"


class ActualKind(StrEnum):
    ESTIMATE = "estimate"
    ACTUAL = "actual"


REL_TOLERANCE = 1e-6  # numbers are copied from the text, not measured: equal means equal


def close(a: float | None, b: float | None) -> bool:
    """Two printed numbers that are the same number."""
    return a is not None and b is not None and abs(a - b) <= REL_TOLERANCE * max(1.0, abs(a), abs(b))


class Level(StrEnum):
    """The tier of the unit that reports (SCHEMA.md, Documents)."""
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"          # a city of a province, or a centrally-run city (TP Hồ Chí Minh, Nha Trang ...)
    TOWN = "town"          # thị xã
    DISTRICT = "district"  # huyện, quận
    WARD = "ward"          # phường
    COMMUNE = "commune"    # xã, thị trấn, đặc khu


LEVEL_RANK = {level.value: rank for rank, level in enumerate(Level)}  # the order above: national, province ... commune


class ReportKind(StrEnum):
    """The report a text presents, whoever prints it (SCHEMA.md, Documents)."""
    TERM_REPORT = "term report"          # the closing review of a term (a congress's report)
    MID_TERM_REVIEW = "mid-term review"
    RESOLUTION = "resolution"            # targets set by a congress, a council or a plan
    ANNUAL_REPORT = "annual report"      # a year's, a quarter's, six or nine months' report
    STATISTICS = "statistics"            # a statistics office's release or yearbook table


class Medium(StrEnum):
    DOCUMENT = "document"   # the report itself (or its appendix)
    NEWS = "news"           # a news article or a portal's summary of it


class ReadAs(StrEnum):
    """How a page's text was obtained."""
    TEXT = "text"              # the file's own text (a .txt, a PDF's text layer, a Word file, a web page)
    OCR = "ocr"                # rendered and read with Tesseract here
    OCR_LAYER = "ocr-layer"    # an invisible text layer someone else's OCR left in the PDF
    MISSING = "missing"        # a scanned page that could not be read (no Tesseract): its text is empty
