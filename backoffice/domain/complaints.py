"""Complaint cases (pengaduan): reception with a ticket, dispositions, deadlines, who may see
the reporter.

Deadlines run in working days on the office's calendar (`domain.deadlines`): the complaint must
be verified within 3 working days of reception; once verified, resolved within SP4N-LAPOR!'s
5 (simple or information), 14 (dispute without a field check) or 60 (with one) working days
of reception, unless the office promises its own number (`Office.complaint_response_days`,
e.g. Banjarmasin's 3). While paused for the reporter the complaint is never overdue, and on
resuming its deadline moves by the working days it waited.
"""

import datetime as dt

from peewee import fn

from backoffice.db import write_transaction
from backoffice.domain import complaint_flow as flow
from backoffice.domain.deadlines import (
    OfficeCalendar,
    add_working_days,
    calendar_for,
    complaint_due_at,
    to_local,
    to_utc,
    working_days_between,
)
from backoffice.domain.errors import ValidationError
from backoffice.domain.scope import Viewer, scoped
from backoffice.models import (
    Applicant,
    Application,
    CannedAnswer,
    Complaint,
    ComplaintEvent,
    Office,
    User,
)
from backoffice.models.base import utcnow
from backoffice.models.complaints import COMPLAINT_CATEGORIES

VERIFY_DAYS = 3
RESOLVE_DAYS = {"simple": 5, "dispute": 14, "field_check": 60}
MAX_BULK = 500


def resolve_days(complaint: Complaint, office: Office) -> int:
    """Working days to resolve: the office's own promise, else LAPOR!'s by complexity."""
    if office.complaint_response_days:
        return office.complaint_response_days
    if complaint.category == "informasi":
        return RESOLVE_DAYS["simple"]
    return RESOLVE_DAYS[complaint.complexity]


def verification_due(received_utc: dt.datetime, calendar: OfficeCalendar) -> dt.datetime:
    return complaint_due_at(received_utc, VERIFY_DAYS, calendar)


def resolution_due(complaint: Complaint, calendar: OfficeCalendar) -> dt.datetime:
    days = resolve_days(complaint, complaint.office)
    return complaint_due_at(complaint.received_at, days, calendar)


def shifted_due(
    due_utc: dt.datetime, paused_utc: dt.datetime, now_utc: dt.datetime, calendar: OfficeCalendar
) -> dt.datetime:
    """`due_utc` moved later by the working days between the pause and `now_utc`."""
    waited = working_days_between(
        to_local(paused_utc, calendar).date(), to_local(now_utc, calendar).date(), calendar
    )
    local_due = to_local(due_utc, calendar)
    day = add_working_days(local_due.date(), max(waited, 0), calendar)
    return to_utc(dt.datetime.combine(day, local_due.timetz()))


def is_overdue(complaint: Complaint, now_utc: dt.datetime) -> bool:
    """Past its deadline while its clock runs (a paused or finished complaint never is)."""
    return (
        complaint.status in flow.RUNNING
        and complaint.due_at is not None
        and now_utc > complaint.due_at
    )


def overdue_condition(now_utc: dt.datetime):
    """The WHERE clause of `is_overdue`, for lists and counts."""
    return Complaint.status.in_(sorted(flow.RUNNING)) & (Complaint.due_at < now_utc)


def ticket_for(complaint: Complaint) -> str:
    """The number a reporter quotes: ADU-<year>-<office>-<id>, e.g. ADU-2026-03-000041."""
    return f"ADU-{complaint.received_at:%Y}-{complaint.office_id:02d}-{complaint.id:06d}"


def receive(complaint: Complaint, user: User | None, now: dt.datetime | None = None) -> Complaint:
    """Save a new complaint: check it, set its verification deadline, ticket and first event.

    An anonymous complaint keeps no name or contact; raises ValidationError per field.
    """
    check(complaint)
    prepare(complaint, now)
    complaint.save()
    return stamp(complaint, user)


def prepare(complaint: Complaint, now: dt.datetime | None = None) -> None:
    """Before the first save: received now (unless given), status received, verification due."""
    if complaint.reporter_mode == "anonymous":
        complaint.reporter_name = complaint.reporter_contact = ""
    complaint.received_at = complaint.received_at or now or utcnow()
    complaint.due_at = verification_due(complaint.received_at, calendar_for(complaint.office))
    complaint.status = "received"


def stamp(complaint: Complaint, user: User | None) -> Complaint:
    """After the first save: the ticket (it names the id) and the timeline's first event."""
    complaint.ticket = ticket_for(complaint)
    complaint.save()
    _record(complaint, user, "receive", "", "received", "", complaint.received_at)
    return complaint


def check(complaint: Complaint) -> None:
    """The rules of a complaint's own fields (raises ValidationError per field)."""
    errors = {}
    if not (complaint.content or "").strip():
        errors["content"] = "Isi pengaduan wajib diisi."
    if complaint.reporter_mode == "confidential" and not (complaint.reporter_name or "").strip():
        errors["reporter_name"] = "Pelapor yang dirahasiakan tetap dicatat namanya."
    if complaint.channel == "lapor" and not (complaint.lapor_tracking_id or "").strip():
        errors["lapor_tracking_id"] = (
            "Pengaduan dari SP4N-LAPOR! wajib mencantumkan nomor tiketnya."
        )
    if errors:
        raise ValidationError(errors)


def _record(complaint, user, action, old, new, note, at) -> ComplaintEvent:
    return ComplaintEvent.create(
        complaint=complaint, user=user, action=action, from_status=old, to_status=new,
        note=note, at=at,
    )  # fmt: skip


def apply(
    complaint_id: int, action: str, user: User, inputs: dict | None = None, now=None
) -> Complaint:
    """Make one disposition; refuse with ValidationError (nothing changed) when not allowed."""
    d = flow.disposition(action)
    with write_transaction():
        return _move(_load(complaint_id, user), d, user, dict(inputs or {}), now or utcnow())


def apply_many(ids, action: str, user: User, inputs: dict | None = None, now=None) -> int:
    """The same disposition on several complaints, all or none."""
    ids = list(ids)
    if len(ids) > MAX_BULK:
        raise ValidationError({"ids": f"Paling banyak {MAX_BULK} pengaduan sekaligus."})
    d, now = flow.disposition(action), now or utcnow()
    with write_transaction():
        for complaint_id in ids:
            _move(_load(complaint_id, user), d, user, dict(inputs or {}), now)
    return len(ids)


def _load(complaint_id: int, user: User) -> Complaint:
    found = scoped(Complaint.select(), Viewer.of(user)).where(Complaint.id == complaint_id).first()
    if found is None:
        raise ValidationError({"id": f"Pengaduan #{complaint_id} tidak ditemukan."})
    return found


def _move(c: Complaint, d: flow.Disposition, user: User, inputs: dict, now) -> Complaint:
    if reason := flow.refusal(d, c.status, user.role):
        raise ValidationError({"action": f"{c.ticket}: {reason}"})
    _fill_canned_answer(c, inputs)
    if missing := flow.missing_inputs(d, inputs):
        raise ValidationError(missing)
    old = c.status
    new = c.paused_from or "verified" if d.target == flow.PREVIOUS else d.target
    EFFECTS.get(d.action, _no_effect)(c, user, inputs, now)
    c.status = new
    c.save()
    note = inputs.get("note") or inputs.get("response") or inputs.get("forwarded_to") or ""
    _record(c, user, d.action, old, new, str(note).strip(), now)
    return c


def _fill_canned_answer(c: Complaint, inputs: dict) -> None:
    answer_id = str(inputs.get("canned_answer") or "").strip()
    if not answer_id or str(inputs.get("response") or "").strip():
        return
    answer = None
    if answer_id.isascii() and answer_id.isdigit() and len(answer_id) < 10:
        answer = CannedAnswer.get_or_none(
            (CannedAnswer.id == int(answer_id))
            & (CannedAnswer.office == c.office_id)
            & CannedAnswer.active
        )
    if answer is None:
        raise ValidationError({"canned_answer": "Jawaban baku tidak ditemukan."})
    inputs["response"] = answer.body


def _no_effect(c, user, inputs, now) -> None:
    return None


def _verify(c, user, inputs, now) -> None:
    c.verified_at, c.handler = now, c.handler or user
    c.due_at = resolution_due(c, calendar_for(c.office))


def _pause(c, user, inputs, now) -> None:
    c.paused_at, c.paused_from = now, c.status


def _resume(c, user, inputs, now) -> None:
    if c.paused_at is not None and c.due_at is not None:
        c.due_at = shifted_due(c.due_at, c.paused_at, now, calendar_for(c.office))
    c.paused_at, c.paused_from = None, ""


def _forward(c, user, inputs, now) -> None:
    c.forwarded_to = str(inputs["forwarded_to"]).strip()[:200]


def _respond(c, user, inputs, now) -> None:
    c.response, c.responded_at, c.responded_by = str(inputs["response"]).strip(), now, user


def _close(c, user, inputs, now) -> None:
    c.closed_at = now


def _reopen(c, user, inputs, now) -> None:
    days = resolve_days(c, c.office)
    c.due_at = complaint_due_at(now, days, calendar_for(c.office))
    c.closed_at = None


EFFECTS = {
    "verify": _verify,
    "pause": _pause,
    "resume": _resume,
    "forward": _forward,
    "respond": _respond,
    "close": _close,
    "reopen": _reopen,
}


# --- who sees what -------------------------------------------------------------------------


def may_see_reporter(complaint: Complaint, viewer: Viewer) -> bool:
    """A confidential reporter is shown only to the complaint's handler and supervisors."""
    if complaint.reporter_mode != "confidential":
        return True
    return viewer.role in flow.SUPERVISORS or (
        viewer.user_id is not None and viewer.user_id == complaint.handler_id
    )


def reporter_text(complaint: Complaint, viewer: Viewer) -> str:
    """The reporter as `viewer` may read it: the name, "Anonim" or "Dirahasiakan"."""
    if complaint.reporter_mode == "anonymous":
        return "Anonim"
    if not may_see_reporter(complaint, viewer):
        return "Dirahasiakan"
    return complaint.reporter_name


def linked_to_application(application: Application, viewer: Viewer) -> list[Complaint]:
    """The complaints about this application or its applicant, inside `viewer`'s scope."""
    query = Complaint.select().where(
        (Complaint.application == application.id)
        | (Complaint.applicant == application.applicant_id)
    )
    return list(scoped(query, viewer).order_by(Complaint.received_at.desc()))


def applications_of_complainant(complaint: Complaint, viewer: Viewer) -> list[Application]:
    """The applications of the complaint's person (or its application), inside the scope."""
    person = complaint.applicant_id or (
        complaint.application.applicant_id if complaint.application_id else None
    )
    if person is None:
        return []
    query = Application.select().join(Applicant).where(Applicant.id == person)
    return list(scoped(query, viewer, Application).order_by(Application.received_at.desc()))


def open_and_overdue_by_class(viewer: Viewer, now_utc: dt.datetime) -> list[tuple[str, int, int]]:
    """(class code, open count, overdue count) of `viewer`'s complaints."""
    base = scoped(Complaint.select(Complaint.category, fn.COUNT(Complaint.id)), viewer)
    opened = dict(
        base.where(Complaint.status.in_(sorted(flow.OPEN))).group_by(Complaint.category).tuples()
    )
    late = dict(base.where(overdue_condition(now_utc)).group_by(Complaint.category).tuples())
    return [(code, opened.get(code, 0), late.get(code, 0)) for code, _ in COMPLAINT_CATEGORIES]
