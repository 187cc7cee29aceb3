"""Great Expectations suites (reviewed JSON in expectations/) run on the frames.

All GX calls live here, and GX is imported only inside these functions: it costs seconds to import,
and `chitieu extract` must not pay for it. The consistency columns are computed in Polars first
(`checks.for_validation`); each frame is converted to pandas once. GX runs in an ephemeral context,
with its analytics and progress bars off, so nothing waits on the network or litters notebook output.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ..errors import ChitieuError
from ..paths import EXPECTATIONS

ROW_FIELDS = ("doc", "key", "line", "snippet", "concept", "line_table", "differences", "doc_id", "error")


class SuiteError(ChitieuError):
    """A suite file that is not valid (unknown expectation type, bad JSON, wrong shape)."""


@dataclass
class Finding:
    suite: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int = 0
    rows: list[dict] = field(default_factory=list)   # offending rows with doc, line, snippet
    note: str = ""


def _camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def load_suite_file(path: Path) -> dict:
    try:
        spec = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SuiteError(f"{path}: not a readable JSON suite ({exc})") from None
    if not isinstance(spec, dict):
        raise SuiteError(f"{path}: a suite is a JSON object")
    for key in ("name", "frame", "expectations"):
        if key not in spec:
            raise SuiteError(f"{path}: missing '{key}'")
    return spec


def load_suites(suite_dir: Path = EXPECTATIONS) -> list[dict]:
    return [dict(load_suite_file(p), path=str(p)) for p in sorted(Path(suite_dir).glob("*.json"))]


def _gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx

    return gx


def build_expectations(spec: dict):
    """GX expectation objects of a suite; an unknown type is an error (GX itself would only log it)."""
    gx = _gx()
    out = []
    for e in spec["expectations"]:
        cls = getattr(gx.expectations, _camel(e["type"]), None)
        if cls is None or not e["type"].startswith("expect_"):
            raise SuiteError(f"{spec.get('path', spec['name'])}: unknown expectation type {e['type']!r}")
        try:
            out.append(cls(**e["kwargs"], meta=e.get("meta") or None))
        except Exception as exc:  # noqa: BLE001 - GX raises pydantic errors of many kinds
            raise SuiteError(f"{spec.get('path', spec['name'])}: bad arguments for {e['type']}: {exc}") from None
    return out


def _context(docs_dir: Path | None):
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    if docs_dir is not None:
        sites = dict(context.variables.data_docs_sites or {})
        for name in list(sites):
            context.delete_data_docs_site(name)
        context.add_data_docs_site(site_name="chitieu", site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        })
    return gx, context


def run_suites(frames: dict[str, pl.DataFrame], suite_dir: Path = EXPECTATIONS,
               docs_dir: Path | None = None) -> tuple[list[Finding], dict]:
    """Validate each frame that has a suite; returns findings and the GX results (JSON-able).
    With `docs_dir`, GX Data Docs (static HTML) are built there."""
    from .rules import for_validation

    specs = load_suites(suite_dir)
    suites = [(spec, build_expectations(spec)) for spec in specs]   # fail early on a bad suite file
    frames = for_validation(frames)
    gx, context = _context(docs_dir)
    findings: list[Finding] = []
    raw: dict = {}
    for spec, expectations in suites:
        name, frame_name = spec["name"], spec["frame"]
        if frame_name not in frames:
            continue
        pdf = frames[frame_name].to_pandas()
        source = context.data_sources.add_pandas(f"src_{name}")
        batch_def = source.add_dataframe_asset(name=frame_name).add_batch_definition_whole_dataframe("all")
        suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"vd_{name}", data=batch_def, suite=suite))
        actions = []
        if docs_dir is not None:
            from great_expectations.checkpoint import UpdateDataDocsAction

            actions = [UpdateDataDocsAction(name="docs")]
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=f"cp_{name}", validation_definitions=[definition], actions=actions,
            result_format={"result_format": "COMPLETE"}))
        run = checkpoint.run(batch_parameters={"dataframe": pdf})
        result = next(iter(run.run_results.values()))
        raw[name] = result.to_json_dict()
        for r in result.results:
            findings.append(_finding(name, r, pdf))
    return findings, raw


def _finding(suite: str, r, pdf) -> Finding:
    cfg = r.expectation_config
    res = r.result or {}
    rows = []
    for i in (res.get("unexpected_index_list") or [])[:50]:
        if isinstance(i, dict):
            i = i.get("index", next(iter(i.values()), None))
        if isinstance(i, int) and 0 <= i < len(pdf):
            row = pdf.iloc[i]
            rows.append({k: _plain(row.get(k)) for k in ROW_FIELDS if k in pdf.columns})
    note = (cfg.meta or {}).get("notes", "") if getattr(cfg, "meta", None) else ""
    return Finding(suite, cfg.type, cfg.kwargs.get("column"), bool(r.success),
                   int(res.get("unexpected_count") or 0), rows, note)


def _plain(v):
    import pandas as pd

    if v is None or (not isinstance(v, (list, dict, str)) and bool(pd.isna(v))):
        return None
    return v.item() if hasattr(v, "item") else v


def findings_frame(findings: list[Finding]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"suite": f.suite, "expectation": f.expectation, "column": f.column, "success": f.success,
          "unexpected_count": f.unexpected_count, "note": f.note,
          "rows": json.dumps(f.rows, ensure_ascii=False, default=str)} for f in findings],
        schema={"suite": pl.String, "expectation": pl.String, "column": pl.String, "success": pl.Boolean,
                "unexpected_count": pl.Int64, "note": pl.String, "rows": pl.String},
    )


def failed_rows(findings: list[Finding]) -> pl.DataFrame:
    """One row per offending record of each failed expectation: what failed, where to look."""
    out = []
    for f in findings:
        if f.success:
            continue
        for r in f.rows or [{}]:
            out.append({"suite": f.suite, "check": f"{f.expectation}({f.column or ''})", "doc": r.get("doc") or
                        r.get("doc_id"), "line": r.get("line"), "key": r.get("key"),
                        "snippet": re.sub(r"\s+", " ", str(r.get("snippet") or r.get("error") or ""))[:160],
                        "why": f.note})
    return pl.DataFrame(out, schema={"suite": pl.String, "check": pl.String, "doc": pl.String, "line": pl.Int64,
                                     "key": pl.String, "snippet": pl.String, "why": pl.String}, strict=False)


def summary_text(findings: list[Finding], reads: dict[tuple[str, str], str] | None = None) -> str:
    """The findings as text; with `reads` ((doc, key) -> what chitieu read and why, checks.explain), each row
    says what was read: "đọc 86 — in 26, đoạn văn (dòng 55) ghi 86"."""
    reads = reads or {}
    lines = []
    for suite in sorted({f.suite for f in findings}):
        fs = [f for f in findings if f.suite == suite]
        failed = [f for f in fs if not f.success]
        lines.append(f"suite {suite}: {len(fs) - len(failed)} passed, {len(failed)} failed")
        for f in failed:
            lines.append(f"  FAILED {f.expectation}({f.column or ''}): {f.unexpected_count} rows"
                         + (f" — {f.note}" if f.note else ""))
            for row in f.rows[:10]:
                snippet = re.sub(r"\s+", " ", str(row.get("snippet") or row.get("error") or ""))[:90]
                lines.append(f"    {row.get('doc') or row.get('doc_id')} line {row.get('line')}: {snippet}")
                read = reads.get((row.get("doc"), row.get("key")))
                if read:
                    lines.append(f"      → {read}")
    return "\n".join(lines)
