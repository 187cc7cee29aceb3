"""The frames on disk: each as Parquet and CSV under data/processed, written whole or not at all, and read back
by logical name (documents, indicators, series, pages) for the notebooks."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..storage import atomic_path

FRAME_NAMES = ("documents", "indicators", "series", "pages")


def write_frames(frames: dict[str, pl.DataFrame], out_dir: str | Path) -> list[Path]:
    """Each frame as Parquet and CSV (UTF-8 with a BOM, so Excel opens "TP Hồ Chí Minh" as it is written), each
    file written whole or not at all."""
    out_dir = Path(out_dir)
    written = []
    for name, df in frames.items():
        for ext in ("parquet", "csv"):
            target = out_dir / f"{name}.{ext}"
            with atomic_path(target) as tmp:
                df.write_parquet(tmp) if ext == "parquet" else df.write_csv(tmp, include_bom=True)
            written.append(target)
    return written


def read_frames(data_dir: str | Path) -> dict[str, pl.DataFrame]:
    data_dir = Path(data_dir)
    return {name: pl.read_parquet(data_dir / f"{name}.parquet") for name in FRAME_NAMES
            if name != "pages" or (data_dir / f"{name}.parquet").exists()}
