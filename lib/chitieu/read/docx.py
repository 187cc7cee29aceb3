"""A Word file's text (python-docx): its paragraphs and tables in document order, a blank line between them, a
table one row per line between '|' rules (read.layout). A cell merged across columns is written once."""

from __future__ import annotations

import io
from pathlib import Path
from zipfile import BadZipFile, ZipFile

from ..errors import InputError
from .layout import table_lines
from .limits import current as current_limits
from .limits import figure
from .text import Page, Text, doc_id_for

PARAGRAPH_BREAK = "\n\n"   # a Word paragraph is a paragraph of the text (a blank line between them)


def _rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:   # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
        rows.append(cells)
    return rows


def _check_unpacked_size(path: Path, raw: bytes) -> None:
    """InputError when the zip's parts unpack past the limit, before any is unpacked (zipfile holds each part
    to the size its directory declares)."""
    with ZipFile(io.BytesIO(raw)) as z:
        size = sum(info.file_size for info in z.infolist())
    if size > current_limits().unpacked_bytes:
        raise InputError(path, current_limits().over(
            "unpacked_bytes", f"is a Word file of {figure(len(raw))} bytes that unpacks to {figure(size)}"))


def read_docx(path: Path, raw: bytes) -> Text:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError

    try:
        _check_unpacked_size(path, raw)
        document = docx.Document(io.BytesIO(raw))
    except (BadZipFile, KeyError, ValueError, PackageNotFoundError, XMLSyntaxError) as exc:
        raise InputError(path, f"is not a readable Word (.docx) file ({type(exc).__name__}: {exc})") from None
    blocks: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(block, document).text
            if para.strip():
                blocks.append(para)
        elif tag == "tbl":
            blocks.append("\n".join(table_lines(_rows(Table(block, document)))))
    text = PARAGRAPH_BREAK.join(blocks)
    if not text.strip():
        raise InputError(path, "is a Word file without any text")
    return Text.from_string(text, doc_id=doc_id_for(path), path=str(path), source_format="docx",
                            pages=(Page(1, 0, engine="python-docx"),))
