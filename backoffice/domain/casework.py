"""Operations on applications (operasi permohonan): receive, tick documents, move through the
workflow, assign verifiers. The back-office and the CLI call these; each is one transaction, and
a refusal raises ValidationError with nothing changed.
"""

import datetime
from zoneinfo import ZoneInfo

from backoffice.db import serialize_on, write_transaction
from backoffice.domain import checks, person_lookups, scope, workflow
from backoffice.domain.applications import hold_new_application
from backoffice.domain.deadlines import calendar_for, service_due_at
from backoffice.domain.errors import ValidationError
from backoffice.domain.identity import parse_nik
from backoffice.domain.quotas import release
from backoffice.models import (
    Applicant,
    Application,
    ApplicationEvent,
    Office,
    ReceivedDocument,
    Service,
    User,
)
from backoffice.models.applications import CLOSED_STATUSES
from backoffice.models.base import utcnow

QUEUE_PREFIX = {
    "new_proposal": "U",
    "emergency": "D",
    "transfer_pbpu": "M",
    "transfer_ppu": "M",
    "reactivation": "R",
    "termination": "P",
    "arrears_transfer": "T",
    "pemkab_registration": "B",
}
LETTER_CODE = {"reactivation": "REAKT", "termination": "PUTUS"}
# Input fields whose text goes into the timeline entry of the transition.
EVENT_NOTE_INPUT = {
    "return_incomplete": "missing_documents",
    "verify": "visit_findings",
    "decide_eligible": "decision_reason",
    "decide_ineligible": "decision_reason",
    "reject_bpjs": "decision_reason",
    "activate": "bpjs_card_number",
    "cancel": "note",
}
OFFICE_LOCK = 7_000_000  # advisory-lock namespace: one key per office


def office_of(application: Application) -> Office:
    return application.service.standard.office


def local_now(office: Office, now_utc: datetime.datetime) -> datetime.datetime:
    return now_utc.replace(tzinfo=datetime.UTC).astimezone(ZoneInfo(office.iana_zone))


def lock_office(office: Office) -> None:
    serialize_on(OFFICE_LOCK + office.id)


def record(app, user, action, from_status, to_status, note="", at=None) -> ApplicationEvent:
    return ApplicationEvent.create(
        application=app,
        user=user,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        at=at or utcnow(),
    )


# --- reception ---------------------------------------------------------------------------
def next_queue_number(office: Office, service: Service, now_utc: datetime.datetime) -> str:
    """Today's next number at the office's counter for the service's letter, e.g. "U-007"."""
    prefix = QUEUE_PREFIX.get(service.kind, "L")
    local = local_now(office, now_utc)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    start_utc = start.astimezone(datetime.UTC).replace(tzinfo=None)
    taken = (
        Application.select()
        .join(Service)
        .where(
            (Service.standard.in_(office.standards))
            & (Application.received_at >= start_utc)
            & (Application.queue_number.startswith(prefix + "-"))
        )
        .count()
    )
    return f"{prefix}-{taken + 1:03d}"


def deadline_for(service: Service, office: Office, received_utc: datetime.datetime):
    return service_due_at(service, received_utc, calendar_for(office))


def reschedule(office: Office) -> int:
    """Recompute the deadline of every application of `office` whose clock still runs, after
    its calendar changed (a closure or opening hours added or removed); the count moved."""
    calendar = calendar_for(office)
    moved = 0
    with write_transaction():
        for app in Application.pending().where(Application.service.in_(scope.services_of(office))):
            due = service_due_at(app.service, app.received_at, calendar)
            if due != app.due_at:
                Application.update(due_at=due).where(Application.id == app.id).execute()
                moved += 1
    return moved


def stamp_reception(app: Application, user: User | None, now: datetime.datetime) -> None:
    """Give a just-created application its queue number, deadline and first timeline entry."""
    office = office_of(app)
    lock_office(office)
    app.received_at = now
    app.queue_number = next_queue_number(office, app.service, now)
    app.due_at = deadline_for(app.service, office, now)
    app.save()
    record(app, user, "receive", "", app.status, at=now)


def receive(
    applicant: Applicant,
    service: Service,
    user: User | None,
    funding_source: str = "APBD",
    notes: str = "",
    documents=(),
    now: datetime.datetime | None = None,
) -> Application:
    """Register an application at the counter (diterima) with the documents brought."""
    now = now or utcnow()
    with write_transaction():
        hold_new_application(applicant, service)
        app = Application.create(
            applicant=applicant, service=service, funding_source=funding_source, notes=notes
        )
        stamp_reception(app, user, now)
        if documents:
            set_documents(app.id, documents, user, now)
    return app


def receive_registered_person(
    nik: str,
    service: Service,
    user: User,
    funding_source: str = "APBD",
    now: datetime.datetime | None = None,
    seeker: person_lookups.Seeker | None = None,
) -> Application:
    """Register an application for a person already registered, possibly by another office,
    found by their full NIK (the officer holds their KTP). The person's record is not shown
    before: it becomes visible to this office through the application. A NIK the office does
    not see yet is looked up within `seeker`'s limits (domain.person_lookups), found or not.

    Raises ValidationError on "nik" when the NIK is malformed or unknown (or the look-up
    limit is reached), and on "service" when the service is not the officer's office's."""
    number = parse_nik(nik).nik
    applicant = Applicant.get_or_none(Applicant.nik == number)
    viewer = scope.Viewer.of(user)
    if applicant is None or scope.visible(Applicant, applicant.id, viewer) is None:
        found = [person_lookups.Found(number, applicant.office_id)] if applicant else []
        person_lookups.refuse_if_withheld(seeker, "registered", "nik", found, now or utcnow())
    if applicant is None:
        raise ValidationError(
            {"nik": "NIK ini belum terdaftar. Daftarkan orangnya di menu Pemohon › Tambah."}
        )
    if user.office_id is not None and office_of_service(service).id != user.office_id:
        raise ValidationError({"service": "Pilih jenis layanan dinas Anda."})
    return receive(applicant, service, user, funding_source, now=now)


def office_of_service(service: Service) -> Office:
    return service.standard.office


# --- documents ---------------------------------------------------------------------------
def set_documents(application_id: int, requirement_ids, user: User, now=None) -> Application:
    """Replace the ticked documents (berkas diterima) of an application still at the counter."""
    if user is not None and user.role not in workflow.COUNTER:
        raise ValidationError({"documents": "Berkas dicentang oleh petugas loket."})
    with write_transaction():
        app = load(application_id)
        if app.status not in ("received", "incomplete", "complete"):
            raise ValidationError(
                {"documents": "Berkas hanya dapat diubah selama permohonan masih di loket."}
            )
        valid = {r.id: r for r in app.service.requirements}
        texts = [str(i).strip() for i in requirement_ids]
        if not all(t.isascii() and t.isdigit() and len(t) <= 18 for t in texts):
            raise ValidationError({"documents": "Ada berkas yang bukan persyaratan layanan ini."})
        wanted = {int(t) for t in texts}
        if not wanted <= set(valid):
            raise ValidationError({"documents": "Ada berkas yang bukan persyaratan layanan ini."})
        ticked = {d.requirement_id for d in app.documents}
        ReceivedDocument.delete().where(
            (ReceivedDocument.application == app) & ReceivedDocument.requirement.not_in(wanted)
        ).execute()
        for requirement_id in sorted(wanted - ticked):  # a document keeps the day it came
            ReceivedDocument.create(
                application=app, requirement=requirement_id, received_at=now or utcnow()
            )
        if app.status == "complete" and checks.missing_required(app):
            raise ValidationError(
                {
                    "documents": "Permohonan sudah berstatus berkas lengkap: berkas wajib "
                    "tidak dapat dihapus centangnya."
                }
            )
        return app


# --- transitions -------------------------------------------------------------------------
def load(application_id: int, user: User | None = None) -> Application:
    """The application, as `user` may act on it: an account with an office acts only on its
    office's applications (another office's is "not found", its existence not disclosed)."""
    app = Application.get_or_none(Application.id == application_id)
    outside = app is not None and user is not None and user.office_id is not None
    if app is None or (outside and office_of(app).id != user.office_id):
        raise ValidationError({"action": f"Permohonan #{application_id} tidak ditemukan."})
    return app


def apply(
    application_id: int,
    action: str,
    user: User,
    inputs: dict | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """Make one transition; refuse (ValidationError, nothing changed) when not allowed."""
    t = workflow.transition(action)
    if action in workflow.BATCH_ONLY:
        raise ValidationError({"action": "Usulan ke BPJS dibuat per batch dari daftar."})
    with write_transaction():
        return move(load(application_id, user), t, user, dict(inputs or {}), now or utcnow())


def apply_many(ids, action: str, user: User, inputs: dict | None = None, now=None) -> int:
    """The same transition for several applications: all of them, or none."""
    t = workflow.transition(action)
    now = now or utcnow()
    problems = []
    with write_transaction() as txn:
        for application_id in ids:
            try:
                move(load(application_id, user), t, user, dict(inputs or {}), now)
            except ValidationError as exc:
                problems.append(f"#{application_id}: " + " ".join(exc.errors.values()))
        if problems:
            txn.rollback()
            raise ValidationError({"action": "Tidak ada yang diubah. " + " | ".join(problems)})
    return len(ids)


def move(app: Application, t: workflow.Transition, user: User, inputs: dict, now):
    """The transition `t` of `app`, inside the caller's transaction."""
    reason = workflow.refusal(t, app.status, app.service.kind, user.role)
    if reason:
        raise ValidationError({"action": reason})
    office = office_of(app)
    ctx = checks.Context(user=user, today=local_now(office, now).date(), inputs=inputs)
    errors = {}
    for need in t.needs:
        errors.update(checks.CHECKS[need](app, ctx))
    if errors:
        raise ValidationError(errors)
    old = app.status
    for name in t.inputs:
        if name != "note":
            setattr(app, name, stored_value(name, ctx.inputs.get(name)))
    EFFECTS.get(t.action, lambda *a: None)(app, user, ctx)
    change_status(app, old, t.target, now)
    note = ctx.text(EVENT_NOTE_INPUT[t.action]) if t.action in EVENT_NOTE_INPUT else ""
    record(app, user, t.action, old, t.target, note, at=now)
    return app


def stored_value(name: str, value):
    """An input as its column keeps it: text stripped, a blank non-null column its default."""
    field = Application._meta.fields[name]
    if isinstance(value, str):
        value = value.strip()
    if value is None and not field.null:
        return field.default
    return value


def change_status(app: Application, old: str, new: str, now) -> None:
    """Save `app` in state `new`, unless someone else moved it since it was read."""
    changed = (
        Application.update(status=new)
        .where((Application.id == app.id) & (Application.status == old))
        .execute()
    )
    if not changed:
        raise ValidationError(
            {"action": f"Permohonan #{app.id} baru saja diubah petugas lain. Muat ulang halaman."}
        )
    app.status = new
    app.updated_at = now
    if new in CLOSED_STATUSES:
        app.closed_at = now
    app.save()


def claim_verification(app, user, ctx) -> None:
    if app.verifier_id is None:
        app.verifier = user


def number_letter(app, user, ctx) -> None:
    if not app.letter_number:
        code = LETTER_CODE.get(app.service.kind, "SRT")
        app.letter_number = f"{app.id:05d}/{code}/{office_of(app).slug.upper()}/{ctx.today.year}"


def start_arrears_window(app, user, ctx) -> None:
    """A transferred member in arrears has 6 months from activation to clear the debt."""
    if app.arrears_amount:
        app.arrears_due = checks.months_before(app.activated_on, -6)


def give_back_quota(app, user, ctx) -> None:
    if app.quota_id is not None:
        release(app.quota_id)


EFFECTS = {
    "verify": claim_verification,
    "issue_letter": number_letter,
    "activate": start_arrears_window,
    "reject_bpjs": give_back_quota,
}


# --- verifier assignment -----------------------------------------------------------------
ASSIGNABLE = frozenset({"received", "incomplete", "complete"})


def assignable(app: Application) -> bool:
    """True while a field verifier may be given `app`: a proposal not yet verified."""
    return workflow.flow_of(app.service.kind) == "proposal" and app.status in ASSIGNABLE


def assign_verifier(ids, verifier: User, user: User, now=None) -> int:
    """Give several applications to one field verifier (supervisor's job); all or none."""
    now = now or utcnow()
    if user.role not in workflow.DECIDERS:
        raise ValidationError({"verifier": "Hanya supervisor atau admin yang menugaskan."})
    if verifier is None or verifier.role != "verifikator" or not verifier.active:
        raise ValidationError({"verifier": "Pilih akun verifikator yang aktif."})
    with write_transaction():
        apps = [load(i, user) for i in ids]
        if any(verifier.office_id not in (None, office_of(a).id) for a in apps):
            raise ValidationError({"verifier": "Verifikator ini bukan petugas dinas tersebut."})
        wrong = [f"#{a.id}" for a in apps if not assignable(a)]
        if wrong:
            raise ValidationError(
                {
                    "verifier": "Hanya permohonan yang belum diverifikasi dapat ditugaskan: "
                    + ", ".join(wrong)
                }
            )
        for app in apps:
            app.verifier = verifier
            app.updated_at = now
            app.save()
            record(app, user, "assign_verifier", app.status, app.status, str(verifier), now)
    return len(apps)
