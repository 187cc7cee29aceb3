"""Ruled tables on a scanned page, found with OpenCV: the page straightened by the skew of its long horizontal
lines, the grid's rules found as long runs of ink (morphological opening), each table's rows between its
horizontal rules and its cells between the vertical rules that cross that row (a rule missing inside a row
is a merged cell). The cells' boxes are what `scan` reads, one cell at a time.

    +----+---------------------+---------+            rows:  [(x0, y0, x1, y1), ...] per row, left to right
    | TT | Chỉ tiêu            | TH 2023 |
    +----+---------------------+---------+
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

Box = tuple[int, int, int, int]

RULE_SHARE = 30          # a horizontal rule is at least 1/30 of the page wide (a vertical one of its height)
MIN_RULES = 3            # a table has at least three horizontal and three vertical rules
MIN_TABLE_SHARE = 0.25   # and is at least a quarter of the page wide
LINE_ROW_SHARE = 0.5     # a horizontal rule crosses at least half the table
LINE_CELL_SHARE = 0.6    # a vertical rule crosses at least 60% of a row's height where it separates two cells
MIN_ROW_PX = 12          # rules closer than this are one rule (a thick or doubled line)
SKEW_MIN_DEG = 0.05      # a page tilted less than this is read as it is
MAX_SKEW_DEG = 5.0


@dataclass
class RuledTable:
    box: Box
    rows: list[list[Box]]      # each row's cells, left to right (a merged cell spans several columns)


def _cv():
    import cv2

    return cv2


def ink(gray):
    """White ink on black: the page's dark pixels (Otsu's threshold)."""
    cv2 = _cv()
    return cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def rules(bw) -> tuple:
    """(horizontal rules, vertical rules): the runs of ink at least 1/RULE_SHARE of the page long."""
    cv2 = _cv()
    h, w = bw.shape
    horiz = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (w // RULE_SHARE, 1)))
    vert = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, h // RULE_SHARE)))
    return horiz, vert


def straightened(gray):
    """The page turned by the median tilt of its long horizontal rules (a scan is rarely straight)."""
    import numpy as np

    cv2 = _cv()
    horiz, _ = rules(ink(gray))
    contours, _ = cv2.findContours(horiz, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    angles = []
    for c in contours:
        if cv2.boundingRect(c)[2] < gray.shape[1] // 6:
            continue
        vx, vy = cv2.fitLine(c, cv2.DIST_L2, 0, 0.01, 0.01).ravel()[:2]
        angles.append(float(np.degrees(np.arctan2(vy, vx))))
    if not angles:
        return gray
    angle = sorted(angles)[len(angles) // 2]
    if abs(angle) < SKEW_MIN_DEG or abs(angle) > MAX_SKEW_DEG:
        return gray
    h, w = gray.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _positions(profile, threshold: float) -> list[int]:
    """The centres of the runs where a projection of rules passes the threshold."""
    out: list[list[int]] = []
    for i, v in enumerate(profile):
        if v < threshold:
            continue
        if out and i - out[-1][-1] <= MIN_ROW_PX:
            out[-1].append(i)
        else:
            out.append([i])
    return [(run[0] + run[-1]) // 2 for run in out]


def _row_cells(vert, xs: list[int], top: int, bottom: int) -> list[Box]:
    """A row's cells: between the vertical rules that cross it (a rule missing here merges two cells)."""
    band = vert[top + 2:bottom - 1]
    kept = [xs[0]]
    for x in xs[1:-1]:
        if band.size and (band[:, max(0, x - 3):x + 4].max(axis=1) > 0).mean() >= LINE_CELL_SHARE:
            kept.append(x)
    kept.append(xs[-1])
    return [(a, top, b, bottom) for a, b in itertools.pairwise(kept)]


def find_tables(gray) -> tuple[list[RuledTable], object]:
    """The ruled tables of a (straightened) page image and the mask of their rules."""
    cv2 = _cv()
    horiz, vert = rules(ink(gray))
    grid = cv2.dilate(horiz | vert, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    contours, _ = cv2.findContours(grid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    tables = []
    for c in sorted(contours, key=lambda c: cv2.boundingRect(c)[1]):
        x, y, w, h = cv2.boundingRect(c)
        if w < MIN_TABLE_SHARE * gray.shape[1]:
            continue
        ys = _positions(horiz[y:y + h, x:x + w].sum(axis=1) / 255, LINE_ROW_SHARE * w)
        if len(ys) < MIN_RULES:
            continue
        row_h = min(b - a for a, b in itertools.pairwise(ys))
        xs = _positions(vert[y:y + h, x:x + w].sum(axis=0) / 255, LINE_CELL_SHARE * row_h)
        if len(xs) < MIN_RULES:
            continue
        ys, xs = [y + v for v in ys], [x + v for v in xs]
        rows = [_row_cells(vert, xs, top, bottom) for top, bottom in itertools.pairwise(ys)]
        tables.append(RuledTable((xs[0], ys[0], xs[-1], ys[-1]), rows))
    return tables, grid
