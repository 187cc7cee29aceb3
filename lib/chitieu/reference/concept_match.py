"""Which concept a number is: a claim that must fit, else none.

A number fits a concept when four things agree (the range is checked in extract.concept_fit, once the value
has been read, and any OCR repair of it made):
- the words: every keyword group of the concept matches the folded name, no exclusion does;
- the kind: what the text claims the number is ('tăng 7%' a growth, 'chiếm 32%' a share, 'gấp 1,6 lần' a
  ratio, 'giảm còn 2%' a level; `claim_of`) is a claim the concept's kind answers (concept_kinds.csv);
  'đứng thứ 2/12' claims a rank, which no concept is;
- the unit: the number's unit converts into the concept's (units.csv): '%' is never an amount of money,
  'USD' never VND;
- the range: the value lies where the kind and the concept allow (a share ≤ 100, a level > 0).
Among the concepts that fit, the one whose words stand nearest the number wins, and of words that overlap the
one that says most ('chỉ số sản xuất công nghiệp' over 'công nghiệp'); when nothing fits, the number keeps
no concept and `Fit.why` says why — a wrong concept is worse than none. A word the OCR damaged ('qudc',
'trudong') is read as the codebook's word it is one or two letters from (rapidfuzz), where that word is the
only one so near.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import cues
from .concepts import Concept, load_concepts
from .ocrkey import phrase
from .units import factor

CLAIM_ROLES = {"claim_growth": "growth", "claim_change": "change", "claim_share": "share", "claim_rate": "rate",
               "claim_rank": "rank", "claim_level": "level", "claim_ratio": "ratio", "claim_change_verb": "change"}
PREDICATE_ONLY = {"claim_level", "claim_ratio", "claim_change_verb"}   # 'còn', 'gấp', 'vượt' only right before it
NO_CLAIM = "level"     # a number no kind word speaks of reads as a level, a count, a share or a rate
RANK = "rank"
EXACT_UNIT_BONUS = 100  # the number prints the concept's own unit   e.g. '%/năm' for an average growth
KIND_BONUS = 20         # the concept's kind is the claim itself (a growth for 'tăng'), not only one it answers
_NUMBER = re.compile(r"(?<![a-z])\d[\d.,]*\d")
WORD = re.compile(r"[a-z]+")
BRACKETED = re.compile(r"\([^()]*\)")   # an aside   e.g. '(kể cả cây công nghiệp lâu năm)'
PLUS_SIGN = re.compile(r"\+\s*$")   # 'GRDP: + 5,16%': a signed % is a change
PER_YEAR = "%/year"
_BRACKETS = re.compile(r"\[[^\]]*\]|\(\?<?[=!][^)]*\)|\\[a-z]")   # character classes, lookarounds, escapes
OCR_U = "w"       # Vietnamese has no w: the OCR prints it for ư   e.g. 'dau tw' = đầu tư
REPAIR_MIN = 4    # shorter words are too many to tell apart   e.g. mei (moi? mai?)
REPAIR_LONG = 7   # from this length a word may be two letters off   e.g. trudong -> truong
_NO_LETTERS = re.compile(r"[^a-z]*")


@dataclass(frozen=True)
class Fit:
    """A concept, how sure the match is (0-1), and why no concept fits when none does."""

    concept: Concept | None
    confidence: float = 0.0
    why: str | None = None


@lru_cache(maxsize=1)
def _claim_rx() -> tuple[re.Pattern, dict[str, str]]:
    """Every claim cue in one alternation, longest first ('giam con' before 'giam'), each in a named group;
    group name -> its role."""
    pairs = sorted(((role, r) for role in CLAIM_ROLES for r in cues.readings()[role]), key=lambda p: -len(p[1]))
    names = {f"c{i}": role for i, (role, _) in enumerate(pairs)}
    return re.compile("|".join(f"(?P<c{i}>{phrase(r)})" for i, (_, r) in enumerate(pairs))), names


@lru_cache(maxsize=1)
def _filler_rx() -> re.Pattern:
    return re.compile(cues.source("claim_filler"))


def only_fillers(text: str) -> bool:
    """Nothing but filler words ('bình quân', 'đạt', 'năm 2023'), numbers and punctuation."""
    return _NO_LETTERS.fullmatch(_filler_rx().sub(" ", text)) is not None


def own_words(text: str) -> int:
    """How many words a text has besides fillers and claim words: a clause with a few ('tỷ lệ huy động trẻ em
    đến trường đạt') names its own value, one with none ('; tăng') leaves it to the clause before."""
    rest = _filler_rx().sub(" ", text)
    return len(WORD.findall(_claim_rx()[0].sub(" ", rest)))


@lru_cache(maxsize=8192)
def _claim(window: str) -> tuple[str | None, bool, str]:
    """(role, whether it is the predicate right before the number, the words after the cue)."""
    rx, names = _claim_rx()
    found = list(rx.finditer(window))
    if not found:
        return None, False, ""
    last = found[-1]
    if only_fillers(window[last.end():]):
        return names[last.lastgroup], True, window[last.end():]
    heads = [m for m in found if names[m.lastgroup] not in PREDICATE_ONLY]
    return (names[heads[0].lastgroup], False, window[heads[0].end():]) if heads else (None, False, "")


def claim_of(window: str) -> str | None:
    """What folded text before a number claims it is: the predicate right before it ('... tăng bình quân 7%'
    -> growth, 'giảm còn 2%' -> level), else the head of the name ('Tốc độ tăng trưởng kinh tế đạt 7%' ->
    growth, 'Tỷ lệ tăng dân số tự nhiên 1,2%' -> rate); None when no kind word stands there."""
    role = _claim(window)[0]
    return CLAIM_ROLES[role] if role else None


def is_rank(window: str) -> bool:
    """'... đứng thứ' or '(xếp hạng)' right before a number: it is a rank, never a value."""
    role, predicate, _ = _claim(window)
    return predicate and CLAIM_ROLES.get(role) == RANK


def claim_for(window: str, unit: str | None) -> str | None:
    """The claim, with the number's unit: a number in 'lần' is a ratio; a growth word before an amount is a
    change when it is the predicate ('tăng 2,1 triệu đồng', 'có thêm 15 xã'), else the amount is the level
    reached ('thu ngân sách tăng nhanh, đạt 58.841 tỷ đồng')."""
    if unit == "times":
        return "ratio"
    if PLUS_SIGN.search(window) and factor(unit or "", "%") is not None:
        return "growth"
    role, predicate, tail = _claim(window)
    claim = CLAIM_ROLES[role] if role else None
    if claim is None and unit == PER_YEAR:
        return "growth"   # 'ổn định với mức 4,55%/năm': a rate per year is a period's average change
    if claim == "growth" and unit is not None and factor(unit, "%") is None:
        return "change" if predicate and not cues.found("claim_amount", tail) else "level"
    return claim


def _squash(key: str) -> str:
    """One space between words, and numbers of two or more digits as '#': the names of an indicator differ
    between reports by their numbers, and no keyword needs them (sector 'khu vực 1' keeps its digit)."""
    return _NUMBER.sub("#", " ".join(key.split()))


def match_key(key: str, unit: str | None = None, claim: str | None = None) -> tuple[Concept | None, float]:
    """The concept of a folded name (the finders' case) with its confidence 0..1, or (None, 0)."""
    f = fit(key, unit, claim)
    return f.concept, f.confidence


def fit(key: str, unit: str | None, claim: str | None, nearest: bool = False) -> Fit:
    """The concept a number with this folded name, unit and claim is, or why none fits (the range is checked
    once the value is known: extract.concept_fit). `nearest`: in a long text, the concept whose words stand
    last (nearest the number) wins over one whose words say more."""
    if claim == RANK:
        return Fit(None, 0.0, "a rank ('đứng thứ', 'xếp hạng') is not a value")
    squashed = _squash(repair_words(key))
    ranked, why = _ranked(squashed, unit, claim or NO_CLAIM)
    if not ranked:
        return Fit(None, 0.0, why)
    ranked = _named_outside_brackets(ranked, squashed)
    concept, conf, _, _ = _nearest(ranked) if nearest else ranked[0]
    return Fit(concept, conf)


@lru_cache(maxsize=8192)
def _ranked(key: str, unit: str | None, claim: str) -> tuple[tuple[tuple[Concept, float, float, tuple], ...], str]:
    """The concepts whose words, kind and unit fit, best first, each with its confidence, the factor from the
    number's unit to its own and where its words stand (start, end, last start); and why none does when none
    does. Cached: reports repeat their names."""
    scored, why = [], None
    for c in _candidates(key):
        hits = _all_groups(c, key)
        if not hits or (c.exclude and c.exclude.search(key)):
            continue
        scale, problem = _fits(c, unit, claim)
        if problem:
            why = why or problem
            continue
        score = sum(len(h.group()) for h in hits) + 5 * len(hits)
        score += EXACT_UNIT_BONUS * (unit == c.unit) + KIND_BONUS * _is_claim(c, claim)
        starts = [h.start() for h in hits]
        scored.append((score, c, scale, (min(starts), max(h.end() for h in hits), max(starts))))
    if scored:
        scored.sort(key=lambda s: -s[0])
        return tuple((c, 0.9 if score >= EXACT_UNIT_BONUS else 0.75, scale, pos)
                     for score, c, scale, pos in scored), ""
    return (), why or "no concept's words"


def _named_outside_brackets(ranked, key: str):
    """Words in brackets qualify a name, they do not name the value: 'Tỷ lệ che phủ rừng (kể cả cây công nghiệp
    lâu năm)' is forest cover, not industry. A concept whose words all stand in one bracket gives way to those
    named outside, when there are any."""
    inside = [(m.start(), m.end()) for m in BRACKETED.finditer(key)]
    if not inside:
        return ranked
    outside = tuple(r for r in ranked if not any(a <= r[3][0] and r[3][1] <= b for a, b in inside))
    return outside or ranked


def _nearest(ranked):
    """The best-worded of the concepts whose words reach the last word any concept starts there: 'dịch vụ' after
    'công nghiệp - xây dựng ...' names the value; 'chỉ số sản xuất công nghiệp' covers 'công nghiệp'."""
    last = max(span[2] for *_, span in ranked)
    return next(r for r in ranked if r[3][1] >= last)


def _is_claim(c: Concept, claim: str) -> bool:
    return c.kind == claim or (claim == NO_CLAIM and c.kind == "count")


def _fits(c: Concept, unit: str | None, claim: str) -> tuple[float, str | None]:
    """The factor from the number's unit to the concept's, or what does not fit: the kind or the unit."""
    if claim not in c.claims:
        return 1.0, f"a {claim} is not {c.code} (a {c.kind})"
    if unit is None:
        return 1.0, None
    f = factor(unit, c.unit)
    if f is None:
        return 1.0, f"{unit} is not the unit of {c.code} ({c.unit})"
    return f, None


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
    """The concepts every keyword group of which has an anchor in the name, in codebook order (one regex scan
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
    """Every required keyword group's last match (nearest the number), or None at the first that misses (most
    concepts miss at once)."""
    hits = []
    for g in c.required:
        first = g.search(key)
        if first is None:
            return None
        hits.append(next(reversed(list(g.finditer(key, first.start())))))
    return hits


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every word the codebook, its labels and the cue words know; the words its keywords are made of)."""
    keyword_words = set()
    known = {w for role in cues.readings() for r in cues.readings()[role] for w in r.split()}
    for c in load_concepts():
        known.update(WORD.findall(c.label_key))
        for g in c.required:
            keyword_words.update(w for w in WORD.findall(_BRACKETS.sub(" ", g.pattern)) if len(w) >= REPAIR_MIN)
    return frozenset(known | keyword_words), tuple(sorted(keyword_words))


@lru_cache(maxsize=65536)
def _repaired_word(word: str) -> str:
    """The keyword a damaged word stands for, when exactly one is this near ('qudc' -> 'quoc'); else the word."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    known, keywords = _vocabulary()
    if word in known:
        return word
    if OCR_U in word and word.replace(OCR_U, "u") in known:
        return word.replace(OCR_U, "u")   # 'dwoc', 'tw': the OCR's w for ư
    if len(word) < REPAIR_MIN:
        return word
    limit = 1 if len(word) < REPAIR_LONG else 2
    hits = process.extract(word, keywords, scorer=Levenshtein.distance, score_cutoff=limit, limit=3)
    best = [w for w, d, _ in hits if d == min(d for _, d, _ in hits)] if hits else []
    return best[0] if len(best) == 1 else word


def repair_words(key: str) -> str:
    """The folded name with each word the OCR damaged read as the codebook word it stands for."""
    return WORD.sub(lambda m: _repaired_word(m.group()), key)
