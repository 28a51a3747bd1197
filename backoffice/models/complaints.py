"""Complaints (pengaduan) as cases: channel, class, reporter, links, deadlines and timeline.

`category` holds the complaint's class (klasifikasi: pengaduan, aspirasi, permintaan
informasi, as SP4N-LAPOR! classes reports); `topic` its subject (kategori). The dispositions
that move `status` are declared in `backoffice.domain.complaints`.
"""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from backoffice.models.accounts import User
from backoffice.models.applications import Application
from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import COMPLAINT_CHANNELS, Office
from backoffice.models.people import Applicant
from backoffice.models.standards import Service

COMPLAINT_CATEGORIES = (
    ("pengaduan", "Pengaduan"),
    ("aspirasi", "Aspirasi"),
    ("informasi", "Permintaan informasi"),
)
COMPLAINT_TOPICS = (
    ("kepesertaan", "Kepesertaan PBI / status kartu"),
    ("persyaratan", "Persyaratan dan berkas"),
    ("waktu", "Lama layanan"),
    ("petugas", "Sikap atau kompetensi petugas"),
    ("kuota", "Kuota dan usulan"),
    ("fasilitas", "Sarana dan prasarana"),
    ("biaya", "Biaya / pungutan"),
    ("lainnya", "Lainnya"),
)
# SP4N-LAPOR!'s resolution times: simple (and information requests), a dispute settled without
# a field check, one that needs a field check.
COMPLEXITIES = (
    ("simple", "Sederhana / informasi (5 hari kerja)"),
    ("dispute", "Sengketa tanpa pemeriksaan lapangan (14 hari kerja)"),
    ("field_check", "Dengan pemeriksaan lapangan (60 hari kerja)"),
)
REPORTER_MODES = (
    ("open", "Identitas terbuka"),
    ("confidential", "Dirahasiakan"),
    ("anonymous", "Anonim"),
)
COMPLAINT_STATUSES = (
    ("received", "Belum diverifikasi"),
    ("verified", "Terverifikasi"),
    ("in_progress", "Ditindaklanjuti"),
    ("paused", "Ditunda (menunggu pelapor)"),
    ("forwarded", "Bukan wewenang (diteruskan)"),
    ("archived", "Diarsipkan"),
    ("responded", "Sudah ditanggapi"),
    ("closed", "Selesai"),
)


class Complaint(BaseModel):
    office = ForeignKeyField(Office, backref="complaints", on_delete="RESTRICT")
    ticket = CharField(max_length=30, null=True, unique=True)
    channel = CharField(max_length=20, choices=COMPLAINT_CHANNELS)
    category = CharField(max_length=10, choices=COMPLAINT_CATEGORIES, default="pengaduan")
    topic = CharField(max_length=12, choices=COMPLAINT_TOPICS, default="lainnya")
    complexity = CharField(max_length=12, choices=COMPLEXITIES, default="simple")
    reporter_mode = CharField(max_length=12, choices=REPORTER_MODES, default="open")
    reporter_name = CharField(max_length=100, default="")
    reporter_contact = CharField(max_length=120, default="")
    content = TextField()
    status = CharField(max_length=12, choices=COMPLAINT_STATUSES, default="received", index=True)
    received_at = DateTimeField(default=utcnow, index=True)
    due_at = DateTimeField(null=True, index=True)
    verified_at = DateTimeField(null=True)
    paused_at = DateTimeField(null=True)
    paused_from = CharField(max_length=12, default="")
    responded_at = DateTimeField(null=True)
    responded_by = ForeignKeyField(
        User, null=True, on_delete="SET NULL", backref="answered_complaints"
    )
    closed_at = DateTimeField(null=True)
    response = TextField(default="")
    forwarded_to = CharField(max_length=200, default="")
    note = TextField(default="")
    handler = ForeignKeyField(User, null=True, on_delete="SET NULL", backref="handled_complaints")
    lapor_tracking_id = CharField(max_length=40, default="")
    application = ForeignKeyField(Application, null=True, on_delete="SET NULL")
    applicant = ForeignKeyField(Applicant, null=True, on_delete="SET NULL")
    service = ForeignKeyField(Service, null=True, on_delete="SET NULL")

    def __str__(self):
        return f"Pengaduan {self.ticket or '#' + str(self.id)}"


class ComplaintEvent(BaseModel):
    """One disposition of a complaint (its timeline): who, when, from and to which status."""

    complaint = ForeignKeyField(Complaint, backref="events", on_delete="CASCADE")
    at = DateTimeField(default=utcnow, index=True)
    user = ForeignKeyField(User, null=True, on_delete="SET NULL")
    action = CharField(max_length=20)
    from_status = CharField(max_length=12, default="")
    to_status = CharField(max_length=12)
    note = TextField(default="")


class CannedAnswer(BaseModel):
    """A ready answer (jawaban baku) the office keeps for common complaints."""

    office = ForeignKeyField(Office, backref="canned_answers", on_delete="CASCADE")
    title = CharField(max_length=120)
    body = TextField()
    active = BooleanField(default=True)

    def __str__(self):
        return self.title
