"""Berkas usulan BPJS made by the queue (issue 17): past the threshold (lowered here to 1
person) the batch's file is a job started by a button, with a page polling it and a download
once ready; the file is the one streamed for a small batch; only accounts of the batch's
office with the batches "download" permission see the job; making and downloading are
audited."""

import datetime
import io

import openpyxl
import pytest

from backoffice.domain import batches
from backoffice.models import AuditEntry, DataJob, Office, ProposalBatch
from backoffice.tasks import records
from tests import factories

NOW = datetime.datetime(2026, 11, 10, 2, 0)


@pytest.fixture
def office(app):
    app.config["LOKET_BATCH_BACKGROUND_ROWS"] = 1
    return factories.make_office(slug="karangasem")


def proposed(office, size=2) -> ProposalBatch:
    factories.make_quota(allocation=size)
    service = factories.make_service(office=office)
    apps = [
        factories.make_application(service=service, status="eligible", received_at=NOW)
        for _ in range(size)
    ]
    [batch] = batches.propose_batch([a.id for a in apps], factories.make_user("supervisor"), NOW)
    return batch


def sign_in(client, office, role="supervisor"):
    user = factories.make_user(role=role, office=office)
    factories.post_form(client, "/login", {"username": user.username,
                                           "password": factories.PASSWORD})  # fmt: skip
    return user


def make_file(client, batch, fmt):
    """Press "Buat berkas" on the batch's confirm page (GET, then POST with its token)."""
    return factories.post_form(client, f"/admin/batch/download/{batch.id}.{fmt}", {})


def downloaded(client, job) -> bytes:
    with client.get(f"/admin/batch/berkas/{job.id}/unduh") as response:
        assert response.status_code == 200
        assert f'filename="{job.filename}"' in response.headers["Content-Disposition"]
        return response.data


def status(client, url: str) -> int:
    with client.get(url) as response:
        return response.status_code


def test_a_large_batch_asks_for_a_button_and_a_get_starts_no_job(client, office):
    batch = proposed(office)
    sign_in(client, office)

    page = client.get(f"/admin/batch/download/{batch.id}.csv").get_data(as_text=True)

    assert "Buat berkas" in page and 'method="post"' in page and "2 orang" in page
    assert DataJob.select().count() == 0


def test_a_post_without_the_csrf_token_starts_no_job(client, office):
    batch = proposed(office)
    sign_in(client, office)

    assert client.post(f"/admin/batch/download/{batch.id}.csv").status_code == 400
    assert DataJob.select().count() == 0


def test_the_batch_csv_made_by_the_queue_is_the_one_streamed_for_a_small_batch(app, client, office):
    batch = proposed(office)
    sign_in(client, office)
    app.config["LOKET_BATCH_BACKGROUND_ROWS"] = 100
    streamed = client.get(f"/admin/batch/download/{batch.id}.csv").data
    app.config["LOKET_BATCH_BACKGROUND_ROWS"] = 1

    asked = make_file(client, batch, "csv")

    job = DataJob.get(DataJob.kind == "batch")
    assert asked.status_code == 302 and asked.location.endswith(f"/admin/batch/berkas/{job.id}/")
    assert (job.status, job.filename, job.office_id) == ("ready", f"{batch.number}.csv", office.id)
    page = client.get(asked.location).get_data(as_text=True)
    assert "Berkas siap: 2 orang." in page and f"Unduh {batch.number}.csv" in page
    assert downloaded(client, job) == streamed
    assert streamed.decode("utf-8-sig").splitlines()[0].startswith("NIK,No. KK,Nama Lengkap")


def test_the_batch_xlsx_made_by_the_queue_keeps_niks_as_text(client, office):
    batch = proposed(office)
    sign_in(client, office)

    make_file(client, batch, "xlsx")

    job = DataJob.get(DataJob.kind == "batch")
    sheet = openpyxl.load_workbook(io.BytesIO(downloaded(client, job))).active
    assert [cell.value for cell in sheet[1]][:3] == ["NIK", "No. KK", "Nama Lengkap"]
    niks = {a.applicant.nik for a in batch.applications}
    assert {sheet.cell(row=r, column=1).value for r in (2, 3)} == niks
    assert sheet["A2"].data_type == "s"


def test_the_job_file_follows_the_offices_own_template(client, app):
    app.config["LOKET_BATCH_BACKGROUND_ROWS"] = 1
    office = factories.make_office(bpjs_export_columns="NO_KTP = nik\nNAMA = name\nKELAS = class")
    batch = proposed(office)
    sign_in(client, office)

    make_file(client, batch, "csv")

    lines = downloaded(client, DataJob.get()).decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "NO_KTP,NAMA,KELAS" and lines[1].endswith(",3") and len(lines) == 3


def test_a_wrong_office_template_is_told_at_once_and_queues_nothing(client, app):
    app.config["LOKET_BATCH_BACKGROUND_ROWS"] = 1
    office = factories.make_office(bpjs_export_columns="NIK = nik\nNama = nama_lengkap")
    batch = proposed(office)
    sign_in(client, office)
    token = factories.csrf_token(client.get("/admin/batch/activations").get_data(as_text=True))

    asked = client.post(f"/admin/batch/download/{batch.id}.csv", data={"csrf_token": token},
                        follow_redirects=True)  # fmt: skip

    page = asked.get_data(as_text=True)
    assert "Template kolom BPJS dinas ini salah: Baris 2" in page and "nama_lengkap" in page
    assert DataJob.select().count() == 0


def test_a_template_made_wrong_while_queued_fails_the_job_with_the_reason(client, office, queued):
    batch = proposed(office)
    sign_in(client, office)
    make_file(client, batch, "csv")
    job = DataJob.get()
    waiting = client.get(f"/admin/batch/berkas/{job.id}/").get_data(as_text=True)
    assert "Menunggu giliran" in waiting and "data-job-status-url" in waiting
    Office.update(bpjs_export_columns="NIK = nik\nNama = nama_lengkap").execute()

    records.run(job.id)

    failed = DataJob.get_by_id(job.id)
    assert failed.status == "failed"
    assert failed.message.startswith("Template kolom BPJS dinas ini salah: Baris 2")
    assert status(client, f"/admin/batch/berkas/{job.id}/unduh") == 404


def test_a_batch_gone_while_queued_fails_the_job(client, office, queued):
    batch = proposed(office)
    sign_in(client, office)
    make_file(client, batch, "csv")
    job = DataJob.get()
    ProposalBatch.delete_by_id(batch.id)  # its applications' batch becomes NULL

    records.run(job.id)

    assert DataJob.get_by_id(job.id).message == "Usulan ini tidak ada lagi."


def test_the_status_polled_by_the_page_follows_the_job(client, office, queued):
    batch = proposed(office)
    sign_in(client, office)
    make_file(client, batch, "csv")
    job = DataJob.get()
    url = f"/admin/batch/berkas/{job.id}/status"
    records.beat("mesin-b:7")  # a worker runs
    waiting = client.get(url).get_json()
    assert (waiting["status"], waiting["label"], waiting["finished"]) == (
        "queued", "Menunggu giliran", False)  # fmt: skip

    records.run(job.id)

    state = client.get(url).get_json()
    assert (state["status"], state["finished"], state["progress"]) == ("ready", True, 2)


def test_another_offices_account_gets_404_for_the_job_its_file_and_the_batch(app, office):
    batch = proposed(office)
    mine, theirs = app.test_client(), app.test_client()
    sign_in(mine, office)
    make_file(mine, batch, "csv")
    job = DataJob.get()
    sign_in(theirs, factories.make_office(slug="lain"))

    for page in ("", "status", "unduh"):
        assert status(theirs, f"/admin/batch/berkas/{job.id}/{page}") == 404
    token = factories.csrf_token(theirs.get("/admin/batch/activations").get_data(as_text=True))
    asked = theirs.post(f"/admin/batch/download/{batch.id}.csv", data={"csrf_token": token})
    assert asked.status_code == 404 and DataJob.select().count() == 1


def test_every_account_of_the_office_with_download_sees_its_batch_files(app, office):
    batch = proposed(office)
    first, colleague, counter = app.test_client(), app.test_client(), app.test_client()
    sign_in(first, office)
    make_file(first, batch, "csv")
    job = DataJob.get()
    sign_in(colleague, office)
    sign_in(counter, office, role="petugas")  # may read batches, not download their files

    assert status(colleague, f"/admin/batch/berkas/{job.id}/unduh") == 200
    assert status(counter, f"/admin/batch/berkas/{job.id}/") == 403


def test_an_import_job_is_not_a_batch_file(client, office):
    sign_in(client, office)
    other = DataJob.create(office=office, kind="import", area="applicants", filename="x.csv")

    assert status(client, f"/admin/batch/berkas/{other.id}/") == 404


def test_making_and_downloading_the_file_are_audited_as_the_asking_account(client, office):
    batch = proposed(office)
    user = sign_in(client, office)
    make_file(client, batch, "csv")
    job = DataJob.get()
    downloaded(client, job)

    entries = list(AuditEntry.select().where(AuditEntry.action == "download",
                                             AuditEntry.entity == "proposal_batch")
                   .order_by(AuditEntry.id))  # fmt: skip
    assert [e.summary for e in entries] == [
        f"Berkas usulan {batch.number}.csv (2 orang)",
        f"Unduh berkas usulan {batch.number}.csv (#{job.id}, 2 orang.)",
    ]
    assert {(e.user_id, e.office_id, e.object_id, e.ip) for e in entries} == {
        (user.id, office.id, str(batch.id), "127.0.0.1")
    }


def test_the_confirm_page_lists_the_files_already_made_of_the_batch(client, office):
    batch = proposed(office)
    sign_in(client, office)
    make_file(client, batch, "xlsx")

    page = client.get(f"/admin/batch/download/{batch.id}.csv").get_data(as_text=True)

    assert "Berkas usulan ini yang sudah dibuat" in page and f"{batch.number}.xlsx" in page
