"""The catalogue of bad inputs: each gets a clear error naming the file (or is handled), the rest of the
batch is unaffected, and nothing half-written is left behind."""

import codecs
import shutil
import unicodedata

import nbformat
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chitieu.cli import main
from chitieu.errors import ChitieuError, InputError
from chitieu.extract.document import extract_text
from chitieu.extract.numbers import find_quantities, parse_number
from chitieu.frames.build import build_frames
from chitieu.read.text import Text, decode, doc_id_for
from chitieu.reference.ocrkey import fold
from conftest import ROOT, SEED_CITY

GOOD = SEED_CITY.read_text(encoding="utf-8")
FRAGMENTS = ROOT / "tests" / "fixtures" / "fragments"

BAD = {
    "empty.txt": (b"", "is empty"),
    "binary.txt": (bytes(range(256)) * 4, "NUL"),
    "scan.pdf.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    "cp1258.txt": ("Tỉnh ủy: hộ nghèo giảm".encode("cp1258", errors="ignore") + b"\xd2", "UTF-8"),
    "cp1252.txt": ("Hộ nghèo – “chỉ tiêu”".encode("cp1252", errors="ignore"), "UTF-8"),
}
HANDLED = {
    "utf16.txt": GOOD.encode("utf-16"),
    "utf8bom.txt": codecs.BOM_UTF8 + GOOD.encode(),
    "nfd.txt": unicodedata.normalize("NFD", GOOD).encode(),
    "crlf.txt": GOOD.replace("\n", "\r\n").encode(),
}


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path):
    paths = []
    for name, (raw, _) in BAD.items():
        (tmp_path / name).write_bytes(raw)
        paths.append(tmp_path / name)
    for name, raw in HANDLED.items():
        (tmp_path / name).write_bytes(raw)
        paths.append(tmp_path / name)
    frames = build_frames(paths)
    docs = {r["doc_id"]: r for r in frames["documents"].iter_rows(named=True)}
    for name, (_, problem) in BAD.items():
        err = docs[doc_id_for(name)]["error"]
        assert err and name in err and problem in err, err
    counts = frames["indicators"].group_by("doc").len()
    good = {doc_id_for(n) for n in HANDLED}
    assert set(counts["doc"]) == good
    assert counts["len"].n_unique() == 1, "every encoding of the same report yields the same records"
    lines = frames["indicators"].group_by("doc").agg(pl.col("line").sort())["line"].to_list()
    assert all(x == lines[0] for x in lines), "line numbers survive BOMs, NFD and CRLF"


def test_reports_extracted_in_two_processes_give_the_frames_of_one(tmp_path):
    """`--jobs 2` extracts reports in a pool: the same rows in the same order, bad files named as before."""
    paths = []
    for name, raw in list(HANDLED.items())[:2] + [("empty.txt", BAD["empty.txt"][0])]:
        (tmp_path / name).write_bytes(raw)
        paths.append(tmp_path / name)
    one, two = build_frames(paths), build_frames(paths, jobs=2)
    for name in one:
        assert one[name].equals(two[name]), name
    assert two["documents"].filter(pl.col("error").is_not_null())["doc_id"].to_list() == [doc_id_for("empty.txt")]


def test_a_big_report_under_the_limit_is_read_and_one_over_it_is_refused(tmp_path):
    """Up to the limit of characters a report is read whatever its size (a 2 MB text here, twenty times the
    longest example); past it, it is refused at once with the limit named."""
    from chitieu.extract.document import extract_file

    big = tmp_path / "big.txt"
    big.write_text("\n".join([GOOD] * (2_000_000 // len(GOOD.encode()) + 1)), encoding="utf-8")
    meta, found = extract_file(big)
    assert len(found) > 1000 and meta.locality
    huge = tmp_path / "huge.txt"
    huge.write_text(GOOD + "\n" * 20_000_000, encoding="utf-8")
    with pytest.raises(InputError, match=r"huge.txt: has [\d ]+ characters, over the limit of 20 000 000 "
                                         r"characters \(--max-characters\)"):
        extract_file(huge)


def test_a_report_with_no_indicators_still_gets_its_report(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(FRAGMENTS / "no_indicators.txt", raw / "no_indicators.txt")
    shutil.copy(FRAGMENTS / "city_bullets_verdicts.txt", raw / "city.txt")
    out = tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--data", str(tmp_path / "data"), "--out", str(out), "--quiet"]) == 0
    nb = nbformat.read(out / "no_indicators" / "10_document.ipynb", as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert (out / "no_indicators" / "10_document.html").exists()


def test_two_files_with_the_same_id_and_hostile_names(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(FRAGMENTS / "city_bullets_verdicts.txt", raw / "dup.txt")
    shutil.copy(FRAGMENTS / "city_bullets_verdicts.txt", raw / "dup.ocr.txt")
    hostile = '..; x = "1"; import os; os.system("touch pwned") #.txt'
    shutil.copy(FRAGMENTS / "annex_table_plan_columns.txt", raw / hostile)
    shutil.copy(FRAGMENTS / "province_diacritics_dot_items.txt", raw / "Báo cáo tỉnh 'số 2'.txt")
    code = main(["run", "--raw", str(raw), "--data", str(tmp_path / "data"), "--out", str(out), "--quiet"])
    assert code == 1  # the refused duplicate is a failure, named; the others are done
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "dup.ocr.txt" in index and "dup.txt" in index and "already taken" in index
    safe = doc_id_for(hostile)
    assert "/" not in safe and '"' not in safe and not safe.startswith(".")
    assert (out / safe / "10_document.html").exists()
    assert (out / "Báo_cáo_tỉnh_số_2" / "10_document.html").exists()
    assert not (tmp_path / "pwned").exists() and not (ROOT / "notebooks" / "pwned").exists()
    assert {p.name for p in tmp_path.iterdir()} == {"raw", "out", "data"}, "nothing written outside"


def test_html_in_the_report_text_is_escaped(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    text = (FRAGMENTS / "city_bullets_verdicts.txt").read_text(encoding="utf-8").replace(
        "Tỷ lệ đô thị hóa", 'Tỷ lệ đô thị hóa <script>alert("x")</script><b>bold</b>')
    (raw / "html.txt").write_text(text, encoding="utf-8")
    assert main(["run", "--raw", str(raw), "--data", str(tmp_path / "data"), "--out", str(out), "--quiet"]) == 0
    for html in [out / "html" / "10_document.html", out / "index.html", out / "compare" / "20_compare.html"]:
        body = html.read_text(encoding="utf-8")
        assert 'alert("x")</script>' not in body and "<b>bold</b>" not in body, html


def test_unwritable_output_folder_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code = main(["run", "--raw", str(FRAGMENTS), "--out", str(blocker / "reports"), "--quiet",
                 "--data", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 2 and "not writable" in err and "a-file" in err


# ---------------------------------------------------------------- fuzzing

@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_read_or_fail_with_our_error(raw):
    try:
        text = decode(raw, "fuzz.txt")
    except InputError as exc:
        assert "fuzz.txt" in str(exc)
        return
    extract_text(Text.from_string(text, "fuzz"))


LIST_LIKE = st.lists(
    st.sampled_from(list("0123456789.,:;%/-()<>~ \nabcdtuvxyêđạươPĐ|") +
                    ["chỉ tiêu", "Chỉ tiêu này đạt", "vượt", "(1)-", "1. ", "- ", "PHỤ LỤC", "TT Chỉ tiêu",
                     "năm 2025", "ước đạt", "triệu đồng/người/năm", "tỷ đồng", "\n2. Kết quả thực hiện các chỉ tiêu\n"]),
    max_size=200).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=800), LIST_LIKE))
def test_arbitrary_text_never_breaks_extraction(text):
    try:
        _, found = extract_text(Text.from_string(text, "fuzz"))
    except ChitieuError:
        return
    for ind in found:
        assert ind.line >= 1 and ind.section in ("results", "targets_next")
    for lit in text.split():
        parse_number(lit)
    find_quantities(fold(text))
