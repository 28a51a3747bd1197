"""The queue (antrean) every piece of background work goes through: one Huey instance whose
storage comes from the configuration.

- `LOKET_QUEUE_URL=redis://host:6379/0`: Redis.
- `LOKET_QUEUE_URL=postgresql://…`, or no setting with a PostgreSQL `DATABASE_URL`: the
  `huey_*` tables of that database (migration 0015), woken by LISTEN/NOTIFY.
- `LOKET_QUEUE_URL=sqlite:///path`, or no setting with an SQLite `DATABASE_URL`: an SQLite
  file beside the database (`instance/loket.queue.sqlite3` by default).

Tests run tasks at once, inside the call that enqueues them (`LOKET_QUEUE_IMMEDIATE`, on by
default under `TESTING`), or through real consumer processes where that is what they test.
"""

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from huey import Huey
from huey.serializer import SignedSerializer
from huey.storage import MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage

from backoffice.paths import private_file

QUEUE_NAME = "loket"
# peewee's URL options that libpq does not know (db.py's pooled URL).
PEEWEE_OPTIONS = {"max_connections", "stale_timeout", "timeout"}

huey = Huey(QUEUE_NAME, results=False, utc=True, storage_class=MemoryStorage)
_bound = {}  # the Flask app tasks run in: set once per process by `init_app`


def storage_settings(queue_url: str, database_url: str) -> tuple[type, dict]:
    """(Huey storage class, its arguments) for `queue_url`, else derived from `database_url`.
    Raise ValueError for a URL of another kind."""
    url = queue_url.strip() or database_url
    scheme = urlsplit(url).scheme.split("+")[0]
    if scheme in ("redis", "rediss"):
        return RedisStorage, {"url": url}
    if scheme in ("postgresql", "postgres"):
        return PostgresStorage, {"dsn": libpq_url(url), "create_tables": False}
    if scheme == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        if not queue_url.strip():  # beside the database: loket.sqlite3 -> loket.queue.sqlite3
            path = path.with_name(f"{path.stem}.queue{path.suffix or '.sqlite3'}")
        return SqliteStorage, {"filename": str(path)}
    raise ValueError(f"LOKET_QUEUE_URL tidak dikenal: {url!r} (redis://, postgresql://, sqlite:///)")


def libpq_url(url: str) -> str:
    """A peewee PostgreSQL URL as libpq takes it: no `+pool`, no peewee-only options."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in PEEWEE_OPTIONS]
    return urlunsplit(("postgresql", parts.netloc, parts.path, urlencode(query), ""))


def configure(
    queue_url: str, database_url: str, immediate: bool = False, secret: str | None = None
) -> None:
    """Point the queue at its storage (or run every task at once when `immediate`). With
    `secret` (the installation's SECRET_KEY, the same on every machine) messages are signed:
    a message written into the queue by anyone without it is refused, never unpickled."""
    if secret:
        huey.serializer = SignedSerializer(secret=secret, salt="loket-queue")
    huey.storage_class, huey.storage_kwargs = storage_settings(queue_url, database_url)
    queue_file = Path(huey.storage_kwargs.get("filename", ""))
    if not immediate and huey.storage_class is SqliteStorage and queue_file.parent.is_dir():
        private_file(queue_file)  # the queue's messages name jobs: the owner's alone, like the db
    huey._immediate = immediate
    close()
    huey.storage = huey.create_storage()


def close() -> None:
    """Close the queue storage's connections of this process (a PostgreSQL queue keeps one
    per thread that used it)."""
    closing = getattr(huey.storage, "close", None)
    if closing is not None:
        closing()


def init_app(app) -> None:
    """Configure the queue from `app`'s settings and run tasks inside `app`."""
    config = app.config
    immediate = config.get("LOKET_QUEUE_IMMEDIATE", app.testing)
    configure(config.get("LOKET_QUEUE_URL", ""), config["DATABASE_URL"], immediate,
              secret=config["SECRET_KEY"])  # fmt: skip
    _bound["app"] = app


def is_bound() -> bool:
    return "app" in _bound


def bound_app():
    """The Flask app tasks of this process run in (the worker's, or the web's at once)."""
    return _bound["app"]


def pending_job_ids() -> set[int]:
    """The ids of the jobs whose message waits in the queue."""
    found = set()
    for task in huey.pending():
        if task.name.endswith("run_job") and task.args:
            found.add(int(task.args[0]))
    return found
