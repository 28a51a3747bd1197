"""Validation of one applicant (pemohon) record, independent of how it is stored."""

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import SEX_NAMES, nik_warnings, parse_kk, parse_nik
from backoffice.domain.phone import normalize_phone
from backoffice.domain.regions import district_names

NAME_MAX = 100  # Indonesian e-KTP names fit in 60-ish chars; 100 is generous but bounded
ADDRESS_MAX = 255
SHORT_TEXT_MAX = 100  # birth place, family role, DTSEN status
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
DECILES = range(1, 11)  # DTSEN desil 1–10
WORK_STATUSES = {
    "PBPU": "Pekerja Bukan Penerima Upah",
    "PPU": "Pekerja Penerima Upah",
    "BP": "Bukan Pekerja",
}
REQUIRED_FIELDS = frozenset({"nik", "kk", "name", "birth_date", "sex", "address", "village_code"})
REQUIRED_MESSAGE = "Wajib diisi."

_NAME_PUNCTUATION = " .,'’-"  # ’: the apostrophe of text pasted from documents
_WITHOUT_PUNCTUATION = str.maketrans("", "", _NAME_PUNCTUATION)
# Control characters (Unicode category Cc: C0, DEL, C1): never typed, they break spreadsheets
# and terminals and PostgreSQL refuses NUL. A free text (address) may hold tab and newline.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_FREE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_MESSAGE = "Isian berisi karakter kendali yang tidak boleh"
_VILLAGE_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}", re.ASCII)


@dataclass(frozen=True)
class ApplicantCheck:
    """An accepted record: `cleaned` values to store, `warnings` for the officer to confirm."""

    cleaned: dict[str, Any]
    warnings: list[str]


def validate_applicant(data: Mapping[str, Any], today: date | None = None) -> ApplicantCheck:
    """Check one applicant record; raise one ValidationError naming every bad field.

    `cleaned` has exactly the keys of `FIELDS` (others in `data` are ignored): NIK and No. KK
    without surrounding spaces, phone as "+62…", texts stripped with inner whitespace
    collapsed (letter case kept as typed), sex and work status upper-case, and None for a
    blank optional field. `warnings` are the NIK's disagreements (see nik_warnings). Pass
    the office's local date as `today`; it defaults to the server's.
    """
    today = today or date.today()
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in FIELDS:
        try:
            cleaned[field] = clean_value(field, data.get(field), today)
        except ValidationError as exc:
            errors[field] = exc.errors[field]
    if errors:
        raise ValidationError(errors)
    return with_warnings(cleaned, today)


def clean_value(field: str, value: Any, today: date) -> Any:
    """One field of FIELDS as validate_applicant stores it (None for a blank optional field),
    or ValidationError({field: message}). The import checks a file field by field with it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if field in REQUIRED_FIELDS:
            raise ValidationError({field: REQUIRED_MESSAGE})
        return None
    try:
        return FIELDS[field](value, today)
    except ValidationError as exc:
        raise ValidationError({field: " ".join(exc.errors.values())}) from None


def with_warnings(cleaned: dict[str, Any], today: date) -> ApplicantCheck:
    """The accepted record `cleaned` (every field through clean_value) with the NIK's
    disagreements (nik_warnings) as its warnings."""
    info = parse_nik(cleaned["nik"], today)
    return ApplicantCheck(cleaned, nik_warnings(info, cleaned["birth_date"], cleaned["sex"]))


def _refuse(message: str) -> ValidationError:
    return ValidationError({"value": message})


def _string(value: Any, free_text: bool = False) -> str:
    """`value` if it is a string without control characters (a free text may hold tab and
    newline, a single-line field only around its text); else ValidationError({"value": …})."""
    if not isinstance(value, str):
        raise _refuse("Isian harus berupa teks.")
    # Spaces, tabs and line breaks around a value are dropped as any whitespace (a pasted
    # "5107…\n"); within a single-line value they are refused.
    found = (_CONTROL_IN_FREE_TEXT if free_text else _CONTROL).search(value.strip(" \t\r\n"))
    if found:
        shown = "tab atau baris baru" if found.group() in "\t\n\r" else "kode tak terlihat"
        raise _refuse(f"{CONTROL_MESSAGE} ({shown}).")
    return value


def _text(value: Any, free_text: bool = False) -> str:
    return " ".join(_string(value, free_text).split())


def _clean_nik(value: Any, today: date) -> str:
    return parse_nik(_string(value), today).nik


def _clean_kk(value: Any, today: date) -> str:
    return parse_kk(_string(value))


def _clean_phone(value: Any, today: date) -> str:
    return normalize_phone(_string(value))


def _clean_name(value: Any, today: date) -> str:
    name = unicodedata.normalize("NFC", _text(value))
    if len(name) > NAME_MAX:
        raise _refuse(f"Nama terlalu panjang: {len(name)} karakter, paling banyak {NAME_MAX}.")
    if len(name) < 2:
        raise _refuse("Nama terlalu pendek: paling sedikit 2 huruf.")
    letters = name.translate(_WITHOUT_PUNCTUATION)
    if letters and not letters.isalpha():
        raise _refuse(
            "Nama hanya boleh berisi huruf, spasi, titik, koma, apostrof dan tanda hubung."
        )
    return name


def _short_text(label: str, limit: int, free_text: bool = False) -> Callable[[Any, date], str]:
    def clean(value: Any, today: date) -> str:
        text = _text(value, free_text)
        if len(text) > limit:
            raise _refuse(f"{label} terlalu panjang: {len(text)} karakter, paling banyak {limit}.")
        return text

    return clean


def _clean_birth_date(value: Any, today: date) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        raise _refuse("Tanggal lahir tidak valid.")
    if value > today:
        raise _refuse("Tanggal lahir tidak boleh di masa depan.")
    if value < EARLIEST_BIRTH_DATE:
        raise _refuse(f"Tanggal lahir tidak boleh sebelum tahun {EARLIEST_BIRTH_DATE.year}.")
    return value


def _choice(allowed: Mapping[str, str], message: str) -> Callable[[Any, date], str]:
    def clean(value: Any, today: date) -> str:
        code = _text(value).upper()
        if code not in allowed:
            raise _refuse(message)
        return code

    return clean


def _clean_decile(value: Any, today: date) -> int:
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in DECILES:
        raise _refuse("Desil DTSEN harus angka 1 sampai 10.")
    return value


def _clean_village_code(value: Any, today: date) -> str:
    code = _text(value)
    if not _VILLAGE_CODE.fullmatch(code):
        raise _refuse("Kode desa/kelurahan harus berbentuk 51.07.01.2001.")
    if code[:8] not in district_names():
        raise _refuse(f"Kecamatan {code[:8]} tidak ada di daftar wilayah Kemendagri.")
    return code


# Field -> cleaner, in the order a form shows them (and errors are reported).
FIELDS: dict[str, Callable[[Any, date], Any]] = {
    "nik": _clean_nik,
    "kk": _clean_kk,
    "name": _clean_name,
    "birth_place": _short_text("Tempat lahir", SHORT_TEXT_MAX),
    "birth_date": _clean_birth_date,
    "sex": _choice(SEX_NAMES, "Jenis kelamin harus L (laki-laki) atau P (perempuan)."),
    "address": _short_text("Alamat", ADDRESS_MAX, free_text=True),
    "phone": _clean_phone,
    "family_role": _short_text("Hubungan keluarga", SHORT_TEXT_MAX),
    "work_status": _choice(WORK_STATUSES, "Status pekerjaan harus PBPU, PPU atau BP."),
    "dtsen_decile": _clean_decile,
    "dtsen_status": _short_text("Status DTSEN", SHORT_TEXT_MAX),
    "village_code": _clean_village_code,
}
