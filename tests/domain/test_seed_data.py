"""The demo seed data (backoffice/demo/seeds.py): what a user of the demo would notice.

Pure data checks: no database, no Flask.
"""

import csv
import datetime
import re

import pytest

from backoffice.demo import seeds
from backoffice.paths import PACKAGE_DIR

WILAYAH_DIR = PACKAGE_DIR / "data" / "wilayah"

COMPONENTS = (
    "requirements",
    "procedure",
    "duration",
    "fee",
    "product",
    "complaints",
    "legal_basis",
    "facilities",
    "competence",
    "supervision",
    "staffing",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
)
SERVICE_DELIVERY = ("requirements", "procedure", "duration", "fee", "product")
OFFICE_KEYS = {
    "slug",
    "name",
    "short_name",
    "province_code",
    "regency_code",
    "city",
    "address",
    "phone",
    "email",
    "website",
    "time_zone",
    "head_name",
    "head_rank",
    "head_nip",
    "hours",
    "complaint_channels",
    "complaint_response_days",
    "standards",
}
STANDARD_KEYS = {
    "title",
    "decree_number",
    "set_date",
    "revision_number",
    "revision_date",
    "effective_date",
    "signatory_name",
    "signatory_rank",
    "signatory_nip",
    "status",
    "services",
    *COMPONENTS,
}
SERVICE_KEYS = {
    "kind",
    "name",
    "promised_amount",
    "promised_unit",
    "promised_text",
    "around_the_clock",
    "needs_home_visit",
    "uses_quota",
    "product",
    "requirements",
    "steps",
}
KINDS = {
    "new_proposal",
    "emergency",
    "transfer_pbpu",
    "transfer_ppu",
    "reactivation",
    "termination",
    "arrears_transfer",
    "pemkab_registration",
    "other",
}
UNITS = {"minutes", "hours", "working_days", "days", "months"}
CHANNELS = {
    "kotak_saran",
    "surat",
    "telepon",
    "email",
    "whatsapp",
    "website",
    "media_sosial",
    "langsung",
    "lapor",
}
# The regency each office's city lies in (public knowledge, checked against the CSV).
CITY_REGENCY = {
    "Amlapura": "Kabupaten Karangasem",
    "Banjarmasin": "Kota Banjarmasin",
    "Batang": "Kabupaten Batang",
    "Tanjungpandan": "Kabupaten Belitung",
    "Denpasar": "Kota Denpasar",
}


def _read_csv(name):
    with open(WILAYAH_DIR / name, newline="", encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


REGENCIES = _read_csv("regencies.csv")
PROVINCES = _read_csv("provinces.csv")


def _office(slug):
    return next(office for office in seeds.OFFICES if office["slug"] == slug)


def _all_standards():
    return [(o["slug"], s) for o in seeds.OFFICES for s in o["standards"]]


def _all_services():
    return [
        (o["slug"], svc) for o in seeds.OFFICES for s in o["standards"] for svc in s["services"]
    ]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


# --- offices ---------------------------------------------------------------------------------


def test_five_offices_with_unique_slugs():
    slugs = [office["slug"] for office in seeds.OFFICES]
    assert sorted(slugs) == ["bali", "banjarmasin", "batang", "belitung", "karangasem"]
    for office in seeds.OFFICES:
        assert set(office) == OFFICE_KEYS, office["slug"]
        assert office["slug"].isascii() and office["slug"].islower()
        assert office["name"] and office["short_name"] and office["city"]


def test_regions_exist_and_match_the_city():
    for office in seeds.OFFICES:
        assert office["province_code"] in PROVINCES, office["slug"]
        city_regency = CITY_REGENCY[office["city"]]
        if office["regency_code"] is None:
            # The provincial office: its city lies in its province.
            regency = next(r for r in REGENCIES.values() if r["name"] == city_regency)
            assert regency["province_code"] == office["province_code"]
            continue
        assert office["regency_code"] in REGENCIES, office["slug"]
        regency = REGENCIES[office["regency_code"]]
        assert regency["name"] == city_regency, office["slug"]
        assert regency["province_code"] == office["province_code"], office["slug"]


def test_only_bali_is_provincial_and_has_no_standard():
    bali = _office("bali")
    assert bali["regency_code"] is None and bali["standards"] == []
    for office in seeds.OFFICES:
        if office["slug"] != "bali":
            assert office["regency_code"] and office["standards"], office["slug"]


def test_time_zones():
    zones = {office["slug"]: office["time_zone"] for office in seeds.OFFICES}
    assert zones == {
        "bali": "WITA",
        "karangasem": "WITA",
        "banjarmasin": "WITA",
        "batang": "WIB",
        "belitung": "WIB",
    }


def test_hours_and_channels_are_well_formed():
    for office in seeds.OFFICES:
        weekdays = [weekday for weekday, _opens, _closes in office["hours"]]
        assert len(weekdays) == len(set(weekdays))
        for weekday, opens, closes in office["hours"]:
            assert 0 <= weekday <= 6
            assert re.fullmatch(r"\d\d:\d\d", opens) and re.fullmatch(r"\d\d:\d\d", closes)
            assert opens < closes
        for channel, value in office["complaint_channels"]:
            assert channel in CHANNELS, (office["slug"], channel)
            assert value.strip()
        days = office["complaint_response_days"]
        assert days is None or (isinstance(days, int) and days > 0)


def test_office_hours_from_the_seeds():
    assert _office("karangasem")["hours"] == [
        (0, "08:00", "15:00"),
        (1, "08:00", "15:00"),
        (2, "08:00", "15:00"),
        (3, "08:00", "15:00"),
        (4, "09:00", "12:00"),
    ]
    assert _office("batang")["hours"] == [
        (0, "07:30", "14:30"),
        (1, "07:30", "14:30"),
        (2, "07:30", "14:30"),
        (3, "07:30", "14:30"),
        (4, "07:30", "10:30"),
    ]


def test_nips_are_18_digits():
    for office in seeds.OFFICES:
        nips = [office["head_nip"]] + [s["signatory_nip"] for s in office["standards"]]
        for nip in nips:
            assert nip == "" or (nip.isdigit() and len(nip) == 18), (office["slug"], nip)
    assert _office("karangasem")["head_nip"] == "196510231986021002"


# --- standards -------------------------------------------------------------------------------


def test_every_standard_has_the_14_components_and_its_fields():
    for slug, standard in _all_standards():
        assert set(standard) == STANDARD_KEYS, (slug, standard["title"])
        assert standard["title"].strip()
        assert standard["status"] in {"draft", "published"}
        assert isinstance(standard["revision_number"], int)
        for field in ("set_date", "revision_date", "effective_date"):
            assert standard[field] is None or isinstance(standard[field], datetime.date)
        for component in COMPONENTS:
            assert isinstance(standard[component], str), (slug, component)
        for component in SERVICE_DELIVERY:
            assert standard[component].strip(), (slug, standard["title"], component)
        assert standard["services"], (slug, standard["title"])


def test_components_the_seeds_publish_are_filled():
    # Karangasem and Belitung publish all 14; Banjarmasin the six of service delivery;
    # Batang's SOP has no complaint handling but gives legal basis, equipment and staff skills.
    for slug, standard in _all_standards():
        if slug in ("karangasem", "belitung"):
            for component in COMPONENTS:
                assert standard[component].strip(), (slug, standard["title"], component)
        if slug == "banjarmasin":
            assert standard["complaints"].strip()
        if slug == "batang":
            for component in ("legal_basis", "facilities", "competence"):
                assert standard[component].strip(), component


def test_karangasem_legal_basis_has_no_broken_lines():
    legal = _office("karangasem")["standards"][0]["legal_basis"]
    items = legal.splitlines()
    assert len(items) == 5
    assert all(re.match(r"\d+\. (Undang|Peraturan|Instruksi)", item) for item in items)
    assert "Optimilisasi Pelaksanaan Program Jaminan Kesehatan Nasional" in legal


def test_standard_dates_and_signatories():
    karangasem = _office("karangasem")["standards"][0]
    assert karangasem["set_date"] == datetime.date(2023, 5, 22)
    assert karangasem["signatory_name"] == "I Komang Daging, S.Sos., M.Si"
    assert _office("banjarmasin")["standards"][0]["decree_number"] == "124"
    batang = _office("batang")["standards"][0]
    # An SOP number and its drafting date are not a decree and its date set.
    assert batang["decree_number"] == "" and batang["set_date"] is None
    assert batang["revision_number"] == 3
    assert batang["revision_date"] == batang["effective_date"] == datetime.date(2022, 9, 28)
    assert batang["signatory_name"] == "dr. Didiet Wisnuhardanto"
    assert batang["signatory_nip"] == "197306192006041013"


# --- services --------------------------------------------------------------------------------


def test_every_service_is_well_formed():
    for slug, service in _all_services():
        assert set(service) - {"default_funding"} == SERVICE_KEYS, (slug, service["name"])
        assert service.get("default_funding", "") in {"", "APBN", "APBD"}
        assert service["kind"] in KINDS, (slug, service["kind"])
        assert service["promised_unit"] in UNITS, (slug, service["promised_unit"])
        assert isinstance(service["promised_amount"], int) and service["promised_amount"] > 0
        assert service["name"].strip() and service["promised_text"].strip()
        assert service["product"].strip()
        assert service["steps"]
        # Only the PSC 119 call centre has no document to bring (its seed lists none).
        assert service["requirements"] or "PSC 119" in service["name"], service["name"]
        for label, required in service["requirements"]:
            assert label.strip() and isinstance(required, bool)
        for text, minutes in service["steps"]:
            assert text.strip()
            assert minutes is None or (isinstance(minutes, int) and minutes > 0)


def test_kinds_and_units_match_the_models_choices():
    standards_model = pytest.importorskip("backoffice.models.standards")
    assert {code for code, _label in standards_model.SERVICE_KINDS} >= KINDS
    assert {code for code, _label in standards_model.TIME_UNITS} >= UNITS


def test_karangasem_has_six_services():
    standard = _office("karangasem")["standards"][0]
    services = {service["kind"]: service for service in standard["services"]}
    assert [service["kind"] for service in standard["services"]] == [
        "emergency",
        "new_proposal",
        "transfer_pbpu",
        "transfer_ppu",
        "reactivation",
        "termination",
    ]
    emergency = services["emergency"]
    assert emergency["around_the_clock"] is True
    assert (emergency["promised_amount"], emergency["promised_unit"]) == (2, "hours")
    assert (
        services["new_proposal"]["promised_amount"],
        services["new_proposal"]["promised_unit"],
    ) == (1, "months")
    assert (
        services["reactivation"]["promised_amount"],
        services["reactivation"]["promised_unit"],
    ) == (1, "days")
    assert (
        services["termination"]["promised_amount"],
        services["termination"]["promised_unit"],
    ) == (15, "minutes")
    pbpu = [label for label, _ in services["transfer_pbpu"]["requirements"]]
    ppu = [label for label, _ in services["transfer_ppu"]["requirements"]]
    assert any("pembayaran" in label for label in pbpu)
    assert any("berhenti bekerja" in label for label in ppu)
    assert not any(s["around_the_clock"] for k, s in services.items() if k != "emergency")


def test_banjarmasin_visits_homes_and_answers_complaints_in_3_days():
    office = _office("banjarmasin")
    assert office["complaint_response_days"] == 3
    (standard,) = office["standards"]
    (service,) = standard["services"]
    assert service["kind"] == "new_proposal"
    assert service["needs_home_visit"] is True and service["uses_quota"] is True
    assert (service["promised_amount"], service["promised_unit"]) == (1, "months")
    assert len(service["steps"]) == 6
    optional = [label for label, required in service["requirements"] if not required]
    assert len(optional) == 1 and "penyakit kronis" in optional[0]


def test_batang_steps_carry_their_minutes():
    (standard,) = _office("batang")["standards"]
    (service,) = standard["services"]
    minutes = [step_minutes for _text, step_minutes in service["steps"]]
    assert minutes[:5] == [5, 5, 10, 10, 10]
    assert minutes[5:] == [None]
    assert standard["fee"] == "GRATIS"
    assert len(service["requirements"]) == 6


def test_belitung_has_four_standards():
    standards = _office("belitung")["standards"]
    assert len(standards) == 4
    kinds = [service["kind"] for standard in standards for service in standard["services"]]
    assert kinds == ["pemkab_registration", "arrears_transfer", "arrears_transfer", "emergency"]
    psc = standards[3]["services"][0]
    assert psc["around_the_clock"] is False  # the seed gives no hours
    assert psc["requirements"] == []  # who may call and how: no document to bring
    assert (psc["promised_amount"], psc["promised_unit"]) == (15, "minutes")
    for standard in standards[:3]:
        service = standard["services"][0]
        assert (service["promised_amount"], service["promised_unit"]) == (20, "minutes")
    assert len({standard["title"] for standard in standards}) == 4


# --- text hygiene ----------------------------------------------------------------------------


def test_no_html_or_ocr_junk_in_any_string():
    everything = list(_strings(seeds.OFFICES)) + list(_strings(seeds.FAQ_BALI))
    for text in everything:
        assert not re.search(r"</?[a-zA-Z][^>]*>", text), text
        assert "<" not in text, text
        assert "Wakyu" not in text and "Aktlvfasi" not in text, text
        assert "\t" not in text, text
        assert "Petugas Petugas" not in text and "selanjutnya selanjutnya" not in text, text
        assert text == text.strip(), repr(text)


def test_faq_bali():
    assert len(seeds.FAQ_BALI) >= 10
    for entry in seeds.FAQ_BALI:
        assert set(entry) == {"question", "answer"}
        assert entry["question"].endswith("?")
        assert len(entry["answer"]) > 20
    answers = " ".join(entry["answer"] for entry in seeds.FAQ_BALI)
    assert "JKN-KBS" in answers and "kuota" in answers
