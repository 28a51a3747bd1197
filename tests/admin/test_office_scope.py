"""Office scope as staff meet it: each office's people, quotas and work are its own."""

import datetime

import pytest

from backoffice.domain import batches
from backoffice.models import Applicant, Application, AuditEntry, Quota, User, Village
from tests.admin.test_applicants import form_data
from tests.factories import PASSWORD, log_out, post_form

NOW = datetime.datetime(2026, 11, 2, 2, 0)


@pytest.fixture
def two_offices(make_office):
    return make_office(regency="51.07"), make_office(regency="63.71", province="63")


def village_of(regency: str) -> str:
    return Village.select().where(Village.code.startswith(regency + ".")).order_by(Village.code)[0]


def sign_in(client, user):
    log_out(client)
    post_form(client, "/login", {"username": user.username, "password": PASSWORD})


def staff(make_user, office, role="petugas"):
    return make_user(role=role, office=office)


def test_a_nik_held_by_another_office_names_the_office_not_the_person(
    client, make_user, make_applicant, two_offices
):
    mine, theirs = two_offices
    held = make_applicant(office=theirs, name="Siti Rahmawati")
    sign_in(client, staff(make_user, mine))

    html = post_form(client, "/admin/applicant/new/", form_data(nik=held.nik)).text

    assert f"sudah terdaftar di {theirs.name}" in html
    assert "Siti Rahmawati" not in html and held.kk not in html
    assert "Pemohon dinas lain" in html


def test_the_officer_serves_another_offices_person_by_full_nik(
    client, make_user, make_applicant, make_service, two_offices
):
    mine, theirs = two_offices
    held = make_applicant(office=theirs, name="Siti Rahmawati")
    service = make_service(office=mine)
    sign_in(client, staff(make_user, mine))
    assert client.get(f"/admin/applicant/details/?id={held.id}").status_code == 404

    response = post_form(
        client,
        "/admin/application/registered/",
        {"nik": held.nik, "service": service.id, "funding_source": "APBD"},
    )

    app = Application.get(Application.applicant == held.id)
    assert response.status_code == 302 and f"id={app.id}" in response.location
    assert "Siti Rahmawati" in client.get(f"/admin/applicant/details/?id={held.id}").text


def test_another_offices_service_cannot_be_chosen_for_a_registered_person(
    client, make_user, make_applicant, make_service, two_offices
):
    mine, theirs = two_offices
    held = make_applicant(office=theirs)
    foreign = make_service(office=theirs)
    sign_in(client, staff(make_user, mine))

    post_form(client, "/admin/application/registered/", {"nik": held.nik, "service": foreign.id})

    assert not Application.select().exists()


def test_a_new_applicant_belongs_to_the_officers_office(client, make_user, two_offices):
    mine, _ = two_offices
    sign_in(client, staff(make_user, mine))

    post_form(client, "/admin/applicant/new/", form_data(name="Ni Made Sari"))

    assert Applicant.get(Applicant.name == "Ni Made Sari").office_id == mine.id


def test_bulk_ids_with_one_of_another_office_are_refused_whole(
    client, make_user, make_application, make_service, two_offices
):
    mine, theirs = two_offices
    own = make_application(service=make_service(office=mine))
    foreign = make_application(service=make_service(office=theirs))
    sign_in(client, staff(make_user, mine))
    token_page = client.get("/admin/application/").text
    from tests.factories import csrf_token

    response = client.post(
        "/admin/application/action/",
        data={
            "action": "complete_documents",
            "rowid": [str(own.id), str(foreign.id)],
            "csrf_token": csrf_token(token_page),
        },
    )

    assert response.status_code == 404
    assert {a.status for a in Application.select()} == {"received"}


def test_a_verifier_sees_only_the_applications_assigned_to_them(
    client, make_user, make_application, make_service, two_offices
):
    mine, _ = two_offices
    me, colleague = staff(make_user, mine, "verifikator"), staff(make_user, mine, "verifikator")
    service = make_service(office=mine)
    assigned = make_application(service=service, status="complete", verifier=me)
    other = make_application(service=service, status="complete", verifier=colleague)
    sign_in(client, me)

    listed = client.get("/admin/application/").text
    assert f"details/?id={assigned.id}&" in listed and f"details/?id={other.id}&" not in listed
    assert client.get(f"/admin/application/details/?id={other.id}").status_code == 404
    assert client.get(f"/admin/applicant/details/?id={other.applicant_id}").status_code == 404
    assert client.get(f"/admin/applicant/edit/?id={assigned.applicant_id}").status_code == 403


def test_a_webmaster_sees_no_personal_data(client, make_user, two_offices):
    mine, _ = two_offices
    sign_in(client, staff(make_user, mine, "webmaster"))
    for page in ("applicant", "application", "complaint", "batch", "audit"):
        assert client.get(f"/admin/{page}/").status_code == 403, page


def test_batch_files_are_downloaded_by_supervisors_not_by_the_counter(
    client, make_user, make_application, make_service, make_quota, two_offices
):
    mine, _ = two_offices
    make_quota(village="51.07.01.2001", allocation=5)
    app = make_application(service=make_service(office=mine), status="eligible")
    [batch] = batches.propose_batch([app.id], staff(make_user, mine, "supervisor"), NOW)
    sign_in(client, staff(make_user, mine, "petugas"))
    assert client.get(f"/admin/batch/download/{batch.id}.csv").status_code == 403
    sign_in(client, staff(make_user, mine, "supervisor"))

    assert client.get(f"/admin/batch/download/{batch.id}.csv").status_code == 200
    entry = AuditEntry.get(AuditEntry.action == "download")
    assert entry.office_id == mine.id and entry.ip == "127.0.0.1"


def test_a_bpjs_result_row_of_another_offices_nik_is_a_named_bad_row(
    client, make_user, make_application, make_service, make_quota, two_offices
):
    mine, theirs = two_offices
    make_quota(village="51.07.01.2001", allocation=5)
    foreign = make_application(service=make_service(office=theirs), status="eligible")
    batches.propose_batch([foreign.id], staff(make_user, theirs, "supervisor"), NOW)
    sign_in(client, staff(make_user, mine))
    page = client.get("/admin/batch/activations").text
    from io import BytesIO

    from tests.factories import csrf_token

    rows = f"NIK,No Kartu\n{foreign.applicant.nik},0001234567890\n".encode()
    html = client.post(
        "/admin/batch/activations",
        data={"csrf_token": csrf_token(page), "batch": "", "file": (BytesIO(rows), "hasil.csv")},
        content_type="multipart/form-data",
    ).text

    assert "diusulkan oleh dinas lain" in html
    assert Application.get_by_id(foreign.id).status == "proposed"


def test_a_quota_for_a_village_of_another_regency_is_not_saved(client, make_user, two_offices):
    mine, _ = two_offices
    sign_in(client, staff(make_user, mine, "supervisor"))

    html = post_form(
        client,
        "/admin/quota/new/",
        {"village": village_of("63.71").code, "year": "2026", "funding_source": "APBD",
         "allocation": "10"},
        follow_redirects=True,
    ).text  # fmt: skip

    assert "di luar dinas Anda" in html
    assert not Quota.select().exists()


def test_an_office_admin_cannot_create_an_account_without_an_office(client, make_user, two_offices):
    mine, _ = two_offices
    sign_in(client, staff(make_user, mine, "admin"))

    post_form(
        client,
        "/admin/account/new/",
        {
            "username": "lepas",
            "role": "admin",
            "password": "kata-sandi-panjang-2026",
            "active": "y",
        },
    )

    # The office of an office admin's new account is held to its own (admin.scoping): a
    # blank one posted cannot make an installation administrator.
    assert not User.select().where((User.username == "lepas") & User.office.is_null()).exists()
    assert User.get(User.username == "lepas").office_id == mine.id


def test_the_dashboard_counts_only_the_offices_own_work(
    client, make_user, make_application, make_service, two_offices
):
    mine, theirs = two_offices
    make_application(service=make_service(office=mine))
    for _ in range(3):
        make_application(service=make_service(office=theirs))
    sign_in(client, staff(make_user, mine, "supervisor"))

    html = client.get("/admin/").text

    assert ">1<" in html.replace(" ", "") and ">3<" not in html.replace(" ", "")


def test_a_workflow_move_is_in_the_audit_trail_with_office_and_address(
    client, make_user, make_application, make_service, two_offices
):
    mine, _ = two_offices
    app = make_application(service=make_service(office=mine))
    supervisor = staff(make_user, mine, "supervisor")
    sign_in(client, supervisor)

    post_form(client, f"/admin/application/move/{app.id}/cancel", {"note": "Salah input"})

    entry = AuditEntry.get(AuditEntry.action == "transition")
    assert (entry.user_id, entry.office_id, entry.ip) == (supervisor.id, mine.id, "127.0.0.1")
    trail = client.get(f"/admin/audit/?flt0_office_equals={mine.id}").text
    assert "Langkah alur" in trail and "Permohonan" in trail and ">application<" not in trail
