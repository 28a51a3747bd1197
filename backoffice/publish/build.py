"""The build: one snapshot → Frozen-Flask's Freezer writes the pages → manifest → complete.

Frozen-Flask's `Freezer` writes every page (`site.make_freezer` registers a URL generator for
each). What sits around it makes it fast: one snapshot of the database read before any page,
the Markdown cache by content hash (`markup.RenderCache`), and, for a large site, several
Freezer processes each given a share of the URLs (grouped by standard, so the services of
one standard, which share their texts, render in one process and hit one memory cache).

A rebuild for some standards starts from hard links to the live build and has the Freezer
write only the pages tagged with those standards, or the listings whose content changed.

An office the snapshot left out (its stored data cannot be used: `SiteData.skipped`) does not
stop the build: every other office's pages are built, that office's pages stay as they were
last published (`_hold_skipped`), and the result names it with the reason. An office whose own
page fails to render for a reason no check foresaw is left out the same way: the build is made
again without it (`OfficePageError`).
"""

import dataclasses
import hashlib
import json
import multiprocessing
import os
import queue
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flask_frozen import FrozenFlaskWarning

from backoffice.publish import search
from backoffice.publish.markup import RenderCache
from backoffice.publish.site import (
    LISTING,
    Page,
    create_site_app,
    make_freezer,
    planned_pages,
    same_page_of,
)
from backoffice.publish.snapshot import SiteData, SkippedOffice, load_details, load_site
from backoffice.publish.store import PublishError, SiteStore, read_manifest

PARALLEL_FROM = 400  # below this many pages, starting processes costs more than it saves
PROGRESS_EVERY = 25
MARKS = ("checked_at", "sources")


@dataclass
class BuildOptions:
    """How to build: everything but the live path and the standards to rebuild."""

    site_url: str = ""
    content_root: Path | None = None
    search: bool = True
    demo: bool = False  # the installation runs in demo mode: example figures say so
    workers: int | None = None  # Freezer processes; default one per core for a large site
    cache_dir: Path | None = None  # the Markdown cache kept across builds
    app_config: dict = field(default_factory=dict)
    # Kept in the manifest for the next publish to compare with (see `publisher.plan_publish`).
    marks: dict = field(default_factory=dict)

    def to_params(self) -> dict:
        """These options as JSON values (paths as text), for a queued job's parameters."""
        return json.loads(json.dumps(dataclasses.asdict(self), default=str))

    @classmethod
    def from_params(cls, params: dict) -> "BuildOptions":
        """The options `to_params` gave."""
        paths = {name: Path(params[name]) for name in ("content_root", "cache_dir")
                 if params.get(name) is not None}  # fmt: skip
        return cls(**(params | paths))


@dataclass
class BuildResult:
    folder: Path
    page_count: int
    written: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kind: str = "full"  # or "incremental": only some standards' pages frozen again
    skipped: list[SkippedOffice] = field(default_factory=list)  # offices left out, and why

    def skipped_text(self) -> str:
        """The offices left out, one line each with the reason, for the publish history."""
        return "\n".join(
            f"{office.line()} Halaman dinas ini tidak diperbarui; yang terakhir terbit tetap "
            "tayang."
            for office in self.skipped
        )

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
                more = f", dan {len(urls) - 20} lainnya" if len(urls) > 20 else ""
                lines.append(f"{label}: {', '.join(urls[:20])}{more}")
        return "\n".join(lines)


Progress = Callable[[int, int], None]  # (pages done so far, pages planned)


class Told:
    """A progress callback that remembers what it last told, to tell it `again` during work
    that freezes no page (Pagefind): a listener that beats for its worker hears of the build
    between pages too."""

    def __init__(self, progress: Progress) -> None:
        self.progress, self.last = progress, (0, 0)

    def __call__(self, done: int, total: int) -> None:
        self.last = (done, total)
        self.progress(done, total)

    def again(self) -> None:
        self.progress(*self.last)


class OfficePageError(PublishError):
    """A page of one office (`office_id`) failed to render: that office is left out."""

    def __init__(self, message: str, office_id: int) -> None:
        super().__init__(message)
        self.office_id = office_id


def build(
    store: SiteStore,
    standards: set[int] | None,
    options: BuildOptions,
    progress: Progress = lambda done, total: None,
) -> BuildResult:
    """Build into a new partial folder of `store` and complete it (not yet live).
    `progress(done, total)` hears of every page frozen, of (0, total) once the pages are
    planned, and again every few seconds while the search index is made. An office whose
    page fails is left out and the build made again without it, once per such office."""
    progress = Told(progress)
    left_out: dict[int, str] = {}
    while True:
        try:
            return _build_once(store, standards, options, progress, left_out)
        except OfficePageError as exc:
            if exc.office_id in left_out:
                raise
            left_out[exc.office_id] = str(exc)


def _build_once(
    store: SiteStore,
    standards: set[int] | None,
    options: BuildOptions,
    progress: Told,
    left_out: dict[int, str],
) -> BuildResult:
    previous = store.current()
    old = read_manifest(previous)
    incremental = standards is not None and bool(old.get("pages"))
    folder = store.new_build(previous if incremental else None, old)
    try:
        if incremental:
            manifest, result = _rebuild(
                folder, previous, old, standards or set(), options, progress, left_out
            )
        else:
            manifest, result = _full(folder, options, progress, previous, old, left_out)
        if options.search:
            search.index_site(folder, progress.again)
        result.folder = store.complete(folder, manifest)
    except BaseException:
        store.discard(folder)
        raise
    result.kind = "incremental" if incremental else "full"
    return result


def _full(
    folder: Path,
    options: BuildOptions,
    progress: Progress,
    previous: Path | None,
    old: dict,
    left_out: dict[int, str],
) -> tuple[dict, BuildResult]:
    data = load_site(content_root=options.content_root, demo=options.demo, left_out=left_out)
    digests = standard_digests(data)
    pages = planned_pages(site_app(data, options), data)
    progress(0, len(pages))
    frozen = freeze(data, options, folder, pages, progress, static=True)
    manifest = {p.url: {**frozen[p.url], "tags": sorted(p.tags)} for p in pages}
    manifest |= _hold_skipped(folder, previous, old.get("pages", {}), data.skipped, manifest)
    full = {
        "pages": manifest,
        "listings": listing_fingerprints(data, digests),
        "standards": digests,
    }
    result = _result(folder, {}, manifest, list(frozen))
    result.skipped = data.skipped
    return {**full, **options.marks}, result


def _held_tags(skipped: list[SkippedOffice]) -> set[str]:
    """The tags of the pages of the offices left out (by slug for builds made before pages
    were tagged by office id too)."""
    return {tag for o in skipped for tag in (f"office:{o.slug}", f"office-id:{o.id}")}


def _hold_skipped(
    folder: Path, previous: Path | None, old: dict, skipped: list[SkippedOffice], built: dict
) -> dict[str, dict]:
    """Link the live build's pages of the offices left out into `folder`, as they were
    (their addresses, printed on the counter's posters, keep working); their manifest
    entries. Nothing when there is no live build or the office had no pages."""
    if previous is None:
        return {}
    held = _held_tags(skipped)
    kept = {url: entry for url, entry in old.items()
            if set(entry["tags"]) & held and url not in built}  # fmt: skip
    for entry in kept.values():
        target = folder / entry["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(previous / entry["file"], target)
    return kept


def _rebuild(
    folder: Path,
    previous: Path,
    old: dict,
    standards: set[int],
    options: BuildOptions,
    progress: Progress,
    left_out: dict[int, str],
) -> tuple[dict, BuildResult]:
    data, digests, listings, wanted = _rebuild_plan(old, standards, options, left_out)
    app = site_app(data, options)
    pages = planned_pages(app, data, wanted, standards if LISTING not in wanted else None)
    progress(0, len(pages))
    held = _held_tags(data.skipped)  # an office left out keeps its published pages
    stale = [url for url, entry in old["pages"].items()
             if set(entry["tags"]) & wanted and not set(entry["tags"]) & held]  # fmt: skip
    for url in stale:  # unlink, never write into a file shared with the live build
        (folder / old["pages"][url]["file"]).unlink(missing_ok=True)
    frozen = freeze_share(data, {}, folder, [p.url for p in pages], progress, app=app)
    written = _keep_unchanged(folder, previous, old["pages"], frozen)
    manifest = {url: e for url, e in old["pages"].items() if url not in stale}
    manifest.update({p.url: {**frozen[p.url], "tags": sorted(p.tags)} for p in pages})
    marks = {k: old[k] for k in MARKS if k in old} | options.marks
    full = {"pages": manifest, "listings": listings, "standards": digests, **marks}
    result = _result(folder, old["pages"], manifest, written)
    result.skipped = data.skipped
    return full, result


def _keep_unchanged(folder: Path, previous: Path, old: dict, frozen: dict) -> list[str]:
    """Link back the previous build's file for each page frozen to the same bytes (a file
    that did not change keeps its identity, for rsync and caches); the URLs really written."""
    written = []
    for url, entry in frozen.items():
        if old.get(url, {}).get("sha") != entry["sha"]:
            written.append(url)
            continue
        temporary = folder / f"{entry['file']}.relink"
        os.link(previous / entry["file"], temporary)
        os.replace(temporary, folder / entry["file"])
    return written


def site_app(data: SiteData, options: BuildOptions, cache: RenderCache | None = None):
    config = {
        "SITE_URL": options.site_url,
        "SITE_DEMO": options.demo,
        "PROPAGATE_EXCEPTIONS": True,
        **options.app_config,
    }
    return create_site_app(config, data=data, cache=cache or RenderCache(options.cache_dir))


# --- freezing: Frozen-Flask's Freezer, in one process or several -----------------------------


def freeze(
    data: SiteData,
    options: BuildOptions,
    folder: Path,
    pages: list[Page],
    progress: Progress,
    static: bool = False,
    workers: int | None = None,
) -> dict[str, dict]:
    """Freeze `pages` into `folder`; {url: {"file", "sha"}} of each. PublishError names the
    page that failed."""
    workers = workers or options.workers or len(os.sched_getaffinity(0))
    if workers <= 1 or len(pages) < PARALLEL_FROM:
        urls = [p.url for p in pages]
        return freeze_share(data, _share_config(options), folder, urls, progress, static)
    return _freeze_in_processes(data, options, folder, pages, progress, workers)


def _share_config(options: BuildOptions) -> dict:
    return {
        "SITE_URL": options.site_url,
        "SITE_DEMO": options.demo,
        "PROPAGATE_EXCEPTIONS": True,
        **options.app_config,
        "cache_dir": options.cache_dir,
    }


def freeze_share(
    data: SiteData,
    config: dict,
    folder: Path,
    urls: list[str],
    progress: Progress,
    static: bool = False,
    app=None,
) -> dict[str, dict]:
    """One Freezer over `urls` (and the static files, with `static`), progress told through
    `freeze_yield`; on `app` when given (else one made from `config`)."""
    if app is None:
        config = dict(config)
        cache = RenderCache(config.pop("cache_dir", None))
        app = create_site_app(config, data=data, cache=cache)
    app.config["FREEZER_DESTINATION"] = str(folder)
    freezer = make_freezer(app, data)
    # This share's URLs only; the static files in one share.
    freezer.url_generators = [freezer.static_files_urls] if static else []
    current = []

    @freezer.register_generator
    def share() -> Iterator[str]:
        for url in urls:
            current[:] = [url]
            yield url

    frozen: dict[str, dict] = {}
    try:
        with warnings.catch_warnings():
            # A share names its pages by URL, not endpoint: Frozen-Flask would warn that
            # other endpoints were not frozen here.
            warnings.simplefilter("ignore", FrozenFlaskWarning)
            for page in freezer.freeze_yield():
                frozen[page.url] = _entry(folder, page.path.as_posix())
                progress(len(frozen), len(urls))
    except Exception as exc:  # noqa: BLE001 - any failure of a page fails the build, by name
        url = current[0] if current else "?"
        message = f"Halaman {url} gagal dibuat: {type(exc).__name__}: {exc}".strip()
        owner = data.office(url.split("/")[1]) if url.startswith("/") else None
        if owner is not None and renders_elsewhere(app, data, url, owner):
            raise OfficePageError(message, owner.id) from exc  # that office's data: left out
        raise PublishError(message) from exc
    return frozen


def renders_elsewhere(app, data: SiteData, url: str, owner) -> bool:
    """Whether the page that failed at `url` for office `owner` renders for another office:
    then the failure is that office's data, not a template every office shares."""
    for other in data.offices:
        alike = None if other.id == owner.id else same_page_of(app, url, other, data)
        if alike is None:
            continue
        try:
            with app.test_client() as client:
                return client.get(alike).status_code < 500
        except Exception:  # noqa: BLE001 - fails there too: the cause is shared
            return False
    return False  # no other office to compare with: never blame the only one


def _entry(folder: Path, file: str) -> dict:
    return {"file": file, "sha": hashlib.sha1((folder / file).read_bytes()).hexdigest()}


def _freeze_in_processes(
    data: SiteData,
    options: BuildOptions,
    folder: Path,
    pages: list[Page],
    progress: Progress,
    workers: int,
) -> dict[str, dict]:
    """Several Freezer processes (started fresh, never forked from a threaded server), each
    given a share of the URLs: contiguous runs, so one standard's services stay together."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    size = -(-len(pages) // workers)
    shares = [[p.url for p in pages[n : n + size]] for n in range(0, len(pages), size)]
    config = _share_config(options)
    processes = [
        context.Process(target=_share_worker, args=(n, data, config, folder, urls, messages))
        for n, urls in enumerate(shares)
    ]
    for process in processes:
        process.start()
    try:
        return _collect(processes, messages, len(pages), progress)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
            process.join()


def _collect(processes, messages, total: int, progress: Progress) -> dict[str, dict]:
    counts = [0] * len(processes)
    frozen: dict[str, dict] = {}
    finished = 0
    while finished < len(processes):
        try:
            kind, share, payload = messages.get(timeout=1)
        except queue.Empty:
            if any(p.exitcode not in (None, 0) for p in processes):
                raise PublishError("Proses pembangun situs berhenti tiba-tiba.") from None
            continue
        if kind == "error":
            message, office_id = payload
            if office_id is not None:
                raise OfficePageError(message, office_id)
            raise PublishError(message)
        if kind == "done":
            frozen.update(payload)
            finished += 1
        else:
            counts[share] = payload
        progress(sum(counts), total)
    return frozen


def _share_worker(share: int, data, config, folder, urls, messages) -> None:
    def tell(done: int, total: int) -> None:
        if done == total or done % PROGRESS_EVERY == 0:
            messages.put(("progress", share, done))

    try:
        frozen = freeze_share(data, config, folder, urls, tell, static=share == 0)
        messages.put(("done", share, frozen))
    except PublishError as exc:
        messages.put(("error", share, (str(exc), getattr(exc, "office_id", None))))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the build
        messages.put(("error", share, (f"{type(exc).__name__}: {exc}", None)))


# --- what a rebuild must freeze again ------------------------------------------------------


def _rebuild_plan(old: dict, standards: set[int], options: BuildOptions, left_out: dict):
    """(snapshot, digests, listings, wanted tags) of a rebuild for `standards`.

    First only those standards are read, their listing rows merged with the digests the last
    build kept for the others: when no listing changed (an edited text, fee or checklist), that
    is all the pages need. A changed listing shows every service, so the snapshot is then read
    whole.
    """
    was, known = old.get("listings", {}), old.get("standards", {})
    root, demo = options.content_root, options.demo
    data = load_site(details=False, content_root=root, only=standards, demo=demo,
                     left_out=left_out)  # fmt: skip
    digests = {i: d for i, d in known.items() if int(i) not in standards}
    digests.update(standard_digests(data))
    listings = listing_fingerprints(data, digests)
    owners = {known[str(i)][0] for i in standards if str(i) in known}
    wanted = _wanted(data, standards, owners, was, listings)
    if wanted <= {f"standard:{i}" for i in standards}:
        return data, digests, listings, wanted
    data = load_site(details=False, content_root=root, demo=demo, left_out=left_out)
    digests = standard_digests(data)
    listings = listing_fingerprints(data, digests)
    return data, digests, listings, _wanted(data, standards, owners, was, listings)


def _wanted(data: SiteData, standards: set[int], owners: set[str], was: dict, now: dict):
    load_details(data, sorted(standards))
    by_id = data.offices_by_id
    offices = {by_id[s.office_id].slug for i, s in data.standards.items() if i in standards}
    tags = {f"standard:{i}" for i in standards}
    tags |= {f"listing:{slug}" for slug in offices | owners if was.get(slug) != now.get(slug)}
    return tags | ({LISTING} if was.get("*") != now.get("*") else set())


def standard_digests(data: SiteData) -> dict[str, list[str]]:
    """Per standard (id as text): [its office's slug, a hash of its services' listing rows]."""
    rows: dict[int, list] = {}
    for service in data.all_services():
        rows.setdefault(service.standard_id, []).append(
            (service.slug, service.name, service.promised, service.around_the_clock,
             service.kind, service.product)
        )  # fmt: skip
    slugs = {office.id: office.slug for office in data.offices}
    return {
        str(i): [slugs[standard.office_id], _sha(rows.get(i, []))]
        for i, standard in data.standards.items()
    }


def listing_fingerprints(data: SiteData, digests: dict[str, list[str]]) -> dict[str, str]:
    """A hash of what the listings show, per office and for the whole site ("*")."""
    by_office: dict[str, list] = {office.slug: [] for office in data.offices}
    for standard_id, (slug, digest) in digests.items():
        by_office.setdefault(slug, []).append((int(standard_id), digest))
    prints = {
        o.slug: _sha([o.slug, o.name, o.short_name, sorted(by_office[o.slug])])
        for o in data.offices
    }
    prints["*"] = _sha(sorted(prints.items()))
    return prints


def _sha(value) -> str:
    return hashlib.sha1(repr(value).encode()).hexdigest()


def _result(folder: Path, old: dict, manifest: dict, written: list[str]) -> BuildResult:
    result = BuildResult(folder, len(manifest), written=written)
    result.added = sorted(url for url in manifest if url not in old)
    result.changed = sorted(
        url for url in manifest if url in old and old[url]["sha"] != manifest[url]["sha"]
    )
    result.removed = sorted(url for url in old if url not in manifest)
    return result
