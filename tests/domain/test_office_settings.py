"""An office's settings, a standard's and a service's, a complaint's and an account's: the rules
the back-office forms call, tested without them."""

import datetime

import pytest

from backoffice.domain.accounts import check_account
from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import clean_nip
from backoffice.domain.offices import check_office
from backoffice.domain.standards import check_service, check_standard

NIP = "196805121994031006"


def errors_of(call, *args) -> dict:
    with pytest.raises(ValidationError) as caught:
        call(*args)
    return caught.value.errors


def test_a_nip_typed_with_spaces_is_stored_as_eighteen_digits():
    assert clean_nip("19680512 199403 1 006") == NIP
    assert clean_nip("") == ""


@pytest.mark.parametrize(
    "nip", ["1968051219940310", "19680512199403100x", "１９６８０５１２１９９４０３１００６"]
)
def test_a_nip_not_eighteen_ascii_digits_is_refused(nip):
    assert "18 digit" in errors_of(clean_nip, nip)["nip"]


def test_an_office_with_valid_settings_passes():
    check_office(NIP, 3, 20, "")


def test_an_office_reports_every_wrong_setting_at_once():
    errors = errors_of(check_office, "123", 0, 29, "")
    assert set(errors) == {"head_nip", "complaint_response_days", "cutoff_day"}


def test_an_office_needs_a_cut_off_day_every_month_has():
    assert "1 sampai 28" in errors_of(check_office, "", None, 31, "")["cutoff_day"]
    assert "cutoff_day" in errors_of(check_office, "", None, None, "")


def test_an_office_export_template_naming_an_unknown_field_is_refused():
    errors = errors_of(check_office, "", None, 20, "NIK = nik\nGaji = salary")
    assert list(errors) != [] and "cutoff_day" not in errors


def test_a_standard_cannot_take_effect_before_it_was_set():
    errors = errors_of(check_standard, 0, datetime.date(2026, 3, 1), datetime.date(2026, 2, 1), NIP)
    assert set(errors) == {"effective_date"}


def test_a_standard_reports_a_negative_revision_and_a_bad_nip_together():
    errors = errors_of(check_standard, -1, None, None, "12")
    assert set(errors) == {"revision_number", "signatory_nip"}


def test_a_service_promises_more_than_nothing():
    check_service(1)
    assert "promised_amount" in errors_of(check_service, 0)


def test_a_new_account_needs_a_password(db):
    assert "password" in errors_of(check_account, "petugas.baru", "", None, 1, "petugas", True)


def test_an_edited_account_keeps_its_password_when_none_is_typed(db, make_user, make_office):
    user = make_user("petugas")
    check_account(user.username, "", user.id, 999, "petugas", True, make_office())


def test_an_office_role_needs_an_office_and_only_an_admin_may_have_none(db, make_office):
    errors = errors_of(check_account, "made.baru", "x" * 12, None, 1, "verifikator", True)
    assert set(errors) == {"office"}
    check_account("made.admin", "x" * 12, None, 1, "admin", True)


def test_a_username_is_taken_once(db, make_user):
    make_user("petugas", username="ni.kadek")
    assert (
        "sudah dipakai"
        in errors_of(check_account, "Ni.Kadek", "x" * 12, None, 1, "petugas", True)["username"]
    )


def test_an_administrator_cannot_take_their_own_admin_role_away(db, make_user, make_office):
    admin = make_user("admin")
    office = make_office()
    errors = errors_of(
        check_account, admin.username, "", admin.id, admin.id, "supervisor", True, office
    )
    assert set(errors) == {"role"}
    assert "role" in errors_of(
        check_account, admin.username, "", admin.id, admin.id, "admin", False
    )
