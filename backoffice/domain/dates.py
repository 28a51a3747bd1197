"""Dates and times as Indonesians type them, and the office's clock.

Dates are typed day first: `17-08-1945`, `17/08/1945` (also `17.08.1945`, and one-digit day or
month), or ISO `1945-08-17`. Times use `.` or `:` (`09.00`, `09:00`). Timestamps are stored as
naive UTC; an office reads and types them in its own zone (WIB, WITA, WIT).
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from backoffice.domain.errors import ValidationError

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DATE_HINT = "HH-BB-TTTT"  # hari-bulan-tahun: the placeholder of every date field
DATETIME_HINT = "HH-BB-TTTT JJ.MM"
FIRST_YEAR, LAST_YEAR = 1800, 2999

_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_TIME = re.compile(r"(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?", re.ASCII)


def parse_date(text: str, field: str = "date") -> dt.date:
    """The date typed in `text`, or ValidationError({field: message}) saying what is wrong:
    an unknown form ("Tulis tanggal sebagai HH-BB-TTTT …") or a day that does not exist
    ("Tanggal 31 Februari tidak ada.")."""
    value = text.strip()
    if match := _DAY_FIRST.fullmatch(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValidationError({field: f"Tulis tanggal sebagai {DATE_HINT}, misalnya 17-08-1945."})
    return _existing_date(year, month, day, field)


def parse_datetime(text: str, field: str = "datetime") -> dt.datetime:
    """A date and a time typed as "17-08-1945 10.00" (or ISO, or with ":"); naive, in the
    zone of whoever typed it. A date alone means 00.00."""
    date_part, _, time_part = text.strip().partition(" ")
    day = parse_date(date_part, field)
    time_text = time_part.strip()
    if not time_text:
        return dt.datetime.combine(day, dt.time())
    match = _TIME.fullmatch(time_text)
    hour, minute, second = (int(p or 0) for p in match.groups()) if match else (99, 0, 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValidationError(
            {field: f"Tulis waktu sebagai {DATETIME_HINT}, misalnya 17-08-1945 10.00."}
        )
    return dt.datetime.combine(day, dt.time(hour, minute, second))


def format_date(value: dt.date) -> str:
    """The date as it is typed back: 17-08-1945."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def format_datetime(value: dt.datetime) -> str:
    """The local time as it is typed back: 17-08-1945 10.00."""
    return f"{format_date(value)} {value.hour:02d}.{value.minute:02d}"


def _existing_date(year: int, month: int, day: int, field: str) -> dt.date:
    if not 1 <= month <= 12:
        raise ValidationError({field: f"Bulan {month} tidak ada: isi 1 sampai 12."})
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({field: f"Tahun {year} di luar {FIRST_YEAR}–{LAST_YEAR}."})
    try:
        return dt.date(year, month, day)
    except ValueError:
        message = f"Tanggal {day} {MONTHS[month - 1]} {year} tidak ada."
        if day <= 31 and not (month == 2 and day == 29):
            message = f"Tanggal {day} {MONTHS[month - 1]} tidak ada."
        raise ValidationError({field: message}) from None


def to_local(utc: dt.datetime, zone: str) -> dt.datetime:
    """A stored naive-UTC timestamp as the naive wall-clock time of `zone` (IANA name)."""
    return utc.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def to_utc(local: dt.datetime, zone: str) -> dt.datetime:
    """A wall-clock time in `zone` as the naive UTC timestamp to store."""
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC).replace(tzinfo=None)


def year_bounds(year: int, zone: str) -> tuple[dt.datetime, dt.datetime]:
    """Naive-UTC [start, end) of the calendar year `year` in `zone`: a 1 January 03.00 WITA
    timestamp (31 December 19.00 UTC) belongs to the new year."""
    start = dt.datetime(year, 1, 1)
    return to_utc(start, zone), to_utc(start.replace(year=year + 1), zone)
