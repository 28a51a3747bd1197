"""The queries several pages share, declared once on the models; the funding a new application
starts with; the villages an office finds first."""

import datetime

from backoffice.domain import workflow
from backoffice.domain.applications import default_funding
from backoffice.domain.workload import assigned_to
from backoffice.models import Application, Village
from backoffice.models.applications import CLOSED_STATUSES

NOW = datetime.datetime(2026, 11, 10, 2, 0)
HOUR = datetime.timedelta(hours=1)


def test_open_applications_are_those_not_closed(make_application):
    running = make_application(status="proposed")
    make_application(status="done")
    make_application(status="cancelled")
    assert [a.id for a in Application.open()] == [running.id]


def test_an_application_proposed_to_bpjs_no_longer_waits_for_the_office(make_application):
    make_application(status="proposed", due_at=NOW - HOUR)
    late = make_application(status="complete", due_at=NOW - HOUR)
    assert [a.id for a in Application.overdue(NOW)] == [late.id]


def test_overdue_and_on_time_split_the_pending_applications(make_application):
    late = make_application(due_at=NOW - HOUR)
    on_time = make_application(due_at=NOW + HOUR)
    assert [a.id for a in Application.overdue(NOW)] == [late.id]
    assert [a.id for a in Application.on_time(NOW)] == [on_time.id]


def test_the_clock_stops_once_proposed_and_in_every_closed_state():
    assert {"proposed", *CLOSED_STATUSES} == workflow.CLOCK_STOPPED


def test_a_verifier_sees_their_visits_the_earliest_due_first(make_application, make_user):
    verifier = make_user("verifikator")
    later = make_application(status="complete", verifier=verifier, due_at=NOW + 5 * HOUR)
    sooner = make_application(status="complete", verifier=verifier, due_at=NOW + HOUR)
    make_application(status="verified", verifier=verifier, due_at=NOW)  # visit done
    make_application(status="complete", verifier=make_user("verifikator"), due_at=NOW)
    assert [a.id for a in Application.visits_for(verifier)] == [sooner.id, later.id]
    assert assigned_to(verifier) == 2


def test_a_service_paid_by_the_district_starts_its_applications_on_apbd(make_service):
    assert default_funding(make_service(kind="pemkab_registration", default_funding="APBD")) == (
        "APBD"
    )
    assert default_funding(make_service(default_funding="APBN")) == "APBN"


def test_a_service_without_its_own_default_takes_the_applications_default(make_service):
    assert default_funding(make_service()) == Application.funding_source.default
    assert default_funding(None) == Application.funding_source.default


def test_village_search_puts_the_offices_own_regency_first(db):
    # "Manggis" is a village of Batang (33.25) and of Karangasem (51.07).
    assert Village.search("Manggis").first().code.startswith("33.25.")
    found = [v.code[:5] for v in Village.search("Manggis", home="51.07")]
    assert found[0] == "51.07" and "33.25" in found
    assert found == sorted(found, key=lambda code: code != "51.07")


def test_village_search_by_code_prefix(db):
    assert all(v.code.startswith("51.07.01") for v in Village.search("51.07.01"))


def test_a_closure_added_later_moves_the_running_deadlines(make_application, make_service):
    import datetime as dt

    from backoffice.domain import casework
    from backoffice.models import OfficeClosure

    service = make_service(promised_amount=3, promised_unit="working_days")
    office = service.standard.office
    received = dt.datetime(2026, 11, 9, 1, 0)  # Monday 09.00 WITA
    running = make_application(service=service, received_at=received)
    done = make_application(service=service, status="done", received_at=received)
    casework.reschedule(office)
    before = Application.get_by_id(running.id).due_at
    done_before = Application.get_by_id(done.id).due_at
    OfficeClosure.create(office=office, date=dt.date(2026, 11, 10), reason="Galungan")

    assert casework.reschedule(office) == 1
    assert Application.get_by_id(running.id).due_at > before
    assert Application.get_by_id(done.id).due_at == done_before
