"""An escaped HTML view that grounds every indicator in its source text: the line, the snippet, and the
printed numbers highlighted (after LangExtract's highlighted-span view). Everything from the report is
HTML-escaped, so a report's own '<script>' shows as text."""

from __future__ import annotations

import json
import re
from html import escape

import polars as pl

STYLE = """<style>
table.chitieu-prov{border-collapse:collapse;font-size:13px;width:100%}
table.chitieu-prov td,table.chitieu-prov th{border-bottom:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
table.chitieu-prov mark{background:#ffe066;padding:0 1px}
table.chitieu-prov .src{font-family:ui-monospace,monospace;color:#333}
</style>"""


def highlight(snippet: str, literals: list[str]) -> str:
    """Escape `snippet` and wrap each printed number of the indicator in <mark>."""
    spans = []
    for lit in sorted({x for x in literals if x}, key=len, reverse=True):
        for m in re.finditer(r"(?<![\d.,])" + re.escape(lit) + r"(?![\d])", snippet):
            if not any(a < m.end() and m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
    out, pos = [], 0
    for a, b in sorted(spans):
        out += [escape(snippet[pos:a]), "<mark>", escape(snippet[a:b]), "</mark>"]
        pos = b
    out.append(escape(snippet[pos:]))
    return "".join(out)


def _fmt(v) -> str:
    if v is None:
        return ""
    return f"{v:g}" if isinstance(v, float) else escape(str(v))


def _where(r: dict) -> str:
    """'page 3, line 120' for a PDF, 'line 120' for a text."""
    return (f"page {r['page']}, " if r.get("page") is not None else "") + f"line {r['line']}"


def _check_mark(r: dict) -> str:
    return ' <span title="read by OCR with low confidence: check against the scan">⚠ check</span>' \
        if r.get("needs_check") else ""


def provenance_html(indicators: pl.DataFrame, label_col: str = "label_vi") -> str:
    rows = []
    for r in indicators.sort("section", "source", "line").iter_rows(named=True):
        lits = json.loads(r["literals"]) if r.get("literals") else []
        label = r.get(label_col) or r.get("name_raw") or ""
        target = _fmt(r["target"]) or (f"{_fmt(r['target_low'])}–{_fmt(r['target_high'])}"
                                       if r["target_low"] is not None else "")
        anchor = escape(f"src-{r['source']}-{r['key']}")
        rows.append(
            f'<tr id="{anchor}"><td>{escape(r["section"])}/{escape(r["source"])}</td>'
            f'<td>{escape(label[:90])}</td><td>{escape(r["target_op"] or "")} {target}</td>'
            f'<td>{_fmt(r["actual"])}</td><td>{escape(r["unit"] or "")}</td><td>{escape(r["status"] or "")}</td>'
            f'<td><a href="#{anchor}">{_where(r)}</a>{_check_mark(r)}</td>'
            f'<td class="src">{highlight(r["snippet"] or "", lits)}</td></tr>')
    head = ("<tr><th>section/source</th><th>indicator</th><th>target</th><th>result</th><th>unit</th>"
            "<th>verdict</th><th>where</th><th>source text (numbers read are highlighted)</th></tr>")
    return f'{STYLE}<table class="chitieu-prov"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
