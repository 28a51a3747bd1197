"""`loket backup` and `loket restore`: a backup restored into an empty database holds every
table as it was, and the instance folder's secret key, site builds and content come back."""

import pytest

from backoffice import create_app
from backoffice.db import database
from tests import factories
from tests.import_files import good_rows, to_csv

EMPTY_PG = "test_scale_restore"


def table_rows(db):
    # The FTS5 name index (SQLite) is rebuilt from `applicant`; its shadow tables are pages.
    tables = sorted(t for t in db.get_tables() if not t.startswith("applicant_fts"))
    return {t: sorted(map(repr, db.execute_sql(f'SELECT * FROM "{t}"').fetchall()))
            for t in tables}  # fmt: skip


@pytest.fixture
def empty_url(backend, tmp_path):
    name, url, main = backend
    if name == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    main.execute_sql(f"DROP DATABASE IF EXISTS {EMPTY_PG}")
    main.execute_sql(f"CREATE DATABASE {EMPTY_PG}")
    return url.rsplit("/", 1)[0] + f"/{EMPTY_PG}"


def open_url(url):
    from playhouse.db_url import connect

    return connect(url)


def test_a_backup_restored_into_an_empty_database_holds_every_table(
    app, db, empty_url, tmp_path, monkeypatch
):
    office = factories.make_office(slug="karangasem")
    factories.make_user(role="supervisor", office=office)
    factories.make_application(factories.make_applicant(office=office))
    (tmp_path / "a.csv").write_bytes(to_csv(good_rows(50)))
    app.test_cli_runner().invoke(
        args=["import", "applicants", str(tmp_path / "a.csv"), "--office", "karangasem"]
    )
    site = tmp_path / "site"
    (site / "builds").mkdir(parents=True)
    (site / "builds" / "index.html").write_text("<h1>Loket</h1>")
    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(tmp_path / "instance"))
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "secret_key").write_text("kunci-lama")
    app.config["LOKET_SITE_DIR"] = str(site)
    before = table_rows(db)

    archive = tmp_path / "cadangan.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output

    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(tmp_path / "new-instance"))
    monkeypatch.setenv("LOKET_CONTENT_DIR", str(tmp_path / "new-content"))
    fresh = create_app({"DATABASE_URL": empty_url, "TESTING": True, "SECRET_KEY": "x",
                        "LOKET_SITE_DIR": str(tmp_path / "new-site")})  # fmt: skip
    try:
        result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
        assert result.exit_code == 0, result.output
        restored = open_url(empty_url)
        assert table_rows(restored) == before
        restored.close()
    finally:
        database.initialize(db)
    assert (tmp_path / "new-instance" / "secret_key").read_text() == "kunci-lama"
    assert (tmp_path / "new-site" / "builds" / "index.html").read_text() == "<h1>Loket</h1>"
    assert (tmp_path / "new-content" / "faq" / "karangasem.md").exists()


def test_restore_refuses_a_database_that_is_not_empty(app, db, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    app.test_cli_runner().invoke(args=["backup", str(archive)])
    result = app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 1
    assert "tidak kosong" in result.output or "pg_restore gagal" in result.output
