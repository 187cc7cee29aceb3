"""Great Expectations suites (reviewed JSON in expectations/) run on the frames.

All GX calls live here, and GX is imported only inside these functions: it costs seconds to import,
and `chitieu extract` must not pay for it. Polars frames are converted to pandas once per suite.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .errors import ChitieuError
from .paths import EXPECTATIONS


class SuiteError(ChitieuError):
    """A suite file that is not valid (unknown expectation type, bad JSON)."""


@dataclass
class Finding:
    suite: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int = 0
    rows: list[dict] = field(default_factory=list)   # offending rows with doc, line, snippet


def _camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def load_suite_file(path: Path) -> dict:
    try:
        spec = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SuiteError(f"{path}: not a readable JSON suite ({exc})") from None
    for key in ("name", "frame", "expectations"):
        if key not in spec:
            raise SuiteError(f"{path}: missing '{key}'")
    return spec


def _prepare(frame_name: str, df: pl.DataFrame) -> pl.DataFrame:
    """Derived columns the suites check, computed in Polars before GX sees the frame."""
    if frame_name == "indicators":
        df = df.with_columns(
            share_actual=pl.when(pl.col("unit") == "%").then(pl.col("actual")).otherwise(None),
        )
    return df


def _quiet_gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return gx, context


def run_suites(frames: dict[str, pl.DataFrame], suite_dir: Path = EXPECTATIONS) -> tuple[list[Finding], dict]:
    """Validate each frame that has a suite; returns findings and the raw GX results (JSON-able)."""
    specs = [load_suite_file(p) for p in sorted(Path(suite_dir).glob("*.json"))]
    gx, context = _quiet_gx()
    findings: list[Finding] = []
    raw: dict = {}
    for spec in specs:
        name, frame_name = spec["name"], spec["frame"]
        if frame_name not in frames:
            continue
        expectations = []
        for e in spec["expectations"]:
            cls = getattr(gx.expectations, _camel(e["type"]), None)
            if cls is None:
                raise SuiteError(f"{suite_dir}/{name}.json: unknown expectation type {e['type']!r}")
            expectations.append(cls(**e["kwargs"]))
        pdf = _prepare(frame_name, frames[frame_name]).to_pandas()
        source = context.data_sources.add_pandas(f"src_{name}")
        batch_def = source.add_dataframe_asset(name=frame_name).add_batch_definition_whole_dataframe("all")
        suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
        result = batch_def.get_batch(batch_parameters={"dataframe": pdf}).validate(
            suite, result_format={"result_format": "COMPLETE"})
        raw[name] = result.to_json_dict()
        for r in result.results:
            cfg = r.expectation_config
            res = r.result or {}
            idx = res.get("unexpected_index_list") or []
            rows = []
            for i in idx[:50]:
                if isinstance(i, dict):
                    i = i.get("index", None)
                if isinstance(i, int) and 0 <= i < len(pdf):
                    row = pdf.iloc[i]
                    rows.append({k: (None if _isna(row.get(k)) else row.get(k))
                                 for k in ("doc", "key", "line", "snippet") if k in pdf.columns})
            findings.append(Finding(name, cfg.type, cfg.kwargs.get("column"), bool(r.success),
                                    int(res.get("unexpected_count") or 0), rows))
    return findings, raw


def _isna(v) -> bool:
    import pandas as pd

    return v is None or (not isinstance(v, (list, dict)) and bool(pd.isna(v)))


def findings_frame(findings: list[Finding]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"suite": f.suite, "expectation": f.expectation, "column": f.column, "success": f.success,
          "unexpected_count": f.unexpected_count,
          "rows": json.dumps(f.rows, ensure_ascii=False, default=str)} for f in findings],
        schema={"suite": pl.String, "expectation": pl.String, "column": pl.String, "success": pl.Boolean,
                "unexpected_count": pl.Int64, "rows": pl.String},
    )


def summary_text(findings: list[Finding]) -> str:
    lines = []
    for suite in sorted({f.suite for f in findings}):
        fs = [f for f in findings if f.suite == suite]
        failed = [f for f in fs if not f.success]
        lines.append(f"suite {suite}: {len(fs) - len(failed)} passed, {len(failed)} failed")
        for f in failed:
            lines.append(f"  FAILED {f.expectation}({f.column or ''}): {f.unexpected_count} rows")
            for row in f.rows[:10]:
                snippet = re.sub(r"\s+", " ", str(row.get("snippet") or ""))[:90]
                lines.append(f"    {row.get('doc')} line {row.get('line')}: {snippet}")
    return "\n".join(lines)
