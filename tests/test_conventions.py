"""SCHEMA.md's "More conventions" on hand-written fragments, clean and OCR-damaged: counts beside rates, footnotes,
values of earlier years in brackets, 'lần lượt' lists, verdicts closing a list, shares of the plan."""

import pytest

from fragments import ocr_damage, prose, read

FIELDS = ("actual", "target", "achievement_pct", "status", "series", "unit")
HEAD = "Báo cáo kết quả năm 2023\n\n"

CASES = {
    # a count beside a rate is a record of its own, as the rate is
    "count_beside_a_rate": (
        HEAD + "Có 06/06 (100%) phường đạt chuẩn đô thị văn minh.\n",
        [(6.0, 6.0, None, None, None, "wards"), (100.0, None, None, None, None, "%")]),
    # a footnote states a figure again: its numbers are read
    "footnote": (
        HEAD + "! Hiện có 4.638 đảng viên, chiếm tỷ lệ 4,36%/dân số.\n",
        [(4638.0, None, None, None, None, "party members"), (4.36, None, None, None, None, "%")]),
    # an earlier year's value in a bracket after the value is a point of its series, not a record
    "earlier_year_in_brackets": (
        HEAD + "Quy mô GRDP năm 2023 đạt 89.362 tỷ đồng (năm 2015 đạt 60.467 tỷ đồng).\n",
        [(89362.0, None, None, None, {"2015": 60467.0, "2023": 89362.0}, "billion VND")]),
    # 'lần lượt là' gives one earlier value to each of the values before the bracket, in order
    "respectively_in_brackets": (
        HEAD + "Công nghiệp chiếm 64,22%, dịch vụ chiếm 29,2% và nông nghiệp chiếm 6,58% (năm 2021 lần lượt là: "
               "62,82%, 29,43% và 7,76%).\n",
        [(64.22, None, None, None, {"2021": 62.82, "2023": 64.22}, "%"),
         (29.2, None, None, None, {"2021": 29.43, "2023": 29.2}, "%"),
         (6.58, None, None, None, {"2021": 7.76, "2023": 6.58}, "%")]),
    # the last year beside a period's average is another indicator, not the average's series
    "last_year_beside_a_period_average": (
        HEAD + "Tốc độ tăng trưởng bình quân giai đoạn 2011 - 2015 đạt 12,5%/năm (năm 2015 đạt 13,4%).\n",
        [(12.5, None, None, None, None, "%/year"), (13.4, None, None, None, None, "%")]),
    # a verdict closing a list of three or more values of one unit judges each
    "verdict_closes_a_list": (
        HEAD + "Cơ cấu kinh tế năm 2023, khu vực I là 42,5%, khu vực II là 16,29%, khu vực III là 38,14%, cơ bản "
               "đạt chỉ tiêu Nghị quyết.\n",
        [(42.5, None, None, "dat", None, "%"), (16.29, None, None, "dat", None, "%"),
         (38.14, None, None, "dat", None, "%")]),
    # '(đạt 108%)' right after a value is its share of the plan
    "share_of_the_plan_in_brackets": (
        HEAD + "Tổng chi ngân sách nhà nước ước đạt 54.998 tỷ đồng (đạt 108%).\n",
        [(54998.0, None, 108.0, None, None, "billion VND")]),
    # a share of the plan is the value's, not the change's printed between them
    "share_of_the_plan_skips_a_change": (
        HEAD + "Thu ngân sách nhà nước ước đạt 6.346 tỷ đồng, tăng 41%, bằng 81,5% dự toán.\n",
        [(6346.0, None, 81.5, None, None, "billion VND"), (41.0, None, None, None, None, "%")]),
    # shares listed with dashes ('tương ứng 66,17% - 23,83% - ...') are values of a list, not ranges or minus signs
    "dash_list_of_shares": (
        HEAD + "Công nghiệp - dịch vụ - nông nghiệp với tỷ trọng tương ứng 66,17% - 23,83% - 2,62%.\n",
        [(66.17, None, None, None, None, "%"), (23.83, None, None, None, None, "%"),
         (2.62, None, None, None, None, "%")]),
    # a bracket of targets after a list gives them in order; one target goes to the value just before it
    "bracket_of_targets_in_order": (
        HEAD + "Tỷ trọng nông nghiệp; công nghiệp; dịch vụ ước đạt 19,5% - 44,8% - 31% (KH 2023: 18%; 46%; 29%). "
               "GRDP tăng 7%, công nghiệp tăng 9% (KH tăng 8%).\n",
        [(19.5, 18.0, None, None, None, "%"), (44.8, 46.0, None, None, None, "%"), (31.0, 29.0, None, None, None, "%"),
         (7.0, None, None, None, None, "%"), (9.0, 8.0, None, None, None, "%")]),
    # one indicator's results at two years: the latest is the record, the other a point of its series
    "one_indicator_at_two_years": (
        HEAD + "Quy mô kinh tế năm 2022 đạt 116 nghìn tỷ đồng; dự kiến cuối năm 2023 đạt trên 129 nghìn tỷ đồng.\n",
        [(129.0, None, None, None, {"2022": 116.0, "2023": 129.0}, "thousand billion VND")]),
    # a plan's milestones are targets of their own
    "milestones_stay_apart": (
        ("Mục tiêu đến năm 2030\n\n22/02/2024\n\nĐến năm 2025, GRDP bình quân đầu người đạt khoảng 221 triệu "
        "đồng/người và đạt 346 triệu đồng/người vào năm 2030.\n"),
        [(None, 221.0, None, None, None, "million VND/person/year"),
         (None, 346.0, None, None, None, "million VND/person/year")]),
    # a verdict alone after a comma closes the item it follows
    "bare_verdict_after_the_item": (
        HEAD + "8. Tỷ lệ lao động qua đào tạo đạt 78% (Nghị quyết: 75%), vượt.\n\n9. Tỷ lệ che phủ rừng đạt 45% "
               "(Nghị quyết: 45%), đạt.\n",
        [(78.0, 75.0, None, "vuot", None, "%"), (45.0, 45.0, None, "dat", None, "%")]),
    # a count in a bracket of targets is the target of the count before it, not a record of its own
    "count_in_a_bracket_of_targets": (
        HEAD + "5. Có 4/4 trường đạt chuẩn quốc gia (Nghị quyết: 4 trường), đạt.\n",
        [(4.0, 4.0, None, "dat", None, "schools")]),
    # a verdict on a list of plans: each listed plan is judged, a result though no value reached is printed
    "verdict_on_listed_plans": (
        HEAD + "Tuy nhiên, một số chỉ tiêu khó đạt kế hoạch năm, như: tốc độ tăng trưởng kinh tế (kế hoạch 9,5%), "
               "thu ngân sách nhà nước (dự toán giao 9.700 tỷ đồng).\n",
        [(None, 9.5, None, "kho_dat", None, "%"), (None, 9700.0, None, "kho_dat", None, "billion VND")]),
    # the size of a body a congress elects is no count of the party's members
    "members_of_an_elected_body": (
        HEAD + "Đại hội đã bầu Ban Chấp hành Đảng bộ khóa XVIII gồm 50 đồng chí và bầu đoàn đại biểu gồm 13 đồng "
               "chí. Toàn Đảng bộ có 42.000 đảng viên.\n",
        [(42000.0, None, None, None, None, "party members")]),
    # the term's target in a clause of its own after the result, in a mid-term review: the result's target
    "term_target_in_a_clause_of_its_own": (
        ("Báo cáo sơ kết giữa nhiệm kỳ 2020 - 2025\n\nNgày 10/6/2023\n\nGRDP bình quân đầu người năm 2022 đạt "
        "10.850 USD; Nghị quyết đề ra đến năm 2025 đạt 12.000 USD trở lên.\n"),
        [(10850.0, 12000.0, None, None, None, "USD")]),
    # this year's plan in a clause before the year's estimate: the estimate's target
    "plan_clause_before_the_estimate": (
        ("Báo cáo 6 tháng đầu năm 2024\n\nNgày 20/6/2024\n\nKế hoạch năm 2024 sản lượng lương thực 98.500 tấn; "
        "ước cả năm đạt 97.900 tấn.\n"),
        [(97900.0, 98500.0, None, None, None, "tonnes")]),
    # a rate set as a goal 'đạt X% kế hoạch' is the rate's target, no share of the plan reached
    "a_goal_of_a_share_of_the_plan": (
        HEAD + "Năm 2024, phấn đấu tỷ lệ giải ngân vốn đầu tư công đạt 95% kế hoạch vốn được giao.\n",
        [(None, 95.0, None, None, None, "%")]),
    # hamlets and houses are counted
    "hamlets_and_houses": (
        HEAD + "Trong năm có thêm 2 ấp đạt chuẩn khu dân cư kiểu mẫu; đã bàn giao 6 căn nhà đại đoàn kết.\n",
        [(2.0, None, None, None, None, "villages"), (6.0, None, None, None, None, "houses")]),
    # the fall of a rate named earlier in its sentence is a positive reduction
    "a_rates_yearly_fall_is_a_reduction": (
        HEAD + "Tỷ lệ hộ nghèo giảm từ 21,36% năm 2015 xuống còn 6,8% cuối năm 2019, bình quân mỗi năm giảm 2,9%.\n",
        [(6.8, None, None, None, {"2015": 21.36, "2019": 6.8}, "%"), (2.9, None, None, None, None, "%")]),
    # a bracket right after the plan it spells out holds that plan's target
    "bracket_after_the_plan": (
        HEAD + ("Lũy kế 3 năm, thu ngân sách đạt 95,4 tỷ đồng, bằng 79,5% so với chỉ tiêu Nghị quyết Đại hội "
                "(120 tỷ đồng cả nhiệm kỳ). Giảm 130 hộ nghèo, vượt chỉ tiêu Nghị quyết (giảm 100 hộ).\n"),
        [(95.4, 120.0, 79.5, None, None, "billion VND"), (130.0, 100.0, None, "vuot", None, "households")]),
    # a share of the plan printed after the plan and its bracket; the bracket's year dates the plan, not what follows
    "share_after_the_plan_and_its_bracket": (
        HEAD + ("Thu nhập bình quân đầu người ước đạt 71,2 triệu đồng, so với Nghị quyết (đến năm 2025 đạt 80 "
                "triệu đồng) đạt 89%. Số hộ nghèo còn 52 hộ.\n"),
        [(71.2, 80.0, 89.0, None, None, "million VND"), (52.0, None, None, None, None, "households")]),
    # ... but not a % compared with the same period after a share of the plan
    "versus_after_a_share_of_the_plan": (
        HEAD + "Thu ngân sách đạt 2.100 tỷ đồng, hoàn thành 64% so dự toán và bằng 91% so với cùng kỳ.\n",
        [(2100.0, None, 64.0, None, None, "billion VND"), (91.0, None, None, None, None, "% of previous year")]),
    # a road's number is its name, and 'đầu tư hạ tầng' holds no 'tư' (four) hectares
    "road_names_and_investment_words": (
        HEAD + "Tập trung đầu tư hạ tầng giao thông, hoàn thành đường Vành đai 3 và nâng cấp Quốc lộ 14.\n",
        []),
    # a year after 'năm' is a year, whatever noun follows it ('năm 2019 huyện được công nhận ...')
    "a_year_before_a_count_noun": (
        HEAD + "Năm 2019 huyện được công nhận đạt chuẩn nông thôn mới; năm 2023 có 12 xã đạt chuẩn nâng cao.\n",
        [(12.0, None, None, None, None, "communes")]),
    # 'từ A cuối năm X xuống còn B cuối năm Y': A is the value's point of year X
    "from_a_at_year_end_down_to_b": (
        HEAD + "Tỷ lệ hộ nghèo giảm từ 3,12% cuối năm 2022 xuống còn 2,05% cuối năm 2023.\n",
        [(2.05, None, None, None, {"2022": 3.12, "2023": 2.05}, "%")]),
    # '; so với Nghị quyết (...)' compares the value before the ';' with the bracket's target
    "compared_after_a_semicolon": (
        HEAD + ("Lũy kế đến nay, toàn xã đã cứng hóa 36,2 km đường, đạt tỷ lệ 88,5%; so với Nghị quyết (100% đường "
                "được cứng hóa vào năm 2025) còn 4,7 km chưa thực hiện.\n"),
        [(36.2, None, None, None, None, "km"), (88.5, 100.0, None, None, None, "%"), (4.7, None, None, None, None, "km")]),
    # counts of targets and tasks are no records
    "counts_of_targets": (
        HEAD + "Đại hội đề ra 24 chỉ tiêu và 6 nhiệm vụ trọng tâm.\n",
        []),
}


@pytest.mark.parametrize("form", ["clean", "ocr"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_convention(name, form):
    text, expected = CASES[name]
    _, found = read(text if form == "clean" else ocr_damage(text))
    assert [tuple(getattr(r, f) for f in FIELDS) for r in prose(found)] == expected
