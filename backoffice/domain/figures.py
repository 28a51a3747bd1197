"""The figures the dashboard shows and the monthly report prints (angka kinerja), one office
scope at a time. Every function reads through `domain.scope`, so an office sees only its own.

Months are calendar months on the office's clock; "delivered" means an application closed in
the month (not cancelled); "on time" means closed no later than its deadline.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from peewee import Case, fn

from backoffice.domain import complaint_flow, complaints, offices, scope, skm
from backoffice.domain.scope import Viewer, scoped
from backoffice.models import (
    Application,
    ApplicationTally,
    Complaint,
    Office,
    Quota,
    Service,
    Village,
)
from backoffice.models.applications import APPLICATION_STATUSES, PENDING_STATUSES
from backoffice.models.complaints import COMPLAINT_CATEGORIES

DELIVERED = ("activated", "done", "rejected", "ineligible")


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    zone: str  # IANA

    def bounds_utc(self) -> tuple[dt.datetime, dt.datetime]:
        """[first, after) of the month on the office's clock, as naive UTC."""
        tz = ZoneInfo(self.zone)
        first = dt.datetime(self.year, self.month, 1, tzinfo=tz)
        nxt = dt.datetime(self.year + self.month // 12, self.month % 12 + 1, 1, tzinfo=tz)
        return tuple(m.astimezone(dt.UTC).replace(tzinfo=None) for m in (first, nxt))

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        nxt = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)


def month_of(office: Office | None, year: int, month: int) -> Month:
    """The month on the office's clock; OfficeDataError for a zone no form offers."""
    zone = offices.zone_of(office) if office else "Asia/Jakarta"
    return Month(year, month, zone)


# --- applications -----------------------------------------------------------------------


def tallied(viewer: Viewer) -> bool:
    """Whether `viewer`'s application counts may be read from `application_tally`: its rows
    are per service, so they answer an office's scope (or none) but not a row rule such as a
    verifier's own assignments, which are few and counted live."""
    return not scope.has_row_rule(viewer, Application)


def applications_by_status(viewer: Viewer) -> list[tuple[str, str, int]]:
    """(status, label, count) of every status holding an application."""
    if tallied(viewer):
        query = ApplicationTally.select(ApplicationTally.status, fn.SUM(ApplicationTally.n))
        query = query.group_by(ApplicationTally.status)
    else:
        query = Application.select(Application.status, fn.COUNT(Application.id))
        query = query.group_by(Application.status)
    counts = dict(scoped(query, viewer).tuples())
    return [(c, label, counts[c]) for c, label in APPLICATION_STATUSES if counts.get(c)]


def open_by_service(viewer: Viewer) -> list[tuple[int, str, int]]:
    """(service id, name, open applications) of every service with one open, by name."""
    model = ApplicationTally if tallied(viewer) else Application
    count = fn.SUM(model.n) if model is ApplicationTally else fn.COUNT(model.id)
    query = (
        model.select(Service.id, Service.name, count)
        .join(Service)
        .where(model.status.in_(PENDING_STATUSES))
        .group_by(Service.id, Service.name)
        .having(count > 0)
        .order_by(Service.name)
    )
    return list(scoped(query, viewer, model).tuples())


def due_today_and_overdue(viewer: Viewer, now: dt.datetime, zone: str) -> tuple[int, int]:
    """Open applications due before the end of today (office clock, `zone` IANA) but not yet
    late at `now` (naive UTC), and late ones.

    Late from the tally: every deadline day before today (UTC) from its rows, today's part up
    to `now` from the (status, due_at) index; both ranges of a day or less are counted live."""
    today = scoped(Application.due_between(now, next_midnight_utc(now, zone)), viewer).count()
    if not tallied(viewer):
        return today, scoped(Application.overdue(now), viewer).count()
    midnight = dt.datetime.combine(now.date(), dt.time())
    earlier_days = ApplicationTally.select(fn.SUM(ApplicationTally.n)).where(
        ApplicationTally.status.in_(PENDING_STATUSES)
        & (ApplicationTally.due_on != "")
        & (ApplicationTally.due_on < now.date().isoformat())
    )
    so_far_today = Application.pending().where(
        (Application.due_at >= midnight) & (Application.due_at < now)
    )
    late = (scoped(earlier_days, viewer).scalar() or 0) + scoped(so_far_today, viewer).count()
    return today, int(late)


def next_midnight_utc(now: dt.datetime, zone: str) -> dt.datetime:
    """The end of today on the office's clock (`zone`, IANA), as naive UTC."""
    local = now.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone))
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), local.tzinfo)
    return midnight.astimezone(dt.UTC).replace(tzinfo=None)


def quota_use(viewer: Viewer, year: int) -> list[tuple[str, str, str, int, int, int]]:
    """(village code, village name, funding source, allocation, used, left) for `year`."""
    query = (
        Quota.select(Quota, Village.name)
        .join(Village)
        .where(Quota.year == year)
        .order_by(Village.name, Quota.funding_source)
    )
    return [
        (q.village_id, q.village.name, q.funding_source, q.allocation, q.used, q.remaining)
        for q in scoped(query, viewer, Quota)
    ]


def delivered_by_service(viewer: Viewer, month: Month) -> list[tuple[str, int, int]]:
    """(service name, delivered in the month, of which on time)."""
    first, after = month.bounds_utc()
    query = (
        Application.select(
            Service.name,
            fn.COUNT(Application.id),
            fn.SUM(Case(None, [(Application.closed_at <= Application.due_at, 1)], 0)),
        )
        .join(Service)
        .where(
            Application.status.in_(DELIVERED)
            & (Application.closed_at >= first)
            & (Application.closed_at < after)
        )
        .group_by(Service.name)
        .order_by(Service.name)
    )
    rows = scoped(query, viewer, Application).tuples()
    return [(name, n, int(on_time or 0)) for name, n, on_time in rows]


# --- complaints -------------------------------------------------------------------------


def complaints_by_class(viewer: Viewer, now: dt.datetime) -> list[tuple[str, str, int, int]]:
    """(class, label, open, overdue)."""
    labels = dict(COMPLAINT_CATEGORIES)
    return [
        (code, labels[code], opened, late)
        for code, opened, late in complaints.open_and_overdue_by_class(viewer, now)
    ]


def complaints_in_month(viewer: Viewer, month: Month, now: dt.datetime) -> list[list]:
    """Per class: received, answered, average days to answer, overdue now."""
    first, after = month.bounds_utc()
    rows = []
    for code, label in COMPLAINT_CATEGORIES:
        received = list(
            scoped(Complaint.select(), viewer).where(
                (Complaint.category == code)
                & (Complaint.received_at >= first)
                & (Complaint.received_at < after)
            )
        )
        answered = [c for c in received if c.responded_at is not None]
        days = [(c.responded_at - c.received_at).total_seconds() / 86400 for c in answered]
        average = round(sum(days) / len(days), 1) if days else None
        late = sum(1 for c in received if complaints.is_overdue(c, now))
        rows.append([label, len(received), len(answered), average, late])
    return rows


def open_complaint_count(viewer: Viewer) -> int:
    return (
        scoped(Complaint.select(), viewer)
        .where(Complaint.status.in_(sorted(complaint_flow.OPEN)))
        .count()
    )


# --- satisfaction -----------------------------------------------------------------------


def ikm_trend(office: Office, until: dt.date, semesters: int = 4) -> list[dict]:
    """Per service (and the office as a whole), the IKM of the last `semesters` half-years."""
    periods = skm.half_years(until, semesters)
    results = skm.results_by_period(office, periods)
    labels = [f"{'I' if start.month == 1 else 'II'}/{start.year}" for start, _ in periods]
    services = [None, *skm.services_of(office)]
    return [
        {
            "service": service.name if service else "Seluruh layanan",
            "service_id": service.id if service else None,
            "points": [
                (label, _score(results.get((service.id if service else None, index))))
                for index, label in enumerate(labels)
            ],
        }
        for service in services
    ]


def _score(result) -> float | None:
    return float(result.score) if result else None
