"""Columns and cells of an applicant file (impor pemohon): which header means which field, and
each cell turned into what `validate_applicant` expects, and each row checked by its rules.

Headers are matched by name, whatever their case, spaces or underscores (`NO_KK`, `No. KK`,
`nokk`); unknown columns are ignored unless the office maps them on the mapping page. Cells
come as CSV text or as Excel stores them: a date, a date serial number, a number where text was
meant (a phone without its leading 0). A NIK or No. KK Excel turned into `5.10701E+15` has
lost its last digits: the row is refused with a message saying so, never guessed back.
"""

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from backoffice.domain.applicants import FIELDS, ApplicantCheck, clean_value, with_warnings
from backoffice.domain.dates import DATE_HINT, parse_date
from backoffice.domain.errors import ValidationError
from backoffice.domain.xlsx_rows import UNCOMPUTED, UncomputedFormula
from backoffice.models.people import DTSEN_STATUSES, FAMILY_ROLES

# field -> the header names offices' files use for it (compared normalised: see header_key).
HEADERS: dict[str, tuple[str, ...]] = {
    "nik": ("NIK", "NO_NIK", "NOMOR_NIK", "NOMOR_INDUK_KEPENDUDUKAN"),
    "kk": ("NO_KK", "KK", "NOMOR_KK", "NOMOR_KARTU_KELUARGA"),
    "name": ("NAMA", "NAMA_LENGKAP", "NAMA_ART"),
    "birth_place": ("TEMPAT_LAHIR", "TMP_LAHIR", "TMPT_LAHIR"),
    "birth_date": ("TGL_LAHIR", "TANGGAL_LAHIR", "TGLLAHIR"),
    "sex": ("JENIS_KELAMIN", "JK", "KELAMIN", "L/P"),
    "address": ("ALAMAT", "ALAMAT_LENGKAP"),
    "village_code": ("KODE_DESA", "KODE_KELURAHAN", "KD_DESA", "KODE_DESA_KELURAHAN"),
    "phone": ("NO_HP", "HP", "NOMOR_HP", "TELEPON", "NO_TELP"),
    "family_role": ("HUBUNGAN_KELUARGA", "HUB_KELUARGA", "HUBUNGAN", "SHDK"),
    "work_status": ("STATUS_PEKERJAAN", "PEKERJAAN_JKN"),
    "dtsen_status": ("STATUS_DTSEN",),
    "dtsen_decile": ("DESIL", "DESIL_DTSEN"),
}
# Each field by the header an office's template would give it (messages, mapping page).
LABELS = {field: names[0] for field, names in HEADERS.items()}
REQUIRED = ("nik", "kk", "name", "birth_date", "sex", "address", "village_code")
IGNORE = ""  # the mapping page's "abaikan kolom ini"
# Columns of the applicant list's own export (admin/people.EXPORT_COLUMNS) that the import does
# not take: ignored without asking, so an exported file imports back as it is.
EXPORT_ONLY = ("NAMA_DESA", "TERCATAT_DTKS", "PRIORITAS_KRONIS", "DICATAT")
# A CSV export puts an apostrophe before a cell starting with one of these (domain/exports).
FORMULA_STARTS = ("=", "+", "-", "@")

_KEY = re.compile(r"[^0-9a-z/]+")
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE][+]?[0-9]+")
_SEXES = {"l": "L", "lk": "L", "laki-laki": "L", "laki laki": "L", "p": "P", "pr": "P",
          "perempuan": "P", "wanita": "P", "pria": "L"}  # fmt: skip
_IDENTITY = frozenset({"nik", "kk"})
_DATES = frozenset({"birth_date"})
EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_FORM_MESSAGE = "Tulis tanggal sebagai"  # parse_date's message for a form it cannot read
_SERIALS = range(1, 80000)  # 1900-01-01 .. 2119: a number in a date column is a serial


def header_key(text: str) -> str:
    return _KEY.sub("", text.casefold())


_BY_KEY = {header_key(name): field for field, names in HEADERS.items() for name in names}
_EXPORT_ONLY = frozenset(header_key(name) for name in EXPORT_ONLY)


def export_only(header: Sequence[str]) -> list[str]:
    """The headers of `header` that are the list export's own columns (ignored)."""
    return [text for text in header if header_key(text) in _EXPORT_ONLY]


def map_headers(
    header: Sequence[str], chosen: Mapping[str, str] | None = None
) -> tuple[dict[str, int], list[str], list[str]]:
    """Match a file's header row to fields: ({field: column index}, unknown headers, missing
    required fields). `chosen` maps a header as written to a field (or IGNORE), from the
    mapping page; it wins over the known names. The export's own columns (EXPORT_ONLY) are
    ignored, neither fields nor unknown."""
    chosen = chosen or {}
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, text in enumerate(header):
        field = chosen[text] if text in chosen else _BY_KEY.get(header_key(text))
        if field is None and header_key(text) in _EXPORT_ONLY:
            continue
        if field is None:
            if text:
                unknown.append(text)
        elif field and field not in columns:
            columns[field] = index
    missing = [field for field in REQUIRED if field not in columns]
    return columns, unknown, missing


# Fields whose cells repeat across a file (a household's No. KK, a district's villages and
# birth places, the codes): each distinct cell is converted and checked once per file.
REPEATING = frozenset({"kk", "birth_place", "birth_date", "sex", "family_role", "work_status",
                       "dtsen_status", "dtsen_decile", "village_code"})  # fmt: skip
_UNSEEN = object()


class RowChecker:
    """Check a file's rows field by field with the counter form's rules
    (applicants.clean_value, then with_warnings), as validate_applicant does, remembering
    the outcome for the REPEATING fields' cells. `columns` maps a field to its column index;
    `today` is the office's date. Shared by one file's rows, not across files."""

    def __init__(self, columns: Mapping[str, int], today: dt.date) -> None:
        self.today = today
        self.steps = [(name, columns[name], {} if name in REPEATING else None)
                      for name in FIELDS if name in columns]  # fmt: skip
        # A field without a column is blank in every row: None, or "Wajib diisi" each time.
        self.absent = {name: self._clean(name, None) for name in FIELDS if name not in columns}

    def check(self, cells: Sequence[Any]) -> tuple[ApplicantCheck | None, dict[str, str]]:
        """(the accepted record with its NIK warnings, {}) or (None, {field: message})."""
        cleaned: dict[str, Any] = {}
        errors: dict[str, str] = {}
        width = len(cells)
        for name, (value, error) in self.absent.items():
            cleaned[name] = value
            if error:
                errors[name] = error
        for name, index, seen in self.steps:
            cell = cells[index] if index < width else None
            outcome = _UNSEEN if seen is None else seen.get(cell, _UNSEEN)
            if outcome is _UNSEEN:
                outcome = self._clean(name, cell)
                if seen is not None:
                    seen[cell] = outcome
            cleaned[name], error = outcome
            if error:
                errors[name] = error
        if errors:
            return None, errors
        return with_warnings(cleaned, self.today), {}

    def _clean(self, name: str, cell: Any) -> tuple[Any, str]:
        try:
            return clean_value(name, convert(name, cell), self.today), ""
        except ValidationError as exc:
            return None, " ".join(exc.errors.values())


def convert(field: str, cell: Any) -> Any:
    """One cell as the field wants it; None for an empty cell. Raise ValidationError({field:
    …}) for a cell this field cannot take (a formula without its result, a NIK as a number)."""
    if isinstance(cell, UncomputedFormula):
        raise ValidationError({field: UNCOMPUTED.format(formula=cell.formula[:40])})
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, str) and cell[:1] == "'" and cell[1:2] in FORMULA_STARTS:
        cell = cell[1:]  # the apostrophe our CSV export put before a formula's start
    if field in _IDENTITY:
        return _identity(field, cell)
    if field in _DATES:
        return _date(cell)
    if field == "phone" and isinstance(cell, int | float):
        return "0" + str(int(cell))  # Excel dropped the leading 0 of "0812…"
    text = _number_as_text(cell) if isinstance(cell, int | float) else str(cell)
    return CODED.get(field, _same)(text)


def _same(text: str) -> str:
    return text


def _identity(field: str, cell: Any) -> str:
    label = "NIK" if field == "nik" else "No. KK"
    text = cell.strip() if isinstance(cell, str) else None
    # A number cell (not text): Excel keeps 15 significant digits, a NIK has 16. Refused even
    # when it looks whole: the last digit may be Excel's, not the office's.
    number = isinstance(cell, int | float) and not isinstance(cell, bool)
    if number or (text is not None and _SCIENTIFIC.fullmatch(text)):
        shown = text if text is not None else (f"{cell:.5E}" if isinstance(cell, float) else
                                               str(cell))  # fmt: skip
        # Shown as 5.10701E+15 the digits are gone; a number cell may still hold all 16, but
        # Excel keeps 15 significant digits, so the office cannot tell which it is.
        lost = (
            "digit terakhirnya hilang"
            if text is not None
            else "Excel hanya menyimpan 15 digit angka, jadi digit terakhirnya bisa sudah berubah"
        )
        raise ValidationError(
            {
                field: f"{label} tertulis sebagai angka Excel ({shown}): {lost}. Format kolom "
                "sebagai Teks di Excel dan isi ulang nomornya."
            }
        )
    return text if text is not None else str(cell)


def _number_as_text(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _date(cell: Any) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and int(cell) in _SERIALS:
        return EXCEL_EPOCH + dt.timedelta(days=int(cell))
    text = str(cell).strip()
    if len(text) == 19 and text[10] == " ":  # "1965-10-23 00:00:00" from a database export
        text = text[:10]
    try:
        return parse_date(text, "birth_date")
    except ValidationError as exc:
        if not exc.errors["birth_date"].startswith(DATE_FORM_MESSAGE):  # read, but no such day
            said = exc.errors["birth_date"]
            raise ValidationError(
                {"birth_date": f"Tanggal lahir \u201c{text[:20]}\u201d tidak ada: {said}"}
            ) from None
        raise ValidationError(
            {
                "birth_date": f"Tanggal lahir \u201c{text[:20]}\u201d tidak dapat dibaca: "
                f"tulis {DATE_HINT}, misalnya 23-10-1965."
            }  # fmt: skip
        ) from None


def _coded(field: str, choices, label: str):
    codes = {code.casefold(): code for code, _ in choices}
    codes |= {name.casefold(): code for code, name in choices}

    def clean(text: str) -> str:
        code = codes.get(" ".join(text.split()).casefold())
        if code is None:
            allowed = ", ".join(name for _, name in choices)
            raise ValidationError({field: f"{label} \u201c{text[:30]}\u201d tidak dikenal: "
                                          f"pilih {allowed}."})  # fmt: skip
        return code

    return clean


def _sex(text: str) -> str:
    return _SEXES.get(" ".join(text.split()).casefold(), text)


CODED = {
    "sex": _sex,
    "family_role": _coded("family_role", FAMILY_ROLES, "Hubungan keluarga"),
    "dtsen_status": _coded("dtsen_status", DTSEN_STATUSES, "Status DTSEN"),
}
