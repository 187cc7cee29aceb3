"""Executing the notebooks: each through papermill in a warm kernel (kernels.py), in this process or in a pool of
workers (workers.py), held to the time limit per document, then exported to HTML. A notebook that fails, runs
past its limit or loses its worker is an outcome that says why; the others go on."""

from __future__ import annotations

import sys
import threading
from concurrent.futures import Future, as_completed
from contextlib import ExitStack
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import NOTEBOOKS
from ..read.limits import Limits, figure
from ..report.html import export_html
from ..storage import atomic_path, write_text_atomic
from .kernels import KERNEL_NAME, START_TIMEOUT, end_of_run, warm_kernel
from .workers import failure, guarded, pool

DOCUMENT_NOTEBOOK = "10_document"
COMPARE_NOTEBOOK = "20_compare"
COMPARE = "compare"   # the comparison's folder in the reports folder
# what the document notebook imports, loaded into an idle worker's kernel while the documents are validated
PRELOAD = "import vl_convert\nimport chitieu.report.charts, chitieu.frames, chitieu.report.views"
EXPORT_GRACE = 120     # s a worker may take beyond a notebook's limit (its kernel's start, the HTML export)


@dataclass
class Outcome:
    name: str
    ok: bool
    error: str = ""
    html: str = ""
    skipped: bool = False   # unchanged since its last successful run
    stage: str = "notebook"  # "read": the file could not be read (no notebook ran for it)
    made_by: str = ""        # made before this run: "interrupted run" (resumed from its stage) or "shard"


@dataclass(frozen=True)
class Job:
    """What every notebook of a run is given: where the (staged) frames and reports are, the language, the
    limit per document, and how a staged path reads once swapped in (written into the saved notebook)."""
    data_dir: str
    out_root: str
    notebooks_dir: str = str(NOTEBOOKS)
    lang: str = "vi"
    seconds: float | None = None
    relocate: tuple[tuple[str, str], ...] = ()


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


def _papermill(src: Path, target: Path, parameters: dict, notebooks_dir: Path, engine: dict | None = None,
               cell_timeout: float | None = None):
    """The executed notebook, also written to `target`. `engine`: a warm kernel's engine arguments
    (`WarmKernel.acquire`); without them papermill starts a kernel of its own."""
    import papermill as pm

    return pm.execute_notebook(str(src), str(target), parameters=parameters, kernel_name=KERNEL_NAME,
                               cwd=str(notebooks_dir), progress_bar=False, log_output=False, language="python",
                               request_save_on_cell_execute=False,  # written once, at the end, to a temp file
                               execution_timeout=cell_timeout, **(engine or {}))


class _Deadline:
    """Kills the kernel when a notebook runs past `seconds` (a cell in C code ignores an interrupt)."""

    def __init__(self, kernel, seconds: float | None):
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire) if kernel is not None and seconds else None
        self._kernel = kernel

    def _expire(self) -> None:
        self.expired = True
        self._kernel.kill()

    def __enter__(self):
        if self._timer is not None:
            self._timer.start()
        return self

    def __exit__(self, *_):
        if self._timer is not None:
            self._timer.cancel()


class NotebookTimeout(Exception):
    """A notebook stopped at the time limit (its kernel killed; the next document starts a new one)."""


def execute(name: str, out_dir: Path, parameters: dict, notebooks_dir: Path = NOTEBOOKS, warm: bool = True,
            seconds: float | None = None, relocate: tuple[tuple[str, str], ...] = ()) -> Outcome:
    """Execute one notebook into out_dir/<name>.ipynb with papermill and export out_dir/<name>.html. With
    `warm`, in this process's warm kernel; a kernel that dies under a document is replaced and the document
    run once more. Past `seconds` the notebook is stopped and fails. `relocate`: (staged, final) path prefixes
    rewritten in the saved notebook's parameters, so it reruns by hand once swapped in."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.ipynb"
    kernel = warm_kernel(notebooks_dir) if warm else None
    try:
        source = notebook_from_source(name, notebooks_dir)
        with atomic_path(out_dir / f".{name}.input.ipynb") as src:
            src.write_text(source, encoding="utf-8")
            for attempt in (1, 2):
                deadline = _Deadline(kernel, seconds)
                try:
                    with atomic_path(target) as tmp_out:
                        engine = kernel.acquire() if kernel else None
                        with deadline:
                            executed = _papermill(src, tmp_out, parameters, notebooks_dir, engine,
                                                  None if kernel else seconds)
                        if relocate:
                            relocate_notebook(executed, relocate, tmp_out)
                    break
                except Exception:
                    if deadline.expired:
                        raise NotebookTimeout(Limits(seconds=seconds).over(
                            "seconds", f"its notebook was stopped after {figure(seconds)} s")) from None
                    if kernel is None or kernel.alive() or attempt == 2:
                        raise
        (out_dir / f".{name}.input.ipynb").unlink(missing_ok=True)
        page = out_dir / f"{name}.html"   # its links and the shared _static/ are relative to the reports folder
        write_text_atomic(page, export_html(executed, page=page, root=out_dir.parent))
        return Outcome(name=str(out_dir.name), ok=True, html=str(out_dir / f"{name}.html"))
    except Exception as exc:  # noqa: BLE001 - reported per document; the batch goes on
        return Outcome(name=str(out_dir.name), ok=False, error=_short_error(exc))


def relocate_notebook(nb, moves: tuple[tuple[str, str], ...], path: Path) -> None:
    """The injected parameters and papermill's record of them as they read once the stage is swapped in."""
    import nbformat

    def moved(value):
        if isinstance(value, str):
            for staged, final in moves:
                value = value.replace(staged, final)
        return value

    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = moved(cell.source)
    meta = nb.metadata.get("papermill", {})
    meta["parameters"] = {k: moved(v) for k, v in meta.get("parameters", {}).items()}
    for key in ("input_path", "output_path"):
        meta.pop(key, None)   # temp files of the run
    nbformat.write(nb, str(path))


def _short_error(exc: BaseException) -> str:
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None) or str(exc)
    return f"{name}: {value}".strip()[:500]


def run_document(doc_id: str, job: Job) -> Outcome:
    out = Path(job.out_root) / doc_id
    return execute(DOCUMENT_NOTEBOOK, out,
                   {"doc_id": doc_id, "data_dir": job.data_dir, "out_dir": str(out), "lang": job.lang},
                   Path(job.notebooks_dir), seconds=job.seconds, relocate=job.relocate)


def run_compare(doc_ids: list[str], job: Job) -> Outcome:
    out = Path(job.out_root) / COMPARE
    outcome = execute(COMPARE_NOTEBOOK, out, {"doc_ids": doc_ids, "data_dir": job.data_dir, "out_dir": str(out),
                                              "lang": job.lang}, Path(job.notebooks_dir), relocate=job.relocate)
    outcome.name = COMPARE
    return outcome


def _preload(notebooks_dir: str) -> None:
    warm_kernel(Path(notebooks_dir)).preload(PRELOAD)


class Notebooks:
    """Where notebooks run: a pool of `jobs` worker processes, each with its warm kernel, or this process when
    jobs is 1. `submit` starts a notebook and returns at once (in a pool), so this process can validate while
    the comparison runs; `results` waits for them all, a worker that died or hung being its notebook's
    failure. Ctrl-C or SIGTERM starts no further notebook and stops the workers."""

    def __init__(self, jobs: int, total: int, progress: bool, seconds: float | None = None, on_done=None):
        from tqdm.auto import tqdm

        self.jobs = jobs
        self.seconds = seconds
        self.on_done = on_done   # called with each outcome as it arrives (the run records its progress)
        self._stack = ExitStack()
        self.pool = self._stack.enter_context(pool(jobs)) if jobs > 1 and total > 1 else None
        self.bar = tqdm(total=total, desc="notebooks", disable=not progress, file=sys.stderr)
        self.futures: dict[Future, str] = {}

    def submit(self, name: str, fn, *args, limited: bool = True) -> None:
        """Run fn(*args) → Outcome; `limited`: a document's notebook, whose worker is stopped if it hangs past
        its time limit (the notebook itself is stopped at the limit in `execute`)."""
        if self.pool is not None:
            backstop = self.seconds + START_TIMEOUT + EXPORT_GRACE if self.seconds and limited else None
            fut = self.pool.schedule(guarded, (fn, *args), timeout=backstop)
        else:
            fut = Future()
            fut.set_result(self._arrived(fn(*args)))
        fut.add_done_callback(lambda _: self.bar.update())
        self.futures[fut] = name

    def preload(self, notebooks_dir: Path, busy: int) -> None:
        """Start the kernels of the workers that `busy` notebooks leave idle, with their imports; not awaited,
        and a preload that fails costs nothing (the document then starts its kernel)."""
        if self.pool is not None:
            for _ in range(self.jobs - busy):
                self.pool.schedule(guarded, (_preload, str(notebooks_dir)))

    def results(self) -> list[Outcome]:
        """Every notebook's outcome (a worker's death or hang is its notebook's failure)."""
        done = []
        for fut in as_completed(self.futures):
            if self.pool is None:
                done.append(fut.result())
                continue
            try:
                outcome = fut.result()
            except Exception as exc:  # noqa: BLE001 - the worker's death or hang is its notebook's failure
                outcome = Outcome(self.futures[fut], False, failure(exc, self.seconds or 0, "running its notebook"))
            done.append(self._arrived(outcome))
        return done

    def _arrived(self, outcome: Outcome) -> Outcome:
        if self.on_done is not None:
            self.on_done(outcome)
        return outcome

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.pool is None:
            end_of_run()
        self._stack.__exit__(*exc)
        self.bar.close()
