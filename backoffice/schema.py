"""Schema migrations with peewee's own runner (`playhouse.migrations`).

The numbered files in `migrations/` are the only way the schema changes; `upgrade` applies the
pending ones in order, each in its own transaction.
"""

from playhouse.migrations import Runner

from backoffice.db import database
from backoffice.paths import MIGRATIONS_DIR


def runner() -> Runner:
    return Runner(database.obj, str(MIGRATIONS_DIR))


def upgrade(target: str | None = None) -> list[str]:
    """Apply pending migrations (through `target` if given); return their names."""
    return runner().up(target)


def pending() -> list[str]:
    return [m.name for m in runner().status() if not m.applied]
