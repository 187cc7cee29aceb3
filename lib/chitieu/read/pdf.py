"""A PDF's text, page by page: its text layer read with PDFium (pypdfium2, in the wheel), scans OCR'd.

A page with (almost) no text but an image is a scan: it is rendered at 300 dpi and read with Tesseract's
Vietnamese model (ocr.py), its ruled tables cell by cell (scan.py), pages spread over `jobs` processes. A text layer that is broken (replacement or
private-use characters, a font without a Unicode map) is OCR'd too; an invisible layer that someone else's OCR
left is used, and marked `ocr-layer`. Without Tesseract a scanned page is a problem naming the file and the
page; the text pages are still read.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from ..errors import InputError
from ..vocab import ReadAs
from .limits import current as current_limits
from .limits import figure
from .ocr import OcrFailed, OcrUnavailable, engine
from .pagecache import read_page
from .text import Page, Text, doc_id_for, normalise

RENDER_DPI = 300             # Tesseract reads best at 300 dpi; a 200 dpi scan is rendered up to it
PDF_POINTS_PER_INCH = 72
SCAN_MAX_CHARS = 20          # a page with at most this many text characters and an image is a scan
BROKEN_SHARE = 0.05          # more than 5% replacement or private-use characters: a broken text layer
PAGE_SEPARATOR = "\n\n"      # pages are joined as paragraphs (a table split over pages keeps its rows)


@dataclass(frozen=True)
class PageText:
    text: str
    read_as: ReadAs
    engine: str | None
    confidence: float | None = None
    uncertain: tuple[tuple[int, int], ...] = ()
    problem: str | None = None
    boxes: tuple = ()             # a scanned ruled table's cells: (start, end, box) in `text`


def _pdfium():
    import pypdfium2 as pdfium

    return pdfium


def open_pdf(path: Path, raw: bytes):
    pdfium = _pdfium()
    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise InputError(path, "is a password-protected PDF: save an unprotected copy to read it") from None
        raise InputError(path, f"is a PDF that cannot be opened (truncated or damaged: {reason})") from None


def _is_broken(text: str) -> bool:
    """Replacement characters or private-use code points: the layer's font has no usable Unicode map."""
    letters = [c for c in text if not c.isspace()]
    bad = sum(1 for c in letters if c == "\ufffd" or 0xE000 <= ord(c) <= 0xF8FF)
    return bool(letters) and bad / len(letters) > BROKEN_SHARE


def _objects(page) -> tuple[bool, bool]:
    """(has an image, all its text is invisible)."""
    raw = _pdfium().raw
    image, texts, invisible = False, 0, 0
    for obj in page.get_objects():
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            image = True
        elif obj.type == raw.FPDF_PAGEOBJ_TEXT:
            texts += 1
            invisible += raw.FPDFTextObj_GetTextRenderMode(obj.raw) == raw.FPDF_TEXTRENDERMODE_INVISIBLE
    return image, texts > 0 and invisible == texts


def _layer_text(page) -> str:
    """The text layer as lines, top to bottom, rebuilt from each character's origin (PDFium): characters on one
    baseline are a line (a stacked diacritic never splits it); a wide vertical gap is as many blank lines as
    fit in it (a paragraph break, a table's empty cells one per line); an indent or a wide gap inside a line as
    many spaces as fit in it, so the columns of a table line up as `pdftotext -layout` prints them."""
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage)
        size = _font_size(textpage)
    finally:
        textpage.close()
    if not chars:
        return ""
    lines = _baselines(chars)
    advance = _advance(lines)
    margin = min(c[1] for c in chars)
    spacing = _single_spacing(_line_spacing([a[0][2] - b[0][2] for a, b in pairwise(lines)]), size)
    out: list[str] = []
    for k, line in enumerate(lines):
        if k and spacing:
            out.extend([""] * max(0, round((lines[k - 1][0][2] - line[0][2]) / spacing) - 1))
        out.append(_line_text(line, margin, advance))
    return normalise("\n".join(out))


LINE_TOLERANCE = 0.2   # characters whose baselines differ by less than this share of the line spacing share a line
WIDE_GAP = 1.5         # a gap of this many character advances between two characters is spaces, as printed


def _chars(textpage) -> list[tuple[str, float, float]]:
    """(character, x, y of its origin on the baseline) for every printed character (not PDFium's generated
    spaces and line breaks)."""
    import ctypes

    raw = _pdfium().raw
    x, y = ctypes.c_double(), ctypes.c_double()
    out = []
    for i in range(raw.FPDFText_CountChars(textpage.raw)):
        code = raw.FPDFText_GetUnicode(textpage.raw, i)
        if code in (10, 13) or raw.FPDFText_IsGenerated(textpage.raw, i) == 1:
            continue
        raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
        out.append((chr(code), x.value, y.value))
    return out


def _baselines(chars: list[tuple[str, float, float]]) -> list[list[tuple[str, float, float]]]:
    """Characters grouped by baseline, top to bottom, each line left to right."""
    ys = sorted({round(c[2], 1) for c in chars}, reverse=True)
    steps = [a - b for a, b in pairwise(ys)]
    tolerance = LINE_TOLERANCE * (_line_spacing(steps) or 1.0)
    rows: list[list[tuple[str, float, float]]] = []
    for c in sorted(chars, key=lambda c: -c[2]):
        if rows and rows[-1][0][2] - c[2] <= tolerance:
            rows[-1].append(c)
        else:
            rows.append([c])
    return [sorted(r, key=lambda c: c[1]) for r in rows]


def _advance(lines: list[list[tuple[str, float, float]]]) -> float:
    """A character's advance: the commonest step between neighbours inside a word."""
    steps = sorted(round(b[1] - a[1], 2) for line in lines for a, b in pairwise(line)
                   if not a[0].isspace() and not b[0].isspace() and b[1] > a[1])
    return steps[len(steps) // 2] if steps else 0.0


def _line_text(line: list[tuple[str, float, float]], margin: float, advance: float) -> str:
    def fill(gap: float) -> str:
        return " " * round(gap / advance) if advance else ""

    parts = [fill(line[0][1] - margin)]
    for prev, c in zip([None, *line], line):
        if prev is not None:
            gap = c[1] - prev[1]
            if advance and gap > WIDE_GAP * advance:
                parts.append(fill(gap - advance))   # the gap less the previous character's own advance
        parts.append(c[0])
    return "".join(parts).rstrip()


TYPICAL_LEADING = 1.4   # a line's height in font sizes, single-spaced (1.15-1.5)
SPARSE_LEADING = 1.9    # a smallest step above this many font sizes holds a blank line: every paragraph is one line


def _font_size(textpage) -> float:
    """The commonest font size of the page's characters (points)."""
    raw = _pdfium().raw
    n = raw.FPDFText_CountChars(textpage.raw)
    sizes = sorted(round(raw.FPDFText_GetFontSize(textpage.raw, i), 1) for i in range(0, n, max(1, n // 200)))
    return sizes[len(sizes) // 2] if sizes else 0.0


def _single_spacing(spacing: float, size: float) -> float:
    """A page whose paragraphs are all one line has no single step: its smallest step spans a blank line too."""
    if size and spacing > SPARSE_LEADING * size:
        return spacing / max(1, round(spacing / (TYPICAL_LEADING * size)))
    return spacing


def _line_spacing(steps: list[float]) -> float:
    """The distance from one line to the next inside a paragraph: the smallest step that recurs (a
    paragraph break is a larger one; a page of one-line paragraphs has no smaller one, and no breaks)."""
    steps = sorted(round(v, 1) for v in steps if v > 0)
    recurring = [a for a, b in pairwise(steps) if abs(a - b) < 0.05 * a]
    return recurring[0] if recurring else (steps[0] if steps else 0.0)


class PageTooLarge(Exception):
    """A page that would render past the pixel limit (a 718-byte PDF can declare a page of 200 × 200 inches)."""


def _render(page, folder: Path, number: int) -> Path:
    """The page as a 300 dpi PNG for Tesseract; PageTooLarge, before any pixel is drawn, past the limit."""
    scale = RENDER_DPI / PDF_POINTS_PER_INCH
    width, height = (round(v * scale) for v in page.get_size())
    if width * height > current_limits().page_pixels:
        raise PageTooLarge(current_limits().over(
            "page_pixels", f"is {figure(width)} × {figure(height)} px at {RENDER_DPI} dpi"))
    png = folder / f"page-{number:04d}.png"
    bitmap = page.render(scale=scale, grayscale=True)
    bitmap.to_pil().save(png)
    return png


def _pdfium_engine() -> str:
    return f"pdfium {_pdfium().PYPDFIUM_INFO}"


def read_pdf(path: Path, raw: bytes, jobs: int = 1) -> Text:
    """Every page's text in order, with the page table; scans OCR'd `jobs` at a time."""
    pdf = open_pdf(path, raw)
    pages: dict[int, PageText] = {}
    to_ocr: dict[int, Path] = {}
    with tempfile.TemporaryDirectory(prefix="chitieu-ocr-") as tmp:
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                text = _layer_text(page)
                image, invisible = _objects(page)
                if _is_broken(text) or (len(text.strip()) <= SCAN_MAX_CHARS and image):
                    try:
                        to_ocr[i + 1] = _render(page, Path(tmp), i + 1)
                    except PageTooLarge as exc:
                        pages[i + 1] = _missing(i + 1, str(exc))
                else:
                    pages[i + 1] = PageText(text, ReadAs.OCR_LAYER if invisible else ReadAs.TEXT,
                                            "pdf text layer (someone else's OCR)" if invisible else _pdfium_engine())
                page.close()
        finally:
            pdf.close()
        pages.update(_ocr_pages(to_ocr, jobs))
    return _assemble(path, [pages[n] for n in sorted(pages)])


def _missing(number: int, problem: str) -> PageText:
    return PageText("", ReadAs.MISSING, None, problem=f"scanned page {number} {problem}")


def _ocr_pages(pngs: dict[int, Path], jobs: int) -> dict[int, PageText]:
    """Each scanned page OCR'd (or taken from the page cache, `pagecache`); a page Tesseract cannot read
    (missing, failing, past its timeout, out of memory) is a problem of that page, and the others are read."""
    if not pngs:
        return {}
    try:
        name = engine()
    except OcrUnavailable as exc:
        return {n: _missing(n, str(exc)) for n in pngs}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:   # each thread waits on its Tesseract process
        futures = {n: pool.submit(read_page, png) for n, png in pngs.items()}
    done = {}
    for n, future in futures.items():
        try:
            p = future.result()
        except (OcrUnavailable, OcrFailed, OSError, MemoryError) as exc:
            done[n] = _missing(n, f"could not be OCR'd ({type(exc).__name__}: {exc})")
        else:
            done[n] = PageText(p.text, ReadAs.OCR, name, p.confidence, p.uncertain, boxes=p.boxes)
    return done


def _assemble(path: Path, pages: list[PageText]) -> Text:
    """One text: pages joined as paragraphs, each page's start and how it was read in the page table."""
    parts, table, uncertain, problems, boxes = [], [], [], [], []
    pos = 0
    for number, p in enumerate(pages, start=1):
        body = p.text.strip("\n")
        table.append(Page(number, pos, p.read_as, p.engine, p.confidence))
        shift = pos - _leading_newlines(p.text)
        uncertain.extend((shift + a, shift + b) for a, b in p.uncertain)
        boxes.extend((shift + a, shift + b, box) for a, b, box in p.boxes)
        if p.problem:
            problems.append(f"{path}: {p.problem}")
        parts.append(body)
        pos += len(body) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(parts)
    if not text.strip() and not problems:
        raise InputError(path, "is a PDF without any text")
    return Text.from_string(text, doc_id=doc_id_for(path), path=str(path), source_format="pdf",
                            pages=tuple(table), uncertain=tuple(uncertain), problems=tuple(problems),
                            boxes=tuple(boxes))


def _leading_newlines(text: str) -> int:
    return len(text) - len(text.lstrip("\n"))
