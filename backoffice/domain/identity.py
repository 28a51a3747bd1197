"""NIK (Nomor Induk Kependudukan) and No. KK (family card number).

A NIK is 16 digits: district code (digits 1–6), birth date DDMMYY with 40 added to the day for
women (7–12), serial (13–16, never 0000); there is no check digit. The NIK never changes, even
when the birth date is corrected or the region split, so only a malformed NIK is refused
(`parse_nik`); disagreement with the record or today's region list is a warning the officer
confirms (`nik_warnings`).
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from backoffice.domain.errors import ValidationError
from backoffice.domain.regions import (
    district_code_of_nik_prefix,
    district_names,
    province_names,
)

SEX_NAMES = {"L": "laki-laki", "P": "perempuan"}
FEMALE_DAY_OFFSET = 40

# [0-9] with re.ASCII: str.isdigit() would accept "١" (Arabic-Indic) or "²".
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_LENGTH = 16
_NO_SERIAL = "0000"
# What people type between digit groups, as printed on a KTP or KK ("5107 0155 0885 0001"):
# any space (a no-break space from a copied document too), dots, dashes; and the invisible
# characters a copy from WhatsApp or a PDF brings along (zero-width space and joiners, word
# joiner, byte-order mark, soft hyphen), which no one can see to delete.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212\u00ad\u200b-\u200d\u2060\ufeff]+")


def normalize_identity_number(value: str) -> str:
    """A NIK or No. KK as typed, without the spaces, dots and dashes between its digit groups
    (and around it): "5107 0155.0885-0001" -> "5107015508850001". Anything else, letters
    included, is kept for parse_nik/parse_kk to refuse."""
    return _SEPARATORS.sub("", value)


def search_term(value: str) -> str:
    """A search text: a number typed with the separators the NIK and KK fields accept (the
    same `normalize_identity_number`) becomes its digits, as stored; any other text is
    returned stripped, unchanged."""
    text = value.strip()
    digits = normalize_identity_number(text)
    return digits if _DIGITS.fullmatch(digits) else text


@dataclass(frozen=True)
class NikInfo:
    """What a well-formed NIK says. Codes are dotted Kemendagri codes ("51", "51.07", …)."""

    nik: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: date
    sex: str  # "L" or "P"
    serial: str


def parse_nik(value: str, today: date | None = None) -> NikInfo:
    """Read a NIK, or raise ValidationError({"nik": message}).

    Spaces, dots and dashes are removed (normalize_identity_number); the rest must be exactly
    16 ASCII digits with a
    known province, a possible day (01–31 men, 41–71 women) and month, a date that exists in
    19YY or 20YY, and a serial other than 0000. The birth year is the latest one that puts
    the birth date on or before `today` (default: the server's date), e.g. YY=25 -> 2025 and
    YY=30 -> 1930 in 2026. The district may be missing from today's list: see nik_warnings.
    """
    return _parse_nik(value, today or date.today())


@lru_cache(maxsize=64)  # a record's NIK is read twice: cleaned, then compared (nik_warnings)
def _parse_nik(value: str, today: date) -> NikInfo:
    nik = _sixteen_digits(value, "nik", "NIK", "NIK hanya boleh berisi angka 0–9.")
    _check_province(nik, "nik", "NIK")
    birth_date, sex = _birth_date_and_sex(nik[6:12], today)
    _check_serial(nik, "nik", "NIK")
    district = district_code_of_nik_prefix(nik[:6])
    return NikInfo(nik, district[:2], district[:5], district, birth_date, sex, nik[12:])


def parse_kk(value: str) -> str:
    """Return a No. KK as 16 digits (spaces, dots and dashes removed), or raise
    ValidationError({"kk": …}).

    It must be 16 ASCII digits starting with a known province code, serial not 0000. The
    middle digits (district, issue date) are not checked: card formats vary by year.
    """
    kk = _sixteen_digits(
        value, "kk", "No. KK", "No. KK harus 16 digit angka; ada huruf atau tanda baca."
    )
    _check_province(kk, "kk", "No. KK")
    _check_serial(kk, "kk", "No. KK")
    return kk


def nik_warnings(info: NikInfo, birth_date: date | None, sex: str | None) -> list[str]:
    """Indonesian warnings (not refusals) where the NIK disagrees with the record or regions.

    Compares the birth date by day, month and 2-digit year (the NIK's century is inferred),
    the sex when it is "L" or "P", and checks the NIK's district against today's list.
    Missing values are not compared. Returns [] when everything agrees.
    """
    warnings = [
        _birth_date_warning(info, birth_date),
        _sex_warning(info, sex),
        _district_warning(info),
    ]
    return [warning for warning in warnings if warning]


def _sixteen_digits(value: str, field: str, label: str, not_digits: str) -> str:
    text = normalize_identity_number(value)
    if not text:
        raise ValidationError({field: f"{label} wajib diisi."})
    if not _DIGITS.fullmatch(text):
        raise ValidationError({field: not_digits})
    if len(text) != _LENGTH:
        message = f"{label} harus {_LENGTH} digit angka; yang diisi {len(text)} digit."
        raise ValidationError({field: message})
    return text


def _check_province(number: str, field: str, label: str) -> None:
    if number[:2] not in province_names():
        message = f"Kode provinsi {number[:2]} pada {label} tidak dikenal."
        raise ValidationError({field: message})


def _check_serial(number: str, field: str, label: str) -> None:
    if number[-4:] == _NO_SERIAL:
        message = f"Nomor urut {label} (4 digit terakhir) tidak boleh {_NO_SERIAL}."
        raise ValidationError({field: message})


def _birth_date_and_sex(ddmmyy: str, today: date) -> tuple[date, str]:
    day_code, month, yy = int(ddmmyy[0:2]), int(ddmmyy[2:4]), int(ddmmyy[4:6])
    if 1 <= day_code <= 31:
        day, sex = day_code, "L"
    elif 1 + FEMALE_DAY_OFFSET <= day_code <= 31 + FEMALE_DAY_OFFSET:
        day, sex = day_code - FEMALE_DAY_OFFSET, "P"
    else:
        message = (
            f"Kode tanggal lahir {ddmmyy[0:2]} pada NIK tidak mungkin: "
            "01–31 untuk laki-laki, 41–71 untuk perempuan."
        )
        raise ValidationError({"nik": message})
    if not 1 <= month <= 12:
        message = f"Kode bulan lahir {ddmmyy[2:4]} pada NIK tidak mungkin: harus 01–12."
        raise ValidationError({"nik": message})
    return _latest_birth_date(day, month, yy, today), sex


def _latest_birth_date(day: int, month: int, yy: int, today: date) -> date:
    """The latest existing date day-month-(..yy) not after today, trying 20YY then 19YY."""
    year = today.year - (today.year - yy) % 100
    for candidate in (year, year - 100):
        try:
            born = date(candidate, month, day)
        except ValueError:  # 29 Feb of a year that is not a leap year, 31 Apr, …
            continue
        if born <= today:
            return born
    message = f"Tanggal lahir pada NIK tidak ada di kalender: {day:02d}-{month:02d}-{yy:02d}."
    raise ValidationError({"nik": message})


def _birth_date_warning(info: NikInfo, birth_date: date | None) -> str | None:
    if birth_date is None or _ddmmyy(birth_date) == _ddmmyy(info.birth_date):
        return None
    on_nik = _nik_date_near(info.birth_date, birth_date.year)
    return (
        f"Tanggal lahir pada NIK ({on_nik:%d-%m-%Y}) berbeda dengan tanggal lahir "
        f"yang diisi ({birth_date:%d-%m-%Y})."
    )


def _ddmmyy(day: date) -> tuple[int, int, int]:
    return day.day, day.month, day.year % 100  # what a NIK holds of a birth date


def _nik_date_near(on_nik: date, year: int) -> date:
    """The NIK's date in whichever century is nearer `year`: the inferred one may be wrong."""
    try:
        earlier = on_nik.replace(year=on_nik.year - 100)
    except ValueError:  # 29 Feb 2000 has no 1900 counterpart
        return on_nik
    return earlier if abs(earlier.year - year) < abs(on_nik.year - year) else on_nik


def _sex_warning(info: NikInfo, sex: str | None) -> str | None:
    if sex not in SEX_NAMES or sex == info.sex:
        return None
    return (
        f"Jenis kelamin pada NIK ({SEX_NAMES[info.sex]}) berbeda dengan jenis kelamin "
        f"yang diisi ({SEX_NAMES[sex]})."
    )


def _district_warning(info: NikInfo) -> str | None:
    if info.district_code in district_names():
        return None
    return (
        f"Kode kecamatan {info.district_code} pada NIK tidak ada di daftar wilayah "
        "Kemendagri saat ini; periksa kembali KTP."
    )


NIP_LENGTH = 18


def clean_nip(value: str | None) -> str:
    """A civil servant's NIP (Nomor Induk Pegawai) as stored: spaces taken out, "" when blank.
    Raises ValidationError (field "nip") unless it is 18 ASCII digits."""
    nip = (value or "").replace(" ", "")
    if nip and not (nip.isascii() and nip.isdigit() and len(nip) == NIP_LENGTH):
        raise ValidationError({"nip": f"NIP harus {NIP_LENGTH} digit angka."})
    return nip
