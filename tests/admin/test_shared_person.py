"""A person shared by offices (issue 18, item 4): after "Pemohon dinas lain" the second office
serves the person, but their record stays the registering office's. The second office sees
it read-only (a change posted anyway is refused next to the field and nothing changes),
keeps its own note instead of reading the first office's, and asks the first office for a
correction, written in both offices' trails."""

import datetime
import io
import re

import pytest

from backoffice.domain import imports
from backoffice.domain.errors import ValidationError
from backoffice.models import Applicant, ApplicantNote, AuditEntry, Village
from tests.admin.test_every_form import read_form
from tests.factories import PASSWORD, log_out, post_form

INTERNAL = "Catatan internal Dinas A: rumah kontrak, sering pindah"


@pytest.fixture
def shared(make_office, make_user, make_applicant, make_service, make_application):
    """Office A registered a person; office B serves them (an application of B's)."""
    a = make_office(regency="51.07", name="Dinas Sosial Karangasem")
    b = make_office(regency="51.71", name="Dinas Sosial Kota Denpasar")
    person = make_applicant(office=a, name="Ni Luh Sukerti", notes=INTERNAL,
                            phone="+6281234567890")  # fmt: skip
    make_application(applicant=person, service=make_service(office=b))
    return a, b, person


def sign_in(client, make_user, office, role="petugas"):
    log_out(client)
    user = make_user(role=role, office=office)
    post_form(client, "/login", {"username": user.username, "password": PASSWORD})
    return user


def village_of(regency: str) -> str:
    villages = Village.select().where(Village.code.startswith(regency + "."))
    return villages.order_by(Village.code)[0].code


def edit_url(person) -> str:
    return f"/admin/applicant/edit/?id={person.id}"


def stored(person) -> dict:
    row = Applicant.get_by_id(person.id)
    return {k: v for k, v in row.__data__.items() if k != "updated_at"}


def browser_post(client, person, **changes):
    """Post the edit form as a browser does: every field the page offers, changed as given
    (a hand-made post sends held fields a browser would not)."""
    page = client.get(edit_url(person)).text
    data, _ = read_form(page)
    return client.post(edit_url(person), data={**data, **changes})


def test_another_offices_internal_notes_are_not_shown_to_the_office_serving_the_person(
    client, make_user, shared
):
    _, b, person = shared
    sign_in(client, make_user, b)

    details = client.get(f"/admin/applicant/details/?id={person.id}")
    form = client.get(edit_url(person))

    assert details.status_code == 200 and "Ni Luh Sukerti" in details.text
    assert INTERNAL not in details.text
    assert INTERNAL not in form.text


def test_the_serving_office_cannot_rewrite_the_persons_identity(client, make_user, shared):
    a, b, person = shared
    sign_in(client, make_user, b)
    before = stored(person)

    response = browser_post(client, person, nik="5107014310650099", kk="5107010101209999",
                            name="Orang Lain", address="Jalan Palsu 1", phone="0813-0000-0000",
                            birth_date="01-01-1990", village=village_of("51.71"),
                            notes="ditimpa")  # fmt: skip

    assert stored(person) == before
    message = f"Data orang ini dikelola {a.name}; minta {a.name} memperbaikinya."
    assert response.status_code == 200
    for name in ("nik", "kk", "name", "address", "phone", "birth_date", "village"):
        field = re.search(rf'id="{name}"[^>]*>.*?(<div class="invalid-feedback">.*?</div>)',
                          response.text, re.S)  # fmt: skip
        assert field and message in field.group(1), name


def test_the_serving_office_sees_the_record_read_only_with_whose_it_is(client, make_user, shared):
    a, b, person = shared
    sign_in(client, make_user, b)

    html = client.get(edit_url(person)).text

    for name in ("nik", "kk", "name", "address", "phone", "family_role"):
        tag = re.search(rf'<[^>]*\bid="{name}"[^>]*>', html).group(0)
        assert "disabled" in tag, name
    assert f"dikelola {a.name}" in html
    details = client.get(f"/admin/applicant/details/?id={person.id}").text
    assert f"dikelola {a.name}" in " ".join(details.split())


def test_each_office_keeps_its_own_note_about_a_shared_person(client, make_user, shared):
    a, b, person = shared
    sign_in(client, make_user, b)

    response = browser_post(client, person, notes="Dinas B: dihubungi lewat kepala dusun")

    assert response.status_code == 302
    assert Applicant.get_by_id(person.id).notes == INTERNAL
    note = ApplicantNote.get(ApplicantNote.applicant == person.id)
    assert note.office_id == b.id and note.text == "Dinas B: dihubungi lewat kepala dusun"
    assert "kepala dusun" in client.get(f"/admin/applicant/details/?id={person.id}").text
    sign_in(client, make_user, a)
    mine = client.get(f"/admin/applicant/details/?id={person.id}").text
    assert INTERNAL in mine and "kepala dusun" not in mine


def test_a_save_of_the_note_leaves_the_registering_offices_record_untouched(
    client, make_user, shared
):
    _, b, person = shared
    before = Applicant.get_by_id(person.id).updated_at
    sign_in(client, make_user, b)

    browser_post(client, person, notes="Catatan B")

    assert Applicant.get_by_id(person.id).updated_at == before  # A's open form stays valid
    entry = AuditEntry.get(AuditEntry.entity == "applicant_note")
    assert entry.office_id == b.id


def test_the_registering_office_still_edits_its_person(client, make_user, shared):
    a, _, person = shared
    sign_in(client, make_user, a)

    response = browser_post(client, person, phone="0813-1111-2222", address="Banjar Baru 7")

    assert response.status_code == 302
    changed = Applicant.get_by_id(person.id)
    assert changed.phone == "+6281311112222" and changed.address == "Banjar Baru 7"


def test_the_installation_administrator_corrects_any_record(client, make_user, shared):
    _, _, person = shared
    sign_in(client, make_user, None, role="admin")

    response = browser_post(client, person, name="Ni Luh Sukertiani")

    assert response.status_code == 302
    assert Applicant.get_by_id(person.id).name == "Ni Luh Sukertiani"


def test_a_correction_request_is_written_in_both_offices_trails(client, make_user, shared):
    a, b, person = shared
    user = sign_in(client, make_user, b)
    page = client.get(f"/admin/applicant/details/?id={person.id}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    response = client.post(
        f"/admin/applicant/perbaikan/{person.id}",
        data={"csrf_token": token, "text": "Alamat pindah ke Banjar Kaja 4"},
    )

    assert response.status_code == 302
    entries = list(AuditEntry.select().where(AuditEntry.action == "correction"))
    assert {e.office_id for e in entries} == {a.id, b.id}
    assert all("Banjar Kaja 4" in e.summary and e.user_id == user.id for e in entries)
    assert stored(person)["address"] == person.address  # a request, not a change
    sign_in(client, make_user, a, role="supervisor")
    theirs = client.get(f"/admin/applicant/details/?id={person.id}").text
    assert "Banjar Kaja 4" in theirs and b.name in theirs


def test_another_offices_person_is_not_deleted_by_the_serving_office(client, make_user, shared):
    a, b, person = shared
    sign_in(client, make_user, b, role="supervisor")
    page = client.get("/admin/applicant/").text

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/admin/applicant/delete/", data={"id": person.id, "csrf_token": token})
    listed = client.get("/admin/applicant/", follow_redirects=True).text

    assert Applicant.get_or_none(Applicant.id == person.id) is not None
    assert f"hanya {a.name} yang dapat menghapusnya" in listed


def test_an_import_of_the_serving_office_does_not_change_the_persons_record(shared):
    _, b, person = shared
    header = "NIK;NO_KK;NAMA;TGL_LAHIR;JENIS_KELAMIN;ALAMAT;KODE_DESA\n"
    row = f"{person.nik};{person.kk};Orang Lain;23-10-1965;P;Jalan Palsu;51.07.01.2001\n"
    checked = imports.check_file("pemohon.csv", io.BytesIO((header + row).encode()),
                                 today=datetime.date(2026, 11, 2))  # fmt: skip
    before = stored(person)

    with pytest.raises(ValidationError):
        imports.commit(checked, b)

    assert stored(person) == before
