"""Frames: the records of a batch as tidy Polars frames (`build`), on disk by logical name (`store`), the panel
to take away (`panel`), % of target (`progress`) and like-with-like comparison across localities
(`comparison`).

Imports the ground, `reference` and `extract`. Notebooks use `read_frames(data_dir)` (every document) and
`read_document(data_dir, doc_id)` (one document's rows)."""

from .store import FRAME_NAMES, read_document, read_frames, write_frames

__all__ = ["FRAME_NAMES", "read_document", "read_frames", "write_frames"]
