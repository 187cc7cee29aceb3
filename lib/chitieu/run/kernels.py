"""Warm kernels: each process that runs notebooks keeps one Jupyter kernel, started once and reused for every
document it runs, so a document pays for its own work and not for a kernel start and the imports of polars,
Altair and chitieu (seconds each). Between documents the kernel's namespace is reset (`%reset -f`); the modules
it imported stay loaded. A kernel that dies is replaced. Kernels talk over IPC sockets in a private folder,
so no "running over TCP without encryption" warning reaches the console.

The kernel's client stays connected too: papermill runs each document through `run.engine`, which hands
nbclient this client instead of letting it connect a new one (a new client waits 0.2 s for the kernel's
output stream to fall quiet before its first cell, a document's fifth of a second spent idle)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jupyter_core.utils import run_sync

KERNEL_NAME = "python3"
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]
START_TIMEOUT = 60       # s for a new kernel to answer
RESET_TIMEOUT = 30       # s for a namespace reset or a preload
MAX_DOCUMENTS = 50       # documents a kernel runs before it is replaced (bounds a long batch's memory)
# names go, modules stay; what survives the reset's garbage collection (the imported modules) is frozen out of
# later collections, so the next reset scans only what the next document made (0.5 s a reset otherwise)
RESET = "get_ipython().run_line_magic('reset', '-f')\nimport gc as _gc\n_gc.freeze()\ndel _gc"


class WarmKernel:
    """One kernel, started on first use in `cwd`, reset between documents, replaced when it dies."""

    def __init__(self, cwd: Path):
        self.cwd = Path(cwd)
        self.km = None
        self.kc = None       # its client, connected once per kernel
        self._sockets: str | None = None
        self.documents = 0   # run in the current kernel

    def acquire(self) -> dict:
        """The papermill engine arguments of a live kernel with a clean namespace: its manager and client."""
        if not self.alive():
            self._start()
        else:
            self._reset()
        from .engine import ENGINE_NAME  # papermill, imported where notebooks run

        self.documents += 1
        return {"engine_name": ENGINE_NAME, "km": self.km, "kc": self.kc}

    def _start(self) -> None:
        from jupyter_client import AsyncKernelManager

        self.shutdown()
        self._sockets = tempfile.mkdtemp(prefix="chitieu-kernel-")
        # nbclient (under papermill) drives the kernel asynchronously: it needs the async manager and client
        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(Path(self._sockets) / "k"))
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), stderr=subprocess.DEVNULL, extra_arguments=KERNEL_ARGUMENTS)
        self.kc = self.km.client()
        self.kc.allow_stdin = False
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=START_TIMEOUT)
        self.documents = 0

    def _reset(self) -> None:
        """A clean namespace; a kernel that has run MAX_DOCUMENTS is replaced instead, so the memory a
        long batch leaves behind in it (allocators rarely give it back) stays bounded."""
        if self.documents >= MAX_DOCUMENTS:
            self._start()
            return
        try:
            run_sync(self._execute)(RESET)
        except Exception:  # noqa: BLE001 - a kernel that cannot reset is replaced, not trusted
            self._start()

    async def _execute(self, code: str) -> None:
        """`code` through the kernel's client, waiting for its reply on the shell channel: one round trip. Its
        status messages stay on the output stream, where nbclient passes over what another request caused."""
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:
            reply = await self.kc.get_shell_msg(timeout=RESET_TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"{code.splitlines()[0]!r} failed in the kernel: {reply['content'].get('evalue')}")

    def preload(self, code: str) -> None:
        """Start the kernel if need be and run `code` in it: the imports its notebooks begin with, paid while
        nothing waits for them. A reset keeps the modules and drops the names."""
        if not self.alive():
            self._start()
        run_sync(self._execute)(code)

    def alive(self) -> bool:
        return self.km is not None and run_sync(self.km.is_alive)()

    def kill(self) -> None:
        """End the kernel now, from any thread or a signal handler (no event loop): a document past its time
        limit, or a worker told to stop. The next `acquire` starts a new one."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            process.kill()

    def shutdown(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001, S110 - a kernel already gone needs no shutdown
                pass
            self.km = None
        if self._sockets:
            shutil.rmtree(self._sockets, ignore_errors=True)
            self._sockets = None


_KERNELS: dict[Path, WarmKernel] = {}
# a process that runs several runs one after the other (a Python session driving chitieu, the test suite) may
# keep its warm kernels between them: they still end with the process; at most MAX_KEPT, the oldest goes first
KEEP_BETWEEN_RUNS = False
MAX_KEPT = 2


def warm_kernel(cwd: Path) -> WarmKernel:
    """This process's kernel for notebooks run in `cwd`; shut down when the process ends."""
    cwd = Path(cwd).resolve()
    if cwd not in _KERNELS:
        if not _KERNELS:
            _at_exit(shutdown_all)
        while len(_KERNELS) >= MAX_KEPT:
            _KERNELS.pop(next(iter(_KERNELS))).shutdown()
        _KERNELS[cwd] = WarmKernel(cwd)
    return _KERNELS[cwd]


def end_of_run() -> None:
    """A run in this process is over: its kernels go, unless KEEP_BETWEEN_RUNS."""
    if not KEEP_BETWEEN_RUNS:
        shutdown_all()


def shutdown_all() -> None:
    for kernel in _KERNELS.values():
        kernel.shutdown()
    _KERNELS.clear()


def forget_inherited() -> None:
    """In a process just forked: drop the kernels its parent had (they stay the parent's)."""
    _KERNELS.clear()


def kill_all() -> None:
    """Kill this process's kernels and remove their socket folders at once (a worker that must end now)."""
    for kernel in _KERNELS.values():
        kernel.kill()
        if kernel._sockets:
            shutil.rmtree(kernel._sockets, ignore_errors=True)


def _at_exit(fn) -> None:
    """Run `fn` when this process ends, a pool's worker included (multiprocessing skips atexit there)."""
    import atexit
    from multiprocessing import util

    atexit.register(fn)
    util.Finalize(None, fn, exitpriority=10)
