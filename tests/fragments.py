"""Hand-written fragments for the extraction tests: the seed reports' OCR damage applied to a clean text, and the
records a fragment yields, projected to what a case asserts."""

from __future__ import annotations

import re
import unicodedata

from chitieu.extract.document import extract_text
from chitieu.read.text import Text

RESULTS, TARGETS = "results", "targets_next"


def ocr_damage(text: str) -> str:
    """Diacritics lost, 'Đ' at a word's start read as 'P', 'tỷ lệ' as 'ty 1¢', 'là' as '1a'."""
    s = unicodedata.normalize("NFD", text)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = re.sub(r"(?<![A-Za-z])Đ", "P", s).replace("đ", "d").replace("Đ", "D")
    return re.sub(r"\bla\b", "1a", re.sub(r"\bty le\b", "ty 1¢", s))


def read(text: str):
    """(metadata, records) of a fragment."""
    return extract_text(Text.from_string(text, doc_id="fragment"))


def prose(found) -> list:
    return [r for r in found if r.source == "prose"]


def placed(found) -> list[tuple]:
    """(section, value, year, kind): the value is the result of a result, the target (or a range's low bound)
    of a target."""
    out = []
    for r in prose(found):
        value = r.actual if r.section == RESULTS else (r.target if r.target is not None else r.target_low)
        out.append((str(r.section), value, r.actual_year, r.actual_kind and str(r.actual_kind)))
    return out
