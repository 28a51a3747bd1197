# Written by hand on 2026-11-29; checked with playhouse.schema_diff.
"""The funding source a new application of a service starts with (sumber dana bawaan): a
service registered at the district's expense (Pendaftaran baru dibiayai Pemkab) is APBD."""
from peewee import *  # noqa: F403 (the runner's own file template)


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('service', 'default_funding', CharField(max_length=4, default='')),
    )
    db.execute_sql(
        "UPDATE service SET default_funding = 'APBD' WHERE kind = 'pemkab_registration'")


def down(migrator, db):
    migrator.migrate(migrator.drop_column('service', 'default_funding'))
