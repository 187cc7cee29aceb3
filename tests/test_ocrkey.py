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
