"""A report's text as every reader gives it: one frozen str with its line and page starts (`Text`, `Page`),
and the plain-text decoding and document ids they share. The format readers (pdf, docx, html) build on this
module; the dispatcher that picks one (`files`) sits above them, so no reader imports it."""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import InputError
from ..vocab import ReadAs

REPORT_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")   # what `chitieu run` picks up from data/raw

_DOC_ID_UNSAFE = re.compile(r"[^\w.\-]+")  # \w keeps Vietnamese letters; quotes, slashes, spaces go

def decode(raw: bytes, path: str | Path = "<bytes>") -> str:
    """UTF-8 (with or without BOM) and UTF-16 with BOM are read; anything else is an InputError naming the file."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in raw:
        raise InputError(path, "contains NUL bytes: binary data, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"not UTF-8 or UTF-16 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8"
        ) from None
    return text

def normalise(text: str) -> str:
    """NFC (so 'ệ' is one code point whatever the OCR wrote) and '\\n' line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)

NESTED = "~"   # joins the folders and the stem of a report filed in a sub-folder of a raw folder:
#                'tinh_A/huyen B/2023.txt' → 'tinh_A~huyen_B~2023'; safe in a folder name and in a URL (RFC 3986
#                unreserved), and never in a file's own id (made safe, a '~' becomes '_'), so the two cannot collide


def doc_id_for(path: str | Path, root: str | Path | None = None) -> str:
    """The file stem, made safe to use as a folder name, a URL part and a notebook parameter; a file in a
    sub-folder of `root` (its raw folder) is named by its folders too, joined by NESTED."""
    path = Path(path)
    folders = path.parent.relative_to(root).parts if root is not None else ()
    return NESTED.join([*(_safe(f) for f in folders), _stem_id(path.name)])


def _stem_id(name: str) -> str:
    stem = unicodedata.normalize("NFC", name)
    for suffix in REPORT_SUFFIXES:
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]   # the file's own suffix only: 'scan.pdf.txt' is 'scan.pdf' ...
            break
    return _safe(stem.removesuffix(".ocr"))   # ... and 'report.ocr.txt' is the OCR of 'report'


def _safe(name: str) -> str:
    safe = _DOC_ID_UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip("._-") or "document"
    return re.sub(r"\.{2,}", ".", safe)

@dataclass(frozen=True)
class Page:
    """One page of a document: where its text starts, how it was read, and (OCR) how sure the reader was."""
    number: int                       # 1-based
    start: int                        # offset of the page's first character in Text.text
    read_as: ReadAs = ReadAs.TEXT
    engine: str | None = None         # 'pdfium 5.15.2', 'tesseract 5.3.0 vie'
    confidence: float | None = None   # Tesseract's mean word confidence (0-100)

    @property
    def quality(self) -> str:
        """ok, flagged (confidence below ~85: check its numbers) or unreliable (below ~70)."""
        if self.confidence is None:
            return "ok"
        return "unreliable" if self.confidence < UNRELIABLE_CONFIDENCE else (
            "flagged" if self.confidence < FLAG_CONFIDENCE else "ok")

FLAG_CONFIDENCE = 85        # Tesseract's mean word confidence: 96 at 0.1% character errors, 88 at 5% ...

UNRELIABLE_CONFIDENCE = 70  # ... 60-70 at 30%

@dataclass(frozen=True)
class Text:
    """A report's frozen text with line starts, so offsets map to 1-based line numbers, and (PDF) page starts.

    `uncertain` holds the spans of words an OCR read with low confidence: a number inside one is flagged for
    checking, never silently reparsed. `problems` are what could not be read (a scanned page without
    Tesseract): the rest of the document still is. `boxes` are the cells of a ruled table read from a scan,
    cell by cell: (start, end, (x0, y0, x1, y1) in pixels of the page image), in text order."""

    doc_id: str
    text: str
    path: str = ""
    line_starts: tuple[int, ...] = field(default=(), compare=False)
    source_format: str = "txt"
    pages: tuple[Page, ...] = field(default=(), compare=False)
    uncertain: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    problems: tuple[str, ...] = field(default=(), compare=False)
    boxes: tuple[tuple[int, int, tuple[int, int, int, int]], ...] = field(default=(), compare=False)

    @classmethod
    def from_string(cls, text: str, doc_id: str = "document", path: str = "", **more) -> Text:
        text = normalise(text)
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        return cls(doc_id=doc_id, text=text, path=path, line_starts=tuple(starts), **more)

    def page_of(self, offset: int) -> int | None:
        """1-based page of a character offset (None for a text without pages)."""
        if not self.pages:
            return None
        return self.pages[bisect_right([p.start for p in self.pages], offset) - 1].number

    def is_uncertain(self, start: int, end: int) -> bool:
        """Some of text[start:end] was read by OCR with low confidence, or on a page not reliable enough."""
        if any(a < end and start < b and any(c.isdigit() for c in self.text[a:b]) for a, b in self.uncertain):
            return True   # a number inside a word the OCR was unsure of
        page = self.page_of(start)
        return page is not None and self.pages[page - 1].quality != "ok"

    def box_at(self, start: int, end: int) -> tuple[int, int, int, int] | None:
        """The page box of the scanned table cell that holds text[start:end] (None outside such cells)."""
        if not self.boxes:
            return None
        k = bisect_right([b[0] for b in self.boxes], start) - 1
        if k >= 0 and self.boxes[k][0] <= start and end <= self.boxes[k][1]:
            return self.boxes[k][2]
        return None

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect_right(self.line_starts, offset)

    def line_span(self, lineno: int) -> tuple[int, int]:
        """Character offsets [start, end) of 1-based line `lineno` (without its newline)."""
        start = self.line_starts[lineno - 1]
        end = self.line_starts[lineno] - 1 if lineno < len(self.line_starts) else len(self.text)
        return start, end
