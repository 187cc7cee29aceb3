"""The papermill engine of warm kernels: papermill's own nbclient engine, except that it executes in a kernel
already running, through the client already connected to it (`kernels.WarmKernel.acquire`)."""

from __future__ import annotations

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import remove_args

ENGINE_NAME = "chitieu-warm"


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine, executing in a kernel that is already running through its connected client
    (`km` and `kc` from `WarmKernel.acquire`); papermill's own bookkeeping of the notebook is unchanged."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, kc=None, **kwargs):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = PapermillNotebookClient(nb_man, timeout=execution_timeout, startup_timeout=start_timeout,
                                         kernel_name=kernel_name, log=logger, log_output=log_output,
                                         stdout_file=stdout_file, stderr_file=stderr_file, **kwargs)
        client.kc = kc   # nbclient connects a client of its own only when it has none
        return client.execute()


papermill_engines.register(ENGINE_NAME, WarmEngine)
