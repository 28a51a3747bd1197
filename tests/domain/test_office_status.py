"""One rule for "is the office open": the site's status line and the deadlines agree."""

import datetime as dt

from backoffice.domain.deadlines import OfficeCalendar, is_working_day, office_status

KARANGASEM = OfficeCalendar.weekly(
    "WITA",
    {day: (dt.time(8), dt.time(15)) for day in range(4)} | {4: (dt.time(9), dt.time(12))},
)


def noon_wita(day: dt.date) -> dt.datetime:
    """Naive UTC of 12:00 WITA on `day`."""
    return dt.datetime.combine(day, dt.time(4))


def test_the_office_is_closed_on_cuti_bersama_idul_fitri_20_march_2026():
    day = dt.date(2026, 3, 20)  # a Friday, normally open 09.00–12.00
    status = office_status(KARANGASEM, noon_wita(day), "WITA")
    assert status.open is False and "Cuti Bersama" in status.text
    assert not is_working_day(day, KARANGASEM)  # the deadlines count it the same way


def test_the_office_is_closed_on_cuti_bersama_15_may_2026():
    day = dt.date(2026, 5, 15)
    status = office_status(KARANGASEM, noon_wita(day), "WITA")
    assert status.open is False and "Cuti Bersama" in status.text
    assert not is_working_day(day, KARANGASEM)


def test_an_ordinary_friday_is_open_with_its_own_hours():
    status = office_status(KARANGASEM, noon_wita(dt.date(2026, 3, 27)), "WITA")
    assert status.open is True and status.text == "Buka 09.00–12.00 WITA"


def test_a_weekday_without_hours_is_closed_and_says_which_day():
    status = office_status(KARANGASEM, noon_wita(dt.date(2026, 3, 29)), "WITA")
    assert status.open is False and status.text == "Tutup (hari Minggu)"


def test_an_office_closure_closes_the_counter():
    calendar = OfficeCalendar.weekly(
        "WITA", {d: (dt.time(8), dt.time(15)) for d in range(5)}, {dt.date(2026, 4, 8): "Galungan"}
    )
    status = office_status(calendar, noon_wita(dt.date(2026, 4, 8)), "WITA")
    assert status.open is False and status.text == "Tutup (Galungan)"


def test_an_office_without_recorded_hours_gets_no_open_or_closed_claim():
    status = office_status(None, noon_wita(dt.date(2026, 3, 20)), "WIB")
    assert status.open is None
    assert "Buka" not in status.text and "Tutup" not in status.text


def test_the_date_is_the_office_local_date():
    late_utc = dt.datetime(2026, 3, 19, 17, 30)  # 00:30 WITA on Friday 20 March
    assert office_status(KARANGASEM, late_utc, "WITA").date == dt.date(2026, 3, 20)
    assert office_status(KARANGASEM, late_utc, "WIB").date == dt.date(2026, 3, 20)
