# Written by hand on 2026-11-24; checked with playhouse.schema_diff.
"""Sessions that end on the server (a token per account) and the login throttle's failures."""
import secrets

from peewee import *  # noqa: F403 (the runner's own file template)


def up(migrator, db):
    class LoginFailure(Model):
        key = CharField(max_length=80, index=True)
        at = DateTimeField(index=True)
        class Meta:
            database = db
            table_name = 'login_failure'

    db.create_tables([LoginFailure])
    migrator.migrate(
        migrator.add_column('account', 'session_token', CharField(max_length=32, default='')),
    )
    # Each existing account its own token: sessions issued before this migration (plain ids)
    # no longer load anyway, since the id format changed.
    for (account_id,) in db.execute_sql('SELECT id FROM account').fetchall():
        db.execute_sql(
            f'UPDATE account SET session_token = {db.param} WHERE id = {db.param}',
            (secrets.token_hex(16), account_id),
        )


def down(migrator, db):
    migrator.migrate(migrator.drop_column('account', 'session_token'))
    migrator.migrate(migrator.drop_table('login_failure'))
