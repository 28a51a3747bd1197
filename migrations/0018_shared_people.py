# Written by hand on 2026-12-07; checked with playhouse.schema_diff.
"""A person shared by offices (issue 18 items 4, 5): `applicant_note` holds each other
office's own note about a person one office registered (the registering office keeps
`applicant.notes`); `person_lookup` records every reveal of another office's person (who,
address, when, which office's person, the NIK as a keyed hash), which the look-up limits
count."""

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

    class ApplicantNote(Model):
        applicant = ForeignKeyField(Applicant, on_delete="CASCADE")
        office = ForeignKeyField(Office, on_delete="CASCADE")
        text = TextField(default="")
        updated_at = DateTimeField()
        updated_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

        class Meta:
            database = db
            table_name = "applicant_note"
            indexes = ((("applicant", "office"), True),)

    class PersonLookup(Model):
        at = DateTimeField()
        user = ForeignKeyField(User, null=True, on_delete="SET NULL")
        address = CharField(max_length=45, default="")
        office = ForeignKeyField(Office, on_delete="CASCADE")
        holder = ForeignKeyField(Office, null=True, on_delete="SET NULL", backref="revealed")
        nik_hash = CharField(max_length=64)
        path = CharField(max_length=20)

        class Meta:
            database = db
            table_name = "person_lookup"
            indexes = ((("user", "at"), False), (("address", "at"), False))

    return [ApplicantNote, PersonLookup]


def up(migrator, db):
    db.create_tables(_tables(db))


def down(migrator, db):
    db.drop_tables(_tables(db))
