"""`make bench`: chitieu's performance figures, printed as a table with the targets they are held to.

Run from the repository root with the project's virtualenv. Uses a synthetic corpus (bench/corpus.py) in a
temporary folder; nothing is written into the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus, write_layout_corpus

BIN = Path(sys.executable).parent
ROWS: list[tuple[str, str, str, str]] = []


def row(what: str, value: str, target: str = "", ok: bool | None = None) -> None:
    ROWS.append((what, value, target, "" if ok is None else ("ok" if ok else "MISSED")))
    print(f"  {what}: {value}", file=sys.stderr)


def timed(cmd: list[str], repeat: int = 1, **kw) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
        times.append(time.perf_counter() - t)
    return min(times)


def bench_extraction(tmp: Path, n: int = 1000) -> None:
    from chitieu.extract.document import extract_file

    paths = write_corpus(tmp / "corpus", n)
    size = sum(p.stat().st_size for p in paths)
    extract_file(paths[0])  # warm the reference tables
    t = time.perf_counter()
    records = sum(len(extract_file(p)[1]) for p in paths)
    dt = time.perf_counter() - t
    mbs = size / dt / 1e6
    row(f"extraction, {n} synthetic documents ({size / 1e6:.0f} MB), one process",
        f"{mbs:.2f} MB/s, {n / dt:.0f} documents/s, {records / n:.0f} records/document", ">= 5 MB/s", mbs >= 5)


def bench_startup(tmp: Path) -> None:
    chitieu = str(BIN / "chitieu")
    t_help = timed([chitieu, "extract", "--help"], repeat=5)
    row("`chitieu extract --help`", f"{t_help:.2f} s", "< 0.5 s", t_help < 0.5)
    doc = tmp / "corpus" / "synthetic_0000.txt"
    t_one = timed([chitieu, "extract", str(doc)], repeat=5)
    row("`chitieu extract` of one report (start-up included)", f"{t_one:.2f} s")


def bench_run(tmp: Path, n: int = 20) -> None:
    raw = tmp / "raw20"
    raw.mkdir()
    for p in sorted((tmp / "corpus").glob("*.txt"))[:n]:
        shutil.copy(p, raw / p.name)
    chitieu = str(BIN / "chitieu")
    walls = {}
    for jobs in (1, 2):
        out, data = tmp / f"out{jobs}", tmp / f"data{jobs}"
        walls[jobs] = timed([chitieu, "run", "--raw", str(raw), "--out", str(out), "--data", str(data),
                             "--jobs", str(jobs), "--quiet", "--force"])
        row(f"`chitieu run` on {n} documents, --jobs {jobs}", f"{walls[jobs]:.1f} s")
    speed = walls[1] / walls[2]
    row("speed-up of --jobs 2 over --jobs 1", f"{speed:.2f}x", ">= 1.6x", speed >= 1.6)
    again = timed([chitieu, "run", "--raw", str(raw), "--out", str(tmp / "out2"), "--data", str(tmp / "data2"),
                   "--jobs", "2", "--quiet"])
    ratio = walls[2] / again
    row("second `chitieu run`, nothing changed", f"{again:.2f} s ({ratio:.0f}x faster)", ">= 10x", ratio >= 10)


def bench_one_document(tmp: Path) -> None:
    """Where one document's regeneration spends its time."""
    import nbformat
    from jupyter_client.manager import start_new_kernel

    from chitieu.extract.document import extract_file
    from chitieu.report.html import export_html
    from chitieu.run.notebooks import Job, run_document

    raw = tmp / "raw20"
    doc = min(raw.glob("*.txt"))
    t = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    row("  kernel start", f"{time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    # in the notebook's order: chitieu first (its __init__ keeps jsonschema from building an RFC 3987 grammar)
    kc.execute_interactive("import chitieu\nimport polars, altair, vl_convert\nimport chitieu.report.charts, chitieu.report.views",
                           timeout=120)
    row("  imports in the kernel (polars, altair, chitieu)", f"{time.perf_counter() - t:.2f} s")
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    t = time.perf_counter()
    extract_file(doc)
    row("  extraction", f"{time.perf_counter() - t:.3f} s")
    # as `chitieu run` imports it: after chitieu
    t_gx = (timed([sys.executable, "-c", "import chitieu\nimport great_expectations"])
            - timed([sys.executable, "-c", "import chitieu"]))
    row("  importing Great Expectations (paid once per `chitieu run`, not per notebook)", f"{t_gx:.2f} s")
    from chitieu.checks.suites import run_suites
    from chitieu.frames.build import build_frames

    frames = build_frames([doc])
    run_suites(frames)
    t = time.perf_counter()
    run_suites(frames)
    row("  validation of one document (GX already imported)", f"{time.perf_counter() - t:.2f} s")
    from chitieu.report import charts

    t = time.perf_counter()
    for chart in (charts.scorecard(frames["indicators"], frames["documents"]["doc_id"][0]),
                  charts.series_small_multiples(frames["series"], frames["indicators"],
                                                frames["documents"]["doc_id"][0])):
        charts.png_bytes(chart)
        charts.svg_text(chart)
    row("  charts (spec, PNG and SVG of two charts)", f"{time.perf_counter() - t:.2f} s")
    out = tmp / "out1" / doc.stem
    nb = nbformat.read(out / "10_document.ipynb", as_version=4)
    export_html(nb)
    t = time.perf_counter()
    export_html(nb)
    row("  HTML export (Vega inlined)", f"{time.perf_counter() - t:.2f} s")
    one = tmp / "one"
    # as `chitieu run` does it: validation has already left the document's checks.json beside its report
    (one / doc.stem).mkdir(parents=True)
    shutil.copy(out / "checks.json", one / doc.stem / "checks.json")
    t = time.perf_counter()
    outcome = run_document(doc.stem, Job(str(tmp / "data1"), str(one), str(Path("notebooks").resolve())))
    if not outcome.ok:
        raise SystemExit(f"bench: the notebook failed: {outcome.error}")
    wall = time.perf_counter() - t
    row("one document's notebook plus HTML, one core", f"{wall:.2f} s", "<= 5 s", outcome.ok and wall <= 5)


def bench_example_corpus(tmp: Path) -> None:
    """What `make run` costs on a fresh checkout: `chitieu run --jobs 2` over data/raw and the example corpus
    (data/examples), the venv already warm, into a temporary folder."""
    from chitieu.paths import EXAMPLES, RAW
    from chitieu.run.corpus import report_files

    n = len(report_files(RAW, EXAMPLES))
    wall = timed([str(BIN / "chitieu"), "run", "--raw", str(RAW), "--raw", str(EXAMPLES), "--out",
                  str(tmp / "examples_out"), "--data", str(tmp / "examples_data"), "--jobs", "2", "--quiet"])
    row(f"`make run` on the example corpus ({n} documents and the comparison), --jobs 2", f"{wall:.0f} s, "
        f"{wall / n:.1f} s a document")


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (read from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def _memory(pids: list[int]) -> tuple[int, int]:
    """Bytes of memory of these processes: the sum of their PSS (each shared page divided among the processes
    that share it: what they take together) and the sum of their RSS (shared pages counted once per process,
    so a forked worker counts its parent's memory again)."""
    pss = rss = 0
    for p in pids:
        try:
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in rollup.splitlines():
            key, _, value = line.partition(":")
            if key in ("Pss", "Rss"):
                kb = int(value.split()[0]) * 1024
                pss, rss = (pss + kb, rss) if key == "Pss" else (pss, rss + kb)
    return pss, rss


def bench_national(tmp: Path, n: int = 300) -> None:
    """A corpus the size of a national study's slice: `chitieu run --jobs 2` cold on n variants of every
    layout, its peak memory (all processes), the cost per document, validation of all n in one pass, and
    the comparison notebook over the n."""
    import threading

    import nbformat

    from chitieu.checks.suites import run_suites
    from chitieu.frames.build import build_frames

    raw = tmp / f"raw{n}"
    paths = write_layout_corpus(raw, n)
    out, data = tmp / f"out{n}", tmp / f"data{n}"
    cmd = [str(BIN / "chitieu"), "run", "--raw", str(raw), "--out", str(out), "--data", str(data),
           "--jobs", "2", "--quiet"]
    peak = [0, 0]   # PSS, RSS
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def sample() -> None:
        while proc.poll() is None:
            peak[:] = map(max, peak, _memory(_tree(proc.pid)))
            time.sleep(0.5)

    sampler = threading.Thread(target=sample)
    sampler.start()
    proc.wait()
    wall = time.perf_counter() - t
    sampler.join()
    row(f"cold `chitieu run --jobs 2` on {n} documents of every layout", f"{wall:.0f} s, {wall / n:.2f} s a document",
        "<= 150 s", wall <= 150 and proc.returncode == 0)
    row("  peak memory of that run (all processes, PSS)", f"{peak[0] / 1e9:.2f} GB", "<= 4 GB", peak[0] <= 4e9)
    row("  the same as a sum of RSS (shared pages counted once per process)", f"{peak[1] / 1e9:.2f} GB")
    cells: dict[str, list[float]] = {}
    for nb_path in sorted(out.glob("*/10_document.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            d = cell.metadata.get("papermill", {}).get("duration")
            if cell.cell_type == "code" and d is not None:
                first = (cell.source.splitlines() or [""])[0][:40]
                cells.setdefault(first, []).append(d)
    for first, ds in sorted(cells.items(), key=lambda kv: -sum(kv[1]))[:5]:
        row(f"  per document, cell `{first}`", f"{sum(ds) / len(ds):.3f} s")
    compare = out / "compare" / "20_compare.ipynb"
    if compare.exists():
        row(f"  the comparison notebook over {n} documents",
            f"{nbformat.read(compare, as_version=4).metadata['papermill']['duration']:.1f} s")
    frames = build_frames(paths)
    run_suites(build_frames(paths[:1]))   # GX imported and its suites read, as in a run
    t = time.perf_counter()
    run_suites(frames)
    dt = time.perf_counter() - t
    row(f"validation of {n} documents, one pass", f"{dt:.1f} s", "<= 10 s", dt <= 10)


def bench_documents(tmp: Path) -> None:
    """Seconds a page for a text-layer PDF and for a scan OCR'd with Tesseract, and pages a second with
    --jobs 2 (each OCR'd page one Tesseract process)."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    import docbuild
    from chitieu.read.files import read_text
    from chitieu.read.ocr import OcrUnavailable, engine

    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((tmp / "corpus").glob("*.txt"))[:2])
    printed = docbuild.printed(text)
    layer = docbuild.text_pdf(printed, tmp / "layer.pdf")
    t = time.perf_counter()
    pages = len(read_text(layer).pages)
    dt = time.perf_counter() - t
    row(f"text-layer PDF ({pages} pages), one process", f"{dt / pages:.3f} s a page")
    try:
        name = engine()
    except OcrUnavailable as exc:
        row("scanned PDF", f"not measured: {exc}")
        return
    lines = printed.split("\n")[: 4 * docbuild.LINES_PER_PAGE]
    scan = docbuild.scan_pdf("\n".join(lines), tmp / "scan.pdf")
    for jobs in (1, 2):
        t = time.perf_counter()
        n = len(read_text(scan, jobs=jobs).pages)
        dt = time.perf_counter() - t
        row(f"scanned PDF ({n} pages, {name}), --jobs {jobs}", f"{dt / n:.2f} s a page, {n / dt:.2f} pages/s")


def _table_rows(doc) -> tuple[int, int]:
    """(rows read into records, records) of a text's tables: the table stage alone (finders and reader)."""
    from chitieu.extract.metadata import read_metadata
    from chitieu.extract.tables.appendix_records import table_indicators
    from chitieu.extract.tables.find import find_all
    from chitieu.extract.tables.records import grid_records
    from chitieu.reference.ocrkey import fold

    key = fold(doc.text)
    meta = read_metadata(doc, key)
    grids, tables = find_all(doc, key, meta)
    records = [r for g in grids for r in grid_records(doc, meta, g)] + table_indicators(doc, key, meta, [], tables)
    return sum(len(g.rows) for g in grids) + sum(len(t.rows) for t in tables), len(records)


def bench_tables(tmp: Path, n: int = 2000) -> None:
    """Table reading speed per layout: rows a second through the finders and the reader (the rest of the
    extraction left out), n rows of each text layout; a scanned ruled table read cell by cell, a page."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    from table_layouts import TEXT_LAYOUTS, rows

    import docbuild
    from chitieu.read.files import read_text
    from chitieu.read.ocr import OcrUnavailable, engine
    from chitieu.read.text import Text

    for name, make in TEXT_LAYOUTS.items():
        doc = Text.from_string(make(n), doc_id="bench")
        _table_rows(Text.from_string(make(20), doc_id="warm"))
        t = time.perf_counter()
        read, records = _table_rows(doc)
        dt = time.perf_counter() - t
        row(f"tables: {name}, {n} rows", f"{read / dt:,.0f} rows/s ({read} rows read, {records} records)")
    try:
        engine()
    except OcrUnavailable as exc:
        row("tables: scanned ruled table", f"not measured: {exc}")
        return
    table = [["TT", "Chỉ tiêu", "ĐVT", "KH 2023", "TH 2023", "So sánh KH (%)"], *rows(30)]
    layer = docbuild.ruled_table_pdf("PHỤ LỤC: " + table[0][1], table, [10, 70, 26, 22, 22, 30],
                                     tmp / "ruled.pdf", right=frozenset({3, 4, 5}))
    scan = docbuild.rasterised(layer, tmp / "ruled_scan.pdf")
    t = time.perf_counter()
    doc = read_text(scan)
    read, records = _table_rows(doc)
    dt = time.perf_counter() - t
    row(f"tables: scanned ruled table ({len(table) - 1} rows, one page, OCR included)",
        f"{read / dt:.1f} rows/s ({read} rows read, {records} records, {dt:.1f} s)")


SECTIONS = ("extraction", "startup", "run", "one_document", "example_corpus", "national", "documents", "tables")


def main() -> int:
    """Every section in order, or those named (`python bench/bench.py tables`; the run sections read the
    corpus `extraction` writes)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    only = set(sys.argv[1:]) or set(SECTIONS)
    if only - set(SECTIONS):
        raise SystemExit(f"bench: unknown sections {sorted(only - set(SECTIONS))}; known: {', '.join(SECTIONS)}")
    with tempfile.TemporaryDirectory(prefix="chitieu-bench-") as d:
        tmp = Path(d)
        print("measuring ...", file=sys.stderr)
        for name in SECTIONS:
            if name in only:
                globals()[f"bench_{name}"](tmp)
    return _print_table()


def _print_table() -> int:
    w = [max(len(r[i]) for r in ROWS + [("what", "measured", "target", "")]) for i in range(4)]
    print(f"\n{'what':<{w[0]}}  {'measured':<{w[1]}}  {'target':<{w[2]}}  ")
    print(f"{'-' * w[0]}  {'-' * w[1]}  {'-' * w[2]}  ------")
    for what, value, target, verdict in ROWS:
        print(f"{what:<{w[0]}}  {value:<{w[1]}}  {target:<{w[2]}}  {verdict}")
    print(f"\ncpu: {os.cpu_count()} cores; python {sys.version.split()[0]}; median of runs where repeated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
