"""The concept codebook (data/reference/concepts.csv) and its kinds (concept_kinds.csv), read once.

The codebook is the team's: code, labels, unit, kind (level, count, growth, share, rate, ratio, change),
direction, domain, national indicator code (vsis_code) and a note; beside them the matching columns:
`keywords` (';'-separated groups, each an alternation that must match the folded name), `exclude` (whole words),
`value_max` (the largest plausible value, where the kind's own bound does not fit), `claims` (what else a
text may claim its numbers are, beyond its kind: the rise an index's name implies) and `theme` (concepts
researchers compare together). A concept is one quantity × one kind × one unit family; which concept a
number is, is decided in `reference.concept_match`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ..paths import REFERENCE
from .ocrkey import fold
from .units import base_of, numerator

CONCEPTS_FILE = REFERENCE / "concepts.csv"
KINDS_FILE = REFERENCE / "concept_kinds.csv"
DIRECTIONS = ("higher", "lower", "none")
DOMAINS = ("economy", "industry", "agriculture", "budget", "investment", "trade", "services", "social", "health",
           "education", "environment", "infrastructure", "party", "defence")
PERCENT = "%"   # the base unit of %, %/year, percentage points (units.csv)


@dataclass(frozen=True)
class Kind:
    """What a number of a concept is: its plausible range, and the claims a text makes that it answers."""

    code: str
    low: float | None
    low_open: bool
    high: float | None
    claims: frozenset[str]


@dataclass(frozen=True)
class Concept:
    code: str
    label_vi: str
    label_en: str
    unit: str
    kind: str
    direction: str
    domain: str
    vsis_code: str | None
    required: tuple[re.Pattern, ...]
    exclude: re.Pattern | None
    label_key: str
    value_max: float | None = None   # the largest plausible value where the kind's bound does not fit
    anchors: tuple[tuple[str, ...] | None, ...] = ()  # per keyword group, literal text one of which a name must
    # hold for the group to match (a fast prefilter; None where a group starts with a pattern)
    theme: str = "other"             # concepts researchers compare together (poverty rate and its reduction)
    extra_claims: frozenset[str] = frozenset()   # claims it answers beyond its kind's: a growth its name implies
    # ('Chỉ số sản xuất công nghiệp ... là 12%' is the index's rise)

    @property
    def claims(self) -> frozenset[str]:
        """What a text may claim a number of this concept is (its kind's claims and its own)."""
        return kinds()[self.kind].claims | self.extra_claims

    @property
    def percent(self) -> bool:
        """Counted in % (%, %/year, percentage points, % of GRDP), so a dropped decimal comma shows."""
        return base_of(numerator(self.unit))[0] == PERCENT

    @property
    def high(self) -> float | None:
        return self.value_max if self.value_max is not None else kinds()[self.kind].high

    @property
    def share_max(self) -> float | None:
        """The largest plausible % ('chiếm 3215' cannot be 3215%): for a concept counted in %."""
        return self.high if self.percent else None

    def in_range(self, value: float) -> bool:
        """The value (in the concept's unit) is one the kind and the concept allow: a share ≤ 100, a count ≥ 0,
        a level > 0, a growth ≥ -100."""
        k = kinds()[self.kind]
        if k.low is not None and (value < k.low or (k.low_open and value == k.low)):
            return False
        return self.high is None or value <= self.high


def _float(text: str) -> float | None:
    return float(text) if text.strip() else None


@lru_cache(maxsize=1)
def kinds() -> dict[str, Kind]:
    with open(KINDS_FILE, encoding="utf-8", newline="") as fh:
        return {r["kind"]: Kind(r["kind"], _float(r["min"]), r["min_open"] == "true", _float(r["max"]),
                                frozenset(r["claims"].split("|")))
                for r in csv.DictReader(fh)}


def _group(alts: str) -> re.Pattern:
    """A keyword group: its alternatives start a word and may end inside one ('dau ng' matches 'dau nguoi')."""
    return re.compile(r"(?<![a-z0-9])(?:" + alts + ")")


def _words(alts: str) -> re.Pattern:
    """An exclusion: its alternatives are whole words ('quy' is never 'quyết'; 'dau ng[a-z]*' says a prefix)."""
    return re.compile(r"(?<![a-z0-9])(?:" + alts + r")(?![a-z0-9])")


@lru_cache(maxsize=1)
def load_concepts() -> tuple[Concept, ...]:
    out = []
    with open(CONCEPTS_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["direction"] not in DIRECTIONS or row["domain"] not in DOMAINS or row["kind"] not in kinds():
                raise ValueError(f"{CONCEPTS_FILE}: concept {row['code']!r} has a bad direction, domain or kind")
            groups = [g for g in row["keywords"].split(";") if g]
            out.append(Concept(
                code=row["code"], label_vi=row["label_vi"], label_en=row["label_en"], unit=row["unit"],
                kind=row["kind"], direction=row["direction"], domain=row["domain"],
                vsis_code=row["vsis_code"] or None,
                required=tuple(_group(g) for g in groups),
                exclude=_words(row["exclude"]) if row["exclude"] else None,
                label_key=fold(row["label_vi"]), value_max=_float(row["value_max"]),
                theme=row["theme"] or "other", anchors=tuple(_anchors(g) for g in groups),
                extra_claims=frozenset(c for c in row["claims"].split("|") if c),
            ))
    return tuple(out)


@lru_cache(maxsize=1)
def concepts_by_code() -> dict[str, Concept]:
    return {c.code: c for c in load_concepts()}


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
        for ch in alt:
            if ch in REGEX_META:
                if ch in QUANTIFIERS and lit:
                    lit = lit[:-1]   # 'ab?': the b is optional
                break
            lit += ch
        if not lit.strip():
            return None
        out.append(lit)
    return tuple(out)


def themes_frame():
    """code -> theme, as a Polars frame for joins."""
    import polars as pl

    return pl.DataFrame({"concept": [c.code for c in load_concepts()], "theme": [c.theme for c in load_concepts()]})


def codebook_frame():
    """The codebook as a Polars frame (code as `concept`, unit, kind, labels, vsis_code) for joins."""
    import polars as pl

    cs = load_concepts()
    return pl.DataFrame({"concept": [c.code for c in cs], "concept_unit": [c.unit for c in cs],
                         "concept_kind": [c.kind for c in cs], "vsis_code": [c.vsis_code for c in cs],
                         "value_max": [c.high for c in cs], "value_min": [kinds()[c.kind].low for c in cs]},
                        schema={"concept": pl.String, "concept_unit": pl.String, "concept_kind": pl.String,
                                "vsis_code": pl.String, "value_max": pl.Float64, "value_min": pl.Float64})
