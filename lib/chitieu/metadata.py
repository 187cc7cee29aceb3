"""Document metadata: who reports (locality, level, parent), what kind of report, which term, when.

Read from the folded key with OCR-tolerant patterns; place names with diacritics come from
data/reference/places.csv. Each congress/term the text names is kept with its level, so a report that
reviews a city's 2020-2025 term and sets the 2025-2030 targets of the ward it became says both.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from .numbers import YEAR_OR_PERIOD
from .ocrkey import fold
from .paths import REFERENCE
from .textio import Text

PLACES_FILE = REFERENCE / "places.csv"
PLACE_SCAN_CHARS = 30000  # the reporting unit names itself early; the rest of a report names others

LEVEL_WORDS = [  # folded, OCR-tolerant (P/B for Đ), longest first
    (r"thanh\s+ph[o0]", "city"),
    (r"th[i1]\s+x[a4]", "town"),
    (r"t[i1]nh", "province"),
    (r"huy[e€]n", "district"),
    (r"phu?[o0]ng|phwong|phuong", "ward"),
    (r"x[a4]", "commune"),
]
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
_CONGRESS = re.compile(
    r"[dpb]ang\s+b[o0q6d]\s+(?P<level>" + "|".join(p for p, _ in LEVEL_WORDS) + r")"
    r"[\s\S]{0,40}?l[a4]n\s+th[a-z]{0,3}\s+(?P<roman>[ivxl1t]{1,6})(?![a-z])[^\n]{0,6}?"
    r"\s*nhi[a-z]*m\s+k[yi]\s+(?P<start>20\d\d)\s*[-–—]\s*(?P<end>20\d\d)"
)
_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(20\d\d)")


@dataclass
class Congress:
    level: str
    number: int | None
    term_start: int
    term_end: int


@dataclass
class DocumentMeta:
    doc_id: str
    locality: str | None = None
    level: str | None = None
    parent: str | None = None
    report_kind: str | None = None
    term_start: int | None = None
    term_end: int | None = None
    congress_number: int | None = None
    date: str | None = None
    period_end: int | None = None          # the year a 'results' value refers to by default
    year_reviewed: int | None = None       # the year the report looks back from
    next_term_start: int | None = None
    next_term_end: int | None = None
    next_level: str | None = None
    congresses: list[Congress] = field(default_factory=list)

    def as_row(self) -> dict:
        row = asdict(self)
        row.pop("congresses")
        return row


def _roman(s: str) -> int | None:
    s = s.replace("1", "i").replace("t", "")  # OCR: 'X1V' = XIV, 'XTIV' = XIV
    total, prev = 0, 0
    for ch in reversed(s):
        v = ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def _level_of(word: str) -> str:
    for pat, level in LEVEL_WORDS:
        if re.fullmatch(pat, word):
            return level
    return "unknown"


def _place_key(words: list[str]) -> str:
    """Folded words with Đ's OCR forms (P, B) read as D, so 'sa pec' and 'sa bec' find 'sa dec'."""
    return " ".join(("d" + w[1:]) if w[:1] in "pb" else w for w in words)


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, str, str]]:
    table = {}
    with open(PLACES_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table[_place_key(fold(row["name"]).split())] = (row["name"], row["level"], row["parent"])
    return table


# a place counts where a level word (or the party committee) names it, not as a common phrase
_PLACE_CONTEXT = re.compile(r"(?<![a-z])(?:t[i1]nh|ph[o0]?|d[i1]a\s+ban|huy[e€]n|x[a4]|ph[a-z]{0,2}ng|uy|b[o0q6d])"
                            r"(?=\s+((?:[a-z]+\s+){0,3}[a-z]+))")


def _places_named(key: str):
    table = _places()
    longest = max((k.count(" ") + 1 for k in table), default=1)
    for m in _PLACE_CONTEXT.finditer(key):
        words = m.group(1).split()
        for n in range(min(longest, len(words)), 0, -1):
            hit = table.get(_place_key(words[:n]))
            if hit:
                yield hit
                break


def read_metadata(doc: Text, key: str | None = None) -> DocumentMeta:
    key = key if key is not None else fold(doc.text)
    meta = DocumentMeta(doc_id=doc.doc_id)

    congresses = []
    for m in _CONGRESS.finditer(key):
        congresses.append(Congress(_level_of(m.group("level")), _roman(m.group("roman")),
                                   int(m.group("start")), int(m.group("end"))))
    terms = Counter((c.term_start, c.term_end) for c in congresses)
    if terms:
        ordered = sorted(terms)
        reviewed = ordered[0]
        meta.term_start, meta.term_end = reviewed
        same = [c for c in congresses if (c.term_start, c.term_end) == reviewed]
        meta.congress_number = Counter(c.number for c in same).most_common(1)[0][0]
        meta.level = Counter(c.level for c in same).most_common(1)[0][0]
        if len(ordered) > 1:
            nxt = ordered[-1]
            meta.next_term_start, meta.next_term_end = nxt
            meta.next_level = next(c.level for c in congresses if (c.term_start, c.term_end) == nxt)
    meta.congresses = congresses
    if meta.term_start is None:
        # no congress named: the first term the text mentions ('nhiệm kỳ 2020 - 2025')
        tm = re.search(r"nhi[a-z]*m\s+k[yi]\s+(20\d\d)\s*[-–—]\s*(20\d\d)", key)
        if tm:
            meta.term_start, meta.term_end = int(tm.group(1)), int(tm.group(2))

    dm = _DATE.search(key[:3000])
    if dm:
        meta.date = f"{int(dm.group(3)):04d}-{int(dm.group(2)):02d}-{int(dm.group(1)):02d}"

    head = key[:1500]
    if re.search(r"gi[a-z]{0,3}a\s+nhi[a-z]*m\s+k[yi]|(?<![a-z])so'?\s*ket(?![a-z])", head):
        meta.report_kind = "mid-term review"
    elif re.search(r"nghi\s+quyet\s+dai\s+hoi|^\s*nghi\s+quyet", head) and not re.search(r"bao\s+cao", head):
        meta.report_kind = "resolution"
    elif re.search(r"tong\s+ket|sau\s*\d*\s*nam|ket\s+qua\s+cac\s+muc\s+tieu|danh\s+gia\s+ket\s+qua", head):
        meta.report_kind = "term report"
    else:
        meta.report_kind = "report"

    counts: Counter = Counter()
    info = {}
    for name, level, parent in _places_named(key[:PLACE_SCAN_CHARS]):
        counts[name] += 1
        info[name] = (level, parent)
    if counts:
        # the reporting unit: a place of the reviewed level first, then the most named
        name = max(counts, key=lambda n: (info[n][0] == meta.level, counts[n]))
        meta.locality = name
        meta.parent = info[name][1] or None
        if meta.level is None:
            meta.level = info[name][0]

    if meta.date is None:
        meta.date = _dateline(key)
    date_year = int(meta.date[:4]) if meta.date else None
    if meta.report_kind == "mid-term review":
        meta.period_end = date_year or (meta.term_start + 3 if meta.term_start else None)
    elif meta.term_end:
        meta.period_end = meta.term_end
    else:
        meta.period_end = date_year
    reviews_term = meta.report_kind in ("term report", "mid-term review")
    meta.year_reviewed = _title_year(key) or date_year or _previous_term_end(key, meta) \
        or (meta.period_end if reviews_term or meta.next_term_start else None) or _most_named_year(key) \
        or meta.period_end
    if meta.period_end is None or (meta.report_kind != "mid-term review" and meta.year_reviewed < meta.period_end):
        meta.period_end = meta.year_reviewed
    return meta


_PERIOD = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)(?![\d,/%])")


def _most_named_year(key: str) -> int | None:
    """The year a text names most often (after its source line): what a dateless news text is about."""
    body = key.split("\n", 1)[-1]
    years = Counter(int(m.group(2) or m.group(1)) for m in _TITLE_YEAR.finditer(body))
    return years.most_common(1)[0][0] if years else None


def _previous_term_end(key: str, meta: DocumentMeta) -> int | None:
    """A congress of the 2020-2025 term that names the 2015-2020 period reviews 2020."""
    if meta.term_start is None or meta.report_kind in ("term report", "mid-term review"):
        return None  # a term report reviews its own term
    ends = {int(m.group(2)) for m in _PERIOD.finditer(key)}
    return meta.term_start if meta.term_start in ends else None


# a date printed as digits   e.g. 'Ngày 15/11/2024', '3-10-2024'
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*((?:19|20)\d\d)(?![\d/])")
_TITLE_LINES = 8   # the title of a report or an article stands in its first lines ...
_TITLE_CHARS = 100  # ... which are short
_TITLE_YEAR = YEAR_OR_PERIOD


def _dateline(key: str) -> str | None:
    """The first date printed as d/m/yyyy near the top (a news text's own date)."""
    m = _NUMERIC_DATE.search(key[:3000])
    if not m:
        return None
    d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _title_lines(key: str) -> list[str]:
    """The title: the leading paragraphs of short lines (each at most 3 lines, none ending a sentence), joined
    one string a paragraph ('BÁO CÁO / Tình hình ... năm 2024 / và kế hoạch năm 2025')."""
    lines = key.split("\n")
    i = 1 if lines and lines[0].startswith("source:") else 0
    paragraphs: list[str] = []
    current: list[str] = []
    seen = 0
    for ln in lines[i:]:
        s = ln.strip()
        if not s:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        seen += 1
        if len(s) > _TITLE_CHARS or s.endswith(".") or len(current) >= 3 or seen > _TITLE_LINES:
            current = []
            break
        current.append(s)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _title_year(key: str) -> int | None:
    """The year the title names ('... năm 2023', 'nhiệm kỳ 2015 - 2020' -> 2020), skipping the source line."""
    from . import cues  # the title of a text that strives ('phấn đấu ... đến năm 2030') names its target year

    title = _title_lines(key)
    opens_term = bool(_OPENS_TERM.search(" ".join(title))) and not cues.found("results_context", " ".join(title))
    lines = [ln for ln in title if not cues.found("target_verb", ln) and not _NUMERIC_DATE.search(ln)]
    for ln in lines:   # a single year ('... năm 2023') says the year more precisely than a term does
        single = [m for m in _TITLE_YEAR.finditer(ln) if m.group(2) is None]
        if single:
            return int(single[0].group(1))
    for ln in lines:
        m = _TITLE_YEAR.search(ln)
        if m:
            if opens_term:
                return int(m.group(1))  # a congress or its resolution opens the term it names
            return int(m.group(2))
    return None


_OPENS_TERM = re.compile(r"(?:nghi\s+quyet|[dp]ai\s+hoi)[\s\S]*nhi[a-z]*m\s+k[yi]")  # 'NGHỊ QUYẾT ĐẠI HỘI ... NHIỆM KỲ'

