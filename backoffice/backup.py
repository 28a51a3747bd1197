"""Backups (cadangan): the database and the instance folder's other state in one sealed archive.

`make_backup` writes a sealed .tar.gz holding `database.sqlite3` (SQLite's online backup API: a
consistent copy while the back-office keeps serving) or `database.pgdump` (`pg_dump -Fc`),
plus `instance/` (the secret key, the jobs folder of imports and exports, anything else kept
there), `site/` (the published site builds, LOKET_SITE_DIR) and `content/` (LOKET_CONTENT_DIR:
FAQ, maklumat and pages). `restore_backup` puts each back; the database must be empty or
`replace=True` given. Archives are written readable by their owner only (0600): they hold
the secret key and personal data.

Sealed (UU 27/2022 Art. 35-39: personal data kept confidential and whole): the archive is
encrypted and authenticated with `LOKET_BACKUP_KEY`, a key kept outside the instance folder
(the archive carries the instance folder), by the `cryptography` library's primitives in the
encrypt-then-MAC composition: AES-256-CTR, then HMAC-SHA256 over the header and the whole
ciphertext, both keys derived by HKDF-SHA256 from the key and a random salt. A restore checks
the tag over the whole file before it decrypts or writes anything: one changed byte, a wrong
key or an archive made by anyone else is refused. What it then writes is bounded
(`RESTORE_MAX_RATIO` of the archive's size, `LOKET_RESTORE_MAX_MB`), and every file of the
instance and content folders comes back the owner's alone (0600, folders 0700).
"""

import hashlib
import hmac
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from playhouse.db_url import parse

from backoffice.config import instance_dir
from backoffice.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE
from backoffice.publish.content import content_dir

SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"
MAGIC = b"LOKET-CADANGAN-1"  # 16 bytes: the format of a sealed archive
SALT_BYTES, IV_BYTES, TAG_BYTES = 16, 16, 32
HEADER_BYTES = len(MAGIC) + SALT_BYTES + IV_BYTES
CHUNK = 1 << 20
MIN_KEY_CHARS = 32
# What a restore may write: a real archive (pg_dump's own compression inside gzip, a SQLite
# file, HTML pages) unpacks to well under 20x its size; an archive unpacking to more than this
# is refused before it fills the disk (an attacker's 4.7 MB wrote 1 GiB: 218x).
RESTORE_MAX_RATIO = 100
RESTORE_MAX_MB = 20_480
NO_KEY = ("LOKET_BACKUP_KEY belum diatur (minimal 32 karakter). Buat dengan `loket backup-key` "
          "dan simpan di luar folder instance, mis. di pengelola rahasia server; tanpa kunci "
          "yang sama cadangan tidak dapat dipulihkan.")  # fmt: skip
NOT_GENUINE = ("Cadangan ditolak: tidak lolos pemeriksaan keaslian (kunci LOKET_BACKUP_KEY lain, "
               "atau berkasnya diubah atau terpotong); tidak ada yang dipulihkan.")  # fmt: skip


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; the message is Indonesian, for the CLI."""


def folders(site_dir: str) -> dict[str, Path]:
    """The archive's folders and where they live on this machine."""
    return {"instance": instance_dir(), "site": Path(site_dir), "content": content_dir()}


def backup_key() -> str:
    """`LOKET_BACKUP_KEY` from the environment; BackupError (NO_KEY) when missing or short."""
    key = os.environ.get("LOKET_BACKUP_KEY", "").strip()
    if len(key) < MIN_KEY_CHARS:
        raise BackupError(NO_KEY)
    return key


def new_key() -> str:
    """A fresh random backup key (43 characters, 256 bits)."""
    return secrets.token_urlsafe(32)


def make_backup(database_url: str, site_dir: str, target: Path, key: str | None = None) -> Path:
    """Write the sealed archive to `target` (mode 0600) with `key` (default `backup_key()`);
    raise BackupError when there is no key or the dump fails."""
    key = key or backup_key()
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        dump_database(database_url, work_dir / "db")
        plain = work_dir / "archive.tar.gz"
        with tarfile.open(plain, mode="w:gz") as archive:
            for path in (work_dir / "db").iterdir():
                archive.add(path, arcname=path.name)
            for name, folder in folders(site_dir).items():
                if folder.is_dir():
                    archive.add(folder, arcname=name, filter=_skip_live_database)
        seal(plain, target, key)
    return target


def _keys(key: str, salt: bytes) -> tuple[bytes, bytes]:
    derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=salt,
                   info=b"loket backup v1").derive(key.encode())  # fmt: skip
    return derived[:32], derived[32:]


def seal(plain: Path, target: Path, key: str) -> None:
    """Encrypt and authenticate the file `plain` into `target` (0600), streamed in CHUNKs:
    MAGIC, salt, IV, AES-256-CTR ciphertext, HMAC-SHA256 tag over all before it."""
    salt, iv = os.urandom(SALT_BYTES), os.urandom(IV_BYTES)
    enc_key, mac_key = _keys(key, salt)
    encryptor = Cipher(algorithms.AES(enc_key), modes.CTR(iv)).encryptor()
    tag = hmac.new(mac_key, digestmod=hashlib.sha256)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    os.fchmod(descriptor, PRIVATE_FILE_MODE)  # an existing file keeps its mode otherwise
    with os.fdopen(descriptor, "wb") as out, plain.open("rb") as source:
        header = MAGIC + salt + iv
        out.write(header)
        tag.update(header)
        while chunk := source.read(CHUNK):
            sealed = encryptor.update(chunk)
            tag.update(sealed)
            out.write(sealed)
        out.write(encryptor.finalize())
        out.write(tag.digest())


def unseal(sealed: Path, target: Path, key: str) -> None:
    """Check `sealed`'s tag over the whole file, then decrypt it into `target`; BackupError
    (NOT_GENUINE) before anything is written when the check fails."""
    size = sealed.stat().st_size
    with sealed.open("rb") as source:
        header = source.read(HEADER_BYTES)
        if size < HEADER_BYTES + TAG_BYTES or not header.startswith(MAGIC):
            raise BackupError("Berkas ini bukan cadangan tersegel Loket JKN; tidak ada yang "
                              "dipulihkan.")  # fmt: skip
        salt = header[len(MAGIC):len(MAGIC) + SALT_BYTES]
        iv = header[len(MAGIC) + SALT_BYTES:]
        enc_key, mac_key = _keys(key, salt)
        body = size - HEADER_BYTES - TAG_BYTES
        tag = hmac.new(mac_key, header, hashlib.sha256)
        for chunk in _chunks(source, body):
            tag.update(chunk)
        if not hmac.compare_digest(tag.digest(), source.read(TAG_BYTES)):
            raise BackupError(NOT_GENUINE)
        source.seek(HEADER_BYTES)
        decryptor = Cipher(algorithms.AES(enc_key), modes.CTR(iv)).decryptor()
        with target.open("wb") as out:
            for chunk in _chunks(source, body):
                out.write(decryptor.update(chunk))
            out.write(decryptor.finalize())


def _chunks(source, length: int):
    while length > 0:
        chunk = source.read(min(CHUNK, length))
        if not chunk:
            raise BackupError(NOT_GENUINE)
        length -= len(chunk)
        yield chunk


def _skip_live_database(member: tarfile.TarInfo):
    # The SQLite file itself is copied through the backup API, never mid-write.
    return None if ".sqlite3" in Path(member.name).name else member


def dump_database(url: str, work_dir: Path) -> None:
    work_dir.mkdir(exist_ok=True)
    if url.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(work_dir / SQLITE_NAME)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
    else:
        _run(["pg_dump", "-Fc", "-f", str(work_dir / PG_NAME), "--no-owner", _pg_dsn(url)], url)


def restore_backup(
    archive_path: Path, database_url: str, site_dir: str, replace=False, key: str | None = None
) -> None:
    """Put the sealed archive's database and folders back. Raise BackupError (Indonesian)
    for an archive that fails the seal's check (`unseal`: another key, a changed byte), one
    that would unpack to more than `restore_limit`, one with paths leaving the folder or
    links, a database that is not empty without `replace`, or a failed restore (nothing
    restored then: pg_restore runs in one transaction and stops at the first error)."""
    key = key or backup_key()
    limit = restore_limit(archive_path)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        plain = work_dir / "archive.tar.gz"
        unseal(archive_path, plain, key)
        unpacked = work_dir / "unpacked"
        unpacked.mkdir()
        try:
            with tarfile.open(plain, "r:gz") as archive:
                archive.extractall(unpacked, filter=_bounded_filter(limit))
        except (tarfile.TarError, OSError, EOFError) as exc:
            member = getattr(exc, "tarinfo", None)  # the data filter names what it refused
            where = f" (isi yang ditolak: {member.name})" if member else ""
            raise BackupError(f"Berkas cadangan rusak atau tidak aman{where}; tidak ada yang "
                              "dipulihkan.") from exc  # fmt: skip
        plain.unlink()
        restore_database(unpacked, database_url, replace)
        for name, folder in folders(site_dir).items():
            if (unpacked / name).is_dir():
                shutil.copytree(unpacked / name, folder, dirs_exist_ok=True,
                                ignore=_live_database_files)  # fmt: skip
                if name != "site":  # the published site is served by another account
                    make_private(folder)


def restore_limit(archive_path: Path) -> int:
    """The most bytes a restore of `archive_path` may unpack: RESTORE_MAX_RATIO times its
    size, and never more than `LOKET_RESTORE_MAX_MB` (default RESTORE_MAX_MB)."""
    ceiling = int(os.environ.get("LOKET_RESTORE_MAX_MB") or RESTORE_MAX_MB) << 20
    return min(ceiling, max(archive_path.stat().st_size, 1 << 20) * RESTORE_MAX_RATIO)


def _bounded_filter(limit: int):
    """tarfile's "data" filter, and a running total of the sizes it lets through."""
    total = [0]

    def check(member: tarfile.TarInfo, path: str):
        member = tarfile.data_filter(member, path)
        total[0] += member.size
        if total[0] > limit:
            raise BackupError(
                f"Cadangan ditolak: isinya lebih dari {limit >> 20} MB setelah dibuka "
                f"(batas {RESTORE_MAX_RATIO}x ukuran berkas, LOKET_RESTORE_MAX_MB); tidak ada "
                "yang dipulihkan."
            )
        return member

    return check


def make_private(folder: Path) -> None:
    """Every file under `folder` 0600, every folder 0700 (restored from an archive)."""
    folder.chmod(PRIVATE_DIR_MODE)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), PRIVATE_DIR_MODE)
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, PRIVATE_FILE_MODE)


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
