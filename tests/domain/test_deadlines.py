"""Deadlines (tenggat) on an office's calendar: hours, holidays, cuti bersama, closures, zones.

Holiday dates are those the `holidays` package gives for Indonesia in 2026 (checked against its
output): 17 August (Monday) Independence Day, 16 June Tahun Baru Islam, 18 March cuti bersama
Nyepi, 19 March Nyepi, 20/23/24 March cuti bersama Idul Fitri, 24 December cuti bersama Natal.
"""

import datetime as dt

import pytest

from backoffice.domain.deadlines import (
    OfficeCalendar,
    add_working_days,
    calendar_for,
    complaint_due_at,
    due_at,
    holiday_name,
    is_overdue,
    is_working_day,
    non_working_reason,
    remaining_text,
    working_days_between,
)
from backoffice.domain.errors import ValidationError
from backoffice.models import OfficeClosure, OfficeHours

OFFSETS = {"WIB": 7, "WITA": 8, "WIT": 9}
KARANGASEM_HOURS = {
    **{weekday: (dt.time(8), dt.time(15)) for weekday in range(4)},
    4: (dt.time(9), dt.time(12)),
}
KARANGASEM = OfficeCalendar.weekly("WITA", KARANGASEM_HOURS)
GALUNGAN = dt.date(2026, 6, 17)
KARANGASEM_WITH_GALUNGAN = OfficeCalendar.weekly(
    "WITA", KARANGASEM_HOURS, {GALUNGAN: "Hari Raya Galungan"}
)
CIVIL_SERVICE_HOURS = {weekday: (dt.time(8), dt.time(16)) for weekday in range(5)}


def local(zone: str, *moment: int) -> dt.datetime:
    """Naive UTC of a wall-clock moment in `zone`, written out by hand from its fixed offset."""
    return dt.datetime(*moment) - dt.timedelta(hours=OFFSETS[zone])


def wita(*moment: int) -> dt.datetime:
    return local("WITA", *moment)


# --- Office hours: minutes and hours -------------------------------------------------------


def test_friday_afternoon_submission_continues_on_monday_morning():
    received = wita(2026, 6, 5, 11, 30)  # Friday, closing at 12:00
    assert due_at(received, 2, "hours", KARANGASEM) == wita(2026, 6, 8, 9, 30)


def test_hours_within_office_hours_end_the_same_day():
    assert due_at(wita(2026, 6, 9, 9), 2, "hours", KARANGASEM) == wita(2026, 6, 9, 11)


def test_submission_before_opening_starts_the_clock_at_opening():
    received = wita(2026, 6, 5, 8)  # Friday, opening at 09:00
    assert due_at(received, 30, "minutes", KARANGASEM) == wita(2026, 6, 5, 9, 30)


def test_submission_after_closing_starts_the_clock_at_next_opening():
    received = wita(2026, 6, 4, 16)  # Thursday, closed at 15:00
    assert due_at(received, 60, "minutes", KARANGASEM) == wita(2026, 6, 5, 10)


def test_promise_ending_exactly_at_closing_is_due_at_that_closing():
    assert due_at(wita(2026, 6, 5, 11), 1, "hours", KARANGASEM) == wita(2026, 6, 5, 12)


def test_weekend_submission_starts_the_clock_on_monday_opening():
    received = wita(2026, 6, 6, 10)  # Saturday
    assert due_at(received, 20, "minutes", KARANGASEM) == wita(2026, 6, 8, 8, 20)


# --- Holidays, cuti bersama and office closures --------------------------------------------


def test_independence_day_is_a_national_holiday_with_its_name():
    independence_day = dt.date(2026, 8, 17)
    assert not is_working_day(independence_day, KARANGASEM)
    assert holiday_name(independence_day, KARANGASEM) == "Hari Kemerdekaan Republik Indonesia"


def test_national_holiday_on_monday_carries_friday_hours_to_tuesday():
    received = wita(2026, 8, 14, 11)  # Friday; Monday 17 August is Independence Day
    assert due_at(received, 2, "hours", KARANGASEM) == wita(2026, 8, 18, 9)


def test_cuti_bersama_is_not_a_working_day():
    christmas_eve = dt.date(2026, 12, 24)
    assert not is_working_day(christmas_eve, KARANGASEM)
    assert holiday_name(christmas_eve, KARANGASEM) == "Cuti Bersama Hari Raya Natal"


def test_nyepi_and_idul_fitri_joint_leave_do_not_count_as_working_days():
    received = wita(2026, 3, 17, 10)  # Tuesday; 18–24 March are holidays, leave and weekend
    assert due_at(received, 2, "working_days", KARANGASEM) == wita(2026, 3, 26, 15)


def test_office_closure_for_galungan_is_not_a_working_day():
    assert is_working_day(GALUNGAN, KARANGASEM)
    assert not is_working_day(GALUNGAN, KARANGASEM_WITH_GALUNGAN)
    assert holiday_name(GALUNGAN, KARANGASEM_WITH_GALUNGAN) == "Hari Raya Galungan"


def test_office_closure_pushes_working_days_past_it():
    received = wita(2026, 6, 15, 10)  # Monday; 16 June is Tahun Baru Islam, 17 Galungan
    assert due_at(received, 1, "working_days", KARANGASEM_WITH_GALUNGAN) == wita(2026, 6, 18, 15)


def test_closed_weekday_is_explained_by_its_name():
    assert non_working_reason(dt.date(2026, 6, 6), KARANGASEM) == "Kantor tidak buka hari Sabtu"
    assert non_working_reason(dt.date(2026, 6, 8), KARANGASEM) is None


# --- Time zones ----------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["WIB", "WITA", "WIT"])
def test_same_local_time_is_a_different_utc_instant_in_each_zone(zone):
    calendar = OfficeCalendar.weekly(zone, CIVIL_SERVICE_HOURS)
    due = due_at(local(zone, 2026, 6, 8, 9), 1, "hours", calendar)
    assert due == dt.datetime(2026, 6, 8, 10 - OFFSETS[zone])


@pytest.mark.parametrize(
    ("zone", "due_utc"),
    [
        ("WIB", dt.datetime(2026, 6, 8, 2)),  # 07:30 WIB: waits for 08:00, due 09:00 WIB
        ("WITA", dt.datetime(2026, 6, 8, 1, 30)),  # 08:30 WITA: due 09:30 WITA
        ("WIT", dt.datetime(2026, 6, 8, 1, 30)),  # 09:30 WIT: due 10:30 WIT
    ],
)
def test_same_utc_instant_is_read_on_the_office_clock(zone, due_utc):
    calendar = OfficeCalendar.weekly(zone, CIVIL_SERVICE_HOURS)
    assert due_at(dt.datetime(2026, 6, 8, 0, 30), 1, "hours", calendar) == due_utc


# --- 24-hour services ----------------------------------------------------------------------


def test_emergency_service_counts_clock_time_through_sunday_night():
    received = wita(2026, 6, 7, 23)  # Sunday night
    due = due_at(received, 2, "hours", KARANGASEM, around_the_clock=True)
    assert due == wita(2026, 6, 8, 1)


def test_same_promise_without_24_hour_service_waits_for_monday_opening():
    assert due_at(wita(2026, 6, 7, 23), 2, "hours", KARANGASEM) == wita(2026, 6, 8, 10)


# --- Working days, days, months ------------------------------------------------------------


def test_working_days_are_due_at_closing_of_the_nth_working_day():
    assert due_at(wita(2026, 6, 8, 10), 3, "working_days", KARANGASEM) == wita(2026, 6, 11, 15)


def test_working_days_after_closing_time_count_from_the_next_working_day():
    received = wita(2026, 6, 8, 15, 30)  # Monday, closed at 15:00: day 0 is Tuesday
    assert due_at(received, 3, "working_days", KARANGASEM) == wita(2026, 6, 12, 12)


def test_working_days_received_on_saturday_count_from_monday():
    assert due_at(wita(2026, 6, 6, 10), 1, "working_days", KARANGASEM) == wita(2026, 6, 9, 15)


def test_zero_working_days_is_due_at_closing_of_the_same_day():
    assert due_at(wita(2026, 6, 8, 10), 0, "working_days", KARANGASEM) == wita(2026, 6, 8, 15)


def test_days_landing_on_sunday_move_to_monday_closing():
    received = wita(2026, 6, 5, 10)  # Friday + 2 days = Sunday
    assert due_at(received, 2, "days", KARANGASEM) == wita(2026, 6, 8, 15)


def test_months_keep_the_date_at_closing_time():
    assert due_at(wita(2026, 6, 8, 10), 1, "months", KARANGASEM) == wita(2026, 7, 8, 15)


def test_months_from_31_march_clamp_to_30_april():
    assert due_at(wita(2026, 3, 31, 10), 1, "months", KARANGASEM) == wita(2026, 4, 30, 15)


def test_months_from_31_january_clamp_to_february_then_move_off_the_weekend():
    received = wita(2026, 1, 31, 10)  # 28 February 2026 is a Saturday
    assert due_at(received, 1, "months", KARANGASEM) == wita(2026, 3, 2, 15)


def test_months_from_31_january_clamp_to_29_february_in_a_leap_year():
    received = wita(2028, 1, 31, 10)  # 29 February 2028 is a Tuesday
    assert due_at(received, 1, "months", KARANGASEM) == wita(2028, 2, 29, 15)


def test_add_working_days_and_working_days_between_agree():
    friday, next_friday = dt.date(2026, 6, 5), dt.date(2026, 6, 12)
    assert add_working_days(friday, 5, KARANGASEM) == next_friday
    assert working_days_between(friday, next_friday, KARANGASEM) == 5
    assert working_days_between(next_friday, friday, KARANGASEM) == -5


def test_complaint_answer_in_three_working_days_skips_weekend_and_holiday():
    calendar = OfficeCalendar.weekly("WIB", CIVIL_SERVICE_HOURS)
    received = local("WIB", 2026, 6, 11, 10)  # Thursday; 16 June is Tahun Baru Islam
    assert complaint_due_at(received, 3, calendar) == local("WIB", 2026, 6, 17, 16)


# --- Refusals ------------------------------------------------------------------------------


def test_unknown_unit_is_refused():
    with pytest.raises(ValidationError) as caught:
        due_at(wita(2026, 6, 8, 10), 1, "weeks", KARANGASEM)
    assert list(caught.value.errors) == ["promised_unit"]


def test_negative_amount_is_refused():
    with pytest.raises(ValidationError) as caught:
        due_at(wita(2026, 6, 8, 10), -1, "hours", KARANGASEM)
    assert list(caught.value.errors) == ["promised_amount"]


def test_calendar_closing_before_opening_is_refused():
    with pytest.raises(ValidationError) as caught:
        OfficeCalendar.weekly("WITA", {0: (dt.time(15), dt.time(8))})
    assert caught.value.errors == {"hours": "Jam buka harus lebih awal dari jam tutup."}


def test_calendar_without_any_open_day_is_refused():
    with pytest.raises(ValidationError) as caught:
        OfficeCalendar.weekly("WITA", {})
    assert list(caught.value.errors) == ["hours"]


# --- Reading a deadline --------------------------------------------------------------------


def test_is_overdue_only_after_the_due_moment():
    due = dt.datetime(2026, 6, 8, 7)
    assert not is_overdue(due, due)
    assert is_overdue(due, due + dt.timedelta(seconds=1))


def test_remaining_text_shows_hours_and_minutes_left():
    due = dt.datetime(2026, 6, 8, 7)
    assert remaining_text(due, due - dt.timedelta(hours=2, minutes=15)) == "sisa 2 jam 15 menit"


def test_remaining_text_shows_whole_days_late():
    due = dt.datetime(2026, 6, 8, 7)
    assert remaining_text(due, due + dt.timedelta(days=3, hours=5)) == "lewat 3 hari"


def test_remaining_text_shows_minutes_late():
    due = dt.datetime(2026, 6, 8, 7)
    assert remaining_text(due, due + dt.timedelta(minutes=40, seconds=30)) == "lewat 40 menit"


def test_remaining_text_under_a_minute():
    due = dt.datetime(2026, 6, 8, 7)
    assert remaining_text(due, due) == "sisa kurang dari 1 menit"


# --- Reading an office's rows --------------------------------------------------------------


def test_calendar_for_reads_hours_zone_and_full_day_closures(make_office):
    office = make_office(time_zone="WIT")
    OfficeHours.create(office=office, weekday=4, opens=dt.time(9), closes=dt.time(12))
    OfficeClosure.create(office=office, date=GALUNGAN, reason="Hari Raya Galungan")
    OfficeClosure.create(office=office, date=dt.date(2026, 6, 19), reason="Rapat", full_day=False)
    calendar = calendar_for(office)
    assert calendar.zone == "WIT"
    assert calendar.hours == (None,) * 4 + ((dt.time(9), dt.time(12)),) + (None,) * 2
    assert calendar.closures == frozenset({GALUNGAN})
    assert holiday_name(GALUNGAN, calendar) == "Hari Raya Galungan"


def test_calendar_for_office_without_hours_works_monday_to_friday_8_to_16(make_office):
    calendar = calendar_for(make_office())
    assert calendar.hours == ((dt.time(8), dt.time(16)),) * 5 + (None, None)
