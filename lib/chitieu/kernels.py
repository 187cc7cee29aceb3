"""Warm kernels: each process that runs notebooks keeps one Jupyter kernel, started once and reused for every
document it runs, so a document pays for its own work and not for a kernel start and the imports of polars,
Altair and chitieu (seconds each). Between documents the kernel's namespace is reset (`%reset -f`); the modules
it imported stay loaded. A kernel that dies is replaced. Kernels talk over IPC sockets in a private folder,
so no "running over TCP without encryption" warning reaches the console."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from jupyter_core.utils import run_sync

KERNEL_NAME = "python3"
START_TIMEOUT = 60       # s for a new kernel to answer
RESET_TIMEOUT = 30       # s for a namespace reset
RESET = "get_ipython().run_line_magic('reset', '-f')\nimport gc\ngc.collect()\ndel gc"  # names go, modules stay


class WarmKernel:
    """One kernel, started on first use in `cwd`, reset between documents, replaced when it dies."""

    def __init__(self, cwd: Path):
        self.cwd = Path(cwd)
        self.km = None
        self._sockets: str | None = None
        self.starts = 0

    def manager(self):
        """The kernel manager of a live kernel, with a clean namespace."""
        if not self.alive():
            self._start()
        else:
            self._reset()
        return self.km

    def _start(self) -> None:
        from jupyter_client import AsyncKernelManager

        self.shutdown()
        self._sockets = tempfile.mkdtemp(prefix="chitieu-kernel-")
        # nbclient (under papermill) drives the kernel asynchronously: it needs the async manager and client
        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(Path(self._sockets) / "k"))
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), stderr=subprocess.DEVNULL)
        run_sync(self._talk)(None, START_TIMEOUT)
        self.starts += 1

    async def _talk(self, code: str | None, timeout: float) -> None:
        kc = self.km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=timeout)
            if code:
                await kc.execute_interactive(code, timeout=timeout, store_history=False, allow_stdin=False,
                                             output_hook=lambda msg: None)
        finally:
            kc.stop_channels()

    def _reset(self) -> None:
        try:
            run_sync(self._talk)(RESET, RESET_TIMEOUT)
        except Exception:  # noqa: BLE001 - a kernel that cannot reset is replaced, not trusted
            self._start()

    def alive(self) -> bool:
        return self.km is not None and run_sync(self.km.is_alive)()

    def pid(self) -> int | None:
        provisioner = getattr(self.km, "provisioner", None)
        return getattr(getattr(provisioner, "process", None), "pid", None)

    def shutdown(self) -> None:
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


def warm_kernel(cwd: Path) -> WarmKernel:
    """This process's kernel for notebooks run in `cwd`; shut down when the process ends."""
    cwd = Path(cwd).resolve()
    if cwd not in _KERNELS:
        if not _KERNELS:
            _at_exit(shutdown_all)
        _KERNELS[cwd] = WarmKernel(cwd)
    return _KERNELS[cwd]


def shutdown_all() -> None:
    for kernel in _KERNELS.values():
        kernel.shutdown()
    _KERNELS.clear()


def _at_exit(fn) -> None:
    """Run `fn` when this process ends, a pool's worker included (multiprocessing skips atexit there)."""
    import atexit
    from multiprocessing import util

    atexit.register(fn)
    util.Finalize(None, fn, exitpriority=10)
