"""The workflow's rules as the counter meets them: each refusal says why and changes nothing."""

import datetime

import pytest

from backoffice.domain import casework
from backoffice.domain.errors import ValidationError
from backoffice.models import Application, ApplicationEvent, ReceivedDocument, Requirement

# Monday 23 November 2026, 10:00 WITA.
NOW = datetime.datetime(2026, 11, 23, 2, 0)


def unchanged(app):
    """Reread `app` and assert the refused move left status and timeline as they were."""
    fresh = Application.get_by_id(app.id)
    assert fresh.status == app.status
    assert ApplicationEvent.select().where(ApplicationEvent.application == app).count() == 0
    return fresh


def refused(app, action, user, inputs=None):
    with pytest.raises(ValidationError) as caught:
        casework.apply(app.id, action, user, inputs, now=NOW)
    unchanged(app)
    return " ".join(caught.value.errors.values())


def test_reception_gives_a_queue_number_a_deadline_and_a_first_timeline_entry(
    make_applicant, make_service, make_user
):
    officer = make_user("petugas")
    service = make_service(promised_amount=15, promised_unit="minutes")
    app = casework.receive(make_applicant(), service, officer, now=NOW)
    second = casework.receive(make_applicant(), service, officer, now=NOW)

    assert (app.queue_number, second.queue_number) == ("U-001", "U-002")
    assert app.due_at == NOW + datetime.timedelta(minutes=15)
    [event] = app.events
    assert (event.action, event.to_status, event.user_id) == ("receive", "received", officer.id)


def test_documents_cannot_be_complete_while_a_required_item_is_unticked(
    make_application, make_user
):
    app = make_application()
    ktp = Requirement.get(Requirement.label == "Fotokopi KTP")
    ReceivedDocument.delete().where(ReceivedDocument.requirement == ktp).execute()

    message = refused(app, "complete_documents", make_user("petugas"))

    assert "Fotokopi KTP" in message


def test_returning_incomplete_names_the_missing_items_itself(make_application, make_user):
    app = make_application()
    ReceivedDocument.delete().execute()

    casework.apply(app.id, "return_incomplete", make_user("petugas"), {}, now=NOW)

    fresh = Application.get_by_id(app.id)
    assert fresh.status == "incomplete"
    assert fresh.missing_documents == "Fotokopi KK; Fotokopi KTP"
    assert fresh.events[0].note == "Fotokopi KK; Fotokopi KTP"


def test_a_counter_officer_may_not_decide(make_application, make_user):
    app = make_application(status="verified")
    message = refused(app, "decide_eligible", make_user("petugas"), {"decision_reason": "Miskin"})
    assert "Peran Anda tidak berwenang" in message


def test_a_decision_needs_a_reason(make_application, make_user):
    app = make_application(status="verified")
    message = refused(app, "decide_ineligible", make_user("supervisor"), {"decision_reason": " "})
    assert "alasan" in message


def test_a_step_out_of_order_is_refused(make_application, make_user):
    app = make_application(status="received")
    message = refused(app, "activate", make_user("petugas"), {"bpjs_card_number": "0001234567890"})
    assert "\u201cDiterima\u201d" in message


def test_home_visit_services_need_the_visit_date(make_application, make_service, make_user):
    app = make_application(status="complete", service=make_service(needs_home_visit=True))
    app.received_at = NOW
    app.save()
    message = refused(app, "verify", make_user("verifikator"), {"visit_findings": "Rumah bilik"})
    assert "kunjungan rumah" in message


def test_only_the_assigned_verifier_records_the_visit(make_application, make_user):
    assigned, other = make_user("verifikator"), make_user("verifikator")
    app = make_application(status="complete", verifier=assigned, received_at=NOW)
    inputs = {"visit_findings": "Rumah semi permanen", "visit_date": NOW.date()}
    message = refused(app, "verify", other, inputs)
    assert str(assigned) in message

    casework.apply(app.id, "verify", assigned, inputs, now=NOW)
    assert Application.get_by_id(app.id).status == "verified"


def test_reactivation_only_within_six_months_of_deactivation(
    make_application, make_service, make_user
):
    service = make_service(kind="reactivation", name="Reaktivasi", uses_quota=False)
    app = make_application(status="complete", service=service)
    officer = make_user("petugas")
    too_late = {"deactivated_on": datetime.date(2026, 5, 22), "facility_letter": "RSUD 12/2026"}
    assert "paling lama 6 bulan" in refused(app, "issue_letter", officer, too_late)
    no_letter = {"deactivated_on": datetime.date(2026, 5, 23)}
    assert "fasilitas kesehatan" in refused(app, "issue_letter", officer, no_letter)

    casework.apply(app.id, "issue_letter", officer, {**no_letter, "facility_letter": "RSUD"}, NOW)

    fresh = Application.get_by_id(app.id)
    assert fresh.status == "done"
    assert fresh.letter_number.endswith("/REAKT/" + service.standard.office.slug.upper() + "/2026")


def test_arrears_transfer_records_the_debt_and_its_six_month_window(
    make_application, make_service, make_user
):
    service = make_service(kind="arrears_transfer", name="Peralihan PBPU menunggak")
    app = make_application(status="verified", service=service, received_at=NOW)
    boss = make_user("supervisor")
    assert "tunggakan" in refused(app, "decide_eligible", boss, {"decision_reason": "Layak PBI"})

    casework.apply(
        app.id,
        "decide_eligible",
        boss,
        {"decision_reason": "Layak", "arrears_amount": 840_000},
        NOW,
    )
    Application.update(status="proposed").where(Application.id == app.id).execute()
    casework.apply(
        app.id,
        "activate",
        make_user("petugas"),
        {"bpjs_card_number": "0001234567890", "activated_on": datetime.date(2026, 11, 23)},
        NOW,
    )

    fresh = Application.get_by_id(app.id)
    assert fresh.arrears_amount == 840_000
    assert fresh.arrears_due == datetime.date(2027, 5, 23)


def test_a_card_number_must_have_13_digits(make_application, make_user):
    app = make_application(status="proposed", received_at=NOW)
    message = refused(app, "activate", make_user("petugas"), {"bpjs_card_number": "12345"})
    assert "13 angka" in message


def test_bulk_transition_changes_all_or_nothing(make_application, make_user):
    ready = make_application()
    not_ready = make_application()
    ReceivedDocument.delete().where(ReceivedDocument.application == not_ready).execute()

    with pytest.raises(ValidationError) as caught:
        casework.apply_many([ready.id, not_ready.id], "complete_documents", make_user(), now=NOW)

    assert f"#{not_ready.id}" in str(caught.value)
    assert f"#{ready.id}:" not in str(caught.value)
    unchanged(ready)
    unchanged(not_ready)


def test_cancelling_needs_a_reason_and_a_supervisor(make_application, make_user):
    app = make_application()
    assert "tidak berwenang" in refused(app, "cancel", make_user("petugas"), {"note": "Pindah"})
    assert "alasan" in refused(app, "cancel", make_user("supervisor"), {"note": ""})


def test_assigning_a_verifier_needs_a_verifier_account(make_application, make_user):
    app = make_application()
    boss = make_user("supervisor")
    with pytest.raises(ValidationError):
        casework.assign_verifier([app.id], make_user("petugas"), boss)

    verifier = make_user("verifikator")
    casework.assign_verifier([app.id], verifier, boss)

    fresh = Application.get_by_id(app.id)
    assert fresh.verifier_id == verifier.id
    assert fresh.events[0].action == "assign_verifier"


def test_only_the_counter_ticks_documents(make_application, make_user):
    app = make_application()
    ReceivedDocument.delete().execute()
    with pytest.raises(ValidationError, match="petugas loket"):
        casework.set_documents(
            app.id, [r.id for r in app.service.requirements], make_user("verifikator")
        )
    assert ReceivedDocument.select().count() == 0
