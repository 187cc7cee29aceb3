from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
EXAMPLES = ROOT / "data" / "examples"
SEED_PROVINCE = RAW / "000_73e3681ba0af4d5b.txt"
SEED_CITY = RAW / "004_c6649bda9ff7de5a.txt"


@pytest.fixture
def write_report(tmp_path):
    """Write a report text (str or bytes) to a file and return its path."""

    def _write(text, name="report.txt"):
        p = tmp_path / name
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    return _write


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory):
    """`chitieu run` on what `make run` reads — the seed reports and the example corpus of ~40 localities —
    into a temporary folder, once per test session."""
    import shutil

    from chitieu.cli import main

    root = tmp_path_factory.mktemp("run")
    raw, data, out = root / "raw", root / "processed", root / "reports"
    shutil.copytree(RAW, raw)
    for path in EXAMPLES.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    code = main(["run", "--raw", str(raw), "--data", str(data), "--out", str(out), "--jobs", "2", "--quiet"])
    return {"code": code, "raw": raw, "data": data, "out": out}
