"""Loading the shipped Kemendagri region list into the database.

Provinces, regencies and districts are small (7,837 rows) and always loaded; villages (83,762)
are loaded for the regencies asked for, or all of them.
"""

from collections.abc import Callable, Iterable

from backoffice.db import database
from backoffice.domain.regions import iter_rows
from backoffice.models import District, Province, Regency, Village

BATCH = 500
LEVELS = (
    ("provinces", Province, lambda r: {"code": r["code"], "name": r["name"]}),
    (
        "regencies",
        Regency,
        lambda r: {"code": r["code"], "province": r["province_code"], "name": r["name"]},
    ),
    (
        "districts",
        District,
        lambda r: {"code": r["code"], "regency": r["regency_code"], "name": r["name"]},
    ),
)


def _insert(model, rows: list[dict]) -> int:
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start : start + BATCH]).on_conflict_ignore().execute()
    return len(rows)


def load_regions(
    regencies: Iterable[str] | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Load the region list; villages only of `regencies` (dotted codes), or all when None.

    Idempotent: rows already present are left as they are. `progress` is called with the
    number of rows each step read. Returns the rows read.
    """
    wanted = None if regencies is None else tuple(regencies)
    count = 0
    with database.atomic():
        for name, model, convert in LEVELS:
            added = _insert(model, [convert(r) for r in iter_rows(name)])
            count += added
            if progress:
                progress(added)
        villages = [
            {"code": r["code"], "district": r["district_code"], "name": r["name"]}
            for r in iter_rows("villages")
            if wanted is None or r["district_code"][:5] in wanted
        ]
        for start in range(0, len(villages), BATCH * 4):
            added = _insert(Village, villages[start : start + BATCH * 4])
            count += added
            if progress:
                progress(added)
    return count
