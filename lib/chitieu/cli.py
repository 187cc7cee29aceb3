"""The `chitieu` command. Heavy libraries are imported inside each subcommand, so `--help` is instant."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .model import RECORD_FIELDS


def _extracted(paths: list[str], jobs: int = 1) -> tuple[list[dict], list[dict], list[str]]:
    """(indicator records, documents, errors): a file that fails is an error, the rest go on; a page that
    could not be read (a scan without Tesseract) is an error too, and the file's other pages are read."""
    from .errors import ChitieuError
    from .extract.document import extract_file

    records, documents, errors = [], [], []
    for p in paths:
        try:
            meta, found = extract_file(p, jobs=jobs)
        except ChitieuError as exc:
            errors.append(str(exc))
            continue
        if meta.problems:
            errors.extend(meta.problems.split("; "))
        documents.append(meta.as_meta_json())
        for ind in found:
            r = ind.as_record()
            records.append({k: r.get(k) for k in RECORD_FIELDS})
    return records, documents, errors


def _records(paths: list[str]) -> tuple[list[dict], list[str]]:
    records, _, errors = _extracted(paths)
    return records, errors


def cmd_extract(a) -> int:
    records, documents, errors = _extracted(a.paths, a.jobs)
    for e in errors:
        print(f"chitieu: error: {e}", file=sys.stderr)
    if a.table == "documents":
        return _write_rows(documents, _documents_schema, a) or (1 if errors else 0)
    if a.format != "jsonl":   # a table cell holds the series as JSON
        records = [dict(r, series=json.dumps(r["series"]) if r["series"] is not None else None) for r in records]
    return _write_rows(records, _indicators_schema, a) or (1 if errors else 0)


def _indicators_schema(_rows: list[dict]) -> dict:
    import polars as pl

    from .frames.build import INDICATORS_SCHEMA

    return {k: INDICATORS_SCHEMA.get(k, pl.String) for k in RECORD_FIELDS}


def _documents_schema(rows: list[dict]) -> dict | None:
    from .frames.build import DOCUMENTS_SCHEMA

    return {k: DOCUMENTS_SCHEMA[k] for k in rows[0]} if rows else None


def _write_rows(rows: list[dict], schema_of, a) -> int:
    """JSON Lines (stdout or -o), or a CSV / Parquet file written whole (temp file, then rename)."""
    from .storage import atomic_path, write_text_atomic

    if a.format == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        if a.output:
            write_text_atomic(a.output, text)
        else:
            sys.stdout.write(text)
        return 0
    import polars as pl

    if not a.output:
        print("chitieu: error: --format csv/parquet needs -o OUT", file=sys.stderr)
        return 2
    df = pl.DataFrame(rows, schema=schema_of(rows), strict=False)
    with atomic_path(a.output) as tmp:
        df.write_csv(tmp, include_bom=True) if a.format == "csv" else df.write_parquet(tmp)  # BOM: for Excel
    return 0


def cmd_validate(a) -> int:
    from .checks.explain import explain
    from .checks.suites import run_suites, summary_text
    from .frames.build import build_frames
    from .paths import REPORTS
    from .storage import write_text_atomic

    frames = build_frames(a.paths, jobs=a.jobs)
    docs_frame = frames["documents"]
    for err in docs_frame.filter(docs_frame["error"].is_not_null())["error"]:
        print(f"chitieu: error: {err}", file=sys.stderr)
    for problems in docs_frame.filter(docs_frame["problems"].is_not_null())["problems"]:
        for err in problems.split("; "):
            print(f"chitieu: error: {err}", file=sys.stderr)
    docs = Path(a.data_docs or REPORTS / "data_docs")
    findings, raw = run_suites(frames, docs_dir=docs)
    reads = {(r["doc"], r["key"]): r["read"] for r in explain(frames["indicators"], a.lang).iter_rows(named=True)}
    print(summary_text(findings, reads))
    out = Path(a.out or REPORTS / "validation")
    for name, result in raw.items():
        write_text_atomic(out / f"{name}.json", json.dumps(result, ensure_ascii=False, indent=1, default=str))
    print(f"results: {out}/*.json; Data Docs: {docs / 'index.html'} (their styles load from the internet; "
          "the document reports' checks section reads offline)")
    failed = sum(1 for f in findings if not f.success)
    return 1 if (a.strict and failed) else 0


def cmd_run(a) -> int:
    from .errors import ChitieuError
    from .paths import PROCESSED, RAW, REPORTS
    from .read.limits import NAMES, Limits
    from .run.corpus import Shard
    from .run.runner import DEFAULT_SOURCES, run_all
    from .run.shards import SHARDS, folders

    sources = [Path(d) for d in a.raw] if a.raw else [RAW] if a.no_examples else list(DEFAULT_SOURCES)
    limits = Limits(**{n: getattr(a, f"max_{n}") for n in NAMES if getattr(a, f"max_{n}") is not None})
    try:
        shard = Shard.parse(a.shard) if a.shard else None
        if shard and (a.out or a.data):
            raise ChitieuError("--shard writes into its own folder (<shards>/I-of-N): name it with --shards, "
                               "not --out or --data")
    except ChitieuError as exc:
        print(f"chitieu: error: {exc}", file=sys.stderr)
        return 2
    data, out = folders(Path(a.shards or SHARDS), shard) if shard else (Path(a.data or PROCESSED), Path(a.out or REPORTS))
    return _ran(lambda: run_all(raw_dirs=sources, data_dir=data, out_root=out.absolute(), docs=a.ids, jobs=a.jobs,
                                lang=a.lang, progress=not a.quiet, force=a.force, limits=limits, shard=shard,
                                cache=Path(a.cache) if a.cache else None),
                out.absolute() / "index.html")


def cmd_merge(a) -> int:
    from .paths import PROCESSED, REPORTS
    from .run.runner import merge_shards

    out = Path(a.out or REPORTS).absolute()
    return _ran(lambda: merge_shards(Path(a.shards) if a.shards else None, [Path(d) for d in a.dirs] or None,
                                     data_dir=Path(a.data or PROCESSED), out_root=out, jobs=a.jobs,
                                     progress=not a.quiet, force=a.force), out / "index.html")


def _ran(run, index: Path) -> int:
    """Run, then say what happened: the summary, what was reused, what failed; the exit code."""
    from .errors import ChitieuError
    from .run.workers import Terminated

    try:
        outcomes = run()
    except ChitieuError as exc:
        print(f"chitieu: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        print(f"chitieu: {exc or 'interrupted'}: stopped; the outputs are those of the last run that finished",
              file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    print(outcomes.reuse.line())
    print(run_summary(outcomes, index))
    unread, failed = _failures(outcomes)
    for title, which in (("files that could not be read", unread), ("notebooks that failed", failed)):
        if which:
            print(f"{title}:\n" + "\n".join(f"  {o.name}: {o.error}" for o in which), file=sys.stderr)
    return 1 if unread or failed else 0


def _failures(outcomes) -> tuple[list, list]:
    """(files that could not be read, notebooks that failed): a file that failed to read ran no notebook."""
    bad = [o for o in outcomes if not o.ok]
    unread = [o for o in bad if o.stage == "read"]
    return unread, [o for o in bad if o not in unread]


def run_summary(outcomes, index: Path) -> str:
    """'40 notebooks ran, 3 unchanged, 1 notebook failed; 2 files could not be read (a.pdf, b.txt); index: …'."""
    unread, failed = _failures(outcomes)
    ran = sum(1 for o in outcomes if o.ok and not o.skipped and not o.made_by)
    skipped = sum(1 for o in outcomes if o.skipped)
    parts = [f"{ran} notebooks ran, {skipped} unchanged, {len(failed)} notebook{'s' * (len(failed) != 1)} failed"]
    for by, words in (("interrupted run", "resumed from the interrupted run"), ("shard", "from the shards")):
        earlier = sum(1 for o in outcomes if o.ok and o.made_by == by)
        if earlier:
            parts[0] += f", {earlier} {words}"
    if failed:
        parts[0] += f" ({', '.join(o.name for o in failed)})"
    if unread:
        parts.append(f"{len(unread)} file{'s' * (len(unread) != 1)} could not be read "
                     f"({', '.join(o.name for o in unread)})")
    return "; ".join(parts) + (f"; index: {index}" if index.exists() else f"; reports: {index.parent}")


def _line(name: str, t: dict) -> str:
    return (f"{name:40} {t['matched']:>4}/{t['gold_records']:<4} recall={t['record_recall']:.3f} "
            f"field_R={t['field_recall']:.3f} field_P={t['field_precision']:.3f} F1={t['field_f1']:.3f}")


def _print_metadata(acc: dict | None, misses: int) -> None:
    """Metadata accuracy per field against the `<doc>.meta.json` files (a folder without them: nothing)."""
    if acc is None:
        return
    for m in acc["misses"][:misses]:
        print(f"  metadata {m['doc']} {m['field']}: gold={m['gold']!r} pred={m['pred']!r}")
    fields = "  ".join(f"{f} {right}/{total}" for f, (right, total) in acc["fields"].items())
    print(f"metadata: {fields}")
    print(f"metadata: {acc['right']}/{acc['total']} fields right {acc['accuracy']:.3f}")


def cmd_eval(a) -> int:
    from .evaluate import gold as evaluation
    from .evaluate.score_concepts import concept_scores, total_line

    sets = evaluation.GOLD_SETS
    if a.gold:
        sets = (evaluation.GoldSet("gold", Path(a.gold), Path(a.raw or a.gold)),)
    for gs in sets:
        records, documents, errors = _extracted([str(p) for p in evaluation.texts_for(gs)])
        for e in errors:
            print(f"chitieu: error: {e}", file=sys.stderr)
        rep = evaluation.evaluate(evaluation.load_gold(gs), records, evaluation.forms_of(gs.gold_dir), a.concepts)
        print(f"== {gs.name} ({gs.gold_dir})")
        for doc, d in rep["docs"].items():
            print(_line(doc, d))
        for m in rep["misses"][: a.misses]:
            print(f"  {m['doc']} {m['key']} line {m['line']} {m['field']}: gold={m['gold']!r} pred={m['pred']!r}")
        for source, t in rep["source"].items():
            print(_line(f"source: {source}", t))
        for form, t in rep["form"].items():
            print(_line(f"form: {form}", t))
        later = evaluation.later_docs(gs.gold_dir)
        if later:
            print(_line(f"added later ({len(later)} texts)",
                        evaluation.subset_total(evaluation.load_gold(gs), records, later, a.concepts)))
        t = rep["total"]
        _print_metadata(evaluation.metadata_accuracy(gs.gold_dir, documents), a.misses)
        concepts = concept_scores(evaluation.load_gold(gs), records)
        for m in concepts["misses"][: a.misses]:
            print(m)
        print(f"{total_line(concepts)}  ({gs.name})")
        print(f"TOTAL {gs.name} records {t['matched']}/{t['gold_records']} record_recall={t['record_recall']:.3f} "
              f"field_recall={t['field_recall']:.3f} field_precision={t['field_precision']:.3f} "
              f"field_f1={t['field_f1']:.3f}")
    return 0


def _limit_options(parser: argparse.ArgumentParser) -> None:
    """--max-page-pixels, --max-unpacked-bytes, --max-characters, --max-seconds: a document past one fails alone."""
    from .read.limits import NAMES, UNITS, Limits, figure, option

    for name in NAMES:
        kind = float if name == "seconds" else int
        default = figure(getattr(Limits(), name))
        parser.add_argument(option(name), dest=f"max_{name}", type=kind, metavar="N",
                            help=f"a document past N {UNITS[name]} fails alone (default {default})")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="chitieu", description="Targets (chỉ tiêu) of Vietnamese Party committee "
                                "reports: extract, validate, chart.")
    p.add_argument("--version", action="version", version=f"chitieu {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="one record per stated indicator", description="Extract indicators from "
                       "OCR'd report texts; records use the field names of docs/SCHEMA.md.")
    e.add_argument("paths", nargs="+", metavar="PATH", help="report files: .txt, .pdf, .docx, .html")
    e.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl",
                   help="JSON Lines (the default, to stdout or -o), or a CSV (with a BOM, for Excel) or Parquet file")
    e.add_argument("-o", "--output", "--out", dest="output", metavar="OUT",
                   help="write here (default: stdout for jsonl)")
    e.add_argument("--jobs", type=int, default=1, metavar="N", help="scanned PDF pages OCR'd at once (default 1)")
    e.add_argument("--table", choices=("indicators", "documents"), default="indicators",
                   help="indicators (one record per stated indicator, the default) or documents (one per report: "
                   "locality, level, parent, report kind, term, year reviewed, date)")
    e.set_defaults(func=cmd_extract)

    v = sub.add_parser("validate", help="run the expectation suites", description="Extract, then validate the "
                       "frames against the suites in expectations/; GX results go to reports/validation/.")
    v.add_argument("paths", nargs="+", metavar="PATH", help="report files: .txt, .pdf, .docx, .html")
    v.add_argument("--strict", action="store_true", help="exit 1 when any expectation fails")
    v.add_argument("--out", metavar="DIR", help="folder for the JSON results (default reports/validation)")
    v.add_argument("--jobs", type=int, default=1, metavar="N", help="scanned PDF pages OCR'd at once (default 1)")
    v.add_argument("--data-docs", "--docs", dest="data_docs", metavar="DIR",
                   help="folder for GX Data Docs (default reports/data_docs; --docs is its old name)")
    v.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of what chitieu read and why")
    v.set_defaults(func=cmd_validate)

    r = sub.add_parser("run", help="regenerate frames, notebooks, HTML and the index",
                       description="Everything `make run` does: frames in data/processed, one executed notebook "
                       "and HTML per report, the comparison, reports/index.html.")
    r.add_argument("--ids", "--docs", dest="ids", nargs="+", metavar="ID",
                   help="only these document ids (a file's stem, or its path in a raw folder joined by ~; --docs is their old name)")
    r.add_argument("--jobs", type=int, default=1, metavar="N", help="notebooks run at once (default 1)")
    r.add_argument("--out", metavar="DIR", help="reports folder (default reports/)")
    r.add_argument("--raw", metavar="DIR", action="append",
                   help="a folder of reports; repeat for several (default data/raw and the example corpus "
                        "data/examples)")
    r.add_argument("--no-examples", action="store_true", help="data/raw only, without the example corpus")
    r.add_argument("--data", metavar="DIR", help="frames folder (default data/processed)")
    r.add_argument("--lang", choices=("vi", "en"), default="vi",
                   help="the reports' language: headings, labels, findings, number marks (default vi)")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.add_argument("--force", action="store_true", help="rerun every document, changed or not (read and extract "
                   "again, refreshing the cache; OCR'd pages are still taken from it)")
    r.add_argument("--cache", metavar="DIR", help="the caches of texts, OCR'd pages and extractions (default "
                   "<data>/cache; runs, shards and machines may share one)")
    r.add_argument("--shard", metavar="I/N", help="only the I-th of N shares of the documents (the same share on "
                   "every machine), into its own folder <shards>/I-of-N; `chitieu merge` gathers the N")
    r.add_argument("--shards", metavar="DIR", help="the folder of the shards' folders (default shards/)")
    _limit_options(r)
    r.set_defaults(func=cmd_run)

    m = sub.add_parser("merge", help="gather the shards of a split run into frames, reports and the index",
                       description="After `chitieu run --shard I/N` for every I: the shards' frames as one, the "
                       "panel, their reports, the comparison and the index, as one run over every document gives "
                       "them, in data/processed and reports/.")
    m.add_argument("dirs", nargs="*", metavar="SHARD_DIR", help="the shards' folders (default: every I-of-N folder "
                   "of --shards)")
    m.add_argument("--shards", metavar="DIR", help="the folder of the shards' folders (default shards/)")
    m.add_argument("--out", metavar="DIR", help="reports folder (default reports/)")
    m.add_argument("--data", metavar="DIR", help="frames folder (default data/processed)")
    m.add_argument("--jobs", type=int, default=1, metavar="N", help="workers (default 1)")
    m.add_argument("--quiet", action="store_true", help="no progress bar")
    m.add_argument("--force", action="store_true", help="bring every report in and run the comparison again")
    m.set_defaults(func=cmd_merge)

    g = sub.add_parser("eval", help="score extraction against the gold files",
                       description="Extract every report that has gold annotations (the seeds in "
                       "tests/fixtures/gold, the other localities with gold in tests/fixtures/devset and texts in "
                       "data/examples) and print the team's scorer's figures per document, per source (prose, table) and per layout form, "
                       "and its concept scorer's accuracy, precision and coverage.")
    g.add_argument("--gold", metavar="DIR", help="one folder of gold <doc>.jsonl files (default: every gold set)")
    g.add_argument("--raw", metavar="DIR", help="the folder of the texts of --gold (default: --gold itself)")
    g.add_argument("--concepts", action="store_true", help="also score the concept code")
    g.add_argument("--misses", type=int, default=20, metavar="N", help="misses printed per gold set (default 20)")
    g.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
