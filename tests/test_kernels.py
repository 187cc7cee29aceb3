"""Warm kernels: documents run in a kernel that is started once and reused, yet no document sees another's
names; a kernel killed under a document is replaced and the document run again; a warm run's outputs equal a
cold one's; an executed report re-runs by hand with papermill."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from chitieu.run.kernels import shutdown_all
from chitieu.run.notebooks import DOCUMENT_NOTEBOOK, execute
from chitieu.run.runner import run_all
from conftest import PROBE_COMPARE

PROBE = '''# %% tags=["parameters"]
doc_id = None
marker = None

# %%
import os
import json
leaked = "previous_doc" in globals()
previous_doc = doc_id
if doc_id == "die" and marker and not os.path.exists(marker):
    open(marker, "w").close()
    os.kill(os.getpid(), 9)
if doc_id == "slow":
    import time
    time.sleep(600)
print(json.dumps({"pid": os.getpid(), "leaked": leaked, "doc": doc_id}))
'''


def _probe_output(nb_path: Path) -> dict:
    nb = nbformat.read(nb_path, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    return json.loads(text.strip().splitlines()[-1])


@pytest.fixture
def probe_notebooks(tmp_path):
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    (nbdir / "probe.py").write_text(PROBE, encoding="utf-8")
    (nbdir / f"{DOCUMENT_NOTEBOOK}.py").write_text(PROBE.replace('doc_id = None\n', 'doc_id = None\ndata_dir = None\n'
                                                                 'out_dir = None\nlang = "vi"\n'), encoding="utf-8")
    (nbdir / "20_compare.py").write_text(PROBE_COMPARE, encoding="utf-8")
    yield nbdir
    shutdown_all()


def test_a_warm_kernel_is_reused_and_leaks_no_names(tmp_path, probe_notebooks):
    runs = [execute("probe", tmp_path / d, {"doc_id": d}, probe_notebooks) for d in ("a", "b", "c")]
    assert all(r.ok for r in runs), [r.error for r in runs]
    outs = [_probe_output(tmp_path / d / "probe.ipynb") for d in ("a", "b", "c")]
    assert [o["leaked"] for o in outs] == [False, False, False], "a name set by one document reached the next"
    assert len({o["pid"] for o in outs}) == 1, "one kernel served the three documents"


def test_a_killed_kernel_is_replaced_and_its_document_retried(tmp_path, probe_notebooks):
    marker = str(tmp_path / "killed-once")
    runs = [execute("probe", tmp_path / d, {"doc_id": d, "marker": marker}, probe_notebooks)
            for d in ("a", "die", "b")]
    assert all(r.ok for r in runs), [r.error for r in runs]
    a, die, b = (_probe_output(tmp_path / d / "probe.ipynb") for d in ("a", "die", "b"))
    assert Path(marker).exists() and die["doc"] == "die"
    assert die["pid"] != a["pid"] and b["pid"] == die["pid"], "the dead kernel was replaced, then reused"


def test_a_notebook_past_its_time_limit_is_stopped_and_the_next_one_runs(tmp_path, probe_notebooks):
    slow = execute("probe", tmp_path / "slow", {"doc_id": "slow"}, probe_notebooks, seconds=3)
    after = execute("probe", tmp_path / "a", {"doc_id": "a"}, probe_notebooks, seconds=120)
    assert not slow.ok and "stopped after 3 s, over the limit of 3 s per document (--max-seconds)" in slow.error
    assert after.ok, after.error


def test_a_batch_with_a_dying_kernel_completes_with_two_workers(tmp_path, probe_notebooks):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = "Năm 2024, tỷ lệ hộ nghèo còn 2,1%.\n"
    for d in ("a", "b", "die", "d", "e"):
        (raw / f"{d}.txt").write_text(text, encoding="utf-8")
    nb = probe_notebooks / f"{DOCUMENT_NOTEBOOK}.py"
    nb.write_text(nb.read_text(encoding="utf-8").replace("marker = None", f"marker = {str(tmp_path / 'm')!r}"),
                  encoding="utf-8")
    outcomes = run_all(raw_dirs=[raw], data_dir=tmp_path / "data", out_root=tmp_path / "out", jobs=2,
                       notebooks_dir=probe_notebooks, progress=False)
    assert all(o.ok for o in outcomes), [(o.name, o.error) for o in outcomes]
    assert (tmp_path / "m").exists(), "the kernel was killed once"
    assert {o.name for o in outcomes} == {"a", "b", "die", "d", "e", "compare"}


def _outputs(nb_path: Path) -> list:
    """Cells' outputs without what differs between runs by nature: execution counts and metadata."""
    nb = nbformat.read(nb_path, as_version=4)
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "injected-parameters" in cell.metadata.get("tags", []):
            continue
        out.append([{k: v for k, v in o.items() if k not in ("execution_count", "metadata")}
                    for o in cell.get("outputs", [])])
    return out


def test_a_warm_run_gives_the_outputs_of_a_cold_one(built_reports, tmp_path):
    from chitieu.paths import NOTEBOOKS

    data = str(built_reports["data"])
    try:
        first = execute(DOCUMENT_NOTEBOOK, tmp_path / "warm_first",   # another document first: a small one
                        {"doc_id": "hungbinh_ward_2020_2025", "data_dir": data, "out_dir": str(tmp_path / "w1")},
                        NOTEBOOKS)
        params = {"doc_id": "004_c6649bda9ff7de5a", "data_dir": data}
        warm = execute(DOCUMENT_NOTEBOOK, tmp_path / "warm", params | {"out_dir": str(tmp_path / "w2")}, NOTEBOOKS)
    finally:
        shutdown_all()
    cold = execute(DOCUMENT_NOTEBOOK, tmp_path / "cold", params | {"out_dir": str(tmp_path / "c2")}, NOTEBOOKS,
                   warm=False)
    assert first.ok and warm.ok and cold.ok, (first.error, warm.error, cold.error)
    assert _outputs(tmp_path / "warm" / f"{DOCUMENT_NOTEBOOK}.ipynb") == \
        _outputs(tmp_path / "cold" / f"{DOCUMENT_NOTEBOOK}.ipynb")


def test_an_executed_report_reruns_by_hand_with_papermill(built_reports, tmp_path):
    """README: `papermill reports/<doc>/10_document.ipynb out.ipynb -p doc_id <doc> --cwd notebooks`."""
    from chitieu.paths import NOTEBOOKS

    executed = built_reports["out"] / "004_c6649bda9ff7de5a" / f"{DOCUMENT_NOTEBOOK}.ipynb"
    out = tmp_path / "by_hand.ipynb"
    papermill = Path(sys.executable).parent / "papermill"
    run = subprocess.run([str(papermill), str(executed), str(out), "-p", "doc_id", "bentre_2023_statistics",
                          "-p", "data_dir", str(built_reports["data"]), "-p", "out_dir", str(tmp_path / "o"),
                          "--cwd", str(NOTEBOOKS)], check=False, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "bentre_2023_statistics" in injected[0].source
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
