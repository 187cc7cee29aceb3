"""Places a report names, and which of them reports: provinces, cities, districts, wards and communes.

The places are data/reference/places.csv (the GSO's units before and after the 2025 reorganisation, see
build_places.py beside it); the words that say a name's level ('tỉnh', 'huyện', 'phường', 'Tỉnh ủy') are
data/reference/levels.csv. A name is looked up only where a level word stands before it, or, for the 63
provinces and centrally-run cities, where it stands capitalised on its own ('Điện Biên: GRDP 6 tháng ...').
Names are matched on the OCR key (a damaged 'Pien Bien' finds Điện Biên) but must be capitalised in the
original text, so 'xã hội' never reads as a commune called Hội.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .ocrkey import fold, phrase
from .paths import REFERENCE
from .vocab import Level

PLACES_FILE = REFERENCE / "places.csv"
LEVELS_FILE = REFERENCE / "levels.csv"
LONGEST_NAME_WORDS = 5      # 'Bà Rịa - Vũng Tàu' is four words; a name is looked up on at most five
NAME_WORD = re.compile(r"[a-z0-9]+")
DAMAGED_D = "pb"            # OCR reads a capital Đ as P or B: 'Pien Bien'


@dataclass(frozen=True)
class Place:
    name: str
    level: Level
    parent: str | None
    era: str                # before_2025 | after_2025 | both
    merged_into: str | None


@dataclass(frozen=True)
class Mention:
    """A place named at an offset of the text, with the level word before it (None for a bare name)."""
    candidates: tuple[Place, ...]
    start: int
    end: int
    level_word: Level | None
    organ: bool             # 'Đảng bộ tỉnh X', 'UBND huyện X', 'Tỉnh ủy X': the unit's own bodies


def name_key(name: str, damaged: bool = False) -> str:
    """The folded words of a name; `damaged` reads every initial P or B as D ('pien bien' = 'dien bien')."""
    words = NAME_WORD.findall(fold(name))
    if damaged:
        words = ["d" + w[1:] if w[:1] in DAMAGED_D else w for w in words]
    return " ".join(words)


@dataclass(frozen=True)
class Gazetteer:
    exact: dict[str, tuple[Place, ...]]
    damaged: dict[str, tuple[Place, ...]]
    top_level: frozenset[str]   # provinces and centrally-run cities by their own name (found without a level word;
    #                             not by an alias in places.csv's `also`, which may be a person's name as well)
    host_names: dict[str, tuple[Place, ...]]   # 'laocai' -> Lào Cai (a portal's host name)

    def lookup(self, key: str) -> tuple[Place, ...]:
        return self.exact.get(key) or self.damaged.get(" ".join(
            "d" + w[1:] if w[:1] in DAMAGED_D else w for w in key.split()), ())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    exact: dict[str, list[Place]] = defaultdict(list)
    damaged: dict[str, list[Place]] = defaultdict(list)
    top, hosts = set(), defaultdict(list)
    with open(PLACES_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            place = Place(row["name"], Level(row["level"]), row["parent"] or None, row["era"],
                          row["merged_into"] or None)
            for name in [row["name"], *filter(None, row["also"].split("|"))]:
                exact[name_key(name)].append(place)
                damaged[name_key(name, damaged=True)].append(place)
                if place.parent is None and name == row["name"]:
                    top.add(name_key(name))
                    hosts[name_key(name).replace(" ", "")].append(place)
    return Gazetteer(_frozen(exact), _frozen(damaged), frozenset(top), _frozen(hosts))


def _frozen(table: dict[str, list[Place]]) -> dict[str, tuple[Place, ...]]:
    return {k: tuple(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def level_words() -> dict[str, list[tuple[str, Level]]]:
    """kind (unit, committee, organ, national) -> [(folded reading, level)], longest reading first."""
    out: dict[str, list[tuple[str, Level]]] = defaultdict(list)
    with open(LEVELS_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["kind"]].append((" ".join(row["reading"].split()), Level(row["level"]) if row["level"] else None))
    return {k: sorted(v, key=lambda t: -len(t[0])) for k, v in out.items()}


@lru_cache(maxsize=1)
def _mention_pattern() -> tuple[re.Pattern, dict[str, Level], frozenset[str]]:
    """A level word (or a committee word, or an area word without a level) and the words after it:
    'tinh uy lang son', 'phuong tan phong', 'dia ban mong cai'."""
    words = level_words()
    alts = [(r, lv) for kind in ("committee", "unit", "area") for r, lv in words.get(kind, [])]
    groups = "|".join(f"(?P<w{i}>{phrase(r)})" for i, (r, _) in enumerate(alts))
    organs = "|".join(phrase(r) for r, _ in words.get("organ", []))
    rx = re.compile(rf"(?P<organ>(?:{organs})\s+)?(?:{groups})[\s(]+(?P<name>[a-z0-9]+(?:[ \t-]+[a-z0-9]+){{0,4}})")
    committees = frozenset(f"w{i}" for i in range(len(words["committee"])))   # 'Tỉnh ủy X' is an organ too
    return rx, {f"w{i}": lv for i, (_, lv) in enumerate(alts)}, committees


def _capitalised(text: str, start: int) -> bool:
    return text[start:start + 1].isupper() or text[start:start + 1].isdigit()


def _longest_name(g: Gazetteer, key: str, start: int, words: list[tuple[int, int]],
                  bare: bool = False) -> tuple[tuple[Place, ...], int] | None:
    """The longest run of words from `start` that names a place (a bare name: a top-level one only)."""
    for n in range(min(LONGEST_NAME_WORDS, len(words)), 0, -1):
        k = " ".join(key[a:b] for a, b in words[:n])
        if bare and k not in g.top_level:
            continue
        found = g.lookup(k)
        if bare:
            found = tuple(p for p in found if p.parent is None)
        if found:
            return found, words[n - 1][1]
    return None


def _words_at(key: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in NAME_WORD.finditer(key, start, end)][:LONGEST_NAME_WORDS]


def mentions(text: str, key: str, limit: int) -> list[Mention]:
    """Every place named in text[:limit], in text order."""
    g = gazetteer()
    rx, levels, committees = _mention_pattern()
    out: list[Mention] = []
    taken: set[int] = set()
    for m in rx.finditer(key, 0, limit):
        start = m.start("name")
        if not _capitalised(text, start):
            continue
        hit = _longest_name(g, key, start, _words_at(key, start, m.end("name")))
        if hit:
            group = next(k for k in levels if m.group(k))
            organ = bool(m.group("organ")) or group in committees
            out.append(Mention(hit[0], start, hit[1], levels[group], organ))
            taken.add(start)
    out.extend(_bare_mentions(g, text, key, limit, taken))
    return sorted(out, key=lambda mn: mn.start)


BARE_NAME_START = re.compile(r"(?<![a-z0-9])[a-z]")   # a word a bare province name may begin with


def _bare_mentions(g: Gazetteer, text: str, key: str, limit: int, taken: set[int]) -> list[Mention]:
    """Provinces and centrally-run cities named without a level word, capitalised: 'Yên Bái lọt top 10'."""
    out = []
    for m in BARE_NAME_START.finditer(key, 0, limit):
        start = m.start()
        if start in taken or not text[start:start + 1].isupper():
            continue
        hit = _longest_name(g, key, start, _words_at(key, start, min(limit, start + 40)), bare=True)
        if hit and all(text[a:a + 1].isupper() for a, _ in _words_at(key, start, hit[1])):
            out.append(Mention(hit[0], start, hit[1], None, False))
    return out


HOST = re.compile(r"https?://(?:www\.|m\.)?([a-z0-9.-]+)")   # 'https://laocai.gov.vn/...' -> laocai.gov.vn


def portal_place(source_line: str) -> Place | None:
    """The province whose government portal the text was saved from ('laocai.gov.vn', not a newspaper)."""
    g = gazetteer()
    for m in HOST.finditer(source_line.lower()):
        labels = m.group(1).split(".")
        if "gov" not in labels:
            continue
        for label in labels:
            found = g.host_names.get(label)
            if found:
                return found[0]
    return None


TITLE_WEIGHT = 10   # a place named in the title block outweighs ten mentions in the body ...
ORGAN_WEIGHT = 3    # ... and one whose own bodies speak ('Đảng bộ phường X', 'UBND huyện X') three
LEVEL_WEIGHT = 5    # a place of the level the congress names ('Đại hội Đảng bộ tỉnh ...')


TIERS = (Level.NATIONAL, Level.PROVINCE, Level.CITY, Level.TOWN, Level.DISTRICT, Level.WARD, Level.COMMUNE)


def _of_its_level(mention: Mention) -> tuple[Place, ...]:
    cands = mention.candidates
    if mention.level_word is not None:
        cands = tuple(p for p in cands if p.level == mention.level_word) or cands
    return cands


def _sole_parent(mention: Mention) -> str | None:
    """The province of a mention that can mean places of one province only ('thành phố Móng Cái': Quảng Ninh)."""
    parents = {p.parent for p in _of_its_level(mention)}
    return parents.pop() if len(parents) == 1 else None


def resolve(mention: Mention, named: set[str]) -> Place:
    """The one place a mention means: of the level its level word says, in a province the text names."""
    return max(_of_its_level(mention), key=lambda p: (p.parent is None or p.parent in named, p.parent is None,
                                                      -TIERS.index(p.level), p.era != "before_2025"))


def reporting_unit(text: str, key: str, limit: int, title_end: int,
                   congress_level: str | None) -> tuple[Place, Level] | None:
    """The place that reports, scored over its mentions: title, its own organs, the congress's level."""
    found = mentions(text, key, limit)
    if not found:
        return None
    named = {p.name for mn in found for p in mn.candidates if p.parent is None} | {
        parent for mn in found if (parent := _sole_parent(mn))}
    scores: dict[Place, float] = defaultdict(float)
    first: dict[Place, int] = {}
    for mn in found:
        place = resolve(mn, named)
        scores[place] += (TITLE_WEIGHT if mn.start < title_end else 1) + (ORGAN_WEIGHT if mn.organ else 0) \
            + (LEVEL_WEIGHT if congress_level and place.level == congress_level else 0)
        first.setdefault(place, mn.start)
    best = max(scores, key=lambda p: (scores[p], -first[p]))
    return best, best.level


def names_the_nation(head: str) -> bool:
    """The country's bodies or 'cả nước' in the head of a text that names no locality: a national text."""
    return any(re.search(phrase(r), head) for r, _ in level_words().get("national", []))
