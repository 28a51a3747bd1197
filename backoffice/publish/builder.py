"""The builder: snapshot → pages → a new build folder → search index → atomic switch.

A full build renders every page into an empty folder. A rebuild for some standards starts
from hard links to the live build and re-renders only the pages tagged with those standards
or listing them; a page whose bytes did not change is not rewritten. Either way the live site
changes only at the final rename, and any failure before it leaves the live site as it was.
"""

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from backoffice.paths import SITE_DIR
from backoffice.publish import search
from backoffice.publish.data import SiteData, load_details, load_site
from backoffice.publish.freeze import render_pages
from backoffice.publish.plan import Page, plan_pages, tags_for_standards
from backoffice.publish.render import RenderCache
from backoffice.publish.site import create_site_app
from backoffice.publish.store import (
    SiteStore,
    link_tree,
    read_manifest,
    write_manifest,
)


class BuildError(Exception):
    """The build failed and the live site was left as it was; the message is Indonesian."""


@dataclass
class BuildResult:
    folder: Path
    page_count: int
    written: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    search_seconds: float | None = None

    def summary(self) -> str:
        """What changed, in Indonesian, for the publish history."""
        lines = [
            f"{len(self.added)} halaman baru, {len(self.changed)} diubah, "
            f"{len(self.removed)} dihapus (dari {self.page_count} halaman)."
        ]
        for label, urls in (
            ("Baru", self.added),
            ("Diubah", self.changed),
            ("Dihapus", self.removed),
        ):
            if urls:
                shown = ", ".join(urls[:20]) + (
                    f", dan {len(urls) - 20} lainnya" if len(urls) > 20 else ""
                )
                lines.append(f"{label}: {shown}")
        return "\n".join(lines)


@dataclass
class BuildOptions:
    site_url: str = ""
    content_root: Path | None = None
    search: bool = True
    workers: int | None = None
    cache: RenderCache | None = None
    progress: Callable[[int], None] = lambda n: None
    total: Callable[[int], None] = lambda n: None  # told the page count once it is known
    app_config: dict = field(default_factory=dict)


def build_site(
    live: Path, standards: set[int] | None = None, options: BuildOptions | None = None
) -> BuildResult:
    """Build and publish at `live`; with `standards`, only what those standards change."""
    options = options or BuildOptions()
    started = time.perf_counter()
    store = SiteStore(live)
    previous = store.current()
    old = read_manifest(previous).get("pages", {})
    incremental = standards is not None and bool(old)
    folder = store.new_build()
    try:
        result = _build_into(folder, previous if incremental else None, old, standards, options)
        store.activate(folder)
    except Exception as exc:
        store.discard(folder)
        raise BuildError(_message(exc)) from exc
    store.prune()
    result.seconds = time.perf_counter() - started
    return result


def _message(exc: Exception) -> str:
    text = str(exc)
    if any(word in text for word in ("gagal", "Halaman", "folder")):
        return f"Situs gagal dibangun; situs lama tetap tayang. {text}"
    return f"Situs gagal dibangun; situs lama tetap tayang. Penyebab: {type(exc).__name__}: {text}"


def _build_into(
    folder: Path,
    previous: Path | None,
    old: dict,
    standards: set[int] | None,
    options: BuildOptions,
) -> BuildResult:
    data = load_site(details=previous is None, content_root=options.content_root)
    app = _site_app(data, options)
    pages = plan_pages(app, data)
    if previous is None:
        todo, stale = pages, []
        shutil.copytree(SITE_DIR / "static", folder / "static")
    else:
        todo, stale = _incremental(data, pages, old, standards or set(), folder, previous)
    options.total(len(todo))
    hashes = {entry["file"]: entry["sha"] for entry in old.values()} if previous else {}
    rendered = render_pages(app, todo, folder, hashes, options.progress, options.workers)
    manifest = _manifest(old if previous else {}, pages, rendered, stale)
    result = _result(folder, old, manifest, rendered)
    if options.search:
        result.search_seconds = search.index_site(folder)
    write_manifest(folder, {"pages": manifest})
    return result


def _site_app(data: SiteData, options: BuildOptions):
    config = {"SITE_URL": options.site_url, "PROPAGATE_EXCEPTIONS": True, **options.app_config}
    return create_site_app(config, data=data, cache=options.cache)


def _incremental(data, pages, old, standards, folder, previous):
    link_tree(previous, folder, skip=(search.OUTPUT,))
    load_details(data, sorted(standards))
    offices = {
        data.offices_by_id[s.office_id].slug for i, s in data.standards.items() if i in standards
    }
    offices |= {
        tag.split(":", 1)[1]
        for entry in old.values()
        if {f"standard:{i}" for i in standards} & set(entry["tags"])
        for tag in entry["tags"]
        if tag.startswith("office:")
    }
    wanted = tags_for_standards(data, standards, offices)
    todo = [page for page in pages if page.tags & wanted]
    planned = {page.url for page in pages}
    stale = [
        url for url, entry in old.items() if set(entry["tags"]) & wanted and url not in planned
    ]
    for url in stale:
        (folder / old[url]["file"]).unlink(missing_ok=True)
    return todo, stale


def _manifest(old: dict, pages: list[Page], rendered, stale: list[str]) -> dict:
    manifest = {url: entry for url, entry in old.items() if url not in stale}
    tags = {page.url: sorted(page.tags) for page in pages}
    for url, file, sha, _ in rendered:
        manifest[url] = {"file": file, "sha": sha, "tags": tags[url]}
    return manifest


def _result(folder: Path, old: dict, manifest: dict, rendered) -> BuildResult:
    result = BuildResult(folder, len(manifest))
    result.written = [url for url, _, _, written in rendered if written]
    result.added = sorted(url for url in manifest if url not in old)
    result.changed = sorted(
        url for url in manifest if url in old and old[url]["sha"] != manifest[url]["sha"]
    )
    result.removed = sorted(url for url in old if url not in manifest)
    return result


def default_cache(instance: Path) -> RenderCache:
    """The Markdown cache kept across builds under the instance folder."""
    return RenderCache(instance / "render-cache")
