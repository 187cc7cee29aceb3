"""Segmentation into statements: named cases of layouts, each with the statements (as text) it must give."""

import pytest

from chitieu.extract.statements import find_statements
from chitieu.read.text import Text
from chitieu.reference.ocrkey import fold


def statements(text):
    doc = Text.from_string(text)
    key = fold(doc.text)
    return [(" ".join(doc.text[s.start:s.end].split()), s.number) for s in find_statements(doc, key)]


CASES = {
    "a bracketed plan broken after its colon (a re-wrapped line) is one sentence": (
        "GRDP bình quân đầu người ước đạt 3.900 USD (KH 2023:\n4.100 USD). Thu ngân sách đạt 100 tỷ đồng.",
        [("GRDP bình quân đầu người ước đạt 3.900 USD (KH 2023: 4.100 USD).", None),
         ("Thu ngân sách đạt 100 tỷ đồng.", None)]),
    "a line ending in ':' whose next line goes on with a number is wrapped, not an intro": (
        "Diện tích bắp: 5.068 ha, bằng 98,5% so CK; đậu phộng:\n2.994 ha, bằng 88,1% so CK.",
        [("Diện tích bắp: 5.068 ha, bằng 98,5% so CK; đậu phộng: 2.994 ha, bằng 88,1% so CK.", None)]),
    "an intro line ending in ':' before a capitalised line still stands apart (a heading: context)": (
        "Kết quả cụ thể như sau:\nThu ngân sách đạt 100 tỷ đồng.",
        [("Thu ngân sách đạt 100 tỷ đồng.", None)]),
    "inline numbered items inside a paragraph": (
        "Các chỉ tiêu: (1) GRDP tăng 7%/năm. (2) Cơ cấu kinh tế: nông nghiệp 20%. (3) Thu ngân sách 900 tỷ đồng.",
        [("Các chỉ tiêu:", None), ("GRDP tăng 7%/năm.", 1), ("Cơ cấu kinh tế: nông nghiệp 20%.", 2),
         ("Thu ngân sách 900 tỷ đồng.", 3)]),
    "dot-numbered items after a full stop": (
        "Thu nhập đạt 60 triệu đồng. 3. Tổng sản lượng lương thực đạt 1,2 triệu tấn.",
        [("Thu nhập đạt 60 triệu đồng.", None), ("Tổng sản lượng lương thực đạt 1,2 triệu tấn.", 3)]),
    "letter items": (
        "Mục tiêu đến năm 2030: a) GRDP tăng 8%; b) thu nhập 120 triệu đồng.",
        [("Mục tiêu đến năm 2030:", None), ("GRDP tăng 8%;", None), ("thu nhập 120 triệu đồng.", None)]),
    "bullets at line starts, a wrapped line re-joined": (
        "- Thu ngân sách đạt 4.856 tỷ đồng,\ntăng 10,7%\n+ Khu vực I chiếm 32,86%\n• Dịch vụ tăng 6%",
        [("Thu ngân sách đạt 4.856 tỷ đồng, tăng 10,7%", None), ("Khu vực I chiếm 32,86%", None),
         ("Dịch vụ tăng 6%", None)]),
    "a heading is context, not a statement": (
        "II. CÁC CHỈ TIÊU CHỦ YẾU GIAI ĐOẠN 2020 - 2025\n\n1. Tốc độ tăng trưởng GRDP bình quân 5 năm đạt 6,5-7%.",
        [("Tốc độ tăng trưởng GRDP bình quân 5 năm đạt 6,5-7%.", 1)]),
    "an item's own number does not end a sentence": (
        "1. Tăng trưởng kinh tế từ 7,5% đến 8%.",
        [("Tăng trưởng kinh tế từ 7,5% đến 8%.", 1)]),
    "sentences split where a capital follows a full stop, not at decimal points": (
        "GRDP đạt 110.777 tỷ đồng. Thu ngân sách đạt 4.420 tỷ đồng.",
        [("GRDP đạt 110.777 tỷ đồng.", None), ("Thu ngân sách đạt 4.420 tỷ đồng.", None)]),
    "the source line is not a statement": (
        "SOURCE: https://example.vn/tin-2030\n\nGRDP tăng 5%.",
        [("GRDP tăng 5%.", None)]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_statements(name):
    text, expected = CASES[name]
    assert statements(text) == expected


def test_context_carries_headings_and_intros():
    doc = Text.from_string("Phần thứ hai\nPHƯƠNG HƯỚNG NHIỆM KỲ 2025 - 2030\n\nMột số chỉ tiêu như sau:\n- GRDP tăng 8%")
    sts = find_statements(doc, fold(doc.text))
    last = sts[-1]
    assert any("phuong huong" in c for c in last.context) and last.context[-1].endswith("nhu sau:")
