"""Tesseract with its Vietnamese model, run as a process per page image.

`--psm 3` (automatic page segmentation): `--psm 6` wrecks ruled tables. `OMP_THREAD_LIMIT=1`: Debian's build
uses OpenMP and is several times slower on two cores with it; pages are read in parallel processes instead.
The text is rebuilt from Tesseract's TSV (block / paragraph / line / word, each word with its confidence), so
every word's offset in the page text is known and a number read inside a low-confidence word can be flagged.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

TESSERACT_ENV = "CHITIEU_TESSERACT"   # another tesseract binary (or a missing one, to test without it)
LANG = "vie"
PSM = "3"
LOW_WORD_CONFIDENCE = 60    # a word read below this is uncertain (Tesseract's 0-100 scale)
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
OCR_TIMEOUT_S = 300


class OcrUnavailable(RuntimeError):
    """No Tesseract, or one without the Vietnamese model."""


class OcrFailed(RuntimeError):
    """Tesseract ran but did not read the page: an error exit, or past OCR_TIMEOUT_S."""


@dataclass(frozen=True)
class OcrPage:
    text: str
    confidence: float | None                 # mean word confidence, None when no word was read
    uncertain: tuple[tuple[int, int], ...]   # spans (in `text`) of words read below LOW_WORD_CONFIDENCE


def binary() -> str | None:
    return os.environ.get(TESSERACT_ENV) or shutil.which("tesseract")


@lru_cache(maxsize=4)
def _check(exe: str | None) -> str:
    """'tesseract 5.3.0 vie', or OcrUnavailable saying what to install."""
    if not exe or not Path(exe).exists() and shutil.which(exe) is None:
        raise OcrUnavailable(f"needs Tesseract with Vietnamese: {INSTALL_HINT}")
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30,
                               check=False).stdout.split()
        version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30,
                                 check=False).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable(f"needs Tesseract with Vietnamese ({exc}): {INSTALL_HINT}") from None
    if LANG not in langs:
        raise OcrUnavailable(f"needs Tesseract's Vietnamese model: {INSTALL_HINT}")
    return f"tesseract {version[1] if len(version) > 1 else '?'} {LANG}"


def engine() -> str:
    """The engine that would read a scan, or OcrUnavailable."""
    return _check(binary())


def tesseract_tsv(png: Path, psm: str = PSM, options: tuple[str, ...] = ()) -> str:
    """Tesseract's TSV of one image (`options`: more '-c name=value' settings); OcrFailed when Tesseract fails
    or times out on it."""
    exe = binary()
    _check(exe)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    code, out, err = _tesseract([exe, str(png), "stdout", "-l", LANG, "--psm", psm, *options, "tsv"], env)
    if code != 0:
        raise OcrFailed(f"Tesseract failed (exit code {code}): {err.strip()[:200]}")
    return out


def read_image(png: Path) -> OcrPage:
    """OCR one page image (a 300 dpi render)."""
    return from_tsv(tesseract_tsv(png))


def tsv_words(tsv: str) -> list[Word]:
    """The words of Tesseract's TSV, each with its box, confidence and line."""
    return [w for w in (_word(r) for r in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
                        if r.get("level") == "5" and (r.get("text") or "").strip()) if w]


_RUNNING: set[subprocess.Popen] = set()   # the Tesseract processes of this process, stopped with it


def _tesseract(cmd: list[str], env: dict) -> tuple[int, str, str]:
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        _RUNNING.add(proc)
        try:
            out, err = proc.communicate(timeout=OCR_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise OcrFailed(f"Tesseract took more than {OCR_TIMEOUT_S} s on the page") from None
        except BaseException:   # stopped (a signal, Ctrl-C): the page's Tesseract goes too
            proc.kill()
            raise
        finally:
            _RUNNING.discard(proc)
    return proc.returncode, out, err


def stop_running() -> None:
    """Kill the Tesseract processes this process started (a worker stopped mid-document leaves none behind)."""
    for proc in list(_RUNNING):
        proc.kill()


def from_tsv(tsv: str) -> OcrPage:
    return from_words(tsv_words(tsv))


def from_words(words: list[Word]) -> OcrPage:
    """The page text, laid out as printed: a blank line between paragraphs, a newline between lines, words
    placed by their boxes (no space where Tesseract split '31.800' into '31.' and '800', as many spaces as fit
    in a wide gap, so a table's columns line up); its mean word confidence and the spans of uncertain words."""
    if not words:
        return OcrPage("", None, ())
    width = _char_width(words)
    margin = min(w.left for w in words)
    spacing = _line_spacing(words)
    parts: list[str] = []
    uncertain: list[tuple[int, int]] = []
    pos, prev = 0, None
    for w in words:
        sep = _separator(prev, w, width, margin, spacing)
        parts.append(sep)
        pos += len(sep)
        if 0 <= w.conf < LOW_WORD_CONFIDENCE:
            uncertain.append((pos, pos + len(w.text)))
        parts.append(w.text)
        pos += len(w.text)
        prev = w
    confs = [w.conf for w in words if w.conf >= 0]
    mean = round(sum(confs) / len(confs), 1) if confs else None
    return OcrPage("".join(parts), mean, tuple(uncertain))


@dataclass(frozen=True)
class Word:
    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    line: tuple[str, str, str]   # (block, paragraph, line) numbers: the words of one printed line


def _word(r: dict) -> Word | None:
    try:
        return Word(unicodedata.normalize("NFC", r["text"].strip()), float(r["conf"]), int(r["left"]), int(r["top"]), int(r["width"]),
                    int(r["height"]), (r["block_num"], r["par_num"], r["line_num"]))
    except (KeyError, ValueError):
        return None


JOINED_GAP = 0.3   # a gap narrower than this share of a character is no space: '31.' '800' is '31.800'
WIDE_GAP = 2.0     # a gap of this many characters or more is as many spaces (a table's columns)


def _char_width(words: list[Word]) -> float:
    per_char = sorted(w.width / len(w.text) for w in words if len(w.text) >= 3)
    return per_char[len(per_char) // 2] if per_char else 1.0


PARAGRAPH_GAP = 1.6   # a line this many line spacings below the last starts a paragraph (Tesseract's own
#                       paragraphs break inside sentences)


def _line_spacing(words: list[Word]) -> float:
    """The commonest distance from one line's top to the next one's."""
    tops: dict[tuple, int] = {}
    for w in words:
        tops[w.line] = min(tops.get(w.line, w.top), w.top)
    ys = sorted(tops.values())
    steps = sorted(b - a for a, b in pairwise(ys) if b - a > 0)
    return steps[len(steps) // 3] if steps else 0.0


def _separator(prev: Word | None, w: Word, width: float, margin: int, spacing: float) -> str:
    if prev is not None and w.line == prev.line:
        gap = w.left - (prev.left + prev.width)
        if gap < JOINED_GAP * width:
            return ""
        return " " * round(gap / width) if gap >= WIDE_GAP * width else " "
    indent = " " * round((w.left - margin) / width) if w.left - margin >= WIDE_GAP * width else ""
    if prev is None:
        return indent
    new_paragraph = spacing and w.top - prev.top > PARAGRAPH_GAP * spacing
    return ("\n\n" if new_paragraph else "\n") + indent
