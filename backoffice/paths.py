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
