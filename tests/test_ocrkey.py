import pytest
from hypothesis import given
from hypothesis import strategies as st

from chitieu.reference.ocrkey import compiled, digit_word_spans, fold


def test_fold_keeps_offsets_and_undoes_ocr_symbols():
    s = "Ty 1¢ lao dong c6 vian bang; K& hoach; Đảng"
    k = fold(s)
    assert len(k) == len(s)
    assert k.startswith("ty le lao dong co ")
    assert "ke hoach" in k and k.endswith("dang")


def test_word_confusions_come_from_the_table():
    assert compiled("uoc").search(fold("udc tinh den cuoi nam"))
    assert compiled("vuot").search(fold("viegt 25% chi tiêu"))
    assert compiled("chi tieu").search(fold("chi tidu"))
    assert not compiled("dat").search("dath")


def test_digits_that_spell_words():
    k = fold("khu vuc II 14 16,29%; Ty 18 truong")
    spans = digit_word_spans(k)
    words = {k[a:b] for a, b in spans}
    assert "14" in words and any(w.startswith("ty") for w in words)


@given(st.text())
def test_fold_is_length_preserving(s):
    assert len(fold(s)) == len(s)


@pytest.mark.parametrize(("printed", "key"), [
    ("tăng 6l,3%", "tang 61,3%"),          # an l after a digit, before its separator
    ("6,l triệu lượt", "6,1 trieu luot"),   # after a digit and its separator
    ("khoảng l20 triệu", "khoang 120 trieu"),   # before digits at a word's start
    ("l8,34", "18,34"),
    ("lần 2", "lan 2"),                     # a word's l stays
    ("quý I/2023", "quy i/2023"),           # a Roman numeral stays
    ("1anh đạo", "lanh dao"),               # a digit for a letter inside a word is still a letter
    ("NHIỆM KỲ 2015 - 2O2O", "nhiem ky 2015 - 2020"),   # an O for a zero inside a year
    ("1o ngại", "lo ngai"),                 # ... only there
    ("đạt 1O5,2%", "dat 105,2%"),           # an O between two digits
    ("1.36O ha", "1.360 ha"),               # ... ending a group of three after a separator
    ("còn O,58%", "con 0,58%"),             # ... before a separator and a digit
    ("l.372 tỷ", "1.372 ty"),               # an l before a separator and a digit
    ("I. VỀ KINH TẾ", "i. ve kinh te"),     # a numeral heading stays
])
def test_an_l_touching_a_digit_is_a_one(printed, key):
    assert fold(printed) == key
