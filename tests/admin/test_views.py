"""Every back-office page opens for the administrator: no view ends in a server error."""

import re

import pytest

from backoffice.admin import VIEWS
from backoffice.models import Application, Complaint, Quota, SurveyResponse

ENDPOINTS = [endpoint for *_, endpoint in VIEWS]


@pytest.fixture
def records(make_applicant, make_service):
    service = make_service()
    applicant = make_applicant()
    office = service.standard.office
    Application.create(applicant=applicant, service=service)
    Quota.create(village=applicant.village_id, year=2026, funding_source="APBD", allocation=10)
    Complaint.create(office=office, channel="whatsapp", content="Kartu belum aktif.")
    SurveyResponse.create(office=office, date="2026-11-01",
                          **{f"u{n}": 3 for n in range(1, 10)})


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_and_details_open_for_the_administrator(client, login, records, endpoint):
    login("admin")
    response = client.get(f"/admin/{endpoint}/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Daftar" in html
    match = re.search(rf'href="/admin/{endpoint}/details/\?id=([^&"]+)', html)
    if match:
        assert client.get(f"/admin/{endpoint}/details/?id={match.group(1)}").status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_create_form_opens_where_creating_is_allowed(client, login, endpoint):
    login("admin")
    response = client.get(f"/admin/{endpoint}/new/")
    assert response.status_code in (200, 302)


def test_coded_values_show_their_indonesian_label(client, login, make_service):
    make_service()  # its standard is published
    login("webmaster")
    html = client.get("/admin/standard/").get_data(as_text=True)
    assert "Terbit" in html and ">published<" not in html.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize("view", ["applicant", "application"])
def test_search_box_says_what_it_searches(client, login, view):
    login("petugas")
    html = client.get(f"/admin/{view}/").get_data(as_text=True)
    assert 'placeholder="Cari: NIK, No. KK, Nama"' in html


def test_inline_child_forms_speak_indonesian(client, login, make_office, make_service):
    office = make_office()
    service = make_service(office=office)
    login("admin")
    office_form = client.get(f"/admin/office/edit/?id={office.id}").get_data(as_text=True)
    service_form = client.get(f"/admin/service/edit/?id={service.id}").get_data(as_text=True)

    for title in ("Jam layanan", "Saluran pengaduan", "Libur kantor"):
        assert f"Baru: {title}" in office_form
    assert "Baru: Persyaratan" in service_form and "Baru: Langkah prosedur" in service_form
    assert "OfficeHours" not in office_form and "Weekday" not in office_form
