import pytest
from hypothesis import given
from hypothesis import strategies as st

from chitieu.extract.numbers import find_quantities, format_vi, parse_number
from chitieu.reference.ocrkey import fold


@pytest.mark.parametrize("lit,value,repaired", [
    ("4.420", 4420, False), ("20.102,637", 20102.637, False), ("5,76", 5.76, False), ("362.000", 362000, False),
    ("52.463.7", 52463.7, True), ("102:2", 102.2, True), ("0.15", 0.15, True), ("99.50", 99.5, True),
    ("48.155", 48155, False), ("03", 3, False),
])
def test_parse_number(lit, value, repaired):
    n = parse_number(lit)
    assert n.value == pytest.approx(value) and n.repaired is repaired


def _q(text):
    return [(q.value, q.low, q.high, q.op, q.pair_target, q.unit) for q in find_quantities(fold(text))
            if not q.is_year and not q.is_duration]


@pytest.mark.parametrize("text,expected", [
    ("đạt 5,76%/năm", [(5.76, None, None, None, None, "%/year")]),
    ("từ 3 đến 4%", [(None, 3, 4, "range", None, "%")]),
    ("3 - 4%", [(None, 3, 4, "range", None, "%")]),
    ("trên 80%", [(80, None, None, ">", None, "%")]),
    ("dưới 1,5%", [(1.5, None, None, "<", None, "%")]),
    ("ít nhất 97% dân số", [(97, None, None, ">=", None, "%")]),
    ("tối thiểu 50 điểm", [(50, None, None, ">=", None, "points")]),
    ("khoảng 65%", [(65, None, None, "~", None, "%")]),
    ("<2", [(2, None, None, "<", None, None)]),
    ("~65", [(65, None, None, "~", None, None)]),
    ("86/95 triệu đồng/người/năm", [(86, None, None, None, 95, "million VND/person/year")]),
    ("2,2/12%/năm", [(2.2, None, None, None, 12, "%/year")]),
    ("586/555 đảng viên", [(586, None, None, None, 555, "party members")]),
    ("1,5 tỷ USD", [(1.5, None, None, None, None, "USD billion")]),
    ("660 ngàn tỷ đồng", [(660, None, None, None, None, "thousand billion VND")]),
    ("4.420 tỷ đồng", [(4420, None, None, None, None, "billion VND")]),
    ("32,55 giường bệnh/vạn dân", [(32.55, None, None, None, None, "beds/10,000 people")]),
    ("9,08 bác sĩ/10.000 dân", [(9.08, None, None, None, None, "doctors/10,000 people")]),
    ("362.000 tấn", [(362000, None, None, None, None, "tonnes")]),
    ("ngày 22/12/2020", []),
])
def test_quantities(text, expected):
    assert _q(text) == expected


def test_years_are_flagged_not_values():
    qs = find_quantities(fold("giai đoạn 2021-2023 đạt 5%"))
    assert qs[0].is_year and qs[0].high == 2023 and qs[1].value == 5


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_formatted_numbers_parse_back(d):
    value = float(d)
    assert parse_number(format_vi(value, 3)).value == pytest.approx(round(value, 3))


@given(st.text())
def test_arbitrary_text_never_raises(s):
    for lit in s.split():
        parse_number(lit)
    find_quantities(fold(s))
