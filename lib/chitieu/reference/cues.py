"""Cue words that give numbers their roles, read once from data/reference/cues.csv.

Each row is (role, reading): the reading is folded text (no diacritics) and is matched on the OCR key
through `ocrkey.phrase`, so the damaged spellings listed in ocr_confusions.csv count too ('viwot' for
vượt). A role's readings become one alternation, longest first, so 'so voi cung ky' wins over 'so'.
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache

from ..paths import REFERENCE
from .ocrkey import phrase

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
def source(role: str, contexts: tuple[str, ...] = ("any",)) -> str:
    """Regex source matching any reading of `role` (each bounded, OCR spellings of those contexts allowed)."""
    try:
        alts = readings()[role]
    except KeyError:
        raise KeyError(f"{CUES_FILE}: no cue words for role {role!r}") from None
    return "(?:" + "|".join(phrase(r, contexts) for r in alts) + ")"


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


TRAILING = " \t\n:=(+"          # what may stand between a cue and the number after it   e.g. 'kế hoạch: ('
ALNUM_TAIL = re.compile(r"[a-z0-9]+$")


@cache
def _suffixes(role: str) -> tuple[frozenset[tuple[str, ...]], int]:
    """Every spelling of the role's readings as a tuple of words (OCR spellings of each word multiplied out),
    so that 'does this text end with the cue' is a set look-up of its last words, not a regex scan."""
    from itertools import product

    from .ocrkey import _alternatives

    out: set[tuple[str, ...]] = set()
    for reading in readings()[role]:
        out.update(tuple(a.split()) for a in _alternatives(reading, ("any",)) if " " in a)
        out.update(product(*(_alternatives(w, ("any",)) for w in reading.split())))
    return frozenset(out), max((len(t) for t in out), default=0)


@cache
def last_words(role: str) -> frozenset[str]:
    """The words a reading of the role can end with (every OCR spelling): a text without any of them cannot
    hold the cue, so a caller can skip its regex scan."""
    return frozenset(t[-1] for t in _suffixes(role)[0])


def ends_with(role: str, text: str) -> bool:
    """True when `text` ends with one of the role's readings (then only spaces, ':', '=', '(' or '+')."""
    words, longest = _suffixes(role)
    tokens = text.rstrip(TRAILING).split()[-longest:]
    if not tokens:
        return False
    last = tokens[-1]
    tail_alnum = ALNUM_TAIL.search(last)
    if tail_alnum is None or tail_alnum.group() not in last_words(role):
        return False   # the fast path: the text's last word ends no reading of the role
    for k in range(1, len(tokens) + 1):
        tail = tokens[-k:]
        if any(not t.isalnum() or not t.isascii() for t in tail[1:]):
            break   # a word with punctuation inside the phrase: no longer phrase ends here
        first = ALNUM_TAIL.search(tail[0])
        if first is None:
            break
        if (first.group(),) + tuple(tail[1:]) in words:
            return True
        if first.end() - first.start() != len(tail[0]):
            break   # '(ke': the phrase cannot reach further back than the bracket
    return bool(last) and False


def starts_with(role: str, text: str) -> re.Match | None:
    return at_start(role).match(text)


WORDS = re.compile(r"[a-z0-9]+")


FALSE_CUES = "false_cue"   # OCR phrases inside which no cue word counts ('co se' = cơ sở, not 'sẽ')
FALSE_CUE_REACH = 12       # how far before a match such a phrase may start


def finditer(role: str, text: str, lo: int = 0, hi: int | None = None):
    """The role's matches in text[lo:hi] that do not stand inside a false cue ('đa chiều', OCR 'co s¢' for cơ sở)."""
    hi = len(text) if hi is None else hi
    for m in anywhere(role).finditer(text, lo, hi):
        if not _inside_false_cue(text, m.start(), m.end()):
            yield m


def _inside_false_cue(text: str, a: int, b: int) -> bool:
    if FALSE_CUES not in readings():
        return False
    return any(x.start() <= a and b <= x.end()
               for x in anywhere(FALSE_CUES).finditer(text, max(0, a - FALSE_CUE_REACH), b + FALSE_CUE_REACH))


def found(role: str, text: str) -> bool:
    """The role's cue stands somewhere in the text (a word-set test first: most texts hold none)."""
    words = WORDS.findall(text)
    if last_words(role).isdisjoint(words):
        return False
    if FALSE_CUES not in readings() or last_words(FALSE_CUES).isdisjoint(words):
        return anywhere(role).search(text) is not None   # no false cue can stand here: one scan
    return next(finditer(role, text), None) is not None


VERDICT_ROLES = (("verdict_chua_dat", "chua_dat"), ("verdict_kho_dat", "kho_dat"),
                 ("verdict_vuot", "vuot"), ("verdict_dat", "dat"))


VERDICT_CELL_CONTEXTS = ("any", "verdict")   # an assessment column also reads 'bat', 'Vot' as verdicts


@cache
def _verdict_patterns(contexts: tuple[str, ...]) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(source(role, contexts)), status) for role, status in VERDICT_ROLES)


def verdict_of(text: str, contexts: tuple[str, ...] = VERDICT_CELL_CONTEXTS) -> str | None:
    """The verdict a short text (a table's assessment cell) states: 'Chưa đạt', 'Vượt', OCR 'Pat', 'bat'."""
    for rx, status in _verdict_patterns(contexts):
        if rx.search(text):
            return status
    return None
