"""The static search index: Pagefind, run over a finished build folder.

Pagefind ships as a binary inside the `pagefind[bin]` wheel from PyPI, so it works offline.
Without it the search page still works from `cari/data.js` (see site/static/search.js).
"""

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

OUTPUT = "pagefind"
TIMEOUT = 600  # seconds
WAIT_STEP = 2  # seconds between two calls of `waiting` while Pagefind runs


class SearchIndexError(Exception):
    """Pagefind failed; the message is Indonesian."""


def pagefind_executable() -> Path | None:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return get_executable()
    except FileNotFoundError:
        return None


def index_site(folder: Path, waiting: Callable[[], None] = lambda: None) -> float | None:
    """Index `folder` into `folder/pagefind/`; seconds taken, or None when Pagefind is absent.
    `waiting()` is called every WAIT_STEP seconds while Pagefind runs (a publish beats for
    its worker there: a large site takes a while)."""
    executable = pagefind_executable()
    if executable is None:
        return None
    started = time.perf_counter()
    fresh = folder / f".{OUTPUT}-new"
    command = [str(executable), "--site", str(folder), "--output-path", str(fresh), "--silent"]
    code, output = _run(command, waiting)
    if code != 0:
        raise SearchIndexError(f"Indeks pencarian (Pagefind) gagal dibuat: {output[-500:]}")
    # A rebuild starts from hard links to the live index: unlink them, never write into them.
    shutil.rmtree(folder / OUTPUT, ignore_errors=True)
    fresh.rename(folder / OUTPUT)
    return time.perf_counter() - started


def _run(command: list[str], waiting: Callable[[], None]) -> tuple[int, str]:
    """(exit code, what it wrote to stderr, else stdout) of `command`, killed after TIMEOUT."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,  # noqa: S603
                          text=True) as process:  # fmt: skip
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                out, err = process.communicate(timeout=WAIT_STEP)
                return process.returncode, (err or out).strip()
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    process.kill()
                    return -1, f"tidak selesai dalam {TIMEOUT} detik"
                waiting()
