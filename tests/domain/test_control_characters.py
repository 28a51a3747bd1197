"""Text fields refuse control characters (the counter form and the import share the rule):
a free text (address) may hold tab and newline, a single-line field nothing of the kind; and
a report written to XLSX drops what XML cannot hold instead of failing."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from backoffice.domain.applicants import validate_applicant
from backoffice.domain.errors import ValidationError
from backoffice.reports.document import Report, Section
from backoffice.reports.writers import to_xlsx

TODAY = dt.date(2026, 3, 1)
GOOD = {"nik": "5107014101900001", "kk": "5107010101900001", "name": "Ni Luh Sukerti",
        "birth_date": dt.date(1990, 1, 1), "sex": "P", "address": "Banjar Dinas 1",
        "village_code": "51.07.01.2001"}  # fmt: skip


def errors_of(**changes) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_applicant(GOOD | changes, TODAY)
    return caught.value.errors


def test_an_address_with_escape_codes_is_refused(db):
    assert "karakter kendali" in errors_of(address="Jl. Kontrol\x01\x1b[31m")["address"]


@pytest.mark.parametrize("field", ["name", "birth_place", "phone", "family_role", "nik"])
@pytest.mark.parametrize("bad", ["\x00", "\t", "\n", "\x85"])
def test_a_single_line_field_refuses_control_characters(db, field, bad):
    value = (GOOD.get(field) or "Denpasar")[:4] + bad + "1"
    assert "karakter kendali yang tidak boleh" in errors_of(**{field: value})[field]


def test_an_address_may_hold_tab_and_newlines(db):
    check = validate_applicant(GOOD | {"address": "Jl. Mawar\r\nNo.\t7"}, TODAY)
    assert check.cleaned["address"] == "Jl. Mawar No. 7"


def test_a_report_with_control_characters_still_writes_its_xlsx():
    report = Report("Rekap\x01", ["baris\x1b"], [Section("Bagian\x00", ["A\x02"], [["x\x03y"]])])
    sheet = load_workbook(io.BytesIO(to_xlsx(report))).active
    assert sheet["A1"].value == "Rekap" and "xy" in [c.value for c in sheet["A"]]
