# Written by hand on 2026-12-03; checked with playhouse.schema_diff.
"""The offices a publish left out, one line each with the reason (riwayat terbit): an office
whose stored data the site cannot be built from no longer stops every office's publish."""
from peewee import *  # noqa: F403 (the runner's own file template)


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('publish_record', 'skipped', TextField(default='')),
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column('publish_record', 'skipped'))
