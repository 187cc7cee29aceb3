"""The documents of a run: which files (every raw folder must exist; a document id that another file already has,
or that names one of the run's own outputs, is refused by name), their frames, extracted one document per task
in worker processes held to the time limit, and, for `--docs`, those documents' rows set inside the frames the
previous run left."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..errors import ChitieuError
from ..frames.build import document_rows, error_rows, frames_of
from ..frames.store import FRAME_NAMES, read_frames
from ..read.limits import Limits, using
from ..read.text import REPORT_SUFFIXES, doc_id_for
from .manifest import FRAME_KEYS, MANIFEST
from .notebooks import COMPARE
from .workers import failure, guarded, pool

INDEX = "index.html"   # the landing page report.index.write_index writes in the reports folder
# the names the run and `chitieu validate` write in the reports folder beside the documents' folders (cli's
# validate writes validation/ and data_docs/); the run's hidden files (.chitieu.lock, .chitieu-stage) cannot
# collide: a document id never starts with a dot
RESERVED = (COMPARE, INDEX, MANIFEST, "validation", "data_docs")


def report_files(*raw_dirs: Path) -> list[Path]:
    """The reports of these folders, folder by folder: texts, PDFs, Word files and saved web pages (their
    content decides how each is read)."""
    return [p for d in raw_dirs if Path(d).is_dir()
            for p in sorted(Path(d).iterdir()) if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES]


def choose_files(raw_dirs, docs: list[str] | None) -> tuple[list[Path], dict[Path, str]]:
    """The report files to read (only `docs` when given) and the ones refused, with why. A raw folder that
    does not exist is an error (a mistyped --raw must not read as 'no reports')."""
    missing = [str(d) for d in raw_dirs if not Path(d).is_dir()]
    if missing:
        raise ChitieuError(f"no such folder of reports: {', '.join(missing)}; nothing was changed")
    paths = report_files(*raw_dirs)
    if docs:
        wanted = set(docs)
        paths = [p for p in paths if doc_id_for(p) in wanted]
        absent = wanted - {doc_id_for(p) for p in paths}
        if absent:
            folders = ", ".join(str(d) for d in raw_dirs)
            raise ChitieuError(f"no report in {folders} for: {', '.join(sorted(absent))}; nothing was changed")
    refused = duplicate_ids(paths) | reserved_ids(paths)
    return [p for p in paths if p not in refused], refused


def duplicate_ids(paths: list[Path]) -> dict[Path, str]:
    """Files whose document id another file already has: the later ones are refused, by name."""
    seen: dict[str, Path] = {}
    dup = {}
    for p in paths:
        d = doc_id_for(p)
        if d in seen:
            dup[p] = f"{p}: document id {d!r} is already taken by {seen[d]}; rename one of them"
        else:
            seen[d] = p
    return dup


def reserved_ids(paths: list[Path]) -> dict[Path, str]:
    """Files whose document id is the name of one of the run's own outputs (its folder would be that output)."""
    reserved = {name.casefold() for name in RESERVED}
    return {p: f"{p}: document id {doc_id_for(p)!r} is the name of one of the run's outputs "
               f"({', '.join(RESERVED)}); rename the file"
            for p in paths if doc_id_for(p).casefold() in reserved}


def extract(paths: list[Path], refused: dict[Path, str], jobs: int, limits: Limits) -> dict[str, pl.DataFrame]:
    """The frames of every file, each read in a worker process: a file past the time limit, or whose worker
    dies, is a documents row with why; a refused file is one with its refusal."""
    page_jobs = jobs if len(paths) == 1 else 1   # a lone report: its scanned pages OCR'd `jobs` at once
    read = []
    if paths:
        with pool(min(jobs, len(paths))) as workers:
            futures = [(p, workers.schedule(guarded, (_read_one, str(p), page_jobs, limits), timeout=limits.seconds))
                       for p in paths]
            for p, future in futures:
                try:
                    read.append(future.result())
                except Exception as exc:  # noqa: BLE001 - past its limit, or its worker died: this file fails
                    read.append(error_rows(p, f"{p}: {failure(exc, limits.seconds, 'reading it')}"))
    return frames_of(read + [error_rows(p, why) for p, why in refused.items()])


def _read_one(path: str, page_jobs: int, limits: Limits):
    with using(limits):
        return document_rows(path, page_jobs)


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
        key = FRAME_KEYS[name]
        kept = previous[name].filter(~pl.col(key).is_in(docs)) if name in previous else new[name].clear()
        merged[name] = pl.concat([kept, new[name]], how="diagonal_relaxed").select(new[name].columns)
    return merged


def readable(documents: pl.DataFrame) -> int:
    return documents.filter(pl.col("error").is_null()).height
