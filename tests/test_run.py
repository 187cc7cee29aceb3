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
    charted = 0
    for nb_path in notebooks:
        assert nb_path.exists() and nb_path.with_suffix(".html").exists()
        nb = nbformat.read(nb_path, as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
        assert not [o for o in outputs if o.get("output_type") == "error"]
        chart_outputs = [o for o in outputs if "application/vnd.vegalite.v5+json" in o.get("data", {})]
        assert all("image/png" in o["data"] for o in chart_outputs), "charts carry a static image"
        charted += bool(chart_outputs)   # a report with no % of target, series or next target draws no chart
        html = nb_path.with_suffix(".html").read_text(encoding="utf-8")
        images = re.findall(r'<img class="chitieu-static" alt="[^"]*" src="([^"]+)"', html)
        assert len(images) == len(chart_outputs) and all((nb_path.parent / src).exists() for src in images), \
            "each chart's PNG, offline"
        assert "import polars" not in html, "HTML has no code input"
    assert charted >= len(notebooks) * 2 // 3, f"{charted} of {len(notebooks)} reports draw a chart"
    for d in docs:
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
    groups = re.findall(r'<tr class="province"><th colspan="\d+">([^<]+)</th>', index)
    assert len(groups) == len(set(groups)) >= 30, "each province once"
    block = index.split('">Đồng Tháp</th>')[1].split('<tr class="province">')[0]
    assert "004_c6649bda9ff7de5a" in block, "a city is listed under its province"


def test_a_report_speaks_one_language_without_prompts(built_reports):
    """Headings, verdicts and findings in the report's language: no English heading in a Vietnamese page, no
    raw verdict code, no nbconvert prompt."""
    from chitieu.reference.labels import labels

    english = [h for h in labels("heading", "en").values() if h not in labels("heading", "vi").values()]
    for doc in ("000_73e3681ba0af4d5b", "004_c6649bda9ff7de5a"):
        page = (built_reports["out"] / doc / "10_document.html").read_text(encoding="utf-8")
        assert '<html lang="vi">' in page
        assert [h for h in english if f">{html.escape(h)}<" in page] == []
        codes = {"vuot", "dat", "chua_dat", "kho_dat"}
        table_verdicts = re.findall(r'class="gt_row[^"]*">([^<]*)<', page)
        prov_verdicts = [re.findall(r"<td[^>]*>(.*?)</td>", row)[5]
                         for row in re.findall(r'<tr id="src-[^"]*">(.*?)</tr>', page)]
        assert prov_verdicts and not codes & set(table_verdicts + prov_verdicts), "verdict codes as labels"
        assert "Out[" not in page and "expect_column" not in page
        assert "Điểm cần xem lại" in page and "Mục lục" in page


def test_an_interactive_run_writes_to_scratch_not_to_the_published_reports(built_reports, tmp_path):
    """The notebook with its defaults (out_dir None), as JupyterLab runs it from notebooks/."""
    import shutil

    from chitieu.paths import NOTEBOOKS
    from chitieu.run.notebooks import DOCUMENT_NOTEBOOK, execute

    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks, ignore=shutil.ignore_patterns("*.ipynb"))
    outcome = execute(DOCUMENT_NOTEBOOK, tmp_path / "executed",
                      {"doc_id": "004_c6649bda9ff7de5a", "data_dir": str(built_reports["data"])}, notebooks,
                      warm=False)
    assert outcome.ok, outcome.error
    assert (tmp_path / "scratch" / "004_c6649bda9ff7de5a" / "charts" / "scorecard.png").exists()
    assert not (tmp_path / "reports").exists()
