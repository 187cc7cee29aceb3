"""The documents of a run: which files (every raw folder must exist and is read with its sub-folders; a document
id that another file already has, or that names one of the run's own outputs, is refused by name; a shard
keeps its share), their frames, each document read and extracted in a worker process held to the time limit
unless the caches hold it (run.cache), and, for `--docs`, those documents' rows set inside the frames the
previous run left."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ..errors import ChitieuError
from ..frames.build import error_rows, frames_of, rows_of, rows_or_error
from ..frames.store import DOCUMENT_KEYS, FRAME_NAMES, read_frames
from ..read.limits import Limits, using
from ..read.text import REPORT_SUFFIXES, doc_id_for
from .cache import Caches, Reuse, cached_rows, cached_text, keep_rows, keep_text, with_id
from .manifest import MANIFEST
from .notebooks import COMPARE
from .workers import failure, guarded, pool

INDEX = "index.html"   # the landing page report.index.write_index writes in the reports folder
# the names the run and `chitieu validate` write in the reports folder beside the documents' folders (cli's
# validate writes validation/ and data_docs/); the run's hidden files (.chitieu.lock, .chitieu-stage) cannot
# collide: a document id never starts with a dot
RESERVED = (COMPARE, INDEX, MANIFEST, "validation", "data_docs")


@dataclass(frozen=True)
class Shard:
    """`--shard I/N`: the documents whose id hashes to I (1 ≤ I ≤ N), the same on every machine and run."""
    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        try:
            index, count = (int(v) for v in text.split("/"))
        except ValueError:
            raise ChitieuError(f"--shard {text}: give it as I/N, e.g. 2/8") from None
        if not 1 <= index <= count:
            raise ChitieuError(f"--shard {text}: I must be between 1 and N")
        return cls(index, count)

    def holds(self, doc_id: str) -> bool:
        return int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % self.count == self.index - 1

    @property
    def name(self) -> str:
        return f"{self.index}-of-{self.count}"


@dataclass
class Corpus:
    """The files a run reads (path → document id, in the order of the frames) and the ones refused (path →
    (id, why)); `order`: each document's place in the frames of a run over every file (a shard's documents
    keep theirs, so merged shards are in a single run's order)."""
    files: dict[Path, str]
    refused: dict[Path, tuple[str, str]]
    order: dict[str, int]

    @property
    def asked(self) -> set[str]:
        return set(self.files.values()) | {d for d, _ in self.refused.values()}


def report_files(*raw_dirs: Path) -> dict[Path, str]:
    """The reports of these folders and their sub-folders (hidden ones aside), folder by folder, each with its
    document id (relative to its raw folder: a file at the top keeps its stem): texts, PDFs, Word files and
    saved web pages (their content decides how each is read)."""
    found: dict[Path, str] = {}
    for root in (Path(d) for d in raw_dirs if Path(d).is_dir()):
        listed = []
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [s for s in subfolders if not s.startswith(".")]
            listed += [Path(folder) / n for n in names if Path(n).suffix.lower() in REPORT_SUFFIXES]
        found |= {p: doc_id_for(p, root) for p in sorted(listed) if p.is_file()}
    return found


def choose_files(raw_dirs, docs: list[str] | None, shard: Shard | None = None) -> Corpus:
    """The report files to read (only `docs` when given, only the shard's with `shard`) and the ones refused,
    with why. A raw folder that does not exist is an error (a mistyped --raw must not read as 'no reports')."""
    missing = [str(d) for d in raw_dirs if not Path(d).is_dir()]
    if missing:
        raise ChitieuError(f"no such folder of reports: {', '.join(missing)}; nothing was changed")
    listed = report_files(*raw_dirs)
    refused = {p: (listed[p], why) for p, why in (duplicate_ids(listed) | reserved_ids(listed)).items()}
    files = {p: d for p, d in listed.items() if p not in refused}
    order = {d: n for n, d in enumerate([*files.values(), *(d for d, _ in refused.values())])}
    if docs:
        wanted = set(docs)
        absent = wanted - set(listed.values())
        if absent:
            folders = ", ".join(str(d) for d in raw_dirs)
            raise ChitieuError(f"no report in {folders} for: {', '.join(sorted(absent))}; nothing was changed")
        files = {p: d for p, d in files.items() if d in wanted}
        refused = {p: r for p, r in refused.items() if r[0] in wanted}
    if shard:
        files = {p: d for p, d in files.items() if shard.holds(d)}
        refused = {p: r for p, r in refused.items() if shard.holds(r[0])}
    return Corpus(files, refused, order)


def duplicate_ids(listed: dict[Path, str]) -> dict[Path, str]:
    """Files whose document id another file already has: the later ones are refused, by name."""
    seen: dict[str, Path] = {}
    dup = {}
    for p, d in listed.items():
        if d in seen:
            dup[p] = f"{p}: document id {d!r} is already taken by {seen[d]}; rename one of them"
        else:
            seen[d] = p
    return dup


def reserved_ids(listed: dict[Path, str]) -> dict[Path, str]:
    """Files whose document id is the name of one of the run's own outputs (its folder would be that output)."""
    reserved = {name.casefold() for name in RESERVED}
    return {p: f"{p}: document id {d!r} is the name of one of the run's outputs ({', '.join(RESERVED)}); "
               "rename the file"
            for p, d in listed.items() if d.casefold() in reserved}


def extract(corpus: Corpus, jobs: int, limits: Limits, caches: Caches) -> tuple[dict[str, pl.DataFrame], Reuse]:
    """The frames of every file and what was reused: a document the caches hold is taken from them here; every
    other is read in a worker process, where a file past the time limit, or whose worker dies, is a documents
    row with why; a refused file is one with its refusal."""
    reuse, done = Reuse(), {}
    for p, d in corpus.files.items():
        kept = _kept(p, d, caches)
        if kept is not None:
            done[p] = kept
            reuse.texts += 1
            reuse.extractions += 1
    todo = [p for p in corpus.files if p not in done]
    page_jobs = jobs if len(todo) == 1 else 1   # a lone report: its scanned pages OCR'd `jobs` at once
    if todo:
        with pool(min(jobs, len(todo))) as workers:
            futures = [(p, workers.schedule(guarded, (_read_one, str(p), corpus.files[p], page_jobs, limits, caches),
                                            timeout=limits.seconds)) for p in todo]
            for p, future in futures:
                try:
                    done[p], counts = future.result()
                    reuse.add(counts)
                except Exception as exc:  # noqa: BLE001 - past its limit, or its worker died: this file fails
                    done[p] = error_rows(p, f"{p}: {failure(exc, limits.seconds, 'reading it')}", corpus.files[p])
    read = [done[p] for p in corpus.files]
    return frames_of(read + [error_rows(p, why, d) for p, (d, why) in corpus.refused.items()]), reuse


def _kept(path: Path, doc_id: str, caches: Caches):
    """The rows of a document whose text and rows the caches hold, or None."""
    if caches.folder is None or caches.fresh:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None   # the worker names the problem
    kept = cached_text(raw, doc_id, path, caches)
    return cached_rows(kept[1], doc_id, path, caches) if kept is not None else None


def _read_one(path: str, doc_id: str, page_jobs: int, limits: Limits, caches: Caches):
    """A document's rows, in a worker: its text from the cache or read (its OCR'd pages from the page cache),
    its rows from the cache or extracted; and what was reused."""
    from ..extract.document import extract_text
    from ..read import pagecache
    from ..read.files import read_text

    p, reuse = Path(path), Reuse()
    before = Counter(pagecache.COUNTS)

    def rows():
        raw = p.read_bytes()
        kept = cached_text(raw, doc_id, p, caches)
        if kept is None:
            text = with_id(read_text(p, jobs=page_jobs), doc_id)
            content = keep_text(raw, text, caches)
            reuse.read += 1
        else:
            (text, content), reuse.texts = kept, 1
        made = cached_rows(content, doc_id, p, caches)
        if made is None:
            made = rows_of(*extract_text(text), p)
            keep_rows(content, doc_id, made, caches)
            reuse.extracted += 1
        else:
            reuse.extractions += 1
        return made

    with using(limits), pagecache.using(caches.pages):
        made = rows_or_error(p, rows, doc_id)
    counts = Counter(pagecache.COUNTS) - before
    reuse.pages, reuse.ocr = counts["reused"], counts["ocr"]
    return made, reuse


def previous_frames(data_dir: Path) -> dict[str, pl.DataFrame] | None:
    """The frames the last run left in data_dir, or None (none, or unreadable)."""
    try:
        return read_frames(data_dir) if (Path(data_dir) / "documents.parquet").exists() else None
    except (OSError, pl.exceptions.PolarsError):
        return None


def merge(previous: dict[str, pl.DataFrame] | None, new: dict[str, pl.DataFrame], docs: list[str]) -> dict:
    """The previous frames with these documents' rows replaced by the new ones (a `--docs` run)."""
    if previous is None:
        return new
    merged = {}
    for name in FRAME_NAMES:
        key = DOCUMENT_KEYS[name]
        kept = previous[name].filter(~pl.col(key).is_in(docs)) if name in previous else new[name].clear()
        merged[name] = pl.concat([kept, new[name]], how="diagonal_relaxed").select(new[name].columns)
    return merged


def readable(documents: pl.DataFrame) -> int:
    return documents.filter(pl.col("error").is_null()).height
