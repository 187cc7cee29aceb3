"""Every kind of chart a report or the comparison draws is a valid Vega-Lite spec. The notebooks skip this
validation for speed (charts.to_v5_spec), so it is checked here, on the charts of the example run."""

import polars as pl
import pytest

from chitieu.frames import comparison, read_frames
from chitieu.report import charts, comparison_charts


@pytest.fixture(scope="module")
def frames(built_reports):
    return read_frames(built_reports["data"])


def _docs_with(frame: pl.DataFrame, column: str = "doc", n: int = 3) -> list[str]:
    """The documents with the most rows in a frame: the charts with the most marks."""
    return frame.group_by(column).len().sort("len", column, descending=True)[column].head(n).to_list()


def _assert_valid(chart) -> None:
    chart.to_dict(validate=True)   # raises a SchemaValidationError naming the wrong property
    assert charts.to_v5_spec(chart)["$schema"] == charts.VEGALITE_V5_SCHEMA


def test_document_charts_are_valid_vega_lite(frames):
    ind, series = frames["indicators"], frames["series"]
    docs = _docs_with(ind) + _docs_with(series)
    assert len(docs) >= 4, "the example run has documents with indicators and series"
    for doc in docs:
        for lang in ("vi", "en"):
            _assert_valid(charts.scorecard(ind, doc, lang=lang))
            nxt = charts.next_targets(ind, doc, lang=lang)   # None: no next-term target beside a result
            if nxt is not None:
                _assert_valid(nxt)
            mine = series.filter(pl.col("doc") == doc)
            if not mine.is_empty():
                _assert_valid(charts.series_small_multiples(mine, ind, doc, lang=lang))


def test_comparison_charts_are_valid_vega_lite(frames):
    sel = comparison.Selection()
    res = comparison.results(frames["indicators"], comparison.select_documents(frames["documents"], sel))
    points = comparison.ranked(res, sel)
    assert not points.is_empty(), "concepts stated by several reports of the example run"
    _assert_valid(comparison_charts.ranked_panel(points))
    _assert_valid(comparison_charts.coverage_matrix(comparison.coverage(res)))
    _assert_valid(comparison_charts.share_met_bars(comparison.share_met(res), period="2020–2025"))
    _assert_valid(comparison_charts.achievement_by_domain(comparison.achievement(res)))
