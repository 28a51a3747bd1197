"""Writes under concurrency: saves wait for each other instead of failing, and one open
application per person and service holds when counters register at the same moment.

Each thread is its own officer with its own test client, so its own database connection.
"""

import threading

from backoffice.db import database
from backoffice.models import Applicant, Application
from tests import factories
from tests.factories import csrf_token

PARALLEL = 12


def logged_in_clients(app, n, role="petugas"):
    clients = []
    for _ in range(n):
        client = app.test_client()
        user = factories.make_user(role=role)
        factories.post_form(
            client, "/login", {"username": user.username, "password": factories.PASSWORD}
        )
        clients.append(client)
    return clients


def post_at_once(clients, url_of, data_of):
    """GET each form first (its CSRF token), then POST all of them at the same moment;
    returns the responses' (status, text), in the clients' order."""
    tokens = [csrf_token(c.get(url_of(i)).get_data(as_text=True)) for i, c in enumerate(clients)]
    start = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def run(i, client):
        start.wait()
        try:
            response = client.post(url_of(i), data={**data_of(i), "csrf_token": tokens[i]})
            results[i] = (response.status_code, response.get_data(as_text=True))
        finally:
            if not database.is_closed():
                database.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def applicant_form(applicant, **changes):
    values = {
        "nik": applicant.nik,
        "kk": applicant.kk,
        "name": applicant.name,
        "birth_place": applicant.birth_place,
        "birth_date": applicant.birth_date.strftime("%d-%m-%Y"),
        "sex": applicant.sex,
        "family_role": applicant.family_role,
        "address": applicant.address,
        "village": applicant.village_id,
        "phone": applicant.phone,
        "work_status": applicant.work_status,
        "dtsen_status": applicant.dtsen_status,
        "notes": applicant.notes,
    }
    return values | changes


def test_twelve_officers_saving_at_once_all_succeed(app, db, make_applicant):
    applicants = [make_applicant() for _ in range(PARALLEL)]
    clients = logged_in_clients(app, PARALLEL)

    results = post_at_once(
        clients,
        lambda i: f"/admin/applicant/edit/?id={applicants[i].id}",
        lambda i: applicant_form(applicants[i], address=f"Banjar Baru No. {i}"),
    )

    assert [status for status, _ in results] == [302] * PARALLEL, [t[-600:] for _, t in results]
    addresses = {a.address for a in Applicant.select()}
    assert addresses == {f"Banjar Baru No. {i}" for i in range(PARALLEL)}


def test_one_open_application_per_person_and_service_holds_under_concurrency(
    app, db, make_applicant, make_service
):
    applicant, service = make_applicant(), make_service()
    clients = logged_in_clients(app, PARALLEL)

    results = post_at_once(
        clients,
        lambda i: "/admin/application/new/",
        lambda i: {"applicant": applicant.id, "service": service.id, "funding_source": "APBD"},
    )

    assert Application.select().count() == 1
    saved = [status for status, _ in results if status == 302]
    refused = [text for status, text in results if status == 200]
    assert len(saved) == 1 and len(refused) == PARALLEL - 1
    assert all("masih punya permohonan" in text for text in refused)
    assert not any(status >= 500 for status, _ in results)
