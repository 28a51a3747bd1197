"""While a long write (an import's one transaction) holds SQLite's write lock, another
office's login or save waits its busy timeout and then gets an Indonesian 503 with a retry
hint, never a 500 (attacker's finding: logins answered 500 during a 60,000-row import).
SQLite only: PostgreSQL's writers lock rows, not the database, so a login is not held up."""

import sqlite3

from backoffice import create_app
from backoffice.db import SQLITE_PRAGMAS, database
from tests import factories
from tests.conftest import build_schema


def test_a_login_during_a_long_import_is_told_to_retry(tmp_path, monkeypatch):
    monkeypatch.setitem(SQLITE_PRAGMAS, "busy_timeout", 200)  # the test waits 0.2 s, not 10
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    db = build_schema(url)
    with db.connection_context():
        office = factories.make_office(slug="bali")
        user = factories.make_user(role="supervisor", office=office)
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "t"})
    importer = sqlite3.connect(tmp_path / "busy.sqlite3", isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")  # the import's transaction, still writing
    try:
        form = {"username": user.username, "password": factories.PASSWORD}
        response = factories.post_form(app.test_client(), "/login", form)
    finally:
        importer.execute("ROLLBACK")
        importer.close()
        database.initialize(None)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "sedang sibuk" in page and "coba lagi" in page
