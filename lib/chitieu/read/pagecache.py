"""OCR'd pages kept by content: a scanned page's text is a function of its image, the OCR engine (Tesseract's
version and language) and the settings and code that read it (`ocr`, `scan`, `ruled`, `layout`, OpenCV), so a
page once OCR'd is never OCR'd again, whichever report, run or machine (a folder shared by a cluster's jobs)
meets it. A page Tesseract could not read is not kept: it is tried again next time.

A run names the folder (`using`); without one, pages are read as they come. `COUNTS` says, per process, how
many pages were taken from the folder and how many were OCR'd."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from contextlib import contextmanager
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from ..storage import Store
from .ocr import LANG, PSM, engine
from .scan import ScanPage, read_scanned_page

# the modules whose code and constants turn a page image into its text: a change to any of them re-OCRs
OCR_MODULES = ("ocr.py", "scan.py", "ruled.py", "layout.py")
OCR_LIBRARIES = ("opencv-python-headless", "numpy")

_ACTIVE: list[Store | None] = [None]
COUNTS: Counter = Counter()   # "reused": pages taken from the cache, "ocr": pages OCR'd
_LOCK = threading.Lock()       # pages are OCR'd in threads


@contextmanager
def using(folder: Path | None):
    """Keep and reuse OCR'd pages in `folder` (None: no cache) within the block."""
    _ACTIVE.append(Store(folder) if folder is not None else None)
    try:
        yield
    finally:
        _ACTIVE.pop()


@lru_cache(maxsize=4)
def settings(engine_name: str) -> str:
    """A hash of what, beside the image, decides a page's text: the engine, language and page segmentation,
    the code of the OCR modules, the versions of OpenCV and NumPy."""
    h = hashlib.sha256(f"{engine_name}\0{LANG}\0{PSM}".encode())
    for name in OCR_MODULES:
        h.update((Path(__file__).parent / name).read_bytes())
    for lib in OCR_LIBRARIES:
        h.update(f"{lib}={version(lib)}".encode())
    return h.hexdigest()


def page_key(png: Path) -> str:
    return hashlib.sha256(settings(engine()).encode() + Path(png).read_bytes()).hexdigest()


def read_page(png: Path) -> ScanPage:
    """The page's text, from the cache when this image was OCR'd before with these settings."""
    store = _ACTIVE[-1]
    if store is None:
        return _ocr(png)
    key = page_key(png)
    kept = store.get(key)
    if kept is not None:
        _count("reused")
        return from_json(kept)
    page = _ocr(png)
    store.put(key, to_json(page))
    return page


def _ocr(png: Path) -> ScanPage:
    page = read_scanned_page(png)
    _count("ocr")
    return page


def _count(what: str) -> None:
    with _LOCK:
        COUNTS[what] += 1


def to_json(page: ScanPage) -> dict:
    return {"text": page.text, "confidence": page.confidence, "uncertain": page.uncertain, "boxes": page.boxes}


def from_json(value: dict) -> ScanPage:
    return ScanPage(value["text"], value["confidence"], tuple(tuple(span) for span in value["uncertain"]),
                    tuple((a, b, tuple(box)) for a, b, box in value["boxes"]))
