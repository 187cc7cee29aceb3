"""Frames: the records of a batch as tidy Polars frames (`build`), on disk by logical name (`store`), the panel
to take away (`panel`), % of target (`progress`) and like-with-like comparison across localities
(`comparison`).

Imports the ground, `reference` and `extract`. Notebooks use `read_frames(data_dir)`."""

from .store import FRAME_NAMES, read_frames, write_frames

__all__ = ["FRAME_NAMES", "read_frames", "write_frames"]
