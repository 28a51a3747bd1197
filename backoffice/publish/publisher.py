"""Publishing as one operation: `publish()` builds and switches the live site, `restore()`
points it back; both record what they did, and both raise one error type, `PublishError`,
whose Indonesian message the desk and the command line show as it is.

Every call writes one `PublishRecord` (who, when, kind, page count, duration, what changed,
and the error when it failed), carried by a queue job (`history`): a queued worker's when the
desk asked (`tasks.publishing`), this process's own when called directly (the command line).
A record whose job died with its worker is closed as failed, so it never blocks for long.
"""

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from backoffice.models import ServiceStandard
from backoffice.models.base import utcnow
from backoffice.models.offices import IANA_ZONES
from backoffice.models.publishing import PublishRecord
from backoffice.paths import SITE_DIR
from backoffice.publish import history
from backoffice.publish.build import BuildOptions, BuildResult, build
from backoffice.publish.content import content_dir
from backoffice.publish.snapshot import load_site, office_quotas, office_survey
from backoffice.publish.store import PublishError, SiteStore, read_manifest
from backoffice.tasks import records

__all__ = ["BuildOptions", "PublishError", "publish", "restore"]

FAILED_PREFIX = "Situs gagal dibangun; situs lama tetap tayang."
# An edit saved while the previous build read the database may carry a stamp a moment older
# than the build's: looking back this far re-renders a few pages too many, never too few.
MARGIN = dt.timedelta(seconds=10)


def publish(
    live: Path,
    standards: set[int] | None = None,
    options: BuildOptions | None = None,
    record: PublishRecord | None = None,
    progress: Callable[[int, int], None] | None = None,
    user=None,
    source: str = "cli",
) -> PublishRecord:
    """Build the site (all of it, or what `standards` change) and switch `live` to it.

    Returns the finished record; raises PublishError (already recorded) when it failed, with
    the live site left as it was. `progress(done, total)` hears of every page frozen. With
    no `record` (one `history.begin` made, its job run by a worker), this process records
    and runs the publish itself for `user` from `source` (`history.here`).
    """
    options = options or BuildOptions()
    if record is None:
        kind = "full" if standards is None else "incremental"
        with history.here(live, kind, user, source) as (record, job):
            return publish(live, standards, options, record, history.reporter(job, progress))
    started, store = time.perf_counter(), SiteStore(live, record.id)
    tell = _progress(record, progress)
    try:
        result = build(store, standards, options, tell)
        _fence(record)
        store.activate(result.folder, forward_only=True)
        store.sweep()
    except records.ClaimLost:
        raise  # the job was taken back: its record is closed; the build never went live
    except PublishError as exc:
        raise _failed(record, started, f"{FAILED_PREFIX} {exc}") from exc
    except Exception as exc:
        reason = f"{FAILED_PREFIX} Penyebab: {type(exc).__name__}: {exc}"
        raise _failed(record, started, reason) from exc
    return _succeeded(record, started, result)


def _fence(record: PublishRecord) -> None:
    """Put a build live only while the record's job is still held by this process (a
    worker's or the command line's): `history.still_held`. A record with no live job was
    closed (its worker thought dead): ClaimLost."""
    job = history.job_of(record)
    if job is None:
        raise records.ClaimLost(record.id)
    history.still_held(job)


def _progress(record: PublishRecord, progress: Callable[[int, int], None] | None):
    """Tell `progress` of every page, and the record (for the desk's status) now and then."""
    last = [0.0]

    def tell(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total)
        if time.monotonic() - last[0] > 0.5:
            last[0] = time.monotonic()
            PublishRecord.update(written_count=done, page_count=total).where(
                PublishRecord.id == record.id
            ).execute()

    return tell


def _succeeded(record: PublishRecord, started: float, result: BuildResult) -> PublishRecord:
    return finish(
        record, started, status="success", kind=result.kind, page_count=result.page_count,
        written_count=len(result.written), changes=result.summary(),
        build_name=result.folder.name, skipped=result.skipped_text(),
    )  # fmt: skip


def _failed(record: PublishRecord, started: float, message: str) -> PublishError:
    finish(record, started, status="failed", error=message)
    return PublishError(message)


def finish(record: PublishRecord, started: float, **fields) -> PublishRecord:
    """End the "running" `record` with `fields`; a record closed meanwhile (its job taken
    back: the reason is already there) is left as it is and returned as stored."""
    fields |= {"finished_at": utcnow(),
               "duration_ms": round((time.perf_counter() - started) * 1000)}  # fmt: skip
    PublishRecord.update(**fields).where(
        PublishRecord.id == record.id, PublishRecord.status == "running").execute()  # fmt: skip
    return PublishRecord.get_by_id(record.id)


def restore(
    live: Path, user=None, source: str = "web", record: PublishRecord | None = None
) -> PublishRecord:
    """Point the live site back to the newest complete build before the current one.

    Refuses (PublishError, recorded) when there is none, or when its manifest does not
    account for every page: a half-built folder is never put live. With no `record`, this
    process records and runs the restore itself, as `publish` does.
    """
    if record is None:
        with history.here(live, "restore", user, source) as (record, _):
            return restore(live, record=record)
    started, store = time.perf_counter(), SiteStore(live, record.id)
    previous = store.previous()
    try:
        if previous is None:
            raise PublishError("Tidak ada terbitan sebelumnya yang tersimpan.")
        store.check_complete(previous)
        _fence(record)
        store.activate(previous)
        store.sweep()
    except records.ClaimLost:
        raise
    except PublishError as exc:
        raise _failed(record, started, str(exc)) from exc
    pages = len(read_manifest(previous).get("pages", {}))
    return finish(
        record, started, status="success", build_name=previous.name, page_count=pages,
        changes=f"Situs dikembalikan ke terbitan {previous.name}.",
    )  # fmt: skip


# --- what changed since the live build: may the desk rebuild only some standards? ----------


def plan_publish(
    live: Path, content_root: Path | None = None, templates: Path | None = None
) -> tuple[set[int] | None, dict]:
    """(standards to rebuild, or None for a full build; marks for the new build's manifest).

    Standards say when they changed (`updated_at`, touched on every edit of the standard or
    its services). Everything else a page shows has no such stamp, so it is hashed
    (`sources_fingerprint`): a publish whose hash differs from the live build's is full.
    """
    marks = {
        "checked_at": (utcnow() - MARGIN).isoformat(),
        "sources": sources_fingerprint(content_root, templates),
    }
    manifest = read_manifest(SiteStore(live).current())
    if not manifest.get("pages") or "standards" not in manifest or "checked_at" not in manifest:
        return None, marks
    if manifest.get("sources") != marks["sources"]:
        return None, marks
    return edited_standards(manifest), marks


def edited_standards(manifest: dict) -> set[int]:
    """Standards edited since the build of `manifest`, and those it showed that are gone."""
    since = dt.datetime.fromisoformat(manifest["checked_at"])
    edited = ServiceStandard.select(ServiceStandard.id).where(ServiceStandard.updated_at >= since)
    published = ServiceStandard.select(ServiceStandard.id).where(
        ServiceStandard.status == "published"
    )
    shown = {int(i) for i in manifest["standards"]}
    return {row[0] for row in edited.tuples()} | (shown - {row[0] for row in published.tuples()})


def sources_fingerprint(content_root: Path | None = None, templates: Path | None = None) -> str:
    """A hash of everything the pages show besides standards and their services."""
    digest = hashlib.sha256()
    for folder in (SITE_DIR / "templates", SITE_DIR / "static", content_root or content_dir()):
        _hash_files(digest, folder)
    if templates:
        _hash_files(digest, Path(templates))
    now = dt.datetime.now(dt.UTC)
    days = sorted({now.astimezone(ZoneInfo(z)).date() for z in IANA_ZONES.values()})
    digest.update(repr(days).encode())
    data = load_site(details=False, content_root=content_root, only=set())
    for office in data.offices:
        facts = (office.record, office.region, office.hours, office.closures, office.channels)
        digest.update(repr((facts, office.maklumat, office_quotas(office))).encode())
        digest.update(repr(office_survey(office)).encode())
    digest.update(repr(data.skipped).encode())  # an office left out, or back in: a full build
    return digest.hexdigest()


def _hash_files(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder)}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
