"""Appendix tables (PHỤ LỤC): rows of label, unit and value cells. Filled in by the table finder."""

from __future__ import annotations


def table_indicators(doc, key, meta, prose):
    return []
