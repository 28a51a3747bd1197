"""Migrations: every upgrade keeps the rows it finds; the models never drift from them."""

import datetime

import pytest
from peewee import PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import parse
from playhouse.migrations import Runner
from playhouse.schema_diff import diff_models

from backoffice.db import database
from backoffice.models import ALL_MODELS
from backoffice.paths import MIGRATIONS_DIR

SCRATCH = "loket_scratch"


@pytest.fixture
def scratch(backend, tmp_path):
    """An empty database of the backend under test, bound to the proxy."""
    name, url, main = backend
    if name == "sqlite":
        db = SqliteDatabase(str(tmp_path / "scratch.sqlite3"), pragmas={"foreign_keys": 1})
    else:
        main.connect(reuse_if_open=True)
        main.execute_sql(f"DROP DATABASE IF EXISTS {SCRATCH}")
        main.execute_sql(f"CREATE DATABASE {SCRATCH}")
        params = parse(url)
        params["database"] = SCRATCH
        db = PostgresqlDatabase(**params)
    database.initialize(db)
    db.connect()
    yield db
    db.close()
    database.initialize(main)


# Indexes one backend has and the models cannot declare (migration 0010: pg_trgm's GIN index
# of names; SQLite's FTS5 table is a virtual table the diff does not see).
BACKEND_SEARCH_INDEXES = {"applicant_name_trgm"}


def schema_drift(db):
    diff = diff_models(db, ALL_MODELS)
    diff.drop_indexes[:] = [i for i in diff.drop_indexes if i.name not in BACKEND_SEARCH_INDEXES]
    return diff


def test_models_match_the_migrations(db):
    diff = schema_drift(db)
    assert not diff, f"Model changed without a migration:\n{diff}"


def insert(db, table, **values):
    columns = ", ".join(values)
    marks = ", ".join([db.param] * len(values))
    db.execute_sql(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(values.values()))


def test_upgrade_from_the_first_migration_keeps_existing_rows(scratch):
    runner = Runner(scratch, str(MIGRATIONS_DIR))
    runner.up(runner.migrations()[0].name)
    insert(scratch, "province", code="51", name="Bali")
    insert(scratch, "regency", code="51.07", province_id="51", name="Kabupaten Karangasem")
    insert(scratch, "district", code="51.07.01", regency_id="51.07", name="Rendang")
    insert(scratch, "village", code="51.07.01.2001", district_id="51.07.01", name="Menanga")
    now = datetime.datetime(2026, 1, 2, 3, 4)
    insert(
        scratch,
        "applicant",
        nik="5107016310650002",
        kk="5107010101200001",
        name="Ni Luh",
        birth_place="",
        birth_date=datetime.date(1965, 10, 23),
        sex="P",
        address="Banjar Kaja",
        village_id="51.07.01.2001",
        phone="",
        family_role="kepala",
        dtsen_status="belum_dicek",
        dtks_listed=False,
        work_status="BP",
        chronic_priority=False,
        notes="",
        created_at=now,
        updated_at=now,
    )

    applied = runner.up()

    assert len(applied) == len(runner.migrations()) - 1
    assert scratch.execute_sql("SELECT name FROM applicant").fetchall() == [("Ni Luh",)]
    assert not schema_drift(scratch)


def test_every_migration_can_be_reverted(scratch):
    runner = Runner(scratch, str(MIGRATIONS_DIR))
    runner.up()
    for _ in runner.migrations():
        runner.down()
    assert set(scratch.get_tables()) <= {"schema_migration"}
