"""The worker processes of a run (Pebble's process pool): a task that runs past its time limit is stopped and a
worker that dies (killed for memory) fails only its own document; Pebble replaces it and the batch goes on.

Workers die with the run, however it ends: each asks Linux for SIGTERM when its parent dies
(PR_SET_PDEATHSIG), and on SIGTERM stops its Tesseract processes and its kernel before it exits (a kernel
started by a worker also watches its parent, ipykernel's parent poller). The run's own SIGTERM is raised as an
interruption, so it cleans up as after Ctrl-C."""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager

from pebble import ProcessExpired, ProcessPool

from ..read.ocr import stop_running

PR_SET_PDEATHSIG = 1   # prctl(2)


class Terminated(KeyboardInterrupt):
    """SIGTERM to the run: handled as Ctrl-C is (nothing is swapped in, temp files go, workers stop)."""


@contextmanager
def pool(jobs: int):
    """`jobs` workers that end with this process; at the end of the block they finish their tasks, or, after
    an exception (Ctrl-C, SIGTERM), are stopped at once."""
    workers = ProcessPool(max_workers=max(1, jobs), initializer=_start_worker, initargs=(os.getpid(),))
    try:
        yield workers
    except BaseException:
        workers.stop()
        raise
    else:
        workers.close()
    finally:
        workers.join()


def _start_worker(parent: int) -> None:
    from . import kernels

    kernels.forget_inherited()   # the parent's kernels, if it has any, are not this worker's to use or stop
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):   # not Linux: the run's own SIGTERM and Ctrl-C handling still stop us
        pass
    signal.signal(signal.SIGTERM, _stop_worker)
    if os.getppid() != parent:   # the run died while this worker started
        _stop_worker(signal.SIGTERM, None)


def _stop_worker(signum: int, _frame) -> None:
    """SIGTERM in a worker (its parent died, or Pebble stops a task past its limit): its Tesseract processes
    are killed at once, and the task unwinds (its temp files go) into `guarded`, which ends the worker."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)   # once is enough: the worker is on its way out
    stop_running()
    raise SystemExit(128 + signum)


def guarded(fn, *args):
    """Run a task in a worker; a worker told to stop ends here, its kernel killed, rather than taking the next
    task (Pebble would hand it one)."""
    try:
        return fn(*args)
    except SystemExit as exc:
        from .kernels import kill_all

        kill_all()
        os._exit(exc.code if isinstance(exc.code, int) else 1)


def failure(exc: BaseException, seconds: float, doing: str) -> str:
    """Why a task did not come back: past its time limit, or its worker died (and how)."""
    from ..read.limits import Limits, figure

    if isinstance(exc, FutureTimeout):
        return Limits(seconds=seconds).over("seconds", f"{doing} was stopped after {figure(seconds)} s")
    if isinstance(exc, ProcessExpired):
        code = exc.exitcode
        if code is not None and code < 0:
            how = f"killed by {signal.Signals(-code).name}" + (", perhaps for memory" if code == -9 else "")
        else:
            how = f"exit code {code}"
        return f"the process {doing} died ({how}); it was replaced"
    return f"{doing} failed ({type(exc).__name__}: {exc})"


class Stops:
    """Ctrl-C and SIGTERM within a run: each raises (KeyboardInterrupt, Terminated) and is remembered, so that a
    stop some library swallowed still keeps the run from swapping its outputs in (`check`). Main thread only;
    elsewhere the run keeps Python's handling."""

    def __init__(self):
        self.signal: int | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._previous = {s: signal.signal(s, self._stop) for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *_):
        for s, handler in self._previous.items():
            signal.signal(s, handler)

    def _stop(self, signum: int, _frame) -> None:
        self.signal = signum
        self.check()

    def check(self) -> None:
        """Raise the stop asked for, if one was."""
        if self.signal == signal.SIGTERM:
            raise Terminated("terminated (SIGTERM)")
        if self.signal == signal.SIGINT:
            raise KeyboardInterrupt("interrupted")
