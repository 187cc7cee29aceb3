"""Reports as researchers have them: PDF (text layer, scanned, mixed), Word and saved web pages, each built here
from a report's text (tests/docbuild.py), read into the same Text and yielding the same records."""

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

import docbuild
from chitieu.cli import main
from chitieu.errors import InputError
from chitieu.extract.document import extract_file, extract_text
from chitieu.read.files import read_text, sniff
from chitieu.read.text import Text
from chitieu.vocab import ReadAs
from conftest import ROOT

CLEAN = ROOT / "tests" / "fixtures" / "devset" / "clean"
PROSE = CLEAN / "tayninh_2023_results.txt"        # a province's annual report: prose, brackets, 19 records
TABLE = CLEAN / "haiduong_2023_ocr.txt"           # an appendix: two '|'-ruled tables, 19 records
LONG = CLEAN / "dongnai_2022_report.txt"          # 180 lines: prose, bullets and tables over several pages
RECORD = ("section", "source", "key", "concept", "unit", "target", "target_low", "target_high", "target_op",
          "actual", "actual_year", "actual_kind", "achievement_pct", "status", "series")
VALUES = ("section", "target", "target_low", "target_high", "actual", "achievement_pct")


def _records(found, fields=RECORD) -> Counter:
    return Counter(tuple(json.dumps(i.as_record()[k], sort_keys=True) for k in fields) for i in found)


def _printed(path: Path) -> str:
    return docbuild.printed(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """The prose report printed, then as a text-layer PDF and as a scan (300 dpi, rotated, blurred, noise,
    JPEG 60); the scan is OCR'd once for the tests below."""
    d = tmp_path_factory.mktemp("scans")
    text = _printed(PROSE)
    layer, scan = docbuild.text_pdf(text, d / "report.pdf"), docbuild.scan_pdf(text, d / "scan.pdf")
    return text, extract_file(layer)[1], read_text(scan, jobs=2)


@pytest.mark.parametrize("source", [PROSE, TABLE, LONG])
def test_text_layer_pdf_yields_the_records_of_its_text(tmp_path, source):
    text = _printed(source)
    pdf = docbuild.text_pdf(text, tmp_path / "report.pdf")
    doc = read_text(pdf)
    _, from_text = extract_text(Text.from_string(text, doc_id="report"))
    _, from_pdf = extract_file(pdf)
    assert _records(from_pdf) == _records(from_text)
    assert all(ind.page is not None and 1 <= ind.page <= len(doc.pages) for ind in from_pdf)
    assert {p.read_as for p in doc.pages} == {ReadAs.TEXT}
    assert doc.source_format == "pdf"


def test_a_long_pdf_places_records_on_their_pages(tmp_path):
    pdf = docbuild.text_pdf(_printed(LONG), tmp_path / "long.pdf")
    doc = read_text(pdf)
    _, found = extract_file(pdf)
    assert len(doc.pages) >= 3
    for ind in found:   # the page a record names holds its number
        page = doc.pages[ind.page - 1]
        end = doc.pages[ind.page].start if ind.page < len(doc.pages) else len(doc.text)
        assert page.start <= doc.line_span(ind.line)[0] < end
    assert len({ind.page for ind in found}) >= 3


def test_scanned_pdf_yields_the_records_of_its_text_layer(scans):
    _, layer_records, scanned = scans
    _, found = extract_text(scanned)
    kept = _records(found, VALUES) & _records(layer_records, VALUES)
    assert sum(kept.values()) >= 0.95 * len(layer_records)
    assert [p.read_as for p in scanned.pages] == [ReadAs.OCR] * len(scanned.pages)
    assert all(p.engine.startswith("tesseract") and p.confidence > 85 for p in scanned.pages)
    assert all(ind.page == 1 for ind in found)


def _diacritic_letters_kept(reference: str, ocr: str) -> float:
    """Share of the reference's letters with diacritics that the OCR text has at the aligned place."""
    marked = {i for i, c in enumerate(reference) if unicodedata.normalize("NFD", c) != c or c in "đĐ"}
    kept = set()
    for tag, a0, a1, _b0, _b1 in Levenshtein.opcodes(reference, ocr):
        if tag == "equal":
            kept.update(i for i in range(a0, a1) if i in marked)
    return len(kept) / len(marked)


def test_scanned_pdf_keeps_the_diacritics(scans):
    text, _, scanned = scans
    assert _diacritic_letters_kept(text, scanned.text) >= 0.98


def test_a_pdf_of_a_scanned_page_and_a_text_page(tmp_path):
    import pypdfium2 as pdfium

    lines = _printed(PROSE).split("\n")
    first = docbuild.scan_pdf("\n".join(lines[:20]), tmp_path / "a.pdf")
    second = docbuild.text_pdf("\n".join(lines[20:]), tmp_path / "b.pdf")
    merged = pdfium.PdfDocument.new()
    for part in (first, second):
        src = pdfium.PdfDocument(str(part))
        merged.import_pages(src)
    merged.save(str(tmp_path / "mixed.pdf"))
    doc = read_text(tmp_path / "mixed.pdf")
    assert [p.read_as for p in doc.pages] == [ReadAs.OCR, ReadAs.TEXT]
    _, found = extract_file(tmp_path / "mixed.pdf")
    assert {ind.page for ind in found} == {1, 2}


@pytest.mark.parametrize("build", [docbuild.docx_file, docbuild.html_file], ids=["docx", "html"])
@pytest.mark.parametrize("source", [PROSE, TABLE])
def test_word_and_web_versions_yield_the_records_of_the_text(tmp_path, build, source):
    text = source.read_text(encoding="utf-8")
    path = build(text, tmp_path / ("report.docx" if build is docbuild.docx_file else "report.html"))
    _, from_text = extract_file(source)
    _, found = extract_file(path)
    assert _records(found, tuple(f for f in RECORD if f != "key")) == \
        _records(from_text, tuple(f for f in RECORD if f != "key"))


def test_a_web_page_keeps_its_article_not_its_scripts_or_navigation(tmp_path):
    doc = read_text(docbuild.html_file(PROSE.read_text(encoding="utf-8"), tmp_path / "page.htm"))
    assert "Tình hình thực hiện Kế hoạch" in doc.text
    assert "tracker" not in doc.text and "Trang chủ" not in doc.text and "Bản quyền" not in doc.text
    assert doc.source_format == "html"


def test_format_is_read_from_the_content_not_the_suffix(tmp_path):
    pdf = docbuild.text_pdf(_printed(PROSE), tmp_path / "x.pdf")
    disguised = tmp_path / "report.txt"
    disguised.write_bytes(pdf.read_bytes())
    assert sniff(disguised.read_bytes()) == "pdf"
    assert read_text(disguised).source_format == "pdf"
    assert sniff(b"<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff("Báo cáo <b>không</b> phải HTML".encode()) == "txt"


def _protected(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 5, "Thu ngan sach dat 100 ty dong.")
    pdf.output(str(path))
    return path


def test_bad_pdfs_give_clear_errors_and_the_batch_goes_on(tmp_path, capsys, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text(PROSE.read_text(encoding="utf-8"), encoding="utf-8")
    protected = _protected(tmp_path / "protected.pdf")
    whole = docbuild.text_pdf(_printed(PROSE), tmp_path / "whole.pdf").read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(whole[: len(whole) // 2])
    scan = docbuild.scan_pdf("Thu ngân sách đạt 100 tỷ đồng.", tmp_path / "scan.pdf", damage=False)
    monkeypatch.setenv("CHITIEU_TESSERACT", str(tmp_path / "no-tesseract"))
    with pytest.raises(InputError, match="password"):
        read_text(protected)
    with pytest.raises(InputError, match="PDF that cannot be opened"):
        read_text(truncated)
    code = main(["extract", str(protected), str(truncated), str(scan), str(good)])
    out = capsys.readouterr()
    assert code == 1
    assert "protected.pdf: is a password-protected PDF" in out.err
    assert "truncated.pdf: is a PDF that cannot be opened" in out.err
    assert "scan.pdf: scanned page 1 needs Tesseract with Vietnamese: apt-get install tesseract-ocr" in out.err
    assert {json.loads(line)["doc"] for line in out.out.splitlines()} == {"good"}


def test_a_number_in_a_word_the_ocr_was_unsure_of_is_flagged():
    from chitieu.read.ocr import from_tsv

    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    words = [("Thu", 96), ("ngân", 95), ("sách", 94), ("đạt", 95), ("1.25O", 41), ("tỷ", 93), ("đồng.", 92)]
    rows = "".join(f"5\t1\t1\t1\t1\t{i}\t{100 + 60 * i}\t100\t50\t30\t{c}\t{w}\n" for i, (w, c) in enumerate(words))
    page = from_tsv(header + rows)
    assert page.text == "Thu ngân sách đạt 1.25O tỷ đồng."
    assert [page.text[a:b] for a, b in page.uncertain] == ["1.25O"]
    text = Text.from_string(page.text, uncertain=page.uncertain)
    assert text.is_uncertain(0, len(page.text)) and not text.is_uncertain(0, 12)


def test_an_invisible_ocr_layer_is_used_and_marked(tmp_path):
    """A scan with someone else's OCR text laid invisibly over the image (as OCR software saves it)."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    image = docbuild.page_image(["Thu ngân sách đạt 1.250 tỷ đồng."], damage=False)
    png = tmp_path / "page.png"
    image.save(png)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210)
    pdf.add_font("Mono", fname=str(docbuild.font_path()))
    pdf.set_font("Mono", size=10)
    pdf.text_mode = TextMode.INVISIBLE
    pdf.text(12, 20, "BÁO CÁO: Thu ngân sách nhà nước năm 2023 ước đạt 1.250 tỷ đồng.")
    pdf.output(str(tmp_path / "layered.pdf"))
    doc = read_text(tmp_path / "layered.pdf")
    assert [p.read_as for p in doc.pages] == [ReadAs.OCR_LAYER]
    assert "1.250 tỷ đồng" in doc.text


@pytest.mark.parametrize("text, broken", [("Thu ngân sách đạt 1.250 tỷ đồng", False),
                                          ("Thu \ufffd\ufffdn s\ufffdch \ufffd\ufffdt", True),
                                          ("\ue001\ue002\ue003 \ue004\ue005 1.250", True)])
def test_a_text_layer_without_unicode_is_broken(text, broken):
    from chitieu.read.pdf import _is_broken

    assert _is_broken(text) is broken


@pytest.mark.parametrize("confidence, quality", [(None, "ok"), (96.0, "ok"), (84.0, "flagged"), (65.0, "unreliable")])
def test_page_quality_from_tesseract_confidence(confidence, quality):
    from chitieu.read.text import Page

    assert Page(1, 0, ReadAs.OCR, "tesseract", confidence).quality == quality
