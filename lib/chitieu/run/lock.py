"""One run at a time per output folder: `<folder>/.chitieu.lock` is locked (flock) for the whole run and holds its
pid, start and command line, so a second run says who holds it instead of breaking the first. The kernel
releases the lock when the holder ends, however it ends: a lock is never stale."""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from ..errors import ChitieuError

LOCK = ".chitieu.lock"


class Busy(ChitieuError):
    """Another run holds the folder."""


class FolderLock:
    """The lock of one folder, held from `acquire` to `release`."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise Busy(f"{self.path.parent}: another chitieu run is writing here ({holder}); wait for it to "
                       "end, or stop it") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                                 "command": " ".join(sys.argv)}).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)   # closing the descriptor releases the flock
            self._fd = None


def _holder(fd: int) -> str:
    """'pid 1234, since 2025-01-01 10:00:00: chitieu run --jobs 2', from what the holder wrote."""
    try:
        info = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except ValueError:
        return "a run that has not said who it is yet"
    return f"pid {info.get('pid')}, since {info.get('started')}: {info.get('command')}"


def locked(*folders: Path) -> ExitStack:
    """Hold the locks of these folders (each once) until the returned stack closes."""
    stack = ExitStack()
    try:
        for folder in dict.fromkeys(Path(f).resolve() for f in folders):
            lock = FolderLock(folder)
            lock.acquire()
            stack.callback(lock.release)
    except BaseException:
        stack.close()
        raise
    return stack
