"""The landing page, reports/index.html (a Jinja2 template): one row per document, grouped by province in
Vietnamese order (ICU collation), linking its report, the comparison and the data files by links computed
from the real folders; a year column; share met and findings counted the way the reports count them; and
the definition of every column under the table. Everything taken from a document is HTML-escaped."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import polars as pl
from jinja2 import Environment

from ..frames.comparison import by_province, results, share_met
from ..reference.labels import label, labels, term_label, text
from ..storage import write_text_atomic
from .findings import count_findings
from .html import COMPARE_PAGE, CSS_FILE, STATIC, relative_href, write_static
from .views import share_text

COLUMNS = ("document", "locality", "level", "report_kind", "year", "term", "format", "indicators", "share_met",
           "findings", "status")
DATA_FILES = ("indicators", "series", "documents")
PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ words.title }}</title>
<link rel="stylesheet" href="{{ css_href }}">
<style>
table.chitieu-index{width:100%}table.chitieu-index th,table.chitieu-index td{border-bottom:1px solid #ddd;
padding:.35rem .5rem;text-align:left;vertical-align:top}
table.chitieu-index thead th{background:#f4f4f4;position:sticky;top:0}td.num{text-align:right;white-space:nowrap}
.err{color:#b00020}tr.province th{background:#e8eef7;font-size:1.05rem;padding-top:.7rem}
dl.chitieu-defs dt{font-weight:600;margin-top:.4rem}dl.chitieu-defs dd{margin-left:1.2rem}
</style></head><body>
<h1>{{ words.heading }}</h1>
<p>{{ words.counts }} · <a href="{{ compare_href }}">{{ nav.compare }}</a>
· <a href="{{ data.panel_csv }}">panel.csv</a> (<a href="{{ data.panel_parquet }}">parquet</a>: {{ words.panel }})
· {{ words.data }}: {% for name, href in data.files %}<a href="{{ href }}">{{ name }}.csv</a>{{ ", " if not loop.last }}{% endfor %}</p>
<table class="chitieu-index"><thead><tr>{% for c in columns %}<th scope="col">{{ headers[c] }}</th>{% endfor %}</tr></thead>
<tbody>
{% for group in groups %}<tr class="province"><th colspan="{{ columns | length }}">{{ group.province }}</th></tr>
{% for r in group.rows %}<tr><td>{% if r.href %}<a href="{{ r.href }}">{{ r.doc }}</a>{% else %}{{ r.doc }}{% endif %}</td>
<td>{{ r.locality }}</td><td>{{ r.level }}</td><td>{{ r.report_kind }}</td><td class="num">{{ r.year }}</td>
<td>{{ r.term }}</td><td>{{ r.format }}</td><td class="num">{{ r.indicators }}</td><td class="num">{{ r.share_met }}</td>
<td class="num">{{ r.findings }}</td><td{% if r.failed %} class="err"{% endif %}>{{ r.status }}</td></tr>
{% endfor %}{% endfor %}
</tbody></table>
<h2 id="definitions">{{ words.definitions }}</h2>
<dl class="chitieu-defs">{% for c in columns %}<dt>{{ headers[c] }}</dt><dd>{{ definitions[c] }}</dd>{% endfor %}</dl>
</body></html>
"""


@lru_cache(maxsize=1)
def _template():
    return Environment(autoescape=True).from_string(PAGE)


def source_format(row: dict) -> str:
    """'pdf, 12 pages (3 OCR'd, lowest confidence 81)', 'docx', 'txt'."""
    fmt = row.get("source_format") or "txt"
    if fmt != "pdf" or not row.get("n_pages"):
        return fmt
    ocr = row.get("pages_ocr") or 0
    conf = row.get("ocr_confidence")
    extra = f" ({ocr} OCR'd" + (f", lowest confidence {conf:.0f}" if conf is not None else "") + ")" if ocr else ""
    return f"pdf, {row['n_pages']} pages{extra}"


def findings_counts(out_dir: Path, docs: list[str]) -> dict[str, tuple[int, int]]:
    """doc -> (findings, OCR repairs), from the checks.json each report shows: counted as the report counts."""
    counts = {}
    for d in docs:
        f = Path(out_dir) / d / "checks.json"
        try:
            counts[d] = count_findings(json.loads(f.read_text(encoding="utf-8")).get("rows", []))
        except (OSError, ValueError):
            continue
    return counts


def _definitions(lang: str) -> dict[str, str]:
    defs = labels("index_definition", lang) | {c: text("definition", c, lang) for c in ("share_met", "findings")}
    return {c: defs[c] for c in COLUMNS}


def index_rows(documents: pl.DataFrame, indicators: pl.DataFrame, outcomes: dict[str, str],
               findings: dict[str, tuple[int, int]], lang: str = "vi") -> list[dict]:
    """The index's rows, in its order, each with its province, as the page prints them."""
    ok_docs = documents.filter(pl.col("error").is_null())
    shares = {r["doc"]: r for r in share_met(results(indicators, ok_docs, lang), lang).iter_rows(named=True)}
    status_words = labels("status", lang)
    rows = []
    for r in by_province(documents, lang).iter_rows(named=True):
        doc, outcome = r["doc_id"], outcomes.get(r["doc_id"], "not run")
        share = shares.get(doc)
        found = findings.get(doc)
        year = r.get("year_reviewed") or (r.get("date") or "")[:4]
        rows.append({
            "province": r["province"] or "—", "doc": doc,
            "href": f"{quote(doc)}/10_document.html" if outcome in ("ok", "unchanged") else None,
            "locality": r.get("locality") or "", "level": label("level", r.get("level"), lang),
            "report_kind": label("report_kind", r.get("report_kind"), lang), "year": year or "",
            "term": term_label(r), "format": source_format(r), "indicators": r.get("n_indicators") or 0,
            "share_met": "" if share is None else share_text(share["share_met"], share["n"], lang),
            "findings": "" if found is None else f"{found[0]} · {found[1]} OCR",
            "status": r["error"] if r.get("error") else status_words.get(outcome, outcome),
            "failed": bool(r.get("error")) or outcome not in ("ok", "unchanged")})
    return rows


def write_index(out_dir: Path, documents: pl.DataFrame, indicators: pl.DataFrame, outcomes: dict[str, str],
                data_dir: Path | None = None, lang: str = "vi", findings: dict[str, tuple[int, int]] | None = None,
                final_dir: Path | None = None, static: bool = True) -> Path:
    """reports/index.html; `data_dir` is where the frames were written (the links to the CSV and Parquet
    files are relative to it), `outcomes` doc -> "ok", "unchanged" or "failed: …". `findings`: doc ->
    (findings, OCR repairs), else counted from the checks.json beside each report; `final_dir`: where the
    index is served from when it is written elsewhere first (a staged run), for its relative links."""
    from ..paths import PROCESSED

    out_dir, data_dir = Path(out_dir), Path(data_dir or PROCESSED)
    site = Path(final_dir or out_dir)
    if static:   # False: a run whose reports folder holds the current _static/ already
        write_static(out_dir)
    if findings is None:
        findings = findings_counts(out_dir, documents["doc_id"].to_list())
    rows = index_rows(documents, indicators, outcomes, findings, lang)
    groups: list[dict] = []
    for r in rows:
        if not groups or groups[-1]["province"] != r["province"]:
            groups.append({"province": r["province"], "rows": []})
        groups[-1]["rows"].append(r)
    words = labels("index", lang) | {"counts": text("index", "counts", lang, n_docs=documents.height,
                                                    n_ind=indicators.height)}
    html = _template().render(
        lang=lang, words=words, nav=labels("nav", lang), columns=COLUMNS, headers=labels("index_column", lang),
        definitions=_definitions(lang), groups=groups, compare_href=COMPARE_PAGE,
        css_href=f"{STATIC}/{CSS_FILE}",
        data={"panel_csv": relative_href(data_dir / "panel.csv", site),
              "panel_parquet": relative_href(data_dir / "panel.parquet", site),
              "files": [(n, relative_href(data_dir / f"{n}.csv", site)) for n in DATA_FILES]})
    target = out_dir / "index.html"
    write_text_atomic(target, html)
    return target
