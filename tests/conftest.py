"""Test fixtures: every database test runs on SQLite and, with TEST_DATABASE_URL, PostgreSQL.

The schema is built once per backend through the real migrations, with the region list of the
seed regencies; after each test every non-region table is emptied. Fixtures return factories
(`make_user`, `make_applicant`, …) rather than fixed records.
"""

import os

import pytest

os.environ.setdefault("LOKET_INSTANCE_DIR", "/tmp/loket-test-instance")

from backoffice import create_app  # noqa: E402
from backoffice.db import database, open_database  # noqa: E402
from backoffice.tasks import queue  # noqa: E402
from tests import factories  # noqa: E402

queue.configure("", "sqlite:///unused", immediate=True)  # tasks run at once unless a test says

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
TEST_REGENCIES = ("51.07", "51.71", "63.71", "33.25", "19.02")
KEEP_TABLES = {"province", "regency", "district", "village", "schema_migration"}


def pytest_configure(config):
    if os.environ.get("CI") and not PG_URL:
        raise pytest.UsageError("CI must test PostgreSQL too: set TEST_DATABASE_URL.")


def reset_postgresql(url: str) -> None:
    db = open_database(url)
    db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    db.close()


def build_schema(url: str):
    from backoffice import dataload, schema

    db = open_database(url)
    with db.connection_context():
        schema.upgrade()
        dataload.load_regions(TEST_REGENCIES)
    return db


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request, tmp_path_factory):
    """(name, url, database) of one backend, migrated and holding the test regions."""
    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("PostgreSQL not tested: TEST_DATABASE_URL is not set")
        reset_postgresql(PG_URL)
        url = PG_URL
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    return request.param, url, build_schema(url)


def empty_tables(db) -> None:
    # The FTS5 index of names (SQLite) follows `applicant` through its triggers.
    tables = [
        t for t in db.get_tables() if t not in KEEP_TABLES and not t.startswith("applicant_fts")
    ]
    if request_is_postgres(db):
        db.execute_sql(
            "TRUNCATE {} RESTART IDENTITY CASCADE".format(", ".join(f'"{t}"' for t in tables))
        )
        return
    db.execute_sql("PRAGMA foreign_keys = OFF")
    for table in tables:
        db.execute_sql(f'DELETE FROM "{table}"')
    db.execute_sql("PRAGMA foreign_keys = ON")


def request_is_postgres(db) -> bool:
    return db.__class__.__name__.startswith("Postgres")


@pytest.fixture
def db(backend):
    """The backend's database, bound to the proxy and connected; emptied after the test."""
    _, _, database_obj = backend
    database.initialize(database_obj)
    database_obj.connect(reuse_if_open=True)
    yield database_obj
    database_obj.connect(reuse_if_open=True)
    empty_tables(database_obj)
    database_obj.close()


@pytest.fixture
def app(backend, db):
    _, url, _ = backend
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "test-secret"})
    database.initialize(db)
    return app


@pytest.fixture
def queued(app):
    """The queue as in production (not run at once): the app enqueues into the backend's
    storage (an SQLite file beside the test database, or PostgreSQL's huey_* tables). Returns
    a function listing the queued job ids. Back to running tasks at once afterwards."""
    queue.configure("", app.config["DATABASE_URL"], immediate=False)
    queue.huey.flush()
    yield lambda: sorted(queue.pending_job_ids())
    queue.huey.flush()
    queue.configure("", app.config["DATABASE_URL"], immediate=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(db):
    return factories.make_user


@pytest.fixture
def make_office(db):
    return factories.make_office


@pytest.fixture
def make_applicant(db):
    return factories.make_applicant


@pytest.fixture
def make_service(db):
    return factories.make_service


@pytest.fixture
def make_application(db):
    return factories.make_application


@pytest.fixture
def make_quota(db):
    return factories.make_quota


@pytest.fixture
def login(client):
    """Log the test client in as a new user of `role`; returns the user."""

    def login_as(role="petugas"):
        user = factories.make_user(role=role)
        factories.post_form(
            client, "/login", {"username": user.username, "password": factories.PASSWORD}
        )
        return user

    return login_as


@pytest.fixture(scope="module")
def demo(backend, tmp_path_factory):
    """`loket demo` loaded once per module into the backend (its own instance folder); its
    logins (username, role, office name, password). Emptied after the module."""
    from backoffice.demo.loader import load_demo

    _, _, db = backend
    database.initialize(db)
    db.connect(reuse_if_open=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOKET_INSTANCE_DIR", str(tmp_path_factory.mktemp("instance")))
        yield load_demo()
        db.connect(reuse_if_open=True)
        empty_tables(db)
        db.close()
