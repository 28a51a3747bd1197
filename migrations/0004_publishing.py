# Written by hand on 2026-11-23; checked with playhouse.schema_diff.
"""The public site's publish history (who published, when, what changed, how it went)."""
from peewee import *  # noqa: F403 (the runner's own file template)

# Timestamp defaults (models.base.utcnow) are applied by the models, not the schema.

def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class PublishRecord(Model):
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        kind = CharField(max_length=12, default='full')
        source = CharField(max_length=4, default='web')
        status = CharField(max_length=8, default='running', index=True)
        started_at = DateTimeField(index=True)
        finished_at = DateTimeField(null=True)
        duration_ms = IntegerField(null=True)
        page_count = IntegerField(default=0)
        written_count = IntegerField(default=0)
        changes = TextField(default='')
        error = TextField(default='')
        build_name = CharField(max_length=40, default='')
        target = CharField(max_length=255, default='')
        class Meta:
            database = db
            table_name = 'publish_record'
    db.create_tables([PublishRecord])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('publish_record'))
