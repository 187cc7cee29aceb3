import codecs
import unicodedata

import pytest

from chitieu.errors import InputError
from chitieu.read.files import read_text
from chitieu.read.text import Text, doc_id_for

VI = "Tỷ lệ hộ nghèo giảm còn 0,88%.\nChỉ tiêu này vượt."


def test_utf8_with_and_without_bom(write_report):
    assert read_text(write_report(VI.encode())).text == VI
    assert read_text(write_report(codecs.BOM_UTF8 + VI.encode())).text == VI


def test_utf16_with_bom(write_report):
    assert read_text(write_report(VI.encode("utf-16"))).text == VI


def test_other_encodings_fail_naming_the_file(write_report):
    path = write_report("hộ nghèo tại Đà Lạt".encode("cp1258", errors="ignore"), name="bad cp1258.txt")
    with pytest.raises(InputError) as err:
        read_text(path)
    assert "bad cp1258.txt" in str(err.value) and "UTF-8" in str(err.value)


@pytest.mark.parametrize("raw,problem", [(b"", "empty"), (b"  \n", "empty"), (b"%PDF-1.7\n\x00\x01", "PDF"),
                                         (b"\x00\x01\x02abc", "NUL")])
def test_unreadable_inputs(write_report, raw, problem):
    with pytest.raises(InputError, match=problem):
        read_text(write_report(raw))


def test_nfc_and_line_ends(write_report):
    nfd = unicodedata.normalize("NFD", VI).replace("\n", "\r\n")
    t = read_text(write_report(nfd.encode()))
    assert t.text == VI
    assert t.line_of(t.text.index("Chỉ")) == 2
    assert t.line_span(2) == (t.text.index("Chỉ"), len(t.text))


def test_doc_id_is_safe():
    assert doc_id_for("data/raw/abc_12.txt") == "abc_12"
    assert doc_id_for('../x/"; import os #.txt') == "import_os"
    assert doc_id_for("Báo cáo Sóc Trăng 'bản 2'.txt") == "Báo_cáo_Sóc_Trăng_bản_2"
    assert "/" not in doc_id_for("../../etc/passwd.txt")
    assert Text.from_string("a\nb").line_of(2) == 2
