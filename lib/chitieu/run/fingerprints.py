"""What each stage's output is a function of, as one hash per stage, so that a change reruns only the stages
that depend on it: a cue word re-extracts and revalidates (the concept checks read the rank cue) but reads no file
again and OCRs no page; a change to `cli.py` or to the runner reruns nothing; a report module reruns the reports.

A stage's code is the chitieu modules its entry points import, directly or not (read from the sources, lazy
imports too, as tests/test_layout.py reads them), and its data the reference files those modules name and the
suites where a module reads them:

| stage | entry points | also |
| --- | --- | --- |
| reading | `read.files` (every reader) | the reader libraries' versions, the OCR engine, the limits |
| extraction | `frames.build`, `extract.document`, without the readers (a function of the `Text`) | |
| validation | `run.validation` | the suites, the GX version |
| notebooks | the notebooks' imports, `run.kernels`, `report.html` | the notebooks' sources, `run.notebooks` |
| index | `report.index` | |

Scanned pages have their own key (`read.pagecache`): their image, the engine and the OCR code."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path

from ..paths import EXPECTATIONS, NOTEBOOKS, PACKAGE_DIR, REFERENCE

READERS = "chitieu.read"
TEXT_MODULE = "chitieu.read.text"   # what extraction takes from the readers: the Text
NOTEBOOK_EXECUTION = "chitieu.run.notebooks"   # how a notebook is executed and exported: its own code counts, not
#                                                the pool of workers it imports (which stops their OCR processes)
NOTEBOOK_RUNNERS = ("chitieu.run.kernels", "chitieu.run.engine", "chitieu.report.html")   # what it runs them with
NOT_DATA = "chitieu.paths"   # names where data lives (every folder), reads none
NAMED_FILE = re.compile(r"""["'](\w+\.csv)["']""")   # REFERENCE / "cues.csv" names data/reference/cues.csv
READS_SUITES = "EXPECTATIONS"                         # a module that reads expectations/*.json names this
LIBRARIES = {
    "reading": ("pypdfium2", "python-docx", "lxml", "beautifulsoup4", "pillow", "opencv-python-headless", "numpy"),
    "extraction": ("rapidfuzz",),
    "validation": ("great-expectations", "polars", "pandas"),
    "index": ("polars", "jinja2", "babel", "pyicu-wheels"),
    "notebooks": ("polars", "altair", "vl-convert-python", "great-tables", "papermill", "nbconvert", "jinja2",
                  "babel", "pyicu-wheels"),
}


@dataclass(frozen=True)
class Fingerprints:
    reading: str
    extraction: str
    validation: str
    notebooks: str
    index: str


def fingerprints(notebooks_dir: Path = NOTEBOOKS, extra: dict[str, str] | None = None) -> Fingerprints:
    """Every stage's fingerprint; `extra`: more of what a stage depends on, by stage (the reading's limits
    and OCR engine, which the runner knows)."""
    extra = extra or {}
    notebook_sources = sorted(Path(notebooks_dir).glob("*.py"))
    notebook_roots = {m for f in notebook_sources for m in _imports(f.read_text(encoding="utf-8"), "")}
    stages = {
        "reading": (_closure(("chitieu.read.files",)), ()),
        "extraction": (_closure(("chitieu.frames.build", "chitieu.extract.document"), stop=READERS), ()),
        "validation": (_closure(("chitieu.run.validation",)), ()),
        "index": (_closure(("chitieu.report.index",)), ()),
        "notebooks": (_closure((*sorted(notebook_roots), *NOTEBOOK_RUNNERS)) + (NOTEBOOK_EXECUTION,),
                      tuple(notebook_sources)),
    }
    return Fingerprints(**{name: _hash(name, modules, files, extra.get(name, ""))
                           for name, (modules, files) in stages.items()})


def _hash(stage: str, modules: tuple[str, ...], files: tuple[Path, ...], extra: str) -> str:
    from .. import __version__

    h = hashlib.sha256(f"{stage}\0{__version__}\0{extra}".encode())
    data: set[Path] = set(files)
    for m in modules:
        source = _source(m)
        h.update(m.encode() + b"\0" + source)
        data |= _data_files(source) if m != NOT_DATA else set()
    for name, content in sorted((f.name, f.read_bytes()) for f in data):   # by name: wherever the data lives
        h.update(name.encode() + b"\0" + content)
    for lib in LIBRARIES.get(stage, ()):
        h.update(f"{lib}={version(lib)}".encode())
    return h.hexdigest()


def _data_files(source: bytes) -> set[Path]:
    text = source.decode("utf-8")
    found = {REFERENCE / name for name in NAMED_FILE.findall(text) if (REFERENCE / name).is_file()}
    if READS_SUITES in text:
        found |= set(EXPECTATIONS.rglob("*.json"))
    return found


@lru_cache(maxsize=1)
def package_modules() -> dict[str, Path]:
    """Every chitieu module by dotted name (a package by its __init__)."""
    out = {}
    for f in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = list(f.relative_to(PACKAGE_DIR).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(["chitieu", *parts])] = f
    return out


@cache
def _source(module: str) -> bytes:
    return package_modules()[module].read_bytes()


def _closure(roots: tuple[str, ...], stop: str | None = None) -> tuple[str, ...]:
    """The modules `roots` import, directly or not, with the packages that hold them; with `stop`, the modules
    of that package are not followed (the Text aside)."""
    modules = package_modules()
    seen: set[str] = set()
    todo = [r for r in roots if r in modules]
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        parents = [".".join(m.split(".")[:k]) for k in range(1, m.count(".") + 1)]
        for t in [*parents, *_module_imports(m)]:
            if t in modules and t not in seen and (stop is None or not _inside(t, stop) or t == TEXT_MODULE
                                                   or t == stop):
                todo.append(t)
    return tuple(sorted(seen))


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


@cache
def _module_imports(module: str) -> frozenset[str]:
    is_package = package_modules()[module].name == "__init__.py"
    return frozenset(_imports(_source(module).decode("utf-8"), module, is_package))


# the imports of a module's source, lazy ones too: 'from .x import a, b', 'from chitieu.y import (\n a,\n)',
# 'import chitieu.z'; read with a pattern (a tenth of the time of parsing every module), a docstring that reads
# like an import at worst adds a module
FROM_IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.+[\w.]*|chitieu[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.MULTILINE)
PLAIN_IMPORT = re.compile(r"^[ \t]*import[ \t]+(chitieu[\w.]*)", re.MULTILINE)


def _imports(source: str, importer: str, is_package: bool = False) -> set[str]:
    """The chitieu modules a module's source imports (a name that is a submodule counts as that module)."""
    modules = package_modules()
    found = set(PLAIN_IMPORT.findall(source))
    for target, names in FROM_IMPORT.findall(source):
        if target.startswith("."):
            level = len(target) - len(target.lstrip("."))
            base = importer.split(".") if is_package else importer.split(".")[:-1]
            base = base[: len(base) - (level - 1)]
            target = ".".join(base + ([target.lstrip(".")] if target.lstrip(".") else []))
        for name in re.findall(r"\w+", names.split("#")[0] if "(" not in names else re.sub(r"#[^\n]*", "", names)):
            if name != "as":
                found.add(f"{target}.{name}" if f"{target}.{name}" in modules else target)
    return found
