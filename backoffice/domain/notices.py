"""The supervisor's morning list (daftar tenggat pagi): every open case of the office whose
deadline falls before the end of the office's day, the late ones first.

Rule (ours, from the seeds' promises of response and completion times, Permenpan-RB 15/2014
component 6 "jangka waktu pelayanan"): on each of the office's working days, once its wall
clock reaches `MORNING` (an hour before the civil service's 08:00 opening), each active
supervisor of the office gets one list for that day, even an empty one ("tidak ada tenggat
hari ini" is news too). Applications count while their clock runs (`PENDING_STATUSES`),
complaints while theirs does (`complaint_flow.RUNNING`: a paused complaint waits for its
reporter). Cases are named by number and service, never by the person (UU 27/2022: the list
needs no more); the page links to each case, which the office's scope guards as always.
"""

import datetime as dt
import json
from dataclasses import asdict, dataclass

from backoffice.domain import complaint_flow
from backoffice.domain.deadlines import OfficeCalendar, is_working_day, to_local, to_utc
from backoffice.domain.scope import applications_of
from backoffice.models import Application, Complaint, Notice, Office, Service, User
from backoffice.models.base import utcnow
from backoffice.models.complaints import COMPLAINT_TOPICS

MORNING = dt.time(7)  # office wall clock
MORNING_LIST = "deadlines"  # Notice.kind of the list
MAX_ITEMS = 200  # listed; the counts in the title are always whole
TOPIC_LABELS = dict(COMPLAINT_TOPICS)


@dataclass(frozen=True)
class DueItem:
    """One case on the list. `kind` "application" or "complaint"; `number` what staff quote
    ("#id", the record's number: a receipt's queue number restarts every day; the complaint
    ticket); `what` its service or topic;
    `due_at` ISO naive UTC; `late` already past it when the list was made."""

    kind: str
    id: int
    number: str
    what: str
    due_at: str
    late: bool


def morning_day(calendar: OfficeCalendar, now_utc: dt.datetime) -> dt.date | None:
    """The office's local date whose morning list is due at `now_utc` (naive UTC): today once
    the office's clock reads `MORNING` or later on a working day; else None."""
    local = to_local(now_utc, calendar)
    if local.time() < MORNING or not is_working_day(local.date(), calendar):
        return None
    return local.date()


def end_of_day_utc(day: dt.date, calendar: OfficeCalendar) -> dt.datetime:
    """Midnight after `day` on the office's clock, as naive UTC."""
    following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), calendar.tz)
    return to_utc(following)


def due_items(
    office: Office, day: dt.date, calendar: OfficeCalendar, now_utc: dt.datetime
) -> tuple[list[DueItem], int, int, int]:
    """(items, applications due, of which late, complaints due) for `office` on `day`: open
    cases due before the end of `day` (office clock). Items: late first, then by deadline;
    at most MAX_ITEMS of them, the counts always whole."""
    end = end_of_day_utc(day, calendar)
    applications = (
        Application.pending()
        .select(Application.id, Application.due_at, Service.name)
        .join(Service)
        .where(Application.id.in_(applications_of(office)), Application.due_at < end)
        .order_by(Application.due_at, Application.id)
    )
    complaints = (
        Complaint.select(Complaint.id, Complaint.ticket, Complaint.topic, Complaint.due_at)
        .where(Complaint.office == office.id, Complaint.status.in_(sorted(complaint_flow.RUNNING)),
               Complaint.due_at < end)
        .order_by(Complaint.due_at, Complaint.id)
    )  # fmt: skip
    n_applications, n_complaints = applications.count(), complaints.count()
    late = applications.where(Application.due_at < now_utc).count()
    items = [
        DueItem("application", a.id, f"#{a.id}", a.service.name,
                a.due_at.isoformat(), a.due_at < now_utc)
        for a in applications.limit(MAX_ITEMS)
    ] + [
        DueItem("complaint", c.id, c.ticket or f"#{c.id}", TOPIC_LABELS.get(c.topic, c.topic),
                c.due_at.isoformat(), c.due_at < now_utc)
        for c in complaints.limit(MAX_ITEMS)
    ]  # fmt: skip
    items.sort(key=lambda item: (not item.late, item.due_at, item.kind, item.id))
    return items[:MAX_ITEMS], n_applications, late, n_complaints


def title_of(day: dt.date, applications: int, late: int, complaints: int) -> str:
    """'Tenggat 07-12-2026: 12 permohonan (3 lewat tenggat), 2 pengaduan'."""
    if not applications and not complaints:
        return f"Tenggat {day:%d-%m-%Y}: tidak ada permohonan atau pengaduan yang jatuh tempo."
    late_text = f" ({late} lewat tenggat)" if late else ""
    return (f"Tenggat {day:%d-%m-%Y}: {applications} permohonan{late_text}, "
            f"{complaints} pengaduan")  # fmt: skip


def as_json_rows(items: list[DueItem]) -> list[dict]:
    return [asdict(item) for item in items]


def unread(user: User) -> list[Notice]:
    """`user`'s notices not yet read, the newest first (the home page shows them; a newer
    morning list marks the older ones read, so at most one of them waits)."""
    return list(Notice.select().where(Notice.user == user.id, Notice.read_at.is_null())
                .order_by(Notice.day.desc(), Notice.id.desc()).limit(3))  # fmt: skip


def mark_read(user: User, notice_id: int) -> bool:
    """Mark `user`'s own notice `notice_id` read (again: no change); False when it is not
    theirs or not there."""
    mine = Notice.select().where(Notice.id == notice_id, Notice.user == user.id)
    if not mine.exists():
        return False
    Notice.update(read_at=utcnow()).where(
        Notice.id == notice_id, Notice.read_at.is_null()
    ).execute()
    return True


def forget_elsewhere(user: User) -> int:
    """Mark read the unread morning lists of `user` that are not of its office now (an
    account moved to another office, or made a supervisor no more, must not keep reading
    the old office's cases); return how many. Every list it holds is of one office: the
    office it had when the list was made, so a moved account's lists all go."""
    if user.role == "supervisor" and not _moved(user):
        return 0
    return Notice.update(read_at=utcnow()).where(
        Notice.user == user.id, Notice.read_at.is_null()).execute()  # fmt: skip


def _moved(user: User) -> bool:
    """Whether a case on `user`'s newest unread list is not its office's now."""
    newest = Notice.select().where(Notice.user == user.id, Notice.read_at.is_null()).order_by(
        Notice.id.desc()).first()  # fmt: skip
    if newest is None or user.office_id is None:
        return newest is not None
    for item in json.loads(newest.items or "[]"):
        if item["kind"] == "application":
            mine = Application.select().where(Application.id == item["id"],
                                              Application.id.in_(applications_of(user.office)))
        else:
            mine = Complaint.select().where(Complaint.id == item["id"],
                                            Complaint.office == user.office_id)
        return not mine.exists()  # one case tells whose list it is
    return False
