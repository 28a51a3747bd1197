"""What staff type reaches the record: a NIK with spaces, a date day first, a time in the
office's zone, no phone; a bad date says why."""

import datetime

from backoffice.models import Applicant, Application, Complaint
from tests.factories import KARANGASEM_VILLAGE, PASSWORD, log_out, post_form, valid_nik

NEW_APPLICANT = "/admin/applicant/new/"


def applicant_form(**changes):
    nik = valid_nik()  # a woman of Rendang born 23-10-1965
    values = {
        "nik": " ".join(nik[i : i + 4] for i in range(0, 16, 4)),
        "kk": "5107.0101.0120.9999",
        "name": "Ni Wayan Sari",
        "birth_date": "23-10-1965",
        "sex": "P",
        "family_role": "kepala",
        "address": "Banjar Kaja",
        "village": KARANGASEM_VILLAGE,
        "phone": "",
        "work_status": "BP",
        "dtsen_status": "belum_dicek",
    }
    return nik, values | changes


def test_applicant_typed_as_on_the_ktp_without_a_phone_is_saved(client, login):
    login("petugas")
    nik, form = applicant_form()
    assert post_form(client, NEW_APPLICANT, form).status_code == 302
    saved = Applicant.get()
    assert (saved.nik, saved.kk, saved.phone) == (nik, "5107010101209999", "")
    assert saved.birth_date == datetime.date(1965, 10, 23)


def test_a_nik_copied_with_invisible_characters_is_saved_and_found(client, login):
    """Copied from WhatsApp: a zero-width space and a byte-order mark the officer cannot
    see (was refused with "max 16 characters"); the same text typed in the search finds it."""
    login("petugas")
    nik, form = applicant_form()
    typed = f"\ufeff{nik[:8]}\u200b{nik[8:]}\u200b"
    assert post_form(client, NEW_APPLICANT, form | {"nik": typed}).status_code == 302
    assert Applicant.get().nik == nik
    html = client.get("/admin/applicant/", query_string={"search": typed}).get_data(as_text=True)
    assert "Ni Wayan Sari" in html


def test_impossible_birth_date_says_the_day_does_not_exist(client, login):
    login("petugas")
    _, form = applicant_form(birth_date="31/02/1990")
    html = post_form(client, NEW_APPLICANT, form).get_data(as_text=True)
    assert "Tanggal 31 Februari tidak ada." in html and "wajib diisi" not in html
    assert not Applicant.select().exists()


def test_nik_typed_with_spaces_finds_the_applicant(client, login, make_applicant):
    applicant = make_applicant()
    login("petugas")
    typed = " ".join(applicant.nik[i : i + 4] for i in range(0, 16, 4))
    html = client.get("/admin/applicant/", query_string={"search": typed}).get_data(as_text=True)
    assert applicant.name in html


def test_response_time_is_typed_in_the_office_zone_and_stored_in_utc(client, login, make_office):
    office = make_office(time_zone="WITA")
    complaint = Complaint.create(office=office, channel="surat", content="Kartu belum aktif.")
    login("admin")  # no office: the configured zone, so set the office's user
    url = f"/admin/complaint/edit/?id={complaint.id}"
    form = {
        "office": office.id,
        "channel": "surat",
        "content": "Kartu belum aktif.",
        "received_at": "02-03-2026 09.00",
    }
    from tests.factories import make_user
    from tests.factories import post_form as post

    officer = make_user(role="supervisor", office=office)
    log_out(client)
    post(client, "/login", {"username": officer.username, "password": PASSWORD})
    assert post(client, url, form).status_code == 302
    assert Complaint.get_by_id(complaint.id).received_at == datetime.datetime(2026, 3, 2, 1, 0)
    assert "02-03-2026 09.00" in client.get(url).get_data(as_text=True)


def test_new_year_03_wita_application_counts_in_the_new_year(
    client, login, make_office, make_service, make_applicant, make_user
):
    office = make_office(time_zone="WITA")
    service = make_service(office=office)
    stamp = datetime.datetime(2025, 12, 31, 19, 0)  # 1 January 2026 03.00 WITA
    Application.create(applicant=make_applicant(), service=service, received_at=stamp)
    officer = make_user(role="supervisor", office=office)
    post_form(client, "/login", {"username": officer.username, "password": PASSWORD})
    view = client.application.extensions["admin"][0]
    app_view = next(v for v in view._views if getattr(v, "endpoint", "") == "application")
    with client.application.test_request_context():
        app_view._refresh_filters_cache()
        key = next(k for k in app_view._filter_args if k.startswith("tahun"))
    html_2026 = client.get(f"/admin/application/?flt0_{key}=2026").get_data(as_text=True)
    html_2025 = client.get(f"/admin/application/?flt0_{key}=2025").get_data(as_text=True)
    assert "/admin/application/details/?id=" in html_2026
    assert "/admin/application/details/?id=" not in html_2025
