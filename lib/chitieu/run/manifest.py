"""reports/manifest.json: what each document's report was made from, so an unchanged document is not run again.

A report is a function of the document's rows in the frames (whatever read them: a page OCR'd once Tesseract is
installed changes them), chitieu's code, reference data, suites and notebooks (`code_fingerprint`) and the
run's parameters (the language); its entry records the three, and the files the report is made of. A document
is stale when any of them changed or any of its files is missing. A document that failed is recorded with its
reason (shown until it succeeds), never as up to date."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..paths import NOTEBOOKS
from ..storage import write_text_atomic

MANIFEST = "manifest.json"
COMPARE_KEY = "_compare"   # the entry of the comparison: every document's rows, the code and the parameters
FRAME_KEYS = {"documents": "doc_id", "indicators": "doc", "series": "doc", "pages": "doc_id"}


def code_fingerprint(notebooks_dir: Path = NOTEBOOKS) -> str:
    """What a document's report depends on besides its rows: chitieu's version and sources, the reference
    data, the suites and the notebook sources. A change to any of them reruns every document."""
    from .. import __version__
    from ..paths import EXPECTATIONS, PACKAGE_DIR, REFERENCE

    h = hashlib.sha256(__version__.encode())
    files = [(f.relative_to(PACKAGE_DIR).as_posix(), f) for f in sorted(PACKAGE_DIR.rglob("*.py"))]
    files += [(f.name, f) for f in sorted(REFERENCE.glob("*.csv")) + sorted(EXPECTATIONS.glob("*.json"))
              + sorted(Path(notebooks_dir).glob("*.py"))]
    for name, f in files:
        h.update(name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def rows_fingerprints(frames: dict, docs: list[str]) -> dict[str, str]:
    """A hash of each document's rows in every frame (as JSON, so it is stable across runs and versions)."""
    hashes = {d: hashlib.sha256(d.encode()) for d in docs}
    for name, key in FRAME_KEYS.items():
        frame = frames.get(name)
        if frame is None or frame.is_empty():
            continue
        for (doc,), part in frame.filter(frame[key].is_in(docs)).partition_by(key, as_dict=True).items():
            hashes[doc].update(name.encode())
            hashes[doc].update(json.dumps(part.to_dicts(), default=str, sort_keys=True).encode())
    return {d: h.hexdigest() for d, h in hashes.items()}


def entry(rows: str, code: str, params: dict, folder: Path) -> dict:
    """The record of a report just made in `folder`: what it was made from, and its files."""
    return {"rows": rows, "code": code, "params": params,
            "outputs": sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                              if p.is_file() and not p.name.startswith("."))}


def up_to_date(recorded: dict | None, rows: str, code: str, params: dict, folder: Path) -> bool:
    """A report made from these rows, code and parameters, none of whose files is missing."""
    return bool(isinstance(recorded, dict) and recorded.get("rows") == rows and recorded.get("code") == code
                and recorded.get("params") == params and recorded.get("outputs")
                and all((Path(folder) / f).exists() for f in recorded["outputs"]))


def compare_fingerprint(fingerprints: dict[str, str], code: str, params: dict) -> str:
    return hashlib.sha256(json.dumps([sorted(fingerprints.items()), code, params]).encode()).hexdigest()


def load_manifest(out_root: Path) -> dict:
    try:
        manifest = json.loads((Path(out_root) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def save_manifest(out_root: Path, manifest: dict) -> None:
    write_text_atomic(Path(out_root) / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
