"""Number roles from cue words: named cases, each a statement and the readings it must give."""

import pytest

from chitieu.extract.roles import read_statement
from chitieu.reference.ocrkey import fold


def readings(text):
    key = fold(text)
    out = []
    for r in read_statement(key, 0, len(key)):
        out.append({
            "value": None if r.q is None else ((r.q.low, r.q.high) if r.q.is_range else
                                               (r.q.value, r.q.pair_target) if r.q.pair_target is not None
                                               else r.q.value),
            "target": None if r.target is None else (r.target.value if not r.target.is_range
                                                     else (r.target.low, r.target.high)),
            "pct": r.achievement, "status": r.status, "negative": r.negative, "ratio": r.ratio,
        })
    return out


def one(value=None, target=None, pct=None, status=None, negative=False, ratio=False):
    return {"value": value, "target": target, "pct": pct, "status": status, "negative": negative, "ratio": ratio}


CASES = {
    "a bracket of targets gives each earlier value the target in its unit":
        (("Sản lượng lúa đạt 1,2 triệu tấn, bình quân tăng 2,5%/năm (Nghị quyết đề ra 1,3 triệu tấn, "
          "bình quân tăng 3%/năm)."), [one(1.2, 1.3), one(2.5, 3)]),
    "a plan word's target goes to the earlier value of its unit, not to the value before it":
        ("Thu ngân sách đạt 950 tỷ đồng, tăng 12%/năm, kế hoạch 900 tỷ đồng", [one(950, 900), one(12)]),
    "a percentage target fits a %/year value":
        ("Tăng trưởng bình quân đạt 6,9%/năm (mục tiêu 7,5-8%)", [one(6.9, (7.5, 8))]),
    "bracketed plan is the target of the value before it":
        ("GRDP bình quân đầu người đạt 63,1 triệu đồng (Kế hoạch năm là 60,2 triệu đồng)", [one(63.1, 60.2)]),
    "share of the plan is an achievement, not a target":
        ("Tổng thu ngân sách đạt 5.100 tỷ đồng, đạt 102% kế hoạch, tăng 15,1% so với cùng kỳ",
         [one(5100, pct=102), one(15.1)]),
    "'vượt X% dự toán' is 100 + X and a verdict":
        ("Thu ngân sách nhà nước ước đạt 18.230 tỷ đồng, vượt 18% dự toán", [one(18230, pct=118, status="vuot")]),
    "'vượt X% so với chỉ tiêu' counts too":
        ("Kinh tế tăng trưởng bình quân đạt 16,16%, vượt 0,48% so chỉ tiêu của Nghị quyết",
         [one(16.16, pct=100.48, status="vuot")]),
    "an X/Y pair is the value against its target":
        ("Thu ngân sách đạt 45.799/36.875 tỷ đồng", [one((45799, 36875))]),
    "a bracketed range after a value is its plan":
        ("GRDP ước tăng 7,02% (kế hoạch đề ra tăng 6-7%)", [one(7.02, (6, 7))]),
    "'mục tiêu:' in brackets":
        ("Tốc độ tăng trưởng đạt 6,2%/năm (mục tiêu: 8 - 9%)", [one(6.2, (8, 9))]),
    "dates, ranks and counts of targets yield nothing":
        ("Ngày 28/12/2023, tỉnh xếp thứ 3/13 và đạt 13/20 chỉ tiêu; hội nghị lần thứ 17 với 349 đại biểu", []),
    "the national figure beside the local one is not the locality's":
        ("Tổng sản phẩm (GRDP): + 5,16% (cả nước +5,05%)", [one(5.16)]),
    "a fall against last year is negative":
        ("Dịch vụ giảm 1,6% so với cùng kỳ", [one(1.6, negative=True)]),
    "a poverty rate's reduction is not a fall of the value":
        ("Tỷ lệ hộ nghèo giảm 1,5%", [one(1.5)]),
    "'gấp X lần' is a ratio":
        ("Quy mô GRDP gấp 1,7 lần so với năm 2020", [one(1.7, ratio=True)]),
    "a printed minus sign":
        ("Vốn đầu tư toàn xã hội: 19.394,07 tỷ đồng, -13,78%", [one(19394.07), one(13.78, negative=True)]),
    "OCR damage: 'viwot' is vượt, 'ké hoach' kế hoạch":
        ("Thu ngan sach dat 4.856 ty dong, viwot 5% ké hoach", [one(4856, pct=105, status="vuot")]),
    "a verdict word after the value in its clause":
        ("Tỷ lệ hộ nghèo còn 2,1%, chưa đạt chỉ tiêu Nghị quyết", [one(2.1, status="chua_dat")]),
    "a verdict before the value it judges":
        ("Thu ngân sách vượt chỉ tiêu với 6.765 tỷ đồng", [one(6765, status="vuot")]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_roles(name):
    text, expected = CASES[name]
    assert readings(text) == expected
