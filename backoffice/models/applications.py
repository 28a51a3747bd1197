"""Applications (permohonan): one applicant asking for one service."""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from backoffice.models.base import BaseModel, utcnow
from backoffice.models.people import Applicant
from backoffice.models.standards import Requirement, Service

FUNDING_SOURCES = (("APBN", "APBN (PBI pusat)"), ("APBD", "APBD (Pemda)"))
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

    def __str__(self):
        return f"#{self.id} {self.service.name}"


class ReceivedDocument(BaseModel):
    """A requirement the applicant brought (berkas diterima), ticked by the officer."""

    application = ForeignKeyField(Application, backref="documents", on_delete="CASCADE")
    requirement = ForeignKeyField(Requirement, on_delete="RESTRICT")
    received_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("application", "requirement"), True),)
