"""`loket demo`: the five seed offices with their real standards, plus synthetic casework.

Idempotent: offices, standards and services are matched by their natural keys and updated in
place; synthetic people are deterministic and matched by NIK; nothing is added twice. Only a
newly created person gets an application, worked through the domain layer (`demo.casework`).
"""

import datetime
import random
import secrets
from collections.abc import Callable

from backoffice import config
from backoffice.dataload import load_regions
from backoffice.db import database
from backoffice.demo import casework, people
from backoffice.demo.seeds import OFFICES
from backoffice.domain import complaints
from backoffice.domain.phone import normalize_phone
from backoffice.models import (
    Applicant,
    CannedAnswer,
    Complaint,
    ComplaintChannel,
    Office,
    OfficeHours,
    ProcedureStep,
    Quota,
    Requirement,
    Service,
    ServiceStandard,
    SurveyResponse,
    User,
    Village,
)
from backoffice.models.accounts import ROLES
from backoffice.models.base import utcnow
from backoffice.models.standards import COMPONENTS

CULTURE = {
    "bali": "bali",
    "karangasem": "bali",
    "banjarmasin": "banjar",
    "batang": "jawa",
    "belitung": "melayu",
}
PEOPLE_PER_OFFICE = 75
STANDARD_FIELDS = [
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
] + [field for field, _ in COMPONENTS]
SERVICE_FIELDS = [
    "kind",
    "promised_amount",
    "promised_unit",
    "promised_text",
    "around_the_clock",
    "needs_home_visit",
    "uses_quota",
    "product",
]
OFFICE_FIELDS = [
    "name",
    "short_name",
    "city",
    "address",
    "phone",
    "email",
    "website",
    "time_zone",
    "head_name",
    "head_rank",
    "head_nip",
    "complaint_response_days",
]
# Every office gets its own staff, one account a role; the installation's admin has no office.
OFFICE_ROLES = ("petugas", "verifikator", "supervisor", "webmaster")
CASEWORK_ROLES = ("petugas", "verifikator", "supervisor")
ADMIN_USERNAME = "demo.admin"


def load_demo(progress: Callable[[int], None] = lambda n: None) -> list[tuple[str, str, str, str]]:
    """Load everything; return the demo logins as (username, role, office name, password)."""
    regencies = [o["regency_code"] for o in OFFICES if o["regency_code"]] + ["51.71"]
    load_regions(regencies)
    progress(1)
    with database.atomic():
        for spec in OFFICES:
            office = upsert_office(spec)
            for standard_spec in spec["standards"]:
                upsert_standard(office, standard_spec)
            progress(1)
    # The logins first: each office's casework is made by its own accounts.
    logins = demo_logins()
    now = utcnow()
    with database.atomic():
        for spec in OFFICES:
            office = Office.get(Office.slug == spec["slug"])
            load_casework(office, spec, now)
            progress(1)
    return logins


def upsert_office(spec: dict) -> Office:
    office = Office.get_or_none(Office.slug == spec["slug"]) or Office(slug=spec["slug"])
    for field in OFFICE_FIELDS:
        setattr(office, field, spec[field])
    office.province = spec["province_code"]
    office.regency = spec["regency_code"]
    office.save()
    OfficeHours.delete().where(OfficeHours.office == office).execute()
    for weekday, opens, closes in spec["hours"]:
        OfficeHours.create(office=office, weekday=weekday, opens=opens, closes=closes)
    ComplaintChannel.delete().where(ComplaintChannel.office == office).execute()
    for position, (channel, value) in enumerate(spec["complaint_channels"]):
        ComplaintChannel.create(office=office, channel=channel, value=value, position=position)
    return office


def upsert_standard(office: Office, spec: dict) -> ServiceStandard:
    standard = ServiceStandard.get_or_none(
        (ServiceStandard.office == office) & (ServiceStandard.title == spec["title"])
    ) or ServiceStandard(office=office)
    for field in STANDARD_FIELDS:
        setattr(standard, field, spec[field])
    standard.signed_place = office.city
    standard.updated_at = utcnow()
    standard.save()
    for service_spec in spec["services"]:
        upsert_service(standard, service_spec)
    return standard


def upsert_service(standard: ServiceStandard, spec: dict) -> Service:
    service = Service.get_or_none(
        (Service.standard == standard) & (Service.name == spec["name"])
    ) or Service(standard=standard, name=spec["name"])
    for field in SERVICE_FIELDS:
        setattr(service, field, spec[field])
    service.default_funding = spec.get("default_funding", "")
    service.save()
    # Requirements are matched by label so applications' ticked documents stay attached.
    existing = {r.label: r for r in service.requirements}
    for position, (label, required) in enumerate(spec["requirements"]):
        requirement = existing.pop(label, None) or Requirement(service=service, label=label)
        requirement.position, requirement.required = position, required
        requirement.save()
    ProcedureStep.delete().where(ProcedureStep.service == service).execute()
    for position, (text, minutes) in enumerate(spec["steps"]):
        ProcedureStep.create(service=service, position=position, text=text, minutes=minutes)
    return service


def office_villages(office: Office) -> list[tuple[str, str]]:
    """(village code, district code) of the office's regency (Denpasar for the province)."""
    regency = office.regency_id or "51.71"
    rows = (
        Village.select(Village.code, Village.district)
        .where(Village.code.startswith(regency + "."))
        .order_by(Village.code)
    )
    return [(v.code, v.district_id) for v in rows]


def load_casework(office: Office, spec: dict, now: datetime.datetime) -> None:
    # Two generators per office: the people come out the same on every run, whatever
    # the casework generator was asked for in between.
    rng = random.Random(f"{spec['slug']}-casework")
    villages = office_villages(office)
    services = list(Service.select().join(ServiceStandard).where(ServiceStandard.office == office))
    serial_start = 1000 * (OFFICES.index(spec) + 1)
    persons = people.households(
        random.Random(spec["slug"]),
        CULTURE[spec["slug"]],
        villages,
        office.city or "Denpasar",
        PEOPLE_PER_OFFICE,
        serial_start,
    )
    add_quotas(rng, sorted({p.village_code for p in persons}), now)
    applications = []
    for person in persons:
        applicant, created = upsert_applicant(rng, person, office)
        if created and services and rng.random() < 0.8:
            applications.append((applicant, rng.choice(services)))
    if applications:
        casework.simulate(rng, office, office_staff(office), applications, now)
    if services:
        add_complaints_and_surveys(rng, office, services)


def add_quotas(rng: random.Random, villages: list[str], now: datetime.datetime) -> None:
    """Each village's quota per funding source, for every year the demo's casework spans."""
    window_start = now - datetime.timedelta(days=casework.WINDOW_DAYS)
    for year in sorted({window_start.year, now.year}):
        for village_code in villages:
            for source in ("APBD", "APBN"):
                Quota.get_or_create(
                    village=village_code,
                    year=year,
                    funding_source=source,
                    defaults={"allocation": rng.randint(5, 40)},
                )


def office_staff(office: Office) -> dict[str, User]:
    """The office's counter clerk, verifier and supervisor (demo logins, see demo_logins)."""
    return {role: User.get(User.username == f"{role}.{office.slug}") for role in CASEWORK_ROLES}


def upsert_applicant(
    rng: random.Random, person: people.Person, office: Office
) -> tuple[Applicant, bool]:
    existing = Applicant.get_or_none(Applicant.nik == person.nik)
    if existing is not None:
        return existing, False
    decile = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, None])
    return Applicant.create(
        nik=person.nik,
        kk=person.kk,
        name=person.name,
        birth_place=person.birth_place,
        birth_date=person.birth_date,
        sex=person.sex,
        family_role=person.family_role,
        address=person.address,
        village=person.village_code,
        phone=normalize_phone(person.phone) if person.phone else "",  # as the form stores it
        dtsen_status="terdaftar" if decile else "belum_dicek",
        dtsen_decile=decile,
        dtks_listed=rng.random() < 0.5,
        work_status=rng.choice(["BP", "BP", "PBPU", "PPU"]),
        chronic_priority=rng.random() < 0.15,
        office=office,
    ), True


def add_complaints_and_surveys(rng: random.Random, office: Office, services: list[Service]) -> None:
    if Complaint.select().where(Complaint.office == office).exists():
        return
    topics = [
        "Kartu KIS belum aktif padahal sudah diusulkan dua bulan lalu.",
        "Antrean di loket terlalu lama, mohon ditambah petugas.",
        "Bagaimana cara mengecek status usulan PBI keluarga kami?",
        "Nama di kartu BPJS salah ketik, mohon dibantu perbaikannya.",
    ]
    CannedAnswer.create(
        office=office,
        title="Usulan menunggu kuota",
        body="Usulan Anda sudah kami terima dan menunggu kuota desa; kami kabari bila aktif.",
    )
    for n, content in enumerate(topics):
        received = utcnow() - datetime.timedelta(days=rng.randint(1, 60))
        channel = rng.choice(["whatsapp", "langsung", "telepon", "lapor"])
        complaint = complaints.receive(
            Complaint(
                office=office,
                channel=channel,
                lapor_tracking_id=f"LAPOR-{rng.randint(1000000, 9999999)}"
                if channel == "lapor"
                else "",
                category="informasi" if content.endswith("?") else "pengaduan",
                reporter_name=rng.choice(["Warga", "Keluarga pemohon"]),
                content=content,
                received_at=received,
            ),
            None,
        )
        if n % 2 == 0:  # answered two days later (demo history, not a live disposition)
            complaint.status, complaint.response = (
                "responded",
                "Sudah kami periksa dan tindak lanjuti.",
            )
            complaint.responded_at = received + datetime.timedelta(days=2)
            complaint.save()
    for _ in range(30):
        SurveyResponse.create(
            office=office,
            service=rng.choice(services),
            date=datetime.date.today() - datetime.timedelta(days=rng.randint(0, 150)),
            respondent_sex=rng.choice("LP"),
            respondent_age=rng.randint(18, 75),
            respondent_occupation=rng.choice(["petani", "buruh", "irt", "wiraswasta"]),
            **{f"u{n}": rng.choices([2, 3, 4], [1, 5, 4])[0] for n in range(1, 10)},
        )


def demo_logins() -> list[tuple[str, str, str, str]]:
    """The installation's admin (no office) and, for every office, one account per role:
    (username, role, office name, password). Passwords are generated once and kept in
    instance/demo_logins.txt (mode 600)."""
    store = config.instance_dir() / "demo_logins.txt"
    saved = (
        dict(line.split("\t", 1) for line in store.read_text().splitlines() if "\t" in line)
        if store.exists()
        else {}
    )
    accounts = [(ADMIN_USERNAME, "admin", None)] + [
        (f"{role}.{office.slug}", role, office)
        for office in Office.select().order_by(Office.slug)
        for role in OFFICE_ROLES
    ]
    logins = []
    for username, role, office in accounts:
        password = demo_account(username, role, office, saved.get(username))
        logins.append((username, role, office.name if office else "semua dinas", password))
    store.write_text("".join(f"{u}\t{p}\n" for u, _, _, p in logins))
    store.chmod(0o600)
    return logins


def demo_account(username: str, role: str, office: Office | None, password: str | None) -> str:
    """Create or repair one demo account; return its password."""
    user = User.get_or_none(User.username == username)
    if user is None or password is None or not user.check_password(password):
        password = password or secrets.token_urlsafe(9)
        label = f"{dict(ROLES)[role]} {office.short_name}" if office else "Administrator demo"
        user = user or User(username=username, role=role, office=office, full_name=label)
        user.set_password(password)
        user.save()
    return password
