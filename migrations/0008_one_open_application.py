# Written by hand on 2026-11-29; checked with playhouse.schema_diff.
"""One open application per applicant and service: a partial unique index.

It fails, naming the pairs, when the database already holds such duplicates: close or cancel
all but one of each pair, then migrate again.
"""
from peewee import *  # noqa: F403 (the runner's own file template)

CLOSED = ("ineligible", "activated", "rejected", "done", "cancelled")
INDEX = "application_one_open_per_service"
OPEN = "status NOT IN ({})".format(", ".join(f"'{s}'" for s in CLOSED))


def up(migrator, db):
    duplicates = db.execute_sql(
        f"SELECT applicant_id, service_id, COUNT(*) FROM application WHERE {OPEN} "
        "GROUP BY applicant_id, service_id HAVING COUNT(*) > 1"
    ).fetchall()
    if duplicates:
        pairs = ", ".join(f"pemohon {a} layanan {s} ({n})" for a, s, n in duplicates)
        raise RuntimeError(
            "Ada pemohon dengan lebih dari satu permohonan terbuka untuk layanan yang sama: "
            f"{pairs}. Tutup atau batalkan yang ganda, lalu jalankan migrasi lagi."
        )
    db.execute_sql(
        f'CREATE UNIQUE INDEX "{INDEX}" ON "application" ("applicant_id", "service_id") '
        f"WHERE {OPEN}"
    )


def down(migrator, db):
    db.execute_sql(f'DROP INDEX "{INDEX}"')
