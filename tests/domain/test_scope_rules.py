"""The office scope's rules, read directly (no web layer)."""

from backoffice.admin.scoping import NOBODY
from backoffice.domain import scope
from backoffice.models import Applicant, Application, Office, Quota


def test_a_request_without_an_account_sees_no_office_row(db, make_application, make_quota):
    make_application()
    make_quota()
    for model in (Applicant, Application, Quota, Office):
        assert not scope.scoped(model.select(), NOBODY).exists(), model.__name__


def test_a_provincial_office_has_only_the_villages_of_regencies_without_an_office(db, make_office):
    province = make_office(regency=None)
    make_office(regency="51.07")
    where = scope.condition(Quota, scope.Viewer(role="supervisor", office=province))
    Quota.create(village="51.07.01.2001", year=2026, funding_source="APBD", allocation=1)
    Quota.create(village="51.71.01.1001", year=2026, funding_source="APBD", allocation=1)
    assert [q.village_id for q in Quota.select().where(where)] == ["51.71.01.1001"]
