"""Places a report names, and which of them reports: provinces, cities, districts, wards and communes.

The places are data/reference/places.csv (the GSO's units before and after the 2025 reorganisation, see
build_places.py beside it); the words that say a name's level ('tỉnh', 'huyện', 'phường', 'Tỉnh ủy') are
data/reference/levels.csv. A name is looked up only where a level word stands before it, or, for the 63
provinces and centrally-run cities, where it stands capitalised on its own ('TP Hồ Chí Minh: GRDP 6 tháng ...').
Names are matched on the OCR key (a damaged 'Pa Lat' finds Đà Lạt) but must be capitalised in the
original text, so 'xã hội' never reads as a commune called Hội.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from ..paths import REFERENCE
from ..vocab import Level
from .ocrkey import _alternatives, fold, initials_of, phrase

PLACES_FILE = REFERENCE / "places.csv"
LEVELS_FILE = REFERENCE / "levels.csv"
LONGEST_NAME_WORDS = 5      # 'TP Hồ Chí Minh' is four words; a name is looked up on at most five
NAME_WORD = re.compile(r"[a-z0-9]+")
PLACE_NAME_CONTEXTS = ("word_start", "place_name")   # ocr_confusions.csv: Đ read as P or B in a name


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
    """The folded words of a name; `damaged` reads every initial P or B as D ('pa nang' = 'da nang')."""
    words = NAME_WORD.findall(fold(name))
    return " ".join(_undamaged(words) if damaged else words)


@lru_cache(maxsize=1)
def _damaged_d() -> frozenset[str]:
    return frozenset(initials_of("d", PLACE_NAME_CONTEXTS))


def _undamaged(words: list[str]) -> list[str]:
    """Each word whose first letter the OCR may have printed for a capital Đ, read with a D."""
    damaged = _damaged_d()
    return ["d" + w[1:] if w[:1] in damaged else w for w in words]


@dataclass(frozen=True)
class Gazetteer:
    exact: dict[str, tuple[Place, ...]]
    damaged: dict[str, tuple[Place, ...]]
    top_level: frozenset[str]   # provinces and centrally-run cities by their own name (found without a level word;
    #                             not by an alias in places.csv's `also`, which may be a person's name as well)
    host_names: dict[str, tuple[Place, ...]]   # 'hochiminhcity' -> TP Hồ Chí Minh (a portal's host name)

    def lookup(self, key: str) -> tuple[Place, ...]:
        return self.exact.get(key) or self.damaged.get(" ".join(_undamaged(key.split())), ())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """places.csv indexed by folded name. The file is folded in one pass (the key keeps every offset, so the
    folded rows line up with the original ones): twelve thousand names cost one translate, not one each."""
    raw = PLACES_FILE.read_text(encoding="utf-8")
    exact: dict[str, list[Place]] = defaultdict(list)
    damaged: dict[str, list[Place]] = defaultdict(list)
    top, hosts = set(), defaultdict(list)
    rows, folded = csv.reader(io.StringIO(raw)), csv.reader(io.StringIO(fold(raw)))
    col = {name: i for i, name in enumerate(next(rows))}
    next(folded)
    levels = {lv.value: lv for lv in Level}
    for row, frow in zip(rows, folded, strict=True):
        place = Place(row[col["name"]], levels[row[col["level"]]], row[col["parent"]] or None, row[col["era"]],
                      row[col["merged_into"]] or None)
        for k, name in enumerate([frow[col["name"]], *filter(None, frow[col["also"]].split("|"))]):
            words = NAME_WORD.findall(name)
            key = " ".join(words)
            exact[key].append(place)
            damaged[" ".join(_undamaged(words))].append(place)
            if place.parent is None and k == 0:
                top.add(key)
                hosts[key.replace(" ", "")].append(place)
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


@dataclass(frozen=True)
class LevelWord:
    kind: str               # unit | committee | area | organ
    level: Level | None


@lru_cache(maxsize=1)
def _level_phrases() -> tuple[dict[tuple[str, ...], LevelWord], int, frozenset[str]]:
    """Every spelling of levels.csv's readings as a tuple of words (their OCR spellings multiplied out), so a
    text's words are looked up, not scanned with a regex: ('tinh', 'uy') -> committee of a province."""
    out: dict[tuple[str, ...], LevelWord] = {}
    for kind, rows in level_words().items():
        for reading, level in rows:
            for spelling in product(*(_alternatives(w, ("any",)) for w in reading.split())):
                out.setdefault(tuple(spelling), LevelWord(kind, level))
    return out, max(len(k) for k in out), frozenset(k[0] for k in out)


NAME_GAP = re.compile(r"[\s-]*")       # between the words of a name: 'Phan Rang-Tháp Chàm', a line broken inside it
LEVEL_GAP = re.compile(r"[\s(]*")      # between a level word and the name   e.g. 'phường\nTân Phong', 'thành phố (Phan Rang-Tháp Chàm'


@dataclass(frozen=True)
class Words:
    """The words of key[:limit] with their offsets."""
    key: str
    spans: list[tuple[int, int]]
    words: list[str]

    @classmethod
    def of(cls, key: str, start: int, limit: int) -> Words:
        spans = [(m.start(), m.end()) for m in NAME_WORD.finditer(key, start, limit)]
        return cls(key, spans, [key[a:b] for a, b in spans])

    def joined(self, i: int, j: int, gap: re.Pattern) -> bool:
        """Words i..j-1 stand one after another with only `gap` characters between them."""
        return all(gap.fullmatch(self.key, self.spans[k][1], self.spans[k + 1][0]) for k in range(i, j - 1))

    def level_word_at(self, i: int) -> tuple[LevelWord, int] | None:
        table, longest, first_words = _level_phrases()
        if self.words[i] not in first_words:
            return None   # most words begin no level word
        for n in range(min(longest, len(self.words) - i), 0, -1):
            found = table.get(tuple(self.words[i:i + n]))
            if found and self.joined(i, i + n, LEVEL_GAP):
                return found, n
        return None

    def name_at(self, g: Gazetteer, i: int, bare: bool = False) -> tuple[tuple[Place, ...], int] | None:
        """The longest run of words from word i that names a place (a bare name: a top-level one only)."""
        for n in range(min(LONGEST_NAME_WORDS, len(self.words) - i), 0, -1):
            k = " ".join(self.words[i:i + n])
            if bare and k not in g.top_level:
                continue
            found = g.lookup(k)
            if bare:
                found = tuple(p for p in found if p.parent is None)
            if found and self.joined(i, i + n, NAME_GAP):
                return found, n
        return None


def _capitalised(text: str, start: int) -> bool:
    return text[start:start + 1].isupper() or text[start:start + 1].isdigit()


MENTION_REACH = 120   # a level word, an organ before it and a name of five words fit in this many characters


@lru_cache(maxsize=1)
def _mention_starts() -> re.Pattern:
    """Where a mention can begin: a level word (or organ) followed by a word, or a province name's first
    word. The text is scanned for these in one pass; only where the next word is capitalised in the
    original are its words looked up.   e.g. 'thanh pho Da Lat' (group 'lead' ends before 'Da'), 'Da Lat'"""
    def alternation(kinds) -> str:
        table = _level_phrases()[0]
        return "|".join(sorted({r"\s+".join(map(re.escape, k)) for k, lw in table.items() if lw.kind in kinds},
                               key=len, reverse=True))
    first = set()
    for k in gazetteer().top_level:
        w = k.split()[0]
        first.update({w} | ({c + w[1:] for c in _damaged_d()} if w[:1] == "d" else set()))
    bare = sorted(map(re.escape, first), key=len, reverse=True)
    lead = rf"(?:(?:{alternation({'organ'})})\s+)?(?:{alternation({'unit', 'committee', 'area'})})"
    return re.compile(r"(?<![a-z0-9])(?:(?P<lead>" + lead + r"[\s(]+)(?=[a-z0-9])|(?:"
                      + "|".join(bare) + r")(?![a-z0-9]))")


def mentions(text: str, key: str, limit: int) -> list[Mention]:
    """Every place named in text[:limit], in text order: after a level word (an organ before it: 'Đảng bộ
    tỉnh', 'UBND huyện'), or a province's own name on its own, capitalised."""
    g = gazetteer()
    out: list[Mention] = []
    done = 0
    for m in _mention_starts().finditer(key, 0, limit):
        name_start = m.end() if m.group("lead") else m.start()
        if m.start() < done or not _capitalised(text, name_start):
            continue   # most level words ('tính', 'phương') stand before a small word: no name follows
        w = Words.of(key, m.start(), min(limit, m.start() + MENTION_REACH))
        found = _leveled_mention(g, text, w, 0) or _bare_mention(g, text, w, 0)
        if found is not None:
            mention, _ = found
            out.append(mention)
            done = mention.end
    return out


def _leveled_mention(g: Gazetteer, text: str, w: Words, i: int) -> tuple[Mention, int] | None:
    lw = w.level_word_at(i)
    organ = False
    if lw and lw[0].kind == "organ":
        organ, i = True, i + lw[1]
        lw = w.level_word_at(i)
    if lw is None or lw[0].kind == "organ":
        return None
    start = i + lw[1]
    if start >= len(w.words) or not w.joined(start - 1, start + 1, LEVEL_GAP) \
            or not _capitalised(text, w.spans[start][0]):
        return None
    hit = w.name_at(g, start)
    if hit is None:
        return None
    end = start + hit[1]
    mention = Mention(hit[0], w.spans[start][0], w.spans[end - 1][1], lw[0].level,
                      organ or lw[0].kind == "committee")   # 'Tỉnh ủy X' is an organ too
    return mention, end


def _bare_mention(g: Gazetteer, text: str, w: Words, i: int) -> tuple[Mention, int] | None:
    """A province or centrally-run city named without a level word, every word capitalised: 'TP Hồ Chí Minh lọt top'."""
    if not text[w.spans[i][0]:w.spans[i][0] + 1].isupper():
        return None
    hit = w.name_at(g, i, bare=True)
    if hit is None or not all(text[a:a + 1].isupper() for a, _ in w.spans[i:i + hit[1]]):
        return None
    end = i + hit[1]
    return Mention(hit[0], w.spans[i][0], w.spans[end - 1][1], None, False), end


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
    """The province of a mention that can mean places of one province only ('thành phố Thủ Đức': TP Hồ Chí Minh)."""
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


@lru_cache(maxsize=1)
def _nation() -> re.Pattern:
    return re.compile("|".join(phrase(r) for r, _ in level_words().get("national", [])) or r"(?!)")


def names_the_nation(head: str) -> bool:
    """The country's bodies or 'cả nước' in the head of a text that names no locality: a national text."""
    return _nation().search(head) is not None
