"""A village quota as the supervisor records it (domain.quotas.check_allocation)."""

import datetime

import pytest

from backoffice.domain.errors import ValidationError
from backoffice.domain.quotas import check_allocation
from backoffice.models import Quota, Village
from tests.factories import KARANGASEM_VILLAGE

TODAY = datetime.date(2026, 11, 10)


def errors_of(*args, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        check_allocation(*args, today=TODAY, **kwargs)
    return caught.value.errors


def test_a_quota_for_next_year_is_allowed_but_not_the_year_after(db):
    village = Village.get_by_id(KARANGASEM_VILLAGE)
    check_allocation(village, 2027, "APBD", 10, today=TODAY)
    assert "2014 dan 2027" in errors_of(village, 2028, "APBD", 10)["year"]


def test_an_allocation_cannot_be_negative(db):
    assert (
        "negatif"
        in errors_of(Village.get_by_id(KARANGASEM_VILLAGE), 2026, "APBD", -1)["allocation"]
    )


def test_an_allocation_cannot_fall_below_what_is_used(db, make_quota):
    quota = make_quota(allocation=10)
    Quota.update(used=4).execute()
    quota = Quota.get_by_id(quota.id)
    errors = errors_of(quota.village, 2026, "APBD", 3, current=quota)
    assert "(4)" in errors["allocation"]
    check_allocation(quota.village, 2026, "APBD", 4, current=quota, today=TODAY)


def test_a_village_has_one_quota_per_year_and_funding_source(db, make_quota):
    quota = make_quota(allocation=10)
    assert "sudah ada" in errors_of(quota.village, 2026, "APBD", 5)["village"]
    check_allocation(quota.village, 2026, "APBN", 5, today=TODAY)
    check_allocation(quota.village, 2026, "APBD", 12, current=quota, today=TODAY)
