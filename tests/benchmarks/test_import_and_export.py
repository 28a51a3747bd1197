"""Import of 100,000 validated rows (benchmark 1); the export of 100,000 rows (benchmark 3) is
tests/benchmarks/test_exports.py.

Import: the commit of rows the dry run validated, against raw sqlite3.executemany of the same
rows into the same table in the same run (target >= 50,000 rows/s and <= 1.5x the anchor);
the whole file (read, validate, plan, commit) is printed too."""

import datetime
import io
import sqlite3
import time

from backoffice.db import database
from backoffice.domain import imports
from backoffice.models import Applicant
from tests.import_files import good_rows, to_csv

ROWS = 100_000


def test_import_of_100000_validated_rows(backend, db, make_office, tmp_path):
    if backend[0] != "sqlite":
        return print("\nimport benchmark: SQLite only (the issue's target)")
    office = make_office(slug="bench")
    data = to_csv(good_rows(ROWS), delimiter=",", encoding="utf-8")
    start = time.perf_counter()
    checked = imports.check_file("a.csv", io.BytesIO(data))
    validated = time.perf_counter() - start
    assert len(checked.rows) == ROWS, checked.problems[:3]
    start = time.perf_counter()
    outcome = imports.commit(checked, office)
    commit_s = time.perf_counter() - start
    assert outcome.created == ROWS
    anchor_s = _raw_executemany(tmp_path, [v for _, v in checked.rows], office.id)
    rate = ROWS / commit_s
    print(f"\nimport {ROWS:,} validated rows (SQLite): commit {commit_s:.2f} s = {rate:,.0f} "
          f"rows/s (target >= 50,000); anchor raw executemany {anchor_s:.2f} s; ratio "
          f"{commit_s / anchor_s:.2f}x (target <= 1.5x); whole file incl. reading and "
          f"validation {ROWS / (validated + commit_s):,.0f} rows/s")  # fmt: skip


def _raw_executemany(tmp_path, rows, office_id):
    """The same rows, into an empty copy of the applicant table (same indexes, FTS trigger)."""
    path = tmp_path / "anchor.sqlite3"
    source = sqlite3.connect(database.obj.database)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.execute("DELETE FROM applicant")
    target.commit()
    sql = imports.INSERT_COLUMNS
    names = [Applicant._meta.fields[c].column_name for c in sql]
    now = datetime.datetime(2026, 1, 1)
    params = [imports._insert_values(v, office_id, now, True) for v in rows]
    start = time.perf_counter()
    with target:
        target.executemany(f"INSERT INTO applicant ({', '.join(names)}) VALUES "
                           f"({', '.join('?' * len(names))})", params)  # fmt: skip
    elapsed = time.perf_counter() - start
    target.close()
    return elapsed
