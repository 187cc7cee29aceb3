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


def timed(cmd: list[str], repeat: int = 1, ok: tuple[int, ...] = (0,), **kw) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        code = subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw).returncode
        if code not in ok:
            raise SystemExit(f"bench: {' '.join(cmd)} exited {code}")
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


def _cold_run(raw: Path, out: Path, data: Path) -> tuple[float, int, int, int]:
    """(wall, exit code, peak PSS, peak RSS) of a cold `chitieu run --jobs 2`, every process sampled."""
    import threading

    cmd = [str(BIN / "chitieu"), "run", "--raw", str(raw), "--out", str(out), "--data", str(data), "--jobs", "2",
           "--quiet"]
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
    return wall, proc.returncode, peak[0], peak[1]


def bench_scale(tmp: Path, sizes: tuple[int, ...] = (300, 3000)) -> None:
    """A corpus the size of a national study's slice and ten times more: `chitieu run --jobs 2` cold on n
    variants of every layout, the cost per document at each size (a document's report reads only its rows, so
    the cost must not grow with the corpus), peak memory (all processes), validation of n in one pass, and
    the comparison notebook over the n."""
    import nbformat

    from chitieu.checks.suites import run_suites
    from chitieu.frames.build import build_frames

    per_doc = {}
    for n in sizes:
        raw = tmp / f"raw{n}"
        paths = write_layout_corpus(raw, n)
        out, data = tmp / f"out{n}", tmp / f"data{n}"
        wall, code, pss, rss = _cold_run(raw, out, data)
        per_doc[n] = wall / n
        row(f"cold `chitieu run --jobs 2` on {n} documents of every layout", f"{wall:.0f} s, {wall / n:.2f} s a document",
            f"<= {n // 2} s", wall <= n / 2 and code == 0)
        row("  peak memory of that run (all processes, PSS)", f"{pss / 1e9:.2f} GB", "<= 4 GB", pss <= 4e9)
        row("  the same as a sum of RSS (shared pages counted once per process)", f"{rss / 1e9:.2f} GB")
        if n == sizes[0]:
            _cell_costs(out, n)
            frames = build_frames(paths)
            run_suites(build_frames(paths[:1]))   # GX imported and its suites read, as in a run
            t = time.perf_counter()
            run_suites(frames)
            dt = time.perf_counter() - t
            row(f"validation of {n} documents, one pass", f"{dt:.1f} s", "<= 10 s", dt <= 10)
        compare = out / "compare" / "20_compare.ipynb"
        if compare.exists():
            row(f"  the comparison notebook over {n} documents",
                f"{nbformat.read(compare, as_version=4).metadata['papermill']['duration']:.1f} s")
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)
    if len(sizes) > 1:
        growth = per_doc[sizes[-1]] / per_doc[sizes[0]]
        row(f"cost per document at {sizes[-1]} documents over that at {sizes[0]}", f"{growth:.2f}x", "<= 1.2x",
            growth <= 1.2)


def _cell_costs(out: Path, n: int) -> None:
    import nbformat

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


SCAN_PAGES = 20


def _scanned_report(folder: Path, pages: int = SCAN_PAGES) -> Path:
    """A scanned PDF of `pages` pages: example reports printed, rasterised with a scan's damage."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    import docbuild
    from chitieu.paths import EXAMPLES

    lines: list[str] = []
    for p in sorted(EXAMPLES.glob("*.txt")):
        lines += docbuild.printed(p.read_text(encoding="utf-8")).split("\n")
        if len(lines) >= pages * docbuild.LINES_PER_PAGE:
            break
    folder.mkdir(parents=True, exist_ok=True)
    return docbuild.scan_pdf("\n".join(lines[: pages * docbuild.LINES_PER_PAGE]), folder / "scanned_report.pdf")


def _reuse(cmd: list[str], env: dict | None = None) -> tuple[float, str]:
    """(wall, the run's 'reused: …' line) of one `chitieu run`."""
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - t
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(cmd)} failed: {done.stderr[-2000:]}")
    return wall, next((line for line in done.stdout.splitlines() if line.startswith("reused:")), "")


def bench_cache(tmp: Path) -> None:
    """`make run`'s corpus plus a 20-page scanned PDF: the cold run, the unchanged run (everything from the
    caches and the manifest), and the run after a cue word is edited (extracted again from the kept texts:
    no page rendered or OCR'd); each with what it reused."""
    from chitieu.paths import EXAMPLES, EXPECTATIONS, NOTEBOOKS, RAW, REFERENCE

    scans = tmp / "scans"
    _scanned_report(scans)
    out, data = tmp / "cache_out", tmp / "cache_data"
    cmd = [str(BIN / "chitieu"), "run", "--raw", str(RAW), "--raw", str(EXAMPLES), "--raw", str(scans),
           "--out", str(out), "--data", str(data), "--jobs", "2", "--quiet"]
    cold, line = _reuse(cmd)
    row(f"cold `chitieu run --jobs 2`: example corpus and a {SCAN_PAGES}-page scan", f"{cold:.1f} s")
    row("  what it reused", line)
    warm, line = _reuse(cmd)
    row("unchanged `chitieu run` of the same", f"{warm:.2f} s ({cold / warm:.0f}x faster)", ">= 50x",
        cold / warm >= 50)
    row("  what it reused", line)
    root = tmp / "edited_root"   # the project's data with one cue word more (CHITIEU_ROOT: where data lives)
    for folder in (REFERENCE, EXPECTATIONS, NOTEBOOKS):
        shutil.copytree(folder, root / folder.relative_to(REFERENCE.parents[1]),
                        ignore=shutil.ignore_patterns("*.ipynb"))
    cues = root / "data" / "reference" / "cues.csv"
    cues.write_text(cues.read_text(encoding="utf-8") + "plan,chi tieu de ra,chỉ tiêu đề ra\n", encoding="utf-8")
    edited, line = _reuse(cmd, env=os.environ | {"CHITIEU_ROOT": str(root)})
    ocr = int(line.split("OCR'd ")[-1].split()[0]) if "OCR'd " in line else -1
    row("`chitieu run` after a cue word is added to cues.csv", f"{edited:.1f} s", "0 pages OCR'd", ocr == 0)
    row("  what it reused", line)


def bench_shards(tmp: Path, count: int = 3) -> None:
    """The example corpus in `count` shards run one after the other, then merged; the merge's frames against a
    single run's (bench_example_corpus's)."""
    import polars as pl

    from chitieu.paths import EXAMPLES, RAW

    shards = tmp / "shards"
    walls = []
    for i in range(1, count + 1):
        walls.append(timed([str(BIN / "chitieu"), "run", "--raw", str(RAW), "--raw", str(EXAMPLES), "--shard",
                            f"{i}/{count}", "--shards", str(shards), "--jobs", "2", "--quiet"], ok=(0, 1)))
    out, data = tmp / "merged_out", tmp / "merged_data"
    merge = timed([str(BIN / "chitieu"), "merge", "--shards", str(shards), "--out", str(out), "--data", str(data),
                   "--jobs", "2", "--quiet"], ok=(0, 1))
    row(f"{count} shards of the example corpus, one after the other, --jobs 2",
        " + ".join(f"{w:.0f}" for w in walls) + " s")
    row(f"  `chitieu merge` of the {count}", f"{merge:.1f} s")
    single = tmp / "examples_data"   # bench_example_corpus's run, else one here
    if not (single / "panel.parquet").exists():
        timed([str(BIN / "chitieu"), "run", "--raw", str(RAW), "--raw", str(EXAMPLES), "--out",
               str(tmp / "examples_out"), "--data", str(single), "--jobs", "2", "--quiet"], ok=(0, 1))
    same = all(pl.read_parquet(data / f"{n}.parquet").equals(pl.read_parquet(single / f"{n}.parquet"))
               for n in ("documents", "indicators", "series", "pages", "panel"))
    row("  the merged frames and panel equal a single run's", "yes" if same else "NO", "yes", same)


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


SECTIONS = ("extraction", "startup", "run", "one_document", "example_corpus", "cache", "shards", "scale", "documents",
            "tables")


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
