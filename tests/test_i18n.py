"""The Indonesian catalogs (Flask-Admin's "admin", WTForms' "wtforms") and date formatting.

No database: each test that needs Flask builds its own minimal app.
"""

import datetime as dt
import re
import string
from collections import Counter
from pathlib import Path

import flask_admin
import pytest
import wtforms
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask_admin import Admin, BaseView, expose
from flask_admin.babel import gettext as admin_gettext
from flask_admin.babel import ngettext as admin_ngettext
from flask_admin.form import SecureForm
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from backoffice.i18n import (
    TRANSLATIONS_DIR,
    WTFORMS_TRANSLATIONS,
    IndonesianFormMeta,
    WTFormsTranslations,
    format_date_id,
    format_date_short,
    format_datetime_id,
    format_datetime_short,
    init_babel,
)

CATALOG_DIR = Path(TRANSLATIONS_DIR) / "id" / "LC_MESSAGES"
DOMAINS = ("admin", "wtforms")
PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def load_po(domain: str):
    with open(CATALOG_DIR / f"{domain}.po", "rb") as f:
        return read_po(f, locale="id")


def entries(domain: str):
    return [m for m in load_po(domain) if m.id]


def msgids(domain: str) -> set[str]:
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in entries(domain)}


def placeholders(text: str) -> Counter:
    found = Counter(PERCENT.findall(text))
    found.update(
        f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name is not None
    )
    found["\\'"] = text.count("\\'")  # JavaScript-escaped quotes in file/list.html
    return found


def mo_contents(path: Path) -> dict:
    def key(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    with open(path, "rb") as f:
        catalog = read_mo(f)
    return {key(m.id): key(m.string) for m in catalog} | {"": catalog.mime_headers}


# --- the catalogs ------------------------------------------------------------------------


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_msgid_has_a_translation(domain):
    catalog = load_po(domain)
    assert catalog.plural_forms == "nplurals=1; plural=0;"
    assert entries(domain)
    for message in entries(domain):
        assert not message.fuzzy, message.id
        strings = message.string if message.pluralizable else (message.string,)
        assert len(strings) == 1, message.id  # one plural form in Indonesian
        assert all(s.strip() for s in strings), f"untranslated: {message.id!r}"
    assert not [(m.id, errors) for m, errors in catalog.check()]


@pytest.mark.parametrize("domain", DOMAINS)
def test_placeholders_are_kept(domain):
    for message in entries(domain):
        source = message.id[-1] if message.pluralizable else message.id  # msgstr[0] serves all n
        strings = message.string if message.pluralizable else (message.string,)
        for text in strings:
            assert placeholders(text) == placeholders(source), (message.id, text)


@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalog_is_up_to_date(domain, tmp_path):
    fresh = tmp_path / f"{domain}.mo"
    with open(fresh, "wb") as f:
        write_mo(f, load_po(domain))
    assert mo_contents(CATALOG_DIR / f"{domain}.mo") == mo_contents(fresh), (
        f"{domain}.mo is stale: .venv/bin/pybabel compile -d backoffice/translations -l id "
        f'-D "admin wtforms"'
    )


def test_admin_catalog_covers_flask_admin():
    """Every string Flask-Admin's code and bootstrap4 templates pass to gettext is here."""
    keywords = {
        "gettext": None,
        "ngettext": (1, 2),
        "lazy_gettext": None,
        "_gettext": None,
        "_ngettext": (1, 2),
        "_lazy_gettext": None,
    }
    method_map = [
        ("tests/**", "ignore"),
        ("**/templates/bootstrap4/**.html", "jinja2"),
        ("**.py", "python"),
    ]
    extracted = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(Path(flask_admin.__file__).parent), method_map=method_map, keywords=keywords
        )
    }
    assert len(extracted) > 100
    assert extracted - msgids("admin") == set()
    # Passed to gettext at run time, so no extractor sees them.
    assert {"Failed to perform action. %(error)s", "50 item"} <= msgids("admin")


def test_wtforms_catalog_covers_wtforms_and_flask_wtf():
    with open(Path(wtforms.__file__).parent / "locale" / "wtforms.pot", "rb") as f:
        template = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(f) if m.id}
    assert len(template) > 30
    assert template - msgids("wtforms") == set()
    assert {
        "The CSRF token is missing.",
        "The CSRF session token is missing.",
        "The CSRF token has expired.",
        "The CSRF token is invalid.",
        "The CSRF tokens do not match.",
    } <= msgids("wtforms")


# --- Flask-Admin -------------------------------------------------------------------------


class ProbeView(BaseView):
    @expose("/")
    def index(self):
        deleted = admin_ngettext(
            "Record was successfully deleted.",
            "%(count)s records were successfully deleted.",
            3,
            count=3,
        )
        page_size = admin_ngettext("50 item", "50 items", 50)
        return "|".join([admin_gettext("Save"), deleted, page_size])


def make_admin_app() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", TESTING=True, LOKET_TIMEZONE="Asia/Makassar")
    init_babel(app)

    @app.route("/plain")
    def plain():  # Flask-Admin strings outside any admin view
        return admin_gettext("Save")

    admin = Admin(app, name="Loket JKN", translations_path=TRANSLATIONS_DIR)
    admin.add_view(ProbeView(name="Probe", endpoint="probe"))
    return app


def test_init_babel_sets_locale_and_zone():
    app = make_admin_app()
    assert app.config["BABEL_DEFAULT_LOCALE"] == "id"
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == "Asia/Makassar"
    with app.test_request_context():
        from flask_babel import get_locale, get_timezone

        assert str(get_locale()) == "id"
        assert str(get_timezone()) == "Asia/Makassar"


def test_flask_admin_gettext_in_an_admin_view():
    client = make_admin_app().test_client()
    response = client.get("/admin/probe/")
    assert response.status_code == 200
    assert response.text == "Simpan|3 data berhasil dihapus.|50 baris"


def test_flask_admin_gettext_outside_an_admin_view_does_not_stick_in_english():
    client = make_admin_app().test_client()
    assert client.get("/plain").text == "Simpan"
    assert client.get("/admin/probe/").text.startswith("Simpan|")


def test_flask_admin_templates_render_in_indonesian():
    page = make_admin_app().test_client().get("/admin/").text
    assert "Beranda" in page
    assert ">Home<" not in page


# --- WTForms -----------------------------------------------------------------------------


def test_wtforms_translations():
    translations = WTFormsTranslations()
    assert translations.gettext("This field is required.") == "Kolom ini wajib diisi."
    assert translations.gettext("Invalid CSRF Token.") == "Token CSRF tidak sah."
    message = translations.ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        5,
    )
    assert message % {"min": 5} == "Panjang isian minimal 5 karakter."
    assert translations.gettext("No such msgid") == "No such msgid"


class LoginForm(FlaskForm):
    class Meta(IndonesianFormMeta):
        pass

    username = StringField("Nama pengguna", validators=[DataRequired(), Length(min=5)])


class AdminForm(SecureForm):
    class Meta(IndonesianFormMeta):
        pass

    name = StringField("Nama", validators=[DataRequired()])


class ExplicitMetaForm(SecureForm):
    """The pattern backoffice.admin uses: get_translations only."""

    class Meta:
        def get_translations(self, form):
            return WTFORMS_TRANSLATIONS

    name = StringField("Nama", validators=[DataRequired()])


def post(app: Flask, form_class, data: dict):
    with app.test_request_context(method="POST", data=data):
        form = form_class()
        assert not form.validate()
        return form.errors


def test_flask_wtf_form_messages_in_indonesian():
    app = make_admin_app()
    errors = post(app, LoginForm, {"username": "ab"})
    assert errors["username"] == ["Panjang isian minimal 5 karakter."]
    assert errors["csrf_token"] == ["Token CSRF tidak ada, muat ulang halaman."]
    assert post(app, LoginForm, {})["username"] == ["Kolom ini wajib diisi."]


@pytest.mark.parametrize("form_class", [AdminForm, ExplicitMetaForm])
def test_flask_admin_secure_form_messages_in_indonesian(form_class):
    errors = post(make_admin_app(), form_class, {"name": ""})
    assert errors["name"] == ["Kolom ini wajib diisi."]
    assert errors["csrf_token"] == ["Token CSRF tidak ada, muat ulang halaman."]


# --- dates and times ---------------------------------------------------------------------


def test_format_date_id():
    assert format_date_id(dt.date(2026, 11, 22)) == "22 November 2026"
    assert format_date_id(dt.date(2026, 2, 1)) == "1 Februari 2026"
    assert format_date_id(None) == ""


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "22 November 2026 13.05 WIB"),
        ("Asia/Makassar", "22 November 2026 14.05 WITA"),
        ("Asia/Jayapura", "22 November 2026 15.05 WIT"),
    ],
)
def test_format_datetime_id(zone, expected):
    naive_utc = dt.datetime(2026, 11, 22, 6, 5)
    assert format_datetime_id(naive_utc, zone) == expected
    assert format_datetime_id(naive_utc.replace(tzinfo=dt.UTC), zone) == expected


def test_format_datetime_id_crosses_midnight_and_handles_none():
    late = dt.datetime(2026, 12, 31, 20, 30, tzinfo=dt.timezone(dt.timedelta(hours=-1)))
    assert format_datetime_id(late, "Asia/Jayapura") == "1 Januari 2027 06.30 WIT"
    assert format_datetime_id(None, "Asia/Jakarta") == ""


# Every month of a year, at hours that cross midnight in each zone.
MOMENTS = [dt.datetime(2026, month, 28, hour, 5) for month in range(1, 13) for hour in (0, 16, 23)]


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
def test_dates_read_exactly_as_babel_writes_them_in_indonesian(zone):
    """The formatters put dates together without babel's pattern engine (a list page formats
    a hundred): what an officer reads is unchanged, month names and zones included."""
    from babel.dates import format_date, format_datetime, get_timezone

    tz = get_timezone(zone)
    for moment in MOMENTS:
        utc = moment.replace(tzinfo=dt.UTC)
        assert format_date_id(moment.date()) == format_date(moment, "d MMMM y", locale="id")
        assert format_date_short(moment.date()) == format_date(moment, "d MMM y", locale="id")
        assert format_datetime_short(moment, zone) == format_datetime(
            utc, "d MMM y HH.mm", tzinfo=tz, locale="id"
        )
        assert format_datetime_id(moment, zone).rsplit(" ", 1)[0] == format_datetime(
            utc, "d MMMM y HH.mm", tzinfo=tz, locale="id"
        )
    assert format_date_short(dt.date(2026, 8, 17)) == "17 Agu 2026"
    assert format_date_id(dt.date(999, 5, 3)) == format_date(dt.date(999, 5, 3), "d MMMM y", "id")
