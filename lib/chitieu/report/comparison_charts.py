"""The comparison's charts, drawn for dozens of localities: each sizes itself to its rows (one step per
locality), keeps its labels inside a fixed width, and plots only values in one base unit and one period
(comparison.py). Every mark's tooltip names its year and its report; a share met resting on fewer than three
results is drawn pale and says so. Text is Vietnamese with lang="vi", English with lang="en"."""

from __future__ import annotations

import altair as alt
import polars as pl

from ..reference.labels import labels, sort_key
from .charts import PCT_AXIS_MAX, PCT_FORMAT, WHOLE_FORMAT, _overflow_marks, localise, with_overflow

WIDTH = 520            # px of plotting area; with labels every chart stays under ~900 px, inside the page
ROW_STEP = 16          # px per locality row: labels of 11 px never overlap
LABEL_LIMIT = 220      # px of a locality's name before it is cut with an ellipsis
LEVEL_SHAPES = ["square", "circle", "triangle-up", "diamond", "cross", "triangle-down", "wedge"]
MET_COLOURS = ["#1a9850", "#d73027", "#969696"]
SHARE_COLOURS = ["#4575b4", "#c6dbef"]   # share met resting on MIN_RESULTS or more results; on fewer (thin)


def _text(lang: str) -> dict:
    return labels("compare_chart", lang)


def _data(df: pl.DataFrame) -> pl.DataFrame:
    """The frame itself, not its rows as values: Altair deep-copies inline values at every chained call
    (mark, encode, layer, vconcat: seconds for a few thousand points) and turns a frame into one named
    dataset, once, when the spec is made (charts.to_v5_spec)."""
    return df


def _level_scale(lang: str) -> alt.Scale:
    names = [v for k, v in labels("level", lang).items() if k is not None]
    return alt.Scale(domain=names, range=LEVEL_SHAPES[:len(names)])


def _met_scale(lang: str) -> alt.Scale:
    met = labels("met", lang)
    return alt.Scale(domain=[met["true"], met["false"], met[None]], range=MET_COLOURS)


def _locality_axis(sort) -> alt.Y:
    return alt.Y("report:N", sort=sort, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelFontSize=11))


def _where(t: dict) -> list[alt.Tooltip]:
    """The tooltip lines that say which result a mark is: its year and its report."""
    return [alt.Tooltip("year:Q", format=WHOLE_FORMAT, title=t["year"]), alt.Tooltip("doc:N", title=t["document"])]


def ranked_dots(points: pl.DataFrame, concept: str, lang: str = "vi") -> alt.LayerChart:
    """One concept across localities, ranked by result: the result as a dot (shape = level, colour = met or
    not), the target as a black tick, a grey line between them."""
    t = _text(lang)
    df = points.filter(pl.col("concept") == concept)
    title = f"{df['concept_label'][0]} ({df['unit_label'][0]})" if df.height else concept
    # the order given as a list: a sort field on a layered chart is dropped by Vega-Lite (alphabetical)
    order = df.sort("value_base", descending=True, nulls_last=True)["report"].to_list()
    base = alt.Chart(_data(df)).encode(y=_locality_axis(order))
    gap = base.mark_rule(color="#bdbdbd").encode(x=alt.X("value_base:Q"), x2=alt.X2("target_base:Q"))
    target = base.mark_tick(color="black", thickness=2, size=12).encode(
        x=alt.X("target_base:Q"), tooltip=[alt.Tooltip("report:N", title=t["report"]),
                                          alt.Tooltip("target_base:Q", title=t["target"]),
                                          alt.Tooltip("target_op:N"), *_where(t)])
    result = base.mark_point(filled=True, size=70, opacity=0.9).encode(
        x=alt.X("value_base:Q", title=df["unit_label"][0] if df.height else None, scale=alt.Scale(zero=False)),
        shape=alt.Shape("level_label:N", scale=_level_scale(lang), title=t["level"]),
        color=alt.Color("met_label:N", scale=_met_scale(lang), title=t["met"]),
        tooltip=[alt.Tooltip("report:N", title=t["report"]), alt.Tooltip("value_base:Q", title=t["result"]),
                 alt.Tooltip("target_base:Q", title=t["target"]),
                 alt.Tooltip("pct:Q", format=PCT_FORMAT, title=t["pct_tip"]),
                 alt.Tooltip("met_label:N", title=t["met"]), *_where(t),
                 alt.Tooltip("line:Q", format=WHOLE_FORMAT, title=t["line"])])
    return alt.layer(gap, target, result).properties(
        width=WIDTH, height=alt.Step(ROW_STEP), title=alt.Title(title, anchor="start"))


def ranked_order(points: pl.DataFrame) -> list[str]:
    """The ranked concepts, the most reported first (ties: by code)."""
    return (points.group_by("concept").agg(pl.col("n_reports").first())
            .sort(["n_reports", "concept"], descending=[True, False])["concept"].to_list())


def ranked_panel(points: pl.DataFrame, lang: str = "vi", max_concepts: int | None = None) -> alt.VConcatChart:
    """The ranked concepts, one under the other, the most reported first; at most `max_concepts` of them
    (a page of 45 ranked plots renders slowly and reads worse; the notebook lists the ones left out)."""
    order = ranked_order(points)[:max_concepts]
    return localise(alt.vconcat(*[ranked_dots(points, c, lang) for c in order]).resolve_scale(
        x="independent", shape="shared", color="shared"), lang)


def coverage_matrix(cov: pl.DataFrame, lang: str = "vi") -> alt.LayerChart:
    """Who reports what: localities × themes, each cell the number of the theme's concepts the report states."""
    t = _text(lang)
    order = sorted(cov["report"].unique().to_list(), key=lambda r: sort_key(r, lang))  # "Đ…" after "D…"
    base = alt.Chart(_data(cov)).encode(
        y=_locality_axis(order),
        x=alt.X("theme_label:N", title=None, axis=alt.Axis(labelAngle=-50, labelLimit=140, orient="top")))
    cells = base.mark_rect().encode(
        color=alt.Color("n_concepts:Q", title=t["n_concepts"], scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("report:N", title=t["report"]), alt.Tooltip("theme_label:N", title=t["theme"]),
                 alt.Tooltip("n_concepts:Q", title=t["n_concepts"])])
    text = base.mark_text(fontSize=9).encode(text=alt.Text("n_concepts:Q"))
    return localise(alt.layer(cells, text).properties(width=alt.Step(20), height=alt.Step(ROW_STEP)), lang)


def share_met_bars(share: pl.DataFrame, lang: str = "vi", period: str | None = None) -> alt.LayerChart:
    """Share of targets met per locality, sorted, with the number of results it rests on beside each bar;
    a bar resting on fewer than three results is pale and its legend says thin."""
    t = _text(lang)
    df = share.with_columns(
        pl.when(pl.col("thin")).then(pl.lit(t["thin_yes"])).otherwise(pl.lit(t["thin_no"])).alias("thin_label"),
        pl.format("n = {}", "n").alias("label_n"),
        pl.when(pl.col("year_first") == pl.col("year_last")).then(pl.col("year_first").cast(pl.String))
        .otherwise(pl.format("{}–{}", "year_first", "year_last")).alias("years"))
    order = df.sort("share_met", "n", descending=True)["report"].to_list()
    base = alt.Chart(_data(df)).encode(y=_locality_axis(order))
    title = f"{t['share']} · {period}" if period else t["share"]
    bars = base.mark_bar().encode(
        x=alt.X("share_met:Q", title=title, scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("thin_label:N", title=t["thin"],
                        scale=alt.Scale(domain=[t["thin_no"], t["thin_yes"]], range=SHARE_COLOURS)),
        tooltip=[alt.Tooltip("report:N", title=t["report"]),
                 alt.Tooltip("share_met:Q", format=PCT_FORMAT, title=t["share"]),
                 alt.Tooltip("n_met:Q", title=t["n_met"]), alt.Tooltip("n:Q", title=t["n"]),
                 alt.Tooltip("thin_label:N", title=t["thin"]), alt.Tooltip("level_label:N", title=t["level"]),
                 alt.Tooltip("years:N", title=t["year"]),
                 alt.Tooltip("doc:N", title=t["document"])])
    count = base.mark_text(align="left", dx=3, fontSize=9, color="#555").encode(
        x=alt.X("share_met:Q"), text=alt.Text("label_n:N"))
    return localise(alt.layer(bars, count).properties(width=WIDTH - 120, height=alt.Step(ROW_STEP)), lang)


def achievement_by_domain(ach: pl.DataFrame, lang: str = "vi") -> alt.LayerChart:
    """How far results got towards their targets, per domain: a box of the middle half, every result a tick,
    the dashed rule at 100%; a result past the axis is drawn to its end and marked ▸ with its value."""
    t = _text(lang)
    df = with_overflow(ach, "pct", PCT_AXIS_MAX, lang).with_columns(
        pl.col("label_en" if lang == "en" else "label_vi").alias("concept_label"))
    y = alt.Y("domain_label:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    base = alt.Chart(_data(df)).encode(y=y)
    box = base.mark_boxplot(extent="min-max", opacity=0.5, size=18).encode(
        x=alt.X("pct_plot:Q", title=t["pct"], scale=alt.Scale(domain=[0, PCT_AXIS_MAX])))
    ticks = base.mark_tick(opacity=0.5, size=14, color="#333").encode(
        x=alt.X("pct_plot:Q"), tooltip=[alt.Tooltip("report:N", title=t["report"]),
                                        alt.Tooltip("concept_label:N", title=t["concept"]),
                                        alt.Tooltip("pct:Q", format=PCT_FORMAT, title=t["pct_tip"]), *_where(t)])
    over = _overflow_marks(df.filter(pl.col("over")).unique(subset=["domain_label"], keep="first"), "pct_plot", y)
    rule = alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(strokeDash=[4, 3]).encode(x=alt.X("x:Q"))
    return localise(alt.layer(box, ticks, *over[:1], rule).properties(width=WIDTH, height=alt.Step(34)), lang)
