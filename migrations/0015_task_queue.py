# Written by hand on 2026-12-07; checked with playhouse.schema_diff.
"""Background work on a task queue (issue 17).

`data_job` loses the process columns of 0013 (host, pid, process start: a liveness guess read
from /proc, blind to other machines) and gains the queue worker that holds it, its number of
runs and when it was queued; `job_file` keeps a job's files in the database, in parts, so
every machine reaches them; `queue_worker` is each consumer's heartbeat. `publish_record`
loses its process columns too: a publish is a job now.

On PostgreSQL the queue itself (Huey's SQL storage: tasks, schedule, results, counters) lives
in the same database, in `huey_*` tables; on SQLite it is a file of its own beside the
database (Huey's SQLite storage creates its tables), and with Redis it is in Redis.
"""

from peewee import *  # noqa: F403 (the runner's own file template)

PROCESS_COLUMNS = ("host", "pid", "process_started")
JOB_COLUMNS = {
    "worker": CharField(max_length=255, default=""),
    "attempts": IntegerField(default=0),
    "queued_at": DateTimeField(null=True),
}


def _stub(db, table):
    class Stub(Model):
        class Meta:
            database = db
            table_name = table

    return Stub


def _tables(db):
    DataJob = _stub(db, "data_job")

    class JobFile(Model):
        job = ForeignKeyField(DataJob, on_delete="CASCADE")
        name = CharField(max_length=40)
        part = IntegerField()
        data = BlobField()

        class Meta:
            database = db
            table_name = "job_file"
            indexes = ((("job", "name", "part"), True),)

    class QueueWorker(Model):
        name = CharField(max_length=255, unique=True)
        host = CharField(max_length=255)
        pid = IntegerField()
        threads = IntegerField(default=1)
        started_at = DateTimeField()
        last_seen = DateTimeField(index=True)
        stopped_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "queue_worker"

    return [JobFile, QueueWorker]


# Huey's PostgresStorage tables (huey/storage.py, 3.5, table_prefix "huey"), created here so
# that no worker races another to create them (the storage runs with create_tables=False).
QUEUE_DDL = (
    "create table if not exists huey_kv (queue text not null, key text not null, "
    "value bytea not null, primary key(queue, key))",
    "create table if not exists huey_schedule (id bigserial primary key, queue text not null, "
    "data bytea not null, timestamp double precision not null)",
    "create index if not exists huey_schedule_queue_timestamp on huey_schedule (queue, timestamp)",
    "create table if not exists huey_task (id bigserial primary key, queue text not null, "
    "data bytea not null, priority double precision not null default 0.0)",
    "create index if not exists huey_task_queue_priority_id on huey_task (queue, priority desc, id)",
    "create table if not exists huey_counter (queue text not null, key text not null, "
    "value bigint not null default 0, primary key(queue, key))",
)
QUEUE_TABLES = ("huey_kv", "huey_schedule", "huey_task", "huey_counter")


def up(migrator, db):
    migrator.migrate(
        *(migrator.drop_column("data_job", name) for name in PROCESS_COLUMNS),
        *(migrator.add_column("data_job", name, field) for name, field in JOB_COLUMNS.items()),
        migrator.add_index("data_job", ("worker",), False),
        *(migrator.drop_column("publish_record", name) for name in PROCESS_COLUMNS),
    )
    db.create_tables(_tables(db))
    if isinstance(db, PostgresqlDatabase):
        for statement in QUEUE_DDL:
            db.execute_sql(statement)


def down(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("drop table if exists " + ", ".join(QUEUE_TABLES))
    db.drop_tables(_tables(db))
    migrator.migrate(
        migrator.drop_index("data_job", "data_job_worker"),
        *(migrator.drop_column("data_job", name) for name in JOB_COLUMNS),
        migrator.add_column("data_job", "host", CharField(max_length=255, default="")),
        migrator.add_column("data_job", "pid", IntegerField(null=True)),
        migrator.add_column("data_job", "process_started", CharField(max_length=40, default="")),
        migrator.add_column("publish_record", "host", CharField(max_length=255, default="")),
        migrator.add_column("publish_record", "pid", IntegerField(null=True)),
        migrator.add_column(
            "publish_record", "process_started", CharField(max_length=40, default="")
        ),
    )
