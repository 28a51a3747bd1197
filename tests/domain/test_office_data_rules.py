"""The office settings every office's shared work reads, checked when saved (issue 18, item 1):
SKM weights as one set of nine summing to 1 (or none), a short code that is an address, weekly
hours that make a calendar, a promise no longer than a year, one office per region; and a
stored value that breaks a rule fails that office's IKM with a named reason."""

import datetime as dt
from decimal import Decimal

import pytest

from backoffice.domain import offices, skm
from backoffice.domain.errors import OfficeDataError, ValidationError
from backoffice.domain.standards import check_service
from backoffice.models import SurveyWeight
from backoffice.publish.site import RULES

NINE = [f"u{n}" for n in range(1, 10)]


def errors_of(call, *args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value.errors


def test_nine_weights_typed_with_a_decimal_comma_summing_to_one_are_one_set():
    typed = {code: "0,1" for code in NINE[:8]} | {"u9": "0.2"}
    weights = skm.parse_weights(typed)
    assert weights["u1"] == Decimal("0.1") and weights["u9"] == Decimal("0.2")
    assert sum(weights.values()) == 1


def test_all_nine_weights_blank_is_the_regulations_equal_weight():
    assert skm.parse_weights({code: " " for code in NINE}) is None


def test_one_weight_alone_is_refused_naming_each_element_left_blank():
    errors = errors_of(skm.parse_weights, {"u1": "0,5"})
    assert set(errors) == set(NINE[1:])


def test_nine_weights_that_do_not_sum_to_one_are_refused_with_their_sum():
    errors = errors_of(skm.parse_weights, {code: "0,2" for code in NINE})
    assert set(errors) == {"total"} and "1,8" in errors["total"]


@pytest.mark.parametrize("typed", ["-0,1", "1,5", "abc", "NaN", "0,1234567"])
def test_a_weight_that_is_no_share_of_one_is_refused_on_its_element(typed):
    errors = errors_of(skm.parse_weights, {"u1": typed} | {c: "0,1" for c in NINE[1:]})
    assert "u1" in errors


def test_a_stored_single_weight_fails_the_offices_ikm_with_a_named_reason(make_office):
    office = make_office()
    SurveyWeight.create(office=office, element="u1", weight=Decimal("0.5"))

    with pytest.raises(OfficeDataError) as caught:
        skm.office_weights(office)

    assert "1 dari 9 unsur" in caught.value.reason and "Bobot unsur SKM" in caught.value.reason


def test_saving_weights_replaces_the_whole_set_or_removes_it(make_office):
    office = make_office()
    SurveyWeight.create(office=office, element="u1", weight=Decimal("0.5"))
    skm.save_weights(office, None)
    assert skm.stored_weights(office) == {}
    weights = {code: Decimal("0.1") for code in NINE[:8]} | {"u9": Decimal("0.2")}
    skm.save_weights(office, weights)
    assert skm.office_weights(office) == weights


@pytest.mark.parametrize(
    "slug", ["dinsos kota", "Dinsos Ürban", "dinsos%20kota", "dinsos/kota", "50%", "-dinsos",
             "dinsos--kota", "DINSOS", "", "a" * 41, "cari", "halaman", "static"],
)  # fmt: skip
def test_a_short_code_that_is_no_site_address_is_refused(slug):
    assert offices.slug_problem(slug)
    assert "slug" in errors_of(offices.check_office, "", None, 20, "", slug=slug)


@pytest.mark.parametrize("slug", ["dinsos-karangasem", "dinkes2", "banjarmasin"])
def test_a_short_code_of_lower_case_letters_digits_and_dashes_is_accepted(slug):
    assert offices.slug_problem(slug) is None


def test_every_first_segment_of_the_public_sites_own_addresses_is_no_office_code():
    own = {rule.split("/")[1] for rule, _ in RULES if not rule.startswith("/<")} | {"static"}
    for segment in own - {""}:
        assert offices.slug_problem(segment), segment


def test_weekly_hours_closing_before_opening_are_refused_on_that_row():
    hours = [(0, dt.time(8), dt.time(15)), (1, dt.time(15), dt.time(8)),
             (0, dt.time(8), dt.time(9))]  # fmt: skip
    errors = errors_of(offices.check_office, "", None, 20, "", hours=hours)
    assert set(errors) == {"hours-1-closes", "hours-2-weekday"}


@pytest.mark.parametrize(("amount", "unit"), [(13, "months"), (367, "days"), (10**6, "minutes")])
def test_a_service_promising_more_than_a_year_is_refused(amount, unit):
    assert "promised_amount" in errors_of(check_service, amount, unit)


def test_a_service_promising_a_year_is_accepted():
    check_service(12, "months")
    check_service(260, "working_days")


def test_a_regency_outside_the_offices_province_is_refused(db):
    assert "regency" in errors_of(offices.check_region, "63", "51.07", None)


def test_a_region_already_another_offices_is_refused(make_office):
    make_office(regency="51.07", name="Dinas Sosial Karangasem")
    errors = errors_of(offices.check_region, "51", "51.07", None)
    assert "Dinas Sosial Karangasem" in errors["regency"]
    make_office(regency=None, province="63", name="Dinas Provinsi")
    assert "Dinas Provinsi" in errors_of(offices.check_region, "63", None, None)["province"]
    offices.check_region("63", "63.71", None)  # a regency office beside its province's
