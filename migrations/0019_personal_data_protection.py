# Written by hand on 2026-12-08; checked with playhouse.schema_diff.
"""Personal data protection (issue 18, UU 27/2022): `person_access` logs who opened, printed
or exported which person; `retention_rule` is an office's keeping period for closed cases and
`applicant.anonymised_at` marks a person its run anonymised; `data_breach` records a breach
with its 3 x 24-hour notification clock."""

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

    class Applicant(Model):
        class Meta:
            database = db
            table_name = "applicant"

    class PersonAccess(Model):
        applicant = ForeignKeyField(Applicant, null=True, index=False, on_delete="SET NULL")
        user = ForeignKeyField(User, null=True, index=False, on_delete="SET NULL")
        office = ForeignKeyField(Office, null=True, index=False, on_delete="SET NULL")
        at = DateTimeField()
        kind = CharField(max_length=16)
        ref = CharField(max_length=120, default="")
        ip = CharField(max_length=45, default="")

        class Meta:
            database = db
            table_name = "person_access"
            indexes = (
                (("office", "at"), False),
                (("applicant", "at"), False),
                (("user", "at"), False),
            )

    class RetentionRule(Model):
        office = ForeignKeyField(Office, unique=True, on_delete="CASCADE")
        years = SmallIntegerField(null=True)
        set_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        set_at = DateTimeField()
        last_run_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "retention_rule"

    class DataBreach(Model):
        office = ForeignKeyField(Office, index=True, on_delete="RESTRICT")
        discovered_at = DateTimeField()
        description = TextField()
        data_affected = TextField()
        people_affected = IntegerField(null=True)
        actions_taken = TextField(default="")
        subjects_notified_at = DateTimeField(null=True)
        authority_notified_at = DateTimeField(null=True)
        recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
        created_at = DateTimeField()
        updated_at = DateTimeField()

        class Meta:
            database = db
            table_name = "data_breach"

    return [PersonAccess, RetentionRule, DataBreach]


def up(migrator, db):
    db.create_tables(_tables(db))
    migrator.migrate(
        migrator.add_column("applicant", "anonymised_at", DateTimeField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("applicant", "anonymised_at"))
    db.drop_tables(_tables(db))
