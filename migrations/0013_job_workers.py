# Written by hand on 2026-11-29; checked with playhouse.schema_diff.
"""The process that runs a background import (data_job): its machine, process id and start,
and when the work began, so a job whose process was killed or restarted is closed as failed
when read instead of staying "Sedang diproses" for ever (backoffice/processes.py)."""
from peewee import *  # noqa: F403 (the runner's own file template)

COLUMNS = {
    "started_at": DateTimeField(null=True),
    "host": CharField(max_length=255, default=""),
    "pid": IntegerField(null=True),
    "process_started": CharField(max_length=40, default=""),
}


def up(migrator, db):
    migrator.migrate(*(migrator.add_column("data_job", name, field)
                       for name, field in COLUMNS.items()))


def down(migrator, db):
    migrator.migrate(*(migrator.drop_column("data_job", name) for name in COLUMNS))
