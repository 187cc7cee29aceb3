"""Table phases as named cases: header words -> column roles, cell streams, rows, records."""

import pytest

from chitieu.extract.tables.aligned import find_grid_tables
from chitieu.extract.tables.cell_per_line import assemble_rows, find_cell_tables, find_header
from chitieu.extract.tables.headers import classify
from chitieu.extract.tables.model import Cell
from chitieu.extract.tables.records import cell_quantity
from chitieu.read.text import Text
from chitieu.reference.ocrkey import fold

HEADER_CASES = {
    "Kế hoạch 2022": ("target", 2022, False),
    "Ước thực hiện 2022": ("result", 2022, True),
    "So sánh KH (%)": ("pct_plan", None, False),
    "So với cùng kỳ (%)": ("change", None, False),
    "Tăng bq 2016-2020 (%)": ("change", 2020, True),     # a period average: an estimate
    "KH 2021 - 2025": ("target", 2025, False),
    "BQ 2021-2023": ("result", 2023, True),
    "Đánh giá": ("verdict", None, False),
    "Panh gia": ("verdict", None, False),         # OCR: Đ read as P
    "PVT": ("unit", None, False),
    "Chỉ tiêu NQ": ("target", None, False),
    "Chỉ tiêu kế hoạch năm 2023": ("label", None, False),
    "STT": ("index", None, False),
    "2021": ("result", 2021, False),
}


@pytest.mark.parametrize("header", sorted(HEADER_CASES))
def test_header_words_decide_the_column(header):
    col = classify(fold(header))
    assert (col.role, col.year, col.estimate) == HEADER_CASES[header]


def _cell(text, line=1):
    return Cell(text, fold(text), line, 0, len(text))


CELL_CASES = {
    "giảm 33,9": (33.9, True),
    "tăng 4,8": (4.8, False),
    "7,5-8": (None, False),     # a range: no single value
    "98 (*)": (98.0, False),
    "": (None, False),
}


@pytest.mark.parametrize("text", sorted(CELL_CASES))
def test_cell_values(text):
    q, falls = cell_quantity(_cell(text))
    value = None if q is None or q.is_range else q.value
    assert (value, falls) == CELL_CASES[text]


def test_cell_per_line_header_and_rows():
    text = "STT\nChỉ tiêu\nĐVT\nKế hoạch 2022\nThực hiện 2022\n1\nThu ngân sách\nTỷ đồng\n100\n120\n2\nTỷ lệ hộ nghèo\n%\n\n1,5\n"
    doc = Text.from_string(text)
    lines = fold(doc.text).split("\n")
    header = find_header(lines, 0)
    assert [c.role for c in header.columns] == ["index", "label", "unit", "target", "result"]
    grid = find_cell_tables(doc, fold(doc.text))[0]
    assert [(r.index.text, r.label.text) for r in grid.rows] == [("1", "Thu ngân sách"), ("2", "Tỷ lệ hộ nghèo")]
    assert grid.rows[1].cells[3].empty and grid.rows[1].cells[4].text == "1,5"


def test_a_row_that_omits_its_number_starts_at_its_label():
    cols = [classify(fold(h)) for h in ("STT", "Chỉ tiêu", "ĐVT", "Thực hiện 2019")]
    cells = [_cell(t) for t in ("1", "Cơ cấu kinh tế", " ", " ", "Dịch vụ", "%", "56")]
    rows = assemble_rows(cells, cols)
    assert [r.label.text for r in rows] == ["Cơ cấu kinh tế", "Dịch vụ"] and rows[1].cells[3].text == "56"


def test_aligned_rows_place_cells_by_their_right_edge():
    text = ("TT  Chi tieu                   DVT       TH     Uoc TH\n"
            "                                        2022     2023\n"
            "1   Tong san pham trong tinh   Ty dong   46.065   50.201,9\n"
            "    Toc do tang truong GRDP    %                  9,41\n")
    doc = Text.from_string(text)
    grid = find_grid_tables(doc, fold(doc.text))[0]
    assert [c.role for c in grid.columns] == ["index", "label", "unit", "result", "result"]
    first, second = grid.rows
    assert first.label.text == "Tong san pham trong tinh" and first.cells[2].text == "Ty dong"
    assert first.cells[3].text == "46.065" and first.cells[4].text == "50.201,9"
    assert second.index is None and 3 not in second.cells and second.cells[4].text == "9,41"


def test_pipe_rows_place_cells_by_their_order_even_out_of_line():
    text = "| TT | Chỉ tiêu | Kế hoạch | Thực hiện |\n|---|---|---|---|\n|1| Tỷ lệ hộ nghèo |2| 1,8 |\n"
    doc = Text.from_string(text)
    grid = find_grid_tables(doc, fold(doc.text))[0]
    row = grid.rows[0]
    assert row.label.text == "Tỷ lệ hộ nghèo" and row.cells[2].text == "2" and row.cells[3].text == "1,8"


MODIFIER_CASES = {   # header -> (role, year, estimate, previous, excess, bare)
    "Thực hiện cùng kỳ năm trước": ("result", None, False, True, False, False),
    "Thực hiện kỳ báo cáo": ("result", None, False, False, False, False),
    "Vượt so KH (%)": ("pct_plan", None, False, False, True, False),
    "Chỉ tiêu Đại hội": ("target", None, False, False, False, False),
    "Năm 2021": ("result", 2021, False, False, False, True),
    "Ước TH 2023": ("result", 2023, True, False, False, False),
}


@pytest.mark.parametrize("header", sorted(MODIFIER_CASES))
def test_header_modifiers(header):
    c = classify(fold(header))
    assert (c.role, c.year, c.estimate, c.previous, c.excess, c.bare) == MODIFIER_CASES[header]


LINE_CASES = {   # line -> (unit over a table, starts a notes block, a lead-in alone)
    "Đơn vị tính: ha": ("ha", False, False),
    "Đơn vị: tỷ đồng": ("billion VND", False, False),
    "Triệu đồng - Mill. dongs": ("million VND", False, False),
    "ĐVT": (None, False, False),
    "Ghi chú:": (None, True, False),
    "Ghi chu: Uoc nam 2023 co 21/23 chi tieu dat": (None, True, False),
    "(*) So với dự toán Trung ương giao": (None, True, False),
    "Nguồn: Cục Thống kê tỉnh": (None, True, False),
    "Nguồn vốn đầu tư công": (None, False, False),
    "Trong đó:": (None, False, True),
    "Trong đó: giá trị sản xuất công nghiệp": (None, False, False),
}


@pytest.mark.parametrize("line", sorted(LINE_CASES))
def test_table_lines(line):
    from chitieu.extract.tables.lines import is_lead_in, starts_notes, table_unit

    key = fold(line)
    assert (table_unit(key), starts_notes(key), is_lead_in(key)) == LINE_CASES[line]


@pytest.mark.parametrize(("label", "unit", "values", "count"), [
    ("Số chỉ tiêu đạt và vượt kế hoạch", "Chỉ tiêu", ["16/24", "25/25"], True),
    ("Số xã đạt chuẩn", "Xã", ["16/24", "25/25"], False),       # X/Y communes: an indicator
    ("Số chỉ tiêu đạt", "Chỉ tiêu", ["16", "18"], False),
])
def test_count_rows(label, unit, values, count):
    from chitieu.extract.tables.lines import is_count_row

    assert is_count_row(fold(label), fold(unit), values) is count


def test_column_years_come_from_the_header_or_the_reviewed_year():
    from chitieu.extract.tables.period import column_year, is_later

    assert column_year(classify(fold("Thực hiện cùng kỳ năm trước")), 2024) == 2023
    assert column_year(classify(fold("Thực hiện kỳ báo cáo")), 2024) == 2024
    assert is_later(classify(fold("KH 2021 - 2025")), 2020) and not is_later(classify(fold("KH 2020")), 2020)


@pytest.mark.parametrize(("cells", "read"), [
    (["25,130.5", "107.2", "412.3"], ["25.130,5", "107,2", "412,3"]),   # a table of '.' decimals: swapped
    (["25.130,5", "107,2", "99.50"], ["25.130,5", "107,2", "99.50"]),   # Vietnamese, one OCR'd point: kept
])
def test_point_decimal_tables(cells, read):
    from chitieu.extract.tables.model import Column, Grid, Row
    from chitieu.extract.tables.prepare import point_decimals

    grid = Grid(1, [Column("label"), Column("result")], [Row(None, _cell("x"), {1: _cell(c)}) for c in cells])
    point_decimals(grid)
    assert [r.cells[1].key for r in grid.rows] == read
