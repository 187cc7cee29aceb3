import csv

import pytest

from chitieu.reference.concepts import CONCEPTS_FILE, DIRECTIONS, DOMAINS, match_concept
from conftest import ROOT


def test_taxonomy_is_complete_and_covers_the_gold_codes():
    import json

    from chitieu.evaluate import gold as evaluation

    rows = list(csv.DictReader(CONCEPTS_FILE.read_text(encoding="utf-8").splitlines()))
    codes = {r["code"] for r in rows}
    assert len(codes) == len(rows)
    assert all(r["direction"] in DIRECTIONS and r["domain"] in DOMAINS and r["label_vi"] and r["label_en"]
               for r in rows)
    gold_codes = {g["concept"] for f in evaluation.gold_files(ROOT / "tests" / "fixtures" / "gold")
                  for g in json.loads(f.read_text()) if g["concept"]}
    assert gold_codes <= codes


@pytest.mark.parametrize("name,unit,code", [
    ("Tỷ lệ hộ nghèo giảm còn", "%", "poverty_rate"),
    ("Thu nhập bình quân đầu người", "million VND/person/year", "per_capita_income"),
    ("Tỷ lệ người dân tham gia bảo hiểm y tế", "%", "health_insurance_coverage"),
    ("ty 1€ ho dan nong thon st dung nude sinh hoat hgp vé€ sinh", "%", "rural_hygienic_water_rate"),
    ("Có 03 xã đạt chuẩn nông thôn mới nâng cao", "communes", "advanced_new_rural_communes"),
    ("Xã đạt chuẩn nông thôn mới nâng cao và kiểu mẫu", "%", "advanced_new_rural_communes_rate"),
])
def test_match(name, unit, code):
    concept, conf = match_concept(name, unit)
    assert concept is not None and concept.code == code and conf > 0


def test_unknown_names_stay_unmatched():
    assert match_concept("Số km đường giao thông được bê tông hóa", None)[0] is None
