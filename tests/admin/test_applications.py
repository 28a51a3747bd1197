"""Application forms: one open application of a service per person."""

from backoffice.models import Application
from tests.factories import PASSWORD, csrf_token, post_form

NEW = "/admin/application/new/"


def test_counter_officer_registers_an_application(client, login, make_applicant, make_service):
    applicant, service = make_applicant(), make_service()
    login("petugas")
    response = post_form(
        client,
        NEW,
        {"applicant": applicant.id, "service": service.id, "funding_source": "APBD", "notes": ""},
    )
    assert response.status_code == 302
    application = Application.get()
    assert application.status == "received" and application.applicant_id == applicant.id


def test_second_open_application_of_the_same_service_is_refused(
    client, login, make_applicant, make_service
):
    applicant, service = make_applicant(), make_service()
    Application.create(applicant=applicant, service=service, funding_source="APBD")
    login("petugas")
    response = post_form(
        client, NEW, {"applicant": applicant.id, "service": service.id, "funding_source": "APBN"}
    )
    assert "masih punya permohonan" in response.get_data(as_text=True)
    assert Application.select().count() == 1


def test_a_closed_application_does_not_block_a_new_one(client, login, make_applicant, make_service):
    applicant, service = make_applicant(), make_service()
    Application.create(applicant=applicant, service=service, status="ineligible")
    login("petugas")
    post_form(
        client, NEW, {"applicant": applicant.id, "service": service.id, "funding_source": "APBD"}
    )
    assert Application.select().count() == 2


def test_application_without_applicant_is_refused(client, login, make_service):
    service = make_service()
    login("petugas")
    response = post_form(client, NEW, {"service": service.id, "funding_source": "APBD"})
    assert response.status_code == 200
    assert Application.select().count() == 0
    assert "wajib diisi" in response.get_data(as_text=True).lower()


def test_status_is_not_editable_in_the_form(client, login, make_applicant, make_service):
    login("petugas")
    html = client.get(NEW).get_data(as_text=True)
    assert 'name="status"' not in html


def test_filter_by_status_and_search_by_nik(client, login, make_applicant, make_service):
    service = make_service()
    first, second = make_applicant(name="Ni Luh Sukerti"), make_applicant(name="Ni Made Rai")
    Application.create(applicant=first, service=service, status="proposed")
    Application.create(applicant=second, service=service, status="received")
    login("supervisor")
    html = client.get("/admin/application/?flt0_status_adalah=proposed").get_data(as_text=True)
    assert "Ni Luh Sukerti" in html and "Ni Made Rai" not in html
    html = client.get(f"/admin/application/?search={second.nik}").get_data(as_text=True)
    assert "Ni Made Rai" in html and "Ni Luh Sukerti" not in html


def test_deleting_an_applicant_with_applications_is_refused_and_keeps_both(
    client, login, make_applicant, make_service
):
    applicant = make_applicant()
    Application.create(applicant=applicant, service=make_service())
    login("supervisor")
    page = client.get("/admin/applicant/").get_data(as_text=True)

    response = client.post(
        "/admin/applicant/delete/",
        data={"id": applicant.id, "csrf_token": csrf_token(page), "url": "/admin/applicant/"},
        follow_redirects=True,
    )
    assert "masih dipakai" in response.get_data(as_text=True)
    assert Application.select().count() == 1


def test_times_show_in_the_officers_office_zone(client, make_user, make_office, make_applicant,
                                                make_service):
    import datetime
    import re

    office = make_office(time_zone="WITA")
    Application.create(applicant=make_applicant(), service=make_service(office=office),
                       received_at=datetime.datetime(2026, 11, 22, 6, 5))
    officer = make_user(role="petugas", office=office)
    post_form(client, "/login", {"username": officer.username, "password": PASSWORD})
    html = client.get("/admin/application/").get_data(as_text=True)
    assert re.search(r"22 November 2026\s+14.05 WITA", html)
