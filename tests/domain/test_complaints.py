"""Complaint cases: SP4N-LAPOR!'s dispositions and the working-day clock on the office's zone.

The long weekend: Friday 29 May 2026, then Saturday, Sunday (Waisak) and Monday 1 June (Hari
Lahir Pancasila). An office on WITA with the civil-service week (Mon–Fri 08:00–16:00).
"""

import datetime as dt

import pytest

from backoffice.domain import complaints
from backoffice.domain.errors import ValidationError
from backoffice.models import CannedAnswer, Complaint, ComplaintEvent, OfficeHours
from tests import factories

WITA = dt.timezone(dt.timedelta(hours=8))


def wita(*args) -> dt.datetime:
    """A WITA wall-clock moment as the naive UTC the database stores."""
    return dt.datetime(*args, tzinfo=WITA).astimezone(dt.UTC).replace(tzinfo=None)


def take(office, when, user=None, **fields) -> Complaint:
    values = {"office": office, "channel": "langsung", "content": "Kartu belum aktif"}
    complaint = Complaint(received_at=when, **(values | fields))
    return complaints.receive(complaint, user)


@pytest.fixture
def office(db):
    return factories.make_office(time_zone="WITA")


@pytest.fixture
def handler(office):
    return factories.make_user(role="petugas", office=office)


FRIDAY_2PM = wita(2026, 5, 29, 14, 0)


def test_verification_is_due_at_closing_of_the_third_working_day_after_a_long_weekend(office):
    complaint = take(office, FRIDAY_2PM)
    # Friday is day 0; Tue 2, Wed 3, Thu 4 June are the three working days.
    assert complaint.due_at == wita(2026, 6, 4, 16, 0)


def test_complaint_turns_overdue_the_minute_after_its_deadline(office):
    complaint = take(office, FRIDAY_2PM)
    assert not complaints.is_overdue(complaint, wita(2026, 6, 4, 16, 0))
    assert complaints.is_overdue(complaint, wita(2026, 6, 4, 16, 1))
    overdue = Complaint.select().where(complaints.overdue_condition(wita(2026, 6, 4, 16, 1)))
    assert list(overdue) == [complaint]
    on_time = Complaint.select().where(complaints.overdue_condition(wita(2026, 6, 4, 16, 0)))
    assert list(on_time) == []


def test_received_after_friday_closing_counts_from_the_next_working_day(office):
    # Karangasem's hours: Friday 09:00–12:00, so 14:00 is after closing.
    for weekday in range(5):
        closes = dt.time(12) if weekday == 4 else dt.time(15)
        OfficeHours.create(office=office, weekday=weekday, opens=dt.time(8), closes=closes)
    complaint = take(office, FRIDAY_2PM)
    # Day 0 is Tuesday 2 June; Wed 3, Thu 4, Fri 5: due at Friday's closing, 12:00.
    assert complaint.due_at == wita(2026, 6, 5, 12, 0)


def test_verified_simple_complaint_is_resolved_within_five_working_days_of_reception(
    office, handler
):
    complaint = take(office, FRIDAY_2PM)
    complaints.apply(complaint.id, "verify", handler, now=wita(2026, 6, 2, 9, 0))
    assert Complaint.get_by_id(complaint.id).due_at == wita(2026, 6, 8, 16, 0)


@pytest.mark.parametrize(("complexity", "due"), [
    # 14 working days: 2–5, 8–12, 15, 17–19, 22 June (16 June is Tahun Baru Islam)
    ("dispute", dt.datetime(2026, 6, 22, 16)),
    # 60: on past 22 June through 27 August, skipping 17 and 25 August
    ("field_check", dt.datetime(2026, 8, 27, 16)),
])  # fmt: skip
def test_disputes_take_lapors_fourteen_or_sixty_working_days(office, handler, complexity, due):
    complaint = take(office, FRIDAY_2PM, complexity=complexity)
    complaints.apply(complaint.id, "verify", handler, now=wita(2026, 6, 2, 9, 0))
    assert Complaint.get_by_id(complaint.id).due_at == wita(*due.timetuple()[:5])


def test_the_offices_own_promise_replaces_lapors_days(office, handler):
    office.complaint_response_days = 3
    office.save()
    complaint = take(office, FRIDAY_2PM)
    complaints.apply(complaint.id, "verify", handler, now=wita(2026, 6, 2, 9, 0))
    assert Complaint.get_by_id(complaint.id).due_at == wita(2026, 6, 4, 16, 0)


def test_a_paused_complaint_is_never_overdue(office, handler):
    complaint = take(office, FRIDAY_2PM)
    complaints.apply(complaint.id, "pause", handler, {"note": "Menunggu fotokopi KK"},
                     now=wita(2026, 6, 3, 10, 0))  # fmt: skip
    paused = Complaint.get_by_id(complaint.id)
    assert paused.status == "paused"
    assert not complaints.is_overdue(paused, wita(2026, 6, 4, 16, 1))
    assert not complaints.is_overdue(paused, wita(2026, 9, 1, 9, 0))
    later = Complaint.select().where(complaints.overdue_condition(wita(2026, 9, 1, 9, 0)))
    assert list(later) == []


def test_resuming_moves_the_deadline_by_the_working_days_waited(office, handler):
    complaint = take(office, FRIDAY_2PM)
    complaints.apply(complaint.id, "pause", handler, {"note": "Menunggu KK"},
                     now=wita(2026, 6, 3, 10, 0))  # fmt: skip
    # Waited Thu 4 and Fri 5 June: two working days.
    complaints.apply(complaint.id, "resume", handler, now=wita(2026, 6, 5, 11, 0))
    resumed = Complaint.get_by_id(complaint.id)
    assert resumed.status == "received"
    assert resumed.due_at == wita(2026, 6, 8, 16, 0)


def test_pause_needs_a_reason(office, handler):
    complaint = take(office, FRIDAY_2PM)
    with pytest.raises(ValidationError) as refused:
        complaints.apply(complaint.id, "pause", handler, {"note": " "})
    assert "note" in refused.value.errors


def test_forwarding_names_to_whom_and_stops_the_clock(office, handler):
    complaint = take(office, FRIDAY_2PM)
    complaints.apply(complaint.id, "forward", handler, {"forwarded_to": "BPJS Kesehatan KC"},
                     now=wita(2026, 6, 2, 9, 0))  # fmt: skip
    forwarded = Complaint.get_by_id(complaint.id)
    assert forwarded.forwarded_to == "BPJS Kesehatan KC"
    assert not complaints.is_overdue(forwarded, wita(2026, 7, 1, 9, 0))


def test_answer_with_a_canned_answer_records_who_answered(office, handler):
    answer = CannedAnswer.create(office=office, title="Kuota", body="Usulan menunggu kuota.")
    complaint = take(office, FRIDAY_2PM)
    complaints.apply(complaint.id, "verify", handler)
    complaints.apply(complaint.id, "respond", handler, {"canned_answer": str(answer.id)})
    answered = Complaint.get_by_id(complaint.id)
    assert (answered.status, answered.response) == ("responded", "Usulan menunggu kuota.")
    assert answered.responded_by_id == handler.id
    actions = [e.action for e in ComplaintEvent.select().order_by(ComplaintEvent.id)]
    assert actions == ["receive", "verify", "respond"]


def test_another_offices_canned_answer_is_refused(office, handler):
    other = CannedAnswer.create(office=factories.make_office(), title="X", body="Lain")
    complaint = take(office, FRIDAY_2PM)
    complaints.apply(complaint.id, "verify", handler)
    with pytest.raises(ValidationError):
        complaints.apply(complaint.id, "respond", handler, {"canned_answer": str(other.id)})


def test_counter_officer_may_not_archive_or_reopen(office, handler):
    complaint = take(office, FRIDAY_2PM)
    with pytest.raises(ValidationError, match="tidak berwenang"):
        complaints.apply(complaint.id, "archive", handler, {"note": "Ganda"})


def test_another_offices_complaint_cannot_be_moved(office):
    complaint = take(factories.make_office(), FRIDAY_2PM)
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        complaints.apply(complaint.id, "verify", factories.make_user(office=office))


def test_ticket_names_the_year_office_and_number(office):
    complaint = take(office, FRIDAY_2PM)
    assert complaint.ticket == f"ADU-2026-{office.id:02d}-{complaint.id:06d}"


def test_anonymous_complaint_keeps_no_identity(office):
    complaint = take(office, FRIDAY_2PM, reporter_mode="anonymous", reporter_name="Wayan")
    assert Complaint.get_by_id(complaint.id).reporter_name == ""


def test_confidential_reporter_is_seen_by_handler_and_supervisor_only(office, handler):
    complaint = take(office, FRIDAY_2PM, reporter_mode="confidential", reporter_name="Made")
    complaints.apply(complaint.id, "verify", handler)
    complaint = Complaint.get_by_id(complaint.id)
    viewer = complaints.Viewer
    other_counter = factories.make_user(role="petugas", office=office)
    supervisor = factories.make_user(role="supervisor", office=office)
    assert complaints.reporter_text(complaint, viewer.of(handler)) == "Made"
    assert complaints.reporter_text(complaint, viewer.of(supervisor)) == "Made"
    assert complaints.reporter_text(complaint, viewer.of(other_counter)) == "Dirahasiakan"


def test_a_lapor_complaint_needs_its_lapor_ticket(office):
    with pytest.raises(ValidationError) as refused:
        take(office, FRIDAY_2PM, channel="lapor")
    assert "lapor_tracking_id" in refused.value.errors
