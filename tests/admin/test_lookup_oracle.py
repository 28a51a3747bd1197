"""Look-ups of other offices' people are limited and audited (issue 18, item 5): the new-person
form named the holding office of 34 NIKs a second, with no trace. Now each find of another
office's person is recorded (who, address, when, whose person; a keyed hash of the NIK) and
audited in both offices' trails; past 30 an hour per account (or 100 per address) the form
names nobody, and answers every new NIK the same way, registered elsewhere or not.
The import's dry run and BPJS's result upload: tests/admin/test_lookup_oracle_bulk.py."""

import datetime

import pytest

from backoffice.domain import person_lookups
from backoffice.models import Applicant, Application, AuditEntry, PersonLookup
from backoffice.models.base import utcnow
from tests.admin.test_applicants import form_data
from tests.factories import PASSWORD, log_out, post_form, valid_nik

LIMIT = person_lookups.LIMITS[person_lookups.SINGLE][0].max_count  # 30 an hour


@pytest.fixture
def offices(make_office):
    return (make_office(regency="51.07", name="Dinas Sosial Karangasem"),
            make_office(regency="51.71", name="Dinas Sosial Kota Denpasar"))  # fmt: skip


def sign_in(client, make_user, office, role="petugas"):
    log_out(client)
    user = make_user(role=role, office=office)
    post_form(client, "/login", {"username": user.username, "password": PASSWORD})
    return user


def register(client, **fields):
    return post_form(client, "/admin/applicant/new/", form_data(**fields)).text


def used_up(user, address="127.0.0.1", count=LIMIT):
    """The account's single look-ups of the last hour spent (as if it had made them)."""
    now = utcnow()
    PersonLookup.insert_many([{"at": now - datetime.timedelta(minutes=5), "user": user.id,
                               "address": address, "office": user.office_id,
                               "nik_hash": f"{n:064d}", "path": "form"}
                              for n in range(count)]).execute()  # fmt: skip


def test_the_new_person_form_stops_naming_the_holding_office_past_the_account_limit(
    client, make_user, make_applicant, offices
):
    theirs, mine = offices
    held = [make_applicant(office=theirs) for _ in range(LIMIT + 1)]
    sign_in(client, make_user, mine)

    answers = [register(client, nik=person.nik) for person in held]

    assert all(f"sudah terdaftar di {theirs.name}" in html for html in answers[:LIMIT])
    last = answers[LIMIT]
    assert theirs.name not in last and "sudah terdaftar" not in last
    assert "sudah mencapai batas" in last and "Coba lagi setelah pukul" in last


def test_past_the_limit_a_nik_registered_nowhere_gets_the_same_answer(
    client, make_user, make_applicant, offices
):
    theirs, mine = offices
    held = make_applicant(office=theirs)
    user = sign_in(client, make_user, mine)
    used_up(user)

    elsewhere = register(client, nik=held.nik)
    nowhere = register(client, nik=valid_nik())

    def refusal(html):
        return html[html.index("Pemeriksaan NIK") :].split("<")[0]

    assert refusal(elsewhere) == refusal(nowhere)
    assert theirs.name not in elsewhere
    assert Applicant.select().count() == 1  # nothing registered while limited


def test_each_find_is_recorded_with_a_keyed_hash_and_audited_in_both_trails(
    client, make_user, make_applicant, offices
):
    theirs, mine = offices
    held = make_applicant(office=theirs)
    user = sign_in(client, make_user, mine)

    register(client, nik=held.nik)

    lookup = PersonLookup.get()
    assert (lookup.user_id, lookup.office_id, lookup.holder_id) == (user.id, mine.id, theirs.id)
    assert lookup.address == "127.0.0.1" and lookup.path == "form"
    assert lookup.nik_hash != held.nik and held.nik not in lookup.nik_hash
    assert len(lookup.nik_hash) == 64
    entries = list(AuditEntry.select().where(AuditEntry.action == "lookup"))
    assert {e.office_id for e in entries} == {mine.id, theirs.id}
    assert all(e.user_id == user.id and e.ip == "127.0.0.1" for e in entries)
    assert all(held.nik not in e.summary for e in entries)


def test_the_address_limit_holds_across_accounts(client, make_user, make_applicant, offices):
    theirs, mine = offices
    held = make_applicant(office=theirs)
    colleague = make_user(role="petugas", office=mine)
    address_limit = person_lookups.LIMITS[person_lookups.SINGLE][1].max_count
    used_up(colleague, count=address_limit)  # other counters behind the office's one address
    sign_in(client, make_user, mine)

    html = register(client, nik=held.nik)

    assert "sudah mencapai batas" in html and theirs.name not in html


def test_a_nik_of_the_offices_own_is_named_whatever_the_limit(
    client, make_user, make_applicant, offices
):
    theirs, mine = offices
    own = make_applicant(office=mine, name="Ni Made Sari")
    user = sign_in(client, make_user, mine)
    used_up(user)

    html = register(client, nik=own.nik)

    assert "sudah terdaftar atas nama Ni Made Sari" in html


def test_an_edit_of_an_own_person_is_not_limited(client, make_user, make_applicant, offices):
    _, mine = offices
    own = make_applicant(office=mine, kk="5107010101200001", family_role="kepala")
    user = sign_in(client, make_user, mine)
    used_up(user)

    response = post_form(client, f"/admin/applicant/edit/?id={own.id}",
                         form_data(nik=own.nik, kk=own.kk, phone="0813-1111-2222"))  # fmt: skip

    assert response.status_code == 302
    assert Applicant.get_by_id(own.id).phone == "+6281311112222"


def test_the_kk_head_check_is_audited_and_limited(client, make_user, make_applicant, offices):
    theirs, mine = offices
    make_applicant(office=theirs, kk="5107010101200001", family_role="kepala")
    user = sign_in(client, make_user, mine)

    told = register(client, kk="5107010101200001", family_role="kepala")
    used_up(user)
    withheld = register(client, kk="5107010101200001", family_role="kepala")

    assert "kepala keluarga yang terdaftar di dinas lain" in told
    lookup = PersonLookup.get(PersonLookup.path == "kk_head")
    assert lookup.holder_id == theirs.id and lookup.user_id == user.id
    assert AuditEntry.select().where(AuditEntry.action == "lookup",
                                     AuditEntry.office == mine.id).exists()  # fmt: skip
    assert "terdaftar di dinas lain" not in withheld and "sudah mencapai batas" in withheld


def test_serving_another_offices_person_by_nik_is_audited_and_limited(
    client, make_user, make_applicant, make_service, offices
):
    theirs, mine = offices
    first, second = make_applicant(office=theirs), make_applicant(office=theirs)
    service = make_service(office=mine)
    user = sign_in(client, make_user, mine)

    def serve(person):
        return post_form(
            client,
            "/admin/application/registered/",
            {"nik": person.nik, "service": service.id, "funding_source": "APBD"},
        )

    served = serve(first)
    used_up(user)
    refused = serve(second).text

    assert served.status_code == 302
    assert PersonLookup.get(PersonLookup.path == "registered").holder_id == theirs.id
    assert "sudah mencapai batas" in refused
    assert not Application.select().where(Application.applicant == second.id).exists()
