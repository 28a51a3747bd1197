"""An office's own settings (dinas): its short code (slug), its head's NIP, the
complaint-response promise, the e-Dabu cut-off day, the BPJS export template, its weekly
hours and its region.

What every office shares reads some of them (the public site's addresses, the working
calendar): `check_office` refuses them when saved, and `unusable` names why stored ones (rows
from before a rule, or written around the forms) cannot be used, so that only that office's
part fails.
"""

import datetime as dt
import re
from collections.abc import Iterable

from backoffice.domain.bpjs_files import parse_template
from backoffice.domain.errors import OfficeDataError, ValidationError
from backoffice.domain.identity import clean_nip
from backoffice.models import Office, Regency
from backoffice.models.offices import IANA_ZONES

RESPONSE_DAYS = (1, 60)  # working days an office may promise for a complaint's response
CUTOFF_DAYS = (1, 28)  # a day every month has


# The public site's address of an office is /<slug>/: lower-case letters, digits and single
# dashes inside. The site's own first path segments (publish.site.RULES) are not offices'.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
SLUG_MAX = 40
RESERVED_SLUGS = frozenset({"cari", "halaman", "static", "pagefind", "admin"})


def slug_problem(slug: str | None) -> str | None:
    """Why `slug` cannot be an office's short code (Indonesian), or None."""
    if not slug:
        return "Kode singkat dinas wajib diisi."
    if len(slug) > SLUG_MAX or not SLUG.fullmatch(slug):
        return (
            f"Kode singkat dinas “{slug[:SLUG_MAX]}” tidak dapat menjadi alamat situs: pakai huruf "
            "kecil a-z, angka 0-9 dan tanda hubung '-' saja (tanpa spasi, huruf beraksen, % "
            "atau /), paling banyak 40 karakter, mis. dinsos-karangasem."
        )
    if slug in RESERVED_SLUGS:
        return f"Kode singkat “{slug}” dipakai situs publik sendiri; pilih kode lain."
    return None


def check_office(
    head_nip: str | None,
    response_days: int | None,
    cutoff_day: int | None,
    export_columns: str | None,
    *,
    slug: str | None = None,
    hours: Iterable[tuple[int | None, dt.time | None, dt.time | None]] = (),
) -> None:
    """Refuse an office's settings that cannot work; every problem at once, per field (the
    weekly hours' as "hours-<n>-<field>" of their n-th row). The slug is checked when given."""
    errors = {}
    if slug is not None and (problem := slug_problem(slug)):
        errors["slug"] = problem
    errors.update(hours_errors(hours))
    try:
        clean_nip(head_nip)
    except ValidationError as exc:
        errors["head_nip"] = exc.errors["nip"]
    if response_days is not None and not within(response_days, RESPONSE_DAYS):
        errors["complaint_response_days"] = "Isi 1 sampai 60 hari kerja."
    if cutoff_day is None or not within(cutoff_day, CUTOFF_DAYS):
        errors["cutoff_day"] = "Isi tanggal 1 sampai 28."
    try:
        parse_template(export_columns or "")
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)


def within(value: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= value <= bounds[1]


def hours_errors(
    hours: Iterable[tuple[int | None, dt.time | None, dt.time | None]],
) -> dict[str, str]:
    """The weekly hours' problems, keyed "hours-<n>-<field>" by row: a weekday once, opening
    before closing (the working calendar every deadline counts on needs both)."""
    errors, seen = {}, set()
    for n, (weekday, opens, closes) in enumerate(hours):
        if weekday in seen:
            errors[f"hours-{n}-weekday"] = "Hari ini sudah ada jam layanannya."
        seen.add(weekday)
        if opens is not None and closes is not None and opens >= closes:
            errors[f"hours-{n}-closes"] = "Jam tutup harus sesudah jam buka."
    return errors


def check_region(province: str | None, regency: str | None, office_id: int | None) -> None:
    """An office's region (set by the installation's administrator): a regency of the
    province, and no other office's area (quotas and villages belong to the office of their
    regency; a provincial office to one province). ValidationError on "regency"/"province"."""
    if regency and province and not regency.startswith(f"{province}."):
        raise ValidationError({"regency": "Kabupaten/kota ini tidak berada di provinsi itu."})
    others = Office.select(Office.name).where(
        (Office.province == province)
        & (Office.regency == regency if regency else Office.regency.is_null())
    )
    if office_id is not None:
        others = others.where(Office.id != office_id)
    holder = others.first()
    if holder is not None:
        field = "regency" if regency else "province"
        where = Regency.get_or_none(Regency.code == regency) if regency else None
        area = where.name if where else f"Provinsi {province}"
        raise ValidationError(
            {field: f"{area} sudah menjadi wilayah {holder.name}: satu wilayah, satu dinas."}
        )


def zone_of(office: Office) -> str:
    """The office's IANA zone; OfficeDataError (named) for a zone no form offers."""
    if office.time_zone not in IANA_ZONES:
        raise OfficeDataError(zone_problem(office.time_zone), "time_zone")
    return IANA_ZONES[office.time_zone]


def unusable(slug: str, time_zone: str) -> str | None:
    """Why an office's stored short code or time zone cannot be used by what every office
    shares (the public site's addresses, the calendar), or None."""
    if problem := slug_problem(slug):
        return problem
    return zone_problem(time_zone) if time_zone not in IANA_ZONES else None


def zone_problem(time_zone: str) -> str:
    return f"Zona waktu dinas “{time_zone}” tidak dikenal: pilih WIB, WITA atau WIT."

