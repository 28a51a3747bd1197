# Written by hand on 2026-12-07; checked with playhouse.schema_diff.
"""Work the clock does (issue 17): `filed_report` keeps each office's monthly report as made
just after the month ended; `notice` holds a staff account's notices (the supervisor's morning
list of deadlines), shown on its home page until read."""

from peewee import *  # noqa: F403 (the runner's own file template)


def _tables(db):
    class Office(Model):
        class Meta:
            database = db
            table_name = "office"

    class User(Model):
        class Meta:
            database = db
            table_name = "account"

    class FiledReport(Model):
        office = ForeignKeyField(Office, on_delete="CASCADE")
        year = IntegerField()
        month = IntegerField()
        made_at = DateTimeField()
        xlsx = BlobField()
        pdf = BlobField()

        class Meta:
            database = db
            table_name = "filed_report"
            indexes = ((("office", "year", "month"), True),)

    class Notice(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        kind = CharField(max_length=20)
        day = DateField()
        title = CharField(max_length=200)
        items = TextField(default="[]")
        created_at = DateTimeField()
        read_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "notice"
            indexes = ((("user", "kind", "day"), True),)

    return [FiledReport, Notice]


def up(migrator, db):
    db.create_tables(_tables(db))


def down(migrator, db):
    db.drop_tables(_tables(db))
