"""Synthetic but realistic applicants for the demo: valid NIKs, households, local names.

Deterministic (seeded), so `loket demo` run twice makes the same people and adds none.
"""

import datetime
import random
from dataclasses import dataclass

# Given names by the cultural region of each seed office.
NAMES = {
    "bali": {
        "L": [
            "I Wayan Sudarsana",
            "I Made Sukarta",
            "I Nyoman Darma",
            "I Ketut Suparta",
            "I Gede Arimbawa",
            "I Komang Adi",
            "I Putu Eka Saputra",
            "I Kadek Ariawan",
        ],
        "P": [
            "Ni Luh Sukerti",
            "Ni Made Suartini",
            "Ni Nyoman Rai",
            "Ni Ketut Sari",
            "Ni Putu Ayu Lestari",
            "Ni Kadek Dwi",
            "Ni Wayan Murni",
            "Ni Komang Sri",
        ],
    },
    "banjar": {
        "L": [
            "Muhammad Rizki",
            "Ahmad Fauzi",
            "Gusti Rahmadi",
            "Abdul Hadi",
            "Syahrani",
            "Muhammad Noor",
            "Rahmat Hidayat",
            "Aliansyah",
        ],
        "P": [
            "Siti Aisyah",
            "Norhayati",
            "Mariatul Kiptiah",
            "Rabiatul Adawiyah",
            "Siti Rahmah",
            "Nurul Hidayah",
            "Halimah",
            "Fatimah Zahra",
        ],
    },
    "jawa": {
        "L": [
            "Slamet Riyadi",
            "Sugeng Priyanto",
            "Budi Santoso",
            "Agus Salim",
            "Warsito",
            "Joko Susilo",
            "Tri Wibowo",
            "Suparman",
        ],
        "P": [
            "Sri Wahyuni",
            "Siti Khotijah",
            "Endang Lestari",
            "Tri Handayani",
            "Suratmi",
            "Dwi Astuti",
            "Sumiyati",
            "Ratna Sari",
        ],
    },
    "melayu": {
        "L": [
            "Hendra Saputra",
            "Rusli",
            "Zulkifli",
            "Amran",
            "Fikri Ramadhan",
            "Syahrial",
            "Jamaludin",
            "Herman",
        ],
        "P": [
            "Nurhayati",
            "Rosmawati",
            "Yuliana",
            "Siti Zubaidah",
            "Rahmawati",
            "Marlina",
            "Fitriani",
            "Suryani",
        ],
    },
}
# Birth dates count back from a fixed day, so the same people come out in any year.
REFERENCE_DAY = datetime.date(2025, 12, 31)
STREETS = [
    "Jl. Kenanga",
    "Jl. Melati",
    "Jl. Pahlawan",
    "Jl. Merdeka",
    "Gang Mawar",
    "Jl. Diponegoro",
    "Jl. Sudirman",
    "Banjar Dinas Kaja",
    "Dusun Krajan",
    "RT 03 RW 02",
]


@dataclass
class Person:
    nik: str
    kk: str
    name: str
    birth_place: str
    birth_date: datetime.date
    sex: str
    family_role: str
    address: str
    village_code: str
    phone: str


def nik_for(district_code: str, birth_date: datetime.date, sex: str, serial: int) -> str:
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{district_code.replace('.', '')}{day:02d}{birth_date:%m%y}{serial:04d}"


def households(
    rng: random.Random,
    culture: str,
    villages: list[tuple[str, str]],
    birth_place: str,
    count: int,
    serial_start: int,
) -> list[Person]:
    """About `count` people in households of 1–4 who share a No. KK and an address."""
    people: list[Person] = []
    serial = serial_start
    while len(people) < count:
        village_code, district_code = rng.choice(villages)
        issued = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(5000))
        kk = f"{district_code.replace('.', '')}{issued:%d%m%y}{serial % 10000 or 1:04d}"
        address = f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}"
        head_sex = rng.choice("LLLP")
        members = [("kepala", head_sex, rng.randint(25, 75))]
        if head_sex == "L" and rng.random() < 0.7:
            members.append(("istri", "P", max(20, members[0][2] - rng.randint(0, 8))))
        for _ in range(rng.randint(0, 2)):
            members.append(("anak", rng.choice("LP"), rng.randint(0, 19)))
        for role, sex, age in members:
            serial += 1
            born = REFERENCE_DAY - datetime.timedelta(days=365 * age + rng.randint(0, 364))
            people.append(
                Person(
                    nik=nik_for(district_code, born, sex, serial % 10000 or 1),
                    kk=kk,
                    name=rng.choice(NAMES[culture][sex]),
                    birth_place=birth_place,
                    birth_date=born,
                    sex=sex,
                    family_role=role,
                    address=address,
                    village_code=village_code,
                    phone=f"08{rng.choice('1257')}{rng.randint(10**8, 10**9 - 1)}"
                    if role == "kepala"
                    else "",
                )
            )
    return people
