"""reports/manifest.json: what each document's report was made from, so an unchanged document is not run again.

A report is a function of the document's rows in the frames (whatever read them: a page OCR'd once Tesseract is
installed changes them), of the validation and notebook stages' fingerprints (run.fingerprints: their code,
reference data, suites, notebooks and libraries) and of the run's parameters (the language); its entry records
them (`report_key`), and the files the report is made of. A document is stale when any of them changed or any
of its files is missing. A document that failed is recorded with its reason (shown until it succeeds), never
as up to date. The comparison's entry holds every document's rows, the notebooks' fingerprint and the
parameters."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..frames.store import DOCUMENT_KEYS
from ..storage import write_text_atomic
from .fingerprints import Fingerprints

MANIFEST = "manifest.json"
COMPARE_KEY = "_compare"   # the entry of the comparison


def rows_fingerprints(frames: dict, docs: list[str]) -> dict[str, str]:
    """A hash of each document's rows in every frame (as JSON, so it is stable across runs and versions)."""
    hashes = {d: hashlib.sha256(d.encode()) for d in docs}
    for name, key in DOCUMENT_KEYS.items():
        frame = frames.get(name)
        if frame is None or frame.is_empty():
            continue
        for (doc,), part in frame.filter(frame[key].is_in(docs)).partition_by(key, as_dict=True).items():
            hashes[doc].update(name.encode())
            hashes[doc].update(json.dumps(part.to_dicts(), default=str, sort_keys=True).encode())
    return {d: h.hexdigest() for d, h in hashes.items()}


def report_key(rows: str, prints: Fingerprints, params: dict) -> dict:
    """What a document's report is made from: its rows, its checks (the validation stage) and the notebook."""
    return {"rows": rows, "validation": prints.validation, "notebooks": prints.notebooks, "params": params}


def compare_key(rows: dict[str, str], prints: Fingerprints, params: dict) -> dict:
    """What the comparison is made from: every document's rows, the notebook."""
    every = hashlib.sha256(json.dumps(sorted(rows.items())).encode()).hexdigest()
    return {"rows": every, "notebooks": prints.notebooks, "params": params}


def entry(key: dict, folder: Path) -> dict:
    """The record of a report just made in `folder`: what it was made from, and its files."""
    return key | {"outputs": sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*")
                                    if p.is_file() and not p.name.startswith("."))}


def up_to_date(recorded: dict | None, key: dict, folder: Path) -> bool:
    """A report made from what `key` says, none of whose files is missing."""
    return bool(isinstance(recorded, dict) and all(recorded.get(k) == v for k, v in key.items())
                and recorded.get("outputs") and all((Path(folder) / f).exists() for f in recorded["outputs"]))


def load_manifest(out_root: Path) -> dict:
    try:
        manifest = json.loads((Path(out_root) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def save_manifest(out_root: Path, manifest: dict) -> None:
    write_text_atomic(Path(out_root) / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
