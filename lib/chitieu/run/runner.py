"""Regenerating everything: frames from the report folders, the GX suites once over the changed documents,
then one executed notebook and its HTML per document and the comparison, and the index.

What a run promises (README, "What a run promises"): it holds its folders' locks (run.lock), writes every output
into a stage and swaps it in at the end (run.stage), so a run that fails leaves the previous one; it only adds or
replaces what it was asked about (`docs`: those documents inside the existing frames); every failure is one
document's (a file past a limit, a dead worker, a failing notebook), named in the outcomes, and the others go
on; its workers and kernels end with it (run.workers)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..errors import ChitieuError
from ..paths import EXAMPLES, NOTEBOOKS, PROCESSED, RAW, REPORTS
from ..read.limits import Limits
from ..storage import write_text_atomic
from . import corpus
from .lock import locked
from .manifest import (
    COMPARE_KEY,
    MANIFEST,
    code_fingerprint,
    compare_fingerprint,
    entry,
    load_manifest,
    rows_fingerprints,
    save_manifest,
    up_to_date,
)
from .notebooks import COMPARE, DOCUMENT_NOTEBOOK, Job, Notebooks, Outcome, run_compare, run_document
from .stage import Stage
from .workers import sigterm_interrupts

DEFAULT_SOURCES = (RAW, EXAMPLES)  # the researcher's own reports, then the example corpus of ~60 localities


def check_writable(folder: Path) -> None:
    """Fail early, naming the folder, rather than after minutes of work."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise ChitieuError(f"{folder}: output folder is not writable ({exc.strerror}); nothing was changed") from None


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


def run_all(raw_dirs: tuple[Path, ...] | list[Path] = DEFAULT_SOURCES, data_dir: Path = PROCESSED,
            out_root: Path = REPORTS, docs: list[str] | None = None, jobs: int = 1, lang: str = "vi",
            notebooks_dir: Path = NOTEBOOKS, progress: bool = True, force: bool = False,
            limits: Limits | None = None) -> list[Outcome]:
    """Extract, validate once, run the notebooks of what changed (or of `docs`), record them, write the
    index: all into a stage, swapped in at the end. Relative folders are relative to the working directory.
    ChitieuError (nothing changed) when a folder is missing or unwritable, another run holds the outputs, or
    the reports yield no readable document where the outputs hold some."""
    limits = limits or Limits()
    raw_dirs = [Path(d).absolute() for d in raw_dirs]
    out_root, data_dir, notebooks_dir = (Path(p).absolute() for p in (out_root, data_dir, notebooks_dir))
    check_writable(out_root)
    check_writable(data_dir)
    with locked(out_root, data_dir), sigterm_interrupts():
        stage = Stage(out_root, data_dir).open()
        try:
            return _run(stage, raw_dirs, data_dir, out_root, docs, jobs, lang, notebooks_dir, progress, force,
                        limits)
        finally:
            stage.close()


def _run(stage: Stage, raw_dirs, data_dir: Path, out_root: Path, docs, jobs: int, lang: str, notebooks_dir: Path,
         progress: bool, force: bool, limits: Limits) -> list[Outcome]:
    from ..frames.panel import build_panel
    from ..frames.store import write_frames
    from ..read.text import doc_id_for
    from ..report.index import write_index

    paths, refused = corpus.choose_files(raw_dirs, docs)
    asked = {doc_id_for(p) for p in [*paths, *refused]}
    for name in [*sorted(asked), COMPARE]:   # a folder the run would replace must be replaceable, before any work
        if (out_root / name).is_dir():
            check_writable(out_root / name)
    previous = corpus.previous_frames(data_dir)
    frames = corpus.extract(paths, refused, jobs, limits)
    if docs:
        frames = corpus.merge(previous, frames, sorted(asked))
    elif previous is not None and not corpus.readable(frames["documents"]) and corpus.readable(previous["documents"]):
        raise ChitieuError(f"no readable report in {', '.join(map(str, raw_dirs))} ({len(paths)} files), while "
                           f"{data_dir} holds {corpus.readable(previous['documents'])} documents; nothing was changed")
    write_frames(frames | {"panel": build_panel(frames)}, stage.data)

    documents = frames["documents"]
    ok_docs = documents.filter(documents["error"].is_null())["doc_id"].to_list()
    problems = dict(documents.filter(documents["problems"].is_not_null()).select("doc_id", "problems").rows())
    outcomes = [Outcome(d, False, e) for d, e in documents.filter(documents["error"].is_not_null()
                                                                  & documents["doc_id"].is_in(list(asked)))
                .select("doc_id", "error").rows()]
    code, params, manifest = code_fingerprint(notebooks_dir), {"lang": lang}, load_manifest(out_root)
    prints = rows_fingerprints(frames, ok_docs)
    todo = [d for d in ok_docs if d in asked and (force or not up_to_date(manifest.get(d), prints[d], code,
                                                                                 params, out_root / d))]
    compare_key = compare_fingerprint(prints, code, params)
    run_cmp = force or not up_to_date(manifest.get(COMPARE_KEY), compare_key, code, params, out_root / COMPARE)
    job = Job(str(stage.data), str(stage.reports), str(notebooks_dir), lang, limits.seconds,
              relocate=((str(stage.reports), str(out_root)), (str(stage.data), str(data_dir))))
    with Notebooks(jobs, len(todo) + run_cmp, progress, limits.seconds) as notebooks:
        if run_cmp:  # it reads the frames only: it runs while this process validates the documents
            notebooks.submit(COMPARE, run_compare, ok_docs, job, limited=False)
        if todo:
            notebooks.preload(notebooks_dir, busy=int(run_cmp))
        failed_checks = write_checks(frames, todo, stage.reports)   # each notebook reads its checks.json
        for d in todo:
            notebooks.submit(d, run_document, d, job)
        done = notebooks.results()

    made = [o.name for o in done if o.ok]   # reports to swap in (a document with problems too: it was read in part)
    for o in done:
        o.html = stage.relocate(o.html, out_root, data_dir)
        if o.ok and o.name in problems:
            o.ok, o.error = False, f"read in part: {problems[o.name]}"
    _record(manifest, done, prints, code, params, compare_key, stage)
    unchanged = [d for d in ok_docs if d in asked and d not in todo]
    outcomes += done + [Outcome(d, True, "", str(out_root / d / f"{DOCUMENT_NOTEBOOK}.html"), skipped=True)
                        for d in unchanged]
    if not run_cmp:
        outcomes.append(Outcome(COMPARE, True, skipped=True))
    write_index(stage.reports, documents, frames["indicators"], _states(documents, outcomes, manifest),
                _failed_checks(out_root, [d for d in ok_docs if d not in todo]) | failed_checks)
    save_manifest(stage.reports, manifest)
    stage.commit([(stage.data / f.name, data_dir / f.name) for f in sorted(stage.data.iterdir())]
                 + [(stage.reports / name, out_root / name) for name in made]
                 + [(stage.reports / "index.html", out_root / "index.html"),
                    (stage.reports / MANIFEST, out_root / MANIFEST)])
    return outcomes


def _record(manifest: dict, done: list[Outcome], prints: dict[str, str], code: str, params: dict,
            compare_key: str, stage: Stage) -> None:
    """Each report made (its rows, the code, the parameters and its files), each failure with its reason."""
    for o in done:
        key = COMPARE_KEY if o.name == COMPARE else o.name
        rows = compare_key if o.name == COMPARE else prints[o.name]
        manifest[key] = entry(rows, code, params, stage.reports / o.name) if o.ok else {"failed": o.error}


def _states(documents, outcomes: list[Outcome], manifest: dict) -> dict[str, str]:
    """What the index says of each document: this run's outcome, else what the manifest recorded."""
    states = {}
    for d in documents["doc_id"].to_list():
        recorded = manifest.get(d) if isinstance(manifest.get(d), dict) else {}
        states[d] = "unchanged" if recorded.get("rows") else (
            f"failed: {recorded['failed']}" if recorded.get("failed") else "not run")
    for o in outcomes:
        states[o.name] = "unchanged" if o.skipped else "ok" if o.ok else f"failed: {o.error}"
    return states


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


__all__ = ["Outcome", "format_failures", "run_all"]
