"""What an attacker's review found, each as the rule that now holds."""

import datetime
import io

import openpyxl
import pytest

from backoffice.domain import bpjs_files, file_limits
from backoffice.domain.errors import ValidationError
from backoffice.models import Application, Complaint
from tests.factories import csrf_token, post_form


def test_the_person_of_a_decided_application_cannot_be_swapped(
    client, login, make_application, make_applicant
):
    app = make_application(status="eligible")
    other = make_applicant()
    login("petugas")

    html = post_form(
        client,
        f"/admin/application/edit/?id={app.id}",
        {"applicant": other.id, "service": app.service_id, "funding_source": app.funding_source},
    ).text

    assert "Pemohon tidak dapat diganti" in html
    assert Application.get_by_id(app.id).applicant_id == app.applicant_id


@pytest.mark.parametrize("value", ["x", "\u00b2", "40.0", ""])
def test_a_ticked_document_that_is_not_a_number_is_refused_not_a_500(
    client, login, make_application, value
):
    app = make_application()
    login("petugas")
    token = csrf_token(client.get(f"/admin/application/details/?id={app.id}").text)

    response = client.post(
        f"/admin/application/documents/{app.id}",
        data={"requirement": value, "csrf_token": token},
        follow_redirects=True,
    )

    assert response.status_code == 200 and "bukan persyaratan" in response.text


@pytest.mark.parametrize("value", ["9223372036854775808", "\u00b2", "1e3"])
def test_a_drop_down_value_that_cannot_be_a_key_is_an_invalid_choice(
    client, login, make_office, value
):
    make_office()
    login("admin")

    response = post_form(
        client, "/admin/complaint/new/", {"office": value, "channel": "surat", "content": "Uji"}
    )

    assert response.status_code == 200
    assert not Complaint.select().exists()


@pytest.mark.parametrize(
    "url", ["/admin/application/ajax/lookup/?name=applicant&query=4%000", "/admin/?x=%00",
            "/survei/bali%00", "/admin/applicant/details/%00"]
)  # fmt: skip
def test_a_nul_character_is_a_bad_request(client, login, url):
    login("admin")
    assert client.get(url).status_code == 400


def test_a_nul_character_in_an_uploaded_files_name_is_a_bad_request(client, login):
    """The attacker's upload named "a\x00.csv" answered 500 on PostgreSQL."""
    login("supervisor")
    page = client.get("/admin/applicant_import/").get_data(as_text=True)
    answer = client.post("/admin/applicant_import/", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page), "file": (io.BytesIO(b"NIK\n"), "a\x00.csv")})
    assert answer.status_code == 400


def test_a_result_file_unpacking_to_too_many_rows_is_refused_early():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["NIK", "No Kartu"])
    for n in range(file_limits.BPJS_RESULT.rows + 5):
        sheet.append(["5107015508850001", f"{n:013d}"])
    data = io.BytesIO()
    book.save(data)

    with pytest.raises(ValidationError, match="lebih dari 50.000 baris"):
        bpjs_files.read_result_file("hasil.xlsx", data.getvalue())


def test_a_signed_in_session_lasts_one_working_day(app):
    assert app.permanent_session_lifetime == datetime.timedelta(hours=12)


def test_a_save_from_a_form_opened_before_someone_elses_save_is_refused(
    app, make_user, make_applicant
):
    from backoffice.models import Applicant
    from tests.admin.test_applicants import form_data
    from tests.factories import PASSWORD

    person = make_applicant(name="Nama Awal", phone="")
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        user = make_user("admin")
        post_form(client, "/login", {"username": user.username, "password": PASSWORD})
    url = f"/admin/applicant/edit/?id={person.id}"
    stale = second.get(url).text
    fields = form_data(nik=person.nik, kk=person.kk, name="Nama Awal", confirm_warnings="y")
    post_form(first, url, fields | {"name": "Nama Baru"})

    version = stale.split('name="loaded_version" type="hidden" value="')[1].split('"')[0]
    html = second.post(
        url,
        data=fields | {"phone": "081111111111", "loaded_version": version,
                       "csrf_token": csrf_token(stale)},
        follow_redirects=True,
    ).text  # fmt: skip

    assert "sudah diubah orang lain" in html
    saved = Applicant.get_by_id(person.id)
    assert saved.name == "Nama Baru" and saved.phone != "+6281111111111"
