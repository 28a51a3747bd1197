# Generated from a schema diff on 2026-11-23 09:30.
"""The audit trail (who changed what, when)."""
from peewee import *  # noqa: F403 (the runner's own file template)

# Timestamp defaults (models.base.utcnow) are applied by the models, not the schema.

def up(migrator, db):
    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class AuditEntry(Model):
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        at = DateTimeField(index=True)
        action = CharField(max_length=10)
        entity = CharField(max_length=40)
        object_id = CharField(max_length=40, default='')
        summary = TextField(default='')
        class Meta:
            database = db
            table_name = 'audit_entry'
    db.create_tables([AuditEntry])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('audit_entry'))
