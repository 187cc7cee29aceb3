"""Results or targets, by time (SCHEMA.md, "Time: results or targets").

A value is a target when its statement sets it as a goal ('phấn đấu', 'đặt mục tiêu', 'đến năm 2030 ... đạt')
or when the period printed for it lies after the text's date; a result when it says what was done ('đã', 'ước'),
carries a verdict or a share of the plan, or its period was reached by the text's date (the current year's
estimates included). Only a value that its own words do not place follows the intro before its colon, the
statement before it in its paragraph, then the headings above it — hints that break ties, never gates — then a
run of targets an earlier paragraph set ('Theo mục tiêu tổng quát, đến năm 2030 ...'), and last the text itself:
one that reviews nothing sets targets. One text may switch several times.
"""

from __future__ import annotations

from ..reference import cues
from ..vocab import Section
from .periods import Grain, find_periods
from .reading import Reading
from .statements import Statement
from .timeframe import TimeFrame

EXCLUSION_CHARS = 40     # 'đạt mục tiêu Nghị quyết đề ra': an exclusion's words run on after the cue
RESULT_VERB_REACH = 60   # a result verb ('đã', 'ước') speaks for the value it stands this close before


def _last_cue(role: str, key: str, lo: int, hi: int, text: str | None = None) -> int | None:
    """Where the last of a role's cue words in key[lo:hi] starts. A window never starts inside a word ('được'
    cut to 'ược' would read as 'ước'); a match the original text spells as the role's exclusion ('đạt mục tiêu',
    reached, for 'đặt mục tiêu', set) does not count."""
    while 0 < lo < hi and key[lo - 1].isalnum():
        lo += 1
    last = None
    excluded = f"{role}_not" in cues.readings()
    for m in cues.finditer(role, key, lo, hi):
        if not (excluded and _excluded(role, key, m, text)):
            last = m.start()
    return last


def _excluded(role: str, key: str, m, text: str | None) -> bool:
    """The match stands inside one of the role's exclusions: in the key ('dat muc tieu de ra', reached the target
    set) or, where the text keeps its diacritics, in the original ('đạt mục tiêu')."""
    lo = max(0, m.start() - EXCLUSION_CHARS)
    if any(x.start() <= m.start() < x.end() for x in cues.anywhere(f"{role}_not").finditer(key, lo, m.end() + EXCLUSION_CHARS)):
        return True
    original = " ".join(text[m.start():m.end()].lower().split()) if text is not None else ""
    return original in cues.readings()[f"{role}_not"]


def future_period_named(text: str, frame: TimeFrame) -> bool:
    """A heading or intro naming a period after the text's date, other than the term a congress is named by
    ('ĐẠI HỘI ... NHIỆM KỲ 2025 - 2030')."""
    if cues.found("congress", text) and not cues.found("target_context", text):
        return False
    return any(p.grain != Grain.DAY and frame.is_future(p.last, p.end_month) for p in find_periods(text))


def context_section(texts: list[str], frame: TimeFrame) -> Section | None:
    """The section the nearest heading or intro above a statement suggests, if any."""
    for text in reversed(texts):
        future = future_period_named(text, frame)
        results, targets = cues.found("results_context", text), cues.found("target_context", text) or future
        if results and future:
            continue   # a title that announces both ('... kết quả 2020-2023 và mục tiêu 2021-2025')
        if results:
            return Section.RESULTS
        if targets:
            return Section.TARGETS_NEXT
    return None


SHORT_OF_PLAN = ("verdict_chua_dat", "verdict_kho_dat")   # an intro judging the plan speaks of results


def intro_section(text: str, frame: TimeFrame) -> Section | None:
    """The words before a colon inside a sentence: 'Các chỉ tiêu cụ thể:' sets targets, 'Kết quả ...:' results
    (weaker than a heading: 'chuyển dịch đúng định hướng:' sets nothing); a later period sets targets even
    where 'thực hiện' stands ('... phấn đấu thực hiện trong năm 2023:')."""
    future = future_period_named(text, frame)
    if cues.found("results_context", text) and not future and not cues.found("target_verb", text) \
            or any(cues.found(role, text) for role in SHORT_OF_PLAN):   # 'một số chỉ tiêu khó đạt kế hoạch, như:'
        return Section.RESULTS
    if cues.found("intro_targets", text) or future:
        return Section.TARGETS_NEXT
    return None


def sets_goals(key: str, st: Statement) -> bool:
    """A statement without a value that sets goals for what follows ('Theo mục tiêu tổng quát, đến năm 2030 ...')."""
    return cues.found("target_verb", key[st.start:st.end])


def speaks_of_opened_term(key: str, st: Statement, r: Reading, frame: TimeFrame) -> bool:
    """'Đại hội đề ra 18 chỉ tiêu cho nhiệm kỳ 2020 - 2025, trong đó ... 11 - 12%': plan words and the term the
    congress opens, still ahead of the text's date, before the value in its statement."""
    opens = frame.opens
    if opens is None or not frame.is_future(opens.last, opens.end_month) \
            or not cues.found("plan", key[st.start:r.anchor]):
        return False
    return any((p.first, p.last) == (opens.first, opens.last) for p in find_periods(key, st.start, r.anchor))


def document_default(frame: TimeFrame) -> Section:
    """A text that reviews nothing only sets targets."""
    return Section.RESULTS if frame.looks_back or frame.horizon is None else Section.TARGETS_NEXT


def section_of(key: str, st: Statement, r: Reading, period, frame: TimeFrame, carried: Section | None,
               text: str | None = None, running: Section | None = None) -> tuple[Section, bool]:
    """The section of one value (see the module docstring for the order), and whether the value's own words or
    time decided it (a decision that later statements of the text may carry). `carried`: the section of the
    statement before it in its paragraph; `running`: a run of targets an earlier paragraph set, which the headings
    above (when they say anything) override."""
    strives = _last_cue("target_verb", key, st.start, r.anchor, text)
    window = max(st.start, r.anchor - RESULT_VERB_REACH)
    done = _last_cue("results_verb", key, window, r.anchor, text)
    if strives is not None and (done is None or strives > done):
        return Section.TARGETS_NEXT, True   # the nearer verb wins: 'kế hoạch sẽ giảm 2-3%, hiện đã giảm được 2,4%'
    if r.achievement is not None and r.q is None and document_default(frame) == Section.TARGETS_NEXT:
        return Section.TARGETS_NEXT, True   # 'giải ngân vốn đầu tư công đạt 100% kế hoạch' in a text of goals
    if r.achievement is not None or r.status is not None:
        return Section.RESULTS, True   # a verdict or a share of the plan speaks of something done
    if done is not None:
        return Section.RESULTS, True
    colon = key.rfind(":", st.start, r.anchor)
    intro = intro_section(key[st.start:colon], frame) if colon > st.start else None
    if intro is not None and (period is None or period.end <= colon):
        return intro, False   # 'Kế hoạch năm 2022 được giao tại hội nghị ngày 15/12/2021: thu ngân sách ...'
    if period is not None:
        future = frame.is_future(period.last, period.end_month)
        if future is not None:
            return (Section.TARGETS_NEXT if future else Section.RESULTS), True
    if period is None and speaks_of_opened_term(key, st, r, frame):
        return Section.TARGETS_NEXT, True
    if intro is not None:
        return intro, False   # 'Các chỉ tiêu cụ thể: tăng trưởng ... 8%/năm; ...'
    if carried is not None:
        return carried, False
    return context_section(st.context, frame) or running or document_default(frame), False
