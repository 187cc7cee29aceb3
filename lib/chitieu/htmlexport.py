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


@lru_cache(maxsize=1)
def _exporter():
    """One exporter per process: its templates are loaded once, not per document."""
    from nbconvert import HTMLExporter

    return HTMLExporter(exclude_input=True)


def export_html(nb) -> str:
    """HTML without code input. Each chart becomes its interactive spec with the PNG as fallback, and the
    Vega JavaScript is inlined once per page here, at export time, never in the .ipynb."""
    import copy
    import html

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
    body, _ = _exporter().from_notebook_node(nb)
    # the template's CDN scripts (require.js, MathJax) would fail offline; the reports need neither
    body = re.sub(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>', "", body)
    if charts:
        body = body.replace("</body>", EMBED.format(bundle=_vega_bundle()) + "\n</body>", 1)
    return body
