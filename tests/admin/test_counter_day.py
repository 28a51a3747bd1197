"""The counter's day without dead ends: from the applicant to the application and back, the
verifier's visits, assigning from the application, proposing from the batch page."""

import datetime

from backoffice.domain import workflow
from backoffice.models import Applicant, Application, AuditEntry, ProposalBatch
from tests.factories import KARANGASEM_VILLAGE, PASSWORD, csrf_token, post_form, valid_nik


def sign_in(client, user):
    post_form(client, "/login", {"username": user.username, "password": PASSWORD})
    return user


def html_of(response) -> str:
    return response.get_data(as_text=True)


def test_the_applicants_page_lists_their_applications_and_starts_a_new_one(
    client, make_user, make_application, make_service
):
    service = make_service(name="Reaktivasi PBI JKN-KIS", kind="reactivation")
    office = service.standard.office
    app = make_application(service=service)
    sign_in(client, make_user("petugas", office=office))
    html = html_of(client.get(f"/admin/applicant/details/?id={app.applicant_id}"))
    assert f"/admin/application/details/?id={app.id}" in html
    assert "Reaktivasi PBI JKN-KIS" in html
    assert f"/admin/application/new/?applicant={app.applicant_id}" in html


def test_a_new_application_from_the_applicants_page_has_the_applicant_filled_in(
    client, make_user, make_applicant, make_service
):
    service = make_service()
    applicant = make_applicant(name="Ni Wayan Sudarmi", office=service.standard.office)
    sign_in(client, make_user("petugas", office=service.standard.office))
    html = html_of(client.get(f"/admin/application/new/?applicant={applicant.id}"))
    assert "Ni Wayan Sudarmi" in html


def test_a_new_application_starts_with_no_service_and_only_the_offices_own(
    client, make_user, make_service
):
    own = make_service(name="Layanan dinas sendiri")
    make_service(name="Layanan dinas lain")
    sign_in(client, make_user("petugas", office=own.standard.office))
    html = html_of(client.get("/admin/application/new/"))
    assert "Layanan dinas sendiri" in html and "Layanan dinas lain" not in html
    assert '<option selected value="__None">— pilih jenis layanan —</option>' in html


def test_an_application_saved_without_a_service_says_so(
    client, make_user, make_applicant, make_service
):
    service = make_service()
    applicant = make_applicant(office=service.standard.office)
    sign_in(client, make_user("petugas", office=service.standard.office))
    response = post_form(
        client,
        "/admin/application/new/",
        {"applicant": applicant.id, "service": "__None", "funding_source": "APBD"},
    )
    assert response.status_code == 200 and "Kolom ini wajib diisi." in html_of(response)
    assert Application.select().count() == 0


def test_the_form_knows_each_services_funding_default(client, make_user, make_service):
    apbd = make_service(kind="pemkab_registration", default_funding="APBD")
    apbn = make_service(office=apbd.standard.office, default_funding="APBN")
    sign_in(client, make_user("petugas", office=apbd.standard.office))
    html = html_of(client.get(f"/admin/application/new/?service={apbn.id}"))
    assert f"&#34;{apbd.id}&#34;: &#34;APBD&#34;" in html
    assert '<option selected value="APBN">' in html


def test_saving_an_applicant_lands_on_the_applicants_page(client, make_user, make_office):
    sign_in(client, make_user("petugas", office=make_office()))
    response = post_form(
        client,
        "/admin/applicant/new/",
        {
            "nik": valid_nik(datetime.date(1965, 10, 23), "P"),
            "kk": "5107010101200001",
            "name": "Ni Luh Sukerti",
            "birth_date": "23-10-1965",
            "sex": "P",
            "address": "Banjar Dinas Kaja",
            "village": KARANGASEM_VILLAGE,
            "work_status": "BP",
            "dtsen_status": "terdaftar",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/admin/applicant/details/?id={Applicant.get().id}"
    )


def test_saving_an_edited_application_lands_on_its_page(client, make_user, make_application):
    app = make_application()
    sign_in(client, make_user("petugas", office=app.service.standard.office))
    response = post_form(
        client,
        f"/admin/application/edit/?id={app.id}",
        {
            "applicant": app.applicant_id,
            "service": app.service_id,
            "funding_source": "APBN",
            "notes": "",
        },
    )
    assert response.headers["Location"].endswith(f"/admin/application/details/?id={app.id}")


def test_the_nik_tick_appears_only_after_a_warning(client, make_user, make_office):
    sign_in(client, make_user("petugas", office=make_office()))
    assert 'name="confirm_warnings"' not in html_of(client.get("/admin/applicant/new/"))
    response = post_form(
        client,
        "/admin/applicant/new/",
        {
            "nik": valid_nik(datetime.date(1965, 10, 23), "P"),
            "kk": "5107010101200001",
            "name": "Ni Luh Sukerti",
            "birth_date": "24-10-1965",
            "sex": "P",
            "address": "Banjar Dinas Kaja",
            "village": KARANGASEM_VILLAGE,
            "work_status": "BP",
            "dtsen_status": "terdaftar",
        },
    )
    html = html_of(response)
    nik_box, tick = html.index('id="nik"'), html.index('name="confirm_warnings"')
    assert nik_box < tick < html.index('id="kk"')


def test_a_verifier_finds_their_visits_from_the_dashboard_the_earliest_due_first(
    client, make_user, make_application, make_service
):
    service = make_service()
    office = service.standard.office
    verifier = make_user("verifikator", office=office)
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    later = make_application(service=service, status="complete", verifier=verifier)
    later.applicant.name = "Pemohon Belakangan"
    later.applicant.save()
    later.due_at = now + datetime.timedelta(days=9)
    later.save()
    sooner = make_application(
        service=service, status="complete", verifier=verifier, due_at=now + datetime.timedelta(1)
    )
    sooner.applicant.name = "Pemohon Duluan"
    sooner.applicant.save()
    sign_in(client, verifier)
    dashboard = html_of(client.get("/admin/"))
    assert 'href="/admin/visits/"' in dashboard
    html = html_of(client.get("/admin/visits/"))
    assert html.index("Pemohon Duluan") < html.index("Pemohon Belakangan")


def test_a_supervisor_assigns_a_verifier_from_the_application_page(
    client, make_user, make_application
):
    app = make_application(status="complete")
    office = app.service.standard.office
    verifier = make_user("verifikator", office=office, full_name="Komang Verifikator")
    sign_in(client, make_user("supervisor", office=office))
    page = html_of(client.get(f"/admin/application/details/?id={app.id}"))
    assert "Tugaskan verifikator" in page and "Komang Verifikator" in page
    response = client.post(
        f"/admin/application/assign/{app.id}",
        data={"verifier": verifier.id, "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302
    assert Application.get_by_id(app.id).verifier_id == verifier.id
    assert AuditEntry.select().where(AuditEntry.action == "transition").count() == 1


def test_a_counter_officer_is_not_offered_the_assignment(client, make_user, make_application):
    app = make_application(status="complete")
    sign_in(client, make_user("petugas", office=app.service.standard.office))
    assert "Tugaskan verifikator" not in html_of(
        client.get(f"/admin/application/details/?id={app.id}")
    )


def test_a_supervisor_proposes_the_ticked_eligible_applications_from_the_batch_page(
    client, make_user, make_application, make_service, make_quota
):
    service = make_service()
    make_quota(year=datetime.date.today().year, allocation=5)
    make_quota(year=datetime.date.today().year + 1, allocation=5)
    chosen = make_application(service=service, status="eligible")
    left = make_application(service=service, status="eligible")
    make_application(service=service, status="verified")
    sign_in(client, make_user("supervisor", office=service.standard.office))
    page = html_of(client.get("/admin/batch/propose/"))
    assert f'value="{chosen.id}"' in page and f'value="{left.id}"' in page
    assert page.count('name="application"') == 2
    response = post_form(client, "/admin/batch/propose/", {"application": chosen.id})
    assert response.status_code == 302
    assert Application.get_by_id(chosen.id).status == "proposed"
    assert Application.get_by_id(left.id).status == "eligible"
    assert ProposalBatch.get().size == 1


def test_the_list_offers_each_bulk_move_of_the_workflow_table_to_its_roles(
    client, make_user, make_application
):
    app = make_application()
    sign_in(client, make_user("supervisor", office=app.service.standard.office))
    html = html_of(client.get("/admin/application/"))
    for t in workflow.BULK:
        assert f'data-model-action="{t.action}"' in html, t.action
    assert 'data-model-action="assign_verifier"' in html
    assert 'data-model-action="print_receipts"' in html


def test_a_counter_officer_is_offered_only_the_counters_bulk_moves(
    client, make_user, make_application
):
    app = make_application()
    sign_in(client, make_user("petugas", office=app.service.standard.office))
    html = html_of(client.get("/admin/application/"))
    offered = {t.action for t in workflow.BULK if f'data-model-action="{t.action}"' in html}
    assert offered == {t.action for t in workflow.BULK if "petugas" in t.roles}
    assert 'data-model-action="assign_verifier"' not in html


def test_village_lookup_offers_the_offices_own_regency_first(client, make_user, make_office):
    sign_in(client, make_user("petugas", office=make_office(regency="51.07")))
    response = client.get("/admin/applicant/ajax/lookup/?name=village&query=Manggis")
    codes = [code for code, _ in response.get_json()]
    assert codes[0].startswith("51.07.") and any(c.startswith("33.25.") for c in codes)
