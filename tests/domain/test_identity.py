"""NIK and No. KK rules (domain.md, "Identity numbers"), and the region list they rely on."""

from datetime import date

import pytest

from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import (
    NikInfo,
    nik_warnings,
    normalize_identity_number,
    parse_kk,
    parse_nik,
    search_term,
)
from backoffice.domain.regions import (
    district_code_of_nik_prefix,
    district_names,
    iter_rows,
    province_names,
    regency_names,
)

TODAY = date(2026, 3, 1)
WOMAN_RENDANG = "5107016310650002"  # Rendang, Karangasem (51.07.01); 23 Oct 1965; female
MAN_RENDANG = "5107012310650001"
KK_RENDANG = "5107011203150004"


def nik_error(value: str, today: date = TODAY) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_nik(value, today)
    assert list(caught.value.errors) == ["nik"]
    return caught.value.errors["nik"]


def kk_error(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_kk(value)
    assert list(caught.value.errors) == ["kk"]
    return caught.value.errors["kk"]


def nik_with(ddmmyy: str, district: str = "510701", serial: str = "0001") -> str:
    return district + ddmmyy + serial


# Regions


def test_region_names_come_from_the_shipped_kemendagri_list():
    assert province_names()["51"] == "Bali"
    assert regency_names()["51.07"] == "Kabupaten Karangasem"
    assert district_names()["51.07.01"] == "Rendang"


def test_iter_rows_streams_villages_as_dicts():
    first = next(iter_rows("villages"))
    assert first == {"code": "11.01.01.2001", "district_code": "11.01.01", "name": "Keude Bakongan"}


def test_iter_rows_rejects_unknown_table():
    with pytest.raises(ValueError):
        next(iter_rows("../secrets"))


def test_district_code_of_nik_prefix_dots_the_digits():
    assert district_code_of_nik_prefix("510701") == "51.07.01"


def test_district_code_of_nik_prefix_rejects_non_digits():
    with pytest.raises(ValueError):
        district_code_of_nik_prefix("51070١")


# NIK: what a valid one says


def test_nik_accepts_female_day_plus_40():
    info = parse_nik(WOMAN_RENDANG, TODAY)
    assert (info.birth_date, info.sex) == (date(1965, 10, 23), "P")


def test_nik_reads_male_day_as_is():
    info = parse_nik(MAN_RENDANG, TODAY)
    assert (info.birth_date, info.sex) == (date(1965, 10, 23), "L")


def test_nik_reads_dotted_region_codes_and_serial():
    info = parse_nik(WOMAN_RENDANG, TODAY)
    assert info == NikInfo(
        WOMAN_RENDANG, "51", "51.07", "51.07.01", date(1965, 10, 23), "P", "0002"
    )


def test_nik_strips_surrounding_whitespace():
    assert parse_nik(f" \t{WOMAN_RENDANG}\n", TODAY).nik == WOMAN_RENDANG


def test_nik_year_25_is_2025_in_2026():
    assert parse_nik(nik_with("010125"), TODAY).birth_date == date(2025, 1, 1)


def test_nik_year_30_is_1930_in_2026():
    assert parse_nik(nik_with("010130"), TODAY).birth_date == date(1930, 1, 1)


def test_nik_birth_date_later_this_year_is_last_century():
    assert parse_nik(nik_with("150626"), TODAY).birth_date == date(1926, 6, 15)


def test_nik_accepts_29_february_of_leap_year_code_04():
    assert parse_nik(nik_with("290204"), TODAY).birth_date == date(2004, 2, 29)


def test_nik_accepts_29_february_00_as_2000():
    assert parse_nik(nik_with("290200"), TODAY).birth_date == date(2000, 2, 29)


def test_nik_accepts_district_missing_from_current_list():
    assert parse_nik(nik_with("231065", district="510799"), TODAY).district_code == "51.07.99"


# NIK: what is refused


def test_nik_rejects_empty():
    assert nik_error("   ") == "NIK wajib diisi."


def test_nik_rejects_15_digits_and_says_so():
    assert nik_error(WOMAN_RENDANG[:15]) == "NIK harus 16 digit angka; yang diisi 15 digit."


def test_nik_rejects_letters():
    assert nik_error("51070163106500O2") == "NIK hanya boleh berisi angka 0–9."


def test_nik_accepts_spaces_dots_and_dashes_as_printed_on_a_ktp():
    for typed in ("5107 0163 1065 0002", "5107.0163.1065.0002", "510701-631065-0002"):
        assert parse_nik(typed, TODAY).nik == WOMAN_RENDANG


def test_nik_rejects_other_punctuation_inside():
    assert nik_error("5107/0163/1065/0002") == "NIK hanya boleh berisi angka 0–9."


def test_kk_accepts_spaces_dots_and_dashes():
    assert parse_kk("5107 0112.0315-0004") == KK_RENDANG


def test_identity_number_typed_with_separators_becomes_its_digits():
    assert normalize_identity_number(" 5107 0155.0885-0001\u00a0") == "5107015508850001"


def test_search_term_turns_a_typed_number_into_digits_and_keeps_names():
    assert search_term(" 5107 0155 ") == "51070155"
    assert search_term("Ni Luh 5") == "Ni Luh 5"
    assert search_term("5107 Ni") == "5107 Ni"


# How a NIK reaches the counter: printed groups, copied from a PDF (no-break spaces, en
# dashes, soft hyphens) or from WhatsApp (zero-width spaces, a byte-order mark).
TYPED_NIKS = ["5107 0163 1065 0002", "5107.0163.1065.0002", "5107\u00a00163\u00a01065\u00a00002",
              "5107\u20130163\u20131065\u20130002", "\ufeff5107016310650002",
              "5107\u200b016310650002\u200b", "5107\u00ad0163\u2060 1065-0002"]  # fmt: skip


@pytest.mark.parametrize("typed", TYPED_NIKS)
def test_the_form_and_the_search_read_a_typed_nik_the_same_way(typed):
    """Whatever the form cleans and saves, the search finds (the attacker found NIKs the form
    accepted that no search matched, and invisible characters refused as too long)."""
    assert parse_nik(typed, TODAY).nik == WOMAN_RENDANG
    assert search_term(typed) == WOMAN_RENDANG


def test_nik_rejects_arabic_indic_digits():
    assert nik_error(WOMAN_RENDANG[:15] + "١") == "NIK hanya boleh berisi angka 0–9."


def test_nik_rejects_superscript_digits():
    assert nik_error(WOMAN_RENDANG[:15] + "²") == "NIK hanya boleh berisi angka 0–9."


def test_nik_rejects_unknown_province_99():
    assert nik_error("9907016310650002") == "Kode provinsi 99 pada NIK tidak dikenal."


def test_nik_rejects_day_code_32():
    assert "Kode tanggal lahir 32" in nik_error(nik_with("321065"))


def test_nik_rejects_day_code_00():
    assert "Kode tanggal lahir 00" in nik_error(nik_with("001065"))


def test_nik_rejects_female_day_code_72():
    assert "Kode tanggal lahir 72" in nik_error(nik_with("721065"))


def test_nik_rejects_day_code_between_men_and_women_40():
    assert "Kode tanggal lahir 40" in nik_error(nik_with("401065"))


def test_nik_rejects_month_code_13():
    assert "Kode bulan lahir 13" in nik_error(nik_with("231365"))


def test_nik_rejects_30_february():
    assert "tidak ada di kalender: 30-02-65" in nik_error(nik_with("300265"))


def test_nik_rejects_29_february_when_year_01_is_never_leap():
    assert "tidak ada di kalender: 29-02-01" in nik_error(nik_with("690201"))


def test_nik_rejects_serial_0000():
    assert "tidak boleh 0000" in nik_error(nik_with("631065", serial="0000"))


# NIK: warnings the officer confirms


def test_nik_warns_nothing_when_record_agrees():
    assert nik_warnings(parse_nik(WOMAN_RENDANG, TODAY), date(1965, 10, 23), "P") == []


def test_nik_warns_nothing_when_record_is_missing():
    assert nik_warnings(parse_nik(WOMAN_RENDANG, TODAY), None, None) == []


def test_nik_warns_when_birth_date_differs():
    warnings = nik_warnings(parse_nik(WOMAN_RENDANG, TODAY), date(1965, 10, 24), "P")
    assert warnings == [
        "Tanggal lahir pada NIK (23-10-1965) berbeda dengan tanggal lahir yang diisi (24-10-1965)."
    ]


def test_nik_does_not_warn_when_only_the_inferred_century_differs():
    info = parse_nik(nik_with("231025"), TODAY)  # inferred 2025
    assert nik_warnings(info, date(1925, 10, 23), "L") == []


def test_nik_warning_shows_nik_date_in_the_century_of_the_record():
    info = parse_nik(nik_with("231025"), TODAY)  # inferred 2025
    [warning] = nik_warnings(info, date(1925, 10, 24), "L")
    assert "Tanggal lahir pada NIK (23-10-1925)" in warning


def test_nik_warns_when_sex_differs():
    warnings = nik_warnings(parse_nik(WOMAN_RENDANG, TODAY), date(1965, 10, 23), "L")
    assert warnings == [
        "Jenis kelamin pada NIK (perempuan) berbeda dengan jenis kelamin yang diisi (laki-laki)."
    ]


def test_nik_warns_when_district_not_in_current_list():
    info = parse_nik(nik_with("231065", district="510799"), TODAY)
    assert nik_warnings(info, None, None) == [
        "Kode kecamatan 51.07.99 pada NIK tidak ada di daftar wilayah Kemendagri saat ini; "
        "periksa kembali KTP."
    ]


def test_nik_warns_when_regency_not_in_current_list():
    info = parse_nik(nik_with("231065", district="519901"), TODAY)
    assert nik_warnings(info, None, None) == [
        "Kode kecamatan 51.99.01 pada NIK tidak ada di daftar wilayah Kemendagri saat ini; "
        "periksa kembali KTP."
    ]


# No. KK


def test_kk_accepts_16_digits_without_surrounding_whitespace():
    assert parse_kk(f"  {KK_RENDANG} ") == KK_RENDANG


def test_kk_rejects_empty():
    assert kk_error("") == "No. KK wajib diisi."


def test_kk_rejects_letters():
    assert kk_error("51070112O3150004") == "No. KK harus 16 digit angka; ada huruf atau tanda baca."


def test_kk_rejects_punctuation_other_than_separators():
    assert kk_error("5107/0112/0315/0004") == (
        "No. KK harus 16 digit angka; ada huruf atau tanda baca."
    )


def test_kk_rejects_17_digits_and_says_so():
    assert kk_error(KK_RENDANG + "1") == "No. KK harus 16 digit angka; yang diisi 17 digit."


def test_kk_rejects_unknown_province_99():
    assert kk_error("9907011203150004") == "Kode provinsi 99 pada No. KK tidak dikenal."


def test_kk_rejects_serial_0000():
    assert "tidak boleh 0000" in kk_error("5107011203150000")
