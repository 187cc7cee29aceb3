"""Document metadata (who, where, when, what kind) on hand-written texts the devset does not show."""

from pathlib import Path

import pytest

from chitieu.extract.dates import opening_span
from chitieu.extract.document import extract_text
from chitieu.extract.kinds import medium_of
from chitieu.extract.terms import is_party_term
from chitieu.read.files import read_text
from chitieu.reference.ocrkey import fold
from chitieu.reference.places import gazetteer, mentions, name_key, portal_place
from chitieu.reference.report_kinds import opening_of, report_kind, title_lines
from chitieu.vocab import Level, Medium, ReportKind

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"
FIELDS = ("locality", "level", "parent", "report_kind", "medium", "term_start", "term_end", "year_reviewed", "date")

CASES = {
    # a ward formed in 2025 whose name is also a former city's and a former province's; its congress reviews the
    # 2020-2025 term of the wards before it
    "ward_after_merger.txt": ("Hòa Bình", "ward", "Phú Thọ", "term report", "news", 2020, 2025, 2025,
                              "2025-08-22"),
    # a district of Hà Tĩnh province, which also names the city of Hà Tĩnh (OCR text without diacritics)
    "district_of_city_named_province.txt": ("Thạch Hà", "district", "Hà Tĩnh", "term report", "document", 2020,
                                            2025, 2025, "2025-06-18"),
    # the city of Hà Tĩnh speaks (Thành ủy), its province is named too
    "city_named_as_its_province.txt": ("Hà Tĩnh", "city", "Hà Tĩnh", "mid-term review", "news", 2020, 2025, 2023,
                                       "2023-10-09"),
    # a news text dated only by its dateline 'Bắc Ninh, 02/4/2024 (TTXVN) -', on a quarter: an annual report
    "news_dateline_only.txt": ("Bắc Ninh", "province", None, "annual report", "news", None, None, 2024,
                               "2024-04-02"),
    # a province before it became a centrally-run city in 2025 (its level word and date say which); news of its
    # People's Committee's regular meeting on nine months is an annual report, not a statistics release
    "province_before_it_became_a_city.txt": ("Thừa Thiên Huế", "province", None, "annual report", "news", None,
                                              None, 2024, "2024-10-03"),
    # congress news that only sets targets (the body it elects counts no party members): a resolution
    "congress_news_setting_targets.txt": ("Bình Định", "province", None, "resolution", "news", 2020, 2025, None,
                                          "2020-10-16"),
    # the statistics office's national release: no locality
    "national_statistics.txt": (None, "national", None, "statistics", "news", None, None, 2023, "2023-12-29"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_metadata_of_fixture(name):
    m, _ = extract_text(read_text(FIXTURES / name))
    assert tuple(getattr(m, f) for f in FIELDS) == CASES[name]


def test_every_fixture_has_a_case():
    assert {p.name for p in FIXTURES.glob("*.txt")} == set(CASES)


@pytest.mark.parametrize("name, damaged, key", [
    ("Đắk Nông", False, "dak nong"),
    ("Pak Nong", True, "dak nong"),          # every initial P/B reads as D: both sides of the look-up agree
    ("Bà Rịa - Vũng Tàu", False, "ba ria vung tau"),
])
def test_name_key(name, damaged, key):
    assert name_key(name, damaged) == key


def test_gazetteer_covers_both_sides_of_the_2025_merger():
    g = gazetteer()
    assert {p.level for p in g.exact["hoa binh"]} >= {Level.PROVINCE, Level.CITY, Level.WARD, Level.COMMUNE}
    hoa_binh = next(p for p in g.exact["hoa binh"] if p.level == Level.PROVINCE)
    assert (hoa_binh.era, hoa_binh.merged_into) == ("before_2025", "Phú Thọ")
    assert g.lookup("pong nai")[0].name == "Đồng Nai"     # OCR 'Pong Nai'
    assert len({p.name for k in g.top_level for p in g.exact[k] if p.parent is None}) >= 63


@pytest.mark.parametrize("text, expected", [
    ("Kinh tế - xã hội của tỉnh Cà Mau", ["Cà Mau"]),
    ("kinh tế - xã hội Ổn định", []),                # 'xã hội' is not a commune: the name after 'xã' is small
    ("Vĩnh Phúc lọt top 10 tăng trưởng", ["Vĩnh Phúc"]),   # a province named bare, capitalised
    ("theo tư tưởng Hồ Chí Minh", []),                # the person, not the city
    ("Đảng bộ phường Hưng Bình (thành phố Vinh)", ["Hưng Bình", "Vinh"]),
])
def test_mentions(text, expected):
    found = mentions(text, fold(text), len(text))
    assert [m.candidates[0].name for m in found] == expected


def test_mentions_know_the_units_own_bodies():
    text = "Đại hội Đảng bộ tỉnh Lào Cai và UBND huyện Bảo Thắng, tỉnh Lào Cai; Huyện ủy Bảo Thắng"
    found = mentions(text, fold(text), len(text))
    assert [(m.candidates[0].name, m.level_word, m.organ) for m in found] == [
        ("Lào Cai", Level.PROVINCE, True), ("Bảo Thắng", Level.DISTRICT, True), ("Lào Cai", Level.PROVINCE, False),
        ("Bảo Thắng", Level.DISTRICT, True)]


def test_portal_names_its_province_but_a_newspaper_does_not():
    assert portal_place("SOURCE: https://tayninh.gov.vn/vi/news/abc").name == "Tây Ninh"
    assert portal_place("SOURCE: https://baotayninh.vn/abc") is None


@pytest.mark.parametrize("text, kind", [
    ("NGHỊ QUYẾT\nĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ I", ReportKind.RESOLUTION),
    ("BÁO CÁO\nSơ kết giữa nhiệm kỳ thực hiện Nghị quyết", ReportKind.MID_TERM_REVIEW),
    ("Tình hình kinh tế - xã hội 9 tháng năm 2018", ReportKind.STATISTICS),
    ("Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm 2023", ReportKind.ANNUAL_REPORT),
    # no title words: what the text presents is settled from its records (extract.kinds)
    ("THÀNH PHỐ CẦN THƠ\nCác chỉ tiêu kinh tế - xã hội năm 2018", None),
    ("Đại hội Đảng bộ huyện lần thứ XII thành công tốt đẹp", None),
    ("Kon Tum dự kiến có 8/12 chỉ tiêu sẽ đạt và vượt kế hoạch", None),
])
def test_report_kind_from_the_title(text, kind):
    body = text + "\n\nMột đoạn văn dài của bài viết, đủ dài để là văn xuôi chứ không phải tiêu đề,\n" \
                  "và dòng thứ hai của nó cũng dài như thế để thành một đoạn văn xuôi.\n"
    assert report_kind(opening_of(fold(body), body)) == kind


@pytest.mark.parametrize("head, medium", [
    # a letterhead with the national motto is a document, however many meetings its first paragraphs report
    (("ỦY BAN NHÂN DÂN                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHƯỜNG AN KHÁNH"
      "                      Độc lập - Tự do - Hạnh phúc\n\nBÁO CÁO\nTình hình thực hiện nhiệm vụ năm 2025"), "document"),
    ("CHI CỤC THỐNG KÊ THÀNH PHỐ ĐÀ LẠT\nTình hình kinh tế - xã hội quý I năm 2025", "document"),
    ("Phường An Khánh tổng kết năm 2025\n\nSáng 10/12, phường tổ chức hội nghị tổng kết", "news"),
])
def test_medium_from_the_head(head, medium):
    body = head + ("\n\nHội nghị đã đánh giá kết quả thực hiện các chỉ tiêu, kỳ họp thường lệ cuối năm của Hội đồng "
                   "nhân dân\nđã thông qua nghị quyết về nhiệm vụ năm tới, đại hội các chi bộ đã hoàn thành.\n")
    key = fold(body)
    assert medium_of(key, body, opening_span(key, body)).value == medium


def test_title_lines_stop_at_the_first_prose():
    text = ("SOURCE: x\n\nTiêu đề của bài\n\nĐoạn đầu dài của bài viết, đủ dài để là văn xuôi chứ không phải\n"
            "tiêu đề, và dòng thứ hai của nó cũng dài như thế, một đoạn văn đã ngắt dòng.\n\nCác chỉ tiêu\n")
    assert title_lines(fold(text), text) == ["tieu de cua bai"]


@pytest.mark.parametrize("start, end, party", [(2020, 2025, True), (2021, 2025, True), (2021, 2026, False),
                                                (2016, 2018, False)])
def test_party_terms_and_plans_end_in_a_year_divisible_by_five(start, end, party):
    assert is_party_term(start, end) is party


def test_documents_suite_speaks_the_vocabulary():
    """The GX suite's value sets for level and report kind are the vocabulary's (vocab.py), nothing else."""
    import json

    from chitieu.paths import ROOT

    suite = json.loads((ROOT / "expectations" / "documents.json").read_text(encoding="utf-8"))
    sets = {e["kwargs"]["column"]: set(e["kwargs"]["value_set"]) for e in suite["expectations"]
            if e["type"] == "expect_column_values_to_be_in_set"}
    assert sets["report_kind"] == {k.value for k in ReportKind}
    assert sets["medium"] == {m.value for m in Medium}
    assert sets["level"] == {lv.value for lv in Level} | {"unknown"}
