"""Applications (permohonan): one applicant asking for one service, its documents, the
transitions it went through (riwayat) and the batches proposed to BPJS (usulan)."""

from peewee import (
    BigIntegerField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office
from backoffice.models.people import Applicant
from backoffice.models.quotas import FUNDING_SOURCES, Quota
from backoffice.models.standards import Requirement, Service

APPLICATION_STATUSES = (
    ("received", "Diterima"),
    ("incomplete", "Berkas belum lengkap"),
    ("complete", "Berkas lengkap"),
    ("verified", "Sudah diverifikasi"),
    ("eligible", "Layak"),
    ("ineligible", "Tidak layak"),
    ("proposed", "Diusulkan ke BPJS"),
    ("activated", "Aktif"),
    ("rejected", "Ditolak BPJS"),
    ("done", "Selesai"),
    ("cancelled", "Dibatalkan"),
)
# An application in one of these states no longer blocks a new one for the same service.
CLOSED_STATUSES = ("ineligible", "activated", "rejected", "done", "cancelled")
# The office's part is over in these states: its deadline no longer runs (BPJS has the rest).
CLOCK_STOPPED = frozenset({"proposed", *CLOSED_STATUSES})
# The rest, named rather than negated: `status IN (...)` is a range of the (status, due_at) index.
PENDING_STATUSES = tuple(code for code, _ in APPLICATION_STATUSES if code not in CLOCK_STOPPED)


class ProposalBatch(BaseModel):
    """Usulan: eligible applications sent to BPJS together, in one monthly period."""

    office = ForeignKeyField(Office, backref="batches", on_delete="RESTRICT")
    number = CharField(max_length=40, unique=True)
    funding_source = CharField(max_length=4, choices=FUNDING_SOURCES)
    period = DateField(index=True)  # first day of the month the batch counts for (cut-off)
    created_at = DateTimeField(default=utcnow)
    created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    size = IntegerField(default=0)

    def __str__(self):
        return self.number


class Application(BaseModel):
    applicant = ForeignKeyField(Applicant, backref="applications", on_delete="RESTRICT")
    service = ForeignKeyField(Service, backref="applications", on_delete="RESTRICT")
    status = CharField(max_length=12, choices=APPLICATION_STATUSES, default="received", index=True)
    funding_source = CharField(max_length=4, choices=FUNDING_SOURCES, default="APBD", index=True)
    received_at = DateTimeField(default=utcnow, index=True)
    updated_at = DateTimeField(default=utcnow)
    closed_at = DateTimeField(null=True)
    notes = TextField(default="")
    bpjs_card_number = CharField(max_length=13, default="")
    queue_number = CharField(max_length=12, default="")
    due_at = DateTimeField(null=True, index=True)
    missing_documents = TextField(default="")
    verifier = ForeignKeyField(User, null=True, backref="assignments", on_delete="SET NULL")
    visit_date = DateField(null=True)
    visit_findings = TextField(default="")
    decision_reason = TextField(default="")
    batch = ForeignKeyField(ProposalBatch, null=True, backref="applications", on_delete="SET NULL")
    quota = ForeignKeyField(Quota, null=True, backref="applications", on_delete="RESTRICT")
    activated_on = DateField(null=True)
    deactivated_on = DateField(null=True)
    facility_letter = CharField(max_length=120, default="")
    arrears_amount = BigIntegerField(null=True)
    arrears_due = DateField(null=True)
    letter_number = CharField(max_length=60, default="")

    def __str__(self):
        return f"#{self.id} {self.service.name}"

    # --- the queries several views and the dashboard share (peewee's `Entry.public()`) ---
    @classmethod
    def open(cls):
        """Applications still in progress: not closed (one per person and service)."""
        return cls.select().where(cls.status.not_in(CLOSED_STATUSES))

    @classmethod
    def pending(cls):
        """Applications on which the office still has work: its deadline runs."""
        return cls.select().where(cls.status.in_(PENDING_STATUSES))

    @classmethod
    def overdue(cls, now_utc):
        """Pending applications past their deadline at `now_utc` (naive UTC)."""
        return cls.pending().where(cls.due_at < now_utc)

    @classmethod
    def due_between(cls, now_utc, end_utc):
        """Pending applications not yet late at `now_utc` but due before `end_utc` (naive
        UTC): "jatuh tempo hari ini" with `end_utc` the office's next midnight."""
        return cls.pending().where((cls.due_at >= now_utc) & (cls.due_at < end_utc))

    @classmethod
    def on_time(cls, now_utc):
        """Pending applications still within their deadline at `now_utc` (naive UTC)."""
        return cls.pending().where(cls.due_at >= now_utc)

    @classmethod
    def visits_for(cls, user):
        """Kunjungan saya: applications waiting for `user`'s home visit, the earliest due
        first."""
        return (
            cls.select()
            .where((cls.verifier == user) & (cls.status == "complete"))
            .order_by(cls.due_at.asc(nulls="LAST"), cls.id)
        )


# One open application per person and service, held by the database itself (a partial unique
# index, on SQLite and PostgreSQL alike) so two counters saving at once cannot both succeed.
ONE_OPEN_APPLICATION = "application_one_open_per_service"
Application.add_index(
    Application.index(
        Application.applicant, Application.service, unique=True, name=ONE_OPEN_APPLICATION
    ).where(Application.status.not_in(CLOSED_STATUSES))
)


# Lists and the dashboard of an office read applications by service (the office scope) and
# status; the applicant scope asks "has this person applied to one of these services".
Application.add_index(Application.service, Application.status)
Application.add_index(Application.status, Application.due_at)
Application.add_index(Application.applicant, Application.service)
Application.add_index(Application.verifier, Application.status)


class ApplicationTally(BaseModel):
    """How many applications a service holds in one status with its deadline on one day
    (`due_on`: the UTC date of `due_at` as YYYY-MM-DD, "" for none): the dashboard's counts.

    Written only by the database's triggers on `application` (migration 0014), so every write
    counts, whatever makes it; the app only reads it. A count may drop to 0 and stay."""

    service = ForeignKeyField(Service, index=False, on_delete="CASCADE")
    status = CharField(max_length=12)
    due_on = CharField(max_length=10, default="")
    n = IntegerField(default=0)

    class Meta:
        table_name = "application_tally"
        indexes = ((("service", "status", "due_on"), True),)


class ApplicationEvent(BaseModel):
    """One transition of an application: who moved it, when, from and to which status."""

    application = ForeignKeyField(Application, backref="events", on_delete="CASCADE")
    at = DateTimeField(default=utcnow, index=True)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = CharField(max_length=30)
    from_status = CharField(max_length=12, choices=APPLICATION_STATUSES, default="")
    to_status = CharField(max_length=12, choices=APPLICATION_STATUSES)
    note = TextField(default="")


class ReceivedDocument(BaseModel):
    """A requirement the applicant brought (berkas diterima), ticked by the officer."""

    application = ForeignKeyField(Application, backref="documents", on_delete="CASCADE")
    requirement = ForeignKeyField(Requirement, on_delete="RESTRICT")
    received_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("application", "requirement"), True),)
