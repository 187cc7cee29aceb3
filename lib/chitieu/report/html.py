"""A notebook's HTML page, made to be read: no code input and no prompts; the page's title and `lang` from
the report (the heading `views.page_title` displays); links back to the index and the comparison, computed
from the real folders; a contents list of its sections; each chart its interactive Vega-Lite spec with its
saved PNG as the fallback. The Vega JavaScript and the page's CSS are written once per reports folder
(`_static/`) and linked, still offline, so a page weighs what its own charts and tables weigh; a page exported
on its own (no reports folder) inlines them."""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment

from ..reference.labels import labels
from ..storage import atomic_path

STATIC = "_static"                      # beside index.html: the shared Vega bundle and CSS
BUNDLE_FILE, CSS_FILE = "vega.js", "report.css"
INDEX_PAGE = "index.html"
COMPARE_PAGE = "compare/20_compare.html"
PAGE_META = "chitieu"                   # the output metadata key of the page's title and language
DEFAULT_TITLE = "chitieu"

CSS = """
body{font-family:system-ui,"DejaVu Sans",sans-serif;margin:0 auto;padding:1rem 2rem 4rem;max-width:76rem;
color:#1b1b1b;line-height:1.45}
nav.chitieu-nav{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.4rem 0;z-index:5}
nav.chitieu-nav a{margin-right:1.2rem}
nav.chitieu-contents{font-size:.9rem;margin:.5rem 0 1rem}
nav.chitieu-contents ol{display:flex;flex-wrap:wrap;gap:.2rem 1.4rem;margin:.2rem 0;padding-left:1.2rem}
h1{font-size:1.6rem;margin:.8rem 0 .2rem}h2{font-size:1.25rem;margin:1.8rem 0 .3rem;border-bottom:1px solid #eee}
p.chitieu-note{color:#444;margin:.2rem 0 .6rem;max-width:60rem}
div.output_area pre,div.output_text pre{white-space:pre-wrap;margin:.2rem 0;font-family:inherit}
details.chitieu-more{margin:.4rem 0 1rem}details.chitieu-more>summary{cursor:pointer;color:#1f4e99}
div.chitieu-chart{margin:.5rem 0 1rem;max-width:100%;overflow-x:auto}
img.chitieu-static{max-width:100%}
table{border-collapse:collapse}
"""
EMBED = """document.querySelectorAll("div.chitieu-chart").forEach(function (div) {
  var spec = JSON.parse(div.querySelector("script.chitieu-spec").textContent);
  vegaEmbed(div, spec, {actions: false, renderer: "svg"}).then(function () {
    var img = div.querySelector("img.chitieu-static"); if (img) img.remove();
  }).catch(function (err) { console.warn("chart kept as image:", err); });
});"""
PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
{% if css_href %}<link rel="stylesheet" href="{{ css_href }}">{% else %}<style>{{ css | safe }}</style>{% endif %}
</head><body>
<nav class="chitieu-nav"><a href="{{ index_href }}" rel="index">{{ nav.index }}</a>
<a href="{{ compare_href }}">{{ nav.compare }}</a></nav>
{% if contents %}<nav class="chitieu-contents"><strong>{{ nav.contents }}</strong><ol>
{% for id, text in contents %}<li><a href="#{{ id }}">{{ text }}</a></li>{% endfor %}
</ol></nav>{% endif %}
<main>
{{ body | safe }}
</main>
{% if charts %}{% if bundle_href %}<script src="{{ bundle_href }}"></script>
{% else %}<script>{{ bundle | safe }}</script>{% endif %}<script>{{ embed | safe }}</script>{% endif %}
</body></html>
"""
# the spec as JSON in a script element, not an attribute: no &quot; for every quote of it
CHART_DIV = ('<div class="chitieu-chart"><script type="application/json" class="chitieu-spec">{spec}</script>'
             '<img class="chitieu-static" alt="{alt}" src="{src}"></div>')
# a section heading views.heading displays: <h2 id="scorecard">…</h2>, listed in the contents
SECTION = re.compile(r'<h2 id="([\w-]+)">(.*?)</h2>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
# what nbconvert's accessibility pass adds, without parsing the whole page into a tree to add it (a fifth of
# a second a report): an <img> without alt text named
IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")


@lru_cache(maxsize=1)
def _vega_bundle() -> str:
    import vl_convert as vlc

    return vlc.javascript_bundle().replace("</script", "<\\/script")


@lru_cache(maxsize=1)
def _page_template():
    return Environment(autoescape=True).from_string(PAGE)


@lru_cache(maxsize=1)
def _exporter():
    """One exporter per process: its templates are loaded once, not per document. The basic template: the
    cells' HTML without JupyterLab's 250 KB of CSS, which the page replaces with its own."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """nbconvert's HTML exporter, its BeautifulSoup pass (alt texts) done by a regex."""

        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name"))
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return IMG_WITHOUT_ALT.sub('<img alt=""', html), resources

    # validated once after the preprocessors, not after each of them
    return ReportExporter(template_name="basic", exclude_input=True, exclude_output_prompt=True,
                          optimistic_validation=True)


def page_css() -> str:
    """The pages' CSS: their own and great_tables' (views.table_css), once."""
    from .views import table_css

    return CSS + table_css()


def write_static(root: Path) -> None:
    """The shared files of a reports folder, written whole and only when they change."""
    for name, content in ((BUNDLE_FILE, _vega_bundle()), (CSS_FILE, page_css())):
        _write_once(Path(root) / STATIC / name, content)


@lru_cache(maxsize=16)
def _write_once(target: Path, content: str) -> None:
    """Write `target` unless it already holds `content` (checked once per process and file)."""
    data = content.encode("utf-8")
    if target.exists() and target.stat().st_size == len(data) and \
            hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(data).digest():
        return
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def relative_href(target: Path, page_dir: Path) -> str:
    """The relative link from a page's folder to `target` (both as they really are), with '/' whatever the
    system: the reports folder can be moved or zipped."""
    return Path(os.path.relpath(Path(target).resolve(), Path(page_dir).resolve())).as_posix()


def page_meta(nb) -> dict:
    """The page's title and language: the first output carrying them (views.page_title), else the
    notebook's `lang` parameter."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get(PAGE_META, {})
            if "title" in meta:
                return {"title": meta["title"], "lang": meta.get("lang", "vi")}
    params = nb.metadata.get("papermill", {}).get("parameters", {})
    return {"title": DEFAULT_TITLE, "lang": params.get("lang", "vi")}


def export_html(nb, page: Path | None = None, root: Path | None = None) -> str:
    """The notebook's page. With `page` (where it will be written) and `root` (the reports folder), links
    are relative to the real folders and the Vega bundle and CSS are the shared files of `root/_static`;
    without, they are inlined. The .ipynb is left as it is: only the outputs that change are copied."""
    nb, charts = _with_chart_divs(nb)
    body, _ = _exporter().from_notebook_node(nb)   # the cells only: no <head>, no script from a CDN
    meta = page_meta(nb)
    shared = page is not None and root is not None
    page_dir = Path(page).parent if shared else None
    if shared:
        write_static(root)
    nav = labels("nav", meta["lang"])
    return _page_template().render(
        lang=meta["lang"], title=meta["title"], nav=nav, body=body, charts=charts,
        contents=[(i, TAG.sub("", t).strip()) for i, t in SECTION.findall(body)],
        css=page_css(), css_href=relative_href(Path(root) / STATIC / CSS_FILE, page_dir) if shared else None,
        bundle=None if shared else _vega_bundle(),
        bundle_href=relative_href(Path(root) / STATIC / BUNDLE_FILE, page_dir) if shared else None,
        index_href=relative_href(Path(root) / INDEX_PAGE, page_dir) if shared else INDEX_PAGE,
        compare_href=relative_href(Path(root) / COMPARE_PAGE, page_dir) if shared else COMPARE_PAGE,
        embed=EMBED)


def _with_chart_divs(nb):
    """A shallow copy of the notebook in which every chart output (spec + PNG) also has its HTML div, and
    how many charts there are. The div's fallback image is the saved PNG where the output names it (the
    page then carries no image bytes), else the output's own PNG."""
    import copy
    import html

    from nbformat import NotebookNode

    from .charts import VEGALITE_V5_MIME

    def is_chart(out) -> bool:
        return {VEGALITE_V5_MIME, "image/png"} <= out.get("data", {}).keys()

    charts = 0
    cells = []
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        if any(is_chart(o) for o in outputs):
            cell = copy.copy(cell)
            cell["outputs"] = []
            for out in outputs:
                if is_chart(out):
                    data = out["data"]
                    spec = data[VEGALITE_V5_MIME]
                    png_file = out.get("metadata", {}).get(PAGE_META, {}).get("png")
                    src = png_file or "data:image/png;base64," + str(data["image/png"]).replace("\n", "")
                    title = spec.get("title", {})
                    alt = title.get("text", "") if isinstance(title, dict) else str(title)
                    out = copy.copy(out)
                    out["data"] = NotebookNode({"text/html": CHART_DIV.format(
                        spec=json.dumps(spec, ensure_ascii=False).replace("</", "<\\/"),
                        src=html.escape(src, quote=True), alt=html.escape(alt or "chart", quote=True))})
                    charts += 1
                cell["outputs"].append(out)
        cells.append(cell)
    nb = copy.copy(nb)
    nb["cells"] = cells
    return nb, charts
