"""Ekspor of a large list (issue 12): past the threshold (lowered here to 2 rows) the export is a
data_job made in the background, with a status page and a download when ready; the file holds
the list's filtered rows; only the account that asked sees the job and its file."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from backoffice.domain import xlsx_stream
from backoffice.models import AuditEntry, DataJob, JobFile
from backoffice.tasks import exports as export_tasks
from backoffice.tasks import records, worker_tasks
from tests import factories


@pytest.fixture
def offices(app):
    app.config["LOKET_EXPORT_BACKGROUND_ROWS"] = 2
    return factories.make_office(slug="karangasem"), factories.make_office(slug="lain")


def sign_in(client, role, office):
    user = factories.make_user(role=role, office=office)
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    return user


def status(client, url: str) -> int:
    with client.get(url) as response:  # closes the sent file
        return response.status_code


def people(mine, other):
    for name in ("Ni Luh Sukerti", "Ni Luh Darmi", "Luh Ayu", "Made Darma"):
        factories.make_applicant(office=mine, name=name)
    factories.make_applicant(office=other, name="Ni Luh Lain")


def test_a_large_xlsx_export_is_a_job_whose_file_has_the_searched_rows(client, offices):
    mine, other = offices
    people(mine, other)
    sign_in(client, "supervisor", mine)
    asked = factories.post_form(client, "/admin/applicant/ekspor/xlsx?search=Luh", {})
    job = DataJob.get(DataJob.kind == "export")
    assert asked.status_code == 302
    assert asked.location.endswith(f"/admin/applicant/ekspor/berkas/{job.id}/")
    page = client.get(asked.location).get_data(as_text=True)
    assert "Berkas siap: 3 baris." in page and "Unduh pemohon.xlsx" in page
    assert '<a href="/admin/applicant/?search=Luh" id="export-back">Kembali ke daftar</a>' in page
    with client.get(f"/admin/applicant/ekspor/berkas/{job.id}/unduh") as download:
        assert download.status_code == 200
        assert "pemohon.xlsx" in download.headers["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(download.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("NIK", "NO_KK", "NAMA")
    assert sorted(row[2] for row in rows[1:]) == ["Luh Ayu", "Ni Luh Darmi", "Ni Luh Sukerti"]
    assert sheet["A2"].data_type == "s" and len(sheet["A2"].value) == 16
    summaries = [e.summary for e in AuditEntry.select().where(AuditEntry.action == "download")]
    assert any("di latar belakang" in s for s in summaries)
    assert any(s.startswith(f"Unduh ekspor pemohon.xlsx (#{job.id}") for s in summaries)


def test_a_large_csv_export_follows_the_status_filter(
    client, offices, make_service, make_application
):
    mine, other = offices
    service = make_service(office=mine, name="Pendaftaran PBI")
    received = [make_application(factories.make_applicant(office=mine), service)
                for _ in range(3)]  # fmt: skip
    make_application(factories.make_applicant(office=mine), service, status="complete")
    make_application(factories.make_applicant(office=other), make_service(office=other))
    sign_in(client, "supervisor", mine)
    asked = factories.post_form(
        client, "/admin/application/ekspor/csv?flt0_status_adalah=received", {}
    )
    assert asked.status_code == 302
    job = DataJob.get(DataJob.kind == "export")
    with client.get(f"/admin/application/ekspor/berkas/{job.id}/unduh") as download:
        text = download.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert sorted(row[0] for row in rows[1:]) == sorted(str(a.id) for a in received)


def test_a_small_export_is_sent_at_once_without_a_job(client, offices):
    mine, other = offices
    factories.make_applicant(office=mine, name="Ni Luh Sukerti")
    sign_in(client, "supervisor", mine)
    response = client.get("/admin/applicant/ekspor/xlsx")
    assert response.status_code == 200 and response.is_streamed
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["C2"].value == "Ni Luh Sukerti"
    assert DataJob.select().count() == 0


def test_another_office_and_another_account_get_404_for_the_job_and_its_file(app, client, offices):
    mine, other = offices
    people(mine, other)
    sign_in(client, "supervisor", mine)
    factories.post_form(client, "/admin/applicant/ekspor/csv", {})
    job = DataJob.get(DataJob.kind == "export")
    urls = [f"/admin/applicant/ekspor/berkas/{job.id}/{tail}" for tail in ("", "status", "unduh")]
    assert [status(client, url) for url in urls] == [200, 200, 200]
    for office, role in ((other, "supervisor"), (other, "admin"), (mine, "admin")):
        stranger = app.test_client()
        sign_in(stranger, role, office)
        assert [status(stranger, url) for url in urls] == [404, 404, 404], (office, role)
    # the job of the applicant list is not reached through the application list either
    assert status(client, f"/admin/application/ekspor/berkas/{job.id}/unduh") == 404


def test_the_counter_officer_may_not_download_an_export(app, client, offices):
    mine, other = offices
    people(mine, other)
    sign_in(client, "supervisor", mine)
    factories.post_form(client, "/admin/applicant/ekspor/csv", {})
    job = DataJob.get(DataJob.kind == "export")
    counter = app.test_client()
    sign_in(counter, "petugas", mine)
    assert status(counter, f"/admin/applicant/ekspor/berkas/{job.id}/unduh") == 403


def test_the_job_waits_its_turn_on_the_queue_and_its_status_is_polled(
    app, client, offices, queued
):
    """The request only records and queues the job ("Menunggu giliran"); a worker taking it
    from the queue makes the file, which the polled status then offers."""
    mine, other = offices
    people(mine, other)
    sign_in(client, "supervisor", mine)
    page = factories.post_form(client, "/admin/applicant/ekspor/csv", {}, follow_redirects=True)
    assert "jobs.js" in page.get_data(as_text=True)  # polled by the static script
    job = DataJob.get(DataJob.kind == "export")
    state = client.get(f"/admin/applicant/ekspor/berkas/{job.id}/status").get_json()
    assert state["status"] == "queued"  # and no worker runs: the officer is told so
    assert state["label"].startswith("Menunggu giliran, tetapi belum ada pekerja antrean")
    records.beat("mesin-b:7")  # a worker starts
    state = client.get(f"/admin/applicant/ekspor/berkas/{job.id}/status").get_json()
    assert state["label"] == "Menunggu giliran"
    assert queued() == [job.id]
    worker_tasks.run_job.call_local(job.id)  # what a worker does with the message
    state = client.get(f"/admin/applicant/ekspor/berkas/{job.id}/status").get_json()
    assert state["status"] == "ready" and state["label"] == "Siap diunduh"
    with client.get(f"/admin/applicant/ekspor/berkas/{job.id}/unduh") as download:
        data = download.data
    assert len(data.decode("utf-8-sig").splitlines()) == 1 + 4


def test_an_xlsx_past_excels_rows_fails_with_the_reason_and_leaves_no_file(
    client, offices, monkeypatch
):
    mine, other = offices
    people(mine, other)
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 3)
    sign_in(client, "supervisor", mine)
    page = factories.post_form(client, "/admin/applicant/ekspor/xlsx", {}, follow_redirects=True)
    job = DataJob.get(DataJob.kind == "export")
    assert job.status == "failed" and "Ekspor sebagai CSV" in page.get_data(as_text=True)
    assert not JobFile.select().where(JobFile.job == job.id).exists()
    assert status(client, f"/admin/applicant/ekspor/berkas/{job.id}/unduh") == 404


def test_an_export_file_is_deleted_after_the_keeping_days(client, offices):
    mine, other = offices
    people(mine, other)
    sign_in(client, "supervisor", mine)
    factories.post_form(client, "/admin/applicant/ekspor/csv", {})
    job = DataJob.get(DataJob.kind == "export")
    assert export_tasks.remove_expired(job.finished_at + dt.timedelta(days=6)) == 0
    assert export_tasks.remove_expired(job.finished_at + dt.timedelta(days=8)) == 1
    assert not JobFile.select().where(JobFile.job == job.id).exists()
    page = client.get(f"/admin/applicant/ekspor/berkas/{job.id}/").get_data(as_text=True)
    assert "Berkas dihapus setelah 7 hari" in page
    assert status(client, f"/admin/applicant/ekspor/berkas/{job.id}/unduh") == 404


def test_a_link_never_starts_a_job_only_the_button_does(client, offices):
    """Following the Ekspor link (a GET, also what a page elsewhere could make a browser do)
    shows what will happen and a "Buat berkas" button; only its POST, with the CSRF token,
    starts the job. Without the token nothing starts."""
    mine, other = offices
    people(mine, other)
    sign_in(client, "supervisor", mine)
    url = "/admin/applicant/ekspor/csv?search=Luh"
    page = client.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "lebih dari\n2 baris" in text and "Buat berkas" in text
    assert 'action="/admin/applicant/ekspor/csv?search=Luh"' in text
    assert 'href="/admin/applicant/?search=Luh"' in text  # back to the list as it was
    assert DataJob.select().count() == 0
    assert not AuditEntry.select().where(AuditEntry.action == "download").exists()
    assert client.post(url).status_code == 400  # no CSRF token
    assert DataJob.select().count() == 0
    asked = factories.post_form(client, url, {})
    assert asked.status_code == 302 and DataJob.select().count() == 1
    again = factories.post_form(client, "/admin/applicant/ekspor/xlsx?search=Luh", {})
    listed = client.get(again.location).get_data(as_text=True)
    assert "<td>search=Luh</td>" in listed  # the earlier export, with what it was made of


@pytest.mark.parametrize(
    ("change", "reason"),
    [({"active": False}, "tidak aktif lagi"), ({"office": "other"}, "sudah pindah dinas"),
     ({"role": "petugas"}, "tidak lagi berhak mengunduh")],
)
def test_an_account_deactivated_or_moved_before_the_worker_runs_gets_no_file(
    client, offices, queued, change, reason
):
    """The worker shows the list to the asking account as it is when it runs: deactivated,
    or moved to another office (whose rows the file would then hold, under the first
    office's job), it makes no file and says why."""
    from backoffice.models import User

    mine, other = offices
    people(mine, other)
    user = sign_in(client, "supervisor", mine)
    factories.post_form(client, "/admin/applicant/ekspor/csv", {})
    job = DataJob.get(DataJob.kind == "export")
    fields = {"office": other.id} if change.get("office") else change
    User.update(**fields).where(User.id == user.id).execute()
    worker_tasks.run_job.call_local(job.id)
    done = DataJob.get_by_id(job.id)
    assert done.status == "failed" and reason in done.message
    assert not JobFile.select().where(JobFile.job == job.id).exists()
