# Written by hand on 2026-12-01; checked with playhouse.schema_diff.
"""District scale: background import/export jobs, composite indexes for the office's lists and
the dashboard, and a trigram index for name fragments.

Name fragments: SQLite gets an FTS5 table with the trigram tokenizer (SQLite >= 3.34), kept in
step with `applicant` by triggers; PostgreSQL gets the pg_trgm extension and a GIN index.
`CREATE EXTENSION pg_trgm` needs a superuser (or PostgreSQL 13+'s trusted extensions and the
database owner): create it once as postgres when the app's role may not.
"""
from peewee import *  # noqa: F403 (the runner's own file template)

INDEXES = [
    ("application", ("service_id", "status")),
    ("application", ("status", "due_at")),
    ("application", ("applicant_id", "service_id")),
    ("application", ("verifier_id", "status")),
    ("applicant", ("office_id", "name")),
    ("applicant", ("village_id", "name")),
]
FTS_TRIGGERS = {
    "applicant_fts_insert": "AFTER INSERT ON applicant BEGIN "
    "INSERT INTO applicant_fts(rowid, name) VALUES (new.id, new.name); END",
    "applicant_fts_delete": "AFTER DELETE ON applicant BEGIN "
    "INSERT INTO applicant_fts(applicant_fts, rowid, name) VALUES ('delete', old.id, old.name); END",
    "applicant_fts_update": "AFTER UPDATE OF name ON applicant BEGIN "
    "INSERT INTO applicant_fts(applicant_fts, rowid, name) VALUES ('delete', old.id, old.name); "
    "INSERT INTO applicant_fts(rowid, name) VALUES (new.id, new.name); END",
}


def _name(table, columns):
    return f"{table}_{'_'.join(columns)}"


def up(migrator, db):
    class Office(Model):
        class Meta:
            database = db
            table_name = 'office'

    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class DataJob(Model):
        office = ForeignKeyField(Office, null=True, index=True, on_delete="CASCADE")
        user = ForeignKeyField(User, null=True, on_delete="SET NULL")
        kind = CharField(max_length=8)
        area = CharField(max_length=20)
        status = CharField(max_length=10, default="queued")
        filename = CharField(max_length=200)
        stored_as = CharField(max_length=80, default="")
        total = IntegerField(default=0)
        progress = IntegerField(default=0)
        message = TextField(default="")
        params = TextField(default="")
        created_at = DateTimeField(index=True)
        finished_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = 'data_job'

    DataJob.create_table()
    for table, columns in INDEXES:
        cols = ", ".join(f'"{c}"' for c in columns)
        db.execute_sql(f'CREATE INDEX "{_name(table, columns)}" ON "{table}" ({cols})')
    if isinstance(db, SqliteDatabase):
        db.execute_sql("CREATE VIRTUAL TABLE applicant_fts USING fts5("
                       "name, content='applicant', content_rowid='id', tokenize='trigram')")
        db.execute_sql("INSERT INTO applicant_fts(applicant_fts) VALUES ('rebuild')")
        for name, body in FTS_TRIGGERS.items():
            db.execute_sql(f"CREATE TRIGGER {name} {body}")
    else:
        db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        db.execute_sql("CREATE INDEX applicant_name_trgm ON applicant "
                       "USING gin (name gin_trgm_ops)")


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for name in FTS_TRIGGERS:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
        db.execute_sql("DROP TABLE IF EXISTS applicant_fts")
    else:
        db.execute_sql("DROP INDEX IF EXISTS applicant_name_trgm")
    for table, columns in INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{_name(table, columns)}"')
    db.execute_sql('DROP TABLE IF EXISTS "data_job"')
