"""An XLSX's declared size is not trusted: the rows in the file are read, whatever its
<dimension> says, and a file of too many columns is refused before any row is checked."""

import datetime as dt
import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook

from backoffice.domain import imports
from backoffice.domain.errors import ValidationError
from tests.import_files import HEADER, good_rows

TODAY = dt.date(2026, 3, 1)


def xlsx(rows, dimension: str | None = None) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    if dimension is None:
        return out.getvalue()
    source, patched = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(),
                              data)  # fmt: skip
            target.writestr(item, data)
    return patched.getvalue()


def check(data: bytes, name: str = "a.xlsx"):
    return imports.check_file(name, io.BytesIO(data), today=TODAY)


def test_rows_beyond_a_too_small_declared_dimension_are_read(db):
    checked = check(xlsx([HEADER, *good_rows(100)], dimension="A1:G2"))
    assert checked.total == 100 and len(checked.rows) == 100


def test_a_huge_declared_dimension_costs_nothing(db):
    started = time.perf_counter()
    checked = check(xlsx([HEADER, *good_rows(3)], dimension="A1:XFD1048576"))
    assert checked.total == 3 and time.perf_counter() - started < 5


def test_a_stray_cell_far_right_is_not_read(db):
    rows = [HEADER, *good_rows(3)]
    rows[2] = rows[2] + [None] * 16000 + ["x"]
    checked = check(xlsx(rows))
    assert checked.total == 3 and not checked.problems


@pytest.mark.parametrize("name", ["a.xlsx", "a.csv"])
def test_a_file_of_too_many_columns_is_refused_saying_how_many(db, name):
    header = HEADER + [f"X{n}" for n in range(300)]
    if name.endswith(".csv"):
        data = ";".join(header).encode() + b"\r\n" + ";".join(good_rows(1)[0]).encode()
    else:
        data = xlsx([header, good_rows(1)[0]])
    with pytest.raises(ValidationError) as caught:
        check(data, name)
    assert (
        caught.value.errors["file"] == "Berkas punya terlalu banyak kolom (309); paling banyak 200."
    )


def with_cached_values(data: bytes) -> bytes:
    """The workbook as Excel saves it: each formula followed by its computed value."""
    source, patched = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # the formulas are ="text"
                formula = rb'<c r="(\w+)"><f>"([^<"]*)"</f><v ?/></c>'
                computed = rb'<c r="\1" t="str"><f>"\2"</f><v>\2</v></c>'
                content = re.sub(formula, computed, content)
            target.writestr(item, content)
    return patched.getvalue()


def test_a_formula_without_its_result_is_named_not_called_empty(db):
    """A program that writes formulas but does not calculate them leaves no value in the
    cell: the row says so (and how to mend it), not "Wajib diisi"; a formula in a column the
    import ignores costs the row nothing."""
    rows = [HEADER + ["HITUNGAN"], *(row + ["=1+1"] for row in good_rows(3))]
    rows[2][0] = f'="{rows[2][0]}"'  # the NIK of the second data row (spreadsheet row 3)
    checked = check(xlsx(rows))
    assert [(p.row, p.column) for p in checked.problems] == [(3, "NIK")]
    message = checked.problems[0].message
    assert message.startswith("Sel berisi rumus Excel (=") and "simpan ulang" in message
    assert "Wajib" not in message
    assert len(checked.rows) == 2


def test_a_formula_with_its_stored_result_is_read_as_that_result(db):
    rows = [HEADER, *good_rows(2)]
    nik = rows[1][0]
    rows[1][0] = f'="{nik}"'
    data = with_cached_values(xlsx(rows))
    assert f"<v>{nik}</v>".encode() in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml"
    )
    checked = check(data)
    assert not checked.problems and [values[0] for _, values in checked.rows][0] == nik


def test_a_formula_whose_result_is_empty_text_is_an_empty_cell(db):
    """Excel saves =IF(…;"";…) as t="str" with an empty <v>: a computed empty text, not a
    missing result. Such a cell in an optional column leaves the row valid."""
    rows = [HEADER + ["NO_HP"], *(row + ['=""'] for row in good_rows(2))]
    data = xlsx(rows)
    source, patched = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<c r="(J\d+)"><f>""</f><v ?/></c>',
                                 rb'<c r="\1" t="str"><f>""</f><v></v></c>', content)  # fmt: skip
                assert content.count(b't="str"><f>') == 2
            target.writestr(item, content)
    checked = check(patched.getvalue())
    assert not checked.problems and len(checked.rows) == 2


def test_a_cell_the_parser_cannot_read_names_the_row_not_a_crash(db):
    data = xlsx([HEADER, *good_rows(3)])
    source, patched = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":  # a number cell holding a space
                content = content.replace(b'<row r="3">', b'<row r="3"><c r="Z3"><v> </v></c>', 1)
            target.writestr(item, content)
    with pytest.raises(ValidationError) as caught:
        check(patched.getvalue())
    assert caught.value.errors["file"] == "Berkas XLSX rusak sekitar baris 3."
