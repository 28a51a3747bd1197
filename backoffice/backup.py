"""Backups (cadangan): the database and the instance folder's other state in one archive.

`make_backup` writes a .tar.gz holding `database.sqlite3` (SQLite's online backup API: a
consistent copy while the back-office keeps serving) or `database.pgdump` (`pg_dump -Fc`),
plus `instance/` (the secret key, the jobs folder of imports and exports, anything else kept
there), `site/` (the published site builds, LOKET_SITE_DIR) and `content/` (LOKET_CONTENT_DIR:
FAQ, maklumat and pages). `restore_backup` puts each back; the database must be empty or
`replace=True` given.
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
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        dump_database(database_url, work_dir)
        with tarfile.open(target, "w:gz") as archive:
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
        _run(["pg_dump", "-Fc", "-f", str(work_dir / PG_NAME), "--no-owner", _pg_dsn(url)])


def restore_backup(archive_path: Path, database_url: str, site_dir: str, replace=False) -> None:
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work_dir, filter="data")
        restore_database(work_dir, database_url, replace)
        for name, folder in folders(site_dir).items():
            if (work_dir / name).is_dir():
                shutil.copytree(work_dir / name, folder, dirs_exist_ok=True)


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
    clean = ["--clean", "--if-exists"] if replace else []
    _run(["pg_restore", "--no-owner", *clean, "-d", _pg_dsn(url), str(work_dir / PG_NAME)])


def _has_tables(connection) -> bool:
    with connection:
        found = connection.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
        return found.fetchone()[0] > 0


def _sqlite_path(url: str) -> str:
    return url.split("sqlite:///", 1)[1].split("?", 1)[0]


def _pg_dsn(url: str) -> str:
    params = parse(url)
    parts = {"dbname": params.get("database"), "user": params.get("user"),
             "host": params.get("host"), "port": params.get("port")}  # fmt: skip
    return " ".join(f"{k}={v}" for k, v in parts.items() if v)


def _run(command: list[str]) -> None:
    env = os.environ.copy()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {done.stderr.strip()[-500:]}")
