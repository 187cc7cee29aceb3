"""Segmenting any report text into candidate indicator statements.

A report states its indicators in paragraphs re-wrapped by the OCR near 80 characters, in numbered
items whose markers stand at a line start or inline ('... 6%/năm. (2) Thu ngân sách ...'), in bullets
('-', '+', '•'), in sentences and in ';'-separated clauses. The segmenter finds, in this order:
blocks (paragraphs, headings, line-start items), inline items inside a block, sentences inside an
item. Headings and intro lines ('... như sau:') are kept as *context* (they hint at the section of
what follows) and never gate anything: a statement is a statement wherever it stands.

Everything works on the OCR key (same offsets as the text), so spans are offsets into the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from ..read.text import Text
from ..reference.units import unit_at
from .numbers import NUMBER_TOKEN, YEAR_OR_PERIOD

# a line that starts an item: '(1)-', '1.', '2)', 'a)', 'II.', '-', '+', '•'   e.g. '(3)- Thu ngân sách ...'
LINE_MARKER = re.compile(
    r"\s*(?:\(\s*\d{1,2}\s*(?:\)\s*[-–.:]?|(?=\s+[a-z]))|\d{1,2}(?:\.\d{1,2}){0,2}\s*[.)](?![\d.,])|[a-hđ]\s*\)"
    r"|[ivxl]{1,5}\s*[.\-)](?=\s)|[-–—+*•·●▪](?=\s))\s*"
)
# an item marker inside a paragraph, right after a sentence end   e.g. '... 6%/năm. (2) Thu ngân sách ...'
INLINE_MARKER = re.compile(
    r"(?<=[.;:!?])\s+(?=\(\s*\d{1,2}\s*\)|\d{1,2}\s*[.)]\s+[a-z]|[a-h]\s*\)\s|[-–+•]\s+[a-z])"
)
# a sentence end: '.', '!' or '?' then space; the next character (in the text) decides
SENTENCE_END = re.compile(r"[.!?…]+[\"”’)]?\s+")
SOURCE_LINE = re.compile(r"\s*(?:source|nguon)\s*:\s*\S*(?:https?://|www\.)")  # 'SOURCE: https://...'
DIGIT = re.compile(r"\d")
# a heading's marker and its rank: a heading replaces the earlier ones of its rank or deeper
#   e.g. 'I. CÁC CHỈ TIÊU' (1) > '1. Về kinh tế' (2) > '1.1. Nông nghiệp' (3) > 'a) Trồng trọt' (4)
HEADING_RANKS = ((re.compile(r"[ivxl]+\s*[.)]\s"), 1), (re.compile(r"\d{1,2}\.\d{1,2}\.?\s"), 3),
                 (re.compile(r"\d{1,2}\s*[.)]\s"), 2), (re.compile(r"[a-z]\s*\)\s"), 4))
HEADINGS_KEPT = 3
UPPER_HEADING_MAX_CHARS = 200  # a heading in capitals on one unwrapped line (clean digital text) may be long
HEADING_MAX_CHARS = 100      # 'II. CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030' is short; an item rarely is
UPPER_SHARE = 0.8            # a line of capitals is a heading
RUN_IN_WORDS = 3             # a heading run into its paragraph has at least this many words in capitals
WORD_SPAN = re.compile(r"\S+")


@dataclass
class Block:
    start: int
    end: int
    first_line: int
    kind: str            # heading | item | paragraph
    intro: bool = False  # ends with ':' (it introduces what follows)


@dataclass
class Statement:
    """One sentence (or inline item) that may state indicators."""

    start: int
    end: int
    item: int            # running number of the item (line-start or inline) the sentence belongs to
    number: int | None   # the item's printed number ('(3)-' -> 3), None for bullets and paragraphs
    block: int           # index of its block
    context: list[str]   # the key text of the headings and intro lines above it, nearest last


def _is_upper(line: str) -> bool:
    letters = sum(map(str.isalpha, line))
    return letters >= 6 and sum(map(str.isupper, line)) / letters >= UPPER_SHARE


def _is_heading(line: str, kline: str, next_kline: str) -> bool:
    """A short line that states no value: capitals, or a numbering with a title ('1. Tăng trưởng ...')
    that the next line does not continue (it is blank or starts an item of its own)."""
    s = line.strip()
    if not s or len(s) > UPPER_HEADING_MAX_CHARS:
        return False
    upper = _is_upper(s)
    numbered = not upper and len(s) <= HEADING_MAX_CHARS and LINE_MARKER.match(kline) is not None \
        and not s.endswith((".", ";", ",")) and not s.startswith(("-", "+"))
    if not (upper or numbered) or _states_value(_without_marker(kline)):
        return False   # the cheap tests first: most lines are neither capitals nor a numbered title
    return upper or not next_kline.strip() or LINE_MARKER.match(next_kline) is not None


def _states_value(kline: str) -> bool:
    """A number with a unit, a pair or a bound: what a heading does not print ('5 năm' and years it may)."""
    if not DIGIT.search(kline):
        return False
    years = [(m.start(), m.end()) for m in YEAR_OR_PERIOD.finditer(kline)]   # 'NHIỆM KỲ 2020-2025' is no range
    for m in NUMBER_TOKEN.finditer(kline):
        if any(a <= m.start() < b for a, b in years):
            continue
        unit, _ = unit_at(kline, m.end())
        if unit or kline[m.end():m.end() + 1] in ("/", "-"):
            return True
    return False


def _without_marker(kline: str) -> str:
    m = LINE_MARKER.match(kline)
    return kline[m.end():] if m else kline


def find_blocks(doc: Text, key: str, skip_lines: set[int]) -> list[Block]:
    """Paragraphs (lines re-joined across OCR wraps), headings and line-start items, in text order."""
    lines = key.split("\n")
    blocks: list[Block] = []
    current: Block | None = None
    for i, kline in enumerate(lines):
        lineno = i + 1
        start, end = doc.line_span(lineno)
        if lineno in skip_lines or not kline.strip() or SOURCE_LINE.match(kline):
            current = None
            continue
        if _is_heading(doc.lines[i], kline, lines[i + 1] if i + 1 < len(lines) else ""):
            blocks.append(Block(start, end, lineno, "heading", kline.rstrip().endswith(":")))
            current = None
            continue
        run_in = _run_in_heading(doc.lines[i])
        if run_in is not None:   # 'II. CÁC CHỈ TIÊU CHỦ YẾU Tổng sản phẩm tăng ...': a heading, then its paragraph
            blocks.append(Block(start, start + run_in, lineno, "heading"))
            current = Block(start + run_in, end, lineno, "paragraph")
            blocks.append(current)
            continue
        starts_item = LINE_MARKER.match(kline) is not None
        if current is None or starts_item or (_after_intro(current, key) and not _continues(doc.lines[i])):
            current = Block(start, end, lineno, "item" if starts_item else "paragraph")
            blocks.append(current)
        else:
            current.end = end
        current.intro = _ends_intro(key[current.start:end])
    return [_as_heading(doc, key, _as_title(doc, key, b)) for b in blocks]


def _run_in_heading(line: str) -> int | None:
    """Where the sentence starts on a line that opens with a heading in capitals run into its paragraph
    ('II. CÁC CHỈ TIÊU CHỦ YẾU Tổng sản phẩm tăng bình quân 8,5%'): the first word in small letters after at
    least RUN_IN_WORDS words in capitals, itself capitalised."""
    words = WORD_SPAN.finditer(line)
    caps = 0
    for m in words:
        w = m.group()
        if any(c.isalpha() for c in w) and not w.isupper():
            titled = w[:1].isupper() and w[1:].islower()   # 'Tổng' opens the sentence; 'đạt' goes on with it
            return m.start() if caps >= RUN_IN_WORDS and titled else None
        caps += any(c.isalpha() for c in w)
    return None


def _as_heading(doc: Text, key: str, block: Block) -> Block:
    """A numbered title wrapped over two short lines, with no value and no full stop, then a blank line:
    '1. Đánh giá tổng quát 5 năm thực hiện Nghị quyết ...' / 'lần thứ XIX' is a heading too."""
    last = doc.line_of(block.end)
    if block.kind != "item" or last - block.first_line != 1:
        return block
    text = doc.text[block.start:block.end]
    if any(len(ln.strip()) > HEADING_MAX_CHARS for ln in text.split("\n")) or text.rstrip().endswith((".", ";", ",")) \
            or text.lstrip().startswith(("-", "+")) or _states_value(_without_marker(key[block.start:block.end])):
        return block
    following = doc.lines[last] if last < len(doc.lines) else ""
    if not following.strip():
        block.kind = "heading"
    return block


def _as_title(doc: Text, key: str, block: Block) -> Block:
    """A paragraph of one short line without a value or a full stop is a title ('Các chỉ tiêu ... năm 2026')."""
    if block.kind != "paragraph" or doc.line_of(block.end) != block.first_line:
        return block
    line = doc.text[block.start:block.end].strip()
    if len(line) <= HEADING_MAX_CHARS and not line.endswith((".", ";", ",")) \
            and not _states_value(key[block.start:block.end]):
        block.kind = "heading"
    return block


def _after_intro(block: Block, key: str) -> bool:
    """A line after an intro line ('Năm 2020:') starts a new block."""
    return _ends_intro(key[block.start:block.end]) and block.kind != "item"


def _continues(line: str) -> bool:
    """A line that opens with a number or a small letter goes on with the sentence above it, even after a ':'
    ('... đậu phộng:' / '2.994 ha, bằng 88,1% so CK'): a re-wrapped line, not a list under an intro."""
    first = line.lstrip()[:1]
    return first.isdigit() or first.islower()


def _ends_intro(text: str) -> bool:
    """Ends with ':' outside brackets: '(KH 2023:' broken over two lines is the middle of a sentence."""
    return text.rstrip().endswith(":") and text.count("(") <= text.count(")")


MARKER_NUMBER = re.compile(r"\s*\(?\s*(\d{1,2})(?!\d)")   # the number of '(3)-', '3.', '3)'


def _inline_items(key: str, block: Block) -> list[tuple[int, int, int | None]]:
    """Items split at inline markers, each without its marker ('(2) ', '3. ', 'a) ', '- '), with its number."""
    cuts = [block.start] + [m.end() for m in INLINE_MARKER.finditer(key, block.start, block.end)] + [block.end]
    out = []
    for a, b in pairwise(cuts):
        m = LINE_MARKER.match(key, a, b)
        number = None
        if m:
            nm = MARKER_NUMBER.match(key, a, m.end())
            number = int(nm.group(1)) if nm else None
            a = m.end()
        if key[a:b].strip():
            out.append((a, b, number))
    return out


def _sentences(doc: Text, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans: a full stop then a capital, a bracket, a bullet or a digit-led marker."""
    out, a = [], start
    for m in SENTENCE_END.finditer(doc.text, start, end):
        nxt = doc.text[m.end():m.end() + 1]
        if LINE_MARKER.fullmatch(doc.text[a:m.end()]):
            continue  # '1. Tốc độ ...': the item's own number, not a sentence
        if nxt and (nxt.isupper() or nxt in "(“\"-+•"):
            out.append((a, m.end()))
            a = m.end()
    if doc.text[a:end].strip():
        out.append((a, end))
    return out


def find_statements(doc: Text, key: str, skip_lines: set[int] = frozenset()) -> list[Statement]:
    """Every sentence of every block that is not a heading, with the headings and intros above it."""
    out: list[Statement] = []
    headings: list[str] = []   # headings above, nearest last
    intro: str | None = None   # an intro line or paragraph ending with ':' governs the items after it
    item = 0
    last_heading_line = -1
    for bi, block in enumerate(find_blocks(doc, key, skip_lines)):
        text_key = key[block.start:block.end]
        if block.kind == "heading":
            if headings and block.first_line == last_heading_line + 1:
                headings[-1] += " " + text_key   # a heading wrapped over two lines is one heading
            else:
                headings = _below_its_rank(headings, text_key)
            last_heading_line = block.first_line
            intro = text_key if block.intro else None
            continue
        if block.kind == "paragraph" and not block.intro:
            intro = None
        context = headings + ([intro] if intro else [])
        for a, b, number in _inline_items(key, block):
            item += 1
            for s, e in _sentences(doc, a, b):
                out.append(Statement(s, e, item, number, bi, context))
            if key[a:b].rstrip().endswith(":"):
                context = context + [key[a:b]]   # '... các chỉ tiêu đến năm 2030: a) ... b) ...' 
        if block.intro:
            intro = _last_sentence(doc, key, block)
    return out


def _rank(heading: str) -> int | None:
    return next((rank for rx, rank in HEADING_RANKS if rx.match(heading.lstrip())), None)


def _below_its_rank(headings: list[str], heading: str) -> list[str]:
    """The headings above, with a numbered heading in place of its earlier siblings ('3. Về xây dựng Đảng'
    after '1. Về kinh tế' and '2. ...' under 'I. CÁC CHỈ TIÊU CHỦ YẾU'); an unnumbered one is added on."""
    rank = _rank(heading)
    kept = list(headings)
    while rank is not None and kept and (_rank(kept[-1]) or 0) >= rank:
        kept.pop()
    return (kept + [heading])[-HEADINGS_KEPT:]


def _last_sentence(doc: Text, key: str, block: Block) -> str:
    sents = _sentences(doc, block.start, block.end)
    a, b = sents[-1] if sents else (block.start, block.end)
    return key[a:b]
