"""Polars frames of a batch of reports: documents, indicators (one row per stated indicator per source)
and series (long: one row per indicator and year). Schemas are explicit so empty batches still type-check;
docs/FRAMES.md (generated from model.py) describes every indicators column."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from ..errors import ChitieuError
from ..extract.document import extract_file
from ..extract.metadata import DocumentMeta
from ..model import BASE_SCALED, Indicator, polars_schema

DOCUMENTS_SCHEMA = {
    "doc_id": pl.String, "path": pl.String, "locality": pl.String, "level": pl.String, "parent": pl.String,
    "report_kind": pl.String, "medium": pl.String, "term_start": pl.Int32, "term_end": pl.Int32, "congress_number": pl.Int32,
    "date": pl.String, "period_end": pl.Int32, "year_reviewed": pl.Int32, "next_term_start": pl.Int32, "next_term_end": pl.Int32,
    "next_level": pl.String, "time_read": pl.String, "source_format": pl.String, "n_pages": pl.Int32, "pages_ocr": pl.Int32,
    "ocr_confidence": pl.Float64, "problems": pl.String, "n_indicators": pl.Int32, "error": pl.String,
}
PAGES_SCHEMA = {"doc_id": pl.String, "page": pl.Int32, "read_as": pl.String, "engine": pl.String,
                "confidence": pl.Float64, "quality": pl.String}
INDICATORS_SCHEMA = polars_schema()  # declared once, with the record, in model.py
SERIES_SCHEMA = {"doc": pl.String, "key": pl.String, "concept": pl.String, "year": pl.Int32,
                 "value": pl.Float64, "kind": pl.String}


def indicator_rows(inds: list[Indicator], meta: DocumentMeta | None = None) -> list[dict]:
    rows = []
    for ind in inds:
        r = ind.as_record()
        r["series"] = json.dumps(r["series"], ensure_ascii=False) if r["series"] is not None else None
        r["box"] = json.dumps(r["box"]) if r["box"] is not None else None
        r["literals"] = json.dumps(r["literals"], ensure_ascii=False)
        r["repairs"] = json.dumps(r["repairs"], ensure_ascii=False)
        if meta is not None:
            r["section_level"] = meta.next_level if ind.section == "targets_next" and meta.next_level else meta.level
        else:
            r["section_level"] = None
        rows.append(r)
    return rows


def series_rows(inds: list[Indicator], meta: DocumentMeta | None = None) -> list[dict]:
    rows = []
    last = meta.period_end if meta else None
    for ind in inds:
        for year, value in (ind.series or {}).items():
            if value is None:
                continue
            kind = "forecast" if last and int(year) > last else "reported"
            rows.append({"doc": ind.doc, "key": ind.key, "concept": ind.concept, "year": int(year),
                         "value": float(value), "kind": kind})
    return rows


def with_base_units(indicators: pl.DataFrame) -> pl.DataFrame:
    """Fill the base-unit columns: `unit_base` is the concept's unit in the codebook (a record without a concept:
    its unit's base, units.csv) and each printed number is converted into it, so a comparison across reports
    never sets "4.420 tỷ đồng" beside "60 nghìn tỷ đồng", nor "1.600 Tr.USD" beside "1,6 tỷ USD", on different
    scales. A number whose unit does not convert stays null in the base columns."""
    from ..reference.concepts import codebook_frame
    from ..reference.units import base_unit_expr, with_factor

    units = codebook_frame().select("concept", "concept_unit")
    df = (indicators.drop([c for c in ("unit_base", *BASE_SCALED.values()) if c in indicators.columns])
          .join(units, on="concept", how="left")
          .with_columns(pl.coalesce("concept_unit", base_unit_expr()).alias("unit_base")))
    df = with_factor(df, "unit", "unit_base", "_factor")
    return (df.with_columns(*[(pl.col(printed) * pl.col("_factor")).alias(based)
                              for printed, based in BASE_SCALED.items()])
            .drop("concept_unit", "_factor").select(indicators.columns))


DOCUMENTS_PER_TASK = 8   # reports a worker extracts per round trip when `jobs` > 1 (a text report: ~20 ms)


def build_frames(paths: list[str | Path], jobs: int = 1) -> dict[str, pl.DataFrame]:
    """Extract every report; a report that fails becomes a documents row with its error, the rest go on.
    `jobs` > 1: reports extracted in that many processes at once (a lone report: its scanned pages OCR'd at
    once)."""
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            read = list(pool.map(document_rows, paths, chunksize=DOCUMENTS_PER_TASK))
    else:
        read = [document_rows(path, jobs) for path in paths]
    return frames_of(read)


DocumentRows = tuple[list[dict], list[dict], list[dict], list[dict]]   # documents, indicators, series, pages


def frames_of(read: list[DocumentRows]) -> dict[str, pl.DataFrame]:
    """The frames of these reports' rows (`document_rows`), in their order."""
    docs, inds, series, pages = ([r for one in read for r in one[i]] for i in range(4))
    return {
        "documents": pl.DataFrame(docs, schema=DOCUMENTS_SCHEMA, strict=False),
        "indicators": with_base_units(pl.DataFrame(inds, schema=INDICATORS_SCHEMA, strict=False)),
        "series": pl.DataFrame(series, schema=SERIES_SCHEMA, strict=False),
        "pages": pl.DataFrame(pages, schema=PAGES_SCHEMA, strict=False),
    }


def document_rows(path: str | Path, jobs: int = 1) -> DocumentRows:
    """One report's rows of the documents, indicators, series and pages frames; any failure while reading or
    extracting it is its documents row's error (`rows_or_error`), and the batch goes on."""
    return rows_or_error(path, lambda: rows_of(*extract_file(path, jobs=jobs), path))


def rows_or_error(path: str | Path, make, doc_id: str | None = None) -> DocumentRows:
    """`make()`'s rows, or, when it fails (a ChitieuError naming the problem, or any other error, a
    MemoryError included), the documents row of the report with the error."""
    try:
        return make()
    except ChitieuError as exc:
        return error_rows(path, str(exc), doc_id)
    except Exception as exc:  # noqa: BLE001 - one report's failure, whatever it is, is that report's
        return error_rows(path, f"{path}: could not be read ({type(exc).__name__}: {exc})", doc_id)


def rows_of(meta: DocumentMeta, found: list[Indicator], path: str | Path) -> DocumentRows:
    """The rows of a report read and extracted."""
    row = meta.as_row()
    row.update(path=str(path), n_indicators=len(found), error=None)
    return [row], indicator_rows(found, meta), series_rows(found, meta), meta.page_rows()


def error_rows(path: str | Path, message: str, doc_id: str | None = None) -> DocumentRows:
    """The rows of a report that could not be read: a documents row with the error, nothing else."""
    from ..read.text import doc_id_for

    return [{"doc_id": doc_id or doc_id_for(path), "path": str(path), "error": message}], [], [], []
