"""Flash messages ride in Flask's session cookie, signed but readable by anyone holding it:
none may carry an applicant's name, NIK, KK, phone or address."""

import datetime
import json

import pytest

from backoffice.models import Applicant, Application
from tests.factories import KARANGASEM_VILLAGE, csrf_token, post_form, valid_nik

NAME, KK, PHONE, ADDRESS = "Ni Wayan Rahasiawati", "5107010101209999", "081234567890", "Jl. Sunyi 7"


def cookie_session(app, client) -> str:
    """The session cookie as its holder can read it."""
    cookie = client.get_cookie("session")
    if cookie is None:
        return ""
    data = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    return json.dumps(data, ensure_ascii=False, default=str)


def assert_private(app, client, nik):
    text = cookie_session(app, client)
    for secret in (NAME, nik, KK, PHONE, ADDRESS, "Rahasiawati"):
        assert secret not in text, f"{secret!r} in the session cookie: {text}"


@pytest.fixture
def person(make_applicant):
    return make_applicant(name=NAME, kk=KK, phone=PHONE, address=ADDRESS)


def test_saving_an_applicant_flashes_nothing_personal(app, client, login):
    login("petugas")
    nik = valid_nik(datetime.date(1965, 10, 23), "P")
    data = {
        "nik": nik, "kk": KK, "name": NAME, "birth_place": "Amlapura",
        "birth_date": "1965-10-23", "sex": "P", "family_role": "kepala", "address": ADDRESS,
        "village": KARANGASEM_VILLAGE, "phone": PHONE, "work_status": "BP",
        "dtsen_status": "terdaftar", "dtsen_decile": "2", "notes": "",
    }  # fmt: skip
    response = post_form(client, "/admin/applicant/new/", data)
    assert response.status_code == 302
    assert_private(app, client, nik)
    applicant = Applicant.get(Applicant.nik == nik)
    post_form(client, f"/admin/applicant/edit/?id={applicant.id}", data | {"notes": "ok"})
    assert_private(app, client, nik)


def test_workflow_and_bulk_actions_flash_nothing_personal(
    app, client, login, person, make_application
):
    login("supervisor")
    unready = make_application(applicant=person, status="received")
    token = csrf_token(client.get("/admin/application/").get_data(as_text=True))
    for action in ("propose", "decide_eligible", "print_receipts"):
        client.post(
            "/admin/application/action/",
            data={"action": action, "rowid": [str(unready.id)], "csrf_token": token},
        )
        assert_private(app, client, person.nik)
    post_form(client, f"/admin/application/move/{unready.id}/verify", {})
    assert_private(app, client, person.nik)


def test_refused_deletes_and_bad_filters_flash_nothing_personal(
    app, client, login, person, make_application
):
    login("admin")
    make_application(applicant=person)
    page = client.get("/admin/applicant/").get_data(as_text=True)
    client.post(
        "/admin/applicant/delete/",
        data={"id": str(person.id), "csrf_token": csrf_token(page)},
    )
    assert Applicant.get_or_none(Applicant.id == person.id) is not None
    assert_private(app, client, person.nik)
    client.get(f"/admin/application/?flt0_tahun_diterima_tahun={person.nik}")
    assert_private(app, client, person.nik)


def test_a_duplicate_application_is_refused_without_a_flash_of_the_name(
    app, client, login, person, make_application
):
    login("petugas")
    existing = make_application(applicant=person)
    post_form(
        client,
        "/admin/application/new/",
        {"applicant": person.id, "service": existing.service_id, "funding_source": "APBD"},
    )
    assert Application.select().count() == 1
    assert_private(app, client, person.nik)
