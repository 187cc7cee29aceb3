"""Cue words that give numbers their roles, read once from data/reference/cues.csv.

Each row is (role, reading): the reading is folded text (no diacritics) and is matched on the OCR key
through `ocrkey.phrase`, so the damaged spellings listed in ocr_confusions.csv count too ('viwot' for
vượt). A role's readings become one alternation, longest first, so 'so voi cung ky' wins over 'so'.
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache

from .ocrkey import phrase
from .paths import REFERENCE

CUES_FILE = REFERENCE / "cues.csv"


@lru_cache(maxsize=1)
def readings() -> dict[str, tuple[str, ...]]:
    """role -> its readings, longest first."""
    table: dict[str, list[str]] = {}
    with open(CUES_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            role, reading = row["role"].strip(), " ".join(row["reading"].split())
            if not role or not reading:
                raise ValueError(f"{CUES_FILE}: a row without role or reading: {row}")
            table.setdefault(role, []).append(reading)
    return {r: tuple(sorted(set(v), key=len, reverse=True)) for r, v in table.items()}


@cache
def source(role: str) -> str:
    """Regex source matching any reading of `role` (each bounded, OCR spellings allowed)."""
    try:
        alts = readings()[role]
    except KeyError:
        raise KeyError(f"{CUES_FILE}: no cue words for role {role!r}") from None
    return "(?:" + "|".join(phrase(r) for r in alts) + ")"


@cache
def anywhere(role: str) -> re.Pattern:
    return re.compile(source(role))


@cache
def at_end(role: str, tail: str = "") -> re.Pattern:
    """The role's words ending a text, then `tail` (regex) and optional spaces/punctuation."""
    return re.compile(source(role) + tail + r"[\s:=(+]*$")


@cache
def at_start(role: str) -> re.Pattern:
    return re.compile(r"\s*" + source(role))


def ends_with(role: str, text: str) -> re.Match | None:
    return at_end(role).search(text)


def starts_with(role: str, text: str) -> re.Match | None:
    return at_start(role).match(text)


def found(role: str, text: str) -> bool:
    return anywhere(role).search(text) is not None


VERDICT_ROLES = (("verdict_chua_dat", "chua_dat"), ("verdict_kho_dat", "kho_dat"),
                 ("verdict_vuot", "vuot"), ("verdict_dat", "dat"))
