"""The concept codebook, its matcher (a concept is a claim that must fit) and the units it converts, as tables of
named cases; and the issue's five cases, each a fragment in and a concept (or none) out."""

import csv
import json
import re

import pytest

from chitieu.extract.document import extract_file
from chitieu.reference import concept_match as cm
from chitieu.reference.concepts import (
    CONCEPTS_FILE,
    DIRECTIONS,
    DOMAINS,
    concepts_by_code,
    kinds,
    load_concepts,
)
from chitieu.reference.labels import concept_names, labels
from chitieu.reference.ocrkey import fold
from chitieu.reference.units import base_of, factor, unit_at
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "concepts"
CODEBOOK_COLUMNS = ["code", "label_vi", "label_en", "unit", "kind", "direction", "domain", "vsis_code", "note"]


@pytest.fixture(scope="module")
def extracted():
    """Each fixture's records, extracted once."""
    return {p.stem: extract_file(p)[1] for p in sorted(FIXTURES.glob("*.txt"))}


def _record(records, **where):
    found = [r for r in records if all(getattr(r, k) == v for k, v in where.items())]
    assert len(found) == 1, (where, [(r.key, r.line, r.actual, r.target) for r in records])
    return found[0]


# --- the codebook

def test_the_codebook_is_the_teams_with_matching_columns_beside_it():
    rows = list(csv.DictReader(CONCEPTS_FILE.read_text(encoding="utf-8").splitlines()))
    assert list(rows[0])[:len(CODEBOOK_COLUMNS)] == CODEBOOK_COLUMNS
    assert len({r["code"] for r in rows}) == len(rows) > 390
    assert all(r["direction"] in DIRECTIONS and r["domain"] in DOMAINS and r["kind"] in kinds() and r["label_vi"]
               and r["label_en"] for r in rows)
    assert concepts_by_code()["grdp_total"].vsis_code == "T0501"


def test_every_gold_code_is_in_the_codebook():
    gold = [g for folder in ("gold", "devset") for f in (ROOT / "tests" / "fixtures" / folder).glob("*.json")
            if not f.name.endswith(".meta.json") for g in json.loads(f.read_text(encoding="utf-8"))]
    codes = {g["concept"] for g in gold if g["concept"]}
    assert len(codes) > 250 and codes <= set(concepts_by_code())


def test_every_concept_has_keywords_a_label_a_theme_and_a_unit_that_reads():
    themes, units = set(labels("theme")), set(labels("unit"))
    for c in load_concepts():
        assert c.required, c.code
        assert c.theme in themes and c.unit in units, c.code
        assert concept_names("vi")[c.code].startswith(c.label_vi)


def test_the_suite_knows_every_unit_and_domain():
    suite = json.loads((ROOT / "expectations" / "indicators.json").read_text(encoding="utf-8"))
    sets = {e["kwargs"]["column"]: set(e["kwargs"]["value_set"]) for e in suite["expectations"]
            if e["type"] == "expect_column_values_to_be_in_set"}
    assert sets["domain"] == set(DOMAINS)
    assert {c.unit for c in load_concepts()} <= sets["unit"]


# --- what the words before a number claim it is

@pytest.mark.parametrize(("words", "unit", "claim"), [
    ("Tốc độ tăng trưởng kinh tế bình quân đạt", "%", "growth"),      # the head of the name
    ("GRDP tăng", "%", "growth"),                                     # the predicate
    ("Tỷ lệ hộ nghèo giảm còn", "%", "level"),                         # 'còn': the level reached
    ("Tỷ lệ tăng dân số tự nhiên", "%", "rate"),                       # the head wins over a later 'tăng'
    ("Giảm tỷ lệ hộ nghèo bình quân", "%/year", "growth"),
    ("Khu vực dịch vụ chiếm", "%", "share"),
    ("GRDP bình quân đầu người tăng", "million VND", "change"),       # an amount after 'tăng' is a change
    ("Thu ngân sách tăng nhanh cả nhiệm kỳ, đạt", "billion VND", "level"),
    ("Quy mô GRDP gấp", "times", "ratio"),
    ("Thu ngân sách bằng", "%", "ratio"),
    ("Thu ngân sách đứng thứ", None, "rank"),
    ("Tổng sản phẩm trong tỉnh (GRDP): +", "%", "growth"),
    ("Thu ngân sách đạt", "billion VND", None),                        # no kind word: read as a level
])
def test_claims(words, unit, claim):
    assert cm.claim_for(fold(words), unit) == claim


# --- a concept is a claim that must fit

@pytest.mark.parametrize(("name", "unit", "claim", "code"), [
    ("Tỷ lệ hộ nghèo giảm còn", "%", "level", "poverty_rate"),
    ("Tỷ lệ hộ nghèo giảm", "%", "growth", "poverty_rate_reduction"),     # a rate's fall is its reduction
    ("Thu nhập bình quân đầu người", "million VND/person/year", None, "per_capita_income"),
    ("GRDP bình quân đầu người", "million VND", None, "grdp_per_capita"),  # per head: the words say so
    ("GRDP bình quân đầu người", "USD", None, "grdp_per_capita_usd"),      # a currency is a unit family
    ("Khu vực công nghiệp - xây dựng", "%", "growth", "grdp_growth_industry_construction"),
    ("Khu vực công nghiệp - xây dựng", "%", "share", "grdp_structure_sector_2"),
    ("Khu vực công nghiệp - xây dựng", "billion VND", None, "grdp_industry_construction_current_prices"),
    ("Khu vực công nghiệp - xây dựng (giá so sánh 2010)", "billion VND", None,
     "gva_industry_construction_constant_prices"),
    ("Chỉ số sản xuất công nghiệp ước tính là", "%", None, "industrial_production_index_growth"),
    ("Kim ngạch xuất khẩu", "USD million", None, "export_value"),
    ("Kim ngạch xuất khẩu", "%", "growth", "export_value_growth"),
    ("Có 03 xã đạt chuẩn nông thôn mới nâng cao", "communes", None, "advanced_new_rural_communes"),
    ("Xã đạt chuẩn nông thôn mới nâng cao", "%", "rate", "advanced_new_rural_communes_rate"),
    ("ty 1€ ho dan nong thon st dung nude sinh hoat hgp vé€ sinh", "%", "rate", "rural_hygienic_water_rate"),
    ("Tỷ lệ trudong hoc dat chuan qudc gia", "%", "rate", "national_standard_schools_rate"),   # OCR repaired
    ("Tong von dau tw phat trien toan xa hoi", "billion VND", None, "development_investment_total"),
])
def test_a_name_its_unit_and_its_claim_fit_one_concept(name, unit, claim, code):
    found = cm.fit(fold(name), unit, claim)
    assert found.concept is not None and found.concept.code == code, found.why
    assert 0 < found.confidence <= 1


@pytest.mark.parametrize(("name", "unit", "claim", "why"), [
    ("Khu vực công nghiệp - xây dựng", "%", "growth", None),          # fits: the control row
    ("Xây dựng", "billion VND", None, "not new_rural_districts"),     # never a count of districts
    ("Thu nhập bình quân đầu người", "%", "level", "no fit"),          # a % is no income
    ("Kim ngạch xuất khẩu", "billion VND", None, "no fit"),            # VND is not the USD family
    ("Thu ngân sách", None, "rank", "rank"),                           # a rank is never a value
    ("Số km đường giao thông được bê tông hóa", "km", None, "no fit"),   # a length is no share of roads
])
def test_a_concept_that_does_not_fit_is_none_and_says_why(name, unit, claim, why):
    found = cm.fit(fold(name), unit, claim)
    if why is None:
        assert found.concept is not None
    elif why == "not new_rural_districts":
        assert found.concept is None or found.concept.code != "new_rural_districts"
    else:
        assert found.concept is None and found.why, found
        assert why != "rank" or "rank" in found.why


@pytest.mark.parametrize(("code", "value", "fits"), [
    ("poverty_rate", 0.0, True), ("poverty_rate", 101.0, False),              # a rate: 0..100
    ("enrolment_rate_kindergarten", 104.0, True),                             # value_max 200
    ("per_capita_income", 0.0, False), ("per_capita_income", 72.0, True),     # a level: above 0
    ("new_rural_communes", 0.0, True), ("new_rural_communes", -1.0, False),    # a count: 0 or more
    ("grdp_growth", -4.2, True), ("grdp_growth", -120.0, False),             # a growth: -100 or more
    ("grdp_structure_sector_1_change", -8.17, True),                          # a change: any sign
])
def test_each_kind_has_its_range(code, value, fits):
    assert concepts_by_code()[code].in_range(value) is fits


# --- units

@pytest.mark.parametrize(("printed", "unit"), [
    ("1.600 Tr.USD", "USD million"), ("930 triệu USD", "USD million"), ("1,6 tỷ USD", "USD billion"),
    ("129 nghìn tỷ đồng", "thousand billion VND"), ("từ 350 nghìn tỷ", "thousand billion VND"),
    ("2.591 USD", "USD"), ("3.259 USD/người", "USD/person"), ("117.668 Tỷ đ", "billion VND"),
    ("96,3 Tr.đồng", "million VND"), ("3,8 triệu đồng/người/tháng", "million VND/person/month"),
    ("2,1 triệu lượt khách", "million arrivals"), ("1.900 nghìn lượt", "thousand arrivals"),
    ("5,76%/năm", "%/year"), ("12 tỷ đô", None), ("40 trường", "schools"), ("12 trường hợp", None),
    ("2025\nHà Nội", None), ("1.200 ha lúa", "ha"), ("148 giấy phép xây dựng", "permits"),
    ("14 vụ tai nạn", "cases"), ("3 vụ lúa", None),
])
def test_units_read(printed, unit):
    key = fold(printed)
    number = re.match(r"\D*[\d.,]+", key)
    assert unit_at(key, number.end())[0] == unit


@pytest.mark.parametrize(("unit", "to", "expected"), [
    ("USD billion", "USD million", 1000), ("USD", "USD million", 1e-6), ("USD thousand", "USD million", 0.001),
    ("thousand billion VND", "billion VND", 1000), ("billion VND", "thousand billion VND", 0.001),
    ("million VND", "billion VND", 0.001), ("million VND", "million VND/person/year", 1),
    ("million VND/person/month", "million VND/person/year", 12), ("%/year", "%", 1),
    ("% of previous year", "times", 0.01), ("thousand arrivals", "million arrivals", 0.001),
    ("USD billion", "USD/person", None), ("%", "billion VND", None), ("billion VND", "districts", None),
])
def test_units_convert_within_a_dimension(unit, to, expected):
    got = factor(unit, to)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_every_unit_of_a_concept_has_a_base():
    assert all(base_of(c.unit)[0] for c in load_concepts())


# --- the five cases of the issue, fragment in, concept (or none) out

def test_sector_growth_rates_in_a_table_are_growths_not_shares(extracted):
    rows = extracted["sector_growth_table"]
    assert _record(rows, actual=10.82).concept == "grdp_growth_industry_construction"
    assert _record(rows, actual=4.65).concept == "grdp_growth_services"
    assert _record(rows, actual=25.46).concept == "grdp_structure_sector_2"   # the structure rows stay shares
    construction = _record(rows, actual=1131.0)
    assert construction.concept == "grdp_construction_constant_prices" and construction.unit == "billion VND"


def test_a_rank_is_never_a_value(extracted):
    rows = extracted["rank_words_exports"]
    assert not [r for r in rows if r.concept and r.line == 3 and r.actual in (2.0, 12.0)]
    assert _record(rows, line=3, actual=500.0).concept == "budget_revenue"
    assert cm.fit(fold("Thu ngân sách đạt 500 tỷ đồng, đứng thứ"), None, cm.claim_of(fold("đứng thứ"))).concept is None


def test_no_poor_households_left_is_a_poverty_rate_of_zero(extracted):
    target = _record(extracted["rank_words_exports"], section="targets_next")
    assert (target.concept, target.target) == ("poverty_rate", 0.0)


def test_exports_in_tr_usd_scale_to_the_codebooks_unit(extracted):
    import polars as pl

    from chitieu.frames.build import INDICATORS_SCHEMA, indicator_rows, with_base_units

    rows = extracted["rank_words_exports"]
    exports = _record(rows, concept="export_value")
    assert (exports.unit, exports.actual) == ("USD million", 1600.0)
    frame = with_base_units(pl.DataFrame(indicator_rows(rows), schema=INDICATORS_SCHEMA, strict=False))
    based = dict(zip(frame["concept"], zip(frame["unit_base"], frame["value_base"], strict=True), strict=True))
    assert based["export_value"] == ("USD million", 1600.0)
    assert based["import_value"] == ("USD million", 1200.0), "1,2 tỷ USD in the codebook's USD million"


def test_a_record_no_concept_fits_says_why(extracted):
    rows = [r for rows in extracted.values() for r in rows]
    assert all((r.concept is None) == (r.concept_note is not None) for r in rows)


# --- names and values in order, a table's own words: fragment in (clean and OCR-damaged), {value: concept} out

PAIRED = {
    # names listed in the order of their values, cut by dashes after a colon
    "names_after_a_colon_in_the_values_order": (
        ("Năm 2023, GRDP bình quân đầu người đạt 172 triệu đồng; cơ cấu kinh tế: công nghiệp - dịch vụ - nông "
        "nghiệp - thuế sản phẩm trừ trợ cấp sản phẩm với tỷ trọng tương ứng 66,17% - 23,83% - 2,62% - 7,38%.\n"),
        {172.0: "grdp_per_capita", 66.17: "grdp_structure_sector_2", 23.83: "grdp_structure_sector_3",
         2.62: "grdp_structure_sector_1", 7.38: "grdp_structure_product_taxes"}),
    # ... cut by semicolons, the dashes inside one name
    "names_cut_by_semicolons": (
        ("Năm 2024, tỷ trọng nông - lâm - thủy sản; công nghiệp - xây dựng; dịch vụ trong GRDP ước đạt 19,5% - "
        "44,8% - 31,2%.\n"),
        {19.5: "grdp_structure_sector_1", 44.8: "grdp_structure_sector_2", 31.2: "grdp_structure_sector_3"}),
    # 'số xã' (folded 'so xa') after a % is what the share counts, not 'so với': no ratio of the previous year
    "a_share_of_the_communes": (
        "Báo cáo năm 2023\n\nNăm 2023, có 43% số xã đạt chuẩn nông thôn mới.\n",
        {43.0: "new_rural_commune_rate"}),
    # a cell that prints its own unit keeps it under a table's 'Đơn vị tính: tỷ đồng'
    "a_cell_keeps_the_unit_it_prints": (
        ("Biểu 1. Kết quả thực hiện các chỉ tiêu năm 2023\n\nĐơn vị tính: tỷ đồng\n\n"
        "| STT | Chỉ tiêu | Kế hoạch 2023 | Thực hiện 2023 |\n| 1 | Tổng thu ngân sách | 1.200 | 1.350 |\n"
        "| 2 | Gia đình văn hóa | 90% | 94% |\n"),
        {1350.0: "budget_revenue", 94.0: "cultural_family_rate"}),
    # two names joined by 'và', their values 'lần lượt' in the same order
    "two_names_joined_by_va": (
        ("Báo cáo năm 2024\n\nĐến năm 2024, tỷ lệ huy động trẻ em trong độ tuổi đến nhà trẻ và mẫu giáo lần lượt "
         "đạt 40% và 97%.\n"),
        {40.0: "enrolment_rate_nursery", 97.0: "enrolment_rate_kindergarten"}),
    # a clause after ';' that names its own value borrows no name from the clause before it
    "a_clause_that_names_its_value_borrows_none": (
        ("Báo cáo năm 2024\n\nNăm 2024, tỷ lệ che phủ rừng đạt 41%; tỷ lệ hộ nuôi ong đạt 75%; thu ngân sách đạt "
         "1.500 tỷ đồng; tăng 8%.\n"),
        {41.0: "forest_cover_rate", 75.0: None, 1500.0: "budget_revenue", 8.0: "budget_revenue_growth"}),
    # words in brackets qualify a name, they do not name the value
    "a_bracket_qualifies_its_name": (
        "Báo cáo năm 2024\n\nNăm 2024, tỷ lệ che phủ rừng (kể cả cây công nghiệp lâu năm) đạt 33,5%.\n",
        {33.5: "forest_cover_rate"}),
    # after a list's 'và' the second value's name follows it
    "the_second_value_of_a_list_named_after_it": (
        ("Báo cáo năm 2024\n\nNăm 2024, huyện có thêm 3 xã đạt chuẩn nông thôn mới nâng cao và 2 xã đạt chuẩn "
         "nông thôn mới kiểu mẫu.\n"),
        {3.0: "advanced_new_rural_communes_added", 2.0: "model_new_rural_communes"}),
    # a count of schools beside their share: its own unit, the count's concept
    "a_count_of_schools_beside_their_share": (
        "Báo cáo năm 2024\n\nNăm 2024, tỷ lệ trường đạt chuẩn quốc gia đạt 61,5% (40/65 trường).\n",
        {61.5: "national_standard_schools_rate", 40.0: "national_standard_schools"}),
    # a list of names cut by dashes across a line break
    "names_cut_by_dashes_across_a_line": (
        ("Báo cáo năm 2024\n\nNăm 2024, cơ cấu kinh tế nông, lâm, thủy sản - công nghiệp, xây dựng -\n"
         "dịch vụ lần lượt là 18%, 35% và 47%.\n"),
        {18.0: "grdp_structure_sector_1", 35.0: "grdp_structure_sector_2", 47.0: "grdp_structure_sector_3"}),
    # 'trong đó' opens a part of the whole, named after its value
    "a_part_named_after_trong_do": (
        ("Báo cáo năm 2024\n\nĐến năm 2024, có 70% số xã đạt chuẩn nông thôn mới, trong đó 6 xã đạt chuẩn "
         "nông thôn mới nâng cao.\n"),
        {70.0: "new_rural_commune_rate", 6.0: "advanced_new_rural_communes"}),
    # words before 'hiện có' that name the value keep it; what follows after a comma is another's
    "named_before_hien_co": (
        ("Báo cáo năm 2024\n\nDiện tích cây ăn trái hiện có 2.310 ha, trong đó chuyển đổi mới trong năm 45 ha "
         "từ đất lúa.\n"),
        {2310.0: "other_crops_sown_area", 45.0: "crop_conversion_area"}),
    # a list after a colon takes the measure the words before the colon name ('giá trị sản xuất')
    "a_list_after_a_colon_takes_its_measure": (
        ("Báo cáo chính trị\n\nNgày 15/7/2020\n\nGiá trị sản xuất các ngành tăng bình quân giai đoạn 2015 - 2020: "
         "dịch vụ tăng 14,2%/năm; công nghiệp - xây dựng tăng 11,5%/năm; nông nghiệp tăng 4,1%/năm.\n"),
        {14.2: "production_value_growth_services", 11.5: "production_value_growth_industry_construction",
         4.1: "production_value_growth_agriculture"}),
    # capital spent from the state budget is investment, not budget revenue
    "investment_from_the_budget_is_no_revenue": (
        "Báo cáo năm 2024\n\nNăm 2024, vốn đầu tư thực hiện từ nguồn ngân sách nhà nước đạt 1.250 tỷ đồng.\n",
        {1250.0: "public_investment_capital"}),
}


@pytest.mark.parametrize("damaged", [False, True], ids=["clean", "ocr"])
@pytest.mark.parametrize("name", sorted(PAIRED))
def test_each_value_of_a_list_takes_its_own_name(name, damaged):
    from fragments import ocr_damage, read

    text, expected = PAIRED[name]
    _, records = read(ocr_damage(text) if damaged else text)
    assert {r.actual: r.concept for r in records if r.actual is not None} == expected


@pytest.mark.parametrize("damaged", [False, True], ids=["clean", "ocr"])
def test_a_table_title_names_the_price_basis_of_its_columns(damaged):
    from fragments import ocr_damage, read

    text = ("Tổng sản phẩm trên địa bàn theo giá so sánh 2010 phân theo khu vực kinh tế\n\n"
            "Cột: Tổng số | Nông, lâm nghiệp và thủy sản | Công nghiệp và xây dựng | Dịch vụ\n\nTriệu đồng\n\n"
            "2021 27.065.153 4.647.597 13.405.944 7.439.709\n2022 29.604.453 4.862.977 15.247.715 7.987.638\n")
    _, records = read(ocr_damage(text) if damaged else text)
    assert [r.concept for r in records if r.concept] == [
        "gva_agriculture_constant_prices", "gva_industry_construction_constant_prices", "gva_services_constant_prices"]
