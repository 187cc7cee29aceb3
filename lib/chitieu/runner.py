"""Regenerating everything: frames from data/raw, then one executed notebook and its HTML per document,
the comparison notebook, and the index. Notebooks run through papermill with an explicit kernel and
working directory; a failing document is reported and the others go on."""

from __future__ import annotations

import json
import re
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import NOTEBOOKS, PROCESSED, RAW, REPORTS
from .storage import atomic_path, write_text_atomic

KERNEL_NAME = "python3"
DOCUMENT_NOTEBOOK = "10_document"
COMPARE_NOTEBOOK = "20_compare"


@dataclass
class Outcome:
    name: str
    ok: bool
    error: str = ""
    html: str = ""


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


def run_all(raw_dir: Path = RAW, data_dir: Path = PROCESSED, out_root: Path = REPORTS,
            docs: list[str] | None = None, jobs: int = 1, lang: str = "vi",
            notebooks_dir: Path = NOTEBOOKS, progress: bool = True) -> list[Outcome]:
    from tqdm.auto import tqdm

    from .frames import build_frames, write_frames
    from .report import write_index
    from .textio import doc_id_for

    paths = sorted(Path(raw_dir).glob("*.txt"))
    if docs:
        wanted = set(docs)
        paths = [p for p in paths if doc_id_for(p) in wanted]
        missing = wanted - {doc_id_for(p) for p in paths}
        if missing:
            raise SystemExit(f"no report in {raw_dir} for: {', '.join(sorted(missing))}")
    frames = build_frames(paths)
    write_frames(frames, data_dir)
    documents = frames["documents"]
    ok_docs = documents.filter(documents["error"].is_null())["doc_id"].to_list()
    outcomes: list[Outcome] = [Outcome(d, False, e) for d, e in
                               documents.filter(documents["error"].is_not_null()).select("doc_id", "error").rows()]
    out_root = Path(out_root)
    bar = tqdm(total=len(ok_docs) + 1, desc="notebooks", disable=not progress, file=sys.stderr)
    args = [(d, str(data_dir), str(out_root), str(notebooks_dir), lang) for d in ok_docs]
    if jobs > 1 and len(args) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_run_document, *a) for a in args]
            for fut in as_completed(futures):
                outcomes.append(fut.result())
                bar.update()
    else:
        for a in args:
            outcomes.append(_run_document(*a))
            bar.update()
    compare = execute(COMPARE_NOTEBOOK, out_root / "compare",
                      {"doc_ids": ok_docs, "data_dir": str(data_dir), "out_dir": str(out_root / "compare"),
                       "lang": lang}, Path(notebooks_dir))
    compare.name = "compare"
    outcomes.append(compare)
    bar.update()
    bar.close()
    states = {o.name: ("ok" if o.ok else f"failed: {o.error}") for o in outcomes}
    checks = _failed_checks(out_root, ok_docs)
    write_index(out_root, documents, frames["indicators"], states, checks)
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


__all__ = ["Outcome", "execute", "format_failures", "run_all", "traceback"]
