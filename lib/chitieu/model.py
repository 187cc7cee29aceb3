"""The indicator record: SCHEMA.md's fields plus provenance (docs/SCHEMA.md explains each)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

RECORD_FIELDS = (  # what `chitieu extract` writes: SCHEMA.md's fields plus provenance
    "doc", "key", "section", "source", "line", "line_end", "concept", "unit", "target", "target_low",
    "target_high", "target_op", "actual", "actual_year", "actual_kind", "achievement_pct", "status", "series",
    "ocr_repaired", "name_raw", "label_vi", "label_en", "snippet", "char_start", "char_end", "confidence",
    "note",
)


@dataclass
class Indicator:
    doc: str
    key: str
    section: str
    source: str
    line: int
    line_end: int
    char_start: int
    char_end: int
    snippet: str
    name_raw: str
    concept: str | None = None
    label_vi: str | None = None
    label_en: str | None = None
    domain: str | None = None
    direction: str | None = None
    unit: str | None = None
    target: float | None = None
    target_low: float | None = None
    target_high: float | None = None
    target_op: str | None = None
    actual: float | None = None
    actual_year: int | None = None
    actual_kind: str | None = None
    achievement_pct: float | None = None
    status: str | None = None
    series: dict[str, float | None] | None = None
    ocr_repaired: bool = False
    confidence: float = 0.0
    literals: list[str] = field(default_factory=list)
    note: str | None = None

    def as_record(self) -> dict:
        return asdict(self)
