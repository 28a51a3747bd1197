"""The static search index: Pagefind, run over a finished build folder.

Pagefind ships as a binary inside the `pagefind[bin]` wheel from PyPI, so it works offline.
Without it the search page still works from `cari/data.js` (see site/static/search.js).
"""

import shutil
import subprocess
import time
from pathlib import Path

OUTPUT = "pagefind"


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


def index_site(folder: Path) -> float | None:
    """Index `folder` into `folder/pagefind/`; seconds taken, or None when Pagefind is absent."""
    executable = pagefind_executable()
    if executable is None:
        return None
    started = time.perf_counter()
    fresh = folder / f".{OUTPUT}-new"
    command = [str(executable), "--site", str(folder), "--output-path", str(fresh), "--silent"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()[-500:]
        raise SearchIndexError(f"Indeks pencarian (Pagefind) gagal dibuat: {detail}")
    # A rebuild starts from hard links to the live index: unlink them, never write into them.
    shutil.rmtree(folder / OUTPUT, ignore_errors=True)
    fresh.rename(folder / OUTPUT)
    return time.perf_counter() - started
