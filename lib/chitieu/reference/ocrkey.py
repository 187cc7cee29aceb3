"""An OCR-tolerant matching key, aligned character for character with the original text.

The key is lower case with diacritics folded and the OCR's letter-for-symbol and digit-for-letter
confusions undone, *without changing length*: an offset in the key is the same offset in the original,
so a match found on the key is shown (snippet, highlight) from the original. Word-level confusions
('udc' for 'ước', 'Pat' for 'Đạt') are not rewritten; they widen the keyword patterns instead.
The confusions are data: data/reference/ocr_confusions.csv.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import REFERENCE

CONFUSIONS_FILE = REFERENCE / "ocr_confusions.csv"
WORD = r"[a-z0-9]"


@dataclass(frozen=True)
class Confusions:
    char_any: dict[str, str]
    char_in_word: dict[str, str]
    char_drop: frozenset[str]
    digit_in_word: dict[str, str]
    letter_in_number: dict[str, str]
    letter_in_year: dict[str, str]
    words: dict[tuple[str, str], tuple[str, ...]]  # (reading, context) -> OCR spellings
    initials: dict[tuple[str, str], tuple[str, ...]] = None  # (first letter, context) -> letters the OCR prints
    letter_between_digits: dict[str, str] = None   # a letter read as a digit only where digits surround it

    @classmethod
    def load(cls, path: Path = CONFUSIONS_FILE) -> Confusions:
        char_any, char_in_word, digit, letter, year, words, initials, between = {}, {}, {}, {}, {}, {}, {}, {}
        drop = set()
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                kind, ocr, reading, ctx = row["kind"], row["ocr"], row["reading"], row["context"]
                if kind == "char" and ctx == "drop":
                    drop.add(ocr)
                elif kind == "char":
                    (char_any if ctx == "any" else char_in_word)[ocr] = reading
                elif kind == "digit":
                    digit[ocr] = reading
                elif kind == "letter":
                    {"in_year": year, "between_digits": between}.get(ctx, letter)[ocr] = reading
                elif kind == "word":
                    words.setdefault((reading, ctx), []).append(ocr)
                elif kind == "initial":
                    initials.setdefault((reading, ctx), []).append(ocr)
                else:
                    raise ValueError(f"{path}: unknown confusion kind {kind!r}")
        return cls(char_any, char_in_word, frozenset(drop), digit, letter, year,
                   {k: tuple(v) for k, v in words.items()}, {k: tuple(v) for k, v in initials.items()}, between)


@lru_cache(maxsize=1)
def confusions() -> Confusions:
    return Confusions.load()


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    conf = confusions()
    if c in conf.char_any:
        return conf.char_any[c]
    if c in ("đ", "Đ"):
        return "d"
    base = unicodedata.normalize("NFD", c)[0].lower()
    if len(base) != 1:  # e.g. 'İ'.lower() is two code points
        base = base[0]
    return base


@lru_cache(maxsize=1)
def _in_word_candidates() -> re.Pattern | None:
    conf = confusions()
    chars = "".join(conf.char_in_word) + "".join(conf.char_drop) + "".join(conf.digit_in_word)
    return re.compile("[" + re.escape(chars) + "]") if chars else None


# where a letter the OCR prints for a digit is read as that digit ({c}: the letters), by the context of the
# confusion file: 'in_number' after a digit ('6l,3'), after a digit and its separator ('6,l'), or before a
# digit at a word's start ('l20 triệu', 'l.465'), never inside a word; 'between_digits' only where a digit must
# stand: between two digits ('1O4,5'), ending a group of three ('1.42O'), before a separator and a digit ('O,42')
LETTER_AS_DIGIT = {
    "in_number": r"(?<=\d){c}(?![a-z])|(?<=\d[.,]){c}(?![a-z])|(?<![a-z0-9]){c}(?=[.,]?\d)",
    "between_digits": r"(?<=\d){c}(?=\d)|(?<=[.,]\d\d){c}(?![a-z0-9])|(?<![a-z0-9]){c}(?=[.,]\d)",
}


@lru_cache(maxsize=2)
def _letters_as_digits(context: str) -> re.Pattern | None:
    conf = confusions()
    letters = "".join((conf.letter_in_number if context == "in_number" else conf.letter_between_digits) or {})
    if not letters:
        return None
    return re.compile(LETTER_AS_DIGIT[context].replace("{c}", "[" + re.escape(letters) + "]"))


@lru_cache(maxsize=1)
def _years_with_letters() -> re.Pattern | None:
    """A year with a letter for a digit ('2O2O', '2O15'): 19 or 20, then digits or those letters."""
    letters = "".join(confusions().letter_in_year)
    if not letters:
        return None
    c = "[0-9" + re.escape(letters) + "]"
    return re.compile(rf"(?<![a-z0-9])(?=\d*[{re.escape(letters)}])(?:19|2{c}){c}{{2}}(?![a-z0-9])")


def _digits_in_numbers(key: str) -> str:
    conf = confusions()
    for context, table in (("in_number", conf.letter_in_number), ("between_digits", conf.letter_between_digits)):
        rx = _letters_as_digits(context)
        if rx is not None:
            key = rx.sub(lambda m, t=table: t[m.group()], key)
    years = _years_with_letters()
    if years is not None:
        key = years.sub(lambda m: "".join(conf.letter_in_year.get(c, c) for c in m.group()), key)
    return key


def fold(text: str) -> str:
    """Lower case, diacritics and OCR symbols folded; same length as `text`."""
    table = {ord(c): _fold_char(c) for c in set(text)}
    key = _digits_in_numbers(text.translate(table))
    rx = _in_word_candidates()
    if rx is None:
        return key
    conf = confusions()
    chars = list(key)
    n = len(chars)
    hits = [m.start() for m in rx.finditer(key)]
    if not hits:
        return key
    # candidates are found with a plain character class (fast); their neighbours decide.
    # Symbols first, so that '1&' becomes '1e' and then 'le'.
    for i in hits:
        c = chars[i]
        prev = chars[i - 1] if i else " "
        nxt = chars[i + 1] if i + 1 < n else " "
        if c in conf.char_in_word and (prev.isascii() and prev.isalnum() or nxt.isascii() and nxt.isalnum()):
            chars[i] = conf.char_in_word[c]
        elif c in conf.char_drop and "a" <= prev <= "z":
            chars[i] = " "  # keep the length: 'co’ban' stays two words
    for i in hits:
        c = chars[i]
        if c not in conf.digit_in_word:
            continue
        prev = chars[i - 1] if i else " "
        nxt = chars[i + 1] if i + 1 < n else " "
        # a lone digit touching a letter: 'c6' = có, '1anh' = lãnh; not '100ha'
        if ("a" <= nxt <= "z" and not prev.isdigit()) or ("a" <= prev <= "z" and not nxt.isdigit()):
            chars[i] = conf.digit_in_word[c]
    return "".join(chars)


def initials_of(letter: str, contexts: tuple[str, ...] = ("word_start",)) -> tuple[str, ...]:
    """The letters the OCR prints for `letter` at a word's start: 'p' for the 'd' of Đ ('Pang' = Đảng), and in
    a place name also 'b' ('Sa Béc')."""
    conf = confusions()
    return tuple(x for ctx in contexts for x in conf.initials.get((letter, ctx), ()))


def _alternatives(reading: str, contexts: tuple[str, ...]) -> list[str]:
    conf = confusions()
    alts = {reading}
    for ctx in contexts:
        alts.update(conf.words.get((reading, ctx), ()))
    for letter in initials_of(reading[:1]):
        alts.update(letter + a[1:] for a in list(alts) if a[:1] == reading[:1])
    return sorted(alts, key=len, reverse=True)


@lru_cache(maxsize=512)
def phrase(reading: str, contexts: tuple[str, ...] = ("any",)) -> str:
    """Regex source for a folded phrase, each word (or the whole phrase) allowing its OCR spellings.

    Words are separated by any run of whitespace (OCR breaks lines anywhere); the phrase is bounded
    so 'dat' does not match inside 'dath'.
    """
    whole = [re.escape(a).replace(r"\ ", r"\s+") for a in _alternatives(reading, contexts) if " " in a]
    words = []
    for w in reading.split():
        alts = _alternatives(w, contexts)
        words.append("(?:" + "|".join(re.escape(a) for a in alts) + ")")
    joined = r"\s+".join(words)
    body = "|".join(whole + [joined])
    return rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])"


@lru_cache(maxsize=512)
def compiled(reading: str, contexts: tuple[str, ...] = ("any",)) -> re.Pattern:
    return re.compile(phrase(reading, contexts))


def has(key: str, reading: str, contexts: tuple[str, ...] = ("any",)) -> bool:
    return compiled(reading, contexts).search(key) is not None


@lru_cache(maxsize=1)
def _digit_words() -> tuple[re.Pattern | None, re.Pattern | None]:
    """Words the OCR printed with digits ('ty 18' = tỷ lệ, '14' = là before a number)."""
    conf = confusions()
    always, before_number = [], []
    for (reading, ctx), spellings in conf.words.items():
        for s in spellings:
            if any(ch.isdigit() for ch in s):
                (before_number if ctx == "before_number" else always).append(re.escape(s).replace(r"\ ", r"\s+"))

    def rx(alts, tail=""):
        return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alts) + r")(?![a-z0-9])" + tail) if alts else None

    return rx(always), rx(before_number, r"(?=\s+\d)")


def digit_word_spans(key: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the key where digits spell a word, so the number finder can skip them."""
    end = len(key) if end is None else end
    spans = []
    for rx in _digit_words():
        if rx is not None:
            spans += [(m.start(), m.end()) for m in rx.finditer(key, start, end)]
    return spans
