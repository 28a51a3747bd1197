"""Sessions end on the server: after logout, a password change or deactivation, a copied
session or remember cookie opens nothing. Logins are throttled and recorded."""

import datetime as dt
import time

from backoffice import config
from backoffice.auth import authenticate
from backoffice.models import AuditEntry, User
from tests import factories
from tests.factories import PASSWORD, csrf_token, post_form

WAIT = "Terlalu banyak percobaan masuk. Coba lagi setelah pukul"


def sign_in(client, user, remember=False):
    data = {"username": user.username, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = post_form(client, "/login", data)
    assert response.status_code == 302
    return response


def copy_of(app, client, *names):
    """A second browser holding a copy of `client`'s cookies `names`."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        thief.set_cookie(cookie.key, cookie.value)
    return thief


def press_logout(client):
    page = client.get("/admin/").get_data(as_text=True)
    return client.post("/logout", data={"csrf_token": csrf_token(page)})


def edit_account(client, user, **changes):
    fields = {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "office": user.office_id or "__None",
        "active": "y",
    } | changes
    fields = {k: v for k, v in fields.items() if v is not None}
    return post_form(client, f"/admin/account/edit/?id={user.id}", fields)


def test_a_copied_session_cookie_opens_nothing_after_logout(app, client, make_user):
    sign_in(client, make_user())
    thief = copy_of(app, client, "session")
    assert thief.get("/admin/").status_code == 200
    press_logout(client)
    assert thief.get("/admin/").status_code == 302


def test_logout_ends_the_accounts_sessions_in_other_browsers_too(app, client, make_user):
    user = make_user()
    sign_in(client, user)
    other = app.test_client()
    sign_in(other, user)
    press_logout(client)
    assert other.get("/admin/").status_code == 302


def test_a_copied_remember_cookie_opens_nothing_after_logout(app, client, make_user):
    sign_in(client, make_user(), remember=True)
    thief = copy_of(app, client, "remember_token")
    assert thief.get("/admin/").status_code == 200  # the cookie alone signs in
    press_logout(client)
    assert copy_of(app, client, "session").get("/admin/").status_code == 302
    thief_again = app.test_client()
    thief_again.set_cookie("remember_token", thief.get_cookie("remember_token").value)
    thief_again.delete_cookie("session")
    assert thief_again.get("/admin/").status_code == 302


def test_a_password_change_ends_the_accounts_sessions(app, client, make_user):
    officer = make_user(role="petugas", office=factories.make_office())
    sign_in(client, officer, remember=True)
    thief = copy_of(app, client, "remember_token")
    admin = app.test_client()
    sign_in(admin, make_user(role="admin"))
    response = edit_account(admin, officer, password="kata-sandi-baru-2026")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302
    assert thief.get("/admin/").status_code == 302


def test_an_unchanged_password_keeps_the_sessions(app, client, make_user):
    officer = make_user(role="petugas", full_name="Lama")
    sign_in(client, officer)
    admin = app.test_client()
    sign_in(admin, make_user(role="admin"))
    edit_account(admin, officer, full_name="Nama Baru")
    assert client.get("/admin/").status_code == 200


def test_deactivation_ends_the_accounts_sessions(app, client, make_user):
    officer = make_user(role="petugas", office=factories.make_office())
    sign_in(client, officer, remember=True)
    thief = copy_of(app, client, "remember_token")
    admin = app.test_client()
    sign_in(admin, make_user(role="admin"))
    edit_account(admin, officer, active=None)
    assert not User.get_by_id(officer.id).active
    assert client.get("/admin/").status_code == 302
    assert thief.get("/admin/").status_code == 302
    edit_account(admin, officer)  # reactivated: the old cookies stay dead
    assert thief.get("/admin/").status_code == 302


def test_an_admin_changing_their_own_password_stays_signed_in_here_only(app, client, make_user):
    admin = make_user(role="admin")
    sign_in(client, admin)
    elsewhere = app.test_client()
    sign_in(elsewhere, admin)
    edit_account(client, admin, password="kata-sandi-baru-2026")
    assert client.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302


def test_logout_by_get_is_refused(client, make_user):
    sign_in(client, make_user())
    assert client.get("/logout").status_code == 405
    assert client.get("/admin/").status_code == 200


def test_logout_without_csrf_token_is_refused(client, make_user):
    sign_in(client, make_user())
    assert client.post("/logout").status_code == 400
    assert client.get("/admin/").status_code == 200


def test_logout_is_recorded(client, make_user):
    user = make_user()
    sign_in(client, user)
    press_logout(client)
    assert (
        AuditEntry.select()
        .where((AuditEntry.action == "logout") & (AuditEntry.user == user))
        .exists()
    )


# --- remember me ------------------------------------------------------------------------


def test_remember_me_is_unticked_by_default(client):
    html = client.get("/login").get_data(as_text=True)
    checkbox = html[html.index('id="remember"') - 80 : html.index('id="remember"') + 80]
    assert "checked" not in checkbox


def test_without_remember_me_no_remember_cookie_is_set(client, make_user):
    sign_in(client, make_user())
    assert client.get_cookie("remember_token") is None


def test_remember_cookie_lasts_seven_days_and_is_httponly_and_samesite(client, make_user):
    response = sign_in(client, make_user(), remember=True)
    cookie = next(
        h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token=")
    )
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = client.get_cookie("remember_token").expires
    lifetime = expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=6, hours=23) < lifetime <= dt.timedelta(days=7)


def test_cookies_are_secure_when_the_admin_url_is_https(monkeypatch):
    monkeypatch.setenv("LOKET_ADMIN_URL", "https://loket.example.go.id/")
    settings = config.cookie_settings()
    assert settings["SESSION_COOKIE_SECURE"] and settings["REMEMBER_COOKIE_SECURE"]


def test_cookies_are_secure_when_only_the_site_url_is_https(monkeypatch):
    monkeypatch.delenv("LOKET_ADMIN_URL", raising=False)
    monkeypatch.setenv("LOKET_SITE_URL", "https://jkn.example.go.id/")
    assert config.cookie_settings()["SESSION_COOKIE_SECURE"]


def test_an_http_admin_url_or_the_explicit_switch_turns_secure_cookies_off(monkeypatch):
    monkeypatch.setenv("LOKET_SITE_URL", "https://jkn.example.go.id/")
    monkeypatch.setenv("LOKET_ADMIN_URL", "http://10.0.0.5:8000/")
    assert not config.cookie_settings()["SESSION_COOKIE_SECURE"]
    monkeypatch.setenv("LOKET_ADMIN_URL", "https://loket.example.go.id/")
    monkeypatch.setenv("LOKET_SECURE_COOKIES", "0")
    assert not config.cookie_settings()["REMEMBER_COOKIE_SECURE"]


def test_secure_cookies_carry_the_secure_flag(app, client, make_user):
    app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    response = post_form(
        client,
        "/login",
        {"username": make_user().username, "password": PASSWORD, "remember": "y"},
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c for c in cookies)


# --- throttling and the audit of failures ------------------------------------------------


def wrong(client, username):
    response = post_form(client, "/login", {"username": username, "password": "salah-sekali"})
    return response.get_data(as_text=True)


def test_after_ten_wrong_passwords_in_a_row_every_try_waits_the_31st_and_right_one_too(
    client, make_user
):
    user = make_user()
    answers = [wrong(client, user.username) for _ in range(31)]
    assert all("Nama pengguna atau kata sandi salah." in a for a in answers[:10])
    assert all(WAIT in a and "WIB." in a for a in answers[10:])
    right = post_form(client, "/login", {"username": user.username, "password": PASSWORD})
    assert right.status_code == 400 and WAIT in right.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_an_unknown_name_is_throttled_like_a_known_one(client):
    answers = [wrong(client, "tidak-ada") for _ in range(11)]
    assert "Nama pengguna atau kata sandi salah." in answers[9]
    assert WAIT in answers[10]


def test_a_failed_login_is_recorded_with_the_account_when_it_exists(client, make_user):
    user = make_user()
    wrong(client, user.username)
    wrong(client, "tidak-ada")
    entries = list(AuditEntry.select().where(AuditEntry.action == "login_fail"))
    assert {(e.user_id, e.object_id) for e in entries} == {
        (user.id, user.username),
        (None, "tidak-ada"),
    }
    assert all("127.0.0.1" in e.summary for e in entries)


def test_an_unknown_name_costs_the_same_hashing_as_a_wrong_password(make_user):
    real = make_user(password="kata-sandi-asli-2026")  # hashed for real (scrypt)
    inactive = make_user(password="kata-sandi-asli-2026", active=False)
    authenticate("tidak-ada", "pemanasan")  # the dummy hash is made once, on first use

    def median_seconds(username):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            assert authenticate(username, "salah-sekali") is None
            runs.append(time.perf_counter() - start)
        return sorted(runs)[2]

    known, unknown = median_seconds(real.username), median_seconds("tidak-ada")
    off = median_seconds(inactive.username)
    # What gives a name away is a fast answer (no hash at all: a ratio near 0); the upper
    # bound is loose because a shared machine's load makes single runs slower, never faster.
    assert 0.5 < unknown / known < 4 and 0.5 < off / known < 4, (known, unknown, off)


def test_the_login_audit_keeps_no_password(client, make_user):
    user = make_user()
    wrong(client, user.username)
    assert "salah-sekali" not in " ".join(e.summary for e in AuditEntry.select())


def test_parallel_wrong_passwords_are_counted_before_they_are_checked(app, make_user):
    """Thirty guesses at once: each sees the ones before it, so at most ten are checked."""
    from concurrent.futures import ThreadPoolExecutor

    user = make_user(role="petugas")

    def guess(n):
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        return client.post(
            "/login",
            data={"username": user.username, "password": f"salah-{n}",
                  "csrf_token": csrf_token(page)},
            environ_base={"REMOTE_ADDR": f"127.0.9.{n}"},
        ).get_data(as_text=True)  # fmt: skip

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(guess, range(30)))

    checked = AuditEntry.select().where(AuditEntry.action == "login_fail").count()
    assert checked <= 10
    assert sum(WAIT in a for a in answers) >= 20
