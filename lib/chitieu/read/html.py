"""A saved web page's article (BeautifulSoup with lxml): scripts, styles, navigation, headers, footers and
forms dropped; headings, paragraphs and list items each a paragraph; a table one row per line between '|' rules
(read.layout), as the table finder reads it."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .layout import table_lines
from .limits import current as current_limits
from .limits import figure
from .text import Page, Text, doc_id_for

DROPPED = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button")
PARAGRAPH_BREAK = "\n\n"   # each block element is a paragraph of the text
BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dt", "dd")


def _article(soup):
    """The <article> (or the main content), else the body: where the report text stands."""
    return soup.find("article") or soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup


def _rows(table) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all(["td", "th"], recursive=False)]
            for tr in table.find_all("tr")]


def _lines(root) -> list[str]:
    """Block elements in document order; a table's rows, not its cells' paragraphs."""
    out: list[str] = []
    for el in root.find_all(["table", *BLOCKS]):
        if el.find_parent("table") is not None:
            continue   # inside a table: written with its row
        if el.name == "table":
            out.append("\n".join(table_lines(_rows(el))))
        elif not el.find_parent(BLOCKS):
            out.append(el.get_text(" ", strip=True))
    return [b for b in out if b.strip()]


def read_html(path: Path, html: str) -> Text:
    from bs4 import BeautifulSoup

    size = len(html.encode("utf-8"))
    if size > current_limits().unpacked_bytes:   # lxml's tree of a page takes several times its bytes
        raise InputError(path, current_limits().over("unpacked_bytes", f"is a web page of {figure(size)} bytes"))
    soup = BeautifulSoup(html, "lxml")
    for el in soup.find_all(DROPPED):
        el.decompose()
    root = _article(soup)
    lines = _lines(root)
    if not any(line.strip() for line in lines):
        lines = [root.get_text("\n", strip=True)]   # a page of bare text without block elements
    text = PARAGRAPH_BREAK.join(lines)
    if not text.strip():
        raise InputError(path, "is a web page without any text")
    return Text.from_string(text, doc_id=doc_id_for(path), path=str(path), source_format="html",
                            pages=(Page(1, 0, engine="beautifulsoup4 + lxml"),))
