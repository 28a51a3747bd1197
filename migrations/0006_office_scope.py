# Written by hand on 2026-11-29; checked with playhouse.schema_diff.
"""Office scope: the office that registered an applicant, and the office, client address and
wider action codes of audit entries. Existing rows are attributed where the data says so."""
from peewee import *  # noqa: F403 (the runner's own file template)


def up(migrator, db):
    class Office(Model):
        class Meta:
            database = db
            table_name = 'office'

    migrator.migrate(
        migrator.add_column('applicant', 'office_id', ForeignKeyField(
            Office, null=True, field=Office.id, on_delete='RESTRICT')),
        migrator.add_column('audit_entry', 'office_id', ForeignKeyField(
            Office, null=True, field=Office.id, on_delete='SET NULL')),
        migrator.add_column('audit_entry', 'ip', CharField(max_length=45, default='')),
        migrator.alter_column_type('audit_entry', 'action', CharField(max_length=20)),
    )
    # An applicant belongs to the office of their first application, else to the office
    # whose regency holds their village; audit entries to their author's office.
    db.execute_sql(
        "UPDATE applicant SET office_id = (SELECT ss.office_id FROM application a"
        " JOIN service s ON a.service_id = s.id"
        " JOIN service_standard ss ON s.standard_id = ss.id"
        " WHERE a.applicant_id = applicant.id ORDER BY a.id LIMIT 1)"
        " WHERE office_id IS NULL")
    db.execute_sql(
        "UPDATE applicant SET office_id = (SELECT o.id FROM office o"
        f" WHERE applicant.village_id LIKE o.regency_id || {db.param} ORDER BY o.id LIMIT 1)"
        " WHERE office_id IS NULL", ('.%',))
    db.execute_sql(
        "UPDATE audit_entry SET office_id = (SELECT office_id FROM account"
        " WHERE account.id = audit_entry.user_id) WHERE office_id IS NULL")


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('applicant', 'applicant_office_id'),
        migrator.drop_index('audit_entry', 'audit_entry_office_id'),
        migrator.drop_column('applicant', 'office_id'),
        migrator.drop_column('audit_entry', 'office_id'),
        migrator.drop_column('audit_entry', 'ip'),
        migrator.alter_column_type('audit_entry', 'action', CharField(max_length=10)),
    )
