"""Fractions a person reads are written as Indonesians write them: decimal comma (79,17), on
every page and file that shows an IKM score or element average: the dashboard, the back-office
IKM page, its PDF report and the public IKM page (tests/publish/test_site_build.py)."""

import re

from backoffice.db import database
from backoffice.i18n import format_decimal_id
from tests.factories import post_form

DOT_FRACTION = re.compile(r">\s*\d{1,3}\.\d{1,2}\s*<")  # a table cell or link holding "79.17"
COMMA_FRACTION = re.compile(r">\s*\d{1,3},\d{1,2}\s*<")


def test_decimal_comma_and_thousands_dot():
    assert format_decimal_id(79.166) == "79,17"
    assert format_decimal_id(1234.5, 1) == "1.234,5"
    assert format_decimal_id(None) == "-"


def test_ikm_figures_in_the_back_office_use_a_decimal_comma(demo, backend):
    from backoffice import create_app

    _, url, db = backend
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "t"})
    database.initialize(db)
    client = app.test_client()
    username, _, _, password = next(d for d in demo if d[0] == "supervisor.karangasem")
    post_form(client, "/login", {"username": username, "password": password})
    shown = 0
    for path in ("/admin/", "/admin/skm/"):
        page = client.get(path).get_data(as_text=True)
        assert not DOT_FRACTION.findall(page), (path, DOT_FRACTION.findall(page)[:3])
        shown += len(COMMA_FRACTION.findall(page))
    assert shown > 10  # the demo's surveys give scores and averages on both pages
    pdf = client.get("/admin/skm/report.pdf").data
    assert not re.search(rb"\(\d{1,3}\.\d{2}\) Tj", pdf)
    assert re.search(rb"\(\d{1,3},\d{2}\) Tj", pdf)
