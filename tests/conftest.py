import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
EXAMPLES = ROOT / "data" / "examples"
SEED_PROVINCE = RAW / "000_73e3681ba0af4d5b.txt"
SEED_CITY = RAW / "004_c6649bda9ff7de5a.txt"
FRAGMENTS = ROOT / "tests" / "fixtures" / "fragments"

# quick notebooks for the tests of what a run does around them (caches, progress): a document's notebook waits
# while $PROBE_WAIT names a file that does not exist, so that a test can stop a run in the middle
PROBE_DOCUMENT = '''# %% tags=["parameters"]
doc_id = None
data_dir = None
out_dir = None
lang = "vi"

# %%
import os
import time
while os.environ.get("PROBE_WAIT") and doc_id == os.environ.get("PROBE_DOC") and \\
        not os.path.exists(os.environ["PROBE_WAIT"]):
    time.sleep(0.1)
print(doc_id)
'''
PROBE_COMPARE = '''# %% tags=["parameters"]
doc_ids = None
data_dir = None
out_dir = None
lang = "vi"

# %%
print(len(doc_ids))
'''


# With pytest-xdist (`make test` runs `pytest -n 2`), each group of tests runs in one worker: a module's tests
# (its module-scoped fixtures are made once), and these modules together, which read the one run of the example
# corpus (`built_reports`). The groups that take longest are handed out first, so the workers end together.
SHARED_RUN = ("test_browser.py", "test_run.py", "test_kernels.py", "test_charts.py", "test_panel.py")
LONGEST_FIRST = ("built_reports", "test_run_contract.py", "test_shards.py", "test_resume.py", "test_lab.py",
                 "test_validate.py", "test_robustness.py", "test_caches.py", "test_formats.py", "test_devset.py")


def group_of(nodeid: str) -> str:
    module = Path(nodeid.split("::")[0]).name
    return "built_reports" if module in SHARED_RUN else module


def pytest_collection_modifyitems(items):
    """The longest groups first (the order within a group is the files')."""
    rank = {group: n for n, group in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(group_of(item.nodeid), len(rank)))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's scheduling by scope, a scope being a group (`group_of`), in the collection's order.
    (Its own `--dist loadgroup` marks do not reach pytest 9's node ids.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ByGroup(LoadScopeScheduling):
        def __init__(self, config, log=None):
            config.option.loadscopereorder = False
            super().__init__(config, log)

        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    return ByGroup(config, log)


@pytest.fixture(scope="session", autouse=True)
def warm_kernels_between_runs():
    """The suite's runs in this process share their warm kernel (chitieu.run.kernels.KEEP_BETWEEN_RUNS), as a
    Python session that drives several runs may: each would otherwise start one and import polars, Altair and
    chitieu in it again. They end with the session."""
    from chitieu.run import kernels

    kernels.KEEP_BETWEEN_RUNS = True
    yield
    kernels.shutdown_all()


def probe_root(root: Path) -> Path:
    """A project root of its own for `CHITIEU_ROOT`: a copy of the reference data and the suites, and quick
    probe notebooks in place of the reports' (the package's code stays the one under test)."""
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    shutil.copytree(ROOT / "expectations", root / "expectations")
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "10_document.py").write_text(PROBE_DOCUMENT, encoding="utf-8")
    (root / "notebooks" / "20_compare.py").write_text(PROBE_COMPARE, encoding="utf-8")
    return root


@pytest.fixture
def write_report(tmp_path):
    """Write a report text (str or bytes) to a file and return its path."""

    def _write(text, name="report.txt"):
        p = tmp_path / name
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    return _write


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory):
    """`chitieu run` on what `make run` reads — the seed reports and the example corpus of ~40 localities —
    into a temporary folder, once per test session."""
    from chitieu.cli import main

    root = tmp_path_factory.mktemp("run")
    raw, data, out = root / "raw", root / "processed", root / "reports"
    shutil.copytree(RAW, raw)
    for path in EXAMPLES.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    code = main(["run", "--raw", str(raw), "--data", str(data), "--out", str(out), "--jobs", "2", "--quiet"])
    return {"code": code, "raw": raw, "data": data, "out": out}
