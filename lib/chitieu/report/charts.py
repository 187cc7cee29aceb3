"""Altair charts made from the Polars frames; each answers one question a researcher asks.

Charts aggregate first (one row per plotted mark), so none depends on Altair's 5,000-row limit. Encodings
are channel objects (`alt.Y("value:Q")`), never bare strings: Altair resolves a bare string by hashing its
whole schema, some 8 ms a string, which made building a chart cost more than rendering it.
Scales are honest: a value past the axis is drawn to its end and marked ▸ with its true value, a colour the
numbers contradict is marked ⚠, labels stay distinct when cut. `localise` gives every chart the language's
number marks (Vega-Lite's `config.locale`): "40.000" and "5,76" in Vietnamese, on axes and in tooltips.
`show` displays a chart as the interactive Vega-Lite spec (under the v5 MIME type JupyterLab 4
renders) plus a static PNG from vl-convert; `publish` also writes it as SVG and 2× PNG.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import altair as alt
import polars as pl

from ..frames.comparison import MET
from ..frames.progress import progress
from ..reference.labels import format_number, indicator_label, label_expr, labels, number_locale
from ..storage import atomic_path
from ..vocab import Status

VEGALITE_V5_MIME = "application/vnd.vegalite.v5+json"
VEGALITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.20.1.json"
VERDICT_ORDER = ["vuot", "dat", "chua_dat", "kho_dat", None]  # colours below, in this order
VERDICT_COLOURS = ["#1a9850", "#91cf60", "#d73027", "#fc8d59", "#bdbdbd"]

# characters of an indicator's name an axis shows before "…" ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều gi…");
# a facet header, in smaller type, fewer. Labels are cut here, in Python, so that two cut labels that would
# read the same can be told apart (distinct_labels); Vega's own cut (labelLimit, in px) measures each label
# a dozen times, and vl-convert's text measurement is its slowest step (0.1 s a label)
AXIS_LABEL_CHARS = 48
HEADER_LABEL_CHARS = 34
PCT_AXIS_MAX = 200    # % of target: a bar past 200% (227%, 1 000%) is drawn to 200 and marked ▸ with its value
REACH_AXIS_MAX = 300  # next-term target / last result: 5 000% is an outlier, not the axis
NUMBER_FORMAT = ",.3~f"   # d3-format: grouped, up to three decimals, zeros dropped: "40.000", "20.102,637"
PCT_FORMAT = ",.1~f"      # "95,3", "1.000"
WHOLE_FORMAT = "d"        # years and line numbers: "2025", never "2.025"


def _text(lang: str) -> dict:
    return labels("chart", lang)


def cut_label(name: str, chars: int) -> str:
    """`name` cut to `chars` characters with "…"."""
    return name if len(name) <= chars else name[: chars - 1].rstrip() + "…"


def distinct_labels(names: list[str], lines: list[int | None], chars: int, lang: str = "vi") -> list[str]:
    """The names cut to `chars` characters, each still distinct: where two would read the same (the same
    concept twice, or two names that differ only past the cut) each ends in its line ("… · dòng 55")."""
    cut = [cut_label(n, chars) for n in names]
    seen = Counter(cut)
    word = _text(lang)["line"].lower()
    out = []
    for name, short, line in zip(names, cut, lines, strict=True):
        if seen[short] > 1:
            suffix = f" · {word} {line}"
            short = cut_label(name, chars - len(suffix)) + suffix
        while short in out:   # the same line twice: number them
            short += "′"
        out.append(short)
    return out


def _with_distinct(df: pl.DataFrame, chars: int, lang: str, name: str = "label") -> pl.DataFrame:
    """`name` cut to distinct labels, the full one kept as `full_label` for the tooltip."""
    if df.is_empty():
        return df.with_columns(pl.col(name).alias("full_label"))
    lines = df["line"].to_list() if "line" in df.columns else [None] * df.height
    short = distinct_labels(df[name].to_list(), lines, chars, lang)
    return df.with_columns(pl.col(name).alias("full_label"), pl.Series(name, short, dtype=pl.String))


def localise(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """The chart with the language's number marks (axes, text, tooltips) and the charts' typeface."""
    return chart.configure(locale={"number": number_locale(lang)}, numberFormat=NUMBER_FORMAT, font=CHART_FONT)


def _verdict_col(lang: str) -> pl.Expr:
    return label_expr("status", "verdict", lang).alias("verdict")


def _verdict_scale(lang: str) -> alt.Scale:
    names = labels("verdict", lang)
    return alt.Scale(domain=[names[k] for k in VERDICT_ORDER], range=VERDICT_COLOURS)


def verdict_disagrees() -> pl.Expr:
    """The colour (the report's verdict) says met and the bar stops short of 100%, or it says not met and
    the bar reaches 100%: the reader is told, not left to trust the colour."""
    met, pct = pl.col("status").is_in(MET), pl.col("pct")
    return ((met & (pct < 100)) | ((pl.col("status") == Status.CHUA_DAT.value) & (pct >= 100))).fill_null(False)


def with_overflow(df: pl.DataFrame, field: str, cap: float, lang: str) -> pl.DataFrame:
    """`field` drawn up to `cap` as `<field>_plot`; past it `over` is true and `over_text` holds the value."""
    value = pl.col(field)
    return df.with_columns(pl.min_horizontal(value, pl.lit(cap)).clip(0).alias(f"{field}_plot"),
                           (value > cap).fill_null(False).alias("over")).with_columns(
        pl.when(pl.col("over")).then(value.map_elements(lambda v: format_number(v, lang, 0) + "%",
                                                        return_dtype=pl.String)).alias("over_text"))


def _overflow_marks(df: pl.DataFrame, x: str, y: alt.Y) -> list[alt.Chart]:
    """A ▸ at the axis end and the true value beside it, for the rows past the axis."""
    over = df.filter(pl.col("over")).to_dicts()
    if not over:
        return []
    base = alt.Chart(alt.Data(values=over)).encode(y=y, x=alt.X(f"{x}:Q"))
    return [base.mark_point(shape="triangle-right", filled=True, size=90, color="black", xOffset=5),
            base.mark_text(align="right", dx=-4, fontSize=10, fontWeight="bold").encode(text=alt.Text("over_text:N"))]


def _number_text(column: str, lang: str) -> pl.Expr:
    """`<column>_text`: the number as the language prints it ("4.420"), "" where there is none (a tooltip
    would print "null")."""
    return pl.col(column).map_elements(lambda v: format_number(v, lang, digits=3), return_dtype=pl.String,
                                       skip_nulls=True).fill_null("").alias(f"{column}_text")


def _subtitle(df: pl.DataFrame, lang: str) -> list[str]:
    t = _text(lang)
    out = [t["overflow"]] if df["over"].any() else []
    return out + ([t["disagree"]] if "disagrees" in df.columns and df["disagrees"].any() else [])


def _rule_100() -> alt.Chart:
    return alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(strokeDash=[4, 3], color="black").encode(x=alt.X("x:Q"))


def scorecard(indicators: pl.DataFrame, doc_id: str, lang: str = "vi", place: str | None = None) -> alt.TopLevelMixin:
    """How far did this report's results get towards each target? One bar per indicator, a 100% rule,
    colour by the document's verdict, grouped by domain; ▸ past the axis, ⚠ where colour and bar disagree."""
    t = _text(lang)
    df = (progress(indicators.filter((pl.col("doc") == doc_id) & (pl.col("section") == "results")))
          .filter(pl.col("pct").is_not_null())
          .sort("source", descending=False)  # prose first: the report's own words
          .with_columns(pl.coalesce(pl.col("concept"), pl.col("name_raw")).alias("_one"))
          .unique(subset=["_one"], keep="first", maintain_order=True)
          .with_columns(indicator_label(lang), _verdict_col(lang), verdict_disagrees().alias("disagrees"),
                        label_expr("domain", "domain", lang).alias("domain_label"))
          .sort("domain_label", "line"))
    df = with_overflow(_with_distinct(df, AXIS_LABEL_CHARS, lang), "pct", PCT_AXIS_MAX, lang).with_columns(
        pl.when(pl.col("disagrees")).then(pl.format("{} ⚠ {}", "verdict", pl.lit(t["disagree_tip"])))
        .otherwise(pl.col("verdict")).alias("verdict_tip"),
        *[_number_text(c, lang) for c in ("target", "actual")],
        label_expr("unit", "unit", lang).alias("unit"), label_expr("source", "source", lang).alias("source"))
    df = df.select("label", "full_label", "domain_label", "verdict", "verdict_tip", "pct", "pct_plot", "over",
                   "over_text", "disagrees", "target_text", "actual_text", "unit", "actual_year", "line", "source")
    y = alt.Y("label:N", sort=df["label"].to_list(), title=None, axis=alt.Axis(labelLimit=0))
    bars = alt.Chart(alt.Data(values=df.to_dicts())).mark_bar().encode(
        y=y, x=alt.X("pct_plot:Q", title=t["pct_axis"].format(cap=PCT_AXIS_MAX),
                     scale=alt.Scale(domain=[0, PCT_AXIS_MAX])),
        color=alt.Color("verdict:N", scale=_verdict_scale(lang), title=t["verdict"]),
        stroke=alt.condition("datum.disagrees", alt.value("black"), alt.value(None)),
        strokeDash=alt.value([3, 2]), strokeWidth=alt.value(1.5),
        tooltip=[alt.Tooltip("full_label:N", title=t["indicator"]),
                 alt.Tooltip("pct:Q", format=PCT_FORMAT, title=t["pct"]),
                 alt.Tooltip("target_text:N", title=t["target"]), alt.Tooltip("actual_text:N", title=t["actual"]),
                 alt.Tooltip("unit:N", title=t["unit"]),
                 alt.Tooltip("actual_year:Q", format=WHOLE_FORMAT, title=t["year"]),
                 alt.Tooltip("source:N", title=t["source"]),
                 alt.Tooltip("line:Q", format=WHOLE_FORMAT, title=t["line"]),
                 alt.Tooltip("verdict_tip:N", title=t["verdict"])])
    warn = df.filter(pl.col("disagrees")).to_dicts()
    marks = [bars, *_overflow_marks(df, "pct_plot", y)]
    if warn:
        marks.append(alt.Chart(alt.Data(values=warn)).mark_text(align="left", dx=4, fontSize=12).encode(
            y=y, x=alt.X("pct_plot:Q"), text=alt.value("⚠")))
    title = alt.Title(f"{t['pct']} — {place or doc_id}", subtitle=_subtitle(df, lang) or alt.Undefined)
    return localise(alt.layer(*marks, _rule_100()).properties(width=420, height=alt.Step(14), title=title), lang)


def series_small_multiples(series: pl.DataFrame, indicators: pl.DataFrame, doc_id: str, lang: str = "vi",
                           max_panels: int = 24) -> alt.TopLevelMixin:
    """How did each indicator move year by year against its target? One panel per appendix-table row, its
    unit in its title and its axis from zero: reported years filled, forecasts circled, the target dashed."""
    rows = (indicators.filter((pl.col("doc") == doc_id) & (pl.col("source") == "table"))
            .with_columns(indicator_label(lang), label_expr("unit", "unit", lang).alias("unit_label"))
            .select("key", "label", "unit_label", "line", "target", "unit").head(max_panels)
            .with_columns(pl.when(pl.col("unit_label") != "").then(pl.format("{} ({})", "label", "unit_label"))
                          .otherwise(pl.col("label")).alias("label")))
    rows = _with_distinct(rows, HEADER_LABEL_CHARS, lang)
    df = (series.filter(pl.col("doc") == doc_id).join(rows, on="key", how="inner")
          .with_columns(label_expr("kind", "series_kind", lang).alias("kind_label"))
          .select("label", "year", "value", "kind", "kind_label", "target", pl.col("unit_label").alias("unit")))
    targets = df.group_by("label").agg(pl.col("target").first()).filter(pl.col("target").is_not_null())
    return localise(_series_facet(df, targets, _text(lang)), lang)


def _series_facet(df: pl.DataFrame, targets: pl.DataFrame, t: dict) -> alt.Chart:
    data = df.join(targets.select("label", pl.col("target").alias("target_line")), on="label", how="left")
    base = alt.Chart().encode(x=alt.X("year:O", title=t["year"]))
    line = base.mark_line(point=alt.OverlayMarkDef(filled=True, size=36)).encode(
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip("label:N", title=t["indicator"]), alt.Tooltip("year:O", title=t["year"]),
                 alt.Tooltip("value:Q", title=t["value"]), alt.Tooltip("kind_label:N", title=t["kind"]),
                 alt.Tooltip("unit:N", title=t["unit"])])
    forecast = base.mark_point(filled=False, size=70, color="black").encode(y=alt.Y("value:Q")).transform_filter(
        alt.datum.kind == "forecast")
    rule = alt.Chart().mark_rule(strokeDash=[4, 3], color="#d73027").encode(y=alt.Y("mean(target_line):Q"))
    return (alt.layer(line, forecast, rule, data=alt.Data(values=data.to_dicts()))
            .properties(width=150, height=90)
            .facet(facet=alt.Facet("label:N", title=None, header=alt.Header(labelFontSize=9, labelLimit=0)),
                   columns=4)
            .resolve_scale(y="independent"))


def next_targets_frame(indicators: pl.DataFrame, doc_id: str, lang: str = "vi") -> pl.DataFrame:
    """Each next-term target of a concept beside the concept's last result: `reach` = target / result, %."""
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
          .with_columns(label_expr("unit", "unit", lang).alias("unit"))
          .select("label", "target_value", "target_op", "last_result", "last_year", "unit", "reach", "line"))
    return with_overflow(_with_distinct(df, AXIS_LABEL_CHARS, lang), "reach", REACH_AXIS_MAX, lang)


def next_targets(indicators: pl.DataFrame, doc_id: str, lang: str = "vi") -> alt.TopLevelMixin | None:
    """How far does each next-term target reach beyond the last result? Target as % of that result, the
    axis ending at the largest value or REACH_AXIS_MAX, whichever is less; None when there is none."""
    t = _text(lang)
    df = next_targets_frame(indicators, doc_id, lang)
    if df.is_empty():
        return None
    axis_max = min(REACH_AXIS_MAX, max(100.0, df["reach"].max()))
    y = alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=0))
    bars = alt.Chart(alt.Data(values=df.to_dicts())).mark_bar(color="#4575b4").encode(
        y=y, x=alt.X("reach_plot:Q", title=t["reach_axis"].format(cap=format_number(axis_max, lang, 0)),
                     scale=alt.Scale(domain=[0, axis_max], nice=False)),
        tooltip=[alt.Tooltip("full_label:N", title=t["indicator"]),
                 alt.Tooltip("target_value:Q", title=t["target"]),
                 alt.Tooltip("target_op:N", title=t["operator"]), alt.Tooltip("last_result:Q", title=t["actual"]),
                 alt.Tooltip("last_year:Q", format=WHOLE_FORMAT, title=t["year"]),
                 alt.Tooltip("unit:N", title=t["unit"]),
                 alt.Tooltip("reach:Q", format=",.0f", title=t["reach"]),
                 alt.Tooltip("line:Q", format=WHOLE_FORMAT, title=t["line"])])
    chart = alt.layer(bars, *_overflow_marks(df, "reach_plot", y), _rule_100())
    subtitle = _subtitle(df, lang)
    return localise(chart.properties(width=380, height=alt.Step(16),
                                     title=alt.Title(t["reach"], subtitle=subtitle or alt.Undefined)), lang)


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


SHOW_PNG_SCALE = 1.0  # the notebook's fallback image (JupyterLab and the HTML reports draw the spec)
FILE_PNG_SCALE = 2.0  # charts/*.png, to put in a paper or a slide


PNG_COLOURS = 256     # a chart has a few flat colours: a palette PNG is a tenth of the RGBA one, as sharp


@lru_cache(maxsize=32)
def _render(spec_json: str, fmt: str, scale: float = SHOW_PNG_SCALE) -> bytes:
    """vl-convert renders are the slow part of a notebook: each chart is laid out once (as SVG) and the
    PNGs rasterised from it, then stored with a palette (Pillow) so reports/ travels."""
    import vl_convert as vlc

    if fmt == "png":
        return _palette_png(vlc.svg_to_png(_render(spec_json, "svg").decode("utf-8"), scale=scale))
    return vlc.vegalite_to_svg(spec_json).encode("utf-8")


def _palette_png(png: bytes) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(png)).quantize(colors=PNG_COLOURS, method=Image.Quantize.FASTOCTREE).save(out, "PNG")
    return out.getvalue()


def _spec_json(spec: dict) -> str:
    """The text of a spec, the key of its renders."""
    return json.dumps(spec, ensure_ascii=False)


def png_bytes(chart: alt.TopLevelMixin, scale: float = SHOW_PNG_SCALE) -> bytes:
    return _render(_spec_json(to_v5_spec(chart)), "png", scale)


def svg_text(chart: alt.TopLevelMixin) -> str:
    return _render(_spec_json(to_v5_spec(chart)), "svg").decode("utf-8")


def show(chart: alt.TopLevelMixin, png_file: str | None = None) -> None:
    """Display in a notebook: interactive spec for JupyterLab plus a PNG for offline viewers; `png_file`
    (relative to the notebook's output folder) lets the HTML export link the saved image, not inline it."""
    from IPython.display import display

    spec = to_v5_spec(chart)
    metadata = {"chitieu": {"png": png_file}} if png_file else None
    display({VEGALITE_V5_MIME: spec, "image/png": _render(_spec_json(spec), "png"),
             "text/plain": f"<{type(chart).__name__}>"}, raw=True, metadata=metadata)


def save(chart: alt.TopLevelMixin, stem: str | Path) -> list[Path]:
    """Write `stem`.svg and a 2× `stem`.png, each whole or not at all."""
    stem = Path(stem)
    spec_json = _spec_json(to_v5_spec(chart))
    out = []
    for ext, data in (("svg", _render(spec_json, "svg")), ("png", _render(spec_json, "png", FILE_PNG_SCALE))):
        target = stem.with_suffix(f".{ext}")
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
        out.append(target)
    return out


def publish(chart: alt.TopLevelMixin, out_dir: str | Path, name: str) -> None:
    """Save the chart as out_dir/charts/<name>.{svg,png} and show it, its HTML fallback linking that PNG."""
    save(chart, Path(out_dir) / "charts" / name)
    show(chart, png_file=f"charts/{name}.png")
