"""Reading a report: bytes -> one frozen str whose offsets every extraction is grounded on."""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import InputError

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
    if raw.startswith(b"%PDF"):
        raise InputError(path, "is a PDF, not OCR text; extract its text first (e.g. pdftotext)")
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


def doc_id_for(path: str | Path) -> str:
    """The file stem, made safe to use as a folder name, a URL part and a notebook parameter."""
    stem = unicodedata.normalize("NFC", Path(path).name)
    for suffix in (".txt", ".ocr"):
        stem = stem.removesuffix(suffix)
    safe = _DOC_ID_UNSAFE.sub("_", stem).strip("._-") or "document"
    return re.sub(r"\.{2,}", ".", safe)


@dataclass(frozen=True)
class Text:
    """A report's frozen text with line starts, so offsets map to 1-based line numbers."""

    doc_id: str
    text: str
    path: str = ""
    line_starts: tuple[int, ...] = field(default=(), compare=False)

    @classmethod
    def from_string(cls, text: str, doc_id: str = "document", path: str = "") -> Text:
        text = normalise(text)
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        return cls(doc_id=doc_id, text=text, path=path, line_starts=tuple(starts))

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


def read_text(path: str | Path) -> Text:
    """Read one report; InputError (naming the file) when it is empty or not text."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(p, f"cannot be read ({exc.strerror})") from None
    if not raw.strip():
        raise InputError(p, "is empty")
    return Text.from_string(decode(raw, p), doc_id=doc_id_for(p), path=str(p))
