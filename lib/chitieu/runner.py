"""Regenerating everything: frames from data/raw, then one executed notebook and its HTML per document,
the comparison notebook, and the index. Notebooks run through papermill with an explicit kernel and
working directory; a failing document is reported and the others go on."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import EXAMPLES, NOTEBOOKS, PROCESSED, RAW, REPORTS
from .storage import atomic_path, write_text_atomic

KERNEL_NAME = "python3"
MANIFEST = "manifest.json"
DOCUMENT_NOTEBOOK = "10_document"
COMPARE_NOTEBOOK = "20_compare"


@dataclass
class Outcome:
    name: str
    ok: bool
    error: str = ""
    html: str = ""
    skipped: bool = False   # unchanged since its last successful run


def notebook_from_source(name: str, notebooks_dir: Path = NOTEBOOKS):
    """The paired jupytext .py is the reviewed source; the .ipynb is made from it at run time."""
    import jupytext

    src = notebooks_dir / f"{name}.py"
    nb = jupytext.read(src)
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Python 3", "language": "python"}
    return nb


def execute(name: str, out_dir: Path, parameters: dict, notebooks_dir: Path = NOTEBOOKS) -> Outcome:
    """Execute one notebook into out_dir/<name>.ipynb and export out_dir/<name>.html (no code input)."""
    import nbformat
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.ipynb"
    try:
        nb = notebook_from_source(name, notebooks_dir)
        with atomic_path(out_dir / f".{name}.input.ipynb") as src:
            nbformat.write(nb, src)
            with atomic_path(target) as tmp_out:
                pm.execute_notebook(str(src), str(tmp_out), parameters=parameters, kernel_name=KERNEL_NAME,
                                    cwd=str(notebooks_dir), progress_bar=False, log_output=False,
                                    language="python")
        (out_dir / f".{name}.input.ipynb").unlink(missing_ok=True)
        write_text_atomic(out_dir / f"{name}.html", export_html(nbformat.read(target, as_version=4)))
        return Outcome(name=str(out_dir.name), ok=True, html=str(out_dir / f"{name}.html"))
    except Exception as exc:  # noqa: BLE001 - reported per document; the batch goes on
        msg = _short_error(exc)
        return Outcome(name=str(out_dir.name), ok=False, error=msg)


CHART_DIV = ('<div class="chitieu-chart" data-spec="{spec}"><img class="chitieu-static" alt="chart" '
             'src="data:image/png;base64,{png}"></div>')
EMBED = """<script>{bundle}</script>
<script>
document.querySelectorAll("div.chitieu-chart").forEach(function (div) {{
  var spec = JSON.parse(div.dataset.spec);
  vegaEmbed(div, spec, {{actions: false, renderer: "svg"}}).then(function () {{
    var img = div.querySelector("img.chitieu-static"); if (img) img.remove();
  }}).catch(function (err) {{ console.warn("chart kept as image:", err); }});
}});
</script>"""


@lru_cache(maxsize=1)
def _vega_bundle() -> str:
    import vl_convert as vlc

    return vlc.javascript_bundle().replace("</script", "<\\/script")


def export_html(nb) -> str:
    """HTML without code input. Each chart becomes its interactive spec with the PNG as fallback, and the
    Vega JavaScript is inlined once per page here, at export time, never in the .ipynb."""
    import copy
    import html

    from nbconvert import HTMLExporter

    from .charts import VEGALITE_V5_MIME

    nb = copy.deepcopy(nb)
    charts = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if VEGALITE_V5_MIME in data and "image/png" in data:
                spec = json.dumps(data[VEGALITE_V5_MIME], ensure_ascii=False)
                data["text/html"] = CHART_DIV.format(spec=html.escape(spec, quote=True),
                                                     png=str(data["image/png"]).replace("\n", ""))
                charts += 1
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(nb)
    # the template's CDN scripts (require.js, MathJax) would fail offline; the reports need neither
    body = re.sub(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', "", body)
    if charts:
        body = body.replace("</body>", EMBED.format(bundle=_vega_bundle()) + "\n</body>", 1)
    return body


def _short_error(exc: BaseException) -> str:
    name = getattr(exc, "ename", None) or type(exc).__name__
    value = getattr(exc, "evalue", None) or str(exc)
    return f"{name}: {value}".strip()[:500]


def _run_document(doc_id: str, data_dir: str, out_root: str, notebooks_dir: str, lang: str) -> Outcome:
    out = Path(out_root) / doc_id
    return execute(DOCUMENT_NOTEBOOK, out,
                   {"doc_id": doc_id, "data_dir": data_dir, "out_dir": str(out), "lang": lang},
                   Path(notebooks_dir))


def code_fingerprint(notebooks_dir: Path = NOTEBOOKS) -> str:
    """What a document's report depends on besides its text: chitieu's version and sources, the reference
    data, the suites and the notebook sources. A change to any of them reruns every document."""
    from . import __version__
    from .paths import EXPECTATIONS, PACKAGE_DIR, REFERENCE

    h = hashlib.sha256(__version__.encode())
    files = sorted(PACKAGE_DIR.glob("*.py")) + sorted(REFERENCE.glob("*.csv")) + \
        sorted(EXPECTATIONS.glob("*.json")) + sorted(Path(notebooks_dir).glob("*.py"))
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _load_manifest(out_root: Path) -> dict:
    try:
        return json.loads((out_root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _up_to_date(entry: dict | None, text_hash: str, code: str, out: Path) -> bool:
    return bool(entry and entry.get("text") == text_hash and entry.get("code") == code
                and (out / f"{DOCUMENT_NOTEBOOK}.html").exists())


def check_writable(folder: Path) -> None:
    """Fail early, naming the folder, rather than after minutes of work."""
    from .errors import ChitieuError

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise ChitieuError(f"{folder}: output folder is not writable ({exc.strerror})") from None


def duplicate_ids(paths: list[Path]) -> dict[Path, str]:
    """Files whose document id another file already has: the later ones are refused, by name."""
    from .textio import doc_id_for

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
    """Validate the frames of these documents once, in this process (GX is imported once, not per
    notebook), and leave each document's findings in <out>/<doc>/checks.json for its notebook."""
    import polars as pl

    from .checks import reconciliation
    from .validate import failed_rows, run_suites

    if not docs:
        return {}
    sub = {"documents": frames["documents"].filter(pl.col("doc_id").is_in(docs)),
           "indicators": frames["indicators"].filter(pl.col("doc").is_in(docs)),
           "series": frames["series"].filter(pl.col("doc").is_in(docs))}
    findings, _ = run_suites(sub)
    rows = failed_rows(findings)
    rec = reconciliation(sub["indicators"])
    counts = {}
    for d in docs:
        mine = rows.filter(pl.col("doc") == d)
        failed = {(f.suite, f.expectation, f.column) for f in findings if not f.success
                  and any((r.get("doc") or r.get("doc_id")) == d for r in f.rows)}
        n_checks = len(findings)
        counts[d] = len(failed)
        payload = {"doc": d, "failed": len(failed), "passed": n_checks - len(failed),
                   "rows": mine.to_dicts(), "reconciliation": rec.filter(pl.col("doc") == d).to_dicts()}
        write_text_atomic(out_root / d / "checks.json", json.dumps(payload, ensure_ascii=False, default=str))
    return counts


def _run_compare(doc_ids: list[str], data_dir: str, out_root: str, notebooks_dir: str, lang: str) -> Outcome:
    out = Path(out_root) / "compare"
    outcome = execute(COMPARE_NOTEBOOK, out, {"doc_ids": doc_ids, "data_dir": data_dir, "out_dir": str(out),
                                              "lang": lang}, Path(notebooks_dir))
    outcome.name = "compare"
    return outcome


DEFAULT_SOURCES = (RAW, EXAMPLES)  # the researcher's own reports, then the example corpus of ~40 localities


def report_files(*raw_dirs: Path) -> list[Path]:
    """The reports of these folders, folder by folder: texts, PDFs, Word files and saved web pages (their
    content decides how each is read). A folder that does not exist holds none."""
    from .textio import REPORT_SUFFIXES

    return [p for d in raw_dirs if Path(d).is_dir()
            for p in sorted(Path(d).iterdir()) if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES]


def run_all(raw_dirs: tuple[Path, ...] | list[Path] = DEFAULT_SOURCES, data_dir: Path = PROCESSED, out_root: Path = REPORTS,
            docs: list[str] | None = None, jobs: int = 1, lang: str = "vi",
            notebooks_dir: Path = NOTEBOOKS, progress: bool = True, force: bool = False) -> list[Outcome]:
    from tqdm.auto import tqdm

    from .frames import build_frames, write_frames
    from .report import write_index
    from .textio import doc_id_for

    out_root, data_dir = Path(out_root), Path(data_dir)
    check_writable(out_root)
    check_writable(data_dir)
    from .errors import ChitieuError

    paths = report_files(*raw_dirs)
    if docs:
        wanted = set(docs)
        paths = [p for p in paths if doc_id_for(p) in wanted]
        missing = wanted - {doc_id_for(p) for p in paths}
        if missing:
            folders = ", ".join(str(d) for d in raw_dirs)
            raise ChitieuError(f"no report in {folders} for: {', '.join(sorted(missing))}")
    refused = duplicate_ids(paths)
    paths = [p for p in paths if p not in refused]
    frames = build_frames(paths, jobs=jobs)
    if refused:
        import polars as pl

        extra = pl.DataFrame([{"doc_id": doc_id_for(p), "path": str(p), "error": msg} for p, msg in refused.items()],
                             schema={"doc_id": pl.String, "path": pl.String, "error": pl.String})
        frames["documents"] = pl.concat([frames["documents"], extra], how="diagonal_relaxed")
    from .panel import build_panel

    write_frames(frames | {"panel": build_panel(frames)}, data_dir)
    documents = frames["documents"]
    ok_docs = documents.filter(documents["error"].is_null())["doc_id"].to_list()
    outcomes: list[Outcome] = [Outcome(d, False, e) for d, e in
                               documents.filter(documents["error"].is_not_null()).select("doc_id", "error").rows()]

    code = code_fingerprint(Path(notebooks_dir))
    manifest = _load_manifest(out_root)
    hashes = {doc_id_for(p): _sha256(p) for p in paths}
    todo = [d for d in ok_docs if force or not _up_to_date(manifest.get(d), hashes[d], code, out_root / d)]
    unchanged = [d for d in ok_docs if d not in todo]
    write_checks(frames, todo, out_root)

    compare_key = hashlib.sha256(json.dumps(sorted(hashes.items()) + [code, lang]).encode()).hexdigest()
    run_compare = bool(todo or force or manifest.get("_compare") != compare_key
                       or not (out_root / "compare" / f"{COMPARE_NOTEBOOK}.html").exists())
    # the comparison reads the frames only, so it runs beside the documents, not after them
    tasks = [(_run_document, (d, str(data_dir), str(out_root), str(notebooks_dir), lang)) for d in todo]
    if run_compare:
        tasks.insert(0, (_run_compare, (ok_docs, str(data_dir), str(out_root), str(notebooks_dir), lang)))
    bar = tqdm(total=len(tasks), desc="notebooks", disable=not progress, file=sys.stderr)
    done: list[Outcome] = []
    if jobs > 1 and len(tasks) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs)
        try:
            futures = [pool.submit(fn, *a) for fn, a in tasks]
            for fut in as_completed(futures):
                done.append(fut.result())
                bar.update()
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)   # Ctrl-C: start no further notebook, then stop
            raise
        pool.shutdown(wait=True)
    else:
        for fn, a in tasks:
            done.append(fn(*a))
            bar.update()
    bar.close()
    for o in done:
        if o.name == "compare":
            manifest["_compare"] = compare_key if o.ok else None
        elif o.ok:
            manifest[o.name] = {"text": hashes[o.name], "code": code}
        else:
            manifest.pop(o.name, None)
    outcomes += done + [Outcome(d, True, "", str(out_root / d / f"{DOCUMENT_NOTEBOOK}.html"), skipped=True)
                        for d in unchanged]
    if not run_compare:
        outcomes.append(Outcome("compare", True, skipped=True))
    write_text_atomic(out_root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    states = {o.name: ("ok" if o.ok and not o.skipped else "unchanged" if o.ok else f"failed: {o.error}")
              for o in outcomes}
    write_index(out_root, documents, frames["indicators"], states, _failed_checks(out_root, ok_docs))
    return outcomes


def _failed_checks(out_root: Path, docs: list[str]) -> dict[str, int]:
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
