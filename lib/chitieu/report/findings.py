"""Findings in words: what the checks found on a report, each saying what chitieu read, where, and what is
wrong, in the report's language (report_text.csv, kinds check and check_why), never a raw expectation name.
Routine OCR repairs are kept apart from the real contradictions, and the index counts findings the way the
report does (`count_findings`)."""

from __future__ import annotations

import re

import polars as pl

from ..checks.explain import explain
from ..reference.concepts import concepts_by_code
from ..reference.labels import format_number, indicator_label, label, labels

ROUTINE = frozenset({"ocr_repaired"})   # checks whose findings are routine notes, listed apart and collapsed
# the column an expectation checks, the code of its words: "expect_column_values_to_be_in_set(unit)" -> "unit"
CHECK_COLUMN = re.compile(r"\((\w*)\)\s*$")


def check_code(check: str | None) -> str:
    """The code of a finding's words: the column its expectation checks ('' for a whole-table check)."""
    found = CHECK_COLUMN.search(check or "")
    return found.group(1) if found else ""


def _words(kind: str, lang: str) -> pl.Expr:
    """The check code as the words of `kind` (its name, or what is wrong), the generic ones for a code the
    file does not list: never empty."""
    found = labels(kind, lang)
    mapping = {k: v for k, v in found.items() if k is not None}
    return pl.col("code").replace_strict(mapping, default=pl.lit(found[None]), return_dtype=pl.String)


def _reading(r: dict, suffix: str, lang: str) -> str:
    """One reading of a prose-against-table pair in words: "kết quả 26, chỉ tiêu đề ra 90, đánh giá vượt"."""
    cols = labels("column", lang)
    parts = [f"{cols[k].lower()} {format_number(r[k + suffix], lang, digits=3)}" for k in ("actual", "target")
             if r[k + suffix] is not None]
    if r["status" + suffix]:
        parts.append(f"{cols['verdict'].lower()} {label('verdict', r['status' + suffix], lang).lower()}")
    return ", ".join(parts) or "—"


def _readings(recon: pl.DataFrame, lang: str) -> pl.DataFrame:
    """doc, line -> the indicator and its two readings in words, for the prose-against-table findings:
    "đoạn văn, dòng 121: kết quả 86 · bảng, dòng 1313: kết quả 26, chỉ tiêu đề ra 90"."""
    cols, names = labels("column", lang), concepts_by_code()
    rows = []
    for r in recon.iter_rows(named=True):
        concept = names.get(r["concept"])
        rows.append({"doc": r["doc"], "line": r["line"],
                     "recon_label": (concept.label_en if lang == "en" else concept.label_vi) if concept else r["concept"],
                     "recon_read": f"{cols['prose']} {r['line']}: {_reading(r, '', lang)} · "
                                   f"{cols['table']} {r['line_table']}: {_reading(r, '_table', lang)}"})
    return pl.DataFrame(rows, schema={"doc": pl.String, "line": pl.Int64, "recon_label": pl.String,
                                      "recon_read": pl.String})


def findings(failed: pl.DataFrame, indicators: pl.DataFrame, lang: str = "vi",
             recon: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per finding (checks.suites.failed_rows, or checks.json's rows): `routine`, `check` (its name
    in words), `indicator`, `where` ("đoạn văn, dòng 55"), `read` (what chitieu read there and why; for prose
    against table both readings, from `recon`) and `reason` (what is wrong)."""
    cols = labels("column", lang)
    keys = [pl.col(k).cast(pl.String) for k in ("doc", "key")]  # a findings file may hold no key at all
    ind = indicators.select("doc", "key", "source", indicator_label(lang)).unique(subset=["doc", "key"])
    df = (failed.with_columns(keys).with_columns(code=pl.col("check").map_elements(check_code, return_dtype=pl.String))
          .join(explain(indicators, lang), on=["doc", "key"], how="left")
          .join(ind, on=["doc", "key"], how="left"))
    if recon is not None and not recon.is_empty():
        df = (df.with_columns(pl.col("line").cast(pl.Int64))
              .join(_readings(recon, lang), on=["doc", "line"], how="left")
              .with_columns(pl.coalesce("label", "recon_label").alias("label"),
                            pl.coalesce("read", "recon_read").alias("read"), pl.col("source").fill_null("prose")))
    source = pl.col("source").replace_strict({"prose": cols["prose"], "table": cols["table"]}, default=None)
    where = pl.when(pl.col("line").is_null()).then(pl.lit("")).when(source.is_null()).then(
        pl.format("{} {}", pl.lit(cols["where"]), pl.col("line"))).otherwise(pl.format("{} {}", source, pl.col("line")))
    return df.select(
        pl.col("code").is_in(list(ROUTINE)).alias("routine"),
        _words("check", lang).alias("check"),
        pl.col("label").fill_null("").alias("indicator"),
        where.alias("where"),
        pl.col("read").fill_null(""),
        _words("check_why", lang).alias("reason"),
        "line")


def count_findings(rows: list[dict]) -> tuple[int, int]:
    """(findings, routine OCR repairs) among the rows of a checks.json: what the report lists and the index
    shows, counted the same way."""
    routine = sum(1 for r in rows if check_code(r.get("check")) in ROUTINE)
    return len(rows) - routine, routine
