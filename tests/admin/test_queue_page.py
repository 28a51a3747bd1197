"""The queue page (Antrean latar belakang): the installation's admin sees the queue and its
workers; an office's accounts are refused."""

import datetime as dt

import pytest

from backoffice.models import DataJob, QueueWorker
from backoffice.models.accounts import ROLES
from backoffice.models.base import utcnow
from backoffice.tasks import records
from tests import factories

URL = "/admin/queue/"
NO_WORKER = "Tidak ada pekerja antrean yang aktif"


def sign_in(client, user) -> None:
    credentials = {"username": user.username, "password": factories.PASSWORD}
    factories.post_form(client, "/login", credentials)


def add_worker(name: str, seen_ago: int, stopped: bool = False, threads: int = 2) -> QueueWorker:
    now = utcnow()
    seen = now - dt.timedelta(seconds=seen_ago)
    return QueueWorker.create(
        name=name, host=name.split(":")[0], pid=int(name.split(":")[1]), threads=threads,
        started_at=seen - dt.timedelta(hours=1), last_seen=seen,
        stopped_at=seen if stopped else None,
    )  # fmt: skip


def worker_row(html: str, name: str) -> str:
    start = html.index(f"<td>{name}</td>")
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


@pytest.fixture
def admin_client(client):
    sign_in(client, factories.make_user(role="admin"))
    return client


def test_the_admin_sees_each_worker_with_its_state(admin_client):
    add_worker("app1:101", seen_ago=3)
    add_worker("app2:202", seen_ago=20, stopped=True)
    add_worker("worker1:303", seen_ago=int(records.STALE_AFTER.total_seconds()) + 15)
    add_worker("old:404", seen_ago=2 * 24 * 3600)
    html = admin_client.get(URL).get_data(as_text=True)
    assert 'data-worker-state="active"' in worker_row(html, "app1:101")
    assert "3 detik lalu" in worker_row(html, "app1:101")
    assert "berhenti" in worker_row(html, "app2:202")
    assert "tidak terdengar" in worker_row(html, "worker1:303")
    assert "old:404" not in html  # not heard for more than a day
    assert NO_WORKER not in html


def test_the_page_warns_when_no_worker_is_active(admin_client):
    add_worker("app1:101", seen_ago=60)
    add_worker("app2:202", seen_ago=5, stopped=True)
    html = admin_client.get(URL).get_data(as_text=True)
    assert NO_WORKER in html and "loket worker" in html


def test_the_admin_sees_how_many_tasks_wait_and_the_queued_jobs(admin_client, queued):
    office = factories.make_office(short_name="Dinsos Karangasem")
    officer = factories.make_user(role="supervisor", office=office, full_name="Ni Luh Sari")
    for n in range(2):
        job = DataJob.create(office=office, user=officer, kind="export", area="applicants",
                             filename=f"pemohon-{n}.csv", status="queued")  # fmt: skip
        records.enqueue(job, "export")
    assert len(queued()) == 2
    html = admin_client.get(URL).get_data(as_text=True)
    assert '<dd class="col-sm-9" id="queue-waiting">2</dd>' in html
    assert html.count("Menunggu giliran") == 2
    assert "Dinsos Karangasem" in html and "Ni Luh Sari" in html


def test_the_page_names_the_queue_storage(admin_client, backend):
    html = admin_client.get(URL).get_data(as_text=True)
    kind = {"sqlite": "Berkas SQLite", "postgresql": "PostgreSQL"}[backend[0]]
    assert kind in html


def test_a_queue_address_is_shown_without_its_password():
    from backoffice.admin.queue import shown_url

    shown = shown_url("postgresql://loket:rahasia@db.example:5432/loket?password=rahasia")
    assert shown == "postgresql://loket@db.example:5432/loket"
    assert shown_url("redis://:rahasia@redis.example:6379/0") == "redis://redis.example:6379/0"


@pytest.mark.parametrize("role", [code for code, _ in ROLES])
def test_an_office_account_of_any_role_is_refused(client, role):
    office = factories.make_office()
    sign_in(client, factories.make_user(role=role, office=office))
    assert client.get(URL).status_code == 403


def test_the_menu_shows_the_page_only_to_the_installation_admin(app):
    office_admin, installation_admin = app.test_client(), app.test_client()
    sign_in(office_admin, factories.make_user(role="admin", office=factories.make_office()))
    sign_in(installation_admin, factories.make_user(role="admin"))
    assert "Antrean latar belakang" not in office_admin.get("/admin/").get_data(as_text=True)
    assert "Antrean latar belakang" in installation_admin.get("/admin/").get_data(as_text=True)


def test_the_installation_admins_home_says_when_no_worker_runs(client, login):
    login("admin")
    home = client.get("/admin/").get_data(as_text=True)
    assert "Tidak ada pekerja antrean yang aktif" in home and "/admin/queue/" in home
