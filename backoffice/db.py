"""The database: one peewee DatabaseProxy, bound from a URL, connected per request.

SQLite gets its pragmas on every connection (foreign keys are off by default there); the
PostgreSQL URL is passed to peewee's `db_url` as it is.
"""

from peewee import DatabaseProxy, SqliteDatabase
from playhouse.db_url import connect

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "busy_timeout": 10000,
    "synchronous": "normal",
}


def open_database(url: str):
    """Bind the proxy to the database at `url` and return it (not yet connected)."""
    options = {"pragmas": SQLITE_PRAGMAS} if url.startswith("sqlite") else {}
    db = connect(url, **options)
    database.initialize(db)
    return db


def is_sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)


def write_transaction():
    """A transaction that takes the write lock first.

    SQLite's default deferred BEGIN lets two writers both read, then fail to upgrade their
    lock ("database is locked"); BEGIN IMMEDIATE makes the second wait its turn instead.
    Nested, it is a savepoint of the outer transaction.
    """
    return database.atomic("IMMEDIATE") if is_sqlite() else database.atomic()


def serialize_on(key: int) -> None:
    """Inside a transaction, wait for any other one that serialises on `key` (PostgreSQL
    advisory lock, released at commit); on SQLite the IMMEDIATE lock already serialises."""
    if not is_sqlite():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (key,))


def init_app(app) -> None:
    open_database(app.config["DATABASE_URL"])

    @app.before_request
    def _connect():
        database.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(exc):
        if not database.is_closed():
            database.close()
