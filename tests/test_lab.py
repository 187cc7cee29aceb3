"""JupyterLab as a researcher opens it: `make lab` (as whoever runs the tests, root included) starts a headless
JupyterLab with the settings the repo ships, and a double-click on notebooks/10_document.py in its file
browser opens a notebook panel, not a text editor."""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from test_browser import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "chitieu-test"
START_SECONDS = 90
STOP_GRACE = 3   # seconds JupyterLab gets to stop after SIGTERM before SIGKILL (its shutdown of extensions may take longer)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"jupyter lab exited: {log.read_text()[-2000:]}"
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"jupyter lab did not answer in {START_SECONDS}s: {log.read_text()[-2000:]}")


def test_make_lab_opens_a_py_notebook_as_a_notebook(tmp_path):
    from playwright.sync_api import sync_playwright

    port = _free_port()
    # the user's own settings and config stay out of it: only what the repo ships decides the viewer
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_PATH="")
    args = (f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={TOKEN} "
            "--LabApp.news_url=")  # make lab serves notebooks/
    log = tmp_path / "lab.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([shutil.which("make") or "make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", proc, log)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page(viewport={"width": 1300, "height": 900})
                page.goto(f"http://127.0.0.1:{port}/lab?token={TOKEN}")
                item = page.locator(".jp-DirListing-item", has_text="10_document.py")
                page.locator("#jp-main-dock-panel").wait_for(timeout=60000)
                try:
                    item.wait_for(state="visible", timeout=20000)
                except Exception:  # noqa: BLE001 - the file browser restored folded away: unfold it
                    page.locator('.jp-SideBar [data-id="filebrowser"]').click()
                    item.wait_for(state="visible", timeout=20000)
                item.dblclick()
                page.locator(".jp-NotebookPanel").first.wait_for(state="visible", timeout=60000)
                page.wait_for_function("document.querySelectorAll('.jp-NotebookPanel .jp-Cell').length > 3",
                                       timeout=30000)   # the notebook's cells, drawn as they load
                assert page.locator(".jp-FileEditor:visible").count() == 0, "opened as text"
                page.screenshot(path=str(tmp_path / "lab.png"))
            finally:
                browser.close()
    finally:
        _stop_group(proc)


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop make and the JupyterLab it started (their own process group): politely, then for sure, since a
    server told to stop may outlive make while it shuts its extensions down."""
    for sig, grace in ((signal.SIGTERM, STOP_GRACE), (signal.SIGKILL, 0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and _group_alive(proc):
            time.sleep(0.1)
    proc.wait(timeout=10)


def _group_alive(proc: subprocess.Popen) -> bool:
    """Some process of the group is still running (make reaped first: a zombie still takes signals)."""
    proc.poll()
    try:
        os.killpg(proc.pid, 0)
    except ProcessLookupError:
        return False
    return True
