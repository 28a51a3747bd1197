"""Periods named in a URL (?year=&month=, ?year=&half=), checked: a bad value is the default."""

import datetime as dt

from flask import request


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """An integer query argument within [low, high], else `default`."""
    text = (request.args.get(name) or "").strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        return default
    value = int(text)
    return value if low <= value <= high else default


def month_arg(today: dt.date) -> tuple[int, int]:
    return int_arg("year", today.year, 2014, 2100), int_arg("month", today.month, 1, 12)


def half_year_arg(today: dt.date) -> tuple[dt.date, dt.date]:
    year = int_arg("year", today.year, 2014, 2100)
    half = int_arg("half", 1 if today.month <= 6 else 2, 1, 2)
    if half == 1:
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    return dt.date(year, 7, 1), dt.date(year, 12, 31)
