# Written by hand on 2026-11-29; checked with playhouse.schema_diff.
"""A deep page of the applicant list (issue 12): an index on (name, office_id) lets the page's
ids be read from the index alone (a million rows in name order, the office checked without
reading the rows), then only the page's 50 rows are read."""
from peewee import *  # noqa: F403 (the runner's own file template)


def up(migrator, db):
    db.execute_sql('CREATE INDEX "applicant_name_office_id" ON "applicant" ("name", "office_id")')


def down(migrator, db):
    db.execute_sql('DROP INDEX "applicant_name_office_id"')
