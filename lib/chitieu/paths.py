"""One place that knows where things live, so notebooks, CLI and tests agree."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _find_root() -> Path:
    """The project root: $CHITIEU_ROOT, else the checkout that holds this package (lib/chitieu)."""
    env = os.environ.get("CHITIEU_ROOT")
    if env:
        return Path(env).resolve()
    return PACKAGE_DIR.parent.parent


ROOT = _find_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
EXAMPLES = DATA / "examples"  # the example corpus: texts of ~60 localities, read by `make run` beside data/raw
PROCESSED = DATA / "processed"
REFERENCE = DATA / "reference"
EXPECTATIONS = ROOT / "expectations"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
GOLD = ROOT / "tests" / "fixtures" / "gold"        # the seed reports' gold (texts in data/raw)
DEVSET = ROOT / "tests" / "fixtures" / "devset"    # gold and metadata of the example corpus (texts in data/examples)
PROBE = ROOT / "tests" / "fixtures" / "probe"      # texts written to probe unseen layouts, with their gold beside them
