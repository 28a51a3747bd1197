"""Every seed service's application walked through its whole life in the back-office, as the
counter, the verifier and the supervisor would click through it (test client)."""

import datetime
import re

import pytest

from backoffice.demo.loader import upsert_office, upsert_standard
from backoffice.demo.seeds import OFFICES
from backoffice.domain.workflow import flow_of
from backoffice.models import Application, Office, Quota, Service, ServiceStandard, Village
from tests.factories import (
    PASSWORD,
    csrf_token,
    log_out,
    make_applicant,
    make_user,
    post_form,
)

SERVICES = [
    (spec["slug"], service["name"])
    for spec in OFFICES
    for standard in spec["standards"]
    for service in standard["services"]
]
TODAY = datetime.date.today()


@pytest.fixture
def seeds(db):
    for spec in OFFICES:
        office = upsert_office(spec)
        for standard in spec["standards"]:
            upsert_standard(office, standard)


def sign_in(client, role, office, user=None):
    user = user or make_user(role=role, office=office)
    log_out(client)
    post_form(client, "/login", {"username": user.username, "password": PASSWORD})
    return user


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def move(client, app_id, action, data=None):
    response = post_form(client, f"/admin/application/move/{app_id}/{action}", data or {})
    assert response.status_code == 302, re.findall(r"help-block[^>]*>([^<]+)", response.text)
    return Application.get_by_id(app_id)


def bulk_action(client, action, ids):
    token = csrf_token(page(client, "/admin/application/"))
    return client.post(
        "/admin/application/action/",
        data={"action": action, "rowid": [str(i) for i in ids], "csrf_token": token},
        follow_redirects=True,
    )


def receive_at_the_counter(client, service, office):
    sign_in(client, "petugas", office)
    regency = office.regency_id or "51.71"
    village = Village.select().where(Village.code.startswith(regency + ".")).first()
    applicant = make_applicant(village=village, office=office)
    post_form(
        client,
        "/admin/application/new/",
        {"applicant": applicant.id, "service": service.id, "funding_source": "APBD"},
    )
    app = Application.get(Application.applicant == applicant)
    receipt = page(client, f"/admin/documents/receipt/{app.id}")
    assert app.queue_number in receipt
    ticks = [str(r.id) for r in service.requirements if r.required]
    token = csrf_token(page(client, f"/admin/application/details/?id={app.id}"))
    client.post(
        f"/admin/application/documents/{app.id}",
        data={"requirement": ticks, "complete": "1", "csrf_token": token},
    )
    assert Application.get_by_id(app.id).status == "complete"
    return app


def walk_proposal(client, app, office, service):
    sign_in(client, "supervisor", office)
    verifier = make_user(role="verifikator", office=office)
    post_form(
        client,
        f"/admin/application/bulk/assign_verifier?ids={app.id}",
        {"verifier": verifier.id, "ids": app.id},
    )
    assert Application.get_by_id(app.id).verifier_id == verifier.id
    sign_in(client, "verifikator", office, verifier)
    move(client, app.id, "verify", {"visit_date": TODAY, "visit_findings": "Rumah bilik bambu"})
    sign_in(client, "supervisor", office)
    decision = {"decision_reason": "Desil 1 DTSEN, tidak mampu"}
    if service.kind == "arrears_transfer":
        decision["arrears_amount"] = "420000"
    move(client, app.id, "decide_eligible", decision)
    Quota.create(
        village=app.applicant.village_id, year=TODAY.year + 1, funding_source="APBD", allocation=5
    )
    Quota.create(
        village=app.applicant.village_id, year=TODAY.year, funding_source="APBD", allocation=5
    )
    html = bulk_action(client, "propose", [app.id]).get_data(as_text=True)
    assert "Usulan dibuat" in html, re.findall(r"alert[^>]*>([^<]+)", html)
    sign_in(client, "petugas", office)
    done = move(client, app.id, "activate", {"bpjs_card_number": "0002345678901"})
    assert done.status == "activated"


def walk_letter(client, app, service):
    inputs = {"letter_number": ""}
    if service.kind == "reactivation":
        inputs |= {"deactivated_on": TODAY - datetime.timedelta(days=30), "facility_letter": "RSUD"}
    done = move(client, app.id, "issue_letter", inputs)
    assert done.status == "done" and done.letter_number
    kind = "reactivation-letter" if service.kind == "reactivation" else "termination-letter"
    assert done.letter_number in page(client, f"/admin/documents/{kind}/{app.id}")


@pytest.mark.parametrize(("office_slug", "service_name"), SERVICES)
def test_each_seed_service_walks_its_whole_life(client, seeds, office_slug, service_name):
    office = Office.get(Office.slug == office_slug)
    service = (
        Service.select()
        .join(ServiceStandard)
        .where((Service.name == service_name) & (ServiceStandard.office == office))
        .get()
    )
    app = receive_at_the_counter(client, service, office)
    flow = flow_of(service.kind)
    if flow == "proposal":
        walk_proposal(client, app, office, service)
    elif flow == "letter":
        walk_letter(client, app, service)
    else:
        assert move(client, app.id, "record_emergency").status == "done"

    html = page(client, f"/admin/application/details/?id={app.id}")
    timeline = html.split('id="timeline"')[1]
    assert timeline.count("<li") == len(list(Application.get_by_id(app.id).events))
    assert Application.get_by_id(app.id).events.count() >= 3


def test_the_dashboard_shows_overdue_and_waiting_work(client, login, make_application):
    past = datetime.datetime(2026, 1, 5, 2, 0)
    make_application(status="received", due_at=past)
    make_application(status="received", due_at=past)
    make_application(status="proposed", due_at=past)  # BPJS's turn: the office's clock stopped
    login("supervisor")

    html = page(client, "/admin/")
    deadlines = html.split('id="chart-deadlines-table"')[1].split("</table>")[0]
    states = html.split('id="chart-states-table"')[1].split("</table>")[0]

    # The proposed one is BPJS's turn: not late for the office.
    assert re.search(r"Lewat tenggat</td>\s*<td[^>]*><a[^>]*>2<", deadlines)
    assert re.search(r"Diterima</td>\s*<td[^>]*><a[^>]*>2<", states)


def test_a_forbidden_move_through_the_page_says_why_and_changes_nothing(
    client, login, make_application
):
    app = make_application(status="verified")
    login("petugas")

    response = post_form(
        client, f"/admin/application/move/{app.id}/decide_eligible", {"decision_reason": "Layak"}
    )

    assert "Peran Anda tidak berwenang" in response.get_data(as_text=True)
    assert Application.get_by_id(app.id).status == "verified"
    assert Application.get_by_id(app.id).events.count() == 0
