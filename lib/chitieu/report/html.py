"""A notebook's HTML: no code input; each chart its interactive Vega-Lite spec with its PNG as the fallback,
the Vega JavaScript inlined once per page at export time (never in the .ipynb); no script from the network."""

from __future__ import annotations

import json
import re
from functools import lru_cache

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


# what nbconvert's accessibility pass adds, without parsing the whole page into a tree to add it (a fifth of
# a second a report): each cell's <div class="jp-Cell-inputWrapper"> and <div class="... jp-OutputArea-output">
# focusable, and an <img> without alt text named
FOCUSABLE_DIV = re.compile(r'(<div class="[^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b[^"]*")')
IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")
CDN_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>')  # <script src="https://cdn...">


@lru_cache(maxsize=1)
def _exporter():
    """One exporter per process: its templates are loaded once, not per document."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """nbconvert's HTML exporter, its BeautifulSoup pass (alt texts, tabindex) done by two regexes."""

        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name"))
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            html = FOCUSABLE_DIV.sub(r'\1 tabindex="0"', html)
            return IMG_WITHOUT_ALT.sub('<img alt="No description has been provided for this image"', html), resources

    # validated once after the preprocessors, not after each of them
    return ReportExporter(exclude_input=True, optimistic_validation=True)


def export_html(nb) -> str:
    """HTML without code input. Each chart becomes its interactive spec with the PNG as fallback, and the
    Vega JavaScript is inlined once per page here, at export time, never in the .ipynb (which is left as it
    is: only the outputs that change are copied)."""
    nb, charts = _with_chart_divs(nb)
    body, _ = _exporter().from_notebook_node(nb)
    # the template's CDN scripts (require.js, MathJax) would fail offline; the reports need neither
    body = CDN_SCRIPT.sub("", body)
    if charts:
        body = body.replace("</body>", EMBED.format(bundle=_vega_bundle()) + "\n</body>", 1)
    return body


def _with_chart_divs(nb):
    """A shallow copy of the notebook in which every chart output (spec + PNG) also has its HTML div, and
    how many charts there are."""
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
                    spec = json.dumps(data[VEGALITE_V5_MIME], ensure_ascii=False)
                    out = copy.copy(out)
                    out["data"] = NotebookNode({**data, "text/html": CHART_DIV.format(
                        spec=html.escape(spec, quote=True), png=str(data["image/png"]).replace("\n", ""))})
                    charts += 1
                cell["outputs"].append(out)
        cells.append(cell)
    nb = copy.copy(nb)
    nb["cells"] = cells
    return nb, charts
