"""The HTML reports of the ~60-document run in a real browser (Debian's chromium, headless, no network).

Every page: no console error, no request leaving the machine, every chart drawn as interactive SVG. The four
pages a reviewer looks at — the index, a seed report, a devset ward report, the comparison — also: numbers on
axes and in tooltips with "." for thousands and "," for decimals (lang vi), a title naming the place, a link
back to the index that works, the first chart within the first 1 500 px; their screenshots go to
reports/screenshots/ (the repo's reports folder, for a reviewer); another page that fails a check leaves its
screenshot in the test's output folder."""

import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import nbformat
import polars as pl
import pytest

from chitieu.paths import REPORTS
from chitieu.reference.labels import place_title
from chitieu.report.charts import VEGALITE_V5_MIME

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SEED = "000_73e3681ba0af4d5b"            # the province's mid-term review: 300 indicators, three charts
DEVSET = "hungbinh_ward_2020_2025"       # a ward's news summary: five indicators, one chart
SCREENSHOTS = REPORTS / "screenshots"
FIRST_CHART_PX = 1500
MAX_WARD_PAGE = 150_000                  # bytes of a 5-indicator report beside the shared _static/ bundle
MAX_REPORTS = 15_000_000                 # bytes of reports/ for the example corpus
# numbers as Vietnamese prints them: "4.420", "20.102,637", "95,3"; English marks are wrong here
VI_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?%?$")
EN_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(,\d{3})+(?![\d,])(?!,\d)")
EN_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.])")


def _charts_in(nb_path: Path) -> int:
    nb = nbformat.read(nb_path, as_version=4)
    return sum(1 for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
               if VEGALITE_V5_MIME in o.get("data", {}))


def _open(browser, path: Path, n_charts: int):
    """The page, loaded, with the errors and the requests it made."""
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors, network = [], []
    page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
    page.on("request", lambda r, n=network: n.append(r.url)
            if not r.url.startswith(("file:", "data:", "blob:")) else None)
    page.goto(path.resolve().as_uri())
    if n_charts:
        page.wait_for_function(f"document.querySelectorAll('div.chitieu-chart svg.marks').length >= {n_charts}",
                               timeout=30000)
    return page, errors, network


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "make test installs Debian's chromium (see Makefile: browser)"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_every_report_renders_offline(built_reports, browser, tmp_path):
    out = built_reports["out"]
    docs = sorted(p.stem for p in built_reports["raw"].glob("*.txt"))
    pages = [("index", out / "index.html", 0)]
    pages += [(d, out / d / "10_document.html", _charts_in(out / d / "10_document.ipynb")) for d in docs]
    pages += [("compare", out / "compare" / "20_compare.html", _charts_in(out / "compare" / "20_compare.ipynb"))]
    for name, path, n_charts in pages:
        page, errors, network = _open(browser, path, n_charts)
        with _screenshot_if_failed(page, tmp_path / f"{name}.png"):
            _renders_offline(page, name, errors, network, n_charts, len(docs))
        page.close()


@contextmanager
def _screenshot_if_failed(page, path: Path):
    """A page that fails a check leaves its full-page screenshot in the test's folder, for the reader."""
    try:
        yield
    except AssertionError:
        page.screenshot(path=str(path), full_page=True)
        raise


def _renders_offline(page, name: str, errors: list, network: list, n_charts: int, n_docs: int) -> None:
    """No console error, no request leaving the machine, every chart drawn as interactive SVG; the index links
    every report; the comparison's charts fit the page."""
    assert errors == [], f"{name}: console errors {errors[:3]}"
    assert network == [], f"{name}: tried the network {network[:3]}"
    assert page.locator("div.chitieu-chart").count() == n_charts
    assert page.locator("div.chitieu-chart svg.marks").count() == n_charts
    assert page.locator("img.chitieu-static").count() == 0, "interactive charts replaced the images"
    if name == "index":
        assert page.locator("a[href$='10_document.html']").count() == n_docs
    if name == "compare":
        width = page.evaluate("document.documentElement.clientWidth")
        rights = page.evaluate("[...document.querySelectorAll('div.chitieu-chart svg.marks')]"
                               ".map(s => s.getBoundingClientRect().right)")
        assert rights and max(rights) <= width, f"a comparison chart is wider than the page ({rights})"
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def _axis_labels(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('div.chitieu-chart .role-axis-label text')]"
                         ".map(t => t.textContent)")


def _tooltips(page, selector: str, n: int = 12) -> list[str]:
    """The tooltip of each of the first `n` marks matching `selector`, hovered one by one."""
    texts = []
    marks = page.locator(selector)
    for i in range(min(n, marks.count())):
        marks.nth(i).hover(force=True)
        page.wait_for_timeout(50)
        tip = page.locator("#vg-tooltip-element")
        if tip.count() and tip.is_visible():
            texts.append(tip.inner_text())
    return texts


def _wrong_marks(texts: list[str]) -> list[str]:
    return [t for t in texts if EN_THOUSANDS.search(t) or EN_DECIMAL.search(t)]


def _expected_title(built_reports, doc: str) -> str:
    docs = pl.read_parquet(built_reports["data"] / "documents.parquet").filter(pl.col("doc_id") == doc)
    return place_title(docs["locality"][0], docs["level"][0], "vi", fallback=doc)


@pytest.mark.parametrize("name", ["index", "seed", "devset", "compare"])
def test_the_pages_a_reviewer_opens(built_reports, browser, name):
    out = built_reports["out"]
    path, n_charts = {"index": (out / "index.html", 0),
                      "seed": (out / SEED / "10_document.html", _charts_in(out / SEED / "10_document.ipynb")),
                      "devset": (out / DEVSET / "10_document.html", _charts_in(out / DEVSET / "10_document.ipynb")),
                      "compare": (out / "compare" / "20_compare.html",
                                  _charts_in(out / "compare" / "20_compare.ipynb"))}[name]
    page, errors, network = _open(browser, path, n_charts)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert errors == [] and network == [], (errors[:3], network[:3])
    assert page.evaluate("document.documentElement.lang") == "vi"
    if name in ("seed", "devset"):
        assert page.title() == _expected_title(built_reports, SEED if name == "seed" else DEVSET)
    if n_charts:
        top = page.evaluate("document.querySelector('div.chitieu-chart').getBoundingClientRect().top + scrollY")
        assert top < FIRST_CHART_PX, f"the first chart starts at {top} px"
        labels = _axis_labels(page)
        tips = _tooltips(page, "div.chitieu-chart .role-mark path, div.chitieu-chart .role-mark .mark-symbol path")
        assert labels and tips, "axes read and tooltips shown"
        assert _wrong_marks(labels) == [] and _wrong_marks(tips) == [], (_wrong_marks(labels), _wrong_marks(tips))
        if name == "seed":   # Sóc Trăng's budget revenue: 4.420 billion VND, 68% of its target
            from chitieu.reference.concepts import concepts_by_code

            name = concepts_by_code()["budget_revenue"].label_vi   # charts name a concept by the codebook's label
            revenue = _tooltips(page, f"div.chitieu-chart .role-mark path[aria-label*='{name}']", 1)
            assert revenue and "4.420" in revenue[0] and "tỷ đồng" in revenue[0], revenue
        if name == "compare":
            assert any(VI_THOUSANDS.match(t) for t in labels), labels
    if name == "seed":   # the provenance view, opened: its source text gets the room, read left to right
        page.locator("details:has(table.chitieu-prov) > summary").click()
        widths = page.evaluate("(() => { const t = document.querySelector('table.chitieu-prov');"
                               " const c = t.querySelector('td.src'); return [c.getBoundingClientRect().width,"
                               " t.getBoundingClientRect().width, getComputedStyle(c).textAlign]; })()")
        assert widths[0] >= 0.3 * widths[1] and widths[2] == "left", widths
    if name != "index":
        page.locator("nav.chitieu-nav a[rel=index]").click()
        page.wait_for_load_state()
        assert page.url.endswith("/index.html") and page.locator("table.chitieu-index").count() == 1
    page.close()


def test_pages_weigh_what_their_own_charts_weigh(built_reports):
    out = built_reports["out"]
    assert (out / "_static" / "vega.js").stat().st_size > 500_000, "one shared bundle"
    ward = (out / DEVSET / "10_document.html").stat().st_size
    assert ward <= MAX_WARD_PAGE, f"a 5-indicator ward report weighs {ward} bytes"
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert total <= MAX_REPORTS, f"reports/ weighs {total} bytes"
    print(f"ward report {ward} bytes; reports/ {total} bytes")


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "a < b & c"])
def test_report_text_is_escaped_in_the_provenance_view(text):
    from chitieu.report.provenance import provenance_html

    df = pl.DataFrame([{"section": "results", "source": "prose", "key": "p1", "line": 3, "label_vi": text,
                        "name_raw": text, "target": None, "target_low": None, "target_high": None,
                        "target_op": None, "actual": 5.0, "unit": "%", "status": None,
                        "snippet": f"{text} đạt 5%", "literals": '["5"]'}])
    html = provenance_html(df)
    assert "<script>alert" not in html and "a < b" not in html and "&lt;" in html
    assert "<mark>5</mark>" in html
