"""Import of applicants (issue 12, done-when): a file of 1,000 rows with 37 bad rows in nine
ways is named row by row, refused until fixed, imported whole, and changes nothing the second
time; a kill -9 midway leaves the database as it was (and a back-office job killed so is shown
failed)."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from peewee import SqliteDatabase

from backoffice.models import Applicant, AuditEntry, DataJob, QueueWorker
from backoffice.models.people import name_contains
from backoffice.tasks import imports as import_tasks
from backoffice.tasks import records
from tests import factories, import_files
from tests.import_files import SPOILERS, good_rows, to_csv

# kind -> the rows (0-based in the file's data) spoilt that way: 5 + 8 x 4 = 37 rows.
BAD = {kind: list(range(40 + 100 * k, 40 + 100 * k + (5 if k == 0 else 4)))
       for k, kind in enumerate(SPOILERS)}  # fmt: skip


@pytest.fixture
def office(make_office):
    return make_office(slug="karangasem")


@pytest.fixture
def files(tmp_path, make_office, make_applicant):
    """(bad file, fixed file): the bad one spoils 37 of 1,000 good rows in nine ways."""
    rows = good_rows(1000)
    fixed = [list(r) for r in rows]
    other = make_office(slug="lain")
    for kind, numbers in BAD.items():
        spoil = SPOILERS[kind][0]
        for n in numbers:
            if kind == "duplicate":
                rows[n][0] = rows[n - 1][0]
            elif kind == "other_office":
                make_applicant(nik=rows[n][0], office=other)
                fixed[n] = import_files.good_row(n, serial_base=5000)
            else:
                spoil(rows[n])
    (tmp_path / "bad.csv").write_bytes(to_csv(rows))
    (tmp_path / "fixed.csv").write_bytes(to_csv(fixed))
    return tmp_path / "bad.csv", tmp_path / "fixed.csv"


def run(app, *args):
    return app.test_cli_runner().invoke(args=["import", "applicants", *map(str, args)])


def test_the_dry_run_names_every_bad_row_and_its_reason(app, office, files):
    result = run(app, files[0], "--office", "karangasem", "--dry-run")
    assert result.exit_code == 1
    for kind, numbers in BAD.items():
        _, words, column = SPOILERS[kind]
        for n in numbers:
            line = f"Baris {n + 2}, kolom {column}:"  # header is row 1
            said = [x for x in result.output.splitlines() if x.startswith(line)]
            assert any(words in x for x in said), (kind, n, said)
    assert "1000 baris:" in result.output and "29 galat, 8 peringatan" in result.output
    assert Applicant.select().where(Applicant.office == office.id).count() == 0


def test_the_dry_run_report_is_a_spreadsheet_of_every_problem(app, office, files, tmp_path):
    from openpyxl import load_workbook

    run(app, files[0], "--office", "karangasem", "--dry-run", "--report", tmp_path / "r.xlsx")
    rows = list(load_workbook(tmp_path / "r.xlsx").active.iter_rows(values_only=True))
    assert rows[0] == ("Baris", "Kolom", "Jenis", "Keterangan")
    assert {int(r[0]) for r in rows[1:]} == {n + 2 for ns in BAD.values() for n in ns}


def test_commit_refuses_while_errors_remain(app, office, files):
    result = run(app, files[0], "--office", "karangasem", "--accept-warnings")
    assert result.exit_code == 1 and "Tidak disimpan: 29 galat" in result.output
    assert Applicant.select().where(Applicant.office == office.id).count() == 0


def test_the_fixed_file_imports_whole_and_a_second_time_changes_nothing(app, office, files):
    result = run(app, files[1], "--office", "karangasem")
    assert result.exit_code == 0, result.output
    assert "Tersimpan: 1000 baru, 0 diubah, 0 sama." in result.output
    assert Applicant.select().where(Applicant.office == office.id).count() == 1000
    before = list(Applicant.select().order_by(Applicant.id).dicts())
    audit = AuditEntry.select().count()
    again = run(app, files[1], "--office", "karangasem")
    assert "Tersimpan: 0 baru, 0 diubah, 1000 sama." in again.output
    assert list(Applicant.select().order_by(Applicant.id).dicts()) == before
    assert AuditEntry.select().count() == audit


def test_a_changed_row_updates_the_person_by_nik_and_is_audited(app, office, tmp_path):
    rows = good_rows(10)
    (tmp_path / "a.csv").write_bytes(to_csv(rows))
    run(app, tmp_path / "a.csv", "--office", "karangasem")
    rows[3][5] = "Jalan Baru 7"
    (tmp_path / "b.csv").write_bytes(to_csv(rows))
    result = run(app, tmp_path / "b.csv", "--office", "karangasem")
    assert "Tersimpan: 0 baru, 1 diubah, 9 sama." in result.output
    person = Applicant.get(Applicant.nik == rows[3][0])
    assert person.address == "Jalan Baru 7"
    entry = AuditEntry.get(AuditEntry.object_id == str(person.id))
    assert entry.action == "update" and "address" in entry.summary
    assert entry.office_id == office.id


def test_a_second_head_of_a_card_in_the_file_is_an_error_naming_the_first(app, office, tmp_path):
    rows = good_rows(8)  # households of four, the first of each its head
    rows[2][7] = "Kepala keluarga"
    (tmp_path / "a.csv").write_bytes(to_csv(rows))
    result = run(app, tmp_path / "a.csv", "--office", "karangasem", "--dry-run")
    assert result.exit_code == 1
    assert (f"Baris 4, kolom HUBUNGAN_KELUARGA: galat: No. KK {rows[0][1]} sudah punya kepala "
            "keluarga di baris 2.") in result.output  # fmt: skip
    assert "1 galat, 0 peringatan" in result.output


@pytest.mark.parametrize("holder", ["karangasem", "lain"])
def test_a_registered_head_counts_and_is_named_to_their_office_only(
    app, office, make_office, make_applicant, tmp_path, holder
):
    rows = good_rows(4)
    registrar = office if holder == "karangasem" else make_office(slug=holder)
    make_applicant(kk=rows[0][1], family_role="kepala", name="I Wayan Lama", office=registrar)
    (tmp_path / "a.csv").write_bytes(to_csv(rows))
    result = run(app, tmp_path / "a.csv", "--office", "karangasem", "--accept-warnings")
    said = [line for line in result.output.splitlines() if line.startswith("Baris 2,")]
    assert result.exit_code == 1 and len(said) == 1, result.output
    assert ("I Wayan Lama" in said[0]) == (holder == "karangasem")
    assert (holder == "karangasem") != ("dinas lain; datanya tidak ditampilkan" in said[0])
    assert Applicant.select().count() == 1


def test_members_of_one_card_in_two_villages_need_the_warning_accepted(app, office, tmp_path):
    rows = good_rows(4)
    rows[1][6] = "51.07.01.2002"
    (tmp_path / "a.csv").write_bytes(to_csv(rows))
    result = run(app, tmp_path / "a.csv", "--office", "karangasem")
    assert "Baris 3, kolom KODE_DESA: peringatan: Anggota No. KK" in result.output
    assert "Tidak disimpan: 1 peringatan belum dikonfirmasi." in result.output
    result = run(app, tmp_path / "a.csv", "--office", "karangasem", "--accept-warnings")
    assert "Tersimpan: 4 baru" in result.output


def test_imported_people_are_found_by_a_name_fragment_and_later_ones_too(app, office, tmp_path):
    rows = good_rows(400)  # the import fills SQLite's name index in one statement at its end
    (tmp_path / "a.csv").write_bytes(to_csv(rows))
    run(app, tmp_path / "a.csv", "--office", "karangasem")
    found = Applicant.select().where(name_contains("ukert")).count()
    assert found == sum("Sukerti" in row[2] for row in rows) > 0
    make_applicant = factories.make_applicant  # then the index follows row by row again
    make_applicant(name="Ni Luh Sukertiasih", office=office)
    assert Applicant.select().where(name_contains("ukert")).count() == found + 1


def snapshot(db, leaving_out=()):
    """Every table's rows (the name index's too) and the schema (triggers, indexes)."""
    tables = {t: sorted(map(repr, db.execute_sql(f'SELECT * FROM "{t}"').fetchall()))
              for t in db.get_tables() if t not in leaving_out}  # fmt: skip
    if isinstance(db, SqliteDatabase):
        schema = db.execute_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name")
    else:
        schema = db.execute_sql("SELECT indexname, indexdef FROM pg_indexes ORDER BY 1")
    return tables | {"schema": schema.fetchall()}


# The importer's process: the CLI, or the worker of a back-office job (its commit).
IMPORTERS = {
    "cli": ["from backoffice.cli import main; main()", "import", "applicants", "{file}",
            "--office", "karangasem"],
    "job": ["import sys\nfrom backoffice import create_app\nfrom backoffice.tasks import "
            "records, worker_tasks\nwith create_app().app_context(), records.connection():\n"
            "    records.run(int(sys.argv[1]))", "{job}"],
}  # fmt: skip


@pytest.mark.parametrize("importer", IMPORTERS)
def test_kill_9_midway_leaves_the_database_as_it_was(
    backend, db, office, tmp_path, monkeypatch, importer
):
    data = to_csv(good_rows(1000))
    (tmp_path / "a.csv").write_bytes(data)
    job = import_tasks.start(data, "a.csv", office, None) if importer == "job" else None
    if job:  # checked (at once, in tests); its commit queued for the worker below
        assert job.status == "checked"
        params = json.loads(job.params) | {"step": "import.commit"}
        DataJob.update(status="queued", params=json.dumps(params)).where(
            DataJob.id == job.id).execute()  # fmt: skip
    jobs_tables = {"data_job", "queue_worker", "job_file"}  # job_file: memoryviews on PostgreSQL
    before = snapshot(db, leaving_out=jobs_tables if job else ())
    env = os.environ | {"DATABASE_URL": backend[1], "LOKET_IMPORT_PAUSE": "60",
                        "PYTHONUNBUFFERED": "1"}  # fmt: skip
    args = [a.format(file=tmp_path / "a.csv", job=job and job.id) for a in IMPORTERS[importer]]
    child = subprocess.Popen([sys.executable, "-c", *args], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    said = [""]
    while not said[-1].startswith("LOKET_IMPORT_PAUSE: 1000 baris ditulis"):
        said.append(child.stdout.readline())  # written, the transaction open (pausing)
        assert said[-1], f"the importer ended before writing: {said}"
    assert importer == "job" or any("1000 baris: 1000 baru" in line for line in said), said
    if job:  # held by the worker, whose heartbeat stops with it
        assert DataJob.get_by_id(job.id).status == "running"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    time.sleep(0.5)  # PostgreSQL ends the dead client's transaction
    db.close()
    db.connect()
    assert snapshot(db, leaving_out=jobs_tables if job else ()) == before
    if job:  # its last run: taken back as failed once its worker is not seen for 30 s
        DataJob.update(attempts=2).where(DataJob.id == job.id).execute()
        later = DataJob.get_by_id(job.id).started_at + dt.timedelta(seconds=31)
        QueueWorker.update(last_seen=later - dt.timedelta(seconds=31)).execute()
        assert records.reap(later) == 1
        done = DataJob.get_by_id(job.id)
        assert done.status == "failed" and done.message.startswith("Terhenti: pekerja antrean")


def test_people_made_heads_for_a_blank_family_role_are_counted_in_the_dry_run(
    app, office, tmp_path
):
    """A blank HUBUNGAN_KELUARGA (or a file without the column) stores a new person as the
    head of their family: the dry run says how many, on the CLI and the back-office page
    alike; a file that gives every role says nothing of it."""
    rows = good_rows(8)  # two households of four: rows 0 and 4 are heads
    for n in (1, 2, 3):
        rows[n] = import_files.good_row(n + 100)  # other No. KKs: three more households
        rows[n][7] = ""
    (tmp_path / "blank.csv").write_bytes(to_csv(rows))
    result = run(app, tmp_path / "blank.csv", "--office", "karangasem", "--dry-run")
    said = ("Hubungan keluarga kosong: 3 pemohon baru akan dicatat sebagai kepala keluarga. "
            "Isi kolom HUBUNGAN_KELUARGA bila bukan.")  # fmt: skip
    assert said in result.output, result.output
    (tmp_path / "full.csv").write_bytes(to_csv(good_rows(8)))
    result = run(app, tmp_path / "full.csv", "--office", "karangasem", "--dry-run")
    assert "Hubungan keluarga kosong" not in result.output


def test_a_large_import_refreshes_the_planners_statistics_on_postgresql(
    app, backend, office, tmp_path, monkeypatch
):
    """After an import of ANALYZE_AFTER_ROWS rows (lowered to 3 here) PostgreSQL knows the
    table's new size at once (pg_class.reltuples), not when autovacuum gets to it; SQLite is
    left without statistics (no sqlite_stat1), as its planner does without them."""
    from backoffice.db import database
    from backoffice.domain import import_store

    monkeypatch.setattr(import_store, "ANALYZE_AFTER_ROWS", 3)
    (tmp_path / "a.csv").write_bytes(to_csv(good_rows(3)))
    assert run(app, tmp_path / "a.csv", "--office", "karangasem").exit_code == 0
    if backend[0] == "postgresql":
        sql = "SELECT reltuples FROM pg_class WHERE relname = 'applicant'"
        assert database.execute_sql(sql).fetchone()[0] == 3
    else:
        sql = "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        assert database.execute_sql(sql).fetchone()[0] == 0
