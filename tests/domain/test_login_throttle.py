"""The login throttle's rule: how many failures, per what, for how long, and what it says."""

import datetime as dt

from backoffice.domain import login_throttle
from backoffice.domain.login_throttle import LIMITS
from backoffice.models.accounts import LoginFailure

NOW = dt.datetime(2026, 11, 24, 6, 0)
ACCOUNT, ADDRESS = LIMITS


def fail(times, username="budi", address="10.0.0.7", at=NOW):
    for _ in range(times):
        login_throttle.record_failure(username, address, at)


def test_account_limit_is_ten_and_address_limit_thirty_in_fifteen_minutes():
    assert (ACCOUNT.scope, ACCOUNT.max_count) == ("account", 10)
    assert (ADDRESS.scope, ADDRESS.max_count) == ("address", 30)
    assert ACCOUNT.window == ADDRESS.window == dt.timedelta(minutes=15)


def test_nine_wrong_passwords_for_one_name_do_not_make_it_wait(db):
    fail(9)
    assert login_throttle.wait_until("budi", "10.0.0.7", NOW) is None


def test_ten_wrong_passwords_for_one_name_make_it_wait_from_any_address(db):
    fail(10)
    until = login_throttle.wait_until("budi", "192.168.1.5", NOW)
    assert until == NOW + dt.timedelta(minutes=15)


def test_the_name_is_counted_without_regard_to_case_or_spaces(db):
    fail(10, username=" Budi ")
    assert login_throttle.wait_until("BUDI", "192.168.1.5", NOW) is not None


def test_the_wait_ends_when_the_oldest_failure_leaves_the_window(db):
    for minute in range(10):
        fail(1, at=NOW + dt.timedelta(minutes=minute))
    last = NOW + dt.timedelta(minutes=9)
    assert login_throttle.wait_until("budi", "10.0.0.7", last) == NOW + dt.timedelta(minutes=15)
    later = NOW + dt.timedelta(minutes=15, seconds=1)
    assert login_throttle.wait_until("budi", "10.0.0.7", later) is None


def test_thirty_failures_from_one_address_across_names_make_the_address_wait(db):
    for n in range(30):
        fail(1, username=f"tebakan{n}")
    assert login_throttle.wait_until("siapa-saja", "10.0.0.7", NOW) is not None
    assert login_throttle.wait_until("siapa-saja", "10.0.0.8", NOW) is None


def test_a_correct_login_clears_the_account_count_but_not_the_address_count(db):
    for n in range(20):
        fail(1, username=f"tebakan{n}")
    fail(9)
    login_throttle.record_success("budi")
    fail(1)
    assert login_throttle.wait_until("budi", "10.0.0.9", NOW) is None
    assert LoginFailure.select().where(LoginFailure.key == "address:10.0.0.7").count() == 30
    assert login_throttle.wait_until("budi", "10.0.0.7", NOW) is not None


def test_failures_older_than_the_window_are_deleted(db):
    fail(3, at=NOW - dt.timedelta(hours=1))
    fail(1)
    assert LoginFailure.select().count() == 2  # the new one, under the name and the address


def test_wait_message_names_the_local_time_rounded_up_to_the_minute():
    until = dt.datetime(2026, 11, 24, 6, 31, 10)  # UTC
    message = login_throttle.wait_message(until, "Asia/Makassar")
    assert message == "Terlalu banyak percobaan masuk. Coba lagi setelah pukul 14.32 WITA."
    assert "13.32 WIB" in login_throttle.wait_message(until, "Asia/Jakarta")
    assert "15.31 WIT" in login_throttle.wait_message(until.replace(second=0), "Asia/Jayapura")
