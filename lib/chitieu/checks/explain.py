"""What chitieu read and why, in words a reader can check against the scan: "đọc 86 — in 26, đoạn văn (dòng
207) ghi 86". Used by the document report's checks and by `chitieu validate`."""

from __future__ import annotations

import json

import polars as pl

from ..reference.labels import format_number

WORDS = {
    "vi": {"read": "đọc", "printed": "in", "prose": "đoạn văn (dòng {line}) ghi {read}",
           "share_max": "mất dấu phẩy thập phân (tỷ lệ không quá {limit})",
           "decimal": "dấu thập phân bị OCR đọc sai", "target": "chỉ tiêu"},
    "en": {"read": "read", "printed": "printed", "prose": "the prose (line {line}) says {read}",
           "share_max": "a decimal comma lost (the share cannot pass {limit})",
           "decimal": "the decimal mark was misread by OCR", "target": "target"},
}


def _digits(text: str) -> str:
    """The significant digits of a printed token or a number: '9,40' and 9.4 -> '94'."""
    return "".join(ch for ch in text if ch.isdigit()).lstrip("0").rstrip("0")


def _as_printed(lit: str) -> str:
    """A Vietnamese token without the zeros that end its decimals: '99,50' -> '99,5', '85,0' -> '85'."""
    if "," not in lit:
        return lit
    return lit.rstrip("0").rstrip(",")


def _misread_tokens(row: dict) -> list[tuple[str, float]]:
    """Printed tokens whose digits are those of a value read but which print another number: '9465' read
    as 94,65, '14.45' as 14,45. A token printed as one of the values is not listed."""
    values = [v for v in (row.get("actual"), row.get("target")) if v is not None]
    if row.get("series"):
        values += [v for v in json.loads(row["series"]).values() if v is not None]
    out = []
    for lit in json.loads(row.get("literals") or "[]"):
        if not lit[:1].isdigit() or any(_as_printed(lit) == format_number(v, "vi", digits=3) for v in values):
            continue
        for v in values:
            fractional = v != int(v) or any(sep in lit for sep in ".,")
            if fractional and _digits(lit) == _digits(f"{v:g}"):
                out.append((lit, v))
                break
    return out


def explain_row(row: dict, lang: str = "vi") -> str:
    """One indicator's reading in words; for an OCR repair, the printed token and the reason."""
    w = WORDS[lang]
    num = lambda v: format_number(v, lang, digits=3)
    repairs = json.loads(row.get("repairs") or "[]")
    if repairs:
        parts = []
        for r in repairs:
            why = w[r["why"]].format(line=r.get("line"), read=num(r["read"]), limit=num(r.get("limit")))
            parts.append(f"{w['read']} {num(r['read'])} — {w['printed']} {r['printed']}, {why}")
        return "; ".join(parts)
    if row.get("ocr_repaired"):
        tokens = sorted(_misread_tokens(row), key=lambda t: any(sep in t[0] for sep in ".,"))  # lost marks first
        if tokens:
            shown = ", ".join(f"{lit} → {num(v)}" for lit, v in tokens[:4])
            return f"{w['read']}: {shown} ({w['decimal']})"
    read = [f"{w['read']} {num(row['actual'])}" if row.get("actual") is not None else "",
            f"{w['target']} {num(row['target'])}" if row.get("target") is not None else ""]
    return ", ".join(p for p in read if p)


def explain(indicators: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """doc, key -> `read`: what chitieu read and why, for every indicator."""
    rows = indicators.select("doc", "key", "actual", "target", "series", "literals", "repairs",
                             "ocr_repaired").to_dicts()
    return pl.DataFrame({"doc": [r["doc"] for r in rows], "key": [r["key"] for r in rows],
                         "read": [explain_row(r, lang) for r in rows]},
                        schema={"doc": pl.String, "key": pl.String, "read": pl.String})
