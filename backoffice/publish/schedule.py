"""Office hours as the public reads them: a weekly table and today's status.

A static page cannot know the hour it is read at, so the status is the one of the day the
site was built, stated with that date; a few lines of optional script on the page update it
to the reader's moment (see site/static/site.js), and without script the table still holds.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from backoffice.i18n import ZONE_ABBREVIATIONS, format_date_id
from backoffice.models.offices import WEEKDAYS
from backoffice.publish.data import OfficeInfo

DAY_NAMES = dict(WEEKDAYS)


@dataclass(frozen=True)
class DayStatus:
    date: dt.date
    open: bool
    text: str  # "Buka 08.00–15.00 WITA" or "Tutup (Hari Kemerdekaan Republik Indonesia)"


@cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.Indonesia(years=year, language="id")


def clock(value: dt.time) -> str:
    return value.strftime("%H.%M")


def zone_name(office: OfficeInfo) -> str:
    return ZONE_ABBREVIATIONS.get(office.zone, office.record["time_zone"])


def weekly_hours(office: OfficeInfo) -> list[tuple[str, str]]:
    """(day name, "08.00–15.00" or "Tutup") for Monday to Sunday."""
    by_day = {weekday: (opens, closes) for weekday, opens, closes in office.hours}
    rows = []
    for weekday, name in WEEKDAYS:
        hours = by_day.get(weekday)
        rows.append((name, f"{clock(hours[0])}–{clock(hours[1])}" if hours else "Tutup"))
    return rows


def day_status(office: OfficeInfo, now: dt.datetime) -> DayStatus:
    """Whether the counter opens on the office's local date of `now`, and when."""
    today = now.astimezone(ZoneInfo(office.zone)).date()
    closure = next((reason for date, reason in office.closures if date == today), None)
    holiday = _holidays(today.year).get(today)
    hours = next(((o, c) for day, o, c in office.hours if day == today.weekday()), None)
    if closure or holiday:
        return DayStatus(today, False, f"Tutup ({closure or holiday})")
    if hours is None:
        return DayStatus(today, False, f"Tutup (hari {DAY_NAMES[today.weekday()]})")
    span = f"{clock(hours[0])}–{clock(hours[1])} {zone_name(office)}"
    return DayStatus(today, True, f"Buka {span}")


def status_sentence(office: OfficeInfo, now: dt.datetime) -> str:
    status = day_status(office, now)
    return f"{DAY_NAMES[status.date.weekday()]}, {format_date_id(status.date)}: {status.text}"
