"""Settings from the environment, with safe defaults (12-factor).

`DATABASE_URL` selects the database (default: an SQLite file under `instance/`);
`SECRET_KEY` signs sessions and CSRF tokens (default: a random key generated once and kept in
`instance/secret_key`, never a constant in the code); `LOKET_SITE_DIR` is where the public site
is published; `LOKET_TIMEZONE` is the zone used where no office is known.
"""

import os
import secrets
from pathlib import Path

from backoffice.paths import INSTANCE_DIR


def instance_dir() -> Path:
    path = Path(os.environ.get("LOKET_INSTANCE_DIR", INSTANCE_DIR))
    path.mkdir(parents=True, exist_ok=True)
    return path


DEMO_MARK = "demo-mode"


def demo_mode() -> bool:
    """Whether the installation runs in demo mode: `LOKET_DEMO_MODE` (1/0) when set, else
    whether `loket demo` has marked the instance folder (its file `demo-mode`)."""
    setting = os.environ.get("LOKET_DEMO_MODE", "").strip().lower()
    if setting:
        return setting in ("1", "true", "ya", "yes")
    return (instance_dir() / DEMO_MARK).exists()


def mark_demo_mode() -> None:
    (instance_dir() / DEMO_MARK).write_text(
        "Dibuat oleh `loket demo`: angka kuota dan survei di situs publik adalah data contoh.\n"
    )


def default_database_url() -> str:
    return f"sqlite:///{instance_dir() / 'loket.sqlite3'}"


def secret_key() -> str:
    """The environment's SECRET_KEY, else one generated on first use and kept on disk."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = instance_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment() -> dict:
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or default_database_url(),
        "SECRET_KEY": secret_key(),
        "LOKET_SITE_DIR": os.environ.get("LOKET_SITE_DIR") or str(instance_dir() / "site"),
        "LOKET_TIMEZONE": os.environ.get("LOKET_TIMEZONE", "Asia/Jakarta"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "FLASK_ADMIN_SWATCH": "default",
        "BABEL_DEFAULT_LOCALE": "id",
    }
