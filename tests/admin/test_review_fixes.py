"""Defects a newcomer's walk found, each as the rule that now holds."""

import datetime

from backoffice.domain import batches
from backoffice.models import Application, Quota, User
from tests.admin.test_applicants import form_data
from tests.factories import PASSWORD, csrf_token, log_out, post_form

NOW = datetime.datetime(2026, 11, 2, 2, 0)


def sign_in(client, user):
    log_out(client)
    post_form(client, "/login", {"username": user.username, "password": PASSWORD})


def test_the_service_of_a_proposed_application_cannot_be_changed(
    client, make_user, make_office, make_service, make_application, make_quota
):
    office = make_office()
    service, other = make_service(office=office), make_service(office=office, kind="termination")
    make_quota(allocation=5)
    app = make_application(service=service, status="eligible", funding_source="APBD")
    batches.propose_batch([app.id], make_user("supervisor", office=office), NOW)
    sign_in(client, make_user("petugas", office=office))

    html = post_form(
        client,
        f"/admin/application/edit/?id={app.id}",
        {"applicant": app.applicant_id, "service": other.id, "funding_source": "APBN"},
    ).text

    assert "tidak dapat diubah setelah berkas lengkap" in html
    saved = Application.get_by_id(app.id)
    assert (saved.service_id, saved.funding_source) == (service.id, "APBD")


def test_the_notes_of_a_proposed_application_stay_editable(
    client, make_user, make_office, make_service, make_application
):
    office = make_office()
    app = make_application(service=make_service(office=office), status="proposed")
    sign_in(client, make_user("petugas", office=office))

    post_form(
        client,
        f"/admin/application/edit/?id={app.id}",
        {"applicant": app.applicant_id, "service": app.service_id,
         "funding_source": app.funding_source, "notes": "Telepon BPJS 3 Des"},
    )  # fmt: skip

    assert Application.get_by_id(app.id).notes == "Telepon BPJS 3 Des"


def test_one_officers_error_does_not_mark_the_next_officers_form(client, login):
    login("petugas")
    post_form(client, "/admin/applicant/new/", form_data(nik="123", name=""))

    fresh = client.get("/admin/applicant/new/").text

    assert "is-invalid" not in fresh


def test_an_account_needs_a_role_and_an_office_role_needs_an_office(client, login):
    login("admin")
    base = {"username": "baru", "password": "kata-sandi-2026-x", "active": "y"}

    no_role = post_form(client, "/admin/account/new/", base).text
    no_office = post_form(client, "/admin/account/new/", base | {"role": "petugas"}).text

    assert "Kolom ini wajib diisi." in no_role.split('id="role"')[1]
    assert "hanya administrator instalasi boleh tanpa dinas" in no_office
    assert not User.select().where(User.username == "baru").exists()


def test_a_provincial_office_does_not_see_its_regencies_own_quotas(
    client, make_user, make_office, make_quota
):
    regency_office = make_office(regency="51.07")
    province_office = make_office(regency=None)
    make_quota(village="51.07.01.2001", allocation=7)
    make_quota(village="51.71.01.1001", allocation=9)  # Denpasar: no office of its own here
    sign_in(client, make_user("supervisor", office=province_office))

    html = client.get("/admin/quota/").text
    karangasem = Quota.get(Quota.village == "51.07.01.2001")

    assert client.get(f"/admin/quota/edit/?id={karangasem.id}").status_code == 404
    assert f"id={karangasem.id}&" not in html and regency_office.id


def test_an_officer_changes_their_own_password_and_other_sessions_end(app, make_user):
    user = make_user("petugas")
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    page = here.get("/akun/kata-sandi").text

    response = here.post(
        "/akun/kata-sandi",
        data={"current": PASSWORD, "new": "kata-sandi-baru-1", "repeat": "kata-sandi-baru-1",
              "csrf_token": csrf_token(page)},
    )  # fmt: skip

    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302  # sent to the login page
    assert User.get_by_id(user.id).check_password("kata-sandi-baru-1")


def test_a_wrong_current_password_changes_nothing(client, make_user):
    user = make_user("petugas")
    sign_in(client, user)

    html = post_form(
        client, "/akun/kata-sandi",
        {"current": "salah-sekali", "new": "kata-sandi-baru-1", "repeat": "kata-sandi-baru-1"},
    ).text  # fmt: skip

    assert "Kata sandi sekarang salah." in html
    assert User.get_by_id(user.id).check_password(PASSWORD)
