"""Imports and exports made in the background (impor/ekspor): their state, progress and file.

The row lives in the database and the file in the shared jobs folder (LOKET_JOBS_DIR), so any
app process behind the load balancer can show the status and serve the download.
"""

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office

JOB_KINDS = (("import", "Impor"), ("export", "Ekspor"))
JOB_STATUSES = (
    ("queued", "Menunggu"),
    ("running", "Sedang diproses"),
    ("checked", "Diperiksa"),
    ("ready", "Siap diunduh"),
    ("done", "Selesai"),
    ("failed", "Gagal"),
)


class DataJob(BaseModel):
    office = ForeignKeyField(Office, null=True, index=True, on_delete="CASCADE")
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    kind = CharField(max_length=8, choices=JOB_KINDS)
    area = CharField(max_length=20)
    status = CharField(max_length=10, choices=JOB_STATUSES, default="queued")
    filename = CharField(max_length=200)
    stored_as = CharField(max_length=80, default="")  # file name inside the jobs folder
    total = IntegerField(default=0)
    progress = IntegerField(default=0)
    message = TextField(default="")
    params = TextField(default="")  # JSON: the list's filters, the import's column mapping
    created_at = DateTimeField(default=utcnow, index=True)
    finished_at = DateTimeField(null=True)
    # The process doing the work (backoffice.processes): queued or running in a process that
    # is gone (kill -9, a server restart), the job is closed as failed when read.
    started_at = DateTimeField(null=True)
    host = CharField(max_length=255, default="")
    pid = IntegerField(null=True)
    process_started = CharField(max_length=40, default="")

    def __str__(self):
        return self.filename
