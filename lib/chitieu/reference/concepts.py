"""The concept taxonomy (data/reference/concepts.csv) and a matcher from an indicator's name to a concept.

Keywords decide first (every required group must match the folded name, no exclusion may); the unit
breaks ties (a count of communes is not a share of communes). Below that, rapidfuzz similarity to the
Vietnamese label; under the threshold the concept stays None and the raw name is kept, never forced.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ..paths import REFERENCE
from .ocrkey import fold
from .units import unit_family

CONCEPTS_FILE = REFERENCE / "concepts.csv"
FUZZY_THRESHOLD = 86.0
DIRECTIONS = ("higher", "lower", "neutral")
DOMAINS = ("economy", "society", "environment", "party")


@dataclass(frozen=True)
class Concept:
    code: str
    label_vi: str
    label_en: str
    unit: str | None
    direction: str
    domain: str
    required: tuple[re.Pattern, ...]
    exclude: re.Pattern | None
    label_key: str
    share_max: float | None = None   # the largest plausible value of a share (enrolment can pass 100%)
    anchors: tuple[tuple[str, ...] | None, ...] = ()  # per keyword group, literal text one of which a name must
    # hold for the group to match (a fast prefilter; None where a group starts with a pattern)
    theme: str = "other"             # concepts researchers compare together (poverty rate and its reduction)


def _group(alts: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])(?:" + alts + ")")


@lru_cache(maxsize=1)
def load_concepts() -> tuple[Concept, ...]:
    out = []
    with open(CONCEPTS_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["direction"] not in DIRECTIONS or row["domain"] not in DOMAINS:
                raise ValueError(f"{CONCEPTS_FILE}: concept {row['code']!r} has a bad direction or domain")
            out.append(Concept(
                code=row["code"], label_vi=row["label_vi"], label_en=row["label_en"],
                unit=row["unit"] or None, direction=row["direction"], domain=row["domain"],
                required=tuple(_group(g) for g in row["keywords"].split(";") if g),
                exclude=_group(row["exclude"]) if row["exclude"] else None,
                label_key=fold(row["label_vi"]),
                share_max=float(row["share_max"]) if row.get("share_max") else None,
                theme=row.get("theme") or "other",
                anchors=tuple(_anchors(g) for g in row["keywords"].split(";") if g),
            ))
    return tuple(out)


@lru_cache(maxsize=1)
def concepts_by_code() -> dict[str, Concept]:
    return {c.code: c for c in load_concepts()}


_NUMBER = re.compile(r"(?<![a-z])\d[\d.,]*\d")


def _squash(key: str) -> str:
    """One space between words, and numbers of two or more digits as '#': the names of an indicator differ
    between reports by their numbers, and no keyword needs them (sector 'khu vực 1' keeps its digit)."""
    return _NUMBER.sub("#", " ".join(key.split()))


def match_concept(name: str, unit: str | None = None) -> tuple[Concept | None, float]:
    """Best concept for an indicator name (original text) and its unit, with a confidence 0..1."""
    return _match(_squash(fold(name)), unit)


def match_key(key: str, unit: str | None = None) -> tuple[Concept | None, float]:
    """The same for a name already on the folded key (the finders' case): no second fold."""
    return _match(_squash(key), unit)


@lru_cache(maxsize=8192)
def _match(key: str, unit: str | None) -> tuple[Concept | None, float]:
    """Cached on the folded name: reports repeat the same indicator names, report after report."""
    best, best_score = None, -1e9
    for c in _candidates(key):
        hits = _all_groups(c, key)
        if not hits or (c.exclude and c.exclude.search(key)):
            continue
        score = sum(len(h.group()) for h in hits) + 5 * len(hits)
        if _families_clash(unit, c.unit):
            continue   # a share is never a level: 'tăng 5%' is not the export value, '930 triệu USD' not its growth
        if unit and c.unit:
            score += 100 if unit == c.unit else (-30 if unit_family(unit) != unit_family(c.unit) else 0)
        if score > best_score:
            best, best_score = c, score
    if best is not None:
        return best, 0.9 if best_score >= 100 else 0.75
    from rapidfuzz import fuzz, process  # lazy: only names the keywords missed pay for it

    choices = _fuzzy_choices(unit_family(unit) if unit else None)
    hit = process.extractOne(key, choices, scorer=fuzz.token_set_ratio)
    if hit and hit[1] >= FUZZY_THRESHOLD:
        return concepts_by_code()[hit[2]], round(hit[1] / 100 * 0.7, 3)
    return None, 0.0


REGEX_META = set("\\[](){}?*+.^$|")
QUANTIFIERS = set("?*{")


def _top_level_alternatives(pattern: str) -> list[str]:
    """'grdp|tong san pham|(?:a|b)c' -> ['grdp', 'tong san pham', '(?:a|b)c']."""
    out, depth, cur, i = [], 0, [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            cur.append(pattern[i:i + 2])
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _anchors(group: str) -> tuple[str, ...] | None:
    """The literal start of each alternative of a keyword group ('khu vu[a-z]* (?:i|1)' -> 'khu vu'); None when
    an alternative starts with a pattern, so the prefilter never drops a concept that could match."""
    out = []
    for alt in _top_level_alternatives(group):
        lit = ""
        for j, ch in enumerate(alt):
            if ch in REGEX_META:
                if ch in QUANTIFIERS and lit:
                    lit = lit[:-1]   # 'ab?': the b is optional
                break
            lit += ch
        if not lit.strip():
            return None
        out.append(lit)
    return tuple(out)


@lru_cache(maxsize=1)
def _anchor_index():
    """One regex over every keyword group's anchors, with the shorter anchors each one contains (an overlapping
    match reports the longest only), and, per anchor, the concepts whose first group it opens."""
    concepts = load_concepts()
    anchors = sorted({a for c in concepts for ga in c.anchors if ga for a in ga}, key=len, reverse=True)
    rx = re.compile("(?=(" + "|".join(re.escape(a) for a in anchors) + "))") if anchors else None
    implied = {a: frozenset(b for b in anchors if b in a) for a in anchors}
    opens: dict[str, set[int]] = {}
    always: set[int] = set()
    for i, c in enumerate(concepts):
        first = c.anchors[0] if c.anchors else None
        if first is None:
            always.add(i)
        else:
            for a in first:
                opens.setdefault(a, set()).add(i)
    return rx, implied, opens, frozenset(always)


def _candidates(key: str) -> list[Concept]:
    """The concepts every keyword group of which has an anchor in the name, in taxonomy order (one regex scan
    instead of a search per group and concept)."""
    rx, implied, opens, always = _anchor_index()
    present: set[str] = set()
    if rx is not None:
        for m in rx.finditer(key):
            present |= implied[m.group(1)]
    idx = set(always)
    for a in present:
        idx |= opens.get(a, set())
    concepts = load_concepts()
    return [concepts[i] for i in sorted(idx)
            if all(ga is None or not present.isdisjoint(ga) for ga in concepts[i].anchors[1:])]


def _all_groups(c: Concept, key: str) -> list[re.Match] | None:
    """Every required keyword group's match, or None at the first that misses (most concepts miss at once)."""
    hits = []
    for g in c.required:
        m = g.search(key)
        if m is None:
            return None
        hits.append(m)
    return hits


@lru_cache(maxsize=32)
def _fuzzy_choices(family: str | None) -> dict[str, str]:
    """The labels a name may be fuzzily matched to, for a value of this unit family (shares only with shares)."""
    share = family == "share"
    return {c.code: c.label_key for c in load_concepts()
            if family is None or c.unit is None or (unit_family(c.unit) == "share") == share}


def _families_clash(unit: str | None, concept_unit: str | None) -> bool:
    """A share (%) against a level (an amount, a count): never the same indicator."""
    return bool(unit and concept_unit) and (unit_family(unit) == "share") != (unit_family(concept_unit) == "share")



def themes_frame():
    """code -> theme, as a Polars frame for joins."""
    import polars as pl

    return pl.DataFrame({"concept": [c.code for c in load_concepts()], "theme": [c.theme for c in load_concepts()]})
