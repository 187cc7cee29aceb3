"""Regenerating everything: frames from the report folders, the GX suites once over the changed documents,
then one executed notebook and its HTML per document and the comparison, and the index. Notebooks run
through papermill in warm kernels (kernels.py), one per worker process; a failing document is reported and
the others go on."""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ChitieuError
from ..paths import EXAMPLES, NOTEBOOKS, PROCESSED, RAW, REPORTS
from ..report.html import export_html
from ..storage import atomic_path, write_text_atomic
from .kernels import KERNEL_NAME, shutdown_all, warm_kernel
from .manifest import COMPARE_KEY, code_fingerprint, load_manifest, save_manifest, text_hash, up_to_date

DOCUMENT_NOTEBOOK = "10_document"
COMPARE_NOTEBOOK = "20_compare"
DEFAULT_SOURCES = (RAW, EXAMPLES)  # the researcher's own reports, then the example corpus of ~40 localities
# what the document notebook imports, loaded into an idle worker's kernel while the documents are validated
PRELOAD = "import vl_convert\nimport chitieu.report.charts, chitieu.frames, chitieu.report.views"


@dataclass
class Outcome:
    name: str
    ok: bool
    error: str = ""
    html: str = ""
    skipped: bool = False   # unchanged since its last successful run


def notebook_from_source(name: str, notebooks_dir: Path = NOTEBOOKS) -> str:
    """The paired jupytext .py is the reviewed source; the .ipynb papermill runs is made from it at run time,
    once per process and version of the source (as text)."""
    src = Path(notebooks_dir) / f"{name}.py"
    return _notebook_text(src, src.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _notebook_text(src: Path, _mtime_ns: int) -> str:
    import jupytext
    import nbformat

    nb = jupytext.read(src)
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python 3", "language": "python"}
    return nbformat.writes(nb)


def _papermill(src: Path, target: Path, parameters: dict, notebooks_dir: Path, engine: dict | None = None):
    """The executed notebook, also written to `target`. `engine`: a warm kernel's engine arguments
    (`WarmKernel.acquire`); without them papermill starts a kernel of its own."""
    import papermill as pm

    return pm.execute_notebook(str(src), str(target), parameters=parameters, kernel_name=KERNEL_NAME,
                               cwd=str(notebooks_dir), progress_bar=False, log_output=False, language="python",
                               request_save_on_cell_execute=False,  # written once, at the end, to a temp file
                               **(engine or {}))


def execute(name: str, out_dir: Path, parameters: dict, notebooks_dir: Path = NOTEBOOKS,
            warm: bool = True) -> Outcome:
    """Execute one notebook into out_dir/<name>.ipynb with papermill and export out_dir/<name>.html. With
    `warm`, in this process's warm kernel; a kernel that dies under a document is replaced and the document
    run once more."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.ipynb"
    kernel = warm_kernel(notebooks_dir) if warm else None
    try:
        source = notebook_from_source(name, notebooks_dir)
        with atomic_path(out_dir / f".{name}.input.ipynb") as src:
            src.write_text(source, encoding="utf-8")
            for attempt in (1, 2):
                try:
                    with atomic_path(target) as tmp_out:
                        executed = _papermill(src, tmp_out, parameters, notebooks_dir,
                                              kernel.acquire() if kernel else None)
                    break
                except Exception:
                    if kernel is None or kernel.alive() or attempt == 2:
                        raise
        (out_dir / f".{name}.input.ipynb").unlink(missing_ok=True)
        write_text_atomic(out_dir / f"{name}.html", export_html(executed))
        return Outcome(name=str(out_dir.name), ok=True, html=str(out_dir / f"{name}.html"))
    except Exception as exc:  # noqa: BLE001 - reported per document; the batch goes on
        return Outcome(name=str(out_dir.name), ok=False, error=_short_error(exc))


def _short_error(exc: BaseException) -> str:
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None) or str(exc)
    return f"{name}: {value}".strip()[:500]


def _run_document(doc_id: str, data_dir: str, out_root: str, notebooks_dir: str, lang: str) -> Outcome:
    out = Path(out_root) / doc_id
    return execute(DOCUMENT_NOTEBOOK, out,
                   {"doc_id": doc_id, "data_dir": data_dir, "out_dir": str(out), "lang": lang},
                   Path(notebooks_dir))


def _run_compare(doc_ids: list[str], data_dir: str, out_root: str, notebooks_dir: str, lang: str) -> Outcome:
    out = Path(out_root) / "compare"
    outcome = execute(COMPARE_NOTEBOOK, out, {"doc_ids": doc_ids, "data_dir": data_dir, "out_dir": str(out),
                                              "lang": lang}, Path(notebooks_dir))
    outcome.name = "compare"
    return outcome


def _preload(notebooks_dir: str) -> None:
    warm_kernel(Path(notebooks_dir)).preload(PRELOAD)


def check_writable(folder: Path) -> None:
    """Fail early, naming the folder, rather than after minutes of work."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise ChitieuError(f"{folder}: output folder is not writable ({exc.strerror})") from None


def duplicate_ids(paths: list[Path]) -> dict[Path, str]:
    """Files whose document id another file already has: the later ones are refused, by name."""
    from ..read.text import doc_id_for

    seen: dict[str, Path] = {}
    dup = {}
    for p in paths:
        d = doc_id_for(p)
        if d in seen:
            dup[p] = f"{p}: document id {d!r} is already taken by {seen[d]}; rename one of them"
        else:
            seen[d] = p
    return dup


def write_checks(frames, docs: list[str], out_root: Path) -> dict[str, int]:
    """Validate the frames of these documents in one pass (one GX run over all of them, in this process),
    then split the findings per document into <out>/<doc>/checks.json for its notebook."""
    import polars as pl

    from ..checks.rules import reconciliation
    from ..checks.suites import failed_rows, run_suites

    if not docs:
        return {}
    sub = {"documents": frames["documents"].filter(pl.col("doc_id").is_in(docs)),
           "indicators": frames["indicators"].filter(pl.col("doc").is_in(docs)),
           "series": frames["series"].filter(pl.col("doc").is_in(docs))}
    findings, _ = run_suites(sub)
    rows = failed_rows(findings)
    rec = reconciliation(sub["indicators"])
    failed_by_doc: dict[str, set] = {d: set() for d in docs}
    for f in findings:
        if not f.success:
            for r in f.rows:
                doc = r.get("doc") or r.get("doc_id")
                if doc in failed_by_doc:
                    failed_by_doc[doc].add((f.suite, f.expectation, f.column))
    rows_by_doc = rows.partition_by("doc", as_dict=True) if rows.height else {}
    rec_by_doc = rec.partition_by("doc", as_dict=True) if rec.height else {}
    counts = {}
    for d in docs:
        mine, recon = rows_by_doc.get((d,)), rec_by_doc.get((d,))
        counts[d] = len(failed_by_doc[d])
        payload = {"doc": d, "failed": counts[d], "passed": len(findings) - counts[d],
                   "rows": mine.to_dicts() if mine is not None else [],
                   "reconciliation": recon.to_dicts() if recon is not None else []}
        write_text_atomic(out_root / d / "checks.json", json.dumps(payload, ensure_ascii=False, default=str))
    return counts


def report_files(*raw_dirs: Path) -> list[Path]:
    """The reports of these folders, folder by folder: texts, PDFs, Word files and saved web pages (their
    content decides how each is read). A folder that does not exist holds none."""
    from ..read.text import REPORT_SUFFIXES

    return [p for d in raw_dirs if Path(d).is_dir()
            for p in sorted(Path(d).iterdir()) if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES]


# ---------------------------------------------------------------- the steps of run_all

def _choose_files(raw_dirs, docs: list[str] | None) -> tuple[list[Path], dict[Path, str]]:
    """The report files to read (only `docs` when given) and the ones refused for a duplicate id."""
    from ..read.text import doc_id_for

    paths = report_files(*raw_dirs)
    if docs:
        wanted = set(docs)
        paths = [p for p in paths if doc_id_for(p) in wanted]
        missing = wanted - {doc_id_for(p) for p in paths}
        if missing:
            folders = ", ".join(str(d) for d in raw_dirs)
            raise ChitieuError(f"no report in {folders} for: {', '.join(sorted(missing))}")
    refused = duplicate_ids(paths)
    return [p for p in paths if p not in refused], refused


def _extract(paths: list[Path], refused: dict[Path, str], data_dir: Path, jobs: int) -> dict:
    """The frames of every file and the panel, written to data_dir; a refused file is a documents row."""
    import polars as pl

    from ..frames.build import build_frames
    from ..frames.panel import build_panel, left_out
    from ..frames.store import write_frames
    from ..read.text import doc_id_for

    frames = build_frames(paths, jobs=jobs)
    if refused:
        extra = pl.DataFrame([{"doc_id": doc_id_for(p), "path": str(p), "error": msg} for p, msg in refused.items()],
                             schema={"doc_id": pl.String, "path": pl.String, "error": pl.String})
        frames["documents"] = pl.concat([frames["documents"], extra], how="diagonal_relaxed")
    write_frames(frames | {"panel": build_panel(frames), "panel_left_out": left_out(frames)}, data_dir)
    return frames


class _Notebooks:
    """Where notebooks run: a pool of `jobs` worker processes, each with its warm kernel, or this process when
    jobs is 1. `submit` starts a notebook and returns at once (in a pool), so this process can validate while
    the comparison runs; `results` waits for them all. Ctrl-C starts no further notebook."""

    def __init__(self, jobs: int, total: int, progress: bool):
        from tqdm.auto import tqdm

        self.jobs = jobs
        self.pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and total > 1 else None
        self.bar = tqdm(total=total, desc="notebooks", disable=not progress, file=sys.stderr)
        self.futures: list[Future] = []

    def submit(self, fn, *args) -> None:
        if self.pool is not None:
            fut = self.pool.submit(fn, *args)
        else:
            fut = Future()
            fut.set_result(fn(*args))
        fut.add_done_callback(lambda _: self.bar.update())
        self.futures.append(fut)

    def preload(self, notebooks_dir: Path, busy: int) -> None:
        """Start the kernels of the workers that `busy` notebooks leave idle, with their imports; not awaited,
        and a preload that fails costs nothing (the document then starts its kernel)."""
        if self.pool is not None:
            for _ in range(self.jobs - busy):
                self.pool.submit(_preload, str(notebooks_dir))

    def results(self) -> list[Outcome]:
        return [fut.result() for fut in as_completed(self.futures)]

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *_):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=exc_type is not None)
        else:
            shutdown_all()
        self.bar.close()


def _record(manifest: dict, done: list[Outcome], hashes: dict[str, str], code: str, compare_key: str) -> None:
    for o in done:
        if o.name == "compare":
            manifest[COMPARE_KEY] = compare_key if o.ok else None
        elif o.ok:
            manifest[o.name] = {"text": hashes[o.name], "code": code}
        else:
            manifest.pop(o.name, None)


def run_all(raw_dirs: tuple[Path, ...] | list[Path] = DEFAULT_SOURCES, data_dir: Path = PROCESSED,
            out_root: Path = REPORTS, docs: list[str] | None = None, jobs: int = 1, lang: str = "vi",
            notebooks_dir: Path = NOTEBOOKS, progress: bool = True, force: bool = False) -> list[Outcome]:
    """Extract, validate once, run the notebooks of what changed, record them, write the index."""
    from ..read.text import doc_id_for
    from ..report.index import write_index

    out_root, data_dir = Path(out_root), Path(data_dir)
    check_writable(out_root)
    check_writable(data_dir)
    paths, refused = _choose_files(raw_dirs, docs)
    frames = _extract(paths, refused, data_dir, jobs)
    documents = frames["documents"]
    ok_docs = documents.filter(documents["error"].is_null())["doc_id"].to_list()
    outcomes = [Outcome(d, False, e) for d, e in
                documents.filter(documents["error"].is_not_null()).select("doc_id", "error").rows()]

    code, manifest = code_fingerprint(Path(notebooks_dir)), load_manifest(out_root)
    hashes = {doc_id_for(p): text_hash(p) for p in paths}
    todo = [d for d in ok_docs if force or not up_to_date(manifest.get(d), hashes[d], code,
                                                          out_root / d / f"{DOCUMENT_NOTEBOOK}.html")]
    unchanged = [d for d in ok_docs if d not in todo]
    compare_key = hashlib.sha256(json.dumps(sorted(hashes.items()) + [code, lang]).encode()).hexdigest()
    run_compare = bool(todo or force or manifest.get(COMPARE_KEY) != compare_key
                       or not (out_root / "compare" / f"{COMPARE_NOTEBOOK}.html").exists())
    common = (str(data_dir), str(out_root), str(notebooks_dir), lang)
    with _Notebooks(jobs, len(todo) + run_compare, progress) as notebooks:
        if run_compare:  # it reads the frames only: it runs while this process validates the documents
            notebooks.submit(_run_compare, ok_docs, *common)
        if todo:
            notebooks.preload(Path(notebooks_dir), busy=int(run_compare))
        failed_checks = write_checks(frames, todo, out_root)   # each notebook reads its checks.json
        for d in todo:
            notebooks.submit(_run_document, d, *common)
        done = notebooks.results()
    _record(manifest, done, hashes, code, compare_key)
    save_manifest(out_root, manifest)

    outcomes += done + [Outcome(d, True, "", str(out_root / d / f"{DOCUMENT_NOTEBOOK}.html"), skipped=True)
                        for d in unchanged]
    if not run_compare:
        outcomes.append(Outcome("compare", True, skipped=True))
    states = {o.name: ("ok" if o.ok and not o.skipped else "unchanged" if o.ok else f"failed: {o.error}")
              for o in outcomes}
    write_index(out_root, documents, frames["indicators"], states, failed_checks | _failed_checks(out_root, unchanged))
    return outcomes


def _failed_checks(out_root: Path, docs: list[str]) -> dict[str, int]:
    """The failed-check counts an earlier run left in these documents' checks.json."""
    counts = {}
    for d in docs:
        f = out_root / d / "checks.json"
        if f.exists():
            try:
                counts[d] = int(json.loads(f.read_text(encoding="utf-8")).get("failed", 0))
            except (ValueError, OSError):
                pass
    return counts


def format_failures(outcomes: list[Outcome]) -> str:
    failed = [o for o in outcomes if not o.ok]
    if not failed:
        return ""
    return "\n".join([f"{len(failed)} failed:"] + [f"  {o.name}: {o.error}" for o in failed])


__all__ = ["Outcome", "execute", "format_failures", "run_all"]
