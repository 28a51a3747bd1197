"""Files exchanged with BPJS: the e-Dabu upload template, the batch files, BPJS's result."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from backoffice.domain.bpjs_files import (
    DEFAULT_TEMPLATE,
    FIELDS,
    ResultRow,
    parse_template,
    read_result_file,
    row_for,
    write_csv,
    write_xlsx,
)
from backoffice.domain.errors import ValidationError
from backoffice.domain.file_limits import BPJS_RESULT
from backoffice.models import Application

NIK = "5107016310650002"
OTHER_NIK = "5107010101800003"
CARD = "0001234567890"


def template_error(text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_template(text)
    return caught.value.errors["bpjs_export_columns"]


def result_error(filename: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        read_result_file(filename, data)
    return caught.value.errors["file"]


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the template ------------------------------------------------------------------------


def test_template_gives_headers_and_fields_in_order():
    assert parse_template("NIK = nik\nNama Peserta=name\n\n# kelas III\nKelas = class") == [
        ("NIK", "nik"),
        ("Nama Peserta", "name"),
        ("Kelas", "class"),
    ]


def test_blank_template_is_the_default():
    assert parse_template("  \n") == parse_template(DEFAULT_TEMPLATE)


def test_default_template_covers_what_bpjs_registration_needs():
    fields = {field for _, field in parse_template(DEFAULT_TEMPLATE)}
    needed = {"nik", "kk", "name", "birth_place", "birth_date", "sex", "address", "village"}
    assert needed | {"funding_source", "class"} <= fields


def test_every_field_has_an_indonesian_description():
    assert all(description.strip() for description in FIELDS.values())


def test_template_refuses_an_unknown_field_naming_line_and_choices():
    message = template_error("NIK = nik\nNama = name\nAgama = xyz")
    assert message.startswith("Baris 3: kolom 'xyz' tidak dikenal. Pilihan: nik, kk, name")


def test_template_refuses_an_empty_header():
    assert "Baris 1: judul kolom 'nik' kosong." in template_error(" = nik")


def test_template_refuses_a_duplicate_header_whatever_its_case():
    assert "Baris 2: judul 'nik' sudah dipakai." in template_error("NIK = nik\nnik = kk")


def test_template_refuses_a_line_without_equals():
    assert "Baris 1: tulis 'Judul = kolom'" in template_error("NIK nik")


def test_template_names_every_bad_line_at_once():
    message = template_error("NIK nik\nNama = nama\nKelas = class")
    assert "Baris 1:" in message and "Baris 2:" in message


def test_template_of_comments_only_is_refused():
    assert "belum berisi kolom" in template_error("# nothing yet")


# --- writing -------------------------------------------------------------------------------

COLUMNS = [("NIK", "nik"), ("Nama", "name"), ("Alamat", "address")]
ROW = {"nik": NIK, "name": "Ni Wayan Sudiartini", "address": "Banjar Nongan Kawan"}


def test_csv_starts_with_a_bom_and_holds_header_and_rows():
    data = write_csv(COLUMNS, [ROW])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "NIK,Nama,Alamat",
        f"{NIK},Ni Wayan Sudiartini,Banjar Nongan Kawan",
    ]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_neutralises_a_cell_that_would_run_a_formula(start):
    data = write_csv(COLUMNS, [{**ROW, "name": f"{start}HYPERLINK(1)"}])
    assert f"'{start}HYPERLINK(1)" in data.decode("utf-8-sig")


def test_csv_keeps_names_with_apostrophes_and_commas():
    data = write_csv(COLUMNS, [{**ROW, "name": "I Gede Ngurah, S.Sos", "address": "Jl. Ma'ruf"}])
    assert '"I Gede Ngurah, S.Sos"' in data.decode("utf-8-sig")
    assert "Jl. Ma'ruf" in data.decode("utf-8-sig")


def test_csv_may_use_a_semicolon_for_indonesian_excel():
    assert write_csv(COLUMNS, [ROW], delimiter=";").decode("utf-8-sig").startswith("NIK;Nama")


def test_xlsx_keeps_nik_as_sixteen_digit_text_under_a_bold_header():
    sheet = load_workbook(io.BytesIO(write_xlsx(COLUMNS, [ROW]))).active
    assert [cell.value for cell in sheet[1]] == ["NIK", "Nama", "Alamat"]
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == NIK and sheet["A2"].data_type == "s"


def test_xlsx_never_turns_a_value_into_a_formula():
    sheet = load_workbook(io.BytesIO(write_xlsx(COLUMNS, [{**ROW, "name": "=1+1"}]))).active
    assert sheet["B2"].value == "=1+1" and sheet["B2"].data_type == "s"


# --- one application's values ------------------------------------------------------------


def test_row_for_gives_every_field_from_the_application(make_applicant, make_service):
    applicant = make_applicant(phone="+6281234567890", birth_date=dt.date(1965, 10, 23))
    application = Application.create(
        applicant=applicant, service=make_service(), funding_source="APBN"
    )
    row = row_for(Application.get_by_id(application.id))
    assert set(row) == set(FIELDS)
    assert row["nik"] == applicant.nik and row["kk"] == applicant.kk
    assert row["birth_date"] == "23-10-1965" and row["sex"] == "P"
    assert row["village_code"] == "51.07.01.2001" and row["village"] == applicant.village.name
    assert row["district"] == applicant.village.district.name
    assert row["regency"] == applicant.village.district.regency.name
    assert row["funding_source"] == "APBN" and row["class"] == "3"
    assert row["phone"] == "081234567890"
    assert row["application_id"] == str(application.id)


def test_row_for_writes_through_a_template_to_xlsx(make_applicant, make_service):
    application = Application.create(applicant=make_applicant(), service=make_service())
    columns = parse_template(DEFAULT_TEMPLATE)
    sheet = load_workbook(io.BytesIO(write_xlsx(columns, [row_for(application)]))).active
    assert sheet["A2"].value == application.applicant.nik
    assert [c.value for c in sheet[1]][-1] == "Kelas" and sheet.cell(2, len(columns)).value == "3"


# --- reading BPJS's result -----------------------------------------------------------------


def test_reads_a_comma_csv_with_no_kartu_and_tmt():
    data = f"NIK,Nama,No Kartu,TMT\n{NIK},Ni Wayan,{CARD},01-12-2026\n".encode()
    assert read_result_file("hasil.csv", data) == [
        ResultRow(nik=NIK, card_number=CARD, activated_on=dt.date(2026, 12, 1), row=2)
    ]


def test_reads_a_semicolon_csv_with_a_bom_noka_and_no_date():
    data = f"\ufeffnik;NOKA\n{NIK};{CARD}\n".encode()
    assert read_result_file("HASIL.CSV", data) == [ResultRow(NIK, CARD, None, 2)]


def test_reads_iso_dates_and_skips_blank_rows():
    data = f"NIK;Nomor Kartu;Tanggal Aktif\n;;\n{NIK};{CARD};2026-12-01\n".encode()
    (row,) = read_result_file("hasil.csv", data)
    assert row.activated_on == dt.date(2026, 12, 1) and row.row == 3


def test_reads_an_xlsx_with_a_title_above_the_header_and_excel_dates():
    data = xlsx(
        [
            ["Hasil Pendaftaran PBPU Pemda Desember 2026"],
            ["No", "NIK", "No. Kartu JKN", "TMT"],
            [1, NIK, CARD, dt.datetime(2026, 12, 1)],
            [2, OTHER_NIK, "0009876543210", 46357],
        ]
    )
    rows = read_result_file("hasil.xlsx", data)
    assert rows[0] == ResultRow(NIK, CARD, dt.date(2026, 12, 1), 3)
    assert rows[1].card_number == "0009876543210" and rows[1].activated_on == dt.date(2026, 12, 1)


def test_xlsx_number_cells_keep_nik_whole_and_card_leading_zeros():
    data = xlsx([["NIK", "NOKA"], [int(NIK), 1234567890]])
    assert read_result_file("hasil.xlsx", data) == [ResultRow(NIK, CARD, None, 2)]


def test_bad_card_number_is_named_by_row():
    data = f"NIK,No Kartu\n{OTHER_NIK},{CARD}\n{NIK},0001234567891\n{NIK[:-1]}9,12345\n".encode()
    assert "Baris 4: nomor kartu '12345' harus 13 angka." in result_error("hasil.csv", data)


def test_every_bad_row_is_reported_at_once():
    data = f"NIK,No Kartu,TMT\n123,{CARD},\n{NIK},,\n{OTHER_NIK},{CARD},31-02-2026\n".encode()
    message = result_error("hasil.csv", data)
    assert "Baris 2: NIK '123' harus 16 angka." in message
    assert "Baris 3: nomor kartu kosong." in message
    assert "Baris 4: tanggal aktif '31-02-2026' tidak dikenali" in message


def test_a_nik_twice_in_the_file_is_refused():
    data = f"NIK,No Kartu\n{NIK},{CARD}\n{NIK},0001234567891\n".encode()
    assert "Baris 3: NIK 5107016310650002 sudah ada di baris 2." in result_error("h.csv", data)


def test_a_file_without_nik_or_card_column_is_refused():
    message = result_error("hasil.csv", f"Nama,No Kartu\nNi Wayan,{CARD}\n".encode())
    assert "Kolom NIK dan nomor kartu tidak ditemukan" in message


def test_a_file_with_only_a_header_is_refused():
    assert "tidak berisi data" in result_error("hasil.csv", b"NIK,No Kartu\n")


def test_a_file_over_five_megabytes_is_refused():
    assert "lebih dari 5 MB" in result_error("hasil.csv", b"x" * (BPJS_RESULT.file_bytes + 1))


@pytest.mark.parametrize("filename", ["hasil.xls", "hasil.pdf", "hasil"])
def test_a_file_of_another_type_is_refused(filename):
    assert "tidak dapat dibaca" in result_error(filename, b"NIK,No Kartu\n")


def test_a_broken_xlsx_is_refused():
    assert "rusak" in result_error("hasil.xlsx", b"not a zip at all")
