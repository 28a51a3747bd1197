"""Validation of one applicant (pemohon) record."""

from datetime import date
from typing import Any

import pytest

from backoffice.domain.applicants import (
    ADDRESS_MAX,
    FIELDS,
    REQUIRED_FIELDS,
    validate_applicant,
)
from backoffice.domain.errors import ValidationError

TODAY = date(2026, 3, 1)


def applicant(**changes: Any) -> dict[str, Any]:
    """A valid record: a woman from Nongan, Rendang (Karangasem), NIK matching her data."""
    record: dict[str, Any] = {
        "nik": "5107016310650002",
        "kk": "5107011203150004",
        "name": "Ni Wayan Sudiartini",
        "birth_place": "Karangasem",
        "birth_date": date(1965, 10, 23),
        "sex": "P",
        "address": "Banjar Dinas Nongan Kawan, Desa Nongan",
        "phone": "0812-3456-7890",
        "family_role": "Istri",
        "work_status": "BP",
        "dtsen_decile": 2,
        "dtsen_status": "Terdaftar",
        "village_code": "51.07.01.2001",
    }
    return record | changes


def errors_of(**changes: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        validate_applicant(applicant(**changes), TODAY)
    return caught.value.errors


def test_applicant_accepts_valid_record_without_warnings():
    assert validate_applicant(applicant(), TODAY).warnings == []


def test_applicant_normalises_nik_kk_and_phone():
    cleaned = validate_applicant(
        applicant(nik=" 5107016310650002 ", kk="5107011203150004\n", phone="+62 812 3456 7890"),
        TODAY,
    ).cleaned
    assert (cleaned["nik"], cleaned["kk"], cleaned["phone"]) == (
        "5107016310650002",
        "5107011203150004",
        "+6281234567890",
    )


def test_applicant_reports_all_errors_at_once():
    errors = errors_of(nik="123", kk="", name="X1", birth_date=date(2027, 1, 1), phone="abc")
    assert set(errors) == {"nik", "kk", "name", "birth_date", "phone"}


@pytest.mark.parametrize("field", sorted(REQUIRED_FIELDS))
def test_applicant_requires_field(field: str):
    assert errors_of(**{field: None}) == {field: "Wajib diisi."}


def test_applicant_treats_whitespace_as_missing():
    assert errors_of(name="   ") == {"name": "Wajib diisi."}


def test_applicant_stores_blank_optional_fields_as_none():
    optional = sorted(set(FIELDS) - REQUIRED_FIELDS)
    cleaned = validate_applicant(applicant(**dict.fromkeys(optional, "")), TODAY).cleaned
    assert [cleaned[field] for field in optional] == [None] * len(optional)


def test_applicant_ignores_unknown_keys():
    assert "role" not in validate_applicant(applicant(role="admin"), TODAY).cleaned


def test_applicant_collapses_whitespace_and_keeps_case_of_name():
    cleaned = validate_applicant(applicant(name="  NI  WAYAN Sudiartini\t"), TODAY).cleaned
    assert cleaned["name"] == "NI WAYAN Sudiartini"


def test_applicant_accepts_unicode_letters_and_name_punctuation():
    name = "Dra. Siti Nur’aini-O'Neil, Zoë"
    assert validate_applicant(applicant(name=name), TODAY).cleaned["name"] == name


def test_applicant_rejects_10000_char_name():
    assert errors_of(name="a" * 10000) == {
        "name": "Nama terlalu panjang: 10000 karakter, paling banyak 100."
    }


def test_applicant_rejects_one_letter_name():
    assert errors_of(name="A") == {"name": "Nama terlalu pendek: paling sedikit 2 huruf."}


def test_applicant_rejects_digits_in_name():
    assert errors_of(name="Wayan 2") == {
        "name": "Nama hanya boleh berisi huruf, spasi, titik, koma, apostrof dan tanda hubung."
    }


def test_applicant_rejects_future_birth_date():
    assert errors_of(birth_date=date(2026, 3, 2)) == {
        "birth_date": "Tanggal lahir tidak boleh di masa depan."
    }


def test_applicant_rejects_birth_date_before_1900():
    assert errors_of(birth_date=date(1899, 12, 31)) == {
        "birth_date": "Tanggal lahir tidak boleh sebelum tahun 1900."
    }


def test_applicant_rejects_address_longer_than_255():
    assert errors_of(address="x" * (ADDRESS_MAX + 1)) == {
        "address": "Alamat terlalu panjang: 256 karakter, paling banyak 255."
    }


@pytest.mark.parametrize("decile", [0, 11, True, "lima"])
def test_applicant_rejects_decile_outside_1_to_10(decile: Any):
    assert errors_of(dtsen_decile=decile) == {
        "dtsen_decile": "Desil DTSEN harus angka 1 sampai 10."
    }


def test_applicant_rejects_sex_other_than_l_or_p():
    assert set(errors_of(sex="X")) == {"sex"}


def test_applicant_rejects_unknown_work_status():
    assert errors_of(work_status="PNS") == {
        "work_status": "Status pekerjaan harus PBPU, PPU atau BP."
    }


def test_applicant_rejects_malformed_village_code():
    assert set(errors_of(village_code="5107012001")) == {"village_code"}


def test_applicant_rejects_village_code_in_unknown_district():
    assert set(errors_of(village_code="51.07.99.2001")) == {"village_code"}


def test_applicant_reports_nik_problem_under_nik():
    assert errors_of(nik="9907016310650002") == {"nik": "Kode provinsi 99 pada NIK tidak dikenal."}


def test_applicant_warns_when_birth_date_differs_from_nik():
    warnings = validate_applicant(applicant(birth_date=date(1965, 10, 24)), TODAY).warnings
    assert len(warnings) == 1
    assert warnings[0].startswith("Tanggal lahir pada NIK (23-10-1965) berbeda")


def test_applicant_warns_when_sex_differs_from_nik():
    warnings = validate_applicant(applicant(sex="L"), TODAY).warnings
    assert len(warnings) == 1
    assert warnings[0].startswith("Jenis kelamin pada NIK (perempuan) berbeda")


def test_applicant_does_not_warn_when_living_outside_the_nik_district():
    # People move; the NIK keeps the district where they were first registered.
    assert validate_applicant(applicant(village_code="51.07.02.2001"), TODAY).warnings == []


def test_validation_error_str_joins_messages():
    assert str(ValidationError({"a": "Satu.", "b": "Dua."})) == "Satu.; Dua."
