"""The benchmark datasets, built once with raw executemany and cached: 1,000,000 applicants and
1,000,000 applications of one office (plus a second office), in /tmp for SQLite
(BENCH_SQLITE_PATH) and in the PostgreSQL database `bench_scale` (BENCH_PG_URL)."""

import datetime
import os
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from backoffice.db import database, open_database

MILLION = int(os.environ.get("BENCH_ROWS", 1_000_000))
SQLITE_PATH = Path(os.environ.get("BENCH_SQLITE_PATH", f"/tmp/loket-bench-{MILLION}.sqlite3"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/bench_scale")
NAMES = ("Putu", "Made", "Nyoman", "Ketut", "Wayan", "Kadek", "Komang", "Gede", "Luh", "Ayu")
FAMILY = (
    "Sukerti",
    "Suartini",
    "Darma",
    "Suparta",
    "Arimbawa",
    "Lestari",
    "Murni",
    "Sari",
    "Wirawan",
    "Pratama",
    "Santika",
    "Widiastuti",
    "Mahendra",
    "Purnami",
    "Adnyana",
)
STATUSES = ["done"] * 5 + ["activated"] * 2 + ["received", "complete", "eligible"]


def applicant(n: int, villages: list[str], office_id: int) -> tuple:
    born = datetime.date(1940, 1, 1) + datetime.timedelta(days=n % 25000)
    sex = "P" if n % 2 else "L"
    day = born.day + (40 if sex == "P" else 0)
    nik = f"510701{day:02d}{born:%m%y}{n // 25000 + 1:04d}"
    name = f"{NAMES[n % 10]} {FAMILY[(n // 10) % 15]} {FAMILY[(n // 150) % 15]} {n % 997}"
    return (nik, f"5107{n // 4:012d}", name, "", born.isoformat(), sex, f"Banjar {n % 500}",
            villages[n % len(villages)], "", "kepala", "belum_dicek", None, False, None, "BP",
            False, "", "2026-01-01 00:00:00", "2026-01-01 00:00:00", office_id)  # fmt: skip


APPLICANT_SQL = (
    "INSERT INTO applicant (nik, kk, name, birth_place, birth_date, sex, address, village_id, "
    "phone, family_role, dtsen_status, dtsen_decile, dtks_listed, dtks_year, work_status, "
    "chronic_priority, notes, created_at, updated_at, office_id) VALUES "
)
APPLICATION_SQL = (
    "INSERT INTO application (applicant_id, service_id, status, funding_source, received_at, "
    "updated_at, notes, bpjs_card_number, queue_number, missing_documents, visit_findings, "
    "decision_reason, facility_letter, letter_number, due_at) VALUES "
)


def application(n: int, services: list[int]) -> tuple:
    at = datetime.datetime(2025, 1, 1) + datetime.timedelta(minutes=n)
    return (n + 1, services[n % len(services)], STATUSES[n % 10], "APBD", str(at), str(at),
            "", "", "", "", "", "", "", "", str(at + datetime.timedelta(days=30)))  # fmt: skip


def build(url: str):
    """Migrate, load regions and the two offices, then the million rows; return the offices'
    (office A id, supervisor username)."""
    from backoffice import dataload, schema
    from tests import factories

    db = open_database(url)
    with db.connection_context():
        schema.upgrade()
        dataload.load_regions(("51.07",))
        a = factories.make_office(slug="bench-a")
        b = factories.make_office(slug="bench-b")
        services = [factories.make_service(office=a).id, factories.make_service(office=a).id]
        factories.make_service(office=b)
        factories.make_user(role="supervisor", username="supervisor.a", office=a)
        factories.make_user(role="admin", username="admin.bench")
        # The pattern as a parameter: psycopg2 reads a bare % in the SQL as a placeholder.
        in_regency = f"SELECT code FROM village WHERE code LIKE {db.param} ORDER BY code"
        villages = [c for (c,) in db.execute_sql(in_regency, ("51.07.%",))]
        _bulk(db, APPLICANT_SQL, (applicant(n, villages, a.id if n % 10 else b.id)
                                  for n in range(MILLION)))  # fmt: skip
        _bulk(db, APPLICATION_SQL, (application(n, services) for n in range(MILLION)))
        _analyze(db)
    return db


def _bulk(db, sql: str, rows) -> None:
    batch: list[tuple] = []
    with db.atomic():
        cursor = db.cursor()
        for row in rows:
            batch.append(row)
            if len(batch) == 20000:
                _flush(db, cursor, sql, batch)
                batch = []
        if batch:
            _flush(db, cursor, sql, batch)


def _flush(db, cursor, sql, batch) -> None:
    if isinstance(cursor, sqlite3.Cursor):
        cursor.executemany(sql + f"({', '.join('?' * len(batch[0]))})", batch)
    else:
        from psycopg2.extras import execute_values

        execute_values(cursor, sql + "%s", batch, page_size=5000)


def sqlite_dataset() -> str:
    url = f"sqlite:///{SQLITE_PATH}"
    if not SQLITE_PATH.exists():
        partial = SQLITE_PATH.with_suffix(".building")
        partial.unlink(missing_ok=True)
        build(f"sqlite:///{partial}").close()
        partial.rename(SQLITE_PATH)
    return up_to_date(url)


def up_to_date(url: str) -> str:
    """A cached dataset built before the latest migrations gets them (a new column would
    otherwise fail every page)."""
    from backoffice import schema

    db = open_database(url)
    with db.connection_context():
        if schema.upgrade():
            _analyze(db)
    database.initialize(None)
    return url


def _analyze(db) -> None:
    # VACUUM as autovacuum would soon after a bulk load: PostgreSQL's index-only scans need
    # the visibility map it writes (a deep page otherwise reads the table).
    db.execute_sql("ANALYZE" if isinstance(db, SqliteDatabase) else "VACUUM ANALYZE")


def pg_dataset() -> str:
    import psycopg2

    admin = psycopg2.connect(PG_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    name = PG_URL.rsplit("/", 1)[1]
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        exists = cur.fetchone()
    admin.close()
    if exists:
        db = open_database(PG_URL)
        with db.connection_context():
            ready = (
                "applicant" in db.get_tables()
                and db.execute_sql("SELECT count(*) FROM application").fetchone()[0] == MILLION
            )
        if ready:
            settle(PG_URL)
            return up_to_date(PG_URL)
    admin = psycopg2.connect(PG_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
        cur.execute(f"CREATE DATABASE {name}")
    admin.close()
    build(PG_URL).close()
    settle(PG_URL)
    database.initialize(None)
    return PG_URL


def settle(url: str) -> None:
    """VACUUM ANALYZE a PostgreSQL dataset never vacuumed: the state autovacuum keeps a live
    database in (this machine's server runs with autovacuum off). Without a visibility map,
    counts cannot be answered from an index alone: a filtered count read 12,000 heap pages."""
    db = open_database(url)
    with db.connection_context():
        never = db.execute_sql(
            "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('applicant', "
            "'application') AND last_vacuum IS NULL AND last_autovacuum IS NULL"
        ).fetchone()[0]
        if never:
            db.execute_sql("VACUUM ANALYZE")
    database.initialize(None)
