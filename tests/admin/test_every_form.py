"""Every form, every record: for each model view the administrator may edit, each demo row
(a spread sample where a view has more than SAMPLE) opens in its edit form and, submitted
unchanged, saves and changes nothing; a record is created from only its required fields; and
every kind of inline child row is added, edited and removed through its parent's form.

The demo is loaded once per backend for the module; the views are those of the app.
"""

import datetime
from html.parser import HTMLParser

import pytest

from backoffice import create_app
from backoffice.admin.base import SecureModelView
from backoffice.db import database
from backoffice.models import AuditEntry
from tests import factories

SAMPLE = 30
# Columns a save stamps by design (the time of the change).
STAMPED = {"updated_at"}
# Unique values a new record needs (the rest of its required fields are copied from a row).
UNIQUE_VALUES = {
    "applicant": lambda: {
        "nik": factories.valid_nik(),  # a woman of Rendang born 23-10-1965: no NIK warning
        "kk": "5107010101209999",
        "birth_date": "23-10-1965",
        "sex": "P",
        "village": factories.KARANGASEM_VILLAGE,
    },
    # a complaint by SP4N-LAPOR! also needs its LAPOR! number (a conditional requirement)
    "complaint": lambda: {"channel": "whatsapp"},
    # one region, one office: Kota Denpasar has none among the demo's
    "office": lambda: {"slug": "dinas-baru", "province": "51", "regency": "51.71"},
    "quota": lambda: {"year": "2014"},  # one quota per village, year and funding source
    "account": lambda: {"username": "pengguna-baru", "password": "Sandi-Baru-2026!"},
}
# Views whose "create" is a different act with its own test (an application starts its
# timeline: tests/admin/test_applications.py; a batch is made from proposals).
CREATED_ELSEWHERE = {"application", "batch"}
# Evidence and SKM follow-up have no demo rows to copy from; tested in their own files.
# Tables the demo leaves empty (the demo ships no maklumat: nobody signed one).
# No demo office records a data breach (tested in tests/admin/test_pdp_pages.py).
NO_DEMO_ROWS = {"survey_follow_up", "standard_version", "consultation",
                "standard_review", "media_publication", "maklumat", "data_breach"}  # fmt: skip


class FormReader(HTMLParser):
    """What a browser would submit from the page's forms: inputs, selects, textareas."""

    def __init__(self):
        super().__init__()
        self.data, self.required, self._select, self._textarea = {}, set(), None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.data[name] = a.get("value") or ""
            self._mark(name, a)
        elif tag == "select" and name:
            self._select = name
            self._mark(name, a)
        elif tag == "option" and self._select:
            if self._select not in self.data or "selected" in a:
                self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
            self._mark(name, a)

    def _mark(self, name, a):
        if "required" in a:
            self.required.add(name)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:  # a browser drops the newline that opens a textarea's text
            first = not self.data[self._textarea]
            self.data[self._textarea] += data.removeprefix("\r\n") if first else data


def read_form(html):
    reader = FormReader()
    reader.feed(html)
    return reader.data, reader.required


@pytest.fixture(scope="module")
def demo_admin(backend, demo):
    """An app over the demo data and a client signed in as the demo administrator."""
    _, url, db = backend
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "test-secret"})
    database.initialize(db)
    client = app.test_client()
    username, _, _, password = next(login for login in demo if login[1] == "admin")
    factories.post_form(client, "/login", {"username": username, "password": password})
    return app, client


def editable_views(app):
    admin = app.extensions["admin"][0]
    return [v for v in admin._views if isinstance(v, SecureModelView)]


def sample(ids):
    if len(ids) <= SAMPLE:
        return ids
    step = len(ids) / SAMPLE
    return [ids[int(i * step)] for i in range(SAMPLE)]


def stored(model, pk):
    row = model.get_by_id(pk)
    return {k: v for k, v in row.__data__.items() if k not in STAMPED}


def children(view, pk):
    """The inline child rows of record `pk`, as data, by kind."""
    result = {}
    for inline in view.inline_models or ():
        child = inline.model
        fk = next(f for f in child._meta.refs if f.rel_model is view.model)
        rows = child.select().where(fk == pk).order_by(child.id)
        result[child.__name__] = [r.__data__ for r in rows]
    return result


def save(client, url, data):
    response = client.post(url, data=data)
    assert response.status_code == 302, (url, flashed(response))
    return response


def flashed(response):
    import re

    html = response.get_data(as_text=True)
    found = re.findall(
        r"(?:alert-\w+|invalid-feedback|help-block)[^>]*>(.*?)</(?:div|span)", html, re.S
    )
    return [re.sub(r"\s+", " ", re.sub("<[^>]+>", "", m)).strip() for m in found]


def test_every_record_saves_unchanged_from_its_edit_form(demo_admin):
    app, client = demo_admin
    counted = {}
    with app.test_request_context():
        views = [(v, v.endpoint) for v in editable_views(app)]
    for view, endpoint in views:
        pk = view.model._meta.primary_key
        ids = [r[0] for r in view.model.select(pk).order_by(pk).tuples()]
        counted[endpoint] = 0
        for record_id in sample(ids):
            url = f"/admin/{endpoint}/edit/?id={record_id}"
            page = client.get(url)
            if page.status_code != 200:  # this view edits nothing (audit trail, regions)
                break
            before = (stored(view.model, record_id), children(view, record_id))
            data, _ = read_form(page.get_data(as_text=True))
            save(client, url, data)
            after = (stored(view.model, record_id), children(view, record_id))
            assert after == before, (url, diff(before[0], after[0]))
            counted[endpoint] += 1
    print("\nevery-form test, rows saved unchanged per view:", counted)
    edited = {e for e, n in counted.items() if n}
    assert {"applicant", "application", "office", "service", "standard", "quota"} <= edited
    assert sum(counted.values()) >= 150


def test_a_record_is_created_from_only_its_required_fields(demo_admin):
    app, client = demo_admin
    created = []
    for view in editable_views(app):
        endpoint, model = view.endpoint, view.model
        if (
            endpoint in CREATED_ELSEWHERE | NO_DEMO_ROWS
            or client.get(f"/admin/{endpoint}/new/").status_code != 200
        ):
            continue
        some = model.select().order_by(model._meta.primary_key).first()
        page = client.get(f"/admin/{endpoint}/edit/?id={some.get_id()}")
        data, required = read_form(page.get_data(as_text=True))
        required |= required_fields(app, view)
        only_required = {k: v for k, v in data.items() if k in required or k == "csrf_token"}
        only_required |= UNIQUE_VALUES.get(endpoint, dict)()
        count = model.select().count()
        save(client, f"/admin/{endpoint}/new/", only_required)
        assert model.select().count() == count + 1, endpoint
        created.append(endpoint)
    print("\ncreated from required fields only:", created)
    assert {"applicant", "office", "service", "standard", "complaint", "account"} <= set(created)


INLINE_ROWS = {
    "hours": {"weekday": "6", "opens": "08:00", "closes": "12:00"},
    "complaint_channels": {"channel": "surat", "value": "Jl. Baru No. 1", "position": ""},
    "closures": {"date": "19-03-2026", "reason": "Nyepi", "full_day": "y"},
    "requirements": {"position": "", "label": "Surat keterangan baru", "required": "y"},
    "steps": {"position": "9", "text": "Langkah baru", "minutes": ""},
}


@pytest.mark.parametrize(
    "endpoint,relation,changed",
    [
        ("office", "hours", {"closes": "13:00"}),
        ("office", "complaint_channels", {"value": "Jl. Lain No. 2"}),
        ("office", "closures", {"reason": "Hari Raya Nyepi"}),
        ("service", "requirements", {"label": "Surat keterangan lain"}),
        ("service", "steps", {"text": "Langkah lain"}),
    ],
)
def test_each_kind_of_inline_row_is_added_edited_and_removed(
    demo_admin, endpoint, relation, changed
):
    app, client = demo_admin
    view = next(v for v in editable_views(app) if v.endpoint == endpoint)
    inline = next(
        i for i in view.inline_models if getattr(view.model, relation).rel_model is i.model
    )
    parent = view.model.select().order_by(view.model.id).first()
    url = f"/admin/{endpoint}/edit/?id={parent.id}"

    def rows():
        return child_rows(inline.model, view.model, parent.id)

    before = len(rows())
    if relation == "hours":  # one row per weekday: free a day first
        inline.model.delete().where(
            inline.model.id.in_([r.id for r in rows() if r.weekday == 6])
        ).execute()
        before = len(rows())

    data, _ = read_form(client.get(url).get_data(as_text=True))
    new = {f"{relation}-{before}-{k}": v for k, v in INLINE_ROWS[relation].items()}
    save(client, url, data | new | {f"{relation}-{before}-id": ""})
    assert len(rows()) == before + 1
    added = rows()[-1]

    data, _ = read_form(client.get(url).get_data(as_text=True))
    index = next(k for k, v in data.items() if k.endswith("-id") and v == str(added.id)).split("-")[
        -2
    ]
    edits = {f"{relation}-{index}-{k}": v for k, v in changed.items()}
    save(client, url, data | edits)
    field, value = next(iter(changed.items()))
    shown = getattr(inline.model.get_by_id(added.id), field)
    assert (shown.strftime("%H:%M") if isinstance(shown, datetime.time) else shown) == value

    data, _ = read_form(client.get(url).get_data(as_text=True))
    save(client, url, data | {f"del-{relation}-{index}": "on"})
    assert len(rows()) == before and inline.model.get_or_none(id=added.id) is None
    assert AuditEntry.select().where(AuditEntry.entity == view.model._meta.table_name).exists()


def diff(before, after):
    return {
        k: (before.get(k), after.get(k)) for k in before | after if before.get(k) != after.get(k)
    }


def required_fields(app, view):
    """The names of the create form's fields flagged required (ajax look-ups included, whose
    hidden input carries no `required` attribute)."""
    with app.test_request_context():
        form = view.create_form()
        return {name for name, field in form._fields.items() if field.flags.required}


def child_rows(child, parent_model, parent_id):
    fk = next(f for f in child._meta.refs if f.rel_model is parent_model)
    return list(child.select().where(fk == parent_id).order_by(child.id))
