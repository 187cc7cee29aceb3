"""A run's validation: one pass of the GX suites over the frames of the documents whose reports run, its
findings then split per document into <out>/<doc>/checks.json, which the document's notebook shows. Every
expectation is of a row or of one document's rows, so a document's findings do not depend on which documents
are validated with it (a shard's are those of a single run); the one expectation across documents, a unique
doc_id, holds by construction (a file whose id another has is refused, shards are disjoint)."""

from __future__ import annotations

import json
from pathlib import Path

from ..storage import write_text_atomic


def write_checks(frames, docs: list[str], out_root: Path) -> dict[str, int]:
    """Validate the frames of these documents in one pass (one GX run over all of them, in this process),
    then split the findings per document into <out>/<doc>/checks.json for its notebook."""
    import polars as pl

    from ..checks.rules import reconciliation
    from ..checks.suites import failed_rows, run_suites

    if not docs:
        return {}
    sub = {"documents": frames["documents"].filter(pl.col("doc_id").is_in(docs)),
           "indicators": frames["indicators"].filter(pl.col("doc").is_in(docs)),
           "series": frames["series"].filter(pl.col("doc").is_in(docs))}
    findings, _ = run_suites(sub)
    rows = failed_rows(findings)
    rec = reconciliation(sub["indicators"])
    failed_by_doc: dict[str, set] = {d: set() for d in docs}
    for f in findings:
        if not f.success:
            for r in f.rows:
                doc = r.get("doc") or r.get("doc_id")
                if doc in failed_by_doc:
                    failed_by_doc[doc].add((f.suite, f.expectation, f.column))
    rows_by_doc = rows.partition_by("doc", as_dict=True) if rows.height else {}
    rec_by_doc = rec.partition_by("doc", as_dict=True) if rec.height else {}
    counts = {}
    for d in docs:
        mine, recon = rows_by_doc.get((d,)), rec_by_doc.get((d,))
        counts[d] = len(failed_by_doc[d])
        payload = {"doc": d, "failed": counts[d], "passed": len(findings) - counts[d],
                   "rows": mine.to_dicts() if mine is not None else [],
                   "reconciliation": recon.to_dicts() if recon is not None else []}
        write_text_atomic(out_root / d / "checks.json", json.dumps(payload, ensure_ascii=False, default=str))
    return counts
