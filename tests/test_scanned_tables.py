"""A ruled appendix table scanned: its grid found with OpenCV, each cell read apart, the values those of its
text-layer twin, each record with its page and its cell's box (issue 26)."""

import pytest

import docbuild
from chitieu.extract.document import extract_file

TITLE = "PHỤ LỤC: KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2023"
ROWS = [["TT", "Chỉ tiêu", "ĐVT", "KH 2023", "TH 2023", "So sánh KH (%)"],
        ["1", "Tốc độ tăng trưởng GRDP", "%", "7,5", "7,82", "104,3"],
        ["2", "GRDP bình quân đầu người", "Triệu đồng", "78,5", "80,12", "102,1"],
        ["3", "Thu ngân sách nhà nước", "Tỷ đồng", "12.500", "13.204", "105,6"],
        ["4", "Kim ngạch xuất khẩu", "Triệu USD", "2.150", "2.236", "104,0"],
        ["5", "Tổng vốn đầu tư toàn xã hội", "Tỷ đồng", "45.000", "46.870", "104,2"],
        ["6", "Tỷ lệ hộ nghèo", "%", "2,8", "2,45", "114,3"],
        ["7", "Tỷ lệ che phủ rừng", "%", "41", "41,3", "100,7"],
        ["8", "Số xã đạt chuẩn nông thôn mới", "Xã", "95", "98", "103,2"],
        ["9", "Tỷ lệ trường đạt chuẩn quốc gia", "%", "72", "73,6", "102,2"],
        ["10", "Số bác sĩ/vạn dân", "Bác sĩ", "10,5", "10,8", "102,9"],
        ["11", "Tỷ lệ lao động qua đào tạo", "%", "70", "71,2", "101,7"],
        ["12", "Doanh nghiệp thành lập mới", "Doanh nghiệp", "1.200", "1.265", "105,4"]]
WIDTHS_MM = [10, 70, 26, 22, 22, 30]
VALUES = ("target", "target_low", "target_high", "actual", "achievement_pct")
PAGE_PX = (2480, 3508)   # A4 at 300 dpi


def _values(found) -> set[tuple]:
    return {(i.key, f, getattr(i, f)) for i in found if i.source == "table" for f in VALUES
            if getattr(i, f) is not None}


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """The table as a born-digital PDF with grid lines, and that PDF rasterised at 300 dpi with mild noise."""
    d = tmp_path_factory.mktemp("ruled")
    layer = docbuild.ruled_table_pdf(TITLE, ROWS, WIDTHS_MM, d / "layer.pdf", right=frozenset({3, 4, 5}))
    scan = docbuild.rasterised(layer, d / "scan.pdf")
    return extract_file(layer)[1], extract_file(scan)[1]


def test_text_layer_twin_gives_every_value(twins):
    layer, _ = twins
    assert len(_values(layer)) == 3 * (len(ROWS) - 1)


def test_scanned_table_gives_the_values_of_its_text_layer_twin(twins):
    layer, scan = twins
    share = len(_values(scan) & _values(layer)) / len(_values(layer))
    assert share >= 0.95, f"the scan gives {share:.0%} of the text layer's values"


def test_each_scanned_record_has_its_page_and_cell_box(twins):
    _, scan = twins
    rows = [i for i in scan if i.source == "table"]
    assert len(rows) == len(ROWS) - 1
    for ind in rows:
        x0, y0, x1, y1 = ind.box
        assert ind.page == 1 and 0 <= x0 < x1 <= PAGE_PX[0] and 0 <= y0 < y1 <= PAGE_PX[1]
    tops = [i.box[1] for i in rows]
    assert tops == sorted(tops) and len({i.box[0] for i in rows}) == 1   # one result column, row under row


def _grid_image(merged_header: bool):
    """A page image of a 4 x 3 ruled grid (the header row's two right cells merged when asked)."""
    import cv2
    import numpy as np

    img = np.full((1200, 1000), 255, np.uint8)
    xs, ys = [100, 300, 600, 900], [200, 300, 400, 500, 600]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 3)
    for k, x in enumerate(xs):
        top = ys[1] if merged_header and k == 2 else ys[0]
        cv2.line(img, (x, top), (x, ys[-1]), 0, 3)
    return img


@pytest.mark.parametrize("merged", [False, True])
def test_ruled_grid_rows_and_cells(merged):
    from chitieu.read.ruled import find_tables

    tables, _ = find_tables(_grid_image(merged))
    assert len(tables) == 1
    widths = [len(r) for r in tables[0].rows]
    assert widths == ([2, 3, 3, 3] if merged else [3, 3, 3, 3])
