"""The import's row check (import_cells.RowChecker): the counter form's rules field by field,
each repeated cell checked once per file, with the same outcome on every row it is in."""

import datetime as dt
import io

from backoffice.domain import imports
from backoffice.domain.applicants import validate_applicant
from backoffice.domain.import_cells import RowChecker, map_headers
from tests.import_files import HEADER, good_rows, to_csv

TODAY = dt.date(2026, 3, 1)


def problems(rows):
    checked = imports.check_file("a.csv", io.BytesIO(to_csv(rows)), today=TODAY)
    return {(p.row, p.column): p.message for p in checked.problems}


def test_a_repeated_bad_cell_is_named_on_every_row_it_is_in():
    rows = good_rows(6)
    for n in (1, 4):
        rows[n][3], rows[n][4] = "tgl 5 Mei", "X"
    found = problems(rows)
    for row in (3, 6):  # spreadsheet rows: the header is row 1
        assert "tidak dapat dibaca" in found[(row, "TGL_LAHIR")]
        assert "Jenis kelamin harus L" in found[(row, "JENIS_KELAMIN")]
    assert len(found) == 4


def test_an_unreadable_cell_does_not_hide_the_other_fields_problems():
    rows = good_rows(2)
    rows[1][0], rows[1][2] = "5.10701E+15", "X"  # a NIK Excel rounded, a one-letter name
    found = problems(rows)
    assert "angka Excel" in found[(3, "NIK")] and "terlalu pendek" in found[(3, "NAMA")]


def test_a_row_is_accepted_as_the_counter_form_accepts_it():
    columns, _, _ = map_headers(HEADER)
    row = good_rows(3)[2]
    check, errors = RowChecker(columns, TODAY).check(row)
    born = dt.datetime.strptime(row[3], "%d-%m-%Y").date()
    data = dict(zip(("nik", "kk", "name"), row[:3], strict=True)) | {
        "birth_date": born, "sex": row[4], "address": row[5], "village_code": row[6],
        "family_role": "anak"}  # fmt: skip
    assert errors == {} and check == validate_applicant(data, TODAY)
