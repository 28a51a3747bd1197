"""A publish's record (riwayat terbit) and the queue job that carries it.

Every publish or restore is one `PublishRecord` and one `DataJob` (kind "publish", its
parameters naming the record), made together by `begin`. The job says whether the publish
still runs: it is queued, or running under a worker that beats (`tasks.records`). A
"running" record whose job is neither (its worker was killed, its machine is gone: the job is
taken back `records.STALE_AFTER` after the last beat) is closed as failed with the reason, so
a dead publish blocks the next one for well under a minute, whichever machine it ran on.

A worker runs the job of a publish the desk queued (`tasks.publishing`); the command line and
tests run one in their own process (`here`), holding its job as a worker holds one.
"""

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from backoffice.db import serialize_on, write_transaction
from backoffice.models import DataJob, PublishRecord
from backoffice.models.base import utcnow
from backoffice.publish.store import STAMP, PublishError, SiteStore
from backoffice.tasks import records

PUBLISH, RESTORE = "publish", "publish.restore"  # the job steps (`tasks.publishing`)
STEPS = {"full": PUBLISH, "incremental": PUBLISH, "restore": RESTORE}
FILENAME = "situs"  # data_job.filename of every publish
PUBLISH_LOCK = 0x517E  # advisory-lock key: one `begin` at a time (PostgreSQL)
REPORT_EVERY = 1.0  # seconds between two progress writes of a job
BUSY = "Penerbitan lain sedang berjalan; tunggu sampai selesai."
STOPPED = "{what} terhenti: {who} berhenti di tengah pekerjaan; {site}. {again}"
ORPHANED = "{what} terhenti: pekerjaannya tidak ada lagi di antrean; {site}. {again}"
INTERRUPTED = "{what} dihentikan sebelum selesai; {site}. {again}"


class Run(NamedTuple):
    """A publish under way: its record and its job (queued: "Menunggu giliran")."""

    record: PublishRecord
    job: DataJob


def begin(
    live: Path, kind: str = "full", user=None, source: str = "cli", params: dict | None = None
) -> PublishRecord:
    """A "running" record of a publish of `live` (or a restore: `kind`) by `user`, and its job
    with `params`, queued but not yet on the queue (`job_of`; `records.enqueue` puts it
    there, `here` runs it in this process). PublishError while another publish's job is
    queued or running."""
    recover_stale()
    with write_transaction():
        serialize_on(PUBLISH_LOCK)
        if PublishRecord.select().where(PublishRecord.status == "running").exists():
            raise PublishError(BUSY)
        record = PublishRecord.create(user=user, source=source, kind=kind, target=str(live))
        carried = {"step": STEPS[kind], "record": record.id} | (params or {})
        job = DataJob.create(kind="publish", area="site", filename=FILENAME, user=user,
                             queued_at=utcnow(), params=json.dumps(carried))  # fmt: skip
        _audit(job, "diminta", record)  # asked: audited even if it never ends
    return record


def record_of(job: DataJob) -> PublishRecord | None:
    return PublishRecord.get_or_none(PublishRecord.id == records.params_of(job).get("record"))


def live_jobs() -> dict[int, DataJob]:
    """Record id → its job, for every publish job still queued or running once the jobs of
    stopped workers are taken back (`records.current`: a publish runs once, so its job fails
    and `abandon` closes its record)."""
    unfinished = DataJob.select().where(
        DataJob.kind == "publish", DataJob.status.in_(records.UNFINISHED)
    )
    alive = [records.current(job) for job in list(unfinished)]
    return {
        records.params_of(job).get("record"): job
        for job in alive
        if job.status in records.UNFINISHED
    }


def job_of(record: PublishRecord) -> DataJob | None:
    """The job of `record` while it is queued or running (None once it ended)."""
    return live_jobs().get(record.id)


def running() -> Run | None:
    """The publish under way, if any, once records left by dead ones are closed."""
    recover_stale()
    for record_id, job in live_jobs().items():
        record = PublishRecord.get_or_none(PublishRecord.id == record_id)
        if record is not None and record.status == "running":
            return Run(record, job)
    return None


def recover_stale() -> int:
    """Close as failed every "running" record whose job is no longer queued or running, with
    the reason; return how many of the records running when called are closed now."""
    was_running = PublishRecord.select(PublishRecord.id).where(PublishRecord.status == "running")
    ids = [row[0] for row in was_running.tuples()]
    if not ids:
        return 0
    orphans = set(ids) - live_jobs().keys()  # read after the records: a new one has its job
    for record in PublishRecord.select().where(PublishRecord.id.in_(orphans)):
        close(record, message(ORPHANED, record))
    still = PublishRecord.select().where(
        PublishRecord.id.in_(ids), PublishRecord.status == "running"
    )
    return len(ids) - still.count()


def abandon(job: DataJob, reason: str) -> None:
    """Close the record of `job`, given up because its worker stopped beating (the
    operation's `abandon`, called by `records.take_back`; `reason` is the job's own)."""
    record = record_of(job)
    if record is not None:
        who = "pekerja antrean" if record.source == "web" else "proses baris perintah"
        if close(record, message(STOPPED, record, who=f"{who} {job.worker}")):
            _audit(job, f"terhenti: {PublishRecord.get_by_id(record.id).error}", record)


def close(record: PublishRecord, error: str) -> bool:
    """End `record` as failed with `error`, unless it has ended already."""
    return bool(
        PublishRecord.update(status="failed", error=error, finished_at=utcnow())
        .where(PublishRecord.id == record.id, PublishRecord.status == "running")
        .execute()
    )


def message(template: str, record: PublishRecord, **fields: str) -> str:
    """`template` filled for `record`: what stopped, which site is live, what to do."""
    restoring = record.kind == "restore"
    what = "Pemulihan" if restoring else "Penerbitan"
    again = "Pulihkan lagi bila perlu." if restoring else "Terbitkan lagi."
    return template.format(what=what, site=live_site(record), again=again, **fields)


def live_site(record: PublishRecord) -> str:
    """Which build the live site shows now that `record`'s publish stopped (Indonesian)."""
    live = SiteStore(Path(record.target)).current() if record.target else None
    if live is None:
        return "situs publik belum tayang"
    if record.kind == "restore":
        return f"situs menampilkan terbitan {live.name}"
    if live.name > record.started_at.strftime(STAMP):  # built after the record began
        return f"terbitan barunya ({live.name}) sudah tayang"
    return "situs lama tetap tayang"


# --- running a publish's job ---------------------------------------------------------------


def reporter(
    job: DataJob, also: Callable[[int, int], None] | None = None
) -> Callable[[int, int], None]:
    """A progress callback that tells `also` of every page, and the job (its progress and
    its worker's heartbeat) at most every REPORT_EVERY seconds."""
    last = [0.0]

    def tell(done: int, total: int) -> None:
        if also is not None:
            also(done, total)
        if time.monotonic() - last[0] >= REPORT_EVERY:
            last[0] = time.monotonic()
            records.progress(job, done, total)

    return tell


def still_held(job: DataJob) -> None:
    """Raise ClaimLost unless `job` is still running under this worker's claim: asked just
    before a build goes live, so a worker whose job was taken back (thought dead, then woke)
    does not switch the site. No lock is held while the site switches: a worker frozen at
    that moment must not freeze the workers and pages that would take its job back (with
    `SiteStore.activate(newer_than=…)`, an older build never replaces a newer live one)."""
    if not DataJob.select(DataJob.id).where(records.held(job)).exists():
        raise records.ClaimLost(job.id)


@contextlib.contextmanager
def ending(job: DataJob) -> Iterator[None]:
    """Run the block (the publish or restore of `job`'s record, which closes the record) and
    end the job as the record ended: "done" with what changed, or "failed" with the error
    (PublishError, raised again), with the audit entry of the outcome in the same
    transaction (as the record's account, from the asking request's address). Anything
    else that stops the block (an interrupt, a lost database) closes the record first, and is
    raised again. A job taken back meanwhile stays as it is: the record tells what happened
    to the site."""
    try:
        yield
    except PublishError as exc:
        with contextlib.suppress(records.ClaimLost), records.finishing(job, "failed", str(exc)):
            _audit(job, f"gagal: {exc}")
        raise
    except records.ClaimLost:
        raise  # taken back: the job and the record were closed by whoever took it
    except BaseException:
        record = record_of(job)
        error = message(INTERRUPTED, record)
        close(record, error)
        records.fail(job, error)
        raise
    changes = (record_of(job).changes or "").splitlines()
    first = changes[0] if changes else ""
    with contextlib.suppress(records.ClaimLost), records.finishing(job, "done", first):
        _audit(job, f"berhasil. {first}".strip())


AUDIT_WHAT = {"full": "Terbitkan situs (penuh)", "incremental": "Terbitkan situs (sebagian)",
              "restore": "Pulihkan terbitan sebelumnya"}  # fmt: skip


def _audit(job: DataJob, outcome: str, record: PublishRecord | None = None) -> None:
    """One audit entry of the publish (or restore) `job` carries: asked, or how it ended."""
    from backoffice import audit  # the audit trail reads the request when there is one

    record = record or record_of(job)
    action = "restore" if record.kind == "restore" else "publish"
    via = " (lewat CLI)" if record.source == "cli" else ""
    audit.record(action, record, f"{AUDIT_WHAT[record.kind]}{via}: {outcome}", user=record.user,
                 address=records.params_of(job).get("address", ""))  # fmt: skip


@contextlib.contextmanager
def here(
    live: Path, kind: str, user=None, source: str = "cli"
) -> Iterator[tuple[PublishRecord, DataJob]]:
    """A publish (or restore) run in this process (the command line, a test): `begin`'s record
    and job, the job held by this process as a queue worker holds one (so that, killed, it
    is taken back as a worker's is) and ended by `ending`. The process is a queue worker
    only meanwhile: it is recorded as stopped afterwards."""
    record = begin(live, kind, user, source)
    worker = records.this_worker()
    records.beat(worker)
    job = records.claim(job_of(record).id, worker)
    try:
        with ending(job):
            yield record, job
    finally:
        records.stopped(worker)
