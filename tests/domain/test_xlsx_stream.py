"""The streamed XLSX writer, read back as Excel would (through openpyxl), and the CSV's
formula safety."""

import io

import pytest
from openpyxl import load_workbook

from backoffice.domain import exports, xlsx_stream

HEADER = ["NIK", "Nama", "Catatan"]
NIK = "5107014101900001"


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def written(rows, header=HEADER, title="Data") -> bytes:
    buffer = io.BytesIO()
    xlsx_stream.write_xlsx(buffer, header, rows, title=title)
    return buffer.getvalue()


def test_a_nik_stays_sixteen_digits_of_text_and_a_formula_is_never_run():
    sheet = workbook(written([[NIK, '=HYPERLINK("http://x")', "+1"]]))
    assert [c.value for c in sheet[2]] == [NIK, '=HYPERLINK("http://x")', "+1"]
    assert {c.data_type for c in sheet[2]} == {"s"}
    assert sheet["A2"].number_format == "@"  # a retyped NIK stays text too


def test_the_header_is_bold_and_frozen_and_columns_fit_the_first_rows():
    sheet = workbook(written([[NIK, "Ni Luh Sukerti", ""]]))
    assert [c.value for c in sheet[1]] == HEADER and sheet["A1"].font.bold
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == len(NIK) + 2


def test_markup_and_spaces_are_kept_and_characters_xml_cannot_carry_are_dropped():
    sheet = workbook(written([[" <b>&amp; ", "Made\x01 Darma\ufffe", "baris\nkedua"]]))
    assert [c.value for c in sheet[2]] == [" <b>&amp; ", "Made Darma", "baris\nkedua"]


def test_an_empty_value_leaves_its_cell_empty_and_the_next_in_its_column():
    sheet = workbook(written([["", "Ni Luh", ""], [NIK, "", "catatan"]]))
    assert [c.value for c in sheet[2]] == [None, "Ni Luh", None]
    assert [c.value for c in sheet[3]] == [NIK, None, "catatan"]


def test_the_streamed_pieces_make_the_same_workbook_as_the_file():
    rows = [[f"{n:016d}", f"Nama {n}", ""] for n in range(20_000)]
    pieces = list(xlsx_stream.xlsx_chunks(HEADER, rows, title="pemohon"))
    assert len(pieces) > 2  # sent as it is written, not at the end
    sheet = load_workbook(io.BytesIO(b"".join(pieces)), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 20_001 and values[-1][:2] == ("0000000000019999", "Nama 19999")


def test_a_sheet_name_excel_refuses_is_made_acceptable():
    data = written([[NIK, "x", ""]], title="pemohon: [semua]/2026 sampai dengan akhir tahun")
    assert load_workbook(io.BytesIO(data)).sheetnames == ["pemohon semua2026 sampai dengan"]


def test_more_rows_than_a_sheet_holds_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 3)
    with pytest.raises(xlsx_stream.TooManyRows):
        written([[str(n), "", ""] for n in range(4)])
    assert written([[str(n), "", ""] for n in range(3)])


def test_list_values_are_written_as_the_csv_shows_them():
    import datetime as dt

    rows = [[NIK, dt.date(1965, 10, 23), dt.datetime(2026, 1, 2, 8, 5), True, None, 3]]
    sheet = workbook(b"".join(exports.xlsx_chunks(list("ABCDEF"), rows)))
    assert [c.value for c in sheet[2]] == [NIK, "23-10-1965", "02-01-2026 08.05", "Ya", None, "3"]


def test_a_csv_cell_starting_a_formula_gets_an_apostrophe_in_any_column():
    import csv

    rows = [["=1+1", "ok", "+62", "a-b"], ["x", "-2", "@SUM(A1)", "\tcmd"], ["a=b", "c", "", None]]
    text = b"".join(exports.csv_chunks(["A", "B", "C", "D"], rows)).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["'=1+1", "ok", "'+62", "a-b"],
        ["x", "'-2", "'@SUM(A1)", "'\tcmd"],
        ["a=b", "c", "", ""],
    ]
