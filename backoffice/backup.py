"""Backups (cadangan): the database and the instance folder's other state in one archive.

`make_backup` writes a .tar.gz holding `database.sqlite3` (SQLite's online backup API: a
consistent copy while the back-office keeps serving) or `database.pgdump` (`pg_dump -Fc`),
plus `instance/` (the secret key, the jobs folder of imports and exports, anything else kept
there), `site/` (the published site builds, LOKET_SITE_DIR) and `content/` (LOKET_CONTENT_DIR:
FAQ, maklumat and pages). `restore_backup` puts each back; the database must be empty or
`replace=True` given. Archives are written readable by their owner only (0600): they hold
the secret key and personal data.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from playhouse.db_url import parse

from backoffice.config import instance_dir
from backoffice.publish.content import content_dir

SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; the message is Indonesian, for the CLI."""


def folders(site_dir: str) -> dict[str, Path]:
    """The archive's folders and where they live on this machine."""
    return {"instance": instance_dir(), "site": Path(site_dir), "content": content_dir()}


def make_backup(database_url: str, site_dir: str, target: Path) -> Path:
    """Write the archive to `target` (mode 0600); raise BackupError when the dump fails."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        dump_database(database_url, work_dir)
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # an existing file keeps its mode otherwise
        with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as archive:
            for path in work_dir.iterdir():
                archive.add(path, arcname=path.name)
            for name, folder in folders(site_dir).items():
                if folder.is_dir():
                    archive.add(folder, arcname=name, filter=_skip_live_database)
    return target


def _skip_live_database(member: tarfile.TarInfo):
    # The SQLite file itself is copied through the backup API, never mid-write.
    return None if ".sqlite3" in Path(member.name).name else member


def dump_database(url: str, work_dir: Path) -> None:
    if url.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(work_dir / SQLITE_NAME)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
    else:
        _run(["pg_dump", "-Fc", "-f", str(work_dir / PG_NAME), "--no-owner", _pg_dsn(url)], url)


def restore_backup(archive_path: Path, database_url: str, site_dir: str, replace=False) -> None:
    """Put the archive's database and folders back. Raise BackupError (Indonesian) for an
    archive that is not ours or was tampered with (paths leaving the folder, links), a
    database that is not empty without `replace`, or a failed restore (nothing restored
    then: pg_restore runs in one transaction and stops at the first error)."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(work_dir, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            member = getattr(exc, "tarinfo", None)  # the data filter names what it refused
            where = f" (isi yang ditolak: {member.name})" if member else ""
            raise BackupError(f"Berkas cadangan rusak atau tidak aman{where}; tidak ada yang "
                              "dipulihkan.") from exc  # fmt: skip
        restore_database(work_dir, database_url, replace)
        for name, folder in folders(site_dir).items():
            if (work_dir / name).is_dir():
                shutil.copytree(work_dir / name, folder, dirs_exist_ok=True,
                                ignore=_live_database_files)  # fmt: skip


def _live_database_files(folder: str, names: list[str]) -> list[str]:
    # The database comes back only through restore_database: a .sqlite3 file inside a
    # folder of the archive would overwrite the one just restored.
    return [name for name in names if ".sqlite3" in name]


def restore_database(work_dir: Path, url: str, replace: bool) -> None:
    if url.startswith("sqlite"):
        if not (work_dir / SQLITE_NAME).exists():
            raise BackupError("Cadangan ini bukan dari SQLite (tidak ada database.sqlite3).")
        target = _sqlite_path(url)
        if _has_tables(sqlite3.connect(target)) and not replace:
            raise BackupError(f"Basis data {target} tidak kosong; pakai --replace.")
        source = sqlite3.connect(work_dir / SQLITE_NAME)
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return
    if not (work_dir / PG_NAME).exists():
        raise BackupError("Cadangan ini bukan dari PostgreSQL (tidak ada database.pgdump).")
    if _pg_has_tables(url) and not replace:
        raise BackupError(f"Basis data {parse(url).get('database')} tidak kosong; pakai --replace.")
    clean = ["--clean", "--if-exists"] if replace else []
    _run(["pg_restore", "--no-owner", "--single-transaction", "--exit-on-error", *clean,
          "-d", _pg_dsn(url), str(work_dir / PG_NAME)], url)  # fmt: skip


def _has_tables(connection) -> bool:
    with connection:
        found = connection.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
        return found.fetchone()[0] > 0


def _pg_has_tables(url: str) -> bool:
    import psycopg2

    connection = psycopg2.connect(_pg_dsn(url), password=parse(url).get("password"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM information_schema.tables "
                           "WHERE table_schema = current_schema()")  # fmt: skip
            return cursor.fetchone()[0] > 0
    finally:
        connection.close()


def _sqlite_path(url: str) -> str:
    return url.split("sqlite:///", 1)[1].split("?", 1)[0]


def _pg_dsn(url: str) -> str:
    """libpq's connection string for `url` (quoted by psycopg2; pool parameters dropped).
    The password is not in it: `_run` passes it as PGPASSWORD, out of the process list."""
    from psycopg2.extensions import make_dsn

    params = parse(url)
    parts = {"dbname": params.get("database"), "user": params.get("user"),
             "host": params.get("host"), "port": params.get("port")}  # fmt: skip
    return make_dsn(**{k: v for k, v in parts.items() if v})


def _run(command: list[str], url: str) -> None:
    env = os.environ.copy()
    password = parse(url).get("password")
    if password:
        env["PGPASSWORD"] = str(password)
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {done.stderr.strip()[-500:]}")
