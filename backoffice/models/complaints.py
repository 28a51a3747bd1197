"""Complaints (pengaduan) with their channel, class and response deadline."""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from backoffice.models.base import BaseModel, utcnow
from backoffice.models.offices import COMPLAINT_CHANNELS, Office

COMPLAINT_CATEGORIES = (
    ("pengaduan", "Pengaduan"),
    ("aspirasi", "Aspirasi"),
    ("informasi", "Permintaan informasi"),
)
COMPLAINT_STATUSES = (
    ("received", "Diterima"),
    ("in_progress", "Ditindaklanjuti"),
    ("responded", "Sudah ditanggapi"),
    ("closed", "Selesai"),
)


class Complaint(BaseModel):
    office = ForeignKeyField(Office, backref="complaints", on_delete="RESTRICT")
    channel = CharField(max_length=20, choices=COMPLAINT_CHANNELS)
    category = CharField(max_length=10, choices=COMPLAINT_CATEGORIES, default="pengaduan")
    reporter_name = CharField(max_length=100, default="")
    reporter_contact = CharField(max_length=120, default="")
    content = TextField()
    status = CharField(max_length=12, choices=COMPLAINT_STATUSES, default="received", index=True)
    received_at = DateTimeField(default=utcnow, index=True)
    due_at = DateTimeField(null=True)
    responded_at = DateTimeField(null=True)
    response = TextField(default="")
    lapor_tracking_id = CharField(max_length=40, default="")

    def __str__(self):
        return f"Pengaduan #{self.id}"
