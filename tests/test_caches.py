"""Caches kept by content and fingerprints per stage: a page is OCR'd once per image, engine and settings; a
text and its rows read back as they were made; a change reruns only the stages that depend on it; an unchanged
run reuses everything and a cue word edited re-extracts from the kept texts without OCR'ing a page."""

import gzip
import shutil
import sys
from pathlib import Path

import polars as pl
import pytest

import docbuild
from chitieu.read.text import Page, Text
from chitieu.run import fingerprints as fp
from chitieu.storage import Store
from chitieu.vocab import ReadAs
from conftest import FRAGMENTS, ROOT, probe_root

FAKE_TESSERACT = '''#!{python}
"""Tesseract, as far as the page cache can tell: its version, its languages, one word a page; every image it
is asked to read is logged."""
import sys
if "--list-langs" in sys.argv:
    print("List of available languages (2):\\neng\\nvie")
elif "--version" in sys.argv:
    print("tesseract {version}")
else:
    open({log!r}, "a").write(sys.argv[1] + "\\n")
    print("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext")
    print("5\\t1\\t1\\t1\\t1\\t1\\t100\\t100\\t200\\t40\\t95.5\\tđạt")
'''


def _fake_tesseract(folder: Path, version: str) -> Path:
    exe = folder / f"tesseract-{version}"
    exe.write_text(FAKE_TESSERACT.format(python=sys.executable, version=version, log=str(folder / "calls.log")),
                   encoding="utf-8")
    exe.chmod(0o755)
    return exe


def _ocr_calls(folder: Path) -> int:
    log = folder / "calls.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_a_store_keeps_each_value_whole_and_reads_damage_as_a_miss(tmp_path):
    store = Store(tmp_path)
    store.put("ab12", {"text": "Thu ngân sách", "pages": [[1, 0, "ocr", None, 91.5]]})
    first = store.path("ab12").read_bytes()
    store.put("ab12", {"text": "Thu ngân sách", "pages": [[1, 0, "ocr", None, 91.5]]})
    assert store.path("ab12").read_bytes() == first, "the same value is the same bytes"
    assert store.get("ab12") == {"text": "Thu ngân sách", "pages": [[1, 0, "ocr", None, 91.5]]}
    assert store.get("cd34") is None
    store.path("ab12").write_bytes(gzip.compress(b'{"text": ')[:-4])
    assert store.get("ab12") is None, "a damaged entry is a miss"
    assert not [p for p in tmp_path.rglob("*") if ".tmp" in p.name]


def test_a_scanned_page_is_ocrd_once_per_image_engine_and_settings(tmp_path, monkeypatch):
    from PIL import Image

    from chitieu.read import ocr, pagecache

    blank, dotted = tmp_path / "blank.png", tmp_path / "dotted.png"
    Image.new("L", (600, 400), 255).save(blank)
    image = Image.new("L", (600, 400), 255)
    image.putpixel((10, 10), 0)
    image.save(dotted)
    monkeypatch.setenv(ocr.TESSERACT_ENV, str(_fake_tesseract(tmp_path, "5.3.0")))
    with pagecache.using(tmp_path / "pages"):
        first = pagecache.read_page(blank)
        again = pagecache.read_page(blank)
        assert _ocr_calls(tmp_path) == 1 and again == first and first.text == "đạt"
        pagecache.read_page(dotted)
        assert _ocr_calls(tmp_path) == 2, "another image is another page"
        monkeypatch.setenv(ocr.TESSERACT_ENV, str(_fake_tesseract(tmp_path, "5.4.1")))
        pagecache.read_page(blank)
        assert _ocr_calls(tmp_path) == 3, "another Tesseract reads the page again"
    pagecache.read_page(blank)
    assert _ocr_calls(tmp_path) == 4, "without a cache every page is OCR'd"


def test_a_kept_text_reads_back_as_it_was_read():
    from chitieu.run.cache import text_from_json, text_json

    text = Text.from_string("Thu ngân sách\n\nđạt 1.250 tỷ đồng | 98,5", doc_id="x", path="/a/x.pdf",
                            source_format="pdf",
                            pages=(Page(1, 0, ReadAs.OCR, "tesseract 5.3.0 vie", 88.5), Page(2, 15, ReadAs.TEXT)),
                            uncertain=((19, 24),), boxes=((27, 31, (10, 20, 110, 60)),))
    back = text_from_json(text_json(text), "x", Path("/a/x.pdf"))
    for name in ("doc_id", "text", "path", "line_starts", "source_format", "pages", "uncertain", "boxes"):
        assert getattr(back, name) == getattr(text, name), name


@pytest.fixture(scope="module")
def fragments(tmp_path_factory):
    raw = tmp_path_factory.mktemp("fragments")
    for name in ("city_bullets_verdicts.txt", "annex_table_plan_columns.txt", "province_diacritics_dot_items.txt"):
        shutil.copy(FRAGMENTS / name, raw / name)
    (raw / "empty.txt").write_bytes(b"")
    return raw


def test_frames_from_the_caches_are_the_frames_read_afresh(fragments, tmp_path):
    from chitieu.read.limits import Limits
    from chitieu.run.cache import Caches
    from chitieu.run.corpus import choose_files, extract

    prints = fp.fingerprints()
    caches = Caches(tmp_path / "cache", prints.reading, prints.extraction)
    corpus = choose_files([fragments], None)
    fresh, _ = extract(corpus, 2, Limits(), Caches(None))
    assert not (tmp_path / "cache").exists()
    cold, reuse_cold = extract(corpus, 2, Limits(), caches)
    warm, reuse_warm = extract(corpus, 2, Limits(), caches)
    for name in fresh:
        assert cold[name].equals(fresh[name]) and warm[name].equals(fresh[name]), name
    assert (reuse_cold.texts, reuse_cold.extractions, reuse_cold.read, reuse_cold.extracted) == (0, 0, 3, 3)
    assert (reuse_warm.texts, reuse_warm.extractions, reuse_warm.read, reuse_warm.extracted) == (3, 3, 0, 0)
    assert warm["documents"].filter(pl.col("doc_id") == "empty")["error"][0].endswith("is empty"), \
        "a file that cannot be read is not kept: it fails again, by name"


CHANGES = [   # what changes → the stages whose fingerprint changes (and so rerun)
    ("chitieu.cli", set()),
    ("chitieu.run.runner", set()),
    ("chitieu.run.corpus", set()),
    ("chitieu.read.pdf", {"reading"}),
    ("chitieu.read.scan", {"reading"}),
    ("chitieu.extract.prose", {"extraction"}),
    ("chitieu.reference.cues", {"extraction", "validation", "notebooks"}),   # the concept checks read the rank cue
    ("chitieu.frames.build", {"extraction"}),
    ("chitieu.checks.suites", {"validation", "notebooks"}),
    ("chitieu.report.charts", {"notebooks", "index"}),   # report.html, which writes the index's _static/, reads it
    ("chitieu.report.provenance", {"notebooks"}),
    ("chitieu.report.index", {"index"}),
    ("chitieu.run.notebooks", {"notebooks"}),
    ("data/reference/cues.csv", {"extraction", "validation", "notebooks"}),
    ("data/reference/units.csv", {"extraction", "validation", "notebooks", "index"}),   # the codebook converts units
    ("data/reference/report_text.csv", {"notebooks", "index"}),
    ("expectations/indicators.json", {"validation", "notebooks"}),
    ("notebooks/10_document.py", {"notebooks"}),
]


@pytest.mark.parametrize("changed, stages", CHANGES, ids=[c for c, _ in CHANGES])
def test_a_change_reruns_only_the_stages_that_depend_on_it(changed, stages, tmp_path, monkeypatch):
    before = fp.fingerprints()
    notebooks = ROOT / "notebooks"
    if changed.startswith("chitieu."):
        source = fp._source
        monkeypatch.setattr(fp, "_source", lambda m: source(m) + (b"\n# changed\n" if m == changed else b""))
    else:
        copy = tmp_path / changed.split("/")[0]
        shutil.copytree(ROOT / changed.split("/")[0], copy)
        with open(tmp_path / changed, "a", encoding="utf-8") as fh:
            fh.write("\n" if changed.endswith(".json") else "# changed\n")
        where = {"data": ("REFERENCE", copy / "reference"), "expectations": ("EXPECTATIONS", copy),
                 "notebooks": (None, copy)}[changed.split("/")[0]]
        if where[0]:
            monkeypatch.setattr(fp, where[0], where[1])
        else:
            notebooks = where[1]
    after = fp.fingerprints(notebooks)
    assert {s for s in ("reading", "extraction", "validation", "notebooks", "index")
            if getattr(before, s) != getattr(after, s)} == stages


@pytest.fixture
def scan_run(tmp_path, monkeypatch):
    """A text, a text in sub-folders and a one-page scan; quick probe notebooks; a Tesseract that logs each page
    it reads; the reference data the fingerprints read, a copy of the project's (to edit)."""
    from chitieu.read import ocr

    root = probe_root(tmp_path / "root")
    raw = tmp_path / "raw"
    (raw / "tinh A" / "huyen B").mkdir(parents=True)
    shutil.copy(FRAGMENTS / "city_bullets_verdicts.txt", raw / "city.txt")
    shutil.copy(FRAGMENTS / "annex_table_plan_columns.txt", raw / "tinh A" / "huyen B" / "2023.txt")
    docbuild.scan_pdf("Năm 2024, thu ngân sách đạt 1.250 tỷ đồng, vượt 25% kế hoạch.", raw / "scan.pdf", damage=False)
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "tesseract"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {shutil.which("tesseract")} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv(ocr.TESSERACT_ENV, str(wrapper))
    monkeypatch.setattr(fp, "REFERENCE", root / "data" / "reference")
    return {"raw": raw, "data": tmp_path / "data", "out": tmp_path / "out", "root": root, "log": log}


def _run(scan_run) -> str:
    from chitieu.run.runner import run_all

    outcomes = run_all([scan_run["raw"]], scan_run["data"], scan_run["out"], notebooks_dir=scan_run["root"] /
                       "notebooks", progress=False)
    assert all(o.ok for o in outcomes), [(o.name, o.error) for o in outcomes if not o.ok]
    return outcomes.reuse.line()


def _pages_read(scan_run) -> int:
    log = scan_run["log"]
    return sum(".png" in line for line in log.read_text().splitlines()) if log.exists() else 0


def test_an_unchanged_run_reuses_everything_and_a_cue_word_reextracts_without_ocr(scan_run):
    assert _run(scan_run) == "reused: 0 texts, 0 OCR'd pages, 0 extractions; OCR'd 1 pages; ran 4 notebooks"
    assert _pages_read(scan_run) == 1
    assert (scan_run["out"] / "tinh_A~huyen_B~2023" / "10_document.html").exists(), "a nested file's id is its path"
    assert {"city", "scan", "tinh_A~huyen_B~2023"} == set(pl.read_parquet(scan_run["data"] / "documents.parquet")
                                                           ["doc_id"])
    assert _run(scan_run) == "reused: 3 texts, 0 OCR'd pages, 3 extractions; OCR'd 0 pages; ran 0 notebooks"
    cues = scan_run["root"] / "data" / "reference" / "cues.csv"
    cues.write_text(cues.read_text(encoding="utf-8") + "plan,chi tieu de ra,chỉ tiêu đề ra\n", encoding="utf-8")
    assert _run(scan_run).startswith("reused: 3 texts, 0 OCR'd pages, 0 extractions; OCR'd 0 pages")
    assert _pages_read(scan_run) == 1, "no page was OCR'd again"
