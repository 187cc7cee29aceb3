"""End to end: `chitieu run` on the seeds and the example corpus into a temporary folder."""

import html
import json
import re

import nbformat
import polars as pl


def test_run_regenerates_every_report(built_reports):
    raw, data, out = built_reports["raw"], built_reports["data"], built_reports["out"]
    assert built_reports["code"] == 0
    docs = sorted(p.stem for p in raw.glob("*.txt"))
    assert len(docs) >= 40
    for name in ("indicators", "documents", "series", "panel"):
        assert (data / f"{name}.parquet").exists() and (data / f"{name}.csv").exists()
    assert pl.read_parquet(data / "indicators.parquet").height >= 100
    notebooks = [out / d / "10_document.ipynb" for d in docs] + [out / "compare" / "20_compare.ipynb"]
    for nb_path in notebooks:
        assert nb_path.exists() and nb_path.with_suffix(".html").exists()
        nb = nbformat.read(nb_path, as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"]
        assert any("image/png" in o.get("data", {}) for o in outputs), "charts carry a static image"
        assert any("application/vnd.vegalite.v5+json" in o.get("data", {}) for o in outputs)
        html = nb_path.with_suffix(".html").read_text(encoding="utf-8")
        assert "data:image/png;base64" in html, "the HTML shows charts without network"
        assert "import polars" not in html, "HTML has no code input"
    for d in docs:
        assert list((out / d / "charts").glob("*.svg")) and list((out / d / "charts").glob("*.png"))
        assert json.loads((out / d / "checks.json").read_text())["passed"] > 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f"{d}/10_document.html" in index for d in docs) and "compare/20_compare.html" in index
    assert not list(out.rglob("*.tmp*")) and not list(out.rglob(".*.ipynb"))


PROVENANCE = re.compile(r'<table class="chitieu-prov">.*?</table>', re.DOTALL)


def test_document_reports_show_no_polars_repr_and_no_raw_name_outside_provenance(built_reports):
    """The reader sees labelled tables; a name as printed (OCR damage and all) only in the provenance view."""
    data, out = built_reports["data"], built_reports["out"]
    indicators = pl.read_parquet(data / "indicators.parquet")
    labels = set(indicators["label_vi"].drop_nulls()) | set(indicators["label_en"].drop_nulls())
    checked = 0
    for doc in indicators["doc"].unique().to_list():
        page = (out / doc / "10_document.html").read_text(encoding="utf-8")
        assert "shape: (" not in page and "┌─" not in page, f"{doc}: a Polars repr"
        assert '<table class="chitieu-prov">' in page
        outside = PROVENANCE.sub("", page)
        names = indicators.filter(pl.col("doc") == doc)["name_raw"].drop_nulls().unique().to_list()
        for name in (n.strip() for n in names):
            if len(name) >= 12 and not any(name in label for label in labels):  # a clean name may be a label
                assert name not in outside and html.escape(name) not in outside, f"{doc}: {name!r} outside provenance"
                checked += 1
    assert checked > 100


def test_document_report_titles_name_the_place_and_explain_repairs(built_reports):
    page = (built_reports["out"] / "004_c6649bda9ff7de5a" / "10_document.html").read_text(encoding="utf-8")
    assert "Sa Đéc (thành phố)" in page
    assert "đọc 86 — in 26, đoạn văn (dòng 55) ghi 86" in page
    assert "20.102,637" in page and "4,36" in page, "numbers in Vietnamese format"


def test_index_groups_by_province_and_links_the_panel(built_reports):
    index = (built_reports["out"] / "index.html").read_text(encoding="utf-8")
    assert "panel.csv" in index and "panel.parquet" in index
    groups = re.findall(r'<tr class="province"><th colspan="10">([^<]+)</th>', index)
    assert len(groups) == len(set(groups)) >= 30, "each province once"
    block = index.split('<th colspan="10">Đồng Tháp</th>')[1].split('<tr class="province">')[0]
    assert "004_c6649bda9ff7de5a" in block, "a city is listed under its province"
