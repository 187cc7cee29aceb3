"""End to end: `chitieu run` on both reports into a temporary folder."""

import json

import nbformat
import polars as pl


def test_run_regenerates_every_report(built_reports):
    raw, data, out = built_reports["raw"], built_reports["data"], built_reports["out"]
    assert built_reports["code"] == 0
    docs = sorted(p.stem for p in raw.glob("*.txt"))
    for name in ("indicators", "documents", "series"):
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
