"""The limits a document is held to, named and configurable (`chitieu run --max-...`): a hostile or unlucky file
fails alone, with the limit in its message, instead of taking the machine's memory or the batch's time.

The readers check the first three where they read (`current()`); `seconds` is held by the runner, which stops
the work of a document past it (run.workers, run.notebooks)."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, fields

MEGA = 1_000_000


@dataclass(frozen=True)
class Limits:
    page_pixels: int = 100 * MEGA       # a PDF page rendered for OCR: A4 at 300 dpi is 8.7 Mpx, A0 140 Mpx
    unpacked_bytes: int = 100 * MEGA    # a Word file's unzipped parts, a web page's bytes (a 946 KB .docx once
    #                                     unpacked to 268 MB of XML)
    characters: int = 20 * MEGA         # a report's text (the longest example report has 0.1 M characters)
    seconds: float = 900.0              # reading and extracting one document, and running its notebook, each

    def over(self, name: str, what: str) -> str:
        """'… is 60 001 × 60 001 px at 300 dpi, over the limit of 100 000 000 pixels per page (--max-page-pixels)'."""
        return f"{what}, over the limit of {figure(getattr(self, name))} {UNITS[name]} ({option(name)})"


UNITS = {"page_pixels": "pixels per page", "unpacked_bytes": "bytes unpacked", "characters": "characters",
         "seconds": "s per document"}
NAMES = tuple(f.name for f in fields(Limits))


def option(name: str) -> str:
    """The command-line option of a limit: page_pixels → --max-page-pixels."""
    return "--max-" + name.replace("_", "-")


def figure(value: float) -> str:
    """60001 → '60 001', 2.5 → '2.5': a count as the messages print it."""
    return f"{value:,.0f}".replace(",", " ") if value >= 1000 or float(value).is_integer() else f"{value:g}"


_ACTIVE = [Limits()]


def current() -> Limits:
    """The limits of the document being read."""
    return _ACTIVE[-1]


@contextmanager
def using(limits: Limits):
    """Read under these limits (a run's, from its command line)."""
    _ACTIVE.append(limits)
    try:
        yield limits
    finally:
        _ACTIVE.pop()
