"""Publishing as the back-office and the CLI both do it: build, record, restore.

Each call writes one `PublishRecord` (who, when, what changed, page count, duration, and the
error in Indonesian when it failed); views and commands only call these functions.
"""

import threading
import time
from pathlib import Path

from backoffice.db import database
from backoffice.models.base import utcnow
from backoffice.models.publishing import PublishRecord
from backoffice.publish.builder import BuildError, BuildOptions, build_site
from backoffice.publish.store import SiteStore


def start_record(user=None, source: str = "web", kind: str = "full", target: Path | None = None):
    return PublishRecord.create(user=user, source=source, kind=kind, target=str(target or ""))


def publish(
    live: Path,
    record: PublishRecord,
    standards: set[int] | None = None,
    options: BuildOptions | None = None,
) -> PublishRecord:
    """Build into `live` and fill in `record`; a failure is recorded, never raised."""
    started = time.perf_counter()
    try:
        result = build_site(live, standards, options)
    except BuildError as exc:
        return finish(record, started, status="failed", error=str(exc))
    return finish(
        record,
        started,
        status="success",
        kind=result.kind,
        page_count=result.page_count,
        written_count=len(result.written),
        changes=result.summary(),
        build_name=result.folder.name,
    )


def finish(record: PublishRecord, started: float, **fields) -> PublishRecord:
    for name, value in fields.items():
        setattr(record, name, value)
    record.finished_at = utcnow()
    record.duration_ms = round((time.perf_counter() - started) * 1000)
    record.save()
    return record


def restore_previous(live: Path, user=None, source: str = "web") -> PublishRecord:
    """Point the live site back to the build before the current one."""
    record = start_record(user, source, "restore", live)
    started = time.perf_counter()
    store = SiteStore(live)
    previous = store.previous()
    if previous is None:
        return finish(
            record, started, status="failed", error="Tidak ada terbitan sebelumnya yang tersimpan."
        )
    store.activate(previous)
    store.tidy()
    pages = PublishRecord.get_or_none(PublishRecord.build_name == previous.name)
    return finish(
        record,
        started,
        status="success",
        build_name=previous.name,
        page_count=pages.page_count if pages else 0,
        changes=f"Situs dikembalikan ke terbitan {previous.name}.",
    )


def is_running() -> bool:
    return PublishRecord.select().where(PublishRecord.status == "running").exists()


def publish_in_background(
    live: Path, record: PublishRecord, options: BuildOptions, standards: set[int] | None = None
) -> None:
    """Run `publish` in a thread with its own connection; the page polls the record."""

    def work():
        with database.connection_context():
            publish(live, record, standards, options)

    threading.Thread(target=work, name=f"publish-{record.id}", daemon=True).start()
