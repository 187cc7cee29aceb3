"""What a reader sees for a coded value: levels, domains, themes, kinds, verdicts, report kinds, units, the
concepts (from the codebook, with their national indicator code) and the name of an indicator no concept fits,
in Vietnamese (with diacritics) or English, from data/reference/labels.csv, read once; and numbers printed
the way the language writes them ("4.420", "5,76" in Vietnamese)."""

from __future__ import annotations

import csv
from functools import lru_cache

from ..paths import REFERENCE

LABELS_FILE = REFERENCE / "labels.csv"
LANGS = ("vi", "en")
NUMBER_LOCALE = {"vi": "vi_VN", "en": "en_GB"}


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], dict[str, str]]:
    with open(LABELS_FILE, encoding="utf-8", newline="") as fh:
        return {(row["kind"], row["code"]): {lang: row[lang] for lang in LANGS} for row in csv.DictReader(fh)}


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


def place_title(locality: str | None, level: str | None, lang: str = "vi", fallback: str = "") -> str:
    """'Lào Cai (tỉnh)', 'Bảo Lộc (city)'; the fallback (a document id) where the locality is unknown."""
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


@lru_cache(maxsize=4)
def concept_names(lang: str = "vi") -> dict[str, str]:
    """concept code -> its label in the codebook, with the national indicator code where there is one:
    'Quy mô GRDP (giá hiện hành) · T0501'."""
    from .concepts import load_concepts

    return {c.code: (c.label_en if lang == "en" else c.label_vi) + (f" · {c.vsis_code}" if c.vsis_code else "")
            for c in load_concepts()}


def indicator_label(lang: str = "vi"):
    """A Polars expression `label`: the concept's label in the codebook (and its national code); an indicator
    no concept fits is named by its line ("Chỉ tiêu khác, dòng 55"): its name as printed, OCR damage and all, is
    for the provenance view only."""
    import polars as pl

    concept = pl.col("concept").replace_strict(concept_names(lang), default=None, return_dtype=pl.String)
    return pl.coalesce(concept, pl.format("{} {}", pl.lit(label("indicator", "other", lang)), pl.col("line"))
                       ).alias("label")


def label_expr(column: str, kind: str, lang: str = "vi"):
    """A Polars expression: the column's codes as labels (a code the file does not list stays as it is; a
    missing value gets the kind's label for none, e.g. 'Không nêu')."""
    import polars as pl

    found = labels(kind, lang)
    codes = pl.col(column).cast(pl.String)
    mapping = {k: v for k, v in found.items() if k is not None}
    return codes.replace_strict(mapping, default=codes, return_dtype=pl.String).fill_null(found.get(None, ""))
