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
from dataclasses import dataclass
from pathlib import Path

from ..errors import ChitieuError
from ..paths import EXAMPLES, NOTEBOOKS, PROCESSED, RAW, REPORTS
from ..read.limits import Limits
from ..report.html import STATIC
from ..report.index import findings_counts, write_index
from ..storage import write_text_atomic
from . import corpus
from .corpus import INDEX
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
from .workers import Stops

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


@dataclass(frozen=True)
class Settings:
    """What a run was asked: its folders (absolute), the documents (None: all), workers, language, limits."""
    raw_dirs: tuple[Path, ...]
    data_dir: Path
    out_root: Path
    docs: tuple[str, ...] | None
    jobs: int
    lang: str
    notebooks_dir: Path
    progress: bool
    force: bool
    limits: Limits


@dataclass
class Plan:
    """What the run does once the frames are read: the documents asked about and readable, the ones whose
    report is stale, whether the comparison is, and what their reports are made from."""
    asked: set[str]
    readable: list[str]
    todo: list[str]
    compare: bool
    prints: dict[str, str]
    compare_key: str
    code: str
    params: dict
    manifest: dict


def run_all(raw_dirs: tuple[Path, ...] | list[Path] = DEFAULT_SOURCES, data_dir: Path = PROCESSED,
            out_root: Path = REPORTS, docs: list[str] | None = None, jobs: int = 1, lang: str = "vi",
            notebooks_dir: Path = NOTEBOOKS, progress: bool = True, force: bool = False,
            limits: Limits | None = None) -> list[Outcome]:
    """Extract, validate once, run the notebooks of what changed (or of `docs`), record them, write the
    index: all into a stage, swapped in at the end. Relative folders are relative to the working directory.
    ChitieuError (nothing changed) when a folder is missing or unwritable, another run holds the outputs, or
    the reports yield no readable document where the outputs hold some."""
    s = Settings(tuple(Path(d).absolute() for d in raw_dirs), Path(data_dir).absolute(), Path(out_root).absolute(),
                 tuple(docs) if docs else None, jobs, lang, Path(notebooks_dir).absolute(), progress, force,
                 limits or Limits())
    check_writable(s.out_root)
    check_writable(s.data_dir)
    with locked(s.out_root, s.data_dir), Stops() as stops:
        stage = Stage(s.out_root, s.data_dir).open()
        try:
            frames, asked = _read(s, stage)
            plan = _plan(s, frames, asked)
            done = _notebooks(s, stage, frames, plan)
            return _finish(s, stage, frames, plan, done, stops)
        finally:
            stage.close()


def _read(s: Settings, stage: Stage) -> tuple[dict, set[str]]:
    """The frames (with `docs`, set inside the previous ones), staged, and the documents asked about; an
    error, before anything is replaced, when an output folder is read-only or no report is readable."""
    from ..frames.panel import build_panel, left_out
    from ..frames.store import write_frames
    from ..read.text import doc_id_for

    paths, refused = corpus.choose_files(s.raw_dirs, s.docs)
    asked = {doc_id_for(p) for p in [*paths, *refused]}
    for name in [*sorted(asked), COMPARE]:   # a folder the run would replace must be replaceable, before any work
        if (s.out_root / name).is_dir():
            check_writable(s.out_root / name)
    previous = corpus.previous_frames(s.data_dir)
    frames = corpus.extract(paths, refused, s.jobs, s.limits)
    if s.docs:
        frames = corpus.merge(previous, frames, sorted(asked))
    elif previous is not None and not corpus.readable(frames["documents"]) and corpus.readable(previous["documents"]):
        raise ChitieuError(f"no readable report in {', '.join(map(str, s.raw_dirs))} ({len(paths)} files), while "
                           f"{s.data_dir} holds {corpus.readable(previous['documents'])} documents; nothing was "
                           "changed")
    write_frames(frames | {"panel": build_panel(frames), "panel_left_out": left_out(frames)}, stage.data)
    return frames, asked


def _plan(s: Settings, frames: dict, asked: set[str]) -> Plan:
    documents = frames["documents"]
    readable = documents.filter(documents["error"].is_null())["doc_id"].to_list()
    code, params, manifest = code_fingerprint(s.notebooks_dir), {"lang": s.lang}, load_manifest(s.out_root)
    prints = rows_fingerprints(frames, readable)
    todo = [d for d in readable if d in asked and (s.force or not up_to_date(manifest.get(d), prints[d], code,
                                                                                   params, s.out_root / d))]
    compare_key = compare_fingerprint(prints, code, params)
    compare = s.force or not up_to_date(manifest.get(COMPARE_KEY), compare_key, code, params, s.out_root / COMPARE)
    return Plan(asked, readable, todo, compare, prints, compare_key, code, params, manifest)


def _notebooks(s: Settings, stage: Stage, frames: dict, plan: Plan) -> list[Outcome]:
    """The stale documents' notebooks and the comparison, into the stage, while this process validates."""
    job = Job(str(stage.data), str(stage.reports), str(s.notebooks_dir), s.lang, s.limits.seconds,
              relocate=((str(stage.reports), str(s.out_root)), (str(stage.data), str(s.data_dir))))
    with Notebooks(s.jobs, len(plan.todo) + plan.compare, s.progress, s.limits.seconds) as notebooks:
        if plan.compare:  # it reads the frames only: it runs while this process validates the documents
            notebooks.submit(COMPARE, run_compare, plan.readable, job, limited=False)
        if plan.todo:
            notebooks.preload(s.notebooks_dir, busy=int(plan.compare))
        write_checks(frames, plan.todo, stage.reports)   # each notebook reads its checks.json
        for d in plan.todo:
            notebooks.submit(d, run_document, d, job)
        return notebooks.results()


def _finish(s: Settings, stage: Stage, frames: dict, plan: Plan, done: list[Outcome],
            stops: Stops) -> list[Outcome]:
    """Record what was made and what failed, write the index and the manifest, swap the stage in."""
    documents = frames["documents"]
    problems = dict(documents.filter(documents["problems"].is_not_null()).select("doc_id", "problems").rows())
    made = [o.name for o in done if o.ok]   # reports to swap in (a document with problems too: it was read in part)
    for o in done:
        o.html = stage.relocate(o.html, s.out_root, s.data_dir)
        if o.ok and o.name in problems:
            o.ok, o.error = False, f"read in part: {problems[o.name]}"
    for o in done:
        key, rows = (COMPARE_KEY, plan.compare_key) if o.name == COMPARE else (o.name, plan.prints[o.name])
        plan.manifest[key] = entry(rows, plan.code, plan.params, stage.reports / o.name) if o.ok else {"failed": o.error}
    outcomes = [Outcome(d, False, e, stage="read") for d, e in documents.filter(documents["error"].is_not_null()
                                                                  & documents["doc_id"].is_in(list(plan.asked)))
                .select("doc_id", "error").rows()]
    unchanged = [d for d in plan.readable if d in plan.asked and d not in plan.todo]
    outcomes += done + [Outcome(d, True, "", str(s.out_root / d / f"{DOCUMENT_NOTEBOOK}.html"), skipped=True)
                        for d in unchanged]
    if not plan.compare:
        outcomes.append(Outcome(COMPARE, True, skipped=True))
    findings = findings_counts(s.out_root, unchanged) | findings_counts(stage.reports, made)
    write_index(stage.reports, documents, frames["indicators"], _states(documents, outcomes, plan.manifest),
                data_dir=s.data_dir, lang=s.lang, findings=findings, final_dir=s.out_root)
    save_manifest(stage.reports, plan.manifest)
    stops.check()   # a stop that a library swallowed on its way: nothing is swapped in
    stage.commit([(stage.data / f.name, s.data_dir / f.name) for f in sorted(stage.data.iterdir())]
                 + [(stage.reports / name, s.out_root / name) for name in made]
                 + [(stage.reports / name, s.out_root / name) for name in (INDEX, MANIFEST, STATIC)])
    return outcomes


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


__all__ = ["Outcome", "run_all"]
