"""What a reader sees for a coded value: levels, domains, themes, kinds, verdicts, report kinds, units, the
concepts (from the codebook, with their national indicator code) and the name of an indicator no concept fits,
in Vietnamese (with diacritics) or English, from data/reference/labels.csv, and the words of the reports
(headings, notes, column names, checks in words) from report_text.csv, read once; numbers printed the way the
language writes them ("4.420", "5,76" in Vietnamese), and names sorted the way it sorts them (ICU's collation:
"Đ" after "D", "Bảo Lộc" before "Bắc Mê")."""

from __future__ import annotations

import csv
from functools import lru_cache

from ..paths import REFERENCE

LABELS_FILE = REFERENCE / "labels.csv"
TEXT_FILE = REFERENCE / "report_text.csv"  # the reports' own words; its kinds differ from labels.csv's
LANGS = ("vi", "en")
NUMBER_LOCALE = {"vi": "vi_VN", "en": "en_GB"}


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], dict[str, str]]:
    table = {}
    for path in (LABELS_FILE, TEXT_FILE):
        with open(path, encoding="utf-8", newline="") as fh:
            table |= {(row["kind"], row["code"]): {lang: row[lang] for lang in LANGS} for row in csv.DictReader(fh)}
    return table


@lru_cache(maxsize=64)
def labels(kind: str, lang: str = "vi") -> dict[str | None, str]:
    """code -> label for one kind; the row with an empty code is the label of a missing value (key None)."""
    return {(code or None): names[lang] for (k, code), names in _table().items() if k == kind}


def label(kind: str, code: str | None, lang: str = "vi") -> str:
    """The label of one code; a code the file does not list is shown as it is."""
    found = labels(kind, lang)
    if code in found:
        return found[code]
    return "" if code is None else str(code)


def text(kind: str, code: str, lang: str = "vi", **values) -> str:
    """One of the reports' words or sentences, its {placeholders} filled: text("heading", "summary") -> 'Tóm tắt'."""
    found = labels(kind, lang)
    if code not in found:
        raise KeyError(f"{TEXT_FILE.name} has no {kind}/{code}")
    return found[code].format(**values) if values else found[code]


def place_title(locality: str | None, level: str | None, lang: str = "vi", fallback: str = "") -> str:
    """'TP Hồ Chí Minh (thành phố)', 'Bảo Lộc (city)'; the fallback (a document id) where the locality is unknown."""
    if not locality:
        return fallback
    return f"{locality} ({label('level', level, lang)})" if level else locality


def term_label(row: dict) -> str:
    """'2020–2025' from a documents row; '' where no term is known."""
    return f"{row['term_start']}–{row['term_end']}" if row.get("term_start") else ""


def format_number(value: float | None, lang: str = "vi", digits: int = 2) -> str:
    """A number as the language prints it, without trailing zeros: 4420 -> '4.420', 5.76 -> '5,76' (vi)."""
    from babel.numbers import format_decimal

    if value is None:
        return ""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=NUMBER_LOCALE[lang])


@lru_cache(maxsize=4)
def number_marks(lang: str = "vi") -> tuple[str, str]:
    """The language's thousands and decimal marks, from Babel's CLDR data: ('.', ',') in Vietnamese."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_group_symbol(NUMBER_LOCALE[lang]), get_decimal_symbol(NUMBER_LOCALE[lang])


def number_locale(lang: str = "vi") -> dict:
    """The language's marks as a d3-format locale (Vega-Lite's `config.locale.number`): axes and tooltips
    print "40.000" and "5,76" in Vietnamese."""
    sep, dec = number_marks(lang)
    return {"decimal": dec, "thousands": sep, "grouping": [3], "currency": ["", ""]}


@lru_cache(maxsize=4)
def _collator(lang: str):
    import icu

    return icu.Collator.createInstance(icu.Locale(NUMBER_LOCALE[lang].split("_")[0]))


def sort_key(value: str | None, lang: str = "vi") -> bytes:
    """The ICU collation key of a name: sorting by it gives the language's order ("Đà Lạt" after "Dak Lak",
    "Bắc Mê" before "Biên Hòa"); a missing name sorts last."""
    return b"\xff" if value is None else bytes(_collator(lang).getSortKey(value))


@lru_cache(maxsize=4)
def concept_names(lang: str = "vi") -> dict[str, str]:
    """concept code -> its label in the codebook, with the national indicator code where there is one:
    'Quy mô GRDP (giá hiện hành) · T0501'."""
    from .concepts import load_concepts

    return {c.code: (c.label_en if lang == "en" else c.label_vi) + (f" · {c.vsis_code}" if c.vsis_code else "")
            for c in load_concepts()}


def indicator_label(lang: str = "vi"):
    """A Polars expression `label`: the concept's label in the codebook (and its national code), else the label
    the record carries (a frame made with another vocabulary); an indicator with neither is named by its line
    ("Chỉ tiêu khác, dòng 55"): its name as printed, OCR damage and all, is for the provenance view only."""
    import polars as pl

    concept = pl.col("concept").replace_strict(concept_names(lang), default=None, return_dtype=pl.String)
    own = pl.col("label_en" if lang == "en" else "label_vi")   # set with a concept, never the name as printed
    return pl.coalesce(concept, own, pl.format("{} {}", pl.lit(label("indicator", "other", lang)), pl.col("line"))
                       ).alias("label")


def label_expr(column: str, kind: str, lang: str = "vi"):
    """A Polars expression: the column's codes as labels (a code the file does not list stays as it is; a
    missing value gets the kind's label for none, e.g. 'Không nêu')."""
    import polars as pl

    found = labels(kind, lang)
    codes = pl.col(column).cast(pl.String)
    mapping = {k: v for k, v in found.items() if k is not None}
    return codes.replace_strict(mapping, default=codes, return_dtype=pl.String).fill_null(found.get(None, ""))
