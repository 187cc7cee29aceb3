"""Writing outputs so that nothing is ever half-written: a temporary file in the same folder, then rename; and
the content-keyed folder the caches keep their values in (`Store`)."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path beside `target`; on success it replaces `target`, on error it is removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.tmp-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(target: str | Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Store:
    """A folder of JSON values kept by a content key (`<folder>/<key[:2]>/<key>.json.gz`): a value is written
    whole (temp file, then rename) and never changed, so several processes, or several machines sharing the
    folder, may read and write it at once. A missing or damaged entry reads as None (a miss)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json.gz"

    def get(self, key: str):
        try:
            return json.loads(gzip.decompress(self.path(key).read_bytes()))
        except (OSError, ValueError, EOFError):
            return None

    def put(self, key: str, value) -> None:
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with atomic_path(self.path(key)) as tmp:   # mtime=0: the same value is the same bytes
            tmp.write_bytes(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


GZIP_LEVEL = 1   # a cached text compresses 4:1 at level 1, 5:1 at 9, in a tenth of the time
