"""Comparing localities like with like. Each report's reading of a concept is set beside the others' only
in the same base unit (units.csv), so "4.420 tỷ đồng" never shares an axis with "60,3 triệu đồng/người", and
only within one period (a five-year term, or one year), so a 2010–2015 average never ranks beside a 2022
figure; what could not be compared is counted and said, not dropped silently. "Share met" is defined once,
here (`share_met`), with the number of results it rests on. Pure Polars, no charts."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ..reference.labels import label_expr, place_title, sort_key
from ..vocab import LEVEL_RANK, Section, Source, Status
from .progress import progress

MIN_REPORTS = 3  # a concept is ranked when at least this many reports state it
MIN_RESULTS = 3  # a share met resting on fewer results is marked thin
TERM_YEARS = 5   # a Party term or five-year plan ends in a year divisible by five: 2021–2025 belong to 2020–2025
MET = (Status.DAT.value, Status.VUOT.value)
NOT_MET = (Status.CHUA_DAT.value, Status.KHO_DAT.value)


@dataclass(frozen=True)
class Selection:
    """What to compare (each None means all): the notebook's parameters."""

    levels: list[str] | None = None        # "province", "city", "district", "ward" ...
    provinces: list[str] | None = None     # a province and every unit inside it
    report_kinds: list[str] | None = None  # "term report", "resolution" ...
    term: str | None = None                # "2020-2025": reports reviewing or opening that term
    concepts: list[str] | None = None      # concept codes


def select_documents(documents: pl.DataFrame, sel: Selection) -> pl.DataFrame:
    """The documents the selection keeps, each with a display title ('Đà Lạt (thành phố)'; its year too when a
    locality has several reports)."""
    docs = documents.filter(pl.col("error").is_null())
    if sel.levels:
        docs = docs.filter(pl.col("level").is_in(sel.levels))
    if sel.provinces:
        docs = docs.filter(pl.col("parent").is_in(sel.provinces)
                           | (pl.col("parent").is_null() & pl.col("locality").is_in(sel.provinces)))
    if sel.report_kinds:
        docs = docs.filter(pl.col("report_kind").is_in(sel.report_kinds))
    if sel.term:
        start, end = (int(y) for y in sel.term.replace("–", "-").split("-"))
        docs = docs.filter(((pl.col("term_start") == start) & (pl.col("term_end") == end))
                           | ((pl.col("next_term_start") == start) & (pl.col("next_term_end") == end)))
    return docs


def titles(documents: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """doc -> the title a reader knows it by, unique within the frame."""
    rows = documents.select("doc_id", "locality", "level", "year_reviewed").to_dicts()
    base = [place_title(r["locality"], r["level"], lang, fallback=r["doc_id"]) for r in rows]
    seen = {b: base.count(b) for b in base}
    out = []
    for r, b in zip(rows, base, strict=True):
        title = f"{b} {r['year_reviewed'] or ''}".strip() if seen[b] > 1 else b
        out.append(title if title not in out else f"{title} · {r['doc_id']}")
    return pl.DataFrame({"doc": [r["doc_id"] for r in rows], "report": out}, schema={"doc": pl.String,
                                                                                      "report": pl.String})


def _collated(column: str, lang: str) -> pl.Expr:
    return pl.col(column).map_elements(lambda v: sort_key(v, lang), return_dtype=pl.Binary, skip_nulls=False)


def by_province(documents: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """Documents as a reader looks for them: by province (`province`: the parent, or the locality itself) in
    the language's order ("Bảo Lộc", "Bắc Mê", ..., "Đông Hà" after "Dĩ An"), then by level (vocab.Level's
    order), then by locality and year."""
    years = [c for c in ("year_reviewed",) if c in documents.columns]
    return (documents.with_columns(province=pl.coalesce("parent", "locality"),
                                   level_rank=pl.col("level").replace_strict(LEVEL_RANK, default=len(LEVEL_RANK),
                                                                             return_dtype=pl.Int32))
            .with_columns(_collated("province", lang).alias("_p"), _collated("locality", lang).alias("_l"))
            .sort(["_p", "level_rank", "_l", *years, "doc_id"], nulls_last=True).drop("level_rank", "_p", "_l"))


def period_of(year: pl.Expr) -> pl.Expr:
    """The five-year term a year falls in, as "2020–2025" (2021 … 2025 → 2020–2025; 2020 → 2015–2020)."""
    end = ((year + TERM_YEARS - 1) // TERM_YEARS) * TERM_YEARS
    return pl.format("{}–{}", end - TERM_YEARS, end)


def _period_bounds(period: str) -> tuple[int, int]:
    """(first year, last year) of a period: "2020-2025" → (2021, 2025); "2023" → (2023, 2023)."""
    parts = [int(y) for y in period.replace("–", "-").split("-")]
    return (parts[0] + 1, parts[1]) if len(parts) == 2 else (parts[0], parts[0])


def in_period(res: pl.DataFrame, period: str) -> pl.DataFrame:
    """The results of one period: a term ("2020-2025") or a year ("2023")."""
    first, last = _period_bounds(period)
    return res.filter(pl.col("year").is_between(first, last))


def latest_period(res: pl.DataFrame, min_reports: int = MIN_REPORTS) -> str | None:
    """The latest term at least `min_reports` reports have results in (else the one with most reports)."""
    per = res.filter(pl.col("year").is_not_null()).group_by("period").agg(pl.col("doc").n_unique().alias("n"))
    if per.is_empty():
        return None
    common = per.filter(pl.col("n") >= min_reports)
    pick = common.sort("period", descending=True) if common.height else per.sort("n", "period", descending=True)
    return pick["period"][0]


def met_flag() -> pl.Expr:
    """Met by the document's own verdict, else by the numbers (≥ 100% of target); null when unknown."""
    return (pl.when(pl.col("status").is_in(MET)).then(True)
            .when(pl.col("status").is_in(NOT_MET)).then(False)
            .when(pl.col("pct").is_not_null()).then(pl.col("pct") >= 100)
            .otherwise(None))


def results(indicators: pl.DataFrame, documents: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """One result per report and concept: the prose reading before the table's (the report's own words),
    with its % of target (stated, else implied), whether it was met, its `year` (the year it refers to, else
    the year its report reviews) and `period` (the term that year falls in)."""
    docs = documents.select(pl.col("doc_id").alias("doc"), "level", "locality", "parent", "report_kind",
                            pl.coalesce("year_reviewed", "term_end").alias("_doc_year"))
    return (progress(indicators.filter((pl.col("section") == Section.RESULTS.value)
                                       & pl.col("concept").is_not_null()))
            .join(docs, on="doc")
            .with_columns(met=met_flag(), year=pl.coalesce("actual_year", "_doc_year").cast(pl.Int32))
            .with_columns(period=period_of(pl.col("year")))
            .sort(pl.col("source") != Source.PROSE.value, "line")
            .unique(subset=["doc", "concept"], keep="first", maintain_order=True)
            .drop("_doc_year")
            .join(titles(documents, lang), on="doc", how="left"))


def common_unit(res: pl.DataFrame) -> pl.DataFrame:
    """concept -> the base unit most of its readings are in (ties: alphabetical)."""
    return (res.filter(pl.col("unit_base").is_not_null()).group_by("concept", "unit_base").len()
            .sort(["concept", "len", "unit_base"], descending=[False, True, False])
            .unique(subset=["concept"], keep="first").select("concept", pl.col("unit_base").alias("common_unit")))


def ranked(res: pl.DataFrame, sel: Selection, lang: str = "vi", min_reports: int = MIN_REPORTS) -> pl.DataFrame:
    """The points of the ranked dot plots: for each concept that at least `min_reports` reports state in its
    common unit, each report's result and target in that unit."""
    like = (res.join(common_unit(res), on="concept")
            .filter((pl.col("unit_base") == pl.col("common_unit"))
                    & (pl.col("value_base").is_not_null() | pl.col("target_base").is_not_null())))
    if sel.concepts:
        like = like.filter(pl.col("concept").is_in(sel.concepts))
    counts = like.group_by("concept").agg(pl.col("doc").n_unique().alias("n_reports"))
    label_col = "label_en" if lang == "en" else "label_vi"
    return (like.join(counts.filter(pl.col("n_reports") >= min_reports), on="concept")
            .with_columns(concept_label=pl.col(label_col),
                          unit_label=label_expr("unit_base", "unit", lang),
                          level_label=label_expr("level", "level", lang),
                          met_label=label_expr("met", "met", lang))
            .select("concept", "concept_label", "unit_base", "unit_label", "n_reports", "doc", "report", "level",
                    "level_label", "value_base", "target_base", "target_op", "pct", "met", "met_label", "line",
                    "year", "period")
            .sort("concept", "value_base", descending=[False, True], nulls_last=True))


def left_out(res: pl.DataFrame, indicators: pl.DataFrame, points: pl.DataFrame,
             other_period: pl.DataFrame | None = None) -> pl.DataFrame:
    """What the ranked plots do not show, and why, counted: results no concept fits, results of another
    period than the one compared (`other_period`), results in a unit other than their concept's common one,
    concepts stated by too few reports."""
    results_all = indicators.filter(pl.col("section") == Section.RESULTS.value)
    no_concept = results_all.filter(pl.col("concept").is_null()).height
    unit = res.join(common_unit(res), on="concept", how="left")
    other_unit = unit.filter(pl.col("unit_base").is_null() | (pl.col("unit_base") != pl.col("common_unit"))).height
    shown = set(points["concept"].unique().to_list())
    few = unit.filter(~pl.col("concept").is_in(list(shown)) & (pl.col("unit_base") == pl.col("common_unit")))
    other = other_period if other_period is not None else res.clear()
    return pl.DataFrame({
        "reason": ["no_concept", "other_period", "other_unit", "too_few_reports"],  # codes: kind left_out
        "results": [no_concept, other.height, other_unit, few.height],
        "concepts": [None, other["concept"].n_unique(),
                     unit.filter(pl.col("unit_base") != pl.col("common_unit"))["concept"].n_unique(),
                     few["concept"].n_unique()],
    })


def coverage(res: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """Who reports what: per report and theme, how many of the theme's concepts the report states."""
    from ..reference.concepts import themes_frame

    return (res.join(themes_frame(), on="concept", how="left")
            .group_by("report", "level", "theme").agg(pl.col("concept").n_unique().alias("n_concepts"))
            .with_columns(theme_label=label_expr("theme", "theme", lang))
            .sort("report", "theme"))


def share_met(res: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """Share met, the one definition (report_text.csv, definition/share_met): per report, of its results
    with a concept and a known outcome (its own verdict, else the result against the target, direction-aware;
    `results`), the share that met the target, in %; `n` results, `n_met` met, `thin` under MIN_RESULTS."""
    return (res.filter(pl.col("met").is_not_null())
            .group_by("doc", "report", "level").agg((pl.col("met").mean() * 100).round(1).alias("share_met"),
                                                    pl.len().alias("n"), pl.col("met").sum().alias("n_met"),
                                                    pl.col("year").min().alias("year_first"),
                                                    pl.col("year").max().alias("year_last"))
            .with_columns(level_label=label_expr("level", "level", lang), thin=pl.col("n") < MIN_RESULTS)
            .sort("share_met", "n", "report", descending=[True, True, False]))


def achievement(res: pl.DataFrame, lang: str = "vi") -> pl.DataFrame:
    """Every result's % of target with its domain, year and report."""
    return (res.filter(pl.col("pct").is_not_null())
            .with_columns(domain_label=label_expr("domain", "domain", lang))
            .select("report", "doc", "level", "domain_label", "concept", "label_vi", "label_en", "year", "pct"))
