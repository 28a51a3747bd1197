"""Background work (pekerjaan latar belakang): imports, exports, BPJS batch files and
publishes, one `DataJob` row each, run by the queue's workers (`backoffice.tasks`).

A job's files (the uploaded spreadsheet, the dry run's summary and report, the finished
export) are rows of `JobFile` in the same database, so any app or worker machine reaches them
with nothing but the database. Each consumer process is a `QueueWorker` row whose
`last_seen` it refreshes every few seconds (its heartbeat): a job held by a worker not seen
for `tasks.records.STALE_AFTER` is taken back (queued again, or failed with its reason).
"""

from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office

JOB_KINDS = (
    ("import", "Impor"),
    ("export", "Ekspor"),
    ("batch", "Berkas usulan BPJS"),
    ("publish", "Terbitkan situs"),
)
JOB_STATUSES = (
    ("queued", "Menunggu giliran"),
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
    stored_as = CharField(max_length=80, default="")  # a shared folder's file name, if used
    total = IntegerField(default=0)
    progress = IntegerField(default=0)
    message = TextField(default="")
    params = TextField(default="")  # JSON: the step, the list's filters, the column mapping
    created_at = DateTimeField(default=utcnow, index=True)
    finished_at = DateTimeField(null=True)
    started_at = DateTimeField(null=True)
    # The queue worker running it ("host:pid", QueueWorker.name) and how many runs began.
    worker = CharField(max_length=255, default="", index=True)
    attempts = IntegerField(default=0)
    queued_at = DateTimeField(null=True)

    def __str__(self):
        return self.filename


class JobFile(BaseModel):
    """One part (up to `tasks.job_files.PART_BYTES`) of a job's named file."""

    job = ForeignKeyField(DataJob, on_delete="CASCADE")
    name = CharField(max_length=40)  # "upload", "summary", "report", "result"
    part = IntegerField()
    data = BlobField()

    class Meta:
        indexes = ((("job", "name", "part"), True),)


class QueueWorker(BaseModel):
    """Pekerja antrean: one consumer process (`loket worker`) and its heartbeat."""

    name = CharField(max_length=255, unique=True)  # "host:pid"
    host = CharField(max_length=255)
    pid = IntegerField()
    threads = IntegerField(default=1)
    started_at = DateTimeField(default=utcnow)
    last_seen = DateTimeField(default=utcnow, index=True)
    stopped_at = DateTimeField(null=True)
