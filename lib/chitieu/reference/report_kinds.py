"""What kind of report a text is (SCHEMA.md's Documents vocabulary), from the words of its title.

The cue words are data/reference/report_kinds.csv, tried in the file's order (the first kind whose cue is
found wins, so 'Nghị quyết' before 'Đại hội', 'Sơ kết' before 'Báo cáo'). Each cue says where it counts:
`heading` (a title line opening with it), `title` (the title lines), `head` (the first paragraphs), `source`
(the line naming where the text was saved from). A text without any cue has no title kind: what it presents
is settled from its content once its records are read (extract.kinds).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ..paths import REFERENCE
from ..vocab import ReportKind
from .ocrkey import phrase

KINDS_FILE = REFERENCE / "report_kinds.csv"
WHERE = ("heading", "title", "head", "source")
TITLE_SCAN_LINES = 25   # the title block stands in a text's first lines (a letterhead may come before it)
TITLE_LINE_CHARS = 100  # a title line is short ...
TITLE_PARAGRAPH_LINES = 4   # ... and a title paragraph at most four lines
UPPER_TITLE_LINES = 8       # a block in capitals is a heading up to eight lines ('SỞ KẾ HOẠCH ... / PHỤ LỤC ...')
PROSE_LINE_CHARS = 60       # a paragraph with a line this long in small letters is prose: the title is above it
HEAD_CHARS = 500        # the title and the first sentences: who speaks, at which meeting
WORD_OR_NUMBER = re.compile(r"[a-z]+|[0-9]+")   # 'sau5nam' -> sau 5 nam, 'kinh te – xa hoi' -> kinh te xa hoi


@dataclass(frozen=True)
class Cue:
    kind: ReportKind
    where: str
    pattern: re.Pattern


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    out = []
    with open(KINDS_FILE, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["where"] not in WHERE:
                raise ValueError(f"{KINDS_FILE}: where must be one of {WHERE}, not {row['where']!r}")
            out.append(Cue(ReportKind(row["kind"]), row["where"], re.compile(phrase(" ".join(row["reading"].split())))))
    return tuple(out)


def words_of(text: str) -> str:
    """Only the words and numbers, one space apart: punctuation and dashes never break a cue."""
    return " ".join(WORD_OR_NUMBER.findall(text))


HEAD_SCAN_CHARS = 20000   # the title block and the first sentences stand within this many characters


def _body_lines(key: str) -> list[str]:
    lines = key[:HEAD_SCAN_CHARS].split("\n")
    return lines[1:] if lines and _is_source(lines[0]) else lines


def _is_source(line: str) -> bool:
    return line.lstrip().lower().startswith("source:")


URL = re.compile(r"https?://([^/\s]+)(/[^/\s]*)?")   # host and first path segment: 'binhphuoc.gov.vn/ctk'


def source_words(first_line: str) -> str:
    """Where the text was saved from: each URL's host and first path segment (not the article's slug)."""
    return words_of(" ".join(m.group(1) + (m.group(2) or "") for m in URL.finditer(first_line)))


def _is_title_paragraph(lines: list[str], text: list[str]) -> bool:
    """Short lines not closing a sentence ('Tình hình kinh tế - xã hội năm 2023'); a block opening in capitals
    (a letterhead, 'BÁO CÁO / sơ kết giữa nhiệm kỳ ...', 'SỞ KẾ HOẠCH ... / Phụ lục / TÌNH HÌNH ...') may be
    longer and keep an unwrapped line; prose may not."""
    if lines[-1].rstrip(")").endswith("."):
        return False
    if text[0].isupper():
        return len(lines) <= UPPER_TITLE_LINES
    return len(lines) <= TITLE_PARAGRAPH_LINES and all(len(p) <= TITLE_LINE_CHARS for p in lines) \
        and not _is_prose(lines, text)


def _is_prose(lines: list[str], text: list[str]) -> bool:
    """Two long lines in small letters: a wrapped paragraph (a headline is one line, or two short ones)."""
    return sum(len(p) >= PROSE_LINE_CHARS and not t.isupper() for p, t in zip(lines, text, strict=True)) >= 2


def title_lines(key: str, text: str | None = None) -> list[str]:
    """The title block: the short stand-alone lines before the first paragraph of prose (a letterhead,
    'BÁO CÁO', an article's headline and date). `text` is the original, whose capitals mark headings."""
    key_lines = _body_lines(key)[:TITLE_SCAN_LINES]
    text_lines = _body_lines(text)[:TITLE_SCAN_LINES] if text is not None else key_lines
    out: list[str] = []
    para: list[int] = []
    for i, ln in enumerate(key_lines + [""]):
        if ln.strip():
            para.append(i)
            continue
        if para:
            lines = [key_lines[j].strip() for j in para]
            orig = [text_lines[j].strip() for j in para]
            if _is_title_paragraph(lines, orig):
                out.extend(lines)
            elif _is_prose(lines, orig):
                return out or lines[:1]   # prose begins: the title is above it (or is its first line)
        para = []
    return out


def head_words(key: str) -> str:
    """The words of the title and the first sentences."""
    head = key[:HEAD_SCAN_CHARS]
    body = head.split("\n", 1)[1] if _is_source(head) else head
    return words_of(body[:2 * HEAD_CHARS])[:HEAD_CHARS]   # words are fewer characters than their text


@dataclass(frozen=True)
class Opening:
    """The top of a text, read once: its title block's lines, the words of its first sentences, and where it
    was saved from (the metadata's steps all look here)."""
    titles: tuple[str, ...]
    head: str
    source: str

    def as_text(self) -> str:
        return "\n".join(self.titles) + "\n" + self.head


def opening_of(key: str, text: str | None = None) -> Opening:
    first = key[:HEAD_SCAN_CHARS].split("\n", 1)[0]
    return Opening(tuple(title_lines(key, text)), head_words(key), source_words(first) if _is_source(first) else "")


def report_kind(opening: Opening) -> ReportKind | None:
    """The first kind of the cue file whose cue stands where it counts (None: the title names none)."""
    titles = [words_of(t) for t in opening.titles]
    texts = {"title": " \n ".join(titles), "head": opening.head, "source": opening.source}
    for cue in cues():
        if cue.where == "heading":
            if any(cue.pattern.match(t) for t in titles):
                return cue.kind
        elif cue.pattern.search(texts[cue.where]):
            return cue.kind
    return None
