"""Checks: the consistency columns computed in Polars (`rules`), the Great Expectations suites run over the
frames (`suites`), and what a reader is told about each number (`explain`).

Imports the ground, `reference` and `frames`."""
