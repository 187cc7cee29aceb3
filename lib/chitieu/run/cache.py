"""The caches of a run, kept by content in one folder (`<data>/cache` unless `--cache` names another, which
several runs, shards or machines may share):

- `texts/`: a report's text (its `Text`: lines, pages, uncertain words, table cells), by its file's bytes and
  the reading fingerprint (run.fingerprints);
- `records/`: a document's rows in the frames, by its text, its id and the extraction fingerprint;
- `pages/`: an OCR'd page, by its image, the OCR engine and settings (read.pagecache).

So an unchanged report is neither read nor extracted again, a changed cue word extracts again from the kept
texts (no page is rendered or OCR'd), and a change to the readers renders the pages again but takes their OCR
from the page cache. A text read in part (a page that could not be OCR'd) is not kept, nor its rows: it is read
again next time. Entries are never changed, only added; the folder may be deleted at any time."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

from ..read.text import Page, Text
from ..storage import Store
from ..vocab import ReadAs

CACHE = "cache"   # the folder's default name, in the data folder


@dataclass(frozen=True)
class Caches:
    """Where the caches are (None: none) and the fingerprints their keys carry; `fresh` (--force): texts are
    read and extracted again and the cache refreshed (OCR'd pages are still taken from it)."""
    folder: Path | None
    reading: str = ""
    extraction: str = ""
    fresh: bool = False

    def store(self, kind: str) -> Store | None:
        return Store(self.folder / kind) if self.folder is not None else None

    @property
    def pages(self) -> Path | None:
        return self.folder / "pages" if self.folder is not None else None


@dataclass
class Reuse:
    """What a run took from its caches and what it did again."""
    texts: int = 0          # texts taken from the cache
    pages: int = 0          # OCR'd pages taken from the cache (of texts read again)
    extractions: int = 0    # documents whose rows were taken from the cache
    read: int = 0           # texts read
    ocr: int = 0            # pages OCR'd
    extracted: int = 0      # documents extracted
    notebooks: int = 0      # notebooks run (set by the runner)
    resumed: int = 0        # reports an interrupted run had made, taken from its stage
    shards: int = 0         # a merge: the shards gathered
    brought: int = 0        # a merge: the shards' reports brought in

    def add(self, other: Reuse) -> None:
        for name in ("texts", "pages", "extractions", "read", "ocr", "extracted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        """'reused: 58 texts, 12 OCR'd pages, 60 extractions; OCR'd 4 pages; ran 2 notebooks' (a merge: 'merged
        3 shards: 60 reports brought in; ran 1 notebooks')."""
        if self.shards:
            return f"merged {self.shards} shards: {self.brought} reports brought in; ran {self.notebooks} notebooks"
        resumed = f", {self.resumed} reports of the interrupted run" if self.resumed else ""
        return (f"reused: {self.texts} texts, {self.pages} OCR'd pages, {self.extractions} extractions{resumed}; "
                f"OCR'd {self.ocr} pages; ran {self.notebooks} notebooks")


def text_key(raw: bytes, reading: str) -> str:
    return hashlib.sha256(reading.encode() + b"\0" + raw).hexdigest()


def records_key(content: str, doc_id: str, extraction: str) -> str:
    return hashlib.sha256(f"{content}\0{doc_id}\0{extraction}".encode()).hexdigest()


def text_json(text: Text) -> dict:
    """The text as the cache keeps it: everything extraction reads but its id and path (set on the way out)."""
    return {"text": text.text, "source_format": text.source_format,
            "pages": [[p.number, p.start, str(p.read_as), p.engine, p.confidence] for p in text.pages],
            "uncertain": text.uncertain, "boxes": text.boxes}


def content_key(value: dict) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def text_from_json(value: dict, doc_id: str, path: Path) -> Text:
    pages = tuple(Page(n, start, ReadAs(read_as), engine, confidence)
                  for n, start, read_as, engine, confidence in value["pages"])
    return Text.from_string(value["text"], doc_id=doc_id, path=str(path), source_format=value["source_format"],
                            pages=pages, uncertain=tuple(tuple(span) for span in value["uncertain"]),
                            boxes=tuple((a, b, tuple(box)) for a, b, box in value["boxes"]))


def cached_text(raw: bytes, doc_id: str, path: Path, caches: Caches) -> tuple[Text, str] | None:
    """The kept text of a file with these bytes and its content key, or None; a text with OCR'd pages only
    if they were read by the OCR engine there is now (or none is: its pages cannot be read again anyway)."""
    store = caches.store("texts")
    kept = store.get(text_key(raw, caches.reading)) if store is not None and not caches.fresh else None
    if kept is None or not _same_engine(kept["value"]):
        return None
    return text_from_json(kept["value"], doc_id, path), kept["content"]


def _same_engine(value: dict) -> bool:
    from ..read.ocr import OcrUnavailable, engine

    engines = {page[3] for page in value["pages"] if page[2] == ReadAs.OCR}
    if not engines:
        return True
    try:
        return engines == {engine()}
    except OcrUnavailable:
        return True


def keep_text(raw: bytes, text: Text, caches: Caches) -> str:
    """Keep a text just read (unless read in part); its content key."""
    value = text_json(text)
    content = content_key(value)
    store = caches.store("texts")
    if store is not None and not text.problems:
        store.put(text_key(raw, caches.reading), {"content": content, "value": value})
    return content


def cached_rows(content: str, doc_id: str, path: Path, caches: Caches):
    """The kept rows of a document with this text and id, its `path` set, or None."""
    store = caches.store("records")
    kept = store.get(records_key(content, doc_id, caches.extraction)) if store is not None and not caches.fresh else None
    if kept is None:
        return None
    documents, indicators, series, pages = kept
    return [dict(row, path=str(path)) for row in documents], indicators, series, pages


def keep_rows(content: str, doc_id: str, rows, caches: Caches) -> None:
    store = caches.store("records")
    if store is not None and not rows[0][0].get("problems"):
        store.put(records_key(content, doc_id, caches.extraction), rows)


def with_id(text: Text, doc_id: str) -> Text:
    return text if text.doc_id == doc_id else replace(text, doc_id=doc_id)
