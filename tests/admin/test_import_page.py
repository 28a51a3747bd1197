"""Pemohon › Impor (issue 12): upload, the dry run's report by row and column (and as a
spreadsheet), a mapping for unknown headers, then an all-or-nothing commit for the signed-in
account's office, run as a data_job whose status the page polls."""

import datetime
import io
import re
import time

import pytest
from openpyxl import load_workbook

from backoffice.models import Applicant, AuditEntry, DataJob, JobFile, QueueWorker
from backoffice.tasks import imports as import_tasks
from tests import factories
from tests.import_files import HEADER, good_rows, to_csv


@pytest.fixture
def office(db, tmp_path, monkeypatch):
    return factories.make_office(slug="karangasem")


def sign_in(client, role, office):
    user = factories.make_user(role=role, office=office)
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    return user


def token(client) -> str:
    return factories.csrf_token(client.get("/admin/applicant_import/").get_data(as_text=True))


def upload(client, data: bytes, name="pemohon.csv"):
    page = client.get("/admin/applicant_import/")
    if page.status_code != 200:
        return page
    form = {"file": (io.BytesIO(data), name), "csrf_token": factories.csrf_token(page.text)}
    return client.post("/admin/applicant_import/", data=form,
                       content_type="multipart/form-data")  # fmt: skip


def post(client, url: str, data: dict | None = None):
    """POST as the page would: Impor carries which dry run the job's page showed."""
    data = dict(data or {})
    if url.endswith("/impor") and "checked" not in data:
        page = client.get(url.removesuffix("impor")).get_data(as_text=True)
        shown = re.search(r'name="checked" value="([0-9a-f]+)"', page)
        data["checked"] = shown.group(1) if shown else ""
    return client.post(url, data={**data, "csrf_token": token(client)})


def with_header(header: list[str], rows: list[list[str]]) -> bytes:
    return to_csv(rows).replace(";".join(HEADER).encode(), ";".join(header).encode(), 1)


def latest_job() -> DataJob:
    return DataJob.select().order_by(DataJob.id.desc()).get()


def test_a_bad_row_is_named_by_row_and_column_and_nothing_can_be_imported(client, office):
    sign_in(client, "supervisor", office)
    rows = good_rows(20)
    rows[4][3] = "31-02-1980"  # spreadsheet row 6 (the header is row 1), column TGL_LAHIR
    response = upload(client, to_csv(rows))
    job = latest_job()
    assert response.status_code == 302 and response.location.endswith(f"/{job.id}/")
    page = client.get(f"/admin/applicant_import/{job.id}/").get_data(as_text=True)
    assert 'id="problems"' in page
    assert "<td>6</td><td>TGL_LAHIR</td><td>Galat</td>" in page
    assert 'id="commit"' not in page
    with client.get(f"/admin/applicant_import/{job.id}/laporan.xlsx") as report:
        sheet = load_workbook(io.BytesIO(report.data)).active
    assert [c.value for c in sheet[2]][:3] == ["6", "TGL_LAHIR", "Galat"]
    post(client, f"/admin/applicant_import/{job.id}/impor")
    assert Applicant.select().count() == 0
    assert DataJob.get_by_id(job.id).status == "checked"


def test_an_unknown_header_is_mapped_then_the_file_is_imported_for_the_office(client, office):
    user = sign_in(client, "admin", office)
    header = ["NIK", "NO_KK", "NAMA_PENERIMA", *HEADER[3:]]  # NAMA under another name
    upload(client, with_header(header, good_rows(30)))
    job = latest_job()
    page = client.get(f"/admin/applicant_import/{job.id}/").get_data(as_text=True)
    assert 'id="mapping"' in page and "NAMA_PENERIMA" in page and 'id="commit"' not in page
    index = header.index("NAMA_PENERIMA")
    post(
        client,
        f"/admin/applicant_import/{job.id}/kolom",
        {f"column-{index}": "name", f"column-{header.index('KETERANGAN')}": ""},
    )
    page = client.get(f"/admin/applicant_import/{job.id}/").get_data(as_text=True)
    assert 'id="commit"' in page and 'id="mapping"' not in page
    post(client, f"/admin/applicant_import/{job.id}/impor")
    job = DataJob.get_by_id(job.id)
    assert job.status == "done", job.message
    assert "30 pemohon baru" in job.message
    assert Applicant.select().where(Applicant.office == office.id).count() == 30
    assert AuditEntry.get(AuditEntry.object_id == "impor").user_id == user.id
    upload(client, with_header(header, good_rows(30)))  # the same file again changes nothing
    again = latest_job()
    post(client, f"/admin/applicant_import/{again.id}/kolom", {f"column-{index}": "name"})
    page = client.get(f"/admin/applicant_import/{again.id}/").get_data(as_text=True)
    assert "Tidak ada yang berubah" in page


def test_a_file_that_is_not_a_spreadsheet_is_refused_next_to_the_field(client, office):
    sign_in(client, "supervisor", office)
    page = upload(client, b"MZ\x90\x00", name="virus.exe").get_data(as_text=True)
    assert "Berkas harus CSV atau XLSX." in page
    assert DataJob.select().count() == 0


def test_the_installation_admin_without_office_is_told_to_use_an_office_account(client, office):
    user = factories.make_user(role="admin")
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    page = upload(client, to_csv(good_rows(3))).get_data(as_text=True)
    assert "akun dinas" in page
    assert DataJob.select().count() == 0


def test_the_counter_officer_may_not_import(client, office):
    sign_in(client, "petugas", office)
    assert client.get("/admin/applicant_import/").status_code == 403
    assert upload(client, to_csv(good_rows(3))).status_code == 403
    assert client.post("/admin/applicant_import/", data={}).status_code in (400, 403)


def test_the_work_runs_in_the_background_and_the_status_is_polled(app, client, office):
    app.config["LOKET_JOBS_IN_BACKGROUND"] = True
    sign_in(client, "supervisor", office)
    upload(client, to_csv(good_rows(200)))
    job = latest_job()
    page = client.get(f"/admin/applicant_import/{job.id}/").get_data(as_text=True)
    assert "jobs.js" in page  # polled by the static script, no inline script
    state = {}
    for _ in range(200):
        state = client.get(f"/admin/applicant_import/{job.id}/status").get_json()
        if state["finished"]:
            break
        time.sleep(0.1)
    assert state["status"] == "checked" and state["progress"] == 200
    post(client, f"/admin/applicant_import/{job.id}/impor")
    for _ in range(200):
        state = client.get(f"/admin/applicant_import/{job.id}/status").get_json()
        if state["finished"]:
            break
        time.sleep(0.1)
    assert state["status"] == "done", state
    assert Applicant.select().count() == 200


def test_an_unreadable_workbook_fails_the_job_with_the_reason(client, office):
    sign_in(client, "supervisor", office)
    upload(client, b"not a zip", name="pemohon.xlsx")
    job = latest_job()
    assert job.status == "failed"
    page = client.get(f"/admin/applicant_import/{job.id}/").get_data(as_text=True)
    assert "Gagal: Berkas XLSX tidak dapat dibaca" in page
    assert client.get(f"/admin/applicant_import/{job.id}/laporan.xlsx").status_code == 404


def held_by(job: DataJob, worker: str, seen_ago: int, attempts: int) -> None:
    """`job` running (its check) under `worker`, last seen `seen_ago` seconds ago."""
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    seen = now - datetime.timedelta(seconds=seen_ago)
    QueueWorker.insert(name=worker, host=worker.split(":")[0], pid=1, started_at=seen,
                       last_seen=seen).on_conflict_ignore().execute()  # fmt: skip
    DataJob.update(status="running", worker=worker, attempts=attempts,
                   started_at=now - datetime.timedelta(seconds=60)).where(
        DataJob.id == job.id).execute()  # fmt: skip


def test_a_job_whose_worker_stopped_is_run_again_or_failed_and_a_live_ones_kept(client, office):
    """A worker that stopped beating (kill -9, a machine gone) leaves its job "running": the
    next read takes it back. With a run left it is run again (here at once: the tests' queue
    runs tasks immediately); with none left it fails with the reason. A live worker's job
    is left alone."""
    sign_in(client, "supervisor", office)
    for n in range(3):
        upload(client, to_csv(good_rows(2, serial_base=100 * n)), name=f"f{n}.csv")
    again, dead, alive = DataJob.select().order_by(DataJob.id)
    held_by(again, "mesin-b:41", seen_ago=120, attempts=1)
    held_by(dead, "mesin-b:41", seen_ago=120, attempts=2)
    held_by(alive, "mesin-c:7", seen_ago=2, attempts=1)
    state = client.get(f"/admin/applicant_import/{dead.id}/status").get_json()
    assert state["status"] == "failed" and state["finished"]
    assert state["message"].startswith("Terhenti: pekerja antrean mesin-b:41 berhenti")
    assert client.get(f"/admin/applicant_import/{again.id}/status").get_json()["status"] == (
        "checked"
    )
    listing = client.get("/admin/applicant_import/").get_data(as_text=True)
    assert listing.count("Terhenti: pekerja antrean mesin-b:41") == 1
    assert DataJob.get_by_id(alive.id).status == "running"
    assert DataJob.get_by_id(again.id).attempts == 2  # its second run


def checked_and_imported(client) -> tuple[DataJob, DataJob]:
    """Two uploads: a file of 3 people only checked, then one of 2 people imported."""
    upload(client, to_csv(good_rows(3)))
    checked = latest_job()
    upload(client, to_csv(good_rows(2, serial_base=500)))
    imported = latest_job()
    post(client, f"/admin/applicant_import/{imported.id}/impor")
    return checked, imported


def test_an_imports_files_are_deleted_after_the_keeping_days(client, office):
    """The uploaded file (NIKs, names, addresses), its summary and its report are personal
    data: a week after the job finished they are deleted, whether the file was imported or
    only checked; the job stays and says so, and a checked one can no longer be imported."""
    sign_in(client, "supervisor", office)
    checked, imported = checked_and_imported(client)
    assert DataJob.get_by_id(imported.id).status == "done"
    files = lambda job: sorted({f.name for f in JobFile.select().where(JobFile.job == job.id)})  # noqa: E731
    assert files(checked) == files(imported) == ["report", "summary", "upload"]
    finished = DataJob.get_by_id(imported.id).finished_at
    assert import_tasks.remove_expired(finished + datetime.timedelta(days=6)) == 0
    assert import_tasks.remove_expired(finished + datetime.timedelta(days=8)) == 2
    assert files(checked) == [] and files(imported) == []
    assert import_tasks.remove_expired(finished + datetime.timedelta(days=9)) == 0
    page = client.get(f"/admin/applicant_import/{checked.id}/").get_data(as_text=True)
    assert "Tidak diimpor dalam 7 hari: berkasnya dihapus." in page and 'id="commit"' not in page
    post(client, f"/admin/applicant_import/{checked.id}/impor")
    assert Applicant.select().count() == 2  # only the imported file's people
    done = DataJob.get_by_id(imported.id)
    assert done.status == "done" and done.message.endswith("dihapus setelah 7 hari.")
    assert client.get(f"/admin/applicant_import/{imported.id}/laporan.xlsx").status_code == 404


def test_a_file_without_family_roles_says_how_many_become_heads(client, office):
    sign_in(client, "supervisor", office)
    header = [h for h in HEADER if h != "HUBUNGAN_KELUARGA"]
    rows = [[c for i, c in enumerate(row) if HEADER[i] != "HUBUNGAN_KELUARGA"]
            for row in good_rows(8, serial_base=700)]  # fmt: skip
    rows = [row for n, row in enumerate(rows) if n % 4 == 0]  # one person a No. KK
    upload(client, with_header(header, rows))
    page = client.get(f"/admin/applicant_import/{latest_job().id}/").get_data(as_text=True)
    assert 'id="blank-roles">Hubungan keluarga kosong: 2 pemohon baru akan dicatat' in page


def test_a_stale_pages_buttons_say_what_became_of_the_file(client, office):
    """Impor or a column mapping pressed on a page opened before the job was imported or
    before its files were deleted: the message says which, nothing is written."""
    sign_in(client, "supervisor", office)
    expired, imported = checked_and_imported(client)
    finished = DataJob.get_by_id(expired.id).finished_at
    assert import_tasks.remove_expired(finished + datetime.timedelta(days=8)) == 2

    def flashed(url):
        return post(client, url, {}).status_code, client.get(url.rsplit("/", 1)[0] + "/").text

    for action in ("impor", "kolom"):
        code, page = flashed(f"/admin/applicant_import/{imported.id}/{action}")
        assert code == 302 and "Berkas ini sudah diimpor." in page, action
        code, page = flashed(f"/admin/applicant_import/{expired.id}/{action}")
        assert "Tidak diimpor dalam 7 hari: berkasnya dihapus." in page, action
    assert Applicant.select().count() == 2  # only the imported file's people


def test_expiry_leaves_a_job_taken_meanwhile_alone(client, office, monkeypatch):
    """The deletion claims a job only as it read it: a job committed (or checked again) since
    keeps its files and its outcome."""
    from backoffice.tasks import job_files

    sign_in(client, "supervisor", office)
    upload(client, to_csv(good_rows(3)))
    job = latest_job()
    later = DataJob.get_by_id(job.id).finished_at + datetime.timedelta(days=8)
    real_exists = job_files.exists

    def exists_while_a_commit_finishes(read, name):  # after the job was read, before its claim
        DataJob.update(status="done", message="Tersimpan: 3 pemohon baru.").where(
            DataJob.id == read.id
        ).execute()
        return real_exists(read, name)

    monkeypatch.setattr(job_files, "exists", exists_while_a_commit_finishes)
    assert import_tasks.remove_expired(later) == 0
    monkeypatch.setattr(job_files, "exists", real_exists)
    assert job_files.exists(job, "upload")
    assert DataJob.get_by_id(job.id).message == "Tersimpan: 3 pemohon baru."


def test_the_recent_imports_say_when_who_and_what_the_check_found(client, office):
    user = sign_in(client, "supervisor", office)
    rows = good_rows(5)
    rows[1][3] = "31-02-1980"
    upload(client, to_csv(rows), name="salah.csv")
    upload(client, to_csv(good_rows(2, serial_base=900)), name="benar.csv")
    table = client.get("/admin/applicant_import/").get_data(as_text=True)
    table = table[table.index('id="recent-imports"') :]
    wrong, right = table.index("salah.csv"), table.index("benar.csv")
    assert "1 galat: perbaiki berkas lalu unggah lagi." in table[wrong:]
    assert "Siap diimpor." in table[right:wrong]
    assert table.count(str(user)) == 2
    job = DataJob.get(DataJob.filename == "benar.csv")
    local = job.created_at + datetime.timedelta(hours=8)  # the office's zone: WITA, UTC+8
    assert f"{local:%H.%M} WITA" in table[right:wrong]


def test_a_job_that_failed_before_its_check_says_why_when_its_buttons_are_pressed(client, office):
    """A file that could not be read (or whose process stopped) has no dry run: a column
    mapping or Impor pressed on its page repeats the failure's reason, no 500."""
    sign_in(client, "supervisor", office)
    upload(client, b"PK\x03\x04 bukan xlsx", name="rusak.xlsx")
    job = latest_job()
    assert job.status == "failed"
    for action in ("kolom", "impor"):
        response = post(client, f"/admin/applicant_import/{job.id}/{action}")
        page = client.get(f"/admin/applicant_import/{job.id}/").get_data(as_text=True)
        assert response.status_code == 302 and job.message in page and job.message, action


def test_a_finished_import_is_never_queued_again_by_a_page_that_read_it_earlier(client, office):
    """Two presses of Impor, or Impor in two tabs: the second finds the job no longer
    "checked" and is refused; the import is not run again over the people staff edited
    since (the attacker re-ran a done import and reverted an edited name)."""
    from backoffice.domain.errors import ValidationError

    user = sign_in(client, "supervisor", office)
    upload(client, to_csv(good_rows(2)))
    as_read = latest_job()  # "checked", as the second tab saw it
    post(client, f"/admin/applicant_import/{as_read.id}/impor")
    assert DataJob.get_by_id(as_read.id).status == "done"
    person = Applicant.select().first()
    Applicant.update(name="DIUBAH PETUGAS").where(Applicant.id == person.id).execute()
    with pytest.raises(ValidationError) as refused:
        import_tasks.queue_commit(as_read, False, user.id, "")
    assert "sedang diproses atau sudah selesai" in refused.value.errors["file"]
    with pytest.raises(ValidationError):
        import_tasks.check_again(as_read, {})
    assert Applicant.get_by_id(person.id).name == "DIUBAH PETUGAS"
    done = DataJob.get_by_id(as_read.id)
    assert done.status == "done" and done.message.startswith("Tersimpan: 2 pemohon baru")


def test_a_report_too_long_for_excel_fails_the_check_saying_so(client, office, monkeypatch):
    from backoffice.domain import xlsx_stream

    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 3)
    sign_in(client, "supervisor", office)
    rows = good_rows(6)
    for row in rows:
        row[0] = "123"  # a bad NIK on every row: six problems for a report of three rows
    upload(client, to_csv(rows))
    job = latest_job()
    assert job.status == "failed" and "terlalu banyak galat untuk dilaporkan" in job.message


def test_an_upload_while_the_queue_is_unreachable_is_kept_and_waits(app, client, office):
    """The queue's server down (here a Redis nobody listens on): the upload is recorded and
    its page says it waits, not a 500; a worker's reaper sends it again later."""
    from backoffice.tasks import queue

    queue.configure("redis://127.0.0.1:9/0", app.config["DATABASE_URL"], immediate=False)
    try:
        sign_in(client, "supervisor", office)
        response = upload(client, to_csv(good_rows(2)))
        assert response.status_code == 302
        job = latest_job()
        assert job.status == "queued" and job.queued_at is not None
        assert "Menunggu giliran" in client.get(response.location).get_data(as_text=True)
    finally:
        queue.configure("", app.config["DATABASE_URL"], immediate=True)


def test_an_old_tab_never_imports_a_check_made_since_with_other_columns(client, office):
    """Tab 1 shows the dry run; tab 2 maps the columns anew (NAMA from another column);
    tab 1's Impor is refused, nothing saved (300 people were saved with the wrong names)."""
    sign_in(client, "supervisor", office)
    upload(client, to_csv(good_rows(3)))
    job = latest_job()
    first = client.get(f"/admin/applicant_import/{job.id}/").get_data(as_text=True)
    shown = re.search(r'name="checked" value="([0-9a-f]+)"', first).group(1)
    import_tasks.check_again(job, {"ALAMAT": "name"}, job.user_id, "")
    answer = post(client, f"/admin/applicant_import/{job.id}/impor", {"checked": shown})
    assert answer.status_code == 302 and not Applicant.select().exists()
    page = client.get(f"/admin/applicant_import/{job.id}/").get_data(as_text=True)
    assert "Hasil pemeriksaan berkas ini berubah sejak halaman dibuka" in page
