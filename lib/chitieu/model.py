"""The indicator record, declared once: SCHEMA.md's fields plus provenance, each with its frame type and meaning.

Everything else is derived from this declaration: `RECORD_FIELDS` (what `chitieu extract` writes), the Polars
schema of the indicators frame (`polars_schema`), the column set the GX indicators suite asserts (a test keeps
expectations/indicators.json in agreement) and docs/FRAMES.md (`python -m chitieu.model` writes it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from .vocab import ActualKind, Operator, Section, Source, Status


def col(dtype: str, doc: str, record: bool = True, default=None, factory=None):
    """A record field: its frame type (a Polars type name), what it means, whether `extract` writes it."""
    meta = {"dtype": dtype, "doc": doc, "record": record}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Indicator:
    doc: str = col("String", "document id: the file's path in its raw folder, folders joined by ~ (at the top: its stem)")
    key: str = col("String", "id inside the document: p<n>[.<k>] prose result, n<n> next-term target, "
                             "t<n>[.<k>] / tn<n> table row (`.growth` for a change against an earlier period)")
    section: str = col("String", f"{' or '.join(s.value for s in Section)}: what the period achieved, or targets "
                                 "for the next term or year")
    source: str = col("String", f"{' or '.join(s.value for s in Source)}")
    page: int | None = col("Int32", "1-based page of the key number (a PDF; null for a text without pages)")
    line: int = col("Int32", "1-based line of the key number (a table row: its result cell)")
    box: list[int] | None = col(  # noqa: RUF009 - col() returns a dataclasses.field
        "String", "[x0, y0, x1, y1]: the key number's table cell on its page, in pixels of the 300 dpi page image "
                  "(a ruled table read from a scan, cell by cell; JSON in the frames)")
    line_end: int = col("Int32", "1-based line of the indicator's last number")
    char_start: int = col("Int64", "offset where the indicator's text starts (normalised text: NFC, \\n)")
    char_end: int = col("Int64", "offset after the indicator's text")
    snippet: str = col("String", "the indicator's text as printed (OCR damage and all)")
    name_raw: str = col("String", "the indicator's name as printed")
    concept: str | None = col("String", "canonical code from data/reference/concepts.csv (null when none fits)")
    label_vi: str | None = col("String", "the concept's Vietnamese label")
    label_en: str | None = col("String", "the concept's English label")
    domain: str | None = col("String", "the concept's domain in the codebook (economy, agriculture, budget, social, "
                                       "...)", record=False)
    direction: str | None = col("String", "higher, lower or none: which way is better (from the concept)",
                                record=False)
    unit: str | None = col("String", "normalised unit: %, %/year, billion VND, million VND/person/year, ...")
    target: float | None = col("Float64", "the target (null for a range)")
    target_low: float | None = col("Float64", "a range target's low bound")
    target_high: float | None = col("Float64", "a range target's high bound")
    target_op: str | None = col("String", f"{', '.join(o.value for o in Operator)}")
    actual: float | None = col("Float64", "the value reached at the review point")
    actual_year: int | None = col("Int32", "the year the value refers to (null for 'hằng năm')")
    actual_kind: str | None = col("String", f"{' or '.join(k.value for k in ActualKind)} (ước, dự kiến, "
                                            "period averages that end after the report)")
    achievement_pct: float | None = col("Float64", "% of target as the document states it ('vượt 25%' -> 125)")
    status: str | None = col("String", f"the document's own verdict: {', '.join(s.value for s in Status)}")
    series: dict[str, float | None] | None = col(  # noqa: RUF009 - col() returns a dataclasses.field
        "String", "{year: value} of a table row with year columns (JSON in the frames)")
    ocr_repaired: bool = col("Boolean", "a number needed an OCR repair to read", default=False)
    needs_check: bool = col("Boolean", "a number was read by OCR inside a low-confidence word or on a page "
                                       "read with low confidence: check it against the scan", default=False)
    confidence: float = col("Float64", "how sure the concept match is (0-1)", default=0.0)
    concept_note: str | None = col("String", "why no concept fits the value (null when one does): no concept's "
                                             "words, another kind, another unit, out of range, a rank")
    literals: list[str] = col(  # noqa: RUF009 - col() returns a dataclasses.field
        "String", "the printed number tokens (JSON in the frames)", record=False, factory=list)
    repairs: list[dict] = col(  # noqa: RUF009 - col() returns a dataclasses.field
        "String", "each OCR repair: {field, printed, read, why: prose|share_max, line} (JSON in the frames)",
        record=False, factory=list)
    note: str | None = col("String", "what was repaired or ambiguous")

    def as_record(self) -> dict:
        """Field -> value, shallow: `dataclasses.asdict` deep-copies every nested value, a third of building
        the frames; the nested ones (series, literals, repairs) are read, never changed, by the callers."""
        return {name: getattr(self, name) for name in _FIELD_NAMES}


_FIELD_NAMES = tuple(f.name for f in fields(Indicator))
RECORD_FIELDS = tuple(f.name for f in fields(Indicator) if f.metadata["record"])
FRAME_ONLY = {
    "section_level": ("String", "level of the unit the row speaks of (a city's next-term row of the ward it became)"),
    "unit_base": ("String", ("the unit in its base scale (data/reference/units.csv: 'thousand billion VND' and "
                             "'million VND' -> 'billion VND', 'nghìn tấn' -> 'tonnes'; other units are their own "
                             "base)")),
    "value_base": ("Float64", "`actual` in `unit_base` (the printed value × the unit's scale)"),
    "target_base": ("Float64", "`target` in `unit_base`"),
    "target_low_base": ("Float64", "`target_low` in `unit_base`"),
    "target_high_base": ("Float64", "`target_high` in `unit_base`"),
}
BASE_SCALED = {"actual": "value_base", "target": "target_base", "target_low": "target_low_base",
               "target_high": "target_high_base"}  # printed column -> its base-unit column


def polars_schema() -> dict:
    """The indicators frame's columns and types (the record's fields, then the frame-only ones)."""
    import polars as pl

    cols = {f.name: f.metadata["dtype"] for f in fields(Indicator)}
    cols.update({k: v[0] for k, v in FRAME_ONLY.items()})
    return {name: getattr(pl, dtype) for name, dtype in cols.items()}


def frames_doc() -> str:
    """docs/FRAMES.md, generated from the declaration above."""
    lines = ["# The indicators frame", "",
             "Generated from `lib/chitieu/model.py` (`python -m chitieu.model`); do not edit by hand.", "",
             "| column | type | in `chitieu extract` records | meaning |", "| --- | --- | --- | --- |"]
    for f in fields(Indicator):
        lines.append(f"| `{f.name}` | {f.metadata['dtype']} | {'yes' if f.metadata['record'] else 'no'} | "
                     f"{f.metadata['doc']} |")
    for name, (dtype, doc) in FRAME_ONLY.items():
        lines.append(f"| `{name}` | {dtype} | no | {doc} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from .paths import ROOT
    from .storage import atomic_path

    target = ROOT / "docs" / "FRAMES.md"
    with atomic_path(target) as tmp:
        tmp.write_text(frames_doc(), encoding="utf-8")
    print(target)
