"""Settings from the environment, with safe defaults (12-factor).

`DATABASE_URL` selects the database (default: an SQLite file under `instance/`);
`SECRET_KEY` signs sessions and CSRF tokens (default: a random key generated once and kept in
`instance/secret_key`, never a constant in the code); `LOKET_SITE_DIR` is where the public site
is published; `LOKET_TIMEZONE` is the zone used where no office is known.

Cookies are `Secure` when the back-office is served over HTTPS: `LOKET_SECURE_COOKIES` says so
outright, else the scheme of `LOKET_ADMIN_URL` (or, without it, `LOKET_SITE_URL`) decides.
`LOKET_REMEMBER_DAYS` is how long "remember me" lasts, `LOKET_MAX_UPLOAD_MB` the largest request,
`LOKET_PROXY_COUNT` how many reverse proxies in front may be trusted for the client address,
`LOKET_EXPORT_BACKGROUND_ROWS` past how many rows a list export is made in the background.
"""

import datetime
import os
import secrets
from pathlib import Path

from backoffice.domain.exports import BACKGROUND_ROWS
from backoffice.paths import INSTANCE_DIR, private_dir, private_file

# A BPJS batch file of more people is made by a queue worker. 5,000 rows stream in well under
# a second (far from the worker timeout) and most monthly batches are far smaller: one click,
# no worker needed, no copy of the NIKs kept for days.
BATCH_BACKGROUND_ROWS = 5_000


def instance_dir() -> Path:
    """The instance folder (`LOKET_INSTANCE_DIR`, default `instance/`), the owner's alone."""
    return private_dir(Path(os.environ.get("LOKET_INSTANCE_DIR", INSTANCE_DIR)))


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
    if not path.exists() or not path.stat().st_size:
        private_file(path).write_text(secrets.token_hex(32))
    private_file(path)  # an older installation's key: the owner's alone from now on
    return path.read_text().strip()


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on", "ya")


def secure_cookies() -> bool:
    """True when cookies must only travel over HTTPS (see the module docstring)."""
    explicit = os.environ.get("LOKET_SECURE_COOKIES", "")
    if explicit.strip():
        return _flag(explicit)
    url = os.environ.get("LOKET_ADMIN_URL") or os.environ.get("LOKET_SITE_URL") or ""
    return url.strip().lower().startswith("https://")


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else default


def cookie_settings() -> dict:
    secure = secure_cookies()
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_DURATION": datetime.timedelta(days=_int("LOKET_REMEMBER_DAYS", 7)),
    }


def from_environment() -> dict:
    return cookie_settings() | {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or default_database_url(),
        "SECRET_KEY": secret_key(),
        "LOKET_SITE_DIR": os.environ.get("LOKET_SITE_DIR") or str(instance_dir() / "site"),
        "LOKET_TIMEZONE": os.environ.get("LOKET_TIMEZONE", "Asia/Jakarta"),
        "MAX_CONTENT_LENGTH": _int("LOKET_MAX_UPLOAD_MB", 10) * 1024 * 1024,
        "LOKET_PROXY_COUNT": _int("LOKET_PROXY_COUNT", 0),
        "LOKET_TRUSTED_PROXIES": os.environ.get("LOKET_TRUSTED_PROXIES", ""),
        "LOKET_QUEUE_URL": os.environ.get("LOKET_QUEUE_URL", ""),
        "LOKET_EXPORT_BACKGROUND_ROWS": _int("LOKET_EXPORT_BACKGROUND_ROWS", BACKGROUND_ROWS),
        "LOKET_BATCH_BACKGROUND_ROWS": _int("LOKET_BATCH_BACKGROUND_ROWS", BATCH_BACKGROUND_ROWS),
        # A signed-in session (and a copy of its cookie) lasts one working day at most.
        "PERMANENT_SESSION_LIFETIME": datetime.timedelta(hours=_int("LOKET_SESSION_HOURS", 12)),
        "WTF_CSRF_TIME_LIMIT": None,
        "FLASK_ADMIN_SWATCH": "default",
        "BABEL_DEFAULT_LOCALE": "id",
    }
