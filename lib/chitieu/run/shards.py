"""Shards: a corpus split over machines. `chitieu run --shard I/N` reads, extracts, validates and runs the
notebooks of a deterministic 1/N of the documents (run.corpus.Shard: by a hash of each id) into its own folder,
`<shards>/<I>-of-<N>/` (`processed/` for its frames, `reports/` for its reports), and records there
(`reports/shard.json`) what it was made with and where each of its documents stands in a whole run's frames.
`chitieu merge` gathers the N folders: the frames concatenated (Polars, lazily), in a single run's order, the
panel, the reports brought in (hard links where the filesystem allows, each notebook's parameters pointed at
the merged frames), the comparison and the index; so a merge gives what one run over every document gives.

A merge needs every shard, each finished and made by the same code and parameters (the notebook and validation
fingerprints, the language); anything else is an error naming the shard, before anything is changed."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ..errors import ChitieuError
from ..frames.store import DOCUMENT_KEYS, FRAME_NAMES
from ..paths import ROOT
from ..storage import write_text_atomic
from .corpus import Shard
from .manifest import load_manifest, up_to_date

SHARDS = ROOT / "shards"          # where `--shard I/N` writes by default (`--shards` names another folder)
RECORD = "shard.json"             # in a shard's reports folder
DATA, REPORTS = "processed", "reports"
SHARD_FOLDER = re.compile(r"^(\d+)-of-(\d+)$")   # '2-of-8'


def folders(shards_root: Path, shard: Shard) -> tuple[Path, Path]:
    """(frames folder, reports folder) of a shard."""
    base = Path(shards_root) / shard.name
    return base / DATA, base / REPORTS


def write_record(out_root: Path, shard: Shard, prints, params: dict, order: dict[str, int], data_dir: Path,
                 reports_dir: Path) -> None:
    """What a merge needs to know of a finished shard: which, made with what, its documents' places in a whole
    run's frames, and where its frames and reports were (the paths its notebooks' parameters name)."""
    record = {"shard": shard.index, "of": shard.count, "params": params, "validation": prints.validation,
              "notebooks": prints.notebooks, "order": order, "data": str(data_dir), "reports": str(reports_dir)}
    write_text_atomic(Path(out_root) / RECORD, json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True))


@dataclass
class ShardSet:
    """The shards a merge gathers: each one's folder, record and manifest."""
    folders: list[Path]
    records: list[dict]
    manifests: list[dict]

    @classmethod
    def gather(cls, shards_root: Path | None = None, dirs: list[Path] | None = None) -> ShardSet:
        """The shards in `dirs`, or every `<I>-of-<N>` folder of `shards_root`: all N of them, finished, made
        alike; else a ChitieuError naming what is missing."""
        dirs = [Path(d).absolute() for d in dirs] if dirs else _shard_dirs(Path(shards_root or SHARDS).absolute())
        records = []
        for d in dirs:
            try:
                records.append(json.loads((d / REPORTS / RECORD).read_text(encoding="utf-8")))
            except (OSError, ValueError):
                raise ChitieuError(f"{d}: not a finished shard (no {REPORTS}/{RECORD}); run its `chitieu run "
                                   "--shard I/N` to the end") from None
        counts = {r["of"] for r in records}
        if len(counts) != 1:
            raise ChitieuError(f"shards of different splits ({', '.join(map(str, dirs))}): merge the shards of one N")
        count = counts.pop()
        have = sorted(r["shard"] for r in records)
        if have != list(range(1, count + 1)):
            missing = sorted(set(range(1, count + 1)) - set(have))
            raise ChitieuError(f"a merge needs all {count} shards: missing {', '.join(f'{i}-of-{count}' for i in missing)}"
                               if missing else f"a shard given twice: {have}")
        made = {(json.dumps(r["params"], sort_keys=True), r["validation"], r["notebooks"]) for r in records}
        if len(made) != 1:
            raise ChitieuError("the shards were made by different code or parameters: run them again with the same "
                               "chitieu and options")
        return cls(dirs, records, [load_manifest(d / REPORTS) for d in dirs])

    @property
    def params(self) -> dict:
        return self.records[0]["params"]

    def check(self, prints) -> None:
        """The merge's own code must be the shards' (its comparison and index must agree with their reports)."""
        if (prints.validation, prints.notebooks) != (self.records[0]["validation"], self.records[0]["notebooks"]):
            raise ChitieuError(f"the shards in {self.folders[0].parent} were made by other code than this chitieu's "
                               "(its notebooks, reports or checks changed since): run them again; nothing was changed")

    def order(self) -> dict[str, int]:
        return {doc: n for r in self.records for doc, n in r["order"].items()}

    def frames(self) -> dict[str, pl.DataFrame]:
        """Every shard's frames as one, in the order of a single run over every document (Polars, lazily)."""
        order = self.order()
        places = pl.LazyFrame({"_doc": list(order), "_order": list(order.values())},
                              schema={"_doc": pl.String, "_order": pl.Int64})
        out = {}
        for name in FRAME_NAMES:
            files = [d / DATA / f"{name}.parquet" for d in self.folders if (d / DATA / f"{name}.parquet").exists()]
            if not files:
                continue
            key = DOCUMENT_KEYS[name]
            merged = pl.concat([pl.scan_parquet(f) for f in files], how="diagonal_relaxed")
            out[name] = (merged.join(places, left_on=key, right_on="_doc", how="left", maintain_order="left")
                         .sort("_order", maintain_order=True).drop("_order").collect(engine="streaming"))
        return out

    def entry(self, doc: str) -> tuple[dict | None, Path | None]:
        """The shard manifest's entry of a document and the shard's reports folder that holds it."""
        for d, manifest in zip(self.folders, self.manifests):
            if doc in manifest:
                return manifest[doc], d / REPORTS
        return None, None

    def made(self, doc: str, key: dict, partial: bool = False) -> bool:
        """A shard made this document's report from what `key` says (a document read in part: made at all)."""
        from .notebooks import DOCUMENT_NOTEBOOK

        recorded, reports = self.entry(doc)
        if reports is None:
            return False
        return up_to_date(recorded, key, reports / doc) or (
            partial and (reports / doc / f"{DOCUMENT_NOTEBOOK}.html").exists())

    def bring(self, docs: list[str], staged: Path, out_root: Path, data_dir: Path) -> None:
        """The shards' reports of these documents into the stage: files linked (copied across filesystems), each
        notebook's parameters pointed from the shard's folders to the merged ones."""
        from .notebooks import DOCUMENT_NOTEBOOK

        for doc in docs:
            _, reports = self.entry(doc)
            record = self.records[self.folders.index(reports.parent)]
            target = staged / doc
            shutil.copytree(reports / doc, target, copy_function=_link)
            notebook = target / f"{DOCUMENT_NOTEBOOK}.ipynb"
            if notebook.exists():
                _relocated(reports / doc / notebook.name, notebook,
                           ((record["reports"], str(out_root)), (record["data"], str(data_dir))))


def _relocated(source: Path, target: Path, moves: tuple[tuple[str, str], ...]) -> None:
    """`target` (a link to `source`) replaced by a copy whose parameters name the merged folders."""
    import nbformat

    from .notebooks import relocate_notebook

    target.unlink()   # a new file: the shard's own stays as it is
    relocate_notebook(nbformat.read(source, as_version=4), moves, target)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _shard_dirs(root: Path) -> list[Path]:
    found = sorted((d for d in root.iterdir() if d.is_dir() and SHARD_FOLDER.match(d.name)),
                   key=lambda d: [int(v) for v in SHARD_FOLDER.match(d.name).groups()]) if root.is_dir() else []
    if not found:
        raise ChitieuError(f"{root}: no shard folders (<I>-of-<N>) to merge; run `chitieu run --shard I/N` first")
    return found
