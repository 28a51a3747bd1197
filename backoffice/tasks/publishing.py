"""Publishing and restoring the public site (terbitkan, pulihkan situs) as queued operations.

The desk asks (`queue_publish`, `queue_restore`): a "running" PublishRecord and its job are
recorded together (`publish.history.begin`) and the job is queued ("Menunggu giliran"). A
worker runs it (`publish_site`, `restore_site`): `publisher.publish` or `publisher.restore`
with that record, then the job ends as the record ended.

A publish runs once (`runs=1`): killed midway, it is not tried again. Once its worker stops
beating, its job fails and its record is closed with the reason (`history.abandon`); the live
site is whichever complete build was live, since a build goes live in one rename.
"""

import contextlib
from pathlib import Path

from backoffice.models import DataJob, PublishRecord
from backoffice.publish import history, publisher
from backoffice.publish.build import BuildOptions
from backoffice.publish.store import PublishError
from backoffice.tasks import records


def queue_publish(
    live: Path, standards: set[int] | None, options: BuildOptions, user, address: str = ""
) -> PublishRecord:
    """Record a publish of `live` for `user` (all of the site, or the pages of `standards`)
    built with `options`, and queue it; return its record as it stands then (already ended
    when the queue runs tasks at once). The operation audits its outcome as `user` from
    `address` (the asking request's). PublishError while another publish is under way."""
    kind = "full" if standards is None else "incremental"
    params = {
        "standards": None if standards is None else sorted(standards),
        "options": options.to_params(),
        "address": address,
    }
    return _queue(history.begin(live, kind, user, "web", params))


def queue_restore(live: Path, user, address: str = "") -> PublishRecord:
    """Record a restore of `live`'s previous build for `user` and queue it, as
    `queue_publish` does."""
    return _queue(history.begin(live, "restore", user, "web", {"address": address}))


def _queue(record: PublishRecord) -> PublishRecord:
    job = history.job_of(record)
    records.enqueue(job, records.params_of(job)["step"])
    return PublishRecord.get_by_id(record.id)


@records.operation(history.PUBLISH, runs=1, abandon=history.abandon)
def publish_site(job: DataJob) -> None:
    """Build the site for the job's record and switch it live: the job "done" with the
    first line of what changed, or "failed" with the record's error."""
    params = records.params_of(job)
    record = history.record_of(job)
    standards = None if params.get("standards") is None else set(params["standards"])
    options = BuildOptions.from_params(params.get("options") or {})
    with contextlib.suppress(PublishError), history.ending(job):  # the record holds the error
        publisher.publish(Path(record.target), standards, options, record, history.reporter(job))


@records.operation(history.RESTORE, runs=1, abandon=history.abandon)
def restore_site(job: DataJob) -> None:
    """Point the live site back to the previous build for the job's record."""
    record = history.record_of(job)
    with contextlib.suppress(PublishError), history.ending(job):
        publisher.restore(Path(record.target), record=record)
