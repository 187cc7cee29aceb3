"""Altair charts made from the Polars frames; each answers one question a researcher asks.

Charts aggregate first (one row per plotted mark), so none depends on Altair's 5,000-row limit.
`show` displays a chart as the interactive Vega-Lite spec (under the v5 MIME type JupyterLab 4
renders) plus a static PNG from vl-convert, so the nbconvert HTML shows it with no network.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import altair as alt
import polars as pl

from .comparison import progress
from .labels import label_expr, labels
from .storage import atomic_path

VEGALITE_V5_MIME = "application/vnd.vegalite.v5+json"
VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.20.1.json"
VERDICT_ORDER = ["vuot", "dat", "chua_dat", "kho_dat", None]  # colours below, in this order
VERDICT_COLOURS = ["#1a9850", "#91cf60", "#d73027", "#fc8d59", "#bdbdbd"]
TEXT = {
    "vi": {"pct": "% so với chỉ tiêu", "indicator": "Chỉ tiêu", "verdict": "Đánh giá", "doc": "Báo cáo",
           "count": "Số chỉ tiêu", "value": "Giá trị", "domain": "Lĩnh vực", "year": "Năm",
           "target": "Chỉ tiêu NQ", "actual": "Kết quả", "unit": "Đơn vị", "line": "Dòng", "source": "Nguồn",
           "share_met": "Tỷ lệ chỉ tiêu đạt (%)"},
    "en": {"pct": "% of target", "indicator": "Indicator", "verdict": "Verdict", "doc": "Report",
           "count": "Indicators", "value": "Value", "domain": "Domain", "year": "Year",
           "target": "Target", "actual": "Result", "unit": "Unit", "line": "Line", "source": "Source",
           "share_met": "Share of targets met (%)"},
}


def _label_expr(lang: str) -> pl.Expr:
    """The concept's label; an indicator no concept fits is named by its line (its name as printed, OCR
    damage and all, is for the provenance view only)."""
    label = pl.col("label_en") if lang == "en" else pl.col("label_vi")
    other = "Other indicator, line" if lang == "en" else "Chỉ tiêu khác, dòng"
    return pl.coalesce(label, pl.format("{} {}", pl.lit(other), pl.col("line"))).alias("label")


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
          .with_columns(_label_expr(lang), _verdict_col(lang),
                        label_expr("domain", "domain", lang).alias("domain_label"),
                        pl.col("pct").clip(0, 200).alias("pct_plot"))
          .select("label", "domain_label", "verdict", "pct", "pct_plot", "target", "actual", "unit",
                  "actual_year", "line", "source"))
    base = alt.Chart(df.to_dicts() and alt.Data(values=df.to_dicts()) or alt.Data(values=[]))
    bars = base.mark_bar().encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField("domain_label"), title=None,
                axis=alt.Axis(labelLimit=320)),
        x=alt.X("pct_plot:Q", title=t["pct"], scale=alt.Scale(domain=[0, 200])),
        color=alt.Color("verdict:N", scale=_verdict_scale(lang), title=t["verdict"]),
        tooltip=[alt.Tooltip("label:N", title=t["indicator"]), alt.Tooltip("pct:Q", format=".1f", title=t["pct"]),
                 alt.Tooltip("target:Q", title=t["target"]), alt.Tooltip("actual:Q", title=t["actual"]),
                 alt.Tooltip("unit:N", title=t["unit"]), alt.Tooltip("actual_year:Q", title=t["year"]),
                 alt.Tooltip("source:N", title=t["source"]), alt.Tooltip("line:Q", title=t["line"])],
    )
    rule = alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(strokeDash=[4, 3], color="black").encode(x="x:Q")
    return alt.layer(bars, rule).properties(width=420, height=alt.Step(14), title=f"{t['pct']} — {place or doc_id}")


def series_small_multiples(series: pl.DataFrame, indicators: pl.DataFrame, doc_id: str, lang: str = "vi",
                           max_panels: int = 24) -> alt.Chart:
    """How did each indicator move year by year against its target? One panel per appendix-table row:
    reported years filled, forecasts circled, the target as a dashed rule."""
    rows = (indicators.filter((pl.col("doc") == doc_id) & (pl.col("source") == "table"))
            .with_columns(_label_expr(lang)).select("key", "label", "target", "unit").head(max_panels))
    df = (series.filter(pl.col("doc") == doc_id).join(rows, on="key", how="inner")
          .select("label", "year", "value", "kind", "target", "unit"))
    targets = df.group_by("label").agg(pl.col("target").first()).filter(pl.col("target").is_not_null())
    return _series_facet(df, targets, TEXT[lang])


def _series_facet(df: pl.DataFrame, targets: pl.DataFrame, t: dict) -> alt.Chart:
    data = df.join(targets.select("label", pl.col("target").alias("target_line")), on="label", how="left")
    base = alt.Chart().encode(x=alt.X("year:O", title=t["year"]))
    line = base.mark_line(point=alt.OverlayMarkDef(filled=True, size=36)).encode(
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        tooltip=["label:N", "year:O", "value:Q", "kind:N", "unit:N"])
    forecast = base.mark_point(filled=False, size=70, color="black").encode(y="value:Q").transform_filter(
        alt.datum.kind == "forecast")
    rule = alt.Chart().mark_rule(strokeDash=[4, 3], color="#d73027").encode(y="mean(target_line):Q")
    return (alt.layer(line, forecast, rule, data=alt.Data(values=data.to_dicts()))
            .properties(width=150, height=90)
            .facet(facet=alt.Facet("label:N", title=None, header=alt.Header(labelLimit=160, labelFontSize=9)),
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
    df = (nxt.join(last, on="concept", how="left").with_columns(_label_expr(lang))
          .with_columns(reach=pl.when(pl.col("last_result").is_not_null() & (pl.col("last_result") != 0))
                        .then(pl.col("target_value") / pl.col("last_result") * 100).otherwise(None))
          .filter(pl.col("reach").is_not_null())
          .select("label", "target_value", "target_op", "last_result", "last_year", "unit", "reach", "line"))
    bars = alt.Chart(alt.Data(values=df.to_dicts())).mark_bar(color="#4575b4").encode(
        y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("reach:Q", title="Chỉ tiêu mới / kết quả gần nhất (%)" if lang == "vi"
                else "Next-term target / last result (%)"),
        tooltip=[alt.Tooltip("label:N", title=t["indicator"]), alt.Tooltip("target_value:Q", title=t["target"]),
                 "target_op:N", alt.Tooltip("last_result:Q", title=t["actual"]), "last_year:Q", "unit:N",
                 alt.Tooltip("reach:Q", format=".0f"), "line:Q"])
    rule = alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(strokeDash=[4, 3]).encode(x="x:Q")
    return alt.layer(bars, rule).properties(width=380, height=alt.Step(16))


# ---------------------------------------------------------------- output

def to_v5_spec(chart: alt.TopLevelMixin) -> dict:
    spec = chart.to_dict()
    spec["$schema"] = VEGALITE_V5_SCHEMA
    return spec


PNG_SCALE = 1.0  # the PNG is the offline fallback; the HTML reports render the interactive spec


@lru_cache(maxsize=32)
def _render(spec_json: str, fmt: str) -> bytes:
    """vl-convert renders are the slow part of a notebook: each chart is rendered once per format."""
    import vl_convert as vlc

    if fmt == "png":  # rasterise the SVG render: the same image, without laying the chart out twice
        return vlc.svg_to_png(_render(spec_json, "svg").decode("utf-8"), scale=PNG_SCALE)
    return vlc.vegalite_to_svg(spec_json).encode("utf-8")


def _spec_json(chart: alt.TopLevelMixin) -> str:
    """The spec to render; not validated again (`show` and `save` validate it once, in `to_v5_spec`)."""
    return chart.to_json(validate=False)


def png_bytes(chart: alt.TopLevelMixin) -> bytes:
    return _render(_spec_json(chart), "png")


def svg_text(chart: alt.TopLevelMixin) -> str:
    return _render(_spec_json(chart), "svg").decode("utf-8")


def show(chart: alt.TopLevelMixin) -> None:
    """Display in a notebook: interactive spec for JupyterLab plus a PNG for HTML export and offline."""
    from IPython.display import display

    display({VEGALITE_V5_MIME: to_v5_spec(chart), "image/png": png_bytes(chart),
             "text/plain": f"<{type(chart).__name__}>"}, raw=True)


def save(chart: alt.TopLevelMixin, stem: str | Path) -> list[Path]:
    """Write `stem`.svg and `stem`.png, each whole or not at all."""
    stem = Path(stem)
    out = []
    for ext, data in (("svg", svg_text(chart).encode("utf-8")), ("png", png_bytes(chart))):
        target = stem.with_suffix(f".{ext}")
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        out.append(target)
    return out
