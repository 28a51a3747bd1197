"""The builder: snapshot → pages → a new build folder → search index → atomic switch.

A full build renders every page into an empty folder. A rebuild for some standards starts
from hard links to the live build (see `store`) and re-renders only the pages tagged with
those standards or listing them; a page whose bytes did not change is not rewritten. Either
way the live site changes only at the final rename, and any failure before it leaves the live
site as it was.
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
from backoffice.publish.plan import (
    Page,
    listing_fingerprints,
    plan_pages,
    standard_digests,
    tags_for_standards,
)
from backoffice.publish.render import RenderCache
from backoffice.publish.site import create_site_app
from backoffice.publish.store import SiteStore, read_manifest, write_manifest

MARKS = ("checked_at", "sources")


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
    kind: str = "full"  # or "incremental": only some standards' pages rendered again

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
    # Kept in the manifest for the next publish to compare with (see `publish.changes`); a
    # rebuild keeps the live build's marks unless given new ones.
    marks: dict = field(default_factory=dict)


def build_site(
    live: Path, standards: set[int] | None = None, options: BuildOptions | None = None
) -> BuildResult:
    """Build and publish at `live`; with `standards`, only what those standards change."""
    options = options or BuildOptions()
    started = time.perf_counter()
    store = SiteStore(live)
    previous = store.current()
    old = read_manifest(previous)
    incremental = standards is not None and bool(old.get("pages"))
    source = previous if incremental else None
    try:
        folder = store.new_build(copy_of=source)
    except OSError as exc:
        raise BuildError(_message(exc)) from exc
    try:
        result = _build_into(folder, source, old, standards, options)
        store.activate(folder)
    except Exception as exc:
        store.discard(folder)
        raise BuildError(_message(exc)) from exc
    finally:
        store.tidy()
    result.seconds = time.perf_counter() - started
    result.kind = "incremental" if incremental else "full"
    return result


def _message(exc: Exception) -> str:
    text = str(exc)
    if any(word in text for word in ("gagal", "Halaman", "folder")):
        return f"Situs gagal dibangun; situs lama tetap tayang. {text}"
    return f"Situs gagal dibangun; situs lama tetap tayang. Penyebab: {type(exc).__name__}: {text}"


def _build_into(
    folder: Path,
    previous: Path | None,
    old_manifest: dict,
    standards: set[int] | None,
    options: BuildOptions,
) -> BuildResult:
    if previous is None:
        data = load_site(content_root=options.content_root)
        digests = standard_digests(data)
        listings = listing_fingerprints(data, digests)
        app = _site_app(data, options)
        pages = todo = plan_pages(app, data)
        old, stale = {}, []
        shutil.copytree(SITE_DIR / "static", folder / "static")
    else:
        old = old_manifest["pages"]
        data, digests, listings, wanted = _rebuild_plan(old_manifest, standards or set(), options)
        app = _site_app(data, options)
        pages = todo = plan_pages(app, data, wanted)
        stale = _stale(old, wanted, pages)
        for url in stale:
            (folder / old[url]["file"]).unlink(missing_ok=True)
    options.total(len(todo))
    hashes = {old[p.url]["file"]: old[p.url]["sha"] for p in todo if p.url in old}
    rendered = render_pages(app, todo, folder, hashes, options.progress, options.workers)
    manifest = _manifest(old, pages, rendered, stale)
    result = _result(folder, old_manifest.get("pages", {}), manifest, rendered)
    if options.search:
        result.search_seconds = search.index_site(folder)
    marks = {} if previous is None else {k: old_manifest[k] for k in MARKS if k in old_manifest}
    marks.update(options.marks)
    write_manifest(folder, {**marks, "pages": manifest, "listings": listings, "standards": digests})
    return result


def _site_app(data: SiteData, options: BuildOptions):
    config = {"SITE_URL": options.site_url, "PROPAGATE_EXCEPTIONS": True, **options.app_config}
    return create_site_app(config, data=data, cache=options.cache)


def _rebuild_plan(old_manifest: dict, standards: set[int], options: BuildOptions):
    """(snapshot, digests, listings, wanted tags) of a rebuild for `standards`.

    First only those standards are read, their listing rows merged with the digests the last
    build kept for the others: when no listing changed (an edited text, fee or checklist), that
    is all the pages need. A changed listing shows every service, so the snapshot is then read
    whole; so is it after a build that kept no digests.
    """
    was, known = old_manifest.get("listings", {}), old_manifest.get("standards")
    if known is not None:
        data = load_site(details=False, content_root=options.content_root, only=standards)
        digests = {i: d for i, d in known.items() if int(i) not in standards}
        digests.update(standard_digests(data))
        listings = listing_fingerprints(data, digests)
        owners = {known[str(i)][0] for i in standards if str(i) in known}
        wanted = _wanted(data, standards, owners, was, listings)
        if wanted <= {f"standard:{i}" for i in standards}:
            return data, digests, listings, wanted
    data = load_site(details=False, content_root=options.content_root)
    digests = standard_digests(data)
    listings = listing_fingerprints(data, digests)
    owners = _owners(old_manifest["pages"], standards)
    return data, digests, listings, _wanted(data, standards, owners, was, listings)


def _wanted(
    data: SiteData, standards: set[int], owners: set[str], was: dict, now: dict
) -> set[str]:
    """The tags of the pages a rebuild for `standards` must render again.

    `owners` are the slugs of the offices those standards belonged to at the last build: a
    standard gone from the site still has pages that say whose it was.
    """
    load_details(data, sorted(standards))
    by_id = data.offices_by_id
    offices = {by_id[s.office_id].slug for i, s in data.standards.items() if i in standards}
    return tags_for_standards(standards, offices | owners, was, now)


def _owners(old: dict, standards: set[int]) -> set[str]:
    """The offices of `standards` by the pages of the last build (kept no digests)."""
    standard_tags = {f"standard:{i}" for i in standards}
    return {
        tag.split(":", 1)[1]
        for entry in old.values()
        if standard_tags & set(entry["tags"])
        for tag in entry["tags"]
        if tag.startswith("office:")
    }


def _stale(old: dict, wanted: set[str], pages: list[Page]) -> list[str]:
    planned = {page.url for page in pages}
    return [url for url, entry in old.items() if set(entry["tags"]) & wanted and url not in planned]


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
