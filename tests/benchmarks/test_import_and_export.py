"""Import of 100,000 validated rows (benchmark 1) and export of 100,000 rows (benchmark 3).

Import: the commit of rows the dry run validated, against raw sqlite3.executemany of the same
rows into the same table in the same run (target >= 50,000 rows/s and <= 1.5x the anchor);
the whole file (read, validate, plan, commit) is printed too. Export: CSV and XLSX of the
100,000 applicants through one query, streamed (target < 3 s CSV, < 10 s XLSX, peak memory
< 150 MB, measured with tracemalloc)."""

import datetime
import io
import sqlite3
import time
import tracemalloc

from backoffice.db import database
from backoffice.domain import exports, imports
from backoffice.models import Applicant, Village
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


def test_export_of_100000_rows(backend, db, make_office, tmp_path):
    office = make_office(slug="bench")
    checked = imports.check_file("a.csv", io.BytesIO(
        to_csv(good_rows(ROWS), ",", "utf-8")))  # fmt: skip
    imports.commit(checked, office)
    header = ["NIK", "No. KK", "Nama", "Tanggal lahir", "JK", "Alamat", "Desa"]

    def rows():
        query = (Applicant.select(Applicant.nik, Applicant.kk, Applicant.name,
                                  Applicant.birth_date, Applicant.sex, Applicant.address,
                                  Village.name).join(Village).order_by(Applicant.id))  # fmt: skip
        return query.tuples().iterator()

    for fmt, writer, target in (("CSV", exports.write_csv, 3), ("XLSX", exports.write_xlsx, 10)):
        start = time.perf_counter()
        with open(tmp_path / f"out.{fmt}", "wb") as out:
            count = writer(out, header, rows())
        elapsed = time.perf_counter() - start  # timed without tracemalloc (it slows 10x)
        tracemalloc.start()
        with open(tmp_path / f"again.{fmt}", "wb") as out:
            writer(out, header, rows())
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        assert count == ROWS
        start = time.perf_counter()
        fetched = sum(1 for _ in rows())
        anchor = time.perf_counter() - start
        print(f"\nexport {fetched:,} rows {fmt} ({backend[0]}): {elapsed:.2f} s "
              f"(target < {target} s), peak Python memory {peak:.0f} MB (target < 150 MB); "
              f"anchor: the query alone {anchor:.2f} s")  # fmt: skip
