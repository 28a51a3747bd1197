"""The survey kiosk (kios SKM): answers taken on a counter tablet without login, and the limits
that refuse floods.

Two limits, declared once in `LIMITS` as the login throttle declares its own: per device (the
kiosk's own cookie) and, looser, per client address (an office's tablets may share one NAT
address). Each counts the kiosk answers accepted within `window`; at `max_count` the next is
refused until the oldest leaves the window. The state is the answers themselves
(`SurveyResponse.created_at`, `device_key`, `address_key`), so every app process shares it.
Device and address are kept only as keyed hashes.
"""

import datetime as dt
import hashlib
import hmac

from backoffice.db import serialize_on, write_transaction
from backoffice.domain import ikm, throttle
from backoffice.domain.errors import ValidationError
from backoffice.domain.throttle import Limit
from backoffice.models import Office, Service, SurveyResponse
from backoffice.models.standards import ServiceStandard
from backoffice.models.surveys import EDUCATION_LEVELS, OCCUPATIONS, SEXES

# A counter serves one respondent in a few minutes: a tablet answering more often than that is
# a flood. The address limit also holds when the kiosk's cookie is dropped (a new "device" per
# answer), so it must stay near what an office's few tablets can honestly take.
LIMITS = (
    Limit("device", 4, dt.timedelta(minutes=10)),
    Limit("address", 10, dt.timedelta(minutes=10)),
)
KIOSK_LOCK = 0x4B105 << 20  # advisory-lock keys of the kiosk, one per office (+ office id)
FLOOD_MESSAGE = (
    "Terlalu banyak jawaban dari perangkat ini dalam waktu singkat. Silakan coba lagi beberapa "
    "menit lagi."
)
PROFILE_CHOICES = {
    "respondent_sex": dict(SEXES),
    "respondent_education": dict(EDUCATION_LEVELS),
    "respondent_occupation": dict(OCCUPATIONS),
}


def key_of(secret: str, value: str) -> str:
    """A keyed hash of a device id or address: countable, not readable."""
    return hmac.new(secret.encode(), (value or "").encode(), hashlib.sha256).hexdigest()


def refused_until(keys: dict[str, str], now: dt.datetime) -> dt.datetime | None:
    """When the kiosk may take the next answer for these keys (naive UTC), or None: now."""
    return throttle.latest(
        throttle.wait_until(
            SurveyResponse.created_at,
            getattr(SurveyResponse, f"{limit.scope}_key") == keys[limit.scope],
            limit,
            now,
        )
        for limit in LIMITS
    )


def kiosk_services(office: Office) -> list[Service]:
    """The active services of the office's published standards: what a respondent received."""
    return list(
        Service.select().join(ServiceStandard)
        .where((ServiceStandard.office == office.id) & Service.active)
        .order_by(Service.name)
    )  # fmt: skip


def clean_answer(office: Office, form: dict) -> dict:
    """The answer's fields from the posted form; ValidationError naming each problem."""
    errors, values = {}, {}
    for code in ikm.ELEMENT_CODES:
        raw = str(form.get(code) or "")
        if raw not in ("1", "2", "3", "4"):
            errors[code] = "Pilih salah satu jawaban."
        else:
            values[code] = int(raw)
    services = {str(s.id): s for s in kiosk_services(office)}
    service = str(form.get("service") or "")
    if service not in services:
        errors["service"] = "Pilih layanan yang Anda terima."
    else:
        values["service"] = services[service]
    for name, choices in PROFILE_CHOICES.items():
        raw = str(form.get(name) or "")
        if raw and raw not in choices:
            errors[name] = "Pilihan tidak dikenal."
        values[name] = raw if raw in choices else ""
    values["respondent_age"] = _age(form.get("respondent_age"), errors)
    values["suggestion"] = str(form.get("suggestion") or "").strip()[:1000]
    if errors:
        raise ValidationError(errors)
    return values


def _age(raw, errors: dict) -> int | None:
    text = str(raw or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 10 <= int(text) <= 110:
        errors["respondent_age"] = "Umur 10 sampai 110 tahun."
        return None
    return int(text)


def take_answer(
    office: Office, form: dict, keys: dict[str, str], now: dt.datetime, today: dt.date
) -> SurveyResponse:
    """Store one kiosk answer for `office` unless a flood limit refuses it (ValidationError).
    The count and the insert are one transaction serialised per office (SQLite's write lock,
    a PostgreSQL advisory lock): a burst of parallel answers cannot all pass a count taken
    before any of them was stored (the attacker got 11 past a limit of 10)."""
    values = clean_answer(office, form)
    with write_transaction():
        serialize_on(KIOSK_LOCK + office.id)
        if refused_until(keys, now) is not None:
            raise ValidationError({"form": FLOOD_MESSAGE})
        return SurveyResponse.create(
            office=office, date=today, source="kiosk", created_at=now,
            device_key=keys["device"], address_key=keys["address"], **values,
        )  # fmt: skip
