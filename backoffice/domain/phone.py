"""Indonesian phone numbers: one canonical stored form, one familiar displayed form.

Stored: "+62" followed by the national number without its leading 0 ("+6281234567890",
"+6236321154"). Displayed: mobiles (08…) as "0812-3456-7890", landlines as "(0363) 21154".
"""

import re

from backoffice.domain.errors import ValidationError

COUNTRY_PREFIX = "+62"
NATIONAL_MIN = 8  # digits after the leading 0: "(0363) 21154" has 8
NATIONAL_MAX = 13

# Area codes of two digits after the 0 (Jakarta, Bandung, Semarang, Surabaya, Medan);
# every other area code has three ("0363" Karangasem, "0274" Yogyakarta).
TWO_DIGIT_AREA_CODES = frozenset({"21", "22", "24", "31", "61"})

_BAD_START = "Nomor telepon harus diawali 0, 62 atau +62."
_TYPED = re.compile(r"\+?[0-9 ().\-]+", re.ASCII)


def normalize_phone(value: str) -> str:
    """Return the canonical "+62…" form of an Indonesian number, or "" for a blank one.

    Accepts digits with spaces, hyphens, dots and brackets, starting with 0, 62 or +62
    ("0812-3456-7890", "+62 812 3456 7890", "(0363) 21154"); a 0 right after 62, as in
    "+62 (0)812…", is dropped. The national number (without its 0) must have 8–13 digits.
    Anything else raises ValidationError({"phone": message}).
    """
    text = value.strip()
    if not text:
        return ""
    if not _TYPED.fullmatch(text):
        raise ValidationError({"phone": _unexpected_characters(text)})
    national = _national_digits(text)
    if len(national) < NATIONAL_MIN:
        raise ValidationError({"phone": _too_short(national)})
    if len(national) > NATIONAL_MAX:
        raise ValidationError({"phone": _too_long(national)})
    return COUNTRY_PREFIX + national


def display_phone(canonical: str) -> str:
    """Format a value from normalize_phone for people; other strings come back unchanged.

    Mobile: "0812-3456-7890" (the 4-digit prefix, then groups of 4; a lone last digit joins
    the group before it). Landline: "(021) 5551234", "(0363) 21154".
    """
    national = canonical.removeprefix(COUNTRY_PREFIX)
    if national == canonical or not national.isascii() or not national.isdigit():
        return canonical
    if national.startswith("8"):
        return _display_mobile("0" + national)
    area_length = 2 if national[:2] in TWO_DIGIT_AREA_CODES else 3
    return f"(0{national[:area_length]}) {national[area_length:]}"


def _national_digits(text: str) -> str:
    digits = re.sub(r"[^0-9]", "", text)
    if text.startswith("+") and not digits.startswith("62"):
        raise ValidationError({"phone": "Nomor telepon luar negeri tidak diterima."})
    if digits.startswith("62"):
        national = digits[2:].removeprefix("0")
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise ValidationError({"phone": _BAD_START})
    if national.startswith("0"):  # "00…" dials abroad
        raise ValidationError({"phone": _BAD_START})
    return national


def _display_mobile(local: str) -> str:
    rest = local[4:]
    groups = [rest[i : i + 4] for i in range(0, len(rest), 4)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        groups[-2:] = [groups[-2] + groups[-1]]
    return "-".join([local[:4], *groups])


def _unexpected_characters(text: str) -> str:
    if any(char.isalpha() for char in text):
        return "Nomor telepon tidak boleh berisi huruf."
    return (
        "Nomor telepon hanya boleh berisi angka 0–9, spasi, tanda hubung, titik, "
        "tanda kurung, dan + di depan."
    )


def _too_short(national: str) -> str:
    return (
        f"Nomor telepon terlalu pendek: {len(national)} digit setelah awalan 0 atau +62, "
        f"paling sedikit {NATIONAL_MIN}."
    )


def _too_long(national: str) -> str:
    return (
        f"Nomor telepon terlalu panjang: {len(national)} digit setelah awalan 0 atau +62, "
        f"paling banyak {NATIONAL_MAX}."
    )
