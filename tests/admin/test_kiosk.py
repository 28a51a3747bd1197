"""The survey kiosk at /survei/<office-slug>: no login, one office, floods refused, nothing
else reachable (the scope matrix skips the kiosk blueprint; this file covers its rules)."""

import datetime

import pytest

from backoffice.domain import kiosk
from backoffice.domain.errors import ValidationError
from backoffice.models import SurveyResponse
from tests import factories

ANSWERS = {f"u{n}": "3" for n in range(1, 10)}


@pytest.fixture
def office(db):
    office = factories.make_office(slug="kios")
    factories.make_service(office=office, name="Reaktivasi")
    return office


def answer(client, office, **extra):
    service = kiosk.kiosk_services(office)[0]
    data = {**ANSWERS, "service": str(service.id), **extra}
    return factories.post_form(client, f"/survei/{office.slug}", data)


def test_kiosk_takes_an_answer_without_login(client, office):
    response = answer(client, office, respondent_sex="P", respondent_occupation="petani")
    assert response.status_code == 302
    stored = SurveyResponse.get()
    assert (stored.source, stored.office_id, stored.u1) == ("kiosk", office.id, 3)
    assert stored.respondent_occupation == "petani"
    assert stored.device_key and stored.address_key and "127.0.0.1" not in stored.address_key


def test_kiosk_refuses_an_unanswered_element_next_to_it(client, office):
    response = answer(client, office, u9="")
    assert response.status_code == 400
    assert "Pilih salah satu jawaban" in response.get_data(as_text=True)
    assert SurveyResponse.select().count() == 0


def test_kiosk_refuses_a_flood_from_one_device(client, office):
    limit = kiosk.LIMITS[0].max_count
    for _ in range(limit):
        assert answer(client, office).status_code == 302
    refused = answer(client, office)
    assert refused.status_code == 400
    assert "Terlalu banyak jawaban" in refused.get_data(as_text=True)
    assert SurveyResponse.select().count() == limit


def test_a_parallel_burst_from_one_address_stops_at_the_limit(app, office):
    """Twenty devices behind one address answer at the same moment (the attacker's parallel
    burst got 11 past a limit of 10 on PostgreSQL): exactly the address limit is stored."""
    import threading

    from backoffice.db import database

    service = kiosk.kiosk_services(office)[0]
    form = {**ANSWERS, "service": str(service.id)}
    start, now = threading.Barrier(20), datetime.datetime(2026, 12, 7, 2)
    outcomes = []

    def one(device: int) -> None:
        start.wait()
        try:
            keys = {"device": f"perangkat-{device}", "address": "satu-alamat"}
            kiosk.take_answer(office, form, keys, now, now.date())
            outcomes.append("stored")
        except ValidationError:
            outcomes.append("refused")
        finally:
            database.close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    limit = kiosk.LIMITS[1].max_count
    assert outcomes.count("stored") == limit and outcomes.count("refused") == 20 - limit
    assert SurveyResponse.select().count() == limit


def test_kiosk_of_an_unknown_office_is_not_found(client, office):
    assert client.get("/survei/tidak-ada").status_code == 404


def test_kiosk_offers_only_its_own_offices_services(client, office):
    other = factories.make_office(slug="lain")
    factories.make_service(office=other, name="Layanan Lainzqx")
    html = client.get(f"/survei/{office.slug}").get_data(as_text=True)
    assert "Reaktivasi" in html and "Lainzqx" not in html
    foreign = kiosk.kiosk_services(other)[0]
    response = factories.post_form(
        client, f"/survei/{office.slug}", {**ANSWERS, "service": str(foreign.id)}
    )
    assert response.status_code == 400


def test_kiosk_links_nowhere_and_signs_nobody_in(client, office):
    import re

    html = client.get(f"/survei/{office.slug}").get_data(as_text=True)
    links = re.findall(r'(?:href|action)="([^"]+)"', html)
    assert all(link.startswith(("/survei/kios", "/static/")) for link in links), links
    answer(client, office)
    assert client.get("/admin/").status_code == 302  # still to the login page
    assert client.get("/admin/complaint/").status_code == 302


def test_kiosk_blueprint_has_only_the_survey_rule(app):
    rules = [r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("kiosk.")]
    assert rules == ["/survei/<slug>"]
