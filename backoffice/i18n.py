"""Indonesian (id) for everything users see: catalogs, Babel set-up, dates and times.

Flask-Admin 2.2.1 and WTForms 3.3 ship no Indonesian catalog, so ours live in
`backoffice/translations/id/LC_MESSAGES/`:

- `admin.po`: Flask-Admin's gettext domain "admin", served to Flask-Admin when the `Admin`
  object is created with ``Admin(..., translations_path=TRANSLATIONS_DIR)``;
- `wtforms.po`: WTForms' validator messages, plus the strings Flask-WTF, wtf-peewee and
  Flask-Admin's own fields pass to a field's gettext; served by `WTFORMS_TRANSLATIONS`.

After editing a .po file, recompile (tests/test_i18n.py fails while a .mo is stale)::

    .venv/bin/pybabel compile -d backoffice/translations -l id -D "admin wtforms" --statistics
"""

import datetime as dt
import logging
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, get_timezone
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from flask import Flask
from flask_babel import Babel
from wtforms.validators import ValidationError

logger = logging.getLogger(__name__)

TRANSLATIONS_DIR: str = str(Path(__file__).resolve().parent / "translations")
LOCALE = "id"
DEFAULT_TIMEZONE = "Asia/Jakarta"

# Indonesia's official abbreviations, independent of the tz database's spelling.
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def init_babel(app: Flask) -> Babel:
    """Set up Flask-Babel on `app`: locale always "id", zone from LOKET_TIMEZONE.

    Also pins our catalogs into Flask-Admin's gettext domains (see `pin_flask_admin_catalogs`)
    and gives templates the `desimal` filter (`format_decimal_id`).
    """
    app.jinja_env.filters["desimal"] = format_decimal_id
    app.config["BABEL_DEFAULT_LOCALE"] = LOCALE
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config.get("LOKET_TIMEZONE", DEFAULT_TIMEZONE)
    # The app's own "messages" domain, should it ever get one, lives next to ours.
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", TRANSLATIONS_DIR)
    babel = Babel(app, locale_selector=lambda: LOCALE)
    pin_flask_admin_catalogs()
    return babel


def pin_flask_admin_catalogs() -> None:
    """Make Flask-Admin serve our "id" catalogs in every request, inside its views or not.

    ``Admin(translations_path=TRANSLATIONS_DIR)`` alone is not enough with Flask-Admin 2.2.1
    and Flask-Babel 4.0: its `CustomDomain` adds our folder only while an admin view runs,
    yet caches the merged catalog per (locale, domain) for the whole process, so one
    Flask-Admin string rendered outside an admin view (a login page on admin/master.html, an
    error page) leaves every later page in English; and the merge takes the plural rule of
    Flask-Admin's own, missing, "id" catalog (n != 1), so every plural (the page-size menu,
    "3 data berhasil dihapus.") falls back to English. The locale here is always "id", so we
    fill that cache entry with our catalog up front. Flask-Admin forms that keep its default
    WTForms translations get our wtforms.mo the same way.
    """
    try:
        from flask_admin import babel as admin_babel
    except ImportError:  # pragma: no cover - Flask-Admin is a dependency
        return
    for domain_name, domain in (
        ("admin", getattr(admin_babel, "domain", None)),
        ("wtforms", getattr(admin_babel, "wtforms_domain", None)),
    ):
        catalog = Translations.load(TRANSLATIONS_DIR, [LOCALE], domain=domain_name)
        if domain is not None and isinstance(catalog, Translations):
            domain.cache[LOCALE, domain.domain[0]] = catalog


# --- WTForms -----------------------------------------------------------------------------


@cache
def _wtforms_catalog() -> NullTranslations:
    catalog = Translations.load(TRANSLATIONS_DIR, [LOCALE], domain="wtforms")
    if not isinstance(catalog, Translations):  # load() falls back silently
        logger.warning(
            "wtforms.mo not found under %s; form messages stay in English", TRANSLATIONS_DIR
        )
    return catalog


class WTFormsTranslations:
    """WTForms' translations object (gettext/ngettext) serving our wtforms.mo.

    Return it from a form's ``Meta.get_translations``; the catalog is loaded once.
    """

    def gettext(self, string: str) -> str:
        return _wtforms_catalog().gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalog().ngettext(singular, plural, n)


WTFORMS_TRANSLATIONS = WTFormsTranslations()


class IndonesianFormMeta:
    """Mixin for a form's inner ``Meta``: WTForms messages in Indonesian.

    Works for Flask-WTF's FlaskForm and Flask-Admin's SecureForm alike::

        class LoginForm(FlaskForm):
            class Meta(IndonesianFormMeta):
                pass

    Besides ``get_translations`` it translates CSRF errors: Flask-WTF raises
    "The CSRF token is missing." and the like without gettext(), so a bare
    ``get_translations`` override leaves them in English.
    """

    def get_translations(self, form: Any) -> WTFormsTranslations:
        return WTFORMS_TRANSLATIONS

    def build_csrf(self, form: Any) -> Any:
        csrf = super().build_csrf(form)  # type: ignore[misc]
        validate = csrf.validate_csrf_token

        def validate_csrf_token(form: Any, field: Any) -> None:
            try:
                validate(form, field)
            except ValidationError as exc:
                message = str(exc.args[0]) if exc.args else ""
                raise ValidationError(WTFORMS_TRANSLATIONS.gettext(message)) from exc

        csrf.validate_csrf_token = validate_csrf_token
        return csrf


# --- numbers, dates and times -------------------------------------------------------------


def format_decimal_id(value: float | Decimal | int | None, places: int = 2) -> str:
    """A number as Indonesians write it: decimal comma, thousands dot, `places` decimals
    ("79,17", "1.234,50"); None gives "-" (a table cell with no figure)."""
    if value is None:
        return "-"
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


@cache
def month_names(width: str) -> dict[int, str]:
    """Babel's Indonesian month names by number, `width` "wide" (November) or "abbreviated"
    (Nov), read once. The formatters below put dates together themselves: babel's pattern
    engine cost a quarter of a millisecond a date, a tenth of a list page's time (issue 12)."""
    return dict(Locale.parse(LOCALE).months["format"][width])


def _local(value: dt.datetime, tz: str) -> dt.datetime:
    """`value` in the IANA zone `tz`; a naive value is taken as UTC (how the database stores
    it)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(ZoneInfo(tz))


def format_date_id(value: dt.date | None) -> str:
    """A date as "22 November 2026"; None gives ""."""
    if value is None:
        return ""
    return f"{value.day} {month_names('wide')[value.month]} {value.year}"


def format_datetime_id(value: dt.datetime | None, tz: str) -> str:
    """A moment as "22 November 2026 14.05 WITA" in the IANA zone `tz`; None gives "".

    A naive `value` is taken as UTC (how the database stores it).
    """
    if value is None:
        return ""
    local = _local(value, tz)
    abbreviation = ZONE_ABBREVIATIONS.get(tz) or format_datetime(
        local, "z", tzinfo=get_timezone(tz), locale=LOCALE
    )
    return f"{format_date_id(local)} {local:%H.%M} {abbreviation}"


def format_date_short(value: dt.date | None) -> str:
    """A date as "22 Nov 2026" (lists: a column stays one line); None gives ""."""
    if value is None:
        return ""
    return f"{value.day} {month_names('abbreviated')[value.month]} {value.year}"


def format_datetime_short(value: dt.datetime | None, tz: str) -> str:
    """A moment as "22 Nov 2026 14.05" in the IANA zone `tz` (lists: the office's own zone,
    named in full on the record's page); None gives ""."""
    if value is None:
        return ""
    local = _local(value, tz)
    return f"{format_date_short(local)} {local:%H.%M}"
