"""Indonesian phone numbers: canonical "+62…" storage and familiar display."""

import pytest

from backoffice.domain.errors import ValidationError
from backoffice.domain.phone import display_phone, normalize_phone


def phone_error(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(value)
    assert list(caught.value.errors) == ["phone"]
    return caught.value.errors["phone"]


def test_phone_normalises_dashed_mobile():
    assert normalize_phone("0812-3456-7890") == "+6281234567890"


def test_phone_normalises_spaced_mobile():
    assert normalize_phone("0812 3456 7890") == "+6281234567890"


def test_phone_normalises_plus_62_with_spaces():
    assert normalize_phone("+62 812 3456 7890") == "+6281234567890"


def test_phone_normalises_62_without_plus():
    assert normalize_phone("6281234567890") == "+6281234567890"


def test_phone_normalises_landline_with_area_code_in_brackets():
    assert normalize_phone("(0363) 21154") == "+6236321154"


def test_phone_drops_bracketed_0_after_plus_62():
    assert normalize_phone("+62 (0)812-3456-7890") == "+6281234567890"


def test_phone_blank_is_empty_because_optional():
    assert normalize_phone("  ") == ""


def test_phone_rejects_letters():
    assert phone_error("0812-3456-789O") == "Nomor telepon tidak boleh berisi huruf."


def test_phone_rejects_other_punctuation():
    assert "hanya boleh berisi angka" in phone_error("0812/3456/7890")


def test_phone_rejects_fullwidth_digits():
    assert "hanya boleh berisi angka" in phone_error("０８１２３４５６７８９０")


def test_phone_rejects_7_national_digits():
    assert "terlalu pendek: 7 digit" in phone_error("0363 2115")


def test_phone_rejects_14_national_digits():
    assert "terlalu panjang: 14 digit" in phone_error("0812-3456-7890-123")


def test_phone_rejects_foreign_number():
    assert phone_error("+61 412 345 678") == "Nomor telepon luar negeri tidak diterima."


def test_phone_rejects_number_without_0_or_62():
    assert phone_error("812-3456-7890") == "Nomor telepon harus diawali 0, 62 atau +62."


def test_phone_rejects_international_dialling_prefix_00():
    assert phone_error("00 62 812 3456 7890") == "Nomor telepon harus diawali 0, 62 atau +62."


def test_display_phone_groups_mobile_by_4_after_prefix():
    assert display_phone("+6281234567890") == "0812-3456-7890"


def test_display_phone_joins_a_lone_last_digit_to_the_group_before():
    assert display_phone("+62812345678901") == "0812-3456-78901"


def test_display_phone_brackets_3_digit_area_code():
    assert display_phone("+6236321154") == "(0363) 21154"


def test_display_phone_brackets_2_digit_area_code_of_jakarta():
    assert display_phone("+62215551234") == "(021) 5551234"


def test_display_phone_leaves_non_canonical_text_unchanged():
    assert [display_phone(""), display_phone("0812 3456")] == ["", "0812 3456"]
