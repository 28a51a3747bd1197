"""Real gunicorn processes on loopback ports against the test database: the login throttle
holds across processes, and a 20 MB POST is refused without the worker's memory growing."""

import pytest

from tests.factories import PASSWORD, csrf_token
from tests.live import Browser, gunicorn, post_raw, rss_kib, worker_pid

WAIT = "Terlalu banyak percobaan masuk"
TWENTY_MB = 20 * 1024 * 1024


@pytest.fixture
def url(backend, db):
    return backend[1]


def test_two_processes_share_the_login_throttle(url, make_user):
    user = make_user()
    wrong = {"username": user.username, "password": "salah-sekali"}
    with gunicorn(url) as (one, _), gunicorn(url) as (two, _):
        browser = Browser()
        answers = [browser.post_form(f"{(one, two)[n % 2]}/login", wrong) for n in range(10)]
        assert all(status == 400 and WAIT not in html for status, html in answers)
        status, html = browser.post_form(f"{two}/login", wrong)
        assert status == 400 and WAIT in html
        right = {"username": user.username, "password": PASSWORD}
        status, html = Browser().post_form(f"{one}/login", right)
        assert status == 400 and WAIT in html


def grown_kib(base, master, path, **post):
    pid = worker_pid(master)
    Browser().request(f"{base}/login")  # warm up: imports and templates loaded
    before = rss_kib(pid)
    status = post_raw(base, path, TWENTY_MB, **post)
    return status, rss_kib(pid) - before


def test_an_anonymous_20_mb_post_is_refused_without_the_worker_growing(url):
    with gunicorn(url) as (base, master):
        status, grown = grown_kib(base, master, "/login")
        print(f"anonymous 20 MB POST: {status}, worker RSS +{grown} KiB")
        assert status == 413 and grown < 3 * 1024


def test_a_signed_in_20_mb_post_is_refused_without_the_worker_growing(url, make_user):
    user = make_user(role="admin")
    with gunicorn(url) as (base, master):
        browser = Browser()
        status, _ = browser.post_form(
            f"{base}/login", {"username": user.username, "password": PASSWORD}
        )
        assert status == 302
        cookie = browser.cookie_header()
        status, grown = grown_kib(base, master, "/admin/applicant/new/", cookie=cookie)
        print(f"signed-in 20 MB POST: {status}, worker RSS +{grown} KiB")
        assert status == 413 and grown < 3 * 1024


def test_a_chunked_20_mb_post_is_refused_without_the_worker_growing(url):
    with gunicorn(url) as (base, master):
        status, grown = grown_kib(base, master, "/login", chunked=True)
        print(f"chunked 20 MB POST: {status}, worker RSS +{grown} KiB")
        assert status == 411 and grown < 3 * 1024


def test_two_processes_on_one_database_see_each_others_changes_and_revocations(
    url, make_user, make_applicant
):
    """No state on an app server: what one process changes, the other shows; a session ended
    through one is refused by the other."""
    admin = make_user(role="admin")
    person = make_applicant(name="Ni Luh Sukerti")
    with gunicorn(url) as (one, _), gunicorn(url) as (two, _):
        browser = Browser()
        login = {"username": admin.username, "password": PASSWORD}
        assert browser.post_form(f"{one}/login", login)[0] == 302
        edit = f"/admin/applicant/edit/?id={person.id}"
        status, page = browser.request(f"{two}{edit}")
        assert status == 200 and "Ni Luh Sukerti" in page
        other = Browser()
        assert other.post_form(f"{two}/login", login)[0] == 302
        form = {"nik": person.nik, "kk": person.kk, "name": "Ni Luh Sukerti Dewi",
                "birth_place": "Amlapura", "birth_date": "23-10-1965", "sex": "P",
                "family_role": "kepala", "address": "Banjar Kaja", "village": person.village_id,
                "work_status": "BP", "dtsen_status": "belum_dicek",
                "confirm_warnings": "y"}  # fmt: skip
        status, _ = browser.post_form(f"{one}{edit}", form)
        assert status == 302
        assert "Ni Luh Sukerti Dewi" in other.request(f"{two}{edit}")[1]
        kept = browser.cookie_header()  # as a copied cookie would be replayed
        assert replay(f"{two}/admin/applicant/", kept) == 200
        _, page = browser.request(f"{one}/admin/")
        browser.request(f"{one}/logout", {"csrf_token": csrf_token(page)})
        assert replay(f"{two}/admin/applicant/", kept) == 302  # refused: back to the login


def replay(url: str, cookie: str) -> int:
    import urllib.error
    import urllib.request

    from tests.live import _NoRedirect

    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(urllib.request.Request(url, headers={"Cookie": cookie})) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        with error:
            return error.code
