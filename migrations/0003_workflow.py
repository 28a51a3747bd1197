# Written by hand on 2026-11-23; checked with playhouse.schema_diff.
"""The application workflow: transitions, proposal batches, the BPJS cut-off and export template."""
from peewee import *  # noqa: F403 (the runner's own file template)


def up(migrator, db):
    class Office(Model):
        class Meta:
            database = db
            table_name = 'office'

    class User(Model):
        class Meta:
            database = db
            table_name = 'account'

    class Quota(Model):
        class Meta:
            database = db
            table_name = 'quota'

    class Application(Model):
        class Meta:
            database = db
            table_name = 'application'

    class ProposalBatch(Model):
        office = ForeignKeyField(Office, on_delete='RESTRICT')
        number = CharField(max_length=40, unique=True)
        funding_source = CharField(max_length=4)
        period = DateField(index=True)
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, null=True, on_delete='SET NULL')
        size = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'proposal_batch'

    class ApplicationEvent(Model):
        application = ForeignKeyField(Application, on_delete='CASCADE')
        at = DateTimeField(index=True)
        user = ForeignKeyField(User, null=True, on_delete='SET NULL')
        action = CharField(max_length=30)
        from_status = CharField(max_length=12, default='')
        to_status = CharField(max_length=12)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'application_event'

    db.create_tables([ProposalBatch, ApplicationEvent])
    migrator.migrate(
        migrator.add_column('office', 'cutoff_day', IntegerField(default=20)),
        migrator.add_column('office', 'bpjs_export_columns', TextField(default='')),
        migrator.add_column('application', 'queue_number', CharField(max_length=12, default='')),
        migrator.add_column('application', 'due_at', DateTimeField(null=True)),
        migrator.add_index('application', ('due_at',), False),
        migrator.add_column('application', 'missing_documents', TextField(default='')),
        migrator.add_column('application', 'verifier_id', ForeignKeyField(
            User, null=True, field=User.id, on_delete='SET NULL')),
        migrator.add_column('application', 'visit_date', DateField(null=True)),
        migrator.add_column('application', 'visit_findings', TextField(default='')),
        migrator.add_column('application', 'decision_reason', TextField(default='')),
        migrator.add_column('application', 'batch_id', ForeignKeyField(
            ProposalBatch, null=True, field=ProposalBatch.id, on_delete='SET NULL')),
        migrator.add_column('application', 'quota_id', ForeignKeyField(
            Quota, null=True, field=Quota.id, on_delete='RESTRICT')),
        migrator.add_column('application', 'activated_on', DateField(null=True)),
        migrator.add_column('application', 'deactivated_on', DateField(null=True)),
        migrator.add_column('application', 'facility_letter', CharField(max_length=120, default='')),
        migrator.add_column('application', 'arrears_amount', BigIntegerField(null=True)),
        migrator.add_column('application', 'arrears_due', DateField(null=True)),
        migrator.add_column('application', 'letter_number', CharField(max_length=60, default='')),
    )


def down(migrator, db):
    migrator.migrate(
        *[migrator.drop_index('application', f'application_{name}') for name in (
            'due_at', 'verifier_id', 'batch_id', 'quota_id')],
        *[migrator.drop_column('application', name) for name in (
            'queue_number', 'due_at', 'missing_documents', 'verifier_id', 'visit_date',
            'visit_findings', 'decision_reason', 'batch_id', 'quota_id', 'activated_on',
            'deactivated_on', 'facility_letter', 'arrears_amount', 'arrears_due',
            'letter_number')],
        migrator.drop_column('office', 'cutoff_day'),
        migrator.drop_column('office', 'bpjs_export_columns'),
    )
    migrator.migrate(migrator.drop_table('application_event'), migrator.drop_table('proposal_batch'))
