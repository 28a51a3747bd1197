"""Deadlines (tenggat): when a service's promised time runs out, on the office's own calendar.

Every moment a caller passes in or gets back is naive UTC, as the database stores it (an aware
datetime passed in is converted first). In between, everything is read on the office's wall
clock: WIB (Asia/Jakarta, UTC+7), WITA (Asia/Makassar, UTC+8) or WIT (Asia/Jayapura, UTC+9).

A working day (hari kerja) is a day the office has hours for, that is not an Indonesian
national holiday, not a cuti bersama (joint leave set each year by the SKB 3 Menteri) and not a
full-day closure of the office (e.g. Galungan in Bali). National holidays and cuti bersama come
from the `holidays` package, whose cuti bersama list follows the decrees it knows of: for a year
it does not know yet, record the days as office closures.

Build an `OfficeCalendar` once per office (`calendar_for`) and reuse it for a whole list.
"""

import calendar as gregorian
import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

from backoffice.domain.errors import ValidationError
from backoffice.models.offices import IANA_ZONES, WEEKDAYS, Office, OfficeClosure, OfficeHours
from backoffice.models.standards import Service

Hours = tuple[dt.time, dt.time]
# An office with no hours recorded is taken to work the civil service week.
DEFAULT_HOURS: Mapping[int, Hours] = {weekday: (dt.time(8), dt.time(16)) for weekday in range(5)}
HOLIDAY_CATEGORIES = (holidays.PUBLIC, holidays.GOVERNMENT)
WEEKDAY_NAMES = dict(WEEKDAYS)
# How far ahead a working day is looked for before the calendar is declared unusable.
MAX_SEARCH_DAYS = 366
CLOCK_UNITS = {
    "minutes": dt.timedelta(minutes=1),
    "hours": dt.timedelta(hours=1),
    "days": dt.timedelta(days=1),
}


@dataclass(frozen=True)
class OfficeCalendar:
    """One office's working calendar.

    `zone` is "WIB", "WITA" or "WIT"; `hours[weekday]` (0 = Monday … 6 = Sunday) is
    (opens, closes) or None when the office is closed that weekday; `closures` are the office's
    own full-day closures, `closure_reasons` their reasons. Construction refuses a calendar
    that could never yield a working day, with a `ValidationError`.
    """

    zone: str
    hours: tuple[Hours | None, ...]
    closures: frozenset[dt.date] = frozenset()
    closure_reasons: Mapping[dt.date, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        problems = _calendar_problems(self)
        if problems:
            raise ValidationError(problems)

    @classmethod
    def weekly(
        cls, zone: str, hours: Mapping[int, Hours], closures: Mapping[dt.date, str] | None = None
    ) -> "OfficeCalendar":
        """A calendar from {weekday: (opens, closes)} and {closed date: reason}."""
        reasons = MappingProxyType(dict(closures or {}))
        week = tuple(hours.get(weekday) for weekday in range(7))
        return cls(zone, week, frozenset(reasons), reasons)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(IANA_ZONES[self.zone])

    def opening_hours(self, day: dt.date) -> Hours | None:
        """(opens, closes) of `day`'s weekday, ignoring holidays; None if closed that weekday."""
        return self.hours[day.weekday()]


def _calendar_problems(calendar: OfficeCalendar) -> dict[str, str]:
    problems = {}
    if calendar.zone not in IANA_ZONES:
        problems["time_zone"] = "Zona waktu harus WIB, WITA atau WIT."
    open_days = [hours for hours in calendar.hours if hours is not None]
    if len(calendar.hours) != 7 or not open_days:
        problems["hours"] = "Jam layanan harus ada untuk minimal satu hari dalam seminggu."
    elif any(opens >= closes for opens, closes in open_days):
        problems["hours"] = "Jam buka harus lebih awal dari jam tutup."
    return problems


def calendar_for(office: Office) -> OfficeCalendar:
    """The office's calendar from its OfficeHours and full-day OfficeClosure rows.

    An office with no OfficeHours row at all gets Monday–Friday 08:00–16:00 (`DEFAULT_HOURS`).
    Closures that are not full-day are ignored: the office still works part of that day.
    """
    rows = OfficeHours.select().where(OfficeHours.office == office)
    hours = {row.weekday: (row.opens, row.closes) for row in rows} or DEFAULT_HOURS
    closures = OfficeClosure.select().where(
        (OfficeClosure.office == office) & OfficeClosure.full_day
    )
    return OfficeCalendar.weekly(office.time_zone, hours, {c.date: c.reason for c in closures})


# --- Which days count ---------------------------------------------------------------------


@functools.cache
def _national_holidays(year: int) -> Mapping[dt.date, str]:
    found = holidays.Indonesia(years=year, categories=HOLIDAY_CATEGORIES, language="id")
    return MappingProxyType(dict(found))


def national_holiday_name(day: dt.date) -> str | None:
    """The Indonesian name of the national holiday or cuti bersama on `day`, or None."""
    return _national_holidays(day.year).get(day)


def holiday_name(day: dt.date, calendar: OfficeCalendar) -> str | None:
    """Why `day` is a day off beyond the weekly hours: holiday, cuti bersama or closure reason.

    None when it is none of those (a weekend is not named here: see `non_working_reason`).
    """
    if national := national_holiday_name(day):
        return national
    if day in calendar.closures:
        return calendar.closure_reasons.get(day) or "Kantor tutup"
    return None


def non_working_reason(day: dt.date, calendar: OfficeCalendar) -> str | None:
    """A sentence for the user on why `day` does not count, or None for a working day."""
    if name := holiday_name(day, calendar):
        return name
    if calendar.opening_hours(day) is None:
        return f"Kantor tidak buka hari {WEEKDAY_NAMES[day.weekday()]}"
    return None


def is_working_day(day: dt.date, calendar: OfficeCalendar) -> bool:
    """Open that weekday, and not a national holiday, cuti bersama or office closure."""
    return calendar.opening_hours(day) is not None and holiday_name(day, calendar) is None


def next_working_day(day: dt.date, calendar: OfficeCalendar) -> dt.date:
    """The first working day strictly after `day`."""
    for offset in range(1, MAX_SEARCH_DAYS + 1):
        candidate = day + dt.timedelta(days=offset)
        if is_working_day(candidate, calendar):
            return candidate
    message = f"Tidak ada hari kerja dalam {MAX_SEARCH_DAYS} hari setelah {day:%d-%m-%Y}."
    raise ValidationError({"closures": message})


def working_day_on_or_after(day: dt.date, calendar: OfficeCalendar) -> dt.date:
    return day if is_working_day(day, calendar) else next_working_day(day, calendar)


def add_working_days(start_day: dt.date, n: int, calendar: OfficeCalendar) -> dt.date:
    """The `n`th working day after `start_day` (not counted itself); `start_day` when n is 0."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start_day
    for _ in range(n):
        day = next_working_day(day, calendar)
    return day


def working_days_between(start_day: dt.date, end_day: dt.date, calendar: OfficeCalendar) -> int:
    """Working days after `start_day` up to and including `end_day`; negative if end < start.

    The inverse of `add_working_days`: `working_days_between(s, add_working_days(s, n)) == n`.
    """
    if end_day < start_day:
        return -working_days_between(end_day, start_day, calendar)
    span = (end_day - start_day).days
    days = (start_day + dt.timedelta(days=offset) for offset in range(1, span + 1))
    return sum(is_working_day(day, calendar) for day in days)


# --- Moments on the office clock ------------------------------------------------------------


def to_local(moment_utc: dt.datetime, calendar: OfficeCalendar) -> dt.datetime:
    """`moment_utc` (naive UTC, or aware) as an aware datetime on the office's clock."""
    return _as_aware_utc(moment_utc).astimezone(calendar.tz)


def to_utc(moment: dt.datetime) -> dt.datetime:
    """An aware datetime as naive UTC, the way the database stores it."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _as_aware_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _opening(day: dt.date, calendar: OfficeCalendar) -> dt.datetime:
    return dt.datetime.combine(day, calendar.opening_hours(day)[0], calendar.tz)


def _closing(day: dt.date, calendar: OfficeCalendar) -> dt.datetime:
    return dt.datetime.combine(day, calendar.opening_hours(day)[1], calendar.tz)


def _counting_day(received: dt.datetime, calendar: OfficeCalendar) -> dt.date:
    """Day 0 of a count: the day of reception if it is a working day and the office has not
    closed yet, else the next working day."""
    day = received.date()
    if is_working_day(day, calendar) and received < _closing(day, calendar):
        return day
    return next_working_day(day, calendar)


# --- Due moments, one rule per unit --------------------------------------------------------


def _add_office_time(
    received: dt.datetime, duration: dt.timedelta, calendar: OfficeCalendar
) -> dt.datetime:
    """`duration` of office-hours time on working days, starting at `received` or the next
    opening; a duration that ends exactly at closing time is due at that closing."""
    day, cursor, remaining = _counting_day(received, calendar), received, duration
    while True:
        begin = max(cursor, _opening(day, calendar))
        available = _closing(day, calendar) - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
        day = next_working_day(day, calendar)


def _due_in_minutes(received: dt.datetime, n: int, calendar: OfficeCalendar) -> dt.datetime:
    return _add_office_time(received, dt.timedelta(minutes=n), calendar)


def _due_in_hours(received: dt.datetime, n: int, calendar: OfficeCalendar) -> dt.datetime:
    return _add_office_time(received, dt.timedelta(hours=n), calendar)


def _due_in_working_days(received: dt.datetime, n: int, calendar: OfficeCalendar) -> dt.datetime:
    day = add_working_days(_counting_day(received, calendar), n, calendar)
    return _closing(day, calendar)


def _due_in_days(received: dt.datetime, n: int, calendar: OfficeCalendar) -> dt.datetime:
    day = received.date() + dt.timedelta(days=n)
    return _closing(working_day_on_or_after(day, calendar), calendar)


def _due_in_months(received: dt.datetime, n: int, calendar: OfficeCalendar) -> dt.datetime:
    day = add_months(received.date(), n)
    return _closing(working_day_on_or_after(day, calendar), calendar)


def add_months(day: dt.date, n: int) -> dt.date:
    """The same date `n` months later, clamped to the month's end (31 January + 1 → 28/29 Feb)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + n, 12)
    last = gregorian.monthrange(year, month_index + 1)[1]
    return dt.date(year, month_index + 1, min(day.day, last))


DueRule = Callable[[dt.datetime, int, OfficeCalendar], dt.datetime]
# One rule per unit of Service.promised_unit (TIME_UNITS), read on the office's clock.
DUE_RULES: Mapping[str, DueRule] = {
    "minutes": _due_in_minutes,
    "hours": _due_in_hours,
    "working_days": _due_in_working_days,
    "days": _due_in_days,
    "months": _due_in_months,
}


def due_at(
    received_at_utc: dt.datetime,
    amount: int,
    unit: str,
    calendar: OfficeCalendar,
    around_the_clock: bool = False,
) -> dt.datetime:
    """The deadline (naive UTC) of a promise of `amount` `unit` made at `received_at_utc`.

    - minutes, hours: office-hours time on working days only, the clock starting at reception
      or at the next opening;
    - working_days: closing time of the `amount`th working day after day 0, where day 0 is the
      day of reception, or the next working day if received on a non-working day or at/after
      closing time (so 0 working days = closing time of day 0);
    - days: `amount` calendar days after the date of reception, at closing time, moved to the
      next working day's closing when that date is not a working day;
    - months: the same date `amount` months later (clamped to the month's end), likewise.
    With `around_the_clock` (24-hour services such as emergencies) minutes, hours and days are
    plain elapsed time from reception; working_days and months keep their calendar rules.
    Raises `ValidationError` for a negative amount or an unknown unit.
    """
    _check_promise(amount, unit)
    if around_the_clock and unit in CLOCK_UNITS:
        return to_utc(_as_aware_utc(received_at_utc) + CLOCK_UNITS[unit] * amount)
    return to_utc(DUE_RULES[unit](to_local(received_at_utc, calendar), amount, calendar))


def _check_promise(amount: int, unit: str) -> None:
    if unit not in DUE_RULES:
        raise ValidationError({"promised_unit": f"Satuan waktu tidak dikenal: {unit!r}."})
    if amount < 0:
        raise ValidationError({"promised_amount": "Jangka waktu tidak boleh negatif."})


def service_due_at(
    service: Service, received_at_utc: dt.datetime, calendar: OfficeCalendar
) -> dt.datetime:
    """`due_at` with the service's promised amount, unit and 24-hour flag."""
    return due_at(
        received_at_utc,
        service.promised_amount,
        service.promised_unit,
        calendar,
        service.around_the_clock,
    )


DEFAULT_RESPONSE_DAYS = 5  # working days, when the office has not set its own


def complaint_due_at(
    received_at_utc: dt.datetime, working_days: int, calendar: OfficeCalendar
) -> dt.datetime:
    """When a complaint must be answered: `working_days` by the `due_at` working-day rule.

    Use the office's `complaint_response_days`, or SP4N-LAPOR!'s 3 (verify and forward) and
    5 (decide the follow-up) working days.
    """
    return due_at(received_at_utc, working_days, "working_days", calendar)


# --- Reading a deadline --------------------------------------------------------------------


def is_overdue(due_at_utc: dt.datetime, now_utc: dt.datetime) -> bool:
    """True once `now_utc` is past `due_at_utc` (both naive UTC); the due moment itself is not."""
    return now_utc > due_at_utc


def remaining_text(due_at_utc: dt.datetime, now_utc: dt.datetime) -> str:
    """Elapsed-time summary for lists: "sisa 2 jam 15 menit", "lewat 3 hari", "lewat 40 menit".

    Clock time, not office time; rounded down; a day or more is given in whole days only.
    """
    gap = due_at_utc - now_utc
    if gap >= dt.timedelta(0):
        return f"sisa {_duration_text(gap)}"
    return f"lewat {_duration_text(-gap)}"


def _duration_text(span: dt.timedelta) -> str:
    if span >= dt.timedelta(days=1):
        return f"{span.days} hari"
    hours, minutes = divmod(int(span.total_seconds()) // 60, 60)
    parts = [f"{hours} jam"] * bool(hours) + [f"{minutes} menit"] * bool(minutes)
    return " ".join(parts) or "kurang dari 1 menit"


# --- Is the office open: the one rule the public site and every deadline share ----------------


@dataclass(frozen=True)
class OpenStatus:
    """Whether the counter opens on `date` (the office's local date): True, False, or None
    when the office has recorded no hours, so nothing may be claimed. `text` says it for the
    public: "Buka 08.00–15.00 WITA", "Tutup (Cuti Bersama Hari Raya Idul Fitri)"."""

    date: dt.date
    open: bool | None
    text: str


def clock_text(value: dt.time) -> str:
    """A time as Indonesians write it: 08.00."""
    return value.strftime("%H.%M")


def office_status(
    calendar: OfficeCalendar | None, moment_utc: dt.datetime, zone: str
) -> OpenStatus:
    """Whether the office is open on its local date of `moment_utc`, by the deadlines' rule.

    `calendar` is None for an office without recorded hours (the deadlines then count the
    civil service week, but the public is told nothing); `zone` is "WIB", "WITA" or "WIT".
    A day is closed when `non_working_reason` names a reason: national holiday, cuti bersama,
    office closure, or a weekday without hours.
    """
    today = _as_aware_utc(moment_utc).astimezone(ZoneInfo(IANA_ZONES[zone])).date()
    if calendar is None:
        return OpenStatus(today, None, "Jam layanan belum dicatat oleh dinas")
    if reason := holiday_name(today, calendar):
        return OpenStatus(today, False, f"Tutup ({reason})")
    hours = calendar.opening_hours(today)
    if hours is None:
        return OpenStatus(today, False, f"Tutup (hari {WEEKDAY_NAMES[today.weekday()]})")
    return OpenStatus(today, True, f"Buka {clock_text(hours[0])}–{clock_text(hours[1])} {zone}")
