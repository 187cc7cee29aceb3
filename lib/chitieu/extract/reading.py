"""One indicator as a statement states it, before its section, year, kind and concept are decided (`Reading`),
and the clause and bracket boundaries every role decision looks at."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..reference.ocrkey import phrase
from .numbers import Quantity

LOOK_BEFORE = 40   # characters before a number where its cue words stand   e.g. '(kế hoạch năm là '

LOOK_AFTER = 40    # characters after it                                     e.g. ' kế hoạch năm'

BOUNDARY = re.compile(r"[;.]\s|[;]|\)\s*[,;]")  # a clause ends here   e.g. '...; khu vực II ...'

CLAUSE_BREAK = re.compile(r";|\.\s")

SENTENCE_BREAK = re.compile(r"[.;]\s")

# the words between a share or a verdict and the plan   e.g. '... so với (mức) kế hoạch', 'vượt mức kế hoạch'
COMPARED_TO = r"[\s,]*(?:" + phrase("so voi") + r"\s+|" + phrase("so") + r"\s+)?(?:" + phrase("muc") + r"\s+)?"
OPEN_BRACKET = re.compile(r"\(\s*[^()]*$")      # the number stands inside an open bracket

@dataclass
class Reading:
    """One indicator a statement states, before section, year, kind and concept are decided."""

    q: Quantity | None                 # the value (None for an achievement stated alone)
    start: int                         # where its wording begins (the name before the value)
    end: int                           # after the last number attached to it
    target: Quantity | None = None
    achievement: float | None = None
    achievement_q: Quantity | None = None
    status: str | None = None
    negative: bool = False
    ratio: bool = False
    in_brackets: bool = False
    versus: bool = False               # a change against an earlier period ('tăng 9,1% so với năm 2023')
    baseline: list[tuple[Quantity, int | None]] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> int:
        """Offset of the key number (its line is the record's line)."""
        if self.q is not None:
            return self.q.num_start
        if self.achievement_q is not None:
            return self.achievement_q.num_start
        return self.target.num_start if self.target is not None else self.start   # 'đặt mục tiêu ... 7%'

def text_before(key: str, q: Quantity, lo: int) -> str:
    return key[max(lo, q.start - LOOK_BEFORE):q.start]

def text_after(key: str, q: Quantity, hi: int) -> str:
    return key[q.end:min(hi, q.end + LOOK_AFTER)]

def clause_end(key: str, lo: int, hi: int) -> int:
    """Where the first clause of key[lo:hi] ends (hi when it runs to the end)."""
    m = CLAUSE_BREAK.search(key, lo, hi)
    return m.start() if m else hi

def clause_start(key: str, lo: int, pos: int) -> int:
    cut = lo
    for m in CLAUSE_BREAK.finditer(key, lo, pos):
        cut = m.end()
    return cut

def broken(key: str, a: int, b: int) -> bool:
    """A clause or sentence ends between two offsets: what follows belongs to something else."""
    return CLAUSE_BREAK.search(key, a, b) is not None
