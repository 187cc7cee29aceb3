"""Build report documents at test time (no binary fixtures): a text-layer PDF, a scanned PDF, a .docx and an
HTML page, each from a report's text. Used by the tests and by `make bench`."""

from __future__ import annotations

import random
import re
from pathlib import Path

FONT_DIRS = ("/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto")
FONT_NAME = "NotoSansMono-Regular.ttf"   # every Vietnamese letter, and columns that line up as in the text;
#                                          Debian's fonts-noto-mono (the Makefile installs it)
SCAN_DPI = 300
FONT_PT, LINE_MM = 8, 3.8    # the text-layer PDF's font size and line height
MONO_ADVANCE_EM, MM_PER_PT = 0.6, 25.4 / 72
LINES_PER_PAGE = 48
PRINT_WIDTH = 100   # characters a printed A4 line holds in the scan's font
ITEM_START = re.compile(r"^\s*(?:[-+•*–−]|\(?\d{1,2}[.)/]|[a-zđ]\))\s")   # '- ...', '2. ...', '(3) ...', 'a) ...'
WRAPPED_LINE_CHARS = 60   # a line this long or longer may continue on the next (a wrapped paragraph)
GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")   # '| 1 | Thu ngân sách | tỷ đồng | 1.250 |'


SCAN_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
SCAN_FONT_NAME = "DejaVuSans.ttf"   # a scan is of a printed page, set in a proportional face (fonts-dejavu-core)


def font_path(dirs: tuple[str, ...] = FONT_DIRS, name: str = FONT_NAME) -> Path:
    for d in dirs:
        p = Path(d) / name
        if p.exists():
            return p
    raise FileNotFoundError(f"{name} not found in {dirs}: apt-get install fonts-noto-mono fonts-dejavu-core")


def pages_of(text: str, per_page: int = LINES_PER_PAGE) -> list[list[str]]:
    """The lines of each page: a page ends, once full, at a paragraph break (one blank line between two
    printed ones, which the page break stands for), never inside a run of empty table cells."""
    lines = text.split("\n")
    pages, current = [], []
    for i, line in enumerate(lines):
        single_blank = not line.strip() and 0 < i < len(lines) - 1 and lines[i - 1].strip() and lines[i + 1].strip()
        if len(current) >= per_page and single_blank:
            pages.append(current)
            current = []
            continue
        current.append(line)
    return pages + [current]


def text_pdf(text: str, out: Path, per_page: int = LINES_PER_PAGE) -> Path:
    """A born-digital PDF: each line of the text a line of the page, in DejaVu Sans."""
    from fpdf import FPDF

    longest = max((len(line) for line in text.split("\n")), default=1)
    width_mm = max(210.0, 20 + longest * FONT_PT * MONO_ADVANCE_EM * MM_PER_PT)   # a page wide enough for
    pdf = FPDF(format=(width_mm, 297.0))                                         # every line: none clipped
    pdf.set_auto_page_break(False)
    pdf.add_font("Mono", fname=str(font_path()))
    for lines in pages_of(text, per_page):
        pdf.add_page()
        pdf.set_font("Mono", size=FONT_PT)
        for line in lines:
            pdf.cell(0, LINE_MM, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out))
    return out


def page_image(lines: list[str], seed: int = 0, damage: bool = True):
    """One A4 page at 300 dpi, 'scanned': rotated under 1°, blurred, noisy, saved as JPEG 60."""
    import io

    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rnd = random.Random(seed)
    width, height = int(8.27 * SCAN_DPI), int(11.69 * SCAN_DPI)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(font_path(SCAN_FONT_DIRS, SCAN_FONT_NAME)), 34)
    y, step = 150, min(62, (height - 300) // max(1, len(lines)))   # a long page is set tighter, not cut
    for line in lines:
        draw.text((130, y), line, font=font, fill=0)
        y += step
    if damage:
        img = img.rotate(rnd.uniform(0.5, 1.0) * rnd.choice((-1, 1)), fillcolor=255, resample=Image.BICUBIC)
        img = img.filter(ImageFilter.GaussianBlur(0.6))
        noise = Image.effect_noise((width, height), 18)
        img = Image.blend(img, noise, 0.08)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=60)
        img = Image.open(io.BytesIO(buf.getvalue()))
    return img.convert("RGB")


def printed(text: str, width: int = PRINT_WIDTH) -> str:
    """The text as a printer lays it on A4: long lines wrapped at word boundaries."""
    import textwrap

    return "\n".join(textwrap.fill(line, width) if len(line) > width else line for line in text.split("\n"))


def scan_pdf(text: str, out: Path, per_page: int = LINES_PER_PAGE, damage: bool = True) -> Path:
    """An image-only PDF: each page a 300 dpi scan of the text printed on A4."""
    images = [page_image(lines, seed=i, damage=damage)
              for i, lines in enumerate(pages_of(printed(text), per_page))]
    images[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
    return out


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def blocks(text: str) -> list[tuple[str, object]]:
    """The text as ('p', paragraph) blocks (a paragraph's lines joined, as a word processor or a web page holds
    it) and ('table', rows) for runs of '| ... |' rows."""
    out: list[tuple[str, object]] = []
    para: list[str] = []

    def close() -> None:
        if para:
            out.append(("p", " ".join(s.strip() for s in para)))
            para.clear()

    for line in text.split("\n"):
        if GRID_ROW.match(line):
            close()
            if out and out[-1][0] == "table":
                out[-1][1].append(_cells(line))
            else:
                out.append(("table", [_cells(line)]))
        elif line.strip():
            if para and (ITEM_START.match(line) or len(para[-1]) < WRAPPED_LINE_CHARS):
                close()   # a bullet, a numbered item, or the line after a short one: a paragraph of its own
            para.append(line)
        else:
            close()
    close()
    return out


def docx_file(text: str, out: Path) -> Path:
    """A Word file: a paragraph per line, a Word table for each run of '| ... |' rows."""
    import docx

    d = docx.Document()
    for kind, body in blocks(text):
        if kind == "p":
            d.add_paragraph(body)
            continue
        width = max(len(r) for r in body)
        table = d.add_table(rows=0, cols=width)
        for row in body:
            cells = table.add_row().cells
            for cell, value in zip(cells, row + [""] * (width - len(row)), strict=True):
                cell.text = value
    d.save(str(out))
    return out


def html_file(text: str, out: Path) -> Path:
    """A saved web page: navigation, a script and a footer around the article, its tables as <table>."""
    from html import escape

    body = []
    for kind, content in blocks(text):
        if kind == "p":
            body.append(f"<p>{escape(content)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in content)
            body.append(f"<table>{rows}</table>")
    page = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bản tin</title>"
            "<script>var tracker = 'Chỉ tiêu 99%';</script><style>p{margin:0}</style></head><body>"
            "<nav><a href='/'>Trang chủ</a> | <a href='/tin'>Tin tức 2024</a></nav><article>"
            + "\n".join(body) + "</article><footer>Bản quyền 2024 — 123 đường ABC</footer></body></html>")
    out.write_text(page, encoding="utf-8")
    return out


TABLE_PT, TABLE_ROW_MM = 9, 7.0   # the ruled table's font size and row height
TABLE_LEFT_MM, TABLE_TOP_MM = 12.0, 40.0


def ruled_table_pdf(title: str, rows: list[list[str]], widths_mm: list[float], out: Path,
                    right: frozenset[int] = frozenset()) -> Path:
    """A born-digital PDF of an appendix table drawn with grid lines, one ruled cell per value (columns in
    `right` right-aligned), its title above it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("Sans", fname=str(font_path(SCAN_FONT_DIRS, SCAN_FONT_NAME)))
    pdf.add_page()
    pdf.set_font("Sans", size=TABLE_PT + 2)
    pdf.set_xy(TABLE_LEFT_MM, 20)
    pdf.cell(0, 8, title)
    pdf.set_font("Sans", size=TABLE_PT)
    pdf.set_line_width(0.3)
    y = TABLE_TOP_MM
    for row in rows:
        x = TABLE_LEFT_MM
        for k, (text, w) in enumerate(zip(row, widths_mm, strict=True)):
            pdf.set_xy(x, y)
            pdf.cell(w, TABLE_ROW_MM, text, border=1, align="R" if k in right else "L")
            x += w
        y += TABLE_ROW_MM
    pdf.output(str(out))
    return out


def rasterised(pdf_path: Path, out: Path, seed: int = 0, noise: float = 0.06) -> Path:
    """The PDF printed and scanned: each page rendered at 300 dpi, grey, with mild noise and a light blur,
    saved as an image-only PDF."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    random.seed(seed)
    pdf = pdfium.PdfDocument(str(pdf_path))
    images = []
    for page in pdf:
        img = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
        img = img.filter(ImageFilter.GaussianBlur(0.5))
        img = Image.blend(img, Image.effect_noise(img.size, 20).convert("L"), noise)
        images.append(img.convert("RGB"))
    pdf.close()
    images[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
    return out
