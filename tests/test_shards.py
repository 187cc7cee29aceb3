"""Shards: `chitieu run --shard I/N` takes a deterministic 1/N of the documents, `chitieu merge` gathers the N
into what one run over every document makes; the SLURM array script runs them (here without SLURM, as its
tasks would) and passes shellcheck."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from chitieu.errors import ChitieuError
from conftest import FRAGMENTS, ROOT

SCRIPT = ROOT / "scripts" / "slurm" / "chitieu-array.sh"
CHITIEU = Path(sys.executable).parent / "chitieu"
CORPUS = {"city.txt": "city_bullets_verdicts.txt", "province.txt": "province_diacritics_dot_items.txt",
          "annex.txt": "annex_table_plan_columns.txt", "tinh/huyen/2023.txt": "district_next_term_ranges.txt"}


@pytest.mark.parametrize("text, error", [("2/3", None), ("3/3", None), ("0/3", "between 1 and N"),
                                         ("4/3", "between 1 and N"), ("2", "I/N"), ("a/b", "I/N")])
def test_a_shard_is_named_i_of_n(text, error):
    from chitieu.run.corpus import Shard

    if error is None:
        assert Shard.parse(text).name == text.replace("/", "-of-")
    else:
        with pytest.raises(ChitieuError, match=error):
            Shard.parse(text)


def test_shards_split_the_documents_the_same_way_everywhere():
    from chitieu.run.corpus import Shard

    ids = [f"doc_{i}" for i in range(300)] + ["city", "province", "annex", "tinh~huyen~2023"]
    for count in (1, 3, 8):
        holders = [[i for i in range(1, count + 1) if Shard(i, count).holds(d)] for d in ids]
        assert all(len(h) == 1 for h in holders), "each document in exactly one shard"
        sizes = [sum(h == [i] for h in holders) for i in range(1, count + 1)]
        assert min(sizes) >= 0.6 * len(ids) / count, sizes
    # by a hash of the id alone: the same on every machine, run and Python (no PYTHONHASHSEED)
    assert [next(i for i in (1, 2, 3) if Shard(i, 3).holds(d)) for d in CORPUS_IDS] == [3, 2, 1, 1]


CORPUS_IDS = ["city", "province", "annex", "tinh~huyen~2023"]


@pytest.fixture(scope="module")
def split_run(tmp_path_factory):
    """The corpus run as the SLURM script's tasks run it (test_the_slurm_script_runs_chitieu_as_a_task_would):
    three shards sharing one cache, then the merge; and a single run."""
    from chitieu.cli import main

    tmp = tmp_path_factory.mktemp("split")
    raw, work = tmp / "raw", tmp / "work"
    for name, fragment in CORPUS.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FRAGMENTS / fragment, raw / name)
    codes = [main(["run", "--raw", str(raw), "--shard", f"{i}/3", "--shards", str(work / "shards"), "--cache",
                   str(work / "cache"), "--quiet"]) for i in (1, 2, 3)]
    codes.append(main(["merge", "--shards", str(work / "shards"), "--data", str(work / "processed"), "--out",
                       str(work / "reports"), "--quiet"]))
    codes.append(main(["run", "--raw", str(raw), "--data", str(tmp / "single" / "processed"), "--out",
                       str(tmp / "single" / "reports"), "--quiet"]))
    return {"tmp": tmp, "codes": codes, "merged": work, "single": tmp / "single"}


def test_three_shards_merged_equal_a_single_run(split_run):
    assert split_run["codes"] == [0] * 5
    merged, single = split_run["merged"], split_run["single"]
    for name in ("documents", "indicators", "series", "pages", "panel"):
        a, b = (pl.read_parquet(f / "processed" / f"{name}.parquet") for f in (merged, single))
        assert a.equals(b), name   # rows and their order
    assert b.height > 0 and sorted(pl.read_parquet(single / "processed" / "documents.parquet")["doc_id"]) == \
        sorted(CORPUS_IDS)
    files = {f: _files(f / "reports", f) for f in (merged, single)}
    assert files[merged].keys() == files[single].keys()
    different = [name for name in files[single] if files[merged][name] != files[single][name]]
    assert different == ["manifest.json"], different
    manifests = [json.loads((f / "reports" / "manifest.json").read_text()) for f in (merged, single)]
    assert {k: v for k, v in manifests[0].items() if k != "_index"} == \
        {k: v for k, v in manifests[1].items() if k != "_index"}


def _files(folder: Path, root: Path) -> dict[str, str]:
    """Every file's text with what differs between two runs by nature left out: the folders it was made in, the
    notebook cells' random ids (in the HTML too), a notebook's clock and its kernel's execution counts (of a
    warm kernel: how many documents it ran before), the lock; a chart's PNG by its bytes."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name.startswith("."):
            continue
        if p.suffix == ".png":
            out[str(p.relative_to(folder))] = p.read_bytes().hex()
            continue
        text = p.read_text(encoding="utf-8").replace(str(root), "ROOT")
        if p.suffix == ".ipynb":
            nb = json.loads(text)
            text = json.dumps([nb["metadata"]["papermill"]["parameters"]]
                              + [[c["source"], [{k: v for k, v in o.items() if k not in ("execution_count", "metadata")}
                                                for o in c.get("outputs", [])]] for c in nb["cells"]])
        out[str(p.relative_to(folder))] = re.sub(r"cell-id=[0-9a-f-]+", "cell-id=", text)
    return out


def test_a_shard_writes_into_its_own_folder_and_a_merge_needs_every_shard(split_run, tmp_path, capsys):
    from chitieu.cli import main

    work = split_run["merged"]
    assert sorted(p.name for p in (work / "shards").iterdir()) == ["1-of-3", "2-of-3", "3-of-3"]
    assert (work / "shards" / "1-of-3" / "reports" / "tinh~huyen~2023" / "10_document.html").exists()
    assert main(["run", "--raw", "x", "--shard", "1/3", "--out", str(tmp_path)]) == 2
    assert "--shard writes into its own folder" in capsys.readouterr().err
    shutil.copytree(work / "shards", tmp_path / "shards", ignore=shutil.ignore_patterns("3-of-3"))
    assert main(["merge", "--shards", str(tmp_path / "shards"), "--out", str(tmp_path / "out"), "--data",
                 str(tmp_path / "data")]) == 2
    assert "a merge needs all 3 shards: missing 3-of-3" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (tmp_path / "data").exists(), "nothing was changed"


def _recorder(folder: Path, name: str, answer: str = "") -> Path:
    """A command that records its arguments (one line a call) in <folder>/<name>.calls."""
    exe = folder / name
    exe.write_text(f'#!/bin/sh\necho "$@" >> {folder / (name + ".calls")}\necho "{answer}"\n')
    exe.chmod(0o755)
    return exe


def _script(step: str, tmp_path: Path, **env: str) -> list[str]:
    done = subprocess.run(["bash", str(SCRIPT), step], capture_output=True, text=True, check=False,
                          env=os.environ | {"PATH": f"{tmp_path}:{os.environ['PATH']}", "CHITIEU_RAW": "/reports",
                                            "CHITIEU_WORK": "/work/x", "CHITIEU_SHARDS": "64"} | env)
    assert done.returncode == 0, done.stderr
    return (tmp_path / f"{'sbatch' if step == 'submit' else 'chitieu'}.calls").read_text().splitlines()


def test_the_slurm_script_submits_the_array_then_the_merge(tmp_path):
    _recorder(tmp_path, "sbatch", "4242;cluster")
    array, merge = _script("submit", tmp_path)
    assert array.startswith("--parsable --array=1-64 --export=ALL") and array.endswith(" shard")
    assert merge.startswith("--dependency=afterany:4242 --export=ALL") and merge.endswith(" merge")


def test_the_slurm_script_runs_chitieu_as_a_task_would(tmp_path):
    chitieu = _recorder(tmp_path, "chitieu")
    assert _script("shard", tmp_path, CHITIEU=str(chitieu), SLURM_ARRAY_TASK_ID="17", SLURM_CPUS_PER_TASK="4") == [
        "run --raw /reports --shard 17/64 --shards /work/x/shards --cache /work/x/cache --jobs 4 --lang vi --quiet"]
    (tmp_path / "chitieu.calls").unlink()
    assert _script("merge", tmp_path, CHITIEU=str(chitieu)) == [
        "merge --shards /work/x/shards --data /work/x/processed --out /work/x/reports --jobs 1 --quiet"]


def test_the_slurm_script_passes_shellcheck():
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "make test installs Debian's shellcheck (see Makefile: shellcheck)"
    done = subprocess.run([shellcheck, str(SCRIPT)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
