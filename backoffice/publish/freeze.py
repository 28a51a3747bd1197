"""Render pages of the site app into a folder, on every core.

Frozen-Flask's own loop is serial and asks the database per page; here the pages come from
`plan.plan_pages`, the data from one snapshot taken before the work is split, and a pool of
forked workers (each with its own test client) renders chunks of pages. Forked workers inherit
the snapshot and the Markdown cache, and never touch the database. A file is written only when
its bytes differ from the previous build's (by SHA-1 in the manifest), and always through a
new file renamed into place, so a file shared with the previous build is never changed.
"""

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask

from backoffice.publish.plan import Page

PARALLEL_FROM = 300  # below this many pages, forking costs more than it saves
CHUNK = 40


class RenderError(Exception):
    """A page could not be rendered; the message says which, in Indonesian."""


# (url, file, sha1, written) for every rendered page
Rendered = tuple[str, str, str, bool]

_job: dict = {}  # what forked workers inherit: the app, the folder, the previous hashes


def render_pages(
    app: Flask,
    pages: list[Page],
    folder: Path,
    previous: dict[str, str] | None = None,
    progress: Callable[[int], None] = lambda n: None,
    workers: int | None = None,
) -> list[Rendered]:
    """Render `pages` into `folder`; `previous` maps file → SHA-1 of what is already there."""
    _job.update(app=app, folder=folder, previous=previous or {})
    chunks = [pages[n : n + CHUNK] for n in range(0, len(pages), CHUNK)]
    workers = workers or min(os.cpu_count() or 1, 2)
    results: list[Rendered] = []
    try:
        for chunk_result in _map(chunks, workers if len(pages) >= PARALLEL_FROM else 1):
            if isinstance(chunk_result, str):
                raise RenderError(chunk_result)
            results += chunk_result
            progress(len(chunk_result))
    finally:
        _job.clear()
    return results


def _map(chunks: list[list[Page]], workers: int) -> Iterable[list[Rendered] | str]:
    if workers <= 1:
        yield from map(_render_chunk, chunks)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_render_chunk, chunks)


def _render_chunk(chunk: list[Page]) -> list[Rendered] | str:
    """Render one chunk; an error comes back as its Indonesian message (always picklable)."""
    app, folder, previous = _job["app"], _job["folder"], _job["previous"]
    client = app.test_client()
    done = []
    for page in chunk:
        try:
            body = _get(client, page.url)
        except Exception as exc:  # noqa: BLE001 - any failure of a page fails the build
            return f"Halaman {page.url} gagal dibuat: {type(exc).__name__}: {exc}"
        done.append(_write(folder, page, body, previous))
    return done


def _get(client, url: str) -> bytes:
    response = client.get(url)
    body = response.get_data()
    response.close()
    if response.status_code != 200:
        raise RenderError(f"status {response.status_code}")
    return body


def _write(folder: Path, page: Page, body: bytes, previous: dict[str, str]) -> Rendered:
    sha = hashlib.sha1(body).hexdigest()
    target = folder / page.file
    if previous.get(page.file) == sha and target.exists():
        return page.url, page.file, sha, False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(body)
    temporary.replace(target)
    return page.url, page.file, sha, True
