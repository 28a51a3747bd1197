# Written by hand on 2026-11-29; checked with playhouse.schema_diff.
"""Lists at a million (issue 12).

The dashboard's application counts: `application_tally` holds how many applications each
service has in each status and deadline day (the UTC date of `due_at`, '' for none), kept
exact by triggers on `application` in the database itself, so every way a row changes (the
admin, the CLI, a bulk UPDATE, raw SQL) counts. Back-filled from the rows there. A dashboard
then sums a few thousand tally rows instead of counting a million applications (1.4 s on
SQLite before).

Two applicant indexes widened so a list's ids and office scope come from the index alone:
(name, office_id, id) for a deep page, (village_id, name, office_id, id) for the village
filter. PostgreSQL's index-only scan needs every column the query reads (a deep page read
500,000 rows from the table: 9 s); SQLite's indexes carry the id already.

Numbered 0014: 0013 was reserved by another branch; the runner applies any pending file,
whatever the gap.
"""

from peewee import *  # noqa: F403 (the runner's own file template)

SQLITE_DAY = "COALESCE(substr({row}.due_at, 1, 10), '')"
SQLITE_ADD = (
    "INSERT INTO application_tally (service_id, status, due_on, n) "
    "VALUES (new.service_id, new.status, " + SQLITE_DAY.format(row="new") + ", 1) "
    "ON CONFLICT (service_id, status, due_on) DO UPDATE SET n = n + 1;"
)
SQLITE_REMOVE = (
    "UPDATE application_tally SET n = n - 1 WHERE service_id = old.service_id "
    "AND status = old.status AND due_on = " + SQLITE_DAY.format(row="old") + ";"
)
SQLITE_TRIGGERS = {
    "application_tally_insert": f"AFTER INSERT ON application BEGIN {SQLITE_ADD} END",
    "application_tally_delete": f"AFTER DELETE ON application BEGIN {SQLITE_REMOVE} END",
    "application_tally_update": (
        "AFTER UPDATE OF service_id, status, due_at ON application "
        "WHEN old.service_id IS NOT new.service_id OR old.status IS NOT new.status "
        "OR substr(old.due_at, 1, 10) IS NOT substr(new.due_at, 1, 10) "
        f"BEGIN {SQLITE_REMOVE} {SQLITE_ADD} END"
    ),
}

# PostgreSQL: one function for the three row events (the row with the smaller key is locked
# first, so two transactions moving applications in opposite directions cannot deadlock on
# the tally), and TRUNCATE empties the tally too.
PG_FUNCTION = """
CREATE FUNCTION application_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_day text;
    new_day text;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_day := COALESCE(to_char(OLD.due_at, 'YYYY-MM-DD'), '');
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_day := COALESCE(to_char(NEW.due_at, 'YYYY-MM-DD'), '');
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.service_id, NEW.status, new_day)
                            < (OLD.service_id, OLD.status, old_day) THEN
        PERFORM application_tally_add(NEW.service_id, NEW.status, new_day, 1);
        PERFORM application_tally_add(OLD.service_id, OLD.status, old_day, -1);
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM application_tally_add(OLD.service_id, OLD.status, old_day, -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM application_tally_add(NEW.service_id, NEW.status, new_day, 1);
    END IF;
    RETURN NULL;
END $$
"""
PG_ADD = """
CREATE FUNCTION application_tally_add(sid integer, st text, due_day text, delta integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO application_tally (service_id, status, due_on, n) VALUES (sid, st, due_day, delta)
    ON CONFLICT (service_id, status, due_on) DO UPDATE SET n = application_tally.n + delta
$$
"""
PG_EMPTY = """
CREATE FUNCTION application_tally_empty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM application_tally;
    RETURN NULL;
END $$
"""
PG_TRIGGERS = [
    "CREATE TRIGGER application_tally_insert_delete AFTER INSERT OR DELETE ON application "
    "FOR EACH ROW EXECUTE FUNCTION application_tally_change()",
    "CREATE TRIGGER application_tally_update AFTER UPDATE OF service_id, status, due_at "
    "ON application FOR EACH ROW WHEN (OLD.service_id IS DISTINCT FROM NEW.service_id "
    "OR OLD.status IS DISTINCT FROM NEW.status "
    "OR OLD.due_at::date IS DISTINCT FROM NEW.due_at::date) "
    "EXECUTE FUNCTION application_tally_change()",
    "CREATE TRIGGER application_tally_truncate AFTER TRUNCATE ON application "
    "FOR EACH STATEMENT EXECUTE FUNCTION application_tally_empty()",
]
# (old name, old columns, new columns) of the widened applicant indexes.
WIDENED = [
    ("applicant_name_office_id", ("name", "office_id"), ("name", "office_id", "id")),
    ("applicant_village_id_name", ("village_id", "name"),
     ("village_id", "name", "office_id", "id")),
]  # fmt: skip
BACKFILL = (
    "INSERT INTO application_tally (service_id, status, due_on, n) "
    "SELECT service_id, status, {day}, COUNT(*) FROM application GROUP BY 1, 2, 3"
)


def up(migrator, db):
    class Service(Model):
        class Meta:
            database = db
            table_name = "service"

    class ApplicationTally(Model):
        service = ForeignKeyField(Service, index=False, on_delete="CASCADE")
        status = CharField(max_length=12)
        due_on = CharField(max_length=10, default="")
        n = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "application_tally"
            indexes = ((("service", "status", "due_on"), True),)

    for old_name, _, columns in WIDENED:
        db.execute_sql(f'DROP INDEX IF EXISTS "{old_name}"')
        db.execute_sql(_create_index(columns))
    ApplicationTally.create_table()
    # Triggers first: on PostgreSQL creating them locks `application` against writes until
    # this migration commits, so no row changes between the back-fill and the triggers.
    if isinstance(db, SqliteDatabase):
        for name, body in SQLITE_TRIGGERS.items():
            db.execute_sql(f"CREATE TRIGGER {name} {body}")
        db.execute_sql(BACKFILL.format(day=SQLITE_DAY.format(row="application")))
    else:
        for sql in (PG_ADD, PG_FUNCTION, PG_EMPTY, *PG_TRIGGERS):
            db.execute_sql(sql)
        db.execute_sql(BACKFILL.format(day="COALESCE(to_char(due_at, 'YYYY-MM-DD'), '')"))


def _create_index(columns):
    name = "applicant_" + "_".join(columns)
    cols = ", ".join(f'"{c}"' for c in columns)
    return f'CREATE INDEX IF NOT EXISTS "{name}" ON "applicant" ({cols})'


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for name in SQLITE_TRIGGERS:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name in ("insert_delete", "update", "truncate"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS application_tally_{name} ON application")
        for name in ("change()", "empty()", "add(integer, text, text, integer)"):
            db.execute_sql(f"DROP FUNCTION IF EXISTS application_tally_{name}")
    db.execute_sql('DROP TABLE IF EXISTS "application_tally"')
    for _, old_columns, columns in WIDENED:
        db.execute_sql(f'DROP INDEX IF EXISTS "applicant_{"_".join(columns)}"')
        db.execute_sql(_create_index(old_columns))
