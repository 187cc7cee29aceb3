"""Synthetic tables of every layout the table reader knows, n rows each, for `make bench`'s reading speed per
layout: the same indicator rows printed one cell per line, between '|' rules, in aligned columns, as rows
of a plain list ('.' decimals, no TT column), with years as rows, as an OCR'd appendix read from the right
end of its lines, and as a ruled table drawn in a PDF and scanned. Deterministic; nothing here is used by
lib/."""

from __future__ import annotations

import random

TITLE = "KẾT QUẢ THỰC HIỆN MỘT SỐ CHỈ TIÊU CHỦ YẾU NĂM 2023"
LABELS = ["Tổng thu ngân sách nhà nước", "Tỷ lệ hộ nghèo", "Sản lượng lương thực", "Tỷ lệ che phủ rừng",
          "Kim ngạch xuất khẩu", "Số xã đạt chuẩn nông thôn mới", "Tổng vốn đầu tư toàn xã hội"]
UNITS = ["Tỷ đồng", "%", "Tấn", "%", "Triệu USD", "Xã", "Tỷ đồng"]
HEADER = ["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch 2023", "Ước thực hiện 2023", "So sánh KH (%)"]
YEARS_PER_TABLE = 40   # years as rows: a table holds this many year rows (1980-2019)


def _vi(value: float) -> str:
    whole, frac = f"{value:,.1f}".split(".")
    return whole.replace(",", ".") + ("," + frac if frac != "0" else "")


def rows(n: int, seed: int = 0) -> list[list[str]]:
    """n indicator rows: number, label, unit, plan, result, % of plan."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        plan = rng.randint(10, 90000) / 10
        done = plan * rng.uniform(0.9, 1.15)
        out.append([str(k % 99 + 1), LABELS[k % len(LABELS)], UNITS[k % len(UNITS)], _vi(plan), _vi(done),
                    _vi(100 * done / plan)])
    return out


def cell_per_line(n: int) -> str:
    return "\n".join([TITLE, "", *HEADER] + [c for r in rows(n) for c in r])


def piped(n: int) -> str:
    return "\n".join([TITLE, "", "| " + " | ".join(HEADER) + " |", "|---" * len(HEADER) + "|"]
                     + ["| " + " | ".join(r) + " |" for r in rows(n)])


def aligned(n: int) -> str:
    widths = [4, 34, 10, 14, 20, 14]

    def line(cells: list[str]) -> str:
        return "".join(c.ljust(w) if k < 3 else c.rjust(w) for k, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([TITLE, "", line(HEADER)] + [line(r) for r in rows(n)])


def plain_rows(n: int) -> str:
    head = " " * 40 + "Đơn vị tính    Thực hiện 2023    So với cùng kỳ (%)"
    body = [f"{r[1]:<40}{r[2]:<15}{r[4].replace('.', '#').replace(',', '.').replace('#', ','):>16}"
            f"{r[5].replace(',', '.'):>20}" for r in rows(n)]
    return "\n".join([TITLE, "", head, *body])


def years_as_rows(n: int) -> str:
    tables = []
    rng = random.Random(1)
    for t in range(max(1, n // YEARS_PER_TABLE)):
        tables += [f"Bảng {t + 1}. Một số chỉ tiêu chủ yếu", "",
                   "Năm      GRDP (tỷ đồng)      Tăng trưởng (%)      Thu ngân sách (tỷ đồng)"]
        tables += [f"{1980 + y}      {_vi(rng.randint(1000, 90000)):>12}      {_vi(rng.randint(10, 120) / 10):>8}"
                   f"      {_vi(rng.randint(100, 20000)):>12}" for y in range(YEARS_PER_TABLE)]
        tables.append("")
    return "\n".join(tables)


def appendix(n: int) -> str:
    """An OCR'd appendix: no rules, read from the right end of each line."""
    head = "TT Chi tieu PVT Nghi quyet Dai hoi 2021 2022 2023 Uoc 2023 So sanh (%) Danh gia"
    rng = random.Random(2)
    body = []
    for r in rows(n):
        series = " ".join(_vi(float(r[4].replace(".", "").replace(",", ".")) * rng.uniform(0.8, 1)) for _ in range(3))
        body.append(f"{r[0]} {r[1]} {r[2]} {r[3]} {series} {r[4]} {r[5]} Dat")
    return "\n".join(["PHU LUC", "KET QUA CAC CHI TIEU NHIEM KY 2020 - 2025", "", head, *body])


TEXT_LAYOUTS = {"one cell per line": cell_per_line, "'|' rules (Markdown, Word, web)": piped,
                "aligned columns (pdftotext -layout)": aligned, "rows of a plain list ('.' decimals)": plain_rows,
                "years as rows": years_as_rows, "OCR'd appendix (right end of lines)": appendix}
