"""Staging: a run writes every output into a stage beside the outputs (`<out>/.chitieu-stage/reports`,
`<data>/.chitieu-stage/data`) and swaps it in at the end, so a run that fails, is interrupted or killed leaves
the previous run's outputs as they were.

The swap is a list of renames (same filesystem: instant) written first to a journal, `commit.json`, then
carried out with Ctrl-C and SIGTERM held back. A run killed in the middle of it leaves the journal, and the
next run, once it holds the folders' locks (run.lock), finishes the swap before anything else; a stage without
a journal is an unfinished run's and is removed. A replaced report folder is moved aside, then deleted.

Progress: each report made is recorded as it finishes in the stage's journal of progress, `progress.jsonl`
(one line, flushed to disk, per report: its folder's name and its manifest entry). A run killed outright
(`kill -9`, the machine's power, a job's time limit) leaves its stage; the next run keeps the reports that
journal lists (`resumed`), drops the rest, and runs only what is missing. A run stopped by Ctrl-C or SIGTERM
cleans up instead: nothing is swapped in and the temporary files go."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from ..errors import ChitieuError
from ..storage import write_text_atomic

STAGE = ".chitieu-stage"
JOURNAL = "commit.json"
PROGRESS = "progress.jsonl"
REPLACED = "replaced"   # where the outputs a commit replaces wait to be deleted


class Stage:
    """The stage of one run: `reports` mirrors the reports folder, `data` the frames folder."""

    def __init__(self, out_root: Path, data_dir: Path):
        self.roots = list(dict.fromkeys((Path(out_root) / STAGE, Path(data_dir) / STAGE)))
        self.reports = Path(out_root) / STAGE / "reports"
        self.data = Path(data_dir) / STAGE / "data"
        self.journal = Path(out_root) / STAGE / JOURNAL
        self.progress = Path(out_root) / STAGE / PROGRESS
        self.resumed: dict[str, dict] = {}   # reports a killed run made: folder name -> manifest entry

    def open(self, resume: bool = True) -> Stage:
        """Finish the swap a killed run left; keep the reports its journal of progress lists (`resume`), drop
        the rest of its stage; start the stage."""
        recover(self.journal)
        kept = self._progress() if resume else {}
        self.discard(keep=set(kept))
        left = [str(p) for p in self._leftovers(set(kept))]
        if left:
            raise ChitieuError(f"{', '.join(left)}: an earlier run's stage cannot be removed; remove it by hand")
        self.reports.mkdir(parents=True, exist_ok=True)
        self.data.mkdir(parents=True)
        self.resumed = kept
        write_text_atomic(self.progress, "".join(_line(name, e) for name, e in kept.items()))
        return self

    def record(self, name: str, entry: dict) -> None:
        """A report made: its line in the journal of progress, on disk before this returns."""
        with open(self.progress, "a", encoding="utf-8") as fh:
            fh.write(_line(name, entry))
            fh.flush()
            os.fsync(fh.fileno())

    def _progress(self) -> dict[str, dict]:
        """The reports a killed run recorded whose folders it staged (a line cut short by the kill is left out)."""
        kept = {}
        try:
            lines = self.progress.read_text(encoding="utf-8").splitlines()
        except OSError:
            return kept
        for line in lines:
            try:
                name, entry = json.loads(line)
            except (ValueError, TypeError):
                continue
            if isinstance(entry, dict) and (self.reports / name).is_dir():
                kept[name] = entry
        return kept

    def commit(self, moves: list[tuple[Path, Path]]) -> None:
        """Move each staged output onto its place: journal first, then the renames, signals held back."""
        write_text_atomic(self.journal, json.dumps([[str(a), str(b)] for a, b in moves]))
        with _signals_held():
            _apply(moves, self.journal.parent / REPLACED)
            self.journal.unlink()

    def close(self) -> None:
        """The end of the run: a swap begun is finished (or left to the next run if it cannot be), then the
        stage goes, with whatever an unfinished run staged."""
        if self.journal.exists():
            try:
                recover(self.journal)
            except OSError:
                return
        self.discard()

    def discard(self, keep: set[str] = frozenset()) -> None:
        """Remove the stage, except the staged reports named in `keep` and the journal of progress."""
        for root in self.roots:
            if not keep:
                shutil.rmtree(root, ignore_errors=True)
                continue
            for path in self._leftovers(keep, root):
                _remove(path)

    def _leftovers(self, keep: set[str], root: Path | None = None) -> list[Path]:
        """What of the stage is neither a kept report nor the journal of progress."""
        found = []
        for top in [root] if root is not None else self.roots:
            if not top.is_dir():
                continue
            for child in top.iterdir():
                if child == self.reports:
                    found += [r for r in child.iterdir() if r.name not in keep]
                elif child != self.progress or not keep:
                    found.append(child)
        return found

    def relocate(self, text: str, out_root: Path, data_dir: Path) -> str:
        """A path written while staged, as it reads once the stage is swapped in."""
        return text.replace(str(self.reports), str(out_root)).replace(str(self.data), str(data_dir))


def _line(name: str, entry: dict) -> str:
    return json.dumps([name, entry], ensure_ascii=False) + "\n"


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def recover(journal: Path) -> None:
    """Finish an interrupted swap (its journal is there): the renames not yet made are made."""
    try:
        moves = [(Path(a), Path(b)) for a, b in json.loads(journal.read_text(encoding="utf-8"))]
    except (OSError, ValueError):
        return
    _apply(moves, journal.parent / REPLACED)
    journal.unlink()


def _apply(moves: list[tuple[Path, Path]], replaced: Path) -> None:
    """Each staged path onto its place; idempotent, so a swap interrupted anywhere can be carried out again."""
    for n, (src, dst) in enumerate(moves):
        if not src.exists() and not src.is_symlink():
            continue   # moved before an interruption
        if dst.is_dir() and not dst.is_symlink():   # a report folder (or a folder where a file now goes)
            replaced.mkdir(parents=True, exist_ok=True)
            os.replace(dst, replaced / f"{n}-{dst.name}")
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dst)
    shutil.rmtree(replaced, ignore_errors=True)


HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM wait until the block is done (a half-made swap would mix two runs), then reach the
    handlers they would have reached. Signals reach Python's handlers in the main thread only: elsewhere the
    block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = {s: signal.signal(s, lambda signum, _frame: pending.append(signum)) for s in HELD}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for s in pending[:1]:
            signal.raise_signal(s)
