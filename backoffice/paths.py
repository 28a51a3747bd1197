"""Absolute paths of the repository's folders and the package's data.

`site/` cannot be a Python package (it would shadow the standard library's `site`), so the
public site's templates and assets are found through this module instead of an import.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
MIGRATIONS_DIR = REPO_DIR / "migrations"
CONTENT_DIR = REPO_DIR / "content"
SITE_DIR = REPO_DIR / "site"
INSTANCE_DIR = REPO_DIR / "instance"


# Files that hold personal data or secrets (the SQLite database and its queue, the secret
# key, the instance folder) are the owner's alone whatever the umask (UU 27/2022 Art. 35:
# the controller protects personal data from unauthorised access). The published site is
# not among them: a web server under another account serves it.
PRIVATE_DIR_MODE, PRIVATE_FILE_MODE = 0o700, 0o600


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing, and make it the owner's alone (0700)."""
    path.mkdir(parents=True, exist_ok=True)
    _chmod(path, PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create the file `path` empty if missing, and make it the owner's alone (0600), before
    anything is written to it (SQLite gives its -wal and -shm files the database's mode).

    An existing file is never opened here, only chmod-ed: closing any descriptor of a file
    drops every POSIX lock this process holds on it, and SQLite's locks are such locks (a
    second `create_app` in a process with the database open let two writers in at once)."""
    import contextlib
    import os

    # FileExistsError: made meanwhile by another process; it is only tightened then.
    with contextlib.suppress(FileExistsError):
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    _chmod(path, PRIVATE_FILE_MODE)
    return path


def _chmod(path: Path, mode: int) -> None:
    import contextlib

    with contextlib.suppress(PermissionError):  # another account's file: left as it is
        path.chmod(mode)
