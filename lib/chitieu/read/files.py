"""Reading a report file of any format: the content decides (not only the suffix), and the format's reader
(pdf, docx, html; plain text here) turns it into one `Text` with pages."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from .limits import current as current_limits
from .limits import figure
from .text import Text, decode, doc_id_for

PDF_MAGIC = b"%PDF-"

ZIP_MAGIC = b"PK\x03\x04"     # a .docx is a zip holding word/document.xml

HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>]", re.IGNORECASE | re.DOTALL)

def sniff(raw: bytes) -> str:
    """The file's format from its first bytes: pdf, docx, html or txt (whatever its suffix says)."""
    if raw[:1024].lstrip().startswith(PDF_MAGIC):
        return "pdf"
    if raw.startswith(ZIP_MAGIC):
        return "docx"
    head = raw[:2048].removeprefix(codecs.BOM_UTF8)
    if HTML_START.match(head):
        return "html"
    return "txt"

def read_text(path: str | Path, jobs: int = 1) -> Text:
    """Read one report of any format; InputError (naming the file) when it is empty or cannot be read.
    `jobs`: OCR'd pages read at once (one Tesseract process each)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise InputError(p, "is empty")
    kind = sniff(raw)
    if kind == "pdf":
        from .pdf import read_pdf

        return _within_limit(p, read_pdf(p, raw, jobs=jobs))
    if kind == "docx":
        from .docx import read_docx

        return _within_limit(p, read_docx(p, raw))
    if kind == "html":
        from .html import read_html

        return read_html(p, _within_limit(p, decode(raw, p)))
    return Text.from_string(_within_limit(p, decode(raw, p)), doc_id=doc_id_for(p), path=str(p))


def _within_limit(path: Path, text):
    """The text (a str or a Text), or an InputError when it is longer than the limit of characters; a plain
    text is measured before it is split into lines and read (a 50 MB text once held a batch for a quarter of
    an hour)."""
    n = len(text if isinstance(text, str) else text.text)
    if n > current_limits().characters:
        raise InputError(path, current_limits().over("characters", f"has {figure(n)} characters"))
    return text
