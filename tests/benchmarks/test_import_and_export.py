"""Import of 100,000 validated rows (benchmark 1); the export of 100,000 rows (benchmark 3) is
tests/benchmarks/test_exports.py.

Import (issue 12's targets are for SQLite: >= 50,000 rows/s end to end, <= 1.5x raw
sqlite3.executemany of the same validated rows): printed are the commit of the rows the dry
run validated (`imports.commit`, which plans again inside its transaction), the whole file
end to end (read, validate, plan, commit, as `loket import applicants` runs it), and the
anchor, measured in the same run. The anchor inserts the same rows, already converted to
parameters (not timed), into the same table of a copy of the database taken before the
import (same indexes, same connection pragmas, the import's page cache), with the name
index kept up to date the cheapest raw way, as the import keeps it: the FTS5 insert trigger
dropped, one executemany, one INSERT … SELECT into applicant_fts, the trigger made again,
commit. On PostgreSQL (no target in the issue) the anchor is one raw COPY of the same rows,
its text built beforehand, into a LIKE … INCLUDING ALL copy of the table (same indexes, the
trigram GIN index too, and the same foreign keys)."""

import datetime
import io
import os
import sqlite3
import time

from backoffice.db import SQLITE_PRAGMAS, database
from backoffice.domain import import_store, imports
from backoffice.models import Applicant
from tests.import_files import good_rows, to_csv

ROWS = 100_000


def test_import_of_100000_validated_rows(backend, db, make_office, tmp_path):
    office = make_office(slug="bench")
    data = to_csv(good_rows(ROWS), delimiter=",", encoding="utf-8")
    copy = tmp_path / "anchor.sqlite3"
    if backend[0] == "sqlite":
        _backup(copy)  # the database as the import finds it
    checked, read_s = _timed(imports.check_file, "a.csv", io.BytesIO(data))
    dry_run, plan_s = _timed(imports.plan, checked, office)
    assert len(checked.rows) == ROWS and not dry_run.problems, checked.problems[:3]
    outcome, commit_s = _timed(imports.commit, checked, office)
    assert outcome.created == ROWS
    now = datetime.datetime(2026, 1, 1)
    sqlite = backend[0] == "sqlite"
    params = import_store.insert_params([v for _, v in checked.rows], office.id, now, sqlite)
    anchor_s = _anchor_sqlite(copy, params) if sqlite else _anchor_postgresql(params)
    whole_s = [a + b + c for a, b, c in zip(read_s, plan_s, commit_s, strict=True)]
    target = "target >= 50,000" if sqlite else "no PostgreSQL target; SQLite's is >= 50,000"
    print(f"\nimport {ROWS:,} validated rows ({backend[0]}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; wall time, this process's "
          f"CPU time in brackets):\n"
          f"  commit {_s(commit_s)} = {ROWS / commit_s[0]:,.0f} rows/s ({target})\n"
          f"  whole file end to end {_s(whole_s)} = {ROWS / whole_s[0]:,.0f} rows/s ({target}):"
          f" read and validate {_s(read_s)}, plan {_s(plan_s)}, commit as above\n"
          f"  anchor {_ANCHOR[backend[0]]} {_s(anchor_s)}; commit / anchor "
          f"{commit_s[0] / anchor_s[0]:.2f}x (target <= 1.5x)")  # fmt: skip


def _timed(work, *args):
    """(result, (wall s, CPU s of this process))."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work(*args)
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


def _s(seconds) -> str:
    return f"{seconds[0]:.2f} s [{seconds[1]:.2f} s]"


_ANCHOR = {"sqlite": "raw executemany + one FTS INSERT … SELECT", "postgresql": "raw COPY"}


def _backup(path):
    source = sqlite3.connect(database.obj.database)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()


def _anchor_sqlite(path, params):
    """The same rows into the copy's applicant table, the cheapest raw way (see above)."""
    target = sqlite3.connect(path, isolation_level=None)
    for name, value in SQLITE_PRAGMAS.items():
        target.execute(f"PRAGMA {name} = {value}")
    target.execute(f"PRAGMA cache_size = -{import_store.BULK_CACHE_KIB}")
    (trigger,) = target.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                (import_store.NAME_TRIGGER,)).fetchone()  # fmt: skip
    names = [Applicant._meta.fields[c].column_name for c in import_store.INSERT_COLUMNS]
    start, cpu = time.perf_counter(), time.process_time()
    target.execute("BEGIN IMMEDIATE")
    target.execute(f"DROP TRIGGER {import_store.NAME_TRIGGER}")
    target.executemany(f"INSERT INTO applicant ({', '.join(names)}) VALUES "
                       f"({', '.join('?' * len(names))})", params)  # fmt: skip
    target.execute("INSERT INTO applicant_fts(rowid, name) SELECT id, name FROM applicant")
    target.execute(trigger)
    target.execute("COMMIT")
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    assert target.execute("SELECT count(*) FROM applicant_fts").fetchone()[0] == len(params)
    target.close()
    return elapsed


def _anchor_postgresql(params):
    """The same rows by one raw COPY into a copy of the table: same indexes and keys."""
    names = [Applicant._meta.fields[c].column_name for c in import_store.INSERT_COLUMNS]
    text = import_store.copy_text(params)
    cursor = database.cursor()
    cursor.execute("CREATE TABLE applicant_anchor (LIKE applicant INCLUDING ALL)")
    cursor.execute("ALTER TABLE applicant_anchor ADD FOREIGN KEY (office_id) REFERENCES office, "
                   "ADD FOREIGN KEY (village_id) REFERENCES village")  # fmt: skip
    database.commit()
    start, cpu = time.perf_counter(), time.process_time()
    cursor.copy_expert(f"COPY applicant_anchor ({', '.join(names)}) FROM STDIN", text)
    database.commit()
    elapsed = time.perf_counter() - start, time.process_time() - cpu
    cursor.execute("DROP TABLE applicant_anchor")
    database.commit()
    return elapsed
