"""`loket demo`: the five seed offices with their real standards, valid synthetic people, and
casework that went through the workflow like an office's would.

The demo is loaded once per backend for the whole module (it takes seconds); the tests only
read it, except the last, which loads it again and expects nothing new.
"""

from backoffice.demo.loader import load_demo
from backoffice.demo.seeds import OFFICES
from backoffice.domain.applicants import validate_applicant
from backoffice.domain.casework import office_of
from backoffice.models import (
    Applicant,
    Application,
    ApplicationEvent,
    Office,
    ProposalBatch,
    Quota,
    ReceivedDocument,
    Requirement,
    Service,
    ServiceStandard,
    User,
)
from backoffice.models.base import utcnow

APPLICANT_FIELDS = (
    "nik",
    "kk",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "phone",
    "family_role",
    "work_status",
    "dtsen_decile",
    "dtsen_status",
)


def counts():
    return {
        m.__name__: m.select().count()
        for m in (
            Office,
            ServiceStandard,
            Service,
            Requirement,
            Applicant,
            Application,
            ApplicationEvent,
            ReceivedDocument,
            ProposalBatch,
            Quota,
            User,
        )
    }


def test_demo_loads_every_seed_office_standard_and_service(demo):
    assert Office.select().count() == len(OFFICES) == 5
    assert ServiceStandard.select().count() == sum(len(o["standards"]) for o in OFFICES)
    assert Service.select().count() == sum(
        len(s["services"]) for o in OFFICES for s in o["standards"]
    )
    assert 200 <= Applicant.select().count() <= 500
    karangasem = ServiceStandard.get(
        ServiceStandard.signatory_name == "I Komang Daging, S.Sos., M.Si"
    )
    assert "Tidak Dipungut Biaya" in karangasem.fee


def test_every_demo_office_has_its_own_staff_printed_with_the_office_named(demo):
    by_office = {}
    for username, role, office_name, _ in demo:
        by_office.setdefault(office_name, set()).add(role)
        user = User.get(User.username == username)
        assert (user.office.name if user.office else "semua dinas") == office_name
    assert by_office.pop("semua dinas") == {"admin"}
    assert set(by_office) == {o.name for o in Office.select()}
    assert all(
        roles == {"petugas", "verifikator", "supervisor", "webmaster"}
        for roles in by_office.values()
    )


def test_demo_casework_of_each_office_is_done_by_that_offices_staff(demo):
    moves = (
        ApplicationEvent.select(ApplicationEvent, Application, User)
        .join(Application)
        .switch(ApplicationEvent)
        .join(User)
    )
    for event in moves:
        assert event.user.office_id == office_of(event.application).id


def test_demo_applicants_pass_the_counter_validation(demo):
    for applicant in Applicant.select():
        data = {f: getattr(applicant, f) for f in APPLICANT_FIELDS}
        check = validate_applicant({**data, "village_code": applicant.village_id})
        assert check.warnings == [], applicant.nik


def test_every_demo_application_has_a_queue_number_a_due_time_and_a_timeline(demo):
    now = utcnow()
    for app in Application.select():
        events = list(app.events.order_by(ApplicationEvent.at, ApplicationEvent.id))
        assert app.queue_number and app.due_at, app.id
        assert events and events[-1].to_status == app.status, app.id
        assert events[0].at == app.received_at and events[-1].at <= now, app.id


def test_demo_timelines_move_forward_in_time(demo):
    for app in Application.select():
        moments = [e.at for e in app.events.order_by(ApplicationEvent.id)]
        assert moments == sorted(moments), app.id


def test_demo_counter_has_fresh_and_overdue_applications(demo):
    now = utcnow()
    waiting = Application.select().where(Application.status.in_(("received", "complete")))
    assert waiting.where(Application.due_at < now).exists()
    assert waiting.where(Application.due_at >= now).exists()


def test_demo_proposals_of_quota_services_have_a_batch_and_a_quota(demo):
    proposed = (
        Application.select()
        .join(Service)
        .where(Application.status.in_(("proposed", "activated")) & Service.uses_quota)
    )
    assert proposed.exists()
    for app in proposed:
        assert app.batch_id is not None and app.quota_id is not None, app.id


def test_demo_activations_carry_a_13_digit_card_number(demo):
    for app in Application.select().where(Application.status == "activated"):
        assert len(app.bpjs_card_number) == 13 and app.bpjs_card_number.isdigit(), app.id


def test_demo_quota_use_never_exceeds_allocation(demo):
    assert not Quota.select().where(Quota.used > Quota.allocation).exists()
    assert Quota.select().where(Quota.used > 0).exists()


def test_demo_status_mix_covers_the_workflow(demo):
    statuses = {a.status for a in Application.select(Application.status)}
    assert {
        "received",
        "complete",
        "verified",
        "eligible",
        "proposed",
        "activated",
        "done",
    } <= statuses


def test_demo_second_run_adds_nothing_and_prints_the_same_logins(demo):
    first = counts()
    assert load_demo() == demo
    assert counts() == first
