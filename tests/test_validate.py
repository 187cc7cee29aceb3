import polars as pl
import pytest

from chitieu.frames import build_frames
from chitieu.validate import SuiteError, run_suites
from conftest import SEED_CITY, SEED_PROVINCE


@pytest.fixture(scope="module")
def frames():
    return build_frames([SEED_PROVINCE, SEED_CITY])


def failed(findings):
    return {(f.expectation, f.column) for f in findings if not f.success}


def test_good_frames_pass(frames):
    findings, raw = run_suites(frames)
    assert findings and not failed(findings)
    assert "indicators" in raw


def test_corruptions_fail_exactly_the_intended_expectations(frames):
    ind = frames["indicators"]
    bad = pl.concat([
        ind.with_row_index("i").with_columns(
            actual=pl.when(pl.col("i") == 0).then(140.0).otherwise(pl.col("actual")),
            unit=pl.when(pl.col("i") == 0).then(pl.lit("%")).otherwise(pl.col("unit")),
            line=pl.when(pl.col("i") == 1).then(None).otherwise(pl.col("line")),
        ).drop("i"),
        ind.head(1),  # a duplicated key
    ])
    findings, _ = run_suites(dict(frames, indicators=bad))
    assert failed(findings) == {
        ("expect_column_values_to_be_between", "share_actual"),
        ("expect_column_values_to_not_be_null", "line"),
        ("expect_compound_columns_to_be_unique", None),
    }
    share = next(f for f in findings if f.column == "share_actual" and not f.success)
    assert share.rows and share.rows[0]["doc"] and share.rows[0]["snippet"]


def test_unknown_expectation_type_is_an_error(tmp_path, frames):
    (tmp_path / "x.json").write_text('{"name": "x", "frame": "indicators", "expectations": '
                                     '[{"type": "expect_the_moon", "kwargs": {}}]}')
    with pytest.raises(SuiteError, match="expect_the_moon"):
        run_suites(frames, suite_dir=tmp_path)
