"""The frames on disk: each as Parquet and CSV under data/processed, written whole or not at all, and read back
by logical name (documents, indicators, series, pages) for the notebooks: the comparison reads them all
(`read_frames`), a document's report only its own rows (`read_document`: a lazy scan filtered on the document,
which Parquet's row-group statistics let skip the other documents' rows, so a report costs the same in a corpus
of 300 documents as in one of 100 000)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..storage import atomic_path

FRAME_NAMES = ("documents", "indicators", "series", "pages")
DOCUMENT_KEYS = {"documents": "doc_id", "indicators": "doc", "series": "doc", "pages": "doc_id"}
ROW_GROUP_ROWS = 8_192   # rows per Parquet row group: a document's rows are one or two groups of a frame in
#                          document order (a report holds ~100 indicators; a group of 8 192 decodes in ~2 ms)


def write_frames(frames: dict[str, pl.DataFrame], out_dir: str | Path) -> list[Path]:
    """Each frame as Parquet and CSV (UTF-8 with a BOM, so Excel opens "TP Hồ Chí Minh" as it is written), each
    file written whole or not at all."""
    out_dir = Path(out_dir)
    written = []
    for name, df in frames.items():
        for ext in ("parquet", "csv"):
            target = out_dir / f"{name}.{ext}"
            with atomic_path(target) as tmp:
                if ext == "parquet":
                    df.write_parquet(tmp, row_group_size=ROW_GROUP_ROWS)
                else:
                    df.write_csv(tmp, include_bom=True)
            written.append(target)
    return written


def read_frames(data_dir: str | Path) -> dict[str, pl.DataFrame]:
    data_dir = Path(data_dir)
    return {name: pl.read_parquet(data_dir / f"{name}.parquet") for name in FRAME_NAMES
            if name != "pages" or (data_dir / f"{name}.parquet").exists()}


def read_document(data_dir: str | Path, doc_id: str | None) -> dict[str, pl.DataFrame]:
    """One document's rows of every frame (None: the first document's), read lazily: only the row groups that
    can hold the document are decoded."""
    data_dir = Path(data_dir)
    if doc_id is None:
        doc_id = pl.scan_parquet(data_dir / "documents.parquet").select("doc_id").head(1).collect()["doc_id"][0]
    return {name: pl.scan_parquet(data_dir / f"{name}.parquet").filter(pl.col(key) == doc_id).collect()
            for name, key in DOCUMENT_KEYS.items() if name != "pages" or (data_dir / f"{name}.parquet").exists()}
