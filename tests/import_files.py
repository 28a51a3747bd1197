"""Applicant files as offices send them, for the import tests and benchmarks: good rows, and
bad rows of nine kinds."""

import csv
import datetime
import io

from backoffice.demo.people import nik_for

HEADER = ["NIK", "NO_KK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "ALAMAT", "KODE_DESA",
          "HUBUNGAN_KELUARGA", "KETERANGAN"]  # fmt: skip
VILLAGE = "51.07.01.2001"
GIVEN = ("Putu", "Made", "Nyoman", "Ketut", "Wayan", "Kadek", "Komang", "Gede")
FAMILY = ("Sukerti", "Suartini", "Darma", "Suparta", "Arimbawa", "Lestari", "Murni", "Sari")


def good_row(n: int, serial_base: int = 0, district: str = "51.07.01") -> list[str]:
    sex = "P" if n % 2 else "L"
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=(n * 37) % 20000)
    nik = nik_for(district, born, sex, serial_base + n % 9000 + 1)
    family = (serial_base + n) // 4  # four members a household
    kk = f"510701{family // 9999:06d}{family % 9999 + 1:04d}"
    name = f"{GIVEN[n % 8]} {FAMILY[(n // 8) % 8]}"
    role = "Kepala keluarga" if n % 4 == 0 else "Anak"
    return [nik, kk, name, f"{born:%d-%m-%Y}", sex, f"Banjar Dinas {n}", VILLAGE, role, "x"]


def good_rows(count: int, serial_base: int = 0) -> list[list[str]]:
    """`count` valid rows with distinct NIKs (serials per birth date, households of four)."""
    return [good_row(n, serial_base) for n in range(count)]


# (kind, how a good row is spoilt, expected words of the message, column), 9 kinds.
def _bad_nik(row):
    row[0] = row[0][:10] + "AB" + row[0][12:]


def _excel_nik(row):
    row[0] = "5.10701E+15"


def _wrong_birth_date(row):
    day, month, year = row[3].split("-")
    row[3] = f"{day}-{month}-{int(year) - 1}"  # the NIK says another year: a warning


def _wrong_sex(row):
    row[4] = "L" if row[4] == "P" else "P"


def _unknown_village(row):
    row[6] = "51.07.01.2999"


def _bad_date(row):
    row[3] = "tgl 5 Mei"


def _bad_sex(row):
    row[4] = "X"


SPOILERS = {
    "bad_nik": (_bad_nik, "NIK hanya boleh berisi angka", "NIK"),
    "excel_nik": (_excel_nik, "angka Excel (5.10701E+15)", "NIK"),
    "birth_date_mismatch": (_wrong_birth_date, "Tanggal lahir pada NIK", "NIK"),
    "sex_mismatch": (_wrong_sex, "Jenis kelamin pada NIK", "NIK"),
    "unknown_village": (_unknown_village, "Kode desa 51.07.01.2999 tidak ada", "KODE_DESA"),
    "bad_date": (_bad_date, "tidak dapat dibaca", "TGL_LAHIR"),
    "bad_sex": (_bad_sex, "Jenis kelamin harus L", "JENIS_KELAMIN"),
    # two more kinds need the file or the database: a NIK twice, another office's person
    "duplicate": (None, "NIK ganda dalam berkas", "NIK"),
    "other_office": (None, "terdaftar di dinas lain", "NIK"),
}


def to_csv(rows: list[list[str]], delimiter: str = ";", encoding: str = "cp1252") -> bytes:
    """As Excel on an Indonesian Windows saves it: semicolons, the Windows code page."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)
