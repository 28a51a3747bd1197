"""The queue page (Antrean latar belakang): where the queue lives, what waits on it, which
jobs are queued or running, and which workers (`loket worker`) are alive.

Only the installation's administrator (an admin account without an office) opens it: the
queue and its workers serve every office, so an office's accounts are refused. The page only
reads; taking back the jobs of stopped workers is the workers' own work (`tasks.records`).
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from flask_admin import BaseView, expose
from flask_login import current_user
from huey.storage import MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage
from peewee import JOIN

from backoffice.admin.access import AccessMixin, needs
from backoffice.admin.base import current_zone
from backoffice.i18n import format_datetime_id
from backoffice.models import DataJob, Office, QueueWorker, User
from backoffice.models.base import utcnow
from backoffice.tasks import records
from backoffice.tasks.queue import huey

WORKERS_SINCE = dt.timedelta(hours=24)  # workers seen before this are left out
JOBS_SHOWN = 200
STORAGE_KINDS = {
    SqliteStorage: "Berkas SQLite",
    PostgresStorage: "PostgreSQL",
    RedisStorage: "Redis",
    MemoryStorage: "Di dalam proses (tugas dijalankan langsung)",
}
WORKER_STATES = {"active": "aktif", "stopped": "berhenti", "unheard": "tidak terdengar"}


@dataclass(frozen=True)
class WorkerRow:
    worker: QueueWorker
    state: str  # a key of WORKER_STATES
    seconds_ago: int


def shown_url(url: str) -> str:
    """`url` without its password and query (where libpq's `password=` may hide)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}@{host}" if parts.username else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def storage_description() -> tuple[str, str]:
    """(the kind of the queue's storage, where it is) as the page shows them."""
    kind = STORAGE_KINDS.get(huey.storage_class, huey.storage_class.__name__)
    settings = huey.storage_kwargs or {}
    if "filename" in settings:
        return kind, settings["filename"]
    where = settings.get("url") or settings.get("dsn") or ""
    return kind, shown_url(where) if where else ""


def worker_state(worker: QueueWorker, now: dt.datetime) -> str:
    if worker.stopped_at is not None:
        return "stopped"
    return "active" if worker.last_seen >= now - records.STALE_AFTER else "unheard"


def recent_workers(now: dt.datetime) -> list[WorkerRow]:
    """The workers seen within WORKERS_SINCE, the latest heard first."""
    query = (
        QueueWorker.select()
        .where(QueueWorker.last_seen >= now - WORKERS_SINCE)
        .order_by(QueueWorker.last_seen.desc())
    )
    return [
        WorkerRow(w, worker_state(w, now), max(0, int((now - w.last_seen).total_seconds())))
        for w in query
    ]


def unfinished_jobs():
    """The queued and running jobs with their office and account, oldest first."""
    return (
        DataJob.select(DataJob, Office, User)
        .join(Office, on=DataJob.office == Office.id, join_type=JOIN.LEFT_OUTER)
        .switch(DataJob)
        .join(User, on=DataJob.user == User.id, join_type=JOIN.LEFT_OUTER)
        .where(DataJob.status.in_(records.UNFINISHED))
        .order_by(DataJob.created_at, DataJob.id)
        .limit(JOBS_SHOWN)
    )


def ago(seconds: int) -> str:
    """ "12 detik lalu", "3 menit lalu", "2 jam lalu"."""
    if seconds < 120:
        return f"{seconds} detik lalu"
    if seconds < 2 * 3600:
        return f"{seconds // 60} menit lalu"
    return f"{seconds // 3600} jam lalu"


class QueueView(AccessMixin, BaseView):
    area = "queue"

    def is_accessible(self):
        # The queue serves every office: the installation's admin only.
        return super().is_accessible() and current_user.office_id is None

    @expose("/")
    @needs("read")
    def index(self):
        now = utcnow()
        workers = recent_workers(now)
        kind, where = storage_description()
        return self.render(
            "admin/queue.html",
            storage_kind=kind,
            storage_where=where,
            waiting=huey.pending_count(),
            jobs=list(unfinished_jobs()),
            workers=workers,
            any_active=any(row.state == "active" for row in workers),
            live_names={row.worker.name for row in workers if row.state == "active"},
            kinds=dict(DataJob.kind.choices),
            statuses=dict(DataJob.status.choices),
            worker_states=WORKER_STATES,
            stale_seconds=int(records.STALE_AFTER.total_seconds()),
            ago=ago,
            when=lambda value: format_datetime_id(value, current_zone()),
        )
