"""The HTML reports of the ~40-document run in a real browser (Debian's chromium, headless, no network): no
console errors, every chart renders as interactive SVG, the comparison's charts stay inside the page width,
and screenshots are kept in the test's output folder."""

import shutil
from pathlib import Path

import nbformat
import pytest

from chitieu.report.charts import VEGALITE_V5_MIME

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _charts_in(nb_path: Path) -> int:
    nb = nbformat.read(nb_path, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if VEGALITE_V5_MIME in o.get("data", {}))


def test_reports_render_in_chromium(built_reports):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium (see Makefile: browser)"
    out = built_reports["out"]
    shots = out / "screenshots"
    shots.mkdir(exist_ok=True)
    docs = sorted(p.stem for p in built_reports["raw"].glob("*.txt"))
    pages = [("index", out / "index.html", 0)]
    pages += [(d, out / d / "10_document.html", _charts_in(out / d / "10_document.ipynb")) for d in docs]
    pages += [("compare", out / "compare" / "20_compare.html", _charts_in(out / "compare" / "20_compare.ipynb"))]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for name, path, n_charts in pages:
                page = browser.new_page(viewport={"width": 1300, "height": 900})
                errors, network = [], []
                page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
                page.on("request", lambda r, n=network: n.append(r.url)
                        if not r.url.startswith(("file:", "data:", "blob:")) else None)
                page.goto(path.resolve().as_uri())
                if n_charts:
                    page.wait_for_function(f"document.querySelectorAll('div.chitieu-chart svg.marks').length >= "
                                           f"{n_charts}", timeout=20000)
                page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
                assert errors == [], f"{name}: console errors {errors[:3]}"
                assert network == [], f"{name}: tried the network {network[:3]}"
                assert page.locator("div.chitieu-chart").count() == n_charts
                assert page.locator("div.chitieu-chart svg.marks").count() == n_charts
                assert page.locator("img.chitieu-static").count() == 0, "interactive charts replaced the images"
                if name == "index":
                    assert page.locator("a[href$='10_document.html']").count() == len(docs)
                if name == "compare":
                    width = page.evaluate("document.documentElement.clientWidth")
                    rights = page.evaluate("[...document.querySelectorAll('div.chitieu-chart svg.marks')]"
                                           ".map(s => s.getBoundingClientRect().right)")
                    assert rights and max(rights) <= width, f"a comparison chart is wider than the page ({rights})"
                    assert page.evaluate("document.documentElement.scrollWidth") <= width
                page.close()
        finally:
            browser.close()
    assert len(list(shots.glob("*.png"))) == len(pages)
    print(f"screenshots: {shots}")


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "a < b & c"])
def test_report_text_is_escaped_in_the_provenance_view(text):
    import polars as pl

    from chitieu.report.provenance import provenance_html

    df = pl.DataFrame([{"section": "results", "source": "prose", "key": "p1", "line": 3, "label_vi": text,
                        "name_raw": text, "target": None, "target_low": None, "target_high": None,
                        "target_op": None, "actual": 5.0, "unit": "%", "status": None,
                        "snippet": f"{text} đạt 5%", "literals": '["5"]'}])
    html = provenance_html(df)
    assert "<script>alert" not in html and "a < b" not in html and "&lt;" in html
    assert "<mark>5</mark>" in html
