"""Files that hold personal data or secrets are the owner's alone whatever the umask (issue
18, UU 27/2022): the instance folder, the SQLite database with its WAL, the queue's SQLite
file, the secret key. Checked under the permissive umask 022 of a default server account."""

import os
import stat

import pytest

from backoffice import config
from backoffice.db import database, open_database
from backoffice.tasks import queue


@pytest.fixture
def permissive_umask():
    """Umask 022 meanwhile; the database proxy and the queue bound back as they were."""
    old, bound = os.umask(0o022), database.obj
    yield
    os.umask(old)
    database.initialize(bound)
    queue.configure("", "sqlite:///unused", immediate=True)  # as tests/conftest.py has it


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_database_queue_and_secret_key_are_created_private(
    tmp_path, monkeypatch, permissive_umask
):
    instance = tmp_path / "instance"
    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(instance))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert mode(config.instance_dir()) == 0o700
    config.secret_key()
    url = f"sqlite:///{instance / 'loket.sqlite3'}"
    db = open_database(url)
    db.connect()
    db.execute_sql("CREATE TABLE applicant (nik TEXT)")
    db.execute_sql("INSERT INTO applicant VALUES ('5107016310650001')")
    queue.configure("", url)
    try:
        assert {p.name: mode(p) for p in instance.iterdir()} == {
            "secret_key": 0o600,
            "loket.sqlite3": 0o600,
            "loket.sqlite3-wal": 0o600,  # SQLite gives it the database's mode
            "loket.sqlite3-shm": 0o600,
            "loket.queue.sqlite3": 0o600,
        }
    finally:
        db.close()


def test_an_older_installations_files_are_made_private(tmp_path, monkeypatch, permissive_umask):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    (instance / "secret_key").write_text("kunci-lama")
    (instance / "secret_key").chmod(0o644)
    (instance / "loket.sqlite3").touch(mode=0o644)
    monkeypatch.setenv("LOKET_INSTANCE_DIR", str(instance))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert config.secret_key() == "kunci-lama"
    open_database(f"sqlite:///{instance / 'loket.sqlite3'}")
    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600 and mode(instance / "loket.sqlite3") == 0o600


def test_making_the_database_private_keeps_the_processs_sqlite_locks(tmp_path):
    """A process with the database open that binds it again (a second `create_app`) keeps
    its SQLite locks: closing any descriptor of the file drops every POSIX lock the process
    holds on it, and another process closing its own connection then takes itself for the
    last one and checkpoints and deletes the WAL under the first (the queue's kill tests met
    "database is locked" and a broken full-text index so)."""
    import sqlite3
    import subprocess
    import sys

    path = tmp_path / "loket.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=wal")
    holder.execute("CREATE TABLE t (x)")
    holder.execute("INSERT INTO t VALUES (1)")
    wal = tmp_path / "loket.sqlite3-wal"
    assert wal.exists()
    bound = database.obj
    try:
        open_database(f"sqlite:///{path}")  # the second binding, the database open
    finally:
        database.initialize(bound)
    subprocess.run(
        [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
         " c.execute('SELECT count(*) FROM t').fetchone(); c.close()", str(path)],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    still = wal.exists()
    holder.close()
    assert still, "another process took the open database for closed and removed its WAL"
