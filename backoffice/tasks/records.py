"""A background job's life, the same on every machine.

`enqueue` marks the job queued ("Menunggu giliran") and puts its id on the queue. A worker
`run`s it: it claims the job in one conditional UPDATE (only one worker can), runs the job's
operation and finishes it under that claim (`finishing`: the operation's last writes and the
job's new state in one transaction, refused when the claim was taken back meanwhile).

Every consumer beats (`beat`, every `HEARTBEAT` seconds, QueueWorker.last_seen). A job held
by a worker not seen for `STALE_AFTER` is taken back by `reap` (run by every live worker's
heartbeat, by a periodic task, and when a page reads the job): queued again while it has runs
left, else failed with an Indonesian reason. A worker killed with kill -9 leaves no half
data: an operation writes in one transaction or into an anonymous temporary file first.
"""

import contextlib
import datetime as dt
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from backoffice.db import database, write_transaction
from backoffice.domain.errors import ValidationError
from backoffice.models import DataJob, QueueWorker
from backoffice.models.base import utcnow

log = logging.getLogger(__name__)

HEARTBEAT = 5  # seconds between two beats of a worker
STALE_AFTER = dt.timedelta(seconds=30)  # a worker not seen this long has stopped
LOST_AFTER = dt.timedelta(minutes=2)  # a queued job whose message is gone is queued again
FINISHED = ("checked", "ready", "done", "failed")  # "ready": a file to download
UNFINISHED = ("queued", "running")
FAILED_MESSAGE = "Gagal diproses; tidak ada data yang disimpan."
NO_WORKER = (
    "Menunggu giliran, tetapi belum ada pekerja antrean yang aktif: beri tahu admin instalasi. "
    "Pekerjaan ini tetap tersimpan dan berjalan begitu pekerja aktif."
)
STOPPED_MESSAGE = (
    "Terhenti: pekerja antrean {worker} berhenti di tengah pekerjaan; tidak ada data yang "
    "disimpan. Ulangi bila perlu."
)


class ClaimLost(Exception):
    """The job was taken back from this worker (it was thought stopped): nothing is saved."""


@dataclass(frozen=True)
class Operation:
    """What a job step does: `run(job)` does the work and finishes the job (`finishing`);
    `runs` is how many times it may start (a run killed midway is tried again until then);
    `abandon(job, reason)` closes whatever else the job stands for when it is given up."""

    run: Any
    runs: int = 2
    abandon: Any = None


OPERATIONS: dict[str, Operation] = {}  # "import.check", "export", … (filled by each module)


def operation(step: str, runs: int = 2, abandon=None):
    """Register the decorated function as the operation of job step `step`."""

    def register(function):
        OPERATIONS[step] = Operation(function, runs, abandon)
        return function

    return register


def params_of(job: DataJob) -> dict[str, Any]:
    return json.loads(job.params or "{}")


_START = secrets.token_hex(3)  # this process's start: a container restarted as pid 1 of the
# same host name is another worker, whose name must differ from the dead one's


def this_worker() -> str:
    """The calling process as a queue worker: "host:pid:start" (the start a random token of
    this process, so a restarted container's "host:1" never inherits a dead worker's jobs)."""
    return f"{socket.gethostname()}:{os.getpid()}:{_START}"


# --- queueing and running ----------------------------------------------------------------


BUSY_MESSAGE = "Berkas ini sedang diproses atau sudah selesai; muat ulang halamannya."


def enqueue(
    job: DataJob, step: str, from_states: tuple[str, ...] = ("queued",), **params: Any
) -> DataJob:
    """Queue `step` of `job` with `params` merged into its own, if the job is still in one of
    `from_states` (as the page that asked saw it); return the job as queued. Raise
    ValidationError({"file": BUSY_MESSAGE}) when it moved meanwhile (a second press, another
    tab): a finished import is never run again. The web process does nothing more: a worker
    runs it. A queue that cannot be reached leaves the job queued; a worker's reaper sends it
    again (`requeue_lost`)."""
    from backoffice.tasks import worker_tasks

    merged = params_of(job) | params | {"step": step}
    queued = (
        DataJob.update(status="queued", progress=0, message="", finished_at=None, worker="",
                       attempts=0, queued_at=utcnow(), params=json.dumps(merged))
        .where(DataJob.id == job.id, DataJob.status.in_(from_states))
        .execute()
    )  # fmt: skip
    if not queued:
        raise ValidationError({"file": BUSY_MESSAGE})
    try:
        worker_tasks.run_job(job.id)
    except Exception:  # noqa: BLE001 - the queue is down: the job waits, recorded
        log.warning("job %s recorded but not sent to the queue", job.id, exc_info=True)
    return DataJob.get_by_id(job.id)


def run(job_id: int, worker: str | None = None) -> DataJob | None:
    """Claim the queued job `job_id` for `worker` (this process) and run its step; None when
    another worker has it, it finished, or it is gone (a message delivered twice is harmless).
    A ValidationError fails the job with its message; any other error with FAILED_MESSAGE."""
    worker = worker or this_worker()
    beat(worker)
    job = claim(job_id, worker)
    if job is None:
        return None
    step = params_of(job).get("step", "")
    try:
        OPERATIONS[step].run(job)
    except ClaimLost:
        log.warning("job %s was taken back from %s", job_id, worker)
    except ValidationError as exc:
        fail(job, " ".join(exc.errors.values()))
    except Exception:
        log.exception("job %s (%s) failed", job_id, step)
        fail(job, FAILED_MESSAGE)
    return DataJob.get_or_none(DataJob.id == job_id)


def claim(job_id: int, worker: str) -> DataJob | None:
    """The job, now "running" for `worker`, if it was queued; else None."""
    taken = (
        DataJob.update(status="running", worker=worker, attempts=DataJob.attempts + 1,
                       started_at=utcnow(), progress=0, message="")
        .where(DataJob.id == job_id, DataJob.status == "queued")
        .execute()
    )  # fmt: skip
    return DataJob.get_by_id(job_id) if taken else None


def held(job: DataJob):
    """The condition that `job` is still running under the claim this worker holds."""
    return (DataJob.id == job.id) & (DataJob.status == "running") & (DataJob.worker == job.worker)


@contextlib.contextmanager
def finishing(job: DataJob, status: str, message: str = "", **fields: Any) -> Iterator[dict]:
    """A write transaction that ends the job as `status` with `message`: whatever the block
    writes and the job's new state are saved together, or nothing when the claim was lost
    (ClaimLost) or the block raised. The block may change the fields in the dict it gets."""
    end = {"status": status, "message": message} | fields
    with write_transaction():
        yield end
        done = DataJob.update(finished_at=utcnow(), **end).where(held(job)).execute()
        if not done:
            raise ClaimLost(job.id)


def finish(job: DataJob, status: str, message: str = "", **fields: Any) -> None:
    """End the job as `status` with nothing else to write (ClaimLost when taken back)."""
    with finishing(job, status, message, **fields):
        pass


def fail(job: DataJob, message: str) -> None:
    with contextlib.suppress(ClaimLost):
        finish(job, "failed", message)


def progress(job: DataJob, done: int, total: int | None = None) -> None:
    """Record how far the job got (the page polls it) and beat for its worker."""
    fields = {"progress": done} | ({"total": total} if total is not None else {})
    DataJob.update(**fields).where(held(job)).execute()
    beat(job.worker, throttle=True)


# --- workers and their heartbeat ----------------------------------------------------------

_last_beat: dict[str, float] = {}


def beat(worker: str, threads: int = 1, throttle: bool = False) -> None:
    """Record that `worker` ("host:pid") is alive now (at most every HEARTBEAT seconds when
    `throttle`). A beat that cannot be written (the database busy) is skipped."""
    if throttle and time.monotonic() - _last_beat.get(worker, 0) < HEARTBEAT:
        return
    _last_beat[worker] = time.monotonic()
    host, pid = (worker.split(":") + ["", ""])[:2]
    now = utcnow()
    try:
        (QueueWorker.insert(name=worker, host=host, pid=int(pid or 0), threads=threads,
                            started_at=now, last_seen=now)
         .on_conflict(conflict_target=[QueueWorker.name],
                      update={QueueWorker.last_seen: now, QueueWorker.stopped_at: None})
         .execute())  # fmt: skip
    except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
        log.warning("heartbeat of %s not written", worker, exc_info=True)


def stopped(worker: str) -> None:
    """`worker` shut down on purpose (its jobs, if any, are taken back at once)."""
    QueueWorker.update(stopped_at=utcnow()).where(QueueWorker.name == worker).execute()


def live_workers(now: dt.datetime | None = None):
    """A query of the names of the workers seen within STALE_AFTER of `now` and not stopped."""
    cutoff = (now or utcnow()) - STALE_AFTER
    return QueueWorker.select(QueueWorker.name).where(
        QueueWorker.last_seen >= cutoff, QueueWorker.stopped_at.is_null()
    )


def any_worker() -> bool:
    """Whether any worker is alive now (else queued work waits for somebody to start one)."""
    return live_workers().exists()


# --- taking back the jobs of stopped workers -----------------------------------------------


def reap(now: dt.datetime | None = None) -> int:
    """Take back every job running under a worker that stopped beating (queued again while
    it has runs left, else failed with STOPPED_MESSAGE) and queue again every job whose
    message was lost; return how many jobs were touched."""
    now = now or utcnow()
    stuck = DataJob.select().where(
        DataJob.status == "running",
        DataJob.worker.not_in(live_workers(now)),
        DataJob.started_at < now - STALE_AFTER,
    )
    touched = sum(take_back(job) for job in list(stuck))
    return touched + requeue_lost(now)


def take_back(job: DataJob) -> bool:
    """Queue `job` again or fail it, if it is still held by the worker that held it."""
    from backoffice.tasks import worker_tasks

    op = OPERATIONS.get(params_of(job).get("step", ""))
    reason = STOPPED_MESSAGE.format(worker=job.worker)
    again = op is not None and job.attempts < op.runs
    fields = (
        {"status": "queued", "worker": "", "queued_at": utcnow(), "progress": 0}
        if again
        else {"status": "failed", "message": reason, "finished_at": utcnow()}
    )
    if not DataJob.update(**fields).where(held(job)).execute():
        return False  # finished, or taken back by another worker's reaper meanwhile
    if again:
        worker_tasks.run_job(job.id)
    elif op is not None and op.abandon is not None:
        op.abandon(job, reason)
    return True


def requeue_lost(now: dt.datetime) -> int:
    """Queue again the jobs queued for LOST_AFTER whose message is no longer on the queue (a
    worker killed between taking the message and claiming the job)."""
    from backoffice.tasks import queue, worker_tasks

    waiting = list(
        DataJob.select(DataJob.id).where(
            DataJob.status == "queued", DataJob.queued_at < now - LOST_AFTER
        )
    )
    if not waiting:
        return 0
    pending = queue.pending_job_ids()
    lost = [job.id for job in waiting if job.id not in pending]
    for job_id in lost:
        DataJob.update(queued_at=now).where(DataJob.id == job_id).execute()
        worker_tasks.run_job(job_id)
    return len(lost)


def current(job: DataJob) -> DataJob:
    """`job` as it stands, after taking it back if its worker has stopped (call on every
    read of a job's state: with no worker alive, nothing else would)."""
    if job.status != "running" or job.worker in {w.name for w in live_workers()}:
        return job
    if job.started_at and job.started_at < utcnow() - STALE_AFTER:
        take_back(job)
        return DataJob.get_by_id(job.id)
    return job


def status_of(job: DataJob) -> dict[str, Any]:
    """What a polling page shows: the state, its Indonesian label, progress and message."""
    labels = dict(DataJob.status.choices)
    label = labels.get(job.status, job.status)
    if job.status == "queued" and not any_worker():
        label = NO_WORKER
    return {
        "status": job.status,
        "label": label,
        "progress": job.progress,
        "total": job.total,
        "message": job.message,
        "finished": job.status in FINISHED,
    }


def connection():
    """A context with this thread's database connection open (closed after, if opened)."""
    opened = database.connect(reuse_if_open=True)

    @contextlib.contextmanager
    def context():
        try:
            yield
        finally:
            if opened and not database.is_closed():
                database.close()

    return context()
