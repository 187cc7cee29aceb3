"""Hand-written table fragments of the constructions local governments print, each in a clean and an
OCR-damaged copy (`<name>_ocr.txt`: diacritics lost, Đ read as P, 'Tỷ lệ' as 'Ty 1¢'), with the exact table
records it must yield (issue 26). The fragments are in tests/fixtures/tables/; `make bench` reads them too."""

from pathlib import Path

import pytest

from chitieu.extract.document import extract_file

TABLES = Path(__file__).parent / "fixtures" / "tables"
FIELDS = ("key", "line", "unit", "section", "target", "target_low", "target_high", "target_op", "actual",
          "actual_year", "actual_kind", "achievement_pct", "status", "series")


def R(key, line, unit, **kw):
    """One expected table record: the fields not named are null (a plain target's operator is '=')."""
    rec = dict.fromkeys(FIELDS)
    rec.update(key=key, line=line, unit=unit, **{"section": "results", **kw})
    if rec["target"] is not None and rec["target_op"] is None:
        rec["target_op"] = "="
    return rec


EXPECTED = {
    # a plan dated March 2025: columns headed by a later year alone ('Năm 2026 | Năm 2030') are its targets
    "aligned_plan_year_columns": [
        R('tn1', 6, '%', section="targets_next", target=62), R('tn1~2', 6, '%', section="targets_next", target=70),
        R('tn2', 7, '%', section="targets_next", target=78), R('tn2~2', 7, '%', section="targets_next", target=85),
        R('tn3', 8, 'doctors/10,000 people', section="targets_next", target=14),
        R('tn3~2', 8, 'doctors/10,000 people', section="targets_next", target=19),
    ],
    # aligned rows under bare year columns (series only, no actual); a count of targets met ('18/22') is no record
    "aligned_count_row": [
        R('t1', 5, '%', series={'2021': 6.1, '2022': 7.3, '2023': 6.8}),
        R('t2', 6, 'billion VND', series={'2021': 8100, '2022': 8950, '2023': 9320}),
    ],
    # aligned rows with empty cells: each value placed under its column by position (clean); OCR'd '|' rows, one rule lost
    "aligned_empty_cells": [
        R('t1', 5, 'billion VND', actual=50201.9, actual_year=2023, actual_kind='estimate', series={'2022': 46065, '2023': 50201.9}),
        R('t2', 6, 'billion VND', target=12900, actual=13104, actual_year=2023, actual_kind='estimate', achievement_pct=101.6, series={'2022': 12350, '2023': 13104}),
        R('t3', 7, '%', target=2.5, actual=2.2, actual_year=2023, actual_kind='estimate'),
        R('t4', 8, 'communes', target=58, actual=58, actual_year=2023, actual_kind='estimate', achievement_pct=100, series={'2022': 52, '2023': 58}),
    ],
    # a 'Ghi chú:' block of dash-led lines under an aligned table: notes, not rows
    "aligned_notes_block": [
        R('t1', 5, 'billion VND', target=3650, actual=3820, actual_year=2023, actual_kind='estimate'),
        R('t2', 6, '%', target=3.5, actual=3.1, actual_year=2023, actual_kind='estimate'),
        R('t3', 7, '%', target=50, actual=50.2, actual_year=2023, actual_kind='estimate'),
    ],
    # a lower-case unit printed into the label ('... có hạt tấn'): the unit, not the name
    "aligned_unit_in_label": [
        R('t1', 5, 'tonnes', target=265000, actual=268400, actual_year=2023, actual_kind='actual'),
        R('t2', 6, 'ha', target=4500, actual=4720, actual_year=2023, actual_kind='actual'),
        R('t3', 7, 'billion VND', target=2100, actual=2264, actual_year=2023, actual_kind='actual'),
    ],
    # one cell per line: row 2 drops its result cell (its verdict lands there), row 3's result is a sentence; the next number re-synchronises and the rows after it are kept
    "cpl_columns_drift": [
        R('t1', 14, '%', target=7, actual=7.2, actual_year=2023, actual_kind='estimate', status='vuot'),
        R('t2', 19, 'million VND', target=52.5, status='chua_dat'),
        R('t3', 25, '%', target=60, actual=61.3, actual_year=2023, actual_kind='estimate', status='vuot'),
        R('t4', 31, 'communes', target=10, actual=11, actual_year=2023, actual_kind='estimate', status='vuot'),
    ],
    # a 'Vượt so KH (%)' column holds the excess: the % of plan is 100 + X
    "cpl_excess_over_plan": [
        R('t1', 15, 'billion VND', target=140000, actual=152600, actual_year=2024, actual_kind='estimate', achievement_pct=109),
        R('t1.growth', 16, '%', actual=6.2, actual_year=2024, actual_kind='estimate'),
        R('t2', 22, 'USD million', target=2400, actual=2580, actual_year=2024, actual_kind='estimate', achievement_pct=107.5),
        R('t2.growth', 23, '%', actual=4.1, actual_year=2024, actual_kind='estimate'),
        R('t3', 29, '%', target=7, actual=7.4, actual_year=2024, actual_kind='estimate', achievement_pct=105.7),
    ],
    # a header without STT / 'Chỉ tiêu', under 'Đơn vị tính: ha': 'cùng kỳ năm trước' is the year before
    "cpl_header_without_stt": [
        R('t1', 11, 'ha', actual=46875.5, actual_year=2024, actual_kind='actual', series={'2023': 45210, '2024': 46875.5}),
        R('t1.vs_prev', 12, '% of previous year', actual=103.68, actual_year=2024, actual_kind='actual'),
        R('t2', 15, 'ha', actual=17950, actual_year=2024, actual_kind='actual', series={'2023': 18300, '2024': 17950}),
        R('t2.vs_prev', 16, '% of previous year', actual=98.09, actual_year=2024, actual_kind='actual'),
        R('t3', 19, 'ha', actual=9840, actual_year=2024, actual_kind='actual', series={'2023': 9120.5, '2024': 9840}),
        R('t3.vs_prev', 20, '% of previous year', actual=107.89, actual_year=2024, actual_kind='actual'),
    ],
    # 'Trong đó:' in a cell of its own leads in the sub-rows below it
    "cpl_lead_in_cell": [
        R('t1', 13, 'billion VND', target=28000, actual=29450, actual_year=2023, actual_kind='estimate'),
        R('t1.1', 18, 'billion VND', target=6500, actual=6120, actual_year=2023, actual_kind='estimate'),
        R('t1.2', 22, 'USD million', target=150, actual=182, actual_year=2023, actual_kind='estimate'),
        R('t2', 27, '%', target=2.5, actual=2.1, actual_year=2023, actual_kind='estimate'),
    ],
    # an empty spacer column between 'Chỉ tiêu' and 'ĐVT'
    "cpl_spacer_column": [
        R('t1', 16, 'billion VND', target=3150, actual=3402, actual_year=2023, actual_kind='actual', achievement_pct=108),
        R('t2', 23, 'tonnes', target=182000, actual=185600, actual_year=2023, actual_kind='actual', achievement_pct=102),
    ],
    # two sub-rows stacked under one row number ('- Nam' / '- Nữ'), their values one a line in each cell
    "cpl_stacked_sub_rows": [
        R('t1.1', 16, 'people', target=9000, actual=9350, actual_year=2023, actual_kind='actual'),
        R('t1.2', 17, 'people', target=5000, actual=5420, actual_year=2023, actual_kind='actual'),
        R('t2', 22, '%', target=70, actual=71.5, actual_year=2023, actual_kind='actual'),
    ],
    # two values in one cell ('3,2% (còn 21,5%)'): the second, in brackets, a record of its own
    "cpl_two_values_in_cell": [
        R('t1', 13, '%', target=3, actual=3.2, actual_year=2023, actual_kind='estimate'),
        R('t1.inner', 13, '%', actual=21.5, actual_year=2023, actual_kind='estimate'),
        R('t2', 18, '%', target=43, actual=43.2, actual_year=2023, actual_kind='estimate'),
    ],
    # verdict words opening the 'Ghi chú' cells ('Vượt kế hoạch', 'Không đạt, do ...'); 'Gần 102% kế hoạch' is none
    "cpl_verdicts_in_notes": [
        R('t1', 14, 'billion VND', target=4200, actual=4515, actual_year=2023, actual_kind='estimate', status='vuot'),
        R('t2', 20, '%', target=1.5, actual=1.6, actual_year=2023, actual_kind='estimate', status='dat'),
        R('t3', 26, 'enterprises', target=500, actual=430, actual_year=2023, actual_kind='estimate', status='chua_dat'),
        R('t4', 32, 'billion VND', target=60000, actual=61200, actual_year=2023, actual_kind='estimate'),
    ],
    # Markdown '|' rows as legal-text portals print them, a '|---|' rule under the header
    "pipe_rows_markdown": [
        R('t1', 6, '%', target=8, actual=8.2, actual_year=2023, actual_kind='actual', status='vuot'),
        R('t2', 7, 'million VND', target=95, actual=93.4, actual_year=2023, actual_kind='actual', status='chua_dat'),
        R('t3', 8, '%', target=80, actual=80.1, actual_year=2023, actual_kind='actual', status='dat'),
    ],
    # '|' rows whose cells wrap onto a second line ('khoảng' / '7 - 7,5', '(GRDP)'), a group row's sub-rows
    "pipe_rows_multiline_cells": [
        R('t1', 7, '%', target_low=7, target_high=7.5, target_op='range', actual=6.8, actual_year=2023, actual_kind='estimate', status='chua_dat'),
        R('t2', 9, 'billion VND', target=45000, actual=46300, actual_year=2023, actual_kind='estimate', status='vuot'),
        R('t3.1', 12, '%', target=42, actual=42.6, actual_year=2023, actual_kind='estimate', status='dat'),
        R('t3.2', 13, '%', target=38, actual=37.1, actual_year=2023, actual_kind='estimate', status='chua_dat'),
    ],
    # '- Nam - Nữ' stacked in one '|' cell beside cells holding two numbers each
    "pipe_stacked_in_cell": [
        R('t1.1', 6, '%', target=98, actual=98.4, actual_year=2023, actual_kind='actual'),
        R('t1.2', 6, '%', target=97, actual=97.2, actual_year=2023, actual_kind='actual'),
        R('t2', 7, 'billion VND', target=1200, actual=1260, actual_year=2023, actual_kind='actual'),
    ],
    # one row per line, '.' as the decimal point (',' between thousands), no TT column, a label wrapped onto a second line; a '%' row whose only value is its change
    "rows_point_decimal": [
        R('t1', 5, 'billion VND', actual=25130.5, actual_year=2024, actual_kind='actual'),
        R('t1.vs_prev', 5, '% of previous year', actual=107.2, actual_year=2024, actual_kind='actual'),
        R('t2', 6, 'thousand tonnes', actual=412.3, actual_year=2024, actual_kind='actual'),
        R('t2.vs_prev', 6, '% of previous year', actual=101.5, actual_year=2024, actual_kind='actual'),
        R('t3', 7, '%', actual=108.9, actual_year=2024, actual_kind='actual'),
        R('t4', 9, 'billion VND', actual=30211.8, actual_year=2024, actual_kind='actual'),
        R('t4.vs_prev', 9, '% of previous year', actual=112.4, actual_year=2024, actual_kind='actual'),
        R('t5', 10, 'billion VND', actual=4852, actual_year=2024, actual_kind='actual'),
        R('t5.vs_prev', 10, '% of previous year', actual=95.6, actual_year=2024, actual_kind='actual'),
    ],
    # years as rows, the indicators named in a header line that starts with 'Năm'
    "years_as_rows_header": [
        R('t1', 5, 'billion VND', series={'2019': 75210, '2020': 78950, '2021': 83600, '2022': 92130, '2023': 97400}),
        R('t2', 5, '%', series={'2019': 8.1, '2020': 5, '2021': 5.9, '2022': 10.2, '2023': 5.7}),
        R('t3', 5, 'billion VND', series={'2019': 12400, '2020': 13100, '2021': 14800, '2022': 16200, '2023': 17050}),
    ],
    # a column headed 'NQ' is the target, a verdict word is placed from its column's left edge, and the page
    # header and prose after one blank line end the table
    "aligned_resolution_column_and_verdicts": [
        R('t1', 8, 'billion VND', target=45, target_op='>=', actual=49.6, actual_year=2023, actual_kind='estimate',
          status='vuot', series={'2021': 41.2, '2022': 45.8, '2023': 49.6}),
        R('t2', 9, '%', target=0.5, target_op='<', actual=0.28, actual_year=2023, actual_kind='estimate',
          status='dat', series={'2021': 0.62, '2022': 0.41, '2023': 0.28}),
        R('t3', 10, '%', target=95, actual=93.0, actual_year=2023, actual_kind='estimate', status='kho_dat',
          series={'2021': 92.1, '2022': 92.8, '2023': 93.0}),
    ],
    # no TT column, the label column empty in the header, quarters for columns: the latest quarter is the result
    # (a quarter is no year's value: no series), the change column its growth
    "aligned_quarters_without_index": [
        R('t1', 8, 'USD million', actual=6935, actual_year=2024, actual_kind='estimate'),
        R('t1.growth', 8, '%', actual=19.16, actual_year=2024, actual_kind='estimate'),
        R('t2', 9, 'billion VND', actual=1876, actual_year=2024, actual_kind='estimate'),
        R('t2.growth', 9, '%', actual=-10.88, actual_year=2024, actual_kind='estimate'),
    ],
    # a header that opens with 'Chỉ tiêu' (no TT) over two lines: its second line names columns ('2024', '6 tháng',
    # '(%)' under 'KH năm', 'Ước TH', 'So KH'), the rows begin where the label stands
    "aligned_label_first_two_line_header": [
        R('t1', 8, 'billion VND', target=406.2, actual=236.4, actual_year=2024, actual_kind='estimate',
          achievement_pct=58.2),
        R('t2', 9, 'ha', target=7800, actual=7820, actual_year=2024, actual_kind='estimate', achievement_pct=100.3),
    ],
    # years as rows, the indicators named in a 'Cột:' legend over two lines, the unit on a line of its own
    "years_as_rows_legend": [
        R('t1', 10, 'billion VND', series={'2019': 21405.3, '2020': 22870.1, '2021': 24120.8}),
        R('t2', 10, 'billion VND', series={'2019': 12310.6, '2020': 12905.2, '2021': 13402.7}),
        R('t3', 10, 'billion VND', series={'2019': 8120.4, '2020': 8890.5, '2021': 9520.3}),
        R('t4', 10, 'billion VND', series={'2019': 974.3, '2020': 1074.4, '2021': 1197.8}),
    ],
}


def _table_records(path: Path) -> list[dict]:
    _, found = extract_file(path)
    return [{f: getattr(ind, f) for f in FIELDS} for ind in found if ind.source == "table"]


@pytest.mark.parametrize("variant", ["", "_ocr"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fragment_yields_its_table_records(name, variant):
    assert _table_records(TABLES / f"{name}{variant}.txt") == EXPECTED[name]


def test_every_fragment_has_its_expected_records():
    assert {p.stem.removesuffix("_ocr") for p in TABLES.glob("*.txt")} == set(EXPECTED)
