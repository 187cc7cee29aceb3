"""Hand-written report fragments unlike the two seeds, with the records they must yield."""

from pathlib import Path

import pytest

from chitieu.extract.document import extract_file

FRAGMENTS = Path(__file__).parent / "fixtures" / "fragments"
FIELDS = ("section", "source", "line", "concept", "unit", "target", "target_low", "target_high", "target_op",
          "actual", "actual_year", "actual_kind", "achievement_pct", "status")


def rec(**kw):
    base = dict.fromkeys(FIELDS)
    base.update(section="results", source="prose")
    base.update(kw)
    return base


EXPECTED = {
    # diacritics intact, '1.' items under a '1.' heading, a bracketed target range
    "province_diacritics_dot_items.txt": [
        rec(line=11, concept="grdp_growth", unit="%/year", target_low=8, target_high=9, target_op="range",
            actual=6.2, actual_year=2023, actual_kind="estimate"),
        rec(line=12, concept="budget_revenue", unit="billion VND", actual=5100, actual_year=2023,
            actual_kind="estimate", achievement_pct=85),
        rec(line=13, concept="forest_cover_rate", unit="%", actual=2.5, actual_year=2023, actual_kind="actual",
            achievement_pct=104, status="vuot"),
        rec(line=14, concept="poverty_rate", unit="%", actual=2.1, actual_year=2023, actual_kind="actual",
            status="chua_dat"),
    ],
    # next-term list: 'từ X% đến Y%', 'trên', 'ít nhất', 'từ ... trở lên', a qualitative item
    "district_next_term_ranges.txt": [
        rec(section="targets_next", line=5, concept="grdp_growth", unit="%", target_low=7.5, target_high=8,
            target_op="range"),
        rec(section="targets_next", line=6, concept="per_capita_income", unit="million VND/person/year",
            target=120, target_op=">"),
        rec(section="targets_next", line=7, concept="trained_labour_rate", unit="%", target=75, target_op=">="),
        rec(section="targets_next", line=8, concept="new_party_members", unit="party members", target=150,
            target_op=">="),
        rec(section="targets_next", line=9, concept="new_rural_districts"),
    ],
    # bullets ending with the document's verdict, an X/Y pair, 'khó đạt'
    "city_bullets_verdicts.txt": [
        rec(line=4, concept="development_investment_total", unit="billion VND", actual=12500, actual_year=2025,
            actual_kind="estimate", status="vuot"),
        rec(line=5, concept="poverty_rate", unit="%", actual=0.5, actual_year=2025, actual_kind="actual",
            status="dat"),
        rec(line=6, concept="new_party_members", unit="party members", target=555, target_op="=", actual=586,
            actual_year=2025, actual_kind="actual", status="vuot"),
        rec(line=7, concept="urbanization_rate", unit="%", actual=60, actual_year=2025, actual_kind="actual",
            status="chua_dat"),
        rec(line=8, concept="per_capita_income", unit="million VND/person/year", target=80, target_op="=",
            actual=70, actual_year=2025, actual_kind="estimate", status="kho_dat"),
    ],
    # an annex table with plan/result/assessment columns and a bound target
    "annex_table_plan_columns.txt": [
        rec(source="table", line=4, concept="forest_cover_rate", unit="%", target=45, target_op="=", actual=46.2,
            actual_year=2025, actual_kind="actual", status="vuot"),
        rec(source="table", line=5, concept="poverty_rate", unit="%", target=3, target_op="<", actual=1.8,
            actual_year=2025, actual_kind="actual", status="dat"),
        rec(source="table", line=6, concept="national_standard_schools_rate", unit="%", target=80, target_op="=",
            actual=72.5, actual_year=2025, actual_kind="actual", status="chua_dat"),
    ],
    # OCR damage of the seed kind, another province: 'là' printed '14', 'vượt' as 'viwot', 'Hằng năm'
    "ocr_damaged_province.txt": [
        rec(line=8, concept="grdp_growth", unit="%/year", actual=6.1, actual_year=2023, actual_kind="estimate",
            achievement_pct=81),
        rec(line=10, concept="trained_labour_rate", unit="%", actual=70, actual_year=2023, actual_kind="estimate",
            achievement_pct=97.2),
        rec(line=10, concept="poverty_rate", unit="%", actual=1.9, actual_year=2023, actual_kind="estimate",
            achievement_pct=105, status="vuot"),
        rec(line=12, concept="party_orgs_good_rate", unit="%", actual=85, actual_kind="actual",
            achievement_pct=100, status="dat"),
    ],
    "no_indicators.txt": [],
    # a commune's resolution: 'a) b) c)' targets inside one paragraph, after an intro ending in ':'
    "commune_inline_letter_targets.txt": [
        rec(section="targets_next", line=4, concept="per_capita_income", unit="million VND/person/year",
            target=95, target_op="="),
        rec(section="targets_next", line=4, concept="poverty_rate", unit="%", target=1, target_op="<"),
        rec(section="targets_next", line=4, concept="health_insurance_coverage", unit="%", target=98,
            target_op=">="),
    ],
    # an annual report that states this year's results and next year's targets in one paragraph, no diacritics
    "annual_interleaved_plan.txt": [
        rec(line=3, concept="grdp_growth", unit="%", target=7, target_op="=", actual=7.1, actual_year=2024,
            actual_kind="estimate"),
        rec(line=3, concept="budget_revenue", unit="billion VND", actual=6200, actual_year=2024,
            actual_kind="estimate", achievement_pct=104),
        rec(section="targets_next", line=3, concept="grdp_growth", unit="%", target=8, target_op="="),
        rec(section="targets_next", line=3, concept="budget_revenue", unit="billion VND", target=6500,
            target_op="="),
    ],
    # '*' bullets of a district's news: % of plan, growth and 'bằng X% so với cùng kỳ', an X/Y count;
    # the date, the delegates and '9 tháng' yield nothing
    "news_bullets_plan_share.txt": [
        rec(line=4, concept="industrial_production_value", unit="billion VND", actual=2350, actual_year=2024,
            actual_kind="actual", achievement_pct=76.5),
        rec(line=4, concept="industrial_production_value_growth", unit="%", actual=9.2, actual_year=2024,
            actual_kind="actual"),   # a growth, not the value
        rec(line=5, concept="development_investment_total", unit="billion VND", actual=1180, actual_year=2024,
            actual_kind="estimate"),
        rec(line=5, unit="% of previous year", actual=93.2, actual_year=2024,
            actual_kind="estimate"),   # vs last year: the codebook's investment ratio is against a term, so none
        rec(line=6, concept="new_rural_communes", unit="communes", target=15, target_op="=", actual=12,
            actual_year=2024, actual_kind="actual"),
    ],
    # a resolution that interleaves the term's results and the next term's targets, sentence by sentence
    "resolution_interleaved_targets.txt": [
        rec(line=3, concept="per_capita_income", unit="million VND", actual=72, actual_year=2025,
            actual_kind="actual", achievement_pct=102.9, status="vuot"),
        rec(section="targets_next", line=3, concept="per_capita_income", unit="million VND", target=110,
            target_op="="),
        rec(line=3, concept="poverty_rate", unit="%", target=1, target_op="<", actual=1.2, actual_year=2025,
            actual_kind="actual", status="chua_dat"),
        rec(section="targets_next", line=3, concept="poverty_rate", unit="%", target=0.5, target_op="<"),
    ],
    # '1)' items at line starts under a title that names the targets; operators in words
    "numbered_paren_operators.txt": [
        rec(section="targets_next", line=2, concept="grdp_growth", unit="%/year", target=9, target_op=">="),
        rec(section="targets_next", line=3, concept="urban_unemployment_rate", unit="%", target=3, target_op="<="),
        rec(section="targets_next", line=4, concept="poverty_rate", unit="%", target=1, target_op="<"),
        rec(section="targets_next", line=5, concept="doctors_per_10k", unit="doctors/10,000 people", target=12,
            target_op=">="),
    ],
    # a mid-term review: a cumulative total (an estimate: its period ends after the report), a name printed
    # after its value, 'khó đạt chỉ tiêu (55%)'
    "midterm_cumulative_verdicts.txt": [
        rec(line=3, concept="budget_revenue", unit="billion VND", actual=12450, actual_year=2023,
            actual_kind="estimate"),
        rec(line=3, concept="national_standard_schools_rate", unit="%", actual=85, actual_year=2023,
            actual_kind="estimate", status="vuot"),
        rec(line=3, concept="urbanization_rate", unit="%", target=55, target_op="=", actual=48, actual_year=2023,
            actual_kind="actual", status="kho_dat"),
    ],
    # news prose: the headline restates a figure; the national figure and the rank yield nothing; a fall is negative
    "news_ranks_national.txt": [
        rec(line=1, concept="grdp_growth", unit="%", actual=6.8, actual_year=2024, actual_kind="actual"),
        rec(line=3, concept="grdp_growth", unit="%", actual=6.8, actual_year=2024, actual_kind="actual"),
        rec(line=3, concept="export_value_growth", unit="%", actual=-3.2, actual_year=2024, actual_kind="actual"),
        rec(line=3, concept="export_value", unit="USD billion", actual=1.85, actual_year=2024, actual_kind="actual"),
    ],
    # a ward's '+' bullets: % of the budget estimate, a 'trong đó' sub-figure, workers, '(KH: 95%)'
    "ward_plus_bullets_subitems.txt": [
        rec(line=4, concept="budget_revenue", unit="billion VND", actual=215.6, actual_year=2024,
            actual_kind="actual", achievement_pct=118),
        rec(line=4, concept="budget_revenue_domestic", unit="billion VND", actual=180.2, actual_year=2024,
            actual_kind="actual"),
        rec(line=5, concept="jobs_created", unit="workers", actual=1250, actual_year=2024, actual_kind="actual",
            achievement_pct=104),
        rec(line=6, concept="cultural_family_rate", unit="%", target=95, target_op="=", actual=96.5,
            actual_year=2024, actual_kind="actual"),
    ],
    # numbers in words: 'có thêm hai xã' (2 communes added), 'gấp đôi' (2 times)
    "numbers_in_words.txt": [
        rec(line=3, concept="new_rural_communes_added", unit="communes", actual=2, actual_year=2024,
            actual_kind="actual"),
        rec(line=3, concept="new_rural_communes", unit="communes", actual=14, actual_year=2024,
            actual_kind="actual"),
        rec(line=3, concept="per_capita_income_ratio_vs_base_year", unit="times", actual=2, actual_year=2024,
            actual_kind="actual"),
    ],
    # OCR'd dot items without diacritics: the plan share belongs to the value, not to its growth; 'viwot'
    "table_free_dot_list_ocr.txt": [
        rec(line=3, concept="production_value", unit="billion VND", actual=18540, actual_year=2024,
            actual_kind="estimate", achievement_pct=101.2),
        rec(line=3, concept="production_value_growth", unit="%", actual=9.1, actual_year=2024,
            actual_kind="estimate"),
        rec(line=4, concept="budget_revenue", unit="billion VND", actual=1320, actual_year=2024,
            actual_kind="actual", achievement_pct=110, status="vuot"),
        rec(line=5, unit="%", actual=9.8, actual_year=2024, actual_kind="actual", status="dat"),
    ],
    # an aligned table (pdftotext -layout) with '% so cùng kỳ' and '% so KH' columns and a unit column
    "table_change_and_plan_columns.txt": [
        rec(source="table", line=5, concept="industrial_production_value", unit="billion VND", actual=4215.6,
            actual_year=2024, actual_kind="estimate", achievement_pct=76.4),
        rec(source="table", line=5, unit="% of previous year", actual=108.2, actual_year=2024,
            actual_kind="estimate"),
        rec(source="table", line=6, concept="budget_revenue", unit="billion VND", actual=312, actual_year=2024,
            actual_kind="estimate", achievement_pct=81),
        rec(source="table", line=6, concept="budget_revenue_ratio", unit="% of previous year", actual=95.1,
            actual_year=2024, actual_kind="estimate"),
        rec(source="table", line=7, concept="new_enterprises", unit="enterprises", actual=86, actual_year=2024,
            actual_kind="estimate", achievement_pct=71.7),
        rec(source="table", line=7, unit="% of previous year", actual=112.5, actual_year=2024,
            actual_kind="estimate"),
    ],
    # a '|' table split over a page break, its header printed again on the next page
    "table_page_break_repeated_header.txt": [
        rec(source="table", line=5, concept="poverty_rate", unit="%", target=1.5, target_op="=", actual=1.2,
            actual_year=2024, actual_kind="estimate", status="vuot"),
        rec(source="table", line=6, concept="health_insurance_coverage", unit="%", target=95, target_op="=",
            actual=94.1, actual_year=2024, actual_kind="estimate", status="chua_dat"),
        rec(source="table", line=12, concept="national_standard_schools_rate", unit="%", target=70, target_op="=",
            actual=72.5, actual_year=2024, actual_kind="estimate", status="vuot"),
    ],
    # one cell per line, a group row whose one verdict cell ('Đạt') speaks for its sub-rows
    "table_group_verdict_cells.txt": [
        rec(source="table", line=17, concept="grdp_structure_sector_1", unit="%", target=22, target_op="=",
            actual=21.5, actual_year=2023, actual_kind="actual", status="dat"),
        rec(source="table", line=23, concept="grdp_structure_sector_2", unit="%", target=38, target_op="=",
            actual=38.9, actual_year=2023, actual_kind="actual", status="dat"),
        rec(source="table", line=29, concept="per_capita_income", unit="million VND", target=68, target_op="=",
            actual=70.2, actual_year=2023, actual_kind="actual", status="vuot"),
    ],
    # no title: a 'Phấn đấu đến năm 2030:' block of targets, then the term's results with '+' sub-items after
    # '- Trong đó:' that share the estimate of the item before them; OCR without diacritics
    "targets_then_results_bullets_ocr.txt": [
        rec(section="targets_next", line=2, concept="grdp_growth", unit="%/year", target=8.5, target_op=">="),
        rec(section="targets_next", line=3, concept="per_capita_income", unit="million VND", target=120,
            target_op=">"),
        rec(section="targets_next", line=4, concept="urbanization_rate", unit="%", target=45, target_op="="),
        rec(line=7, concept="grdp_growth", unit="%/year", actual=7.2, actual_year=2025, actual_kind="estimate",
            achievement_pct=96),
        rec(line=8, concept="per_capita_income", unit="million VND", actual=78, actual_year=2025,
            actual_kind="estimate", status="vuot"),
        rec(line=10, unit="million VND", actual=62, actual_year=2025, actual_kind="estimate"),
        rec(line=11, unit="million VND", actual=95, actual_year=2025, actual_kind="estimate"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fragment_yields_its_records(name):
    _, found = extract_file(FRAGMENTS / name)
    got = [{f: getattr(i, f) for f in FIELDS} for i in found]
    assert got == EXPECTED[name]


def test_every_record_is_grounded_in_the_text():
    from chitieu.read.files import read_text

    for name in EXPECTED:
        doc = read_text(FRAGMENTS / name)
        _, found = extract_file(FRAGMENTS / name)
        for ind in found:
            assert 0 <= ind.char_start < ind.char_end <= len(doc.text)
            assert doc.line_of(ind.char_start) <= ind.line <= ind.line_end
            assert ind.snippet and ind.name_raw is not None


def test_metadata_of_fragments():
    from chitieu.extract.metadata import read_metadata
    from chitieu.read.files import read_text

    m = read_metadata(read_text(FRAGMENTS / "ocr_damaged_province.txt"))
    assert (m.locality, m.level, m.report_kind, m.congress_number, m.term_start, m.term_end, m.date) == (
        "Kiên Giang", "province", "mid-term review", 11, 2020, 2025, "2023-10-05")
    m = read_metadata(read_text(FRAGMENTS / "city_bullets_verdicts.txt"))
    assert (m.locality, m.level, m.parent, m.period_end) == ("Vị Thanh", "city", "Hậu Giang", 2025)
