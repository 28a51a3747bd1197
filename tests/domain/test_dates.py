"""Dates as Indonesians type them, and the office's clock (WIB, WITA, WIT)."""

import datetime as dt

import pytest

from backoffice.domain.dates import (
    format_date,
    format_datetime,
    parse_date,
    parse_datetime,
    to_local,
    to_utc,
    year_bounds,
)
from backoffice.domain.errors import ValidationError

WITA = "Asia/Makassar"


def date_error(text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_date(text, "birth_date")
    return caught.value.errors["birth_date"]


@pytest.mark.parametrize(
    "typed", ["15-08-1985", "15/08/1985", "15.08.1985", "1985-08-15", "15-8-1985", " 15/8/1985 "]
)
def test_date_typed_day_first_or_iso_is_read(typed):
    assert parse_date(typed) == dt.date(1985, 8, 15)


def test_impossible_date_says_the_day_does_not_exist():
    assert date_error("31-02-1990") == "Tanggal 31 Februari tidak ada."
    assert date_error("31/04/2020") == "Tanggal 31 April tidak ada."


def test_29_february_of_a_common_year_names_the_year():
    assert date_error("29-02-2023") == "Tanggal 29 Februari 2023 tidak ada."
    assert parse_date("29-02-2024") == dt.date(2024, 2, 29)


def test_month_13_is_refused():
    assert date_error("01-13-2020") == "Bulan 13 tidak ada: isi 1 sampai 12."


@pytest.mark.parametrize(
    "typed", ["0001-01-015-08-1985", "15081985", "kemarin", "15-08-85", "²5-08-1985"]
)
def test_other_forms_are_refused_with_the_expected_form(typed):
    assert date_error(typed) == "Tulis tanggal sebagai HH-BB-TTTT, misalnya 17-08-1945."


def test_any_year_in_range_is_reachable():
    assert parse_date("01-01-1900") == dt.date(1900, 1, 1)
    assert date_error("01-01-0001").startswith("Tahun 1 di luar")


def test_datetime_takes_a_dot_or_colon_time():
    assert parse_datetime("17-08-1945 10.05") == dt.datetime(1945, 8, 17, 10, 5)
    assert parse_datetime("1945-08-17 10:05:30") == dt.datetime(1945, 8, 17, 10, 5, 30)
    assert parse_datetime("17-08-1945") == dt.datetime(1945, 8, 17)


def test_datetime_with_an_impossible_hour_is_refused():
    with pytest.raises(ValidationError):
        parse_datetime("17-08-1945 25.00")


def test_dates_are_written_back_as_typed():
    assert format_date(dt.date(1985, 8, 5)) == "05-08-1985"
    assert format_datetime(dt.datetime(2026, 1, 1, 9, 0)) == "01-01-2026 09.00"


def test_nine_wita_is_one_utc_and_back():
    assert to_utc(dt.datetime(2026, 3, 2, 9, 0), WITA) == dt.datetime(2026, 3, 2, 1, 0)
    assert to_local(dt.datetime(2026, 3, 2, 1, 0), WITA) == dt.datetime(2026, 3, 2, 9, 0)


def test_new_year_03_wita_counts_in_the_new_year():
    start, end = year_bounds(2026, WITA)
    stamp = to_utc(dt.datetime(2026, 1, 1, 3, 0), WITA)  # 31 December 2025 19.00 UTC
    assert start <= stamp < end
    assert (start, end) == (dt.datetime(2025, 12, 31, 16), dt.datetime(2026, 12, 31, 16))
