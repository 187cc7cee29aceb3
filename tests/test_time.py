"""Results or targets by time (SCHEMA.md, "Time: results or targets"): hand-written fragments of the constructions
that a heading-led reading got wrong, each in clean text and in OCR damage (diacritics lost, 'Đ' read as 'P',
'tỷ lệ' as 'ty 1¢', 'là' as '1a'), with the records it must yield: (section, value, year, kind), where the value
is the result for a result and the target (or a range's low bound) for a target."""

import pytest

from chitieu.extract.dates import opening_span, text_date
from chitieu.extract.sections import _last_cue
from chitieu.read.text import Text
from chitieu.reference.ocrkey import fold
from fragments import ocr_damage, placed, read

R, T = "results", "targets_next"
E, A = "estimate", "actual"


CASES = {
    # a goal set inside a sentence of running news prose, no heading, no 'phấn đấu'
    "goal_set_in_the_sentence": (
        "Tin kinh tế\n\nNgày 5/3/2024, tỉnh đặt mục tiêu tỷ lệ hộ nghèo giảm còn 1,5%.\n",
        [(T, 1.5, None, None)]),
    # 'đề ra N chỉ tiêu, trong đó đến năm 2030 ...': the count is no record, the value is a target
    "targets_counted_then_stated": (
        ("Tin đại hội\n\nNgày 20/10/2025, Đại hội đề ra 24 chỉ tiêu, trong đó đến năm 2030 GRDP bình quân đầu "
        "người đạt 200 triệu đồng.\n"),
        [(T, 200.0, None, None)]),
    # the year printed after the value: '... vào năm 2030'
    "year_after_the_value": (
        ("Quy hoạch tỉnh\n\nNgày 2/10/2023, Thủ tướng phê duyệt quy hoạch tỉnh. GRDP bình quân đầu người đạt 148 "
        "triệu đồng vào năm 2030.\n"),
        [(T, 148.0, None, None)]),
    # an earlier paragraph without a value sets the goals the next paragraphs state
    "goals_set_a_paragraph_before": (
        ("Tỉnh sẽ trở thành trung tâm kinh tế biển\n\nNgày 2/10/2023, Thủ tướng ký quyết định phê duyệt quy hoạch "
        "tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050.\n\nTheo mục tiêu tổng quát, đến năm 2030 tỉnh là tỉnh "
        "phát triển khá của vùng.\n\nTốc độ tăng trưởng GRDP bình quân đạt khoảng 11,5%/năm.\n"),
        [(T, 11.5, None, None)]),
    # a congress that opens the 2025-2030 term reviews 2020-2025: its past values are results of 2025
    "congress_opens_the_next_term": (
        ("Đại hội đại biểu Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025 - 2030\n\nNgày 20/9/2025, Đại hội đại biểu Đảng "
        "bộ tỉnh lần thứ XV, nhiệm kỳ 2025 - 2030 khai mạc với 350 đại biểu chính thức.\n\nNhiệm kỳ qua, thu "
        "nhập bình quân đầu người đạt 80 triệu đồng/người/năm. Đến năm 2030, thu nhập bình quân đầu người đạt "
        "150 triệu đồng/người/năm.\n"),
        [(R, 80.0, 2025, A), (T, 150.0, None, None)]),
    # a plan's milestones in a text of 2024: 2025 lies after its date too
    "plan_milestones": (
        ("5 nhóm mục tiêu phát triển đến năm 2030\n\n22/02/2024\n\nĐến năm 2025, tỷ trọng công nghiệp và xây dựng "
        "chiếm 74,9%; đến năm 2030, tỷ trọng công nghiệp và xây dựng chiếm 72,7%.\n"),
        [(T, 74.9, None, None), (T, 72.7, None, None)]),
    # a heading whose term has no spaces is a heading: the list under it is not the results above
    "heading_term_without_spaces": (
        ("ĐẢNG BỘ TỈNH\n\nI. KẾT QUẢ NHIỆM KỲ 2015-2020\n\nTổng sản phẩm tăng bình quân 8,03%/năm.\n\n"
        "II. CÁC CHỈ TIÊU CHỦ YẾU NHIỆM KỲ 2020-2025\n\nTổng sản phẩm tăng bình quân 8,5%/năm.\n"),
        [(R, 8.03, 2020, E), (T, 8.5, None, None)]),
    # a heading run into its paragraph on one line
    "heading_run_into_its_paragraph": (
        ("BÁO CÁO\n\nI. KẾT QUẢ NĂM 2023\n\nThu ngân sách đạt 5.000 tỷ đồng. Tổng sản phẩm tăng 7,2%.\n\n"
        "II. CÁC CHỈ TIÊU CHỦ YẾU Tổng sản phẩm tăng 7,5%.\n"),
        [(R, 5000.0, 2023, A), (R, 7.2, 2023, A), (T, 7.5, None, None)]),
    # 'thực hiện' in an intro that sets next year's targets ('... phấn đấu thực hiện trong năm 2023:')
    "intro_sets_next_years_targets": (
        ("Kỳ họp thông qua các chỉ tiêu năm 2023\n\nCập nhật 09/12/2022\n\nDưới đây là các chỉ tiêu tỉnh phấn đấu "
        "thực hiện trong năm 2023:\n\n(1) Tốc độ tăng tổng sản phẩm: 8,62%\n\n(2) Kim ngạch xuất khẩu: 680 triệu "
        "USD\n"),
        [(T, 8.62, None, None), (T, 680.0, None, None)]),
    # an annual report that names the congress term reviews its year
    "annual_report_names_the_term": (
        ("Một năm nỗ lực vượt khó\n\nNăm 2021 là năm đầu tiên thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ "
        "XI, nhiệm kỳ 2020 - 2025. Tổng thu ngân sách trên địa bàn đạt 11.010 tỷ đồng, tăng 16,8% so với "
        "cùng kỳ.\n"),
        [(R, 11010.0, 2021, A), (R, 16.8, 2021, A)]),
    # the year named most is a comparison base: it dates nothing
    "comparison_base_named_most": (
        ("Kinh tế tỉnh tiếp tục tăng trưởng\n\nThu ngân sách đạt 5.000 tỷ đồng, gấp 2 lần so với năm 2015; xuất "
        "khẩu gấp 3 lần so với năm 2015. Tỷ lệ hộ nghèo năm 2023 còn 2%.\n"),
        [(R, 5000.0, 2023, A), (R, 2.0, 2023, A), (R, 3.0, 2023, A), (R, 2.0, 2023, A)]),
    # value years: a quarter, the first months, a date
    "quarter_year": (
        "Kinh tế quý I/2023\n\nSố liệu ước tính cho thấy quý I/2023 tổng sản phẩm tăng 7,01% so cùng kỳ.\n",
        [(R, 7.01, 2023, E)]),
    "first_months_year": (
        "Tình hình 6 tháng đầu năm 2024\n\nSáu tháng đầu năm 2024, thu ngân sách đạt 4.500 tỷ đồng.\n",
        [(R, 4500.0, 2024, A)]),
    "date_after_a_slash": (
        ("Tình hình kinh tế - xã hội tháng 10 năm 2020\n\nTrong tháng, sản xuất nông nghiệp ổn định.\n\nTính đến "
        "ngày 10/10/2020 đã gieo trồng được 34.667,5 ha cây hằng năm các loại.\n"),
        [(R, 34667.5, 2020, A)]),
    # 'bình quân hằng năm giai đoạn 2021 - 2025' is a period's average (year 2025), not an every-year value
    "average_every_year_of_a_period": (
        ("Đại hội đại biểu Đảng bộ tỉnh, nhiệm kỳ 2025 - 2030\n\nNgày 15/10/2025, Đại hội khai mạc.\n\nTốc độ "
        "tăng trưởng kinh tế bình quân hằng năm giai đoạn 2021 - 2025 đạt 7,2%.\n"),
        [(R, 7.2, 2025, E)]),
    # a constant-price base year is not the value's year
    "constant_price_base_year": (
        "Kinh tế năm 2021\n\nNăm 2021, tổng sản phẩm (theo giá so sánh 2010) ước tăng 2,58%.\n",
        [(R, 2.58, 2021, E)]),
    "constant_price_base_glued": (
        "Kinh tế năm 2021\n\nNăm 2021, GRDP (GSS2010) ước tăng 2,58%.\n",
        [(R, 2.58, 2021, E)]),
    # 'từ A (năm X) lên B (năm Y)': the value is B, of year Y
    "from_a_to_b": (
        "Tổng kết nhiệm kỳ 2015 - 2020\n\nTỷ lệ đô thị hóa tăng từ 35% (năm 2015) lên 52% (năm 2020).\n",
        [(R, 52.0, 2020, A)]),
    # a period's total still open at the text's date is an estimate; once the period ended, it is actual
    "period_total_open": (
        ("Đại hội đại biểu Đảng bộ tỉnh, nhiệm kỳ 2020 - 2025\n\nNgày 14/10/2020, Đại hội khai mạc.\n\nThu ngân "
        "sách cả nhiệm kỳ đạt 58.841 tỷ đồng.\n"),
        [(R, 58841.0, 2020, E)]),
    "period_total_closed": (
        ("Nhìn lại nhiệm kỳ 2015 - 2020\n\nNgày 14/3/2021, tỉnh tổng kết nhiệm kỳ. Thu ngân sách giai đoạn "
        "2016 - 2020 đạt 58.841 tỷ đồng.\n"),
        [(R, 58841.0, 2020, A)]),
    # the current year's estimate in a report dated late that year is a result; the next year's plan a target
    "current_year_estimate_and_next_year": (
        ("Báo cáo tình hình kinh tế - xã hội năm 2023\n\nThứ năm - 30/11/2023\n\nNăm 2023, tổng sản phẩm ước "
        "tăng 7,2%. Năm 2024, tổng sản phẩm tăng 7,5%.\n"),
        [(R, 7.2, 2023, E), (T, 7.5, None, None)]),
    # a report written in January speaks of the year before; that year's values are results
    "january_report_on_the_year_before": (
        ("Báo cáo kết quả năm 2023\n\nNgày 08/01/2024\n\nNăm 2023, thu ngân sách đạt 12.800 tỷ đồng. Năm 2024, "
        "thu ngân sách đạt 13.500 tỷ đồng.\n"),
        [(R, 12800.0, 2023, A), (T, 13500.0, None, None)]),
    # a text that only sets targets, no heading over its list
    "targets_only_text": (
        ("Các chỉ tiêu kinh tế - xã hội năm 2018\n\n1. Tăng trưởng kinh tế từ 7,5% đến 8%.\n\n2. Thu ngân sách "
        "15.000 tỷ đồng.\n"),
        [(T, 7.5, None, None), (T, 15000.0, None, None)]),
    # 'đạt mục tiêu đề ra' (reached the target) before a value is a result, unlike 'đặt mục tiêu' (set it)
    "target_reached_is_a_result": (
        "Tổng kết nhiệm kỳ 2020 - 2025\n\nNăm 2025, thu ngân sách đạt mục tiêu đề ra, gấp 1,7 lần năm 2020.\n",
        [(R, 1.7, 2025, A)]),
    # a results heading above a paragraph outweighs a run of targets an earlier paragraph under it set
    "results_heading_beats_a_run_of_targets": (
        ("BÁO CÁO\n\nI. KẾT QUẢ THỰC HIỆN NĂM 2023\n\nNăm 2024, tỉnh phấn đấu tăng trưởng 7%.\n\nTỷ lệ hộ "
         "nghèo còn 2%.\n"),
        [(T, 7.0, None, None), (R, 2.0, 2023, A)]),
    # 'từ A năm X xuống còn B cuối năm Y' without brackets: B is the value at Y, A the point at X
    "from_a_in_one_year_down_to_b_at_the_end_of_another": (
        "Báo cáo ngày 10/7/2020\n\nTỷ lệ hộ nghèo giảm từ 21,36% năm 2015 xuống còn 6,8% cuối năm 2019.\n",
        [(R, 6.8, 2019, A)]),
    # a numbered sub-heading takes the place of its siblings, not of the targets heading above them
    "third_sub_heading_under_targets": (
        ("BÁO CÁO CHÍNH TRỊ\n\nNgày 18 tháng 4 năm 2025\n\nPHẦN THỨ NHẤT\nKẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NHIỆM KỲ "
         "2020 - 2025\n\n1. Tỷ lệ hộ nghèo còn 0,5%.\n\nPHẦN THỨ HAI\nPHƯƠNG HƯỚNG, MỤC TIÊU NHIỆM KỲ 2025 - 2030\n\n"
         "I. CÁC CHỈ TIÊU CHỦ YẾU\n\n1. Về kinh tế\n- Thu ngân sách tăng từ 8% trở lên.\n\n2. Về xã hội\n- Tỷ lệ "
         "bảo hiểm y tế đạt 96%.\n\n3. Về xây dựng Đảng\n- Kết nạp mới từ 45 đảng viên trở lên trong nhiệm kỳ.\n"),
        [(R, 0.5, 2025, A), (T, 8.0, None, None), (T, 96.0, None, None), (T, 45.0, None, None)]),
    # plan words and the term the congress opens, before a value with no period of its own: a target
    "targets_of_the_term_a_congress_opens": (
        ("Đại hội Đảng bộ huyện, nhiệm kỳ 2020 - 2025\n\nNgày 16/7/2020, Đại hội thống nhất đề ra 18 chỉ tiêu chủ "
         "yếu cho nhiệm kỳ 2020 - 2025, trong đó tốc độ tăng giá trị sản xuất bình quân hằng năm 11 - 12%.\n"),
        [(T, 11.0, None, None)]),
    # a total over the term still open at the text's date is an estimate, no 'ước' printed
    "total_over_the_term_before_it_ends": (
        ("Đại hội Đảng bộ huyện, nhiệm kỳ 2020 - 2025\n\nNgày 16/7/2020, Đại hội đánh giá kết quả nhiệm kỳ 2015 - "
         "2020: trong nhiệm kỳ đã kết nạp 356 đảng viên mới.\n"),
        [(R, 356.0, 2020, E)]),
    # a clause of plan words alone, dated at the end of the term a mid-term review reviews: the result's target
    "term_target_after_the_result": (
        ("Báo cáo sơ kết giữa nhiệm kỳ 2020 - 2025\n\nNgày 10/6/2023\n\nGRDP bình quân đầu người năm 2022 đạt "
         "10.850 USD; Nghị quyết đề ra đến năm 2025 đạt 12.000 USD trở lên.\n"),
        [(R, 10850.0, 2022, A)]),
    # ... but next year's plan after this year's result stays a target of its own
    "next_years_plan_after_the_result": (
        "Báo cáo năm 2023\n\nNgày 10/12/2023\n\nThu ngân sách đạt 1.200 tỷ đồng; kế hoạch năm 2024 là 1.500 tỷ đồng.\n",
        [(R, 1200.0, 2023, A), (T, 1500.0, None, None)]),
    # a clause that opens with this year's plan states it; the year's estimate after it is measured against it
    "this_years_plan_then_the_estimate": (
        ("Báo cáo 6 tháng đầu năm 2024\n\nNgày 20/6/2024\n\nKế hoạch năm 2024 sản lượng lương thực 98.500 tấn; "
         "ước cả năm đạt 97.900 tấn.\n"),
        [(R, 97900.0, 2024, E)]),
    # years a value is compared with ('cao hơn cùng kỳ các năm 2021 - 2024') date none of the values after them
    "compared_years_date_nothing": (
        ("Tình hình kinh tế quý I năm 2025\n\nĐà Nẵng, ngày 03 tháng 4 năm 2025\n\nGRDP quý I/2025 ước tăng 6,8% so "
         "với cùng kỳ năm trước, cao hơn mức tăng của cùng kỳ các năm 2021 - 2024; trong đó khu vực dịch vụ tăng "
         "7,1%.\n"),
        [(R, 6.8, 2025, E), (R, 7.1, 2025, E)]),
    # a plan's year in the bracket that spells it out dates the plan, not the share of it after the bracket
    "a_plans_year_in_its_bracket": (
        ("Báo cáo kết quả năm 2024\n\nNgày 10/12/2024\n\nThu nhập bình quân đầu người năm 2024 ước đạt 71,2 triệu "
         "đồng, so với Nghị quyết (đến năm 2025 đạt 80 triệu đồng) đạt 89%. Số hộ nghèo còn 52 hộ.\n"),
        [(R, 71.2, 2024, E), (R, 52.0, 2024, A)]),
    # zero in words beside printed values in one item of a resolution: a target of its own
    "none_left_beside_other_values": (
        ("NGHỊ QUYẾT\nVề kế hoạch phát triển kinh tế - xã hội năm 2025\n\nNgày 12/12/2024\n\n6. Không còn hộ nghèo "
         "theo chuẩn nghèo giai đoạn 2022 - 2025; tỷ lệ hộ cận nghèo dưới 1,2%.\n"),
        [(T, 0.0, None, None), (T, 1.2, None, None)]),
    # a goal closing a sentence of results does not make the next sentence a goal
    "a_goal_closing_a_sentence": (
        ("Báo cáo kinh tế - xã hội năm 2023\n\nNgày 6/12/2023\n\nTỷ lệ dân số tham gia bảo hiểm y tế đạt 93,8%; "
         "năm 2024 phấn đấu đạt 95%. Tỷ lệ trường đạt chuẩn quốc gia đạt 71,2%.\n"),
        [(R, 93.8, 2023, A), (T, 95.0, None, None), (R, 71.2, 2023, A)]),
    # a total 'đến nay' ends at the text's date: reached, even in a year not yet over
    "a_total_up_to_now_is_reached": (
        ("Báo cáo kết quả năm 2024\n\nNgày 09/12/2024\n\nLũy kế đến nay, toàn xã đã bê tông hóa 36,5 km đường "
         "giao thông nông thôn. Lũy kế năm 2024, xã giải quyết việc làm cho 420 lao động.\n"),
        [(R, 36.5, 2024, A), (R, 420.0, 2024, E)]),
    # a lettered heading and its paragraph after a table printed one cell per line: the table ends there
    "goals_after_a_table_one_cell_per_line": (
        ("Báo cáo 6 tháng đầu năm 2024\n\nNgày 18/6/2024\n\nTT\nChỉ tiêu\nĐVT\nKế hoạch năm\nƯớc TH 6 tháng\n"
         "1\nThu ngân sách\nTỷ đồng\n3.200\n1.650\n2\nTỷ lệ hộ nghèo\n%\n1,2\n1,4\n\n"
         "B. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024\nTập trung tháo gỡ khó khăn cho các dự án, phấn đấu hoàn "
         "thành các chỉ tiêu kế hoạch năm 2024: thu ngân sách đạt 3.200 tỷ đồng trở lên; tỷ lệ hộ nghèo dưới 1%.\n"),
        [(T, 3200.0, None, None), (T, 1.0, None, None)]),
    # in a text of goals, a share of the plan is a goal: 'giải ngân ... đạt 100% kế hoạch'
    "a_share_of_the_plan_set_as_a_goal": (
        ("NGHỊ QUYẾT\nVề kế hoạch phát triển kinh tế - xã hội năm 2025\n\nNgày 12/12/2024\n\n4. Tổng vốn đầu tư "
         "toàn xã hội khoảng 9.000 tỷ đồng; giải ngân vốn đầu tư công đạt 100% kế hoạch.\n"),
        [(T, 9000.0, None, None), (T, 100.0, None, None)]),
    # a year opening the next clause's goal is not the year of the value before it
    "the_next_clauses_year": (
        ("Báo cáo kinh tế - xã hội năm 2023\n\nNgày 5/12/2023\n\nGRDP bình quân đầu người ước đạt 98,2 triệu đồng, "
         "năm 2024 phấn đấu đạt khoảng 105 triệu đồng.\n"),
        [(R, 98.2, 2023, E), (T, 105.0, None, None)]),
    # 'cây hằng năm' names annual crops: the value still has the report's year
    "annual_crops_are_no_every_year": (
        ("Báo cáo kết quả năm 2024\n\nNgày 10/12/2024\n\nTổng diện tích gieo trồng cây hằng năm 2.310 ha, đạt 101,2% "
         "kế hoạch.\n"),
        [(R, 2310.0, 2024, A)]),
    # a heading over verdicts ('CÁC CHỈ TIÊU KHÓ ĐẠT, KHÔNG ĐẠT') speaks of results, not of targets
    "a_heading_over_verdicts": (
        ("Báo cáo 9 tháng năm 2024\n\nNgày 28/10/2024\n\nII. CÁC CHỈ TIÊU KHÓ ĐẠT, KHÔNG ĐẠT\n- Tai nạn giao thông 9 "
         "tháng xảy ra 12 vụ, tăng 2 vụ so với cùng kỳ.\n"),
        [(R, 12.0, 2024, A), (R, 2.0, 2024, A)]),
    # 'X/Y' set as a goal: X of the Y there are
    "a_count_of_all_set_as_a_goal": (
        ("NGHỊ QUYẾT\nVề nhiệm vụ phát triển kinh tế - xã hội năm 2025\n\nNgày 12/12/2024\n\n9. Có thêm 2 xã đạt "
         "chuẩn nông thôn mới nâng cao, nâng tổng số lên 07/10 xã.\n"),
        [(T, 2.0, None, None), (T, 7.0, None, None)]),
    # one text switching several times, results and targets in any order, no heading
    "switching_in_running_prose": (
        ("Tin kinh tế\n\nNgày 10/12/2023, HĐND tỉnh họp. Năm 2023, tổng sản phẩm ước tăng 6,5%. Tỉnh đặt mục tiêu "
        "năm 2024 tăng 7%. Thu ngân sách năm 2023 ước đạt 9.000 tỷ đồng.\n"),
        [(R, 6.5, 2023, E), (T, 7.0, None, None), (R, 9000.0, 2023, E)]),
}


@pytest.mark.parametrize("form", ["clean", "ocr"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_fragment_is_placed_in_time(name, form):
    text, expected = CASES[name]
    _, found = read(text if form == "clean" else ocr_damage(text))
    assert placed(found) == expected


def test_there_are_at_least_25_constructions():
    assert len(CASES) >= 25


@pytest.mark.parametrize("opening, iso, rule", [
    (("SOURCE: x\n\n date 2024-01-04\n\nTin kinh tế\n\nMột đoạn văn dài của bài viết, đủ dài để là văn xuôi chứ "
     "không phải tiêu đề, và\ndòng thứ hai của nó cũng dài như thế để thành văn xuôi đã ngắt dòng.\n"),
     "2024-01-04", "iso line"),
    (("Họp báo công bố số liệu thống kê\n(Cập nhật: 04/01/2024)\n\nNgày 28/12/2023, Cục Thống kê tỉnh tổ chức "
     "họp báo công bố số liệu thống kê kinh tế - xã hội năm 2023\ndo Cục trưởng chủ trì, với sự tham dự của "
     "các cơ quan báo chí trong tỉnh.\n"), "2024-01-04", "title block"),
    (("Đại hội lần thứ I\n\nTrong hai ngày 13-14/7/2025, tại Hội trường xã, Đảng bộ xã tổ chức Đại hội đại "
     "biểu lần thứ I, nhiệm kỳ\n2025 - 2030, với 150 đại biểu chính thức dự Đại hội của toàn Đảng bộ xã.\n"),
     "2025-07-14", "meeting days"),
    (("Khai mạc Đại hội\n\nSáng 17/9, Đại hội đại biểu Đảng bộ tỉnh khai mạc với 350 đại biểu chính thức "
     "thay mặt\ncho hơn 124.000 đảng viên trong toàn Đảng bộ tỉnh tham dự Đại hội lần này.\n"), None, "partial"),
    (("Huyện hoàn thành các chỉ tiêu năm\n\nNăm nay, dù còn nhiều khó khăn, kinh tế của huyện tiếp tục tăng "
     "trưởng khá, thu ngân sách\nước đạt 410 tỷ đồng, vượt dự toán; năm tới, huyện phấn đấu tăng trưởng 8%.\n\n"
     "Hoàng Anh\n(Theo Báo Tuyên Quang, ngày 21/12/2023)\n"), "2023-12-21", "closing source line"),
    (("Phường tổng kết 9 tháng\n\nChín tháng qua, phường hoàn thành nhiều chỉ tiêu, thu ngân sách đạt 85% dự "
      "toán; kinh tế tiếp tục tăng trưởng khá, đời sống\nnhân dân được nâng lên, an ninh trật tự được giữ vững.\n\n"
      "Các tổ dân phố duy trì tốt phong trào thi đua, công tác cải cách hành chính được đẩy mạnh.\n\nMinh Châu (Cổng thông tin điện tử quận Ba Đình, ngày 08/10/2024)\n"), "2024-10-08",
     "closing source line"),
])
def test_the_text_dates_itself_from_its_opening(opening, iso, rule):
    for text in (opening, ocr_damage(opening)):
        key = fold(Text.from_string(text).text)
        d = text_date(key, opening_span(key, text))
        assert (d.iso(), d.rule) == (iso, rule)


@pytest.mark.parametrize("key, lo, found", [
    ("tang duoc 5", 6, None),      # the window starts inside 'được': its 'ước' is no result verb
    ("tang uoc 5", 5, 5),
])
def test_a_look_back_window_never_starts_inside_a_word(key, lo, found):
    assert _last_cue("results_verb", key, lo, len(key)) == found


@pytest.mark.parametrize("text, fields", [
    # a congress opening the term reviews the one before
    (CASES["congress_opens_the_next_term"][0], {"year_reviewed": 2025, "term_start": 2020, "term_end": 2025,
                                                 "report_kind": "term report", "medium": "news"}),
    # a plan that only sets targets reviews nothing, and has the plan's period as its term
    (CASES["year_after_the_value"][0].replace("quy hoạch tỉnh.", "quy hoạch tỉnh thời kỳ 2021 - 2030."),
     {"year_reviewed": None, "term_start": 2021, "term_end": 2030, "report_kind": "resolution"}),
    (CASES["annual_report_names_the_term"][0], {"year_reviewed": 2021, "term_start": None,
                                                "report_kind": "annual report"}),
    (CASES["comparison_base_named_most"][0], {"year_reviewed": 2023}),
    (CASES["targets_only_text"][0], {"year_reviewed": None, "report_kind": "resolution", "term_start": None}),
    # an O for a zero in the heading's years ('2O2O'): the congress still reviews the term ending as it opens
    (CASES["congress_opens_the_next_term"][0].replace("2025 - 2030", "2O25 - 2O3O"),
     {"year_reviewed": 2025, "term_start": 2020, "term_end": 2025}),
    # a council resolution dated in December on the next year: the title's year is what it plans, nothing reviewed
    (CASES["a_share_of_the_plan_set_as_a_goal"][0].replace("Về kế hoạch phát triển", "Về nhiệm vụ phát triển"),
     {"year_reviewed": None, "report_kind": "resolution"}),
])
def test_document_time_fields(text, fields):
    for t in (text, ocr_damage(text)):
        meta, _ = read(t)
        assert {f: getattr(meta, f) for f in fields} == fields
