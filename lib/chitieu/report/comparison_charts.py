"""The comparison's charts, drawn for dozens of localities: each sizes itself to its rows (one step per
locality), keeps its labels inside a fixed width, and plots only values in one base unit (comparison.py).
Text is Vietnamese with lang="vi", English with lang="en"."""

from __future__ import annotations

import altair as alt
import polars as pl

from ..reference.labels import labels

WIDTH = 520            # px of plotting area; with labels every chart stays under ~900 px, inside the page
ROW_STEP = 16          # px per locality row: labels of 11 px never overlap
LABEL_LIMIT = 220      # px of a locality's name before it is cut with an ellipsis
LEVEL_SHAPES = ["square", "circle", "triangle-up", "diamond", "cross", "triangle-down", "wedge"]
MET_COLOURS = ["#1a9850", "#d73027", "#969696"]
TEXT = {
    "vi": {"result": "Kết quả", "target": "Chỉ tiêu", "level": "Cấp", "met": "Đánh giá", "report": "Địa phương",
           "share": "Tỷ lệ chỉ tiêu đạt (%)", "n": "Số chỉ tiêu", "pct": "% so với chỉ tiêu (tối đa 200)",
           "domain": "Lĩnh vực", "theme": "Chủ đề", "n_concepts": "Số chỉ tiêu đã nêu", "line": "Dòng"},
    "en": {"result": "Result", "target": "Target", "level": "Level", "met": "Outcome", "report": "Locality",
           "share": "Share of targets met (%)", "n": "Indicators", "pct": "% of target (capped at 200)",
           "domain": "Domain", "theme": "Theme", "n_concepts": "Concepts stated", "line": "Line"},
}


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


def ranked_dots(points: pl.DataFrame, concept: str, lang: str = "vi") -> alt.LayerChart:
    """One concept across localities, ranked by result: the result as a dot (shape = level, colour = met or
    not), the target as a black tick, a grey line between them."""
    t = TEXT[lang]
    df = points.filter(pl.col("concept") == concept)
    title = f"{df['concept_label'][0]} ({df['unit_label'][0]})" if df.height else concept
    base = alt.Chart(_data(df)).encode(y=_locality_axis(alt.EncodingSortField("value_base", order="descending")))
    gap = base.mark_rule(color="#bdbdbd").encode(x=alt.X("value_base:Q"), x2=alt.X2("target_base:Q"))
    target = base.mark_tick(color="black", thickness=2, size=12).encode(
        x=alt.X("target_base:Q"), tooltip=[alt.Tooltip("report:N", title=t["report"]),
                                          alt.Tooltip("target_base:Q", title=t["target"]),
                                          alt.Tooltip("target_op:N")])
    result = base.mark_point(filled=True, size=70, opacity=0.9).encode(
        x=alt.X("value_base:Q", title=df["unit_label"][0] if df.height else None, scale=alt.Scale(zero=False)),
        shape=alt.Shape("level_label:N", scale=_level_scale(lang), title=t["level"]),
        color=alt.Color("met_label:N", scale=_met_scale(lang), title=t["met"]),
        tooltip=[alt.Tooltip("report:N", title=t["report"]), alt.Tooltip("value_base:Q", title=t["result"]),
                 alt.Tooltip("target_base:Q", title=t["target"]), alt.Tooltip("pct:Q", format=".1f"),
                 alt.Tooltip("met_label:N", title=t["met"]), alt.Tooltip("line:Q", title=t["line"])])
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
    return alt.vconcat(*[ranked_dots(points, c, lang) for c in order]).resolve_scale(
        x="independent", shape="shared", color="shared")


def coverage_matrix(cov: pl.DataFrame, lang: str = "vi") -> alt.LayerChart:
    """Who reports what: localities × themes, each cell the number of the theme's concepts the report states."""
    t = TEXT[lang]
    base = alt.Chart(_data(cov)).encode(
        y=_locality_axis("ascending"),
        x=alt.X("theme_label:N", title=None, axis=alt.Axis(labelAngle=-50, labelLimit=140, orient="top")))
    cells = base.mark_rect().encode(
        color=alt.Color("n_concepts:Q", title=t["n_concepts"], scale=alt.Scale(scheme="blues")),
        tooltip=[alt.Tooltip("report:N", title=t["report"]), alt.Tooltip("theme_label:N", title=t["theme"]),
                 alt.Tooltip("n_concepts:Q", title=t["n_concepts"])])
    text = base.mark_text(fontSize=9).encode(text=alt.Text("n_concepts:Q"))
    return alt.layer(cells, text).properties(width=alt.Step(20), height=alt.Step(ROW_STEP))


def share_met_bars(share: pl.DataFrame, lang: str = "vi") -> alt.LayerChart:
    """Share of targets met per locality, sorted, with the number of results it rests on."""
    t = TEXT[lang]
    base = alt.Chart(_data(share)).encode(y=_locality_axis(alt.EncodingSortField("share_met", order="descending")))
    bars = base.mark_bar(color="#4575b4").encode(
        x=alt.X("share_met:Q", title=t["share"], scale=alt.Scale(domain=[0, 100])),
        tooltip=[alt.Tooltip("report:N", title=t["report"]), alt.Tooltip("share_met:Q", title=t["share"]),
                 alt.Tooltip("n:Q", title=t["n"]), alt.Tooltip("level_label:N", title=t["level"])])
    count = base.mark_text(align="left", dx=3, fontSize=9, color="#555").encode(
        x=alt.X("share_met:Q"), text=alt.Text("n:Q"))
    return alt.layer(bars, count).properties(width=WIDTH - 120, height=alt.Step(ROW_STEP))


def achievement_by_domain(ach: pl.DataFrame, lang: str = "vi") -> alt.LayerChart:
    """How far results got towards their targets, per domain: a box of the middle half, every result a tick,
    the dashed rule at 100%."""
    t = TEXT[lang]
    base = alt.Chart(_data(ach)).encode(y=alt.Y("domain_label:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)))
    box = base.mark_boxplot(extent="min-max", opacity=0.5, size=18).encode(
        x=alt.X("pct_plot:Q", title=t["pct"], scale=alt.Scale(domain=[0, 200])))
    ticks = base.mark_tick(opacity=0.5, size=14, color="#333").encode(
        x=alt.X("pct_plot:Q"), tooltip=[alt.Tooltip("report:N", title=t["report"]), alt.Tooltip("concept:N"),
                                 alt.Tooltip("pct:Q", format=".1f")])
    rule = alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(strokeDash=[4, 3]).encode(x=alt.X("x:Q"))
    return alt.layer(box, ticks, rule).properties(width=WIDTH, height=alt.Step(34))
