"""Regenerating everything: frames from the report folders, the GX suites once over the changed documents,
then one executed notebook and its HTML per document and the comparison, and the index.

What a run promises (README, "What a run promises"): it holds its folders' locks (run.lock), writes every output
into a stage and swaps it in at the end (run.stage), so a run that fails leaves the previous one; it only adds or
replaces what it was asked about (`docs`: those documents inside the existing frames); every failure is one
document's (a file past a limit, a dead worker, a failing notebook), named in the outcomes, and the others go
on; its workers and kernels end with it (run.workers)."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ChitieuError
from ..paths import EXAMPLES, NOTEBOOKS, PROCESSED, RAW, REPORTS
from ..read.limits import Limits
from ..report.html import STATIC
from . import corpus
from .cache import CACHE, Caches, Reuse
from .corpus import INDEX, Shard
from .fingerprints import Fingerprints, fingerprints
from .lock import locked
from .manifest import (
    COMPARE_KEY,
    MANIFEST,
    compare_key,
    entry,
    load_manifest,
    report_key,
    rows_fingerprints,
    save_manifest,
    up_to_date,
)
from .notebooks import COMPARE, DOCUMENT_NOTEBOOK, Job, Notebooks, Outcome, run_compare, run_document
from .shards import RECORD, ShardSet, write_record
from .stage import Stage
from .validation import write_checks
from .workers import Stops

DEFAULT_SOURCES = (RAW, EXAMPLES)  # the researcher's own reports, then the example corpus of ~60 localities
STATIC_KEY = "_static"   # the manifest's entry of the reports' shared _static/ folder (written when it changes)
INDEX_KEY = "_index"     # the manifest's key of the index (written when its reports, states or code change)


def check_writable(folder: Path) -> None:
    """Fail early, naming the folder, rather than after minutes of work."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise ChitieuError(f"{folder}: output folder is not writable ({exc.strerror}); nothing was changed") from None


@dataclass(frozen=True)
class Settings:
    """What a run was asked: its folders (absolute), the documents (None: all), workers, language, limits; a
    shard's share (`shard`), the caches' folder (`cache`); a merge: the shard folders it gathers (`shards`)."""
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
    shard: Shard | None = None
    cache: Path | None = None
    shards: ShardSet | None = None


@dataclass
class Work:
    """What a run learns on its way: its stages' fingerprints, its documents (or the shards it merges), what it
    reused."""
    prints: Fingerprints
    caches: Caches
    corpus: corpus.Corpus | None = None
    reuse: Reuse = field(default_factory=Reuse)


@dataclass
class Plan:
    """What the run does once the frames are read: the documents asked about and readable, the ones whose
    report must be made and how (run here, resumed from an interrupted run's stage, brought in from a shard),
    whether the comparison runs, and what each report is made from."""
    asked: set[str]
    readable: list[str]
    todo: list[str]
    compare: bool
    keys: dict[str, dict]
    manifest: dict
    resumed: list[str] = field(default_factory=list)
    brought: list[str] = field(default_factory=list)


class Outcomes(list):
    """A run's outcomes (one per document and the comparison), and what it reused (`reuse`)."""

    def __init__(self, outcomes, reuse: Reuse):
        super().__init__(outcomes)
        self.reuse = reuse


def run_all(raw_dirs: tuple[Path, ...] | list[Path] = DEFAULT_SOURCES, data_dir: Path = PROCESSED,
            out_root: Path = REPORTS, docs: list[str] | None = None, jobs: int = 1, lang: str = "vi",
            notebooks_dir: Path = NOTEBOOKS, progress: bool = True, force: bool = False,
            limits: Limits | None = None, shard: Shard | None = None, cache: Path | None = None) -> Outcomes:
    """Extract, validate once, run the notebooks of what changed (or of `docs`), record them, write the
    index: all into a stage, swapped in at the end. Relative folders are relative to the working directory;
    the caches are in <data_dir>/cache unless `cache` names another folder. ChitieuError (nothing changed)
    when a folder is missing or unwritable, another run holds the outputs, or the reports yield no readable
    document where the outputs hold some."""
    s = Settings(tuple(Path(d).absolute() for d in raw_dirs), Path(data_dir).absolute(), Path(out_root).absolute(),
                 tuple(docs) if docs else None, jobs, lang, Path(notebooks_dir).absolute(), progress, force,
                 limits or Limits(), shard, Path(cache or Path(data_dir) / CACHE).absolute())
    return _execute(s)


def merge_shards(shards_root: Path | None = None, dirs: list[Path] | None = None, data_dir: Path = PROCESSED,
                 out_root: Path = REPORTS, jobs: int = 1, notebooks_dir: Path = NOTEBOOKS, progress: bool = True,
                 force: bool = False) -> Outcomes:
    """`chitieu merge`: the shards' frames, panel and reports gathered, the comparison and the index made, as
    one run over every document would (run.shards), staged and swapped in as a run is."""
    shards = ShardSet.gather(shards_root, dirs)
    s = Settings((), Path(data_dir).absolute(), Path(out_root).absolute(), None, jobs, shards.params["lang"],
                 Path(notebooks_dir).absolute(), progress, force, Limits(), shards=shards)
    return _execute(s)


def _execute(s: Settings) -> Outcomes:
    check_writable(s.out_root)
    check_writable(s.data_dir)
    work = Work(fingerprints(s.notebooks_dir, {"reading": _reading_extra(s.limits)}), Caches(s.cache))
    work.caches = Caches(s.cache, work.prints.reading, work.prints.extraction, fresh=s.force)
    if s.shards is not None:
        s.shards.check(work.prints)
    with locked(s.out_root, s.data_dir), Stops() as stops:
        stage = Stage(s.out_root, s.data_dir).open(resume=not s.force)
        try:
            frames, asked = _read(s, stage, work)
            plan = _plan(s, stage, work, frames, asked)
            done = _notebooks(s, stage, frames, plan)
            return _finish(s, stage, work, frames, plan, done, stops)
        finally:
            stage.close()


def _reading_extra(limits: Limits) -> str:
    """What a text depends on beside the readers' code: the limits it was read under (the OCR engine of its
    scanned pages is checked where a kept text has some: run.cache)."""
    return f"{limits.page_pixels} {limits.unpacked_bytes} {limits.characters}"


def _read(s: Settings, stage: Stage, work: Work) -> tuple[dict, set[str]]:
    """The frames (with `docs`, set inside the previous ones), staged, and the documents asked about; an
    error, before anything is replaced, when an output folder is read-only or no report is readable."""
    from ..frames.panel import build_panel, left_out
    from ..frames.store import write_frames

    if s.shards is not None:   # a merge: its frames are the shards'
        paths, asked = [], set(s.shards.order())
    else:
        work.corpus = corpus.choose_files(s.raw_dirs, s.docs, s.shard)
        paths, asked = list(work.corpus.files), work.corpus.asked
    for name in [*sorted(asked), COMPARE]:   # a folder the run would replace must be replaceable, before any work
        if (s.out_root / name).is_dir():
            check_writable(s.out_root / name)
    previous = corpus.previous_frames(s.data_dir) if s.shards is None else None
    if s.shards is not None:
        frames = s.shards.frames()
    else:
        frames, work.reuse = corpus.extract(work.corpus, s.jobs, s.limits, work.caches)
    if s.docs:
        frames = corpus.merge(previous, frames, sorted(asked))
    elif previous is not None and not corpus.readable(frames["documents"]) and corpus.readable(previous["documents"]):
        raise ChitieuError(f"no readable report in {', '.join(map(str, s.raw_dirs))} ({len(paths)} files), while "
                           f"{s.data_dir} holds {corpus.readable(previous['documents'])} documents; nothing was "
                           "changed")
    write_frames(frames | {"panel": build_panel(frames), "panel_left_out": left_out(frames)}, stage.data)
    return frames, asked


def _plan(s: Settings, stage: Stage, work: Work, frames: dict, asked: set[str]) -> Plan:
    documents = frames["documents"]
    readable = documents.filter(documents["error"].is_null())["doc_id"].to_list()
    params, manifest = {"lang": s.lang}, load_manifest(s.out_root)
    rows = rows_fingerprints(frames, readable)
    keys = {d: report_key(rows[d], work.prints, params) for d in readable}
    keys[COMPARE] = compare_key(rows, work.prints, params)
    stale = [d for d in readable if d in asked and (s.force or not up_to_date(manifest.get(d), keys[d], s.out_root / d))]
    if s.shard is None:
        recorded = manifest.get(COMPARE_KEY)
        if s.force or not up_to_date(recorded, keys[COMPARE], s.out_root / COMPARE):
            stale.append(COMPARE)
    resumed = [d for d in stale if up_to_date(stage.resumed.get(d), keys[d], stage.reports / d)]
    if s.shards is not None:   # a merge runs the comparison only: the documents' reports are the shards'
        partial = set(_problems(documents))
        brought = [d for d in stale if d != COMPARE and s.shards.made(d, keys[d], d in partial)]
        stale = [d for d in stale if d == COMPARE]
    else:
        brought = []
    todo = [d for d in stale if d not in resumed and d not in brought]
    return Plan(asked, readable, [d for d in todo if d != COMPARE], COMPARE in todo, keys, manifest, resumed, brought)


def _notebooks(s: Settings, stage: Stage, frames: dict, plan: Plan) -> list[Outcome]:
    """The stale documents' notebooks and the comparison, into the stage, while this process validates; a
    merge brings the shards' reports in first. Each report made is recorded in the stage as it finishes."""
    job = Job(str(stage.data), str(stage.reports), str(s.notebooks_dir), s.lang, s.limits.seconds,
              relocate=((str(stage.reports), str(s.out_root)), (str(stage.data), str(s.data_dir))))
    for name in [*plan.todo, COMPARE] if plan.compare else plan.todo:
        shutil.rmtree(stage.reports / name, ignore_errors=True)   # what an interrupted run left of it
    if plan.brought:
        s.shards.bring(plan.brought, stage.reports, s.out_root, s.data_dir)
    problems = _problems(frames["documents"])

    def record(o: Outcome) -> None:
        if o.ok and o.name not in problems:
            stage.record(o.name, entry(plan.keys[o.name], stage.reports / o.name))

    with Notebooks(s.jobs, len(plan.todo) + plan.compare, s.progress, s.limits.seconds, on_done=record) as notebooks:
        if plan.compare:  # it reads the frames only: it runs while this process validates the documents
            notebooks.submit(COMPARE, run_compare, plan.readable, job, limited=False)
        if plan.todo:
            notebooks.preload(s.notebooks_dir, busy=int(plan.compare))
        write_checks(frames, plan.todo, stage.reports)   # each notebook reads its checks.json
        for d in plan.todo:
            notebooks.submit(d, run_document, d, job)
        return notebooks.results()


def _problems(documents) -> dict[str, str]:
    return dict(documents.filter(documents["problems"].is_not_null()).select("doc_id", "problems").rows())


def _finish(s: Settings, stage: Stage, work: Work, frames: dict, plan: Plan, done: list[Outcome],
            stops: Stops) -> Outcomes:
    """Record what was made and what failed, write the index (a shard: its record) and the manifest, swap the
    stage in."""
    documents = frames["documents"]
    problems = _problems(documents)
    earlier = [Outcome(name, True, "", str(stage.reports / name / f"{_notebook(name)}.html"), made_by=by)
               for by, names in (("interrupted run", plan.resumed), ("shard", plan.brought)) for name in names]
    made = [o.name for o in done + earlier if o.ok]   # reports to swap in (a document with problems too: it was read in part)
    for o in done + earlier:
        o.html = stage.relocate(o.html, s.out_root, s.data_dir)
        if o.ok and o.name in problems:
            o.ok, o.error = False, f"read in part: {problems[o.name]}"
    for o in done + earlier:
        key = COMPARE_KEY if o.name == COMPARE else o.name
        plan.manifest[key] = entry(plan.keys[o.name], stage.reports / o.name) if o.ok else {"failed": o.error}
    outcomes = [Outcome(d, False, e, stage="read") for d, e in documents.filter(documents["error"].is_not_null()
                                                                  & documents["doc_id"].is_in(list(plan.asked)))
                .select("doc_id", "error").rows()]
    outcomes += _shard_failures(s, plan, made) + done + earlier
    named = {o.name for o in outcomes}
    unchanged = [d for d in plan.readable if d in plan.asked and d not in named]
    outcomes += [Outcome(d, True, "", str(s.out_root / d / f"{DOCUMENT_NOTEBOOK}.html"), skipped=True)
                 for d in unchanged]
    if s.shard is None and COMPARE not in named:
        outcomes.append(Outcome(COMPARE, True, skipped=True))
    static_key = {"notebooks": work.prints.notebooks}   # _static/: the Vega bundle and the pages' CSS
    static = s.force or not up_to_date(plan.manifest.get(STATIC_KEY), static_key, s.out_root / STATIC)
    if s.shard is None:
        _index(s, stage, work, frames, plan, outcomes, unchanged, made, static)
    else:
        write_record(stage.reports, s.shard, work.prints, {"lang": s.lang}, _order(work, documents),
                     s.data_dir, s.out_root)
        if static:   # the shard's pages read as they will once merged
            from ..report.html import write_static

            write_static(stage.reports)
    if static:
        plan.manifest[STATIC_KEY] = entry(static_key, stage.reports / STATIC)
    save_manifest(stage.reports, plan.manifest)
    stops.check()   # a stop that a library swallowed on its way: nothing is swapped in
    stage.commit([(stage.data / f.name, s.data_dir / f.name) for f in sorted(stage.data.iterdir())]
                 + [(stage.reports / name, s.out_root / name) for name in made]
                 + [(stage.reports / name, s.out_root / name) for name in (INDEX, MANIFEST, STATIC, RECORD)])
    work.reuse.notebooks, work.reuse.resumed, work.reuse.brought = len(done), len(plan.resumed), len(plan.brought)
    work.reuse.shards = len(s.shards.folders) if s.shards is not None else 0
    return Outcomes(outcomes, work.reuse)


def _index(s: Settings, stage: Stage, work: Work, frames: dict, plan: Plan, outcomes: list[Outcome],
           unchanged: list[str], made: list[str], static: bool) -> None:
    """The index, written into the stage unless the one in place was made from the same reports, states and
    code (its key in the manifest)."""
    documents = frames["documents"]
    states = _states(documents, outcomes, plan.manifest)
    errors = documents.filter(documents["error"].is_not_null()).select("doc_id", "error").rows()
    key = hashlib.sha256(json.dumps([[plan.keys.get(d) for d in documents["doc_id"]], errors, states, s.lang,
                                     str(s.data_dir), str(s.out_root), work.prints.index], sort_keys=True,
                                    default=str).encode()).hexdigest()
    if not s.force and plan.manifest.get(INDEX_KEY) == key and (s.out_root / INDEX).exists() \
            and not made and not static:
        return
    from ..report.index import findings_counts, write_index

    findings = findings_counts(s.out_root, unchanged) | findings_counts(stage.reports, made)
    write_index(stage.reports, documents, frames["indicators"], states, data_dir=s.data_dir, lang=s.lang,
                findings=findings, final_dir=s.out_root, static=static)
    plan.manifest[INDEX_KEY] = key


def _notebook(name: str) -> str:
    from .notebooks import COMPARE_NOTEBOOK

    return COMPARE_NOTEBOOK if name == COMPARE else DOCUMENT_NOTEBOOK


def _shard_failures(s: Settings, plan: Plan, made: list[str]) -> list[Outcome]:
    """A merge: the documents whose notebook failed in their shard (their shard's manifest says why)."""
    if s.shards is None:
        return []
    failed, made = [], set(made)
    for d in (d for d in plan.readable if d not in made):
        recorded, _ = s.shards.entry(d)
        if isinstance(recorded, dict) and recorded.get("failed"):
            failed.append(Outcome(d, False, recorded["failed"], made_by="shard"))
            plan.manifest[d] = {"failed": recorded["failed"]}
    return failed


def _order(work: Work, documents) -> dict[str, int]:
    """A shard's documents, each with its place in the frames of a run over every document."""
    return {d: work.corpus.order[d] for d in documents["doc_id"].to_list()}


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


__all__ = ["Outcome", "Outcomes", "merge_shards", "run_all"]
