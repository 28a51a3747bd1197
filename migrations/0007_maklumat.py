# Written by hand on 2026-11-29; checked with playhouse.schema_diff.
"""Maklumat pelayanan as a record the office enters; the process behind each publish."""
from peewee import *  # noqa: F403 (the runner's own file template)


def up(migrator, db):
    class Office(Model):
        class Meta:
            database = db
            table_name = 'office'

    class Maklumat(Model):
        office = ForeignKeyField(Office, on_delete='CASCADE')
        text = TextField()
        signed_place = CharField(max_length=100)
        signed_date = DateField()
        signatory_name = CharField(max_length=120)
        signatory_rank = CharField(max_length=120, default='')
        signatory_nip = CharField(max_length=18, default='')
        status = CharField(max_length=10, default='draft', index=True)
        is_example = BooleanField(default=False)
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'maklumat'
    db.create_tables([Maklumat])
    migrator.migrate(
        migrator.add_column('publish_record', 'host', CharField(max_length=255, default='')),
        migrator.add_column('publish_record', 'pid', IntegerField(null=True)),
        migrator.add_column(
            'publish_record', 'process_started', CharField(max_length=40, default='')
        ),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('publish_record', 'process_started'),
        migrator.drop_column('publish_record', 'pid'),
        migrator.drop_column('publish_record', 'host'),
    )
    migrator.migrate(migrator.drop_table('maklumat'))
