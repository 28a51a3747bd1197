"""The Kemendagri region list shipped with the package (kode wilayah).

Codes are dotted strings: province "51", regency "51.07", district (kecamatan) "51.07.01",
village (desa/kelurahan) "51.07.01.2001". Provinces, regencies and districts are small and
read once per process; villages (83k rows) are only streamed by `iter_rows`, for the loader
that puts them in the database.
"""

import csv
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

DATA_DIR: Path = Path(__file__).resolve().parent.parent / "data" / "wilayah"
TABLES = ("provinces", "regencies", "districts", "villages")

_NIK_PREFIX = re.compile(r"[0-9]{6}", re.ASCII)


def iter_rows(name: str) -> Iterator[dict[str, str]]:
    """Yield the rows of one of `TABLES` ("provinces", …, "villages") as dicts of strings.

    Keys are the CSV header's columns (`code`, the parent's code, `name`). The file is closed
    when the iterator is exhausted or discarded. Raises ValueError for any other name.
    """
    if name not in TABLES:
        raise ValueError(f"unknown region table {name!r}; expected one of {TABLES}")
    with (DATA_DIR / f"{name}.csv").open(encoding="utf-8-sig", newline="") as file:
        yield from csv.DictReader(file)


def _names(table: str) -> dict[str, str]:
    return {row["code"]: row["name"] for row in iter_rows(table)}


@cache
def province_names() -> dict[str, str]:
    """Province code -> name, e.g. "51" -> "Bali". Shared between calls: do not mutate."""
    return _names("provinces")


@cache
def regency_names() -> dict[str, str]:
    """Regency/city code -> name, e.g. "51.07" -> "Kabupaten Karangasem". Do not mutate."""
    return _names("regencies")


@cache
def district_names() -> dict[str, str]:
    """District code -> name, e.g. "51.07.01" -> "Rendang". Shared between calls: do not mutate."""
    return _names("districts")


def district_code_of_nik_prefix(digits6: str) -> str:
    """Dot the first six digits of a NIK or No. KK: "510701" -> "51.07.01".

    Does not check that the district exists. Raises ValueError unless given 6 ASCII digits.
    """
    if not _NIK_PREFIX.fullmatch(digits6):
        raise ValueError(f"expected 6 ASCII digits, got {digits6!r}")
    return f"{digits6[0:2]}.{digits6[2:4]}.{digits6[4:6]}"
