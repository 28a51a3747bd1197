"""The import's reads and writes in bulk (impor pemohon): what the file's NIKs, No. KKs and
village codes already are in the database (the counter form asks about one No. KK too), and
the new people written at the driver's speed.

Lookups pass up to LOOKUP_CHUNK values a query (SQLite allows 32,766 parameters since 3.32;
FTS5's trigram tokenizer needs 3.34 anyway). Inserts are one executemany a chunk on SQLite
and one COPY a chunk on PostgreSQL. On SQLite the name index (FTS5, migration 0010) is filled for
all new rows in one INSERT … SELECT instead of a trigger call per row, inside the caller's
transaction: a rollback or a kill -9 undoes it with the rows (`names_indexed_at_end`).
"""

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from peewee import DateField

from backoffice.db import database, is_sqlite
from backoffice.domain.applicants import FIELDS
from backoffice.models import Applicant

NAMES = list(FIELDS)  # the order of a checked row's values
# Model columns a file may change, and the checked field each comes from.
COLUMNS = {name: name for name in NAMES if name != "village_code"} | {"village": "village_code"}
BLANK_DEFAULTS = {"birth_place": "", "phone": "", "family_role": "kepala",
                  "work_status": "BP", "dtsen_status": "belum_dicek"}  # fmt: skip
INSERT_COLUMNS = [*COLUMNS, "dtks_listed", "chronic_priority", "notes", "created_at",
                  "updated_at", "office"]  # fmt: skip
LOOKUP_CHUNK = 10_000
WRITE_CHUNK = 5_000
ANALYZE_AFTER_ROWS = 10_000  # PostgreSQL: planner statistics refreshed after a larger import
NAME_TRIGGER = "applicant_fts_insert"  # SQLite: keeps applicant_fts in step, row by row
BULK_CACHE_KIB = 128 * 1024  # SQLite page cache while inserting (the indexes stay in memory)


def chunks(items: Sequence, size: int = LOOKUP_CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(count: int) -> str:
    return ", ".join([database.param] * count)


def existing_villages(codes: Iterable[str]) -> set[str]:
    """The village codes of `codes` that are in the region list."""
    found: set[str] = set()
    for chunk in chunks(sorted(set(codes))):
        sql = f'SELECT code FROM "village" WHERE code IN ({_marks(len(chunk))})'
        found.update(code for (code,) in database.execute_sql(sql, list(chunk)))
    return found


def known_people(niks: Sequence[str], columns: Iterable[str]) -> dict[str, dict[str, Any]]:
    """NIK -> {"id", "office", "nik", and each of `columns` (model field names)} of the people
    already registered under one of `niks`, values as the model reads them. (Raw SQL: peewee
    builds a node per value of a large IN list, slower than the lookup itself.)"""
    fields = [Applicant._meta.fields[name] for name in ("id", "office", "nik", *columns)]
    select = ", ".join(f'"{field.column_name}"' for field in fields)
    known: dict[str, dict[str, Any]] = {}
    for chunk in chunks(niks):
        sql = f'SELECT {select} FROM "applicant" WHERE nik IN ({_marks(len(chunk))})'
        for row in database.execute_sql(sql, list(chunk)):
            person = {f.name: f.python_value(v) for f, v in zip(fields, row, strict=True)}
            known[person["nik"]] = person
    return known


def heads_of(kks: Iterable[str], role: str) -> list[dict[str, Any]]:
    """The people whose No. KK is one of `kks` and whose family role is `role`: dicts of
    "id", "kk", "nik", "office_id", "name"."""
    found: list[dict[str, Any]] = []
    for chunk in chunks(sorted(set(kks))):
        sql = (f'SELECT id, kk, nik, office_id, name FROM "applicant" WHERE family_role = '
               f"{database.param} AND kk IN ({_marks(len(chunk))})")  # fmt: skip
        for row in database.execute_sql(sql, [role, *chunk]):
            found.append(dict(zip(("id", "kk", "nik", "office_id", "name"), row, strict=True)))
    return found


def insert_applicants(rows: Sequence[tuple], office_id: int, now: dt.datetime) -> None:
    """Insert checked rows (values in NAMES order) as new applicants of `office_id` through
    the driver, without ORM objects: one executemany on SQLite (call it inside
    `names_indexed_at_end` for more than a few rows), one COPY on PostgreSQL (2.5x
    execute_values here, with the trigram GIN index). Call inside a transaction."""
    names = ", ".join(Applicant._meta.fields[c].column_name for c in INSERT_COLUMNS)
    sqlite = is_sqlite()
    params = insert_params(rows, office_id, now, sqlite)
    cursor = database.cursor()
    if sqlite:
        marks = ", ".join("?" * len(INSERT_COLUMNS))
        cursor.executemany(f'INSERT INTO "applicant" ({names}) VALUES ({marks})', params)
    else:
        cursor.copy_expert(f'COPY "applicant" ({names}) FROM STDIN', copy_text(params))


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(rows: Iterable[Sequence]) -> io.StringIO:
    """Rows in PostgreSQL COPY's text format: tab-separated, NULL as \\N, backslash escapes,
    dates ISO, booleans t/f."""
    lines = []
    for row in rows:
        lines.append("\t".join(_copy_value(value) for value in row))
    return io.StringIO("\n".join(lines) + "\n")


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.date):  # and datetime: ISO, with a space before the time
        return value.isoformat(" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


# Where each INSERT_COLUMNS value comes from in a checked row, and the columns whose blank
# is stored as the model's default.
_PICK = itemgetter(*[NAMES.index(name) for name in COLUMNS.values()])
_DEFAULTS = [(i, BLANK_DEFAULTS[c]) for i, c in enumerate(COLUMNS) if c in BLANK_DEFAULTS]
_DATES = [
    i for i, column in enumerate(COLUMNS) if isinstance(Applicant._meta.fields[column], DateField)
]


def insert_params(rows: Iterable[tuple], office_id: int, now: dt.datetime, sqlite: bool) -> list:
    """Checked rows (values in NAMES order) as INSERT_COLUMNS' parameters, one list a row:
    blanks as the model's defaults; `now` (naive UTC) as created and updated; on SQLite dates
    as ISO text and booleans as 0/1, as peewee stores them. (One pass without a call a row:
    at 100,000 rows this is a tenth of the commit.)"""
    if sqlite:
        stamp = now.isoformat(" ")
        tail: tuple = (0, 0, "", stamp, stamp, office_id)
    else:
        tail = (False, False, "", now, now, office_id)
    params = []
    for values in rows:
        row = list(_PICK(values))
        for at, default in _DEFAULTS:
            if row[at] is None:
                row[at] = default
        if sqlite:
            for at in _DATES:
                if row[at] is not None:
                    row[at] = row[at].isoformat()
        row.extend(tail)
        params.append(row)
    return params


@contextmanager
def names_indexed_at_end() -> Iterator[None]:
    """Inside a transaction, on SQLite: the applicants inserted in the block are added to the
    name index (applicant_fts) in one statement at its end, not by the trigger row by row,
    and the page cache is enlarged meanwhile. The trigger is dropped and made again from its
    own stored SQL within a savepoint: SQLite's DDL is transactional, so an error, a rollback
    or a killed process leaves the trigger and the index as they were. Nothing on PostgreSQL
    (its trigram index is a GIN index, kept by PostgreSQL itself)."""
    trigger = _stored_trigger() if is_sqlite() else None
    if trigger is None:
        yield
        return
    (cache,) = database.execute_sql("PRAGMA cache_size").fetchone()
    with database.atomic():
        (last_id,) = database.execute_sql("SELECT coalesce(max(id), 0) FROM applicant").fetchone()
        database.execute_sql(f"DROP TRIGGER {NAME_TRIGGER}")
        database.execute_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            yield
            database.execute_sql(
                "INSERT INTO applicant_fts(rowid, name) SELECT id, name FROM applicant "
                "WHERE id > ?",
                (last_id,),
            )
            database.execute_sql(trigger)
        finally:
            database.execute_sql(f"PRAGMA cache_size = {int(cache)}")


def _stored_trigger() -> str | None:
    row = database.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (NAME_TRIGGER,)
    ).fetchone()
    return row[0] if row else None


def refresh_statistics(rows_written: int) -> None:
    """After an import of ANALYZE_AFTER_ROWS rows or more, on PostgreSQL, ANALYZE the applicant
    table: until autovacuum does (minutes later, or never where it is off), the planner reads
    the table as it was, and a keyset export of 100,000 rows freshly imported sorted every
    remaining row for each chunk (36 s instead of 1 s). Nothing on SQLite, whose planner does
    without statistics here. Call outside the import's transaction."""
    if rows_written >= ANALYZE_AFTER_ROWS and not is_sqlite():
        database.execute_sql("ANALYZE applicant")
