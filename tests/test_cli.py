import json
import subprocess
import sys

import pytest

from chitieu.cli import main
from conftest import ROOT, SEED_CITY, SEED_PROVINCE


def test_extract_seed_prints_records_with_lines(capsys):
    assert main(["extract", str(SEED_PROVINCE), "--format", "jsonl"]) == 0
    recs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(recs) >= 23
    assert all(isinstance(r["line"], int) and r["line"] > 0 for r in recs)
    assert {r["doc"] for r in recs} == {"000_73e3681ba0af4d5b"}
    for field in ("doc", "section", "source", "line", "line_end", "concept", "unit", "target", "target_op",
                  "actual", "actual_year", "actual_kind", "achievement_pct", "status", "series", "name_raw",
                  "label_vi", "label_en", "snippet"):
        assert field in recs[0]


def test_extract_documents_prints_one_object_per_report(capsys, tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe\xfa\x00garbage" * 3)
    assert main(["extract", "--table", "documents", str(SEED_PROVINCE), str(bad), str(SEED_CITY)]) == 1
    out = capsys.readouterr()
    docs = [json.loads(line) for line in out.out.splitlines()]
    assert [d["doc_id"] for d in docs] == ["000_73e3681ba0af4d5b", "004_c6649bda9ff7de5a"]
    assert list(docs[0]) == ["doc_id", "locality", "level", "parent", "report_kind", "medium", "term_start",
                             "term_end", "year_reviewed", "date"]
    assert (docs[1]["locality"], docs[1]["level"], docs[1]["parent"]) == ("Sa Đéc", "city", "Đồng Tháp")
    assert "broken.txt" in out.err


def test_extract_documents_to_parquet(tmp_path):
    import polars as pl

    out = tmp_path / "docs.parquet"
    assert main(["extract", "--table", "documents", str(SEED_CITY), "--format", "parquet", "-o", str(out)]) == 0
    assert pl.read_parquet(out)["report_kind"].to_list() == ["term report"]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_extract_to_files(tmp_path, fmt):
    import polars as pl

    out = tmp_path / f"x.{fmt}"
    assert main(["extract", str(SEED_CITY), "--format", fmt, "-o", str(out)]) == 0
    df = pl.read_csv(out) if fmt == "csv" else pl.read_parquet(out)
    assert df.height >= 40 and "snippet" in df.columns


def test_bad_file_is_named_and_the_rest_goes_on(tmp_path, capsys):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe\xfa\x00garbage" * 3)
    code = main(["extract", str(bad), str(SEED_CITY)])
    out = capsys.readouterr()
    assert code == 1
    assert "broken.txt" in out.err
    assert len(out.out.splitlines()) >= 40


@pytest.mark.parametrize("sub", ["extract", "validate", "run", "eval"])
def test_help_on_every_subcommand(sub):
    r = subprocess.run([sys.executable, "-m", "chitieu.cli", sub, "--help"], capture_output=True, text=True,
                       cwd=ROOT, check=False)
    assert r.returncode == 0 and "usage: chitieu " + sub in r.stdout


def test_eval_meets_the_bar(capsys):
    """The extraction score on the annotated reports (tests/fixtures/gold) must not regress."""
    from chitieu.cli import _records
    from chitieu.evaluate import scoring
    from chitieu.paths import GOLD

    records, errors = _records([str(SEED_PROVINCE), str(SEED_CITY)])
    assert not errors
    gold = scoring.load_gold(str(GOLD))
    total = scoring.score(gold, records, False)["total"]
    assert total["field_f1"] >= 0.97 and total["record_recall"] >= 0.97   # the seeds must not regress
    assert scoring.score(gold, records, True)["total"]["field_f1"] >= 0.90

