"""`loket backup` and `loket restore`: a backup restored into an empty database holds every
table as it was, and the instance folder's secret key, site builds and content come back; an
archive is sealed with LOKET_BACKUP_KEY, and one that fails the seal, or would unpack to far
more than its size, restores nothing."""

import io
import shutil
import sqlite3
import tarfile

import pytest

from backoffice import create_app
from backoffice.backup import NO_KEY, NOT_GENUINE, seal, unseal
from backoffice.db import database
from tests import factories
from tests.import_files import good_rows, to_csv

EMPTY_PG = "test_scale_restore"
KEY = "kunci-cadangan-uji-0123456789-abcdefghij"


@pytest.fixture(autouse=True)
def backup_key(monkeypatch):
    monkeypatch.setenv("LOKET_BACKUP_KEY", KEY)


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

    archive = tmp_path / "cadangan.cadangan"
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
    archive = tmp_path / "cadangan.cadangan"
    app.test_cli_runner().invoke(args=["backup", str(archive)])
    result = app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert result.exit_code == 1
    assert "tidak kosong; pakai --replace" in result.output  # refused before pg_restore runs


def test_a_backup_is_readable_by_its_owner_only(app, db, tmp_path):
    archive = tmp_path / "cadangan.cadangan"
    archive.write_bytes(b"")
    archive.chmod(0o644)  # an older file in its place keeps no wider mode
    assert app.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0
    assert archive.stat().st_mode & 0o777 == 0o600


def tampered(tmp_path, name, data=b"x", link=None):
    """An archive made by someone holding the key (an insider), with a hostile member."""
    plain = tmp_path / "tampered.tar.gz"
    with tarfile.open(plain, "w:gz") as archive:
        member = tarfile.TarInfo(name)
        if link:
            member.type, member.linkname = tarfile.SYMTYPE, link
            archive.addfile(member)
        else:
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    seal(plain, tmp_path / "tampered.cadangan", KEY)
    return tmp_path / "tampered.cadangan"


@pytest.mark.parametrize("name, link", [("../../escaped.txt", None), ("instance/k", "/etc")])
def test_a_tampered_archive_is_refused_in_indonesian(app, db, tmp_path, name, link):
    result = app.test_cli_runner().invoke(
        args=["restore", str(tampered(tmp_path, name, link=link)), "--replace"]
    )
    assert result.exit_code == 1
    assert "Berkas cadangan rusak atau tidak aman" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_a_database_file_inside_the_archives_folders_is_not_restored(tmp_path, monkeypatch):
    from backoffice.backup import restore_backup

    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(tmp_path / "instance"))
    work = tmp_path / "src"
    (work / "instance").mkdir(parents=True)
    (work / "instance" / "loket.sqlite3").write_bytes(b"garbage not a db")
    (work / "instance" / "secret_key").write_text("k")
    live = tmp_path / "instance" / "loket.sqlite3"
    live.parent.mkdir()
    db = sqlite3.connect(live)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    backup_db = work / "database.sqlite3"
    shutil.copy(live, backup_db)
    with tarfile.open(tmp_path / "a.tar.gz", "w:gz") as archive:
        archive.add(backup_db, arcname="database.sqlite3")
        archive.add(work / "instance", arcname="instance")
    seal(tmp_path / "a.tar.gz", tmp_path / "a.cadangan", KEY)
    restore_backup(tmp_path / "a.cadangan", f"sqlite:///{live}", str(tmp_path / "site"), True)
    assert sqlite3.connect(live).execute("SELECT count(*) FROM t").fetchone() == (0,)
    assert (tmp_path / "instance" / "secret_key").read_text() == "k"


def test_a_postgresql_password_reaches_pg_dump_and_is_quoted():
    from backoffice.backup import _pg_dsn

    dsn = _pg_dsn("postgresql+pool://loket:s3cret@db:5433/my db?max_connections=8")
    assert dsn == "dbname='my db' user=loket host=db port=5433"
    assert "s3cret" not in dsn  # given as PGPASSWORD, not on the command line


def test_without_a_backup_key_no_archive_is_written(app, db, tmp_path, monkeypatch):
    monkeypatch.delenv("LOKET_BACKUP_KEY")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "c.cadangan")])
    assert result.exit_code == 1 and NO_KEY in result.output
    assert not (tmp_path / "c.cadangan").exists()


def test_the_archive_reveals_nothing_without_the_key(app, db, tmp_path):
    factories.make_applicant(name="Ni Luh Rahasia")
    archive = tmp_path / "c.cadangan"
    assert app.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0
    sealed = archive.read_bytes()
    assert sealed.startswith(b"LOKET-CADANGAN-1") and b"Rahasia" not in sealed
    with pytest.raises(tarfile.ReadError), tarfile.open(archive, "r:gz") as unreadable:
        unreadable.getmembers()  # not a tar.gz without the key


@pytest.mark.parametrize("change", ["database byte", "secret key", "truncated", "other key"])
def test_a_tampered_or_foreign_archive_restores_nothing(app, db, tmp_path, monkeypatch, change):
    """One changed byte in the database, a changed secret key (the attacker's archive,
    resealed without our key), a cut file, another installation's key: all refused before
    anything is written."""
    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(tmp_path / "instance"))
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "secret_key").write_text("kunci-asli")
    archive = tmp_path / "c.cadangan"
    assert app.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0
    data = bytearray(archive.read_bytes())
    if change == "database byte":
        data[len(data) // 2] ^= 0x01
        archive.write_bytes(bytes(data))
    elif change == "secret key":  # unpacked with the key, changed, sealed with the attacker's
        unseal(archive, tmp_path / "plain.tar.gz", KEY)
        with tarfile.open(tmp_path / "plain.tar.gz") as source:
            source.extractall(tmp_path / "x", filter="data")
        (tmp_path / "x" / "instance" / "secret_key").write_text("kunci-penyerang")
        with tarfile.open(tmp_path / "evil.tar.gz", "w:gz") as evil:
            for path in (tmp_path / "x").iterdir():
                evil.add(path, arcname=path.name)
        seal(tmp_path / "evil.tar.gz", archive, "kunci-penyerang-yang-lain-0123456789abc")
    elif change == "truncated":
        archive.write_bytes(bytes(data[:-100]))
    else:
        monkeypatch.setenv("LOKET_BACKUP_KEY", "kunci-instalasi-lain-0123456789abcdefgh")
    (tmp_path / "instance" / "secret_key").write_text("kunci-sekarang")
    result = app.test_cli_runner().invoke(args=["restore", str(archive), "--replace"])
    assert result.exit_code == 1 and NOT_GENUINE in result.output, result.output
    assert (tmp_path / "instance" / "secret_key").read_text() == "kunci-sekarang"


def test_an_archive_that_would_unpack_to_far_more_than_its_size_is_refused(app, db, tmp_path):
    """An insider's archive (sealed with the key) of 150 MiB of zeros in a few hundred KB:
    refused before the database or any folder is touched."""
    plain = tmp_path / "bomb.tar.gz"
    with tarfile.open(plain, "w:gz", compresslevel=1) as archive:
        member = tarfile.TarInfo("instance/zeros")
        member.size = 150 << 20
        archive.addfile(member, _Zeros(member.size))
    seal(plain, tmp_path / "bomb.cadangan", KEY)
    assert (tmp_path / "bomb.cadangan").stat().st_size < 1 << 20
    result = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "bomb.cadangan"),
                                                "--replace"])  # fmt: skip
    assert result.exit_code == 1 and "lebih dari 100 MB setelah dibuka" in result.output


class _Zeros(io.RawIOBase):
    def __init__(self, size):
        self.left = size

    def read(self, n=-1):
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        return bytes(n)


def test_restored_instance_files_are_the_owners_alone(app, db, tmp_path, monkeypatch):
    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(tmp_path / "instance"))
    (tmp_path / "instance" / "uploads").mkdir(parents=True)
    (tmp_path / "instance" / "uploads" / "nik.csv").write_text("3171...")
    (tmp_path / "instance" / "uploads" / "nik.csv").chmod(0o644)
    archive = tmp_path / "c.cadangan"
    assert app.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0
    shutil.rmtree(tmp_path / "instance")
    result = app.test_cli_runner().invoke(args=["restore", str(archive), "--replace"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "instance" / "uploads" / "nik.csv").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "instance" / "uploads").stat().st_mode & 0o777 == 0o700
