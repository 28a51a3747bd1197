"""The database: one peewee DatabaseProxy, bound from a URL, connected per request.

SQLite gets its pragmas on every connection (foreign keys are off by default there); the
PostgreSQL URL is passed to peewee's `db_url` as it is.
"""

import json
from pathlib import Path

from peewee import SQL, DatabaseProxy, SqliteDatabase, Value, fn
from playhouse.db_url import connect

from backoffice.paths import private_file

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    "busy_timeout": 10000,
    "synchronous": "normal",
}


# PostgreSQL compiles a query to machine code (JIT) once its estimated cost is high: a deep
# page of a million applicants paid 1.0 s of compiling for its 0.4 s of work (issue 12). The
# back-office's queries are short; JIT is off for its own connections only.
POSTGRES_OPTIONS = {"options": "-c jit=off"}
# A pooled URL's thread waits this long for a free connection rather than failing at once
# (peewee's pool raises MaxConnectionsExceeded without a `timeout`): `loket serve` runs 64
# threads a process over a pool of a few connections, each held only while a request runs.
POOL_WAIT_SECONDS = 10


def open_database(url: str):
    """Bind the proxy to the database at `url` and return it (not yet connected)."""
    options = {"pragmas": SQLITE_PRAGMAS} if url.startswith("sqlite") else dict(POSTGRES_OPTIONS)
    if url.startswith("sqlite"):
        private_sqlite_file(url)
    if "+pool" in url.split("://", 1)[0] and "timeout=" not in url:
        options["timeout"] = POOL_WAIT_SECONDS
    db = connect(url, **options)
    database.initialize(db)
    return db


def private_sqlite_file(url: str) -> None:
    """Make the SQLite file of `url` the owner's alone (0600) before SQLite opens it: it
    holds every applicant's NIK. `:memory:` has no file."""
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    if path and path != ":memory:" and not url.startswith("sqlite://:"):
        private_file(Path(path))


def is_sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)


def among(field, values: list):
    """`field` IN `values` as one bound parameter, however many values (a JSON array read by
    json_each on SQLite, an array with = ANY on PostgreSQL): peewee builds a node per value of
    an IN list, which costs more than the lookup for thousands of ids."""
    if is_sqlite():
        return field.in_(SQL("(SELECT value FROM json_each(?))", (json.dumps(values),)))
    return field == fn.ANY(Value(values, unpack=False))


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


# SQLite's extended result names (sqlite3 exceptions carry them since Python 3.11) and
# PostgreSQL's SQLSTATE codes, by what they mean for the user.
_SQLITE_KINDS = {
    "SQLITE_CONSTRAINT_UNIQUE": "unique",
    "SQLITE_CONSTRAINT_PRIMARYKEY": "unique",
    "SQLITE_CONSTRAINT_NOTNULL": "not_null",
    "SQLITE_CONSTRAINT_FOREIGNKEY": "foreign_key",
    "SQLITE_CONSTRAINT_CHECK": "check",
    "SQLITE_BUSY": "busy",
    "SQLITE_BUSY_SNAPSHOT": "busy",
    "SQLITE_LOCKED": "busy",
}
_POSTGRES_KINDS = {
    "23505": "unique",
    "23502": "not_null",
    "23503": "foreign_key",
    "23514": "check",
    "40001": "busy",  # serialization failure
    "40P01": "busy",  # deadlock detected
    "55P03": "busy",  # lock not available
    "22001": "too_long",
    "22P02": "bad_value",
    "22003": "bad_value",
    "22008": "bad_value",
}


def error_kind(exc: BaseException) -> str | None:
    """What went wrong in a database error, read from the driver's codes (never its English
    message): "unique", "not_null", "foreign_key", "check", "busy", "too_long",
    "bad_value", or None when unknown. Accepts peewee's wrapper or the driver's exception."""
    for error in (exc, *getattr(exc, "args", ())[:1], exc.__cause__, exc.__context__):
        if not isinstance(error, BaseException):
            continue
        name = getattr(error, "sqlite_errorname", None)
        if name in _SQLITE_KINDS:
            return _SQLITE_KINDS[name]
        code = getattr(error, "pgcode", None)
        if code in _POSTGRES_KINDS:
            return _POSTGRES_KINDS[code]
    return None
