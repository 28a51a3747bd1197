"""Every figure of the dashboard links to the list it counts, and that list holds as many rows.

Walked over the demo data (five offices, a few hundred applications in every state, complaints
of every class) as each office's supervisor, for every figure of every chart's table.
"""

import html
import re

from backoffice.db import database
from tests.factories import log_out, post_form

FIGURE = re.compile(r'<td>([^<]*)</td><td class="text-right"><a href="([^"]+)">(\d+)</a></td>')


def rows_listed(client, link: str) -> int:
    """The rows of the list at `link`, over all its pages."""
    ids, page = set(), 0
    while True:
        found = re.findall(
            r'name="rowid" class="action-checkbox" value="(\d+)"',
            client.get(f"{html.unescape(link)}&page_size=100&page={page}").get_data(as_text=True),
        )
        if not found or set(found) <= ids:
            return len(ids)
        ids |= set(found)
        page += 1


def test_every_dashboard_figure_counts_the_list_it_links_to(demo, backend):
    from backoffice import create_app

    _, url, db = backend
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "t"})
    database.initialize(db)
    client = app.test_client()
    checked = 0
    for username, role, _, password in demo:
        if role != "supervisor":
            continue
        log_out(client)
        post_form(client, "/login", {"username": username, "password": password})
        dashboard = client.get("/admin/").get_data(as_text=True)
        for label, link, value in FIGURE.findall(dashboard):
            if "/admin/application/" in link or "/admin/complaint/" in link:
                assert rows_listed(client, link) == int(value), (username, label, link)
                checked += 1
    assert checked >= 20
