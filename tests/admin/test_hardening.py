"""Hardening: security headers on every back-office response, no inline script or style in
any page, a 413 in Indonesian for an oversized body, and a length limit on every text field."""

import re

import pytest
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from backoffice.admin.limits import TEXT_MAX
from tests.factories import csrf_token, post_form

ARGUMENTS = {
    "filename": "loket.css",
    "action_name": "decide_eligible",
    "export_type": "csv",
    "fmt": "csv",
    "path": "faq",
}


def urls_of_every_get_rule(app):
    """One URL per GET rule: integer arguments 1, named ones from ARGUMENTS, and `?id=1` for
    the details and edit pages, so a rule added later is walked too."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {name: 1 if name == "id" else ARGUMENTS.get(name, "x") for name in rule.arguments}
        url = rule.build(values)[1]
        if rule.endpoint.endswith(("details_view", "edit_view")):
            url += "?id=1"
        yield rule.endpoint, url


def assert_hardened(endpoint, response):
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    script_src = re.search(r"script-src ([^;]*)", csp)
    assert script_src and "'unsafe-inline'" not in script_src.group(1), endpoint
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, endpoint
    assert headers.get("X-Content-Type-Options") == "nosniff", endpoint
    assert headers.get("Referrer-Policy") == "same-origin", endpoint
    assert headers.get("X-Frame-Options") == "DENY", endpoint
    if not endpoint.endswith("static"):
        assert headers.get("Cache-Control") == "no-store", endpoint


def assert_no_inline_code(endpoint, response):
    """Every script and style of the page is a file of this site or carries the nonce."""
    if response.mimetype != "text/html":
        return
    html = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html), f"{endpoint}: inline handler"
    assert not re.search(r"<[^>]*\sstyle\s*=", html), f"{endpoint}: style attribute"
    # Flask-Admin's `javascript:void(0)` links are stopped by loket.js before they navigate.
    assert "javascript:" not in html.replace("javascript:void(0)", ""), endpoint
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, f"{endpoint}: {tag}"


@pytest.fixture
def records(make_application, make_quota):
    application = make_application()
    make_quota()
    return application


def test_every_get_rule_answers_an_admin_with_the_security_headers(app, client, login, records):
    login("admin")
    walked = 0
    for endpoint, url in urls_of_every_get_rule(app):
        with client.get(url) as response:
            assert response.status_code < 500, (endpoint, url)
            assert_hardened(endpoint, response)
            assert_no_inline_code(endpoint, response)
        walked += 1
    assert walked > 80


def test_anonymous_pages_and_errors_carry_the_headers_too(client):
    for url in ("/login", "/admin/", "/admin/tidak-ada", "/"):
        response = client.get(url)
        assert_hardened(url, response)
        assert_no_inline_code(url, response)
    assert_hardened("auth.logout", client.post("/logout"))


def test_each_response_has_its_own_nonce(client):
    first = client.get("/login").headers["Content-Security-Policy"]
    second = client.get("/login").headers["Content-Security-Policy"]
    assert first != second


def test_flask_admin_scripts_carry_the_nonce(client, login):
    login("admin")
    response = client.get("/admin/applicant/new/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert response.get_data(as_text=True).count(f'nonce="{nonce}"') >= 10


# --- request size ----------------------------------------------------------------------
TWENTY_MB = 20 * 1024 * 1024
NOT_TEXT = {"PasswordField", "HiddenField", "CSRFTokenField"}


def test_an_anonymous_20_mb_post_gets_413_in_indonesian(client):
    response = client.post("/login", data=b"x" * TWENTY_MB, content_type="text/plain")
    assert response.status_code == 413
    assert "terlalu besar" in response.get_data(as_text=True)
    assert "10 MB" in response.get_data(as_text=True)


def test_a_signed_in_20_mb_upload_gets_413(client, login):
    login("admin")
    response = client.post(
        "/admin/batch/activations",
        data=b"x" * TWENTY_MB,
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 413
    assert_hardened("batch.activations_view", response)


# --- text fields -----------------------------------------------------------------------


def scaffolded_forms(app):
    admin = app.extensions["admin"][0]
    for view in admin._views:
        for name in ("_create_form_class", "_edit_form_class"):
            form_class = getattr(view, name, None)
            if form_class is not None:
                yield view.endpoint, form_class


def text_fields(form):
    for field in form:
        if hasattr(field, "entries") or hasattr(field, "form"):  # inline lists, nested forms
            for entry in getattr(field, "entries", [field]):
                yield from text_fields(entry.form if hasattr(entry, "form") else entry)
        elif isinstance(field, (StringField, TextAreaField)) and field.type not in NOT_TEXT:
            yield field


def test_every_text_field_of_every_admin_form_has_a_length_limit(app, login):
    with app.test_request_context():
        for endpoint, form_class in scaffolded_forms(app):
            form = form_class()
            for view_name in getattr(form, "_fields", {}):
                getattr(form, view_name)
            for field in text_fields(form):
                limits = [v.max for v in field.validators if isinstance(v, Length)]
                assert limits and all(0 < m <= TEXT_MAX for m in limits), (endpoint, field.name)


def test_an_overlong_note_is_refused_next_to_the_field_in_indonesian(client, login, records):
    login("admin")
    page = client.get(f"/admin/applicant/edit/?id={records.applicant.id}")
    html = page.get_data(as_text=True)
    fields = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', html))
    fields |= {"notes": "x" * (TEXT_MAX + 1), "csrf_token": csrf_token(html)}
    response = client.post(f"/admin/applicant/edit/?id={records.applicant.id}", data=fields)
    assert response.status_code == 200
    assert "Paling banyak 10.000 karakter." in response.get_data(as_text=True)


def test_post_form_helper_still_works_with_the_headers(client, make_user):
    user = make_user()
    response = post_form(client, "/login", {"username": user.username, "password": "x" * 12})
    assert_hardened("auth.login", response)


@pytest.mark.parametrize(
    "peer, seen", [("203.0.113.9", "203.0.113.9"), ("127.0.0.1", "198.51.100.7")]
)
def test_forwarded_addresses_are_believed_only_from_the_trusted_proxy(backend, db, peer, seen):
    """LOKET_PROXY_COUNT=1 with the app reachable directly: a client rotating
    X-Forwarded-For stays one address (it defeated the per-address limits); the proxy on
    127.0.0.1 is believed."""
    from flask import request

    from backoffice import create_app

    _, url, _ = backend
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "t",
                      "LOKET_PROXY_COUNT": 1})  # fmt: skip
    app.add_url_rule("/alamat", "alamat", lambda: request.remote_addr)
    client = app.test_client()
    answer = client.get("/alamat", headers={"X-Forwarded-For": "198.51.100.7"},
                        environ_base={"REMOTE_ADDR": peer})  # fmt: skip
    assert answer.get_data(as_text=True) == seen
