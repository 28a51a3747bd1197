"""Staff login: nothing in /admin/ without it, roles decide the rest."""

import pytest

from backoffice.models import User
from tests.factories import PASSWORD, csrf_token, post_form

ADMIN_PAGES = [
    "/admin/",
    "/admin/applicant/",
    "/admin/application/",
    "/admin/quota/",
    "/admin/standard/",
    "/admin/account/",
    "/admin/village/",
    "/admin/audit/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_redirect_anonymous_visitors_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_page_is_indonesian(client):
    html = client.get("/login").get_data(as_text=True)
    assert "Nama pengguna" in html and "Kata sandi" in html and 'lang="id"' in html


def test_wrong_password_is_refused_in_indonesian(client, make_user):
    user = make_user(role="petugas")
    response = post_form(client, "/login", {"username": user.username, "password": "salah-sekali"})
    assert response.status_code == 400
    assert "Nama pengguna atau kata sandi salah." in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_inactive_account_cannot_log_in(client, make_user):
    user = make_user(active=False)
    post_form(client, "/login", {"username": user.username, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302


def test_login_then_logout(client, make_user):
    user = make_user(role="petugas")
    response = post_form(client, "/login", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert User.get_by_id(user.id).last_login_at is not None
    page = client.get("/admin/").get_data(as_text=True)
    assert "Keluar" in page
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    assert client.get("/admin/").status_code == 302


def test_login_ignores_an_offsite_next_url(client, make_user):
    user = make_user()
    page = client.get("/login?next=https://evil.example/")
    response = client.post(
        "/login?next=https://evil.example/",
        data={
            "username": user.username,
            "password": PASSWORD,
            "csrf_token": csrf_token(page.get_data(as_text=True)),
        },
    )
    assert response.headers["Location"].endswith("/admin/")


@pytest.mark.parametrize(
    "role,url,status",
    [
        ("petugas", "/admin/applicant/", 200),
        ("petugas", "/admin/account/", 403),
        ("webmaster", "/admin/applicant/", 403),
        ("webmaster", "/admin/standard/", 200),
        ("verifikator", "/admin/audit/", 403),
        ("supervisor", "/admin/audit/", 200),
        ("admin", "/admin/account/", 200),
    ],
)
def test_each_role_sees_only_its_areas(client, login, role, url, status):
    login(role)
    assert client.get(url).status_code == status


def test_petugas_cannot_open_the_create_form_of_quotas(client, login):
    login("petugas")
    response = client.get("/admin/quota/new/")
    assert response.status_code == 403
    assert client.get("/admin/quota/").status_code == 200
