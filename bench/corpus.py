"""Synthetic corpora for benchmarks: variants of the seed reports (`write_corpus`), or of every report of
`make run` — the seeds and the example corpus, all their layouts (`write_layout_corpus`) — with other
localities, other numbers and other line wrapping. Deterministic (seeded), written to a folder; nothing
here is used by lib/."""

from __future__ import annotations

import csv
import json
import random
import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))
PLACES = [r["name"] for r in csv.DictReader((ROOT / "data" / "reference" / "places.csv").read_text(encoding="utf-8").splitlines())]
EXAMPLES = sorted((ROOT / "data" / "examples").glob("*.txt"))
DEVSET_META = ROOT / "tests" / "fixtures" / "devset"
SEED_PLACES = re.compile(r"S[ée]c Tr[aă]ng|Soc Trang|Sa [BPĐD][ée]c", re.IGNORECASE)


def _numbers(text: str, rng: random.Random) -> str:
    def swap(m: re.Match) -> str:
        s = m.group()
        return "".join(str(rng.randint(0, 9)) if c.isdigit() and rng.random() < 0.3 else c for c in s)
    return re.sub(r"(?<![\d.,])\d+(?:[.,]\d+)*(?![\d])", swap, text)


def _rewrap(text: str, width: int) -> str:
    out, para = [], []
    for line in text.split("\n"):
        if line.strip() and not line.lstrip().startswith(("(", "-", "|")) and "|" not in line and len(line) > 50:
            para.append(line.strip())
            continue
        if para:
            out += textwrap.wrap(" ".join(para), width)
            para = []
        out.append(line)
    if para:
        out += textwrap.wrap(" ".join(para), width)
    return "\n".join(out)


def variant(i: int) -> str:
    rng = random.Random(i)
    text = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
    text = SEED_PLACES.sub(rng.choice(PLACES), text)
    text = _numbers(text, rng)
    return _rewrap(text, rng.randint(60, 100)) if rng.random() < 0.5 else text


def write_corpus(folder: Path, n: int, make=None, prefix: str = "synthetic") -> list[Path]:
    """n texts `make(i)` (seed variants unless told) as <prefix>_<i>.txt in folder."""
    make = make or variant
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"{prefix}_{i:04d}.txt"
        p.write_text(make(i), encoding="utf-8")
        paths.append(p)
    return paths


def _own_place(path: Path) -> re.Pattern:
    """The reporting locality of an example text (its meta.json), with or without diacritics."""
    import unicodedata

    meta = DEVSET_META / f"{path.stem}.meta.json"
    name = json.loads(meta.read_text(encoding="utf-8")).get("locality") if meta.exists() else None
    if not name:
        return SEED_PLACES
    bare = "".join(c for c in unicodedata.normalize("NFD", name) if unicodedata.category(c) != "Mn")
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return re.compile("|".join(re.escape(n) for n in {name, bare}), re.IGNORECASE)


def layout_variant(i: int) -> str:
    """Variant i of the i-th report of seeds + examples (round robin), so every layout is in the corpus."""
    rng = random.Random(10_000 + i)
    sources = SEEDS + EXAMPLES
    path = sources[i % len(sources)]
    text = _own_place(path).sub(rng.choice(PLACES), path.read_text(encoding="utf-8"))
    text = _numbers(text, rng)
    return _rewrap(text, rng.randint(60, 100)) if rng.random() < 0.5 else text


def write_layout_corpus(folder: Path, n: int) -> list[Path]:
    return write_corpus(folder, n, make=layout_variant, prefix="layout")
