"""No 500 from any URL: arbitrary filter, sort, page and search parameters on every list view
of the back-office (discovered from the app), and ids nobody could store, as an admin."""

import pytest
from flask_admin.model import BaseModelView
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backoffice.models import Application, Complaint, Quota, SurveyResponse

EXAMPLES_PER_VIEW = 30
# Texts that have broken lists: blanks, NUL, digits Python reads and databases do not,
# numbers beyond any column, SQL and LIKE metacharacters.
NASTY = st.sampled_from(
    ["", " ", "\x00", "²", "١٢", "99999", "9" * 30, "-1", "1e9", "%", "_", "'", "\\", "NaN"]
)
VALUE = st.one_of(NASTY, st.text(max_size=40), st.integers().map(str))


@pytest.fixture
def records(make_applicant, make_service):
    service = make_service()
    applicant = make_applicant()
    office = service.standard.office
    Application.create(applicant=applicant, service=service)
    Quota.create(village=applicant.village_id, year=2026, funding_source="APBD", allocation=10)
    Complaint.create(office=office, channel="whatsapp", content="Kartu belum aktif.")
    SurveyResponse.create(office=office, date="2026-11-01", **{f"u{n}": 3 for n in range(1, 10)})


def list_views(app):
    with app.test_request_context():
        views = [v for v in app.extensions["admin"][0]._views if isinstance(v, BaseModelView)]
        return [(v.endpoint, sorted(v._filter_args or {})) for v in views]


def parameters(filter_keys):
    """Query strings of a list page: any of its parameters, each with any value."""
    names = ["page", "page_size", "sort", "desc", "search", "ids", "id"]
    names += [f"flt{n}_{key}" for n in (0, 1) for key in filter_keys]
    return st.dictionaries(st.sampled_from(names), VALUE, max_size=5)


def test_every_list_view_answers_arbitrary_parameters_without_a_server_error(
    app, client, login, records
):
    login("admin")
    views = list_views(app)
    assert len(views) >= 15
    checked = []

    for endpoint, filter_keys in views:
        checked += probe(client, endpoint, filter_keys)
    print(f"\nURL-parameter cases: {len(checked)} over {len(views)} list views")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/documents/receipts?ids=²",
        "/admin/documents/receipts?ids=99999999999999999999999",
        "/admin/application/details/?id=²",
        "/admin/application/edit/?id=99999999999999999999999",
        "/admin/applicant/details/?id=%00",
        "/admin/application/move/²/cancel",
        "/admin/application/bulk/cancel?ids=²,1",
        "/admin/application/?page=99999999999999999999",
        "/admin/application/?flt0_tahun_diterima_tahun=99999",
        "/admin/applicant/?flt0_desil_dtsen_adalah=",
    ],
)
def test_ids_and_parameters_nobody_could_store_are_not_a_server_error(client, login, url):
    login("admin")
    assert client.get(url).status_code in (200, 302, 400, 404)


def probe(client, endpoint, filter_keys) -> list[str]:
    """Throw EXAMPLES_PER_VIEW generated query strings at one list view; the cases run."""
    ran = []

    @settings(
        max_examples=EXAMPLES_PER_VIEW,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(params=parameters(filter_keys))
    def answers(params):
        response = client.get(f"/admin/{endpoint}/", query_string=params)
        assert response.status_code < 500, (endpoint, params)
        ran.append(endpoint)

    answers()
    return ran
