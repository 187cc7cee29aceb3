"""An escaped HTML view that grounds every indicator in its source text: the line, the snippet, and the
printed numbers highlighted (after LangExtract's highlighted-span view), in the report's language with its
number marks. Everything from the report is HTML-escaped, so a report's own '<script>' shows as text."""

from __future__ import annotations

import json
import re
from html import escape

import polars as pl

from ..reference.labels import format_number, label, labels

# the source text gets the room: the other columns are short and never wrap their words
STYLE = """<style>
table.chitieu-prov{border-collapse:collapse;font-size:13px;width:100%;table-layout:auto}
table.chitieu-prov td,table.chitieu-prov th{border-bottom:1px solid #ddd;padding:3px 6px;vertical-align:top;
text-align:left!important}
table.chitieu-prov td.num{text-align:right!important;white-space:nowrap}
table.chitieu-prov td.src{min-width:28em;width:45%;font-family:ui-monospace,monospace;color:#333;white-space:normal}
table.chitieu-prov mark{background:#ffe066;padding:0 1px}
</style>"""
LABEL_CHARS = 90   # of an indicator's label shown in the view


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


def _where(r: dict, c: dict) -> str:
    """'trang 3, dòng 120' for a PDF, 'dòng 120' for a text."""
    if r.get("page") is not None:
        return c["page_line"].format(page=r["page"], line=r["line"])
    return c["line_only"].format(line=r["line"])


def _check_mark(r: dict, c: dict) -> str:
    return f' <span title="{escape(c["needs_check_tip"])}">{escape(c["needs_check"])}</span>' \
        if r.get("needs_check") else ""


def provenance_html(indicators: pl.DataFrame, lang: str = "vi") -> str:
    c = labels("column", lang)
    num = lambda v: format_number(v, lang, digits=3)
    rows = []
    for r in indicators.sort("section", "source", "line").iter_rows(named=True):
        lits = json.loads(r["literals"]) if r.get("literals") else []
        name = r.get("label_en" if lang == "en" else "label_vi") or r.get("name_raw") or ""
        target = num(r["target"]) or (f"{num(r['target_low'])}–{num(r['target_high'])}"
                                      if r["target_low"] is not None else "")
        anchor = escape(f"src-{r['source']}-{r['key']}")
        verdict = label("verdict", r["status"], lang) if r.get("status") else ""
        rows.append(
            f'<tr id="{anchor}"><td>{escape(label("section", r["section"], lang))}, '
            f'{escape(label("source", r["source"], lang))}</td>'
            f'<td>{escape(name[:LABEL_CHARS])}</td><td class="num">{escape(r["target_op"] or "")} {target}</td>'
            f'<td class="num">{num(r["actual"])}</td><td>{escape(label("unit", r["unit"], lang))}</td>'
            f'<td>{escape(verdict)}</td><td><a href="#{anchor}">{_where(r, c)}</a>{_check_mark(r, c)}</td>'
            f'<td class="src">{highlight(r["snippet"] or "", lits)}</td></tr>')
    head = "".join(f"<th>{escape(c[k])}</th>" for k in ("section", "indicator", "target", "actual", "unit",
                                                           "verdict", "where", "source_text"))
    return f'{STYLE}<table class="chitieu-prov"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
