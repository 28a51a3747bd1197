"""Evaluation evidence (bukti PEKPPP, Permenpan RB 29/2022) of a service standard's life.

A published standard is never edited in place without a trace: each revision is kept as a
`StandardVersion` snapshot (what changed, when, by whom). The public consultation (Forum
Konsultasi Publik), the periodic reviews and the log of where the standard, the maklumat and
the survey results were published are the evidence the yearly evaluation reads.
"""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from backoffice.models.accounts import User
from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import Office
from backoffice.models.standards import ServiceStandard

PUBLISHED_ITEMS = (
    ("standard", "Standar pelayanan"),
    ("maklumat", "Maklumat pelayanan"),
    ("skm", "Hasil survei kepuasan (SKM)"),
)
MEDIA = (
    ("website", "Situs web"),
    ("board", "Papan informasi di loket"),
    ("social_media", "Media sosial"),
    ("leaflet", "Leaflet/brosur"),
    ("banner", "Banner/spanduk"),
    ("other", "Lainnya"),
)


class StandardVersion(BaseModel):
    standard = ForeignKeyField(ServiceStandard, backref="versions", on_delete="CASCADE")
    number = IntegerField()
    recorded_at = DateTimeField(default=utcnow)
    recorded_by = ForeignKeyField(User, null=True, on_delete="SET NULL")
    changes = TextField()
    decree_number = CharField(max_length=80, default="")
    snapshot = TextField()  # JSON of the standard's fields as they were

    class Meta:
        indexes = ((("standard", "number"), True),)


class PublicConsultation(BaseModel):
    standard = ForeignKeyField(ServiceStandard, backref="consultations", on_delete="CASCADE")
    held_on = DateField()
    participants = TextField()
    participant_count = IntegerField(default=0)
    minutes = TextField()
    attachment = CharField(max_length=255, default="")


class StandardReview(BaseModel):
    standard = ForeignKeyField(ServiceStandard, backref="reviews", on_delete="CASCADE")
    reviewed_on = DateField()
    findings = TextField(default="")
    next_due = DateField()


class MediaPublication(BaseModel):
    office = ForeignKeyField(Office, backref="publications", on_delete="CASCADE")
    item = CharField(max_length=10, choices=PUBLISHED_ITEMS)
    medium = CharField(max_length=14, choices=MEDIA)
    published_on = DateField()
    proof = CharField(max_length=255)
    notes = TextField(default="")
