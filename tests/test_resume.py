"""Crash-safe progress: a run killed outright (kill -9, a machine's power, a job's time limit) keeps the reports
it made in its stage, each recorded as it finished; the next run takes them and runs only what is missing,
and until then the outputs are the previous run's."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

from conftest import FRAGMENTS, probe_root

STAGE = ".chitieu-stage"


def test_a_killed_run_resumes_where_it_stopped(tmp_path, monkeypatch):
    root = probe_root(tmp_path / "root")
    raw = tmp_path / "raw"
    raw.mkdir()
    for doc in ("a", "b", "slow"):
        shutil.copy(FRAGMENTS / "city_bullets_verdicts.txt", raw / f"{doc}.txt")
    go = tmp_path / "go"
    env = os.environ | {"CHITIEU_ROOT": str(root), "PROBE_WAIT": str(go), "PROBE_DOC": "slow"}
    cmd = [sys.executable, "-m", "chitieu.cli", "run", "--raw", str(raw), "--data", str(tmp_path / "data"),
           "--out", str(tmp_path / "out"), "--quiet"]
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    progress, deadline = tmp_path / "out" / STAGE / "progress.jsonl", time.time() + 300
    recorded: list[str] = []
    while time.time() < deadline and len(recorded) < 3 and first.poll() is None:
        time.sleep(0.2)
        recorded = [json.loads(line)[0] for line in progress.read_text().splitlines()] if progress.exists() else []
    assert sorted(recorded) == ["a", "b", "compare"], "the comparison and two reports recorded as they finished"
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=60)
    assert not (tmp_path / "out" / "a").exists() and not (tmp_path / "out" / "index.html").exists(), \
        "nothing swapped in"
    go.touch()   # the next run, in this process (the same code, data and notebooks), finds the stage
    from chitieu.cli import run_summary
    from chitieu.run.runner import run_all

    for name in ("PROBE_WAIT", "PROBE_DOC"):
        monkeypatch.setenv(name, env[name])
    outcomes = run_all([raw], tmp_path / "data", tmp_path / "out", notebooks_dir=root / "notebooks", progress=False)
    assert all(o.ok for o in outcomes), [(o.name, o.error) for o in outcomes]
    assert outcomes.reuse.line().endswith("3 reports of the interrupted run; OCR'd 0 pages; ran 1 notebooks")
    assert run_summary(outcomes, tmp_path / "out" / "index.html").startswith(
        "1 notebooks ran, 0 unchanged, 0 notebooks failed, 3 resumed from the interrupted run")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert all(manifest[d].get("rows") for d in ("a", "b", "slow")) and manifest["_compare"].get("rows")
    assert all((tmp_path / "out" / d / "10_document.html").exists() for d in ("a", "b", "slow"))
    assert not (tmp_path / "out" / STAGE).exists() and not (tmp_path / "data" / STAGE).exists()
