"""Files exchanged with BPJS Kesehatan: the batch staff upload to e-Dabu, and BPJS's result.

The upload's columns differ per BPJS branch, so they are configuration: an office's
`bpjs_export_columns` holds one ``Header = field`` a line (blank: `DEFAULT_TEMPLATE`), the
fields being those of `FIELDS`. `parse_template` checks that text, `row_for` gives one
application's values, `write_csv`/`write_xlsx`/`xlsx_chunks` write the file.
`read_result_file` reads the file BPJS sends back (NIK, card number, start date) through
domain/tables, within file_limits.BPJS_RESULT, and refuses it whole, naming every bad row.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backoffice.domain import tables, xlsx_stream
from backoffice.domain.dates import format_date
from backoffice.domain.errors import ValidationError
from backoffice.domain.file_limits import BPJS_RESULT
from backoffice.domain.identity import normalize_identity_number

TEMPLATE_FIELD = "bpjs_export_columns"
FILE_FIELD = "file"

# field -> what it holds (shown to whoever edits an office's template)
FIELDS: dict[str, str] = {
    "nik": "NIK, 16 angka",
    "kk": "Nomor Kartu Keluarga (No. KK), 16 angka",
    "name": "Nama lengkap sesuai KTP",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir (dd-mm-yyyy)",
    "sex": "Jenis kelamin (L/P)",
    "address": "Alamat",
    "village": "Nama desa/kelurahan",
    "village_code": "Kode desa/kelurahan Kemendagri",
    "district": "Nama kecamatan",
    "regency": "Nama kabupaten/kota",
    "funding_source": "Sumber pembiayaan (APBN/APBD)",
    "class": "Kelas rawat, selalu 3 (kelas III)",
    "phone": "Nomor telepon/HP",
    "application_id": "Nomor permohonan di Loket JKN",
}

DEFAULT_TEMPLATE = """\
NIK = nik
No. KK = kk
Nama Lengkap = name
Tempat Lahir = birth_place
Tanggal Lahir = birth_date
Jenis Kelamin = sex
Alamat = address
Desa/Kelurahan = village
Kecamatan = district
Sumber Pembiayaan = funding_source
Kelas = class
"""

# Cells Excel and LibreOffice would run as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Columns Excel would turn into numbers (5.1E+15) unless typed as text.
TEXT_FIELDS = frozenset({"nik", "kk", "phone", "village_code"})
MAX_LISTED_PROBLEMS = 20
SHEET_TITLE = "Peserta"  # BPJS files may carry a title above the header row


# --- the template ----------------------------------------------------------------------


def parse_template(text: str) -> list[tuple[str, str]]:
    """The (header, field) pairs of a template, in order; blank text gives the default.

    Lines that are blank or start with "#" are skipped. Raises ValidationError on
    {"bpjs_export_columns": ...} naming every bad line: no "=", an empty header, a header
    used twice, a field not in `FIELDS`.
    """
    if not text.strip():
        text = DEFAULT_TEMPLATE
    columns: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            columns.append(_template_line(line, columns))
        except ValueError as problem:
            problems.append(f"Baris {number}: {problem}")
    if not columns and not problems:
        problems.append("Templat belum berisi kolom. Tulis satu baris 'Judul = kolom' per kolom.")
    if problems:
        raise ValidationError({TEMPLATE_FIELD: " ".join(problems)})
    return columns


def _template_line(line: str, earlier: Sequence[tuple[str, str]]) -> tuple[str, str]:
    header, equals, field = line.rpartition("=")
    header, field = header.strip(), field.strip().lower()
    if not equals:
        raise ValueError(
            f"tulis 'Judul = kolom', misalnya 'NIK = nik' (tertulis '{line.strip()}')."
        )
    if not header:
        raise ValueError(f"judul kolom '{field}' kosong.")
    if field not in FIELDS:
        raise ValueError(f"kolom '{field}' tidak dikenal. Pilihan: {', '.join(FIELDS)}.")
    if header.casefold() in (h.casefold() for h, _ in earlier):
        raise ValueError(f"judul '{header}' sudah dipakai.")
    return header, field


# --- one application's values ------------------------------------------------------------


def row_for(application: Any) -> dict[str, str]:
    """Every field of `FIELDS` for one application, as text, read from its attributes."""
    person = application.applicant
    village = person.village
    district = village.district
    return fields_of(
        nik=person.nik, kk=person.kk, name=person.name, birth_place=person.birth_place,
        birth_date=person.birth_date, sex=person.sex, address=person.address,
        village=village.name, village_code=village.code, district=district.name,
        regency=district.regency.name, funding_source=application.funding_source,
        phone=person.phone, application_id=application.id,
    )  # fmt: skip


def fields_of(
    *, nik: str, kk: str, name: str, birth_place: str, birth_date: dt.date | None, sex: str,
    address: str, village: str, village_code: str, district: str, regency: str,
    funding_source: str, phone: str, application_id: int,
) -> dict[str, str]:  # fmt: skip
    """Every field of `FIELDS` as text, from the values as stored (a batch of any size reads
    them with one joined query, not as model instances): the birth date day first, the phone
    national, the class always 3."""
    return {
        "nik": nik,
        "kk": kk,
        "name": name,
        "birth_place": birth_place,
        "birth_date": format_date(birth_date) if birth_date else "",
        "sex": sex,
        "address": address,
        "village": village,
        "village_code": village_code,
        "district": district,
        "regency": regency,
        "funding_source": funding_source,
        "class": "3",
        "phone": _national_phone(phone),
        "application_id": str(application_id),
    }


def _national_phone(canonical: str) -> str:
    # Stored as "+62812…"; BPJS forms take the national "0812…", which is also formula-safe.
    return "0" + canonical[3:] if canonical.startswith("+62") else canonical


# --- writing -----------------------------------------------------------------------------


def write_csv(
    columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, str]], delimiter: str = ","
) -> bytes:
    """A CSV file, UTF-8 with a BOM (so Excel reads the names right), formulas neutralised.

    A cell that would start a formula gets a leading apostrophe. Excel still shows NIKs of a
    CSV as numbers: the XLSX is the file to open in Excel.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_safe_cell(header) for header, _ in columns])
    for row in rows:
        writer.writerow([_safe_cell(row.get(field, "")) for _, field in columns])
    return buffer.getvalue().encode("utf-8-sig")


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_xlsx(columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, str]]) -> bytes:
    """An XLSX workbook: a bold header row, then every value as a text cell.

    Text cells keep NIK and KK whole (never 5.1E+15) and are never run as formulas. For a
    file of any size, stream `xlsx_chunks` instead.
    """
    buffer = io.BytesIO()
    xlsx_stream.write_xlsx(buffer, *_table(columns, rows), title=SHEET_TITLE)
    return buffer.getvalue()


def xlsx_chunks(
    columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, str]]
) -> Iterator[bytes]:
    """The same workbook in pieces, written as the rows come (a batch of any size)."""
    return xlsx_stream.xlsx_chunks(*_table(columns, rows), title=SHEET_TITLE)


def _table(columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, str]]):
    header = [header for header, _ in columns]
    return header, ([row.get(field, "") for _, field in columns] for row in rows)


# --- reading BPJS's result ---------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    """One member BPJS activated: NIK, 13-digit card number (nomor kartu), TMT if given."""

    nik: str
    card_number: str
    activated_on: dt.date | None
    row: int  # the spreadsheet's row number, as the user sees it


# Headers are compared lower-case with everything but letters and digits removed.
NIK_HEADERS = ("nik", "nonik", "nomornik", "nomorindukkependudukan")
CARD_HEADERS = ("nokartu", "nomorkartu", "noka", "nokartujkn", "nomorkartujkn", "nokartubpjs")
DATE_HEADERS = ("tmt", "tmtkartu", "tmtaktif", "tanggalaktif", "tglaktif", "tanggalaktivasi")
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y")
EXCEL_EPOCH = dt.date(1899, 12, 30)


NO_COLUMNS = (
    "Kolom NIK dan nomor kartu tidak ditemukan. Baris judul harus memuat 'NIK' dan "
    "'No Kartu' (atau 'NOKA', 'Nomor Kartu', 'No. Kartu JKN')."
)


def read_result_file(filename: str, data: bytes) -> list[ResultRow]:
    """The rows of BPJS's result file (CSV with comma or semicolon, or XLSX), read within
    file_limits.BPJS_RESULT (it is read in the web request: a file past those bounds is
    refused before it is parsed, or as soon as a row passes them).

    Raises ValidationError({"file": ...}) for a file past those bounds, of another type,
    without NIK or card-number column, or with bad rows; every bad row is named at once.
    """
    table = _table_of(filename, data)
    columns = _columns([_normal_header(value) for value in table.header])
    results, problems = _parse_rows(table.rows, table.first_row, columns)
    if problems:
        shown = problems[:MAX_LISTED_PROBLEMS]
        if len(problems) > len(shown):
            shown.append(f"… dan {len(problems) - len(shown)} masalah lain.")
        raise _file_error(" ".join(shown))
    if not results:
        raise _file_error("Berkas tidak berisi data peserta di bawah baris judul.")
    return results


def _file_error(message: str) -> ValidationError:
    return ValidationError({FILE_FIELD: message})


def _table_of(filename: str, data: bytes) -> tables.Table:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("csv", "xlsx", "xlsm"):
        raise _file_error(
            f"Jenis berkas '{filename}' tidak dapat dibaca. Unggah berkas .xlsx atau .csv "
            "(berkas .xls lama: simpan ulang sebagai .xlsx)."
        )
    return tables.read_table(filename, io.BytesIO(data), _is_header, BPJS_RESULT, NO_COLUMNS)


def _normal_header(value: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(value or "").lower())


def _columns(headers: Sequence[str]) -> dict[str, int | None]:
    return {key: _column(headers, names)
            for key, names in (("nik", NIK_HEADERS), ("card", CARD_HEADERS),
                               ("date", DATE_HEADERS))}  # fmt: skip


def _is_header(cells: Sequence[Any]) -> bool:
    """Whether a row is the header: it names both the NIK and the card-number column (BPJS
    files may carry a title above it)."""
    columns = _columns([_normal_header(value) for value in cells])
    return columns["nik"] is not None and columns["card"] is not None


def _column(headers: Sequence[str], names: Sequence[str]) -> int | None:
    return next((i for i, header in enumerate(headers) if header in names), None)


def _parse_rows(
    rows: Iterable[Sequence[Any]], first_number: int, columns: Mapping[str, int | None]
) -> tuple[list[ResultRow], list[str]]:
    results: list[ResultRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=first_number):
        if all(_text(value) == "" for value in row):
            continue
        try:
            result = _result_row(row, number, columns)
        except ValueError as problem:
            problems.append(f"Baris {number}: {problem}")
            continue
        if result.nik in seen:
            problems.append(
                f"Baris {number}: NIK {result.nik} sudah ada di baris {seen[result.nik]}."
            )
            continue
        seen[result.nik] = number
        results.append(result)
    return results, problems


def _result_row(row: Sequence[Any], number: int, columns: Mapping[str, int | None]) -> ResultRow:
    def cell(key: str) -> Any:
        index = columns[key]
        return row[index] if index is not None and index < len(row) else None

    nik = normalize_identity_number(_text(cell("nik")))  # "5107 0155 …" as typed by people
    if not re.fullmatch(r"[0-9]{16}", nik, re.ASCII):
        raise ValueError(f"NIK '{nik}' harus 16 angka.")
    card = _card_number(cell("card"))
    return ResultRow(nik=nik, card_number=card, activated_on=_date(cell("date")), row=number)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip().lstrip("'").strip()


def _card_number(value: Any) -> str:
    card = _text(value).replace(" ", "")
    if isinstance(value, (int, float)) and card.isdigit():
        card = card.zfill(13)  # a number cell has lost the card's leading zeros
    if not card:
        raise ValueError("nomor kartu kosong.")
    if not re.fullmatch(r"[0-9]{13}", card, re.ASCII):
        raise ValueError(f"nomor kartu '{card}' harus 13 angka.")
    return card


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):  # an Excel serial date
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = _text(value)
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"tanggal aktif '{text}' tidak dikenali; tulis dd-mm-yyyy.")
