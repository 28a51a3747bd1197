"""Applicant forms: bad input gets an Indonesian message on the field and changes nothing."""

import datetime

import pytest

from backoffice.models import Applicant, AuditEntry
from tests.factories import KARANGASEM_VILLAGE, post_form, valid_nik

NEW = "/admin/applicant/new/"


def form_data(**overrides):
    data = {
        "nik": valid_nik(datetime.date(1965, 10, 23), "P"),
        "kk": "5107010101200001",
        "name": "Ni Luh Sukerti",
        "birth_place": "Amlapura",
        "birth_date": "1965-10-23",
        "sex": "P",
        "family_role": "kepala",
        "address": "Banjar Dinas Kaja No. 3",
        "village": KARANGASEM_VILLAGE,
        "phone": "0812-3456-7890",
        "work_status": "BP",
        "dtsen_status": "terdaftar",
        "dtsen_decile": "2",
        "notes": "",
    }
    data.update(overrides)
    return data


def create(client, **overrides):
    return post_form(client, NEW, form_data(**overrides))


def test_counter_officer_saves_a_valid_applicant(client, login):
    login("petugas")
    response = create(client)
    assert response.status_code == 302
    applicant = Applicant.get()
    assert applicant.name == "Ni Luh Sukerti"
    assert applicant.phone == "+6281234567890"
    assert applicant.village_id == KARANGASEM_VILLAGE
    assert AuditEntry.select().where(AuditEntry.action == "create").count() == 1


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("nik", "51070163106500", "NIK harus 16 digit angka"),
        ("nik", "5107016310650000", "0000"),
        ("nik", "9907016310650002", "Kode provinsi 99"),
        ("nik", "5107013210650002", "tanggal"),
        ("kk", "51070101012000AB", "No. KK harus 16 digit angka"),
        ("birth_date", "2099-01-01", "Tanggal lahir tidak boleh di masa depan."),
        ("name", "", "Wajib diisi."),
        ("name", "A" * 10000, "maksimal 100 karakter"),
        ("phone", "0812-ABCD", "Nomor"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(client, login, field, value, message):
    login("petugas")
    response = create(client, **{field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message.lower() in html.lower()
    assert Applicant.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.action == "create").count() == 0


def test_nik_birth_date_mismatch_needs_confirmation(client, login):
    login("petugas")
    nik = valid_nik(datetime.date(1965, 10, 23), "P")
    response = create(client, nik=nik, birth_date="1965-10-24")
    html = response.get_data(as_text=True)
    assert "berbeda" in html and "centang" in html.lower()
    assert Applicant.select().count() == 0
    response = create(client, nik=nik, birth_date="1965-10-24", confirm_warnings="y")
    assert response.status_code == 302
    assert Applicant.get().birth_date == datetime.date(1965, 10, 24)


def test_duplicate_nik_names_the_existing_person(client, login, make_applicant):
    existing = make_applicant(
        name="I Wayan Sudarsana", sex="L", birth_date=datetime.date(1970, 1, 5)
    )
    login("petugas")
    response = create(client, nik=existing.nik, sex="L", birth_date="1970-01-05", name="Orang Lain")
    assert "sudah terdaftar atas nama I Wayan Sudarsana" in response.get_data(as_text=True)
    assert Applicant.select().count() == 1


def test_search_finds_an_applicant_by_nik(client, login, make_applicant):
    wanted = make_applicant(name="Ni Made Suartini")
    make_applicant(name="I Ketut Suparta", sex="L")
    login("petugas")
    html = client.get(f"/admin/applicant/?search={wanted.nik}").get_data(as_text=True)
    assert "Ni Made Suartini" in html and "I Ketut Suparta" not in html


def test_list_shows_dates_in_indonesian_short_and_the_page_in_full(client, login, make_applicant):
    applicant = make_applicant(birth_date=datetime.date(1965, 10, 23))
    login("petugas")
    assert "23 Okt 1965" in client.get("/admin/applicant/").get_data(as_text=True)
    page = client.get(f"/admin/applicant/details/?id={applicant.id}").get_data(as_text=True)
    assert "23 Oktober 1965" in page


def test_form_labels_and_buttons_are_indonesian(client, login):
    login("petugas")
    html = client.get(NEW).get_data(as_text=True)
    for text in ("No. KK", "Tanggal lahir", "Desa/kelurahan", "Simpan"):
        assert text in html
    assert "Save" not in html and "Cancel" not in html


def test_every_problem_is_shown_at_once(client, login):
    login("petugas")
    html = create(client, nik="12AB", village="", birth_date="2099-01-01").get_data(as_text=True)
    assert "NIK hanya boleh berisi angka" in html or "NIK harus 16 digit" in html
    assert "Tanggal lahir tidak boleh di masa depan." in html
    assert html.count("Wajib diisi.") >= 1  # the village
    assert Applicant.select().count() == 0


def test_a_second_head_of_a_family_card_is_refused_next_to_the_role(client, login, make_applicant):
    login("petugas")  # of the installation: sees every office's people
    make_applicant(kk="5107010101200001", family_role="kepala", name="I Made Darma")
    html = create(client).get_data(as_text=True)  # the form's No. KK, as its head
    assert "sudah punya kepala keluarga terdaftar: I Made Darma" in html
    assert Applicant.select().count() == 1
    assert create(client, family_role="istri").status_code == 302
    assert Applicant.select().count() == 2
