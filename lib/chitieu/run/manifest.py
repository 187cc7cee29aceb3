"""reports/manifest.json: what each document's report was made from (its text's hash and a fingerprint of
chitieu's code, reference data, suites and notebooks), so an unchanged document is not run again."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..paths import NOTEBOOKS
from ..storage import write_text_atomic

MANIFEST = "manifest.json"
COMPARE_KEY = "_compare"   # the entry of the comparison: a hash of every document's text, the code and the language


def code_fingerprint(notebooks_dir: Path = NOTEBOOKS) -> str:
    """What a document's report depends on besides its text: chitieu's version and sources, the reference
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


def text_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_manifest(out_root: Path) -> dict:
    try:
        return json.loads((out_root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def up_to_date(entry: dict | None, text: str, code: str, report: Path) -> bool:
    """A document whose text and code are those its report was made from, and whose report is there."""
    return bool(entry and entry.get("text") == text and entry.get("code") == code and Path(report).exists())


def save_manifest(out_root: Path, manifest: dict) -> None:
    write_text_atomic(Path(out_root) / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
