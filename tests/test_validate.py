import json
import shutil
import subprocess
import sys

import polars as pl
import pytest

from chitieu.checks.suites import SuiteError, build_expectations, load_suites, run_suites
from chitieu.frames.build import build_frames
from conftest import ROOT, SEED_CITY, SEED_PROVINCE

CLEAN = ROOT / "tests" / "fixtures" / "fragments" / "consistent_city.txt"


@pytest.fixture(scope="module")
def clean():
    return build_frames([CLEAN])


def failed(findings):
    return {(f.suite, f.expectation, f.column) for f in findings if not f.success}


def test_suite_files_are_valid_json_schema_and_gx():
    import jsonschema

    schema = json.loads((ROOT / "expectations" / "schema" / "suite.schema.json").read_text())
    suites = load_suites()
    assert {s["frame"] for s in suites} == {"documents", "indicators", "series", "reconciliation"}
    for spec in suites:
        jsonschema.validate({k: v for k, v in spec.items() if k != "path"}, schema)
        assert len(build_expectations(spec)) == len(spec["expectations"])


def test_clean_frames_pass_every_suite(clean):
    findings, raw = run_suites(clean)
    assert findings and not failed(findings)
    assert set(raw) == {"documents", "indicators", "series", "reconciliation"}


def _set(df: pl.DataFrame, key: str, **values) -> pl.DataFrame:
    return df.with_columns(**{c: pl.when(pl.col("key") == key).then(pl.lit(v)).otherwise(pl.col(c))
                              for c, v in values.items()})


CORRUPTIONS = {
    "a share of 140%": (lambda d: _set(_set(d, "p2", actual=140.0), "t2", actual=140.0),
                        {("indicators", "expect_column_values_to_be_in_set", "value_in_range")}),
    "a rate in billion VND": (lambda d: _set(d, "p2", unit="billion VND"),
                              {("indicators", "expect_column_values_to_be_in_set", "unit_fits_concept")}),
    "a growth equal to a share": (lambda d: _set(d, "t3", concept="per_capita_income_growth", unit="%", actual=0.5,
                                                 target=None, target_op=None, status=None),
                                  {("indicators", "expect_column_values_to_be_in_set", "growth_not_share")}),
    "a rank read as a value": (lambda d: _set(d, "p2", name_raw="Tỷ lệ tham gia bảo hiểm y tế đứng thứ"),
                               {("indicators", "expect_column_values_to_be_in_set", "not_a_rank")}),
    "'vượt' below the target": (lambda d: _set(_set(d, "p3", actual=80.0), "t3", actual=80.0),
                                {("indicators", "expect_column_values_to_be_in_set", "status_consistent")}),
    "a missing line": (lambda d: _set(d, "t1", line=None),
                       {("indicators", "expect_column_values_to_not_be_null", "line")}),
    "a duplicated key": (lambda d: pl.concat([d, d.filter(pl.col("key") == "t1")]),
                         {("indicators", "expect_compound_columns_to_be_unique", None)}),
    "a prose/table mismatch": (lambda d: _set(d, "t2", actual=97.0),
                               {("reconciliation", "expect_column_values_to_be_in_set", "agree")}),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corruption_fails_exactly_the_intended_expectation(clean, name):
    corrupt, expected = CORRUPTIONS[name]
    findings, _ = run_suites(dict(clean, indicators=corrupt(clean["indicators"])))
    assert failed(findings) == expected
    bad = [f for f in findings if not f.success]
    assert all(f.rows for f in bad if f.column), "each failure names its rows"


def test_seed_findings_show_conflicts_and_repairs():
    findings, _ = run_suites(build_frames([SEED_PROVINCE, SEED_CITY]))
    rec = next(f for f in findings if f.suite == "reconciliation")
    assert not rec.success and any(r["doc"] == "004_c6649bda9ff7de5a" and "verdict" in r["differences"]
                                   for r in rec.rows)  # health insurance: prose 'vượt', table 'Đạt'
    repaired = next(f for f in findings if f.column == "ocr_repaired")
    assert repaired.unexpected_count >= 10


def test_unknown_expectation_type_is_an_error(tmp_path, clean):
    (tmp_path / "x.json").write_text('{"name": "x", "frame": "indicators", "expectations": '
                                     '[{"type": "expect_the_moon", "kwargs": {}}]}')
    with pytest.raises(SuiteError, match="expect_the_moon"):
        run_suites(clean, suite_dir=tmp_path)


def _offline(cmd):
    """Run with the network unreachable (a new network namespace) where the machine allows it."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"], check=False).returncode == 0:
        return ["unshare", "-rn"] + cmd
    return cmd


def test_validate_cli_offline_writes_results_and_data_docs(tmp_path):
    out, docs = tmp_path / "validation", tmp_path / "data_docs"
    cmd = _offline([sys.executable, "-m", "chitieu.cli", "validate", str(SEED_PROVINCE), str(SEED_CITY),
                    "--out", str(out), "--docs", str(docs)])
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    assert "suite indicators:" in r.stdout and "FAILED" in r.stdout and "line" in r.stdout
    assert {p.name for p in out.glob("*.json")} == {"documents.json", "indicators.json", "series.json",
                                                    "reconciliation.json"}
    assert (docs / "index.html").exists()
    strict = subprocess.run(cmd + ["--strict"], capture_output=True, text=True, timeout=300, check=False)
    assert strict.returncode == 1


def test_extract_does_not_import_great_expectations():
    code = ("import sys, io, contextlib\nfrom chitieu.cli import main\n"
            f"with contextlib.redirect_stdout(io.StringIO()): main(['extract', r'{SEED_CITY}'])\n"
            "assert 'great_expectations' not in sys.modules and 'altair' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
