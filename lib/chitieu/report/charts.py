"""Altair charts made from the Polars frames; each answers one question a researcher asks.

Charts aggregate first (one row per plotted mark), so none depends on Altair's 5,000-row limit. Encodings
are channel objects (`alt.Y("value:Q")`), never bare strings: Altair resolves a bare string by hashing its
whole schema, some 8 ms a string, which made building a chart cost more than rendering it.
`show` displays a chart as the interactive Vega-Lite spec (under the v5 MIME type JupyterLab 4
renders) plus a static PNG from vl-convert, so the nbconvert HTML shows it with no network.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import altair as alt
import polars as pl

from ..frames.progress import progress
from ..reference.labels import indicator_label, label_expr, labels
from ..storage import atomic_path

VEGALITE_V5_MIME = "application/vnd.vegalite.v5+json"
VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.20.1.json"
VERDICT_ORDER = ["vuot", "dat", "chua_dat", "kho_dat", None]  # colours below, in this order
VERDICT_COLOURS = ["#1a9850", "#91cf60", "#d73027", "#fc8d59", "#bdbdbd"]
TEXT = {
    "vi": {"pct": "% so với chỉ tiêu", "indicator": "Chỉ tiêu", "verdict": "Đánh giá", "doc": "Báo cáo",
           "count": "Số chỉ tiêu", "value": "Giá trị", "domain": "Lĩnh vực", "year": "Năm",
           "target": "Chỉ tiêu NQ", "actual": "Kết quả", "unit": "Đơn vị", "line": "Dòng", "source": "Nguồn",
           "share_met": "Tỷ lệ chỉ tiêu đạt (%)", "reach": "Chỉ tiêu mới / kết quả gần nhất (%)",
           "kind": "Loại", "operator": "Toán tử"},
    "en": {"pct": "% of target", "indicator": "Indicator", "verdict": "Verdict", "doc": "Report",
           "count": "Indicators", "value": "Value", "domain": "Domain", "year": "Year",
           "target": "Target", "actual": "Result", "unit": "Unit", "line": "Line", "source": "Source",
           "share_met": "Share of targets met (%)", "reach": "Next-term target / last result (%)",
           "kind": "Kind", "operator": "Operator"},
}


# characters of an indicator's name an axis shows before "…" ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều gi…");
# a facet header, in smaller type, fewer. The chart cuts them itself: Vega's own cut (labelLimit, in px)
# measures a long label a dozen times, and vl-convert's text measurement is its slowest step (0.1 s a label)
AXIS_LABEL_CHARS = 48
HEADER_LABEL_CHARS = 34


def _cut_labels(chars: int) -> dict:
    """Axis or header properties that show a label cut at `chars` characters, with no measuring to cut it."""
    return {"labelExpr": f"length(datum.label) > {chars} ? slice(datum.label, 0, {chars - 1}) + '…' : datum.label",
            "labelLimit": 0}


def _verdict_col(lang: str) -> pl.Expr:
    return label_expr("status", "verdict", lang).alias("verdict")


def _verdict_scale(lang: str) -> alt.Scale:
    names = labels("verdict", lang)
    return alt.Scale(domain=[names[k] for k in VERDICT_ORDER], range=VERDICT_COLOURS)


def scorecard(indicators: pl.DataFrame, doc_id: str, lang: str = "vi", place: str | None = None) -> alt.Chart:
    """How far did this report's results get towards each target? One bar per indicator, a 100% rule,
    colour by the document's verdict, grouped by domain."""
    t = TEXT[lang]
    df = (progress(indicators.filter((pl.col("doc") == doc_id) & (pl.col("section") == "results")))
          .filter(pl.col("pct").is_not_null())
          .sort("source", descending=False)  # prose first: the report's own words
          .with_columns(pl.coalesce(pl.col("concept"), pl.col("name_raw")).alias("_one"))
          .unique(subset=["_one"], keep="first", maintain_order=True)
          .with_columns(indicator_label(lang), _verdict_col(lang),
                        label_expr("domain", "domain", lang).alias("domain_label"),
                        pl.col("pct").clip(0, 200).alias("pct_plot"))
          .select("label", "domain_label", "verdict", "pct", "pct_plot", "target", "actual", "unit",
                  "actual_year", "line", "source"))
    base = alt.Chart(df.to_dicts() and alt.Data(values=df.to_dicts()) or alt.Data(values=[]))
    bars = base.mark_bar().encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField("domain_label"), title=None,
                axis=alt.Axis(**_cut_labels(AXIS_LABEL_CHARS))),
        x=alt.X("pct_plot:Q", title=t["pct"], scale=alt.Scale(domain=[0, 200])),
        color=alt.Color("verdict:N", scale=_verdict_scale(lang), title=t["verdict"]),
        tooltip=[alt.Tooltip("label:N", title=t["indicator"]), alt.Tooltip("pct:Q", format=".1f", title=t["pct"]),
                 alt.Tooltip("target:Q", title=t["target"]), alt.Tooltip("actual:Q", title=t["actual"]),
                 alt.Tooltip("unit:N", title=t["unit"]), alt.Tooltip("actual_year:Q", title=t["year"]),
                 alt.Tooltip("source:N", title=t["source"]), alt.Tooltip("line:Q", title=t["line"])],
    )
    rule = alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(strokeDash=[4, 3], color="black").encode(x=alt.X("x:Q"))
    return alt.layer(bars, rule).properties(width=420, height=alt.Step(14), title=f"{t['pct']} — {place or doc_id}")


def series_small_multiples(series: pl.DataFrame, indicators: pl.DataFrame, doc_id: str, lang: str = "vi",
                           max_panels: int = 24) -> alt.Chart:
    """How did each indicator move year by year against its target? One panel per appendix-table row:
    reported years filled, forecasts circled, the target as a dashed rule."""
    rows = (indicators.filter((pl.col("doc") == doc_id) & (pl.col("source") == "table"))
            .with_columns(indicator_label(lang)).select("key", "label", "target", "unit").head(max_panels))
    df = (series.filter(pl.col("doc") == doc_id).join(rows, on="key", how="inner")
          .select("label", "year", "value", "kind", "target", "unit"))
    targets = df.group_by("label").agg(pl.col("target").first()).filter(pl.col("target").is_not_null())
    return _series_facet(df, targets, TEXT[lang])


def _series_facet(df: pl.DataFrame, targets: pl.DataFrame, t: dict) -> alt.Chart:
    data = df.join(targets.select("label", pl.col("target").alias("target_line")), on="label", how="left")
    base = alt.Chart().encode(x=alt.X("year:O", title=t["year"]))
    line = base.mark_line(point=alt.OverlayMarkDef(filled=True, size=36)).encode(
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("label:N", title=t["indicator"]), alt.Tooltip("year:O", title=t["year"]),
                 alt.Tooltip("value:Q", title=t["value"]), alt.Tooltip("kind:N", title=t["kind"]),
                 alt.Tooltip("unit:N", title=t["unit"])])
    forecast = base.mark_point(filled=False, size=70, color="black").encode(y=alt.Y("value:Q")).transform_filter(
        alt.datum.kind == "forecast")
    rule = alt.Chart().mark_rule(strokeDash=[4, 3], color="#d73027").encode(y=alt.Y("mean(target_line):Q"))
    return (alt.layer(line, forecast, rule, data=alt.Data(values=data.to_dicts()))
            .properties(width=150, height=90)
            .facet(facet=alt.Facet("label:N", title=None, header=alt.Header(labelFontSize=9, **_cut_labels(HEADER_LABEL_CHARS))),
                   columns=4)
            .resolve_scale(y="independent"))


def next_targets(indicators: pl.DataFrame, doc_id: str, lang: str = "vi") -> alt.Chart:
    """How far does each next-term target reach beyond the last result? Target as % of that result."""
    t = TEXT[lang]
    ind = indicators.filter(pl.col("doc") == doc_id)
    nxt = (ind.filter((pl.col("section") == "targets_next") & pl.col("concept").is_not_null())
           .with_columns(target_value=pl.coalesce(pl.col("target"), pl.col("target_high")))
           .filter(pl.col("target_value").is_not_null())
           .sort("source").unique(subset=["concept"], keep="first", maintain_order=True))
    last = (ind.filter(pl.col("actual").is_not_null() & pl.col("concept").is_not_null())
            .sort(["section", "source"]).unique(subset=["concept"], keep="first", maintain_order=True)
            .select("concept", pl.col("actual").alias("last_result"), pl.col("actual_year").alias("last_year")))
    df = (nxt.join(last, on="concept", how="left").with_columns(indicator_label(lang))
          .with_columns(reach=pl.when(pl.col("last_result").is_not_null() & (pl.col("last_result") != 0))
                        .then(pl.col("target_value") / pl.col("last_result") * 100).otherwise(None))
          .filter(pl.col("reach").is_not_null())
          .select("label", "target_value", "target_op", "last_result", "last_year", "unit", "reach", "line"))
    bars = alt.Chart(alt.Data(values=df.to_dicts())).mark_bar(color="#4575b4").encode(
        y=alt.Y("label:N", title=None, axis=alt.Axis(**_cut_labels(AXIS_LABEL_CHARS))),
        x=alt.X("reach:Q", title=t["reach"]),
        tooltip=[alt.Tooltip("label:N", title=t["indicator"]), alt.Tooltip("target_value:Q", title=t["target"]),
                 alt.Tooltip("target_op:N", title=t["operator"]), alt.Tooltip("last_result:Q", title=t["actual"]),
                 alt.Tooltip("last_year:Q", title=t["year"]), alt.Tooltip("unit:N", title=t["unit"]),
                 alt.Tooltip("reach:Q", format=".0f", title=t["reach"]), alt.Tooltip("line:Q", title=t["line"])])
    rule = alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(strokeDash=[4, 3]).encode(x=alt.X("x:Q"))
    return alt.layer(bars, rule).properties(width=380, height=alt.Step(16))


# ---------------------------------------------------------------- output

# the charts' typeface, installed with `make` (fonts-dejavu-core): it has every Vietnamese letter, so neither
# the PNG nor vl-convert's text measurement falls back, glyph by glyph, to whatever font has "ượ" (an italic
# serif, on a machine with a few fonts); a browser without it shows its own sans-serif
CHART_FONT = "DejaVu Sans, sans-serif"


def to_v5_spec(chart: alt.TopLevelMixin) -> dict:
    """The spec a notebook displays and vl-convert renders. Not validated against the Vega-Lite schema here:
    jsonschema over a whole spec costs more than building the chart, at every document; tests/test_charts.py
    validates each kind."""
    with alt.data_transformers.enable("default", max_rows=None):  # the charts aggregate first
        spec = chart.to_dict(validate=False)
    spec["$schema"] = VEGALITE_V5_SCHEMA
    spec.setdefault("config", {}).setdefault("font", CHART_FONT)
    return spec


PNG_SCALE = 1.0  # the PNG is the offline fallback; the HTML reports render the interactive spec


@lru_cache(maxsize=32)
def _render(spec_json: str, fmt: str) -> bytes:
    """vl-convert renders are the slow part of a notebook: each chart is rendered once per format."""
    import vl_convert as vlc

    if fmt == "png":  # rasterise the SVG render: the same image, without laying the chart out twice
        return vlc.svg_to_png(_render(spec_json, "svg").decode("utf-8"), scale=PNG_SCALE)
    return vlc.vegalite_to_svg(spec_json).encode("utf-8")


def _spec_json(spec: dict) -> str:
    """The text of a spec, the key of its renders."""
    return json.dumps(spec, ensure_ascii=False)


def png_bytes(chart: alt.TopLevelMixin) -> bytes:
    return _render(_spec_json(to_v5_spec(chart)), "png")


def svg_text(chart: alt.TopLevelMixin) -> str:
    return _render(_spec_json(to_v5_spec(chart)), "svg").decode("utf-8")


def show(chart: alt.TopLevelMixin) -> None:
    """Display in a notebook: interactive spec for JupyterLab plus a PNG for HTML export and offline."""
    from IPython.display import display

    spec = to_v5_spec(chart)
    display({VEGALITE_V5_MIME: spec, "image/png": _render(_spec_json(spec), "png"),
             "text/plain": f"<{type(chart).__name__}>"}, raw=True)


def save(chart: alt.TopLevelMixin, stem: str | Path) -> list[Path]:
    """Write `stem`.svg and `stem`.png, each whole or not at all."""
    stem = Path(stem)
    spec_json = _spec_json(to_v5_spec(chart))
    out = []
    for ext, data in (("svg", _render(spec_json, "svg")), ("png", _render(spec_json, "png"))):
        target = stem.with_suffix(f".{ext}")
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        out.append(target)
    return out
