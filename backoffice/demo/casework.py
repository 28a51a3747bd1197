"""Synthetic casework for `loket demo`, made through the domain layer like an office would.

Each new application gets a target status its service's flow can reach, and a path there read
from the workflow table. It is received at the counter on a past working day, its documents
ticked, and each transition is made by the office's staff of the right role at increasing
moments, never later than now. Proposals go to BPJS in monthly batches within the villages'
quotas: what does not fit, or what BPJS has not answered yet, stays where it is. An application
whose next step would fall after now simply stops where it got to, as it would in the office.
"""

import datetime
import heapq
import random
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from backoffice.domain import casework, workflow
from backoffice.domain.batches import propose_batch
from backoffice.domain.deadlines import OfficeCalendar, calendar_for, is_working_day
from backoffice.domain.quotas import batch_period
from backoffice.models import Applicant, Application, Office, Quota, Service, User
from backoffice.models.applications import CLOSED_STATUSES

# (status, share) per flow: where the demo leaves its applications; most still in progress.
TARGET_MIX = {
    "proposal": [
        ("received", 10),
        ("incomplete", 5),
        ("complete", 10),
        ("verified", 9),
        ("eligible", 8),
        ("ineligible", 4),
        ("proposed", 14),
        ("activated", 20),
        ("rejected", 3),
        ("cancelled", 2),
    ],
    "letter": [
        ("received", 20),
        ("incomplete", 8),
        ("complete", 12),
        ("done", 55),
        ("cancelled", 5),
    ],
    "counter": [
        ("received", 25),
        ("incomplete", 5),
        ("complete", 15),
        ("done", 53),
        ("cancelled", 2),
    ],
}
# Calendar days after the previous step (low, high); 0 is later the same day.
STEP_DAYS = {
    "return_incomplete": (0, 0),
    "complete_documents": (0, 0),
    "assign_verifier": (0, 3),
    "verify": (1, 12),
    "decide_eligible": (1, 6),
    "decide_ineligible": (1, 6),
    "propose": (0, 0),  # waits for the office's next batch instead
    "activate": (14, 40),
    "reject_bpjs": (14, 40),
    "issue_letter": (0, 0),
    "record_emergency": (0, 0),
    "cancel": (1, 20),
}
RETURN_DAYS = (2, 10)  # an application returned incomplete comes back with the rest
BATCH_WAIT_DAYS = 20  # a monthly batch is on average this far away
WINDOW_DAYS = 180
BATCH_MONTHS = 6  # one batch a month, on the first working day from BATCH_DAY
BATCH_DAY = 12  # well before the e-Dabu cut-off, so the batch counts for its own month
FRESH_SHARE = 0.35  # of the applications that could be, the share received today
# The account that makes each step: the counter clerk where the workflow lets one.
STAFF_ORDER = ("petugas", "verifikator", "supervisor")
STAFF_STEP = {"assign_verifier": "supervisor"}

FINDINGS = {
    "eligible": [
        "Rumah semi permanen berdinding bambu, lantai tanah; kepala keluarga buruh harian "
        "lepas dengan 4 tanggungan.",
        "Tinggal menumpang di rumah orang tua, penghasilan tidak tetap dari berjualan sayur.",
        "Lansia tinggal sendiri, tidak bekerja, dibantu tetangga untuk kebutuhan sehari-hari.",
        "Kepala keluarga sakit menahun dan tidak bekerja; istri buruh tani musiman.",
        "Rumah kontrakan satu kamar, suami tukang ojek, dua anak usia sekolah.",
    ],
    "ineligible": [
        "Rumah permanen dua lantai, memiliki mobil pribadi; suami karyawan BUMN.",
        "Pemohon tercatat sebagai pekerja penerima upah aktif di perusahaan swasta.",
        "Keluarga memiliki toko bangunan dan tiga sepeda motor; penghasilan di atas UMK.",
    ],
}
DECISIONS = {
    "eligible": [
        "Memenuhi kriteria fakir miskin dan orang tidak mampu; desil DTSEN 1-5.",
        "Hasil kunjungan sesuai data DTSEN; layak diusulkan sebagai peserta PBI.",
        "Tidak mampu membayar iuran mandiri; layak dialihkan ke PBI daerah.",
    ],
    "ineligible": [
        "Tidak memenuhi kriteria miskin/tidak mampu berdasarkan hasil verifikasi lapangan.",
        "Masih terdaftar sebagai peserta PPU aktif; tidak dapat diusulkan sebagai PBI.",
    ],
}
BPJS_REJECTIONS = [
    "NIK tidak padan dengan data Dukcapil; perbaiki data kependudukan lalu usulkan ulang.",
    "Peserta sudah terdaftar aktif di segmen PPU menurut data BPJS Kesehatan.",
]
CANCEL_NOTES = [
    "Pemohon mengundurkan diri: sudah didaftarkan perusahaan tempat bekerja.",
    "Pemohon meninggal dunia, dilaporkan oleh keluarga.",
    "Permohonan ganda, sudah diproses lewat permohonan lain.",
]


@dataclass
class Case:
    """One application on its way to its target: the steps still ahead and where it is."""

    applicant: Applicant
    service: Service
    funding_source: str
    path: list[str]
    received: datetime.datetime
    verdict: str = "eligible"
    app_id: int | None = None
    step: int = 0

    @property
    def action(self) -> str | None:
        return self.path[self.step] if self.step < len(self.path) else None


@dataclass
class Desk:
    """One office's simulation: its calendar, staff, the clock and the pending events."""

    rng: random.Random
    office: Office
    staff: dict[str, User]
    now: datetime.datetime
    events: list = field(default_factory=list)  # heap of (moment, seq, handler)
    waiting: list[Case] = field(default_factory=list)  # eligible, waiting for a batch
    seq: int = 0
    calendar: OfficeCalendar = field(init=False)
    zone: ZoneInfo = field(init=False)
    today: datetime.date = field(init=False)

    def __post_init__(self):
        self.calendar = calendar_for(self.office)
        self.zone = ZoneInfo(self.office.iana_zone)
        self.today = self.local(self.now).date()

    def local(self, moment_utc: datetime.datetime) -> datetime.datetime:
        return moment_utc.replace(tzinfo=datetime.UTC).astimezone(self.zone)

    def at(self, moment: datetime.datetime, handler) -> None:
        if moment < self.now:
            self.seq += 1
            heapq.heappush(self.events, (moment, self.seq, handler))


def simulate(
    rng: random.Random,
    office: Office,
    staff: dict[str, User],
    applications: list[tuple[Applicant, Service]],
    now: datetime.datetime,
) -> None:
    """Receive and work the (applicant, service) pairs up to `now` (naive UTC)."""
    desk = Desk(rng, office, staff, now)
    for applicant, service in applications:
        case = plan_case(desk, applicant, service)
        desk.at(case.received, lambda moment, case=case: receive(desk, case, moment))
    for day in batch_days(desk):
        moment = office_moment(desk, day, earliest=datetime.time(10))
        desk.at(moment, lambda moment: run_batch(desk, moment))
    while desk.events:
        moment, _, handler = heapq.heappop(desk.events)
        handler(moment)


# --- planning ----------------------------------------------------------------------------
def plan_case(desk: Desk, applicant: Applicant, service: Service) -> Case:
    rng, flow = desk.rng, workflow.flow_of(service.kind)
    target = rng.choices(*zip(*TARGET_MIX[flow], strict=True))[0]
    path = path_for(rng, flow, target)
    if path[:1] == ["return_incomplete"] and not any(r.required for r in service.requirements):
        path.pop(0)  # nothing to bring, nothing to return as incomplete
    if flow == "proposal" and target in ("complete", "received") and rng.random() < 0.5:
        path.append("assign_verifier")  # on the verifier's list, not visited yet
    source = "APBN" if (applicant.dtsen_decile or 10) <= 5 and rng.random() < 0.5 else "APBD"
    verdict = "ineligible" if "decide_ineligible" in path else "eligible"
    received = reception_moment(desk, path, closed=target in CLOSED_STATUSES)
    return Case(applicant, service, source, path, received, verdict)


def path_for(rng: random.Random, flow: str, target: str) -> list[str]:
    """The actions from "received" to `target`: the shortest way in the workflow table, with
    the detours an office sees (returned incomplete first, cancelled part way)."""
    paths = shortest_paths(flow)
    if target == "cancelled":
        stops = sorted(workflow.BY_ACTION["cancel"].sources & paths.keys())
        path = paths[rng.choice(stops)] + ["cancel"]
    else:
        path = list(paths[target])
    if path[:1] == ["complete_documents"] and rng.random() < 0.25:
        path.insert(0, "return_incomplete")
    if "verify" in path:
        path.insert(path.index("verify"), "assign_verifier")
    return path


def shortest_paths(flow: str) -> dict[str, list[str]]:
    """{status: the fewest actions from "received" to it} for every status `flow` reaches."""
    paths, frontier = {"received": []}, ["received"]
    for status in frontier:
        for t in workflow.TRANSITIONS:
            if status in t.sources and flow in t.flows and t.target not in paths:
                paths[t.target] = paths[status] + [t.action]
                frontier.append(t.target)
    return paths


def reception_moment(desk: Desk, path: list[str], closed: bool) -> datetime.datetime:
    """Long enough ago for the path to fit: closed cases any time in the window, open ones
    mostly recent, and some of what can be done in a day received today."""
    rng = desk.rng
    days = sum(STEP_DAYS[action][1] for action in path)
    days += RETURN_DAYS[1] if "return_incomplete" in path else 0
    days += BATCH_WAIT_DAYS if "propose" in path else 0
    if days == 0 and rng.random() < FRESH_SHARE:
        age = 0
    elif closed:
        age = rng.randint(min(days, WINDOW_DAYS), WINDOW_DAYS)
    else:
        age = min(days + int(rng.expovariate(1 / 25)), WINDOW_DAYS)
    day = working_day_on_or_before(desk, desk.today - datetime.timedelta(days=age))
    return office_moment(desk, day)


def batch_days(desk: Desk) -> list[datetime.date]:
    """The office's monthly proposal days over the window, up to today."""
    days = []
    for back in range(BATCH_MONTHS, -1, -1):
        month = (desk.today.year * 12 + desk.today.month - 1) - back
        day = datetime.date(month // 12, month % 12 + 1, BATCH_DAY)
        while not is_working_day(day, desk.calendar):
            day += datetime.timedelta(days=1)
        if day <= desk.today:
            days.append(day)
    return days


# --- the clock ---------------------------------------------------------------------------
def working_day_on_or_before(desk: Desk, day: datetime.date) -> datetime.date:
    while not is_working_day(day, desk.calendar) or not opened_by_now(desk, day):
        day -= datetime.timedelta(days=1)
    return day


def opened_by_now(desk: Desk, day: datetime.date) -> bool:
    opens, _ = desk.calendar.opening_hours(day)
    return day < desk.today or desk.local(desk.now).time() > opens


def office_moment(desk: Desk, day: datetime.date, earliest: datetime.time | None = None):
    """A random moment (naive UTC) within the office's hours of `day`, before now."""
    opens, closes = desk.calendar.opening_hours(day)
    start = datetime.datetime.combine(day, max(opens, earliest or opens), desk.zone)
    end = datetime.datetime.combine(day, closes, desk.zone)
    end = min(end, desk.local(desk.now) - datetime.timedelta(minutes=1))
    span = max((end - start).total_seconds(), 0)
    local = start + datetime.timedelta(seconds=desk.rng.uniform(0, span))
    return local.astimezone(datetime.UTC).replace(tzinfo=None)


def next_moment(desk: Desk, case: Case, after: datetime.datetime) -> datetime.datetime:
    low, high = STEP_DAYS[case.action]
    if case.action == "complete_documents" and "return_incomplete" in case.path[: case.step]:
        low, high = RETURN_DAYS
    days = desk.rng.randint(low, high)
    if days == 0:
        return after + datetime.timedelta(minutes=desk.rng.randint(3, 45))
    day = desk.local(after).date() + datetime.timedelta(days=days)
    while not is_working_day(day, desk.calendar):
        day += datetime.timedelta(days=1)
    return office_moment(desk, day)


# --- the steps ---------------------------------------------------------------------------
def receive(desk: Desk, case: Case, moment: datetime.datetime) -> None:
    app = casework.receive(
        case.applicant,
        case.service,
        desk.staff["petugas"],
        funding_source=case.funding_source,
        documents=documents_brought(desk.rng, case),
        now=moment,
    )
    case.app_id = app.id
    schedule(desk, case, moment)


def documents_brought(rng: random.Random, case: Case) -> list[int]:
    required = [r.id for r in case.service.requirements if r.required]
    optional = [r.id for r in case.service.requirements if not r.required]
    brought = [r for r in optional if rng.random() < 0.6]
    if not required:  # e.g. an emergency call centre: nothing to bring
        return brought
    if case.path[:1] == ["return_incomplete"]:
        return brought + rng.sample(required, rng.randrange(len(required)))
    if case.path[:1] == ["complete_documents"] or rng.random() < 0.7:
        return brought + required
    return brought + required[: rng.randrange(len(required) + 1)]


def schedule(desk: Desk, case: Case, after: datetime.datetime) -> None:
    if case.action == "propose":
        desk.waiting.append(case)
    elif case.action is not None:
        desk.at(next_moment(desk, case, after), lambda moment: advance(desk, case, moment))


def advance(desk: Desk, case: Case, moment: datetime.datetime) -> None:
    action = case.action
    user = desk.staff[STAFF_STEP.get(action) or staff_role(action)]
    if action == "assign_verifier":
        casework.assign_verifier([case.app_id], desk.staff["verifikator"], user, now=moment)
    else:
        if action == "complete_documents" and case.step > 0:
            casework.set_documents(case.app_id, documents_completed(case), user, moment)
        inputs = step_inputs(desk, case, action, desk.local(moment).date())
        casework.apply(case.app_id, action, user, inputs, now=moment)
    case.step += 1
    schedule(desk, case, moment)


def staff_role(action: str) -> str:
    roles = workflow.transition(action).roles
    return next(role for role in STAFF_ORDER if role in roles)


def documents_completed(case: Case) -> list[int]:
    """What was ticked before, and the required documents the applicant came back with."""
    ticked = {d.requirement_id for d in Application.get_by_id(case.app_id).documents}
    return sorted(ticked | {r.id for r in case.service.requirements if r.required})


def run_batch(desk: Desk, moment: datetime.datetime) -> None:
    """Propose the eligible applications that fit their villages' quotas, in one go."""
    period = batch_period(desk.local(moment).date(), desk.office.cutoff_day)
    fitting = within_quota(desk.waiting, period.year)
    if not fitting:
        return
    propose_batch([c.app_id for c in fitting], desk.staff["supervisor"], now=moment)
    for case in fitting:
        desk.waiting.remove(case)
        case.step += 1
        schedule(desk, case, moment)


def within_quota(cases: list[Case], year: int) -> list[Case]:
    left: Counter = Counter()
    for quota in Quota.select().where(Quota.year == year):
        left[(quota.village_id, quota.funding_source)] = quota.allocation - quota.used
    fitting = []
    for case in cases:
        key = (case.applicant.village_id, case.funding_source)
        if not case.service.uses_quota or left[key] > 0:
            left[key] -= 1 if case.service.uses_quota else 0
            fitting.append(case)
    return fitting


# --- what the officer types --------------------------------------------------------------
def step_inputs(desk: Desk, case: Case, action: str, day: datetime.date) -> dict:
    rng = desk.rng
    if action == "verify":
        visit = day if case.service.needs_home_visit or rng.random() < 0.5 else None
        return {"visit_date": visit, "visit_findings": rng.choice(FINDINGS[case.verdict])}
    if action in ("decide_eligible", "decide_ineligible"):
        return {
            "decision_reason": rng.choice(DECISIONS[case.verdict]),
            "arrears_amount": arrears(rng, case.service),
        }
    if action == "activate":
        return {"bpjs_card_number": f"0001{rng.randrange(10**9):09d}", "activated_on": day}
    if action == "reject_bpjs":
        return {"decision_reason": rng.choice(BPJS_REJECTIONS)}
    if action == "issue_letter":
        return letter_inputs(desk, case, day)
    if action == "cancel":
        return {"note": rng.choice(CANCEL_NOTES)}
    return {"missing_documents": ""} if action == "return_incomplete" else {}


def arrears(rng: random.Random, service: Service) -> int | None:
    """Months in arrears times the class's monthly contribution (kelas 1 or kelas 3)."""
    if service.kind != "arrears_transfer":
        return None
    monthly = 150_000 if "kelas 1" in service.name.lower() else 35_000
    return monthly * rng.randint(3, 12)


def letter_inputs(desk: Desk, case: Case, day: datetime.date) -> dict:
    if case.service.kind != "reactivation":
        return {"deactivated_on": None, "facility_letter": "", "letter_number": ""}
    rng = desk.rng
    return {
        "deactivated_on": day - datetime.timedelta(days=rng.randint(7, 170)),
        "facility_letter": f"Surat keterangan rawat inap RSUD {desk.office.city} "
        f"No. 445/{rng.randint(100, 999)}/RSUD/{day.year}",
        "letter_number": "",
    }
