"""Proposal batches in the back-office: the file for BPJS, and BPJS's result uploaded back."""

import datetime
import io

import openpyxl

from backoffice.domain import batches
from backoffice.models import Application, Office
from tests.factories import csrf_token

NOW = datetime.datetime(2026, 11, 10, 2, 0)


def proposed_batch(make_application, make_service, make_quota, make_user, office=None):
    make_quota(allocation=5)
    service = make_service(office=office) if office else make_service()
    apps = [make_application(service=service, status="eligible", received_at=NOW) for _ in range(2)]
    [batch] = batches.propose_batch([a.id for a in apps], make_user("supervisor"), NOW)
    return batch, apps


def test_the_batch_downloads_as_xlsx_with_niks_as_text(
    client, login, make_application, make_service, make_quota, make_user
):
    batch, apps = proposed_batch(make_application, make_service, make_quota, make_user)
    login("supervisor")

    response = client.get(f"/admin/batch/download/{batch.id}.xlsx")

    assert response.status_code == 200
    assert f'filename="{batch.number}.xlsx"' in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["NIK", "No. KK", "Nama Lengkap"]
    assert {sheet.cell(row=r, column=1).value for r in (2, 3)} == {a.applicant.nik for a in apps}


def test_the_csv_follows_the_offices_own_template(
    client, login, make_application, make_service, make_quota, make_user, make_office
):
    office = make_office(bpjs_export_columns="NO_KTP = nik\nNAMA_PESERTA = name\nKELAS = class")
    batch, apps = proposed_batch(make_application, make_service, make_quota, make_user, office)
    login("supervisor")  # batch files of personal data: supervisors and admins only

    text = client.get(f"/admin/batch/download/{batch.id}.csv").data.decode("utf-8-sig")

    lines = text.strip().splitlines()
    assert lines[0] == "NO_KTP,NAMA_PESERTA,KELAS"
    assert lines[1].endswith(",3") and len(lines) == 3


def upload(client, filename, data, batch_id=""):
    token = csrf_token(client.get("/admin/batch/activations").get_data(as_text=True))
    return client.post(
        "/admin/batch/activations",
        data={"csrf_token": token, "batch": str(batch_id), "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_uploading_the_result_file_activates_the_members(
    client, login, make_application, make_service, make_quota, make_user
):
    batch, apps = proposed_batch(make_application, make_service, make_quota, make_user)
    login("petugas")
    rows = f"NIK;No Kartu;TMT\n{apps[0].applicant.nik};0001234567890;10-11-2026\n"

    html = upload(client, "hasil.csv", rows.encode(), batch.id).get_data(as_text=True)

    assert "1 peserta dicatat aktif" in html
    activated = Application.get_by_id(apps[0].id)
    assert (activated.status, activated.bpjs_card_number) == ("activated", "0001234567890")
    assert Application.get_by_id(apps[1].id).status == "proposed"


def test_a_bad_result_file_is_refused_next_to_the_field_and_changes_nothing(
    client, login, make_application, make_service, make_quota, make_user
):
    batch, apps = proposed_batch(make_application, make_service, make_quota, make_user)
    login("petugas")
    rows = f"NIK,No Kartu\n{apps[0].applicant.nik},12345\n"

    html = upload(client, "hasil.csv", rows.encode()).get_data(as_text=True)

    assert "13 angka" in html and "help-block" in html
    assert {a.status for a in Application.select()} == {"proposed"}


def test_a_wrong_export_template_is_refused_on_the_office_form(client, login, make_office):
    office = make_office()
    login("admin")
    page = client.get(f"/admin/office/edit/?id={office.id}").get_data(as_text=True)
    form = {
        "slug": office.slug,
        "name": office.name,
        "short_name": office.short_name,
        "province": "51",
        "time_zone": "WITA",
        "cutoff_day": "20",
        "bpjs_export_columns": "NIK = nik\nNama = nama_lengkap",
        "csrf_token": csrf_token(page),
    }

    html = client.post(f"/admin/office/edit/?id={office.id}", data=form).get_data(as_text=True)

    assert "Baris 2" in html and "nama_lengkap" in html
    assert Office.get_by_id(office.id).bpjs_export_columns == ""


def test_the_batch_csv_is_streamed_from_one_query_whatever_its_size(
    client, login, make_application, make_service, make_quota, make_user
):
    from playhouse.test_utils import count_queries

    login("supervisor")
    make_quota(allocation=10)
    counts = []
    for size in (2, 6):
        service = make_service()
        apps = [make_application(service=service, status="eligible", received_at=NOW)
                for _ in range(size)]  # fmt: skip
        [batch] = batches.propose_batch([a.id for a in apps], make_user("supervisor"), NOW)
        with count_queries() as counted:
            response = client.get(f"/admin/batch/download/{batch.id}.csv")
            lines = b"".join(response.response).decode("utf-8-sig").strip().splitlines()
        assert response.is_streamed and len(lines) == size + 1
        counts.append(counted.count)
    assert counts[0] == counts[1]
