"""What a run promises (README): a run never destroys what it made. The eleven ways a hostile or unlucky user
broke it, each a real `chitieu run` on small files. They share one small corpus and its run (`small_run`);
a case that changes outputs works on a copy of them."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

import nbformat
import polars as pl
import psutil
import pytest

import docbuild
from chitieu.cli import main
from conftest import ROOT

FRAGMENTS = ROOT / "tests" / "fixtures" / "fragments"
CORPUS = {"city": "city_bullets_verdicts.txt", "province": "province_diacritics_dot_items.txt",
          "annex": "annex_table_plan_columns.txt"}
LOCK = ".chitieu.lock"   # rewritten by every run that tries the folder: not an output
STAGE = ".chitieu-stage"   # chitieu.run.stage.STAGE, spelt here so that these tests also run against a chitieu
#                            without it (each fails there, as each case did)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """Three reports and the run that made their outputs, once for the module."""
    root = tmp_path_factory.mktemp("small")
    raw = root / "raw"
    raw.mkdir()
    for doc, name in CORPUS.items():
        shutil.copy(FRAGMENTS / name, raw / f"{doc}.txt")
    folders = {"raw": raw, "data": root / "data", "out": root / "out"}
    assert run(folders) == 0
    return folders


def copy_of(small_run, tmp_path, raw: bool = False) -> dict:
    """The small run's outputs in a folder of the test's own (its raw folder too with `raw`: a copy's reports
    then read as other files, so the copy's documents are all stale)."""
    out = {"raw": small_run["raw"], "data": tmp_path / "data", "out": tmp_path / "out"}
    for name in ("data", "out") + (("raw",) if raw else ()):
        shutil.copytree(small_run[name], tmp_path / name)
        out[name] = tmp_path / name
    return out


def run(folders: dict, *more: str) -> int:
    return main(["run", "--raw", str(folders["raw"]), "--data", str(folders["data"]), "--out", str(folders["out"]),
                 "--quiet", *more])


def command(folders: dict, *more: str) -> list[str]:
    return [sys.executable, "-m", "chitieu.cli", "run", "--raw", str(folders["raw"]), "--data", str(folders["data"]),
            "--out", str(folders["out"]), "--quiet", *more]


def snapshot(*folders: Path) -> dict[str, str]:
    """Every file under these folders with a hash of its bytes (the lock file aside)."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for f in folders for p in sorted(Path(f).rglob("*"))
            if p.is_file() and p.name != LOCK}


def documents(folders: dict) -> pl.DataFrame:
    return pl.read_parquet(folders["data"] / "documents.parquet")


def index_of(folders: dict) -> str:
    return (folders["out"] / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- 1. --docs after a full run

def test_docs_updates_those_documents_inside_the_corpus(small_run, tmp_path, capsys):
    f = copy_of(small_run, tmp_path)
    panel_before = pl.read_parquet(f["data"] / "panel.parquet")
    others = snapshot(f["out"] / "province", f["out"] / "annex")
    assert run(f, "--docs", "city", "--force") == 0
    assert "2 notebooks ran" in capsys.readouterr().out   # city and the comparison (forced)
    assert sorted(documents(f)["doc_id"]) == sorted(CORPUS)
    assert pl.read_parquet(f["data"] / "panel.parquet").sort(pl.all()).equals(panel_before.sort(pl.all()))
    assert all(f"{d}/10_document.html" in index_of(f) for d in CORPUS)
    assert snapshot(f["out"] / "province", f["out"] / "annex") == others


# ---------------------------------------------------------------- 2. a mistyped or empty --raw

@pytest.mark.parametrize("raw, message", [
    ("missing", "no such folder of reports"),
    ("empty", "no readable report"),
    ("unreadable", "no readable report"),
], ids=["missing", "empty", "only-unreadable"])
def test_a_raw_folder_without_reports_changes_nothing(small_run, tmp_path, capsys, raw, message):
    f = copy_of(small_run, tmp_path)
    if raw != "missing":
        (tmp_path / raw).mkdir()
    if raw == "unreadable":
        (tmp_path / raw / "empty.txt").write_bytes(b"")
    before = snapshot(f["out"], f["data"])
    assert run(f | {"raw": tmp_path / raw}) == 2
    err = capsys.readouterr().err
    assert message in err and str(tmp_path / raw) in err and "nothing was changed" in err
    assert snapshot(f["out"], f["data"]) == before


# ---------------------------------------------------------------- 3. scans without Tesseract

def test_scans_without_tesseract_fail_and_run_again_once_it_is_there(small_run, tmp_path, capsys, monkeypatch):
    f = copy_of(small_run, tmp_path, raw=True)
    docbuild.scan_pdf("Năm 2024, thu ngân sách đạt 1.250 tỷ đồng, vượt 25% kế hoạch.", f["raw"] / "scan.pdf",
                      damage=False)
    monkeypatch.setenv("CHITIEU_TESSERACT", str(tmp_path / "no-tesseract"))
    assert run(f, "--docs", "scan") == 1
    captured = capsys.readouterr()
    assert "0 notebooks failed" not in captured.out
    assert "scan: read in part" in captured.err and "scanned page 1 needs Tesseract" in captured.err
    assert "needs Tesseract" in index_of(f)
    monkeypatch.delenv("CHITIEU_TESSERACT")
    assert run(f, "--docs", "scan") == 0
    assert "2 notebooks ran, 0 unchanged, 0 notebooks failed" in capsys.readouterr().out   # scan and the comparison
    indicators = pl.read_parquet(f["data"] / "indicators.parquet")
    assert indicators.filter(pl.col("doc") == "scan").height >= 1
    assert "needs Tesseract" not in index_of(f) and "scan/10_document.html" in index_of(f)


# ---------------------------------------------------------------- 4 and 9. bad pages, limits, hangs

FAKE_TESSERACT = '''#!{python}
"""Tesseract as it fails: a square page image hangs, any other is an error."""
import struct, sys, time
if "--list-langs" in sys.argv:
    print("List of available languages (2):\\neng\\nvie")
elif "--version" in sys.argv:
    print("tesseract 5.3.0")
else:
    width, height = struct.unpack(">II", open(sys.argv[1], "rb").read()[16:24])
    if width == height:
        time.sleep(120)
    sys.exit("Error, could not read the image")
'''


def _docx_bomb(path: Path, unpacked: int) -> None:
    """A small Word file whose document.xml unpacks to `unpacked` bytes of empty paragraphs."""
    import docx

    buf = BytesIO()
    d = docx.Document()
    d.add_paragraph("Thu ngân sách đạt 1.250 tỷ đồng.")
    d.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                head, body = data.split(b"<w:body>")
                data = head + b"<w:body>" + b"<w:p/>" * (unpacked // 6) + body
            out.writestr(info.filename, data)


def _huge_page_pdf(path: Path) -> None:
    """A PDF of a kilobyte: one page of 200 × 200 inches with an image on it (a scan, to be rendered)."""
    from fpdf import FPDF
    from PIL import Image

    dot = path.with_suffix(".png")
    Image.new("L", (8, 8), 255).save(dot)
    pdf = FPDF(unit="pt", format=(14400, 14400))
    pdf.add_page()
    pdf.image(str(dot), x=0, y=0, w=10)
    pdf.output(str(path))
    dot.unlink()


@pytest.fixture(scope="module")
def hostile_run(small_run, tmp_path_factory):
    """Hostile files added to the corpus and run with `--docs`: a page Tesseract fails on, a page of 60 000²
    pixels, a page Tesseract hangs on (a limit of 15 s), a Word file that unpacks to 120 MB, a text of 1.1 M
    characters (a limit of 1 M)."""
    tmp = tmp_path_factory.mktemp("hostile")
    f = copy_of(small_run, tmp, raw=True)
    fake = tmp / "tesseract"
    fake.write_text(FAKE_TESSERACT.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    docbuild.scan_pdf("Thu ngân sách đạt 1.250 tỷ đồng.", f["raw"] / "fails.pdf", damage=False)
    from PIL import Image

    Image.new("RGB", (2480, 2480), "white").save(f["raw"] / "hangs.pdf", "PDF", resolution=300)
    _huge_page_pdf(f["raw"] / "huge.pdf")
    _docx_bomb(f["raw"] / "bomb.docx", 120_000_000)
    (f["raw"] / "big.txt").write_text((FRAGMENTS / CORPUS["city"]).read_text(encoding="utf-8") * 2000,
                                      encoding="utf-8")
    before = pl.read_parquet(f["data"] / "panel.parquet")
    env = os.environ | {"CHITIEU_TESSERACT": str(fake)}
    done = subprocess.run(command(f, "--docs", "fails", "hangs", "huge", "bomb", "big", "--max-seconds", "15",
                                  "--max-characters", "1000000", "--jobs", "2"),
                          cwd=tmp, env=env, capture_output=True, text=True, timeout=600, check=False)
    return f | {"code": done.returncode, "err": done.stderr, "panel_before": before, "fake": str(fake)}


def test_a_bad_page_fails_its_document_alone(hostile_run):
    err = hostile_run["err"]
    assert hostile_run["code"] == 1, err
    assert "Traceback" not in err
    assert "fails: read in part" in err and "scanned page 1 could not be OCR'd" in err and "Tesseract failed" in err
    assert ("huge.pdf: scanned page 1 is 60 000 × 60 000 px at 300 dpi, over the limit of 100 000 000 pixels per "
            "page (--max-page-pixels)") in err
    index = index_of(hostile_run)
    assert "Tesseract failed" in index and "--max-page-pixels" in index
    assert sorted(documents(hostile_run).filter(pl.col("error").is_null() & pl.col("problems").is_null())["doc_id"]) \
        == sorted(CORPUS), "the corpus is still there"
    assert pl.read_parquet(hostile_run["data"] / "panel.parquet").equals(hostile_run["panel_before"])


def test_each_document_is_held_to_its_limits(hostile_run):
    err = hostile_run["err"]
    assert "hangs.pdf: reading it was stopped after 15 s, over the limit of 15 s per document (--max-seconds)" in err
    assert ("bomb.docx: is a Word file of" in err
            and "that unpacks to 120 " in err and "over the limit of 100 000 000 bytes unpacked" in err)
    assert "big.txt: has 1 126 000 characters" in err and "over the limit of 1 000 000 characters (--max-characters)" in err
    alive = [p for p in psutil.process_iter(["cmdline"]) if hostile_run["fake"] in " ".join(p.info["cmdline"] or [])]
    assert alive == [], "the hung Tesseract was stopped with its document"


def test_any_error_while_reading_is_that_documents(tmp_path, monkeypatch):
    from chitieu.frames import build

    def out_of_memory(*_a, **_k):
        raise MemoryError("cannot allocate")

    monkeypatch.setattr(build, "extract_file", out_of_memory)
    rows = build.document_rows(tmp_path / "a.txt")
    assert rows[0][0]["error"] == f"{tmp_path / 'a.txt'}: could not be read (MemoryError: cannot allocate)"


# ---------------------------------------------------------------- 5. a dead worker

VICTIM = "province"


def _dies_for_the_victim(doc_id, job):
    """run_document, except that the worker running the victim's notebook is killed (as for memory)."""
    from chitieu.run.notebooks import run_document

    if doc_id == VICTIM:
        os.kill(os.getpid(), signal.SIGKILL)
    return run_document(doc_id, job)


def test_a_dead_worker_fails_its_document_alone(small_run, tmp_path, capsys, monkeypatch):
    from chitieu.run import runner

    f = copy_of(small_run, tmp_path)
    victim_before = snapshot(f["out"] / VICTIM)
    monkeypatch.setattr(runner, "run_document", _dies_for_the_victim)   # the workers fork with it
    assert run(f, "--force", "--jobs", "2") == 1
    err = capsys.readouterr().err
    assert f"{VICTIM}: the process running its notebook died (killed by SIGKILL, perhaps for memory)" in err
    manifest = json.loads((f["out"] / "manifest.json").read_text())
    assert manifest[VICTIM] == {"failed": err.split(f"{VICTIM}: ")[1].splitlines()[0]}
    assert all(manifest[d].get("rows") for d in CORPUS if d != VICTIM)
    assert "killed by SIGKILL" in index_of(f)
    assert snapshot(f["out"] / VICTIM) == victim_before, "the previous report of the victim is kept"
    assert not list(tmp_path.rglob("*.ipynb.tmp*")) and not list(tmp_path.rglob(".*.input.ipynb"))
    assert not (f["out"] / STAGE).exists() and not (f["data"] / STAGE).exists()


# ---------------------------------------------------------------- 6 and 7. relative paths, reserved names

@pytest.fixture(scope="module")
def relative_run(tmp_path_factory):
    """A run from its own folder with relative --raw, --data and --out, of a report and three files named
    like the run's outputs."""
    root = tmp_path_factory.mktemp("relative")
    (root / "raw").mkdir()
    shutil.copy(FRAGMENTS / CORPUS["city"], root / "raw" / "city.txt")
    for name in ("index.html.txt", "manifest.json.txt", "compare.txt"):
        shutil.copy(FRAGMENTS / CORPUS["annex"], root / "raw" / name)
    cwd = Path.cwd()
    os.chdir(root)
    try:
        code = main(["run", "--raw", "raw", "--data", "data", "--out", "out", "--quiet"])
    finally:
        os.chdir(cwd)
    return {"code": code, "raw": root / "raw", "data": root / "data", "out": root / "out"}


def test_relative_folders_are_relative_to_where_the_command_runs(relative_run):
    out = relative_run["out"]
    nb = nbformat.read(out / "city" / "10_document.ipynb", as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert list((out / "city" / "charts").glob("*.svg")) and list((out / "compare" / "charts").glob("*.svg"))
    assert not (ROOT / "notebooks" / "out").exists() and not (ROOT / "notebooks" / "data").exists()


def test_document_ids_never_collide_with_the_runs_outputs(relative_run):
    out = relative_run["out"]
    assert relative_run["code"] == 1   # the three refused files are failures, named
    assert (out / "index.html").is_file() and (out / "manifest.json").is_file()
    index = index_of(relative_run)
    for name in ("index.html.txt", "manifest.json.txt", "compare.txt"):
        assert f"{name}: document id" in index and "name of one of the run" in index
    compare = nbformat.read(out / "compare" / "20_compare.ipynb", as_version=4)
    assert "doc_ids" in "".join(c.source for c in compare.cells), "compare/ holds the comparison"


# ---------------------------------------------------------------- 8. kill -9, SIGTERM, Ctrl-C

def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _running(processes: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.Error:   # gone meanwhile
            pass
    return out


def _kernels(pid: int) -> list[psutil.Process]:
    found = []
    for p in _descendants(pid):
        try:
            if "ipykernel" in " ".join(p.cmdline()):
                found.append(p)
        except psutil.Error:   # a process that ended while we looked
            pass
    return found


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["ctrl-c", "sigterm", "kill-9"])
def test_a_stopped_run_leaves_no_process_no_temp_file_and_its_previous_outputs(small_run, tmp_path, sig):
    f = copy_of(small_run, tmp_path)
    before = snapshot(f["out"], f["data"])
    proc = subprocess.Popen(command(f, "--force", "--jobs", "2"), cwd=tmp_path, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline, kernels = time.time() + 180, []
    while time.time() < deadline and not kernels and proc.poll() is None:
        time.sleep(0.2)
        kernels = _kernels(proc.pid)
    assert kernels, "the run reached its notebooks"
    family = _descendants(proc.pid)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)   # Ctrl-C reaches the terminal's whole process group
    else:
        os.kill(proc.pid, sig)     # kill and SIGTERM reach the main process only
    proc.wait(timeout=120)
    gone_by = time.time() + 20
    while time.time() < gone_by and _running(family):
        time.sleep(0.2)
    assert _running(family) == [], "the workers and kernels ended with the run"
    after = {path: h for path, h in snapshot(f["out"], f["data"]).items() if STAGE not in path}
    assert after == before, f"the previous outputs, untouched (exit code {proc.returncode}: {proc.stderr.read()})"
    if sig == signal.SIGKILL:   # what it staged stays until the next run, which finds it stale
        assert run(f) == 0
    else:
        assert proc.returncode == 128 + sig
    assert not (f["out"] / STAGE).exists() and not (f["data"] / STAGE).exists()
    assert not [p for p in tmp_path.rglob("*") if ".tmp" in p.name]


# ---------------------------------------------------------------- 10. re-runs see what changed

def test_reruns_see_missing_outputs_and_the_language(small_run, tmp_path, capsys):
    f = copy_of(small_run, tmp_path)
    (f["out"] / "city" / "10_document.ipynb").unlink()
    (f["out"] / "province" / "charts" / "scorecard.svg").unlink()
    (f["out"] / "annex" / "checks.json").unlink()
    assert run(f) == 0
    assert "3 notebooks ran, 1 unchanged" in capsys.readouterr().out   # the comparison unchanged
    for made in ("city/10_document.ipynb", "province/charts/scorecard.svg", "annex/checks.json"):
        assert (f["out"] / made).exists(), made
    report = f["out"] / "city" / "10_document.html"
    assert "Vị Thanh (thành phố)" in report.read_text(encoding="utf-8")
    assert run(f, "--docs", "city", "--lang", "en") == 0
    assert "2 notebooks ran" in capsys.readouterr().out   # city, and the comparison in English
    assert "Vị Thanh (city)" in report.read_text(encoding="utf-8"), "the document report in English"


@contextmanager
def read_only(folder: Path):
    """A folder nobody may write to, root included (root ignores permission bits: the immutable flag)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def test_a_read_only_report_folder_is_an_error_before_anything_changes(small_run, tmp_path, capsys):
    f = copy_of(small_run, tmp_path)
    before = snapshot(f["out"], f["data"])
    with read_only(f["out"] / "city"):
        assert run(f, "--force") == 2
    err = capsys.readouterr().err
    assert f"{f['out'] / 'city'}: output folder is not writable" in err and "nothing was changed" in err
    assert snapshot(f["out"], f["data"]) == before


# ---------------------------------------------------------------- 11. two runs at once

def test_a_second_run_on_the_same_folder_says_who_holds_it(small_run, tmp_path, capsys):
    f = copy_of(small_run, tmp_path)
    first = subprocess.Popen(command(f, "--docs", "city", "--force"), cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    lock, deadline = f["out"] / LOCK, time.time() + 300
    while time.time() < deadline and f'"pid": {first.pid}' not in lock.read_text() and first.poll() is None:
        time.sleep(0.1)
    assert f'"pid": {first.pid}' in lock.read_text(), "the first run holds the lock"
    assert run(f) == 2
    assert f"another chitieu run is writing here (pid {first.pid}" in capsys.readouterr().err
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0 and "0 notebooks failed" in out, err


# ---------------------------------------------------------------- the swap and the lock, by themselves

def test_a_swap_cut_short_is_finished_by_the_next_run(tmp_path):
    """A run killed between two renames of its swap: the journal lets the next run carry out the rest."""
    from chitieu.run.stage import Stage

    out, data = tmp_path / "out", tmp_path / "data"
    (out / "doc").mkdir(parents=True)
    (out / "doc" / "old.html").write_text("old")
    data.mkdir()
    stage = Stage(out, data).open()
    (stage.reports / "doc").mkdir()
    (stage.reports / "doc" / "new.html").write_text("new")
    (stage.data / "panel.csv").write_text("new panel")
    moves = [(stage.data / "panel.csv", data / "panel.csv"), (stage.reports / "doc", out / "doc")]
    stage.journal.write_text(json.dumps([[str(a), str(b)] for a, b in moves]))
    (stage.data / "panel.csv").rename(data / "panel.csv")   # the first rename made, then killed
    Stage(out, data).open().close()
    assert (data / "panel.csv").read_text() == "new panel"
    assert [p.name for p in (out / "doc").iterdir()] == ["new.html"]
    assert not (out / STAGE).exists() and not (data / STAGE).exists()


def test_a_folder_is_locked_by_one_run_at_a_time(tmp_path):
    from chitieu.run.lock import Busy, locked

    with locked(tmp_path), pytest.raises(Busy, match=rf"another chitieu run is writing here \(pid {os.getpid()}, "):
        locked(tmp_path)
    locked(tmp_path).close()   # released with its holder
